/*
 * cmd_whatif.c: `coalitions whatif DATASET SCENARIOS.json`: solves the
 * baseline and each scenario (engine/scenario.c applies it) in its own
 * process, up to -j at once (GLPK is not thread-safe, and a fresh process
 * is a fresh GLPK), then compares them (engine/compare.c). A child sends
 * its result back as a small JSON file in a private temporary folder:
 * exit code, store run id, messages and the plan JSON text, so the
 * parent writes every output itself, atomically, in scenario order.
 */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/json.h"
#include "render/brief.h"
#include "cli.h"
#include "run/compare.h"
#include "base/output.h"
#include "result/plan.h"
#include "run/run.h"
#include "render/report.h"
#include "run/scenario.h"
#include "store/store.h"
#include "store_cli.h"
#include "base/util.h"
#include "render/xlsx.h"

static const char usage[] =
    "usage: coalitions whatif DATASET SCENARIOS.json [OPTIONS]\n"
    "\n"
    "Solves the dataset as it is (the baseline) and with each scenario of the\n"
    "scenario file (docs/WHATIF.md), each applied to the dataset on its own, and\n"
    "prints their comparison: money placed, urgent need covered, seats, per State\n"
    "coverage and coalition changes, per donor utilisation, then the ranking by\n"
    "objective. A scenario whose rules cannot all hold is explained: which rules\n"
    "conflict and the smallest change that gives a plan.\n"
    "\n"
    "  --json-dir DIR       write baseline.json, one plan JSON per scenario (named\n"
    "                       after it) and comparison.json into DIR (created)\n"
    "  --xlsx FILE          write the Excel workbook of the baseline with a\n"
    "                       Scenarios sheet\n"
    "  --brief FILE         write the brief comparing the scenarios: HTML, or\n"
    "                       Markdown when FILE ends in .md ('-': HTML on stdout)\n"
    "  -j, --jobs N         solve up to N runs at once, each in its own process\n"
    "                       (default 1); the results are the same for any N\n" CLI_SOLVER_HELP
    "                       (--time-limit is per run)\n"
    "  --baseline RUN|PLAN  every run keeps close to this earlier plan (see plan\n"
    "                       --help), with stability_weight per seat changed\n"
    "  --keep-pledges       with --baseline: its allocations become pledges\n" CLI_DB_HELP
    "                       Every run is recorded there, with its scenario name,\n"
    "                       when the store file exists (it is not created).\n"
    "  --no-store           do not record the runs\n"
    "  -q, --quiet          no comparison on stdout\n"
    "  --help               this help\n"
    "\n"
    "Exit codes: 0 every run gave a plan, 1 some run has no plan (infeasible or\n"
    "no solution; the others are still compared), 2 usage, 3 invalid dataset or\n"
    "scenario file, or a scenario that is an input error (the others still run),\n"
    "4 solver failure, 5 file or run store error, 70 internal error.\n";

typedef struct job {
    const char *name; /* NULL: the baseline */
    int index;        /* scenario index, -1 for the baseline */
    pid_t pid;
    char *result;     /* the result file */
    /* read back from the result */
    int exit_code;
    long long run;
    char *plan_text;
    cJSON *plan;
    char *message;
    char *file; /* plan file name in --json-dir */
} job;

typedef struct opts {
    const co_dataset *ds;
    const co_scenario_set *set;
    const co_run_options *ro;
    const char *baseline, *db;
    int keep_pledges, store;
} opts;

/* What cmd_whatif owns, so that a child can free its copy before it
 * exits (valgrind then sees no leak in the children either). */
typedef struct owned {
    co_diag *dg;
    co_run_options *ro;
    co_dataset *ds;
    co_scenario_set set;
    job *jobs;
    int n;
    char *tmpdir;
    cJSON *cmp;
    co_buf cmp_text, view;
} owned;

/* Frees everything; the parent (is_parent) also removes the result files
 * and the temporary folder, which a child must leave to the parent. */
