/*
 * coalitions.h: the public API of the coalitions engine.
 *
 * The engine reads a dataset of donors and needs, builds the mixed-integer
 * model of MODEL.md, solves it with GLPK and returns a plan: the
 * recommended Country Coalitions. What-if runs solve scenarios of a
 * dataset side by side and compare them; a run store keeps every run.
 * MODEL.md, MULTIYEAR.md and FORMATS.md are the project's shared contract
 * (README "Contracts"): a function that computes a figure cites the
 * section that defines it.
 *
 * Rules that hold for every function here (stated once, as jq does):
 * - Functions that can fail return 0 (CO_OK) or a negative CO_E* code; the
 *   explanation goes into the co_diag passed in, as lines of the form
 *   "file:line: field: problem, got 'VALUE'" (each function says which).
 *   Out of memory is CO_EINTERNAL. Nothing here prints (but a path "-",
 *   where a function says so, writes to standard output) or exits.
 * - Arguments are borrowed: the caller keeps them alive for the call (and,
 *   where a function says so, for as long as a handle uses them). What a
 *   function returns through an out-pointer belongs to the caller, who
 *   frees it with the matching *_free function (strings and arrays of
 *   bytes with free()). On failure an out-pointer is set to NULL.
 * - Handles are opaque and made by *_new or a function that reads or
 *   builds one; every *_free function accepts NULL. The three plain
 *   structs (co_buf, co_gen_opts, co_run_outcome) are filled by the caller
 *   and hold no hidden state.
 * - Money is in USD, times in seconds, dates "YYYY-MM-DD".
 * - The engine is not thread-safe (GLPK is not): use one process per
 *   concurrent solve (co_batch_run does).
 */
#ifndef COALITIONS_H
#define COALITIONS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CO_VERSION "0.1.0"

/* Error codes. The command line exits with the negated code (README "Exit
 * codes"). */
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
 * "file:line: field: problem" with no final newline. At most 100 errors
 * are kept (then "... and N more errors"); the count past the cap is kept. */
typedef struct co_diag co_diag;

/* An empty collector; NULL when out of memory. */
co_diag *co_diag_new(void);
void co_diag_free(co_diag *dg);
/* Number of errors recorded (including those past the cap). */
int co_diag_errors(const co_diag *dg);
/* Number of messages kept, and the i-th one (0-based; NULL past the end).
 * *is_error (when is_error is not NULL) is set to 1 for an error, 0 for a
 * warning. The text belongs to dg. */
int co_diag_count(const co_diag *dg);
const char *co_diag_message(const co_diag *dg, int i, int *is_error);

/* ---- the handles ---------------------------------------------------- */

typedef struct co_dataset co_dataset;           /* a validated dataset */
typedef struct co_run_options co_run_options;   /* --set overrides and solver options */
typedef struct co_request co_request;           /* a scenario, a baseline, alternatives */
typedef struct co_plan co_plan;                 /* the result of a run */
typedef struct co_scenario_set co_scenario_set; /* a scenario file */
typedef struct co_comparison co_comparison;     /* a what-if comparison */
typedef struct co_batch co_batch;               /* jobs run in child processes */
typedef struct co_store co_store;               /* the run store */

/* ---- text buffers and files ----------------------------------------- */

/* A growing text buffer, as git's strbuf: data holds len bytes and a final
 * NUL (data is NULL while len is 0); oom is set when an append ran out of
 * memory, and from then on the buffer takes nothing more. The caller holds
 * the struct; the renderers (engine/render) append to it. */
typedef struct co_buf {
    char *data;
    size_t len, cap;
    int oom;
} co_buf;

void co_buf_init(co_buf *b);
/* Frees the text; b is empty again. */
void co_buf_release(co_buf *b);
/* Appends n bytes of s, or printf's output for fmt (sets oom when out of
 * memory). */
void co_buf_put(co_buf *b, const char *s, size_t n);
void co_buf_printf(co_buf *b, const char *fmt, ...)
#ifdef __GNUC__
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Reads a whole file ("-": standard input) into a new NUL-terminated
 * string *data of *len bytes (the caller frees it). CO_EIO "PATH: cannot
 * open: reason" when it cannot be read. */
