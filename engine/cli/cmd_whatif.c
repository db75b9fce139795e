/*
 * cmd_whatif.c: `coalitions whatif DATASET SCENARIOS.json`: solves the
 * baseline and each scenario in its own process, up to -j at once (a
 * batch, co_batch_run: GLPK is not thread-safe, and a fresh process is a
 * fresh GLPK), then compares them (co_comparison_build). A run hands back
 * its store run id and its plan JSON text ("RUN\nPLAN"), so the parent
 * writes every output itself, atomically, in scenario order; it reads
 * each plan back with co_plan_read before comparing them.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "options.h"
#include "render/brief.h"
#include "render/xlsx.h"
#include "store_cli.h"

static const char about[] =
    "Solves the dataset as it is (the baseline) and with each scenario of the\n"
    "scenario file (docs/WHATIF.md), each applied to the dataset on its own, and\n"
    "prints their comparison: money placed, urgent need covered, seats, per State\n"
    "coverage and coalition changes, per donor utilisation, for a multi-year\n"
    "dataset the obligations whose deadline figures changed (placed by the\n"
    "deadline, completion, earliest completion, extension check), then the\n"
    "ranking by objective. A scenario whose rules cannot all hold is explained:\n"
    "which rules conflict and the smallest change that gives a plan.\n";
static const char footer[] =
    "Exit codes: 0 every run gave a plan, 1 some run has no plan (infeasible or\n"
    "no solution; the others are still compared), 2 usage, 3 invalid dataset or\n"
    "scenario file, or a scenario that is an input error (the others still run),\n"
    "4 solver failure, 5 file or run store error, 70 internal error.\n";

/* One run of the batch: job 0 is the baseline, job i scenario i - 1. */
typedef struct job {
    const char *name; /* NULL: the baseline */
    char *label;      /* "baseline", "scenario 'NAME'": how failures name it */
    /* what the run handed back */
    int exit_code;
    long long run;
    char *plan_text;
    co_plan *plan; /* plan_text read back */
    const char *message;
    char *file; /* plan file name in --json-dir */
} job;

/* What every run shares (the children read it). */
typedef struct opts {
    const co_dataset *ds;
    const co_scenario_set *set;
    const co_run_options *ro;
    const char *baseline, *db;
    int keep_pledges, store;
} opts;

/* ---- in the child --------------------------------------------------- */

/* Records the run in the store, as plan does. */
static int record(const co_plan *pl, const char *db, double started, long long *run_id,
                  co_diag *dg)
{
    co_store *st = NULL;
    int rc = co_store_open(cli_store_path(db), CO_STORE_WRITE, &st, dg);
    if (rc == CO_OK)
        rc = co_store_record_plan(st, pl, started, run_id, dg);
    co_store_free(st);
    return rc;
}

/* Run `index` of the batch: apply its scenario, solve, record; hands back
 * "RUN\nPLAN" (the run id, 0 when not stored, then the plan JSON when
 * there is a plan). */
static int run_job(void *ctx, int index, co_buf *result, co_diag *dg)
{
    const opts *o = ctx;
    double started = co_store_now();
    co_request *rq = co_request_new();
    co_plan *pl = NULL, *base = NULL;
    char *text = NULL, *base_name = NULL;
    long long run_id = 0;
    int rc = rq ? CO_OK : CO_EINTERNAL;
    if (rc == CO_OK && index > 0)
        rc = co_request_scenario(rq, o->set, index - 1, dg);
    if (rc == CO_OK && o->baseline) {
        rc = cli_baseline(o->baseline, o->db, &base, &base_name, dg);
        if (rc == CO_OK)
            co_request_baseline(rq, base, base_name, o->keep_pledges);
    }
    if (rc == CO_OK)
        rc = co_plan_solve(o->ds, o->ro, rq, NULL, NULL, &pl, dg);
    if (pl && co_plan_to_json(pl, &text, dg) != CO_OK)
        rc = CO_EINTERNAL;
    if (pl && text && o->store) {
        int src = record(pl, o->db, started, &run_id, dg);
        if (src != CO_OK)
            rc = src;
    }
    co_buf_printf(result, "%lld\n", run_id);
    if (text)
        co_buf_put(result, text, strlen(text));
    free(text);
    free(base_name);
    co_plan_free(base);
    co_plan_free(pl);
    co_request_free(rq);
    return rc;
}

