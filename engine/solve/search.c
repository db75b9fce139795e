/*
 * search.c: the solve of one instance within its time limit: a greedy
 * plan, seat improvement by dual prices, bounds (the relaxation without
 * seats, the LP relaxation, or the Lagrangian), LP-guided rounding, the
 * neighbourhood search (lns.c), branch and bound from the incumbent, then
 * the seat-fixed LP that gives the reported amounts and the marginal
 * values (sensitivity.c). The model itself is formulate.c's.
 */
#include "solve/search.h"

#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "model/heuristic.h"
#include "model/lagrange.h"
#include "solve/glpk_guard.h"

typedef struct search {
    const co_solve_opts *o;
    double t0;          /* start of the solve (co_clock) */
    int has_bound;
    double bound;       /* best bound seen */
    double limit;       /* seconds from t0 at which the search stops */
    const double *inc; /* heuristic plan, columns 1..n (index 0 unused) */
    double inc_obj;
    int inc_given;
    double last_report;
} search;

static void report(search *s, glp_tree *T, int force)
{
    if (!s->o->progress)
        return;
    double now = co_clock();
    if (!force && now - s->last_report < 0.25)
        return;
    s->last_report = now;
    glp_prob *P = glp_ios_get_prob(T);
    int has_inc = glp_mip_status(P) == GLP_FEAS || glp_mip_status(P) == GLP_OPT;
    double inc = has_inc ? glp_mip_obj_val(P) : 0.0;
    if (s->inc && (!has_inc || s->inc_obj > inc)) {
        has_inc = 1;
        inc = s->inc_obj;
    }
    s->o->progress(s->o->progress_ctx, has_inc, inc, s->has_bound, s->bound, now - s->t0);
}

static void callback(glp_tree *T, void *info)
{
    search *s = info;
    int best = glp_ios_best_node(T);
    if (best) {
        double b = glp_ios_node_bound(T, best);
        if (isfinite(b) && fabs(b) < 1e300 && (!s->has_bound || b < s->bound)) {
            s->bound = b;
            s->has_bound = 1;
        }
    }
    /* GLPK checks tm_lim only between nodes: keep the run's limit here */
    if (co_clock() - s->t0 > s->limit) {
        glp_ios_terminate(T);
        return;
    }
    switch (glp_ios_reason(T)) {
    case GLP_IHEUR:
        /* the greedy plan, vetted by co_feasible, as the first incumbent */
        if (s->inc && !s->inc_given) {
            s->inc_given = 1;
            glp_ios_heur_sol(T, s->inc);
        }
        break;
    case GLP_IBINGO:
        report(s, T, 1);
        break;
    default:
        report(s, T, 0);
        break;
    }
}

void co_solution_release(co_solution *sol)
{
    if (!sol)
        return;
    free(sol->x);
    free(sol->y);
    free(sol->budget_dual);
    free(sol->budget_lo);
    free(sol->budget_hi);
    free(sol->need_dual);
    free(sol->cap_dual);
    free(sol->floor_dual);
    memset(sol, 0, sizeof *sol);
}

/* Time left for the search: the limit less what is spent and what the
 * reported plan's seat-fixed LP will take (as long as the longest yet). */
double co_time_left(const co_search_run *r)
{
    return r->o->time_limit - (co_clock() - r->t0) - r->reserve;
}

int co_ms(double seconds)
{
    if (seconds < 0.001)
        return 1;
    return seconds * 1000 > 2e9 ? 2000000000 : (int)(seconds * 1000);
}

/* Sets the seats a rule fixes (forced, pledged, forbidden) in y. */
static void apply_fixed(const co_search_run *r, unsigned char *y)
{
    const co_extras *ex = r->o->ex;
    for (int k = 0; ex && ex->fixed && k < r->in->n_seats; k++)
        if (ex->fixed[k] >= 0)
            y[k] = (unsigned char)ex->fixed[k];
}

/* Progress outside the search (the search reports from its callback). */
static void progress(co_search_run *r, int has_bound, double bound)
{
    if (r->o->progress)
        r->o->progress(r->o->progress_ctx, r->has_inc, r->inc_obj, has_bound, bound,
                       co_clock() - r->t0);
}