int co_file_read(const char *path, char **data, size_t *len, co_diag *dg);

/* Writes len bytes to path through a temporary file beside it, synced, then
 * renamed into place: a failure leaves the earlier file as it was and no
 * temporary file. "-" writes to standard output. CO_EIO "PATH: cannot
 * write: reason" (or "stdout: write failed: reason"). */
int co_write_atomic(const char *path, const char *data, size_t len, co_diag *dg);

/* Writes n files into the folder dir (created when missing; its parent must
 * exist) as one change: names[i] gets bufs[i]; every file is written and
 * synced before the first is renamed into place, so a failed write leaves
 * every earlier file as it was. CO_EIO "DIR: not a folder", "DIR: cannot
 * create the folder: reason" or "FILE: cannot write: reason"; CO_EINTERNAL
 * "FILE: out of memory" for a buffer whose oom is set. */
int co_write_files(const char *dir, const char *const *names, const co_buf *bufs, int n,
                   co_diag *dg);

/* ---- datasets ------------------------------------------------------- */

/* Loads and validates a dataset (FORMATS.md "Dataset (JSON)", and for a
 * multi-year one MULTIYEAR.md "Data"): a JSON file, or a folder holding a
 * CSV bundle (MULTIYEAR.md "CSV bundle and scenarios",
 * docs/FORMATS-NOTES.md). "-" reads JSON from standard input. CO_EIO
 * "PATH: cannot open: reason"; CO_EINPUT with every problem found, as
 * "FILE: PATH: problem, got 'VALUE'" (JSON) or "FILE:LINE: column: problem"
 * (CSV); warnings (unknown fields) with CO_OK. Lists are sorted by id (by
 * bytes) in the result. */
int co_dataset_load(const char *path, co_dataset **out, co_diag *dg);
void co_dataset_free(co_dataset *ds);

/* How many areas, States, donors and needs the dataset holds (each pointer
 * may be NULL). */
void co_dataset_counts(const co_dataset *ds, int *areas, int *states, int *donors, int *needs);

/* Writes the dataset as JSON (FORMATS.md "Dataset (JSON)": every field it
 * holds, lists by id, numbers in the shortest form that reads back) to path
 * ("-": standard output), atomically as co_write_atomic. CO_EIO as
 * co_write_atomic. */
int co_dataset_save_json(const co_dataset *ds, const char *path, co_diag *dg);
/* Writes the dataset as a CSV bundle into the folder dir (created when
 * missing, its parent must exist), as one change as co_write_files; an
 * optional file the dataset has nothing for is removed. CO_EIO "DIR:
 * cannot create folder: reason" or "FILE: cannot write: reason". */
int co_dataset_save_csv(const co_dataset *ds, const char *dir, co_diag *dg);

/* Writes the model of the dataset under the run options' parameters (their
 * --set overrides; the solver options play no part) for another solver,
 * each to its path when not NULL ("-": standard output), each atomically:
 * dat: MathProg data for models/coalitions.mod (raw values only; the model
 * derives urgency, eligibility and weights: MODEL.md "Derived values");
 * lp, mps: the model of MODEL.md "Variables" to "Objective" in CPLEX LP or
 * free MPS format (GLPK's writers; MPS has no objective sense: the model
 * maximises). CO_EINPUT for a bad parameter or data MathProg cannot take
 * ("FILE: field: problem"), CO_ESOLVER when GLPK fails, CO_EIO as
 * co_write_atomic. */
int co_dataset_export_model(const co_dataset *ds, const co_run_options *ro,
                            const char *dat, const char *lp, const char *mps, co_diag *dg);

