/* kg_arena: bump allocator for data that lives exactly as long as one article.
 *
 * Ownership: everything allocated from an arena is released by one kg_arena_free();
 * nothing from an arena is ever passed to free(). Allocation failure is fatal (like
 * SQLite's default): the handler set with kg_set_out_of_memory runs, which must not
 * return; without one, a message and abort(). */
#ifndef KG_ARENA_H
#define KG_ARENA_H
#include <stddef.h>

typedef struct kg_arena kg_arena;

kg_arena *kg_arena_new(void);
void kg_arena_free(kg_arena *arena);            /* NULL is fine */
void *kg_arena_alloc(kg_arena *arena, size_t n); /* zeroed, aligned for any type */
char *kg_arena_strdup(kg_arena *arena, const char *s);          /* NULL -> NULL */
char *kg_arena_strndup(kg_arena *arena, const char *s, size_t n); /* NUL-terminated copy */
/* a followed by b, copied into arena: kg_arena_printf(arena, "%s%s", a, b) without the
 * format interpreter (recognizers make one or two such strings per mention). */
char *kg_arena_cat(kg_arena *arena, const char *a, const char *b);
char *kg_arena_printf(kg_arena *arena, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Sets what happens when an allocation fails (NULL: the message and abort()); the
 * handler gets the size asked for and must end the process. The kg binary's handler
 * exits with status 4 after saying so. */
void kg_set_out_of_memory(void (*handler)(size_t bytes));

/* Heap helpers for which out-of-memory is fatal (see kg_set_out_of_memory); their results are freed with free(). */
void *kg_xmalloc(size_t n);
void *kg_xcalloc(size_t count, size_t size);
void *kg_xrealloc(void *p, size_t n);
char *kg_xstrdup(const char *s);
char *kg_xstrndup(const char *s, size_t n);

/* Grows *items (of *cap elements of elem_size bytes) so that it holds at least need. */
void kg_grow(void **items, size_t *cap, size_t need, size_t elem_size);
#define KG_PUSH(arr, n, cap, value) \
    do { kg_grow((void **)&(arr), &(cap), (n) + 1, sizeof *(arr)); (arr)[(n)++] = (value); } while (0)

#endif
