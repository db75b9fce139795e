/*
 * lagrange.c: the Lagrangian bound of lagrange.h. With the budget, need,
 * area cap, absorption and coalition size rows priced, a seat's best use is
 * its pair-years of positive reduced weight filled to U, best first within
 * each pair's horizon link (then the least bad others up to the minimum
 * grant) less the coordination cost and the State's size price;
 * a donor takes its best K_d seats of positive value. Every price vector
 * gives a bound; the subgradient search only looks for a low one.
 */
#include "model/lagrange.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

int co_lagr_init(const co_instance *in, co_lagr_mult *m)
{
    size_t ndy = (size_t)in->nd * (size_t)in->ny, nday = ndy * (size_t)in->na;
    m->mu = calloc(ndy + 1, sizeof *m->mu);
    m->pi = calloc((size_t)in->nn + 1, sizeof *m->pi);
    m->nu = calloc(nday + 1, sizeof *m->nu);
    m->sigma = calloc((size_t)in->ns + 1, sizeof *m->sigma);
    m->alpha = calloc((size_t)in->nn * (size_t)in->ny + 1, sizeof *m->alpha);
    if (!m->mu || !m->pi || !m->nu || !m->sigma || !m->alpha) {
        co_lagr_release(m);
        return CO_EINTERNAL;
    }
    return CO_OK;
}

void co_lagr_release(co_lagr_mult *m)
{
    if (!m)
        return;
    free(m->mu);
    free(m->pi);
    free(m->nu);
    free(m->sigma);
    free(m->alpha);
    memset(m, 0, sizeof *m);
}

int co_lagr_applies(const co_instance *in)
{
    return !(in->p.coverage_floor > 0);
}

/* Scratch of one evaluation: per pair the amount chosen and its reduced
 * weight, per seat its value, per donor's seats an order. */
typedef struct work {
    double *x, *c, *v;
    int *order;
} work;

static void work_release(work *w)
{
    free(w->x);
    free(w->c);
    free(w->v);
    free(w->order);
}

static int work_init(const co_instance *in, work *w)
{
    w->x = malloc(((size_t)in->n_pairs + 1) * sizeof *w->x);
    w->c = malloc(((size_t)in->n_pairs + 1) * sizeof *w->c);
    w->v = malloc(((size_t)in->n_seats + 1) * sizeof *w->v);
    w->order = malloc(((size_t)in->n_seats + 1) * sizeof *w->order);
    if (!w->x || !w->c || !w->v || !w->order) {
        work_release(w);
        return CO_EINTERNAL;
    }
    return CO_OK;
}

static double pos(double v) { return v > 0 ? v : 0; }

/* The reduced weight of pair-year i: its weight less the prices of the
 * rows it is in (with carry-over, the budget rows of its year and later). */
static double reduced(const co_instance *in, const co_lagr_mult *m, int i)
{
    const co_pair *pr = &in->pairs[i];
    int a = in->ds->needs[pr->n].a;
    double mu = pos(m->mu[co_inst_dy(in, pr->d, pr->t)]);
    for (int t = pr->t + 1; in->yr.carry[pr->d] && t < in->ny; t++)
        mu += pos(m->mu[co_inst_dy(in, pr->d, t)]);
    double c = pr->w - mu - pos(m->pi[pr->n]);
    if (co_inst_cap(in, pr->d, a) >= 0)
        c -= pos(m->nu[co_inst_day(in, pr->d, a, pr->t)]);
    if (isfinite(in->yr.absorb[co_inst_ny(in, pr->n, pr->t)]))
        c -= pos(m->alpha[co_inst_ny(in, pr->n, pr->t)]);
    return c;
}

/* The room left in pair-year i within its year's U and its pair's horizon
 * link (the pair's years start at i0, count of them). */
