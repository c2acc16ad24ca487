/* kg_text: reads an article (plain text with optional YAML front matter, Markdown, or
 * HTML) into its metadata and its body text, with a map from every body byte back to
 * the original input bytes.
 *
 * Does: UTF-8 validation (BOM dropped, CRLF kept in the raw input but seen as LF in the
 * body), front matter through libyaml, Markdown markup stripped, HTML through libxml2's
 * HTML parser, boilerplate lines dropped by the per-language patterns of
 * extract/text/boilerplate-LANG.txt. Does not: normalize letters (kg_normalize) or split
 * sentences (kg_segment).
 *
 * Ownership: kg_doc_read/kg_doc_parse return a kg_doc the caller frees with kg_doc_free. */
#ifndef KG_TEXT_H
#define KG_TEXT_H
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kg_error.h"

/* A text derived from an original input, with a map back to it.
 * Invariant: for each byte i < len, [raw_start[i], raw_end[i]) is the span of original
 * input bytes that produced the character containing byte i (end exclusive); both
 * arrays are nondecreasing. text is NUL-terminated; text[len] == '\0'.
 * The maps are 32-bit: every original input is at most KG_MAX_INPUT bytes (kg_doc_parse
 * refuses a larger article; kg_normalize refuses a text of 4 GB or more when it maps into
 * its own bytes), so every offset fits in a uint32_t. Whoever fills the maps from another
 * source must hold to that limit. */
typedef struct kg_mapped_text {
    char *text;
    size_t len;
    uint32_t *raw_start;
    uint32_t *raw_end;
} kg_mapped_text;

void kg_mapped_text_free(kg_mapped_text *t); /* frees the members, not t; NULL is fine */

/* The original spelling of t->text[start, end): the bytes of raw (the input t maps
 * into, raw_len bytes) that produced it, as a person reads them — half-spaces, Arabic
 * letters, digits and marks as written; markup between its characters (HTML tags,
 * Markdown markers) left out; a character written as a reference (&amp;) given as the
 * character; line breaks and runs of white space one space; no space at either end.
 * start and end must lie on character boundaries of t->text. Returns a malloc'ed string
 * (the caller frees it). */
char *kg_mapped_original(const kg_mapped_text *t, const char *raw, size_t raw_len, size_t start,
                         size_t end);

/* The largest article kg reads, in bytes (see kg_mapped_text). */
#define KG_MAX_INPUT ((size_t)16 << 20)

typedef enum { KG_FORMAT_AUTO, KG_FORMAT_TEXT, KG_FORMAT_MARKDOWN, KG_FORMAT_HTML } kg_format;

typedef struct kg_read_options {
    kg_format format;   /* AUTO: by extension (.html/.htm, .md/.markdown), then by content */
    bool lenient;       /* invalid UTF-8 becomes U+FFFD with a warning instead of an error */
    const char *data_dir; /* where extract/text/ data files are; NULL: kg_data_dir() */
    const char *lang;   /* the language when the caller knows it (a JSON Lines "lang"):
                           the document's unless its own metadata names one, and the
                           body is not scanned to guess it; NULL: guessed */
} kg_read_options;

typedef struct kg_doc {
    char *path;            /* as given by the caller ("-" for stdin) */
    char *raw;             /* the original input bytes, NUL-terminated */
    size_t raw_len;
    /* Metadata: NULL when unknown. Front matter / HTML meta win over guesses. */
    char *id, *title, *outlet, *url, *lang, *published;
    kg_format format;      /* the format actually used */
    /* The article body: plain text, paragraphs/headings/list items separated by "\n\n"
     * (a hard sentence boundary), boilerplate removed; mapped back into raw.
     * kg_extract_doc frees it once it holds the normalized form (kg_pipeline.h). */
    kg_mapped_text body;
    /* Warnings produced while reading (lenient replacements, dropped markup), one per
     * line, or NULL. */
    char *warnings;
    /* The body in kg_normalize form, mapped into raw, when the reader could assemble it
     * from the lines it normalized to find boilerplate; else NULL. kg_extract_doc takes
     * it instead of normalizing the body again. Freed with the document; whoever changes
     * body must free it and set it to NULL. */
    kg_mapped_text *norm;
} kg_doc;

/* Reads path ("-" = stdin). Returns KG_OK and sets *out, or an error code with err
 * filled (file, byte offset, what is wrong) and *out == NULL. */
int kg_doc_read(const char *path, const kg_read_options *opts, kg_doc **out, kg_error *err);
/* Reads path ("-": standard input) whole into *out (malloc'ed, the caller frees; not
 * NUL-terminated) and *len. Stops a little past the largest article kg_doc_parse takes,
 * which then reports the file as too large. KG_EIO with the system's reason (a
 * directory, no permission) when it cannot. */
int kg_read_file(const char *path, char **out, size_t *len, kg_error *err);
/* Same, from bytes already in memory; path is used for messages and format guessing. */
int kg_doc_parse(const char *path, const char *bytes, size_t len, const kg_read_options *opts,
                 kg_doc **out, kg_error *err);
void kg_doc_free(kg_doc *doc); /* NULL is fine */
/* Appends a line (printf-style, without the newline) to doc->warnings. */
void kg_doc_warn(kg_doc *doc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Frees the compiled boilerplate patterns and the normalizer tables (for leak checkers at
 * exit); they are loaded again on the next use. */
void kg_text_cleanup(void);

#endif
