/*
 * run.c: one run from a dataset to a plan: parameters, the instance, the
 * what-if rules and their explanation when they cannot hold, the solve,
 * the price of fairness and alternatives, all on one clock (--time-limit
 * bounds the run): each solve gets a share of what is left, and what does
 * not fit is skipped and listed in the plan. The public co_plan_solve.
 * Reading the solution into a plan is engine/result's job.
 */
#include "run/run.h"

#include <math.h>
#include <stdlib.h>

#include "base/deadline.h"
#include "base/util.h"

/* Seconds kept at the end of the run for writing the plan (JSON, CSV,
 * summary, workbook, store: about 0.12 s at 400x300, 320,000 pairs), at
 * most a tenth of the limit. */
static double write_reserve(const co_instance *in, double limit)
{
    double w = 0.02 + 4e-7 * (double)in->n_pairs;
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
static double next_until(const co_deadline *run, double reserve, int solves)
{
    double left = co_deadline_left(run) - reserve;
    return co_clock() + (left > 0 ? left / (solves > 0 ? solves : 1) : 0);
}

/* Solves the instance `in` (built for p; the plan takes it over, else it
 * is released) with the rules ex until `until` (co_clock) and reads the
 * plan. */
static int solve_built(const co_dataset *ds, co_instance *in, const co_params *p,
                       const co_extras *ex, const co_solve_opts *base, double until,
                       co_plan **out, co_diag *dg)
{
    co_solution sol;
    co_solve_opts o = *base;
    o.dl = co_deadline_from_now(until - co_clock());
    o.mip_gap = p->mip_gap;
    o.ex = ex;
    int rc = co_solve(in, &o, &sol, dg);
    if (rc == CO_OK) {
        rc = co_plan_build(ds, in, &sol, ex, out, dg);
        co_solution_release(&sol);
    }
    co_instance_release(in);
    return rc;
}

/* Builds the instance for p, then as solve_built. */
static int solve_once(const co_dataset *ds, const co_params *p, const co_extras *ex,
                      const co_solve_opts *base, double until, co_plan **out, co_diag *dg)
{
    co_instance in;
    *out = NULL;
    int rc = co_instance_build(ds, p, &in, dg);
    return rc == CO_OK ? solve_built(ds, &in, p, ex, base, until, out, dg) : rc;
}

static int has_plan(const co_plan *pl)
{
    return pl && (pl->status == CO_ST_OPTIMAL || pl->status == CO_ST_FEASIBLE);
}

/* The plan's seats as 0/1 per seat of its instance (NULL when out of memory). */
static unsigned char *plan_seats(const co_plan *pl)
{
    const co_instance *in = &pl->in;
    unsigned char *y = calloc((size_t)in->n_seats + 1, 1);
    if (!y)
        return NULL;
    for (int k = 0; k < in->n_seats; k++) {
        for (int i = 0; i < pl->coalitions[in->seats[k].s].n_members; i++)
            if (pl->coalitions[in->seats[k].s].members[i].d == in->seats[k].d)
                y[k] = 1;
    }
    return y;
}

/* Alternatives: up to rq->alternatives - 1 more plans, each with a seat set
 * unlike every earlier one (no-good cuts) and a total within rq->within
 * percent of the best's, each in an equal share of the time left; stops at
 * the first solve without a plan, or when no share is worth a solve (the
 * plan's skipped list then says so). */
static int alternatives(const co_dataset *ds, const co_params *p, co_extras *ex,
                        const co_solve_opts *o, const co_plan_request *rq, co_plan *best,
                        const co_deadline *run, double reserve, co_diag *dg)
{
    int rc = CO_OK, want = rq->alternatives - 1;
    const co_instance *in = &best->in;
    best->within = rq->within;
    unsigned char *best_y = plan_seats(best);
    ex->cuts = calloc((size_t)want + 1, sizeof *ex->cuts);
    best->alts = calloc((size_t)want + 1, sizeof *best->alts);
    if (!best_y || !ex->cuts || !best->alts) {
        free(best_y);
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    ex->cuts[ex->n_cuts++] = best_y;
    double scale = fabs(best->total) > 1 ? fabs(best->total) : 1;
    ex->min_total = best->total - rq->within / 100.0 * scale;
    while (best->n_alts < want) {
        co_plan *alt = NULL;
        double until = next_until(run, reserve, want - best->n_alts);
        if (until - co_clock() < min_solve(in)) {
            best->skipped |= CO_SKIP_ALTERNATIVES;
            break;
        }
        rc = solve_once(ds, p, ex, o, until, &alt, dg);
        if (rc != CO_OK || !has_plan(alt)) {
            co_plan_free(alt);
            break;
        }
        unsigned char *y = plan_seats(alt);
        co_alternative *a = &best->alts[best->n_alts];
        a->added = malloc(((size_t)in->n_seats + 1) * sizeof *a->added);
        a->removed = malloc(((size_t)in->n_seats + 1) * sizeof *a->removed);
        if (!y || !a->added || !a->removed) {
            free(y);
            free(a->added);
            free(a->removed);
            co_plan_free(alt);
            co_err(dg, "out of memory");
            return CO_EINTERNAL;
        }
        best->n_alts++;
        a->total = alt->total;
        a->seats = alt->seats;
        for (int d = 0; d < alt->in.nd; d++)
            a->allocated += alt->donors[d].allocated;
        for (int k = 0; k < in->n_seats; k++) {
            if (y[k] && !best_y[k])
                a->added[a->n_added++] = k;
            if (!y[k] && best_y[k])
                a->removed[a->n_removed++] = k;
        }
        ex->cuts[ex->n_cuts++] = y;
        co_plan_free(alt);
    }
    return rc == CO_EINFEASIBLE ? CO_OK : rc;
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
    /* the run's one clock: from the command's start (loading counts), or
     * from here for a what-if scenario or without a command */
    co_deadline run = {ro && ro->started > 0 && !(rq && rq->own_clock) ? ro->started : co_clock(),
                       p.time_limit};
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
    double reserve = write_reserve(&in, p.time_limit);
    if (why.n_conflicts) {
        /* the rules cannot all hold: no solve, the plan says why */
        co_solution none = {.status = CO_ST_INFEASIBLE};
        rc = co_plan_build(ds, &in, &none, &ex, out, dg);
    } else {
        double until = next_until(&run, reserve, extra ? 2 : 1);
        rc = solve_built(ds, &in, &p, &ex, &o, until, out, dg); /* the rules' instance */
    }
    if (rc != CO_OK)
        goto out;
    co_plan *pl = *out;
    pl->explanation = why;
    co_explanation_init(&why);
    if (rq && ((rq->scenario && !(pl->scenario = co_strdup(rq->scenario))) ||
               (rq->baseline && !(pl->baseline.source = co_strdup(rq->baseline))))) {
        co_err(dg, "out of memory");
        rc = CO_EINTERNAL;
        goto out;
    }
    pl->baseline.keep_pledges = rq && rq->keep_pledges;
    double t_extra = co_clock();
    if (has_plan(pl) && p.coverage_floor > 0) {
        /* the price of fairness: what the floor costs against the same run
         * without it, both measured without the shortfall term */
        co_params p0 = p;
        p0.coverage_floor = 0;
        co_plan *free_pl = NULL;
        double until = next_until(&run, reserve, extra);
        if (until - co_clock() < min_solve(&pl->in)) {
            pl->skipped |= CO_SKIP_FAIRNESS;
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
        rc = alternatives(ds, &p, &ex, &o, rq, pl, &run, reserve, dg);
    /* one budget: the solves after the first count in the plan's solve time */
    pl->solve_s += co_clock() - t_extra;
    pl->elapsed_s = co_deadline_elapsed(&run);
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

int co_plan_solve(const co_dataset *ds, const co_run_options *ro,
                  void (*log)(void *ctx, const char *text), void *log_ctx, co_plan **out,
                  co_diag *dg)
{
    return co_plan_solve_ex(ds, ro, NULL, log, log_ctx, out, dg);
}