static double room_left(const co_instance *in, const work *w, int i0, int count, int i)
{
    double most = 0, used = 0;
    for (int k = i0; k < i0 + count; k++) {
        most += in->pairs[k].U;
        used += w->x[k];
    }
    if (in->R[in->pairs[i0].n] < most)
        most = in->R[in->pairs[i0].n];
    double r = in->pairs[i].U - w->x[i];
    return r < most - used ? r : most - used;
}

/* Seat k's best value when open, its amounts in w->x; -INFINITY when its
 * pairs cannot carry the minimum grant. */
static double seat_value(const co_instance *in, const co_lagr_mult *m, int k, work *w)
{
    const co_seat *st = &in->seats[k];
    double mg = in->ds->donors[st->d].min_grant, val = 0, amt = 0, room = 0;
    for (int q = st->first; q < st->first + st->count; q++)
        w->c[in->seat_pairs[q]] = reduced(in, m, in->seat_pairs[q]);
    for (int q = st->first; q < st->first + st->count;) {
        int i = in->seat_pairs[q], cnt = co_pair_years(in, i);
        double a, most = 0;
        for (int j = i; j < i + cnt; j++)
            most += in->pairs[j].U;
        room += cnt == 1 || most < in->R[in->pairs[i].n] ? most : in->R[in->pairs[i].n];
        val += co_pair_fill(in, i, cnt, w->c, w->x, &a);
        amt += a;
        q += cnt;
    }
    if (mg > 0 && room < mg * (1 - 1e-12))
        return -INFINITY;
    /* the minimum grant: the least bad of the other pair-years, best first */
    while (mg > 0 && amt < mg) {
        int best = -1;
        double bc = -INFINITY, br = 0;
        for (int q = st->first; q < st->first + st->count;) {
            int i0 = in->seat_pairs[q], cnt = co_pair_years(in, i0);
            for (int i = i0; i < i0 + cnt; i++) {
                double r = room_left(in, w, i0, cnt, i);
                if (r > 0 && w->c[i] > bc) {
                    bc = w->c[i];
                    best = i;
                    br = r;
                }
            }
            q += cnt;
        }
        if (best < 0)
            break;
        double take = br;
        if (take > mg - amt)
            take = mg - amt;
        w->x[best] += take;
        amt += take;
        val += bc * take;
    }
    return val - in->p.coordination_cost - pos(m->sigma[st->s]);
}

/* The Lagrangian function at m; w->v[k] > 0 marks an open seat afterwards
 * (w->v[k] is set to -1 for every seat left closed). */
static double evaluate(const co_instance *in, const co_lagr_mult *m, work *w)
{
    const co_dataset *ds = in->ds;
    double L = 0;
    for (int d = 0; d < in->nd; d++) {
        for (int t = 0; t < in->ny; t++)
            L += pos(m->mu[co_inst_dy(in, d, t)]) * co_inst_available(in, d, t);
        for (int a = 0; a < in->na; a++) {
            double cap = co_inst_cap(in, d, a);
            for (int t = 0; cap >= 0 && t < in->ny; t++)
                L += pos(m->nu[co_inst_day(in, d, a, t)]) * cap;
        }
    }
    for (int n = 0; n < in->nn; n++)
        L += pos(m->pi[n]) * in->R[n];
    for (size_t j = 0; j < (size_t)in->nn * (size_t)in->ny; j++)
        if (isfinite(in->yr.absorb[j]))
            L += pos(m->alpha[j]) * in->yr.absorb[j];
    for (int s = 0; s < in->ns; s++)
        L += pos(m->sigma[s]) * in->p.max_coalition_size;
    for (int k = 0; k < in->n_seats;) {
        int d = in->seats[k].d, end = k, open = 0;
        while (end < in->n_seats && in->seats[end].d == d)
            end++;
        for (int q = k; q < end; q++) {
            w->v[q] = seat_value(in, m, q, w);
            if (w->v[q] > 0)
                w->order[open++] = q;
        }
        if (ds->donors[d].has_max_states && open > ds->donors[d].max_states) {
            /* the best K_d first (K_d is small: selection, not a sort) */
            int kd = (int)ds->donors[d].max_states; /* < open here */
            for (int q = 0; q < kd; q++) {
                int top = q;
                for (int r = q + 1; r < open; r++)
                    if (w->v[w->order[r]] > w->v[w->order[top]])
                        top = r;
                int tmp = w->order[q];
                w->order[q] = w->order[top];
                w->order[top] = tmp;
            }
            for (int q = kd; q < open; q++)
                w->v[w->order[q]] = -1;
            open = kd;
        }
        for (int q = 0; q < open; q++)
            L += w->v[w->order[q]];
        k = end;
    }
    return L;
}

