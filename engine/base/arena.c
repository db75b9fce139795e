/*
 * arena.c: the bump allocator of arena.h: blocks of 64 KiB (larger
 * requests get a block of their own), freed all at once.
 */
#include "base/arena.h"

#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 65536

typedef struct block {
    struct block *next;
    size_t used, size;
    alignas(max_align_t) unsigned char data[];
} block;

struct co_arena {
    block *head;
    int failed;
};

co_arena *co_arena_new(void)
{
    return calloc(1, sizeof(co_arena));
}

void co_arena_free(co_arena *a)
{
    if (!a)
        return;
    for (block *b = a->head, *next; b; b = next) {
        next = b->next;
        free(b);
    }
    free(a);
}

void *co_arena_alloc(co_arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    size_t need = n ? (n + align - 1) / align * align : align;
    if (need < n) { /* overflow */
        a->failed = 1;
        return NULL;
    }
    block *b = a->head;
    if (!b || b->size - b->used < need) {
        size_t size = need > BLOCK ? need : BLOCK;
        if (size > SIZE_MAX - sizeof(block)) {
            a->failed = 1;
            return NULL;
        }
        b = malloc(sizeof(block) + size);
        if (!b) {
            a->failed = 1;
            return NULL;
        }
        b->size = size;
        b->used = 0;
        if (a->head && need > BLOCK) {
            /* a block of its own: keep filling the current one */
            b->next = a->head->next;
            a->head->next = b;
        } else {
            b->next = a->head;
            a->head = b;
        }
    }
    void *p = b->data + b->used;
    b->used += need;
    memset(p, 0, n);
    return p;
}

void *co_arena_array(co_arena *a, size_t n, size_t size)
{
    if (n == 0)
        return NULL;
    if (size && n > SIZE_MAX / size) {
        a->failed = 1;
        return NULL;
    }
    return co_arena_alloc(a, n * size);
}

char *co_arena_strdup(co_arena *a, const char *s)
{
    if (!s)
        return NULL;
    size_t n = strlen(s) + 1;
    char *c = co_arena_alloc(a, n);
    if (c)
        memcpy(c, s, n);
    return c;
}

int co_arena_failed(const co_arena *a)
{
    return a->failed;
}
