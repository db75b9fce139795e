/*
 * model.c: the GLPK side. Builds the model of docs/MODEL.md in canonical
 * order (columns x by (donor, need), y by (donor, State), z by State; rows
 * by constraint family in MODEL.md's order), runs glp_intopt tracking the
 * bound, re-solves the LP with seats fixed, and writes LP/MPS files.
 * Knows nothing of output formats: plan.c reads the co_solution.
 */
#include "solve/model.h"

#include <errno.h>
#include <float.h>
#include <glpk.h>
#include <math.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "model/heuristic.h"
#include "model/lagrange.h"
#include "solve/glpk_guard.h"
#include "base/output.h"
#include "solve/triplets.h"
#include "base/util.h"

/* ---- building -------------------------------------------------------- */

typedef struct builder {
    glp_prob *P;
    co_triplets t; /* the matrix; t.oom also flags other allocations */
    int row;
} builder;

static void add_nz(builder *b, int j, double v)
{
    co_triplets_add(&b->t, b->row, j, v);
}

/* Names are ids (at most 64 bytes each), so they stay under GLPK's 255. */
static void name_row(glp_prob *P, int i, const char *fmt, const char *a, const char *b)
{
    char buf[256];
    snprintf(buf, sizeof buf, fmt, a, b);
    glp_set_row_name(P, i, buf);
}

static void name_col(glp_prob *P, int j, const char *fmt, const char *a, const char *b)
{
    char buf[256];
    snprintf(buf, sizeof buf, fmt, a, b);
    glp_set_col_name(P, j, buf);
}

static int new_row(builder *b, int type, double lo, double hi)
{
    b->row = glp_add_rows(b->P, 1);
    glp_set_row_bnds(b->P, b->row, type, lo, hi);
    return b->row;
}

/* Column numbers (1-based) of the three families. */
static int col_x(const co_instance *in, int pair) { (void)in; return pair + 1; }
static int col_y(const co_instance *in, int seat) { return in->n_pairs + seat + 1; }

/* The stability constant that no seat choice changes: baseline seats that
 * are no seat of this instance are always removed. */
static double ex_missing(const co_extras *ex)
{
    if (!ex || !ex->base_y || !(ex->stability_weight > 0))
        return 0;
    return ex->stability_weight * ex->base_missing;
}

/* Adds seat k's columns with coefficient v to the current row. */
static void add_seat(builder *b, const co_instance *in, int k, double v)
{
    for (int q = in->seats[k].first; q < in->seats[k].first + in->seats[k].count; q++)
        add_nz(b, col_x(in, in->seat_pairs[q]), v);
}

/* The rows of the what-if rules (docs/WHATIF.md): pledges, leads, and for
 * alternatives the no-good cuts and the least objective. */
static void build_extras(const co_instance *in, const co_extras *ex, builder *b, int with_y)
{
    const co_dataset *ds = in->ds;
    glp_prob *P = b->P;
    for (int i = 0; i < ex->n_pledges; i++) {
        const co_pair *pr = &in->pairs[ex->pledges[i].pair];
        new_row(b, GLP_LO, ex->pledges[i].amount, 0.0);
        name_row(P, b->row, "pledge[%s,%s]", ds->donors[pr->d].id, ds->needs[pr->n].id);
        add_nz(b, col_x(in, ex->pledges[i].pair), 1.0);
    }
    for (int i = 0; i < ex->n_lead; i++) {
        int k = ex->lead[i];
        for (int j = 0; j < in->n_seats; j++) {
            if (j == k || in->seats[j].s != in->seats[k].s)
                continue;
            new_row(b, GLP_LO, 0.0, 0.0);
            name_row(P, b->row, "lead[%s,%s]", ds->donors[in->seats[k].d].id,
                     ds->donors[in->seats[j].d].id);
            add_seat(b, in, k, 1.0);
            add_seat(b, in, j, -1.0);
        }
    }
    if (!with_y)
        return;
    for (int c = 0; c < ex->n_cuts; c++) {
        /* sum over the cut's closed seats of y - sum over its open seats of y >= 1 - open */
        int open = 0;
        for (int k = 0; k < in->n_seats; k++)
            open += ex->cuts[c][k] != 0;
        new_row(b, GLP_LO, 1.0 - open, 0.0);
        glp_set_row_name(P, b->row, "differ");
        for (int k = 0; k < in->n_seats; k++)
            add_nz(b, col_y(in, k), ex->cuts[c][k] ? -1.0 : 1.0);
    }
    if (isfinite(ex->min_total)) {
        /* the model's objective (without stability) at least min_total */
        new_row(b, GLP_LO, ex->min_total, 0.0);
        glp_set_row_name(P, b->row, "within");
        for (int i = 0; i < in->n_pairs; i++)
            add_nz(b, col_x(in, i), in->pairs[i].w);
        for (int k = 0; k < in->n_seats; k++)
            add_nz(b, col_y(in, k), -in->p.coordination_cost);
        int m = glp_get_num_cols(P);
        for (int j = in->n_pairs + in->n_seats + 1; j <= m; j++)
            add_nz(b, j, -in->p.shortfall_penalty);
    }
}

/* Columns of z: z_col[s] (0 when the State has no z). */
/* Builds the model into P. With with_y 0 it builds the relaxation without
 * seats (no y, no rows 4-7): a fast LP whose optimum bounds the model's. */
