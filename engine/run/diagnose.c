/*
 * run/diagnose.c: the diagnosis of a run (run/diagnose.h): the reasons
 * (model/diagnose.c) of the plan, then re-solves of changed copies of the
 * dataset: what would give each State without a coalition one, and what
 * surveyed evidence would move to each need. Each re-solve is a full solve
 * (co_solve) of the changed dataset, so what is reported is what a run
 * with that change gives. The report's type and sentences are
 * model/diagnose.h's.
 */
#include "run/diagnose.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/timer.h"
#include "base/output.h"
#include "base/util.h"

/* Bisections run on a grid of about this many steps of a 1-2-5 size. */
#define GRID 50
/* Coverage floors are tried in steps of 1 / FLOOR_STEPS (0.05). */
#define FLOOR_STEPS 20
/* A re-solve is not started with less time than this left (seconds). */
#define MIN_SOLVE 0.02

co_dx_plan co_dx_plan_of(const co_solution *sol)
{
    int duals = !sol->fixed_lp_failed &&
                (sol->status == CO_ST_OPTIMAL || sol->status == CO_ST_FEASIBLE);
    co_dx_plan pl = {.x = sol->x, .y = sol->y, .proved = sol->status == CO_ST_OPTIMAL};
    if (duals) {
        pl.budget_dual = sol->budget_dual;
        pl.cap_dual = sol->cap_dual;
        pl.need_dual = sol->need_dual;
        pl.floor_dual = sol->floor_dual;
    }
    return pl;
}

/* ---- a re-solve's plan in brief ------------------------------------- */

typedef struct outcome {
    int ok;     /* a plan */
    int proved; /* optimal within the gap */
    int64_t *state_cents, *need_cents;
    co_dx_seat *seats; /* open seats, by (donor, State) */
    int n_seats;
} outcome;

static void outcome_release(outcome *o)
{
    free(o->state_cents);
    free(o->need_cents);
    free(o->seats);
    memset(o, 0, sizeof *o);
}

/* Reads (in, sol) into o. CO_OK or CO_EINTERNAL. */
static int outcome_read(const co_instance *in, const co_solution *sol, outcome *o)
{
    memset(o, 0, sizeof *o);
    o->ok = sol->status == CO_ST_OPTIMAL || sol->status == CO_ST_FEASIBLE;
    o->proved = sol->status == CO_ST_OPTIMAL;
    o->state_cents = calloc((size_t)in->ns + 1, sizeof *o->state_cents);
    o->need_cents = calloc((size_t)in->nn + 1, sizeof *o->need_cents);
    o->seats = calloc((size_t)in->n_seats + 1, sizeof *o->seats);
    int64_t *seat = calloc((size_t)in->n_seats + 1, sizeof *seat);
    if (!o->state_cents || !o->need_cents || !o->seats || !seat) {
        free(seat);
        outcome_release(o);
        return CO_EINTERNAL;
    }
    for (int i = 0; o->ok && i < in->n_pairs; i++) {
        const co_pair *pr = &in->pairs[i];
        int64_t c = co_dx_cents(sol->x[i], sol->y[pr->seat]);
        o->need_cents[pr->n] += c;
        o->state_cents[in->ds->needs[pr->n].s] += c;
        seat[pr->seat] += c;
    }
    for (int k = 0; k < in->n_seats; k++)
        if (seat[k] > 0)
            o->seats[o->n_seats++] = (co_dx_seat){in->seats[k].d, in->seats[k].s, seat[k]};
    free(seat);
    return CO_OK;
}

/* ---- the run's context and its cache of re-solves ------------------- */

enum key_kind { K_EVID_NEED, K_EVID_STATE, K_COORD, K_FLOOR, K_MAXST, K_BUDGET };

typedef struct cached {
    enum key_kind kind;
    int index;
    double value;
    outcome o;
} cached;

typedef struct ctx {
    const co_dataset *ds;
    const co_params *p;
    const co_rules *rules;
    const char *where;
    const co_instance *in; /* the base run's */
    const co_solution *sol; /* its plan */
    const co_extras *ex;    /* its rules resolved, or NULL */
    double deadline;
    co_dx_report *rep;
    co_diag *dg;
    outcome base;
    cached *cache;
    int n_cache;
    int oom;
} ctx;

/* A shallow copy of ds whose needs and donors may be changed (their
 * strings and lists stay the base's). */
