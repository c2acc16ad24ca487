#!/bin/sh
# Bad input and bad surroundings give a clear message and the documented exit status.
# Usage: inputs.sh KG WORKDIR CASE
#   dates: impossible front-matter dates are a warning with file and line, not used.
set -u
kg=$1 work=$2/$3 case=$3
rm -rf "$work"; mkdir -p "$work"
status=0
fail() { echo "FAIL: $*"; status=1; }
pass() { echo "ok: $*"; }

case $case in
dates)
    for d in 9999-99-99 2024-02-30 2023-02-29 2024-04-31 2024-00-10 2024-13-01 0000-01-01; do
        printf -- '---\ntitle: T\npublished: %s\n---\nMeta hosts Llama on AWS.\n' "$d" > "$work/d.txt"
        "$kg" ingest --db "$work/d.sqlite" "$work/d.txt" > /dev/null 2> "$work/err"
        rc=$?
        got=$("$kg" sql --db "$work/d.sqlite" --format tsv \
              "SELECT coalesce(published, 'NULL') FROM articles" | tail -n 1)
        [ "$rc" = 0 ] && grep -q "d.txt: line 3: published '$d' is not a date (YYYY-MM-DD); not used" "$work/err" &&
            [ "$got" = NULL ] && pass "published: $d is a warning, not used" ||
            fail "published: $d: exit $rc, stored '$got': $(cat "$work/err")"
        rm -f "$work/d.sqlite"
    done
    for d in 2024-02-29 2000-02-29 2023-12-31 2024-04-30; do
        printf -- '---\ntitle: T\npublished: %s\n---\nMeta hosts Llama on AWS.\n' "$d" > "$work/d.txt"
        "$kg" ingest --db "$work/d.sqlite" "$work/d.txt" > /dev/null 2> "$work/err"
        rc=$?
        got=$("$kg" sql --db "$work/d.sqlite" --format tsv "SELECT published FROM articles" | tail -n 1)
        [ "$rc" = 0 ] && [ "$got" = "$d" ] && ! grep -q 'not a date' "$work/err" &&
            pass "published: $d is used" || fail "published: $d: exit $rc, stored '$got': $(cat "$work/err")"
        rm -f "$work/d.sqlite"
    done
    ;;
*) echo "unknown case $case"; exit 2 ;;
esac
exit $status
