/*
 * cli.h: what the subcommands share: the command table entry, exit codes,
 * printing diagnostics, and the options every solving command takes.
 * Only the command line prints and exits; the engine returns codes.
 */
#ifndef CO_CLI_H
#define CO_CLI_H

#include <stdio.h>

#include "coalitions.h"

/* Exit codes (README "Exit codes"): the negated CO_E* codes. */
enum {
    EXIT_PLAN = 0,
    EXIT_NO_PLAN = 1,
    EXIT_USAGE = 2,
    EXIT_INPUT = 3,
    EXIT_SOLVER = 4,
    EXIT_IO = 5,
    EXIT_INTERNAL = 70
};

typedef struct cli_command {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *summary;
} cli_command;

int cmd_plan(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_export_model(int argc, char **argv);
int cmd_history(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_export_run(int argc, char **argv);
int cmd_generate(int argc, char **argv);
int cmd_convert(int argc, char **argv);
int cmd_whatif(int argc, char **argv);
int cmd_brief(int argc, char **argv);

/* The exit code for an engine return code. */
int cli_exit(int rc);
/* Prints every message of dg to stderr ("warning: " before warnings). */
void cli_print_diag(const co_diag *dg);
/* A usage error: one line and a hint, on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* The end of every option loop: getopt_long's 'h' (--help: usage on
 * stdout, exit 0), ':' (a missing value) and '?' (an unknown option, a
 * usage error). Returns the exit code to leave with. */
int cli_option_end(int c, const char *cmd, const char *usage, char **argv);
/* After the option loop: 0 when exactly one operand (argv[optind]) is
 * left, else a usage error ("missing WHAT", "one WHAT only") and its code. */
int cli_one_operand(const char *cmd, const char *what, int argc, char **argv);
/* Parses a number option value; on error prints a usage error. */
int cli_number(const char *cmd, const char *opt, const char *val, double *out);

/* Options shared by the solving commands (--set, --time-limit, --mip-gap):
 * c is the option's getopt code ('s', 't' or 'g'). Returns 0, or the exit
 * code of the usage error it printed. */
int cli_solver_option(const char *cmd, int c, const char *val, co_run_options *ro,
                      double *time_limit, double *mip_gap, co_diag *dg);
#define CLI_SOLVER_HELP \
    "  --set NAME=VALUE     override a model parameter (repeatable), e.g.\n" \
    "                       --set coordination_cost=50000 --set as_of=2019-01-01\n" \
    "  --time-limit S       seconds for the whole run: loading, solving, the price\n" \
    "                       of fairness, alternatives (default 30; whatif: per\n" \
    "                       scenario); what does not fit is skipped and listed\n" \
    "                       in the plan\n" \
    "  --mip-gap G          relative gap at which a plan counts as optimal\n" \
    "                       (default 1e-4; 0 asks for a proof of optimality)\n"

/* --xlsx FILE (plan, show): the Excel workbook (engine/cli/xlsx_cli.c). */
#define CLI_XLSX_HELP \
    "  --xlsx FILE          write the Excel workbook: sheets Summary, Coalitions,\n" \
    "                       Allocations, Donors, Needs, Unmet (not '-')\n"
/* Checks an --xlsx value: 0, or the exit code of the usage error printed
 * ("--xlsx needs a file name, not '-'"). */
int cli_xlsx_option(const char *cmd, const char *val);
/* Writes the workbook of a plan JSON text (and a comparison, or NULL)
 * to path; a CO_* code, the reason in dg. */
struct cJSON;
int cli_write_xlsx(const char *path, const char *plan_json, const struct cJSON *comparison,
                   co_diag *dg);

#endif
