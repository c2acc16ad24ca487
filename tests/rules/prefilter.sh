#!/bin/sh
# The cue prefilter skips work, never claims: the corpus and the rule examples give the
# same output with the prefilter on and off, and most patterns do have cue words (so the
# comparison is not vacuous).
# Usage: prefilter.sh KG SOURCE_DIR
set -eu
kg=$1 src=$2
export KG_DATA_DIR=$src
tmp=${TMPDIR:-/tmp}/kg-prefilter.$$
mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT

KG_RULE_PREFILTER=0 "$kg" extract --format jsonl "$src"/corpus/*.txt > "$tmp/off.jsonl"
KG_RULE_PREFILTER=1 "$kg" extract --format jsonl "$src"/corpus/*.txt > "$tmp/on.jsonl"
[ -s "$tmp/off.jsonl" ] || { echo "no claims from the corpus"; exit 1; }
if ! cmp -s "$tmp/off.jsonl" "$tmp/on.jsonl"; then
    echo "the prefilter changes the corpus claims:"
    diff "$tmp/off.jsonl" "$tmp/on.jsonl" | head -20
    exit 1
fi
KG_RULE_PREFILTER=0 "$kg" rules test --verbose > "$tmp/off.txt" || true
KG_RULE_PREFILTER=1 "$kg" rules test --verbose > "$tmp/on.txt" || true
cmp -s "$tmp/off.txt" "$tmp/on.txt" || { echo "the prefilter changes rule examples"; diff "$tmp/off.txt" "$tmp/on.txt" | head; exit 1; }

"$kg" rules cues > "$tmp/cues.txt"
summary=$(tail -1 "$tmp/cues.txt")
with=$(echo "$summary" | awk '{print $1}') all=$(echo "$summary" | awk '{print $3}')
[ "$with" -gt 0 ] && [ $((with * 10)) -ge $((all * 9)) ] || {
    echo "only $with of $all patterns have cue words: $summary"; exit 1; }
echo "same claims with and without the prefilter; $summary"
