#!/bin/bash
# CLI tests of kg ingest, query, sql and summary.
# usage: cli_test.sh KG_BIN STORE_MKDB
set -u
KG=$1
MKDB=$2
T=$(mktemp -d /tmp/kg-cli-test-XXXXXX)
trap 'rm -rf "$T"' EXIT
passed=0
failed=0

ok() { passed=$((passed + 1)); }
bad() { failed=$((failed + 1)); echo "FAIL: $*" >&2; }
# expect STATUS CMD...: runs CMD, stdout to $T/out, stderr to $T/err, checks the status.
expect() {
    local want=$1
    shift
    "$@" >"$T/out" 2>"$T/err" </dev/null
    local got=$?
    if [ "$got" = "$want" ]; then ok; else bad "exit $got, want $want: $* (stderr: $(head -c 300 "$T/err"))"; fi
}
has() { if grep -qF -- "$2" "$T/$1"; then ok; else bad "$1 lacks '$2': $(head -c 300 "$T/$1")"; fi; }
hasnt() { if grep -qF -- "$2" "$T/$1"; then bad "$1 has '$2'"; else ok; fi; }
empty() { if [ ! -s "$T/$1" ]; then ok; else bad "$1 not empty: $(head -c 200 "$T/$1")"; fi; }
same() { if [ "$1" = "$2" ]; then ok; else bad "got '$1', want '$2'"; fi; }

# --help on stdout, exit 0; misuse on stderr, exit 2.
for c in ingest query sql summary; do
    expect 0 "$KG" $c --help
    has out "usage: kg $c"
    empty err
done
expect 2 "$KG" ingest;                       empty out; has err "kg ingest:"
expect 2 "$KG" ingest --bogus x;             has err "unknown option"
expect 2 "$KG" query;                        empty out; has err "kg query:"
expect 2 "$KG" query --format xml articles;  has err "unknown format"
expect 2 "$KG" sql;                          empty out; has err "kg sql:"
expect 2 "$KG" summary --bogus;              has err "kg summary:"
expect 2 "$KG" query --param nonsense articles; has err "NAME=VALUE"

DB=$T/fx.sqlite
"$MKDB" "$DB" || { echo "FAIL: store_mkdb" >&2; exit 1; }
db_sum() { sha256sum "$DB" | cut -c1-64; }
SUM=$(db_sum)

# summary
expect 0 "$KG" summary --db "$DB"
same "$(cat "$T/out")" "what       count
---------  -----
articles       2
sentences      8
entities       5
mentions      18
claims         8

relation       claims
-------------  ------
capex               2
hosts-partner       2
monetizes           2
develops            1
trained-on          1"
KG_DB=$DB expect 0 "$KG" summary --format csv
has out "claims,8"

# kg sql: reads; refuses every write with a clear message and exit 3.
expect 0 "$KG" sql --db "$DB" --format tsv "SELECT count(*) AS n FROM claims"
same "$(cat "$T/out")" "n
8"
for w in "INSERT INTO entities(key, name, type) VALUES ('k', 'n', 't')" "DELETE FROM claims" \
         "DROP TABLE claims" "UPDATE articles SET title = 'x'" "ATTACH '$T/other.sqlite' AS other" \
         "PRAGMA writable_schema = 1" "PRAGMA query_only = 0" "VACUUM INTO '$T/copy.sqlite'" \
         "CREATE TABLE t(x)" "SELECT 1; DELETE FROM claims"; do
    expect 3 "$KG" sql --db "$DB" "$w"
    has err "kg sql: the database is opened read-only"
done
[ ! -e "$T/other.sqlite" ] && [ ! -e "$T/copy.sqlite" ] && ok || bad "a refused statement created a file"
same "$(db_sum)" "$SUM"
expect 0 "$KG" sql --db "$DB" --format tsv "SELECT count(*) FROM claims"
has out "8"
expect 3 "$KG" sql --db "$T/missing.sqlite" "SELECT 1"
has err "no database"
[ ! -e "$T/missing.sqlite" ] && ok || bad "kg sql created a missing database"
expect 3 "$KG" sql --db "$DB" "SELEC nonsense"
has err "syntax error"
expect 0 "$KG" sql --db "$DB" --format tsv --param "e=Meta" "SELECT key FROM entities WHERE name = :e"
same "$(cat "$T/out")" "key
meta"

