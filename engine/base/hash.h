/*
 * hash.h: SHA-256 of input bytes (the dataset's digest in every plan).
 */
#ifndef CO_HASH_H
#define CO_HASH_H

#include <stddef.h>

/* SHA-256 (OpenSSL's libcrypto): of bytes in one go, or incrementally
 * (new, update..., final; final frees the context). Digests are written
 * as 64 lowercase hex digits and a NUL. */
void co_sha256_hex(const void *data, size_t len, char out[65]);
typedef struct co_sha256 co_sha256;
co_sha256 *co_sha256_new(void);
void co_sha256_update(co_sha256 *h, const void *data, size_t len);
void co_sha256_final(co_sha256 *h, char out[65]);

#endif
