/*
 * explain.c: the infeasibility explanation of explain.h: counts of forced
 * seats against the limits, then an elastic LP over the forced seats'
 * money solved with GLPK; each slack left positive is one conflict and
 * one part of the smallest change, written with the dataset's ids and
 * the scenario's change numbers. Building the text is left to small
 * helpers; the model itself is formulate.c's.
 */
#include "solve/explain.h"

#include <glpk.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "solve/glpk_guard.h"
#include "base/output.h"
#include "base/fmt.h"
#include "solve/triplets.h"
#include "base/util.h"

#define MAX_ITEMS 4 /* requirements listed per conflict before "and N more" */
#define SLACK_TOL 0.005 /* USD: half a cent */

void co_explanation_init(co_explanation *e)
{
    memset(e, 0, sizeof *e);
}

void co_explanation_release(co_explanation *e)
{
    if (!e)
        return;
    for (int i = 0; i < e->n_conflicts; i++)
        free(e->conflicts[i]);
    for (int i = 0; i < e->n_fixes; i++)
        free(e->fixes[i]);
    free(e->conflicts);
    free(e->fixes);
    memset(e, 0, sizeof *e);
}

static int push(char ***list, int *n, char *text)
{
    if (!text)
        return CO_EINTERNAL;
    char **p = realloc(*list, ((size_t)*n + 1) * sizeof *p);
    if (!p) {
        free(text);
        return CO_EINTERNAL;
    }
    p[(*n)++] = text;
    *list = p;
    return CO_OK;
}

/* Money as "1,234,567" (cents rounded to whole USD). */
static const char *usd(double v, char buf[32])
{
    return co_fmt_usd(llround(v * 100.0), buf);
}

/* " (changes[K])", or " (kept from the baseline)" for a baseline rule. */
static const char *origin(const co_rule *r, char buf[48])
{
    if (r->change < 0)
        snprintf(buf, 48, " (kept from the baseline)");
    else
        snprintf(buf, 48, " (changes[%d])", r->change);
    return buf;
}

/* "force NOR in IRQ (changes[0])", "pledge JPN to LAO-clearance of 1,000,000 (changes[3])" */
static void rule_text(const co_rule *r, co_buf *b)
{
    static const char *const verb[] = {"force", "lead", "forbid", "pledge"};
    char o[48], m[32];
    if (r->kind == CO_RULE_PLEDGE) {
        co_buf_printf(b, "pledge %s to %s of %s", r->donor, r->need, usd(r->amount, m));
        if (r->year)
            co_buf_printf(b, " in %d", r->year);
        co_buf_printf(b, "%s", origin(r, o));
    } else
        co_buf_printf(b, "%s %s in %s%s", verb[r->kind], r->donor, r->state, origin(r, o));
}

typedef struct ctx {
    const co_instance *in;
    const co_extras *ex;
    const co_rules *rules;
    co_explanation *e;
    int oom;
} ctx;

static void add_text(ctx *c, int fix, co_buf *b)
{
    if (b->oom) {
        c->oom = 1;
        co_buf_release(b);
        return;
    }
    char *t = b->data ? b->data : co_strdup("");
    if (fix ? push(&c->e->fixes, &c->e->n_fixes, t) : push(&c->e->conflicts, &c->e->n_conflicts, t))
        c->oom = 1;
}

/* What a forced seat asks: "force NOR in IRQ (changes[0]) needs 250,000 (NOR's min_grant)". */
static void seat_text(ctx *c, int k, co_buf *b)
{
    const co_dataset *ds = c->in->ds;
    const co_donor *dn = &ds->donors[c->in->seats[k].d];
    char m[32];
    int ri = c->ex->fixed_rule ? c->ex->fixed_rule[k] : -1;
    if (ri >= 0)
        rule_text(&c->rules->items[ri], b);
    else
        co_buf_printf(b, "the seat of %s in %s", dn->id, ds->states[c->in->seats[k].s].id);
    co_buf_printf(b, " needs %s", usd(c->ex->seat_min[k], m));
    if (c->ex->seat_min[k] == dn->min_grant)
        co_buf_printf(b, " (%s's min_grant)", dn->id);
}