# kg query
expect 0 "$KG" query --list
n=$(grep -c '^[a-z]' "$T/out")
[ "$n" -ge 12 ] && ok || bad "kg query --list lists $n queries"
expect 0 "$KG" query --db "$DB" --format tsv --param entity=Meta entity-relations
same "$(wc -l <"$T/out")" "7"
expect 0 "$KG" query --db "$DB" --format csv --param "entity=x'; DROP TABLE claims; --" entity-relations
same "$(cat "$T/out" | tr -d '\r')" "claim,subject,relation,object,polarity,modality,source,time,outlet,path"
# A malformed full-text query is the database's refusal (exit 3), never SQL.
expect 3 "$KG" query --db "$DB" --format tsv --param ":words=Llama\" OR 1=1 --" search
has err "kg query: search:"
expect 0 "$KG" query --db "$DB" --format tsv --param "words=\"x') OR 1=1; DROP TABLE claims; --\"" search
same "$(cat "$T/out")" "sentence	path	seq	lang	text	match"
expect 2 "$KG" query --db "$DB" entity-relations
has err ":entity"
expect 2 "$KG" query --db "$DB" --param entity=Meta --param bogus=1 entity-relations
has err "unknown parameter 'bogus'"
expect 2 "$KG" query --db "$DB" no-such-query
has err "no-such-query"
expect 0 "$KG" query --db "$DB" --format json articles
has out '"path": "corpus/fa-meta.txt"'
expect 0 "$KG" query --db "$DB" --param claim=4 claim-evidence
has out "مارک زاکربرگ گفت"
same "$(db_sum)" "$SUM"
expect 0 "$KG" sql --db "$DB" --format tsv "SELECT count(*) FROM claims"
has out "8"

# kg ingest: directories recursively (only article extensions), a bad file reported
# and skipped, the database directory created, unchanged files skipped on a second run.
mkdir -p "$T/in/sub" "$T/in/.hidden"
printf 'Meta develops Llama.\n' >"$T/in/a.txt"
printf '# Title\n\nGroq hosts Llama.\n' >"$T/in/sub/b.md"
printf '<html><body><p>Amazon invests in Anthropic.</p></body></html>\n' >"$T/in/sub/c.html"
printf '{"not": "an article"}\n' >"$T/in/skip.json"
printf 'About these files.\n' >"$T/in/README.md"
printf 'Meta develops Llama.\n' >"$T/in/.hidden/d.txt"
printf 'Meta \xff\xfe develops.\n' >"$T/in/bad.txt"
IDB=$T/new/deeper/kg.sqlite
expect 1 "$KG" ingest --db "$IDB" "$T/in"
has err "bad.txt"
has err "ingested 3, unchanged 0, failed 1"
hasnt err $'\r'
empty out
[ -f "$IDB" ] && ok || bad "the database was not created"
expect 0 "$KG" sql --db "$IDB" --format tsv "SELECT path FROM articles ORDER BY path"
same "$(cat "$T/out")" "path
$T/in/a.txt
$T/in/sub/b.md
$T/in/sub/c.html"
expect 1 "$KG" ingest --db "$IDB" "$T/in"
has err "ingested 0, unchanged 3, failed 1"
printf 'Meta develops Llama 2.\n' >"$T/in/a.txt"
expect 0 "$KG" ingest --db "$IDB" "$T/in/a.txt" "$T/in/sub"
has err "ingested 1, unchanged 2, failed 0"
expect 0 "$KG" ingest --db "$IDB" --quiet "$T/in/a.txt"
empty err
expect 1 "$KG" ingest --db "$IDB" "$T/nothing-here.txt"
has err "nothing-here.txt"
printf 'Nvidia hosts Llama.\n' | "$KG" ingest --db "$IDB" - >"$T/out" 2>"$T/err"
same "$?" "0"
has err "ingested 1, unchanged 0, failed 0"
expect 0 "$KG" sql --db "$IDB" --format tsv "SELECT count(*) FROM articles"
has out "4"

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
