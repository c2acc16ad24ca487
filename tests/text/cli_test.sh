#!/bin/sh
# CLI tests of kg normalize / kg sentences: every documented exit code, stdout vs stderr.
# usage: cli_test.sh KG_BINARY (run from the source tree, KG_DATA_DIR set)
KG=$1
T=tests/text
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
fails=0
# expect STATUS PATTERN_STDOUT PATTERN_STDERR -- ARGS...
expect() {
    want=$1 pout=$2 perr=$3
    shift 4
    "$KG" "$@" >"$out" 2>"$err"
    got=$?
    if [ "$got" -ne "$want" ]; then
        echo "FAIL: kg $*: exit $got, expected $want"; cat "$err"; fails=$((fails + 1)); return
    fi
    if [ -n "$pout" ] && ! grep -q -e "$pout" "$out"; then
        echo "FAIL: kg $*: stdout lacks '$pout'"; head -c 600 "$out"; fails=$((fails + 1)); return
    fi
    if [ -n "$perr" ] && ! grep -q -e "$perr" "$err"; then
        echo "FAIL: kg $*: stderr lacks '$perr'"; cat "$err"; fails=$((fails + 1)); return
    fi
    echo "ok: kg $*"
}
expect 0 "usage: kg normalize" "" -- normalize --help
expect 0 "usage: kg sentences" "" -- sentences --help
expect 2 "" "no input file" -- sentences
expect 2 "" "unknown format" -- sentences --format xml $T/bom-crlf.txt
expect 2 "" "unknown option" -- normalize --frobnicate $T/bom-crlf.txt
expect 0 "میآید" "" -- normalize $T/article-fa.txt
expect 0 '{"sentence":0,"span":\[3,19\],"lang":"en","text":"First line here."}' "" -- sentences $T/bom-crlf.txt
expect 0 '^Third one!$' "" -- sentences --format text $T/bom-crlf.txt
expect 0 '"span":\[659,709\],"lang":"en","text":"Nvidia announced its Blackwell platform on Monday."' "" -- sentences $T/page.html
expect 0 '"lang":"fa","text":"آیا رقبا می توانند به این سرعت برسند؟"' "" -- sentences $T/article-fa.txt
# bad input: exit 1 with file and byte offset on stderr, the other files still processed
expect 1 '"file":"tests/text/bom-crlf.txt"' "bad-utf8.txt: byte 26: invalid UTF-8 at byte 26" -- sentences $T/bad-utf8.txt $T/bom-crlf.txt
expect 1 "First line here." "NUL byte at byte 9" -- normalize $T/nul.txt $T/bom-crlf.txt
expect 1 "" "empty article" -- sentences $T/empty.txt
expect 1 "" "binary file" -- sentences $T/binary.bin
expect 1 "" "cannot open" -- normalize $T/no-such-file.txt
expect 0 "Bad byte: �(" "replaced by U+FFFD" -- sentences --lenient $T/bad-utf8.txt
if [ "$(grep -c . "$out")" -ne 2 ]; then echo "FAIL: lenient output"; fails=$((fails + 1)); fi
echo "$fails failed"
[ "$fails" -eq 0 ]
