/*
 * batch.h: independent jobs run in child processes, up to N at once (GLPK
 * is not thread-safe; a fresh process is a fresh GLPK). Each job writes
 * a text in its child; the parent gets every job's text back in job order,
 * so what it makes of them does not depend on how many ran at once. With
 * N = 1 the jobs run in this process, one after the other, through the
 * same text.
 */
#ifndef CO_BATCH_H
#define CO_BATCH_H

#include "base/output.h"

/* A job: appends its result to out and returns CO_OK, or another CO_E*
 * code with the reason in out. Runs in a child process that exits after
 * it: what it allocates dies with the child. */
typedef int co_batch_fn(void *ctx, int job, co_buf *out);

typedef struct co_batch_result {
    int rc;     /* the job's code; CO_EINTERNAL when its child died */
    char *text; /* what it wrote, NUL-terminated (not NULL once run) */
    size_t len;
} co_batch_result;

/* Runs jobs 0..n-1 with at most `parallel` children at once (1: in this
 * process) into res[0..n-1] (the caller releases them with
 * co_batch_release). `child_exit(ctx)`, when not NULL, runs in each child
 * after its job, before it exits (to free what it inherited, for leak
 * checkers). CO_OK once every job has ended, whatever their codes;
 * CO_EINTERNAL when a child could not be started or waited for (with the
 * reason in dg). */
int co_batch_run(int n, int parallel, co_batch_fn *fn, void *ctx, void (*child_exit)(void *),
                 co_batch_result *res, co_diag *dg);
void co_batch_release(co_batch_result *res, int n);

#endif