/* Lists the requirements `want` selects (forced seats, then pledges),
 * joined by "; ", at most MAX_ITEMS and "and N more". */
typedef int want_fn(const ctx *c, int is_pledge, int i, int arg);

static void requirements(ctx *c, want_fn *want, int arg, co_buf *b)
{
    int shown = 0, more = 0;
    for (int k = 0; k < c->in->n_seats; k++) {
        if (c->ex->fixed[k] != 1 || !(c->ex->seat_min[k] > 0) || !want(c, 0, k, arg))
            continue;
        if (shown == MAX_ITEMS) {
            more++;
            continue;
        }
        co_buf_printf(b, "%s", shown++ ? "; " : "");
        seat_text(c, k, b);
    }
    for (int i = 0; i < c->ex->n_pledges; i++) {
        if (!want(c, 1, i, arg))
            continue;
        if (shown == MAX_ITEMS) {
            more++;
            continue;
        }
        co_buf_printf(b, "%s", shown++ ? "; " : "");
        rule_text(&c->rules->items[c->ex->pledges[i].rule], b);
    }
    if (more)
        co_buf_printf(b, "; and %d more", more);
}

static int pair_of(const ctx *c, int is_pledge, int i, int *seat)
{
    if (is_pledge) {
        int p = c->ex->pledges[i].pair;
        *seat = c->in->pairs[p].seat;
        return p;
    }
    *seat = i;
    return -1;
}

static int want_donor(const ctx *c, int is_pledge, int i, int d)
{
    int k;
    pair_of(c, is_pledge, i, &k);
    return c->in->seats[k].d == d;
}

/* arg = d * na + a */
static int want_cap(const ctx *c, int is_pledge, int i, int da)
{
    const co_instance *in = c->in;
    int d = da / in->na, a = da % in->na, k;
    int p = pair_of(c, is_pledge, i, &k);
    if (in->seats[k].d != d)
        return 0;
    if (p >= 0)
        return in->ds->needs[in->pairs[p].n].a == a;
    for (int q = in->seats[k].first; q < in->seats[k].first + in->seats[k].count; q++)
        if (in->ds->needs[in->pairs[in->seat_pairs[q]].n].a == a)
            return 1;
    return 0;
}

static int want_need(const ctx *c, int is_pledge, int i, int n)
{
    const co_instance *in = c->in;
    int k;
    int p = pair_of(c, is_pledge, i, &k);
    if (p >= 0)
        return in->pairs[p].n == n;
    for (int q = in->seats[k].first; q < in->seats[k].first + in->seats[k].count; q++)
        if (in->pairs[in->seat_pairs[q]].n == n)
            return 1;
    return 0;
}

static int want_state(const ctx *c, int is_pledge, int i, int s)
{
    int k;
    pair_of(c, is_pledge, i, &k);
    return !is_pledge && c->in->seats[k].s == s;
}

static int want_engaged(const ctx *c, int is_pledge, int i, int d)
{
    return !is_pledge && c->in->seats[i].d == d;
}

