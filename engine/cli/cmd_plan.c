/*
 * cmd_plan.c: `coalitions plan DATASET`: load, solve, then write the plan
 * JSON, the CSV files and the readable summary. Every output is built in
 * memory and written atomically only after the solve succeeded.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "plan.h"
#include "report.h"

static const char usage[] =
    "usage: coalitions plan DATASET [OPTIONS]\n"
    "\n"
    "Solves the dataset (a JSON file, or a folder holding a CSV bundle) and\n"
    "writes the recommended Country Coalitions. The readable summary goes to\n"
    "stdout: per State its coverage, nearest deadline, lead and members with\n"
    "amounts by area, unmet urgent needs; then donors with utilisation and the\n"
    "value of one more dollar; last status, objective, bound, gap and time.\n"
    "\n"
    "  --json FILE          write the plan JSON ('-' for stdout: no summary then)\n"
    "  --csv DIR            write coalitions.csv, allocations.csv, donors.csv and\n"
    "                       needs.csv into DIR (created if missing)\n" CLI_SOLVER_HELP
    "  -q, --quiet          no summary on stdout (errors still go to stderr)\n"
    "  -v, --verbose        show GLPK's own output on stderr\n"
    "  --help               this help\n"
    "\n"
    "Exit codes: 0 plan written, 1 infeasible or no solution (the plan JSON is\n"
    "still written, with its status), 2 usage, 3 invalid input, 4 solver failure,\n"
    "5 file error, 70 internal error.\n";

static void glpk_log(void *ctx, const char *text)
{
    (void)ctx;
    fputs(text, stderr);
}

int cmd_plan(int argc, char **argv)
{
    static const struct option opts[] = {
        {"json", required_argument, NULL, 'j'},  {"csv", required_argument, NULL, 'c'},
        {"set", required_argument, NULL, 's'},   {"time-limit", required_argument, NULL, 't'},
        {"mip-gap", required_argument, NULL, 'g'}, {"quiet", no_argument, NULL, 'q'},
        {"verbose", no_argument, NULL, 'v'},     {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *json = NULL, *csv = NULL;
    double time_limit = 30, mip_gap = 1e-4;
    int quiet = 0, verbose = 0, c, ex;
    co_diag *dg = co_diag_new();
    co_run_options *ro = co_run_options_new();
    co_dataset *ds = NULL;
    co_plan *pl = NULL;
    char *text = NULL;
    co_buf sum;
    co_buf_init(&sum);
    if (!dg || !ro) {
        ex = EXIT_INTERNAL;
        goto done;
    }
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":qv", opts, NULL)) != -1) {
        switch (c) {
        case 'j':
            json = optarg;
            break;
        case 'c':
            csv = optarg;
            break;
        case 's':
            if (co_run_options_set(ro, optarg, dg) != CO_OK) {
                cli_print_diag(dg);
                ex = cli_usage_error("plan", "bad --set value");
                goto done;
            }
            break;
        case 't':
            if (cli_number("plan", "--time-limit", optarg, &time_limit) != 0) {
                ex = EXIT_USAGE;
                goto done;
            }
            break;
        case 'g':
            if (cli_number("plan", "--mip-gap", optarg, &mip_gap) != 0) {
                ex = EXIT_USAGE;
                goto done;
            }
            break;
        case 'q':
            quiet = 1;
            break;
        case 'v':
            verbose = 1;
            break;
        case 'h':
            fputs(usage, stdout);
            ex = EXIT_PLAN;
            goto done;
        case ':':
            ex = cli_usage_error("plan", "option '%s' needs a value", argv[optind - 1]);
            goto done;
        default:
            ex = cli_usage_error("plan", "unknown option '%s'", argv[optind - 1]);
            goto done;
        }
    }
    if (optind != argc - 1) {
        ex = cli_usage_error("plan", optind >= argc ? "missing DATASET" : "one DATASET only, got '%s'",
                             optind < argc ? argv[optind + 1] : "");
        goto done;
    }
    if (co_run_options_solver(ro, time_limit, mip_gap, dg) != CO_OK) {
        cli_print_diag(dg);
        ex = cli_usage_error("plan", "bad solver option");
        goto done;
    }
    int rc = co_dataset_load(argv[optind], &ds, dg);
    if (rc != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    rc = co_plan_solve(ds, ro, verbose ? glpk_log : NULL, NULL, &pl, dg);
    if (rc != CO_OK && rc != CO_EINFEASIBLE) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    int solved = rc;
    /* everything in memory first: nothing is written unless all is ready */
    if (json && co_plan_to_json(pl, &text, dg) != CO_OK) {
        cli_print_diag(dg);
        ex = EXIT_INTERNAL;
        goto done;
    }
    if (!quiet && !(json && strcmp(json, "-") == 0)) {
        co_plan_summary(pl, 1, &sum);
        if (sum.oom) {
            ex = EXIT_INTERNAL;
            goto done;
        }
    }
    if (json && (rc = co_write_atomic(json, text, strlen(text), dg)) != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    if (csv && (rc = co_plan_write_csv(pl, csv, dg)) != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    cli_print_diag(dg); /* warnings */
    if (sum.len)
        fwrite(sum.data, 1, sum.len, stdout);
    if (fflush(stdout) != 0) {
        ex = EXIT_IO;
        goto done;
    }
    ex = cli_exit(solved);
done:
    co_buf_release(&sum);
    free(text);
    co_plan_free(pl);
    co_dataset_free(ds);
    co_run_options_free(ro);
    co_diag_free(dg);
    return ex;
}
