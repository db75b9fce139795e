/*
 * dive.c: LP diving from the solved LP relaxation (search.c calls it for a
 * multi-year model, whose relaxation leaves many seats fractional that
 * plain rounding opens badly): again and again the seats the LP leans on
 * most are fixed open, within the engagement, size and minimum-grant
 * limits, and the LP re-solved from its last basis by the dual simplex,
 * until every seat is whole; that plan is offered to the search.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "solve/search.h"


void co_lp_dive(co_search_run *r, double until)
{
    const co_instance *in = r->in;
    const co_dataset *ds = in->ds;
    const co_extras *ex = r->o->ex;
    double deadline = until;
    int ns = in->n_seats;
    signed char *fixed = malloc((size_t)ns + 1); /* -1 free, 0 or 1 fixed */
    co_ranked *fr = malloc(((size_t)ns + 1) * sizeof *fr);
    int *nd = calloc((size_t)in->nd + 1, sizeof *nd), *nst = calloc((size_t)in->ns + 1, sizeof *nst);
    double *mins = calloc((size_t)in->nd + 1, sizeof *mins);
    double *x = malloc(((size_t)in->n_pairs + 1) * sizeof *x);
    unsigned char *y = malloc((size_t)ns + 1);
    glp_prob *Q = NULL;
    if (!fixed || !fr || !nd || !nst || !mins || !x || !y || ns == 0)
        goto done;
    Q = glp_create_prob();
    glp_copy_prob(Q, r->P, GLP_OFF);
    /* the relaxation's optimal basis, to start each solve from */
    for (int i = 1; i <= glp_get_num_rows(Q); i++)
        glp_set_row_stat(Q, i, glp_get_row_stat(r->P, i));
    for (int j = 1; j <= glp_get_num_cols(Q); j++) {
        glp_set_col_stat(Q, j, glp_get_col_stat(r->P, j));
        glp_set_col_kind(Q, j, GLP_CV);
    }
    memset(fixed, -1, (size_t)ns);
    for (int k = 0; ex && ex->fixed && k < ns; k++) {
        fixed[k] = ex->fixed[k];
        if (fixed[k] == 1) {
            nst[in->seats[k].s]++;
            nd[in->seats[k].d]++;
            mins[in->seats[k].d] += ds->donors[in->seats[k].d].min_grant;
        }
    }
    int solved = 0; /* y holds the last LP's seats */
    for (int round = 0; round < 100; round++) {
        glp_smcp sp;
        glp_init_smcp(&sp);
        sp.msg_lev = GLP_MSG_OFF;
        sp.meth = GLP_DUALP;
        double left = deadline - co_clock();
        if (left <= 0)
            break;
        sp.tm_lim = co_ms(left);
        if (glp_simplex(Q, &sp) != 0 || glp_get_status(Q) != GLP_OPT)
            break;
        solved = 1;
        /* fractional seats, and the ones the LP opens in full */
        int nf = 0, whole = 1;
        for (int k = 0; k < ns; k++) {
            double v = glp_get_col_prim(Q, co_col_y(in, k));
            y[k] = v > 0.5;
            if (fixed[k] >= 0)
                continue;
            if (v > 1e-6 && v < 1 - 1e-6)
                whole = 0;
            if (v > 1e-6)
                fr[nf++] = (co_ranked){v, k};
        }
        if (whole) {
            /* every seat whole: the LP's money is a plan; seats that do
             * not pay close, and the money is placed again without them */
            for (int i = 0; i < in->n_pairs; i++) {
                double v = glp_get_col_prim(Q, co_col_x(in, i));
                x[i] = v > 0 && y[in->pairs[i].seat] ? v : 0;
            }
            int closed = co_close_unpaying(in, ex, y, x);
            co_offer_incumbent(r, x, y);
            if (closed && co_seat_lp(r, y, x, NULL, r->until)) {
                co_close_unpaying(in, ex, y, x);
                co_offer_incumbent(r, x, y);
            }
            solved = 0;
            break;
        }
        /* fix open the seats at 1 and the best quarter of the others,
         * largest first, within the limits; a seat that no longer fits
         * them is closed */
        qsort(fr, (size_t)nf, sizeof *fr, co_ranked_cmp); /* by LP value, largest first */
        int take = 0, want = nf / 4 + 1;
        for (int q = 0; q < nf; q++) {
            int k = fr[q].k;
            const co_seat *st = &in->seats[k];
            const co_donor *dn = &ds->donors[st->d];
            if (fr[q].v < 1 - 1e-6 && take >= want)
                break;
            int fits = nst[st->s] < in->p.max_coalition_size &&
                       (!dn->has_max_states || nd[st->d] < dn->max_states) &&
                       mins[st->d] + dn->min_grant <= in->B[st->d];
            fixed[k] = (signed char)fits;
            glp_set_col_bnds(Q, co_col_y(in, k), GLP_FX, fits, fits);
            if (fits) {
                nst[st->s]++;
                nd[st->d]++;
                mins[st->d] += dn->min_grant;
                take += fr[q].v < 1 - 1e-6;
            }
        }
    }
    if (solved) {
        /* out of time before every seat was whole: the seats fixed open
         * and those the last LP leans on (y > 0.5), within the limits */
        for (int k = 0; k < ns; k++) {
            const co_seat *st = &in->seats[k];
            const co_donor *dn = &ds->donors[st->d];
            if (fixed[k] >= 0 || !y[k])
                continue;
            y[k] = nst[st->s] < in->p.max_coalition_size &&
                   (!dn->has_max_states || nd[st->d] < dn->max_states) &&
                   mins[st->d] + dn->min_grant <= in->B[st->d];
            nst[st->s] += y[k];
            nd[st->d] += y[k];
            mins[st->d] += y[k] ? dn->min_grant : 0;
        }
        for (int k = 0; k < ns; k++)
            if (fixed[k] >= 0)
                y[k] = (unsigned char)fixed[k];
        for (int pass = 0; pass < 2 && co_seat_lp(r, y, x, NULL, r->until); pass++) {
            int closed = co_close_unpaying(in, ex, y, x);
            co_offer_incumbent(r, x, y);
            if (!closed)
                break;
        }
    }
done:
    if (Q)
        glp_delete_prob(Q);
    free(fixed);
    free(fr);
    free(nd);
    free(nst);
    free(mins);
    free(x);
    free(y);
}
