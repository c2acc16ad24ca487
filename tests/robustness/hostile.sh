#!/bin/sh
# Hostile input: kg extract must end with claims or a clear error naming the file (and
# the byte offset where there is one), never a crash, a hang or unbounded memory; where
# matching gives up on a sentence, a warning says so.
# Usage: hostile.sh KG WORKDIR [full]
#   quick (CTest): a 2 MB single line, a 1 MB article of short sentences, a 20,000-word
#   sentence, 2,000 list members and 2,000 alternating organization/amount/date phrases
#   in one sentence, 1 MB sentences full of reference phrases and of Markdown links;
#   full (recorded in the README): a 50 MB single line (refused: articles are limited to
#   16 MB), a 12 MB article of short sentences, a 100,000-word sentence, 20,000 list
#   members, 20,000 alternating phrases, 12 MB run-on sentences.
set -u
kg=$1 work=$2 mode=${3:-quick}
rm -rf "$work"; mkdir -p "$work"
status=0
fail() { echo "FAIL: $*"; status=1; }
if [ "$mode" = full ]; then line_mb=50 words=100000 members=20000 article_mb=12
else line_mb=2 words=20000 members=2000 article_mb=1; fi

# timed CMD...: runs CMD and leaves "SECONDS PEAK_KB" in $work/time. GNU time (Debian
# package time, $TIME_BIN) measures both; without it the seconds come from date and the
# peak is "-" (not measured), and the test still runs.
time_bin=${TIME_BIN:-/usr/bin/time}
if "$time_bin" -f "%e %M" -o /dev/null true 2> /dev/null; then
    have_time=1
else
    have_time=0
    echo "note: GNU time ($time_bin) is not installed: peak memory is not measured"
fi
timed() {
    if [ $have_time = 1 ]; then
        "$time_bin" -f "%e %M" -o "$work/time" "$@"
        return
    fi
    t0=$(date +%s%N)
    "$@"
    rc=$?
    t1=$(date +%s%N)
    awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f -\n", (b - a) / 1e9 }' > "$work/time"
    return $rc
}
# peak KB: the peak memory for a report line
peak() { if [ "$1" = - ]; then echo "peak not measured"; else echo "$(($1 / 1024)) MB peak"; fi; }

# run NAME EXPECTED_EXIT FILE: runs kg extract; checks the exit status, that a crash
# (signal) did not happen, and prints the time and peak memory.
run() {
    name=$1 want=$2 file=$3
    timed "$kg" extract --format tsv "$file" > "$work/out" 2> "$work/err"
    got=$?
    read -r secs kb <<EOT
$(tail -n 1 "$work/time")
EOT
    [ $got -lt 128 ] || fail "$name: killed by signal $((got - 128))"
    [ "$got" = "$want" ] || fail "$name: exit $got, expected $want ($(head -c 300 "$work/err"))"
    echo "$name: exit $got, $(wc -l < "$work/out") claims, ${secs}s, $(peak "$kb")"
}

printf 'Meta hosts Llama on AWS.\n\303\050 broken\n' > "$work/bad-utf8.txt"
run invalid-utf8 1 "$work/bad-utf8.txt"
grep -q 'bad-utf8.txt.*byte 25' "$work/err" || fail "invalid UTF-8: no byte offset in: $(cat "$work/err")"
printf 'Meta hosts Llama\000 on AWS.\n' > "$work/nul.txt"
run nul-byte 1 "$work/nul.txt"
grep -q 'nul.txt.*byte 16' "$work/err" || fail "NUL byte: no byte offset in: $(cat "$work/err")"
: > "$work/empty.txt"
run empty 1 "$work/empty.txt"
head -c 4096 /dev/urandom > "$work/binary.txt"
run binary 1 "$work/binary.txt"

