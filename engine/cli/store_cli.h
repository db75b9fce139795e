/*
 * store_cli.h: what the commands that use the run store share (plan,
 * history, show, diff, export): which store file to use, and reading run
 * ids from the command line. The store itself is engine/store.h.
 */
#ifndef CO_STORE_CLI_H
#define CO_STORE_CLI_H

#define CLI_DB_HELP                                                                 \
    "  --db FILE            the run store (default: $COALITIONS_DB when set, else\n" \
    "                       coalitions.db in the current folder)\n"

/* The store file: `opt` (--db) when given, else $COALITIONS_DB when set
 * and not empty, else "coalitions.db". */
const char *cli_store_path(const char *opt);

/* Reads a run id (a whole number >= 1); on error prints a usage error
 * for `cmd` and returns -1. */
int cli_run_id(const char *cmd, const char *arg, long long *id);

/* After the option loop: exactly one operand, a run id. Returns 0, or the
 * exit code of the usage error it printed. */
int cli_one_run(const char *cmd, int argc, char **argv, long long *id);

#endif