/* Keeps (x, y) as the inc when it is feasible and better than the one held. */
void co_offer_incumbent(co_search_run *r, const double *x, const unsigned char *y)
{
    const co_instance *in = r->in;
    /* the searched objective: the model's less the stability penalty */
    double obj = co_objective(in, x, y) - co_stability_penalty(in, r->o->ex, y);
    if (!isfinite(obj) || (r->has_inc && obj <= r->inc_obj) ||
        !co_feasible(in, x, y, 1e-6) || !co_extras_feasible(in, r->o->ex, x, y, 1e-6))
        return;
    double *got = calloc((size_t)in->ns + 1, sizeof *got);
    if (!got)
        return;
    memset(r->inc, 0, ((size_t)glp_get_num_cols(r->P) + 1) * sizeof *r->inc);
    for (int i = 0; i < in->n_pairs; i++) {
        r->inc[co_col_x(in, i)] = x[i];
        got[in->ds->needs[in->pairs[i].n].s] += x[i];
        r->sol->x[i] = x[i];
    }
    for (int k = 0; k < in->n_seats; k++) {
        r->inc[co_col_y(in, k)] = y[k];
        r->sol->y[k] = y[k];
    }
    for (int s = 0; s < in->ns; s++) {
        if (r->z_col[s]) {
            double lack = in->p.coverage_floor * in->state_R[s] - got[s];
            r->inc[r->z_col[s]] = lack > 0 ? lack : 0;
        }
    }
    free(got);
    r->inc_obj = obj;
    r->has_inc = 1;
    if (r->o->log) {
        /* in the GLPK log of --verbose, so a reader sees when plans came */
        char line[128];
        snprintf(line, sizeof line, "coalitions: plan %.2f from the heuristics at %.3f s\n", obj,
                 co_clock() - r->t0);
        r->o->log(r->o->log_ctx, line);
    }
}

/* A pair-year's dual price in the solved LP Q: the duals of its budget
 * rows (its year's, or with carry-over the cumulative rows of its year and
 * later), need, area cap and absorption rows, each clamped at 0. */
static double pair_price(const co_search_run *r, glp_prob *Q, int i)
{
    const co_instance *in = r->in;
    const co_pair *pr = &in->pairs[i];
    int a = in->ds->needs[pr->n].a;
    int last = in->yr.carry[pr->d] ? in->ny - 1 : pr->t;
    double price = 0;
    for (int t = pr->t; t <= last; t++) {
        int row = r->budget_row[co_inst_dy(in, pr->d, t)];
        double dv = row ? glp_get_row_dual(Q, row) : 0;
        price += dv > 0 ? dv : 0;
    }
    int rows[3] = {r->need_row[pr->n], r->cap_row[co_inst_day(in, pr->d, a, pr->t)],
                   r->absorb_row[co_inst_ny(in, pr->n, pr->t)]};
    for (int k = 0; k < 3; k++) {
        double dv = rows[k] ? glp_get_row_dual(Q, rows[k]) : 0;
        price += dv > 0 ? dv : 0;
    }
    return price;
}

/* Money placed by the LP with the seats y fixed (on a copy of P). Returns
 * 1 with x filled, 0 when that LP did not solve. With `dual` non-NULL it
 * also gives each pair(-year)'s dual price (pair_price): what its donor's
 * budget, its need and
 * its area cap are worth at the margin (clamped at 0). */
int co_seat_lp(co_search_run *r, const unsigned char *y, double *x, double *dual)
{
    const co_instance *in = r->in;
    double start = co_clock();
    glp_prob *Q = glp_create_prob();
    glp_copy_prob(Q, r->P, GLP_OFF);
    co_fix_seats(Q, in, y);
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.presolve = GLP_ON;
    sp.tm_lim = co_ms(co_time_left(r));
    int ok = glp_simplex(Q, &sp) == 0 && glp_get_status(Q) == GLP_OPT;
    if (co_clock() - start > r->reserve)
        r->reserve = co_clock() - start;
    for (int i = 0; ok && i < in->n_pairs; i++) {
        double v = glp_get_col_prim(Q, co_col_x(in, i));
        x[i] = v > 0 ? v : 0;
        if (dual)
            dual[i] = pair_price(r, Q, i);
    }
    glp_delete_prob(Q);
    return ok;
}

/* Closes the open seats that carry nothing or (without a floor) add less
 * value than their coordination cost; their money is zeroed. */
