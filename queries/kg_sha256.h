/* kg_sha256: the content hash of an article, SHA-256 (FIPS 180-4) as lowercase hex.
 * The digest itself is Nettle's (sha256_*), which uses the CPU's SHA instructions where
 * present; this module only fixes the form kg stores. Thread-safe: no shared state. */
#ifndef KG_SHA256_H
#define KG_SHA256_H
#include <stddef.h>

/* Writes the 64 hex digits of SHA-256(data[0..len)) and a NUL into hex. */
void kg_sha256_hex(const void *data, size_t len, char hex[65]);

#endif
