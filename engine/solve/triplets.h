/*
 * triplets.h: a growing list of (row, column, value) entries, 1-based from
 * index 1 as glp_load_matrix takes them; for the files that hand GLPK a
 * matrix (formulate.c, explain.c). Pure C: no GLPK here.
 */
#ifndef CO_TRIPLETS_H
#define CO_TRIPLETS_H

typedef struct co_triplets {
    int *ia, *ja;  /* rows and columns, entries 1..nnz */
    double *ar;    /* values, entries 1..nnz */
    int nnz, cap;
    int oom;       /* set when an entry could not be added */
} co_triplets;

/* Appends (i, j, v); out of memory sets t->oom and drops the entry. */
void co_triplets_add(co_triplets *t, int i, int j, double v);
void co_triplets_release(co_triplets *t);

#endif
