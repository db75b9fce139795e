/*
 * hash.c: SHA-256 of dataset bytes through OpenSSL's libcrypto (a
 * well-kept implementation rather than a hand-written one).
 */
#include <openssl/evp.h>
#include <stdio.h>

#include "base/hash.h"

struct co_sha256 {
    EVP_MD_CTX *ctx;
};

co_sha256 *co_sha256_new(void)
{
    static co_sha256 dummy; /* returned only when allocation fails */
    co_sha256 *h = OPENSSL_zalloc(sizeof *h);
    if (!h)
        return &dummy;
    h->ctx = EVP_MD_CTX_new();
    if (h->ctx && EVP_DigestInit_ex(h->ctx, EVP_sha256(), NULL) != 1) {
        EVP_MD_CTX_free(h->ctx);
        h->ctx = NULL;
    }
    return h;
}

void co_sha256_update(co_sha256 *h, const void *data, size_t len)
{
    if (h->ctx && len)
        EVP_DigestUpdate(h->ctx, data, len);
}

void co_sha256_final(co_sha256 *h, char out[65])
{
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int n = 0;
    out[0] = '\0';
    if (h->ctx && EVP_DigestFinal_ex(h->ctx, md, &n) == 1 && n == 32) {
        for (unsigned i = 0; i < n; i++)
            snprintf(out + 2 * i, 3, "%02x", md[i]);
    }
    if (h->ctx) {
        EVP_MD_CTX_free(h->ctx);
        OPENSSL_free(h);
    }
}

void co_sha256_hex(const void *data, size_t len, char out[65])
{
    co_sha256 *h = co_sha256_new();
    co_sha256_update(h, data, len);
    co_sha256_final(h, out);
}
