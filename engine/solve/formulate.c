/*
 * formulate.c: the model of MODEL.md and MULTIYEAR.md through GLPK's API,
 * in canonical order: columns x by (donor, need, year), y by (donor,
 * State), z by State; rows by constraint family in the contracts' order,
 * then the what-if rows (docs/WHATIF.md). With one year (a dataset without
 * years) every row and name is MODEL.md's. Searching and reading the
 * solution are search.c's.
 */
#include "solve/formulate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct builder {
    glp_prob *P;
    co_triplets t; /* the matrix; t.oom also flags other allocations */
    int row;
} builder;

static void add_nz(builder *b, int j, double v)
{
    co_triplets_add(&b->t, b->row, j, v);
}

/* "kind[a]" or "kind[a,b]" (b "" for none), with ",YEAR" before the "]"
 * in a multi-year model (t the year index, -1 for none): the name of row
 * or column i. Ids are at most 64 bytes, so names stay under GLPK's 255. */
static void name_y(glp_prob *P, const co_instance *in, int is_col, int i, const char *kind,
                   const char *a, const char *b, int t)
{
    char buf[256], year[16] = "";
    if (in->yr.multi && t >= 0)
        snprintf(year, sizeof year, ",%d", in->yr.first + t);
    snprintf(buf, sizeof buf, "%s[%s%s%s%s]", kind, a, *b ? "," : "", b, year);
    if (is_col)
        glp_set_col_name(P, i, buf);
    else
        glp_set_row_name(P, i, buf);
}

static int new_row(builder *b, int type, double lo, double hi)
{
    b->row = glp_add_rows(b->P, 1);
    glp_set_row_bnds(b->P, b->row, type, lo, hi);
    return b->row;
}

/* The stability constant that no seat choice changes: baseline seats that
 * are no seat of this instance are always removed. */
double co_ex_missing(const co_extras *ex)
{
    if (!ex || !ex->base_y || !(ex->stability_weight > 0))
        return 0;
    return ex->stability_weight * ex->base_missing;
}

/* Adds seat k's columns with coefficient v to the current row. */
static void add_seat(builder *b, const co_instance *in, int k, double v)
{
    for (int q = in->seats[k].first; q < in->seats[k].first + in->seats[k].count; q++)
        add_nz(b, co_col_x(in, in->seat_pairs[q]), v);
}

/* The rows of the what-if rules (docs/WHATIF.md): pledges, leads, and for
 * alternatives the no-good cuts and the least objective. */