double co_lagr_value(const co_instance *in, const co_lagr_mult *m)
{
    work w;
    if (work_init(in, &w) != CO_OK)
        return INFINITY;
    double L = evaluate(in, m, &w);
    work_release(&w);
    return L;
}

/* The subgradient at the last evaluation into g: the slack of each relaxed
 * row in the relaxed solution. */
static void subgradient(const co_instance *in, const work *w, co_lagr_mult *g)
{
    const co_dataset *ds = in->ds;
    for (int d = 0; d < in->nd; d++) {
        for (int t = 0; t < in->ny; t++)
            g->mu[co_inst_dy(in, d, t)] = co_inst_available(in, d, t);
        for (int a = 0; a < in->na; a++) {
            double cap = co_inst_cap(in, d, a);
            for (int t = 0; t < in->ny; t++)
                g->nu[co_inst_day(in, d, a, t)] = cap >= 0 ? cap : 0;
        }
    }
    for (int n = 0; n < in->nn; n++)
        g->pi[n] = in->R[n];
    for (size_t j = 0; j < (size_t)in->nn * (size_t)in->ny; j++)
        g->alpha[j] = isfinite(in->yr.absorb[j]) ? in->yr.absorb[j] : 0;
    for (int s = 0; s < in->ns; s++)
        g->sigma[s] = in->p.max_coalition_size;
    for (int k = 0; k < in->n_seats; k++) {
        const co_seat *st = &in->seats[k];
        if (!(w->v[k] > 0))
            continue;
        g->sigma[st->s] -= 1;
        for (int q = st->first; q < st->first + st->count; q++) {
            int i = in->seat_pairs[q];
            const co_pair *pr = &in->pairs[i];
            /* with carry-over the cumulative rows of its year and later */
            int last = in->yr.carry[pr->d] ? in->ny - 1 : pr->t;
            for (int t = pr->t; t <= last; t++)
                g->mu[co_inst_dy(in, pr->d, t)] -= w->x[i];
            g->pi[pr->n] -= w->x[i];
            g->nu[co_inst_day(in, pr->d, ds->needs[pr->n].a, pr->t)] -= w->x[i];
            if (isfinite(in->yr.absorb[co_inst_ny(in, pr->n, pr->t)]))
                g->alpha[co_inst_ny(in, pr->n, pr->t)] -= w->x[i];
        }
    }
}

/* One projected step on the n prices p along -g, each weighed by sc^2 (the
 * size prices by a seat's typical money, so that seats and USD move alike);
 * returns the squared norm of the part that can move (a zero price with a
 * positive slack cannot). mode 0 measures, 1 steps by t. */
static double step(double *p, const double *g, size_t n, double sc, double t, int mode)
{
    double norm = 0;
    for (size_t j = 0; j < n; j++) {
        if (p[j] <= 0 && g[j] > 0)
            continue;
        if (mode == 0)
            norm += g[j] * g[j] * sc * sc;
        else
            p[j] = pos(p[j] - t * sc * sc * g[j]);
    }
    return norm;
}

static void copy_mult(const co_instance *in, co_lagr_mult *to, const co_lagr_mult *from)
{
    size_t ndy = (size_t)in->nd * (size_t)in->ny;
    memcpy(to->mu, from->mu, ndy * sizeof *to->mu);
    memcpy(to->pi, from->pi, (size_t)in->nn * sizeof *to->pi);
    memcpy(to->nu, from->nu, ndy * (size_t)in->na * sizeof *to->nu);
    memcpy(to->sigma, from->sigma, (size_t)in->ns * sizeof *to->sigma);
    memcpy(to->alpha, from->alpha, (size_t)in->nn * (size_t)in->ny * sizeof *to->alpha);
}

