/*
 * cmd_plan.c: `coalitions plan DATASET`: load, solve, then write the plan
 * JSON, the CSV files and the readable summary. Every output is built in
 * memory and written atomically only after the solve succeeded; then the
 * run is recorded in the run store (engine/store.c), unless --no-store.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "result/plan.h"
#include "run/run.h"
#include "render/report.h"
#include "store/store.h"
#include "store_cli.h"

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
    "                       needs.csv into DIR (created if missing)\n" CLI_XLSX_HELP CLI_SOLVER_HELP
        CLI_DB_HELP
    "                       The run is recorded there once its files are written;\n"
    "                       'coalitions history' lists the runs.\n"
    "  --no-store           do not record the run\n"
    "  --baseline RUN|PLAN  keep close to an earlier plan (a run id in the store,\n"
    "                       or a plan JSON file): each seat added or removed\n"
    "                       against it costs stability_weight (--set\n"
    "                       stability_weight=N; 0 by default)\n"
    "  --keep-pledges       with --baseline: the baseline's allocations become\n"
    "                       pledges the new plan must keep\n"
    "  --alternatives K     also find up to K-1 other coalition sets, each within\n"
    "                       --within P percent (default 5) of the best; the\n"
    "                       summary shows how they differ\n"
    "  -q, --quiet          no summary on stdout (errors still go to stderr), and no\n"
    "                       'run N stored' line on stderr\n"
    "  -v, --verbose        show GLPK's own output on stderr\n"
    "  --help               this help\n"
    "\n"
    "Exit codes: 0 plan written, 1 infeasible or no solution (the plan JSON is\n"
    "still written, with its status), 2 usage, 3 invalid input, 4 solver failure,\n"
    "5 file or run store error (the store is checked before the solve), 70\n"
    "internal error.\n";

/* One updating line on stderr: the best plan, the bound, the gap, time. */
static void show_progress(void *ctx, int has_plan, double plan, int has_bound, double bound,
                          double elapsed)
{
    int *shown = ctx;
    char p[40] = "-", b[40] = "-", g[40] = "";
    if (has_plan)
        snprintf(p, sizeof p, "%.0f", plan);
    if (has_bound)
        snprintf(b, sizeof b, "%.0f", bound);
    if (has_plan && has_bound)
        snprintf(g, sizeof g, "  gap %.2f%%",
                 100.0 * (bound > plan ? bound - plan : 0) / (fabs(plan) > 1 ? fabs(plan) : 1));
    fprintf(stderr, "\r\033[K  plan %s  bound %s%s  %.1f s", p, b, g, elapsed);
    fflush(stderr);
    *shown = 1;
}

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
        {"db", required_argument, NULL, 'D'},    {"no-store", no_argument, NULL, 'N'},
        {"xlsx", required_argument, NULL, 'x'},
        {"baseline", required_argument, NULL, 'B'}, {"keep-pledges", no_argument, NULL, 'K'},
        {"alternatives", required_argument, NULL, 'A'}, {"within", required_argument, NULL, 'W'},
        {NULL, 0, NULL, 0}};
    const char *baseline = NULL;
    int keep_pledges = 0;
    double alts = 1, within = 5;
    co_rules rules;
    co_rules_init(&rules);
    const char *json = NULL, *csv = NULL, *db = NULL, *xlsx = NULL;
    double time_limit = 30, mip_gap = 1e-4;
    double started = co_store_now();
    int quiet = 0, verbose = 0, store = 1, c, ex;
    co_diag *dg = co_diag_new();
    co_run_options *ro = co_run_options_new();
    co_dataset *ds = NULL;
    co_plan *pl = NULL;
    char *text = NULL;
    co_store *st = NULL;
    co_buf sum, sum0, files[CO_PLAN_CSV_FILES];
    co_buf_init(&sum);
    co_buf_init(&sum0);
    for (int i = 0; i < CO_PLAN_CSV_FILES; i++)
        co_buf_init(&files[i]);
    if (!dg || !ro) {
        ex = EXIT_INTERNAL;
        goto done;
    }
    co_run_options_start_clock(ro); /* --time-limit bounds the whole command */
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
        case 'x':
            if ((ex = cli_xlsx_option("plan", optarg)) != 0)
                goto done;
            xlsx = optarg;
            break;
        case 's':
        case 't':
        case 'g':
            if ((ex = cli_solver_option("plan", c, optarg, ro, &time_limit, &mip_gap, dg)) != 0)
                goto done;
            break;
        case 'q':
            quiet = 1;
            break;
        case 'v':
            verbose = 1;
            break;
        case 'D':
            db = optarg;
            break;
        case 'N':
            store = 0;
            break;
        case 'B':
            baseline = optarg;
            break;
        case 'K':
            keep_pledges = 1;
            break;
        case 'A':
            if (cli_number("plan", "--alternatives", optarg, &alts) != 0) {
                ex = EXIT_USAGE;
                goto done;
            }
            if (alts < 1 || alts > 100 || alts != floor(alts)) {
                ex = cli_usage_error("plan", "--alternatives must be a whole number from 1 to "
                                             "100, got '%s'",
                                     optarg);
                goto done;
            }
            break;
        case 'W':
            if (cli_number("plan", "--within", optarg, &within) != 0) {
                ex = EXIT_USAGE;
                goto done;
            }
            if (!(within >= 0 && within <= 100)) {
                ex = cli_usage_error("plan", "--within must be a percentage from 0 to 100, got "
                                             "'%s'",
                                     optarg);
                goto done;
            }
            break;
        default: /* --help, a missing value, an unknown option */
            ex = cli_option_end(c, "plan", usage, argv);
            goto done;
        }
    }
    if ((ex = cli_one_operand("plan", "DATASET", argc, argv)) != 0)
        goto done;
    if (keep_pledges && !baseline) {
        ex = cli_usage_error("plan", "--keep-pledges needs --baseline");
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
    /* the store is opened (and a bad one refused) before the long solve */
    if (store && (rc = co_store_open(cli_store_path(db), CO_STORE_WRITE, &st, dg)) != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    /* progress only for a person watching: stderr a terminal, not -q/-v */
    int shown = 0;
    if (!quiet && !verbose && isatty(STDERR_FILENO))
        co_run_options_progress(ro, show_progress, &shown);
    char *base_name = NULL;
    if (baseline && (rc = cli_baseline(baseline, db, keep_pledges, ds, &rules, &base_name, dg)) !=
                        CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    co_plan_request rq = {.rules = baseline ? &rules : NULL,
                          .baseline = base_name,
                          .keep_pledges = keep_pledges,
                          .alternatives = (int)alts,
                          .within = within};
    rc = co_plan_solve_ex(ds, ro, &rq, verbose ? glpk_log : NULL, NULL, &pl, dg);
    free(base_name);
    if (shown)
        fprintf(stderr, "\r\033[K");
    if (rc != CO_OK && rc != CO_EINFEASIBLE) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    int solved = rc;
    /* everything in memory first: nothing is written unless all is ready */
    if ((json || st || xlsx) && co_plan_to_json(pl, &text, dg) != CO_OK) {
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
    if ((csv || st) && co_plan_render_csv(pl, files) != CO_OK) {
        cli_print_diag(dg);
        ex = EXIT_INTERNAL;
        goto done;
    }
    if (st) {
        co_plan_summary(pl, 0, &sum0);
        if (sum0.oom) {
            ex = EXIT_INTERNAL;
            goto done;
        }
    }
    if (json && (rc = co_write_atomic(json, text, strlen(text), dg)) != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    if (csv && (rc = co_write_csv_files(csv, co_plan_csv_names, files, CO_PLAN_CSV_FILES, dg)) !=
                   CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    if (xlsx && (rc = cli_write_xlsx(xlsx, text, NULL, dg)) != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    /* recorded only once the files are written: a failed write leaves no run */
    long long run_id = 0;
    if (st) {
        rc = cli_record(st, pl, text, &sum0, files, started, &run_id, dg);
        if (rc != CO_OK) {
            cli_print_diag(dg);
            fprintf(stderr, "coalitions plan: the plan was made%s but the run was not stored\n",
                    json || csv || xlsx ? " and its files written" : "");
            ex = cli_exit(rc);
            goto done;
        }
    }
    cli_print_diag(dg); /* warnings */
    if (sum.len)
        fwrite(sum.data, 1, sum.len, stdout);
    if (fflush(stdout) != 0) {
        ex = EXIT_IO;
        goto done;
    }
    if (st && !quiet)
        fprintf(stderr, "run %lld stored in %s\n", run_id, co_store_path(st));
    ex = cli_exit(solved);
done:
    co_store_free(st);
    for (int i = 0; i < CO_PLAN_CSV_FILES; i++)
        co_buf_release(&files[i]);
    co_buf_release(&sum0);
    co_buf_release(&sum);
    free(text);
    co_plan_free(pl);
    co_rules_release(&rules);
    co_dataset_free(ds);
    co_run_options_free(ro);
    co_diag_free(dg);
    return ex;
}
