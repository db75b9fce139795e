/*
 * plan.c: turns a solution into the reported plan (MODEL.md "Reading
 * the solution"): cents, seats, leads and member order, coverage, the
 * objective recomputed from reported amounts, bound, gap and status; then
 * copies it out of the dataset's and instance's indexes into the plan of
 * plan.h. Also the totals and lookups every renderer shares. Running a
 * solve (rules, alternatives, the price of fairness) is engine/run's job;
 * the JSON is plan_json.c's and plan_read.c's.
 */
#include "result/plan.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "data/gaps.h"

/* A relative gap below this between the solved objective and GLPK's
 * bound is floating-point noise of the two computations, not a gap. */
#define CO_FLOAT_GAP 1e-9

static const char *const status_words[] = {
    [CO_ST_OPTIMAL] = "optimal",
    [CO_ST_FEASIBLE] = "feasible",
    [CO_ST_INFEASIBLE] = "infeasible",
    [CO_ST_NO_SOLUTION] = "no_solution",
};

const char *co_status_name(enum co_status st)
{
    switch (st) {
    case CO_ST_OPTIMAL:
    case CO_ST_FEASIBLE:
    case CO_ST_INFEASIBLE:
    case CO_ST_NO_SOLUTION:
        return status_words[st];
    }
    return "?";
}

int co_status_parse(const char *word, enum co_status *st)
{
    for (int i = 0; word && i < (int)(sizeof status_words / sizeof status_words[0]); i++)
        if (strcmp(word, status_words[i]) == 0) {
            *st = (enum co_status)i;
            return 0;
        }
    return -1;
}

co_plan *co_plan_new(void)
{
    co_plan *pl = calloc(1, sizeof *pl);
    if (!pl)
        return NULL;
    pl->arena = co_arena_new();
    if (!pl->arena) {
        free(pl);
        return NULL;
    }
    pl->bound = pl->gap = NAN;
    pl->total = pl->value = pl->coordination_cost = pl->shortfall_penalty = NAN;
    pl->seats = -1;
    pl->marginal_unique = -1;
    pl->price_of_fairness = NAN;
    pl->baseline.stability_weight = pl->baseline.penalty = NAN;
    pl->baseline.keep_pledges = pl->baseline.added = pl->baseline.removed = -1;
    pl->alternatives.within = NAN;
    pl->load_s = pl->build_s = pl->solve_s = pl->diagnose_s = pl->elapsed_s = pl->limit_s = NAN;
    pl->rows = pl->cols = pl->nonzeros = pl->integer_cols = -1;
    return pl;
}

void co_plan_free(co_plan *pl)
{
    if (!pl)
        return;
    co_arena_free(pl->arena);
    free(pl);
}

/* ---- a solution read by the instance's indexes ---------------------------- */

typedef struct raw_alloc {
    int d, n, t; /* t: the year index (0 in one period) */
    int64_t cents;
    double w;
} raw_alloc;

typedef struct raw_member {
    int d;
    int64_t cents;
} raw_member;

typedef struct raw_coalition {
    int s;
    int lead; /* donor index, -1 when no members */
    raw_member *members; /* lead first, then by amount desc, then donor id */
    int n_members;
    double requested;  /* sum of R_n */
    int64_t allocated; /* cents */
    double urgency;
    double marginal_value; /* largest need dual among its needs; NaN when not available */
} raw_coalition;

typedef struct raw_donor {
    int64_t allocated; /* cents */
    int *states;       /* State indexes of its seats, in id order */
    int n_states;
    double marginal_value; /* NaN when not available */
    double budget_lo, budget_hi; /* budgets over which it holds (NaN unknown, hi may be inf) */
} raw_donor;

typedef struct raw_need {
    int64_t allocated; /* cents */
    double marginal_value; /* dual of its need row: one more USD of need; NaN when none */
} raw_need;

typedef struct raw {
    const co_dataset *ds;
    const co_instance *in;
    enum co_status status;
    int has_bound;
    double bound, gap;
    double value, coordination_cost, shortfall_penalty, total;
    double model_total; /* the solved model's objective, unrounded (NaN without a plan) */
    int seats;
    int degenerate, marginal_available;
    raw_alloc *allocs; /* sorted by (state, need, donor, year) */
    int n_allocs;
    /* cents by donor and year (co_inst_dy) and by need and year (co_inst_ny) */
    int64_t *donor_year, *need_year;
    raw_coalition *coalitions; /* one per State, in id order */
    raw_donor *donors;
    raw_need *needs;
    struct {
        int added, removed;
        double penalty;
    } baseline;
} raw;

static void raw_release(raw *pl)
{
    for (int s = 0; pl->coalitions && s < pl->in->ns; s++)
        free(pl->coalitions[s].members);
    for (int d = 0; pl->donors && d < pl->in->nd; d++)
        free(pl->donors[d].states);
    free(pl->coalitions);
    free(pl->donors);
    free(pl->needs);
    free(pl->allocs);
    free(pl->donor_year);
    free(pl->need_year);
}

/* Sort context for allocations and members (qsort has no user pointer). */
typedef struct {
    const co_dataset *ds;
    const raw_alloc *a;
} alloc_key;