/* Options of a synthetic dataset (co_dataset_generate). */
#define CO_GEN_MAX_DONORS 100000
#define CO_GEN_MAX_STATES 100000
#define CO_GEN_MAX_AREAS 100
#define CO_GEN_MAX_COALITION 1000
#define CO_GEN_MIN_BUDGET_SHARE 0.01
#define CO_GEN_MAX_BUDGET_SHARE 10.0
#define CO_GEN_MAX_YEARS 30
typedef struct co_gen_opts {
    int donors;     /* 1 .. CO_GEN_MAX_DONORS */
    int states;     /* 1 .. CO_GEN_MAX_STATES */
    int areas;      /* 1 .. CO_GEN_MAX_AREAS; default 5 */
    uint64_t seed;  /* default 1 */
    char as_of[11]; /* the planning date, YYYY-MM-DD; default "2026-01-01" */
    /* shapes (for benchmark families); the defaults give the same bytes as
     * a generator without them */
    int coalition_size;      /* max_coalition_size, 1 .. CO_GEN_MAX_COALITION; default 5 */
    double budget_share;     /* total budget / total remaining need, from
                              * CO_GEN_MIN_BUDGET_SHARE to CO_GEN_MAX_BUDGET_SHARE;
                              * 0 (default): drawn from 1/1.6 to 1/1.3 */
    double min_grant_share;  /* share of donors with a minimum grant, 0 .. 1; default 0.25 */
    double engagement_share; /* share of donors with an engagement limit, 0 .. 1; default 0.3 */
    double priority_share;   /* share of donors with priority States, 0 .. 1; default 0.6 */
    double floor;            /* the coverage_floor parameter, 0 .. 1; default 0 (not written) */
    int years;      /* 0 (default): one period; 1 .. CO_GEN_MAX_YEARS: a multi-year
                       dataset of that many years from the year of as_of */
} co_gen_opts;

/* The defaults above; donors and states are 0 (the caller must set them). */
void co_gen_opts_defaults(co_gen_opts *o);

/* Writes a synthetic dataset JSON (FORMATS.md "Dataset (JSON)"), valid by
 * construction and a function of the options alone (the same bytes on
 * every machine), to path ("-": standard output) atomically: 1-4 needs
 * per State, log-normal budgets and needs in whole thousands of USD, a
 * total remaining need 1.3-1.6 times the total budget (or the budget
 * share asked), minimum grants, engagement limits and priorities for the
 * shares of donors asked, deadlines from two years before as_of to five
 * years after; with years, a multi-year dataset (MULTIYEAR.md "Data":
 * budgets by year, carry-over, work needs, yearly caps, deadlines over the
 * years, extension requests). CO_EUSAGE "donors: must be a whole number from 1 to
 * 100000, got 'N'" (likewise states, areas, coalition_size and years;
 * "budget_share: must be 0 (drawn) or a number from 0.01 to 10, got 'X'";
 * "floor: must be a number from 0 to 1, got 'X'", likewise the shares;
 * "as_of: must be a date YYYY-MM-DD from 1100-01-01 to 9000-12-31, got
 * 'X'") for an option out of range, nothing written; CO_EIO as
 * co_write_atomic. */
int co_dataset_generate(const co_gen_opts *o, const char *path, co_diag *dg);

/* ---- runs ----------------------------------------------------------- */


/* Per-run settings: parameter overrides ("NAME=VALUE" as for --set) and
 * the solver options. No overrides, a time limit of 30 s and a gap of 1e-4; NULL when out of
 * memory. */
co_run_options *co_run_options_new(void);
void co_run_options_free(co_run_options *ro);
/* Adds one "NAME=VALUE" override of a parameter of MODEL.md
 * "Parameters"; the value is checked against the parameter's range
 * (a date for as_of). CO_EUSAGE "--set: NAME: problem, got 'VALUE'" (an
 * unknown name with a "did you mean" hint). */
int co_run_options_set(co_run_options *ro, const char *assignment, co_diag *dg);
/* The solver options' ranges, both ends included. */
#define CO_TIME_LIMIT_MIN 0.001 /* seconds: GLPK counts whole milliseconds */
#define CO_TIME_LIMIT_MAX 1e6
#define CO_MIP_GAP_MIN 0.0
#define CO_MIP_GAP_MAX 1.0
/* time_limit in seconds for the whole run (co_run_options_start_clock)
 * and mip_gap (relative: a plan within it of the bound counts as optimal,
 * MODEL.md "Reading the solution"), each in its range above; else
 * CO_EUSAGE with the reason. */
int co_run_options_solver(co_run_options *ro, double time_limit, double mip_gap,
                          co_diag *dg);

