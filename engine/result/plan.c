/*
 * plan.c: turns a solution into the reported plan (docs/MODEL.md "Reading
 * the solution"): cents, seats, leads and member order, coverage, the
 * objective recomputed from reported amounts, bound, gap and status.
 * Running a solve (rules, alternatives, the price of fairness) is
 * engine/run's job.
 */
#include "result/plan.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* Cent rounding of each amount moves the recomputed objective by a few
 * parts in 1e9 against GLPK's optimum; a gap below this is that noise. */
#define CO_ROUNDING_GAP 1e-7

const char *co_status_name(enum co_status st)
{
    switch (st) {
    case CO_ST_OPTIMAL:
        return "optimal";
    case CO_ST_FEASIBLE:
        return "feasible";
    case CO_ST_INFEASIBLE:
        return "infeasible";
    case CO_ST_NO_SOLUTION:
        return "no_solution";
    }
    return "?";
}

void co_plan_free(co_plan *pl)
{
    if (!pl)
        return;
    for (int s = 0; pl->coalitions && s < pl->in.ns; s++)
        free(pl->coalitions[s].members);
    for (int d = 0; pl->donors && d < pl->in.nd; d++)
        free(pl->donors[d].states);
    free(pl->coalitions);
    free(pl->donors);
    free(pl->needs);
    free(pl->allocs);
    free(pl->scenario);
    for (int i = 0; i < pl->n_alts; i++) {
        free(pl->alts[i].added);
        free(pl->alts[i].removed);
    }
    free(pl->alts);
    free(pl->baseline.source);
    co_explanation_release(&pl->explanation);
    co_instance_release(&pl->in);
    free(pl);
}

/* Sort context for allocations and members (qsort has no user pointer). */
typedef struct {
    const co_dataset *ds;
    const co_alloc *a;
} alloc_key;

static int cmp_alloc(const void *pa, const void *pb)
{
    const alloc_key *x = pa, *y = pb;
    const co_need *nx = &x->ds->needs[x->a->n], *ny = &y->ds->needs[y->a->n];
    if (nx->s != ny->s)
        return nx->s < ny->s ? -1 : 1; /* State indexes follow id order */
    if (x->a->n != y->a->n)
        return x->a->n < y->a->n ? -1 : 1;
    return x->a->d < y->a->d ? -1 : x->a->d > y->a->d;
}

typedef struct {
    co_member m;
    double e; /* expertise in the area of the State's largest need */
} member_key;

static int cmp_lead(const void *pa, const void *pb)
{
    const member_key *x = pa, *y = pb;
    if (x->m.cents != y->m.cents)
        return x->m.cents > y->m.cents ? -1 : 1;
    if (x->e != y->e)
        return x->e > y->e ? -1 : 1;
    return x->m.d < y->m.d ? -1 : x->m.d > y->m.d;
}

static int cmp_member(const void *pa, const void *pb)
{
    const member_key *x = pa, *y = pb;
    if (x->m.cents != y->m.cents)
        return x->m.cents > y->m.cents ? -1 : 1;
    return x->m.d < y->m.d ? -1 : x->m.d > y->m.d;
}

/* The donor a lead rule names for State s, or -1. */
static int lead_rule(const co_instance *in, const co_extras *ex, int s)
{
    for (int i = 0; ex && i < ex->n_lead; i++)
        if (in->seats[ex->lead[i]].s == s)
            return in->seats[ex->lead[i]].d;
    return -1;
}

