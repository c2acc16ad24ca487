/* kg_hash: the string hash shared by kg's open-addressing tables (lexicon ids,
 * coreference counts, the store's entity cache). 64-bit FNV-1a over the bytes up to the
 * NUL; not for adversarial keys beyond what linear probing tolerates. */
#ifndef KG_HASH_H
#define KG_HASH_H
#include <stdint.h>

static inline uint64_t kg_hash_string(const char *s) {
    uint64_t h = 1469598103934665603u;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211u;
    return h;
}

#endif
