/*
 * cmd_deadlines.c: `coalitions deadlines DATASET`: the deadline analysis of
 * a multi-year dataset alone (LPs only, no plan solved), spread over -j
 * child processes by the engine (co_deadlines_analyse); with --plan, also
 * what that plan does by each deadline. Every output is built in memory
 * and written only once the analysis is done. Options are parsed into a
 * struct first; the command's body only reads it.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "render/deadlines.h"
#include "render/report.h"

static const char usage[] =
    "usage: coalitions deadlines DATASET [OPTIONS]\n"
    "\n"
    "The deadline analysis of a multi-year dataset (docs/DEADLINES.md): for each\n"
    "need with a deadline within the dataset's years, whether the money on the\n"
    "table could complete it by its deadline if it came first (the best case),\n"
    "the earliest year it could be complete, whether operators' capacity rules\n"
    "the deadline out whatever the money, the money missing each year, and\n"
    "whether a requested extension is strictly necessary. LPs only: no plan is\n"
    "solved. Prints one verdict line per obligation and its figures.\n"
    "\n"
    "  --need ID            analyse this need only (repeatable)\n"
    "  --plan PLAN.json     a plan of the same dataset (coalitions plan --json):\n"
    "                       also what it places by each deadline, its completion\n"
    "                       year and whether it is on time\n"
    "  --json FILE          write the analysis as JSON ('-' for stdout: no text then)\n"
    "  --csv DIR            write deadlines.csv into DIR (created if missing)\n"
    "  -j, --jobs N         analyse in up to N processes at once (default 1); the\n"
    "                       output is the same for any N\n"
    "  --set NAME=VALUE     override a model parameter (repeatable)\n"
    "  --time-limit S       seconds for the whole analysis (default 30); needs not\n"
    "                       reached by then are listed without their LP figures\n"
    "  -q, --quiet          no text on stdout\n"
    "  --help               this help\n"
    "\n"
    "Exit codes: 0 every need analysed, 1 the time limit came first (the\n"
    "analysis so far is still written), 2 usage (also an unknown --need, or one\n"
    "without a deadline within the years), 3 invalid input (also a dataset\n"
    "without years, or a plan of another dataset), 4 solver failure, 5 file\n"
    "error, 70 internal error.\n";

typedef struct opts {
    const char *dataset, *plan, *json, *csv;
    const char **needs;
    int n_needs, jobs, quiet;
    co_run_options *ro;
} opts;

#define GO (-1) /* parse: the options are read, run the command */

/* Reads the command line into o; GO, or the exit code to leave with (0
 * after --help). */
static int parse(int argc, char **argv, opts *o, co_diag *dg)
{
    static const struct option lopts[] = {
        {"need", required_argument, NULL, 'n'},    {"plan", required_argument, NULL, 'p'},
        {"json", required_argument, NULL, 'J'},    {"csv", required_argument, NULL, 'c'},
        {"jobs", required_argument, NULL, 'j'},    {"set", required_argument, NULL, 's'},
        {"time-limit", required_argument, NULL, 't'}, {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},          {NULL, 0, NULL, 0}};
    double time_limit = 30, mip_gap = 1e-4, jobs = 1;
    int c, ex;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":qj:", lopts, NULL)) != -1) {
        switch (c) {
        case 'n':
            o->needs[o->n_needs++] = optarg;
            break;
        case 'p':
            o->plan = optarg;
            break;
        case 'J':
            o->json = optarg;
            break;
        case 'c':
            o->csv = optarg;
            break;
        case 'j':
            if (cli_number("deadlines", "--jobs", optarg, &jobs) != 0)
                return EXIT_USAGE;
            if (jobs < 1 || jobs > 64 || jobs != floor(jobs))
                return cli_usage_error("deadlines",
                                       "--jobs must be a whole number from 1 to 64, got '%s'",
                                       optarg);
            break;
        case 's':
        case 't':
            if ((ex = cli_solver_option("deadlines", c, optarg, o->ro, &time_limit, &mip_gap,
                                        dg)) != 0)
                return ex;
            break;
        case 'q':
            o->quiet = 1;
            break;
        default: /* --help, a missing value, an unknown option */
            return cli_option_end(c, "deadlines", usage, argv);
        }
    }
    if ((ex = cli_one_operand("deadlines", "DATASET", argc, argv)) != 0)
        return ex;
    o->dataset = argv[optind];
    o->jobs = (int)jobs;
    if (co_run_options_solver(o->ro, time_limit, mip_gap, dg) != CO_OK) {
        cli_print_diag(dg);
        return cli_usage_error("deadlines", "bad solver option");
    }
    return GO;
}

/* The command's body: load, analyse, write. Returns the exit code. */
static int run(const opts *o, co_diag *dg)
{
    co_dataset *ds = NULL;
    co_plan *plan = NULL, *res = NULL;
    char *text = NULL;
    co_buf out, csv;
    co_buf_init(&out);
    co_buf_init(&csv);
    int rc = co_dataset_load(o->dataset, &ds, dg);
    if (rc == CO_OK && o->plan)
        rc = co_plan_load(o->plan, &plan, dg);
    if (rc == CO_OK) {
        co_deadline_request rq = {.needs = o->needs,
                                  .n_needs = o->n_needs,
                                  .plan = plan,
                                  .plan_name = o->plan,
                                  .jobs = o->jobs};
        rc = co_deadlines_analyse(ds, o->ro, &rq, &res, dg);
    }
    int analysed = rc;
    if (rc != CO_OK && rc != CO_EINFEASIBLE)
        goto done;
    rc = CO_OK;
    /* everything in memory first */
    if (o->json)
        rc = co_plan_analysis_to_json(res, &text, dg);
    int to_stdout = o->json && strcmp(o->json, "-") == 0;
    if (rc == CO_OK && !o->quiet && !to_stdout)
        co_deadlines_report(res, &out);
    if (rc == CO_OK && o->csv)
        co_deadlines_csv(res, &csv);
    if (rc == CO_OK && (out.oom || csv.oom))
        rc = CO_EINTERNAL;
    if (rc == CO_OK && o->json)
        rc = co_write_atomic(o->json, text, strlen(text), dg);
    if (rc == CO_OK && o->csv) {
        static const char *const names[] = {"deadlines.csv"};
        rc = co_write_csv_files(o->csv, names, &csv, 1, dg);
    }
    if (rc == CO_OK && out.len) {
        fwrite(out.data, 1, out.len, stdout);
        if (fflush(stdout) != 0)
            rc = CO_EIO;
    }
    if (rc == CO_OK)
        rc = analysed;
done:
    cli_print_diag(dg);
    co_buf_release(&out);
    co_buf_release(&csv);
    free(text);
    co_plan_free(res);
    co_plan_free(plan);
    co_dataset_free(ds);
    return cli_exit(rc);
}

int cmd_deadlines(int argc, char **argv)
{
    co_diag *dg = co_diag_new();
    opts o = {.ro = co_run_options_new(), .needs = calloc((size_t)argc + 1, sizeof(char *))};
    int ex = EXIT_INTERNAL;
    if (dg && o.ro && o.needs) {
        ex = parse(argc, argv, &o, dg);
        if (ex == GO)
            ex = run(&o, dg);
    } else {
        fprintf(stderr, "coalitions deadlines: out of memory\n");
    }
    free(o.needs);
    co_run_options_free(o.ro);
    co_diag_free(dg);
    return ex;
}
