/* claim_json: the JSON Lines form of claims (the `kg extract --format jsonl` contract).
 * Returns new jansson references the caller releases with json_decref. */
#ifndef KG_CLAIM_JSON_H
#define KG_CLAIM_JSON_H
#include <jansson.h>

#include "kg_pipeline.h"

json_t *kg_value_to_json(const kg_value *v);
json_t *kg_claim_to_json(kg_article *a, const kg_claim *c);

#endif
