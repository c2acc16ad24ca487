#!/bin/sh
# Whole-article golden tests, in the manner of pcre2test: for each article, the claims
# kg extracts are listed under their evidence sentence in tests/golden/NAME.claims, and
# the test fails on any difference. After changing rules or the lexicon, review with
#   KG_GOLDEN_UPDATE=1 sh tests/golden/run.sh build/kg corpus/*.txt && git diff tests/golden
# Usage: run.sh KG ARTICLE...
set -u
kg=$1; shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(dirname "$(dirname "$here")")
status=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for article in "$@"; do
    name=$(basename "$article" | sed 's/\.[^.]*$//')
    expected="$here/$name.claims"
    rel=${article#"$root"/}
    if ! "$kg" extract --format jsonl "$article" 2>/dev/null | python3 "$here/format.py" "$rel" > "$tmp"; then
        echo "FAIL $name: kg extract failed"; status=1; continue
    fi
    if [ "${KG_GOLDEN_UPDATE:-0}" = 1 ]; then
        cp "$tmp" "$expected"; echo "updated $name.claims"
    elif ! [ -f "$expected" ]; then
        echo "FAIL $name: no $expected (run with KG_GOLDEN_UPDATE=1 and review)"; status=1
    elif ! diff -u "$expected" "$tmp" > "$tmp.diff"; then
        echo "FAIL $name: claims differ from $name.claims"; cat "$tmp.diff"; status=1
    else
        echo "ok   $name ($(grep -c '^    ' "$expected") claims)"
    fi
    rm -f "$tmp.diff"
done
exit $status