static int variant_init(co_dataset *v, const co_dataset *ds)
{
    *v = *ds;
    v->needs = malloc(((size_t)ds->n_needs + 1) * sizeof *v->needs);
    v->donors = malloc(((size_t)ds->n_donors + 1) * sizeof *v->donors);
    if (!v->needs || !v->donors) {
        free(v->needs);
        free(v->donors);
        return CO_EINTERNAL;
    }
    memcpy(v->needs, ds->needs, (size_t)ds->n_needs * sizeof *v->needs);
    memcpy(v->donors, ds->donors, (size_t)ds->n_donors * sizeof *v->donors);
    return CO_OK;
}

static void variant_release(co_dataset *v)
{
    free(v->needs);
    free(v->donors);
}

static double time_left(const ctx *c)
{
    return c->deadline - co_clock();
}

/* Solves ds with p (the run's rules re-resolved) into o. o->ok is 0 when
 * no plan came (the solver failed, or ran out of time); returns
 * CO_EINTERNAL only out of memory. */
static int solve_variant(ctx *c, const co_dataset *ds, const co_params *p, outcome *o)
{
    co_diag scratch; /* a re-solve's warnings are not the run's */
    co_diag_init(&scratch);
    co_instance in;
    co_extras ex;
    co_extras_init(&ex);
    memset(o, 0, sizeof *o);
    int rc = co_instance_build(ds, p, &in, &scratch);
    if (rc != CO_OK)
        goto out;
    if (c->rules) {
        rc = co_extras_resolve(c->rules, &in, c->where ? c->where : "", &ex, &scratch);
        ex.stability_weight = p->stability_weight;
    }
    if (rc == CO_OK) {
        /* a quarter of what is left (at least a second, when there is one),
         * so that one slow re-solve does not take every other's time */
        double left = time_left(c), limit = left / 4;
        if (limit < 1.0)
            limit = left < 1.0 ? left : 1.0;
        co_solve_opts so = {.dl = co_timer_from_now(limit < p->time_limit ? limit
                                                                          : p->time_limit),
                            .mip_gap = p->mip_gap,
                            .ex = c->rules ? &ex : NULL};
        co_solution sol;
        c->rep->solves++;
        rc = co_solve(&in, &so, &sol, &scratch);
        if (rc == CO_OK) {
            rc = outcome_read(&in, &sol, o);
            co_solution_release(&sol);
        }
    }
    co_instance_release(&in);
out:
    co_extras_release(&ex);
    co_diag_release(&scratch);
    if (rc == CO_EINTERNAL) {
        c->oom = 1;
        return rc;
    }
    return CO_OK; /* other failures: no plan */
}

/* The cached outcome for the key, or NULL (with c->oom when memory ran
 * out, or when the deadline passed before the solve could start). The
 * variant is made by `make` from the base dataset and parameters. */
typedef void make_fn(const ctx *c, int index, double value, co_dataset *v, co_params *p);

static const outcome *solve_cached(ctx *c, enum key_kind kind, int index, double value,
                                   make_fn *make)
{
    for (int i = 0; i < c->n_cache; i++)
        if (c->cache[i].kind == kind && c->cache[i].index == index &&
            c->cache[i].value == value)
            return &c->cache[i].o;
    if (c->oom || time_left(c) < MIN_SOLVE)
        return NULL;
    cached *nc = realloc(c->cache, ((size_t)c->n_cache + 1) * sizeof *nc);
    if (!nc) {
        c->oom = 1;
        return NULL;
    }
    c->cache = nc;
    co_dataset v;
    if (variant_init(&v, c->ds) != CO_OK) {
        c->oom = 1;
        return NULL;
    }
    co_params p = *c->p;
    make(c, index, value, &v, &p);
    outcome o;
    int rc = solve_variant(c, &v, &p, &o);
    variant_release(&v);
    if (rc != CO_OK)
        return NULL;
    cached *e = &c->cache[c->n_cache++];
    e->kind = kind;
    e->index = index;
    e->value = value;
    e->o = o;
    return &e->o;
}

/* ---- the variants ---------------------------------------------------- */

static void make_evid_need(const ctx *c, int n, double value, co_dataset *v, co_params *p)
{
    (void)c, (void)value, (void)p;
    v->needs[n].evidence = 1.0;
}

static void make_evid_state(const ctx *c, int s, double value, co_dataset *v, co_params *p)
{
    (void)value, (void)p;
    for (int n = 0; n < c->ds->n_needs; n++)
        if (v->needs[n].s == s)
            v->needs[n].evidence = 1.0;
}

