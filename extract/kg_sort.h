/* kg_sort: the comparison functions kg passes to qsort and bsearch for arrays of
 * size_t (offsets) and of C strings (char *, compared with strcmp). */
#ifndef KG_SORT_H
#define KG_SORT_H
#include <stddef.h>
#include <string.h>

static inline int kg_cmp_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

static inline int kg_cmp_cstr(const void *a, const void *b) {
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

#endif
