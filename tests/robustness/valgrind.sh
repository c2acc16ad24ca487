#!/bin/sh
# The main commands under valgrind's memcheck: no invalid access, no leak of kg's own
# memory (Graphviz's and fontconfig's own caches are suppressed: tests/graph/valgrind.supp).
# PCRE2's JIT is off (KG_PCRE2_JIT=0): valgrind cannot see into JIT code.
# Usage: valgrind.sh KG WORKDIR CORPUS_DIR SUPPRESSIONS
set -u
kg=$1 work=$2 corpus=$3 supp=$4
command -v valgrind > /dev/null ||
    { echo "skipped: valgrind is not installed (Debian package valgrind, see tools/install-deps)"; exit 77; }
rm -rf "$work"; mkdir -p "$work"
export KG_PCRE2_JIT=0
vg="valgrind -q --error-exitcode=9 --leak-check=full --errors-for-leak-kinds=definite,indirect,possible --suppressions=$supp"
status=0
check() {
    name=$1; shift
    if $vg "$@" > "$work/$name.out" 2> "$work/$name.err"; then
        echo "ok   $name"
    else
        echo "FAIL $name (exit $?):"; head -40 "$work/$name.err"; status=1
    fi
}
check extract "$kg" extract "$corpus/fa-07.txt" "$corpus/en-06.txt"
check ingest "$kg" ingest --quiet --db "$work/kg.sqlite" "$corpus/fa-07.txt" "$corpus/en-03.txt"
"$kg" extract --format jsonl "$corpus/en-06.txt" > "$work/claims.jsonl"
check ingest-claims "$kg" ingest --claims --quiet --db "$work/claims.sqlite" "$work/claims.jsonl"
check query "$kg" query --db "$work/kg.sqlite" hosts --param owner=Meta
check sql "$kg" sql --db "$work/kg.sqlite" "SELECT count(*) FROM claims"
check compare "$kg" compare --db "$work/kg.sqlite" --format json
check graph "$kg" graph --db "$work/kg.sqlite" --format svg -o "$work/g.svg"
check entities "$kg" entities "$corpus/fa-01.txt"
check rules-check "$kg" rules check
exit $status
