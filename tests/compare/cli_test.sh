#!/bin/sh
# Command-line tests of `kg compare` on the fixture database (tests/graph/fixture.sql):
# exit codes, article selection, formats, and the coloured graph.
# usage: cli_test.sh KG_BIN DB WORKDIR
KG=$1 DB=$2 DIR=$3
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
expect_status() { # WANT DESCRIPTION COMMAND...
    want=$1 what=$2; shift 2
    "$@" >"$DIR/out" 2>"$DIR/err"; got=$?
    [ "$got" = "$want" ] || fail "$what: exit $got, want $want: $(cat "$DIR/err")"
}

expect_status 0 "--help" "$KG" compare --help
grep -q -- "--outlet" "$DIR/out" || fail "--help lists the options"
expect_status 3 "missing database" "$KG" compare --db "$DIR/none.sqlite"
expect_status 3 "not a kg database" "$KG" compare --db "$0"
expect_status 2 "unknown format" "$KG" compare --db "$DB" --format yaml
expect_status 2 "unknown table" "$KG" compare --db "$DB" --format csv --table nope
expect_status 2 "unknown option" "$KG" compare --db "$DB" --bogus
expect_status 2 "unknown article" "$KG" compare --db "$DB" --article no-such-article
expect_status 2 "ambiguous article" "$KG" compare --db "$DB" --article Meta
expect_status 2 "unknown outlet" "$KG" compare --db "$DB" --outlet Nobody
expect_status 2 "graph file type" "$KG" compare --db "$DB" --graph "$DIR/g.txt"

expect_status 0 "table" "$KG" compare --db "$DB"
grep -q "Claims (10 keys): 1 shared by all, 1 by some, 8 unique to one" "$DIR/out" ||
    fail "table summary"
grep -q "polarity: Meta monetizes Llama" "$DIR/out" || fail "table polarity contradiction"

# Articles by path, Persian title and id; the same article twice counts once.
expect_status 0 "selection" "$KG" compare --db "$DB" --article meta-capex.md \
    --article "متا و لاما" --article 1 --format csv --table jaccard
[ "$(cat "$DIR/out")" = "article_a,article_b,jaccard,shared,union
1,2,0.285714,2,7" ] || fail "jaccard of articles 1 and 2: $(cat "$DIR/out")"

expect_status 0 "outlet" "$KG" compare --db "$DB" --outlet TechWire --format csv --table contradictions
[ "$(wc -l <"$DIR/out")" = 1 ] || fail "TechWire articles do not contradict each other"

expect_status 0 "json" "$KG" compare --db "$DB" --format json
if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); assert d["summary"]["keys"] == 10' \
        "$DIR/out" || fail "json does not parse or is wrong"
fi

# The graph, edges coloured by article, with a legend.
expect_status 0 "graph svg" "$KG" compare --db "$DB" --graph "$DIR/compare.svg"
[ "$(wc -c <"$DIR/compare.svg")" -gt 1024 ] || fail "compare svg is non-trivial"
grep -q "all articles" "$DIR/compare.svg" || fail "legend in the svg"
expect_status 0 "graph dot" "$KG" compare --db "$DB" --article 1 --article 3 --graph "$DIR/compare.dot"
grep -q 'cluster_legend' "$DIR/compare.dot" || fail "legend cluster in the DOT"
grep -q '#1f77b4' "$DIR/compare.dot" || fail "edges of the first article have its colour"
if command -v dot >/dev/null 2>&1; then
    dot -Tsvg "$DIR/compare.dot" -o "$DIR/compare-from-dot.svg" || fail "dot rejects the compare DOT"
fi

echo "cli_test: $fails failure(s)"
[ "$fails" = 0 ]