static void make_coord(const ctx *c, int index, double value, co_dataset *v, co_params *p)
{
    (void)c, (void)index, (void)v;
    p->coordination_cost = value;
}

static void make_floor(const ctx *c, int index, double value, co_dataset *v, co_params *p)
{
    (void)c, (void)index, (void)v;
    p->coverage_floor = value;
}

static void make_maxst(const ctx *c, int d, double value, co_dataset *v, co_params *p)
{
    (void)c, (void)p;
    v->donors[d].has_max_states = 1;
    v->donors[d].max_states = value;
}

static void make_budget(const ctx *c, int d, double value, co_dataset *v, co_params *p)
{
    (void)c, (void)p;
    v->donors[d].budget = value;
}

/* ---- what would change it -------------------------------------------- */

/* The least of 1, 2, 5 times a power of ten that is >= x (x > 0). */
static double nice_step(double x)
{
    double m = pow(10.0, floor(log10(x)));
    if (x <= m * (1 + 1e-12))
        return m;
    if (x <= 2 * m * (1 + 1e-12))
        return 2 * m;
    if (x <= 5 * m * (1 + 1e-12))
        return 5 * m;
    return 10 * m;
}

/* Does the outcome give State s what it lacks? */
static int reaches(const ctx *c, const co_dx_fix *f, const outcome *o)
{
    if (!o || !o->ok)
        return 0;
    if (!f->want_floor)
        return o->state_cents[f->s] > 0;
    double floor_usd = c->p->coverage_floor * c->in->state_R[f->s];
    return (double)o->state_cents[f->s] / 100.0 >= floor_usd - 1.0;
}

/* Fills f->change from the outcome of a change that works. */
static int describe(ctx *c, co_dx_fix *f, enum co_change_kind kind, int d, double from,
                    double to, const outcome *o, int exact)
{
    co_dx_change *ch = &f->change;
    const co_instance *in = c->in;
    co_dx_change_release(ch);
    ch->exact = exact;
    ch->kind = kind;
    ch->d = d;
    ch->from = from;
    ch->to = to;
    ch->gets = o->state_cents[f->s];
    ch->proved = o->proved;
    ch->members = malloc(((size_t)o->n_seats + 1) * sizeof *ch->members);
    ch->losses = malloc(((size_t)in->ns + 1) * sizeof *ch->losses);
    ch->dropped = malloc(((size_t)c->base.n_seats + 1) * sizeof *ch->dropped);
    if (!ch->members || !ch->losses || !ch->dropped) {
        c->oom = 1;
        return CO_EINTERNAL;
    }
    for (int i = 0; i < o->n_seats; i++)
        if (o->seats[i].s == f->s)
            ch->members[ch->n_members++] = o->seats[i];
    /* largest first, then donor order (insertion sort: a coalition is small) */
    for (int i = 1; i < ch->n_members; i++) {
        co_dx_seat t = ch->members[i];
        int j = i;
        while (j > 0 && (ch->members[j - 1].cents < t.cents ||
                         (ch->members[j - 1].cents == t.cents && ch->members[j - 1].d > t.d))) {
            ch->members[j] = ch->members[j - 1];
            j--;
        }
        ch->members[j] = t;
    }
    for (int s = 0; s < in->ns; s++)
        if (s != f->s && o->state_cents[s] < c->base.state_cents[s] - 100)
            ch->losses[ch->n_losses++] = (co_dx_loss){s, c->base.state_cents[s],
                                                      o->state_cents[s]};
    /* seats of the plan that are gone (both lists by donor, then State) */
    for (int i = 0, j = 0; i < c->base.n_seats; i++) {
        const co_dx_seat *b = &c->base.seats[i];
        while (j < o->n_seats && (o->seats[j].d < b->d ||
                                  (o->seats[j].d == b->d && o->seats[j].s < b->s)))
            j++;
        if (!(j < o->n_seats && o->seats[j].d == b->d && o->seats[j].s == b->s))
            ch->dropped[ch->n_dropped++] = *b;
    }
    f->found = 1;
    f->tried[kind] = CO_TRY_WORKED;
    return CO_OK;
}

/* Records that the deadline stopped kind k (unless it found something). */
static void stopped(ctx *c, co_dx_fix *f, enum co_change_kind k)
{
    if (f->tried[k] != CO_TRY_WORKED)
        f->tried[k] = CO_TRY_NOT_TRIED;
    c->rep->deadline_hit = 1;
}

