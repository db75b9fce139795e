/*
 * run.c: one run from a dataset to a plan: parameters, the instance, the
 * what-if rules and their explanation when they cannot hold, the solve,
 * the price of fairness and alternatives (co_plan_solve_ex), and the
 * diagnosis of the plan (run/diagnose.c), all on one clock (--time-limit
 * bounds the run): each step gets a share of what is left, and what does
 * not fit is skipped and listed in the plan (the diagnosis records what it
 * did not try). Reading the solution into a plan is engine/result's job;
 * turning a co_request into rules (a scenario, a baseline) is api.c's.
 */
#include "run/run.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/timer.h"
#include "base/util.h"
#include "run/deadlines.h"
#include "run/diagnose.h"

/* Seconds kept at the end of the run for writing the plan (JSON, CSV,
 * summary, workbook, store: about 0.12 s at 400x300, 320,000 pairs, before
 * the plan carried its diagnosis), and for its diagnosis, which lists
 * donors State by State and so grows with the candidate seats (at 400x300,
 * 120,000 seats, a plan JSON of 33 MB: about 0.8 s for each copy written,
 * the file and the store's, on a loaded two-core machine); at most a tenth
 * of the limit. */
static double write_reserve(const co_instance *in, double limit)
{
    double w = 0.02 + 4e-7 * (double)in->n_pairs + 1e-5 * (double)in->n_seats;
    return w < 0.1 * limit ? w : 0.1 * limit;
}

/* The least time worth giving one more solve of the instance: building
 * the instance and the model again, and a plan. */
static double min_solve(const co_instance *in)
{
    return 0.02 + 3e-6 * (double)in->n_pairs;
}

/* The co_clock() time at which the next of `solves` solves must end: an
 * equal share of what is left before the writing reserve. */
static double next_until(const co_timer *run, double reserve, int solves)
{
    double left = co_timer_left(run) - reserve;
    return co_clock() + (left > 0 ? left / (solves > 0 ? solves : 1) : 0);
}

/* What the diagnosis of a run's plan needs: its rules (NULL: none) and
 * where they come from, and the run's clock: it takes an equal share, with
 * the `later` solves that follow it, of what the solve leaves. */
typedef struct dx_args {
    const co_rules *rules;
    const char *where;
    const co_timer *run;
    double reserve;
    int later;
    int resolve; /* 0: the reasons only (CO_DIAGNOSE_REASONS) */
} dx_args;

/* Solves the instance `in` (built for p; borrowed) with the rules ex until
 * `until` (co_clock), diagnoses the plan when dxa is given, and reads the
 * plan. */
static int solve_built(const co_dataset *ds, const co_instance *in, const co_params *p,
                       const co_extras *ex, const co_solve_opts *base, double until,
                       const dx_args *dxa,
                       co_plan **out, co_diag *dg)
{
    co_solution sol;
    co_dx_report dx;
    co_solve_opts o = *base;
    o.dl = co_timer_from_now(until - co_clock());
    o.mip_gap = p->mip_gap;
    o.ex = ex;
    co_dx_report_init(&dx);
    int rc = co_solve(in, &o, &sol, dg);
    if (rc == CO_OK) {
        if (dxa)
            rc = co_dx_run(ds, p, dxa->rules, dxa->where, in, &sol,
                           next_until(dxa->run, dxa->reserve, 1 + dxa->later), dxa->resolve, &dx,
                           dg);
        if (rc == CO_OK)
            rc = co_plan_build(ds, in, &sol, ex, &dx, out, dg);
        co_dx_report_release(&dx);
        co_solution_release(&sol);
    }
    return rc;
}

/* Builds the instance for p, then as solve_built. */
static int solve_once(const co_dataset *ds, const co_params *p, const co_extras *ex,
                      const co_solve_opts *base, double until, co_plan **out, co_diag *dg)
{
    co_instance in;
    *out = NULL;
    int rc = co_instance_build(ds, p, &in, dg);
    if (rc == CO_OK)
        rc = solve_built(ds, &in, p, ex, base, until, NULL, out, dg);
    co_instance_release(&in);
    return rc;
}

