/*
 * plan.h: the plan as reported (docs/MODEL.md "Reading the solution"):
 * amounts in cents, seats, leads, coverage, marginal values and the
 * objective recomputed from what is reported. Writers (plan_json.c,
 * report.c, csv_out.c) read this struct; none of them recompute anything.
 */
#ifndef CO_PLAN_H
#define CO_PLAN_H

#include <stdint.h>

#include "solve/explain.h"
#include "solve/solve.h"

typedef struct co_alloc {
    int d, n;
    int64_t cents;
    double w;
} co_alloc;

typedef struct co_member {
    int d;
    int64_t cents;
} co_member;

typedef struct co_coalition {
    int s;
    int lead; /* donor index, -1 when no members */
    co_member *members; /* lead first, then by amount desc, then donor id */
    int n_members;
    double requested;  /* sum of R_n */
    int64_t allocated; /* cents */
    double urgency;
    double marginal_value; /* largest need dual among its needs; NaN when not available */
} co_coalition;

typedef struct co_donor_result {
    int64_t allocated; /* cents */
    int *states;       /* State indexes of its seats, in id order */
    int n_states;
    double marginal_value; /* NaN when not available */
    double budget_lo, budget_hi; /* budgets over which it holds (NaN unknown, hi may be inf) */
} co_donor_result;

typedef struct co_need_result {
    int64_t allocated; /* cents */
    double marginal_value; /* dual of its need row: one more USD of need; NaN when none */
} co_need_result;

/* An alternative plan (--alternatives): its totals and how its seats
 * differ from the best plan's (seat indexes of the instance). */
typedef struct co_alternative {
    double total;
    int64_t allocated; /* cents */
    int seats;
    int *added, *removed;
    int n_added, n_removed;
} co_alternative;

/* Where the plan stands against a baseline plan (--baseline). */
typedef struct co_baseline_info {
    char *source;       /* "run 12" or the plan file, NULL without a baseline */
    int keep_pledges;
    int added, removed; /* seats against the baseline's */
    double penalty;     /* stability_weight * (added + removed) */
} co_baseline_info;

struct co_plan {
    const co_dataset *ds; /* borrowed: the plan must not outlive it */
    co_instance in;
    char *scenario;       /* NULL for a plain run */
    enum co_status status;
    int has_bound;
    double bound, gap;
    double value, coordination_cost, shortfall_penalty, total;
    int seats;
    int degenerate, marginal_available;
    co_alloc *allocs; /* sorted by (state, need, donor) */
    int n_allocs;
    co_coalition *coalitions; /* one per State, in id order */
    co_donor_result *donors;
    co_need_result *needs;
    int rows, cols, nonzeros, integer_cols;
    double load_s, build_s, solve_s;
    double elapsed_s;  /* the run on its one clock (--time-limit counts it) */
    unsigned skipped;  /* enum co_skip bits: work left out for the time limit */
    double price_of_fairness; /* with a coverage floor; NaN otherwise */
    co_baseline_info baseline;
    co_explanation explanation; /* why an infeasible what-if has no plan */
    co_alternative *alts;
    int n_alts;
    double within; /* percent, for alternatives */
};

/* Reads a solution into a plan; takes over the instance (in is zeroed). */
int co_plan_build(const co_dataset *ds, co_instance *in, const co_solution *sol,
                  const co_extras *ex, co_plan **out, co_diag *dg);

const char *co_status_name(enum co_status st);

/* Cents to USD. */
static inline double co_usd(int64_t cents) { return (double)cents / 100.0; }

#endif