int co_lagr_minimise(const co_instance *in, co_lagr_mult *m, double target, double seconds,
                     double *bound)
{
    double t0 = co_clock();
    work w = {0};
    co_lagr_mult g = {0}, best = {0};
    int ret = CO_EINTERNAL;
    if (work_init(in, &w) != CO_OK || co_lagr_init(in, &g) != CO_OK ||
        co_lagr_init(in, &best) != CO_OK)
        goto out;
    size_t ndy = (size_t)in->nd * (size_t)in->ny, nda = ndy * (size_t)in->na;
    size_t nny = (size_t)in->nn * (size_t)in->ny;
    /* negative prices count as 0: make them so, for the steps */
    for (size_t j = 0; j < ndy; j++)
        m->mu[j] = pos(m->mu[j]);
    for (int n = 0; n < in->nn; n++)
        m->pi[n] = pos(m->pi[n]);
    for (size_t j = 0; j < nda; j++)
        m->nu[j] = pos(m->nu[j]);
    for (int s = 0; s < in->ns; s++)
        m->sigma[s] = pos(m->sigma[s]);
    for (size_t j = 0; j < nny; j++)
        m->alpha[j] = pos(m->alpha[j]);
    /* a seat's typical money: the weight of one seat in the size rows */
    double scale = 0;
    for (int i = 0; i < in->n_pairs; i++)
        scale += in->pairs[i].U;
    scale = in->n_seats ? scale / in->n_seats : 1;
    if (!(scale > 0))
        scale = 1;
    copy_mult(in, &best, m);
    double bestL = INFINITY, theta = 2.0, checkL = INFINITY;
    int stall = 0;
    for (long it = 0;; it++) {
        double L = evaluate(in, m, &w);
        if (L < bestL) {
            if (L < bestL - 1e-9 * fabs(bestL))
                stall = 0;
            bestL = L;
            copy_mult(in, &best, m);
        } else if (++stall >= 100) {
            /* no progress: smaller steps, from the best prices */
            theta /= 2;
            stall = 0;
            copy_mult(in, m, &best);
            continue;
        }
        if (it % 200 == 199) {
            /* stalled: less than 1e-7 better over 200 steps */
            if (checkL - bestL < 1e-7 * fabs(bestL))
                break;
            checkL = bestL;
        }
        if (theta < 1e-6 || co_clock() - t0 > seconds || !(L > target))
            break;
        subgradient(in, &w, &g);
        double norm = step(m->mu, g.mu, ndy, 1, 0, 0) +
                      step(m->pi, g.pi, (size_t)in->nn, 1, 0, 0) +
                      step(m->nu, g.nu, nda, 1, 0, 0) +
                      step(m->sigma, g.sigma, (size_t)in->ns, scale, 0, 0);
        if (in->ny > 1) /* one period: no absorption rows */
            norm += step(m->alpha, g.alpha, nny, 1, 0, 0);
        if (!(norm > 0))
            break; /* no relaxed row is violated and every slack is priced 0 */
        double t = theta * (L - target) / norm;
        step(m->mu, g.mu, ndy, 1, t, 1);
        step(m->pi, g.pi, (size_t)in->nn, 1, t, 1);
        step(m->nu, g.nu, nda, 1, t, 1);
        step(m->sigma, g.sigma, (size_t)in->ns, scale, t, 1);
        if (in->ny > 1)
            step(m->alpha, g.alpha, nny, 1, t, 1);
    }
    copy_mult(in, m, &best);
    *bound = bestL;
    ret = CO_OK;
out:
    work_release(&w);
    co_lagr_release(&g);
    co_lagr_release(&best);
    return ret;
}