static int build(const co_instance *in, const co_extras *ex, glp_prob *P, int *budget_row,
                 int *z_col, int with_y, int *need_row, int *cap_row, int *link_row0)
{
    const co_dataset *ds = in->ds;
    const co_params *p = &in->p;
    builder b = {.P = P};
    glp_set_prob_name(P, "coalitions");
    glp_set_obj_name(P, "value");
    glp_set_obj_dir(P, GLP_MAX);

    int nz = 0;
    double stab_const = 0;
    for (int s = 0; s < in->ns; s++)
        z_col[s] = 0;
    if (p->coverage_floor > 0)
        for (int s = 0; s < in->ns; s++)
            if (in->state_R[s] > 0)
                nz++;
    int ny = with_y ? in->n_seats : 0;
    int ncols = in->n_pairs + ny + nz;
    if (ncols > 0)
        glp_add_cols(P, ncols);
    for (int i = 0; i < in->n_pairs; i++) {
        const co_pair *pr = &in->pairs[i];
        int j = col_x(in, i);
        name_col(P, j, "x[%s,%s]", ds->donors[pr->d].id, ds->needs[pr->n].id);
        glp_set_col_bnds(P, j, GLP_DB, 0.0, pr->U);
        glp_set_obj_coef(P, j, pr->w);
    }
    for (int k = 0; k < ny; k++) {
        const co_seat *st = &in->seats[k];
        int j = col_y(in, k);
        name_col(P, j, "y[%s,%s]", ds->donors[st->d].id, ds->states[st->s].id);
        glp_set_col_kind(P, j, GLP_BV);
        double c = -p->coordination_cost;
        if (ex && ex->base_y && ex->stability_weight > 0) {
            /* -sigma |y - b|: +sigma y - sigma where b = 1, -sigma y where b = 0 */
            c += ex->base_y[k] ? ex->stability_weight : -ex->stability_weight;
            if (ex->base_y[k])
                stab_const -= ex->stability_weight;
        }
        glp_set_obj_coef(P, j, c);
        if (ex && ex->fixed && ex->fixed[k] >= 0)
            glp_set_col_bnds(P, j, GLP_FX, ex->fixed[k], ex->fixed[k]);
    }
    if (ex && ex->base_y && ex->stability_weight > 0)
        stab_const -= ex->stability_weight * ex->base_missing;
    /* without y the constant keeps only the part no seat choice can change:
     * the relaxation must still bound the searched objective from above */
    glp_set_obj_coef(P, 0, with_y ? stab_const : -ex_missing(ex));
    int j = in->n_pairs + ny;
    if (nz) {
        for (int s = 0; s < in->ns; s++) {
            if (!(in->state_R[s] > 0))
                continue;
            z_col[s] = ++j;
            name_col(P, j, "z[%s]%s", ds->states[s].id, "");
            glp_set_col_bnds(P, j, GLP_LO, 0.0, 0.0);
            glp_set_obj_coef(P, j, -p->shortfall_penalty);
        }
    }

    /* 1. budget, per donor with pairs; pairs are grouped by donor */
    for (int d = 0; d < in->nd; d++)
        budget_row[d] = 0;
    for (int i = 0; i < in->n_pairs;) {
        int d = in->pairs[i].d;
        budget_row[d] = new_row(&b, GLP_UP, 0.0, ds->donors[d].budget);
        name_row(P, b.row, "budget[%s]%s", ds->donors[d].id, "");
        for (; i < in->n_pairs && in->pairs[i].d == d; i++)
            add_nz(&b, col_x(in, i), 1.0);
    }
    /* 2. area caps, per (donor, area) given, with pairs */
    for (int i = 0; i < in->n_pairs;) {
        int d = in->pairs[i].d, end = i;
        while (end < in->n_pairs && in->pairs[end].d == d)
            end++;
        for (int a = 0; a < in->na; a++) {
            double cap = co_inst_cap(in, d, a);
            if (cap < 0)
                continue;
            int made = 0;
            for (int k = i; k < end; k++) {
                if (ds->needs[in->pairs[k].n].a != a)
                    continue;
                if (!made) {
                    new_row(&b, GLP_UP, 0.0, cap);
                    name_row(P, b.row, "area_cap[%s,%s]", ds->donors[d].id, ds->areas[a].id);
                    if (cap_row)
                        cap_row[(size_t)d * (size_t)in->na + (size_t)a] = b.row;
                    made = 1;
                }
                add_nz(&b, col_x(in, k), 1.0);
            }
        }
        i = end;
    }
    /* 3. need, per need with pairs (pairs of a need are spread by donor) */
    {
        int *count = calloc((size_t)in->nn + 1, sizeof *count);
        int *start = calloc((size_t)in->nn + 2, sizeof *start);
        int *list = malloc(((size_t)in->n_pairs + 1) * sizeof *list);
        if (!count || !start || !list) {
            free(count);
            free(start);
            free(list);
            b.t.oom = 1;
            goto out;
        }
        for (int i = 0; i < in->n_pairs; i++)
            count[in->pairs[i].n]++;
        for (int n = 0; n < in->nn; n++)
            start[n + 1] = start[n] + count[n];
        for (int n = 0; n < in->nn; n++)
            count[n] = 0;
        for (int i = 0; i < in->n_pairs; i++) {
            int n = in->pairs[i].n;
            list[start[n] + count[n]++] = i;
        }
        for (int n = 0; n < in->nn; n++) {
            if (!count[n])
                continue;
            new_row(&b, GLP_UP, 0.0, in->R[n]);
            name_row(P, b.row, "need[%s]%s", ds->needs[n].id, "");
            if (need_row)
                need_row[n] = b.row;
            for (int k = start[n]; k < start[n + 1]; k++)
                add_nz(&b, col_x(in, list[k]), 1.0);
        }
        free(count);
        free(start);
        free(list);
    }
    /* 4. link, per pair: x - U y <= 0 */
    for (int i = 0; i < in->n_pairs && with_y; i++) {
        const co_pair *pr = &in->pairs[i];
        new_row(&b, GLP_UP, 0.0, 0.0);
        if (i == 0 && link_row0)
            *link_row0 = b.row; /* pair i's link row is *link_row0 + i */
        name_row(P, b.row, "link[%s,%s]", ds->donors[pr->d].id, ds->needs[pr->n].id);
        add_nz(&b, col_x(in, i), 1.0);
        add_nz(&b, col_y(in, pr->seat), -pr->U);
    }
    /* 5. minimum grant, per seat of a donor with m_d > 0 */
    for (int k = 0; k < ny; k++) {
        const co_seat *st = &in->seats[k];
        double m = ds->donors[st->d].min_grant;
        if (ex && ex->fixed && ex->fixed[k] == 1 && ex->seat_min && ex->seat_min[k] > m)
            m = ex->seat_min[k];
        if (ex && ex->n_cuts && m < 1)
            m = 1; /* alternatives: a seat carries money, so seat sets differ */
        if (!(m > 0))
            continue;
        new_row(&b, GLP_LO, 0.0, 0.0);
        name_row(P, b.row, "min_grant[%s,%s]", ds->donors[st->d].id, ds->states[st->s].id);
        for (int q = st->first; q < st->first + st->count; q++)
            add_nz(&b, col_x(in, in->seat_pairs[q]), 1.0);
        add_nz(&b, col_y(in, k), -m);
    }
    /* 6. engagement, per donor with K_d given; seats are grouped by donor */
    for (int k = 0; k < ny;) {
        int d = in->seats[k].d, end = k;
        while (end < ny && in->seats[end].d == d)
            end++;
        if (ds->donors[d].has_max_states) {
            new_row(&b, GLP_UP, 0.0, ds->donors[d].max_states);
            name_row(P, b.row, "engagement[%s]%s", ds->donors[d].id, "");
            for (int q = k; q < end; q++)
                add_nz(&b, col_y(in, q), 1.0);
        }
        k = end;
    }
    /* 7. coalition size, per State with seats */
    if (with_y) {
        int *first = malloc(((size_t)in->ns + 1) * sizeof *first);
        int *next = malloc(((size_t)in->n_seats + 1) * sizeof *next);
        if (!first || !next) {
            free(first);
            free(next);
            b.t.oom = 1;
            goto out;
        }
        for (int s = 0; s < in->ns; s++)
            first[s] = -1;
        for (int k = in->n_seats - 1; k >= 0; k--) {
            next[k] = first[in->seats[k].s];
            first[in->seats[k].s] = k;
        }
        for (int s = 0; s < in->ns; s++) {
            if (first[s] < 0)
                continue;
            new_row(&b, GLP_UP, 0.0, p->max_coalition_size);
            name_row(P, b.row, "size[%s]%s", ds->states[s].id, "");
            for (int k = first[s]; k >= 0; k = next[k])
                add_nz(&b, col_y(in, k), 1.0);
        }
        free(first);
        free(next);
    }
    /* 8. coverage floor, per State with z */
    if (nz) {
        for (int s = 0; s < in->ns; s++) {
            if (!z_col[s])
                continue;
            new_row(&b, GLP_LO, p->coverage_floor * in->state_R[s], 0.0);
            name_row(P, b.row, "floor[%s]%s", ds->states[s].id, "");
            for (int i = 0; i < in->n_pairs; i++)
                if (ds->needs[in->pairs[i].n].s == s)
                    add_nz(&b, col_x(in, i), 1.0);
            add_nz(&b, z_col[s], 1.0);
        }
    }
    if (ex)
        build_extras(in, ex, &b, with_y);
    if (!b.t.oom && b.t.nnz > 0)
        glp_load_matrix(P, b.t.nnz, b.t.ia, b.t.ja, b.t.ar);
out:
    int oom = b.t.oom;
    co_triplets_release(&b.t);
    return oom ? CO_EINTERNAL : CO_OK;
}

