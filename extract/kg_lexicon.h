/* kg_lexicon: the entities kg knows by name, loaded from extract/lexicon/NAME.tsv.
 *
 * File format (tab-separated, '#' comments, one entity per line):
 *   id  type  name  name_fa  qid  owner  aliases
 * aliases are '|'-separated surface forms in either script; name and name_fa are
 * aliases too. owner is the id of the developer or parent organization (Llama -> meta),
 * or empty. Every alias is compared in kg_normalize form.
 *
 * Ownership: kg_lexicon_load returns a lexicon freed with kg_lexicon_free; the
 * kg_entity_info pointers it hands out live as long as the lexicon. */
#ifndef KG_LEXICON_H
#define KG_LEXICON_H
#include <stddef.h>

#include "kg_error.h"

typedef struct kg_entity_info {
    const char *id, *type, *name, *name_fa, *qid, *owner;
} kg_entity_info;

typedef struct kg_lexicon kg_lexicon;

/* Loads every .tsv under DATA_DIR/extract/lexicon/. Syntax errors name file:line. */
int kg_lexicon_load(const char *data_dir, kg_lexicon **out, kg_error *err);
void kg_lexicon_free(kg_lexicon *lex);
const kg_entity_info *kg_lexicon_get(const kg_lexicon *lex, const char *id); /* or NULL */
size_t kg_lexicon_count(const kg_lexicon *lex);

/* An alias occurrence in a normalized text. */
typedef struct kg_lexicon_hit {
    size_t start, end;             /* byte offsets, end exclusive */
    const kg_entity_info *info;
} kg_lexicon_hit;

/* Finds the alias occurrences in normalized text[start, end): at token boundaries,
 * left to right, the longest alias at each position, never overlapping. Matching rules:
 * Persian aliases compare exactly and also match with the plural suffix ها/های glued to
 * their last word; Latin aliases compare case-sensitively, and an alias with lowercase
 * letters also matches its all-uppercase form ("Meta" ~ "META", headline style).
 * Sets *out to a malloc'ed array (caller frees; NULL when none) and returns the count. */
size_t kg_lexicon_find(const kg_lexicon *lex, const char *text, size_t start, size_t end,
                       kg_lexicon_hit **out);

#endif
