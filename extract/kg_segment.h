/* kg_segment: sentences and their language.
 *
 * Splits a normalized text into sentences with ICU's sentence BreakIterator plus the
 * exceptions it misses (English and Persian abbreviations from extract/text/, initials,
 * decimals, "Kadrey v. Meta"); "\n\n" is always a boundary. Language per sentence from
 * its letters' scripts.
 *
 * Ownership: kg_segment returns an array the caller frees with free(). */
#ifndef KG_SEGMENT_H
#define KG_SEGMENT_H
#include <stddef.h>

#include "kg_error.h"
#include "kg_text.h"

typedef struct kg_sentence_span {
    size_t start, end;  /* byte offsets into the normalized text, end exclusive, trimmed */
    char lang[8];       /* "fa", "en", "ar", "mixed", or "" when it has no letters */
} kg_sentence_span;

/* Splits norm into sentences. Sets *out (malloc'ed) and *count. data_dir as in
 * kg_read_options (NULL: kg_data_dir()). Returns KG_OK or an error code. */
int kg_segment(const kg_mapped_text *norm, const char *data_dir, kg_sentence_span **out,
               size_t *count, kg_error *err);

/* The language of a whole text from its letters: "fa", "en", "ar", "mixed" or "". */
const char *kg_detect_lang(const char *text, size_t len);

/* Frees the abbreviation and starter tables (for leak checkers at exit). */
void kg_segment_cleanup(void);

#endif
