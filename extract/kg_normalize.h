/* kg_normalize: the matching form of Persian and English text.
 *
 * Every pattern, lexicon entry and sentence is compared in this form, so that text
 * damaged by scraping matches the same rules as clean text. The form:
 *   - Unicode NFC; Arabic letter variants to Persian (ي ى -> ی, ك -> ک; policy for
 *     ة ۀ أ إ ؤ ئ in README); tatweel, harakat and bidi marks removed;
 *   - Persian and Arabic-Indic digits to ASCII; ٫ -> '.', ٬ -> ',' between digits;
 *   - Persian punctuation kept as is (، ؛ ؟ « »), ٪ -> %;
 *   - half-spaces: ZWNJ removed, and the space between a word and a known affix (می/نمی
 *     before, ها/های/هایی/تر/ترین/ای/اند/ام/ات/اش after) removed, so a word written with
 *     ZWNJ, with a space, or glued has one matching form ("میکند", "مدلهای");
 *   - runs of spaces and tabs collapse to one space; "\n\n" (a hard boundary) is kept.
 * Letter case is kept (rules use (?i) where they want it).
 *
 * Ownership: results are freed by the caller (kg_mapped_text_free / free). */
#ifndef KG_NORMALIZE_H
#define KG_NORMALIZE_H
#include <stddef.h>

#include "kg_text.h"

/* Normalizes in (whose maps point into some raw input) into *out, whose maps point into
 * the same raw input. Returns KG_OK, KG_EINPUT if in is not valid UTF-8, or KG_ELIMIT if
 * in is 4 GiB or longer. */
int kg_normalize(const kg_mapped_text *in, kg_mapped_text *out, kg_error *err);

/* Normalizes a standalone string (a rule pattern, a lexicon alias) to the same form.
 * Returns a malloc'ed NUL-terminated string, or NULL if s is not valid UTF-8. */
char *kg_normalize_string(const char *s);

/* The same for a regular expression: letters, digits and half-spaces as above, but the
 * spaces around punctuation and decorative runs are kept, since there they are regex
 * syntax ("سرمایه ?گذاری", "(?:شرکت )", "-{4,}"). Caller frees. */
char *kg_normalize_pattern(const char *s);

/* Whether the line s[0, n) (no '\n' inside) normalizes the same alone as inside a text
 * where line breaks surround it: it starts with a starter (no combining mark to join the
 * line break before it into one cluster) and holds no character that the letter map turns
 * into a line break (CR, U+2028, U+2029). kg_text uses it to assemble the normalized body
 * from the normalized lines it already has. False when the tables are not loaded. */
int kg_normalize_line_is_local(const char *s, size_t n);

/* Loads the tables (extract/text/charmap.tsv, affixes-fa.txt) from data_dir (NULL:
 * kg_data_dir()) unless already loaded; kg_normalize and kg_normalize_string call it
 * with NULL on first use. Not thread-safe on the first call. Returns KG_OK, KG_EIO or
 * KG_ESYNTAX. kg_normalize_string returns NULL too when the tables cannot be loaded. */
int kg_normalize_load(const char *data_dir, kg_error *err);
/* Frees the tables (for leak checkers at exit); the next call loads them again. */
void kg_normalize_cleanup(void);

#endif
