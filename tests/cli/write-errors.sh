#!/bin/sh
# Output that cannot be written (here /dev/full, as on a full disk) is an error: exit 3
# and a message saying writing failed, for every command that prints, and for graphs
# whether kg or Graphviz writes them. Usage: write-errors.sh KG WORKDIR ARTICLE...
set -u
kg=$1 work=$2; shift 2
[ -c /dev/full ] && [ -w /dev/full ] || { echo "no writable /dev/full: skipped"; exit 77; }
rm -rf "$work"; mkdir -p "$work"
db=$work/kg.sqlite
"$kg" ingest --db "$db" "$@" > /dev/null 2>&1 || { echo "FAIL: ingest"; exit 1; }
status=0
# expect WHAT MESSAGE CMD...: CMD with stdout on /dev/full must exit 3 saying MESSAGE.
expect() {
    what=$1 msg=$2; shift 2
    "$@" > /dev/full 2> "$work/err"
    got=$?
    [ "$got" = 3 ] || { echo "FAIL: $what: exit $got, want 3 ($(head -c 200 "$work/err"))"; status=1; }
    grep -q "$msg" "$work/err" || { echo "FAIL: $what: no '$msg' in: $(head -c 200 "$work/err")"; status=1; }
}
expect "extract" "kg extract: writing output failed" "$kg" extract --format tsv "$@"
expect "extract --jobs 2" "kg extract: writing output failed" "$kg" extract --jobs 2 "$@"
head -c 20000 /dev/zero | tr '\0' '\n' | sed 's/^/{"text": "Meta hosts Llama on AWS."}/' > "$work/many.jsonl"
expect "extract --input jsonl" "kg extract: writing output failed" sh -c '"$0" extract --input jsonl < "$1"' "$kg" "$work/many.jsonl"
expect "summary" "kg summary: writing output failed" "$kg" summary --db "$db"
expect "sql" "kg sql: writing output failed" "$kg" sql --db "$db" "SELECT * FROM claims_view"
expect "query" "kg query: writing output failed" "$kg" query --db "$db" top-entities
expect "query --list" "kg query: writing output failed" "$kg" query --list
expect "compare" "kg compare: writing" "$kg" compare --db "$db"
expect "graph dot" "kg graph: stdout: writing the graph failed" "$kg" graph --db "$db"
expect "graph svg" "kg graph: stdout: writing the graph failed" "$kg" graph --db "$db" --format svg
expect "graph png" "kg graph: stdout: writing the graph failed" "$kg" graph --db "$db" --format png
expect "graph -o" "kg graph: /dev/full: writing the graph failed" "$kg" graph --db "$db" --format svg -o /dev/full
expect "sentences" "kg sentences: writing output failed" "$kg" sentences "$1"
expect "rules list" "kg rules: writing output failed" "$kg" rules list
expect "--help" "kg: writing output failed" "$kg" --help
expect "extract --help" "kg extract: writing output failed" "$kg" extract --help
# And where output can be written, the same commands succeed.
"$kg" graph --db "$db" --format svg > "$work/g.svg" || { echo "FAIL: svg to a file"; status=1; }
grep -q '</svg>' "$work/g.svg" || { echo "FAIL: the SVG is incomplete"; status=1; }
[ $status -eq 0 ] && echo "ok: every failed write was reported"
exit $status
