/*
 * sensitivity.c: what the seat-fixed LP tells beyond the plan: whether its
 * basis is degenerate (duals not unique) and the budget range over which
 * each donor's marginal value holds.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>

#include "solve/search.h"

/* True when some basic variable sits at one of its bounds: the optimal
 * basis is then primal degenerate and its duals need not be unique. */
int co_is_degenerate(glp_prob *P)
{
    const double tol = 1e-7;
    int m = glp_get_num_rows(P), n = glp_get_num_cols(P);
    for (int k = 1; k <= m + n; k++) {
        int row = k <= m, i = row ? k : k - m;
        int stat = row ? glp_get_row_stat(P, i) : glp_get_col_stat(P, i);
        if (stat != GLP_BS)
            continue;
        int type = row ? glp_get_row_type(P, i) : glp_get_col_type(P, i);
        double v = row ? glp_get_row_prim(P, i) : glp_get_col_prim(P, i);
        double lo = row ? glp_get_row_lb(P, i) : glp_get_col_lb(P, i);
        double hi = row ? glp_get_row_ub(P, i) : glp_get_col_ub(P, i);
        double scale = 1.0 + fabs(v);
        if ((type == GLP_LO || type == GLP_DB || type == GLP_FX) && fabs(v - lo) <= tol * scale)
            return 1;
        if ((type == GLP_UP || type == GLP_DB) && fabs(v - hi) <= tol * scale)
            return 1;
    }
    return 0;
}

/* The budgets over which each donor's marginal value holds (each donor
 * and year's, by co_inst_dy): ranging of its budget row on the fixed-seat
 * LP; unknown (NaN) for a donor with carry-over, whose rows are
 * cumulative. A used-up budget (a non-basic row) keeps
 * its dual between the limits glp_analyze_bound gives for the row's bound;
 * a budget with money left (a basic row, dual 0) keeps it from what is
 * allocated upwards. A donor without a row (no eligible pair) keeps 0 for
 * any budget. glp_analyze_bound needs a factorised basis and is fatal on a
 * basic row, so both are checked first. */
void co_budget_ranges(co_search_run *r, glp_prob *P)
{
    const co_instance *in = r->in;
    int basis = glp_bf_exists(P) || glp_factorize(P) == 0;
    for (size_t k = 0; k < (size_t)in->nd * (size_t)in->ny; k++) {
        int i = r->budget_row[k];
        double lo = NAN, hi = NAN;
        if (in->yr.carry[k / (size_t)in->ny]) {
            /* a cumulative row's range is not the year's budget's */
        } else if (!i) {
            lo = 0;
            hi = INFINITY;
        } else if (glp_get_row_stat(P, i) == GLP_BS) {
            lo = glp_get_row_prim(P, i);
            hi = INFINITY;
        } else if (basis) {
            double v1, v2;
            int var1, var2;
            glp_analyze_bound(P, i, &v1, &var1, &v2, &var2);
            lo = v1 <= -DBL_MAX ? -INFINITY : v1;
            hi = v2 >= DBL_MAX ? INFINITY : v2;
            if (lo < 0)
                lo = 0; /* a budget is never below 0 */
        }
        r->sol->budget_lo[k] = lo;
        r->sol->budget_hi[k] = hi;
    }
}


/* The reported plan and the marginal values (MODEL.md "Reading the
 * solution", "Numerics"; by year, MULTIYEAR.md): the LP with every seat
 * fixed at r->sol->y, solved on P itself (P is changed). In an open seat
 * the bound x <= U (column bound, link row and horizon link row) only
 * repeats the need, budget, cap and absorption rows
 * (U is their least); left in, it can take the dual that belongs to the
 * budget when x = U = B_d. So it goes: the budget rows' duals are then
 * what one more dollar to the donor is worth, and their ranges are the
 * budget's. When the LP does not solve, the amounts stay the MIP's,
 * sol->fixed_lp_failed is set and a warning goes to r->dg. */
