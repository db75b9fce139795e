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
/* The solver options' ranges, both ends included. */
#define CO_TIME_LIMIT_MIN 0.001 /* seconds: GLPK counts whole milliseconds */
#define CO_TIME_LIMIT_MAX 1e6
#define CO_MIP_GAP_MIN 0.0
#define CO_MIP_GAP_MAX 1.0
/* time_limit in seconds and mip_gap (relative), each in its range above;
 * else CO_EUSAGE with the reason in dg. */
int co_run_options_solver(co_run_options *ro, double time_limit, double mip_gap,
                          co_diag *dg);

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

/* Reads a plan JSON file ("-": standard input) as `coalitions plan
 * --json` writes it. CO_EIO when it cannot be read, CO_EINPUT when it is
 * not a plan (every problem in dg). */
int co_plan_load(const char *path, co_plan **out, co_diag *dg);

/* ---- deadline analysis (docs/DEADLINES.md) -------------------------- */

/* What to analyse: the needs by id (NULL, 0: every need with a deadline
 * within the dataset's years), a plan of the same dataset whose
 * allocations by year say what it does by each deadline (NULL: none), and
 * how many child processes share the needs (1: none). */
typedef struct co_deadline_request {
    const char *const *needs;
    int n_needs;
    const co_plan *plan;
    const char *plan_name; /* the plan's file, for messages */
    int jobs;
} co_deadline_request;

/* The deadline analysis of docs/MULTIYEAR.md of a multi-year dataset:
 * LPs only, no plan solved; the options' parameters and time limit hold
 * (the whole analysis stops at the time limit). The result is a plan
 * holding only its deadlines list (by need id), the same for any number
 * of jobs. CO_OK; CO_EINFEASIBLE when the time limit came before every
 * need was analysed (*out then still holds them all, the rest without
 * the LPs' fields); CO_EINPUT for a dataset without years or a plan of
 * another dataset; CO_EUSAGE for a need id that is unknown or has no
 * deadline within the years; CO_ESOLVER; CO_EINTERNAL. */
int co_deadlines_analyse(const co_dataset *ds, const co_run_options *ro,
                         const co_deadline_request *rq, co_plan **out, co_diag *dg);
/* The analysis (or a plan's deadline analysis) as JSON: engine, dataset,
 * as_of, parameters and the deadlines list, as in a plan; the string
 * belongs to the caller (free()). */
int co_plan_analysis_to_json(const co_plan *pl, char **out, co_diag *dg);

/* ---- text for messages --------------------------------------------- */

/* What a front end needs to word its messages as the engine does. */

/* Parses the whole of s as a finite decimal number (no space, hex, inf or
 * nan). Returns 0, or -1 leaving *out as it was. */
int co_parse_double(const char *s, double *out);
/* s quoted for a message: printable ASCII kept, other bytes as \xHH, cut
 * to 60 bytes with "...". The text is in a static buffer per slot (0 to
 * 3), valid until the slot's next use: the exception to the rule above. */
const char *co_q(int slot, const char *s);
/* v for a message, in the shortest form that reads back; as co_q. */
const char *co_num(int slot, double v);
/* The name of names[0 .. n) nearest to s (edit distance) when it is near
 * enough to be a likely typo, for a "did you mean" hint; else NULL. */
const char *co_nearest(const char *s, const char *const *names, int n);

#ifdef __cplusplus
}
#endif
#endif