static void try_evidence(ctx *c, co_dx_fix *f)
{
    const co_instance *in = c->in;
    int weak = 0, one = -1;
    double least = 1;
    for (int n = 0; n < in->nn; n++) {
        if (c->ds->needs[n].s != f->s || !(in->R[n] > 0) || !(c->ds->needs[n].evidence < 1))
            continue;
        weak++;
        one = n;
        if (c->ds->needs[n].evidence < least)
            least = c->ds->needs[n].evidence;
    }
    if (!weak) {
        f->tried[CO_CHANGE_EVIDENCE] = CO_TRY_NOT_APPLICABLE;
        return;
    }
    /* one weak need: the same re-solve as that need's value of evidence */
    const outcome *o = weak == 1 ? solve_cached(c, K_EVID_NEED, one, 0, make_evid_need)
                                 : solve_cached(c, K_EVID_STATE, f->s, 0, make_evid_state);
    if (!o) {
        stopped(c, f, CO_CHANGE_EVIDENCE);
        return;
    }
    if (reaches(c, f, o))
        describe(c, f, CO_CHANGE_EVIDENCE, -1, least, 1.0, o, 1);
    else
        f->tried[CO_CHANGE_EVIDENCE] = CO_TRY_FAILED;
}

/* Bisection on the grid j = lo..hi of a monotone-looking test where `lo`
 * fails and `hi` works (both known); returns the least j that works, or
 * -1 when the deadline stopped it (*best then holds the least known to
 * work). The test is value(j) through the cache. */
typedef struct grid {
    enum key_kind kind;
    int index;
    make_fn *make;
    double v0, step, den, vmax; /* value(j) = (v0 + j * step) / den, at most vmax */
} grid;

static double grid_value(const grid *g, int j)
{
    double v = (g->v0 + j * g->step) / g->den;
    return v > g->vmax ? g->vmax : v;
}

static int bisect(ctx *c, const co_dx_fix *f, const grid *g, int lo, int hi, int *best)
{
    *best = hi;
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        const outcome *o = solve_cached(c, g->kind, g->index, grid_value(g, mid), g->make);
        if (!o)
            return -1;
        if (reaches(c, f, o))
            hi = *best = mid;
        else
            lo = mid;
    }
    return hi;
}

static void try_coordination(ctx *c, co_dx_fix *f)
{
    double lambda = c->p->coordination_cost;
    if (!(lambda > 0)) {
        f->tried[CO_CHANGE_COORDINATION] = CO_TRY_NOT_APPLICABLE;
        return;
    }
    /* the multiples j * step below lambda; the largest that works, found
     * by bisection between 0 (tried first: it must work) and lambda
     * itself (the plan: it does not) */
    double step = nice_step(lambda / GRID);
    int lo = 0, hi = (int)ceil(lambda / step - 1e-9), done = 1;
    const outcome *o = solve_cached(c, K_COORD, 0, 0.0, make_coord);
    if (!o) {
        stopped(c, f, CO_CHANGE_COORDINATION);
        return;
    }
    if (!reaches(c, f, o)) {
        f->tried[CO_CHANGE_COORDINATION] = CO_TRY_FAILED;
        return;
    }
    while (hi - lo > 1) {
        int mid = lo + (hi - lo) / 2;
        o = solve_cached(c, K_COORD, 0, mid * step, make_coord);
        if (!o) {
            done = 0;
            break;
        }
        if (reaches(c, f, o))
            lo = mid;
        else
            hi = mid;
    }
    o = solve_cached(c, K_COORD, 0, lo * step, make_coord); /* cached: it worked */
    describe(c, f, CO_CHANGE_COORDINATION, -1, lambda, lo * step, o, done);
    if (!done)
        c->rep->deadline_hit = 1;
}

/* A first guess at the least floor (in 1/FLOOR_STEPS) that gives State s a
 * seat, from the plan's marginal values: with the floor, a donor's first
 * dollars to s earn shortfall_penalty more each, and its seat pays when
 * that covers the coordination cost less what its best fill earns over
 * the money's present uses (co_dx_fill on the reduced values). Only a
 * starting point: the search re-solves around it. FLOOR_STEPS + 1 when no
 * donor could sit. */
