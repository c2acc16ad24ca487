#!/bin/sh
# Pathological input shapes that once cost time growing with the square of their size
# (or more), or crashed: each must end within a generous budget with the exit status
# given, and the article around the shape must still yield its claim. The budget is a
# hang guard, not a speed test: every case takes a few seconds at most, and took minutes
# (or crashed) before it was made linear.
# Usage: pathological.sh KG WORKDIR CASE [BUDGET_SECONDS]
set -u
kg=$1 work=$2/$3 case=$3 budget=${4:-60}
rm -rf "$work"; mkdir -p "$work"
status=0
fail() { echo "FAIL: $case: $*"; status=1; }

# shape NAME UNIT COUNT [TAIL]: NAME holds UNIT repeated COUNT times, then TAIL, then a
# line with a claim.
shape() {
    python3 - "$work/$1" "$2" "$3" "${4:-}" <<'PY'
import sys
path, unit, count, tail = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
with open(path, "w") as f:
    f.write(unit * count + tail * count + "\n\nMeta hosts Llama on AWS.\n")
PY
}

# run WANT_EXIT CMD...: runs CMD under the budget; checks the exit status, that no signal
# ended it, and prints the time and peak memory.
run() {
    want=$1; shift
    /usr/bin/time -f "%e %M" -o "$work/time" timeout "$budget" "$@" > "$work/out" 2> "$work/err"
    got=$?
    read -r secs kb <<EOT
$(tail -n 1 "$work/time")
EOT
    if [ "$got" = 124 ]; then fail "did not end within $budget s"
    elif [ "$got" -ge 128 ]; then fail "killed by signal $((got - 128))"
    elif [ "$got" != "$want" ]; then fail "exit $got, expected $want ($(head -c 300 "$work/err"))"
    fi
    echo "$case: exit $got, ${secs}s, $((kb / 1024)) MB peak"
}

claim() { grep -q "$1" "$work/out" || fail "no claim '$1' in: $(head -c 300 "$work/out")"; }

case $case in
md-nested-links) # 100,000 links nested in one another (600 KB): overflowed the stack
    shape in.md '[a' 100000 '](b)'
    run 0 "$kg" extract --format tsv "$work/in.md"
    claim '^Meta	'
    "$kg" normalize "$work/in.md" > "$work/norm" 2>&1
    [ "$(tr -cd a < "$work/norm" | wc -c)" -ge 100000 ] || fail "the links' text was lost"
    mkdir "$work/folder"; mv "$work/in.md" "$work/folder/"
    run 0 "$kg" ingest --db "$work/kg.sqlite" "$work/folder"
    [ "$("$kg" sql --db "$work/kg.sqlite" --format tsv 'SELECT count(*) FROM articles' | tail -n 1)" = 1 ] ||
        fail "the folder's article was not stored" ;;
md-unclosed-title) # a link whose target never closes, 280,000 times (4 MB)
    shape in.md '[a](http://x "' 280000
    run 0 "$kg" extract --format tsv "$work/in.md"
    claim '^Meta	' ;;
md-image-brackets) # an image opener and an empty link, 300,000 times (1.8 MB)
    shape in.md '![[]()' 300000
    run 0 "$kg" extract --format tsv "$work/in.md"
    claim '^Meta	' ;;
md-open-brackets) # a million brackets that never close (1 MB)
    shape in.md '[' 1000000
    run 0 "$kg" extract --format tsv "$work/in.md"
    claim '^Meta	' ;;
front-matter-deep) # YAML flow collections 200,000 deep (400 KB) in the front matter:
    # refused before libyaml (whose time grows faster than linearly with the nesting)
    python3 - "$work/in.txt" <<'PY'
import sys
with open(sys.argv[1], "w") as f:
    f.write("---\ntitle: Deep\nx: " + "[" * 200000 + "]" * 200000 + "\n---\nMeta hosts Llama on AWS.\n")
PY
    run 1 "$kg" extract --format tsv "$work/in.txt"
    grep -q 'in.txt:3:1: front matter: collections nested deeper than 64 levels' "$work/err" ||
        fail "no message in: $(head -c 300 "$work/err")"
    python3 - "$work/ok.txt" <<'PY'
import sys
with open(sys.argv[1], "w") as f:  # 64 levels, quotes and comments holding brackets
    f.write("---\ntitle: \"a [[[ b\" # [[[\nx: " + "[" * 64 + "]" * 64 + "\n---\nMeta hosts Llama on AWS.\n")
PY
    run 0 "$kg" extract --format tsv "$work/ok.txt"
    claim '^Meta	' ;;
*) echo "unknown case $case"; exit 2 ;;
esac
[ $status -eq 0 ] && echo "ok: $case"
exit $status