static void release(owned *w, int is_parent)
{
    for (int i = 0; w->jobs && i < w->n; i++) {
        if (is_parent && w->jobs[i].result)
            unlink(w->jobs[i].result);
        free(w->jobs[i].result);
        free(w->jobs[i].plan_text);
        cJSON_Delete(w->jobs[i].plan);
        free(w->jobs[i].message);
        free(w->jobs[i].file);
    }
    if (is_parent && w->tmpdir)
        rmdir(w->tmpdir);
    free(w->tmpdir);
    free(w->jobs);
    cJSON_Delete(w->cmp);
    co_buf_release(&w->cmp_text);
    co_buf_release(&w->view);
    co_scenario_set_release(&w->set);
    co_dataset_free(w->ds);
    co_run_options_free(w->ro);
    co_diag_free(w->dg);
}

/* ---- in the child --------------------------------------------------- */

static cJSON *messages_json(const co_diag *dg)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < co_diag_count(dg); i++) {
        int is_error;
        const char *m = co_diag_message(dg, i, &is_error);
        cJSON *o = cJSON_CreateObject();
        cJSON_AddBoolToObject(o, "error", is_error);
        cJSON_AddStringToObject(o, "text", m);
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

/* Records the run with the texts plan records (plan JSON, summary, CSV). */
static int record(const co_plan *pl, const char *text, const char *db, double started,
                  long long *run_id, co_diag *dg)
{
    co_store *st = NULL;
    co_buf sum, files[CO_PLAN_CSV_FILES];
    co_buf_init(&sum);
    for (int i = 0; i < CO_PLAN_CSV_FILES; i++)
        co_buf_init(&files[i]);
    int rc = co_store_open(cli_store_path(db), CO_STORE_WRITE, &st, dg);
    if (rc == CO_OK) {
        co_plan_summary(pl, 0, &sum);
        rc = sum.oom || co_plan_render_csv(pl, files) != CO_OK ? CO_EINTERNAL : CO_OK;
    }
    if (rc == CO_OK)
        rc = cli_record(st, pl, text, &sum, files, started, run_id, dg);
    co_store_free(st);
    co_buf_release(&sum);
    for (int i = 0; i < CO_PLAN_CSV_FILES; i++)
        co_buf_release(&files[i]);
    return rc;
}

/* One run: apply the scenario, solve, record; the result as JSON text. */
static int run_job(const opts *o, const job *jb)
{
    double started = co_store_now();
    co_diag *dg = co_diag_new();
    co_dataset *sds = NULL;
    co_plan *pl = NULL;
    char *text = NULL, *base_name = NULL;
    long long run_id = 0;
    co_rules rules;
    co_rules_init(&rules);
    const co_dataset *ds = o->ds;
    const co_scenario *sc = jb->index >= 0 ? &o->set->items[jb->index] : NULL;
    int rc = dg ? CO_OK : CO_EINTERNAL;
    if (rc == CO_OK && sc) {
        rc = co_scenario_apply(o->ds, sc, &sds, &rules, dg);
        ds = sds;
    }
    if (rc == CO_OK && o->baseline)
        rc = cli_baseline(o->baseline, o->db, o->keep_pledges, ds, &rules, &base_name, dg);
    if (rc == CO_OK) {
        co_plan_request rq = {.rules = &rules,
                              .where = sc ? sc->where : NULL,
                              .scenario = sc ? sc->name : NULL,
                              .baseline = base_name,
                              .keep_pledges = o->keep_pledges,
                              .own_clock = 1}; /* the limit is per scenario */
        rc = co_plan_solve_ex(ds, o->ro, &rq, NULL, NULL, &pl, dg);
    }
    if (pl && co_plan_to_json(pl, &text, dg) != CO_OK)
        rc = CO_EINTERNAL;
    if (pl && text && o->store) {
        int src = record(pl, text, o->db, started, &run_id, dg);
        if (src != CO_OK)
            rc = src;
    }
    cJSON *res = cJSON_CreateObject();
    cJSON_AddNumberToObject(res, "exit", cli_exit(rc));
    cJSON_AddNumberToObject(res, "run", (double)run_id);
    cJSON_AddItemToObject(res, "messages", dg ? messages_json(dg) : cJSON_CreateArray());
    if (text)
        cJSON_AddStringToObject(res, "plan", text);
    char *out = cJSON_PrintUnformatted(res);
    int ok = out && co_write_atomic(jb->result, out, strlen(out), dg) == CO_OK;
    cJSON_free(out);
    cJSON_Delete(res);
    free(text);
    free(base_name);
    co_plan_free(pl);
    co_dataset_free(sds);
    co_rules_release(&rules);
    co_diag_free(dg);
    return ok ? 0 : EXIT_INTERNAL;
}

/* ---- in the parent -------------------------------------------------- */

/* Reads a job's result; a child that died leaves none (exit 70). */
static void read_result(job *jb, int status, co_diag *dg)
{
    char *data = NULL;
    size_t len;
    jb->exit_code = EXIT_INTERNAL;
    if (co_read_file(jb->result, &data, &len) != 0) {
        jb->message = co_asprintf("the run ended without a result (%s %d)",
                                  WIFSIGNALED(status) ? "signal" : "exit status",
                                  WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
        return;
    }
    cJSON *res = cJSON_Parse(data);
    free(data);
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(res, "exit");
    const cJSON *run = cJSON_GetObjectItemCaseSensitive(res, "run");
    const cJSON *plan = cJSON_GetObjectItemCaseSensitive(res, "plan");
    const cJSON *msgs = cJSON_GetObjectItemCaseSensitive(res, "messages"), *m;
    jb->exit_code = cJSON_IsNumber(ex) ? ex->valueint : EXIT_INTERNAL;
    jb->run = cJSON_IsNumber(run) ? (long long)run->valuedouble : 0;
    if (cJSON_IsString(plan)) {
        jb->plan_text = co_strdup(plan->valuestring);
        jb->plan = cJSON_Parse(plan->valuestring);
    }
    cJSON_ArrayForEach(m, msgs)
    {
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(m, "text");
        int is_error = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "error"));
        if (!cJSON_IsString(t))
            continue;
        if (is_error) {
            co_err(dg, "%s", t->valuestring);
            if (!jb->message)
                jb->message = co_strdup(t->valuestring);
        } else {
            co_warn(dg, "%s", t->valuestring);
        }
    }
    cJSON_Delete(res);
}

