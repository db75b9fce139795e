/*
 * deadlines.c (run): the deadline analysis of a dataset (run/deadlines.h
 * and include/coalitions.h co_deadlines_analyse). The needs it covers
 * come from engine/model, each need's LPs from engine/solve; here they
 * are run one after another within a time limit, or spread over child
 * processes (co_batch_run, run/batch.c), each child handing back its needs' entries
 * as the analysis JSON (result/plan_json.c), which the parent reads back
 * (plan_read.c) and merges in need order, so the output is the same for
 * any number of children.
 */
#include "run/deadlines.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/timer.h"
#include "base/util.h"
#include "solve/deadlines.h"

int co_deadlines_compute(const co_dataset *ds, const co_instance *in, const co_years *y,
                         const int *idx, int n, double deadline, co_deadline *dl, co_diag *dg)
{
    int *start = NULL, *donor = NULL, rc = CO_OK;
    memset(dl, 0, (size_t)n * sizeof *dl);
    if (n == 0)
        return CO_OK;
    if (co_donors_by_need(in, &start, &donor) != CO_OK) {
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    for (int i = 0; i < n && rc == CO_OK; i++) {
        int nn = idx[i];
        co_bc_problem pb;
        rc = co_deadline_init(ds, y, nn, &dl[i]);
        if (rc == CO_OK)
            rc = co_bc_problem_build(in, y, &dl[i], donor + start[nn], start[nn + 1] - start[nn],
                                     &pb);
        if (rc != CO_OK) {
            co_err(dg, "out of memory");
            break;
        }
        rc = co_deadline_solve(&pb, y, deadline, &dl[i], dg);
        if (rc == CO_ESOLVER)
            co_err(dg, "the deadline analysis of need '%s' failed", ds->needs[nn].id);
        co_deadline_finish(y, &dl[i]);
        co_bc_problem_release(&pb);
    }
    free(start);
    free(donor);
    return rc;
}

/* "A, B, C and 4 more": the ids of the needs not analysed, for a message. */
static char *not_analysed(const co_dataset *ds, const co_deadline *dl, int n, int *count)
{
    co_buf b;
    co_buf_init(&b);
    *count = 0;
    for (int i = 0; i < n; i++)
        if (!dl[i].analysed && (*count)++ < 5)
            co_buf_printf(&b, "%s'%s'", *count > 1 ? ", " : "", ds->needs[dl[i].n].id);
    if (*count > 5)
        co_buf_printf(&b, " and %d more", *count - 5);
    co_buf_put(&b, "", 0);
    if (b.oom) {
        co_buf_release(&b);
        return NULL;
    }
    return b.data;
}

int co_plan_add_deadlines(co_plan *pl, const co_dataset *ds, const co_instance *in,
                          double deadline, co_diag *dg)
{
    const co_years *y = &in->yr;
    if (!ds->has_years)
        return CO_OK;
    int rc = CO_OK, n = 0;
    int *idx = malloc(((size_t)y->nn + 1) * sizeof *idx);
    co_deadline *dl = calloc((size_t)y->nn + 1, sizeof *dl);
    if (!idx || !dl) {
        co_err(dg, "out of memory");
        rc = CO_EINTERNAL;
        goto out;
    }
    n = co_deadline_needs(y, idx);
    rc = co_deadlines_compute(ds, in, y, idx, n, deadline, dl, dg);
    if (rc == CO_OK)
        rc = co_plan_set_deadlines(pl, ds, y, dl, n, pl, dg);
    if (rc == CO_OK) {
        int skipped;
        char *who = not_analysed(ds, dl, n, &skipped);
        if (skipped && co_plan_skip(pl, CO_SKIP_DEADLINES) != CO_OK) {
            co_err(dg, "out of memory");
            rc = CO_EINTERNAL;
        }
        if (skipped)
            co_warn(dg, "deadline analysis: the time limit came first; best case, earliest "
                        "completion, gap and extension check not computed for %d need%s: %s",
                    skipped, skipped == 1 ? "" : "s", who ? who : "");
        free(who);
    }
out:
    for (int i = 0; dl && i < n; i++)
        co_deadline_release(&dl[i]);
    free(dl);
    free(idx);
    return rc;
}

/* ---- co_deadlines_analyse: the analysis alone, in child processes ---- */

typedef struct analysis {
    const co_dataset *ds;
    co_params p;
    co_instance in; /* with its years, in.yr */
    int *idx; /* the needs analysed, in id order */
    int n;
    int jobs;
    double deadline;
    const co_plan *plan;
} analysis;

/* A child's job j: the needs idx[j], idx[j + jobs], ... as the analysis
 * JSON (a plan holding their deadlines list); on failure the reasons in
 * dg, which co_batch_run hands back to the parent. */
static int job(void *ctx, int j, co_buf *out, co_diag *dg)
{
    analysis *a = ctx;
    int m = 0, rc;
    int *mine = calloc((size_t)a->n / (size_t)a->jobs + 2, sizeof *mine);
    co_deadline *dl = calloc((size_t)a->n / (size_t)a->jobs + 2, sizeof *dl);
    co_plan *pl = co_plan_new();
    char *text = NULL;
    if (!mine || !dl || !pl) {
        rc = CO_EINTERNAL;
        co_err(dg, "out of memory");
        goto out;
    }
    for (int i = j; i < a->n; i += a->jobs)
        mine[m++] = a->idx[i];
    rc = co_deadlines_compute(a->ds, &a->in, &a->in.yr, mine, m, a->deadline, dl, dg);
    if (rc == CO_OK)
        rc = co_plan_set_deadlines(pl, a->ds, &a->in.yr, dl, m, a->plan, dg);
    if (rc == CO_OK)
        rc = co_plan_analysis_to_json(pl, &text, dg);
    if (rc == CO_OK)
        co_buf_printf(out, "%s", text);
out:
    for (int i = 0; dl && i < m; i++)
        co_deadline_release(&dl[i]);
    free(dl);
    free(mine);
    free(text);
    co_plan_free(pl);
    return rc;
}

/* One entry copied into pl's arena. */
static void copy_entry(co_plan *pl, const co_plan_deadline *src, co_plan_deadline *dst)
{
    co_arena *A = pl->arena;
    *dst = *src;
    dst->need = co_arena_strdup(A, src->need);
    dst->state = co_arena_strdup(A, src->state);
    dst->deadline = co_arena_strdup(A, src->deadline);
    dst->requested_deadline = co_arena_strdup(A, src->requested_deadline);
    dst->extension_check = co_arena_strdup(A, src->extension_check);
    dst->unit = co_arena_strdup(A, src->unit);
    dst->gaps = NULL;
    if (src->gaps && src->n_gaps) {
        dst->gaps = co_arena_array(A, (size_t)src->n_gaps, sizeof *dst->gaps);
        if (dst->gaps)
            memcpy(dst->gaps, src->gaps, (size_t)src->n_gaps * sizeof *dst->gaps);
    }
}

static int cmp_entry(const void *x, const void *y)
{
    const co_plan_deadline *a = x, *b = y;
    return strcmp(a->need ? a->need : "", b->need ? b->need : "");
}

/* The children's results read back and merged into pl, by need id (their
 * messages are already in dg: co_batch_run put them there). */
static int merge(co_plan *pl, const co_batch *b, int jobs, int total, co_diag *dg)
{
    int rc = CO_OK, k = 0;
    pl->deadlines = co_arena_alloc(pl->arena, ((size_t)total + 1) * sizeof *pl->deadlines);
    if (!pl->deadlines) {
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    for (int j = 0; j < jobs; j++) {
        int code = co_batch_code(b, j);
        size_t len = 0;
        const char *text = co_batch_result(b, j, &len);
        if (code != CO_OK || !text) {
            if (rc == CO_OK || code == CO_EINTERNAL)
                rc = code != CO_OK ? code : CO_EINTERNAL;
            continue;
        }
        char name[48];
        snprintf(name, sizeof name, "the analysis of job %d", j + 1);
        co_plan *part = NULL;
        int r = co_plan_read(name, text, len, &part, dg);
        if (r != CO_OK || !part->deadlines) {
            co_plan_free(part);
            if (r == CO_OK)
                co_err(dg, "%s: no deadlines list", name);
            rc = CO_EINTERNAL; /* a child's text that does not read is a bug */
            continue;
        }
        for (int i = 0; i < part->n_deadlines && k < total; i++)
            copy_entry(pl, &part->deadlines[i], &pl->deadlines[k++]);
        co_plan_free(part);
    }
    pl->n_deadlines = k;
    if (rc == CO_OK && k != total) {
        co_err(dg, "the analysis gave %d needs of %d", k, total);
        rc = CO_EINTERNAL;
    }
    qsort(pl->deadlines, (size_t)k, sizeof *pl->deadlines, cmp_entry);
    if (co_arena_failed(pl->arena)) {
        co_err(dg, "out of memory");
        rc = CO_EINTERNAL;
    }
    return rc;
}

/* The needs named in rq, or every analysed need, into a->idx. */
static int pick_needs(analysis *a, const co_deadline_request *rq, co_diag *dg)
{
    const co_dataset *ds = a->ds;
    int all = co_deadline_needs(&a->in.yr, a->idx);
    if (!rq || rq->n_needs == 0) {
        a->n = all;
        return CO_OK;
    }
    unsigned char *want = calloc((size_t)ds->n_needs + 1, 1);
    const char **ids = malloc(((size_t)ds->n_needs + 1) * sizeof *ids);
    int rc = CO_OK;
    if (!want || !ids) {
        free(want);
        free(ids);
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    for (int n = 0; n < ds->n_needs; n++)
        ids[n] = ds->needs[n].id;
    for (int i = 0; i < rq->n_needs; i++) {
        const char *id = rq->needs[i];
        int n = co_find_need(ds, id);
        if (n < 0) {
            const char *near = co_nearest(id, ids, ds->n_needs);
            co_err(dg, "%s: --need: unknown need, got '%s'%s%s%s", ds->source, co_q(0, id),
                   near ? " (did you mean '" : "", near ? co_q(1, near) : "", near ? "'?)" : "");
            rc = CO_EUSAGE;
        } else if (a->in.yr.deadline_year[n] == CO_NO_YEAR) {
            co_err(dg, "%s: --need: the need has no deadline (nothing to analyse), got '%s'",
                   ds->source, co_q(0, id));
            rc = CO_EUSAGE;
        } else if (a->in.yr.deadline_year[n] > a->in.yr.last) {
            co_err(dg, "%s: --need: the need is due after the dataset's years (its deadline "
                       "%s counts in %d, the years are %d-%d), got '%s'",
                   ds->source, ds->needs[n].deadline, a->in.yr.deadline_year[n], a->in.yr.first,
                   a->in.yr.last, co_q(0, id));
            rc = CO_EUSAGE;
        } else {
            want[n] = 1;
        }
    }
    a->n = 0;
    for (int i = 0; i < all; i++)
        if (want[a->idx[i]])
            a->idx[a->n++] = a->idx[i];
    free(want);
    free(ids);
    return rc;
}

/* The plan rq names must be of this dataset, with years inside its own. */
static int check_plan(const analysis *a, const co_deadline_request *rq, co_diag *dg)
{
    const co_plan *pl = rq ? rq->plan : NULL;
    const char *name = rq && rq->plan_name ? rq->plan_name : "the plan";
    if (!pl)
        return CO_OK;
    if (!pl->dataset_sha256 || strcmp(pl->dataset_sha256, a->ds->sha256) != 0) {
        co_err(dg, "%s: dataset.sha256: the plan is not of %s (sha256 %.12s...), got '%s'",
               name, a->ds->source, a->ds->sha256,
               co_q(0, pl->dataset_sha256 ? pl->dataset_sha256 : "null"));
        return CO_EINPUT;
    }
    for (int i = 0; pl->allocs && i < pl->n_allocs; i++)
        if (pl->allocs[i].year < a->in.yr.first || pl->allocs[i].year > a->in.yr.last) {
            co_err(dg, "%s: allocations[%d].year: must be one of the dataset's years %d-%d, "
                       "got '%d'",
                   name, i, a->in.yr.first, a->in.yr.last, pl->allocs[i].year);
            return CO_EINPUT;
        }
    return CO_OK;
}

static void analysis_release(analysis *a)
{
    free(a->idx);
    co_instance_release(&a->in);
}

int co_deadlines_analyse(const co_dataset *ds, const co_run_options *ro,
                         const co_deadline_request *rq, co_plan **out, co_diag *dg)
{
    analysis a = {.ds = ds, .plan = rq ? rq->plan : NULL};
    co_batch *batch = NULL;
    co_plan *pl = NULL;
    int jobs = 0;
    *out = NULL;
    if (!ds->has_years) {
        co_err(dg, "%s: years: missing: the deadline analysis needs a multi-year dataset "
                   "(\"years\": {\"first\": ..., \"last\": ...}, docs/MULTIYEAR.md)",
               ds->source);
        return CO_EINPUT;
    }
    int rc = co_params_resolve(ds, ro, &a.p, dg);
    if (rc != CO_OK)
        return rc;
    /* the one clock of the command (base/timer.h): from when it started */
    co_timer clock = {co_run_options_clock(ro), a.p.time_limit};
    double deadline = co_timer_at(&clock);
    rc = co_instance_build(ds, &a.p, &a.in, dg);
    if (rc != CO_OK)
        return rc;
    a.idx = malloc(((size_t)ds->n_needs + 1) * sizeof *a.idx);
    if (!a.idx) {
        co_err(dg, "out of memory");
        rc = CO_EINTERNAL;
    }
    if (rc == CO_OK)
        rc = pick_needs(&a, rq, dg);
    if (rc == CO_OK)
        rc = check_plan(&a, rq, dg);
    pl = rc == CO_OK ? co_plan_new() : NULL;
    if (rc == CO_OK && !pl) {
        co_err(dg, "out of memory");
        rc = CO_EINTERNAL;
    }
    if (rc == CO_OK) {
        co_plan_set_head(pl, ds, &a.p);
        jobs = rq && rq->jobs > 1 ? rq->jobs : 1;
        if (jobs > a.n)
            jobs = a.n > 0 ? a.n : 1;
        a.jobs = jobs;
        a.deadline = deadline;
        rc = co_batch_run("deadlines", jobs, jobs, job, &a, NULL, &batch, dg);
    }
    if (rc == CO_OK)
        rc = merge(pl, batch, jobs, a.n, dg);
    if (rc == CO_OK) {
        int skipped = 0;
        for (int i = 0; i < pl->n_deadlines; i++)
            skipped += !pl->deadlines[i].analysed;
        if (skipped) {
            co_warn(dg, "the time limit (%s s) came first: %d of %d needs not analysed",
                    co_num(0, a.p.time_limit), skipped, pl->n_deadlines);
            rc = CO_EINFEASIBLE;
        }
    }
    co_batch_free(batch);
    analysis_release(&a);
    if (rc != CO_OK && rc != CO_EINFEASIBLE) {
        co_plan_free(pl);
        return rc;
    }
    *out = pl;
    return rc;
}
