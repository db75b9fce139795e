/*
 * fixed_lp.c: the LP with every seat fixed (MODEL.md "Numerics"), built
 * small: the pairs of open seats, the columns without a seat (z), and the
 * rows that keep one of them, each shifted by its fixed seats; a row left
 * with fixed seats only is checked, not built. GLPK's presolver reaches
 * the same LP from the whole model, but takes seconds at 400x300 without
 * watching tm_lim. Solving and reading it are the callers' (search.c,
 * sensitivity.c).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "solve/search.h"

/* The model's matrix by row (CSR), read from P once: P's rows do not
 * change while the search runs (the branch and bound removes its cuts). */
static int load_rows(co_search_run *r)
{
    glp_prob *P = r->P;
    int m = glp_get_num_rows(P), n = glp_get_num_cols(P), nnz = glp_get_num_nz(P);
    int *ind = malloc(((size_t)n + 1) * sizeof *ind);
    double *val = malloc(((size_t)n + 1) * sizeof *val);
    r->row_start = malloc(((size_t)m + 2) * sizeof *r->row_start);
    r->row_col = malloc(((size_t)nnz + 1) * sizeof *r->row_col);
    r->row_val = malloc(((size_t)nnz + 1) * sizeof *r->row_val);
    if (!ind || !val || !r->row_start || !r->row_col || !r->row_val) {
        free(ind);
        free(val);
        return CO_EINTERNAL;
    }
    int at = 0;
    for (int i = 1; i <= m; i++) {
        r->row_start[i] = at;
        int len = glp_get_mat_row(P, i, ind, val);
        for (int k = 1; k <= len; k++) {
            r->row_col[at] = ind[k];
            r->row_val[at++] = val[k];
        }
    }
    r->row_start[m + 1] = at;
    r->rows_loaded = m;
    free(ind);
    free(val);
    return CO_OK;
}

void co_fixed_lp_whole(co_search_run *r, const unsigned char *y, co_fixed_lp *f)
{
    const co_instance *in = r->in;
    memset(f, 0, sizeof *f);
    f->Q = r->P;
    co_fix_seats(r->P, in, y);
    for (int i = 0; in->n_seats && i < in->n_pairs; i++) {
        if (!y[in->pairs[i].seat])
            continue;
        glp_set_col_bnds(r->P, co_col_x(in, i), GLP_LO, 0.0, 0.0);
        glp_set_row_bnds(r->P, r->link_row0 + i, GLP_FR, 0.0, 0.0);
    }
    /* an open seat's horizon link rows repeat its rows as well */
    for (int g = 0; in->n_seats && g < r->n_hlink; g++)
        if (y[r->hlink_seat[g]])
            glp_set_row_bnds(r->P, r->link_row0 + in->n_pairs + g, GLP_FR, 0.0, 0.0);
    /* the search's own rows add nothing once the seats are fixed: gone, so
     * this is the model's LP exactly (P is not searched any more) */
    if (r->cuts.n) {
        int *num = malloc(((size_t)r->cuts.n + 1) * sizeof *num);
        if (num) {
            for (int j = 0; j < r->cuts.n; j++)
                num[j + 1] = r->cuts.first + j;
            glp_del_rows(r->P, r->cuts.n, num);
            free(num);
        } else {
            for (int j = 0; j < r->cuts.n; j++)
                glp_set_row_bnds(r->P, r->cuts.first + j, GLP_FR, 0.0, 0.0);
        }
        r->cuts.n = 0;
    }
    /* scaled as the model alone (the branch and bound scaled it with the
     * cuts): the same numbers as before the cuts, in the ranges too */
    glp_scale_prob(r->P, GLP_SF_AUTO);
}

void co_fixed_lp_release(co_fixed_lp *f)
{
    if (!f)
        return;
    if (f->Q && f->row)
        glp_delete_prob(f->Q);
    free(f->row);
    free(f->col);
    memset(f, 0, sizeof *f);
}

