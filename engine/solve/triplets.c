/*
 * triplets.c: the growing (row, column, value) list of triplets.h.
 */
#include "solve/triplets.h"

#include <stdlib.h>
#include <string.h>

void co_triplets_add(co_triplets *t, int i, int j, double v)
{
    if (t->nnz + 1 >= t->cap) {
        int cap = t->cap ? t->cap * 2 : 4096;
        int *ia = realloc(t->ia, (size_t)cap * sizeof *ia);
        if (ia)
            t->ia = ia;
        int *ja = realloc(t->ja, (size_t)cap * sizeof *ja);
        if (ja)
            t->ja = ja;
        double *ar = realloc(t->ar, (size_t)cap * sizeof *ar);
        if (ar)
            t->ar = ar;
        if (!ia || !ja || !ar) {
            t->oom = 1;
            return;
        }
        t->cap = cap;
    }
    t->nnz++;
    t->ia[t->nnz] = i;
    t->ja[t->nnz] = j;
    t->ar[t->nnz] = v;
}

void co_triplets_release(co_triplets *t)
{
    free(t->ia);
    free(t->ja);
    free(t->ar);
    memset(t, 0, sizeof *t);
}