int co_close_unpaying(const co_instance *in, const co_extras *ex, unsigned char *y,
                          double *x)
{
    int closed = 0;
    for (int k = 0; k < in->n_seats; k++) {
        if (!y[k] || (ex && ex->fixed && ex->fixed[k] == 1))
            continue;
        const co_seat *st = &in->seats[k];
        double v = 0, amount = 0;
        for (int q = st->first; q < st->first + st->count; q++) {
            int i = in->seat_pairs[q];
            v += in->pairs[i].w * x[i];
            amount += x[i];
        }
        if (amount < 0.01 || (v < in->p.coordination_cost && in->p.coverage_floor == 0)) {
            y[k] = 0;
            closed++;
            for (int q = st->first; q < st->first + st->count; q++)
                x[in->seat_pairs[q]] = 0;
        }
    }
    return closed;
}

/* Improves the best plan's seats with the dual prices of its seat-fixed
 * LP: a closed seat whose pairs are worth more than their prices, by more
 * than the coordination cost, is opened (the most promising first, within
 * the engagement and size limits), the money placed again, and seats that
 * do not pay closed; until no seat promises more or time runs out. */
static void improve_seats(co_search_run *r, double seconds)
{
    const co_instance *in = r->in;
    const co_dataset *ds = in->ds;
    double deadline = co_clock() + seconds;
    double *x = malloc(((size_t)in->n_pairs + 1) * sizeof *x);
    double *dual = malloc(((size_t)in->n_pairs + 1) * sizeof *dual);
    double *seat_rc = malloc(((size_t)in->n_seats + 1) * sizeof *seat_rc);
    double *mins = malloc(((size_t)in->nd + 1) * sizeof *mins);
    int *nd = malloc(((size_t)in->nd + 1) * sizeof *nd);
    int *ns = malloc(((size_t)in->ns + 1) * sizeof *ns);
    unsigned char *y = malloc((size_t)in->n_seats + 1);
    unsigned char *good = malloc((size_t)in->n_seats + 1);
    if (!x || !dual || !seat_rc || !mins || !nd || !ns || !y || !good || !r->has_inc)
        goto done;
    memcpy(y, r->sol->y, (size_t)in->n_seats);
    int share = 4; /* open the best 1/share of the promising seats a round */
    for (int round = 0; round < 50 && co_clock() < deadline; round++) {
        if (!co_seat_lp(r, y, x, dual)) {
            /* too many seats at once (minimum grants): back, and fewer */
            memcpy(y, good, (size_t)in->n_seats);
            if (round == 0 || (share *= 4) > in->n_seats || !co_seat_lp(r, y, x, dual))
                break;
        }
        co_close_unpaying(in, r->o->ex, y, x);
        co_offer_incumbent(r, x, y);
        memcpy(good, y, (size_t)in->n_seats);
        memset(nd, 0, (size_t)in->nd * sizeof *nd);
        memset(ns, 0, (size_t)in->ns * sizeof *ns);
        memset(mins, 0, (size_t)in->nd * sizeof *mins);
        for (int k = 0; k < in->n_seats; k++) {
            if (!y[k])
                continue;
            nd[in->seats[k].d]++;
            ns[in->seats[k].s]++;
            mins[in->seats[k].d] += ds->donors[in->seats[k].d].min_grant;
        }
        int candidates = 0;
        for (int k = 0; k < in->n_seats; k++) {
            const co_seat *st = &in->seats[k];
            seat_rc[k] = 0;
            if (y[k] || (r->o->ex && r->o->ex->fixed && r->o->ex->fixed[k] == 0))
                continue;
            /* each pair's years filled best first within its horizon
             * link (one year: (w - price) U where positive) */
            double g = 0, amount = 0;
            for (int q = st->first; q < st->first + st->count; q++) {
                int i = in->seat_pairs[q];
                dual[i] = in->pairs[i].w - dual[i]; /* now the pair's reduced weight */
            }
            for (int q = st->first; q < st->first + st->count;) {
                int i = in->seat_pairs[q], cnt = co_pair_years(in, i);
                double a;
                g += co_pair_fill(in, i, cnt, dual, NULL, &a);
                amount += a;
                q += cnt;
            }
            if (amount < ds->donors[st->d].min_grant)
                continue;
            seat_rc[k] = g - in->p.coordination_cost;
            candidates += seat_rc[k] > 0;
        }
        /* open the best few, within the limits and the minimum grants */
        int want = candidates / share + 1, opened = 0;
        while (candidates && opened < want) {
            int best = -1;
            for (int k = 0; k < in->n_seats; k++)
                if (seat_rc[k] > 0 && (best < 0 || seat_rc[k] > seat_rc[best]))
                    best = k;
            if (best < 0)
                break;
            seat_rc[best] = 0;
            const co_seat *st = &in->seats[best];
            const co_donor *dn = &ds->donors[st->d];
            if (ns[st->s] >= in->p.max_coalition_size ||
                (dn->has_max_states && nd[st->d] >= dn->max_states) ||
                mins[st->d] + dn->min_grant > in->B[st->d])
                continue;
            y[best] = 1;
            nd[st->d]++;
            ns[st->s]++;
            mins[st->d] += dn->min_grant;
            opened++;
        }
        if (!opened)
            break;
    }
done:
    free(x);
    free(dual);
    free(seat_rc);
    free(mins);
    free(nd);
    free(ns);
    free(y);
    free(good);
}

