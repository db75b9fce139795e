/*
 * deadlines.c: the deadline analysis's LPs for one need (solve/deadlines.h),
 * one GLPK problem warm-started from year to year. BC(n, T) for T = Y0,
 * Y0 + 1, ... until the earliest completion year and Y* are both known;
 * at T = Y* the gap by year: the least total gap, then the most gap in
 * Y*, Y* - 1, ... (MULTIYEAR.md), each a re-solve with the earlier optima
 * held. Which needs, their data and verdicts are engine/model's.
 *
 * Formulation. A donor without carry-over meets the need's rows only
 * through its year's column (its budget and area cap are bounds on one
 * variable), so those donors enter as one column a year bounded by the sum
 * of min(B_{d,t}, cap); so do donors with carry-over and no area cap
 * (together they can place in a year what their summed cumulative budgets
 * allow: a pooled budget serves any later year). Donors with carry-over
 * and an area cap keep a column a year and their cumulative rows. Years
 * after T are columns fixed at 0.
 */
#include "solve/deadlines.h"

#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "solve/glpk_guard.h"
#include "solve/triplets.h"

/* A value held in a lexicographic step may move by this much (USD): far
 * below a cent, far above the arithmetic's noise at these magnitudes. */
#define HOLD_TOL(v) (1e-4 + 1e-12 * fabs(v))

typedef struct lp {
    glp_prob *P;
    int ny, due;
    int nx;          /* x columns 1..nx */
    int *year;       /* [1..nx]: the column's year index */
    double *ub;      /* [1..nx]: its upper bound, INFINITY when none */
    int g0;          /* gap column of year k: g0 + k, k = 0..due */
    int need_row, cover_row, gsum_row;
} lp;

/* A column of the formulation before it is loaded. */
typedef struct col {
    int year;
    double ub;
    int group; /* -1: no cumulative rows; else the index of its cumulative budgets */
} col;

typedef struct build {
    col *cols;
    int n, cap;
    double **cum; /* per group: cumulative budget by year */
    int ngroups;
    int oom;
} build;

static void add_col(build *b, int year, double ub, int group)
{
    if (b->n == b->cap) {
        int cap = b->cap ? 2 * b->cap : 16;
        col *c = realloc(b->cols, (size_t)cap * sizeof *c);
        if (!c) {
            b->oom = 1;
            return;
        }
        b->cols = c;
        b->cap = cap;
    }
    b->cols[b->n++] = (col){year, ub, group};
}

/* A group of cumulative rows: its budgets summed over `who` (nd flags). */
static int add_group(build *b, const co_bc_problem *pb, const unsigned char *who)
{
    double *cum = calloc((size_t)pb->ny, sizeof *cum);
    double **g = realloc(b->cum, ((size_t)b->ngroups + 1) * sizeof *g);
    if (!cum || !g) {
        free(cum);
        if (g)
            b->cum = g;
        b->oom = 1;
        return -1;
    }
    b->cum = g;
    b->cum[b->ngroups] = cum;
    for (int k = 0; k < pb->ny; k++) {
        cum[k] = k ? cum[k - 1] : 0;
        for (int i = 0; i < pb->nd; i++)
            if (who[i])
                cum[k] += pb->donors[i].budget[k];
    }
    return b->ngroups++;
}

/* The columns: pooled donors without carry-over, pooled donors with
 * carry-over and no cap, one group per capped donor with carry-over. */
