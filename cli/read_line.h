/* read_line: the next line of a stream, with a bound on how much of it is kept, so that
 * one hostile line cannot take all memory (getline would hold it whole).
 *
 * kg_read_line reads the next line of f into *buf (grown as needed; the caller frees it,
 * and may pass it again for the next line), without its '\n', NUL-terminated, and returns
 * its length, or -1 at the end of the stream. A line longer than max bytes is not kept:
 * the rest of it is read and dropped, *too_long is set, and *buf holds its first max
 * bytes. */
#ifndef KG_READ_LINE_H
#define KG_READ_LINE_H
#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

#include "kg_text.h"

/* The longest JSON Lines record kg reads: an article's text at KG_MAX_INPUT with every
 * byte escaped as \u00XX, and 1 MB for the other members. */
#define KG_JSONL_LINE_MAX (KG_MAX_INPUT * 6 + ((size_t)1 << 20))

ssize_t kg_read_line(FILE *f, char **buf, size_t *cap, size_t max, bool *too_long);

#endif
