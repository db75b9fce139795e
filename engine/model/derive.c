/*
 * derive.c: computes urgency, weights, eligible pairs by year and candidate
 * seats from a validated dataset (MODEL.md "Derived values", MULTIYEAR.md
 * "Derived values"; the values by year come from years.c). Everything the
 * model builder and the plan reader need, with no GLPK dependency.
 */
#include "model/derive.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

double co_urgency(const co_params *p, int has_deadline, long t)
{
    if (!has_deadline)
        return 1.0;
    double r = 1.0 - (double)t / p->horizon_days;
    if (r < 0)
        r = 0;
    if (r > 1)
        r = 1;
    return 1.0 + p->urgency_weight * r;
}

double co_weight(const co_params *p, double u, double q, double e, int prio)
{
    return u * q * (p->expertise_share + (1.0 - p->expertise_share) * e) *
           (1.0 + p->priority_bonus * (prio ? 1.0 : 0.0));
}

void co_instance_release(co_instance *in)
{
    if (!in)
        return;
    co_years_release(&in->yr);
    free(in->B);
    free(in->R);
    free(in->u);
    free(in->days_left);
    free(in->state_R);
    free(in->expertise);
    free(in->cap);
    free(in->pairs);
    free(in->seats);
    free(in->seat_pairs);
    free(in->largest_need);
    memset(in, 0, sizeof *in);
}

double co_inst_available(const co_instance *in, int d, int t)
{
    if (in->yr.carry[d])
        return co_years_budget_to(&in->yr, d, in->yr.first + t);
    return in->yr.budget[co_inst_dy(in, d, t)];
}

int co_pair_years(const co_instance *in, int i)
{
    int k = i;
    while (k < in->n_pairs && in->pairs[k].d == in->pairs[i].d && in->pairs[k].n == in->pairs[i].n)
        k++;
    return k - i;
}

double co_pair_fill(const co_instance *in, int i, int count, const double *c, double *x,
                    double *amount)
{
    double val = 0, amt = 0, most = 0;
    for (int k = i; k < i + count; k++) {
        most += in->pairs[k].U;
        if (x)
            x[k] = 0;
    }
    if (in->R[in->pairs[i].n] < most)
        most = in->R[in->pairs[i].n];
    if (count == 1) { /* one year: its U (never above R_n) */
        if (c[i] > 0) {
            val = c[i] * in->pairs[i].U;
            amt = in->pairs[i].U;
            if (x)
                x[i] = amt;
        }
    } else {
        /* the best year left, again and again (a pair has at most 30) */
        unsigned used = 0;
        for (;;) {
            int best = -1;
            for (int k = 0; k < count; k++)
                if (!(used & (1u << k)) && c[i + k] > 0 && (best < 0 || c[i + k] > c[i + best]))
                    best = k;
            if (best < 0 || !(most - amt > 0))
                break;
            used |= 1u << best;
            double take = in->pairs[i + best].U;
            if (take > most - amt)
                take = most - amt;
            val += c[i + best] * take;
            amt += take;
            if (x)
                x[i + best] = take;
        }
    }
    if (amount)
        *amount = amt;
    return val;
}