static void build_extras(const co_instance *in, const co_extras *ex, builder *b, int with_y)
{
    const co_dataset *ds = in->ds;
    glp_prob *P = b->P;
    for (int i = 0; i < ex->n_pledges; i++) {
        const co_pledge *pl = &ex->pledges[i];
        const co_pair *pr = &in->pairs[pl->pair];
        new_row(b, GLP_LO, pl->amount, 0.0);
        name_y(P, in, 0, b->row, "pledge", ds->donors[pr->d].id, ds->needs[pr->n].id, pl->t);
        for (int q = pl->pair; q < pl->pair + pl->count; q++)
            add_nz(b, co_col_x(in, q), 1.0);
    }
    for (int i = 0; i < ex->n_lead; i++) {
        int k = ex->lead[i];
        for (int j = 0; j < in->n_seats; j++) {
            if (j == k || in->seats[j].s != in->seats[k].s)
                continue;
            new_row(b, GLP_LO, 0.0, 0.0);
            name_y(P, in, 0, b->row, "lead", ds->donors[in->seats[k].d].id,
                   ds->donors[in->seats[j].d].id, -1);
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
            add_nz(b, co_col_y(in, k), ex->cuts[c][k] ? -1.0 : 1.0);
    }
    if (isfinite(ex->min_total)) {
        /* the model's objective (without stability) at least min_total */
        new_row(b, GLP_LO, ex->min_total, 0.0);
        glp_set_row_name(P, b->row, "within");
        for (int i = 0; i < in->n_pairs; i++)
            add_nz(b, co_col_x(in, i), in->pairs[i].w);
        for (int k = 0; k < in->n_seats; k++)
            add_nz(b, co_col_y(in, k), -in->p.coordination_cost);
        int m = glp_get_num_cols(P);
        for (int j = in->n_pairs + in->n_seats + 1; j <= m; j++)
            add_nz(b, j, -in->p.shortfall_penalty);
    }
}

int co_formulate(const co_instance *in, const co_extras *ex, glp_prob *P, int *budget_row,
                 int *z_col, int with_y, int *need_row, int *cap_row, int *link_row0,
                 int *absorb_row)
{
    const co_dataset *ds = in->ds;
    const co_params *p = &in->p;
    const co_years *yr = &in->yr;
    int nyr = in->ny;
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
        int j = co_col_x(in, i);
        name_y(P, in, 1, j, "x", ds->donors[pr->d].id, ds->needs[pr->n].id, pr->t);
        glp_set_col_bnds(P, j, GLP_DB, 0.0, pr->U);
        glp_set_obj_coef(P, j, pr->w);
    }
    for (int k = 0; k < ny; k++) {
        const co_seat *st = &in->seats[k];
        int j = co_col_y(in, k);
        name_y(P, in, 1, j, "y", ds->donors[st->d].id, ds->states[st->s].id, -1);
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
    glp_set_obj_coef(P, 0, with_y ? stab_const : -co_ex_missing(ex));
    int j = in->n_pairs + ny;
    if (nz) {
        for (int s = 0; s < in->ns; s++) {
            if (!(in->state_R[s] > 0))
                continue;
            z_col[s] = ++j;
            name_y(P, in, 1, j, "z", ds->states[s].id, "", -1);
            glp_set_col_bnds(P, j, GLP_LO, 0.0, 0.0);
            glp_set_obj_coef(P, j, -p->shortfall_penalty);
        }
    }

    /* 1. budget, per donor with pairs and year; pairs are grouped by
     * donor. With carry-over the rows are cumulative: year t's holds the
     * pair-years up to t against the budgets up to t. */
    for (size_t i = 0; i < (size_t)in->nd * (size_t)nyr; i++)
        budget_row[i] = 0;
    for (int i = 0; i < in->n_pairs;) {
        int d = in->pairs[i].d, end = i;
        while (end < in->n_pairs && in->pairs[end].d == d)
            end++;
        for (int t = 0; t < nyr; t++) {
            int made = 0;
            for (int k = i; k < end; k++) {
                int tk = in->pairs[k].t;
                if (yr->carry[d] ? tk > t : tk != t)
                    continue;
                if (!made) {
                    budget_row[co_inst_dy(in, d, t)] =
                        new_row(&b, GLP_UP, 0.0, co_inst_available(in, d, t));
                    name_y(P, in, 0, b.row, "budget", ds->donors[d].id, "", t);
                    made = 1;
                }
                add_nz(&b, co_col_x(in, k), 1.0);
            }
        }
        i = end;
    }
    /* 2. area caps, per (donor, area) given and year, with pairs */
    for (int i = 0; i < in->n_pairs;) {
        int d = in->pairs[i].d, end = i;
        while (end < in->n_pairs && in->pairs[end].d == d)
            end++;
        for (int a = 0; a < in->na; a++) {
            double cap = co_inst_cap(in, d, a);
            if (cap < 0)
                continue;
            for (int t = 0; t < nyr; t++) {
                int made = 0;
                for (int k = i; k < end; k++) {
                    if (ds->needs[in->pairs[k].n].a != a || in->pairs[k].t != t)
                        continue;
                    if (!made) {
                        new_row(&b, GLP_UP, 0.0, cap);
                        name_y(P, in, 0, b.row, "area_cap", ds->donors[d].id, ds->areas[a].id,
                               t);
                        if (cap_row)
                            cap_row[co_inst_day(in, d, a, t)] = b.row;
                        made = 1;
                    }
                    add_nz(&b, co_col_x(in, k), 1.0);
                }
            }
        }
        i = end;
    }
    /* 3. need, per need with pairs (pairs of a need are spread by donor);
     * then what it can absorb, per need and year where that is limited */
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
            name_y(P, in, 0, b.row, "need", ds->needs[n].id, "", -1);
            if (need_row)
                need_row[n] = b.row;
            for (int k = start[n]; k < start[n + 1]; k++)
                add_nz(&b, co_col_x(in, list[k]), 1.0);
        }
        for (int n = 0; n < in->nn; n++) {
            for (int t = 0; count[n] && t < nyr; t++) {
                double A = yr->absorb[co_inst_ny(in, n, t)];
                if (!isfinite(A))
                    continue;
                int made = 0;
                for (int k = start[n]; k < start[n + 1]; k++) {
                    if (in->pairs[list[k]].t != t)
                        continue;
                    if (!made) {
                        new_row(&b, GLP_UP, 0.0, A);
                        name_y(P, in, 0, b.row, "absorb", ds->needs[n].id, "", t);
                        if (absorb_row)
                            absorb_row[co_inst_ny(in, n, t)] = b.row;
                        made = 1;
                    }
                    add_nz(&b, co_col_x(in, list[k]), 1.0);
                }
            }
        }
        free(count);
        free(start);
        free(list);
    }
    /* 4. link, per pair-year: x - U y <= 0 */
    for (int i = 0; i < in->n_pairs && with_y; i++) {
        const co_pair *pr = &in->pairs[i];
        new_row(&b, GLP_UP, 0.0, 0.0);
        if (i == 0 && link_row0)
            *link_row0 = b.row; /* pair i's link row is *link_row0 + i */
        name_y(P, in, 0, b.row, "link", ds->donors[pr->d].id, ds->needs[pr->n].id, pr->t);
        add_nz(&b, co_col_x(in, i), 1.0);
        add_nz(&b, co_col_y(in, pr->seat), -pr->U);
    }
    /* 4b. the horizon link of a pair with more than one year (MULTIYEAR.md:
     * valid, and it tightens the relaxation): sum_t x - min(R_n, sum_t U)
     * y <= 0; these rows follow the link rows, in pair order */
    for (int i = 0; i < in->n_pairs && with_y;) {
        const co_pair *pr = &in->pairs[i];
        int end = i;
        double sum_u = 0;
        while (end < in->n_pairs && in->pairs[end].d == pr->d && in->pairs[end].n == pr->n)
            sum_u += in->pairs[end++].U;
        if (end - i > 1) {
            new_row(&b, GLP_UP, 0.0, 0.0);
            name_y(P, in, 0, b.row, "hlink", ds->donors[pr->d].id, ds->needs[pr->n].id, -1);
            for (int k = i; k < end; k++)
                add_nz(&b, co_col_x(in, k), 1.0);
            add_nz(&b, co_col_y(in, pr->seat), -(in->R[pr->n] < sum_u ? in->R[pr->n] : sum_u));
        }
        i = end;
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
        name_y(P, in, 0, b.row, "min_grant", ds->donors[st->d].id, ds->states[st->s].id, -1);
        for (int q = st->first; q < st->first + st->count; q++)
            add_nz(&b, co_col_x(in, in->seat_pairs[q]), 1.0);
        add_nz(&b, co_col_y(in, k), -m);
    }
    /* 6. engagement, per donor with K_d given; seats are grouped by donor */
    for (int k = 0; k < ny;) {
        int d = in->seats[k].d, end = k;
        while (end < ny && in->seats[end].d == d)
            end++;
        if (ds->donors[d].has_max_states) {
            new_row(&b, GLP_UP, 0.0, ds->donors[d].max_states);
            name_y(P, in, 0, b.row, "engagement", ds->donors[d].id, "", -1);
            for (int q = k; q < end; q++)
                add_nz(&b, co_col_y(in, q), 1.0);
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
            name_y(P, in, 0, b.row, "size", ds->states[s].id, "", -1);
            for (int k = first[s]; k >= 0; k = next[k])
                add_nz(&b, co_col_y(in, k), 1.0);
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
            name_y(P, in, 0, b.row, "floor", ds->states[s].id, "", -1);
            for (int i = 0; i < in->n_pairs; i++)
                if (ds->needs[in->pairs[i].n].s == s)
                    add_nz(&b, co_col_x(in, i), 1.0);
            add_nz(&b, z_col[s], 1.0);
        }
    }
    if (ex)
        build_extras(in, ex, &b, with_y);
    if (!b.t.oom && b.t.nnz > 0)
        glp_load_matrix(P, b.t.nnz, b.t.ia, b.t.ja, b.t.ar);
