/*
 * deadlines.h (run): the deadline analysis of a dataset's needs, one after
 * another in this process (after a plan's solve, within its time limit)
 * or spread over child processes (co_batch_run) for `coalitions
 * deadlines -j N` (co_deadlines_analyse, include/coalitions.h).
 */
#ifndef CO_RUN_DEADLINES_H
#define CO_RUN_DEADLINES_H

#include "result/plan.h"

/* Analyses the needs idx[0..n) into dl[0..n) (each initialised here; the
 * caller releases all n with co_deadline_release, also after a failure).
 * A need reached after `deadline` (a co_clock() time) is left not
 * analysed. CO_OK, CO_ESOLVER or CO_EINTERNAL, the reason in dg. */
int co_deadlines_compute(const co_dataset *ds, const co_instance *in, const co_years *y,
                         const int *idx, int n, double deadline, co_deadline *dl, co_diag *dg);

/* The deadlines list of pl, a solved multi-year plan of ds made with the
 * instance in (nothing for a one-period dataset): the analysis until
 * `deadline`, then the plan's own part from its allocations by year. A
 * need not analysed in time is said in a warning. CO_OK, CO_ESOLVER or
 * CO_EINTERNAL. */
int co_plan_add_deadlines(co_plan *pl, const co_dataset *ds, const co_instance *in,
                          double deadline, co_diag *dg);

#endif
