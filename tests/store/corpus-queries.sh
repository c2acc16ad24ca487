#!/bin/sh
# Every canned query on the database of the sample corpus: each runs, and returns the
# rows a reader of the corpus expects (a value that must appear in its output).
# Usage: corpus-queries.sh KG WORKDIR CORPUS_DIR
set -u
kg=$1 work=$2 corpus=$3
rm -rf "$work"; mkdir -p "$work"
db=$work/kg.sqlite
"$kg" ingest --quiet --db "$db" "$corpus" || { echo "FAIL: ingest"; exit 1; }
status=0 checked=0
# expect NAME PATTERN [--param k=v]...: the query's tsv output must contain PATTERN.
expect() {
    name=$1 pattern=$2; shift 2
    checked=$((checked + 1))
    echo "$name" >> "$work/checked"
    if ! "$kg" query --db "$db" --format tsv "$@" "$name" > "$work/out" 2> "$work/err"; then
        echo "FAIL $name: $(cat "$work/err")"; status=1; return
    fi
    if grep -q -- "$pattern" "$work/out"; then
        echo "ok   $name: $(($(wc -l < "$work/out") - 1)) rows, has '$pattern'"
    else
        echo "FAIL $name: no '$pattern' in:"; head -5 "$work/out"; status=1
    fi
}
expect entity-relations capex --param entity=Meta
expect entity-relations hosts-partner --param entity=متا
expect entity-relations ceo-of --param entity=Meta
# Objects a rule derived (the article's focus) are stored as entities, not as phrases.
derived=$("$kg" sql --db "$db" --format tsv "SELECT count(*) FROM claims WHERE rule = 'en/people/ceo-of-focus' AND object_id IS NOT NULL AND object_literal IS NULL" | tail -1)
phrases=$("$kg" sql --db "$db" --format tsv "SELECT count(*) FROM claims WHERE rule = 'en/people/ceo-of-focus' AND object_literal IS NOT NULL" | tail -1)
if [ "$derived" -gt 0 ] && [ "$phrases" = 0 ]; then echo "ok   derived objects: $derived stored as entities"
else echo "FAIL derived objects: $derived entities, $phrases phrases"; status=1; fi
expect hosts 'Google Cloud' --param owner=Meta
expect money-over-time USD --param entity=Meta
expect claims-by-source monetizes --param 'source=court filing'
expect negated monetizes
expect alleged trained-on
expect who-said-what 'Mark Zuckerberg'
expect contradictions capex
# one row per disagreement, however many claims state and deny it
rows=$(grep -c "^polarity	Meta	monetizes	Llama	" "$work/out")
stated_denied=$(awk -F '\t' '$1 == "polarity" && $3 == "monetizes" {print ($6 > 1 || $7 > 1) ? "many" : "one"}' "$work/out")
if [ "$rows" = 1 ] && [ "$stated_denied" = many ]; then echo "ok   contradictions: one row for several claims"
else echo "FAIL contradictions: $rows rows for Meta monetizes Llama ($stated_denied)"; status=1; fi
expect coverage corpus/fa-07.txt
expect outlets 'Open Weights Weekly'
# every article counted under its outlet; claims both shared and carried by one outlet alone
verdict=$(awk -F '\t' 'NR > 1 {n += $2; shared += $6; only += $5} END {print n, (shared > 0 && only > 0) ? "both" : "not both"}' "$work/out")
articles=$("$kg" sql --db "$db" --format tsv "SELECT count(*) FROM articles" | tail -1)
if [ "$verdict" = "$articles both" ]; then echo "ok   outlets: $articles articles, shared and own claims"
else echo "FAIL outlets: $verdict (articles: $articles)"; status=1; fi
expect top-entities Meta
expect search 'Llama' --param 'words=Llama OR لاما'
expect relations hosts-partner
expect articles corpus/en-03.txt
expect claim-evidence corpus/ --param claim=1
expect entity-timeline Llama --param entity=Meta
expect entity-aliases 'متا' --param entity=Meta
# What a person types is compared in the matching form: a half-space, Arabic letters and
# Persian digits find what the plain form finds; an entity by any name the lexicon knows.
same_rows() {
    a=$("$kg" query --db "$db" --format tsv --param "words=$1" search | wc -l)
    b=$("$kg" query --db "$db" --format tsv --param "words=$2" search | wc -l)
    if [ "$a" = "$b" ] && [ "$b" -gt 1 ]; then echo "ok   search '$1': $((a - 1)) rows, as '$2'"
    else echo "FAIL search '$1': $((a - 1)) rows, '$2': $((b - 1))"; status=1; fi
}
same_rows 'مدل‌های' 'مدلهای'
same_rows 'مدل های' 'مدلهای'
same_rows 'كتاب' 'کتاب'
same_rows '۲۰۲۵' '2025'
same_rows '"مدل‌های زبانی" OR ۳٫۵' '"مدلهای زبانی" OR "3.5"'
expect entity-relations Microsoft --param entity=مايكروسافت
expect entity-aliases openai --param 'entity=اوپن ای آی'
expect hosts 'Google Cloud' --param owner=مِتا
if "$kg" graph --db "$db" --format dot --entity 'اوپن ای آی' > "$work/graph.dot" 2> "$work/err" &&
   grep -q 'OpenAI' "$work/graph.dot"; then echo "ok   graph --entity 'اوپن ای آی'"
else echo "FAIL graph --entity 'اوپن ای آی': $(cat "$work/err")"; status=1; fi
# a title typed with Arabic yeh and kaf and without its half-space
if "$kg" compare --db "$db" --article 'ميزبانهای لاما' > "$work/compare" 2> "$work/err" &&
   grep -q 'fa-07' "$work/compare"; then echo "ok   compare --article by a title typed otherwise"
else echo "FAIL compare --article 'ميزبانهای لاما': $(cat "$work/err")"; status=1; fi
# Every canned query kg lists is checked above.
for name in $("$kg" query --list | awk '/^[a-z]/ {print $1}'); do
    grep -qx "$name" "$work/checked" || { echo "FAIL: canned query $name is not checked"; status=1; }
done
exit $status
