/*
 * cli.h: what the subcommands share: the command table entry, exit codes,
 * printing diagnostics, usage errors, and the option table entries that
 * several commands take (the parser is options.h).
 * Only the command line prints and exits; the engine returns codes. The
 * command line reaches the engine through include/coalitions.h and the
 * renderers' headers (engine/render) only.
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
int cmd_deadlines(int argc, char **argv);

/* The exit code for an engine return code. */
int cli_exit(int rc);
/* Prints every message of dg to stderr ("warning: " before warnings). */
void cli_print_diag(const co_diag *dg);
/* A usage error: one line and a hint, on stderr; returns EXIT_USAGE. */
int cli_usage_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* A new formatted string (free()); NULL when out of memory. */
char *cli_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* ---- options several commands share ---------------------------------- */

/* Entries of options.h tables (which a command includes with this). */

/* --set, --time-limit and --mip-gap of the solving commands: the table's
 * entries write here, and cli_solver_apply hands the limits to ro. */
typedef struct cli_solver {
    co_run_options *ro;
    co_diag *dg;
    double time_limit, mip_gap;
    int diagnose; /* enum co_diagnose */
} cli_solver;
/* The defaults: 30 s, a gap of 1e-4, the full diagnosis. */
void cli_solver_init(cli_solver *s, co_run_options *ro, co_diag *dg);
/* --set's callback (value: the cli_solver): the override checked and
 * added to s->ro; else its message and "bad --set value". */
int cli_set_option(const char *cmd, const char *text, void *solver);
/* --diagnose's callback (value: the cli_solver): full, reasons or none. */
int cli_diagnose_option(const char *cmd, const char *text, void *solver);
#define CLI_DIAGNOSE_OPTION(s, dflt)                                                   \
    CLI_CALLBACK(0, "diagnose", "LEVEL", cli_diagnose_option, CLI_PTR_(cli_solver, s), 0,  \
                 "how much of the diagnosis of each State below full coverage to make "  \
                 "(docs/DIAGNOSIS.md): full (why, what would change it and the value of " \
                 "better evidence, by re-solving within the time limit), reasons (why "   \
                 "only: no re-solve) or none; default " dflt)
/* After the parse: the time limit, the gap and the diagnosis into s->ro. 0, or the exit
 * code of the usage error printed. */
int cli_solver_apply(const char *cmd, cli_solver *s);

#define CLI_SET_OPTION(s)                                                             \
    CLI_CALLBACK(0, "set", "NAME=VALUE", cli_set_option, CLI_PTR_(cli_solver, s), CLI_MANY, \
                 "override a model parameter (repeatable), e.g.\n"                     \
                 "--set coordination_cost=50000 --set as_of=2019-01-01")
/* time_help: what --time-limit bounds ("seconds for the whole run: ...") */
#define CLI_SOLVER_OPTIONS(s, time_help)                                               \
    CLI_SET_OPTION(s),                                                                 \
    CLI_NUMBER(0, "time-limit", "S", &(s)->time_limit, CO_TIME_LIMIT_MIN, CO_TIME_LIMIT_MAX, \
               "a number of seconds", time_help),                                      \
    CLI_NUMBER(0, "mip-gap", "G", &(s)->mip_gap, CO_MIP_GAP_MIN, CO_MIP_GAP_MAX, NULL,    \
               "relative gap at which a plan counts as optimal; 0 asks for a proof of " \
               "optimality")

/* --db FILE (the run store, store_cli.h); more: what the command does
 * with it, or "" */
#define CLI_DB_OPTION(v, more)                                                        \
    CLI_FILE(0, "db", "FILE", v, CLI_NO_DASH,                                         \
             "the run store (default: $COALITIONS_DB when set, else coalitions.db in " \
             "the current folder)" more)

/* --xlsx FILE: the Excel workbook (plan, show, whatif; not '-'; written by
 * render/xlsx.h's co_xlsx_write); what: the workbook's sheets */
#define CLI_XLSX_OPTION(v, what) CLI_FILE(0, "xlsx", "FILE", v, CLI_NO_DASH, what)
#define CLI_XLSX_SHEETS \
    "write the Excel workbook: sheets Summary, Coalitions, Allocations, Donors, Needs, " \
    "Unmet; for a multi-year plan also Funding by year, Donors by year, Needs by year, " \
    "Deadlines; for a diagnosed plan Diagnosis, Evidence"

#endif
