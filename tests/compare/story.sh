#!/bin/sh
# kg compare on the corpus's three articles about one story (fa-07, en-06, en-07; see
# corpus/README.md): claims shared across the Persian and English articles on canonical
# ids, claims unique to one, the Zuckerberg-versus-filing polarity contradiction and the
# two capex ranges for 2025. Usage: story.sh KG WORKDIR CORPUS_DIR
set -eu
kg=$1 work=$2 corpus=$3
rm -rf "$work"; mkdir -p "$work"
"$kg" ingest --quiet --db "$work/kg.sqlite" "$corpus/fa-07.txt" "$corpus/en-06.txt" "$corpus/en-07.txt"
"$kg" compare --db "$work/kg.sqlite" --format json > "$work/compare.json"
python3 - "$work/compare.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
claims = {(c["subject_key"], c["relation"], c.get("object_key") or c["object"], c["polarity"]): c for c in d["claims"]}
def shared(key, how):
    c = claims.get(key)
    assert c is not None, "missing claim %s" % (key,)
    assert c["shared"] == how, "%s is shared by %s, expected %s" % (key, c["shared"], how)
# Shared by the Persian and both English articles, on canonical ids.
for key in [("meta", "defendant-in", "kadrey-v-meta", "+"), ("meta", "monetizes", "llama", "+"),
            ("meta", "hosts-partner", "aws", "+"), ("meta", "hosts-partner", "google-cloud", "+")]:
    shared(key, "all")
shared(("meta", "monetizes", "llama", "-"), "some")
shared(("meta", "headquartered-in", "menlo-park", "+"), "unique")
kinds = [(c["kind"], c["relation"]) for c in d["contradictions"]]
assert ("polarity", "monetizes") in kinds, kinds
values = [c for c in d["contradictions"] if c["kind"] == "value" and c["relation"] == "capex"]
assert any({c["object_a"], c["object_b"]} == {"60–80B USD", "60–65B USD"} and c["time"] == "2025"
           for c in values), values
s = d["summary"]
print("ok: %d keys, %d shared by all, %d by some, %d unique, %d contradictions"
      % (s.get("keys", len(d["claims"])), s.get("shared_all", 0), s.get("shared_some", 0),
         s.get("unique", 0), len(d["contradictions"])))
PY
