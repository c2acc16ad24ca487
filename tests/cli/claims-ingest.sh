#!/bin/sh
# Map and reduce: claims written by `kg extract --format jsonl` (a mapper) and stored by
# `kg ingest --claims` give the same database claims as ingesting the articles; a second
# load changes nothing; a broken line is reported with file:line and the other articles
# still go in. Usage: claims-ingest.sh KG WORKDIR ARTICLE...
set -u
kg=$1 work=$2; shift 2
rm -rf "$work"; mkdir -p "$work"
status=0
fail() { echo "FAIL: $*"; status=1; }
"$kg" extract --format jsonl "$@" > "$work/claims.jsonl" || fail "extract"
"$kg" ingest --claims --db "$work/mapped.sqlite" "$work/claims.jsonl" 2> "$work/err" || fail "ingest --claims: $(cat "$work/err")"
"$kg" ingest --quiet --db "$work/direct.sqlite" "$@" || fail "ingest"
q="SELECT path, subject_key, relation, coalesce(object_key, object), polarity, modality, coalesce(source, ''), coalesce(time, ''), rule, span_start, span_end, evidence FROM claims_view ORDER BY 1,2,3,4,5,6,7,8,9,10"
"$kg" sql --db "$work/mapped.sqlite" --format tsv "$q" > "$work/mapped.tsv"
"$kg" sql --db "$work/direct.sqlite" --format tsv "$q" > "$work/direct.tsv"
[ "$(wc -l < "$work/direct.tsv")" -gt 10 ] || fail "too few claims to compare"
cmp -s "$work/mapped.tsv" "$work/direct.tsv" || { fail "claims differ"; diff "$work/direct.tsv" "$work/mapped.tsv" | head; }
"$kg" ingest --claims --db "$work/mapped.sqlite" "$work/claims.jsonl" 2> "$work/again"
grep -q 'ingested 0, unchanged [1-9]' "$work/again" || fail "second load: $(cat "$work/again")"
# A broken line in the middle: reported, exit 1, the articles around it stored.
sed '3s/.*/{ not json/' "$work/claims.jsonl" > "$work/broken.jsonl"
"$kg" ingest --claims --db "$work/broken.sqlite" "$work/broken.jsonl" 2> "$work/broken.err" && fail "a broken line must give exit 1"
grep -q 'broken.jsonl:3' "$work/broken.err" || fail "no file:line in: $(cat "$work/broken.err")"
n=$("$kg" sql --db "$work/broken.sqlite" --format tsv "SELECT count(DISTINCT article_id) FROM claims" | tail -1)
[ "$n" -ge 2 ] || fail "only $n articles stored around the broken line"
[ $status -eq 0 ] && echo "ok: $(($(wc -l < "$work/direct.tsv") - 1)) claims the same by mapper output and by articles"
exit $status