out:; /* a label cannot precede a declaration before C23 */
    int oom = b.t.oom;
    co_triplets_release(&b.t);
    return oom ? CO_EINTERNAL : CO_OK;
}

int co_hlink_seats(const co_instance *in, int *seat)
{
    int n = 0;
    for (int i = 0; i < in->n_pairs;) {
        int cnt = co_pair_years(in, i);
        if (cnt > 1)
            seat[n++] = in->pairs[i].seat;
        i += cnt;
    }
    return n;
}

void co_fix_seats(glp_prob *P, const co_instance *in, const unsigned char *y)
{
    for (int k = 0; k < in->n_seats; k++) {
        int j = co_col_y(in, k);
        glp_set_col_kind(P, j, GLP_CV);
        glp_set_col_bnds(P, j, GLP_FX, y[k], y[k]);
    }
}

/* What one seat can carry at most: the donor's budget, and per area the
 * least of its cap and the seat's pairs' bounds there. */
/* A pair's horizon bound min(R_n, sum of its years' U) (one year: its U):
 * the pair-years i .. i + count - 1. */
static double pair_most(const co_instance *in, int i, int count)
{
    double u = 0;
    for (int k = i; k < i + count; k++)
        u += in->pairs[k].U;
    return count == 1 || u < in->R[in->pairs[i].n] ? u : in->R[in->pairs[i].n];
}