/* Runs every job, at most `jobs` at once. */
static int run_all(const opts *o, job *jobs, int n, int max_jobs, owned *w, co_diag *dg)
{
    int next = 0, running = 0;
    while (next < n || running > 0) {
        while (next < n && running < max_jobs) {
            fflush(NULL);
            pid_t pid = fork();
            if (pid < 0) {
                co_err(dg, "cannot start a run: %s", strerror(errno));
                return CO_EINTERNAL;
            }
            if (pid == 0) {
                int ex = run_job(o, &jobs[next]);
                release(w, 0);
                _exit(ex);
            }
            jobs[next++].pid = pid;
            running++;
        }
        int status;
        pid_t pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            co_err(dg, "waiting for the runs: %s", strerror(errno));
            return CO_EINTERNAL;
        }
        for (int i = 0; i < n; i++)
            if (jobs[i].pid == pid) {
                read_result(&jobs[i], status, dg);
                jobs[i].pid = 0;
                running--;
            }
    }
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
    char *base = co_strdup(s);
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
    char *file = co_asprintf("%s.json", s);
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
    int rc = co_ensure_dir(dir, dg);
    if (rc != CO_OK)
        return rc;
    const char **names = calloc((size_t)n + 1, sizeof *names);
    co_buf *bufs = calloc((size_t)n + 1, sizeof *bufs);
    int k = 0;
    if (!names || !bufs) {
        free(names);
        free(bufs);
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    for (int i = 0; i < n; i++) {
        if (!jobs[i].plan_text || !jobs[i].file)
            continue;
        names[k] = jobs[i].file;
        bufs[k].data = jobs[i].plan_text;
        bufs[k++].len = strlen(jobs[i].plan_text);
    }
    names[k] = "comparison.json";
    bufs[k++] = *cmp;
    rc = co_write_files_atomic(dir, names, bufs, k, dg);
    free(names);
    free(bufs); /* the data is the jobs' */
    return rc;
}

