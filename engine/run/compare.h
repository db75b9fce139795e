/*
 * compare.h: the comparison of what-if runs (docs/WHATIF.md): a baseline
 * and its scenarios, each a finished run's outcome, become one typed
 * comparison (money placed, urgent need covered, seats, per State and per
 * donor changes, per obligation the deadline figures of a multi-year
 * dataset, the ranking by objective), written as comparison.json
 * and read back by one hardened reader (compare_json.c) for `brief
 * COMPARISON.json` and the workbook's Scenarios sheet; and its terminal
 * view (compare.c). Running the scenarios and writing the files are the
 * caller's (`whatif`).
 *
 * Not given, as in result/plan.h: a comparison read from a file may lack
 * fields; they read as NULL, NaN, CO_CENTS_NONE, -1 (counts, yes/no) or
 * CO_CMP_NONE (whole numbers of either sign). Every string and array of a
 * comparison lives in its arena and goes with co_comparison_free.
 */
#ifndef CO_COMPARE_H
#define CO_COMPARE_H

#include <limits.h>

#include "base/output.h"
#include "result/deadline_change.h"
#include "result/plan.h"

/* One run as the caller saw it finish. Every pointer is borrowed. */
typedef struct co_outcome {
    const char *name;          /* scenario name; NULL for the baseline */
    const char *file;          /* plan JSON file name written in --json-dir, or NULL */
    long long run;             /* store run id, 0 when not stored */
    int exit_code;             /* 0 plan, 1 infeasible/no solution, 3 input error, 4 solver failure, ... */
    const char *message;       /* one line saying why there is no plan, or NULL */
    const co_plan_explanation *explanation; /* why the rules cannot hold, or NULL */
    const co_plan *plan;       /* the run's plan, or NULL when it wrote none */
} co_outcome;

/* co_outcome_label, the name of an outcome's plan in messages:
 * include/coalitions.h. */

/* A whole number of either sign not given. */
#define CO_CMP_NONE INT_MIN

/* A scenario's change against the baseline. */
typedef struct co_cmp_delta {
    double objective;                   /* rounded to 0.01 */
    int64_t allocated, urgent_allocated; /* cents */
    double urgent_share;                /* rounded to 1e-9; NaN when either is unknown */
    int seats;                          /* CO_CMP_NONE when not given */
    int seats_in, seats_out;            /* -1 when not given */
} co_cmp_delta;

/* A State whose coverage, lead or members changed. */
typedef struct co_cmp_state {
    const char *state;
    double coverage, coverage_before, coverage_change; /* NaN: null */
    int64_t allocated_change;                          /* cents */
    const char *lead, *lead_before;                    /* NULL: none */
    const char **members_in, **members_out;            /* donor ids, by id */
    int n_in, n_out;
} co_cmp_state;

/* A donor whose allocation changed. */
typedef struct co_cmp_donor {
    const char *donor;
    double utilisation, utilisation_before, utilisation_change; /* NaN: null */
    int64_t allocated_change;                                    /* cents */
    double marginal_value, marginal_value_before;                /* NaN: null */
} co_cmp_donor;

/* One run in the comparison (docs/WHATIF.md "OUTCOME"). */
typedef struct co_cmp_outcome {
    const char *name, *file; /* NULL: the baseline; no file written */
    long long run;           /* 0: not stored */
    const char *status;
    int exit_code;           /* -1 when not given */
    const char *message;
    int has_explanation;
    co_plan_explanation explanation;
    /* the plan's figures; not given for a run without a plan (a run has
     * one when allocated is given) */
    double objective, gap;
    int64_t requested, allocated, urgent_requested, urgent_allocated; /* cents */
    double urgent_share;
    int seats;
    double price_of_fairness;
    int marginal_unique; /* 1, 0, -1 */
    /* scenarios only: the changes against the baseline (not given when
     * either run has no plan) */
    int has_delta;
    co_cmp_delta delta;
    co_cmp_state *states; /* NULL: null */
    int n_states;
    co_cmp_donor *donors; /* NULL: null */
    int n_donors;
    /* a multi-year comparison's only (has_deadlines: some run's plan has
     * a deadline analysis): the obligations whose deadline figures
     * changed, by need id (NULL: null, when either run has no plan) */
    int has_deadlines;
    co_deadline_change *deadlines;
    int n_deadlines;
} co_cmp_outcome;

typedef struct co_cmp_rank {
    int rank;       /* 1 for the highest objective; ties share a rank */
    const char *name; /* NULL: the baseline */
    double objective, objective_change; /* NaN: null */
} co_cmp_rank;

/* The handle of include/coalitions.h. */
struct co_comparison {
    co_arena *arena;
    const char *dataset_name, *dataset_sha256;
    const char *scenarios_file;
    co_cmp_outcome baseline;
    co_cmp_outcome *scenarios; /* in the scenario file's order */
    int n_scenarios;
    co_cmp_rank *ranking;      /* runs with a plan, by objective */
    int n_ranking;
};

/* Builds the comparison of `base` and the n scenarios `scen` (in the
 * scenario file's order); scenarios_file is echoed (may be NULL). *out
 * belongs to the caller (co_comparison_free). A run's plan that lacks a
 * field the comparison reads (docs/WHATIF.md) is CO_EINPUT with "LABEL:
 * field: missing" in dg (LABEL as co_outcome_label); out of memory is
 * CO_EINTERNAL. */
int co_compare_build(const co_outcome *base, const co_outcome *scen, int n,
                     const char *scenarios_file, co_comparison **out, co_diag *dg);
/* co_comparison_free, co_comparison_to_json and co_comparison_text:
 * include/coalitions.h; co_comparison_build there takes co_run_outcome
 * (run/api.c). */

/* Reads a comparison JSON (`name` starts every message), as co_plan_read
 * reads a plan: parsed by co_json_parse, every field that is there checked
 * ("NAME: scenarios[1].delta.allocated: must be a finite number, got
 * '"x"'"), fields not there left not given. CO_OK with *out (the caller
 * frees it), CO_EINPUT or CO_EINTERNAL. */
int co_comparison_read(const char *name, const char *text, size_t len, co_comparison **out,
                       co_diag *dg);
/* The same for a parsed document (`root` is borrowed). */
int co_comparison_from_json(const char *name, const co_json *root, co_comparison **out,
                            co_diag *dg);

/* True when the outcome has a plan's figures. */
int co_cmp_has_plan(const co_cmp_outcome *o);

/* No line of co_comparison_text's view is wider than this. */
#define CO_COMPARE_WIDTH 100

#endif
