/* kg_buf: see kg_buf.h. */
#include "kg_buf.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "kg_arena.h"

void kg_buf_add(kg_buf *b, const char *s, size_t n) {
    kg_grow((void **)&b->s, &b->cap, b->len + n + 1, 1);
    memcpy(b->s + b->len, s, n);
    b->len += n;
    b->s[b->len] = '\0';
}

void kg_buf_adds(kg_buf *b, const char *s) { kg_buf_add(b, s, strlen(s)); }

void kg_buf_addf(kg_buf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n <= 0) return;
    kg_grow((void **)&b->s, &b->cap, b->len + (size_t)n + 1, 1);
    va_start(ap, fmt);
    vsnprintf(b->s + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

char *kg_buf_take(kg_buf *b) {
    char *s = b->s ? b->s : kg_xstrdup("");
    b->s = NULL;
    b->len = b->cap = 0;
    return s;
}