/* The forced seats against the coalition size and engagement limits. */
static void count_conflicts(ctx *c)
{
    const co_instance *in = c->in;
    const co_dataset *ds = in->ds;
    int *per_s = calloc((size_t)in->ns + 1, sizeof *per_s);
    int *per_d = calloc((size_t)in->nd + 1, sizeof *per_d);
    if (!per_s || !per_d) {
        c->oom = 1;
        goto out;
    }
    for (int k = 0; k < in->n_seats; k++)
        if (c->ex->fixed[k] == 1) {
            per_s[in->seats[k].s]++;
            per_d[in->seats[k].d]++;
        }
    double C = in->p.max_coalition_size;
    for (int s = 0; s < in->ns; s++) {
        if (per_s[s] <= C)
            continue;
        co_buf b, f;
        co_buf_init(&b);
        co_buf_init(&f);
        co_buf_printf(&b, "%d donors are forced into %s's coalition (", per_s[s], ds->states[s].id);
        requirements(c, want_state, s, &b);
        co_buf_printf(&b, "), but max_coalition_size allows %.0f", C);
        co_buf_printf(&f, "raise max_coalition_size to %d, or drop %d of the forced seats in %s",
                      per_s[s], per_s[s] - (int)C, ds->states[s].id);
        add_text(c, 0, &b);
        add_text(c, 1, &f);
    }
    for (int d = 0; d < in->nd; d++) {
        const co_donor *dn = &ds->donors[d];
        if (!dn->has_max_states || per_d[d] <= dn->max_states)
            continue;
        co_buf b, f;
        co_buf_init(&b);
        co_buf_init(&f);
        co_buf_printf(&b, "%s is forced into %d coalitions (", dn->id, per_d[d]);
        requirements(c, want_engaged, d, &b);
        co_buf_printf(&b, "), but its max_states allows %.0f", dn->max_states);
        co_buf_printf(&f, "raise %s's max_states to %d, or drop %d of its forced seats", dn->id,
                      per_d[d], per_d[d] - (int)dn->max_states);
        add_text(c, 0, &b);
        add_text(c, 1, &f);
    }
out:
    free(per_s);
    free(per_d);
}

/* ---- the elastic LP ------------------------------------------------- */

enum rkind { R_BUDGET, R_CAP, R_NEED, R_SEAT, R_PLEDGE, R_LEAD, R_ABSORB };

typedef struct erow {
    enum rkind kind;
    int a, b;     /* donor; donor*na+area; need; seat; pledge; lead seat and other seat;
                     need (absorb) */
    int t;        /* budget, cap, absorb: the year index */
    double limit; /* the row's bound */
} erow;

typedef struct lp {
    glp_prob *P;
    erow *rows;
    int n, cap;
    int *col;    /* per pair: its column, 0 when not a forced seat's pair */
    co_triplets t; /* the matrix; t.oom also flags the rows' list */
} lp;

static int lp_row_y(lp *L, enum rkind kind, int a, int b, int t, double limit)
{
    if (L->n == L->cap) {
        int cap = L->cap ? 2 * L->cap : 64;
        erow *r = realloc(L->rows, (size_t)cap * sizeof *r);
        if (!r) {
            L->t.oom = 1;
            return 0;
        }
        L->rows = r;
        L->cap = cap;
    }
    L->rows[L->n] = (erow){kind, a, b, t, limit};
    return ++L->n;
}

static int lp_row(lp *L, enum rkind kind, int a, int b, double limit)
{
    return lp_row_y(L, kind, a, b, 0, limit);
}

static void lp_nz(lp *L, int i, int j, double v)
{
    co_triplets_add(&L->t, i, j, v);
}

static void lp_seat(lp *L, const co_instance *in, int i, int k, double v)
{
    for (int q = in->seats[k].first; q < in->seats[k].first + in->seats[k].count; q++)
        if (L->col[in->seat_pairs[q]])
            lp_nz(L, i, L->col[in->seat_pairs[q]], v);
}