/* ---- solving --------------------------------------------------------- */

typedef struct search {
    const co_solve_opts *o;
    double t0;          /* start of the solve (co_clock) */
    int has_bound;
    double bound;       /* best bound seen */
    double limit;       /* seconds from t0 at which the search stops */
    const double *hint; /* heuristic plan, columns 1..n (index 0 unused) */
    double hint_obj;
    int hint_given;
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
    if (s->hint && (!has_inc || s->hint_obj > inc)) {
        has_inc = 1;
        inc = s->hint_obj;
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
        if (s->hint && !s->hint_given) {
            s->hint_given = 1;
            glp_ios_heur_sol(T, s->hint);
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

static void fix_seats(glp_prob *P, const co_instance *in, const unsigned char *y)
{
    for (int k = 0; k < in->n_seats; k++) {
        int j = col_y(in, k);
        glp_set_col_kind(P, j, GLP_CV);
        glp_set_col_bnds(P, j, GLP_FX, y[k], y[k]);
    }
}

/* True when some basic variable sits at one of its bounds: the optimal
 * basis is then primal degenerate and its duals need not be unique. */
static int is_degenerate(glp_prob *P)
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
    memset(sol, 0, sizeof *sol);
}

/* Everything between building and reading the plan that touches GLPK;
 * kept apart so that only it runs under the error hook's setjmp. */
typedef struct run {
    const co_instance *in;
    const co_solve_opts *o;
    co_solution *sol;
    co_diag *dg;
    double t0;
    int *budget_row, *z_col;
    int *need_row, *cap_row; /* 0 where the model has no such row */
    int link_row0;           /* the first pair's link row */
    glp_prob *P;
    double *hint; /* 1-based column values of the heuristic plan */
    double hint_obj;
    int have_hint;
    double reserve;    /* the longest seat-fixed LP yet: kept for the last one */
    unsigned lns_seed; /* the neighbourhoods' generator, across calls */
    double lns_want;   /* seats to free in the next neighbourhood */
} run;

/* Time left for the search: the limit less what is spent and what the
 * reported plan's seat-fixed LP will take (as long as the longest yet). */
static double time_left(const run *r)
{
    return r->o->time_limit - (co_clock() - r->t0) - r->reserve;
}

static int ms(double seconds)
{
    if (seconds < 0.001)
        return 1;
    return seconds * 1000 > 2e9 ? 2000000000 : (int)(seconds * 1000);
}

/* Sets the seats a rule fixes (forced, pledged, forbidden) in y. */
static void apply_fixed(const run *r, unsigned char *y)
{
    const co_extras *ex = r->o->ex;
    for (int k = 0; ex && ex->fixed && k < r->in->n_seats; k++)
        if (ex->fixed[k] >= 0)
            y[k] = (unsigned char)ex->fixed[k];
}

/* Progress outside the search (the search reports from its callback). */
static void progress(run *r, int has_bound, double bound)
{
    if (r->o->progress)
        r->o->progress(r->o->progress_ctx, r->have_hint, r->hint_obj, has_bound, bound,
                       co_clock() - r->t0);
}

/* Keeps (x, y) as the hint when it is feasible and better than the one held. */
static void offer_hint(run *r, const double *x, const unsigned char *y)
{
    const co_instance *in = r->in;
    /* the searched objective: the model's less the stability penalty */
    double obj = co_objective(in, x, y) - co_stability_penalty(in, r->o->ex, y);
    if (!isfinite(obj) || (r->have_hint && obj <= r->hint_obj) ||
        !co_feasible(in, x, y, 1e-6) || !co_extras_feasible(in, r->o->ex, x, y, 1e-6))
        return;
    double *got = calloc((size_t)in->ns + 1, sizeof *got);
    if (!got)
        return;
    memset(r->hint, 0, ((size_t)glp_get_num_cols(r->P) + 1) * sizeof *r->hint);
    for (int i = 0; i < in->n_pairs; i++) {
        r->hint[col_x(in, i)] = x[i];
        got[in->ds->needs[in->pairs[i].n].s] += x[i];
        r->sol->x[i] = x[i];
    }
    for (int k = 0; k < in->n_seats; k++) {
        r->hint[col_y(in, k)] = y[k];
        r->sol->y[k] = y[k];
    }
    for (int s = 0; s < in->ns; s++) {
        if (r->z_col[s]) {
            double lack = in->p.coverage_floor * in->state_R[s] - got[s];
            r->hint[r->z_col[s]] = lack > 0 ? lack : 0;
        }
    }
    free(got);
    r->hint_obj = obj;
    r->have_hint = 1;
    if (r->o->log) {
        /* in the GLPK log of --verbose, so a reader sees when plans came */
        char line[128];
        snprintf(line, sizeof line, "coalitions: plan %.2f from the heuristics at %.3f s\n", obj,
                 co_clock() - r->t0);
        r->o->log(r->o->log_ctx, line);
    }
}

/* Money placed by the LP with the seats y fixed (on a copy of P). Returns
 * 1 with x filled, 0 when that LP did not solve. With `dual` non-NULL it
 * also gives each pair's dual price: what its donor's budget, its need and
 * its area cap are worth at the margin (clamped at 0). */
static int seat_lp(run *r, const unsigned char *y, double *x, double *dual)
{
    const co_instance *in = r->in;
    double start = co_clock();
    glp_prob *Q = glp_create_prob();
    glp_copy_prob(Q, r->P, GLP_OFF);
    fix_seats(Q, in, y);
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    sp.presolve = GLP_ON;
    sp.tm_lim = ms(time_left(r));
    int ok = glp_simplex(Q, &sp) == 0 && glp_get_status(Q) == GLP_OPT;
    if (co_clock() - start > r->reserve)
        r->reserve = co_clock() - start;
    for (int i = 0; ok && i < in->n_pairs; i++) {
        const co_pair *pr = &in->pairs[i];
        double v = glp_get_col_prim(Q, col_x(in, i));
        x[i] = v > 0 ? v : 0;
        if (!dual)
            continue;
        int rows[3] = {r->budget_row[pr->d], r->need_row[pr->n],
                       r->cap_row[(size_t)pr->d * (size_t)in->na +
                                  (size_t)in->ds->needs[pr->n].a]};
        dual[i] = 0;
        for (int k = 0; k < 3; k++) {
            double dv = rows[k] ? glp_get_row_dual(Q, rows[k]) : 0;
            dual[i] += dv > 0 ? dv : 0;
        }
    }
    glp_delete_prob(Q);
    return ok;
}

/* Closes the open seats that carry nothing or (without a floor) add less
 * value than their coordination cost; their money is zeroed. */
static int close_unpaying(const co_instance *in, const co_extras *ex, unsigned char *y,
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
static void improve_seats(run *r, double seconds)
{
    const co_instance *in = r->in;
    const co_dataset *ds = in->ds;
    double deadline = co_clock() + seconds;
    double *x = malloc(((size_t)in->n_pairs + 1) * sizeof *x);
    double *dual = malloc(((size_t)in->n_pairs + 1) * sizeof *dual);
    double *gain = malloc(((size_t)in->n_seats + 1) * sizeof *gain);
    double *mins = malloc(((size_t)in->nd + 1) * sizeof *mins);
    int *nd = malloc(((size_t)in->nd + 1) * sizeof *nd);
    int *ns = malloc(((size_t)in->ns + 1) * sizeof *ns);
    unsigned char *y = malloc((size_t)in->n_seats + 1);
    unsigned char *good = malloc((size_t)in->n_seats + 1);
    if (!x || !dual || !gain || !mins || !nd || !ns || !y || !good || !r->have_hint)
        goto done;
    memcpy(y, r->sol->y, (size_t)in->n_seats);
    int share = 4; /* open the best 1/share of the promising seats a round */
    for (int round = 0; round < 50 && co_clock() < deadline; round++) {
        if (!seat_lp(r, y, x, dual)) {
            /* too many seats at once (minimum grants): back, and fewer */
            memcpy(y, good, (size_t)in->n_seats);
            if (round == 0 || (share *= 4) > in->n_seats || !seat_lp(r, y, x, dual))
                break;
        }
        close_unpaying(in, r->o->ex, y, x);
        offer_hint(r, x, y);
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
            gain[k] = 0;
            if (y[k] || (r->o->ex && r->o->ex->fixed && r->o->ex->fixed[k] == 0))
                continue;
            double g = 0, amount = 0;
            for (int q = st->first; q < st->first + st->count; q++) {
                int i = in->seat_pairs[q];
                double d = in->pairs[i].w - dual[i];
                if (d > 0) {
                    g += d * in->pairs[i].U;
                    amount += in->pairs[i].U;
                }
            }
            if (amount < ds->donors[st->d].min_grant)
                continue;
            gain[k] = g - in->p.coordination_cost;
            candidates += gain[k] > 0;
        }
        /* open the best few, within the limits and the minimum grants */
        int want = candidates / share + 1, opened = 0;
        while (candidates && opened < want) {
            int best = -1;
            for (int k = 0; k < in->n_seats; k++)
                if (gain[k] > 0 && (best < 0 || gain[k] > gain[best]))
                    best = k;
            if (best < 0)
                break;
            gain[best] = 0;
            const co_seat *st = &in->seats[best];
            const co_donor *dn = &ds->donors[st->d];
            if (ns[st->s] >= in->p.max_coalition_size ||
                (dn->has_max_states && nd[st->d] >= dn->max_states) ||
                mins[st->d] + dn->min_grant > dn->budget)
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
    free(gain);
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
static void lp_round(run *r, const double *ys)
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
        if (time_left(r) < 0.2 * r->o->time_limit)
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
                mins[st->d] + dn->min_grant > dn->budget)
                continue;
            y[k] = 1;
            nd[st->d]++;
            ns[st->s]++;
            mins[st->d] += dn->min_grant;
        }
        apply_fixed(r, y);
        for (int pass = 0; pass < 2; pass++) {
            if (!seat_lp(r, y, x, NULL))
                break;
            int closed = close_unpaying(in, r->o->ex, y, x);
            offer_hint(r, x, y);
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

/* ---- large-neighbourhood search -------------------------------------- */

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
 * that sub-problem (small once GLPK's presolver drops the fixed seats) is
 * solved by branch and bound, and a better plan is kept. The size of the
 * neighbourhood grows while sub-problems are solved within their node
 * limit and shrinks when they are not. ys (the LP relaxation's seats, or
 * NULL) guides one kind of neighbourhood in three. */
static void lns(run *r, const double *ys, double seconds)
{
    const co_instance *in = r->in;
    const co_extras *ex = r->o->ex;
    double deadline = co_clock() + seconds;
    int groups = in->nd > in->ns ? in->nd : in->ns;
    int *order = malloc(((size_t)groups + 1) * sizeof *order);
    double *key = malloc(((size_t)groups + 1) * sizeof *key);
    double *x = malloc(((size_t)in->n_pairs + 1) * sizeof *x);
    unsigned char *y = malloc((size_t)in->n_seats + 1);
    unsigned char *free_seat = malloc((size_t)in->n_seats + 1);
    glp_prob *Q = NULL;
    if (!order || !key || !x || !y || !free_seat || !r->have_hint || in->n_seats == 0)
        goto done;
    Q = glp_create_prob();
    glp_copy_prob(Q, r->P, GLP_OFF);
    if (!r->lns_seed) {
        r->lns_seed = 2463534242u;
        r->lns_want = in->n_seats < 40 ? in->n_seats : 40;
    }
    double want = r->lns_want;
    for (int it = 0; co_clock() < deadline; it++) {
        int kind = it % 3;
        if (kind == 2 && !ys)
            kind = 0;
        int n = pick_free(in, kind, (int)want, ys, r->sol->y, &r->lns_seed, order, key, free_seat);
        if (!n)
            break;
        for (int k = 0; k < in->n_seats; k++) {
            int j = col_y(in, k);
            if (ex && ex->fixed && ex->fixed[k] >= 0)
                continue;
            if (free_seat[k])
                glp_set_col_bnds(Q, j, GLP_DB, 0.0, 1.0);
            else
                glp_set_col_bnds(Q, j, GLP_FX, r->sol->y[k], r->sol->y[k]);
        }
        sub_limit lim = {.deadline = deadline, .max_nodes = 200};
        glp_iocp parm;
        glp_init_iocp(&parm);
        parm.msg_lev = GLP_MSG_OFF;
        parm.presolve = GLP_ON;
        parm.mip_gap = 1e-6;
        parm.br_tech = GLP_BR_DTH;
        parm.bt_tech = GLP_BT_BLB;
        parm.tm_lim = ms(deadline - co_clock());
        parm.cb_func = sub_callback;
        parm.cb_info = &lim;
        int ret = glp_intopt(Q, &parm);
        int mst = glp_mip_status(Q);
        if ((mst == GLP_OPT || mst == GLP_FEAS) &&
            glp_mip_obj_val(Q) > r->hint_obj + 1e-9 * fabs(r->hint_obj)) {
            for (int k = 0; k < in->n_seats; k++)
                y[k] = glp_mip_col_val(Q, col_y(in, k)) > 0.5;
            for (int pass = 0; pass < 2; pass++) {
                if (!seat_lp(r, y, x, NULL))
                    break;
                int closed = close_unpaying(in, ex, y, x);
                offer_hint(r, x, y);
                if (!closed)
                    break;
            }
        }
        int solved = (ret == 0 || ret == GLP_EMIPGAP) && !lim.stopped;
        if (solved && 2 * n >= in->n_seats)
            break; /* half the seats free and solved: the search will do */
        if (solved)
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
    if (Q)
        glp_delete_prob(Q);
    free(order);
    free(key);
    free(x);
    free(y);
    free(free_seat);
}

/* A bound from the relaxation without seats: fast even where the full LP
 * relaxation is not. Returns 1 and the bound, or 0 when it did not solve.
 * With m, its rows' duals go into m as the Lagrangian's starting prices. */
static int relaxed_bound(run *r, double seconds, double *bound, co_lagr_mult *m)
{
    const co_instance *in = r->in;
    size_t nda = (size_t)in->nd * (size_t)in->na;
    int *brow = malloc(((size_t)in->nd + 1) * sizeof *brow);
    int *zcol = malloc(((size_t)in->ns + 1) * sizeof *zcol);
    int *nrow = calloc((size_t)in->nn + 1, sizeof *nrow);
    int *crow = calloc(nda + 1, sizeof *crow);
    int ok = 0;
    glp_prob *Q = glp_create_prob();
    if (brow && zcol && nrow && crow &&
        build(in, r->o->ex, Q, brow, zcol, 0, nrow, crow, NULL) == CO_OK) {
        glp_smcp sp;
        glp_init_smcp(&sp);
        sp.msg_lev = r->o->log ? GLP_MSG_ON : GLP_MSG_ERR;
        sp.presolve = GLP_ON;
        sp.tm_lim = ms(seconds);
        glp_scale_prob(Q, GLP_SF_AUTO);
        if (glp_simplex(Q, &sp) == 0 && glp_get_status(Q) == GLP_OPT) {
            *bound = glp_get_obj_val(Q);
            ok = 1;
            for (int d = 0; m && d < in->nd; d++)
                m->mu[d] = brow[d] ? glp_get_row_dual(Q, brow[d]) : 0;
            for (int n = 0; m && n < in->nn; n++)
                m->pi[n] = nrow[n] ? glp_get_row_dual(Q, nrow[n]) : 0;
            for (size_t j = 0; m && j < nda; j++)
                m->nu[j] = crow[j] ? glp_get_row_dual(Q, crow[j]) : 0;
        }
    }
    glp_delete_prob(Q);
    free(brow);
    free(zcol);
    free(nrow);
    free(crow);
    return ok;
}

/* The budgets over which each donor's marginal value holds: ranging of its
 * budget row on the fixed-seat LP. A used-up budget (a non-basic row) keeps
 * its dual between the limits glp_analyze_bound gives for the row's bound;
 * a budget with money left (a basic row, dual 0) keeps it from what is
 * allocated upwards. A donor without a row (no eligible pair) keeps 0 for
 * any budget. glp_analyze_bound needs a factorised basis and is fatal on a
 * basic row, so both are checked first. */
static void budget_ranges(run *r, glp_prob *P)
{
    const co_instance *in = r->in;
    int basis = glp_bf_exists(P) || glp_factorize(P) == 0;
    for (int d = 0; d < in->nd; d++) {
        int i = r->budget_row[d];
        double lo = NAN, hi = NAN;
        if (!i) {
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
        r->sol->budget_lo[d] = lo;
        r->sol->budget_hi[d] = hi;
    }
}

/* Not inlined into co_solve: its locals must not live in the frame that
 * calls setjmp (a longjmp would leave them indeterminate). */
__attribute__((noinline)) static int solve_glpk(run *r, glp_prob *P)
{
    const co_instance *in = r->in;
    const co_solve_opts *o = r->o;
    co_solution *sol = r->sol;
    co_diag *dg = r->dg;
    int msg = o->log ? GLP_MSG_ON : GLP_MSG_ERR;

    if (build(in, r->o->ex, P, r->budget_row, r->z_col, 1, r->need_row, r->cap_row, &r->link_row0) != CO_OK) {
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
    {
        double *gx = malloc(((size_t)in->n_pairs + 1) * sizeof *gx);
        unsigned char *gy = malloc((size_t)in->n_seats + 1);
        const co_extras *ex = o->ex;
        if (gx && gy && isfinite(co_greedy(in, ex ? ex->fixed : NULL, gx, gy))) {
            offer_hint(r, gx, gy);
            /* the greedy keeps fixed seats but not pledges, least amounts or
             * leads: the LP on its seats places the money to keep them */
            if (!r->have_hint && ex) {
                apply_fixed(r, gy);
                if (seat_lp(r, gy, gx, NULL))
                    offer_hint(r, gx, gy);
            }
        }
        free(gx);
        free(gy);
    }
    progress(r, 0, 0);
    improve_seats(r, 0.25 * time_left(r));
    progress(r, 0, 0);

    /* 2. bounds: first the relaxation without seats (fast at any size),
     * then the LP relaxation, which also gives the basis the search needs;
     * part of the time is kept for the seat-fixed LP that reads the plan */
    search srch = {.o = o, .t0 = r->t0};
    double b;
    /* the Lagrangian's starting prices, where it applies (no floor, no
     * what-if rule) */
    co_lagr_mult lm = {0};
    int lagr = co_lagr_applies(in) && (!o->ex || (co_extras_empty(o->ex) && !ex_missing(o->ex)));
    if (lagr && co_lagr_init(in, &lm) != CO_OK)
        lagr = 0;
    if (relaxed_bound(r, time_left(r) * 0.5, &b, lagr ? &lm : NULL)) {
        srch.has_bound = 1;
        srch.bound = b;
    } else {
        lagr = 0;
    }
    progress(r, srch.has_bound, srch.bound);
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = msg;
    sp.tm_lim = ms(time_left(r) * 0.8);
    glp_scale_prob(P, GLP_SF_AUTO);
    glp_adv_basis(P, 0);
    int lret = glp_simplex(P, &sp);
    if (lret == GLP_EFAIL || lret == GLP_ESING || lret == GLP_ECOND) {
        /* numerical trouble from the advanced basis: start again plainly */
        glp_std_basis(P);
        sp.tm_lim = ms(time_left(r) * 0.8);
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
            ys[k] = glp_get_col_prim(P, col_y(in, k));
        progress(r, 1, srch.bound);
        lp_round(r, ys);
        progress(r, 1, srch.bound);
        /* most of what is left: a better plan helps more than a longer
         * search, which keeps time for its cuts (the bound) */
        lns(r, ys, 0.8 * time_left(r));
        progress(r, 1, srch.bound);
    } else if (lret == GLP_ETMLIM || lret == GLP_EITLIM) {
        /* no relaxation in time: the Lagrangian bound, from the duals of the
         * LP without seats, for at most 0.15 of the limit; the rest goes to
         * plans */
        double lb, share = 0.15 * o->time_limit;
        if (lagr && r->have_hint &&
            co_lagr_minimise(in, &lm, r->hint_obj,
                                     share < 0.5 * time_left(r) ? share : 0.5 * time_left(r),
                                     &lb) == CO_OK) {
            /* a margin for rounding in the sums of the function */
            lb += 1e-9 * fabs(lb);
            if (lb < srch.bound) {
                srch.bound = lb;
                progress(r, 1, srch.bound);
            }
        }
        improve_seats(r, 0.8 * time_left(r));
        lns(r, NULL, 0.8 * time_left(r));
    } else if (lret != 0) {
        if (!r->have_hint) {
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
    srch.hint = r->have_hint ? r->hint : NULL;
    srch.hint_obj = r->hint_obj;

    /* 3. branch and bound from the heuristic's plan */
    int ret = GLP_ETMLIM, mst = GLP_UNDEF;
    if (lp_ok && time_left(r) > 0.001) {
        glp_iocp parm;
        glp_init_iocp(&parm);
        parm.msg_lev = msg;
        parm.presolve = GLP_OFF; /* glp_ios_heur_sol needs the original columns */
        parm.mip_gap = o->mip_gap;
        parm.tm_lim = ms(time_left(r));
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
            if (!r->have_hint && mst != GLP_FEAS) {
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
        (!r->have_hint || glp_mip_obj_val(P) >= r->hint_obj - 1e-9 * fabs(r->hint_obj))) {
        for (int k = 0; k < in->n_seats; k++)
            sol->y[k] = glp_mip_col_val(P, col_y(in, k)) > 0.5;
        for (int i = 0; i < in->n_pairs; i++)
            sol->x[i] = glp_mip_col_val(P, col_x(in, i));
        sol->mip_obj = glp_mip_obj_val(P);
    } else if (r->have_hint) {
        /* the search found nothing better in time: the heuristic's plan,
         * already in sol->x and sol->y */
        sol->mip_obj = r->hint_obj;
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

    /* 4. the reported plan and the marginal values: the LP with seats fixed.
     * In an open seat the bound x <= U (column bound and link row) only
     * repeats the need, budget and cap rows (U is their least); left in,
     * it can take the dual that belongs to the budget when x = U = B_d.
     * So it goes: the budget rows' duals are then what one more dollar to
     * the donor is worth, and their ranges are the budget's. */
    fix_seats(P, in, sol->y);
    for (int i = 0; in->n_seats && i < in->n_pairs; i++) {
        if (!sol->y[in->pairs[i].seat])
            continue;
        glp_set_col_bnds(P, col_x(in, i), GLP_LO, 0.0, 0.0);
        glp_set_row_bnds(P, r->link_row0 + i, GLP_FR, 0.0, 0.0);
    }
    glp_init_smcp(&sp);
    sp.msg_lev = msg;
    sp.meth = GLP_DUALP;
    sp.presolve = GLP_ON; /* seats fixed: most link rows fall away */
    /* this LP gives the reported amounts: it may overrun the limit a little
     * rather than leave the plan unread, but not without bound */
    double left = time_left(r) + r->reserve;
    sp.tm_lim = ms(left > 0.1 * o->time_limit ? left : 0.1 * o->time_limit);
    int sret = glp_simplex(P, &sp);
    if (sret == 0 && glp_get_status(P) == GLP_OPT) {
        for (int i = 0; i < in->n_pairs; i++) {
            double v = glp_get_col_prim(P, col_x(in, i));
            sol->x[i] = v < 0 ? 0 : v;
        }
        for (int d = 0; d < in->nd; d++)
            sol->budget_dual[d] =
                r->budget_row[d] ? glp_get_row_dual(P, r->budget_row[d]) : 0.0;
        for (int n = 0; n < in->nn; n++)
            sol->need_dual[n] = r->need_row[n] ? glp_get_row_dual(P, r->need_row[n]) : NAN;
        sol->degenerate = is_degenerate(P);
        budget_ranges(r, P);
    } else {
        sol->fixed_lp_failed = 1;
        co_warn(dg, "the LP with seats fixed did not solve (code %d); amounts are the MIP's "
                    "and marginal values are not available",
                sret);
    }
    sol->solve_s = co_clock() - t1;
    return CO_OK;
}

int co_solve(const co_instance *in, const co_solve_opts *o, co_solution *sol, co_diag *dg)
{
    memset(sol, 0, sizeof *sol);
    run r = {.in = in, .o = o, .sol = sol, .dg = dg, .t0 = co_clock()};
    int rc = CO_EINTERNAL;
    sol->x = calloc((size_t)in->n_pairs + 1, sizeof *sol->x);
    sol->y = calloc((size_t)in->n_seats + 1, 1);
    sol->budget_dual = calloc((size_t)in->nd + 1, sizeof *sol->budget_dual);
    sol->budget_lo = calloc((size_t)in->nd + 1, sizeof *sol->budget_lo);
    sol->budget_hi = calloc((size_t)in->nd + 1, sizeof *sol->budget_hi);
    sol->need_dual = calloc((size_t)in->nn + 1, sizeof *sol->need_dual);
    r.budget_row = malloc(((size_t)in->nd + 1) * sizeof *r.budget_row);
    r.z_col = malloc(((size_t)in->ns + 1) * sizeof *r.z_col);
    r.need_row = calloc((size_t)in->nn + 1, sizeof *r.need_row);
    r.cap_row = calloc((size_t)in->nd * (size_t)in->na + 1, sizeof *r.cap_row);
    r.hint = calloc((size_t)in->n_pairs + (size_t)in->n_seats + (size_t)in->ns + 2,
                    sizeof *r.hint);
    if (!sol->x || !sol->y || !sol->budget_dual || !sol->budget_lo || !sol->budget_hi ||
        !sol->need_dual || !r.budget_row || !r.z_col || !r.hint ||
        !r.need_row || !r.cap_row) {
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
    free(r.hint);
    if (rc != CO_OK)
        co_solution_release(sol);
    return rc;
}

const char *co_solver_version(void)
{
    return glp_version();
}

/* ---- export ---------------------------------------------------------- */

/* Builds the model and hands it to GLPK's writer; the only part of the
 * export that can hit a GLPK error, so the only one under setjmp. */
__attribute__((noinline)) static int glpk_write(const co_instance *in, enum co_model_format fmt, const char *tmp,
                      co_diag *dg)
{
    int *budget_row = malloc(((size_t)in->nd + 1) * sizeof *budget_row);
    int *z_col = malloc(((size_t)in->ns + 1) * sizeof *z_col);
    if (!budget_row || !z_col) {
        free(budget_row);
        free(z_col);
        return CO_EINTERNAL;
    }
    co_guard g = {0};
    if (setjmp(g.jb)) {
        co_guard_fail(&g, dg);
        free(budget_row);
        free(z_col);
        return CO_ESOLVER;
    }
    co_guard_install(&g);
    glp_prob *P = glp_create_prob();
    int rc = build(in, NULL, P, budget_row, z_col, 1, NULL, NULL, NULL);
    if (rc == CO_OK) {
        int wr;
        if (fmt == CO_FMT_LP) {
            wr = glp_write_lp(P, NULL, tmp);
        } else {
            glp_mpscp mp;
            glp_init_mpscp(&mp);
            wr = glp_write_mps(P, GLP_MPS_FILE, &mp, tmp);
        }
        if (wr != 0) {
            co_err(dg, "%s: GLPK could not write the model", tmp);
            rc = CO_EIO;
        }
    }
    glp_delete_prob(P);
    co_guard_remove();
    free(budget_row);
    free(z_col);
    return rc;
}

int co_model_write(const co_instance *in, enum co_model_format fmt, const char *path,
                   co_diag *dg)
{
    int rc = CO_EIO;
    char *tmp;
    int to_stdout = strcmp(path, "-") == 0;
    /* GLPK's writers unlink their target: give them a fresh temporary file */
    if (to_stdout) {
        const char *dir = getenv("TMPDIR");
        tmp = co_asprintf("%s/coalitions-model.XXXXXX", dir && *dir ? dir : "/tmp");
        if (!tmp)
            return CO_EINTERNAL;
    }
    int fd = to_stdout ? mkstemp(tmp) : co_temp_beside(path, &tmp, dg);
    if (fd < 0) {
        if (to_stdout) {
            co_err(dg, "%s: cannot write: %s", path, strerror(errno));
            free(tmp);
        }
        return to_stdout ? CO_EIO : fd;
    }
    close(fd);
    rc = glpk_write(in, fmt, tmp, dg);
    if (rc != CO_OK)
        goto out;
    /* the usual permissions of a new file (mkstemp makes it 0600) */
    mode_t um = umask(0);
    umask(um);
    chmod(tmp, 0666 & ~um);
    rc = CO_EIO;
    if (to_stdout) {
        char *data;
        size_t len;
        if (co_read_file(tmp, &data, &len) != 0) {
            co_err(dg, "%s: cannot read back: %s", tmp, strerror(errno));
            goto out;
        }
        size_t put = fwrite(data, 1, len, stdout);
        free(data);
        if (put != len || fflush(stdout) != 0) {
            co_err(dg, "stdout: write failed: %s", strerror(errno));
            goto out;
        }
    } else if (rename(tmp, path) != 0) {
        co_err(dg, "%s: cannot write: %s", path, strerror(errno));
        goto out;
    }
    rc = CO_OK;
out:
    unlink(tmp); /* gone already after a rename */
    free(tmp);
    return rc;
}
