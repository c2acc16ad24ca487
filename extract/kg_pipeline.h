/* kg_pipeline: one article from input bytes to claims — read, normalize, segment, find
 * mentions, apply rules — the whole of extract/ behind one call.
 *
 * Ownership: kg_extractor_new returns an extractor freed with kg_extractor_free (it
 * holds the compiled rules and lexicon, and has loaded every table of the text layer;
 * read-only after creation, so several threads may extract with one extractor). kg_extract_file and
 * kg_extract_bytes return a kg_article freed with kg_article_free, which frees all its
 * strings at once (one arena per article). */
#ifndef KG_PIPELINE_H
#define KG_PIPELINE_H
#include <stdio.h>

#include "kg_arena.h"
#include "kg_claim.h"
#include "kg_entities.h"
#include "kg_error.h"
#include "kg_mention.h"
#include "kg_rules.h"
#include "kg_segment.h"
#include "kg_text.h"

typedef struct kg_extractor kg_extractor;

typedef struct kg_sentence {
    size_t start, end;         /* in the normalized text */
    size_t raw_start, raw_end; /* in the original input, end exclusive */
    char lang[8];
    size_t first_mention, n_mentions; /* the article's mentions of this sentence */
} kg_sentence;

typedef struct kg_article {
    kg_arena *arena;
    kg_doc *doc;               /* metadata and raw bytes */
    kg_mapped_text norm;       /* normalized body, mapped into doc->raw */
    kg_sentence *sentences;
    size_t n_sentences;
    kg_mention *mentions;      /* sorted by start; in arena */
    size_t n_mentions;
    kg_claim *claims;
    size_t n_claims;
} kg_article;

typedef struct kg_extract_options {
    kg_read_options read;
    FILE *explain;             /* when not NULL, rule matching is explained here */
    int keep_duplicates;       /* see kg_rule_input (for rule self-tests) */
} kg_extract_options;

int kg_extractor_new(const char *data_dir, kg_extractor **out, kg_error *err);
void kg_extractor_free(kg_extractor *ex);
const kg_lexicon *kg_extractor_lexicon(const kg_extractor *ex);
const kg_rules *kg_extractor_rules(const kg_extractor *ex);

int kg_extract_file(const kg_extractor *ex, const char *path, const kg_extract_options *opts,
                    kg_article **out, kg_error *err);
int kg_extract_bytes(const kg_extractor *ex, const char *path, const char *bytes, size_t len,
                     const kg_extract_options *opts, kg_article **out, kg_error *err);
/* Runs the stages after reading on a document the caller read; takes ownership of doc
 * (freed with the article, or on error). The article's norm replaces doc->body, which is
 * freed (left empty: text NULL, len 0) so that one mapped copy of the body is kept. */
int kg_extract_doc(const kg_extractor *ex, kg_doc *doc, const kg_extract_options *opts,
                   kg_article **out, kg_error *err);
void kg_article_free(kg_article *article);

/* The original bytes of the normalized span [start, end) as an arena string. */
const char *kg_article_raw_text(kg_article *a, size_t start, size_t end);

#endif
