/*
 * lns.c: large-neighbourhood search on sub-MIPs: the seats of a few
 * States or donors are freed, every other seat fixed as in the incumbent,
 * and the sub-problem solved by branch and bound under a node limit.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "solve/search.h"

/* xorshift32: neighbourhoods from a fixed seed, so that the same input
 * gives the same sequence of sub-problems. */
static unsigned next_rand(unsigned *state)
{
    unsigned v = *state;
    v ^= v << 13;
    v ^= v >> 17;
    v ^= v << 5;
    return *state = v;
}

/* Stops a sub-problem's search after a number of nodes (a limit on work,
 * not on time, so what it finds does not depend on the machine's load)
 * or at the deadline of the whole search. */
typedef struct sub_limit {
    double deadline;
    int nodes, max_nodes, stopped;
} sub_limit;

static void sub_callback(glp_tree *T, void *info)
{
    sub_limit *l = info;
    if (glp_ios_reason(T) != GLP_ISELECT)
        return;
    if (++l->nodes > l->max_nodes || co_clock() > l->deadline) {
        l->stopped = 1;
        glp_ios_terminate(T);
    }
}

/* Marks about `want` seats free: those of whole States (kind 0) or whole
 * donors (kind 1) taken in a random order, or (kind 2, with the LP
 * relaxation's seats ys) of the States where the best plan and the LP
 * disagree most, each State's disagreement weighted by a random draw. */
static int pick_free(const co_instance *in, int kind, int want, const double *ys,
                     const unsigned char *y, unsigned *seed, int *order, double *key,
                     unsigned char *free_seat)
{
    int groups = kind == 1 ? in->nd : in->ns;
    for (int g = 0; g < groups; g++) {
        order[g] = g;
        key[g] = (next_rand(seed) & 0xffffff) / (double)0x1000000;
    }
    if (kind == 2) {
        double *dis = calloc((size_t)in->ns + 1, sizeof *dis);
        if (!dis)
            return 0;
        for (int k = 0; k < in->n_seats; k++)
            dis[in->seats[k].s] += fabs(ys[k] - y[k]);
        for (int s = 0; s < in->ns; s++)
            key[s] *= dis[s];
        free(dis);
    }
    /* groups by key, largest first (insertion sort: a few hundred groups) */
    for (int a = 1; a < groups; a++) {
        int g = order[a], b = a;
        for (; b > 0 && key[order[b - 1]] < key[g]; b--)
            order[b] = order[b - 1];
        order[b] = g;
    }
    memset(free_seat, 0, (size_t)in->n_seats);
    int n = 0;
    for (int a = 0; a < groups && n < want; a++) {
        for (int k = 0; k < in->n_seats; k++) {
            int g = kind == 1 ? in->seats[k].d : in->seats[k].s;
            if (g == order[a] && !free_seat[k]) {
                free_seat[k] = 1;
                n++;
            }
        }
    }
    return n;
}

/* Large-neighbourhood search: again and again, the seats of a few States
 * or donors are freed and every other seat is fixed as in the best plan;
 * that sub-problem, built small (fixed_lp.c: the closed seats' pairs left
 * out, the fixed seats folded into the rows), is solved by branch and
 * bound, and a better plan is kept: the sub-problem's own amounts (it holds
 * every open seat's money), placed again by the seat-fixed LP only when
 * seats that do not pay are closed. The neighbourhood grows while
 * sub-problems are solved within their node limit and within a fiftieth of
 * the search's time (at least 0.05 s), and shrinks when they are not, so
 * that a search makes dozens of steps at any size. ys (the LP relaxation's
 * seats, or NULL) guides one kind of neighbourhood in three. Stops at
 * `until` (co_clock). */