static void make_columns(build *b, const co_bc_problem *pb)
{
    unsigned char *who = calloc((size_t)pb->nd + 1, 1);
    if (!who) {
        b->oom = 1;
        return;
    }
    for (int k = 0; k < pb->ny; k++) {
        double ub = 0;
        for (int i = 0; i < pb->nd; i++) {
            const co_bc_donor *d = &pb->donors[i];
            if (!d->carry)
                ub += d->budget[k] < d->cap ? d->budget[k] : d->cap;
        }
        if (ub > 0 && pb->absorb[k] > 0)
            add_col(b, k, ub, -1);
    }
    int any = 0;
    for (int i = 0; i < pb->nd; i++)
        any |= who[i] = pb->donors[i].carry && isinf(pb->donors[i].cap);
    for (int pass = 0; pass <= pb->nd && !b->oom; pass++) {
        if (pass > 0) {
            /* capped donor pass - 1 with carry-over, alone */
            const co_bc_donor *d = &pb->donors[pass - 1];
            if (!d->carry || isinf(d->cap))
                continue;
            memset(who, 0, (size_t)pb->nd);
            who[pass - 1] = 1;
        } else if (!any) {
            continue;
        }
        int g = add_group(b, pb, who);
        if (g < 0)
            break;
        double cap = pass > 0 ? pb->donors[pass - 1].cap : INFINITY;
        for (int k = 0; k < pb->ny; k++)
            if (b->cum[g][k] > 0 && pb->absorb[k] > 0)
                add_col(b, k, b->cum[g][k] < cap ? b->cum[g][k] : cap, g);
    }
    free(who);
}

static void build_release(build *b)
{
    for (int g = 0; g < b->ngroups; g++)
        free(b->cum[g]);
    free(b->cum);
    free(b->cols);
}

/* Loads the problem into l->P: rows (absorption by year, the need, the
 * cumulative budgets, cover, gap sum), then the columns, all x fixed at
 * 0 (T before Y0) and the gaps fixed at 0 (not in the gap phase). */
static int load(lp *l, const co_bc_problem *pb)
{
    build b = {0};
    co_triplets t = {0};
    int rc = CO_EINTERNAL;
    make_columns(&b, pb);
    l->nx = b.n;
    l->year = malloc(((size_t)b.n + 1) * sizeof *l->year);
    l->ub = malloc(((size_t)b.n + 1) * sizeof *l->ub);
    int *absorb_row = calloc((size_t)pb->ny, sizeof *absorb_row);
    if (b.oom || !l->year || !l->ub || !absorb_row)
        goto out;
    glp_prob *P = l->P;
    glp_set_obj_dir(P, GLP_MAX);
    for (int k = 0; k < pb->ny; k++)
        if (isfinite(pb->absorb[k])) {
            absorb_row[k] = glp_add_rows(P, 1);
            glp_set_row_bnds(P, absorb_row[k], GLP_UP, 0.0, pb->absorb[k]);
        }
    l->need_row = glp_add_rows(P, 1);
    glp_set_row_bnds(P, l->need_row, GLP_UP, 0.0, pb->required[0]);
    l->cover_row = glp_add_rows(P, 1);
    l->gsum_row = glp_add_rows(P, 1);
    glp_set_row_bnds(P, l->cover_row, GLP_FR, 0.0, 0.0);
    glp_set_row_bnds(P, l->gsum_row, GLP_FR, 0.0, 0.0);
    /* cumulative rows: one per group and year where the group has a column */
    if (b.n > 0)
        glp_add_cols(P, b.n);
    for (int j = 1; j <= b.n; j++) {
        const col *c = &b.cols[j - 1];
        l->year[j] = c->year;
        l->ub[j] = c->ub;
        glp_set_col_bnds(P, j, GLP_FX, 0.0, 0.0);
        glp_set_obj_coef(P, j, 1.0);
        if (absorb_row[c->year])
            co_triplets_add(&t, absorb_row[c->year], j, 1.0);
        co_triplets_add(&t, l->need_row, j, 1.0);
        if (c->year <= pb->due)
            co_triplets_add(&t, l->cover_row, j, 1.0);
    }
    for (int g = 0; g < b.ngroups; g++)
        for (int k = 0; k < pb->ny; k++) {
            int has = 0;
            for (int j = 1; j <= b.n && !has; j++)
                has = b.cols[j - 1].group == g && b.cols[j - 1].year == k;
            if (!has)
                continue;
            int row = glp_add_rows(P, 1);
            glp_set_row_bnds(P, row, GLP_UP, 0.0, b.cum[g][k]);
            for (int j = 1; j <= b.n; j++)
                if (b.cols[j - 1].group == g && b.cols[j - 1].year <= k)
                    co_triplets_add(&t, row, j, 1.0);
        }
    l->g0 = glp_add_cols(P, pb->due + 1);
    for (int k = 0; k <= pb->due; k++) {
        int j = l->g0 + k;
        glp_set_col_bnds(P, j, GLP_FX, 0.0, 0.0);
        if (absorb_row[k])
            co_triplets_add(&t, absorb_row[k], j, 1.0);
        co_triplets_add(&t, l->cover_row, j, 1.0);
        co_triplets_add(&t, l->gsum_row, j, 1.0);
    }
    if (t.oom)
        goto out;
    glp_load_matrix(P, t.nnz, t.ia, t.ja, t.ar);
    rc = CO_OK;
out:
    free(absorb_row);
    co_triplets_release(&t);
    build_release(&b);
    return rc;
}

