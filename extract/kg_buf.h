/* kg_buf: a growable NUL-terminated byte string, for building patterns and messages.
 *
 * Ownership: s is malloc'ed (or NULL before the first add) and belongs to whoever holds
 * the kg_buf; free(b.s) releases it, or kg_buf_take hands it over. Allocation failure
 * aborts (kg_xrealloc), so adding cannot fail. */
#ifndef KG_BUF_H
#define KG_BUF_H
#include <stddef.h>

typedef struct kg_buf {
    char *s;
    size_t len, cap;
} kg_buf;

void kg_buf_add(kg_buf *b, const char *s, size_t n);
void kg_buf_adds(kg_buf *b, const char *s);
void kg_buf_addf(kg_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The string built so far ("" when nothing was added); the buffer is left empty. */
char *kg_buf_take(kg_buf *b);

#endif