/* Rows of the elastic LP (before the slack columns). */
static void lp_rows(lp *L, const co_instance *in, const co_extras *ex)
{
    const co_dataset *ds = in->ds;
    /* budgets and caps by year (with carry-over, cumulative budgets) */
    for (int d = 0; d < in->nd; d++) {
        for (int t = 0; t < in->ny; t++) {
            int i = 0;
            for (int p = 0; p < in->n_pairs; p++) {
                int tp = in->pairs[p].t;
                if (L->col[p] && in->pairs[p].d == d && (in->yr.carry[d] ? tp <= t : tp == t))
                    lp_nz(L, i ? i : (i = lp_row_y(L, R_BUDGET, d, 0, t, co_inst_available(in, d, t))),
                          L->col[p], 1);
            }
        }
        for (int a = 0; a < in->na; a++) {
            double cap = co_inst_cap(in, d, a);
            for (int t = 0; cap >= 0 && t < in->ny; t++) {
                int i = 0;
                for (int p = 0; p < in->n_pairs; p++)
                    if (L->col[p] && in->pairs[p].d == d && in->pairs[p].t == t &&
                        ds->needs[in->pairs[p].n].a == a)
                        lp_nz(L, i ? i : (i = lp_row_y(L, R_CAP, d * in->na + a, 0, t, cap)),
                              L->col[p], 1);
            }
        }
    }
    for (int n = 0; n < in->nn; n++) {
        int i = 0;
        for (int p = 0; p < in->n_pairs; p++)
            if (L->col[p] && in->pairs[p].n == n)
                lp_nz(L, i ? i : (i = lp_row(L, R_NEED, n, 0, in->R[n])), L->col[p], 1);
        for (int t = 0; t < in->ny; t++) {
            double A = in->yr.absorb[co_inst_ny(in, n, t)];
            i = 0;
            for (int p = 0; isfinite(A) && p < in->n_pairs; p++)
                if (L->col[p] && in->pairs[p].n == n && in->pairs[p].t == t)
                    lp_nz(L, i ? i : (i = lp_row_y(L, R_ABSORB, n, 0, t, A)), L->col[p], 1);
        }
    }
    for (int k = 0; k < in->n_seats; k++)
        if (ex->fixed[k] == 1 && ex->seat_min[k] > 0)
            lp_seat(L, in, lp_row(L, R_SEAT, k, 0, ex->seat_min[k]), k, 1);
    for (int i = 0; i < ex->n_pledges; i++) {
        int r = lp_row(L, R_PLEDGE, i, 0, ex->pledges[i].amount);
        for (int q = ex->pledges[i].pair; q < ex->pledges[i].pair + ex->pledges[i].count; q++)
            lp_nz(L, r, L->col[q], 1);
    }
    for (int i = 0; i < ex->n_lead; i++) {
        int k = ex->lead[i];
        for (int j = 0; j < in->n_seats; j++) {
            if (j == k || ex->fixed[j] != 1 || in->seats[j].s != in->seats[k].s)
                continue;
            int r = lp_row(L, R_LEAD, k, j, 0);
            lp_seat(L, in, r, k, 1);
            lp_seat(L, in, r, j, -1);
        }
    }
}

/* " in 2021" (" up to 2021" for a cumulative budget) for a row of one
 * year of a multi-year model, else "" (in buf, 32 bytes). */
static const char *in_year(const co_instance *in, const erow *r, int cumulative, char *buf)
{
    buf[0] = '\0';
    if (in->yr.multi)
        snprintf(buf, 32, " %s %d", cumulative ? "up to" : "in", in->yr.first + r->t);
    return buf;
}

