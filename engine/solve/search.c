/*
 * search.c: the solve of one instance within its share of the command's
 * time limit: a greedy plan, seat improvement by dual prices, bounds (the
 * relaxation without seats, the LP relaxation where it can finish in time,
 * else the Lagrangian), LP-guided rounding, the neighbourhood search
 * (lns.c), branch and bound from the incumbent, then the seat-fixed LP
 * that gives the reported amounts and the marginal values (sensitivity.c).
 * Each step checks the clock and what it could not do in time is recorded
 * in co_solution.skipped. The model itself is formulate.c's.
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
    double until;       /* co_clock() at which the search stops */
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
    if (co_clock() > s->until) {
        glp_ios_terminate(T);
        return;
    }
    switch (glp_ios_reason(T)) {
    case GLP_IHEUR:
        /* the best plan so far, vetted by co_feasible, as the first incumbent */
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

const char *co_skip_text(unsigned bit)
{
    switch (bit) {
    case CO_SKIP_SEARCH:
        return "model not built, the plan is the greedy's: time limit";
    case CO_SKIP_LP_BOUND:
        return "LP bound not computed: time limit";
    case CO_SKIP_BRANCH:
        return "branch and bound not run: time limit";
    case CO_SKIP_FIXED_LP:
        return "seat-fixed LP not solved, amounts are the search's: time limit";
    case CO_SKIP_MARGINAL:
        return "marginal values not computed: time limit";
    case CO_SKIP_RANGES:
        return "marginal value ranges not computed: time limit";
    case CO_SKIP_FAIRNESS:
        return "price of fairness not computed: time limit";
    case CO_SKIP_ALTERNATIVES:
        return "alternatives not all searched: time limit";
    case CO_SKIP_CHANGES:
        return "what would change a State's lot and the value of better evidence not sought: "
               "--diagnose reasons";
    case CO_SKIP_DEADLINES:
        return "deadline analysis not computed for every obligation: time limit";
    }
    return NULL;
}

/* Time left for the search: until the solve's deadline, less what the
 * reported plan's seat-fixed LP will take (as long as the longest yet). */
double co_time_left(const co_search_run *r)
{
    return r->until - co_clock() - r->reserve;
}

/* co_clock() time after `share` of the time left (none when none is). */
static double share_of_left(const co_search_run *r, double share)
{
    double left = co_time_left(r);
    return co_clock() + (left > 0 ? share * left : 0);
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

/* A line in the --verbose log when a step of the solve ends, so a reader
 * sees where the time went. */
static void phase(co_search_run *r, const char *what)
{
    if (!r->o->log)
        return;
    char line[160];
    snprintf(line, sizeof line, "coalitions: %s done at %.3f s\n", what, co_clock() - r->t0);
    r->o->log(r->o->log_ctx, line);
}

/* Keeps (x, y) as the incumbent when it is feasible and better than the
 * one held. */
void co_offer_incumbent(co_search_run *r, const double *x, const unsigned char *y)
{
    const co_instance *in = r->in;
    /* the searched objective: the model's less the stability penalty */
    double obj = co_objective(in, x, y) - co_stability_penalty(in, r->o->ex, y);
    if (!isfinite(obj) || (r->has_inc && obj <= r->inc_obj) ||
        !co_feasible(in, x, y, 1e-6) || !co_extras_feasible(in, r->o->ex, x, y, 1e-6))
        return;
    memcpy(r->sol->x, x, (size_t)in->n_pairs * sizeof *x);
    memcpy(r->sol->y, y, (size_t)in->n_seats);
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

/* The incumbent as GLPK's column values (1-based; z at its least). */
static void incumbent_columns(const co_search_run *r, double *v)
{
    const co_instance *in = r->in;
    memset(v, 0, ((size_t)glp_get_num_cols(r->P) + 1) * sizeof *v);
    double *got = calloc((size_t)in->ns + 1, sizeof *got);
    for (int i = 0; i < in->n_pairs; i++) {
        v[co_col_x(in, i)] = r->sol->x[i];
        if (got)
            got[in->ds->needs[in->pairs[i].n].s] += r->sol->x[i];
    }
    for (int k = 0; k < in->n_seats; k++)
        v[co_col_y(in, k)] = r->sol->y[k];
    for (int s = 0; got && s < in->ns; s++) {
        if (r->z_col[s]) {
            double lack = in->p.coverage_floor * in->state_R[s] - got[s];
            v[r->z_col[s]] = lack > 0 ? lack : 0;
        }
    }
    free(got);
}

/* Money placed by the LP with the seats y fixed (fixed_lp.c), stopped at
 * `until` (co_clock). Returns 1 with x filled, 0 when that LP did not
 * solve. With `dual` non-NULL it also gives each pair(-year)'s dual price
 * (pair_price): what its donor's budget, its need, its area cap and what
 * the need absorbs that year are worth at the margin (each clamped at 0). */
/* The dual of P's row i in the solved seat-fixed LP f, clamped at 0 (0
 * for no row, or a row f does not have). */
static double row_price(const co_fixed_lp *f, int i)
{
    double dv = i && f->row[i] ? glp_get_row_dual(f->Q, f->row[i]) : 0;
    return dv > 0 ? dv : 0;
}

/* A pair-year's dual price in the solved seat-fixed LP f: the duals of
 * its budget rows (its year's, or with carry-over the cumulative rows of
 * its year and later), need, area cap and absorption rows, each clamped
 * at 0. */
static double pair_price(const co_search_run *r, const co_fixed_lp *f, int i)
{
    const co_instance *in = r->in;
    const co_pair *pr = &in->pairs[i];
    int a = in->ds->needs[pr->n].a;
    int last = in->yr.carry[pr->d] ? in->ny - 1 : pr->t;
    double price = 0;
    for (int t = pr->t; t <= last; t++)
        price += row_price(f, r->budget_row[co_inst_dy(in, pr->d, t)]);
    price += row_price(f, r->need_row[pr->n]);
    price += row_price(f, r->cap_row[co_inst_day(in, pr->d, a, pr->t)]);
    price += row_price(f, r->absorb_row[co_inst_ny(in, pr->n, pr->t)]);
    return price;
}

int co_seat_lp(co_search_run *r, const unsigned char *y, double *x, double *dual, double until)
{
    const co_instance *in = r->in;
    double start = co_clock();
    co_fixed_lp f;
    int ok = co_fixed_lp_solve(r, y, until, &f);
    if (co_clock() - start > r->reserve)
        r->reserve = co_clock() - start;
    for (int i = 0; ok && i < in->n_pairs; i++) {
        int q = f.col[co_col_x(in, i)];
        double v = q ? glp_get_col_prim(f.Q, q) : 0;
        x[i] = v > 0 ? v : 0;
        if (dual)
            dual[i] = pair_price(r, &f, i);
    }
    co_fixed_lp_release(&f);
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

int co_ranked_cmp(const void *pa, const void *pb)
{
    const co_ranked *a = pa, *b = pb;
    if (a->v != b->v)
        return a->v > b->v ? -1 : 1;
    return (a->k > b->k) - (a->k < b->k);
}

/* Improves the best plan's seats with the dual prices of its seat-fixed
 * LP: a closed seat whose pairs are worth more than their prices, by more
 * than the coordination cost, is opened (the most promising first, within
 * the engagement and size limits), the money placed again, and seats that
 * do not pay closed; until no seat promises more or time runs out. */
static void improve_seats(co_search_run *r, double until)
{
    const co_instance *in = r->in;
    const co_dataset *ds = in->ds;
    double *x = malloc(((size_t)in->n_pairs + 1) * sizeof *x);
    double *dual = malloc(((size_t)in->n_pairs + 1) * sizeof *dual);
    double *seat_rc = malloc(((size_t)in->n_seats + 1) * sizeof *seat_rc);
    double *mins = malloc(((size_t)in->nd + 1) * sizeof *mins);
    int *nd = malloc(((size_t)in->nd + 1) * sizeof *nd);
    int *ns = malloc(((size_t)in->ns + 1) * sizeof *ns);
    unsigned char *y = malloc((size_t)in->n_seats + 1);
    unsigned char *good = malloc((size_t)in->n_seats + 1);
    co_ranked *cand = malloc(((size_t)in->n_seats + 1) * sizeof *cand);
    if (!x || !dual || !seat_rc || !mins || !nd || !ns || !y || !good || !cand || !r->has_inc)
        goto done;
    memcpy(y, r->sol->y, (size_t)in->n_seats);
    int share = 4; /* open the best 1/share of the promising seats a round */
    for (int round = 0; round < 50 && co_clock() < until; round++) {
        if (!co_seat_lp(r, y, x, dual, until)) {
            /* too many seats at once (minimum grants): back, and fewer */
            memcpy(y, good, (size_t)in->n_seats);
            if (round == 0 || (share *= 4) > in->n_seats || !co_seat_lp(r, y, x, dual, until))
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
        /* open the best few, within the limits and the minimum grants:
         * the candidates by promise, largest first (ties: seat order) */
        int nc = 0;
        for (int k = 0; k < in->n_seats; k++)
            if (seat_rc[k] > 0)
                cand[nc++] = (co_ranked){seat_rc[k], k};
        qsort(cand, (size_t)nc, sizeof *cand, co_ranked_cmp);
        int want = candidates / share + 1, opened = 0;
        for (int c = 0; c < nc && opened < want; c++) {
            int best = cand[c].k;
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
    free(cand);
}

/* LP-guided rounding: open the seats the LP relaxation leans on most
 * (within the engagement, size and minimum-grant limits), let the LP with
 * those seats fixed place the money, close the seats that do not pay for
 * their coordination cost, place the money again, and offer the result. */
static void lp_round(co_search_run *r, const double *ys, double until)
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
        if (co_clock() >= until)
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
            if (!co_seat_lp(r, y, x, NULL, until))
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
 * relaxation is not. Returns 1 and the bound, or 0 when it did not solve
 * by `until`. With m, its rows' duals go into m as the Lagrangian's
 * starting prices; with keep, its optimal basis goes there. */
static int relaxed_bound(co_search_run *r, double until, double *bound, co_lagr_mult *m,
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
    if (until > co_clock() && brow && zcol && nrow && crow && arow &&
        co_formulate(in, r->o->ex, Q, brow, zcol, 0, nrow, crow, NULL, arow) == CO_OK) {
        glp_smcp sp;
        glp_init_smcp(&sp);
        sp.msg_lev = r->o->log ? GLP_MSG_ON : GLP_MSG_ERR;
        /* no presolver: it does not watch tm_lim, and did not make this
         * LP faster (200x150: 1.9 s against 1.1 s without) */
        sp.tm_lim = co_ms(until - co_clock());
        glp_scale_prob(Q, GLP_SF_AUTO);
        glp_adv_basis(Q, 0);
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
 * their statuses, every row on seats (and every row of the search's own
 * cuts) is basic (its slack) and every y column at 0. That basis is dual
 * feasible (a closed seat only costs), so the dual simplex restores the
 * broken links only: far fewer steps than a start from scratch. 0 when it
 * does not apply. */
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

/* Seconds the relaxation without seats is expected to take: measured
 * 0.07, 1.1 and 8.4 s for 21,000, 80,000 and 320,000 pairs (100x80,
 * 200x150, 400x300), where this gives 0.04, 0.64 and 10.2 s. */
static double relaxed_estimate(const co_instance *in)
{
    return 1e-10 * (double)in->n_pairs * (double)in->n_pairs;
}

/* The Lagrangian's starting prices when the relaxation without seats is
 * not solved: the duals of the best plan's seat-fixed LP (budget, need and
 * cap rows). Returns 1 when that LP solved by `until`. */
static int incumbent_prices(co_search_run *r, co_lagr_mult *m, double until)
{
    const co_instance *in = r->in;
    co_fixed_lp f;
    if (!r->has_inc)
        return 0;
    int ok = co_fixed_lp_solve(r, r->sol->y, until, &f);
    size_t ndy = (size_t)in->nd * (size_t)in->ny;
    for (size_t j = 0; ok && j < ndy; j++) {
        int i = r->budget_row[j] ? f.row[r->budget_row[j]] : 0;
        m->mu[j] = i ? glp_get_row_dual(f.Q, i) : 0;
    }
    for (int n = 0; ok && n < in->nn; n++) {
        int i = r->need_row[n] ? f.row[r->need_row[n]] : 0;
        m->pi[n] = i ? glp_get_row_dual(f.Q, i) : 0;
    }
    for (size_t j = 0; ok && j < ndy * (size_t)in->na; j++) {
        int i = r->cap_row[j] ? f.row[r->cap_row[j]] : 0;
        m->nu[j] = i ? glp_get_row_dual(f.Q, i) : 0;
    }
    for (size_t j = 0; ok && j < (size_t)in->nn * (size_t)in->ny; j++) {
        int i = r->absorb_row[j] ? f.row[r->absorb_row[j]] : 0;
        m->alpha[j] = i ? glp_get_row_dual(f.Q, i) : 0;
    }
    co_fixed_lp_release(&f);
    return ok;
}

/* A bound in one pass, for when no LP is solved in time: every dollar is
 * worth at most its best weight, and both the budgets and the needs cap the
 * dollars. Seats, shortfall and stability only lower the objective, but
 * for the stability constant no seat choice changes. */
static double simple_bound(const co_instance *in, const co_extras *ex)
{
    double *bd = calloc((size_t)in->nd + 1, sizeof *bd), *bn = calloc((size_t)in->nn + 1, sizeof *bn);
    double by_budget = 0, by_need = 0;
    if (!bd || !bn) {
        free(bd);
        free(bn);
        return INFINITY;
    }
    for (int i = 0; i < in->n_pairs; i++) {
        const co_pair *pr = &in->pairs[i];
        if (pr->w > bd[pr->d])
            bd[pr->d] = pr->w;
        if (pr->w > bn[pr->n])
            bn[pr->n] = pr->w;
    }
    for (int d = 0; d < in->nd; d++)
        by_budget += bd[d] * in->B[d]; /* over the horizon */
    for (int n = 0; n < in->nn; n++)
        by_need += bn[n] * in->R[n];
    free(bd);
    free(bn);
    return (by_budget < by_need ? by_budget : by_need) - co_ex_missing(ex);
}

/* The greedy plan as the first incumbent (no GLPK: before the model). */
static void greedy_plan(co_search_run *r)
{
    const co_instance *in = r->in;
    const co_extras *ex = r->o->ex;
    double *gx = malloc(((size_t)in->n_pairs + 1) * sizeof *gx);
    unsigned char *gy = malloc((size_t)in->n_seats + 1);
    if (gx && gy && isfinite(co_greedy(in, ex ? ex->fixed : NULL, gx, gy, r->until)))
        co_offer_incumbent(r, gx, gy);
    free(gx);
    free(gy);
}

/* Where the greedy broke a what-if rule (it keeps fixed seats but not
 * pledges, least amounts or leads), the LP on its seats places the money
 * to keep them. */
static void rules_plan(co_search_run *r)
{
    const co_instance *in = r->in;
    const co_extras *ex = r->o->ex;
    double *gx = malloc(((size_t)in->n_pairs + 1) * sizeof *gx);
    unsigned char *gy = malloc((size_t)in->n_seats + 1);
    if (gx && gy && ex && isfinite(co_greedy(in, ex->fixed, gx, gy, r->until))) {
        apply_fixed(r, gy);
        if (co_seat_lp(r, gy, gx, NULL, r->until))
            co_offer_incumbent(r, gx, gy);
    }
    free(gx);
    free(gy);
}

/* Seconds GLPK takes to build the model, as measured (about 0.2 s for
 * 320,000 pairs), with a margin: the model is not built when it would not
 * be ready in time (the greedy's plan is reported). */
static double formulate_estimate(const co_instance *in)
{
    return 1.5e-6 * ((double)in->n_pairs + in->n_seats);
}

/* Seconds the LP relaxation is expected to take, from the relaxation
 * without seats (t_rel seconds): measured 0.09, 1.65 and 8.2 s at 40x30,
 * 100x80 and 150x120 (3,400, 21,000 and 48,000 pairs) where this gives
 * 0.02, 1.5 and 10.5 s; 200x150 did not finish in 35 s (estimate 32). */
static double lp_estimate(const co_instance *in, double t_rel)
{
    return t_rel * (double)in->n_pairs / 1000.0;
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
    double budget = o->dl.limit;
    search srch = {.o = o, .t0 = r->t0};

    /* 1. a plan in milliseconds, and a bound in one pass */
    greedy_plan(r);
    phase(r, "greedy");
    srch.has_bound = 1;
    srch.bound = simple_bound(in, o->ex);
    progress(r, 1, srch.bound);

    /* the model, unless it cannot be ready in time (then the greedy's plan
     * is the answer) */
    if (r->has_inc && formulate_estimate(in) > co_time_left(r)) {
        sol->skipped |= CO_SKIP_SEARCH | CO_SKIP_FIXED_LP | CO_SKIP_MARGINAL;
        sol->status = CO_ST_FEASIBLE;
        sol->fixed_lp_failed = 1;
        sol->mip_obj = r->inc_obj;
        sol->has_bound = 1;
        sol->bound = srch.bound > r->inc_obj ? srch.bound : r->inc_obj;
        return CO_OK;
    }
    double t1 = co_clock();
    if (co_formulate(in, o->ex, P, r->budget_row, r->z_col, 1, r->need_row, r->cap_row,
                     &r->link_row0, r->absorb_row) != CO_OK ||
        !(r->hlink_seat = malloc(((size_t)in->n_pairs + 1) * sizeof *r->hlink_seat))) {
        co_err(dg, "out of memory building the model");
        return CO_EINTERNAL;
    }
    r->n_hlink = co_hlink_seats(in, r->hlink_seat);
    if (getenv("COALITIONS_TEST_GLPK_FAULT")) {
        /* test-only: misuse GLPK on purpose, to prove that its error hook
         * turns the abort into a message and exit code 4 */
        glp_set_col_bnds(P, glp_get_num_cols(P) + 1, GLP_LO, 0.0, 0.0);
    }
    sol->rows = glp_get_num_rows(P);
    sol->cols = glp_get_num_cols(P);
    sol->nonzeros = glp_get_num_nz(P);
    sol->integer_cols = glp_get_num_int(P);
    if (sol->cols && co_add_cuts(in, o->ex, P, &r->cuts) != CO_OK) {
        co_err(dg, "out of memory building the model");
        return CO_EINTERNAL;
    }
    sol->build_s = co_clock() - t1;
    phase(r, "model");

    if (sol->cols == 0) {
        /* nothing to decide: the empty plan is optimal */
        double shortfall = 0;
        if (in->p.coverage_floor > 0)
            for (int s = 0; s < in->ns; s++)
                shortfall += in->p.coverage_floor * in->state_R[s];
        sol->status = CO_ST_OPTIMAL;
        sol->proved = sol->has_bound = 1;
        sol->bound = sol->mip_obj = -in->p.shortfall_penalty * shortfall;
        return CO_OK;
    }
    if (!r->has_inc && o->ex)
        rules_plan(r);
    progress(r, 1, srch.bound);
    /* a multi-year model's plans come mostly from diving in its LP
     * relaxation (dive.c): the relaxation gets the time sooner */
    improve_seats(r, share_of_left(r, in->ny > 1 ? 0.1 : 0.25));
    phase(r, "seat improvement");
    progress(r, 1, srch.bound);

    /* 2. bounds: the relaxation without seats where it is fast enough (a
     * bound, and the Lagrangian's starting prices), then the LP relaxation
     * where it can finish in time (it also gives the basis the branch and
     * bound needs), else the Lagrangian bound */
    double b, t_rel = co_clock();
    /* the Lagrangian applies without a floor or any what-if rule */
    co_lagr_mult lm = {0};
    int lagr = co_lagr_applies(in) && (!o->ex || (co_extras_empty(o->ex) && !co_ex_missing(o->ex)));
    if (lagr && co_lagr_init(in, &lm) != CO_OK)
        lagr = 0;
    int rel_ok = 0;
    /* a multi-year model keeps the basis of the LP without seats (below) */
    relaxed_basis rb = {0};
    if (relaxed_estimate(in) <= 0.1 * co_time_left(r)) {
        rel_ok = relaxed_bound(r, share_of_left(r, 0.3), &b, lagr ? &lm : NULL,
                               in->ny > 1 ? &rb : NULL);
        t_rel = co_clock() - t_rel;
        phase(r, "relaxation without seats");
        if (rel_ok && b < srch.bound)
            srch.bound = b;
    }
    if (!rel_ok && lagr)
        lagr = incumbent_prices(r, &lm, share_of_left(r, 0.1));
    int lp_bound = rel_ok; /* a bound from an LP or the Lagrangian */
    progress(r, 1, srch.bound);
    int lret = GLP_ETMLIM;
    /* from the LP without seats' basis the dual simplex takes about a
     * third of the primal's iterations (warm_basis) */
    int warm = rb.row && rb.col;
    if (rel_ok && lp_estimate(in, t_rel) / (warm ? 3 : 1) <= 0.5 * co_time_left(r)) {
        glp_smcp sp;
        glp_init_smcp(&sp);
        sp.msg_lev = msg;
        sp.tm_lim = co_ms(co_time_left(r) * 0.8);
        glp_scale_prob(P, GLP_SF_AUTO);
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
        if (lret == GLP_EFAIL || lret == GLP_ESING || lret == GLP_ECOND) {
            /* numerical trouble from the advanced basis: start again plainly */
            glp_std_basis(P);
            sp.tm_lim = co_ms(co_time_left(r) * 0.8);
            lret = glp_simplex(P, &sp);
        }
        phase(r, "LP relaxation");
    }
    free(rb.row);
    free(rb.col);
    int lp_ok = lret == 0 && glp_get_status(P) == GLP_OPT;
    if (lret == 0 && glp_get_status(P) == GLP_NOFEAS) {
        /* only what-if rules can make the model infeasible (MODEL.md) */
        sol->status = CO_ST_INFEASIBLE;
        co_lagr_release(&lm);
        return CO_OK;
    }
    double *ys = malloc(((size_t)in->n_seats + 1) * sizeof *ys);
    double *cols = malloc(((size_t)sol->cols + 1) * sizeof *cols);
    if (!ys || !cols) {
        free(ys);
        free(cols);
        co_lagr_release(&lm);
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    if (lp_ok) {
        if (glp_get_obj_val(P) < srch.bound)
            srch.bound = glp_get_obj_val(P);
        for (int k = 0; k < in->n_seats; k++)
            ys[k] = glp_get_col_prim(P, co_col_y(in, k));
        progress(r, 1, srch.bound);
        /* a multi-year relaxation leaves many seats fractional, which
         * rounding opens badly: dive first */
        if (in->ny > 1) {
            co_lp_dive(r, share_of_left(r, 0.6));
            phase(r, "LP diving");
        }
        lp_round(r, ys, share_of_left(r, 0.25));
        phase(r, "LP rounding");
        progress(r, 1, srch.bound);
        /* most of what is left: a better plan helps more than a longer
         * search, which keeps time for its cuts (the bound) */
        co_lns(r, ys, share_of_left(r, 0.8));
        phase(r, "neighbourhood search");
        progress(r, 1, srch.bound);
    } else if (lret == GLP_ETMLIM || lret == GLP_EITLIM) {
        /* no relaxation in time: the Lagrangian bound, from the duals of the
         * LP without seats, for at most 0.15 of the limit; the rest goes to
         * plans */
        double lb, share = 0.15 * budget;
        if (lagr && r->has_inc && co_time_left(r) > 0 &&
            co_lagr_minimise(in, &lm, r->inc_obj,
                             share < 0.5 * co_time_left(r) ? share : 0.5 * co_time_left(r),
                             &lb) == CO_OK) {
            phase(r, "Lagrangian bound");
            lp_bound = 1;
            /* a margin for rounding in the sums of the function */
            lb += 1e-9 * fabs(lb);
            if (lb < srch.bound) {
                srch.bound = lb;
                progress(r, 1, srch.bound);
            }
        }
        improve_seats(r, share_of_left(r, 0.3));
        phase(r, "seat improvement");
        co_lns(r, NULL, share_of_left(r, 1.0));
        phase(r, "neighbourhood search");
    } else if (lret != 0) {
        if (!r->has_inc) {
            free(ys);
            free(cols);
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
    if (!lp_bound && !lp_ok)
        sol->skipped |= CO_SKIP_LP_BOUND;
    if (r->has_inc) {
        incumbent_columns(r, cols);
        srch.inc = cols;
        srch.inc_obj = r->inc_obj;
    }

    /* 3. branch and bound from the best plan so far */
    int ret = GLP_ETMLIM, mst = GLP_UNDEF;
    if (lp_ok && co_time_left(r) > 0.001) {
        glp_iocp parm;
        glp_init_iocp(&parm);
        parm.msg_lev = msg;
        parm.presolve = GLP_OFF; /* glp_ios_heur_sol needs the original columns */
        parm.mip_gap = o->mip_gap;
        parm.tm_lim = co_ms(co_time_left(r));
        srch.until = r->until - r->reserve;
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
        phase(r, "branch and bound");
        if (ret != 0 && ret != GLP_ETMLIM && ret != GLP_EMIPGAP && ret != GLP_ESTOP) {
            if (!r->has_inc && mst != GLP_FEAS) {
                free(cols);
                co_err(dg, "GLPK's glp_intopt failed (code %d)", ret);
                return CO_ESOLVER;
            }
            co_warn(dg, "GLPK's branch and bound stopped on a failure (code %d): the plan is "
                        "the best found before it",
                    ret);
            ret = GLP_ESTOP;
        }
    } else {
        sol->skipped |= CO_SKIP_BRANCH;
    }
    if (mst == GLP_NOFEAS) {
        free(cols);
        sol->status = CO_ST_INFEASIBLE;
        return CO_OK;
    }
    /* 4. the plan: GLPK's own heuristics may find a better one than ours */
    unsigned char *my = NULL;
    double *mx = cols; /* reused: the MIP's amounts by pair */
    if ((mst == GLP_OPT || mst == GLP_FEAS) &&
        (!r->has_inc || glp_mip_obj_val(P) >= r->inc_obj - 1e-9 * fabs(r->inc_obj))) {
        my = malloc((size_t)in->n_seats + 1);
        if (!my) {
            free(cols);
            co_err(dg, "out of memory");
            return CO_EINTERNAL;
        }
        for (int k = 0; k < in->n_seats; k++)
            my[k] = glp_mip_col_val(P, co_col_y(in, k)) > 0.5;
        for (int i = 0; i < in->n_pairs; i++) {
            double v = glp_mip_col_val(P, co_col_x(in, i));
            mx[i] = my[in->pairs[i].seat] && v > 0 ? v : 0;
        }
        sol->mip_obj = glp_mip_obj_val(P);
    } else if (r->has_inc) {
        /* the search found nothing better in time: the heuristic's plan,
         * already in sol->x and sol->y */
        sol->mip_obj = r->inc_obj;
    } else {
        free(cols);
        sol->status = CO_ST_NO_SOLUTION;
        sol->has_bound = srch.has_bound;
        sol->bound = srch.bound;
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

    /* 5. the reported amounts and the marginal values: the LP with the
     * plan's seats fixed, when it can be solved in time; else the plan's
     * own amounts, which keep every constraint */
    int got = co_read_fixed_lp(r, my ? my : sol->y);
    phase(r, "seat-fixed LP");
    if (got != 1 && my) {
        /* the MIP's amounts, as GLPK left them, only if they keep every
         * constraint to the cent once the closed seats' crumbs are dropped;
         * else the heuristics' plan */
        if (co_feasible(in, mx, my, 0.01) && co_extras_feasible(in, o->ex, mx, my, 0.01)) {
            memcpy(sol->x, mx, (size_t)in->n_pairs * sizeof *mx);
            memcpy(sol->y, my, (size_t)in->n_seats);
        } else if (r->has_inc) {
            sol->mip_obj = r->inc_obj;
            sol->proved = 0;
            sol->status = CO_ST_FEASIBLE;
        } else {
            memcpy(sol->x, mx, (size_t)in->n_pairs * sizeof *mx);
            memcpy(sol->y, my, (size_t)in->n_seats);
            co_warn(dg, "the branch and bound's amounts break a constraint by more than a cent "
                        "and there was no time to place them again");
        }
    }
    if (got == 1 && my)
        memcpy(sol->y, my, (size_t)in->n_seats);
    free(my);
    free(cols);
    return CO_OK;
}

int co_solve(const co_instance *in, const co_solve_opts *o, co_solution *sol, co_diag *dg)
{
    memset(sol, 0, sizeof *sol);
    co_search_run r = {.in = in, .o = o, .sol = sol, .dg = dg, .t0 = co_clock()};
    r.until = co_timer_at(&o->dl);
    int rc = CO_EINTERNAL;
    /* by donor (and year), donor and area (and year), need (and year) */
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
    if (!sol->x || !sol->y || !sol->budget_dual || !sol->budget_lo || !sol->budget_hi ||
        !sol->need_dual || !sol->cap_dual || !sol->floor_dual || !r.budget_row || !r.z_col ||
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
    sol->solve_s = co_clock() - r.t0 - sol->build_s;
out:
    free(r.budget_row);
    free(r.z_col);
    free(r.need_row);
    free(r.cap_row);
    free(r.absorb_row);
    free(r.hlink_seat);
    free(r.row_start);
    free(r.row_col);
    free(r.row_val);
    co_cuts_release(&r.cuts);
    if (rc != CO_OK)
        co_solution_release(sol);
    return rc;
}

const char *co_solver_version(void)
{
    return glp_version();
}