/* LP-guided rounding: open the seats the LP relaxation leans on most
 * (within the engagement, size and minimum-grant limits), let the LP with
 * those seats fixed place the money, close the seats that do not pay for
 * their coordination cost, place the money again, and offer the result. */
static void lp_round(co_search_run *r, const double *ys)
{
    const co_instance *in = r->in;
    const co_dataset *ds = in->ds;
    static const double theta[] = {0.9, 0.5, 0.2, 1e-6};
    double *x = malloc(((size_t)in->n_pairs + 1) * sizeof *x);
    double *mins = malloc(((size_t)in->nd + 1) * sizeof *mins);
    int *nd = malloc(((size_t)in->nd + 1) * sizeof *nd);
    int *ns = malloc(((size_t)in->ns + 1) * sizeof *ns);
    unsigned char *y = malloc((size_t)in->n_seats + 1);
    if (!x || !mins || !nd || !ns || !y)
        goto done;
    for (size_t t = 0; t < sizeof theta / sizeof theta[0]; t++) {
        if (co_time_left(r) < 0.2 * r->o->time_limit)
            break;
        memset(nd, 0, (size_t)in->nd * sizeof *nd);
        memset(ns, 0, (size_t)in->ns * sizeof *ns);
        memset(mins, 0, (size_t)in->nd * sizeof *mins);
        /* seats by LP value, largest first (selection by passes over
         * decreasing thresholds keeps this O(seats)) */
        for (int k = 0; k < in->n_seats; k++) {
            const co_seat *st = &in->seats[k];
            const co_donor *dn = &ds->donors[st->d];
            y[k] = 0;
            if (ys[k] < theta[t] || ns[st->s] >= in->p.max_coalition_size ||
                (dn->has_max_states && nd[st->d] >= dn->max_states) ||
                mins[st->d] + dn->min_grant > in->B[st->d])
                continue;
            y[k] = 1;
            nd[st->d]++;
            ns[st->s]++;
            mins[st->d] += dn->min_grant;
        }
        apply_fixed(r, y);
        for (int pass = 0; pass < 2; pass++) {
            if (!co_seat_lp(r, y, x, NULL))
                break;
            int closed = co_close_unpaying(in, r->o->ex, y, x);
            co_offer_incumbent(r, x, y);
            if (!closed)
                break;
        }
    }
done:
    free(x);
    free(mins);
    free(nd);
    free(ns);
    free(y);
}

/* The optimal basis of the LP without seats, to start the LP relaxation
 * from (warm_basis): its rows' and x columns' statuses. */
typedef struct relaxed_basis {
    int *row, *col; /* 1-based; row[0] holds the number of rows */
} relaxed_basis;

/* A bound from the relaxation without seats: fast even where the full LP
 * relaxation is not. Returns 1 and the bound, or 0 when it did not solve.
 * With m, its rows' duals go into m as the Lagrangian's starting prices;
 * with keep, its optimal basis goes there. */