/* One solve from the current basis: 1 optimal, 0 the time is up, -1 it
 * failed (then retried once from the standard basis). */
static int solve(lp *l, double deadline)
{
    for (int attempt = 0; attempt < 2; attempt++) {
        double left = deadline - co_clock();
        if (left <= 0)
            return 0;
        glp_smcp sp;
        glp_init_smcp(&sp);
        sp.msg_lev = GLP_MSG_OFF;
        sp.meth = GLP_DUALP;
        sp.r_test = GLP_RT_STD; /* no bound shifted within tolerance */
        sp.tol_bnd = 1e-9;
        sp.tm_lim = left < 1e6 ? (int)(left * 1000) + 1 : 1000000000;
        if (attempt)
            glp_std_basis(l->P);
        int ret = glp_simplex(l->P, &sp);
        if (ret == GLP_ETMLIM)
            return 0;
        if (ret == 0 && glp_get_status(l->P) == GLP_OPT)
            return 1;
    }
    return -1;
}

/* Columns of year k: free within their bounds (on) or fixed at 0. */
static void open_year(lp *l, int k, int on)
{
    for (int j = 1; j <= l->nx; j++) {
        if (l->year[j] != k)
            continue;
        if (!on)
            glp_set_col_bnds(l->P, j, GLP_FX, 0.0, 0.0);
        else if (isinf(l->ub[j]))
            glp_set_col_bnds(l->P, j, GLP_LO, 0.0, 0.0);
        else
            glp_set_col_bnds(l->P, j, GLP_DB, 0.0, l->ub[j]);
    }
}

static void objective_x(lp *l, double coef)
{
    for (int j = 1; j <= l->nx; j++)
        glp_set_obj_coef(l->P, j, coef);
}

/* The gap by year at T = due (the x of years <= due open, the need row
 * at R(due)): least total gap, then the most in due, due - 1, ... Leaves
 * the problem as it found it. 1, 0 (time) or -1 (failed). */
