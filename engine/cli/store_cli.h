/*
 * store_cli.h: what the commands that use the run store share (plan,
 * history, show, diff, export): which store file to use, and reading run
 * ids from the command line. The store itself is engine/store.h.
 */
#ifndef CO_STORE_CLI_H
#define CO_STORE_CLI_H

#include "render/report.h"
#include "store/store.h"

/* The store file: `opt` (--db, cli.h's CLI_DB_OPTION) when given, else
 * $COALITIONS_DB when set and not empty, else "coalitions.db". */
const char *cli_store_path(const char *opt);

/* Reads a run id (a whole number >= 1); on error prints a usage error
 * for `cmd` and returns -1. */
int cli_run_id(const char *cmd, const char *arg, long long *id);

/* True when arg is all digits: a run id rather than a file name. */
int cli_is_run(const char *arg);
/* A plan JSON text (or any stored run's plan.json): a run id (all digits)
 * is read from the store `db` (cli_store_path), anything else as a file
 * ("FILE: cannot open: reason"). *name says which ("run 12", or the path).
 * Text and name belong to the caller. CO_EIO, CO_EINPUT (no such run),
 * CO_EUSAGE (a bad run id: the usage error for `cmd` is printed) or
 * CO_EINTERNAL with the reason in dg. */
int cli_read_plan(const char *cmd, const char *arg, const char *db, char **text, size_t *len,
                  char **name, co_diag *dg);

/* The baseline of --baseline ARG as rules (baseline.h): its seats and,
 * with keep_pledges, its allocations as pledges. *name as cli_read_plan. */
int cli_baseline(const char *arg, const char *db, int keep_pledges, const co_dataset *ds,
                 co_rules *rules, char **name, co_diag *dg);

/* Records a run with the texts `plan` records (the plan JSON, the summary
 * without its timing line, the CSV files); as co_store_record. */
int cli_record(co_store *st, const co_plan *pl, const char *plan_json, const co_buf *summary,
               const co_buf files[CO_PLAN_CSV_FILES], double started, long long *run_id,
               co_diag *dg);

#endif