static int build_coalitions(co_plan *pl, const int64_t *seat_cents, const co_extras *ex)
{
    const co_instance *in = &pl->in;
    member_key *keys = malloc(((size_t)in->nd + 1) * sizeof *keys);
    if (!keys)
        return CO_EINTERNAL;
    /* seats are sorted by (donor, State): gather per State */
    for (int s = 0; s < in->ns; s++) {
        co_coalition *c = &pl->coalitions[s];
        c->s = s;
        c->lead = -1;
        c->requested = in->state_R[s];
        c->urgency = 1.0;
        int big = in->largest_need[s];
        int nk = 0;
        for (int k = 0; k < in->n_seats; k++) {
            if (in->seats[k].s != s || seat_cents[k] <= 0)
                continue;
            keys[nk].m.d = in->seats[k].d;
            keys[nk].m.cents = seat_cents[k];
            keys[nk].e = big >= 0 ? co_inst_expertise(in, in->seats[k].d, pl->ds->needs[big].a) : 0;
            c->allocated += seat_cents[k];
            nk++;
        }
        if (nk == 0)
            continue;
        /* the lead first, then the others by amount, then id */
        qsort(keys, (size_t)nk, sizeof *keys, cmp_lead);
        /* a lead rule decides among the largest contributors (the rule
         * keeps its donor among them) */
        int ruled = lead_rule(in, ex, s);
        for (int i = 1; ruled >= 0 && i < nk && keys[i].m.cents == keys[0].m.cents; i++)
            if (keys[i].m.d == ruled) {
                member_key t = keys[0];
                keys[0] = keys[i];
                keys[i] = t;
            }
        if (nk > 2)
            qsort(keys + 1, (size_t)nk - 1, sizeof *keys, cmp_member);
        c->members = malloc((size_t)nk * sizeof *c->members);
        if (!c->members) {
            free(keys);
            return CO_EINTERNAL;
        }
        for (int i = 0; i < nk; i++)
            c->members[i] = keys[i].m;
        c->n_members = nk;
        c->lead = keys[0].m.d;
    }
    for (int s = 0; s < in->ns; s++)
        pl->coalitions[s].marginal_value = NAN;
    for (int n = 0; n < in->nn; n++) {
        int s = pl->ds->needs[n].s;
        co_coalition *c = &pl->coalitions[s];
        if (in->R[n] > 0 && in->u[n] > c->urgency)
            c->urgency = in->u[n];
        double v = pl->needs[n].marginal_value;
        if (isfinite(v) && (!isfinite(c->marginal_value) || v > c->marginal_value))
            c->marginal_value = v;
    }
    free(keys);
    return CO_OK;
}

static int build_donors(co_plan *pl, const int64_t *seat_cents, const co_solution *sol)
{
    const co_instance *in = &pl->in;
    for (int k = 0; k < in->n_seats;) {
        int d = in->seats[k].d, end = k, cnt = 0;
        while (end < in->n_seats && in->seats[end].d == d)
            cnt += seat_cents[end++] > 0;
        co_donor_result *r = &pl->donors[d];
        if (cnt) {
            r->states = malloc((size_t)cnt * sizeof *r->states);
            if (!r->states)
                return CO_EINTERNAL;
            for (int q = k; q < end; q++)
                if (seat_cents[q] > 0)
                    r->states[r->n_states++] = in->seats[q].s;
        }
        k = end;
    }
    for (int d = 0; d < in->nd; d++) {
        co_donor_result *r = &pl->donors[d];
        r->marginal_value = pl->marginal_available ? sol->budget_dual[d] : NAN;
        r->budget_lo = pl->marginal_available ? sol->budget_lo[d] : NAN;
        r->budget_hi = pl->marginal_available ? sol->budget_hi[d] : NAN;
    }
    return CO_OK;
}