/* One conflict and its fix for a row whose slack s is positive. */
static void describe(ctx *c, const erow *r, double s)
{
    const co_instance *in = c->in;
    const co_dataset *ds = in->ds;
    char m1[32], m2[32], m3[32], y[32];
    co_buf b, f;
    co_buf_init(&b);
    co_buf_init(&f);
    switch (r->kind) {
    case R_BUDGET: {
        const co_donor *dn = &ds->donors[r->a];
        requirements(c, want_donor, r->a, &b);
        co_buf_printf(&b, ": together more than %s's budget of %s allows%s", dn->id,
                      usd(r->limit, m1), in_year(in, r, in->yr.carry[r->a], y));
        co_buf_printf(&f, "raise %s's budget%s by %s to %s", dn->id,
                      in_year(in, r, in->yr.carry[r->a], y), usd(s, m2), usd(r->limit + s, m3));
        break;
    }
    case R_CAP: {
        int d = r->a / in->na, a = r->a % in->na;
        requirements(c, want_cap, r->a, &b);
        co_buf_printf(&b, ": more than %s's %s cap (area_budget) of %s leaves%s",
                      ds->donors[d].id, ds->areas[a].id, usd(r->limit, m1), in_year(in, r, 0, y));
        co_buf_printf(&f, "raise %s's %s cap (area_budget) by %s to %s", ds->donors[d].id,
                      ds->areas[a].id, usd(s, m2), usd(r->limit + s, m3));
        break;
    }
    case R_ABSORB:
        requirements(c, want_need, r->a, &b);
        co_buf_printf(&b, ": more than the %s %s can absorb%s", usd(r->limit, m1),
                      ds->needs[r->a].id, in_year(in, r, 0, y));
        co_buf_printf(&f, "raise what %s can absorb%s by %s to %s (its per_year_max or work "
                          "capacity), or pledge in other years",
                      ds->needs[r->a].id, in_year(in, r, 0, y), usd(s, m2), usd(r->limit + s, m3));
        break;
    case R_NEED:
        requirements(c, want_need, r->a, &b);
        co_buf_printf(&b, ": more than the %s still open in %s (amount less secured)",
                      usd(r->limit, m1), ds->needs[r->a].id);
        co_buf_printf(&f, "raise the amount of %s by %s to %s, or lower what is asked for it",
                      ds->needs[r->a].id, usd(s, m2),
                      usd(ds->needs[r->a].amount + s, m3));
        break;
    case R_SEAT: {
        const co_donor *dn = &ds->donors[in->seats[r->a].d];
        seat_text(c, r->a, &b);
        co_buf_printf(&b, ", but only %s of it can be placed there within the needs, caps "
                          "and budget left",
                      usd(r->limit - s, m1));
        if (r->limit == dn->min_grant && r->limit - s >= 1)
            co_buf_printf(&f, "lower %s's min_grant by %s to %s", dn->id, usd(s, m2),
                          usd(r->limit - s, m3));
        else {
            co_buf_printf(&f, "drop ");
            int ri = c->ex->fixed_rule ? c->ex->fixed_rule[r->a] : -1;
            if (ri >= 0)
                rule_text(&c->rules->items[ri], &f);
            else
                co_buf_printf(&f, "the seat of %s in %s", dn->id,
                              ds->states[in->seats[r->a].s].id);
        }
        break;
    }
    case R_PLEDGE: {
        const co_rule *ru = &c->rules->items[c->ex->pledges[r->a].rule];
        rule_text(ru, &b);
        co_buf_printf(&b, ": only %s of it can be placed within the need, caps and budget left",
                      usd(r->limit - s, m1));
        co_buf_printf(&f, "lower the pledge of %s to %s by %s to %s", ru->donor, ru->need,
                      usd(s, m2), usd(r->limit - s, m3));
        break;
    }
    case R_LEAD: {
        int k = r->a, j = r->b;
        const char *lead = ds->donors[in->seats[k].d].id, *other = ds->donors[in->seats[j].d].id;
        const char *st = ds->states[in->seats[k].s].id;
        int ri = c->ex->fixed_rule ? c->ex->fixed_rule[k] : -1;
        if (ri >= 0)
            rule_text(&c->rules->items[ri], &b);
        else
            co_buf_printf(&b, "lead %s in %s", lead, st);
        co_buf_printf(&b, " needs %s to give at least what %s gives there, but what is asked of "
                          "%s in %s (",
                      lead, other, other, st);
        seat_text(c, j, &b);
        co_buf_printf(&b, ") leaves %s %s short", lead, usd(s, m1));
        co_buf_printf(&f, "let %s give %s more in %s than it can now, or ask %s less of %s",
                      lead, usd(s, m2), st, usd(s, m3), other);
        break;
    }
    }
    add_text(c, 0, &b);
    add_text(c, 1, &f);
}

/* Builds and solves the elastic LP; adds a conflict and a fix per
 * positive slack. Runs under the guard (see co_explain). */
