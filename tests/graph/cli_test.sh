#!/bin/sh
# Command-line tests of `kg graph` on the fixture database (tests/graph/fixture.sql):
# exit codes, DOT that Graphviz's own `dot` reads, SVG/PNG files, filters.
# usage: cli_test.sh KG_BIN DB WORKDIR BIGDB (BIGDB: the fixture plus 320 organizations)
KG=$1 DB=$2 DIR=$3 BIG=$4
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }
expect_status() { # WANT DESCRIPTION COMMAND...
    want=$1 what=$2; shift 2
    "$@" >"$DIR/out" 2>"$DIR/err"; got=$?
    [ "$got" = "$want" ] || fail "$what: exit $got, want $want: $(cat "$DIR/err")"
}

command -v dot >/dev/null 2>&1 || { echo "dot not installed" >&2; exit 77; }

expect_status 0 "--help" "$KG" graph --help
grep -q -- "--min-articles" "$DIR/out" || fail "--help lists the options"
expect_status 3 "missing database" "$KG" graph --db "$DIR/none.sqlite"
grep -q "none.sqlite" "$DIR/err" || fail "missing database names the file"
expect_status 2 "unknown format" "$KG" graph --db "$DB" --format jpeg2000
expect_status 2 "unknown option" "$KG" graph --db "$DB" --frobnicate
expect_status 2 "missing value" "$KG" graph --db "$DB" --entity
expect_status 2 "bad depth" "$KG" graph --db "$DB" --entity meta --depth zero
expect_status 2 "unknown entity" "$KG" graph --db "$DB" --entity nobody
expect_status 2 "unknown article" "$KG" graph --db "$DB" --article nothing-like-it
expect_status 2 "bad labels" "$KG" graph --db "$DB" --labels de

# DOT on stdout, read by Graphviz's own tools.
expect_status 0 "dot to stdout" "$KG" graph --db "$DB"
cp "$DIR/out" "$DIR/graph.dot"
dot -Tsvg "$DIR/graph.dot" -o "$DIR/graph-from-dot.svg" || fail "dot -Tsvg rejects our DOT"
[ "$(grep -c -- '->' "$DIR/graph.dot")" = 11 ] || fail "DOT has 11 edges"
if command -v gc >/dev/null 2>&1; then
    counts=$(gc -n -e "$DIR/graph.dot" | awk '{print $1, $2}')
    [ "$counts" = "9 11" ] || fail "gc counts $counts, want 9 11"
fi

# Files, format from the extension or --format.
expect_status 0 "svg file" "$KG" graph --db "$DB" -o "$DIR/graph.svg" --labels fa
[ "$(wc -c <"$DIR/graph.svg")" -gt 1024 ] || fail "svg is non-trivial"
grep -q "متا" "$DIR/graph.svg" || fail "svg has the Persian label"
expect_status 0 "png file" "$KG" graph --db "$DB" --format png -o "$DIR/graph.png"
head -c 4 "$DIR/graph.png" | grep -q PNG || fail "png magic"
expect_status 0 "sfdp layout" "$KG" graph --db "$DB" --format svg --layout sfdp -o "$DIR/sfdp.svg"
expect_status 3 "unwritable svg" "$KG" graph --db "$DB" -o "$DIR/no/such/dir/g.svg"
expect_status 3 "unwritable dot" "$KG" graph --db "$DB" -o "$DIR/no/such/dir/g.dot"
expect_status 2 "unknown layout" "$KG" graph --db "$DB" --format svg --layout nosuch -o "$DIR/x.svg"

# Filters.
expect_status 0 "entity filter" "$KG" graph --db "$DB" --entity Llama
[ "$(grep -c -- '->' "$DIR/out")" = 4 ] || fail "--entity Llama: 4 edges"
expect_status 0 "relation filter" "$KG" graph --db "$DB" --relation capex --relation ceo-of
[ "$(grep -c -- '->' "$DIR/out")" = 5 ] || fail "--relation capex --relation ceo-of: 5 edges"
expect_status 0 "min-articles" "$KG" graph --db "$DB" --min-articles=3
[ "$(grep -c -- '->' "$DIR/out")" = 1 ] || fail "--min-articles 3: 1 edge"
expect_status 0 "article filter" "$KG" graph --db "$DB" --article "Meta widens cloud partners"
[ "$(grep -c -- '->' "$DIR/out")" = 4 ] || fail "--article by title: 4 edges"

# A crowded graph: a warning naming the filters; sfdp lays it out.
expect_status 0 "big graph" "$KG" graph --db "$BIG" --format svg -o "$DIR/big.svg"
grep -q "warning: 329 nodes" "$DIR/err" || fail "no crowding warning: $(cat "$DIR/err")"
grep -q -- "--entity" "$DIR/err" || fail "the warning suggests --entity"
expect_status 0 "small graph" "$KG" graph --db "$DB" --format svg -o "$DIR/small.svg"
grep -q warning "$DIR/err" && fail "no warning for a small graph: $(cat "$DIR/err")"
expect_status 0 "filtered big graph" "$KG" graph --db "$BIG" --relation capex
grep -q warning "$DIR/err" && fail "no warning once filtered"

# The output is never the database: not by its name, a symbolic or hard link, or its WAL.
cp "$DB" "$DIR/victim.sqlite" && cp "$DB" "$DIR/victim.copy"
ln -sf "$DIR/victim.sqlite" "$DIR/victim-link.svg"
ln -f "$DIR/victim.sqlite" "$DIR/victim-hard.dot"
expect_status 2 "-o onto the database" "$KG" graph --db "$DIR/victim.sqlite" -o "$DIR/victim.sqlite"
grep -q "victim.sqlite: refusing to write the graph over the database" "$DIR/err" ||
    fail "-o onto the database: message: $(cat "$DIR/err")"
expect_status 2 "svg onto the database" "$KG" graph --db "$DIR/victim.sqlite" --format svg -o "$DIR/victim.sqlite"
expect_status 2 "-o onto a link to the database" "$KG" graph --db "$DIR/victim.sqlite" -o "$DIR/victim-link.svg"
expect_status 2 "-o onto a hard link" "$KG" graph --db "$DIR/victim.sqlite" -o "$DIR/victim-hard.dot"
expect_status 2 "-o onto \$KG_DB" env KG_DB="$DIR/victim.sqlite" "$KG" graph -o "$DIR/victim-link.svg"
expect_status 2 "compare --graph onto the database" "$KG" compare --db "$DIR/victim.sqlite" --graph "$DIR/victim-link.svg"
cmp -s "$DIR/victim.sqlite" "$DIR/victim.copy" || fail "the database was overwritten"
expect_status 0 "-o beside the database" "$KG" graph --db "$DIR/victim.sqlite" -o "$DIR/victim.svg"

echo "cli_test: $fails failure(s)"
[ "$fails" = 0 ]