python3 - "$work" "$line_mb" "$words" "$members" "$article_mb" <<'PY'
import sys
work, line_mb, words, members, article_mb = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
unit = "Meta said Amazon invested $4 billion in Anthropic and Nvidia hosts Llama on AWS, "
with open(work + "/long-line.txt", "w") as f:
    f.write(unit * (line_mb * 1000000 // len(unit)))
with open(work + "/long-article.txt", "w") as f:  # many short sentences, references to resolve
    story = "Meta said Amazon invested $4 billion in Anthropic. The company hosts Llama on AWS. "
    f.write("A long report\n\n" + story * (article_mb * 1000000 // len(story)))
with open(work + "/long-sentence.txt", "w") as f:
    f.write("Meta " + " ".join(("word%d" % (i % 97)) for i in range(words)) + " hosts Llama on AWS.\n")
with open(work + "/long-list.txt", "w") as f:
    f.write("Llama's hosting partners include " + ", ".join(["AWS", "Azure", "Dell", "Groq"] * (members // 4)) + " and Snowflake.\n")
with open(work + "/interleaved.txt", "w") as f:  # mentions of several kinds, alternating
    f.write(", ".join("Meta paid $%d million in %d" % (i % 90 + 1, 2000 + i % 25)
                      for i in range(members)) + " and more.\n")
def run_on(name, unit):  # one sentence of article_mb megabytes: no full stop
    with open(work + "/" + name, "w") as f:
        f.write(unit * (article_mb * 1000000 // len(unit.encode())))
run_on("run-on-references.txt", "Meta hosts Llama and the company said the startup OpenAI and the firm it, ")
run_on("run-on-markdown.md", "[Meta](http://x) hosts [Llama](http://y) on **AWS** and `code` ")
with open(work + "/deep.html", "w") as f:  # deeper than libxml2 descends by default
    f.write("<html><body>" + "<div>" * 20000 + "Meta hosts Llama on AWS." + "</div>" * 20000 + "</body></html>")
with open(work + "/backtrack.txt", "w") as f:
    f.write(("Meta, " * 3000) + "Meta " + ("a " * 3000) + "\n")
with open(work + "/fa-long.txt", "w") as f:
    f.write(("متا، " * 5000) + "لاما را میزبانی می‌کند " * 200 + "\n")
PY
if [ "$mode" = full ]; then
    run long-line 1 "$work/long-line.txt"   # over the 16 MB article limit: a clear error
    grep -q 'long-line.txt.*larger than the limit' "$work/err" || fail "no limit message: $(cat "$work/err")"
else
    run long-line 0 "$work/long-line.txt"
fi
run long-article 0 "$work/long-article.txt"
run long-sentence 0 "$work/long-sentence.txt"
run long-list 0 "$work/long-list.txt"
# too deep for the matcher: no claim, but a warning that says where and why
grep -q 'long-list.txt: byte 0 (sentence 0): rule .* stopped at a matching bound' "$work/err" ||
    fail "long list: no warning in: $(head -c 300 "$work/err")"
run interleaved-mentions 0 "$work/interleaved.txt"
run run-on-references 0 "$work/run-on-references.txt"   # reference phrases look back
run run-on-markdown 0 "$work/run-on-markdown.md"        # one clause: no comma at all
run backtracking-bait 0 "$work/backtrack.txt"
run deep-html 0 "$work/deep.html"   # nesting has no limit: the text is read
grep -q '^Meta	' "$work/out" || fail "deep HTML: no claim in: $(head -c 300 "$work/out")"
run persian-run-on 0 "$work/fa-long.txt"
if [ "$mode" = full ]; then # a JSON Lines record of 110 MB: skipped unparsed, memory bounded
    { printf '{"text": "'; head -c 110000000 /dev/zero | tr '\0' a; printf '"}\n{"text": "Meta hosts Llama on AWS."}\n'; } > "$work/long-record.jsonl"
    timed "$kg" extract --input jsonl --format tsv < "$work/long-record.jsonl" > "$work/out" 2> "$work/err"
    got=$?
    read -r secs kb <<EOT
$(tail -n 1 "$work/time")
EOT
    [ "$got" = 1 ] || fail "long JSON Lines record: exit $got, expected 1"
    grep -q 'stdin:1: a line of more than 97 MB' "$work/err" || fail "long record: no message in: $(head -c 300 "$work/err")"
    echo "long-jsonl-record: exit $got, ${secs}s, $(peak "$kb")"
    rm -f "$work/long-record.jsonl"
fi
[ $status -eq 0 ] && echo "ok: every hostile input ended cleanly"
exit $status