int co_plan_build(const co_dataset *ds, co_instance *in, const co_solution *sol,
                  const co_extras *ex, co_plan **out, co_diag *dg)
{
    *out = NULL;
    int64_t *seat_cents = NULL;
    alloc_key *keys = NULL;
    co_plan *pl = calloc(1, sizeof *pl);
    if (!pl)
        goto oom;
    pl->ds = ds;
    pl->in = *in;
    memset(in, 0, sizeof *in);
    in = &pl->in;
    pl->status = sol->status;
    pl->rows = sol->rows;
    pl->cols = sol->cols;
    pl->nonzeros = sol->nonzeros;
    pl->integer_cols = sol->integer_cols;
    pl->build_s = sol->build_s;
    pl->solve_s = sol->solve_s;
    pl->load_s = ds->load_s;
    pl->skipped = sol->skipped;
    pl->degenerate = sol->degenerate;
    pl->marginal_available = !sol->fixed_lp_failed && sol->budget_dual != NULL &&
                             (sol->status == CO_ST_OPTIMAL || sol->status == CO_ST_FEASIBLE);
    pl->coalitions = calloc((size_t)in->ns + 1, sizeof *pl->coalitions);
    pl->donors = calloc((size_t)in->nd + 1, sizeof *pl->donors);
    pl->needs = calloc((size_t)in->nn + 1, sizeof *pl->needs);
    seat_cents = calloc((size_t)in->n_seats + 1, sizeof *seat_cents);
    pl->allocs = malloc(((size_t)in->n_pairs + 1) * sizeof *pl->allocs);
    keys = malloc(((size_t)in->n_pairs + 1) * sizeof *keys);
    if (!pl->coalitions || !pl->donors || !pl->needs || !seat_cents || !pl->allocs || !keys)
        goto oom;

    int have_plan = sol->status == CO_ST_OPTIMAL || sol->status == CO_ST_FEASIBLE;
    for (int i = 0; have_plan && i < in->n_pairs; i++) {
        const co_pair *pr = &in->pairs[i];
        double x = sol->x[i];
        if (!(x > 0) || !sol->y[pr->seat])
            continue;
        int64_t c = llround(x * 100.0);
        if (c < 1)
            continue; /* below one cent: dropped */
        co_alloc *a = &pl->allocs[pl->n_allocs++];
        a->d = pr->d;
        a->n = pr->n;
        a->cents = c;
        a->w = pr->w;
        seat_cents[pr->seat] += c;
        pl->donors[pr->d].allocated += c;
        pl->needs[pr->n].allocated += c;
        pl->value += pr->w * co_usd(c);
    }
    for (int i = 0; i < pl->n_allocs; i++) {
        keys[i].ds = ds;
        keys[i].a = &pl->allocs[i];
    }
    qsort(keys, (size_t)pl->n_allocs, sizeof *keys, cmp_alloc);
    co_alloc *sorted = malloc(((size_t)pl->n_allocs + 1) * sizeof *sorted);
    if (!sorted)
        goto oom;
    for (int i = 0; i < pl->n_allocs; i++)
        sorted[i] = *keys[i].a;
    free(pl->allocs);
    pl->allocs = sorted;

    for (int k = 0; k < in->n_seats; k++)
        pl->seats += seat_cents[k] > 0;
    pl->price_of_fairness = NAN;
    for (int n = 0; n < in->nn; n++)
        pl->needs[n].marginal_value = pl->marginal_available ? sol->need_dual[n] : NAN;
    if (build_coalitions(pl, seat_cents, ex) != CO_OK ||
        build_donors(pl, seat_cents, sol) != CO_OK)
        goto oom;
    if (ex && ex->base_y) {
        pl->baseline.removed = ex->base_missing;
        for (int k = 0; k < in->n_seats; k++) {
            pl->baseline.added += seat_cents[k] > 0 && !ex->base_y[k];
            pl->baseline.removed += seat_cents[k] <= 0 && ex->base_y[k];
        }
        pl->baseline.penalty =
            ex->stability_weight * (pl->baseline.added + pl->baseline.removed);
    }

    pl->coordination_cost = in->p.coordination_cost * pl->seats;
    double shortfall = 0;
    if (in->p.coverage_floor > 0) {
        for (int s = 0; s < in->ns; s++) {
            double lack = in->p.coverage_floor * in->state_R[s] - co_usd(pl->coalitions[s].allocated);
            if (lack > 0)
                shortfall += lack;
        }
    }
    pl->shortfall_penalty = in->p.shortfall_penalty * shortfall;
    pl->total = pl->value - pl->coordination_cost - pl->shortfall_penalty;
    pl->has_bound = sol->has_bound;
    if (have_plan) {
        pl->bound = sol->has_bound ? sol->bound : NAN;
        if (sol->has_bound) {
            /* the bound is on the searched objective: the total less the
             * stability penalty (0 without a baseline) */
            double searched = pl->total - pl->baseline.penalty;
            double scale = fabs(searched) > 1 ? fabs(searched) : 1;
            pl->gap = pl->bound > searched ? (pl->bound - searched) / scale : 0;
            if (pl->gap <= CO_ROUNDING_GAP && sol->proved)
                pl->gap = 0, pl->bound = searched > pl->bound ? searched : pl->bound;
            pl->status = pl->gap <= in->p.mip_gap + CO_ROUNDING_GAP ? CO_ST_OPTIMAL
                                                                   : CO_ST_FEASIBLE;
        } else {
            pl->gap = NAN;
            pl->status = CO_ST_FEASIBLE;
        }
    } else {
        pl->bound = sol->has_bound ? sol->bound : NAN;
        pl->gap = NAN;
    }
    free(seat_cents);
    free(keys);
    *out = pl;
    return CO_OK;
oom:
    co_err(dg, "out of memory reading the solution");
    free(seat_cents);
    free(keys);
    co_plan_free(pl);
    return CO_EINTERNAL;
}