void co_read_fixed_lp(co_search_run *r, glp_prob *P)
{
    const co_instance *in = r->in;
    const co_solve_opts *o = r->o;
    co_solution *sol = r->sol;
    int msg = o->log ? GLP_MSG_ON : GLP_MSG_ERR;
    glp_smcp sp;
    co_fix_seats(P, in, sol->y);
    for (int i = 0, h = 0; in->n_seats && i < in->n_pairs; i++) {
        /* the horizon link rows follow the link rows (formulate.h) */
        int last = i + 1 == in->n_pairs || in->pairs[i + 1].d != in->pairs[i].d ||
                   in->pairs[i + 1].n != in->pairs[i].n;
        int multi = last && (i > 0 && in->pairs[i - 1].d == in->pairs[i].d &&
                             in->pairs[i - 1].n == in->pairs[i].n);
        int hrow = multi ? r->link_row0 + in->n_pairs + h++ : 0;
        if (!sol->y[in->pairs[i].seat])
            continue;
        glp_set_col_bnds(P, co_col_x(in, i), GLP_LO, 0.0, 0.0);
        glp_set_row_bnds(P, r->link_row0 + i, GLP_FR, 0.0, 0.0);
        if (hrow)
            glp_set_row_bnds(P, hrow, GLP_FR, 0.0, 0.0);
    }
    glp_init_smcp(&sp);
    sp.msg_lev = msg;
    sp.meth = GLP_DUALP;
    sp.presolve = GLP_ON; /* seats fixed: most link rows fall away */
    /* this LP gives the reported amounts: it may overrun the limit a little
     * rather than leave the plan unread, but not without bound */
    double left = co_time_left(r) + r->reserve;
    sp.tm_lim = co_ms(left > 0.1 * o->time_limit ? left : 0.1 * o->time_limit);
    int sret = glp_simplex(P, &sp);
    if (sret == 0 && glp_get_status(P) == GLP_OPT) {
        for (int i = 0; i < in->n_pairs; i++) {
            double v = glp_get_col_prim(P, co_col_x(in, i));
            sol->x[i] = v < 0 ? 0 : v;
        }
        /* per donor and year: its row's dual; with carry-over, one more
         * dollar in year t loosens the cumulative rows of t and later */
        for (int d = 0; d < in->nd; d++) {
            double later = 0;
            for (int t = in->ny - 1; t >= 0; t--) {
                int row = r->budget_row[co_inst_dy(in, d, t)];
                double v = row ? glp_get_row_dual(P, row) : 0.0;
                later = in->yr.carry[d] ? later + v : v;
                sol->budget_dual[co_inst_dy(in, d, t)] = later;
            }
        }
        for (int n = 0; n < in->nn; n++)
            sol->need_dual[n] = r->need_row[n] ? glp_get_row_dual(P, r->need_row[n]) : NAN;
        for (size_t i = 0; i < (size_t)in->nd * (size_t)in->na * (size_t)in->ny; i++)
            sol->cap_dual[i] = r->cap_row[i] ? glp_get_row_dual(P, r->cap_row[i]) : 0.0;
        /* z_s >= 0 costs rho a USD; its reduced cost is -rho + the floor
         * row's worth, so that worth is rho + the reduced cost */
        for (int s = 0; s < in->ns; s++) {
            double v = r->z_col[s] ? in->p.shortfall_penalty + glp_get_col_dual(P, r->z_col[s]) : 0;
            sol->floor_dual[s] = v < 0 ? 0 : v;
        }
        sol->degenerate = co_is_degenerate(P);
        /* a multi-year plan reports no budget ranges (MULTIYEAR.md
         * "Reporting": by year, a marginal value only): none computed */
        if (in->yr.multi)
            for (size_t k = 0; k < (size_t)in->nd * (size_t)in->ny; k++)
                sol->budget_lo[k] = sol->budget_hi[k] = NAN;
        else
            co_budget_ranges(r, P);
    } else {
        sol->fixed_lp_failed = 1;
        co_warn(r->dg, "the LP with seats fixed did not solve (code %d); amounts are the MIP's "
                    "and marginal values are not available",
                sret);
    }
}