static int cmp_alloc(const void *pa, const void *pb)
{
    const alloc_key *x = pa, *y = pb;
    const co_need *nx = &x->ds->needs[x->a->n], *ny = &y->ds->needs[y->a->n];
    if (nx->s != ny->s)
        return nx->s < ny->s ? -1 : 1; /* State indexes follow id order */
    if (x->a->n != y->a->n)
        return x->a->n < y->a->n ? -1 : 1;
    if (x->a->d != y->a->d)
        return x->a->d < y->a->d ? -1 : 1;
    return x->a->t < y->a->t ? -1 : x->a->t > y->a->t;
}

typedef struct {
    raw_member m;
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

static int build_coalitions(raw *pl, const int64_t *seat_cents, const co_extras *ex)
{
    const co_instance *in = pl->in;
    member_key *keys = malloc(((size_t)in->nd + 1) * sizeof *keys);
    if (!keys)
        return CO_EINTERNAL;
    /* seats are sorted by (donor, State): gather per State */
    for (int s = 0; s < in->ns; s++) {
        raw_coalition *c = &pl->coalitions[s];
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
        raw_coalition *c = &pl->coalitions[s];
        if (in->R[n] > 0 && in->u[n] > c->urgency)
            c->urgency = in->u[n];
        double v = pl->needs[n].marginal_value;
        if (isfinite(v) && (!isfinite(c->marginal_value) || v > c->marginal_value))
            c->marginal_value = v;
    }
    free(keys);
    return CO_OK;
}

static int build_donors(raw *pl, const int64_t *seat_cents, const co_solution *sol)
{
    const co_instance *in = pl->in;
    for (int k = 0; k < in->n_seats;) {
        int d = in->seats[k].d, end = k, cnt = 0;
        while (end < in->n_seats && in->seats[end].d == d)
            cnt += seat_cents[end++] > 0;
        raw_donor *r = &pl->donors[d];
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
    /* a multi-year plan has a marginal value per donor and year (by_year)
     * and none for the donor as a whole (MULTIYEAR.md "Reporting") */
    int whole = pl->marginal_available && !in->yr.multi;
    for (int d = 0; d < in->nd; d++) {
        raw_donor *r = &pl->donors[d];
        r->marginal_value = whole ? sol->budget_dual[d] : NAN;
        r->budget_lo = whole ? sol->budget_lo[d] : NAN;
        r->budget_hi = whole ? sol->budget_hi[d] : NAN;
    }
    return CO_OK;
}

/* The objective of the solution as solved (MODEL.md "Objective"), from
 * its unrounded amounts: a seat is an open y with at least half a cent. */
static double model_objective(const co_instance *in, const co_solution *sol)
{
    double value = 0, *got = calloc((size_t)in->ns + 1, sizeof *got);
    double *on_seat = calloc((size_t)in->n_seats + 1, sizeof *on_seat);
    int seats = 0;
    if (!got || !on_seat) {
        free(got);
        free(on_seat);
        return NAN;
    }
    for (int i = 0; i < in->n_pairs; i++) {
        const co_pair *pr = &in->pairs[i];
        double x = sol->x[i];
        if (!(x > 0) || !sol->y[pr->seat])
            continue;
        value += pr->w * x;
        on_seat[pr->seat] += x;
        got[in->ds->needs[pr->n].s] += x;
    }
    for (int k = 0; k < in->n_seats; k++)
        seats += on_seat[k] >= 0.005;
    double shortfall = 0;
    for (int s = 0; in->p.coverage_floor > 0 && s < in->ns; s++) {
        double lack = in->p.coverage_floor * in->state_R[s] - got[s];
        if (lack > 0)
            shortfall += lack;
    }
    free(got);
    free(on_seat);
    return value - in->p.coordination_cost * seats - in->p.shortfall_penalty * shortfall;
}

/* Whole cents of `usd` that make at least it: a floor or a minimum grant
 * in cents (a hair of floating-point error is forgiven). */
static int64_t cents_at_least(double usd)
{
    return (int64_t)ceil(usd * 100.0 - 1e-6);
}

/* Adds cents to the pairs in list (n of them) whose amounts were rounded
 * down the most, one cent a pair in turn, until their cents reach `want`:
 * a floor or a minimum grant the solution meets stays met to the cent. */
static void top_up(const co_solution *sol, const int *list, int n, int64_t *pc, int64_t have,
                   int64_t want)
{
    while (have < want && n > 0) {
        int best = -1;
        double best_lost = -1;
        for (int k = 0; k < n; k++) {
            int i = list[k];
            double lost = sol->x[i] * 100.0 - (double)pc[i]; /* what rounding took */
            if (lost > best_lost) {
                best_lost = lost;
                best = i;
            }
        }
        pc[best]++;
        have++;
    }
}

/* The plan's amounts in cents, pair by pair (MODEL.md "Reading the
 * solution"): each open pair's USD rounded to the nearest cent, then, where
 * the solution meets a minimum grant or a coverage floor (to half a cent),
 * the fewest cents added to the pairs rounding shortened most so that the
 * rounded plan meets it too: rounding never invents a shortfall. A pair
 * may so exceed its need or its donor's budget by a cent, within
 * the one USD of MODEL.md "Numerics". NULL when out of memory. */
static int64_t *round_cents(const co_instance *in, const co_solution *sol)
{
    int64_t *pc = calloc((size_t)in->n_pairs + 1, sizeof *pc);
    int *list = malloc(((size_t)in->n_pairs + 1) * sizeof *list);
    if (!pc || !list) {
        free(pc);
        free(list);
        return NULL;
    }
    for (int i = 0; i < in->n_pairs; i++)
        if (sol->x[i] > 0 && sol->y[in->pairs[i].seat])
            pc[i] = llround(sol->x[i] * 100.0);
    /* minimum grants, seat by seat */
    for (int k = 0; k < in->n_seats; k++) {
        const co_seat *st = &in->seats[k];
        double m = in->ds->donors[st->d].min_grant, x = 0;
        int64_t have = 0;
        int n = 0;
        if (!(m > 0) || !sol->y[k])
            continue;
        for (int q = st->first; q < st->first + st->count; q++) {
            int i = in->seat_pairs[q];
            x += sol->x[i] > 0 ? sol->x[i] : 0;
            have += pc[i];
            if (sol->x[i] > 0)
                list[n++] = i;
        }
        if (x >= m - 0.005)
            top_up(sol, list, n, pc, have, cents_at_least(m));
    }
    /* coverage floors, State by State (the open pairs grouped by State) */
    if (in->p.coverage_floor > 0) {
        int *start = calloc((size_t)in->ns + 2, sizeof *start);
        if (!start) {
            free(pc);
            free(list);
            return NULL;
        }
        for (int i = 0; i < in->n_pairs; i++)
            if (sol->x[i] > 0 && sol->y[in->pairs[i].seat])
                start[in->ds->needs[in->pairs[i].n].s + 2]++;
        for (int s = 0; s < in->ns; s++)
            start[s + 2] += start[s + 1];
        for (int i = 0; i < in->n_pairs; i++)
            if (sol->x[i] > 0 && sol->y[in->pairs[i].seat])
                list[start[in->ds->needs[in->pairs[i].n].s + 1]++] = i;
        for (int s = 0; s < in->ns; s++) {
            double floor = in->p.coverage_floor * in->state_R[s], x = 0;
            int64_t have = 0;
            for (int k = start[s]; k < start[s + 1]; k++) {
                x += sol->x[list[k]];
                have += pc[list[k]];
            }
            if (floor > 0 && x >= floor - 0.005)
                top_up(sol, list + start[s], start[s + 1] - start[s], pc, have,
                       cents_at_least(floor));
        }
        free(start);
    }
    free(list);
    return pc;
}

/* Reads the solution into pl by indexes; raw_release frees it either way. */
static int read_solution(const co_dataset *ds, const co_instance *in, const co_solution *sol,
                         const co_extras *ex, raw *pl)
{
    int64_t *seat_cents = NULL;
    alloc_key *keys = NULL;
    memset(pl, 0, sizeof *pl);
    pl->ds = ds;
    pl->in = in;
    pl->status = sol->status;
    pl->degenerate = sol->degenerate;
    pl->marginal_available = !sol->fixed_lp_failed && sol->budget_dual != NULL &&
                             (sol->status == CO_ST_OPTIMAL || sol->status == CO_ST_FEASIBLE);
    pl->coalitions = calloc((size_t)in->ns + 1, sizeof *pl->coalitions);
    pl->donors = calloc((size_t)in->nd + 1, sizeof *pl->donors);
    pl->needs = calloc((size_t)in->nn + 1, sizeof *pl->needs);
    seat_cents = calloc((size_t)in->n_seats + 1, sizeof *seat_cents);
    pl->allocs = malloc(((size_t)in->n_pairs + 1) * sizeof *pl->allocs);
    pl->donor_year = calloc((size_t)in->nd * (size_t)in->ny + 1, sizeof *pl->donor_year);
    pl->need_year = calloc((size_t)in->nn * (size_t)in->ny + 1, sizeof *pl->need_year);
    keys = malloc(((size_t)in->n_pairs + 1) * sizeof *keys);
    if (!pl->coalitions || !pl->donors || !pl->needs || !seat_cents || !pl->allocs || !keys ||
        !pl->donor_year || !pl->need_year)
        goto oom;

    int have_plan = sol->status == CO_ST_OPTIMAL || sol->status == CO_ST_FEASIBLE;
    int64_t *pair_cents = have_plan ? round_cents(in, sol) : NULL;
    if (have_plan && !pair_cents)
        goto oom;
    for (int i = 0; have_plan && i < in->n_pairs; i++) {
        const co_pair *pr = &in->pairs[i];
        int64_t c = pair_cents[i];
        if (c < 1)
            continue; /* below one cent: dropped */
        raw_alloc *a = &pl->allocs[pl->n_allocs++];
        a->d = pr->d;
        a->n = pr->n;
        a->t = pr->t;
        a->cents = c;
        a->w = pr->w;
        seat_cents[pr->seat] += c;
        pl->donors[pr->d].allocated += c;
        pl->needs[pr->n].allocated += c;
        pl->donor_year[co_inst_dy(in, pr->d, pr->t)] += c;
        pl->need_year[co_inst_ny(in, pr->n, pr->t)] += c;
        pl->value += pr->w * co_usd(c);
    }
    free(pair_cents);
    for (int i = 0; i < pl->n_allocs; i++) {
        keys[i].ds = ds;
        keys[i].a = &pl->allocs[i];
    }
    qsort(keys, (size_t)pl->n_allocs, sizeof *keys, cmp_alloc);
    raw_alloc *sorted = malloc(((size_t)pl->n_allocs + 1) * sizeof *sorted);
    if (!sorted)
        goto oom;
    for (int i = 0; i < pl->n_allocs; i++)
        sorted[i] = *keys[i].a;
    free(pl->allocs);
    pl->allocs = sorted;

    for (int k = 0; k < in->n_seats; k++)
        pl->seats += seat_cents[k] > 0;
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
    pl->model_total = NAN;
    if (have_plan) {
        /* status and gap are the solved model's (its unrounded amounts),
         * not the rounded plan's: rounding is reported apart */
        pl->model_total = model_objective(in, sol);
        pl->bound = sol->has_bound ? sol->bound : NAN;
        if (sol->has_bound) {
            /* the bound is on the searched objective: the total less the
             * stability penalty (0 without a baseline) */
            double searched = pl->model_total - pl->baseline.penalty;
            double scale = fabs(searched) > 1 ? fabs(searched) : 1;
            pl->gap = pl->bound > searched ? (pl->bound - searched) / scale : 0;
            if (pl->bound < searched)
                pl->bound = searched; /* the seat-fixed LP's plan is the better */
            if (pl->gap <= CO_FLOAT_GAP && sol->proved)
                pl->gap = 0;
            pl->status = pl->gap <= in->p.mip_gap + CO_FLOAT_GAP ? CO_ST_OPTIMAL
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
    return CO_OK;
oom:
    free(seat_cents);
    free(keys);
    return CO_EINTERNAL;
}

/* ---- the plan by ids -------------------------------------------------------- */

/* A member's expertise in each area it funds in State s, in the order of
 * the allocations (sorted), each area once. */
static void member_expertise(co_plan *out, const raw *pl, int s, int d, co_plan_member *m)
{
    const co_dataset *ds = pl->ds;
    int cap = 0;
    for (int i = 0; i < pl->n_allocs; i++)
        cap += pl->allocs[i].d == d && ds->needs[pl->allocs[i].n].s == s;
    m->expertise = co_arena_alloc(out->arena, (size_t)cap * sizeof *m->expertise);
    for (int i = 0; i < pl->n_allocs && m->expertise; i++) {
        const raw_alloc *a = &pl->allocs[i];
        int area = ds->needs[a->n].a, seen = 0;
        if (a->d != d || ds->needs[a->n].s != s)
            continue;
        for (int k = 0; k < m->n_expertise && !seen; k++)
            seen = strcmp(m->expertise[k].area, ds->areas[area].id) == 0;
        if (seen)
            continue;
        m->expertise[m->n_expertise].area = ds->areas[area].id;
        m->expertise[m->n_expertise++].level = co_inst_expertise(pl->in, d, area);
    }
}

/* USD to the cent (infinite and NaN kept as they are). */
static double to_cent(double usd)
{
    return isfinite(usd) ? co_usd(llround(usd * 100.0)) : usd;
}

/* A donor's by_year list (MULTIYEAR.md "Reporting"): its budget B_{d,t},
 * the cents it places and the marginal value of that year's budget. */
static void donor_years(co_plan *out, const raw *pl, const co_solution *sol, int d,
                        co_plan_donor *o)
{
    const co_instance *in = pl->in;
    o->by_year = co_arena_array(out->arena, (size_t)in->ny, sizeof *o->by_year);
    for (int t = 0; o->by_year && t < in->ny; t++) {
        size_t k = co_inst_dy(in, d, t);
        o->by_year[t] = (co_plan_donor_year){
            .year = in->yr.first + t,
            .budget = to_cent(in->yr.budget[k]),
            .allocated = pl->donor_year[k],
            .marginal_value = pl->marginal_available ? sol->budget_dual[k] : NAN};
    }
    o->n_by_year = o->by_year ? in->ny : 0;
}

/* A need's by_year list: the cents placed, and for a work need the units
 * done, (N_n + s_{n,t} + sum_d x_{d,n,t}) / unit_cost, and left at the
 * year's end (never below 0). */
static void need_years(co_plan *out, const raw *pl, int n, co_plan_need *o)
{
    const co_instance *in = pl->in;
    const co_need *nd = &pl->ds->needs[n];
    double left = nd->has_work ? nd->work.remaining : NAN;
    o->by_year = co_arena_array(out->arena, (size_t)in->ny, sizeof *o->by_year);
    for (int t = 0; o->by_year && t < in->ny; t++) {
        size_t k = co_inst_ny(in, n, t);
        double done = NAN;
        if (nd->has_work) {
            done = (in->yr.national[n] + in->yr.secured[k] + co_usd(pl->need_year[k])) /
                   nd->work.unit_cost;
            left = left - done > 0 ? left - done : 0;
        }
        o->by_year[t] = (co_plan_need_year){.year = in->yr.first + t,
                                            .allocated = pl->need_year[k],
                                            .units_done = done,
                                            .units_left = left};
    }
    o->n_by_year = o->by_year ? in->ny : 0;
}

void co_plan_set_head(co_plan *out, const co_dataset *ds, const co_params *p)
{
    co_arena *A = out->arena;
    char solver[64];
    snprintf(solver, sizeof solver, "GLPK %s", co_solver_version());
    out->engine = co_arena_strdup(A, "coalitions");
    out->version = co_arena_strdup(A, CO_VERSION);
    out->solver = co_arena_strdup(A, solver);
    out->dataset_name = co_arena_strdup(A, ds->name);
    out->dataset_sha256 = co_arena_strdup(A, ds->sha256);
    out->source = co_arena_strdup(A, ds->source);
    out->as_of = co_arena_strdup(A, p->as_of);
    if (ds->has_years) {
        out->years_first = ds->years.first;
        out->years_last = ds->years.last;
    }
    out->n_params = co_param_count() - 1 + 2;
    out->params = co_arena_array(A, (size_t)out->n_params, sizeof *out->params);
    if (out->params) {
        int k = 0;
        /* a one-period plan lists MODEL.md's parameters only */
        for (int i = 1; i < co_param_count(); i++)
            if (ds->has_years || !co_param_multiyear(i))
                out->params[k++] = (co_plan_param){co_param_name(i), co_param_get(p, i)};
        out->params[k++] = (co_plan_param){"time_limit", p->time_limit};
        out->params[k++] = (co_plan_param){"mip_gap", p->mip_gap};
        out->n_params = k;
    }
}

/* Copies every figure of pl into out, by ids (strings into out's arena). */
static void fill(co_plan *out, const raw *pl, const co_solution *sol)
{
    const co_dataset *ds = pl->ds;
    const co_instance *in = pl->in;
    co_arena *A = out->arena;
    co_plan_set_head(out, ds, &in->p);
    out->has_status = 1;
    out->status = pl->status;
    out->bound = pl->bound;
    out->gap = pl->gap;
    out->total = pl->total;
    out->model_total = pl->model_total;
    out->value = pl->value;
    out->coordination_cost = pl->coordination_cost;
    out->shortfall_penalty = pl->shortfall_penalty;
    out->seats = pl->seats;
    out->marginal_unique = pl->marginal_available ? !pl->degenerate : -1;
    out->baseline.stability_weight = in->p.stability_weight;
    out->baseline.keep_pledges = 0;
    out->baseline.added = pl->baseline.added;
    out->baseline.removed = pl->baseline.removed;
    out->baseline.penalty = pl->baseline.penalty;

    out->n_allocs = pl->n_allocs;
    out->allocs = co_arena_alloc(A, (size_t)pl->n_allocs * sizeof *out->allocs);
    for (int i = 0; out->allocs && i < pl->n_allocs; i++) {
        const raw_alloc *a = &pl->allocs[i];
        const co_need *n = &ds->needs[a->n];
        out->allocs[i] = (co_plan_alloc){.donor = ds->donors[a->d].id,
                                         .need = n->id,
                                         .state = n->state,
                                         .area = n->area,
                                         .purpose_code = co_area_crs_code(ds, n->a),
                                         .year = in->yr.multi ? in->yr.first + a->t : 0,
                                         .cents = a->cents,
                                         .weight = a->w};
    }
    out->n_coalitions = in->ns;
    out->coalitions = co_arena_alloc(A, (size_t)in->ns * sizeof *out->coalitions);
    for (int s = 0; out->coalitions && s < in->ns; s++) {
        const raw_coalition *c = &pl->coalitions[s];
        co_plan_coalition *o = &out->coalitions[s];
        o->state = ds->states[s].id;
        o->name = ds->states[s].name;
        o->iso3 = ds->states[s].iso3;
        o->lead = c->lead >= 0 ? ds->donors[c->lead].id : NULL;
        o->n_members = c->n_members;
        o->members = co_arena_alloc(A, (size_t)c->n_members * sizeof *o->members);
        for (int i = 0; o->members && i < c->n_members; i++) {
            o->members[i].donor = ds->donors[c->members[i].d].id;
            o->members[i].cents = c->members[i].cents;
            member_expertise(out, pl, s, c->members[i].d, &o->members[i]);
        }
        /* money to the cent, shares of the rounded money */
        int64_t req = 0;
        for (int n = 0; n < in->nn; n++)
            if (ds->needs[n].s == s)
                req += llround(in->R[n] * 100.0);
        o->requested = co_usd(req);
        o->allocated = c->allocated;
        o->coverage = req > 0 ? (double)c->allocated / (double)req : NAN;
        o->urgency = c->urgency;
        o->marginal_value = c->marginal_value;
    }
    out->n_donors = in->nd;
    out->donors = co_arena_alloc(A, (size_t)in->nd * sizeof *out->donors);
    for (int d = 0; out->donors && d < in->nd; d++) {
        const raw_donor *r = &pl->donors[d];
        co_plan_donor *o = &out->donors[d];
        int64_t budget = llround(in->B[d] * 100.0); /* sum_t B_{d,t} */
        o->donor = ds->donors[d].id;
        o->name = ds->donors[d].name;
        o->budget = co_usd(budget);
        o->allocated = r->allocated;
        o->utilisation = budget > 0 ? (double)r->allocated / (double)budget : NAN;
        o->n_states = r->n_states;
        o->states = co_arena_alloc(A, (size_t)r->n_states * sizeof *o->states);
        for (int i = 0; o->states && i < r->n_states; i++)
            o->states[i] = ds->states[r->states[i]].id;
        o->marginal_value = r->marginal_value;
        o->range_from = to_cent(r->budget_lo);
        o->range_to = isnan(r->budget_lo) ? NAN : to_cent(r->budget_hi);
        if (in->yr.multi)
            donor_years(out, pl, sol, d, o);
    }
    out->n_needs = in->nn;
    out->needs = co_arena_alloc(A, (size_t)in->nn * sizeof *out->needs);
    for (int n = 0; out->needs && n < in->nn; n++) {
        const co_need *nd = &ds->needs[n];
        co_plan_need *o = &out->needs[n];
        o->need = nd->id;
        o->state = nd->state;
        o->area = nd->area;
        o->requested = co_usd(llround(in->R[n] * 100.0));
        o->allocated = pl->needs[n].allocated;
        /* unmet in cents, so that requested = allocated + unmet exactly */
        o->unmet = llround(in->R[n] * 100.0) - pl->needs[n].allocated;
        o->urgency = in->u[n];
        o->evidence = nd->evidence;
        o->deadline = nd->deadline;
        o->original_deadline = nd->original_deadline;
        o->days_left = nd->deadline ? (double)in->days_left[n] : NAN;
        o->marginal_value = pl->needs[n].marginal_value;
        if (in->yr.multi)
            need_years(out, pl, n, o);
    }
    out->load_s = ds->load_s;
    out->build_s = sol->build_s;
    out->solve_s = sol->solve_s;
    /* the run that made the plan sets elapsed_s from its clock and adds
     * what it skipped itself */
    out->elapsed_s = ds->load_s + sol->build_s + sol->solve_s;
    out->limit_s = in->p.time_limit;
    out->skipped = co_arena_alloc(A, 0);
    co_plan_skip(out, sol->skipped);
    out->rows = sol->rows;
    out->cols = sol->cols;
    out->nonzeros = sol->nonzeros;
    out->integer_cols = sol->integer_cols;
}

/* ---- the diagnosis and the data gaps, by ids -------------------------------- */

/* A sentence made by malloc, moved into the arena (NULL in: out of memory). */
static const char *own_text(co_arena *A, char *t, int *oom)
{
    if (!t) {
        *oom = 1;
        return NULL;
    }
    const char *c = co_arena_strdup(A, t);
    free(t);
    return c;
}

static const char *donor_id(co_arena *A, const co_dataset *ds, int d)
{
    return d >= 0 ? co_arena_strdup(A, ds->donors[d].id) : NULL;
}

static const char *state_id(co_arena *A, const co_dataset *ds, int s)
{
    return s >= 0 ? co_arena_strdup(A, ds->states[s].id) : NULL;
}

static const char *need_id(co_arena *A, const co_dataset *ds, int n)
{
    return n >= 0 ? co_arena_strdup(A, ds->needs[n].id) : NULL;
}

static void fill_reasons(co_plan *out, const co_instance *in, const co_dx_state *st,
                         co_plan_diagnosis *g, int *oom)
{
    co_arena *A = out->arena;
    const co_dataset *ds = in->ds;
    g->reasons = co_arena_alloc(A, (size_t)(st ? st->n_reasons : 0) * sizeof *g->reasons);
    if (!g->reasons || !st)
        return;
    g->n_reasons = st->n_reasons;
    for (int i = 0; i < st->n_reasons; i++) {
        const co_dx_reason *r = &st->reasons[i];
        co_plan_reason *o = &g->reasons[i];
        o->kind = (int)r->kind;
        o->need = need_id(A, ds, r->n);
        o->value = r->value;
        o->items = co_arena_alloc(A, (size_t)r->n_items * sizeof *o->items);
        for (int j = 0; o->items && j < r->n_items; j++) {
            const co_dx_item *it = &r->items[j];
            o->items[j] = (co_plan_dx_item){.donor = donor_id(A, ds, it->d),
                                            .need = need_id(A, ds, it->n),
                                            .area = it->a >= 0 ? co_arena_strdup(A, ds->areas[it->a].id)
                                                               : NULL,
                                            .causes = it->causes,
                                            .flags = it->flags,
                                            .value = it->value,
                                            .versus = it->versus,
                                            .aux = it->aux,
                                            .w = it->w,
                                            .floor = it->floor};
        }
        o->n_items = o->items ? r->n_items : 0;
        o->text = own_text(A, co_dx_text(in, st->s, r, 0), oom);
    }
}

static void fill_change(co_plan *out, const co_instance *in, const co_dx_fix *f,
                        co_plan_change *c, int *oom)
{
    co_arena *A = out->arena;
    const co_dataset *ds = in->ds;
    const co_dx_change *ch = &f->change;
    c->floor = f->want_floor;
    c->kind = f->found ? (int)ch->kind : -1;
    c->from = c->to = NAN;
    c->gets = CO_CENTS_NONE;
    c->proved = c->exact = -1;
    for (int k = 0; k < CO_CHANGE_KINDS; k++)
        c->tried[k] = (int)f->tried[k];
    c->text = own_text(A, co_dx_fix_text(in, f, 1), oom);
    c->needs = co_arena_alloc(A, (size_t)in->nn * sizeof *c->needs);
    c->joins = co_arena_alloc(A, (size_t)(f->found ? ch->n_members : 0) * sizeof *c->joins);
    c->losses = co_arena_alloc(A, (size_t)(f->found ? ch->n_losses : 0) * sizeof *c->losses);
    c->leaves = co_arena_alloc(A, (size_t)(f->found ? ch->n_dropped : 0) * sizeof *c->leaves);
    if (!f->found || !c->needs || !c->joins || !c->losses || !c->leaves)
        return;
    c->donor = donor_id(A, ds, ch->d);
    /* the needs the evidence change raises: the State's below surveyed */
    for (int n = 0; ch->kind == CO_CHANGE_EVIDENCE && n < in->nn; n++)
        if (ds->needs[n].s == f->s && in->R[n] > 0 && ds->needs[n].evidence < 1)
            c->needs[c->n_needs++] = need_id(A, ds, n);
    c->from = ch->from;
    c->to = ch->to;
    c->gets = ch->gets;
    for (int i = 0; i < ch->n_members; i++)
        c->joins[i] = (co_plan_dx_seat){donor_id(A, ds, ch->members[i].d), NULL,
                                        ch->members[i].cents};
    for (int i = 0; i < ch->n_losses; i++)
        c->losses[i] = (co_plan_dx_loss){state_id(A, ds, ch->losses[i].s), ch->losses[i].before,
                                         ch->losses[i].after};
    for (int i = 0; i < ch->n_dropped; i++)
        c->leaves[i] = (co_plan_dx_seat){donor_id(A, ds, ch->dropped[i].d),
                                         state_id(A, ds, ch->dropped[i].s),
                                         ch->dropped[i].cents};
    c->n_joins = ch->n_members;
    c->n_losses = ch->n_losses;
    c->n_leaves = ch->n_dropped;
    c->proved = ch->proved;
    c->exact = ch->exact;
}

/* The diagnosis of the run (dx, on the instance `in`) by ids: each
 * coalition's reasons and change, each need's value of better evidence.
 * Without a diagnosis every one of them is not given. CO_OK or
 * CO_EINTERNAL. */
static int fill_diagnosis(co_plan *out, const co_instance *in, const co_dx_report *dx)
{
    co_arena *A = out->arena;
    int oom = 0, done = dx && dx->done;
    out->diagnose_s = done ? dx->seconds : NAN;
    for (int s = 0; out->coalitions && s < out->n_coalitions; s++) {
        co_plan_coalition *o = &out->coalitions[s];
        o->diagnosed = -1;
        if (!done)
            continue;
        const co_dx_state *st = co_diagnosis_state(&dx->dx, s);
        const co_dx_fix *f = NULL;
        for (int i = 0; i < dx->n_fixes && !f; i++)
            if (dx->fixes[i].s == s)
                f = &dx->fixes[i];
        o->diagnosed = st || f;
        if (!o->diagnosed)
            continue;
        fill_reasons(out, in, st, &o->diagnosis, &oom);
        if (f) {
            o->diagnosis.change = co_arena_alloc(A, sizeof *o->diagnosis.change);
            if (o->diagnosis.change)
                fill_change(out, in, f, o->diagnosis.change, &oom);
        }
    }
    /* not sought (--diagnose reasons): left out, as without a diagnosis */
    for (int n = 0; out->needs && n < out->n_needs; n++)
        out->needs[n].has_evidence_value = done && dx->resolved ? 0 : -1;
    for (int i = 0; done && out->needs && i < dx->n_evidence; i++) {
        const co_dx_evidence *e = &dx->evidence[i];
        co_plan_need *o = &out->needs[e->n];
        o->has_evidence_value = 1;
        o->evidence_value = (co_plan_evidence_value){
            .tried = e->tried,
            .moves = e->tried ? e->after - e->before : CO_CENTS_NONE,
            .if_surveyed = e->tried ? e->after : CO_CENTS_NONE,
            .proved = e->tried ? e->proved : -1,
            .text = own_text(A, co_dx_evidence_text(in, e), &oom)};
    }
    return oom ? CO_EINTERNAL : CO_OK;
}

/* The dataset's gaps (data/gaps.h) by ids. CO_OK or CO_EINTERNAL. */
static int fill_gaps(co_plan *out, const co_dataset *ds, co_diag *dg)
{
    co_arena *A = out->arena;
    co_gaps g;
    int oom = 0, rc = co_data_gaps(ds, &g, dg);
    if (rc != CO_OK)
        return rc;
    out->gaps = co_arena_alloc(A, (size_t)g.n * sizeof *out->gaps);
    for (int i = 0; out->gaps && i < g.n; i++) {
        const co_gap *x = &g.items[i];
        co_plan_gap *o = &out->gaps[out->n_gaps++];
        o->kind = (int)x->kind;
        switch (x->kind) {
        case CO_GAP_NO_DEADLINE:
        case CO_GAP_WEAK_EVIDENCE:
            o->need = need_id(A, ds, x->index);
            o->state = state_id(A, ds, ds->needs[x->index].s);
            break;
        case CO_GAP_NO_ISO3:
            o->state = state_id(A, ds, x->index);
            break;
        case CO_GAP_NO_EXPERTISE:
            o->donor = donor_id(A, ds, x->index);
            break;
        }
        o->text = own_text(A, co_gap_text(ds, x), &oom);
    }
    co_gaps_release(&g);
    return oom ? CO_EINTERNAL : CO_OK;
}

/* The dataset's strings the plan points at, copied into its arena. */
static void own_strings(co_plan *pl)
{
    co_arena *A = pl->arena;
#define OWN(s) ((s) = co_arena_strdup(A, (s)))
    for (int i = 0; pl->allocs && i < pl->n_allocs; i++) {
        co_plan_alloc *a = &pl->allocs[i];
        OWN(a->donor), OWN(a->need), OWN(a->state), OWN(a->area), OWN(a->purpose_code);
    }
    for (int s = 0; pl->coalitions && s < pl->n_coalitions; s++) {
        co_plan_coalition *c = &pl->coalitions[s];
        OWN(c->state), OWN(c->name), OWN(c->iso3), OWN(c->lead);
        for (int i = 0; c->members && i < c->n_members; i++) {
            OWN(c->members[i].donor);
            for (int k = 0; k < c->members[i].n_expertise; k++)
                OWN(c->members[i].expertise[k].area);
        }
    }
    for (int d = 0; pl->donors && d < pl->n_donors; d++) {
        co_plan_donor *o = &pl->donors[d];
        OWN(o->donor), OWN(o->name);
        for (int i = 0; o->states && i < o->n_states; i++)
            OWN(o->states[i]);
    }
    for (int n = 0; pl->needs && n < pl->n_needs; n++) {
        co_plan_need *o = &pl->needs[n];
        OWN(o->need), OWN(o->state), OWN(o->area), OWN(o->deadline), OWN(o->original_deadline);
    }
    for (int i = 0; pl->params && i < pl->n_params; i++)
        OWN(pl->params[i].name);
    OWN(pl->engine), OWN(pl->version);
#undef OWN
}

int co_plan_build(const co_dataset *ds, const co_instance *in, const co_solution *sol,
                  const co_extras *ex, const co_dx_report *dx, co_plan **out, co_diag *dg)
{
    raw r;
    *out = NULL;
    co_plan *pl = co_plan_new();
    if (!pl) {
        co_err(dg, "out of memory reading the solution");
        return CO_EINTERNAL;
    }
    int rc = read_solution(ds, in, sol, ex, &r);
    if (rc == CO_OK) {
        fill(pl, &r, sol);
        own_strings(pl);
        rc = fill_diagnosis(pl, in, dx);
    }
    if (rc == CO_OK)
        rc = fill_gaps(pl, ds, dg);
    raw_release(&r);
    if (rc != CO_OK || co_arena_failed(pl->arena)) {
        co_err(dg, "out of memory reading the solution");
        co_plan_free(pl);
        return CO_EINTERNAL;
    }
    *out = pl;
    return CO_OK;
}

int co_plan_skip(co_plan *pl, unsigned bits)
{
    for (unsigned bit = 1; bit < CO_SKIP_END; bit <<= 1) {
        const char *t = co_skip_text(bit);
        int listed = !(bits & bit);
        for (int i = 0; !listed && i < pl->n_skipped; i++)
            listed = strcmp(pl->skipped[i], t) == 0;
        if (listed)
            continue;
        const char **v = co_arena_array(pl->arena, (size_t)pl->n_skipped + 1, sizeof *v);
        if (!v)
            return CO_EINTERNAL;
        if (pl->n_skipped)
            memcpy(v, pl->skipped, (size_t)pl->n_skipped * sizeof *v);
        v[pl->n_skipped++] = t; /* co_skip_text's strings are static */
        pl->skipped = v;
    }
    return CO_OK;
}

/* ---- what every renderer shares --------------------------------------------- */

static int same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

co_plan_totals co_plan_totals_of(const co_plan *pl, const char *state)
{
    co_plan_totals t = {0, 0, 0, 0, 0, 0, 0, 0};
    for (int n = 0; pl->needs && n < pl->n_needs; n++) {
        const co_plan_need *nd = &pl->needs[n];
        if (state && !same(nd->state, state))
            continue;
        int64_t q = co_cents(nd->requested);
        int64_t a = nd->allocated == CO_CENTS_NONE ? 0 : nd->allocated;
        t.needs++;
        t.requested += q;
        t.allocated += a;
        if (nd->urgency > 1.0) {
            t.urgent_requested += q;
            t.urgent_allocated += a;
        }
    }
    for (int s = 0; pl->coalitions && s < pl->n_coalitions; s++) {
        const co_plan_coalition *c = &pl->coalitions[s];
        if (state && !same(c->state, state))
            continue;
        t.states++;
        t.states_with_coalition += c->n_members > 0;
        t.seats += c->n_members;
    }
    return t;
}

const co_plan_coalition *co_plan_find_coalition(const co_plan *pl, const char *state)
{
    for (int s = 0; pl->coalitions && s < pl->n_coalitions; s++)
        if (same(pl->coalitions[s].state, state))
            return &pl->coalitions[s];
    return NULL;
}

const co_plan_donor *co_plan_find_donor(const co_plan *pl, const char *donor)
{
    for (int d = 0; pl->donors && d < pl->n_donors; d++)
        if (same(pl->donors[d].donor, donor))
            return &pl->donors[d];
    return NULL;
}

void co_plan_year_cents(const co_plan *pl, const char *state, const char *donor,
                        int64_t *cents)
{
    int ny = co_plan_years(pl);
    for (int t = 0; t < ny; t++)
        cents[t] = 0;
    for (int i = 0; pl->allocs && i < pl->n_allocs; i++) {
        const co_plan_alloc *a = &pl->allocs[i];
        int t = a->year - pl->years_first;
        if (t < 0 || t >= ny || a->cents == CO_CENTS_NONE || (state && !same(a->state, state)) ||
            (donor && !same(a->donor, donor)))
            continue;
        cents[t] += a->cents;
    }
}

double co_plan_param_value(const co_plan *pl, const char *name)
{
    for (int i = 0; pl->params && i < pl->n_params; i++)
        if (same(pl->params[i].name, name))
            return pl->params[i].value;
    return NAN;
}

int co_plan_has_solution(const co_plan *pl)
{
    return pl->has_status && (pl->status == CO_ST_OPTIMAL || pl->status == CO_ST_FEASIBLE);
}