/* Starts the one clock of the run: the time limit bounds everything from
 * here (loading, solving, the price of fairness, alternatives, writing).
 * A command that makes one plan calls it first (plan); without it each
 * co_plan_solve starts its own clock (whatif: the limit is per scenario). */
void co_run_options_start_clock(co_run_options *ro);

/* How much of the diagnosis of a plan (docs/DIAGNOSIS.md) a run makes:
 * FULL, the reasons each State below full coverage gets little, what would
 * change that and the value of better evidence (both found by re-solving,
 * within the time limit); REASONS, the reasons only (no re-solve: what-if
 * runs take this by default); NONE, no diagnosis. */
enum co_diagnose { CO_DIAGNOSE_FULL = 0, CO_DIAGNOSE_REASONS = 1, CO_DIAGNOSE_NONE = 2 };
void co_run_options_diagnose(co_run_options *ro, enum co_diagnose level);

/* Progress during a long solve: called at most four times a second and at
 * each better plan, with the incumbent's objective (when has_plan), the
 * best bound (when has_bound) and the seconds since the solve began. */
typedef void co_progress_fn(void *ctx, int has_plan, double plan, int has_bound,
                            double bound, double elapsed);
/* fn (NULL: none) is called with ctx during co_plan_solve. */
void co_run_options_progress(co_run_options *ro, co_progress_fn *fn, void *ctx);


/* What a run adds to a plain solve (docs/WHATIF.md): a scenario, a
 * baseline to stay close to, alternatives. A plain run; NULL when out of
 * memory. */
co_request *co_request_new(void);
void co_request_free(co_request *rq);
/* Keeps the run close to an earlier plan (docs/WHATIF.md "Plan
 * stability"): every seat added or removed against base's coalitions costs
 * the parameter stability_weight; with keep_pledges each of base's
 * allocations becomes a pledge (a cent less) the new plan must keep, but
 * those whose donor or need the dataset no longer has (a warning).
 * name says where base came from ("run 12", a file): it starts the
 * messages about base and is the plan's baseline.source. base and name
 * are borrowed until co_plan_solve returns; co_plan_solve fails with
 * CO_EINPUT "NAME: coalitions: missing (not a plan JSON?)" (likewise
 * allocations, a member's donor, an allocation's donor, need or amount)
 * when base lacks what this needs. */
void co_request_baseline(co_request *rq, const co_plan *base, const char *name,
                         int keep_pledges);
/* Ranges of co_request_alternatives, both ends included. */
#define CO_ALTERNATIVES_MAX 100
#define CO_WITHIN_MAX 100.0
/* Also finds up to k - 1 other coalition sets (k from 1 to
 * CO_ALTERNATIVES_MAX; 1: the best only), each with seats unlike every
 * earlier one and an objective within `within` percent (0 to
 * CO_WITHIN_MAX) of the best's (docs/WHATIF.md "Alternatives"). CO_EUSAGE
 * "alternatives: must be a whole number from 1 to 100, got 'K'" (likewise
 * within). */
int co_request_alternatives(co_request *rq, int k, double within, co_diag *dg);
/* Applies scenario i (0-based, in the file's order) of set to the dataset
 * before the solve (FORMATS.md "Scenarios", docs/WHATIF.md): its edits to a
 * copy of the dataset, its rules (force, lead, forbid, pledge) to the
 * model; the plan carries its name. set is borrowed until co_plan_solve
 * returns. CO_EUSAGE when i is out of range. */
int co_request_scenario(co_request *rq, const co_scenario_set *set, int i, co_diag *dg);

/* Solves the dataset with the options and the request (NULL: a plain
 * run): the model of MODEL.md ("Variables" to "Objective"), its plan read
 * as "Reading the solution" says; with a coverage floor also the price of
 * fairness (docs/WHATIF.md). A scenario whose rules cannot all hold is not
 * solved: the plan (status infeasible) says which rules conflict and the
 * smallest change that lets them hold. All of it within the options' time
 * limit on the run's one clock (co_run_options_start_clock): each step
 * takes a share of what is left, and what did not fit is listed in the
 * plan (timing.skipped). `log` (NULL: none) receives GLPK's
 * terminal output. Returns CO_OK when a plan was found (status optimal or
 * feasible), CO_EINFEASIBLE when none was (*out still holds a plan with
 * the status, for reporting); then *out is the caller's. CO_EINPUT for a
 * bad parameter value in the dataset or the options, a scenario that is an
 * input error ("FILE: scenario 'NAME': changes[K]: problem") or a baseline
 * that is not usable; CO_ESOLVER when GLPK fails ("GLPK failed: reason"); *out is
 * NULL then. */