static int floor_guess(ctx *c, const co_dx_fix *f)
{
    const co_instance *in = c->in;
    const co_solution *sol = c->sol;
    double rho = c->p->shortfall_penalty, best = INFINITY;
    double have = (double)c->base.state_cents[f->s] / 100.0;
    double *rc = malloc(((size_t)in->n_pairs + 1) * sizeof *rc);
    if (!rc || sol->fixed_lp_failed) {
        free(rc);
        return 101;
    }
    for (int k = 0; k < in->n_seats; k++) {
        const co_seat *st = &in->seats[k];
        const co_donor *dn = &c->ds->donors[st->d];
        if (st->s != f->s || sol->y[k])
            continue;
        for (int q = st->first; q < st->first + st->count; q++) {
            int i = in->seat_pairs[q], n = in->pairs[i].n;
            double pi = isfinite(sol->need_dual[n]) ? sol->need_dual[n] : 0;
            rc[i] = in->pairs[i].w + sol->floor_dual[f->s] - sol->budget_dual[st->d] - pi -
                    sol->cap_dual[(size_t)st->d * (size_t)in->na + (size_t)c->ds->needs[n].a];
        }
        double amount, net = co_dx_fill(in, k, rc, dn->min_grant, &amount);
        if (!isfinite(net))
            continue;
        double lack = (in->p.coordination_cost - net) / rho; /* floor dollars needed */
        if (lack > amount) {
            /* more than the fill: give that much (its worse dollars too) */
            net = co_dx_fill(in, k, rc, lack, &amount);
            if (!isfinite(net))
                continue;
            lack = (in->p.coordination_cost - net) / rho;
        }
        double phi = (have + (lack > 0 ? lack : 0)) / in->state_R[f->s];
        if (phi < best)
            best = phi;
    }
    free(rc);
    return best > 1 ? FLOOR_STEPS + 1 : (int)ceil(best * FLOOR_STEPS - 1e-9);
}

static void try_floor(ctx *c, co_dx_fix *f)
{
    double phi = c->p->coverage_floor;
    if (f->want_floor || phi >= 1 || !(c->p->shortfall_penalty > 0)) {
        f->tried[CO_CHANGE_FLOOR] = CO_TRY_NOT_APPLICABLE;
        return;
    }
    /* floors j / FLOOR_STEPS above the current one (j0). A floor's effect
     * is not monotone (a high floor gives every State the same worth per
     * USD, and the State is outbid again), and a floor re-solve is slow
     * (near the threshold often ten times the plan's): so a local search
     * from a first guess: down while it works, else up in doubling steps,
     * then bisection in the step where it starts to work */
    grid g = {K_FLOOR, 0, make_floor, 0, 1, FLOOR_STEPS, 1.0};
    int j0 = (int)floor(phi * FLOOR_STEPS + 1e-9), j = floor_guess(c, f);
    if (j <= j0)
        j = j0 + 1;
    if (j > FLOOR_STEPS)
        j = FLOOR_STEPS;
    int lo = j0, hi = -1, step = 1, done = 1;
    while (hi < 0) {
        const outcome *o = solve_cached(c, K_FLOOR, 0, grid_value(&g, j), make_floor);
        if (!o) {
            stopped(c, f, CO_CHANGE_FLOOR);
            return;
        }
        if (reaches(c, f, o)) {
            hi = j;
        } else if (j == FLOOR_STEPS) {
            f->tried[CO_CHANGE_FLOOR] = CO_TRY_FAILED;
            return;
        } else {
            lo = j;
            j = j + step > FLOOR_STEPS ? FLOOR_STEPS : j + step;
            step *= 2;
        }
    }
    /* down from the guess one step at a time while it works, a few times,
     * then bisection down to lo */
    for (int tries = 0; tries < 3 && hi - lo > 1; tries++) {
        const outcome *o = solve_cached(c, K_FLOOR, 0, grid_value(&g, hi - 1), make_floor);
        if (!o) {
            done = 0;
            break;
        }
        if (!reaches(c, f, o)) {
            lo = hi - 1;
            break;
        }
        hi--;
    }
    if (done && hi - lo > 1) {
        int best, k = bisect(c, f, &g, lo, hi, &best);
        hi = k >= 0 ? k : best;
        done = k >= 0;
    }
    double v = grid_value(&g, hi);
    const outcome *o = solve_cached(c, K_FLOOR, 0, v, make_floor); /* cached: it worked */
    describe(c, f, CO_CHANGE_FLOOR, -1, phi, v, o, done);
    if (!done)
        c->rep->deadline_hit = 1;
}

/* How far donor d (seat k) is from paying in its State: what its last
 * dollar earns where it is (marginal value and area cap) less its best
 * weight there; 0 without marginal values. */
