/* read_line: see read_line.h. */
#include "read_line.h"

#include <stdlib.h>

#include "kg_arena.h"

ssize_t kg_read_line(FILE *f, char **buf, size_t *cap, size_t max, bool *too_long) {
    *too_long = false;
    size_t len = 0;
    int c = EOF;
    flockfile(f);
    while ((c = getc_unlocked(f)) != EOF && c != '\n') {
        if (len == max) {
            *too_long = true;
            continue;
        }
        if (len + 2 > *cap) {
            size_t want = *cap ? *cap * 2 : 4096;
            if (want > max + 1) want = max + 1;
            if (want < len + 2) want = len + 2;
            *buf = kg_xrealloc(*buf, want);
            *cap = want;
        }
        (*buf)[len++] = (char)c;
    }
    funlockfile(f);
    if (c == EOF && len == 0 && !*too_long) return -1;
    if (!*buf) {
        *buf = kg_xmalloc(1);
        *cap = 1;
    }
    (*buf)[len] = '\0';
    return (ssize_t)len;
}
