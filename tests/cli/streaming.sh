#!/bin/sh
# Streaming and threads: `kg extract --input jsonl` on articles given as JSON Lines yields
# the claims of the same articles read from files, and --jobs 2 yields exactly the output
# of one job, in the same order. Usage: streaming.sh KG ARTICLE...
set -eu
kg=$1; shift
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$@" > "$dir/articles.jsonl" <<'PY'
import json, re, sys
for path in sys.argv[1:]:
    text = open(path, encoding="utf-8").read()
    m = re.match(r"---\n(.*?)\n---\n(.*)", text, re.S)
    meta = dict(re.findall(r"^(\w+): (.*)$", m.group(1), re.M))
    meta["text"] = m.group(2)
    print(json.dumps(meta, ensure_ascii=False))
PY
"$kg" extract --format tsv "$@" > "$dir/files.tsv"
"$kg" extract --format tsv --input jsonl < "$dir/articles.jsonl" > "$dir/stream.tsv"
"$kg" extract --format tsv --input jsonl --jobs 2 < "$dir/articles.jsonl" > "$dir/stream2.tsv"
"$kg" extract --format jsonl --jobs 1 "$@" > "$dir/j1.jsonl"
"$kg" extract --format jsonl --jobs 2 "$@" > "$dir/j2.jsonl"
status=0
[ -s "$dir/files.tsv" ] || { echo "FAIL: no claims at all"; status=1; }
cmp -s "$dir/files.tsv" "$dir/stream.tsv" || { echo "FAIL: --input jsonl differs from files"; diff "$dir/files.tsv" "$dir/stream.tsv" | head; status=1; }
cmp -s "$dir/stream.tsv" "$dir/stream2.tsv" || { echo "FAIL: --input jsonl --jobs 2 differs"; status=1; }
cmp -s "$dir/j1.jsonl" "$dir/j2.jsonl" || { echo "FAIL: --jobs 2 differs from --jobs 1"; status=1; }
# A malformed line is reported with its line number; the other articles still come out.
printf '{"text": "Meta released Llama 3.1 in July."}\nnot json\n{"id": 7}\n' |
    "$kg" extract --format tsv --input jsonl > "$dir/bad.tsv" 2> "$dir/bad.err" && status=1
grep -q 'stdin:2:' "$dir/bad.err" || { echo "FAIL: no line number for a bad line"; cat "$dir/bad.err"; status=1; }
grep -q 'stdin:3:.*text' "$dir/bad.err" || { echo "FAIL: no message for a line without text"; status=1; }
grep -q 'develops' "$dir/bad.tsv" || { echo "FAIL: the good line gave no claim"; status=1; }
[ $status -eq 0 ] && echo "ok: $(wc -l < "$dir/files.tsv") claims the same by files, by stream, by one and two jobs"
exit $status