int co_plan_solve(const co_dataset *ds, const co_run_options *ro, const co_request *rq,
                  void (*log)(void *ctx, const char *text), void *log_ctx, co_plan **out,
                  co_diag *dg);

/* GLPK's version string, e.g. "5.0". */
const char *co_solver_version(void);

/* ---- plans ---------------------------------------------------------- */

/* A plan: made by co_plan_solve, or read back from a plan JSON (co_plan_read,
 * co_store_get_plan). The renderers (engine/render) take it. */
void co_plan_free(co_plan *pl);

/* The plan as the JSON document of FORMATS.md "Plan" with the fields
 * docs/MODEL-NOTES.md adds, byte-stable, with a final newline; *out is a
 * new string (free()). A plan read back writes the same bytes. CO_EINTERNAL
 * when out of memory. */
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
/* Reads a plan JSON (FORMATS.md "Plan"), len bytes of text, through the one
 * hardened reader: name (the file, "run 12") starts every message. Every
 * field that is there must have its type and range: money at most 1e15
 * USD, and so each list's money added up; ids not repeated; else CO_EINPUT
 * with every problem as "NAME: PATH: problem, got 'VALUE'", e.g.
 * "plan.json: coalitions[2].members[0].amount: must be a number >= 0, got
 * '"x"'", or "NAME:LINE: not valid JSON: reason". A field that is missing
 * is "not given" (an older or hand-written plan); unknown fields are
 * ignored. */
int co_plan_read(const char *name, const char *text, size_t len, co_plan **out, co_diag *dg);

/* ---- scenarios and what-if runs ------------------------------------- */

/* Reads a scenario file (FORMATS.md "Scenarios"; "-": standard input).
 * CO_EIO "FILE: cannot read: reason"; CO_EINPUT when the file as a whole
 * is wrong: not JSON, no "scenarios" list, a scenario that is not an
 * object, a name missing, empty or given twice ("FILE: scenarios[2].name:
 * duplicate name 'X' (first at scenarios[0])"). A problem inside one
 * scenario's changes does not fail the load: co_plan_solve reports it for
 * that scenario, so the others can still run. Unknown fields are
 * warnings. */
int co_scenario_set_load(const char *path, co_scenario_set **out, co_diag *dg);
void co_scenario_set_free(co_scenario_set *set);
/* The number of scenarios, and the name of the i-th (NULL out of range;
 * the text belongs to set). */
int co_scenario_set_count(const co_scenario_set *set);
const char *co_scenario_set_name(const co_scenario_set *set, int i);

/* One finished run of a what-if, as the comparison takes it. Every pointer
 * is borrowed until co_comparison_build returns. */
typedef struct co_run_outcome {
    const char *name;    /* the scenario's name; NULL for the baseline */
    const char *file;    /* the plan JSON file written for it, or NULL */
    long long run;       /* its run id in the store, 0 when not stored */
    int exit_code;       /* the negated CO_E* code of its run: 0 plan, 1 no plan, 3, 4, 5, 70 */
    const char *message; /* one line saying why there is no plan, or NULL */
    const co_plan *plan; /* its plan, or NULL when it made none */
} co_run_outcome;

/* The name a run's plan goes by in messages: its file, else "scenario
 * 'NAME': plan", else "baseline: plan". Read each run's plan JSON with this
 * name (co_plan_read) so every message about it names it the same way. A
 * new string (free()); NULL when out of memory. */
char *co_outcome_label(const char *name, const char *file);

