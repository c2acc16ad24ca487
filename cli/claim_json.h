/* claim_json: the JSON Lines form of claims (the `kg extract --format jsonl` contract).
 * The _to_json functions return new jansson references the caller releases with
 * json_decref. */
#ifndef KG_CLAIM_JSON_H
#define KG_CLAIM_JSON_H
#include <jansson.h>
#include <stdio.h>

#include "kg_pipeline.h"

json_t *kg_value_to_json(const kg_value *v);
json_t *kg_claim_to_json(kg_article *a, const kg_claim *c);

/* Writes the claim as one line to f: exactly the bytes of json_dumps(kg_claim_to_json(a,
 * c), JSON_COMPACT | JSON_PRESERVE_ORDER) and a newline, without building the tree. */
void kg_claim_print_json(FILE *f, kg_article *a, const kg_claim *c);

#endif