int co_instance_build(const co_dataset *ds, const co_params *p, co_instance *in,
                      co_diag *dg)
{
    memset(in, 0, sizeof *in);
    in->ds = ds;
    in->p = *p;
    int nd = in->nd = ds->n_donors, nn = in->nn = ds->n_needs;
    int ns = in->ns = ds->n_states, na = in->na = ds->n_areas;
    size_t nda = (size_t)nd * (size_t)na, nds = (size_t)nd * (size_t)ns;
    unsigned char *excl = NULL, *prio = NULL;
    int *seat_of = NULL, *fill = NULL;
    int rc = CO_EINTERNAL;

    if (co_years_build(ds, p, &in->yr, dg) != CO_OK) {
        memset(in, 0, sizeof *in);
        return CO_EINTERNAL;
    }
    int ny = in->ny = in->yr.ny;
    in->B = calloc((size_t)nd + 1, sizeof *in->B);
    in->R = calloc((size_t)nn + 1, sizeof *in->R);
    in->u = calloc((size_t)nn + 1, sizeof *in->u);
    in->days_left = calloc((size_t)nn + 1, sizeof *in->days_left);
    in->state_R = calloc((size_t)ns + 1, sizeof *in->state_R);
    in->largest_need = malloc(((size_t)ns + 1) * sizeof *in->largest_need);
    in->expertise = calloc(nda + 1, sizeof *in->expertise);
    in->cap = malloc((nda + 1) * sizeof *in->cap);
    excl = calloc(nds + 1, 1);
    prio = calloc(nds + 1, 1);
    if (!in->B || !in->R || !in->u || !in->days_left || !in->state_R || !in->largest_need ||
        !in->expertise || !in->cap || !excl || !prio)
        goto done;
    for (size_t i = 0; i < nda; i++)
        in->cap[i] = -1;
    for (int s = 0; s < ns; s++)
        in->largest_need[s] = -1;
    for (int d = 0; d < nd; d++) {
        const co_donor *dn = &ds->donors[d];
        for (int t = 0; t < ny; t++)
            in->B[d] += in->yr.budget[co_inst_dy(in, d, t)];
        for (int i = 0; i < dn->n_expertise; i++)
            in->expertise[(size_t)d * (size_t)na + (size_t)dn->expertise[i].a] =
                dn->expertise[i].value;
        for (int i = 0; i < dn->n_area_budget; i++)
            in->cap[(size_t)d * (size_t)na + (size_t)dn->area_budget[i].a] =
                dn->area_budget[i].value;
        for (int i = 0; i < dn->n_excluded; i++)
            excl[(size_t)d * (size_t)ns + (size_t)dn->excluded[i].index] = 1;
        for (int i = 0; i < dn->n_priority; i++)
            prio[(size_t)d * (size_t)ns + (size_t)dn->priority[i].index] = 1;
    }
    for (int n = 0; n < nn; n++) {
        const co_need *nd_ = &ds->needs[n];
        in->R[n] = in->yr.R[n];
        if (nd_->deadline)
            in->days_left[n] = nd_->deadline_day - p->as_of_day;
        in->u[n] = co_urgency(p, nd_->deadline != NULL, in->days_left[n]);
        in->state_R[nd_->s] += in->R[n];
        int *best = &in->largest_need[nd_->s];
        /* needs are in id order, so on equal R the first one seen stays */
        if (*best < 0 || in->R[n] > in->R[*best])
            *best = n;
    }

    /* eligible pairs, in (donor, need, year) order: a pair is eligible
     * where the donor has a budget in some year (MULTIYEAR.md), and has a
     * pair-year where money can be available and the need can absorb some */
    size_t max_pairs = (size_t)nd * (size_t)nn * (size_t)ny;
    in->pairs = malloc((max_pairs + 1) * sizeof *in->pairs);
    seat_of = malloc((nds + 1) * sizeof *seat_of);
    if (!in->pairs || !seat_of)
        goto done;
    for (size_t i = 0; i < nds; i++)
        seat_of[i] = -1;
    for (int d = 0; d < nd; d++) {
        int has_budget = 0;
        for (int t = 0; t < ny; t++)
            has_budget |= in->yr.budget[co_inst_dy(in, d, t)] > 0;
        if (!has_budget)
            continue;
        for (int n = 0; n < nn; n++) {
            const co_need *nd_ = &ds->needs[n];
            int a = nd_->a, s = nd_->s;
            double e = in->expertise[(size_t)d * (size_t)na + (size_t)a];
            double cap = in->cap[(size_t)d * (size_t)na + (size_t)a];
            if (!(in->R[n] > 0) || e < p->min_expertise ||
                excl[(size_t)d * (size_t)ns + (size_t)s] || (cap >= 0 && !(cap > 0)))
                continue;
            double w = co_weight(p, in->u[n], nd_->evidence, e,
                                 prio[(size_t)d * (size_t)ns + (size_t)s]);
            for (int t = 0; t < ny; t++) {
                double avail = co_inst_available(in, d, t);
                double A = in->yr.absorb[co_inst_ny(in, n, t)];
                if (!(avail > 0) || !(A > 0))
                    continue;
                co_pair *pr = &in->pairs[in->n_pairs++];
                pr->d = d;
                pr->n = n;
                pr->t = t;
                /* one period: the factor is exactly 1, w as MODEL.md */
                pr->w = w * co_years_factor(&in->yr, p, n, in->yr.first + t);
                double U = in->R[n] < avail ? in->R[n] : avail;
                if (A < U)
                    U = A;
                if (cap >= 0 && cap < U)
                    U = cap;
                pr->U = U;
                seat_of[(size_t)d * (size_t)ns + (size_t)s] = 0; /* marks a candidate */
            }
        }
    }
    /* seats in (donor, State) order */
    for (size_t i = 0; i < nds; i++)
        if (seat_of[i] == 0)
            in->n_seats++;
    in->seats = calloc((size_t)in->n_seats + 1, sizeof *in->seats);
    in->seat_pairs = malloc(((size_t)in->n_pairs + 1) * sizeof *in->seat_pairs);
    fill = calloc((size_t)in->n_seats + 1, sizeof *fill);
    if (!in->seats || !in->seat_pairs || !fill)
        goto done;
    int k = 0;
    for (int d = 0; d < nd; d++) {
        for (int s = 0; s < ns; s++) {
            int *so = &seat_of[(size_t)d * (size_t)ns + (size_t)s];
            if (*so == 0) {
                in->seats[k].d = d;
                in->seats[k].s = s;
                *so = k++;
            }
        }
    }
    for (int i = 0; i < in->n_pairs; i++) {
        co_pair *pr = &in->pairs[i];
        pr->seat = seat_of[(size_t)pr->d * (size_t)ns + (size_t)ds->needs[pr->n].s];
        in->seats[pr->seat].count++;
    }
    for (int s = 0, off = 0; s < in->n_seats; s++) {
        in->seats[s].first = off;
        off += in->seats[s].count;
    }
    for (int i = 0; i < in->n_pairs; i++) {
        co_seat *st = &in->seats[in->pairs[i].seat];
        in->seat_pairs[st->first + fill[in->pairs[i].seat]++] = i;
    }
    rc = CO_OK;
done:
    if (rc != CO_OK) {
        co_err(dg, "out of memory building the model data");
        co_instance_release(in);
    }
    free(excl);
    free(prio);
    free(seat_of);
    free(fill);
    return rc;
}
