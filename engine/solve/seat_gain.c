/*
 * seat_gain.c: what opening one more seat would earn, exactly: the LP with
 * every seat fixed (the plan's, MODEL.md "Numerics") re-solved with that
 * seat opened too, the rows on seats alone (engagement, coalition size,
 * what-if cuts) left out, so that a limit's worth can be told. The
 * diagnosis (engine/run/diagnose.c) uses it where marginal values only
 * bound the answer.
 */
#include <math.h>
#include <stdlib.h>

#include "solve/formulate.h"
#include "solve/glpk_guard.h"
#include "solve/solve.h"

#include "base/util.h"

/* Sum w x - rho sum z of the solved LP: what the money earns. */
static double money_value(glp_prob *P, const co_instance *in, const int *z_col)
{
    double v = 0;
    for (int i = 0; i < in->n_pairs; i++)
        v += in->pairs[i].w * glp_get_col_prim(P, co_col_x(in, i));
    for (int s = 0; s < in->ns; s++)
        if (z_col[s])
            v -= in->p.shortfall_penalty * glp_get_col_prim(P, z_col[s]);
    return v;
}

static int solve_lp(glp_prob *P, double deadline)
{
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.meth = GLP_DUALP;
    double left = deadline - co_clock();
    sp.tm_lim = (int)(left > 0.001 ? left * 1000 : 1);
    int ret = glp_simplex(P, &sp);
    if (ret == 0 && glp_get_status(P) == GLP_OPT)
        return 1;
    if (ret == 0 && (glp_get_status(P) == GLP_NOFEAS || glp_get_prim_stat(P) == GLP_NOFEAS))
        return 0;
    return -1;
}

/* Not inlined into co_seat_gains: its locals must not live in the frame
 * that calls setjmp. */
__attribute__((noinline)) static int gains_glpk(glp_prob *P, const co_instance *in,
                                                const co_extras *ex, const unsigned char *y,
                                                const int *seats, int n, double deadline,
                                                double *gain, int *budget_row, int *z_col,
                                                co_diag *dg)
{
    if (co_formulate(in, ex, P, budget_row, z_col, 1, NULL, NULL, NULL) != CO_OK) {
        co_err(dg, "out of memory building the model");
        return CO_EINTERNAL;
    }
    co_fix_seats(P, in, y);
    /* rows on seats alone are the seat choice's, not the money's */
    int m = glp_get_num_rows(P), ncol = glp_get_num_cols(P);
    int *ind = malloc(((size_t)ncol + 1) * sizeof *ind);
    double *val = malloc(((size_t)ncol + 1) * sizeof *val);
    if (!ind || !val) {
        free(ind);
        free(val);
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    for (int i = 1; i <= m; i++) {
        int len = glp_get_mat_row(P, i, ind, val), money = 0;
        for (int q = 1; q <= len && !money; q++)
            money = ind[q] <= in->n_pairs || ind[q] > in->n_pairs + in->n_seats;
        if (!money && len > 0)
            glp_set_row_bnds(P, i, GLP_FR, 0.0, 0.0);
    }
    free(ind);
    free(val);
    glp_adv_basis(P, 0);
    int ok = solve_lp(P, deadline);
    if (ok != 1)
        return CO_OK; /* gains stay NAN: the plan's own LP did not solve */
    double base = money_value(P, in, z_col);
    for (int i = 0; i < n && co_clock() < deadline; i++) {
        int k = seats[i];
        if (k < 0 || k >= in->n_seats || y[k])
            continue;
        int j = co_col_y(in, k);
        glp_set_col_bnds(P, j, GLP_FX, 1.0, 1.0);
        ok = solve_lp(P, deadline);
        gain[i] = ok == 1 ? money_value(P, in, z_col) - base : ok == 0 ? -INFINITY : NAN;
        glp_set_col_bnds(P, j, GLP_FX, 0.0, 0.0);
        if (ok != 1 && solve_lp(P, deadline) != 1)
            break; /* the basis is lost: leave the rest unknown */
    }
    return CO_OK;
}

int co_seat_gains(const co_instance *in, const co_extras *ex, const unsigned char *y,
                  const int *seats, int n, double deadline, double *gain, co_diag *dg)
{
    for (int i = 0; i < n; i++)
        gain[i] = NAN;
    int *budget_row = malloc(((size_t)in->nd + 1) * sizeof *budget_row);
    int *z_col = malloc(((size_t)in->ns + 1) * sizeof *z_col);
    if (!budget_row || !z_col) {
        free(budget_row);
        free(z_col);
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    int rc;
    co_guard g = {.log = NULL};
    if (setjmp(g.jb)) {
        co_guard_fail(&g, dg);
        rc = CO_ESOLVER;
    } else {
        co_guard_install(&g);
        glp_prob *P = glp_create_prob();
        rc = gains_glpk(P, in, ex, y, seats, n, deadline, gain, budget_row, z_col, dg);
        glp_delete_prob(P);
        co_guard_remove();
    }
    free(budget_row);
    free(z_col);
    return rc;
}
