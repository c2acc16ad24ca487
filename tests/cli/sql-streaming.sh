#!/bin/sh
# kg sql prints rows as they come, in bounded memory: an endless query's first rows
# arrive at once in every format; --timeout stops a query (exit 3); running out of
# memory is exit 4 with a message. Usage: sql-streaming.sh KG WORKDIR ARTICLE...
set -u
kg=$1 work=$2; shift 2
rm -rf "$work"; mkdir -p "$work"
db=$work/kg.sqlite
"$kg" ingest --db "$db" "$@" > /dev/null 2>&1 || { echo "FAIL: ingest"; exit 1; }
status=0
fail() { echo "FAIL: $*"; status=1; }
# Address space is capped below (so that a query holding its whole result fails fast
# rather than filling the machine), except under AddressSanitizer, which reserves
# terabytes of it.
asan=0
ldd "$kg" 2>/dev/null | grep -q libasan && asan=1
cap() { if [ $asan = 0 ]; then ulimit -v 2000000; fi; "$@"; }
endless="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) SELECT x, 'row ' || x AS label FROM c"

for format in tsv csv table json; do
    (cap timeout 60 sh -c '"$0" sql --db "$1" --format "$2" "$3" | head -n 4' "$kg" "$db" "$format" "$endless") \
        > "$work/head.$format" 2> "$work/err"
    case $format in
    tsv) want=$(printf 'x\tlabel\n1\trow 1\n2\trow 2\n3\trow 3') ;;
    csv) want=$(printf 'x,label\r\n1,row 1\r\n2,row 2\r\n3,row 3\r') ;;
    table) want=$(printf '   x  label\n----  --------\n   1  row 1\n   2  row 2') ;;
    json) want=$(printf '[\n  {\n    "x": 1,\n    "label": "row 1"') ;;
    esac
    [ "$(cat "$work/head.$format")" = "$want" ] ||
        fail "endless query, $format: got [$(head -c 200 "$work/head.$format")] ($(head -c 200 "$work/err"))"
done

# --timeout stops it: exit 3, saying why.
start=$(date +%s)
cap "$kg" sql --db "$db" --timeout 1 --format tsv "$endless" > /dev/null 2> "$work/err"
got=$?
[ "$got" = 3 ] || fail "--timeout: exit $got, want 3 ($(head -c 200 "$work/err"))"
grep -q 'kg sql: the SQL ran past --timeout and was stopped' "$work/err" || fail "--timeout: message: $(cat "$work/err")"
[ $(( $(date +%s) - start )) -lt 30 ] || fail "--timeout 1 took $(( $(date +%s) - start )) s"
for bad in 0 -1 abc 1e9; do
    "$kg" sql --db "$db" --timeout "$bad" "SELECT 1" > /dev/null 2>&1
    got=$?
    [ "$got" = 2 ] || fail "--timeout $bad: exit $got, want 2"
done
"$kg" sql --db "$db" --timeout 30 --format tsv "SELECT count(*) FROM claims" > "$work/out" 2>&1 ||
    fail "--timeout 30 on a quick query: $(cat "$work/out")"

# Streamed JSON is still one JSON array per statement; an empty result is [].
"$kg" sql --db "$db" --format json "SELECT subject, relation FROM claims_view LIMIT 70; SELECT 1 AS one WHERE 0" > "$work/json"
python3 - "$work/json" <<'PY' || fail "streamed JSON does not parse as two arrays"
import json, sys
text = open(sys.argv[1]).read()
first, end = json.JSONDecoder().raw_decode(text)
second = json.loads(text[end:])
assert len(first) == 70 and set(first[0]) == {"subject", "relation"} and second == [], (len(first), second)
PY

# Out of memory: exit 4 with a message (needs the address-space cap).
if [ $asan = 0 ]; then
    big="WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 3000000) SELECT length(group_concat(printf('%0200d', x))) FROM c"
    (ulimit -v 400000; "$kg" sql --db "$db" "$big") > /dev/null 2> "$work/err"
    got=$?
    [ "$got" = 4 ] || fail "out of memory: exit $got, want 4 ($(head -c 200 "$work/err"))"
    grep -q 'kg sql: out of memory' "$work/err" || fail "out of memory: message: $(cat "$work/err")"
fi
[ $status -eq 0 ] && echo "ok: kg sql streams, stops at --timeout and reports running out of memory"
exit $status