static int has_plan(const co_plan *pl)
{
    return pl && co_plan_has_solution(pl);
}

/* A plan's seats as 0/1 per seat of the instance it was solved on (its
 * coalitions are the instance's States, in order); NULL when out of
 * memory. */
static unsigned char *plan_seats(const co_plan *pl, const co_instance *in)
{
    const co_dataset *ds = in->ds;
    unsigned char *y = calloc((size_t)in->n_seats + 1, 1);
    if (!y)
        return NULL;
    for (int k = 0; k < in->n_seats; k++) {
        const co_plan_coalition *c = &pl->coalitions[in->seats[k].s];
        for (int i = 0; i < c->n_members; i++)
            if (strcmp(c->members[i].donor, ds->donors[in->seats[k].d].id) == 0)
                y[k] = 1;
    }
    return y;
}

/* Seats k of `in` listed in `pick` (0/1 per seat), by ids in pl's arena. */
static co_plan_seat *seat_list(co_plan *pl, const co_instance *in, const unsigned char *pick,
                               int *n)
{
    const co_dataset *ds = in->ds;
    co_plan_seat *v = co_arena_alloc(pl->arena, ((size_t)in->n_seats + 1) * sizeof *v);
    *n = 0;
    for (int k = 0; v && k < in->n_seats; k++)
        if (pick[k])
            v[(*n)++] = (co_plan_seat){co_arena_strdup(pl->arena, ds->donors[in->seats[k].d].id),
                                       co_arena_strdup(pl->arena, ds->states[in->seats[k].s].id)};
    return v;
}

/* Alternatives: up to rq->alternatives - 1 more plans, each with a seat set
 * unlike every earlier one (no-good cuts) and a total within rq->within
 * percent of the best's, each in an equal share of the time left on the
 * run's clock; stops at the first solve without a plan, or when no share
 * is worth a solve (the plan's skipped list then says so). `in` is the
 * instance the best plan was solved on. */
