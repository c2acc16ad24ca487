#!/bin/sh
# Unix conventions of the command line, each checked through kg itself:
#   -o - writes to standard output; kg extract reads stdin given - or no FILE; kg sql
#   reads its SQL from stdin given -; --opt=value works as --opt value; kg summary
#   --format json|csv writes one document; a front-matter date or language kg cannot use
#   is a warning naming file and line, and is not used; an output file that cannot be
#   written says why, with exit 3; kg --version names the data directory and database;
#   kg.1 and the bash completion are installed by cmake --install.
# Usage: conventions.sh KG WORKDIR CORPUS_DIR BUILD_DIR
set -u
kg=$1 work=$2 corpus=$3 build=$4
rm -rf "$work"; mkdir -p "$work"
db=$work/kg.sqlite
status=0
fail() { echo "FAIL: $*"; status=1; }
pass() { echo "ok   $*"; }
"$kg" ingest --quiet --db "$db" "$corpus" || fail "ingest"

# -o -: standard output
"$kg" graph --db "$db" --format svg -o - > "$work/g.svg" 2> "$work/err"
grep -q '<svg' "$work/g.svg" && grep -q '</svg>' "$work/g.svg" && [ ! -e ./- ] && pass "graph -o - writes SVG to stdout" ||
    fail "graph -o -: $(head -c 200 "$work/err")"
"$kg" graph --db "$db" --output=- > "$work/g.dot" 2> "$work/err"
grep -q '^digraph' "$work/g.dot" && pass "graph --output=- writes DOT to stdout" || fail "graph --output=-"

# kg extract: a file, -, and no FILE give the same claims
f=$corpus/en-06.txt
"$kg" extract --format tsv "$f" > "$work/file.tsv"
"$kg" extract --format tsv - < "$f" > "$work/dash.tsv"
"$kg" extract --format=tsv < "$f" > "$work/none.tsv"
[ -s "$work/file.tsv" ] || fail "extract: no claims from $f"
cmp -s "$work/file.tsv" "$work/dash.tsv" && pass "extract - reads stdin" || fail "extract - differs"
cmp -s "$work/file.tsv" "$work/none.tsv" && pass "extract with no FILE reads stdin (--format=tsv)" ||
    fail "extract with no FILE differs"

# kg sql -: the SQL from stdin
sql="SELECT count(*) AS n FROM claims WHERE relation = 'hosts-partner'"
"$kg" sql --db "$db" --format tsv "$sql" > "$work/arg.tsv"
echo "$sql" | "$kg" sql --db="$db" --format=tsv - > "$work/stdin.tsv"
[ "$(tail -n 1 "$work/arg.tsv")" -gt 0 ] 2> /dev/null || fail "sql: no hosts-partner claims"
cmp -s "$work/arg.tsv" "$work/stdin.tsv" && pass "sql - reads the SQL from stdin (--db= --format=)" ||
    fail "sql -: $(cat "$work/stdin.tsv")"

# --opt=value as --opt value
"$kg" query --db "$db" --format tsv --param entity=Meta entity-relations > "$work/q1.tsv"
"$kg" query --db="$db" --format=tsv --param=entity=Meta entity-relations > "$work/q2.tsv"
[ "$(wc -l < "$work/q1.tsv")" -gt 1 ] && cmp -s "$work/q1.tsv" "$work/q2.tsv" &&
    pass "query --db= --format= --param=" || fail "query with --opt=value differs"
"$kg" ingest --db="$work/j.sqlite" --jobs=2 --quiet "$f" && pass "ingest --db= --jobs=" || fail "ingest --jobs=2"
"$kg" entities --format=jsonl "$f" > /dev/null && pass "entities --format=jsonl" || fail "entities --format=jsonl"

