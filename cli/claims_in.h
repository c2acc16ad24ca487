/* claims_in: reads claims back from the JSON Lines that `kg extract --format jsonl`
 * writes (a mapper's output) into articles the store can take.
 *
 * The claims of one article must be on consecutive lines, as kg extract writes them. The
 * article is rebuilt from its claims: its evidence sentences are put back at their byte
 * spans (the rest of the input is blank), so spans, sentence texts and the matching form
 * are those of the original; mentions are not kept in claim files, only claims.
 *
 * Ownership: kg_claims_reader_new returns a reader freed with kg_claims_reader_free;
 * each article from kg_claims_reader_next is freed with kg_article_free. */
#ifndef KG_CLAIMS_IN_H
#define KG_CLAIMS_IN_H
#include <stdio.h>

#include "kg_error.h"
#include "kg_pipeline.h"

typedef struct kg_claims_reader kg_claims_reader;

/* Reads from f (not closed by the reader); name is used in messages. */
kg_claims_reader *kg_claims_reader_new(FILE *f, const char *name);
void kg_claims_reader_free(kg_claims_reader *r);

/* The next article: KG_OK with *out set, KG_OK with *out == NULL at the end, or an error
 * (file:line: what is wrong) — after which reading goes on with the next article. */
int kg_claims_reader_next(kg_claims_reader *r, kg_article **out, kg_error *err);

#endif
