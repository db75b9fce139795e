/*
 * heuristic.c: lazy greedy over seats. A seat's worth is what the donor's
 * remaining budget buys in that State's remaining needs (best weights
 * first, within budgets and caps by year and what each need absorbs a
 * year, the floor bonus included) less the coordination
 * cost; resources only shrink, so worth only falls and a max-heap with lazy
 * re-evaluation picks the best seat each time; it stops where it is at its
 * deadline (the plan so far is feasible). Also the objective and a
 * feasibility check used to vet any solution before GLPK sees it.
 */
#include "model/heuristic.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

typedef struct {
    double net;
    int seat;
} entry;

typedef struct {
    entry *e;
    int n;
} heap;

static void heap_push(heap *h, entry x)
{
    int i = h->n++;
    while (i > 0) {
        int p = (i - 1) / 2;
        if (h->e[p].net > x.net || (h->e[p].net == x.net && h->e[p].seat < x.seat))
            break;
        h->e[i] = h->e[p];
        i = p;
    }
    h->e[i] = x;
}

static entry heap_pop(heap *h)
{
    entry top = h->e[0], last = h->e[--h->n];
    int i = 0;
    for (;;) {
        int c = 2 * i + 1;
        if (c >= h->n)
            break;
        if (c + 1 < h->n && (h->e[c + 1].net > h->e[c].net ||
                             (h->e[c + 1].net == h->e[c].net && h->e[c + 1].seat < h->e[c].seat)))
            c++;
        if (last.net > h->e[c].net || (last.net == h->e[c].net && last.seat < h->e[c].seat))
            break;
        h->e[i] = h->e[c];
        i = c;
    }
    if (h->n)
        h->e[i] = last;
    return top;
}

/* One change to the greedy's resources, so that a trial fill can be
 * undone: the value at p was old; rem marks a change to a need's rest. */
typedef struct {
    double *p;
    double old;
    int rem;
} undo;

typedef struct {
    const co_instance *in;
    /* what is left: per donor and year of the budget (the cumulative rows'
     * room with carry-over), per donor, area and year of the caps (-1
     * where none), per need of R_n, per need and year of what it absorbs */
    double *bud, *capleft, *rem, *absorb;
    double *alloc_s, *target;
    undo *log; /* a fill's changes */
    int n_log;
    int *order; /* per seat, its pairs by weight (desc), then pair order */
    int *seats_d, *seats_s;
} state;

static void set_logged(state *st, double *p, double v, int rem)
{
    st->log[st->n_log++] = (undo){p, *p, rem};
    *p = v;
}

/* What donor d can still place in year index t: the year's room, or with
 * carry-over the least room of the cumulative rows from t on. */
static double bud_left(const state *st, int d, int t)
{
    const co_instance *in = st->in;
    double b = st->bud[co_inst_dy(in, d, t)];
    for (int k = t + 1; in->yr.carry[d] && k < in->ny; k++)
        if (st->bud[co_inst_dy(in, d, k)] < b)
            b = st->bud[co_inst_dy(in, d, k)];
    return b;
}

static void bud_take(state *st, int d, int t, double v)
{
    const co_instance *in = st->in;
    int last = in->yr.carry[d] ? in->ny - 1 : t;
    for (int k = t; k <= last; k++) {
        double *b = &st->bud[co_inst_dy(in, d, k)];
        set_logged(st, b, *b - v, 0);
    }
}

static int cmp_w_desc(const void *a, const void *b, const co_instance *in)
{
    const co_pair *x = &in->pairs[*(const int *)a], *y = &in->pairs[*(const int *)b];
    if (x->w != y->w)
        return x->w > y->w ? -1 : 1;
    return *(const int *)a - *(const int *)b;
}

