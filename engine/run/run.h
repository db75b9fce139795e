/*
 * run.h: a run from a dataset to a plan, with what a what-if, a baseline or
 * alternatives add to a plain solve.
 */
#ifndef CO_RUN_H
#define CO_RUN_H

#include "result/plan.h"

/* What a run adds to a plain solve, resolved: the rules by id (what
 * co_request's scenario and baseline become in api.c). */
typedef struct co_plan_request {
    const co_rules *rules;    /* scenario rules and baseline seats, or NULL */
    const char *where;        /* message prefix for the rules ("FILE: scenario 'X'") */
    const char *scenario;     /* scenario name, or NULL */
    const char *baseline;     /* where the baseline came from, or NULL */
    int keep_pledges;
    int alternatives;         /* up to this many plans in all (0 or 1: just the best) */
    double within;            /* percent of the best's objective */
} co_plan_request;

/* co_plan_solve (include/coalitions.h) once the request is rules: the
 * dataset is the one solved (a scenario already applied); rq NULL is a
 * plain run. Returns and errors as co_plan_solve. */
int co_plan_solve_ex(const co_dataset *ds, const co_run_options *ro, const co_plan_request *rq,
                     void (*log)(void *ctx, const char *text), void *log_ctx, co_plan **out,
                     co_diag *dg);

#endif
