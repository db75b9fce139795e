/*
 * coalitions.h: the public API of the coalitions engine.
 *
 * The engine reads a dataset of donors and needs, builds the mixed-integer
 * model of docs/MODEL.md, solves it with GLPK and returns a plan: the
 * recommended Country Coalitions.
 *
 * Rules that hold for every function here (stated once, as jq does):
 * - Functions return 0 (CO_OK) or a negative CO_E* code; the explanation
 *   goes into the co_diag passed in. Nothing here prints or exits.
 * - Arguments are borrowed. An object returned through an out-pointer
 *   belongs to the caller, who frees it with the matching *_free function.
 * - Every *_free function accepts NULL.
 * - The engine is not thread-safe (GLPK is not): use one process per
 *   concurrent solve.
 */
#ifndef COALITIONS_H
#define COALITIONS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CO_VERSION "0.1.0"

/* Error codes. The command line exits with the negated code. */
enum {
    CO_OK = 0,
    CO_EINFEASIBLE = -1, /* no plan: infeasible, or a limit before any plan */
    CO_EUSAGE = -2,      /* bad command line or bad option value */
    CO_EINPUT = -3,      /* invalid input data */
    CO_ESOLVER = -4,     /* GLPK failed */
    CO_EIO = -5,         /* a file or the database could not be used */
    CO_EINTERNAL = -70   /* out of memory or a bug */
};

/* ---- diagnostics ---------------------------------------------------- */

/* A collector of error and warning messages, each one line of the form
 * "file:line: field: problem" with no final newline. Errors are capped
 * (see co_diag_init); the count past the cap is kept. */
typedef struct co_diag co_diag;

co_diag *co_diag_new(void);
void co_diag_free(co_diag *dg);
/* Number of errors recorded (including those past the cap). */
int co_diag_errors(const co_diag *dg);
/* Number of messages kept, and the i-th one (0-based; NULL past the end).
 * *is_error is set to 1 for an error, 0 for a warning. */
int co_diag_count(const co_diag *dg);
const char *co_diag_message(const co_diag *dg, int i, int *is_error);

/* ---- datasets ------------------------------------------------------- */

typedef struct co_dataset co_dataset;

/* Loads and validates a dataset: a JSON file, or a folder holding a CSV
 * bundle. "-" reads JSON from standard input. On CO_EINPUT every problem
 * found is in dg and *out is NULL. Ids are sorted by bytes in the result. */
int co_dataset_load(const char *path, co_dataset **out, co_diag *dg);
void co_dataset_free(co_dataset *ds);

/* ---- parameters ----------------------------------------------------- */

/* Per-run settings: parameter overrides ("NAME=VALUE" as for --set) and
 * the solver options. */
typedef struct co_run_options co_run_options;

co_run_options *co_run_options_new(void);
void co_run_options_free(co_run_options *ro);
/* Adds one "NAME=VALUE" override; the value is checked against the
 * parameter's range. On error returns CO_EUSAGE with the reason in dg. */
int co_run_options_set(co_run_options *ro, const char *assignment, co_diag *dg);
/* time_limit in seconds (> 0), mip_gap (>= 0). */
int co_run_options_solver(co_run_options *ro, double time_limit, double mip_gap,
                          co_diag *dg);

/* Starts the one clock of the run: the time limit bounds everything from
 * here (loading, solving, the price of fairness, alternatives). A command
 * calls it first; without it the clock starts when co_plan_solve does. */
void co_run_options_start_clock(co_run_options *ro);

/* Progress during a long solve: called at most four times a second and at
 * each better plan, with the best plan's objective (when has_plan), the
 * best bound (when has_bound) and the seconds since the solve began. */
typedef void co_progress_fn(void *ctx, int has_plan, double plan, int has_bound,
                            double bound, double elapsed);
void co_run_options_progress(co_run_options *ro, co_progress_fn *fn, void *ctx);

/* ---- planning ------------------------------------------------------- */

typedef struct co_plan co_plan;

/* Solves the dataset with the options. Returns CO_OK when a plan was
 * found (status optimal or feasible), CO_EINFEASIBLE when none was
 * (the plan then still holds the status, for reporting), CO_ESOLVER when
 * GLPK failed. `log` receives GLPK's terminal output when non-NULL. */
int co_plan_solve(const co_dataset *ds, const co_run_options *ro,
                  void (*log)(void *ctx, const char *text), void *log_ctx,
                  co_plan **out, co_diag *dg);
void co_plan_free(co_plan *pl);

/* The plan as the JSON document of docs/FORMATS.md; the string belongs to
 * the caller (free()). */
int co_plan_to_json(const co_plan *pl, char **out, co_diag *dg);

#ifdef __cplusplus
}
#endif
#endif
