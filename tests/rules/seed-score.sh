#!/bin/sh
# Extracts the seed article and scores it with the shared scorer: every 'must' row is
# found and precision is at least 0.95. Skips (77) when ../shared is absent.
kg=$1 shared=$2
[ -f "$shared/seed/article-fa.txt" ] && [ -x "$shared/tools/kg-score" ] || {
    echo "skipped: $shared/seed not present"; exit 77; }
out=$(mktemp)
trap 'rm -f "$out"' EXIT
"$kg" extract --format jsonl "$shared/seed/article-fa.txt" > "$out" || exit 1
"$shared/tools/kg-score" "$shared/seed/expected.tsv" --verbose < "$out"
"$shared/tools/kg-score" "$shared/seed/expected.tsv" --json < "$out" | python3 -c '
import json, sys
r = json.load(sys.stdin)
ok = r["recall_must"] >= 1.0 and r["precision"] >= 0.95
print("seed: recall(must) %.3f precision %.3f -> %s" % (r["recall_must"], r["precision"], "ok" if ok else "FAIL"))
sys.exit(0 if ok else 1)'
