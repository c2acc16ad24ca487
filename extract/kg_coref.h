/* kg_coref: phrases that refer back to an entity — «این شرکت», «این غول فناوری», "the
 * company", «وی», "he", «این مدل», "the model" — and their resolution to the most
 * recent compatible mention. Phrases are data: extract/entities/coref.tsv.
 *
 * A resolved phrase becomes a mention with its antecedent's type, id, name, qid and
 * owner, via "coref" and antecedent = the index of the entity mention it refers to
 * (never another coref mention). Appositions ("Mark Zuckerberg, Meta's chief
 * executive,") are found by the title rules of kg_entities (ner-rules.tsv).
 *
 * Ownership: freed with kg_coref_free; read-only after creation. */
#ifndef KG_COREF_H
#define KG_COREF_H
#include <stddef.h>

#include "kg_error.h"
#include "kg_mention.h"

typedef struct kg_coref kg_coref;

int kg_coref_new(const char *data_dir, kg_coref **out, kg_error *err);
void kg_coref_free(kg_coref *c);

/* Resolves the pending coref mentions (found by the scan; marked with via "coref" and
 * id NULL) of m[0..n), sorted by start: fills them from their antecedent, drops those
 * without one, and compacts the array. Returns the new count.
 * subject (NULL: none known) flags the mentions of m that are the subject of their
 * sentence; a phrase prefers the most recent compatible subject in its window over
 * entities only mentioned in passing (see kg_coref.c). Phrases of type MODEL ("the
 * model", «این مدل») refer only to AI models (extract/entities/models.tsv). */
size_t kg_coref_resolve(const kg_coref *c, kg_mention *m, size_t n,
                        const unsigned char *subject);
/* A phrase's window also ends KG_COREF_LOOKBACK mentions back, so that a run-on
 * sentence of thousands of mentions costs linear time, not quadratic; sentences of
 * news prose hold far fewer. */
#define KG_COREF_LOOKBACK 256

#endif
