#!/bin/sh
# What people read is in the articles' spelling (half-spaces, Arabic letters, as written);
# the matching form stays in its own column. Usage: spelling.sh KG WORKDIR SOURCE_DIR
set -u
kg=$1 work=$2 src=$3
rm -rf "$work"; mkdir -p "$work"
db=$work/kg.sqlite status=0
"$kg" ingest --quiet --db "$db" "$src/tests/store/spelling-fa.txt" "$src/corpus" || { echo "FAIL: ingest"; exit 1; }
# has LABEL FILE TEXT / lacks LABEL FILE TEXT
has() { if grep -qF -- "$3" "$2"; then echo "ok   $1: has '$3'"; else echo "FAIL $1: no '$3' in:"; head -5 "$2"; status=1; fi; }
lacks() { if grep -qF -- "$3" "$2"; then echo "FAIL $1: has '$3'"; status=1; else echo "ok   $1: no '$3'"; fi; }
q() { out=$work/$1.out; shift; "$kg" query --db "$db" "$@" > "$out" 2> "$work/err" || { echo "FAIL kg query $*: $(cat "$work/err")"; status=1; }; }

# A literal object, a person no lexicon knows (Arabic yeh and kaf as written), a source.
q rel --format tsv --param entity=Meta entity-relations
has entity-relations "$work/rel.out" 'میزبان‌های لاما'
has entity-relations "$work/rel.out" 'علی رضايی‌نژاد'
has entity-relations "$work/rel.out" 'مريم كريمي'
has entity-relations "$work/rel.out" 'میزبان های لاما'        # corpus/fa-07.txt writes it with a space
has entity-relations "$work/rel.out" 'كتاب‌های دزدی از کتابخانه های غیرقانونی'
lacks entity-relations "$work/rel.out" 'میزبانهای لاما'
q json --format json --param entity=Meta entity-relations
has 'entity-relations json' "$work/json.out" '"object": "میزبان‌های لاما"'
q said --format csv who-said-what
has who-said-what "$work/said.out" 'مريم كريمي,Meta,revenue-share,میزبان‌های لاما'
# ... found as people type it, in the matching form the aliases hold
q src --format tsv --param 'source=مریم کریمی' claims-by-source
has claims-by-source "$work/src.out" 'مريم كريمي	Meta	revenue-share	میزبان‌های لاما'
q alias --format tsv --param 'entity=علی رضایی‌نژاد' entity-aliases
has entity-aliases "$work/alias.out" 'علی رضايی‌نژاد'
has 'entity-aliases (matching form)' "$work/alias.out" 'علی رضایینژاد'
# search: the sentence as written, the matched words in the matching form
q search --format tsv --param 'words=میزبان‌های' search
has 'search text' "$work/search.out" 'متا از میزبان‌های لاما سهم درآمد می‌گیرد.'
has 'search match' "$work/search.out" '[میزبانهای]'
# the graph's labels and the comparison
"$kg" graph --db "$db" --format dot --entity Meta -o "$work/graph.dot" 2> "$work/err" || { echo "FAIL graph: $(cat "$work/err")"; status=1; }
has 'graph label' "$work/graph.dot" 'label="میزبان‌های لاما"'
has 'graph label' "$work/graph.dot" 'label="علی رضايی‌نژاد"'
lacks 'graph label' "$work/graph.dot" 'label="میزبانهای لاما"'
"$kg" compare --db "$db" --article fa-03 > "$work/compare.out" 2> "$work/err" || { echo "FAIL compare: $(cat "$work/err")"; status=1; }
has compare "$work/compare.out" 'داده‌های عمومی اینترنت'
lacks compare "$work/compare.out" 'دادههای عمومی اینترنت'
# kg extract: the text format is for people, tsv keeps the matching form
"$kg" extract --format text "$src/tests/store/spelling-fa.txt" > "$work/text.out" 2> "$work/err" || { echo "FAIL extract: $(cat "$work/err")"; status=1; }
has 'extract --format text' "$work/text.out" 'Meta –revenue-share→ میزبان‌های لاما [asserted; source مريم كريمي;'
has 'extract --format text' "$work/text.out" 'علی رضايی‌نژاد –ceo-of→ Meta'
"$kg" extract --format tsv "$src/tests/store/spelling-fa.txt" > "$work/tsv.out" 2> "$work/err" || { echo "FAIL extract: $(cat "$work/err")"; status=1; }
has 'extract --format tsv' "$work/tsv.out" 'Meta	revenue-share	میزبانهای لاما	+	asserted	مریم کریمی'
exit $status
