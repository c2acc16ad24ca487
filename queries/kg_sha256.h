/* kg_sha256: SHA-256 (FIPS 180-4) of a byte string, as lowercase hex.
 *
 * Written here rather than taken from a library because kg needs only this one digest,
 * for content hashes of articles; none of kg's dependencies exposes it. */
#ifndef KG_SHA256_H
#define KG_SHA256_H
#include <stddef.h>
#include <stdint.h>

typedef struct kg_sha256 {
    uint32_t state[8];
    uint64_t length;          /* bytes hashed so far */
    unsigned char block[64];
    size_t used;              /* bytes waiting in block */
} kg_sha256;

void kg_sha256_init(kg_sha256 *ctx);
void kg_sha256_update(kg_sha256 *ctx, const void *data, size_t len);
void kg_sha256_final(kg_sha256 *ctx, unsigned char digest[32]);
/* Writes the 64 hex digits and a NUL into hex. */
void kg_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