static int relaxed_bound(co_search_run *r, double seconds, double *bound, co_lagr_mult *m,
                         relaxed_basis *keep)
{
    const co_instance *in = r->in;
    size_t ndy = (size_t)in->nd * (size_t)in->ny, nda = ndy * (size_t)in->na;
    size_t nny = (size_t)in->nn * (size_t)in->ny;
    int *brow = malloc((ndy + 1) * sizeof *brow);
    int *zcol = malloc(((size_t)in->ns + 1) * sizeof *zcol);
    int *nrow = calloc((size_t)in->nn + 1, sizeof *nrow);
    int *crow = calloc(nda + 1, sizeof *crow);
    int *arow = calloc(nny + 1, sizeof *arow);
    int ok = 0;
    glp_prob *Q = glp_create_prob();
    if (brow && zcol && nrow && crow && arow &&
        co_formulate(in, r->o->ex, Q, brow, zcol, 0, nrow, crow, NULL, arow) == CO_OK) {
        glp_smcp sp;
        glp_init_smcp(&sp);
        sp.msg_lev = r->o->log ? GLP_MSG_ON : GLP_MSG_ERR;
        sp.presolve = GLP_ON;
        sp.tm_lim = co_ms(seconds);
        glp_scale_prob(Q, GLP_SF_AUTO);
        if (glp_simplex(Q, &sp) == 0 && glp_get_status(Q) == GLP_OPT) {
            *bound = glp_get_obj_val(Q);
            ok = 1;
            for (size_t j = 0; m && j < ndy; j++)
                m->mu[j] = brow[j] ? glp_get_row_dual(Q, brow[j]) : 0;
            for (int n = 0; m && n < in->nn; n++)
                m->pi[n] = nrow[n] ? glp_get_row_dual(Q, nrow[n]) : 0;
            for (size_t j = 0; m && j < nda; j++)
                m->nu[j] = crow[j] ? glp_get_row_dual(Q, crow[j]) : 0;
            for (size_t j = 0; m && j < nny; j++)
                m->alpha[j] = arow[j] ? glp_get_row_dual(Q, arow[j]) : 0;
            int mq = glp_get_num_rows(Q);
            if (keep && (keep->row = malloc(((size_t)mq + 1) * sizeof *keep->row)) != NULL &&
                (keep->col = malloc(((size_t)in->n_pairs + 1) * sizeof *keep->col)) != NULL) {
                keep->row[0] = mq;
                for (int i = 1; i <= mq; i++)
                    keep->row[i] = glp_get_row_stat(Q, i);
                for (int j = 1; j <= in->n_pairs; j++)
                    keep->col[j] = glp_get_col_stat(Q, j);
            }
        }
    }
    glp_delete_prob(Q);
    free(brow);
    free(zcol);
    free(nrow);
    free(crow);
    free(arow);
    return ok;
}

/* Starts the LP relaxation P from the optimal basis of the LP without
 * seats (a multi-year model, no floor and no what-if rule: P's first rows
 * are then that LP's rows in its order): those rows and the x columns keep
 * their statuses, every row on seats is basic (its slack) and every y
 * column at 0. That basis is dual feasible (a closed seat only costs), so
 * the dual simplex restores the broken links only: far fewer steps than a
 * start from scratch. 0 when it does not apply. */
static int warm_basis(const co_search_run *r, glp_prob *P, const relaxed_basis *rb)
{
    const co_instance *in = r->in;
    if (!rb->row || !rb->col || !r->link_row0 || rb->row[0] != r->link_row0 - 1 ||
        (r->o->ex && !co_extras_empty(r->o->ex)) || in->p.coverage_floor > 0)
        return 0;
    int m = glp_get_num_rows(P), n = glp_get_num_cols(P);
    for (int i = 1; i <= m; i++)
        glp_set_row_stat(P, i, i <= rb->row[0] ? rb->row[i] : GLP_BS);
    for (int j = 1; j <= n; j++)
        glp_set_col_stat(P, j, j <= in->n_pairs ? rb->col[j] : GLP_NL);
    return 1;
}

/* The greedy plan as the first incumbent; where the greedy breaks a
 * what-if rule (it keeps fixed seats but not pledges, least amounts or
 * leads), the LP on its seats places the money to keep them. */
static void first_plan(co_search_run *r)
{
    const co_instance *in = r->in;
    const co_solve_opts *o = r->o;
    double *gx = malloc(((size_t)in->n_pairs + 1) * sizeof *gx);
    unsigned char *gy = malloc((size_t)in->n_seats + 1);
    const co_extras *ex = o->ex;
    if (gx && gy && isfinite(co_greedy(in, ex ? ex->fixed : NULL, gx, gy))) {
        co_offer_incumbent(r, gx, gy);
        /* the greedy keeps fixed seats but not pledges, least amounts or
         * leads: the LP on its seats places the money to keep them */
        if (!r->has_inc && ex) {
            apply_fixed(r, gy);
            if (co_seat_lp(r, gy, gx, NULL))
                co_offer_incumbent(r, gx, gy);
        }
    }
    free(gx);
    free(gy);
}

/* Not inlined into co_solve: its locals must not live in the frame that
 * calls setjmp (a longjmp would leave them indeterminate). */
