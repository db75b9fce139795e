/*
 * sensitivity.c: what the seat-fixed LP tells beyond the plan: whether its
 * basis is degenerate (duals not unique) and the budget range over which
 * each donor's marginal value holds.
 */
#include <float.h>
#include <math.h>
#include <stdio.h>

#include "base/util.h"

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

/* The budgets over which each donor's marginal value holds: ranging of its
 * budget row on the fixed-seat LP f. A used-up budget (a non-basic row)
 * keeps its dual between the limits glp_analyze_bound gives for the row's
 * bound; a budget with money left (a basic row, dual 0) keeps it from what
 * is allocated upwards. A donor without a row (no eligible pair, or no
 * open seat) keeps its value for any budget from what it gives. Each
 * ranging is a solve with the basis: at the deadline `until` (co_clock)
 * the rest are left unknown (NAN) and 0 is returned; 1 when all are done.
 * glp_analyze_bound needs a factorised basis and is fatal on a basic row,
 * so both are checked first. */
int co_budget_ranges(co_search_run *r, const co_fixed_lp *f, double until)
{
    const co_instance *in = r->in;
    glp_prob *Q = f->Q;
    int basis = glp_bf_exists(Q) || glp_factorize(Q) == 0, done = 1;
    for (int d = 0; d < in->nd; d++) {
        int i = r->budget_row[d] ? co_fixed_row(f, r->budget_row[d]) : 0;
        double lo = NAN, hi = NAN;
        if (!i) {
            lo = 0;
            hi = INFINITY;
        } else if (glp_get_row_stat(Q, i) == GLP_BS) {
            lo = glp_get_row_prim(Q, i);
            hi = INFINITY;
        } else if (basis && co_clock() < until) {
            double v1, v2;
            int var1, var2;
            glp_analyze_bound(Q, i, &v1, &var1, &v2, &var2);
            lo = v1 <= -DBL_MAX ? -INFINITY : v1;
            hi = v2 >= DBL_MAX ? INFINITY : v2;
            if (lo < 0)
                lo = 0; /* a budget is never below 0 */
        } else {
            done = 0;
        }
        r->sol->budget_lo[d] = lo;
        r->sol->budget_hi[d] = hi;
    }
    return done;
}

/* The reported plan and the marginal values (MODEL.md "Reading the
 * solution", "Numerics"; by donor and year, MULTIYEAR.md "Model"): the LP
 * with every seat fixed at y. In an open seat the bound x <= U (column
 * bound, link row and horizon link row) only repeats the need, budget, cap
 * and absorption rows (U is their least); left in, it can take the dual
 * that belongs to the budget when x = U = B_d. So it goes: the budget rows'
 * duals are then what one more dollar to the donor is worth, and their
 * ranges are the budget's. It may run a little past the solve's deadline
 * (2% of the solve's time, at least 0.05 s: the run keeps a margin) rather
 * than leave the plan unread; when even that is too short, the search's
 * amounts stand (they keep every constraint) and the skipped list says so.
 * Up to CO_WHOLE_FIXED_LP pairs the LP is the whole model reduced by GLPK's
 * presolver (0.06 s at 100x80, 21,000 pairs), as the plan was always read;
 * above, the small LP of fixed_lp.c (the presolver took 13 s at 400x300 and
 * does not watch tm_lim). Both give an optimum of the same LP; where it is
 * degenerate, their marginal values can differ. */
#define CO_WHOLE_FIXED_LP 30000

