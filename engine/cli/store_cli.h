/*
 * store_cli.h: what the commands that use the run store share (plan,
 * whatif, history, show, diff, export, brief): which store file to use,
 * reading run ids from the command line, and reading a plan given as RUN
 * or FILE (--baseline, brief). The store itself is the public API's
 * co_store.
 */
#ifndef CO_STORE_CLI_H
#define CO_STORE_CLI_H

#include "coalitions.h"
#include "options.h"

/* The store file: `opt` (--db, cli.h's CLI_DB_OPTION) when given, else
 * $COALITIONS_DB when set and not empty, else "coalitions.db". */
const char *cli_store_path(const char *opt);

/* Reads a run id (a whole number >= 1); on error prints a usage error
 * for `cmd` and returns -1. */
int cli_run_id(const char *cmd, const char *arg, long long *id);

/* cli_parse for a command whose one operand is RUN (show, export), then
 * the run id into *id: CLI_GO_ON, or the exit code of --help or of the
 * usage error printed. */
int cli_parse_run(const cli_spec *spec, int argc, char **argv, long long *id);

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

/* The plan of --baseline ARG read back (co_plan_read) for co_request_baseline;
 * *name as cli_read_plan. Both belong to the caller; on failure both are
 * NULL. */
int cli_baseline(const char *arg, const char *db, co_plan **base, char **name, co_diag *dg);

#endif
