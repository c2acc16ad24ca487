#!/bin/sh
# Crash safety: kill -9 during a large ingest leaves a database that passes
# PRAGMA integrity_check and holds only whole articles, all in the sentence index; a rerun completes with no
# duplicate claims; a reader querying during the ingest keeps working.
# Usage: crash.sh KG WORKDIR
set -u
kg=$1 work=$2
here=$(cd "$(dirname "$0")/../.." && pwd)
rm -rf "$work"; mkdir -p "$work"
python3 "$here/bench/gen-corpus" 3 "$work/articles" --format dir --seed 7 2>/dev/null || exit 1
total=$(find "$work/articles" -name '*.txt' | wc -l)
db=$work/kg.sqlite
status=0
fail() { echo "FAIL: $*"; status=1; }
# The sentence index is sound and holds exactly the stored sentences (FTS5 keeps one
# docsize row per indexed row).
fts_check() {
    fts=$(sqlite3 "$db" "INSERT INTO sentences_fts(sentences_fts) VALUES ('integrity-check');
        SELECT (SELECT count(*) FROM sentences_fts_docsize) = (SELECT count(*) FROM sentences)
           AND NOT EXISTS (SELECT 1 FROM sentences s WHERE NOT EXISTS
               (SELECT 1 FROM sentences_fts_docsize d WHERE d.id = s.sentence_id));" 2>&1)
    [ "$fts" = 1 ] || fail "the sentence index does not match the sentences: $fts"
}

# A reader runs while the ingest writes.
"$kg" ingest --quiet --db "$db" "$work/articles" &
writer=$!
reads=0 read_errors=0
# Wait until the first articles are in (a sanitizer build starts slowly).
waited=0
until [ "$(sqlite3 "$db" "SELECT count(*) FROM articles;" 2>/dev/null)" -gt 0 ] 2>/dev/null; do
    kill -0 "$writer" 2>/dev/null || break
    sleep 0.1; waited=$((waited + 1))
    [ $waited -lt 600 ] || { fail "no article stored after 60 s"; break; }
done
while kill -0 "$writer" 2>/dev/null && [ $reads -lt 200 ]; do
    if "$kg" sql --db "$db" --format tsv "SELECT count(*) FROM claims" > /dev/null 2>"$work/read.err"; then
        reads=$((reads + 1))
    else
        grep -q 'no such table\|not a kg database\|does not exist' "$work/read.err" || read_errors=$((read_errors + 1))
        reads=$((reads + 1))
    fi
    # Kill the writer part-way through.
    if [ $reads -eq 5 ]; then kill -9 "$writer" 2>/dev/null; fi
done
wait "$writer" 2>/dev/null
[ $read_errors -eq 0 ] || fail "$read_errors reads failed during the ingest: $(cat "$work/read.err")"

check=$(sqlite3 "$db" "PRAGMA integrity_check;" 2>&1)
[ "$check" = ok ] || fail "integrity_check after kill -9: $check"
partial=$(sqlite3 "$db" "SELECT count(*) FROM articles a WHERE NOT EXISTS (SELECT 1 FROM sentences s WHERE s.article_id = a.article_id);")
[ "$partial" = 0 ] || fail "$partial articles without sentences after kill -9"
fts_check
stored=$(sqlite3 "$db" "SELECT count(*) FROM articles;")
[ "$stored" -lt "$total" ] || echo "note: the ingest finished before it was killed ($stored articles)"

# The rerun completes the database without duplicates.
"$kg" ingest --quiet --db "$db" "$work/articles" || fail "rerun after kill -9 failed"
stored=$(sqlite3 "$db" "SELECT count(*) FROM articles;")
[ "$stored" = "$total" ] || fail "after the rerun $stored articles of $total"
dups=$(sqlite3 "$db" "SELECT count(*) FROM (SELECT article_id, sentence_id, subject_id, relation, object_id, object_quantity_id, object_literal, polarity, rule, count(*) n FROM claims GROUP BY 1,2,3,4,5,6,7,8,9 HAVING n > 1);")
[ "$dups" = 0 ] || fail "$dups duplicated claims after the rerun"
check=$(sqlite3 "$db" "PRAGMA integrity_check;")
[ "$check" = ok ] || fail "integrity_check after the rerun: $check"
fts_check
claims=$(sqlite3 "$db" "SELECT count(*) FROM claims;")
[ $status -eq 0 ] && echo "ok: killed after $reads reads during the ingest; $total articles, $claims claims after the rerun, integrity ok, no duplicates"
exit $status
