/*
 * lagrange.c: the Lagrangian bound of lagrange.h. With the budget, need,
 * area cap and coalition size rows priced, a seat's best use is its pairs
 * of positive reduced weight filled to U (then the least bad others up to
 * the minimum grant) less the coordination cost and the State's size price;
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
    size_t nda = (size_t)in->nd * (size_t)in->na;
    m->mu = calloc((size_t)in->nd + 1, sizeof *m->mu);
    m->pi = calloc((size_t)in->nn + 1, sizeof *m->pi);
    m->nu = calloc(nda + 1, sizeof *m->nu);
    m->sigma = calloc((size_t)in->ns + 1, sizeof *m->sigma);
    if (!m->mu || !m->pi || !m->nu || !m->sigma) {
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
    memset(m, 0, sizeof *m);
}

int co_lagr_applies(const co_instance *in)
{
    /* one period only: its prices are per donor, need and (donor, area),
     * where a multi-year model has them by year (and absorption rows) */
    return !(in->p.coverage_floor > 0) && in->ny == 1;
}

/* Scratch of one evaluation: per pair the amount chosen, per seat its
 * value, per donor's seats an order. */
typedef struct work {
    double *x, *v;
    int *order;
} work;

static void work_release(work *w)
{
    free(w->x);
    free(w->v);
    free(w->order);
}

static int work_init(const co_instance *in, work *w)
{
    w->x = malloc(((size_t)in->n_pairs + 1) * sizeof *w->x);
    w->v = malloc(((size_t)in->n_seats + 1) * sizeof *w->v);
    w->order = malloc(((size_t)in->n_seats + 1) * sizeof *w->order);
    if (!w->x || !w->v || !w->order) {
        work_release(w);
        return CO_EINTERNAL;
    }
    return CO_OK;
}

static double pos(double v) { return v > 0 ? v : 0; }

static double reduced(const co_instance *in, const co_lagr_mult *m, int i)
{
    const co_pair *pr = &in->pairs[i];
    int a = in->ds->needs[pr->n].a;
    double c = pr->w - pos(m->mu[pr->d]) - pos(m->pi[pr->n]);
    if (co_inst_cap(in, pr->d, a) >= 0)
        c -= pos(m->nu[(size_t)pr->d * (size_t)in->na + (size_t)a]);
    return c;
}

/* Seat k's best value when open, its amounts in w->x; -INFINITY when its
 * pairs cannot carry the minimum grant. */
static double seat_value(const co_instance *in, const co_lagr_mult *m, int k, work *w)
{
    const co_seat *st = &in->seats[k];
    double mg = in->ds->donors[st->d].min_grant, val = 0, amt = 0, room = 0;
    for (int q = st->first; q < st->first + st->count; q++) {
        int i = in->seat_pairs[q];
        double c = reduced(in, m, i);
        room += in->pairs[i].U;
        w->x[i] = c > 0 ? in->pairs[i].U : 0;
        val += c > 0 ? c * in->pairs[i].U : 0;
        amt += w->x[i];
    }
    if (mg > 0 && room < mg * (1 - 1e-12))
        return -INFINITY;
    /* the minimum grant: the least bad of the other pairs, best first */
    while (mg > 0 && amt < mg) {
        int best = -1;
        double bc = -INFINITY;
        for (int q = st->first; q < st->first + st->count; q++) {
            int i = in->seat_pairs[q];
            double c = reduced(in, m, i);
            if (w->x[i] < in->pairs[i].U && c > bc) {
                bc = c;
                best = i;
            }
        }
        if (best < 0)
            break;
        double take = in->pairs[best].U - w->x[best];
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
        L += pos(m->mu[d]) * in->B[d];
        for (int a = 0; a < in->na; a++) {
            double cap = co_inst_cap(in, d, a);
            if (cap >= 0)
                L += pos(m->nu[(size_t)d * (size_t)in->na + (size_t)a]) * cap;
        }
    }
    for (int n = 0; n < in->nn; n++)
        L += pos(m->pi[n]) * in->R[n];
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
        g->mu[d] = in->B[d];
        for (int a = 0; a < in->na; a++) {
            double cap = co_inst_cap(in, d, a);
            g->nu[(size_t)d * (size_t)in->na + (size_t)a] = cap >= 0 ? cap : 0;
        }
    }
    for (int n = 0; n < in->nn; n++)
        g->pi[n] = in->R[n];
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
            g->mu[pr->d] -= w->x[i];
            g->pi[pr->n] -= w->x[i];
            g->nu[(size_t)pr->d * (size_t)in->na + (size_t)ds->needs[pr->n].a] -= w->x[i];
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
    memcpy(to->mu, from->mu, (size_t)in->nd * sizeof *to->mu);
    memcpy(to->pi, from->pi, (size_t)in->nn * sizeof *to->pi);
    memcpy(to->nu, from->nu, (size_t)in->nd * (size_t)in->na * sizeof *to->nu);
    memcpy(to->sigma, from->sigma, (size_t)in->ns * sizeof *to->sigma);
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
    size_t nda = (size_t)in->nd * (size_t)in->na;
    /* negative prices count as 0: make them so, for the steps */
    for (int d = 0; d < in->nd; d++)
        m->mu[d] = pos(m->mu[d]);
    for (int n = 0; n < in->nn; n++)
        m->pi[n] = pos(m->pi[n]);
    for (size_t j = 0; j < nda; j++)
        m->nu[j] = pos(m->nu[j]);
    for (int s = 0; s < in->ns; s++)
        m->sigma[s] = pos(m->sigma[s]);
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
        double norm = step(m->mu, g.mu, (size_t)in->nd, 1, 0, 0) +
                      step(m->pi, g.pi, (size_t)in->nn, 1, 0, 0) +
                      step(m->nu, g.nu, nda, 1, 0, 0) +
                      step(m->sigma, g.sigma, (size_t)in->ns, scale, 0, 0);
        if (!(norm > 0))
            break; /* no relaxed row is violated and every slack is priced 0 */
        double t = theta * (L - target) / norm;
        step(m->mu, g.mu, (size_t)in->nd, 1, t, 1);
        step(m->pi, g.pi, (size_t)in->nn, 1, t, 1);
        step(m->nu, g.nu, nda, 1, t, 1);
        step(m->sigma, g.sigma, (size_t)in->ns, scale, t, 1);
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