# kg summary --format json|csv: one document
"$kg" summary --db "$db" --format json > "$work/s.json"
python3 - "$work/s.json" "$db" <<'PY' && pass "summary --format json is one document" || fail "summary json"
import json, sqlite3, sys
rows = json.load(open(sys.argv[1]))
db = sqlite3.connect(sys.argv[2])
claims = db.execute("SELECT count(*) FROM claims").fetchone()[0]
relations = db.execute("SELECT count(DISTINCT relation) FROM claims").fetchone()[0]
totals = {r["name"]: r["count"] for r in rows if r["kind"] == "total"}
per = [r for r in rows if r["kind"] == "relation"]
assert totals["claims"] == claims and len(totals) == 5, totals
assert len(per) == relations and sum(r["count"] for r in per) == claims, per
PY
"$kg" summary --db "$db" --format=csv > "$work/s.csv"
header=$(tr -d '\r' < "$work/s.csv" | grep -c '^kind,name,count$')
lines=$(wc -l < "$work/s.csv")
want=$(( $("$kg" sql --db "$db" --format tsv "SELECT count(DISTINCT relation) FROM claims" | tail -n 1) + 6 ))
[ "$header" = 1 ] && [ "$lines" = "$want" ] && pass "summary --format=csv: one header, $lines lines" ||
    fail "summary csv: $header headers, $lines lines, want $want"

# front matter a kg cannot use: a warning with file and line; the value is not used
printf -- '---\ntitle: Odd\npublished: yesterday\nlang: xx\n---\nMeta hosts Llama on AWS.\n' > "$work/odd.txt"
"$kg" extract --format tsv "$work/odd.txt" > "$work/odd.tsv" 2> "$work/odd.err"
grep -q "odd.txt: line 3: published 'yesterday' is not a date (YYYY-MM-DD); not used" "$work/odd.err" &&
    pass "published: yesterday is a warning with file and line" || fail "published: $(cat "$work/odd.err")"
grep -q "odd.txt: line 4: lang 'xx' is not a language kg reads" "$work/odd.err" &&
    pass "lang: xx is a warning with file and line" || fail "lang: $(cat "$work/odd.err")"
grep -q '^Meta	' "$work/odd.tsv" || fail "odd.txt: its claim was lost"
"$kg" ingest --db "$work/odd.sqlite" "$work/odd.txt" 2> "$work/odd.err" || fail "ingest odd.txt: exit $?"
got=$("$kg" sql --db "$work/odd.sqlite" --format tsv "SELECT coalesce(published, 'NULL') || ' ' || lang FROM articles" | tail -n 1)
[ "$got" = "NULL en" ] && pass "the values are not used (published NULL, lang detected: en)" ||
    fail "stored published and lang: '$got'"

# an output file that cannot be written: why, and exit 3
"$kg" graph --db "$db" -o /nonexistent/x.svg > /dev/null 2> "$work/err"
rc=$?
[ "$rc" = 3 ] && grep -q '/nonexistent/x.svg: cannot write the graph: No such file or directory' "$work/err" &&
    pass "-o /nonexistent/x.svg: exit 3 and the reason" || fail "-o /nonexistent: exit $rc: $(cat "$work/err")"

# kg --version: the data directory and the database it would use
KG_DB=$work/other.sqlite "$kg" --version > "$work/v" 2>&1
grep -q '^kg [0-9]' "$work/v" && grep -q "^data directory: /" "$work/v" &&
    grep -q "^database: $work/other.sqlite (from \$KG_DB)" "$work/v" &&
    pass "--version names the data directory and database" || fail "--version: $(cat "$work/v")"

# the manual page and the bash completion, installed
prefix=$work/prefix
cmake --install "$build" --prefix "$prefix" > /dev/null || fail "cmake --install"
man1=$prefix/share/man/man1/kg.1
comp=$prefix/share/bash-completion/completions/kg
[ -s "$man1" ] && grep -q '^\.TH KG 1' "$man1" && pass "kg.1 installed" || fail "no $man1"
for c in $("$kg" --help | awk '/^  [a-z]/ {print $1}'); do
    grep -q "^\.SS $c\$" "$man1" 2> /dev/null || fail "kg.1 does not describe kg $c"
done
if command -v bash > /dev/null; then
    words=$(bash -c '. "$1"; COMP_WORDS=(kg gr); COMP_CWORD=1; _kg; echo "${COMPREPLY[*]}"' sh "$comp" 2>&1)
    [ "$words" = graph ] && pass "bash completion: kg gr -> graph" || fail "bash completion: '$words'"
    words=$(bash -c '. "$1"; COMP_WORDS=(kg summary --format ""); COMP_CWORD=3; _kg; echo "${COMPREPLY[*]}"' sh "$comp" 2>&1)
    [ "$words" = "table csv tsv json" ] && pass "bash completion: summary --format" || fail "bash completion --format: '$words'"
else
    fail "bash is not installed"
fi
[ $status -eq 0 ] && echo "ok: unix conventions"
exit $status
