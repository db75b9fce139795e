/*
 * run/diagnose.h: the diagnosis of a run (docs/DIAGNOSIS.md): the reasons
 * of model/diagnose.h, and what re-solving finds: for each State without
 * a coalition (or below the coverage floor) the smallest single change of
 * a short list that gives it one, with its side effects; and for each need
 * below `surveyed` the money surveyed evidence would move to it. All within
 * a deadline; what was not tried is recorded. The report's type and its
 * sentences are model/diagnose.h's; the run (run.c) puts it in the plan.
 */
#ifndef CO_RUN_DIAGNOSE_H
#define CO_RUN_DIAGNOSE_H

#include "model/diagnose.h"
#include "solve/solve.h"

/* The diagnosis of the plan (in, sol) of dataset ds with parameters p (the
 * run's; its rules, or NULL, are re-resolved for each re-solve; `where`
 * names them in messages). The report stays empty (out->done 0) when sol
 * has no plan. No re-solve starts once co_clock() is within 0.02 s of
 * `deadline`, and each gets at most a quarter of the time left (at least a
 * second, when there is one) and the run's time_limit. With resolve 0
 * nothing is re-solved: the reasons only, no changes and no evidence
 * values (out->resolved 0). CO_OK (a re-solve
 * that fails only leaves its change untried), CO_EINTERNAL out of memory. */
int co_dx_run(const co_dataset *ds, const co_params *p, const co_rules *rules, const char *where,
              const co_instance *in, const co_solution *sol, double deadline, int resolve,
              co_dx_report *out, co_diag *dg);

/* The base plan's seats of the diagnosis (for the co_dx_plan of a solution). */
co_dx_plan co_dx_plan_of(const co_solution *sol);

#endif