static double distance(const ctx *c, int k)
{
    const co_instance *in = c->in;
    const co_solution *sol = c->sol;
    const co_seat *st = &in->seats[k];
    if (sol->fixed_lp_failed)
        return 0;
    double best = INFINITY;
    for (int q = st->first; q < st->first + st->count; q++) {
        const co_pair *pr = &in->pairs[in->seat_pairs[q]];
        int a = c->ds->needs[pr->n].a;
        double v = sol->budget_dual[st->d] +
                   sol->cap_dual[(size_t)st->d * (size_t)in->na + (size_t)a] -
                   (pr->w + sol->floor_dual[st->s]);
        if (v < best)
            best = v;
    }
    return best;
}

typedef struct cand {
    int d;
    double key;
} cand;

static int cmp_cand(const void *pa, const void *pb)
{
    const cand *x = pa, *y = pb;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return x->d < y->d ? -1 : x->d > y->d;
}

/* Donors that could sit in State s (a seat of the base instance), closest
 * to paying first, leaving out those the diagnosis rules out whatever the
 * change: a seat that cannot pay or carry the minimum grant (unless its
 * budget is what limits it, when `for_budget`), a forbidden seat, and
 * members unless the State wants its floor. With `at_max`, only donors at
 * their max_states. */
static int candidates(const ctx *c, const co_dx_fix *f, cand *out, int at_max, int for_budget)
{
    const co_instance *in = c->in;
    const co_dx_state *st = co_diagnosis_state(&c->rep->dx, f->s);
    int n = 0;
    for (int k = 0; k < in->n_seats; k++) {
        const co_seat *seat = &in->seats[k];
        if (seat->s != f->s)
            continue;
        const co_donor *dn = &c->ds->donors[seat->d];
        double most = 0;
        co_dx_fill(in, k, NULL, 0, &most);
        int by_budget = for_budget && most >= dn->budget - 0.5;
        int blocked = 0, member = 0;
        for (int i = 0; st && i < st->n_reasons; i++) {
            const co_dx_reason *r = &st->reasons[i];
            for (int j = 0; j < r->n_items; j++) {
                if (r->items[j].d != seat->d || r->kind == CO_DX_NO_DONOR)
                    continue;
                member |= (r->items[j].flags & CO_DX_F_MEMBER) != 0;
                blocked |= r->kind == CO_DX_FORBIDDEN ||
                           ((r->kind == CO_DX_SEAT_COST || r->kind == CO_DX_MIN_GRANT) &&
                            !by_budget);
            }
        }
        if (blocked || (member && !f->want_floor))
            continue;
        if (at_max) {
            int seats = 0;
            for (int i = 0; i < c->base.n_seats; i++)
                seats += c->base.seats[i].d == seat->d;
            if (!dn->has_max_states || seats < dn->max_states)
                continue;
        }
        out[n].d = seat->d;
        out[n++].key = distance(c, k);
    }
    qsort(out, (size_t)n, sizeof *out, cmp_cand);
    return n;
}

static void try_max_states(ctx *c, co_dx_fix *f)
{
    cand *cd = malloc(((size_t)c->in->nd + 1) * sizeof *cd);
    if (!cd) {
        c->oom = 1;
        return;
    }
    int n = candidates(c, f, cd, 1, 0);
    f->tried[CO_CHANGE_MAX_STATES] = n ? CO_TRY_FAILED : CO_TRY_NOT_APPLICABLE;
    for (int i = 0; i < n && !f->found; i++) {
        double k = c->ds->donors[cd[i].d].max_states;
        const outcome *o = solve_cached(c, K_MAXST, cd[i].d, k + 1, make_maxst);
        if (!o) {
            stopped(c, f, CO_CHANGE_MAX_STATES);
            break;
        }
        if (reaches(c, f, o))
            describe(c, f, CO_CHANGE_MAX_STATES, cd[i].d, k, k + 1, o, 1);
    }
    free(cd);
}

/* The budget at which donor d could fund every need it is eligible for. */
static double budget_for_all(const ctx *c, int d)
{
    const co_instance *in = c->in;
    double *area = calloc((size_t)in->na + 1, sizeof *area), total = 0;
    if (!area)
        return 0;
    for (int i = 0; i < in->n_pairs; i++)
        if (in->pairs[i].d == d)
            area[c->ds->needs[in->pairs[i].n].a] += in->R[in->pairs[i].n];
    for (int a = 0; a < in->na; a++) {
        double cap = co_inst_cap(in, d, a);
        total += cap >= 0 && cap < area[a] ? cap : area[a];
    }
    free(area);
    return total;
}