__attribute__((noinline)) static int solve_glpk(co_search_run *r, glp_prob *P)
{
    const co_instance *in = r->in;
    const co_solve_opts *o = r->o;
    co_solution *sol = r->sol;
    co_diag *dg = r->dg;
    int msg = o->log ? GLP_MSG_ON : GLP_MSG_ERR;

    if (co_formulate(in, r->o->ex, P, r->budget_row, r->z_col, 1, r->need_row, r->cap_row,
                     &r->link_row0, r->absorb_row) != CO_OK) {
        co_err(dg, "out of memory building the model");
        return CO_EINTERNAL;
    }
    if (getenv("COALITIONS_TEST_GLPK_FAULT")) {
        /* test-only: misuse GLPK on purpose, to prove that its error hook
         * turns the abort into a message and exit code 4 */
        glp_set_col_bnds(P, glp_get_num_cols(P) + 1, GLP_LO, 0.0, 0.0);
    }
    sol->rows = glp_get_num_rows(P);
    sol->cols = glp_get_num_cols(P);
    sol->nonzeros = glp_get_num_nz(P);
    sol->integer_cols = glp_get_num_int(P);
    double t1 = co_clock();
    sol->build_s = t1 - r->t0;

    if (sol->cols == 0) {
        /* nothing to decide: the empty plan is optimal */
        double shortfall = 0;
        if (in->p.coverage_floor > 0)
            for (int s = 0; s < in->ns; s++)
                shortfall += in->p.coverage_floor * in->state_R[s];
        sol->status = CO_ST_OPTIMAL;
        sol->proved = sol->has_bound = 1;
        sol->bound = sol->mip_obj = -in->p.shortfall_penalty * shortfall;
        sol->solve_s = co_clock() - t1;
        return CO_OK;
    }

    /* 1. a plan in milliseconds */
    first_plan(r);
    progress(r, 0, 0);
    /* a multi-year model's plans come mostly from diving in its LP
     * relaxation (dive.c): the relaxation gets the time sooner */
    improve_seats(r, (in->ny > 1 ? 0.1 : 0.25) * co_time_left(r));
    progress(r, 0, 0);

    /* 2. bounds: first the relaxation without seats (fast at any size),
     * then the LP relaxation, which also gives the basis the search needs;
     * part of the time is kept for the seat-fixed LP that reads the plan */
    search srch = {.o = o, .t0 = r->t0};
    double b;
    /* the Lagrangian's starting prices, where it applies (no floor, no
     * what-if rule) */
    co_lagr_mult lm = {0};
    int lagr = co_lagr_applies(in) && (!o->ex || (co_extras_empty(o->ex) && !co_ex_missing(o->ex)));
    if (lagr && co_lagr_init(in, &lm) != CO_OK)
        lagr = 0;
    /* a multi-year model keeps the basis of the LP without seats (below) */
    relaxed_basis rb = {0};
    if (relaxed_bound(r, co_time_left(r) * 0.5, &b, lagr ? &lm : NULL, in->ny > 1 ? &rb : NULL)) {
        srch.has_bound = 1;
        srch.bound = b;
    } else {
        lagr = 0;
    }
    progress(r, srch.has_bound, srch.bound);
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = msg;
    sp.tm_lim = co_ms(co_time_left(r) * 0.8);
    glp_scale_prob(P, GLP_SF_AUTO);
    int lret;
    if (warm_basis(r, P, &rb)) {
        /* dual feasible: the dual simplex only has to restore the links */
        sp.meth = GLP_DUALP;
        lret = glp_simplex(P, &sp);
        sp.meth = GLP_PRIMAL;
        if (lret == GLP_EFAIL || lret == GLP_ESING || lret == GLP_ECOND) {
            /* numerical trouble: from scratch, as without the warm start */
            glp_adv_basis(P, 0);
            sp.tm_lim = co_ms(co_time_left(r) * 0.8);
            lret = glp_simplex(P, &sp);
        }
    } else {
        glp_adv_basis(P, 0);
        lret = glp_simplex(P, &sp);
    }
    free(rb.row);
    free(rb.col);
    if (lret == GLP_EFAIL || lret == GLP_ESING || lret == GLP_ECOND) {
        /* numerical trouble from the advanced basis: start again plainly */
        glp_std_basis(P);
        sp.tm_lim = co_ms(co_time_left(r) * 0.8);
        lret = glp_simplex(P, &sp);
    }
    int lp_ok = lret == 0 && glp_get_status(P) == GLP_OPT;
    if (lret == 0 && glp_get_status(P) == GLP_NOFEAS) {
        /* only what-if rules can make the model infeasible (MODEL.md) */
        sol->status = CO_ST_INFEASIBLE;
        sol->solve_s = co_clock() - t1;
        co_lagr_release(&lm);
        return CO_OK;
    }
    double *ys = malloc(((size_t)in->n_seats + 1) * sizeof *ys);
    if (!ys) {
        co_lagr_release(&lm);
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    if (lp_ok) {
        if (!srch.has_bound || glp_get_obj_val(P) < srch.bound)
            srch.bound = glp_get_obj_val(P);
        srch.has_bound = 1;
        for (int k = 0; k < in->n_seats; k++)
            ys[k] = glp_get_col_prim(P, co_col_y(in, k));
        progress(r, 1, srch.bound);
        /* a multi-year relaxation leaves many seats fractional, which
         * rounding opens badly: dive first */
        if (in->ny > 1)
            co_lp_dive(r, 0.6 * co_time_left(r));
        lp_round(r, ys);
        progress(r, 1, srch.bound);
        /* most of what is left: a better plan helps more than a longer
         * search, which keeps time for its cuts (the bound) */
        co_lns(r, ys, 0.8 * co_time_left(r));
        progress(r, 1, srch.bound);
    } else if (lret == GLP_ETMLIM || lret == GLP_EITLIM) {
        /* no relaxation in time: the Lagrangian bound, from the duals of the
         * LP without seats, for at most 0.15 of the limit; the rest goes to
         * plans */
        double lb, share = 0.15 * o->time_limit;
        if (lagr && r->has_inc &&
            co_lagr_minimise(in, &lm, r->inc_obj,
                                     share < 0.5 * co_time_left(r) ? share : 0.5 * co_time_left(r),
                                     &lb) == CO_OK) {
            /* a margin for rounding in the sums of the function */
            lb += 1e-9 * fabs(lb);
            if (lb < srch.bound) {
                srch.bound = lb;
                progress(r, 1, srch.bound);
            }
        }
        improve_seats(r, 0.8 * co_time_left(r));
        co_lns(r, NULL, 0.8 * co_time_left(r));
    } else if (lret != 0) {
        if (!r->has_inc) {
            free(ys);
            co_lagr_release(&lm);
            co_err(dg, "GLPK's glp_simplex failed on the LP relaxation (code %d)", lret);
            return CO_ESOLVER;
        }
        co_warn(dg, "GLPK's simplex failed on the LP relaxation (code %d): the plan is the "
                    "heuristic's, without a search",
                lret);
    }
    free(ys);
    co_lagr_release(&lm);
    srch.inc = r->has_inc ? r->inc : NULL;
    srch.inc_obj = r->inc_obj;

    /* 3. branch and bound from the heuristic's plan */
    int ret = GLP_ETMLIM, mst = GLP_UNDEF;
    if (lp_ok && co_time_left(r) > 0.001) {
        glp_iocp parm;
        glp_init_iocp(&parm);
        parm.msg_lev = msg;
        parm.presolve = GLP_OFF; /* glp_ios_heur_sol needs the original columns */
        parm.mip_gap = o->mip_gap;
        parm.tm_lim = co_ms(co_time_left(r));
        srch.limit = o->time_limit - r->reserve;
        /* not GLP_BR_PCH: its pseudocost start-up solves two LPs per
         * candidate and ignores the time limit on large models */
        parm.br_tech = GLP_BR_DTH;
        parm.bt_tech = GLP_BT_BLB;
        /* chosen by measurement on generated 40x30 cases (docs/BENCHMARKS.md):
         * MIR cuts tighten the bound most; the plans come from the
         * neighbourhood search, and the feasibility pump, which did not
         * find better ones, ran seconds past the time limit on 100x80 */
        parm.mir_cuts = GLP_ON;
        parm.fp_heur = GLP_OFF;
        parm.cb_func = callback;
        parm.cb_info = &srch;
        ret = glp_intopt(P, &parm);
        mst = glp_mip_status(P);
        if (ret != 0 && ret != GLP_ETMLIM && ret != GLP_EMIPGAP && ret != GLP_ESTOP) {
            if (!r->has_inc && mst != GLP_FEAS) {
                co_err(dg, "GLPK's glp_intopt failed (code %d)", ret);
                return CO_ESOLVER;
            }
            co_warn(dg, "GLPK's branch and bound stopped on a failure (code %d): the plan is "
                        "the best found before it",
                    ret);
            ret = GLP_ESTOP;
        }
    }
    if (mst == GLP_NOFEAS) {
        sol->status = CO_ST_INFEASIBLE;
        sol->solve_s = co_clock() - t1;
        return CO_OK;
    }
    /* GLPK's own heuristics may find a plan before it takes ours: keep
     * whichever is better */
    if ((mst == GLP_OPT || mst == GLP_FEAS) &&
        (!r->has_inc || glp_mip_obj_val(P) >= r->inc_obj - 1e-9 * fabs(r->inc_obj))) {
        for (int k = 0; k < in->n_seats; k++)
            sol->y[k] = glp_mip_col_val(P, co_col_y(in, k)) > 0.5;
        for (int i = 0; i < in->n_pairs; i++)
            sol->x[i] = glp_mip_col_val(P, co_col_x(in, i));
        sol->mip_obj = glp_mip_obj_val(P);
    } else if (r->has_inc) {
        /* the search found nothing better in time: the heuristic's plan,
         * already in sol->x and sol->y */
        sol->mip_obj = r->inc_obj;
    } else {
        sol->status = CO_ST_NO_SOLUTION;
        sol->has_bound = srch.has_bound;
        sol->bound = srch.bound;
        sol->solve_s = co_clock() - t1;
        return CO_OK;
    }
    sol->proved = ret == 0 && mst == GLP_OPT && sol->mip_obj == glp_mip_obj_val(P);
    sol->status = sol->proved || ret == GLP_EMIPGAP ? CO_ST_OPTIMAL : CO_ST_FEASIBLE;
    if (sol->proved) {
        sol->has_bound = 1;
        sol->bound = sol->mip_obj;
    } else {
        sol->has_bound = srch.has_bound;
        sol->bound = srch.has_bound && srch.bound > sol->mip_obj ? srch.bound : sol->mip_obj;
    }

    co_read_fixed_lp(r, P);
    sol->solve_s = co_clock() - t1;
    return CO_OK;
}

int co_solve(const co_instance *in, const co_solve_opts *o, co_solution *sol, co_diag *dg)
{
    memset(sol, 0, sizeof *sol);
    co_search_run r = {.in = in, .o = o, .sol = sol, .dg = dg, .t0 = co_clock()};
    int rc = CO_EINTERNAL;
    size_t ndy = (size_t)in->nd * (size_t)in->ny, nday = ndy * (size_t)in->na;
    sol->x = calloc((size_t)in->n_pairs + 1, sizeof *sol->x);
    sol->y = calloc((size_t)in->n_seats + 1, 1);
    sol->budget_dual = calloc(ndy + 1, sizeof *sol->budget_dual);
    sol->budget_lo = calloc(ndy + 1, sizeof *sol->budget_lo);
    sol->budget_hi = calloc(ndy + 1, sizeof *sol->budget_hi);
    sol->need_dual = calloc((size_t)in->nn + 1, sizeof *sol->need_dual);
    sol->cap_dual = calloc(nday + 1, sizeof *sol->cap_dual);
    sol->floor_dual = calloc((size_t)in->ns + 1, sizeof *sol->floor_dual);
    r.budget_row = malloc((ndy + 1) * sizeof *r.budget_row);
    r.z_col = malloc(((size_t)in->ns + 1) * sizeof *r.z_col);
    r.need_row = calloc((size_t)in->nn + 1, sizeof *r.need_row);
    r.cap_row = calloc(nday + 1, sizeof *r.cap_row);
    r.absorb_row = calloc((size_t)in->nn * (size_t)in->ny + 1, sizeof *r.absorb_row);
    r.inc = calloc((size_t)in->n_pairs + (size_t)in->n_seats + (size_t)in->ns + 2,
                    sizeof *r.inc);
    if (!sol->x || !sol->y || !sol->budget_dual || !sol->budget_lo || !sol->budget_hi ||
        !sol->need_dual || !sol->cap_dual || !sol->floor_dual || !r.budget_row || !r.z_col || !r.inc ||
        !r.need_row || !r.cap_row || !r.absorb_row) {
        co_err(dg, "out of memory");
        goto out;
    }
    co_guard g = {.log = o->log, .log_ctx = o->log_ctx};
    if (setjmp(g.jb)) {
        co_guard_fail(&g, dg);
        rc = CO_ESOLVER;
        goto out;
    }
    co_guard_install(&g);
    glp_prob *P = r.P = glp_create_prob();
    rc = solve_glpk(&r, P);
    glp_delete_prob(P);
    co_guard_remove();
out:
    free(r.budget_row);
    free(r.z_col);
    free(r.need_row);
    free(r.cap_row);
    free(r.absorb_row);
    free(r.inc);
    if (rc != CO_OK)
        co_solution_release(sol);
    return rc;
}

const char *co_solver_version(void)
{
    return glp_version();
}

