/*
 * common.c: helpers every subcommand uses: exit codes from engine codes,
 * printing diagnostics, usage errors, option values.
 */
#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"
#include "base/util.h"

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

int cli_number(const char *cmd, const char *opt, const char *val, double *out)
{
    if (co_parse_double(val, out) != 0) {
        cli_usage_error(cmd, "%s: not a number, got '%s'", opt, co_q(0, val));
        return -1;
    }
    return 0;
}

int cli_one_operand(const char *cmd, const char *what, int argc, char **argv)
{
    if (optind == argc - 1)
        return 0;
    if (optind >= argc)
        return cli_usage_error(cmd, "missing %s", what);
    return cli_usage_error(cmd, "one %s only, got '%s'", what, co_q(0, argv[optind + 1]));
}

int cli_option_end(int c, const char *cmd, const char *usage, char **argv)
{
    if (c == 'h') {
        fputs(usage, stdout);
        return EXIT_PLAN;
    }
    if (c == ':')
        return cli_usage_error(cmd, "option '%s' needs a value", argv[optind - 1]);
    return cli_usage_error(cmd, "unknown option '%s'", argv[optind - 1]);
}

int cli_solver_option(const char *cmd, int c, const char *val, co_run_options *ro,
                      double *time_limit, double *mip_gap, co_diag *dg)
{
    if (c == 's') {
        if (co_run_options_set(ro, val, dg) == CO_OK)
            return 0;
        cli_print_diag(dg);
        return cli_usage_error(cmd, "bad --set value");
    }
    int t = c == 't';
    return cli_number(cmd, t ? "--time-limit" : "--mip-gap", val, t ? time_limit : mip_gap) == 0
               ? 0
               : EXIT_USAGE;
}