static void try_budget(ctx *c, co_dx_fix *f)
{
    cand *cd = malloc(((size_t)c->in->nd + 1) * sizeof *cd);
    if (!cd) {
        c->oom = 1;
        return;
    }
    int n = candidates(c, f, cd, 0, 1), any = 0;
    double best_raise = INFINITY;
    f->tried[CO_CHANGE_BUDGET] = CO_TRY_NOT_APPLICABLE;
    for (int i = 0; i < n; i++) {
        int d = cd[i].d;
        double b0 = c->ds->donors[d].budget, top = budget_for_all(c, d);
        if (!(top > b0 + 0.5))
            continue; /* it could already fund all it may */
        any = 1;
        double step = nice_step((top - b0) / GRID);
        int last = (int)ceil((top - b0) / step - 1e-9);
        grid g = {K_BUDGET, d, make_budget, b0, step, 1, top};
        /* a raise must beat the best so far: try the grid point below it */
        if (isfinite(best_raise)) {
            int below = (int)ceil(best_raise / step - 1e-9) - 1;
            if (below < 1)
                continue;
            if (below < last)
                last = below;
        }
        const outcome *o = solve_cached(c, K_BUDGET, d, grid_value(&g, last), make_budget);
        if (!o) {
            stopped(c, f, CO_CHANGE_BUDGET);
            break;
        }
        if (!reaches(c, f, o))
            continue;
        int best, j = bisect(c, f, &g, 0, last, &best);
        double v = grid_value(&g, j >= 0 ? j : best);
        if (v - b0 < best_raise) {
            best_raise = v - b0;
            o = solve_cached(c, K_BUDGET, d, v, make_budget);
            if (describe(c, f, CO_CHANGE_BUDGET, d, b0, v, o, j >= 0) != CO_OK)
                break;
        }
        if (j < 0) {
            c->rep->deadline_hit = 1;
            break;
        }
    }
    if (any && f->tried[CO_CHANGE_BUDGET] == CO_TRY_NOT_APPLICABLE)
        f->tried[CO_CHANGE_BUDGET] = CO_TRY_FAILED;
    free(cd);
}

static void find_fixes(ctx *c)
{
    typedef void try_fn(ctx *, co_dx_fix *);
    static try_fn *const tries[CO_CHANGE_KINDS] = {try_evidence, try_coordination, try_floor,
                                                   try_max_states, try_budget};
    co_dx_report *rep = c->rep;
    /* kind by kind over every State, so that a deadline leaves each State
     * its first kinds rather than some States nothing */
    for (int k = 0; k < CO_CHANGE_KINDS && !c->oom; k++) {
        for (int i = 0; i < rep->n_fixes && !c->oom; i++) {
            co_dx_fix *f = &rep->fixes[i];
            if (f->found) {
                if (f->tried[k] == CO_TRY_NOT_TRIED)
                    f->tried[k] = CO_TRY_NOT_NEEDED;
                continue;
            }
            if (time_left(c) < MIN_SOLVE) {
                rep->deadline_hit = 1;
                continue; /* stays NOT_TRIED */
            }
            tries[k](c, f);
        }
    }
}

static void evidence_values(ctx *c)
{
    co_dx_report *rep = c->rep;
    for (int i = 0; i < rep->n_evidence && !c->oom; i++) {
        co_dx_evidence *e = &rep->evidence[i];
        const outcome *o = solve_cached(c, K_EVID_NEED, e->n, 0, make_evid_need);
        if (!o) {
            rep->deadline_hit = 1;
            continue;
        }
        e->tried = 1;
        e->after = o->ok ? o->need_cents[e->n] : 0;
        e->proved = o->proved;
    }
}

/* Settles the verdicts that marginal values leave open with each seat's
 * exact gain (co_seat_gains). A solver failure leaves them as they are. */
static int settle(ctx *c, const co_solution *sol)
{
    const co_instance *in = c->in;
    int *seats = malloc(((size_t)in->n_seats + 1) * sizeof *seats);
    double *gain = malloc(((size_t)in->n_seats + 1) * sizeof *gain);
    double *by_seat = malloc(((size_t)in->n_seats + 1) * sizeof *by_seat);
    int rc = CO_EINTERNAL;
    if (!seats || !gain || !by_seat)
        goto out;
    int n = co_dx_unsettled(&c->rep->dx, in, seats);
    rc = CO_OK;
    if (n == 0 || !c->rep->dx.has_duals)
        goto out;
    if (time_left(c) < MIN_SOLVE) { /* the LP alone is the model again: not started */
        c->rep->deadline_hit = 1;
        goto out;
    }
    co_diag scratch;
    co_diag_init(&scratch);
    rc = co_seat_gains(in, c->ex, sol->y, seats, n, c->deadline, gain, &scratch);
    co_diag_release(&scratch);
    if (rc == CO_EINTERNAL)
        goto out;
    for (int k = 0; k < in->n_seats; k++)
        by_seat[k] = NAN;
    for (int i = 0; rc == CO_OK && i < n; i++)
        by_seat[seats[i]] = gain[i];
    rc = co_dx_settle(&c->rep->dx, in, by_seat, c->dg);
out:
    free(seats);
    free(gain);
    free(by_seat);
    return rc == CO_ESOLVER ? CO_OK : rc;
}