/* insertion sort: seats hold few pairs */
static void sort_seat(int *v, int n, const co_instance *in)
{
    for (int i = 1; i < n; i++) {
        int x = v[i], j = i;
        while (j > 0 && cmp_w_desc(&v[j - 1], &x, in) > 0) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

/* Worth of seat k now (value of the fill less lambda); with x != NULL,
 * commits the fill. Returns -INFINITY when the seat cannot be opened. A
 * trial changes the resources as it goes and undoes the changes at the
 * end; a commit that fails the minimum grant undoes them but for the
 * needs' rests and x, as the one-period greedy always did. */
static double fill(state *st, int k, double *x)
{
    const co_instance *in = st->in;
    const co_seat *seat = &in->seats[k];
    const co_dataset *ds = in->ds;
    int d = seat->d, s = seat->s;
    double value = 0, amount = 0;
    double below = st->target[s] - st->alloc_s[s]; /* USD still under the floor */
    st->n_log = 0;
    for (int q = 0; q < seat->count; q++) {
        int i = st->order[seat->first + q];
        const co_pair *pr = &in->pairs[i];
        int a = ds->needs[pr->n].a;
        double *cap = &st->capleft[co_inst_day(in, d, a, pr->t)];
        double *ab = &st->absorb[co_inst_ny(in, pr->n, pr->t)];
        double t = st->rem[pr->n];
        if (pr->U < t)
            t = pr->U;
        double bud = bud_left(st, d, pr->t);
        if (bud < t)
            t = bud;
        if (*cap >= 0 && *cap < t)
            t = *cap;
        if (*ab < t)
            t = *ab;
        if (!(t > 0))
            continue;
        /* whole cents keep later sums exact */
        t = floor(t * 100.0) / 100.0;
        if (!(t > 0))
            continue;
        value += pr->w * t;
        if (below > 0) {
            value += in->p.shortfall_penalty * (t < below ? t : below);
            below -= t;
        }
        amount += t;
        bud_take(st, d, pr->t, t);
        if (*cap >= 0)
            set_logged(st, cap, *cap - t, 0);
        if (isfinite(*ab))
            set_logged(st, ab, *ab - t, 0);
        set_logged(st, &st->rem[pr->n], st->rem[pr->n] - t, 1);
        if (x)
            x[i] = t;
    }
    double m = ds->donors[d].min_grant;
    int ok = amount > 0 && !(amount < m);
    if (!x || !ok)
        for (int j = st->n_log - 1; j >= 0; j--)
            if (!x || !st->log[j].rem)
                *st->log[j].p = st->log[j].old;
    if (!ok)
        return -INFINITY;
    if (x)
        st->alloc_s[s] += amount;
    return value - in->p.coordination_cost;
}

static int seat_allowed(const state *st, int k, const signed char *fixed)
{
    const co_instance *in = st->in;
    const co_donor *dn = &in->ds->donors[in->seats[k].d];
    if (fixed && fixed[k] == 0)
        return 0;
    if (dn->has_max_states && st->seats_d[in->seats[k].d] >= dn->max_states)
        return 0;
    return st->seats_s[in->seats[k].s] < in->p.max_coalition_size;
}

double co_greedy(const co_instance *in, const signed char *fixed, double *x, unsigned char *y,
                 double until)
{
    state st = {.in = in};
    heap h = {0};
    double result = NAN;
    int ny = in->ny;
    size_t ndy = (size_t)in->nd * (size_t)ny, nday = ndy * (size_t)in->na;
    size_t nny = (size_t)in->nn * (size_t)ny;
    int most = 0; /* pair-years of the largest seat */
    for (int k = 0; k < in->n_seats; k++)
        if (in->seats[k].count > most)
            most = in->seats[k].count;
    st.bud = malloc((ndy + 1) * sizeof *st.bud);
    st.capleft = malloc((nday + 1) * sizeof *st.capleft);
    st.rem = malloc(((size_t)in->nn + 1) * sizeof *st.rem);
    st.absorb = malloc((nny + 1) * sizeof *st.absorb);
    st.alloc_s = calloc((size_t)in->ns + 1, sizeof *st.alloc_s);
    st.target = calloc((size_t)in->ns + 1, sizeof *st.target);
    /* a pair-year changes the budget (up to ny rows), cap, absorption, rest */
    st.log = malloc(((size_t)most * ((size_t)ny + 3) + 1) * sizeof *st.log);
    st.order = malloc(((size_t)in->n_pairs + 1) * sizeof *st.order);
    st.seats_d = calloc((size_t)in->nd + 1, sizeof *st.seats_d);
    st.seats_s = calloc((size_t)in->ns + 1, sizeof *st.seats_s);
    h.e = malloc(((size_t)in->n_seats + 1) * sizeof *h.e);
    if (!st.bud || !st.capleft || !st.rem || !st.absorb || !st.alloc_s || !st.target ||
        !st.order || !st.seats_d || !st.seats_s || !h.e || !st.log)
        goto done;
    for (int d = 0; d < in->nd; d++)
        for (int t = 0; t < ny; t++)
            st.bud[co_inst_dy(in, d, t)] = co_inst_available(in, d, t);
    for (int d = 0; d < in->nd; d++)
        for (int a = 0; a < in->na; a++)
            for (int t = 0; t < ny; t++)
                st.capleft[co_inst_day(in, d, a, t)] = co_inst_cap(in, d, a);
    memcpy(st.rem, in->R, (size_t)in->nn * sizeof *st.rem);
    memcpy(st.absorb, in->yr.absorb, nny * sizeof *st.absorb);
    if (in->p.coverage_floor > 0)
        for (int s = 0; s < in->ns; s++)
            st.target[s] = in->p.coverage_floor * in->state_R[s];
    memcpy(st.order, in->seat_pairs, (size_t)in->n_pairs * sizeof *st.order);
    for (int k = 0; k < in->n_seats; k++)
        sort_seat(st.order + in->seats[k].first, in->seats[k].count, in);
    memset(x, 0, (size_t)in->n_pairs * sizeof *x);
    memset(y, 0, (size_t)in->n_seats);

    /* forced seats first, in seat order */
    for (int k = 0; fixed && k < in->n_seats; k++) {
        if (fixed[k] == 1 && fill(&st, k, x) > -INFINITY) {
            y[k] = 1;
            st.seats_d[in->seats[k].d]++;
            st.seats_s[in->seats[k].s]++;
        }
    }
    /* the clock is read every 256 seats: the plan so far is feasible
     * whenever it stops */
    for (int k = 0; k < in->n_seats; k++) {
        if (y[k] || !seat_allowed(&st, k, fixed))
            continue;
        if ((k & 255) == 255 && co_clock() > until)
            break;
        double v = fill(&st, k, NULL);
        if (v > 0)
            heap_push(&h, (entry){v, k});
    }
    for (long it = 0; h.n > 0; it++) {
        if ((it & 255) == 255 && co_clock() > until)
            break;
        entry e = heap_pop(&h);
        if (!seat_allowed(&st, e.seat, fixed))
            continue;
        double v = fill(&st, e.seat, NULL);
        if (!(v > 0))
            continue;
        if (h.n > 0 && v < h.e[0].net) {
            heap_push(&h, (entry){v, e.seat}); /* worth fell: look again later */
            continue;
        }
        fill(&st, e.seat, x);
        y[e.seat] = 1;
        st.seats_d[in->seats[e.seat].d]++;
        st.seats_s[in->seats[e.seat].s]++;
    }
    result = co_objective(in, x, y);
done:
    free(st.bud);
    free(st.capleft);
    free(st.rem);
    free(st.absorb);
    free(st.alloc_s);
    free(st.target);
    free(st.log);
    free(st.order);
    free(st.seats_d);
    free(st.seats_s);
    free(h.e);
    return result;
}

double co_objective(const co_instance *in, const double *x, const unsigned char *y)
{
    double value = 0, seats = 0, shortfall = 0;
    double *got = calloc((size_t)in->ns + 1, sizeof *got);
    if (!got)
        return NAN;
    for (int i = 0; i < in->n_pairs; i++) {
        value += in->pairs[i].w * x[i];
        got[in->ds->needs[in->pairs[i].n].s] += x[i];
    }
    for (int k = 0; k < in->n_seats; k++)
        seats += y[k];
    if (in->p.coverage_floor > 0)
        for (int s = 0; s < in->ns; s++) {
            double lack = in->p.coverage_floor * in->state_R[s] - got[s];
            if (lack > 0)
                shortfall += lack;
        }
    free(got);
    return value - in->p.coordination_cost * seats - in->p.shortfall_penalty * shortfall;
}

int co_feasible(const co_instance *in, const double *x, const unsigned char *y, double tol)
{
    const co_dataset *ds = in->ds;
    int ny = in->ny;
    size_t ndy = (size_t)in->nd * (size_t)ny, nday = ndy * (size_t)in->na;
    size_t nny = (size_t)in->nn * (size_t)ny;
    double *bud = calloc(ndy + 1, sizeof *bud);
    double *cap = calloc(nday + 1, sizeof *cap);
    double *need = calloc((size_t)in->nn + 1, sizeof *need);
    double *absorb = calloc(nny + 1, sizeof *absorb);
    double *seat = calloc((size_t)in->n_seats + 1, sizeof *seat);
    int *nd = calloc((size_t)in->nd + 1, sizeof *nd), *ns = calloc((size_t)in->ns + 1, sizeof *ns);
    int ok = 0;
    if (!bud || !cap || !need || !absorb || !seat || !nd || !ns)
        goto done;
    for (int i = 0; i < in->n_pairs; i++) {
        const co_pair *pr = &in->pairs[i];
        if (x[i] < -tol || x[i] > pr->U * y[pr->seat] + tol)
            goto done;
        bud[co_inst_dy(in, pr->d, pr->t)] += x[i];
        cap[co_inst_day(in, pr->d, ds->needs[pr->n].a, pr->t)] += x[i];
        need[pr->n] += x[i];
        absorb[co_inst_ny(in, pr->n, pr->t)] += x[i];
        seat[pr->seat] += x[i];
    }
    for (int d = 0; d < in->nd; d++) {
        double spent = 0;
        for (int t = 0; t < ny; t++) {
            /* with carry-over, every year's cumulative row */
            spent = in->yr.carry[d] ? spent + bud[co_inst_dy(in, d, t)] : bud[co_inst_dy(in, d, t)];
            if (spent > co_inst_available(in, d, t) + tol)
                goto done;
        }
    }
    for (int d = 0; d < in->nd; d++)
        for (int a = 0; a < in->na; a++)
            for (int t = 0; t < ny; t++)
                if (co_inst_cap(in, d, a) >= 0 &&
                    cap[co_inst_day(in, d, a, t)] > co_inst_cap(in, d, a) + tol)
                    goto done;
    for (int n = 0; n < in->nn; n++)
        if (need[n] > in->R[n] + tol)
            goto done;
    for (size_t i = 0; i < nny; i++)
        if (absorb[i] > in->yr.absorb[i] + tol)
            goto done;
    for (int k = 0; k < in->n_seats; k++) {
        if (!y[k])
            continue;
        if (seat[k] < ds->donors[in->seats[k].d].min_grant - tol)
            goto done;
        nd[in->seats[k].d]++;
        ns[in->seats[k].s]++;
    }
    for (int d = 0; d < in->nd; d++)
        if (ds->donors[d].has_max_states && nd[d] > ds->donors[d].max_states)
            goto done;
    for (int s = 0; s < in->ns; s++)
        if (ns[s] > in->p.max_coalition_size)
            goto done;
    ok = 1;
done:
    free(bud);
    free(cap);
    free(need);
    free(absorb);
    free(seat);
    free(nd);
    free(ns);
    return ok;
}

double co_stability_penalty(const co_instance *in, const co_extras *ex, const unsigned char *y)
{
    if (!ex || !ex->base_y || !(ex->stability_weight > 0))
        return 0;
    double changed = ex->base_missing;
    for (int k = 0; k < in->n_seats; k++)
        changed += (y[k] != 0) != (ex->base_y[k] != 0);
    return ex->stability_weight * changed;
}

/* The total given through seat k. */
static double seat_total(const co_instance *in, int k, const double *x)
{
    double t = 0;
    for (int q = in->seats[k].first; q < in->seats[k].first + in->seats[k].count; q++)
        t += x[in->seat_pairs[q]];
    return t;
}

int co_extras_feasible(const co_instance *in, const co_extras *ex, const double *x,
                       const unsigned char *y, double tol)
{
    if (!ex)
        return 1;
    for (int k = 0; ex->fixed && k < in->n_seats; k++) {
        if (ex->fixed[k] >= 0 && (y[k] != 0) != (ex->fixed[k] == 1))
            return 0;
        if (ex->fixed[k] == 1 && ex->seat_min && seat_total(in, k, x) < ex->seat_min[k] - tol)
            return 0;
    }
    for (int i = 0; i < ex->n_pledges; i++) {
        double got = 0;
        for (int q = ex->pledges[i].pair; q < ex->pledges[i].pair + ex->pledges[i].count; q++)
            got += x[q];
        if (got < ex->pledges[i].amount - tol)
            return 0;
    }
    for (int i = 0; i < ex->n_lead; i++) {
        int k = ex->lead[i];
        double mine = seat_total(in, k, x);
        for (int j = 0; j < in->n_seats; j++)
            if (j != k && in->seats[j].s == in->seats[k].s && seat_total(in, j, x) > mine + tol)
                return 0;
    }
    for (int c = 0; c < ex->n_cuts; c++) {
        int same = 1;
        for (int k = 0; same && k < in->n_seats; k++)
            same = (y[k] != 0) == (ex->cuts[c][k] != 0);
        if (same)
            return 0;
    }
    if (ex->n_cuts) /* alternatives: every open seat carries a dollar */
        for (int k = 0; k < in->n_seats; k++)
            if (y[k] && seat_total(in, k, x) < 1 - tol)
                return 0;
    if (isfinite(ex->min_total) && co_objective(in, x, y) < ex->min_total - tol)
        return 0;
    return 1;
}
