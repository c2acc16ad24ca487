/* kg_eparts: how the recognizers of the entity layer are driven by kg_entities.c over
 * the tokens of one sentence. Internal to extract/.
 *
 * Each scan function looks at the tokens of one sentence, skips tokens whose used[] flag
 * is set, appends what it finds to out (strings in arena) and sets used[] for the tokens
 * it consumed, so that recognizers run in priority order never overlap. */
#ifndef KG_EPARTS_H
#define KG_EPARTS_H
#include <stdint.h>

#include "kg_arena.h"
#include "kg_coref.h"
#include "kg_dates.h"
#include "kg_etok.h"
#include "kg_lexicon.h"
#include "kg_quantity.h"

/* Lexicon: longest alias at token i; returns its token count (0: none). */
size_t kg_lexicon_match_at(const kg_lexicon *lex, const kg_toks *t, size_t i,
                           const unsigned char *used, const kg_entity_info **info);

/* What kg_lexicon_match_at answered at each token of one sentence, so that a second
 * scan of the same tokens does not match again. Sound because used[] only grows between
 * scans: an answer whose tokens are all still unused stands (every longer or earlier
 * alternative failed and still fails), and "none" stays none. n[i] == KG_LEXICON_UNKNOWN:
 * not asked yet. Reset with kg_lexicon_memo_reset for each sentence; free the arrays with
 * kg_lexicon_memo_free. */
#define KG_LEXICON_UNKNOWN ((size_t)-1)
typedef struct kg_lexicon_memo {
    size_t *n;
    const kg_entity_info **info;
    size_t cap;
} kg_lexicon_memo;
void kg_lexicon_memo_reset(kg_lexicon_memo *m, size_t ntok);
void kg_lexicon_memo_free(kg_lexicon_memo *m);

/* only_type: when not NULL, only entities of that type are taken. memo may be NULL. */
void kg_lexicon_scan(const kg_lexicon *lex, const kg_toks *t, size_t sentence,
                     const char *only_type, unsigned char *used, kg_lexicon_memo *memo,
                     kg_arena *arena, kg_mlist *out);
void kg_quantity_scan(const kg_quantity_finder *qf, const kg_toks *t, size_t sentence,
                      unsigned flags, unsigned char *used, kg_arena *arena, kg_mlist *out);
void kg_dates_scan(const kg_date_finder *df, const kg_toks *t, size_t sentence,
                   const char *published, unsigned char *used, kg_arena *arena, kg_mlist *out);

void kg_coref_scan(const kg_coref *c, const kg_toks *t, size_t sentence, unsigned char *used,
                   kg_arena *arena, kg_mlist *out);

/* Rule NER (kg_ner.c, rules in extract/entities/ner-rules.tsv and ner-stop.tsv). */
typedef struct kg_ner kg_ner;
int kg_ner_new(const char *data_dir, kg_ner **out, kg_error *err);
void kg_ner_free(kg_ner *ner);
/* Sets kinds[i] (t->n entries) to the rule kinds (bit k: kind k) whose cues can start
 * with token i: a per-sentence answer the scans below take instead of asking the cue
 * table at every token. It does not depend on used[]. */
void kg_ner_kinds(const kg_ner *ner, const kg_toks *t, uint32_t *kinds);
/* "A v. B" cases; runs before the lexicon so that a known party does not split it.
 * kinds: from kg_ner_kinds for t, or NULL. */
void kg_ner_scan_cases(const kg_ner *ner, const kg_toks *t, const uint32_t *kinds,
                       size_t sentence, unsigned char *used, kg_arena *arena, kg_mlist *out);
/* A known Latin-script ORG followed by a capitalized word names one of its products
 * ("Google Cloud", "Meta AI"): rewrites those lexicon mentions of out[first..] into a
 * PRODUCT owned by the ORG. */
void kg_ner_extend_orgs(const kg_ner *ner, const kg_toks *t, size_t first, unsigned char *used,
                        kg_arena *arena, kg_mlist *out);
/* A known product followed by a version ("GPT-2", "Grok 3.5", "Qwen2.5-Max", "Gemini
 * 2.5 Pro"): rewrites those lexicon mentions of out[first..] into a product with the
 * full name and the same owner (rule kinds version, version-tier, version-not). */
void kg_ner_extend_products(const kg_ner *ner, const kg_toks *t, size_t first,
                            unsigned char *used, kg_arena *arena, kg_mlist *out);
/* Everything else: titles, cue words, suffixes, Latin and capitalized runs. kinds: from
 * kg_ner_kinds for t, or NULL. */
void kg_ner_scan(const kg_ner *ner, const kg_toks *t, const uint32_t *kinds, size_t sentence,
                 unsigned char *used, kg_arena *arena, kg_mlist *out);

/* The via of a lone capitalized word opening a sentence ("Smith used ..."): not an
 * entity unless it is the short form of one named earlier; kg_entities resolves it or
 * drops it (compare the pointer). */
extern const char kg_via_tentative[];

/* Marks used[i, i+n) and fills the common fields of m. */
void kg_emit(kg_mention *m, const kg_toks *t, size_t i, size_t n, size_t sentence,
             unsigned char *used, kg_arena *arena);

/* Slug of a name for rule ids: lowercase ASCII letters and digits, other runs -> '-';
 * Persian letters are kept as they are. "Run:ai" -> "run-ai". */
char *kg_slug(kg_arena *arena, const char *prefix, const char *name);

#endif