int co_fixed_lp_build(co_search_run *r, const unsigned char *y, const unsigned char *free_seat,
                      int no_upper, co_fixed_lp *f)
{
    const co_instance *in = r->in;
    glp_prob *P = r->P;
    memset(f, 0, sizeof *f);
    if (!r->row_start && load_rows(r) != CO_OK)
        return CO_EINTERNAL;
    int m = r->rows_loaded, n = glp_get_num_cols(P);
    int y0 = co_col_y(in, 0), y1 = y0 + in->n_seats; /* y columns: [y0, y1) */
    int link0 = in->n_pairs && in->n_seats ? r->link_row0 : 0;
    co_triplets t = {0};
    f->row = calloc((size_t)m + 2, sizeof *f->row);
    f->col = calloc((size_t)n + 2, sizeof *f->col);
    f->Q = glp_create_prob();
    if (!f->row || !f->col)
        goto oom;
    glp_prob *Q = f->Q;
    glp_set_obj_dir(Q, GLP_MAX);
    /* columns: x of open and free seats, y of free seats, and every column
     * that is neither x nor y; a fixed seat's y is a constant */
    double c0 = glp_get_obj_coef(P, 0);
    int nq = 0;
    for (int j = 1; j <= n; j++) {
        if (j >= y0 && j < y1 && !(free_seat && free_seat[j - y0])) {
            c0 += glp_get_obj_coef(P, j) * y[j - y0];
            continue;
        }
        if (j <= in->n_pairs) {
            int k = in->pairs[j - 1].seat;
            if (!y[k] && !(free_seat && free_seat[k]))
                continue;
        }
        f->col[j] = ++nq;
    }
    glp_set_obj_coef(Q, 0, c0);
    if (nq)
        glp_add_cols(Q, nq);
    for (int j = 1; j <= n; j++) {
        int q = f->col[j];
        if (!q)
            continue;
        glp_set_obj_coef(Q, q, glp_get_obj_coef(P, j));
        if (no_upper && j <= in->n_pairs)
            glp_set_col_bnds(Q, q, GLP_LO, 0.0, 0.0);
        else
            glp_set_col_bnds(Q, q, glp_get_col_type(P, j), glp_get_col_lb(P, j),
                             glp_get_col_ub(P, j));
        if (j >= y0 && j < y1)
            glp_set_col_kind(Q, q, glp_get_col_kind(P, j));
    }
    /* rows: a fixed seat's link rows only repeat its columns' bounds (y = 1)
     * or the dropped columns (y = 0); every other row keeps what is left */
    int mq = 0;
    for (int i = 1; i <= m; i++) {
        if (link0 && i >= link0 && i < link0 + in->n_pairs &&
            !(free_seat && free_seat[in->pairs[i - link0].seat]))
            continue;
        /* so do its horizon link rows (multi-year) */
        int h = i - link0 - in->n_pairs;
        if (link0 && h >= 0 && h < r->n_hlink && !(free_seat && free_seat[r->hlink_seat[h]]))
            continue;
        /* a fixed seat's capacity row repeats its columns' bounds too */
        int cut = r->cuts.n && i >= r->cuts.first ? r->cuts.seat_of[i - r->cuts.first] : -1;
        if (cut >= 0 && !(free_seat && free_seat[cut]))
            continue;
        double shift = 0;
        int kept = 0;
        for (int k = r->row_start[i]; k < r->row_start[i + 1]; k++) {
            int j = r->row_col[k];
            if (f->col[j])
                kept++;
            else if (j >= y0 && j < y1)
                shift += r->row_val[k] * y[j - y0];
        }
        int type = glp_get_row_type(P, i);
        double lo = glp_get_row_lb(P, i) - shift, hi = glp_get_row_ub(P, i) - shift;
        if (!kept) {
            /* fixed seats alone: 0 must lie within the shifted bounds */
            double tol = 1e-9 * (1 + fabs(shift));
            if (((type == GLP_LO || type == GLP_DB || type == GLP_FX) && lo > tol) ||
                ((type == GLP_UP || type == GLP_DB || type == GLP_FX) && hi < -tol))
                f->infeasible = 1;
            continue;
        }
        int q = f->row[i] = ++mq;
        glp_add_rows(Q, 1);
        glp_set_row_bnds(Q, q, type, lo, hi);
        for (int k = r->row_start[i]; k < r->row_start[i + 1]; k++)
            if (f->col[r->row_col[k]])
                co_triplets_add(&t, q, f->col[r->row_col[k]], r->row_val[k]);
    }
    if (t.oom)
        goto oom;
    if (t.nnz)
        glp_load_matrix(Q, t.nnz, t.ia, t.ja, t.ar);
    co_triplets_release(&t);
    return CO_OK;
oom:
    co_triplets_release(&t);
    co_fixed_lp_release(f);
    return CO_EINTERNAL;
}

int co_fixed_lp_solve(co_search_run *r, const unsigned char *y, double until, co_fixed_lp *f)
{
    memset(f, 0, sizeof *f);
    if (until <= co_clock() || co_fixed_lp_build(r, y, NULL, 0, f) != CO_OK || f->infeasible)
        return 0;
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.tm_lim = co_ms(until - co_clock());
    glp_scale_prob(f->Q, GLP_SF_AUTO);
    return glp_simplex(f->Q, &sp) == 0 && glp_get_status(f->Q) == GLP_OPT;
}