int cmd_whatif(int argc, char **argv)
{
    static const struct option lopts[] = {
        {"json-dir", required_argument, NULL, 'J'}, {"xlsx", required_argument, NULL, 'x'},
        {"brief", required_argument, NULL, 'b'},
        {"jobs", required_argument, NULL, 'j'},     {"set", required_argument, NULL, 's'},
        {"time-limit", required_argument, NULL, 't'}, {"mip-gap", required_argument, NULL, 'g'},
        {"baseline", required_argument, NULL, 'B'}, {"keep-pledges", no_argument, NULL, 'K'},
        {"db", required_argument, NULL, 'D'},       {"no-store", no_argument, NULL, 'N'},
        {"quiet", no_argument, NULL, 'q'},          {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0}};
    const char *json_dir = NULL, *xlsx = NULL, *brief = NULL;
    double time_limit = 30, mip_gap = 1e-4, jobs_n = 1;
    int quiet = 0, c, ex = EXIT_INTERNAL, n = 0;
    opts o = {.store = 1};
    owned w = {.dg = co_diag_new(), .ro = co_run_options_new()};
    co_scenario_set_init(&w.set);
    co_buf_init(&w.cmp_text);
    co_buf_init(&w.view);
    co_diag *dg = w.dg;
    co_run_options *ro = w.ro;
    if (!dg || !ro)
        goto done;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":qj:", lopts, NULL)) != -1) {
        switch (c) {
        case 'J':
            json_dir = optarg;
            break;
        case 'x':
            if ((ex = cli_xlsx_option("whatif", optarg)) != 0)
                goto done;
            xlsx = optarg;
            break;
        case 'b':
            brief = optarg;
            break;
        case 'j':
            if (cli_number("whatif", "--w.jobs", optarg, &jobs_n) != 0) {
                ex = EXIT_USAGE;
                goto done;
            }
            if (jobs_n < 1 || jobs_n > 64 || jobs_n != floor(jobs_n)) {
                ex = cli_usage_error("whatif", "--w.jobs must be a whole number from 1 to 64, "
                                               "got '%s'",
                                     optarg);
                goto done;
            }
            break;
        case 's':
        case 't':
        case 'g':
            if ((ex = cli_solver_option("whatif", c, optarg, ro, &time_limit, &mip_gap, dg)) != 0)
                goto done;
            break;
        case 'B':
            o.baseline = optarg;
            break;
        case 'K':
            o.keep_pledges = 1;
            break;
        case 'D':
            o.db = optarg;
            break;
        case 'N':
            o.store = 0;
            break;
        case 'q':
            quiet = 1;
            break;
        default:
            ex = cli_option_end(c, "whatif", usage, argv);
            goto done;
        }
    }
    if (argc - optind != 2) {
        ex = cli_usage_error("whatif", argc - optind < 2 ? "missing DATASET or SCENARIOS"
                                                         : "one DATASET and one SCENARIOS only");
        goto done;
    }
    if (o.keep_pledges && !o.baseline) {
        ex = cli_usage_error("whatif", "--keep-pledges needs --baseline");
        goto done;
    }
    if (co_run_options_solver(ro, time_limit, mip_gap, dg) != CO_OK) {
        cli_print_diag(dg);
        ex = cli_usage_error("whatif", "bad solver option");
        goto done;
    }
    int rc = co_dataset_load(argv[optind], &w.ds, dg);
    if (rc == CO_OK)
        rc = co_scenarios_load(argv[optind + 1], &w.set, dg);
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
    o.ds = w.ds;
    o.set = &w.set;
    o.ro = ro;
    const char *tmp = getenv("TMPDIR");
    w.tmpdir = co_asprintf("%s/coalitions-whatif.XXXXXX", tmp && *tmp ? tmp : "/tmp");
    n = w.n = w.set.n + 1;
    w.jobs = calloc((size_t)n, sizeof *w.jobs);
    if (!w.tmpdir || !w.jobs)
        goto done;
    if (!mkdtemp(w.tmpdir)) {
        co_err(dg, "%s: cannot make a temporary folder: %s", w.tmpdir, strerror(errno));
        cli_print_diag(dg);
        free(w.tmpdir);
        w.tmpdir = NULL;
        ex = EXIT_IO;
        goto done;
    }
    for (int i = 0; i < n; i++) {
        w.jobs[i].index = i - 1;
        w.jobs[i].name = i ? w.set.items[i - 1].name : NULL;
        w.jobs[i].result = co_asprintf("%s/%d.json", w.tmpdir, i);
        w.jobs[i].file = i ? slug(w.jobs[i].name, w.jobs, i) : co_strdup("baseline.json");
        if (!w.jobs[i].result || !w.jobs[i].file)
            goto done;
    }
    if ((rc = run_all(&o, w.jobs, n, (int)jobs_n, &w, dg)) != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    co_outcome *out = calloc((size_t)n, sizeof *out);
    if (!out)
        goto done;
    for (int i = 0; i < n; i++) {
        const cJSON *why = cJSON_GetObjectItemCaseSensitive(w.jobs[i].plan, "explanation");
        out[i] = (co_outcome){.name = w.jobs[i].name,
                              .file = json_dir && w.jobs[i].plan_text ? w.jobs[i].file : NULL,
                              .run = w.jobs[i].run,
                              .exit_code = w.jobs[i].exit_code,
                              .message = w.jobs[i].message,
                              .explanation = cJSON_IsObject(why) ? why : NULL,
                              .plan = w.jobs[i].plan};
    }
    rc = co_compare_build(&out[0], out + 1, n - 1, argv[optind + 1], &w.cmp, dg);
    free(out);
    if (rc == CO_OK) {
        co_json_write(w.cmp, 0, &w.cmp_text);
        co_buf_put(&w.cmp_text, "\n", 1);
        if (!quiet)
            rc = co_compare_text(w.cmp, &w.view, dg);
        if (w.cmp_text.oom || w.view.oom)
            rc = CO_EINTERNAL;
    }
    if (rc == CO_OK && json_dir)
        rc = write_dir(json_dir, w.jobs, n, &w.cmp_text, dg);
    if (rc == CO_OK && brief) {
        size_t bl = strlen(brief);
        enum co_brief_fmt fmt =
            bl > 3 && strcmp(brief + bl - 3, ".md") == 0 ? CO_BRIEF_MD : CO_BRIEF_HTML;
        co_buf page;
        co_buf_init(&page);
        rc = co_brief_comparison(w.cmp, argv[optind + 1], fmt, &page, dg);
        if (rc == CO_OK)
            rc = page.oom ? CO_EINTERNAL : co_write_atomic(brief, page.data, page.len, dg);
        co_buf_release(&page);
    }
    if (rc == CO_OK && xlsx) {
        if (w.jobs[0].plan)
            rc = co_xlsx_write(xlsx, w.jobs[0].plan, w.cmp, dg);
        else
            co_warn(dg, "%s: not written: the baseline has no plan", xlsx);
    }
    cli_print_diag(dg);
    if (rc != CO_OK) {
        ex = cli_exit(rc);
        goto done;
    }
    if (w.view.len)
        fwrite(w.view.data, 1, w.view.len, stdout);
    if (fflush(stdout) != 0) {
        ex = EXIT_IO;
        goto done;
    }
    ex = worst_exit(w.jobs, n);
done:
    if (ex == EXIT_INTERNAL && dg && co_diag_count(dg) == 0)
        fprintf(stderr, "coalitions whatif: out of memory\n");
    release(&w, 1);
    return ex;
}