static int alternatives(const co_dataset *ds, const co_instance *in, const co_params *p,
                        co_extras *ex, const co_solve_opts *o, const co_plan_request *rq,
                        co_plan *best, const co_timer *run, double reserve, co_diag *dg)
{
    int rc = CO_OK, want = rq->alternatives - 1;
    best->alternatives.given = 1;
    best->alternatives.within = rq->within;
    unsigned char *best_y = plan_seats(best, in);
    unsigned char *diff = calloc((size_t)in->n_seats + 1, 1);
    ex->cuts = calloc((size_t)want + 1, sizeof *ex->cuts);
    best->alternatives.plans =
        co_arena_alloc(best->arena, ((size_t)want + 1) * sizeof *best->alternatives.plans);
    if (!best_y || !diff || !ex->cuts || !best->alternatives.plans) {
        free(best_y);
        free(diff);
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    ex->cuts[ex->n_cuts++] = best_y;
    double scale = fabs(best->total) > 1 ? fabs(best->total) : 1;
    ex->min_total = best->total - rq->within / 100.0 * scale;
    while (best->alternatives.n < want) {
        co_plan *alt = NULL;
        double until = next_until(run, reserve, want - best->alternatives.n);
        if (until - co_clock() < min_solve(in)) {
            (void)co_plan_skip(best, CO_SKIP_ALTERNATIVES); /* out of memory: see below */
            break;
        }
        rc = solve_once(ds, p, ex, o, until, &alt, dg);
        if (rc != CO_OK || !has_plan(alt)) {
            co_plan_free(alt);
            break;
        }
        unsigned char *y = plan_seats(alt, in);
        if (!y) {
            co_plan_free(alt);
            co_err(dg, "out of memory");
            rc = CO_EINTERNAL;
            break;
        }
        co_plan_alternative *a = &best->alternatives.plans[best->alternatives.n];
        a->rank = best->alternatives.n + 2;
        a->total = alt->total;
        a->below_best = best->total - alt->total;
        a->seats = alt->seats;
        for (int d = 0; d < alt->n_donors; d++)
            a->allocated += alt->donors[d].allocated;
        for (int k = 0; k < in->n_seats; k++)
            diff[k] = y[k] && !best_y[k];
        a->added = seat_list(best, in, diff, &a->n_added);
        for (int k = 0; k < in->n_seats; k++)
            diff[k] = !y[k] && best_y[k];
        a->removed = seat_list(best, in, diff, &a->n_removed);
        best->alternatives.n++;
        ex->cuts[ex->n_cuts++] = y;
        co_plan_free(alt);
    }
    free(diff);
    if (rc != CO_EINTERNAL && co_arena_failed(best->arena)) {
        co_err(dg, "out of memory");
        rc = CO_EINTERNAL;
    }
    return rc == CO_EINFEASIBLE ? CO_OK : rc;
}

/* What the request adds to the plan: the scenario's name, the baseline's
 * source, and why the rules cannot hold (strings into the plan's arena). */
static int attach(co_plan *pl, const co_plan_request *rq, const co_explanation *why)
{
    co_arena *A = pl->arena;
    if (rq && rq->scenario)
        pl->scenario = co_arena_strdup(A, rq->scenario);
    if (rq && rq->baseline) {
        pl->baseline.given = 1;
        pl->baseline.source = co_arena_strdup(A, rq->baseline);
    }
    pl->baseline.keep_pledges = rq && rq->keep_pledges;
    if (why->n_conflicts) {
        pl->explanation.conflicts = co_arena_array(A, (size_t)why->n_conflicts, sizeof(char *));
        pl->explanation.fixes = co_arena_array(A, (size_t)why->n_fixes, sizeof(char *));
        for (int i = 0; pl->explanation.conflicts && i < why->n_conflicts; i++)
            pl->explanation.conflicts[i] = co_arena_strdup(A, why->conflicts[i]);
        for (int i = 0; pl->explanation.fixes && i < why->n_fixes; i++)
            pl->explanation.fixes[i] = co_arena_strdup(A, why->fixes[i]);
        pl->explanation.n_conflicts = why->n_conflicts;
        pl->explanation.n_fixes = why->n_fixes;
    }
    return co_arena_failed(A) ? CO_EINTERNAL : CO_OK;
}

/* Seconds of the time limit kept for the deadline analysis of n needs
 * after the solve: its LPs take well under a millisecond a need (a 200 x
 * 150 x 5 case: 344 needs in 0.1 s), so a generous share, at most a tenth. */
static double analysis_reserve(double time_limit, int n)
{
    double want = n > 0 ? 0.5 + 0.002 * n : 0;
    return want < time_limit / 10 ? want : time_limit / 10;
}

int co_plan_solve_ex(const co_dataset *ds, const co_run_options *ro, const co_plan_request *rq,
                     void (*log)(void *ctx, const char *text), void *log_ctx, co_plan **out,
                     co_diag *dg)
{
    co_params p;
    co_instance in;
    co_extras ex;
    co_explanation why;
    *out = NULL;
    co_extras_init(&ex);
    co_explanation_init(&why);
    int rc = co_params_resolve(ds, ro, &p, dg);
    if (rc != CO_OK)
        return rc;
    /* the run's one clock: from the command's start when it started one
     * (loading counts), else from here (a what-if scenario, each on its own) */
    co_timer run = {co_run_options_clock(ro), p.time_limit};
    rc = co_instance_build(ds, &p, &in, dg);
    if (rc != CO_OK)
        return rc;
    co_solve_opts o = {.log = log, .log_ctx = log_ctx, .progress = ro ? ro->progress : NULL,
                       .progress_ctx = ro ? ro->progress_ctx : NULL};
    if (rq && rq->rules) {
        rc = co_extras_resolve(rq->rules, &in, rq->where ? rq->where : ds->source, &ex, dg);
        if (rc == CO_OK)
            rc = co_explain(&in, &ex, rq->rules, &why, dg);
        if (rc != CO_OK)
            goto out;
    }
    ex.stability_weight = p.stability_weight;
    /* the solves of the run: this one, then the price of fairness and the
     * alternatives; the first takes half of the time when others follow
     * (what it leaves goes to them), each other an equal share */
    int extra = (p.coverage_floor > 0) + (rq && rq->alternatives > 1 ? rq->alternatives - 1 : 0);
    /* what every solve leaves: the writing, and the deadline analysis of
     * a multi-year plan after the solves */
    double wr = write_reserve(&in, p.time_limit);
    double reserve = wr + analysis_reserve(p.time_limit, co_deadline_needs(&in.yr, NULL));
    if (why.n_conflicts) {
        /* the rules cannot all hold: no solve, the plan says why */
        co_solution none = {.status = CO_ST_INFEASIBLE};
        rc = co_plan_build(ds, &in, &none, &ex, NULL, out, dg);
    } else {
        /* the diagnosis gets its share of what the solve leaves */
        int level = ro ? ro->diagnose : CO_DIAGNOSE_FULL;
        dx_args dxa = {rq ? rq->rules : NULL, rq && rq->where ? rq->where : ds->source, &run,
                       reserve, extra, level == CO_DIAGNOSE_FULL};
        double until = next_until(&run, reserve, extra ? 2 : 1);
        rc = solve_built(ds, &in, &p, &ex, &o, until, level == CO_DIAGNOSE_NONE ? NULL : &dxa, out,
                         dg); /* the rules' instance */
    }
    if (rc != CO_OK)
        goto out;
    co_plan *pl = *out;
    if (has_plan(pl) && ro && ro->diagnose == CO_DIAGNOSE_REASONS &&
        co_plan_skip(pl, CO_SKIP_CHANGES) != CO_OK) {
        co_err(dg, "out of memory");
        rc = CO_EINTERNAL;
        goto out;
    }
    if (attach(pl, rq, &why) != CO_OK) {
        co_err(dg, "out of memory");
        rc = CO_EINTERNAL;
        goto out;
    }
    double t_extra = co_clock();
    if (has_plan(pl) && p.coverage_floor > 0) {
        /* the price of fairness: what the floor costs against the same run
         * without it, both measured without the shortfall term */
        co_params p0 = p;
        p0.coverage_floor = 0;
        co_plan *free_pl = NULL;
        double until = next_until(&run, reserve, extra);
        if (until - co_clock() < min_solve(&in)) {
            if (co_plan_skip(pl, CO_SKIP_FAIRNESS) != CO_OK) {
                co_err(dg, "out of memory");
                rc = CO_EINTERNAL;
            }
        } else {
            rc = solve_once(ds, &p0, &ex, &o, until, &free_pl, dg);
            if (rc == CO_OK && has_plan(free_pl))
                pl->price_of_fairness = free_pl->total - (pl->value - pl->coordination_cost);
        }
        co_plan_free(free_pl);
        if (rc != CO_OK)
            goto out;
    }
    if (has_plan(pl) && rq && rq->alternatives > 1)
        rc = alternatives(ds, &in, &p, &ex, &o, rq, pl, &run, reserve, dg);
    /* one budget: the solves after the first count in the plan's solve time */
    pl->solve_s += co_clock() - t_extra;
    /* the deadline analysis of the plan (multi-year datasets) in the share
     * the solves left it, up to the writing reserve; what the limit cuts
     * short is said */
    if (rc == CO_OK && has_plan(pl))
        rc = co_plan_add_deadlines(pl, ds, &in, co_timer_at(&run) - wr, dg);
    pl->elapsed_s = co_timer_elapsed(&run);
out:
    co_extras_release(&ex);
    co_explanation_release(&why);
    co_instance_release(&in);
    if (rc != CO_OK) {
        co_plan_free(*out);
        *out = NULL;
        return rc;
    }
    if (!has_plan(*out))
        return CO_EINFEASIBLE;
    return CO_OK;
}
