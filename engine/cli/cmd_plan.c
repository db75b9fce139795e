/*
 * cmd_plan.c: `coalitions plan DATASET`: load, solve, then write the plan
 * JSON, the CSV files and the readable summary. Every output is built in
 * memory and written atomically only after the solve succeeded; then the
 * run is recorded in the run store, unless --no-store.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"
#include "render/report.h"
#include "render/xlsx.h"
#include "store_cli.h"

static const char about[] =
    "Solves the dataset (a JSON file, or a folder holding a CSV bundle) and\n"
    "writes the recommended Country Coalitions. The readable summary goes to\n"
    "stdout: per State its coverage, nearest deadline, lead and members with\n"
    "amounts by area, unmet urgent needs, and for a State without a coalition\n"
    "(or below the coverage floor) why and what would change it; then donors\n"
    "with utilisation and the value of one more dollar; last status, objective,\n"
    "bound, gap and time. The plan JSON carries the full diagnosis\n"
    "(docs/DIAGNOSIS.md), made in what the solve leaves of --time-limit.\n"
    "A dataset with years is planned year by year (MULTIYEAR.md): the\n"
    "summary adds each State's funding by year and each donor's years\n"
    "(and has no diagnosis).\n";
static const char footer[] =
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
    const char *baseline = NULL;
    int keep_pledges = 0;
    uint64_t alts = 1;
    double within = 5;
    const char *json = NULL, *csv = NULL, *db = NULL, *xlsx = NULL;
    double started = co_store_now();
    int quiet = 0, verbose = 0, no_store = 0, store, n, ex;
    co_diag *dg = co_diag_new();
    co_run_options *ro = co_run_options_new();
    co_request *rq = co_request_new();
    co_dataset *ds = NULL;
    co_plan *pl = NULL, *base = NULL;
    char *text = NULL, *base_name = NULL;
    co_store *st = NULL;
    co_buf sum, files[CO_PLAN_CSV_FILES];
    co_buf_init(&sum);
    for (int i = 0; i < CO_PLAN_CSV_FILES; i++)
        co_buf_init(&files[i]);
    cli_solver sv;
    cli_solver_init(&sv, ro, dg);
    const cli_option options[] = {
        CLI_FILE(0, "json", "FILE", &json, 0,
                 "write the plan JSON ('-' for stdout: no summary then)"),
        CLI_FILE(0, "csv", "DIR", &csv, CLI_FOLDER,
                 "write coalitions.csv, allocations.csv, donors.csv, needs.csv (and deadlines.csv "
                 "for a multi-year plan) into DIR "
                 "(created if missing)"),
        CLI_XLSX_OPTION(&xlsx, CLI_XLSX_SHEETS " (not '-')"),
        CLI_DIAGNOSE_OPTION(&sv, "full"),
        CLI_SOLVER_OPTIONS(&sv, "seconds for the whole run: loading, solving, the price of "
                                "fairness, alternatives; what does not fit is skipped "
                                "and listed in the plan"),
        CLI_DB_OPTION(&db, ". The run is recorded there once its files are written; "
                           "'coalitions history' lists the runs."),
        CLI_FLAG(0, "no-store", &no_store, "do not record the run"),
        CLI_STRING(0, "baseline", "RUN|PLAN", &baseline, 0,
                   "keep close to an earlier plan (a run id in the store, or a plan JSON "
                   "file): each seat added or removed against it costs stability_weight "
                   "(--set stability_weight=N; 0 by default)"),
        CLI_FLAG(0, "keep-pledges", &keep_pledges,
                 "with --baseline: the baseline's allocations become pledges the new plan "
                 "must keep"),
        CLI_WHOLE(0, "alternatives", "K", &alts, 1, CO_ALTERNATIVES_MAX, 0,
                  "also find up to K-1 other coalition sets, each within --within P percent "
                  "of the best; the summary shows how they differ"),
        CLI_NUMBER(0, "within", "P", &within, 0, CO_WITHIN_MAX, "a percentage",
                   "with --alternatives: how far from the best the other sets may be, in "
                   "percent of its objective"),
        CLI_FLAG('q', "quiet", &quiet,
                 "no summary on stdout (errors still go to stderr), and no 'run N stored' "
                 "line on stderr"),
        CLI_FLAG('v', "verbose", &verbose, "show GLPK's own output on stderr"),
        CLI_END};
    const cli_spec spec = {.name = "plan", .operands = "DATASET", .min_operands = 1,
                           .max_operands = 1, .about = about, .footer = footer,
                           .options = options};
    if (!dg || !ro || !rq) {
        ex = EXIT_INTERNAL;
        goto done;
    }
    co_run_options_start_clock(ro); /* --time-limit bounds the whole command */
    if ((ex = cli_parse(&spec, argc, argv, &n)) != CLI_GO_ON)
        goto done;
    store = !no_store;
    if (keep_pledges && !baseline) {
        ex = cli_usage_error("plan", "--keep-pledges needs --baseline");
        goto done;
    }
    if ((ex = cli_solver_apply("plan", &sv)) != 0)
        goto done;
    int rc = co_dataset_load(argv[0], &ds, dg);
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
    if (baseline && (rc = cli_baseline(baseline, db, &base, &base_name, dg)) != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    if (baseline)
        co_request_baseline(rq, base, base_name, keep_pledges);
    if ((rc = co_request_alternatives(rq, (int)alts, within, dg)) != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    rc = co_plan_solve(ds, ro, rq, verbose ? glpk_log : NULL, NULL, &pl, dg);
    if (shown)
        fprintf(stderr, "\r\033[K");
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
    if (csv && co_plan_render_csv(pl, files) != CO_OK) {
        cli_print_diag(dg);
        ex = EXIT_INTERNAL;
        goto done;
    }
    if (json && (rc = co_write_atomic(json, text, strlen(text), dg)) != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    if (csv && (rc = co_write_files(csv, co_plan_csv_names, files, co_plan_csv_count(pl), dg)) !=
                   CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    if (xlsx && (rc = co_xlsx_write(xlsx, pl, NULL, dg)) != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    /* recorded only once the files are written: a failed write leaves no run */
    long long run_id = 0;
    if (st) {
        rc = co_store_record_plan(st, pl, started, &run_id, dg);
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
    co_buf_release(&sum);
    free(text);
    co_plan_free(pl);
    co_plan_free(base);
    free(base_name);
    co_request_free(rq);
    co_dataset_free(ds);
    co_run_options_free(ro);
    co_diag_free(dg);
    return ex;
}
