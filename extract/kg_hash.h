/* kg_hash: the string hash shared by kg's open-addressing tables (lexicon ids,
 * coreference counts, the store's entity cache). 64-bit FNV-1a over the bytes up to the
 * NUL; not for adversarial keys beyond what linear probing tolerates. */
#ifndef KG_HASH_H
#define KG_HASH_H
#include <stdint.h>

#define KG_HASH_START 1469598103934665603u

/* h continued over s: a key of several strings hashes as
 * kg_hash_more(kg_hash_more(KG_HASH_START, a), b). */
static inline uint64_t kg_hash_more(uint64_t h, const char *s) {
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return (h ^ 0xFFu) * 1099511628211u; /* ("ab","c") and ("a","bc") differ */
}

static inline uint64_t kg_hash_string(const char *s) {
    uint64_t h = KG_HASH_START;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

#endif
