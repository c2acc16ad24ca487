/* kg_multimatch: which of many literal strings occur in a text, in one pass.
 *
 * An Aho–Corasick automaton over bytes, built once (kg_multimatch_build) and then
 * read-only, so any number of threads may scan with it. ASCII letters are matched
 * without case: add needles in lower case. Other bytes match exactly.
 *
 * Ownership: kg_multimatch_new returns an object freed with kg_multimatch_free (NULL is
 * accepted). Needles are copied. */
#ifndef KG_MULTIMATCH_H
#define KG_MULTIMATCH_H
#include <stddef.h>

typedef struct kg_multimatch kg_multimatch;

kg_multimatch *kg_multimatch_new(void);

/* Adds a non-empty needle before kg_multimatch_build and returns its id (0, 1, ...); a
 * needle added twice keeps its first id. */
size_t kg_multimatch_add(kg_multimatch *m, const char *needle, size_t len);

/* The needle with this id (owned by m), or NULL. */
const char *kg_multimatch_needle(const kg_multimatch *m, size_t id);

/* Builds the automaton; after it, no more needles may be added. */
void kg_multimatch_build(kg_multimatch *m);

/* The number of distinct needles: bits in a `found` set. */
size_t kg_multimatch_count(const kg_multimatch *m);

/* Sets bit id of `found` (byte id/8, bit id%8; the caller zeroes its
 * (kg_multimatch_count + 7) / 8 bytes) for every needle that occurs in text[0..len). */
void kg_multimatch_scan(const kg_multimatch *m, const char *text, size_t len,
                        unsigned char *found);

static inline int kg_multimatch_found(const unsigned char *found, size_t id) {
    return (found[id / 8] >> (id % 8)) & 1;
}

void kg_multimatch_free(kg_multimatch *m);

#endif
