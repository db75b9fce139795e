/*
 * store.h: the run store, an SQLite file recording every plan run: the
 * dataset, the effective parameters, the results in tables (for history
 * and diff) and the rendered outputs as text (so show and export give back
 * the bytes the run wrote). Knows nothing of solving or rendering: callers
 * hand it a plan and the texts already rendered from it.
 */
#ifndef CO_STORE_H
#define CO_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "result/plan.h"

/* The schema version this engine writes (PRAGMA user_version). A file of
 * an older version is migrated on open; a newer one is refused. */
#define CO_STORE_SCHEMA 2

/* The names of the stored outputs (table run_outputs: CO_STORE_PLAN_JSON,
 * CO_STORE_SUMMARY, and the CSV files under their names in
 * co_plan_csv_names), co_store_open (an existing file is first inspected
 * through a read-only connection: SQLite header, PRAGMA quick_check,
 * application id, schema version; only then opened for writing: WAL mode,
 * foreign keys on, a busy timeout), co_store_free, co_store_path,
 * co_store_now, co_store_get_text and co_store_get_plan:
 * include/coalitions.h. */

/* A rendered output handed to co_store_record. */
typedef struct co_store_text {
    const char *name;
    const char *data;
    size_t len;
} co_store_text;

/* Records a run in one transaction: the dataset (once per sha256, with
 * its bytes re-read from the plan's source and checked against the
 * sha256), the run with every effective parameter and solver option, its
 * results in tables and the texts. The plan must be one a run built
 * (co_plan_build: it knows its dataset's path); a plan read back from JSON
 * is refused (CO_EINTERNAL). `started` and `finished` are co_store_now() values. On
 * success *run_id is the new run's id; on failure nothing is recorded. */
int co_store_record(co_store *st, const co_plan *pl, const co_store_text *texts, int n_texts,
                    double started, double finished, long long *run_id, co_diag *dg);

/* A run as listed by history (one row of table runs). */
typedef struct co_store_run {
    long long id;
    char *dataset;      /* sha256 of the input */
    char *dataset_name; /* NULL when the dataset has no name */
    char *source;       /* the path the run read */
    char *scenario;     /* NULL for a plain run */
    char *status;
    char *started_at, *finished_at; /* ISO 8601, UTC */
    char *engine_version, *glpk_version;
    /* NaN where unknown: the objective when the run found no plan, the
     * bound and gap when the solver gave none */
    double total, value, coordination_cost, shortfall_penalty, bound, gap;
    int seats;
    int64_t requested, allocated, urgent_requested, urgent_allocated; /* cents */
    double load_s, build_s, solve_s;
    int rows, cols, nonzeros, integer_cols;
} co_store_run;

void co_store_run_init(co_store_run *r);
void co_store_run_release(co_store_run *r);
void co_store_runs_free(co_store_run *runs, int n);

/* The runs, newest first; `dataset` (may be NULL) keeps those whose
 * dataset name or source path equals it or whose sha256 starts with it;
 * `limit` <= 0 means all. */
int co_store_list(co_store *st, const char *dataset, long limit, co_store_run **runs, int *n,
                  co_diag *dg);

/* One run; CO_EINPUT "run N: no such run in FILE" when there is none. */
int co_store_get_run(co_store *st, long long id, co_store_run *out, co_diag *dg);

#endif
