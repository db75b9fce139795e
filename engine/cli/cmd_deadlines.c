/*
 * cmd_deadlines.c: `coalitions deadlines DATASET`: the deadline analysis of
 * a multi-year dataset alone (LPs only, no plan solved), spread over -j
 * child processes by the engine (co_deadlines_analyse); with --plan, also
 * what that plan does by each deadline. Every output is built in memory
 * and written only once the analysis is done. The option table (options.h)
 * fills a struct first; the command's body only reads it.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "render/deadlines.h"
#include "render/report.h"

static const char about[] =
    "The deadline analysis of a multi-year dataset (docs/DEADLINES.md): for each\n"
    "need with a deadline within the dataset's years, whether the money on the\n"
    "table could complete it by its deadline if it came first (the best case),\n"
    "the earliest year it could be complete, whether operators' capacity rules\n"
    "the deadline out whatever the money, the money missing each year, and\n"
    "whether a requested extension is strictly necessary. LPs only: no plan is\n"
    "solved. Prints one verdict line per obligation and its figures.\n";
static const char footer[] =
    "Exit codes: 0 every need analysed, 1 the time limit came first (the\n"
    "analysis so far is still written), 2 usage (also an unknown --need, or one\n"
    "without a deadline within the years), 3 invalid input (also a dataset\n"
    "without years, or a plan of another dataset), 4 solver failure, 5 file\n"
    "error, 70 internal error.\n";

typedef struct opts {
    const char *dataset, *plan, *json, *csv;
    const char **needs; /* room for every argument */
    int n_needs, jobs, quiet;
    co_run_options *ro;
} opts;

/* --need's callback: one more need id */
static int add_need(const char *cmd, const char *text, void *value)
{
    opts *o = value;
    (void)cmd;
    o->needs[o->n_needs++] = text;
    return 0;
}

/* Reads the command line into o: CLI_GO_ON, or the exit code to leave
 * with (0 after --help). */
static int parse(int argc, char **argv, opts *o, co_diag *dg)
{
    cli_solver sv;
    uint64_t jobs = 1;
    int n_ops, ex;
    cli_solver_init(&sv, o->ro, dg);
    const cli_option options[] = {
        CLI_CALLBACK(0, "need", "ID", add_need, o, CLI_MANY,
                     "analyse this need only (repeatable)"),
        CLI_FILE(0, "plan", "PLAN.json", &o->plan, 0,
                 "a plan of the same dataset (coalitions plan --json): also what it places "
                 "by each deadline, its completion year and whether it is on time"),
        CLI_FILE(0, "json", "FILE", &o->json, 0,
                 "write the analysis as JSON ('-' for stdout: no text then)"),
        CLI_FILE(0, "csv", "DIR", &o->csv, CLI_FOLDER | CLI_NO_DASH,
                 "write deadlines.csv into DIR (created if missing)"),
        CLI_WHOLE('j', "jobs", "N", &jobs, 1, 64, 0,
                  "analyse in up to N processes at once; the output is the same for any N"),
        CLI_SET_OPTION(&sv),
        CLI_NUMBER(0, "time-limit", "S", &sv.time_limit, CO_TIME_LIMIT_MIN, CO_TIME_LIMIT_MAX,
                   "a number of seconds",
                   "seconds for the whole analysis; needs not reached by then are listed "
                   "without their LP figures"),
        CLI_FLAG('q', "quiet", &o->quiet, "no text on stdout"),
        CLI_END};
    const cli_spec spec = {.name = "deadlines", .operands = "DATASET", .min_operands = 1,
                           .max_operands = 1, .about = about, .footer = footer,
                           .options = options};
    if ((ex = cli_parse(&spec, argc, argv, &n_ops)) != CLI_GO_ON)
        return ex;
    if ((ex = cli_solver_apply("deadlines", &sv)) != 0)
        return ex;
    o->dataset = argv[0];
    o->jobs = (int)jobs;
    return CLI_GO_ON;
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
        co_deadlines_csv_file(res, &csv);
    if (rc == CO_OK && (out.oom || csv.oom))
        rc = CO_EINTERNAL;
    if (rc == CO_OK && o->json)
        rc = co_write_atomic(o->json, text, strlen(text), dg);
    if (rc == CO_OK && o->csv) {
        static const char *const names[] = {"deadlines.csv"};
        rc = co_write_files(o->csv, names, &csv, 1, dg);
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
        if (ex == CLI_GO_ON)
            ex = run(&o, dg);
    } else {
        fprintf(stderr, "coalitions deadlines: out of memory\n");
    }
    free(o.needs);
    co_run_options_free(o.ro);
    co_diag_free(dg);
    return ex;
}