/* Compares the baseline with the n scenarios (in the scenario file's
 * order): money placed, urgent need covered, seats, per State and per
 * donor changes, the ranking by objective (docs/WHATIF.md "The
 * comparison"); a scenario whose plan explains why it has none keeps the
 * explanation. scenarios_file is echoed (may be NULL). CO_EINPUT "LABEL:
 * FIELD: missing" when a run's plan lacks a field the comparison reads
 * (LABEL as co_outcome_label). */
int co_comparison_build(const co_run_outcome *base, const co_run_outcome *scen, int n,
                        const char *scenarios_file, co_comparison **out, co_diag *dg);
void co_comparison_free(co_comparison *c);
/* Appends the comparison as comparison.json (docs/WHATIF.md), byte-stable,
 * with a final newline. CO_EINTERNAL when out of memory. */
int co_comparison_to_json(const co_comparison *c, co_buf *out, co_diag *dg);
/* Appends the comparison's terminal view: the table of runs, per scenario
 * the States and donors that changed and why a run has no plan, the
 * ranking; no line wider than 100 columns. CO_EINTERNAL when out of
 * memory. */
int co_comparison_text(const co_comparison *c, co_buf *out, co_diag *dg);

/* ---- batches of child processes ------------------------------------- */

/* N jobs, each run in a child process of its own (GLPK is not thread-safe
 * and a fresh process is a fresh GLPK), at most a given number at once.
 * A child hands its result back through a file in a private temporary
 * folder; the parent collects the results in job order, whatever order
 * the children finish in. */

/* Job `index` (0-based), run in the child: it may read anything the parent
 * set up before co_batch_run (its changes stay in the child), appends its
 * serialized result to `result` and its messages to dg, and returns a CO_*
 * code; the parent gets all three back. */
typedef int co_batch_job(void *ctx, int index, co_buf *result, co_diag *dg);

/* Runs jobs 0 .. n-1 (n >= 1), at most at_once (>= 1) at a time, in a
 * folder $TMPDIR/coalitions-NAME.XXXXXX (TMPDIR unset: /tmp) removed
 * before it returns. Then each job's messages are appended to dg in job
 * order; a job that hands back no result (it crashed, was killed, or could
 * not write it) gets the error "LABEL: the run ended without a result
 * (exit status N)" ("signal N"; "without a readable result" when the file
 * is not one), LABEL being labels[index] (borrowed; labels NULL: "job
 * INDEX"). CO_OK once every job ended,
 * whatever each one returned: read them with co_batch_code and
 * co_batch_result; CO_EIO "DIR: cannot make a temporary folder: reason";
 * CO_EINTERNAL "cannot start a run: reason" when fork fails (the jobs
 * started are waited for first), "waiting for the runs: reason", or n < 1.
 * *out is the caller's (co_batch_free). */
int co_batch_run(const char *name, int n, int at_once, co_batch_job *job, void *ctx,
                 const char *const *labels, co_batch **out, co_diag *dg);
void co_batch_free(co_batch *b);
/* What job i returned, CO_EINTERNAL when it handed back no result. */
int co_batch_code(const co_batch *b, int i);
/* Job i's result, *len bytes and a final NUL (no NUL inside), or NULL
 * when it handed back none. The text belongs to b. */
const char *co_batch_result(const co_batch *b, int i, size_t *len);
/* Job i's first error message (without the label), or NULL when it had
 * none. The text belongs to b. */
const char *co_batch_message(const co_batch *b, int i);

/* ---- the run store -------------------------------------------------- */

/* An SQLite file recording every run: the dataset, the effective
 * parameters, the results and the outputs as rendered, so that a run's
 * files can be had again byte for byte. */

enum co_store_mode {
    CO_STORE_WRITE, /* creates the file and its schema when missing */
    CO_STORE_READ   /* never creates anything: a missing file is an empty store */
};

/* Opens the store at path. An existing file is first inspected read-only
 * and refused when it is not a coalitions database, is corrupt or comes
 * from a newer engine: CO_EIO "PATH: not a coalitions database (...); left
 * unchanged" (or "corrupt database", "made by a newer coalitions"), the
 * file byte for byte as it was; CO_EIO "PATH: cannot open: reason". An
 * older store is migrated. */
int co_store_open(const char *path, enum co_store_mode mode, co_store **out, co_diag *dg);
void co_store_free(co_store *st);
/* The path it was opened with (the text belongs to st). */
const char *co_store_path(const co_store *st);