/* What one seat can carry at most: the donor's budget (over the horizon),
 * and per area the least of its cap (each year the seat has money there)
 * and the seat's pairs' bounds there. */
static double seat_capacity(const co_instance *in, int k, double *per_area, unsigned *years)
{
    const co_seat *st = &in->seats[k];
    double sum = 0;
    for (int a = 0; a < in->na; a++) {
        per_area[a] = 0;
        years[a] = 0;
    }
    for (int q = st->first; q < st->first + st->count;) {
        int i = in->seat_pairs[q], cnt = co_pair_years(in, i);
        int a = in->ds->needs[in->pairs[i].n].a;
        per_area[a] += pair_most(in, i, cnt);
        for (int j = i; j < i + cnt; j++)
            years[a] |= 1u << in->pairs[j].t;
        q += cnt;
    }
    for (int a = 0; a < in->na; a++) {
        double cap = co_inst_cap(in, st->d, a);
        int ny = 0;
        for (unsigned m = years[a]; m; m &= m - 1)
            ny++;
        if (cap >= 0 && ny > 1)
            cap *= ny;
        sum += cap >= 0 && cap < per_area[a] ? cap : per_area[a];
    }
    double b = in->B[st->d];
    return b < sum ? b : sum;
}

int co_add_cuts(const co_instance *in, const co_extras *ex, glp_prob *P, co_cuts *cuts)
{
    const co_dataset *ds = in->ds;
    builder b = {.P = P};
    double *per_area = malloc(((size_t)in->na + 1) * sizeof *per_area);
    unsigned *years = malloc(((size_t)in->na + 1) * sizeof *years);
    memset(cuts, 0, sizeof *cuts);
    cuts->seat_of = malloc(((size_t)in->n_seats + (size_t)in->nd + 1) * sizeof *cuts->seat_of);
    if (!per_area || !years || !cuts->seat_of) {
        free(per_area);
        free(years);
        free(cuts->seat_of);
        cuts->seat_of = NULL;
        return CO_EINTERNAL;
    }
    int n = 0;
    /* seat rows: sum of a seat's x <= its capacity * y, where that is
     * tighter than its link rows summed; a seat that cannot carry its
     * donor's minimum grant is closed */
    for (int k = 0; k < in->n_seats; k++) {
        const co_seat *st = &in->seats[k];
        double sum_u = 0, m = seat_capacity(in, k, per_area, years);
        /* its link rows summed: each pair's horizon bound */
        for (int q = st->first; q < st->first + st->count;) {
            int i = in->seat_pairs[q], cnt = co_pair_years(in, i);
            sum_u += pair_most(in, i, cnt);
            q += cnt;
        }
        int ruled = ex && ex->fixed && ex->fixed[k] >= 0;
        if (!ruled && m < ds->donors[st->d].min_grant * (1 - 1e-12)) {
            glp_set_col_bnds(P, co_col_y(in, k), GLP_FX, 0.0, 0.0);
            continue;
        }
        if (!(m < sum_u * (1 - 1e-9)))
            continue;
        int i = new_row(&b, GLP_UP, 0.0, 0.0);
        if (!n)
            cuts->first = i;
        name_y(P, in, 0, i, "seat_cap", ds->donors[st->d].id, ds->states[st->s].id, -1);
        add_seat(&b, in, k, 1.0);
        add_nz(&b, co_col_y(in, k), -m);
        cuts->seat_of[n++] = k;
    }
    /* donor rows: a donor with a minimum grant opens at most
     * floor(B_d / m_d) seats, where that is fewer than it may otherwise */
    for (int k = 0; k < in->n_seats;) {
        int d = in->seats[k].d, end = k;
        while (end < in->n_seats && in->seats[end].d == d)
            end++;
        double mg = ds->donors[d].min_grant;
        double most = mg > 0 ? floor(in->B[d] / mg + 1e-9) : INFINITY;
        if (ds->donors[d].has_max_states && ds->donors[d].max_states <= most)
            most = INFINITY;
        if (most < end - k) {
            int i = new_row(&b, GLP_UP, 0.0, most);
            if (!n)
                cuts->first = i;
            name_y(P, in, 0, i, "seats_by_grant", ds->donors[d].id, "", -1);
            for (int q = k; q < end; q++)
                add_nz(&b, co_col_y(in, q), 1.0);
            cuts->seat_of[n++] = -1;
        }
        k = end;
    }
    cuts->n = n;
    free(per_area);
    free(years);
    if (b.t.oom) {
        co_triplets_release(&b.t);
        return CO_EINTERNAL;
    }
    /* the new rows' coefficients go in one by one: P already has a matrix */
    int *ind = malloc(((size_t)in->n_pairs + 2) * sizeof *ind);
    double *val = malloc(((size_t)in->n_pairs + 2) * sizeof *val);
    int rc = ind && val ? CO_OK : CO_EINTERNAL;
    for (int t = 1; rc == CO_OK && t <= b.t.nnz;) {
        int i = b.t.ia[t], len = 0;
        for (; t <= b.t.nnz && b.t.ia[t] == i; t++) {
            ind[++len] = b.t.ja[t];
            val[len] = b.t.ar[t];
        }
        glp_set_mat_row(P, i, len, ind, val);
    }
    free(ind);
    free(val);
    co_triplets_release(&b.t);
    return rc;
}

void co_cuts_release(co_cuts *cuts)
{
    if (!cuts)
        return;
    free(cuts->seat_of);
    memset(cuts, 0, sizeof *cuts);
}