/* ---- in the parent -------------------------------------------------- */

/* Takes what run i handed back: its exit code, run id and plan text. */
static int take_result(job *jb, const co_batch *b, int i)
{
    size_t len = 0;
    const char *r = co_batch_result(b, i, &len);
    jb->exit_code = cli_exit(co_batch_code(b, i));
    jb->message = co_batch_message(b, i);
    if (!r)
        return CO_OK;
    char *end = NULL;
    errno = 0;
    long long run = strtoll(r, &end, 10);
    if (end == r || *end != '\n' || errno || run < 0) {
        jb->exit_code = EXIT_INTERNAL;
        jb->message = "the run handed back a result that does not read";
        return CO_OK;
    }
    jb->run = run;
    if (end[1] && !(jb->plan_text = strdup(end + 1)))
        return CO_EINTERNAL;
    return CO_OK;
}

/* A file name from a scenario name: lowercase letters and digits, other
 * runs of bytes as one '-'; made unique with -2, -3, ... */
static char *slug(const char *name, const job *jobs, int n)
{
    size_t len = strlen(name);
    char *s = malloc(len + 16);
    if (!s)
        return NULL;
    size_t o = 0;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        if (isalnum(c) && c < 128)
            s[o++] = (char)tolower(c);
        else if (o && s[o - 1] != '-')
            s[o++] = '-';
        if (o > 60)
            break;
    }
    while (o && s[o - 1] == '-')
        o--;
    if (!o)
        o = (size_t)snprintf(s, 16, "scenario");
    s[o] = '\0';
    char *base = strdup(s);
    for (int k = 2; base; k++) {
        int taken = strcmp(s, "baseline") == 0 || strcmp(s, "comparison") == 0;
        for (int i = 0; i < n && !taken; i++)
            taken = jobs[i].file && strncmp(jobs[i].file, s, strlen(s)) == 0 &&
                    strcmp(jobs[i].file + strlen(s), ".json") == 0;
        if (!taken)
            break;
        snprintf(s, len + 16, "%.60s-%d", base, k);
    }
    free(base);
    char *file = cli_asprintf("%s.json", s);
    free(s);
    return file;
}

static int worst_exit(const job *jobs, int n)
{
    static const int rank[] = {EXIT_PLAN, EXIT_NO_PLAN, EXIT_INPUT, EXIT_SOLVER, EXIT_IO,
                               EXIT_INTERNAL};
    int worst = 0;
    for (int i = 0; i < n; i++)
        for (int r = 0; r < (int)(sizeof rank / sizeof rank[0]); r++)
            if (jobs[i].exit_code == rank[r] && r > worst)
                worst = r;
    return rank[worst];
}

/* Writes --json-dir: baseline.json, the scenarios' plans, comparison.json. */
static int write_dir(const char *dir, job *jobs, int n, const co_buf *cmp, co_diag *dg)
{
    const char **names = calloc((size_t)n + 1, sizeof *names);
    co_buf *bufs = calloc((size_t)n + 1, sizeof *bufs);
    int k = 0, rc = CO_EINTERNAL;
    for (int i = 0; names && bufs && i < n; i++) {
        if (!jobs[i].plan_text || !jobs[i].file)
            continue;
        names[k] = jobs[i].file;
        bufs[k].data = jobs[i].plan_text;
        bufs[k++].len = strlen(jobs[i].plan_text);
    }
    if (names && bufs) {
        names[k] = "comparison.json";
        bufs[k++] = *cmp;
        rc = co_write_files(dir, names, bufs, k, dg);
    }
    free(names);
    free(bufs); /* the data is the jobs' */
    return rc;
}

