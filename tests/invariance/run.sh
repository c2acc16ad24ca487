#!/bin/sh
# Invariance: every variant of an article (tests/invariance/variants.py) yields exactly
# the claims of the original — subject, relation, object, polarity, modality, source,
# time and rule; spans differ, so they are left out. Usage: run.sh KG ARTICLE...
set -u
kg=$1; shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
here=$(dirname "$0")
status=0 checked=0
for article in "$@"; do
    [ -f "$article" ] || { echo "skipped: $article not present"; continue; }
    python3 "$here/variants.py" "$article" "$dir/v" || exit 1
    "$kg" extract --format tsv "$article" > "$dir/want" || exit 1
    stem=$(basename "$article" .txt)
    for v in "$dir/v/$stem".*; do
        checked=$((checked + 1))
        if ! "$kg" extract --format tsv "$v" > "$dir/got" 2> "$dir/err"; then
            echo "FAIL $(basename "$v"): kg extract failed: $(cat "$dir/err")"; status=1; continue
        fi
        if cmp -s "$dir/want" "$dir/got"; then
            echo "ok   $(basename "$v") ($(wc -l < "$dir/want") claims)"
        else
            echo "FAIL $(basename "$v"): claims differ from $(basename "$article")"
            diff "$dir/want" "$dir/got" | head -20
            status=1
        fi
    done
done
[ "$checked" -gt 0 ] || { echo "no article to check"; exit 77; }
exit $status