__attribute__((noinline)) static int elastic(ctx *c, lp *L)
{
    const co_instance *in = c->in;
    const co_extras *ex = c->ex;
    int ncol = 0;
    for (int p = 0; p < in->n_pairs; p++)
        if (ex->fixed[in->pairs[p].seat] == 1)
            L->col[p] = ++ncol;
    lp_rows(L, in, ex);
    if (L->t.oom)
        return CO_EINTERNAL;
    if (L->n == 0)
        return CO_OK;
    glp_prob *P = L->P = glp_create_prob();
    glp_set_obj_dir(P, GLP_MIN);
    glp_add_rows(P, L->n);
    glp_add_cols(P, ncol + L->n);
    for (int j = 1; j <= ncol; j++)
        glp_set_col_bnds(P, j, GLP_LO, 0, 0);
    for (int i = 1; i <= L->n; i++) {
        const erow *r = &L->rows[i - 1];
        int upper = r->kind == R_BUDGET || r->kind == R_CAP || r->kind == R_NEED ||
                    r->kind == R_ABSORB;
        if (upper)
            glp_set_row_bnds(P, i, GLP_UP, 0, r->limit);
        else
            glp_set_row_bnds(P, i, GLP_LO, r->limit, 0);
        int s = ncol + i; /* the row's slack: loosens the limit by s */
        glp_set_col_bnds(P, s, GLP_LO, 0, 0);
        glp_set_obj_coef(P, s, 1.0);
        lp_nz(L, i, s, upper ? -1.0 : 1.0);
    }
    if (L->t.oom)
        return CO_EINTERNAL;
    glp_load_matrix(P, L->t.nnz, L->t.ia, L->t.ja, L->t.ar);
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_ERR;
    sp.presolve = GLP_ON;
    if (glp_simplex(P, &sp) != 0 || glp_get_status(P) != GLP_OPT)
        return CO_ESOLVER;
    for (int i = 1; i <= L->n; i++) {
        double s = glp_get_col_prim(P, ncol + i);
        if (s > SLACK_TOL)
            describe(c, &L->rows[i - 1], s);
    }
    return c->oom ? CO_EINTERNAL : CO_OK;
}

int co_explain(const co_instance *in, const co_extras *ex, const co_rules *rules,
               co_explanation *e, co_diag *dg)
{
    co_explanation_init(e);
    if (!ex || !ex->fixed || !ex->seat_min)
        return CO_OK;
    ctx c = {.in = in, .ex = ex, .rules = rules, .e = e};
    count_conflicts(&c);
    if (c.oom) {
        co_err(dg, "out of memory explaining the scenario");
        co_explanation_release(e);
        return CO_EINTERNAL;
    }
    /* on the heap: what the guarded call changes must not live in the
     * frame that calls setjmp */
    lp *L = calloc(1, sizeof *L);
    if (L)
        L->col = calloc((size_t)in->n_pairs + 1, sizeof *L->col);
    if (!L || !L->col) {
        free(L);
        co_err(dg, "out of memory explaining the scenario");
        co_explanation_release(e);
        return CO_EINTERNAL;
    }
    co_guard g = {0};
    int rc;
    if (setjmp(g.jb)) {
        co_guard_fail(&g, dg);
        rc = CO_ESOLVER;
        L->P = NULL; /* dead with GLPK's environment */
        goto out;
    }
    co_guard_install(&g);
    rc = elastic(&c, L);
    if (L->P)
        glp_delete_prob(L->P);
    L->P = NULL;
    co_guard_remove();
    if (rc == CO_ESOLVER)
        co_err(dg, "GLPK could not solve the elastic LP that explains the scenario");
    else if (rc != CO_OK)
        co_err(dg, "out of memory explaining the scenario");
out:
    free(L->rows);
    free(L->col);
    co_triplets_release(&L->t);
    free(L);
    if (rc != CO_OK)
        co_explanation_release(e);
    return rc;
}