int cmd_whatif(int argc, char **argv)
{
    const char *json_dir = NULL, *xlsx = NULL, *brief = NULL;
    uint64_t jobs_n = 1;
    int quiet = 0, no_store = 0, n_ops, ex = EXIT_INTERNAL, n = 0, rc;
    opts o = {.store = 1};
    co_diag *dg = co_diag_new();
    co_run_options *ro = co_run_options_new();
    co_dataset *ds = NULL;
    co_scenario_set *set = NULL;
    co_batch *batch = NULL;
    job *jobs = NULL;
    const char **labels = NULL;
    co_run_outcome *out = NULL;
    co_comparison *cmp = NULL;
    co_buf cmp_text, view;
    co_buf_init(&cmp_text);
    co_buf_init(&view);
    cli_solver sv;
    cli_solver_init(&sv, ro, dg);
    sv.diagnose = CO_DIAGNOSE_REASONS; /* the comparison shows no changes: fast what-ifs */
    const cli_option options[] = {
        CLI_FILE(0, "json-dir", "DIR", &json_dir, CLI_FOLDER,
                 "write baseline.json, one plan JSON per scenario (named after it) and "
                 "comparison.json into DIR (created)"),
        CLI_XLSX_OPTION(&xlsx, "write the Excel workbook of the baseline with a Scenarios "
                               "sheet (not '-')"),
        CLI_FILE(0, "brief", "FILE", &brief, 0,
                 "write the brief comparing the scenarios: HTML, or Markdown when FILE ends "
                 "in .md ('-': HTML on stdout)"),
        CLI_WHOLE('j', "jobs", "N", &jobs_n, 1, 64, 0,
                  "solve up to N runs at once, each in its own process; the results are the "
                  "same for any N"),
        CLI_DIAGNOSE_OPTION(&sv, "reasons"),
        CLI_SOLVER_OPTIONS(&sv, "seconds for each run (the baseline's, each scenario's): "
                                "solving, the price of fairness; what does not fit is "
                                "skipped and listed in its plan"),
        CLI_STRING(0, "baseline", "RUN|PLAN", &o.baseline, 0,
                   "every run keeps close to this earlier plan (see plan --help), with "
                   "stability_weight per seat changed"),
        CLI_FLAG(0, "keep-pledges", &o.keep_pledges,
                 "with --baseline: its allocations become pledges"),
        CLI_DB_OPTION(&o.db, ". Every run is recorded there, with its scenario name, when the "
                             "store file exists (it is not created)."),
        CLI_FLAG(0, "no-store", &no_store, "do not record the runs"),
        CLI_FLAG('q', "quiet", &quiet, "no comparison on stdout"),
        CLI_END};
    const cli_spec spec = {.name = "whatif", .operands = "DATASET SCENARIOS.json",
                           .min_operands = 2, .max_operands = 2,
                           .missing = "missing DATASET or SCENARIOS",
                           .extra = "one DATASET and one SCENARIOS only, got '%s'",
                           .about = about, .footer = footer, .options = options};
    if (!dg || !ro)
        goto done;
    if ((ex = cli_parse(&spec, argc, argv, &n_ops)) != CLI_GO_ON)
        goto done;
    o.store = !no_store;
    if (o.keep_pledges && !o.baseline) {
        ex = cli_usage_error("whatif", "--keep-pledges needs --baseline");
        goto done;
    }
    if ((ex = cli_solver_apply("whatif", &sv)) != 0)
        goto done;
    ex = EXIT_INTERNAL;
    const char *dataset = argv[0], *scenarios = argv[1];
    rc = co_dataset_load(dataset, &ds, dg);
    if (rc == CO_OK)
        rc = co_scenario_set_load(scenarios, &set, dg);
    if (rc != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    /* runs are recorded only where a store already is; a bad one is
     * refused before the long solves */
    o.store = o.store && access(cli_store_path(o.db), F_OK) == 0;
    if (o.store) {
        co_store *st = NULL;
        rc = co_store_open(cli_store_path(o.db), CO_STORE_WRITE, &st, dg);
        co_store_free(st);
        if (rc != CO_OK) {
            cli_print_diag(dg);
            ex = cli_exit(rc);
            goto done;
        }
    }
    o.ds = ds;
    o.set = set;
    o.ro = ro;
    n = co_scenario_set_count(set) + 1;
    jobs = calloc((size_t)n, sizeof *jobs);
    labels = calloc((size_t)n, sizeof *labels);
    if (!jobs || !labels)
        goto done;
    for (int i = 0; i < n; i++) {
        jobs[i].name = i ? co_scenario_set_name(set, i - 1) : NULL;
        jobs[i].label = i ? cli_asprintf("scenario '%s'", co_q(0, jobs[i].name))
                          : strdup("baseline");
        jobs[i].file = i ? slug(jobs[i].name, jobs, i) : strdup("baseline.json");
        labels[i] = jobs[i].label;
        if (!jobs[i].label || !jobs[i].file)
            goto done;
    }
    rc = co_batch_run("whatif", n, (int)jobs_n, run_job, &o, labels, &batch, dg);
    for (int i = 0; rc == CO_OK && i < n; i++)
        rc = take_result(&jobs[i], batch, i);
    if (rc != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    out = calloc((size_t)n, sizeof *out);
    if (!out)
        goto done;
    /* each plan read back, under the name the comparison gives it */
    for (int i = 0; i < n && rc == CO_OK; i++) {
        const char *file = json_dir && jobs[i].plan_text ? jobs[i].file : NULL;
        char *label = jobs[i].plan_text ? co_outcome_label(jobs[i].name, file) : NULL;
        if (jobs[i].plan_text)
            rc = label ? co_plan_read(label, jobs[i].plan_text, strlen(jobs[i].plan_text),
                                      &jobs[i].plan, dg)
                       : CO_EINTERNAL;
        free(label);
        out[i] = (co_run_outcome){.name = jobs[i].name,
                                  .file = file,
                                  .run = jobs[i].run,
                                  .exit_code = jobs[i].exit_code,
                                  .message = jobs[i].message,
                                  .plan = jobs[i].plan};
    }
    if (rc == CO_OK)
        rc = co_comparison_build(&out[0], out + 1, n - 1, scenarios, &cmp, dg);
    if (rc == CO_OK) {
        rc = co_comparison_to_json(cmp, &cmp_text, dg);
        if (rc == CO_OK && !quiet)
            rc = co_comparison_text(cmp, &view, dg);
        if (cmp_text.oom || view.oom)
            rc = CO_EINTERNAL;
    }
    if (rc == CO_OK && json_dir)
        rc = write_dir(json_dir, jobs, n, &cmp_text, dg);
    if (rc == CO_OK && brief) {
        size_t bl = strlen(brief);
        enum co_brief_fmt fmt =
            bl > 3 && strcmp(brief + bl - 3, ".md") == 0 ? CO_BRIEF_MD : CO_BRIEF_HTML;
        co_buf page;
        co_buf_init(&page);
        rc = co_brief_comparison(cmp, scenarios, fmt, &page, dg);
        if (rc == CO_OK)
            rc = page.oom ? CO_EINTERNAL : co_write_atomic(brief, page.data, page.len, dg);
        co_buf_release(&page);
    }
    if (rc == CO_OK && xlsx && jobs[0].plan)
        rc = co_xlsx_write(xlsx, jobs[0].plan, cmp, dg);
    cli_print_diag(dg);
    if (rc == CO_OK && xlsx && !jobs[0].plan)
        fprintf(stderr, "warning: %s: not written: the baseline has no plan\n", xlsx);
    if (rc != CO_OK) {
        ex = cli_exit(rc);
        goto done;
    }
    if (view.len)
        fwrite(view.data, 1, view.len, stdout);
    if (fflush(stdout) != 0) {
        ex = EXIT_IO;
        goto done;
    }
    ex = worst_exit(jobs, n);
done:
    if (ex == EXIT_INTERNAL && dg && co_diag_count(dg) == 0)
        fprintf(stderr, "coalitions whatif: out of memory\n");
    for (int i = 0; jobs && i < n; i++) {
        free(jobs[i].label);
        free(jobs[i].plan_text);
        co_plan_free(jobs[i].plan);
        free(jobs[i].file);
    }
    free(jobs);
    free(labels);
    free(out);
    co_comparison_free(cmp);
    co_buf_release(&cmp_text);
    co_buf_release(&view);
    co_batch_free(batch);
    co_scenario_set_free(set);
    co_dataset_free(ds);
    co_run_options_free(ro);
    co_diag_free(dg);
    return ex;
}