/* Wall-clock time now, seconds since 1970 (a run's start for
 * co_store_record_plan). */
double co_store_now(void);

/* Records a run made by co_plan_solve (not one read back) in one
 * transaction: its dataset (once per sha256), every effective parameter
 * and solver option, its results, and its outputs: the plan JSON
 * (CO_STORE_PLAN_JSON), the summary without its timing line
 * (CO_STORE_SUMMARY) and the four CSV files (engine/render/report.h).
 * started: co_store_now() when the run began. *run_id is the new run's id.
 * CO_EIO "PATH: cannot record the run: reason" (or "the store is open for
 * reading only"); CO_EINTERNAL for a plan read back; nothing is recorded
 * on failure. */
int co_store_record_plan(co_store *st, const co_plan *pl, double started, long long *run_id,
                         co_diag *dg);

/* Appends one line per recorded run, newest first, with these tab-separated
 * fields: run id, start time (UTC, "2024-05-01T12:34:56Z"), dataset (its
 * name, else the path the run read), scenario ("-" for none), status,
 * objective ("%.2f"), gap ("%.4f%%"), share of urgent need covered
 * ("%.1f%%"); "-" where not known, tabs and line breaks in names as spaces.
 * dataset (NULL: all) keeps the runs whose dataset name or path equals it
 * or whose sha256 starts with it; limit <= 0: every run. *n is the number
 * of lines. CO_EIO "PATH: cannot read: reason"; CO_EINTERNAL when out of
 * memory. */
int co_store_history(co_store *st, const char *dataset, long limit, co_buf *out, int *n,
                     co_diag *dg);

/* Appends the line that closes `coalitions show`: "Run N: SOURCE (sha256
 * 12 HEX), started TIME, time T s (load L, build B, solve S), coalitions
 * VERSION, GLPK VERSION" and a newline. CO_EINPUT "run N: no such run in
 * PATH"; CO_EINTERNAL when out of memory. */
int co_store_describe(co_store *st, long long id, co_buf *out, co_diag *dg);

/* Names of a run's stored outputs (and the CSV files under their names,
 * engine/render/report.h's co_plan_csv_names). */
#define CO_STORE_PLAN_JSON "plan.json"   /* the plan JSON, as co_plan_to_json wrote it */
#define CO_STORE_SUMMARY "summary.txt"   /* the summary without its timing line */

/* A stored output of a run, byte for byte: a new string *data of *len bytes
 * and a final NUL (free()). CO_EINPUT "run N: no such run in PATH" or "run
 * N: no stored NAME in PATH". */
int co_store_get_text(co_store *st, long long id, const char *name, char **data, size_t *len,
                      co_diag *dg);
/* A run's plan, read back from its stored plan JSON by co_plan_read (named
 * "run N" in messages). CO_EINPUT as co_store_get_text, or as co_plan_read. */
int co_store_get_plan(co_store *st, long long id, co_plan **out, co_diag *dg);

/* What changed from run a to run b: parameters, money placed, urgent need
 * covered, seats; per State the members gained and lost, the lead and the
 * coverage; each allocation that moved; the objective. Allocation moves
 * and coverage changes of a State show only above `threshold` USD (>= 0).
 * Appends readable lines to text and sets *json to the same as a JSON
 * document (a new string, free()). CO_EINPUT "run N: no such run in PATH",
 * or a stored plan that does not read (co_plan_read). */
int co_store_diff(co_store *st, long long a, long long b, double threshold, co_buf *text,
                  char **json, co_diag *dg);

/* ---- text for messages --------------------------------------------- */

/* What a front end needs to word its messages as the engine does. */

/* Parses the whole of s as a finite decimal number (no space, hex, inf or
 * nan; too large, or too small to be told from 0, is refused). Returns 0,
 * or -1 leaving *out as it was. */
int co_parse_double(const char *s, double *out);
/* Parses "YYYY-MM-DD" (a real calendar date, years 1000-9999) into days
 * since 1970-01-01. Returns 0, or -1 leaving *days as it was. */
int co_parse_date(const char *s, long *days);
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