void co_lns(co_search_run *r, const double *ys, double until)
{
    const co_instance *in = r->in;
    const co_extras *ex = r->o->ex;
    int groups = in->nd > in->ns ? in->nd : in->ns;
    int *order = malloc(((size_t)groups + 1) * sizeof *order);
    double *key = malloc(((size_t)groups + 1) * sizeof *key);
    double *x = malloc(((size_t)in->n_pairs + 1) * sizeof *x);
    unsigned char *y = malloc((size_t)in->n_seats + 1);
    unsigned char *free_seat = malloc((size_t)in->n_seats + 1);
    if (!order || !key || !x || !y || !free_seat || !r->has_inc || in->n_seats == 0)
        goto done;
    if (!r->lns_seed) {
        r->lns_seed = 2463534242u;
        r->lns_want = in->n_seats < 40 ? in->n_seats : 40;
    }
    double want = r->lns_want;
    /* a sub-problem's share of the search: a fiftieth, at least 0.05 s */
    double step = (until - co_clock()) / 50;
    if (step < 0.05)
        step = 0.05;
    for (int it = 0; co_clock() < until; it++) {
        double t0 = co_clock();
        int kind = it % 3;
        if (kind == 2 && !ys)
            kind = 0;
        int n = pick_free(in, kind, (int)want, ys, r->sol->y, &r->lns_seed, order, key, free_seat);
        if (!n)
            break;
        /* a seat a rule fixes stays fixed */
        for (int k = 0; ex && ex->fixed && k < in->n_seats; k++)
            if (ex->fixed[k] >= 0)
                free_seat[k] = 0;
        co_fixed_lp sub;
        if (co_fixed_lp_build(r, r->sol->y, free_seat, 0, &sub) != CO_OK)
            break;
        int ret = GLP_EFAIL, mst = GLP_UNDEF;
        sub_limit lim = {.deadline = until, .max_nodes = 200};
        if (!sub.infeasible) {
            glp_iocp parm;
            glp_init_iocp(&parm);
            parm.msg_lev = GLP_MSG_OFF;
            parm.presolve = GLP_ON;
            parm.mip_gap = 1e-6;
            parm.br_tech = GLP_BR_DTH;
            parm.bt_tech = GLP_BT_BLB;
            parm.tm_lim = co_ms(until - co_clock());
            parm.cb_func = sub_callback;
            parm.cb_info = &lim;
            ret = glp_intopt(sub.Q, &parm);
            mst = glp_mip_status(sub.Q);
        }
        if ((mst == GLP_OPT || mst == GLP_FEAS) &&
            glp_mip_obj_val(sub.Q) > r->inc_obj + 1e-9 * fabs(r->inc_obj)) {
            for (int k = 0; k < in->n_seats; k++) {
                int q = free_seat[k] ? sub.col[co_col_y(in, k)] : 0;
                y[k] = q ? glp_mip_col_val(sub.Q, q) > 0.5 : r->sol->y[k];
            }
            /* the sub-problem's amounts (a closed seat's crumbs dropped) */
            for (int i = 0; i < in->n_pairs; i++) {
                int q = y[in->pairs[i].seat] ? sub.col[co_col_x(in, i)] : 0;
                double v = q ? glp_mip_col_val(sub.Q, q) : 0;
                x[i] = v > 0 ? v : 0;
            }
            co_fixed_lp_release(&sub);
            int closed = co_close_unpaying(in, ex, y, x);
            double before = r->inc_obj;
            if (!closed)
                co_offer_incumbent(r, x, y);
            for (int pass = 0; pass < 2 && (closed || r->inc_obj == before); pass++) {
                if (!co_seat_lp(r, y, x, NULL, until))
                    break;
                closed = co_close_unpaying(in, ex, y, x);
                co_offer_incumbent(r, x, y);
                if (!closed)
                    break;
            }
        } else {
            co_fixed_lp_release(&sub);
        }
        int solved = (ret == 0 || ret == GLP_EMIPGAP) && !lim.stopped;
        if (solved && 2 * n >= in->n_seats)
            break; /* half the seats free and solved: the search will do */
        if (solved && co_clock() - t0 <= step)
            want = want * 1.2 + 1;
        else
            want *= 0.7;
        if (want > in->n_seats)
            want = in->n_seats;
        if (want < 4)
            want = 4;
        r->lns_want = want;
    }
done:
    free(order);
    free(key);
    free(x);
    free(y);
    free(free_seat);
}