int co_dx_run(const co_dataset *ds, const co_params *p, const co_rules *rules, const char *where,
              const co_instance *in, const co_solution *sol, double deadline, int resolve,
              co_dx_report *out, co_diag *dg)
{
    double t0 = co_clock();
    co_dx_report_init(out);
    ctx c = {.ds = ds, .p = p, .rules = rules, .where = where, .in = in, .sol = sol,
             .deadline = deadline, .rep = out, .dg = dg};
    if (sol->status != CO_ST_OPTIMAL && sol->status != CO_ST_FEASIBLE)
        return CO_OK; /* no plan: nothing to diagnose */
    if (in->yr.multi)
        return CO_OK; /* its reasons read one-period prices (a budget, a cap per
                       * donor): a multi-year plan has them by year; no diagnosis */
    out->done = 1;
    co_dx_plan pl = co_dx_plan_of(sol);
    /* the run's rules on its own instance: forbidden seats, the baseline */
    co_extras ex;
    co_extras_init(&ex);
    if (rules) {
        co_diag scratch; /* they resolved for the run already */
        co_diag_init(&scratch);
        int rr = co_extras_resolve(rules, in, where ? where : "", &ex, &scratch);
        co_diag_release(&scratch);
        if (rr == CO_EINTERNAL)
            goto oom;
        ex.stability_weight = p->stability_weight;
        c.ex = rr == CO_OK ? &ex : NULL;
    }
    int rc = co_diagnose(in, &pl, c.ex, &out->dx, dg);
    if (rc != CO_OK) {
        co_extras_release(&ex);
        return rc;
    }
    if (settle(&c, sol) != CO_OK)
        goto oom;
    if (!resolve) {
        /* the reasons only: no change, no evidence value (not asked) */
        co_extras_release(&ex);
        out->seconds = co_clock() - t0;
        return CO_OK;
    }
    out->resolved = 1;
    if (outcome_read(in, sol, &c.base) != CO_OK)
        goto oom;
    out->fixes = calloc((size_t)in->ns + 1, sizeof *out->fixes);
    out->evidence = calloc((size_t)in->nn + 1, sizeof *out->evidence);
    if (!out->fixes || !out->evidence)
        goto oom;
    for (int s = 0; c.base.ok && s < in->ns; s++) {
        int none = c.base.state_cents[s] == 0 && in->state_R[s] > 0;
        int below = p->coverage_floor > 0 && in->state_R[s] > 0 &&
                    (double)c.base.state_cents[s] / 100.0 <
                        p->coverage_floor * in->state_R[s] - 1.0;
        if (!none && !below)
            continue;
        co_dx_fix *f = &out->fixes[out->n_fixes++];
        f->s = s;
        f->want_floor = !none;
        f->change.d = -1;
    }
    for (int n = 0; c.base.ok && n < in->nn; n++) {
        if (!(in->R[n] > 0) || !(ds->needs[n].evidence < 1))
            continue;
        co_dx_evidence *e = &out->evidence[out->n_evidence++];
        e->n = n;
        e->q = ds->needs[n].evidence;
        e->before = e->after = c.base.need_cents[n];
    }
    find_fixes(&c);
    evidence_values(&c);
    if (c.oom)
        goto oom;
    for (int i = 0; i < c.n_cache; i++)
        outcome_release(&c.cache[i].o);
    free(c.cache);
    outcome_release(&c.base);
    co_extras_release(&ex);
    out->seconds = co_clock() - t0;
    return CO_OK;
oom:
    for (int i = 0; i < c.n_cache; i++)
        outcome_release(&c.cache[i].o);
    free(c.cache);
    outcome_release(&c.base);
    co_extras_release(&ex);
    co_dx_report_release(out);
    co_err(dg, "out of memory diagnosing the plan");
    return CO_EINTERNAL;
}
