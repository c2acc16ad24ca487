#!/bin/sh
# A symmetric relation found in both directions in one sentence (two rules: "OpenAI rival
# Anthropic" is competes-with read either way) is one claim; an asymmetric one is not
# merged with its reverse.
# usage: symmetric.sh KG DIR
set -eu
kg=$1 dir=$2
mkdir -p "$dir"
printf -- '---\ntitle: symmetric\nlang: en\n---\nOpenAI rival Anthropic raised more money.\n\nNvidia invested in Cohere, and Cohere invested in Nvidia.\n' > "$dir/a.txt"
"$kg" extract --format tsv "$dir/a.txt" > "$dir/claims.tsv"
fail=0
n=$(grep -c "	competes-with	" "$dir/claims.tsv" || true)
if [ "$n" != 1 ]; then echo "FAIL: $n competes-with claims, want 1"; fail=1; fi
n=$(grep -c "	invests-in	" "$dir/claims.tsv" || true)
if [ "$n" != 2 ]; then echo "FAIL: $n invests-in claims, want 2 (one each way)"; fail=1; fi
[ $fail = 0 ] && echo "ok: symmetric claims once, asymmetric both ways"
cat "$dir/claims.tsv"
exit $fail
