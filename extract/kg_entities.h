/* kg_entities: finds the mentions of an article's sentences — lexicon entities, entities
 * no list knows (found by rules kept in data), amounts, dates — and resolves
 * coreference ("این شرکت", "the company", "وی", "he").
 *
 * Ownership: kg_entity_finder_new returns a finder freed with kg_entity_finder_free; it
 * is read-only after creation and may be shared by threads. Mentions are allocated in
 * the caller's arena. */
#ifndef KG_ENTITIES_H
#define KG_ENTITIES_H
#include <stddef.h>

#include "kg_arena.h"
#include "kg_error.h"
#include "kg_lexicon.h"
#include "kg_mention.h"
#include "kg_segment.h"
#include "kg_text.h"

typedef struct kg_entity_finder kg_entity_finder;

int kg_entity_finder_new(const char *data_dir, kg_entity_finder **out, kg_error *err);
void kg_entity_finder_free(kg_entity_finder *finder);
const kg_lexicon *kg_entity_finder_lexicon(const kg_entity_finder *finder);

/* Finds the mentions of all sentences of one article. published is the article's
 * date (ISO, or NULL) against which relative dates resolve. Sets *out to an array in
 * arena, sorted by start, mentions never overlapping, and *count. */
int kg_entity_finder_run(const kg_entity_finder *finder, const kg_mapped_text *norm,
                         const kg_sentence_span *sentences, size_t n_sentences,
                         const char *published, kg_arena *arena, kg_mention **out,
                         size_t *count, kg_error *err);

#endif
