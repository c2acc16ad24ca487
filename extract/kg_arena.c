/* kg_arena: a chain of blocks; see kg_arena.h for the contract. */
#include "kg_arena.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { KG_ARENA_BLOCK = 64 * 1024, KG_ARENA_ALIGN = 16 };

typedef struct kg_block {
    struct kg_block *next;
    size_t used, size;
    _Alignas(16) unsigned char data[];
} kg_block;

struct kg_arena {
    kg_block *head;
};

static void (*oom_handler)(size_t);

void kg_set_out_of_memory(void (*handler)(size_t bytes)) { oom_handler = handler; }

static void kg_out_of_memory(size_t n) {
    if (oom_handler) oom_handler(n);
    fprintf(stderr, "kg: out of memory (allocating %zu bytes)\n", n);
    abort();
}

void *kg_xmalloc(size_t n) {
    void *p = malloc(n ? n : 1);
    if (!p) kg_out_of_memory(n);
    return p;
}

void *kg_xcalloc(size_t count, size_t size) {
    void *p = calloc(count ? count : 1, size ? size : 1);
    if (!p) kg_out_of_memory(count * size);
    return p;
}

void *kg_xrealloc(void *p, size_t n) {
    void *q = realloc(p, n ? n : 1);
    if (!q) kg_out_of_memory(n);
    return q;
}

char *kg_xstrdup(const char *s) {
    return s ? kg_xstrndup(s, strlen(s)) : NULL;
}

char *kg_xstrndup(const char *s, size_t n) {
    char *d = kg_xmalloc(n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

void kg_grow(void **items, size_t *cap, size_t need, size_t elem_size) {
    if (need <= *cap) return;
    size_t next = *cap ? *cap * 2 : 8;
    while (next < need) next *= 2;
    if (next > SIZE_MAX / elem_size) kg_out_of_memory(SIZE_MAX);
    *items = kg_xrealloc(*items, next * elem_size);
    *cap = next;
}

kg_arena *kg_arena_new(void) {
    return kg_xcalloc(1, sizeof(kg_arena));
}

void kg_arena_free(kg_arena *arena) {
    if (!arena) return;
    kg_block *b = arena->head;
    while (b) {
        kg_block *next = b->next;
        free(b);
        b = next;
    }
    free(arena);
}

void *kg_arena_alloc(kg_arena *arena, size_t n) {
    n = (n + KG_ARENA_ALIGN - 1) & ~(size_t)(KG_ARENA_ALIGN - 1);
    kg_block *b = arena->head;
    if (!b || b->size - b->used < n) {
        size_t size = n > KG_ARENA_BLOCK ? n : KG_ARENA_BLOCK;
        b = kg_xmalloc(sizeof(kg_block) + size);
        b->size = size;
        b->used = 0;
        b->next = arena->head;
        arena->head = b;
    }
    void *p = b->data + b->used;
    b->used += n;
    memset(p, 0, n);
    return p;
}

char *kg_arena_strndup(kg_arena *arena, const char *s, size_t n) {
    char *d = kg_arena_alloc(arena, n + 1);
    memcpy(d, s, n);
    d[n] = '\0';
    return d;
}

char *kg_arena_cat(kg_arena *arena, const char *a, const char *b) {
    size_t na = strlen(a), nb = strlen(b);
    char *out = kg_arena_alloc(arena, na + nb + 1);
    memcpy(out, a, na);
    memcpy(out + na, b, nb + 1);
    return out;
}

char *kg_arena_strdup(kg_arena *arena, const char *s) {
    return s ? kg_arena_strndup(arena, s, strlen(s)) : NULL;
}

char *kg_arena_printf(kg_arena *arena, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) return kg_arena_strdup(arena, "");
    char *d = kg_arena_alloc(arena, (size_t)n + 1);
    va_start(ap, fmt);
    vsnprintf(d, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return d;
}
