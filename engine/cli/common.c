/*
 * common.c: helpers every subcommand uses: exit codes from engine codes,
 * printing diagnostics, usage errors, and the solver options of plan and
 * whatif (the option parser is options.c).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

int cli_exit(int rc)
{
    switch (rc) {
    case CO_OK:
        return EXIT_PLAN;
    case CO_EINFEASIBLE:
        return EXIT_NO_PLAN;
    case CO_EUSAGE:
        return EXIT_USAGE;
    case CO_EINPUT:
        return EXIT_INPUT;
    case CO_ESOLVER:
        return EXIT_SOLVER;
    case CO_EIO:
        return EXIT_IO;
    default:
        return EXIT_INTERNAL;
    }
}

void cli_print_diag(const co_diag *dg)
{
    for (int i = 0; i < co_diag_count(dg); i++) {
        int is_error;
        const char *m = co_diag_message(dg, i, &is_error);
        fprintf(stderr, "%s%s\n", is_error ? "" : "warning: ", m);
    }
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fprintf(stderr, "coalitions%s%s: ", cmd ? " " : "", cmd ? cmd : "");
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, "\nTry 'coalitions%s%s --help'.\n", cmd ? " " : "", cmd ? cmd : "");
    return EXIT_USAGE;
}

char *cli_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    char *s = n >= 0 ? malloc((size_t)n + 1) : NULL;
    if (!s)
        return NULL;
    va_start(ap, fmt);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return s;
}

void cli_solver_init(cli_solver *s, co_run_options *ro, co_diag *dg)
{
    *s = (cli_solver){.ro = ro, .dg = dg, .time_limit = 30, .mip_gap = 1e-4,
                      .diagnose = CO_DIAGNOSE_FULL};
}

int cli_diagnose_option(const char *cmd, const char *text, void *solver)
{
    static const char *const words[] = {"full", "reasons", "none"};
    cli_solver *s = solver;
    for (int i = 0; i < 3; i++)
        if (strcmp(text, words[i]) == 0) {
            s->diagnose = i; /* enum co_diagnose's order */
            return 0;
        }
    return cli_usage_error(cmd, "--diagnose: must be full, reasons or none, got '%s'",
                           co_q(0, text));
}

int cli_set_option(const char *cmd, const char *text, void *solver)
{
    cli_solver *s = solver;
    if (co_run_options_set(s->ro, text, s->dg) == CO_OK)
        return 0;
    cli_print_diag(s->dg);
    return cli_usage_error(cmd, "bad --set value");
}

int cli_solver_apply(const char *cmd, cli_solver *s)
{
    if (co_run_options_solver(s->ro, s->time_limit, s->mip_gap, s->dg) == CO_OK) {
        co_run_options_diagnose(s->ro, (enum co_diagnose)s->diagnose);
        return 0;
    }
    cli_print_diag(s->dg);
    return cli_usage_error(cmd, "bad solver option");
}
