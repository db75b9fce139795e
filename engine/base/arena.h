/*
 * arena.h: memory for a structure made of many small parts (a plan, a
 * comparison): every part comes from one arena and goes with it, so the
 * owner frees one thing. Allocations are zeroed and aligned for any type;
 * a failed one sets a flag the owner checks once at the end.
 */
#ifndef CO_ARENA_H
#define CO_ARENA_H

#include <stddef.h>

typedef struct co_arena co_arena;

/* A new empty arena, or NULL when out of memory. */
co_arena *co_arena_new(void);
/* Frees the arena and everything allocated from it; accepts NULL. */
void co_arena_free(co_arena *a);
/* n zeroed bytes (n may be 0), or NULL when out of memory (the arena then
 * remembers the failure: co_arena_failed). */
void *co_arena_alloc(co_arena *a, size_t n);
/* Room for n items of `size` bytes (checked for overflow), zeroed; NULL
 * when n is 0 or out of memory (only the second counts as a failure). */
void *co_arena_array(co_arena *a, size_t n, size_t size);
/* A copy of s in the arena; NULL for a NULL s (not a failure) or when out
 * of memory (a failure). */
char *co_arena_strdup(co_arena *a, const char *s);
/* True when an allocation from the arena has failed since it was made. */
int co_arena_failed(const co_arena *a);

#endif