int co_read_fixed_lp(co_search_run *r, const unsigned char *y)
{
    const co_instance *in = r->in;
    const co_solve_opts *o = r->o;
    co_solution *sol = r->sol;
    double grace = 0.02 * o->dl.limit > 0.05 ? 0.02 * o->dl.limit : 0.05;
    double until = r->until + grace;
    co_fixed_lp f;
    sol->fixed_lp_failed = 1;
    if (co_clock() + r->reserve > until) {
        sol->skipped |= CO_SKIP_FIXED_LP | CO_SKIP_MARGINAL;
        return 0;
    }
    if (in->n_pairs <= CO_WHOLE_FIXED_LP) {
        co_fixed_lp_whole(r, y, &f);
    } else if (co_fixed_lp_build(r, y, NULL, 1, &f) != CO_OK) {
        co_warn(r->dg, "out of memory building the LP with seats fixed; amounts are the "
                       "search's and marginal values are not available");
        return -1;
    }
    glp_prob *Q = f.Q;
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = o->log ? GLP_MSG_ON : GLP_MSG_ERR;
    sp.meth = GLP_DUALP;
    sp.presolve = GLP_ON;
    sp.tm_lim = co_ms(until - co_clock());
    int sret = f.infeasible ? GLP_ENOPFS : glp_simplex(Q, &sp);
    int got = 1;
    if (sret == 0 && glp_get_status(Q) == GLP_OPT) {
        sol->fixed_lp_failed = 0;
        for (int i = 0; i < in->n_pairs; i++) {
            int q = co_fixed_col(&f, co_col_x(in, i));
            double v = q ? glp_get_col_prim(Q, q) : 0;
            sol->x[i] = v < 0 ? 0 : v;
        }
        /* per donor and year: its row's dual; with carry-over, one more
         * dollar in year t loosens the cumulative rows of t and later */
        for (int d = 0; d < in->nd; d++) {
            double later = 0;
            for (int t = in->ny - 1; t >= 0; t--) {
                int row = r->budget_row[co_inst_dy(in, d, t)];
                int i = row ? co_fixed_row(&f, row) : 0;
                double v = i ? glp_get_row_dual(Q, i) : 0.0;
                later = in->yr.carry[d] ? later + v : v;
                sol->budget_dual[co_inst_dy(in, d, t)] = later;
            }
        }
        for (int n = 0; n < in->nn; n++) {
            int i = r->need_row[n] ? co_fixed_row(&f, r->need_row[n]) : 0;
            sol->need_dual[n] = !r->need_row[n] ? NAN : i ? glp_get_row_dual(Q, i) : 0.0;
        }
        for (size_t c = 0; c < (size_t)in->nd * (size_t)in->na * (size_t)in->ny; c++) {
            int i = r->cap_row[c] ? co_fixed_row(&f, r->cap_row[c]) : 0;
            sol->cap_dual[c] = i ? glp_get_row_dual(Q, i) : 0.0;
        }
        /* z_s >= 0 costs rho a USD; its reduced cost is -rho + the floor
         * row's worth, so that worth is rho + the reduced cost */
        for (int s = 0; s < in->ns; s++) {
            int j = r->z_col[s] ? co_fixed_col(&f, r->z_col[s]) : 0;
            double v = j ? in->p.shortfall_penalty + glp_get_col_dual(Q, j) : 0;
            sol->floor_dual[s] = v < 0 ? 0 : v;
        }
        sol->degenerate = co_is_degenerate(Q);
        /* a multi-year plan reports no budget ranges (MULTIYEAR.md
         * "Reporting": by year, a marginal value only): none computed */
        if (in->yr.multi)
            for (size_t k = 0; k < (size_t)in->nd * (size_t)in->ny; k++)
                sol->budget_lo[k] = sol->budget_hi[k] = NAN;
        else if (!co_budget_ranges(r, &f, until))
            sol->skipped |= CO_SKIP_RANGES;
    } else if (sret == GLP_ETMLIM || (sret == 0 && co_clock() >= until)) {
        sol->skipped |= CO_SKIP_FIXED_LP | CO_SKIP_MARGINAL;
        got = 0;
    } else {
        co_warn(r->dg, "the LP with seats fixed did not solve (code %d); amounts are the "
                       "search's and marginal values are not available",
                sret);
        got = -1;
    }
    co_fixed_lp_release(&f);
    return got;
}
