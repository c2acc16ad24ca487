#!/bin/sh
# Article identity, through the command line (counts read back with kg sql):
#   - an article is known by the canonical path of its file: ingesting the corpus as
#     corpus, ./corpus, $PWD/corpus/ and through a symbolic link changes nothing;
#   - the same bytes under another path, or on standard input, are that article;
#   - a file with the front-matter id of a stored article is a new version of it;
#   - each article read from standard input has its own key (id:, url:, sha256:), so
#     two different articles piped one after the other both stay.
# Usage: identity.sh KG WORKDIR CORPUS_DIR
set -u
kg=$1 work=$2 corpus=$3
rm -rf "$work"; mkdir -p "$work"
work=$(cd "$work" && pwd)
db=$work/kg.sqlite
status=0
fail() { echo "FAIL: $*"; status=1; }
q() { "$kg" sql --db "$db" --format tsv "$1" | tail -n 1; }
counts() { q "SELECT (SELECT count(*) FROM articles) || ' ' || (SELECT count(*) FROM claims) || ' ' || (SELECT count(*) FROM sentences)"; }
# check WHAT WANT GOT
check() { if [ "$2" = "$3" ]; then echo "ok   $1: $3"; else fail "$1: got '$3', want '$2'"; fi; }

mkdir -p "$work/tree"
cp "$corpus"/*.txt "$work/tree/"
ln -s tree "$work/link"
cd "$work"
"$kg" ingest --quiet --db "$db" tree || fail "ingest tree"
first=$(counts)
files=$(ls tree/*.txt | wc -l)
[ "${first%% *}" = "$files" ] || fail "$files files gave ${first%% *} articles"
for spelling in ./tree "$work/tree/" tree/../tree link "$work/tree/fa-07.txt"; do
    "$kg" ingest --db "$db" "$spelling" > /dev/null 2> "$work/err" || fail "ingest $spelling: $(cat "$work/err")"
    grep -q "ingested 0, " "$work/err" || fail "ingest $spelling stored something: $(cat "$work/err")"
    check "again as $spelling (articles claims sentences)" "$first" "$(counts)"
done
check "keys are canonical paths" 0 "$(q "SELECT count(*) FROM articles WHERE path NOT LIKE '$work/tree/%'")"
check "compare finds fa-07 once" 0 "$("$kg" compare --db "$db" --article fa-07 --article en-06 > /dev/null 2>&1; echo $?)"

# The same bytes: a copy elsewhere, and standard input.
cp tree/en-01.txt copy.txt
"$kg" ingest --db "$db" copy.txt > /dev/null 2> "$work/err"
grep -q "copy.txt: the same bytes as $work/tree/en-01.txt: not stored again" "$work/err" ||
    fail "copy: no note in: $(cat "$work/err")"
"$kg" ingest --db "$db" - < tree/fa-07.txt > /dev/null 2>&1 || fail "stdin copy"
check "a copy and the same bytes on stdin add nothing" "$first" "$(counts)"

# The same id under another path, other bytes: a new version that takes its place.
sed 's/^title: .*/title: Edited copy/' tree/en-02.txt > edited.txt
cmp -s edited.txt tree/en-02.txt && fail "the edit changed nothing"
"$kg" ingest --db "$db" edited.txt > /dev/null 2> "$work/err"
grep -q "edited.txt: the same id 'en-02' as $work/tree/en-02.txt: replaces it" "$work/err" ||
    fail "same id: no note in: $(cat "$work/err")"
check "same id replaces (articles)" "${first%% *}" "$(q "SELECT count(*) FROM articles")"
check "same id: one article, new key and title" "$work/edited.txt|Edited copy" \
    "$(q "SELECT path || '|' || title FROM articles WHERE doc_id = 'en-02'")"

# Standard input: each article its own key, never "-".
printf 'Meta hosts Llama on AWS.\n' | "$kg" ingest --quiet --db "$db" - || fail "stdin 1"
printf 'Amazon invested $4 billion in Anthropic.\n' | "$kg" ingest --quiet --db "$db" - || fail "stdin 2"
printf -- '---\nid: piped-3\ntitle: Piped\n---\nNvidia hosts Llama.\n' | "$kg" ingest --quiet --db "$db" - || fail "stdin 3"
printf -- '---\nurl: https://example.com/a\n---\nGoogle hosts Gemma.\n' | "$kg" ingest --quiet --db "$db" - || fail "stdin 4"
check "four piped articles all stay" "$(( ${first%% *} + 4 ))" "$(q "SELECT count(*) FROM articles")"
check "no article is called -" 0 "$(q "SELECT count(*) FROM articles WHERE path = '-'")"
check "stdin keys" "id:piped-3 sha256 sha256 url:https://example.com/a" \
    "$(q "SELECT group_concat(k, ' ') FROM (SELECT CASE WHEN path LIKE 'sha256:%' AND length(path) = 71 THEN 'sha256' ELSE path END AS k FROM articles WHERE path NOT LIKE '/%' ORDER BY k)")"
printf 'Meta hosts Llama on AWS.\n' | "$kg" ingest --db "$db" - > /dev/null 2> "$work/err"
grep -q "ingested 0, unchanged 1" "$work/err" || fail "the same piped article again: $(cat "$work/err")"
check "the same piped article again adds nothing" "$(( ${first%% *} + 4 ))" "$(q "SELECT count(*) FROM articles")"
[ $status -eq 0 ] && echo "ok: article identity"
exit $status