static int gap_phase(lp *l, const co_bc_problem *pb, double deadline, double *gap)
{
    glp_prob *P = l->P;
    int due = pb->due, ok;
    for (int k = 0; k <= due; k++)
        glp_set_col_bnds(P, l->g0 + k, GLP_LO, 0.0, 0.0);
    glp_set_row_bnds(P, l->cover_row, GLP_LO, pb->target, 0.0);
    objective_x(l, 0.0);
    glp_set_obj_dir(P, GLP_MIN);
    for (int k = 0; k <= due; k++)
        glp_set_obj_coef(P, l->g0 + k, 1.0);
    ok = solve(l, deadline);
    if (ok == 1) {
        double least = glp_get_obj_val(P);
        glp_set_row_bnds(P, l->gsum_row, GLP_UP, 0.0, least + HOLD_TOL(least));
        glp_set_obj_dir(P, GLP_MAX);
        for (int k = 0; k <= due; k++)
            glp_set_obj_coef(P, l->g0 + k, 0.0);
        for (int k = due; k >= 0 && ok == 1; k--) {
            glp_set_obj_coef(P, l->g0 + k, 1.0);
            ok = solve(l, deadline);
            glp_set_obj_coef(P, l->g0 + k, 0.0);
            if (ok != 1)
                break;
            double v = glp_get_col_prim(P, l->g0 + k);
            gap[k] = v > 0 ? v : 0;
            double hold = v - HOLD_TOL(v);
            glp_set_col_bnds(P, l->g0 + k, GLP_LO, hold > 0 ? hold : 0.0, 0.0);
        }
    }
    for (int k = 0; k <= due; k++)
        glp_set_col_bnds(P, l->g0 + k, GLP_FX, 0.0, 0.0);
    glp_set_row_bnds(P, l->cover_row, GLP_FR, 0.0, 0.0);
    glp_set_row_bnds(P, l->gsum_row, GLP_FR, 0.0, 0.0);
    glp_set_obj_dir(P, GLP_MAX);
    objective_x(l, 1.0);
    return ok;
}

/* The LPs, into d; not inlined into co_deadline_solve: its locals must
 * not live in the frame that calls setjmp. 1 done, 0 time, -1 failed. */
__attribute__((noinline)) static int run_lps(lp *l, const co_bc_problem *pb, int first,
                                             double deadline, co_deadline *d)
{
    int ok = 1;
    for (int k = 0; k < pb->ny && ok == 1; k++) {
        open_year(l, k, 1);
        glp_set_row_bnds(l->P, l->need_row, GLP_UP, 0.0, pb->required[k]);
        ok = solve(l, deadline);
        if (ok != 1)
            break;
        double bc = glp_get_obj_val(l->P);
        if (d->earliest == CO_NO_YEAR && bc >= pb->required[k] - CO_MET_USD)
            d->earliest = first + k;
        if (k == pb->due) {
            d->best_case = bc > 0 ? bc : 0;
            /* the least total gap is G - BC: nothing to place when none */
            if (pb->target - d->best_case >= 0.005)
                ok = gap_phase(l, pb, deadline, d->gap);
        }
        if (k >= pb->due && d->earliest != CO_NO_YEAR)
            break;
    }
    return ok;
}

int co_deadline_solve(const co_bc_problem *pb, const co_years *y, double deadline,
                      co_deadline *d, co_diag *dg)
{
    volatile int rc = CO_OK;
    co_guard g = {.log = NULL};
    d->analysed = 0;
    d->best_case = NAN;
    d->earliest = CO_NO_YEAR;
    for (int k = 0; k < d->n_gap; k++)
        d->gap[k] = 0;
    if (co_clock() >= deadline)
        return CO_OK;
    /* on the heap: a local changed after setjmp is lost by a longjmp */
    lp *l = calloc(1, sizeof *l);
    if (!l) {
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    if (setjmp(g.jb)) {
        co_guard_fail(&g, dg);
        rc = CO_ESOLVER;
    } else {
        co_guard_install(&g);
        l->P = glp_create_prob();
        l->ny = pb->ny;
        l->due = pb->due;
        if (load(l, pb) != CO_OK) {
            co_err(dg, "out of memory");
            rc = CO_EINTERNAL;
        } else {
            int ok = run_lps(l, pb, y->first, deadline, d);
            if (ok == 1) {
                d->analysed = 1;
            } else if (ok < 0) {
                co_err(dg, "an LP of the deadline analysis did not solve (GLPK status %d)",
                       glp_get_status(l->P));
                rc = CO_ESOLVER;
            }
        }
        glp_delete_prob(l->P);
        co_guard_remove();
    }
    free(l->year);
    free(l->ub);
    free(l);
    if (!d->analysed) {
        d->best_case = NAN;
        d->earliest = CO_NO_YEAR;
    }
    return rc;
}
