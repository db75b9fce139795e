/*
 * compare.c: the comparison of what-if runs (compare.h, docs/WHATIF.md).
 * Checks that each run's plan has the figures the comparison reads and
 * takes them into sorted rows (the totals are co_plan_totals_of's), then
 * walks the baseline's and each scenario's rows side by side into a
 * co_comparison. The terminal view is drawn from the finished comparison
 * alone, so it and comparison.json (compare_json.c) always agree.
 */
#include "run/compare.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fmt.h"
#include "base/util.h"

char *co_outcome_label(const char *name, const char *file)
{
    if (file)
        return co_strdup(file);
    if (name)
        return co_asprintf("scenario '%s': plan", co_q(0, name));
    return co_strdup("baseline: plan");
}

int co_cmp_has_plan(const co_cmp_outcome *o)
{
    return o->allocated != CO_CENTS_NONE;
}

void co_comparison_free(co_comparison *c)
{
    if (!c)
        return;
    co_arena_free(c->arena);
    free(c);
}

/* ---- reading a plan ---------------------------------------------------- */

typedef struct state_row {
    const char *id;
    int64_t alloc; /* cents */
    double cov;    /* NaN when null */
    const char *lead;
    const char **mem; /* member donor ids, sorted */
    int n_mem;
} state_row;

typedef struct donor_row {
    const char *id;
    int64_t alloc; /* cents */
    double util;   /* NaN when null */
    double mv;     /* marginal value; NaN when null or not given */
} donor_row;

/* An outcome as the comparison reads it. */
typedef struct view {
    const co_outcome *o;
    char *label; /* the plan's name in messages */
    const char *status;
    int has_plan; /* a plan with numbers: status optimal or feasible */
    double objective, gap;
    co_plan_totals t;
    double pof;  /* price of fairness, NaN when absent or null */
    int unique;  /* marginal_values_unique: 1, 0, or -1 when absent or null */
    state_row *st;
    int ns;
    donor_row *dn;
    int nd;
    const co_plan_deadline **dl; /* the deadline analysis by need id */
    int ndl;
} view;

typedef struct reader {
    const char *label;
    co_diag *dg;
    int rc;
} reader;

/* A field the comparison reads that the plan does not give. */
static void missing(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void missing(reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *path = co_vasprintf(fmt, ap);
    va_end(ap);
    if (!path) {
        r->rc = CO_EINTERNAL;
        return;
    }
    co_err(r->dg, "%s: %s: missing", r->label, path);
    free(path);
    r->rc = CO_EINPUT;
}

static int cmp_id(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

static int read_states(reader *r, const co_plan *pl, view *v)
{
    if (!pl->coalitions) {
        missing(r, "coalitions");
        return r->rc;
    }
    v->st = calloc((size_t)pl->n_coalitions + 1, sizeof *v->st);
    if (!v->st)
        return r->rc = CO_EINTERNAL;
    for (int i = 0; i < pl->n_coalitions && r->rc == CO_OK; i++) {
        const co_plan_coalition *c = &pl->coalitions[i];
        state_row *s = &v->st[v->ns++];
        s->id = c->state;
        s->lead = c->lead;
        s->alloc = c->allocated;
        s->cov = c->coverage;
        if (!c->state)
            missing(r, "coalitions[%d].state", i);
        else if (c->allocated == CO_CENTS_NONE)
            missing(r, "coalitions[%d].allocated", i);
        else if (!c->members)
            missing(r, "coalitions[%d].members", i);
        if (r->rc != CO_OK)
            break;
        s->mem = calloc((size_t)c->n_members + 1, sizeof *s->mem);
        if (!s->mem)
            return r->rc = CO_EINTERNAL;
        for (int k = 0; k < c->n_members && r->rc == CO_OK; k++) {
            s->mem[s->n_mem++] = c->members[k].donor;
            if (!c->members[k].donor)
                missing(r, "coalitions[%d].members[%d].donor", i, k);
        }
        if (r->rc == CO_OK && s->n_mem > 1)
            qsort(s->mem, (size_t)s->n_mem, sizeof *s->mem, cmp_id);
    }
    if (r->rc == CO_OK && v->ns > 1)
        qsort(v->st, (size_t)v->ns, sizeof *v->st, cmp_id); /* ids are unique: co_plan_read */
    return r->rc;
}

static int read_donors(reader *r, const co_plan *pl, view *v)
{
    if (!pl->donors) {
        missing(r, "donors");
        return r->rc;
    }
    v->dn = calloc((size_t)pl->n_donors + 1, sizeof *v->dn);
    if (!v->dn)
        return r->rc = CO_EINTERNAL;
    for (int i = 0; i < pl->n_donors && r->rc == CO_OK; i++) {
        const co_plan_donor *d = &pl->donors[i];
        donor_row *x = &v->dn[v->nd++];
        x->id = d->donor;
        x->alloc = d->allocated;
        x->util = d->utilisation;
        x->mv = d->marginal_value; /* optional here: a plan without it just shows none */
        if (!d->donor)
            missing(r, "donors[%d].donor", i);
        else if (d->allocated == CO_CENTS_NONE)
            missing(r, "donors[%d].allocated", i);
    }
    if (r->rc == CO_OK && v->nd > 1)
        qsort(v->dn, (size_t)v->nd, sizeof *v->dn, cmp_id);
    return r->rc;
}

/* Money requested and placed, in all and over urgent needs (urgency > 1). */
static int read_needs(reader *r, const co_plan *pl, view *v)
{
    if (!pl->needs) {
        missing(r, "needs");
        return r->rc;
    }
    for (int i = 0; i < pl->n_needs && r->rc == CO_OK; i++) {
        const co_plan_need *n = &pl->needs[i];
        if (isnan(n->requested))
            missing(r, "needs[%d].requested", i);
        else if (n->allocated == CO_CENTS_NONE)
            missing(r, "needs[%d].allocated", i);
        else if (isnan(n->urgency))
            missing(r, "needs[%d].urgency", i);
    }
    if (r->rc == CO_OK)
        v->t = co_plan_totals_of(pl, NULL);
    return r->rc;
}

/* A multi-year plan's deadline analysis by need id (nothing without one;
 * need ids are there and unique: co_plan_read). */
static int read_deadlines(reader *r, const co_plan *pl, view *v)
{
    if (!pl->deadlines)
        return r->rc;
    v->dl = co_deadlines_by_need(pl, &v->ndl);
    if (!v->dl)
        return r->rc = CO_EINTERNAL;
    for (int i = 0; i < pl->n_deadlines && r->rc == CO_OK; i++)
        if (!pl->deadlines[i].need)
            missing(r, "deadlines[%d].need", i);
    return r->rc;
}

static const char *status_without_plan(const co_outcome *o)
{
    switch (o->exit_code) {
    case 1:
        return o->explanation ? "infeasible" : "no_solution";
    case 3:
        return "input_error";
    case 4:
        return "solver_error";
    default:
        return "error";
    }
}

static int read_view(const co_outcome *o, view *v, co_diag *dg)
{
    memset(v, 0, sizeof *v);
    v->o = o;
    v->objective = v->gap = v->pof = NAN;
    v->unique = -1;
    v->label = co_outcome_label(o->name, o->file);
    if (!v->label)
        return CO_EINTERNAL;
    reader r = {v->label, dg, CO_OK};
    const co_plan *pl = o->plan;
    if (!pl) {
        v->status = status_without_plan(o);
        return CO_OK;
    }
    if (!pl->has_status) {
        missing(&r, "status");
        return r.rc;
    }
    v->status = co_status_name(pl->status);
    v->has_plan = co_plan_has_solution(pl);
    if (!v->has_plan)
        return CO_OK;
    if (isnan(pl->total)) {
        missing(&r, "objective.total");
        return r.rc;
    }
    v->objective = pl->total;
    v->gap = pl->gap;
    v->pof = pl->price_of_fairness;
    v->unique = pl->marginal_unique;
    if (read_states(&r, pl, v) == CO_OK && read_donors(&r, pl, v) == CO_OK &&
        read_needs(&r, pl, v) == CO_OK)
        read_deadlines(&r, pl, v);
    return r.rc;
}

static void release_view(view *v)
{
    for (int i = 0; i < v->ns; i++)
        free(v->st[i].mem);
    free(v->st);
    free(v->dn);
    free(v->dl);
    free(v->label);
}

/* ---- building the comparison ------------------------------------------- */

/* Changes of money to cents, of shares to 1e-9: no floating-point noise. */
static double round_cents(double x)
{
    return round(x * 100.0) / 100.0;
}

static double share_change(double before, double after)
{
    return isfinite(before) && isfinite(after) ? round((after - before) * 1e9) / 1e9 : NAN;
}

static const char **copy_ids(co_arena *A, const char *const *ids, int n)
{
    const char **v = co_arena_alloc(A, (size_t)n * sizeof *v);
    for (int i = 0; v && i < n; i++)
        v[i] = co_arena_strdup(A, ids[i]);
    return v;
}

static void copy_explanation(co_arena *A, co_plan_explanation *to, const co_plan_explanation *e)
{
    to->conflicts = copy_ids(A, e->conflicts, e->n_conflicts);
    to->fixes = copy_ids(A, e->fixes, e->n_fixes);
    to->n_conflicts = e->n_conflicts;
    to->n_fixes = e->n_fixes;
}

static void outcome(co_arena *A, co_cmp_outcome *j, const view *v)
{
    const co_outcome *o = v->o;
    int p = v->has_plan;
    j->name = co_arena_strdup(A, o->name);
    j->file = co_arena_strdup(A, o->file);
    j->run = o->run > 0 ? o->run : 0;
    j->status = co_arena_strdup(A, v->status);
    j->exit_code = o->exit_code;
    j->message = co_arena_strdup(A, o->message);
    j->has_explanation = o->explanation != NULL;
    if (o->explanation)
        copy_explanation(A, &j->explanation, o->explanation);
    j->objective = p ? v->objective : NAN;
    j->gap = p ? v->gap : NAN;
    j->requested = p ? v->t.requested : CO_CENTS_NONE;
    j->allocated = p ? v->t.allocated : CO_CENTS_NONE;
    j->urgent_requested = p ? v->t.urgent_requested : CO_CENTS_NONE;
    j->urgent_allocated = p ? v->t.urgent_allocated : CO_CENTS_NONE;
    j->urgent_share = p ? co_share(v->t.urgent_allocated, v->t.urgent_requested) : NAN;
    j->seats = p ? v->t.seats : -1;
    j->price_of_fairness = p ? v->pof : NAN;
    j->marginal_unique = p ? v->unique : -1;
}

/* Members of x not in y (both sorted) into out; returns how many. */
static int only_in(const state_row *x, const state_row *y, const char **out)
{
    int n = 0, k = 0, ny = y ? y->n_mem : 0;
    for (int i = 0; x && i < x->n_mem; i++) {
        while (k < ny && strcmp(y->mem[k], x->mem[i]) < 0)
            k++;
        if (k == ny || strcmp(y->mem[k], x->mem[i]) != 0)
            out[n++] = x->mem[i];
    }
    return n;
}

static int same_str(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Which of two sorted lists goes next in a merge walk: -1 the first's,
 * 1 the second's, 0 both (the same id). */
static int merge_step(const char *x, const char *y)
{
    if (!x)
        return 1;
    if (!y)
        return -1;
    int c = strcmp(x, y);
    return c < 0 ? -1 : c > 0;
}

typedef struct builder {
    co_arena *A;
    int oom;
} builder;

/* One State's entry when its coverage, lead or members changed; a or c is
 * NULL when the State is on one side only. Counts seats gained and lost.
 * Returns 1 when out is filled. */
static int state_delta(builder *b, co_cmp_state *out, const state_row *a, const state_row *c,
                       int *seats_in, int *seats_out)
{
    int na = a ? a->n_mem : 0, nc = c ? c->n_mem : 0, filled = 0;
    const char **in = malloc((size_t)(nc + 1) * sizeof *in);
    const char **gone = malloc((size_t)(na + 1) * sizeof *gone);
    if (!in || !gone) {
        b->oom = 1;
        goto done;
    }
    int n_in = only_in(c, a, in), n_out = only_in(a, c, gone);
    *seats_in += n_in;
    *seats_out += n_out;
    double cb = a ? a->cov : NAN, ca = c ? c->cov : NAN;
    double dcov = share_change(cb, ca);
    const char *lb = a ? a->lead : NULL, *la = c ? c->lead : NULL;
    int cov_changed = !a || !c || isfinite(cb) != isfinite(ca) || (isfinite(dcov) && dcov != 0);
    int money_moved = a && c && a->alloc != c->alloc;
    if (!cov_changed && !money_moved && same_str(lb, la) && !n_in && !n_out)
        goto done;
    out->state = co_arena_strdup(b->A, a ? a->id : c->id);
    out->coverage = ca;
    out->coverage_before = cb;
    out->coverage_change = dcov;
    out->allocated_change = (c ? c->alloc : 0) - (a ? a->alloc : 0);
    out->lead = co_arena_strdup(b->A, la);
    out->lead_before = co_arena_strdup(b->A, lb);
    out->members_in = copy_ids(b->A, in, n_in);
    out->n_in = n_in;
    out->members_out = copy_ids(b->A, gone, n_out);
    out->n_out = n_out;
    filled = 1;
done:
    free(in);
    free(gone);
    return filled;
}

static void states_delta(builder *b, co_cmp_outcome *j, const view *a, const view *c,
                         int *seats_in, int *seats_out)
{
    j->states = co_arena_alloc(b->A, ((size_t)a->ns + (size_t)c->ns) * sizeof *j->states);
    int i = 0, k = 0;
    while ((i < a->ns || k < c->ns) && j->states && !b->oom) {
        int s = merge_step(i < a->ns ? a->st[i].id : NULL, k < c->ns ? c->st[k].id : NULL);
        j->n_states += state_delta(b, &j->states[j->n_states], s <= 0 ? &a->st[i] : NULL,
                                   s >= 0 ? &c->st[k] : NULL, seats_in, seats_out);
        i += s <= 0;
        k += s >= 0;
    }
}

static void donors_delta(builder *b, co_cmp_outcome *j, const view *a, const view *c)
{
    j->donors = co_arena_alloc(b->A, ((size_t)a->nd + (size_t)c->nd) * sizeof *j->donors);
    int i = 0, k = 0;
    while ((i < a->nd || k < c->nd) && j->donors) {
        int s = merge_step(i < a->nd ? a->dn[i].id : NULL, k < c->nd ? c->dn[k].id : NULL);
        const donor_row *x = s <= 0 ? &a->dn[i] : NULL, *y = s >= 0 ? &c->dn[k] : NULL;
        i += s <= 0;
        k += s >= 0;
        int64_t d = (y ? y->alloc : 0) - (x ? x->alloc : 0);
        if (x && y && d == 0)
            continue;
        co_cmp_donor *o = &j->donors[j->n_donors++];
        double ub = x ? x->util : NAN, ua = y ? y->util : NAN;
        o->donor = co_arena_strdup(b->A, x ? x->id : y->id);
        o->utilisation = ua;
        o->utilisation_before = ub;
        o->utilisation_change = share_change(ub, ua);
        o->allocated_change = d;
        o->marginal_value = y ? y->mv : NAN;
        o->marginal_value_before = x ? x->mv : NAN;
    }
}

/* The obligations whose deadline figures changed from a to c
 * (result/deadline_change.h), by need id. */
static void deadlines_delta(builder *b, co_cmp_outcome *j, const view *a, const view *c)
{
    j->deadlines =
        co_arena_alloc(b->A, ((size_t)a->ndl + (size_t)c->ndl + 1) * sizeof *j->deadlines);
    if (!j->deadlines)
        return;
    j->n_deadlines = co_deadline_changes(a->dl, a->ndl, c->dl, c->ndl, j->deadlines);
    for (int i = 0; i < j->n_deadlines; i++) {
        /* the comparison outlives the plans: its strings in its arena */
        co_deadline_change *o = &j->deadlines[i];
        o->need = co_arena_strdup(b->A, o->need);
        o->from.extension_check = co_arena_strdup(b->A, o->from.extension_check);
        o->to.extension_check = co_arena_strdup(b->A, o->to.extension_check);
    }
}

/* delta, states, donors (and deadlines) of scenario c against the
 * baseline a. */
static void add_changes(builder *b, co_cmp_outcome *j, const view *a, const view *c)
{
    if (!a->has_plan || !c->has_plan)
        return;
    int in = 0, out = 0;
    states_delta(b, j, a, c, &in, &out);
    donors_delta(b, j, a, c);
    if (j->has_deadlines)
        deadlines_delta(b, j, a, c);
    j->has_delta = 1;
    co_cmp_delta *d = &j->delta;
    d->objective = round_cents(c->objective - a->objective);
    d->allocated = c->t.allocated - a->t.allocated;
    d->urgent_allocated = c->t.urgent_allocated - a->t.urgent_allocated;
    d->urgent_share = share_change(co_share(a->t.urgent_allocated, a->t.urgent_requested),
                                   co_share(c->t.urgent_allocated, c->t.urgent_requested));
    d->seats = c->t.seats - a->t.seats;
    d->seats_in = in;
    d->seats_out = out;
}

/* Objectives tie when equal to the cent. */
static double objective_key(const view *v)
{
    return round(v->objective * 100.0);
}

/* Every outcome with a plan by objective, highest first; ties keep file
 * order (the baseline first) and share a rank. */
static void ranking(builder *b, co_comparison *cmp, const view *v, int n)
{
    int *order = malloc((size_t)n * sizeof *order), m = 0;
    if (!order) {
        b->oom = 1;
        return;
    }
    for (int i = 0; i < n; i++) {
        if (!v[i].has_plan)
            continue;
        int k = m++;
        while (k > 0 && objective_key(&v[order[k - 1]]) < objective_key(&v[i])) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    cmp->ranking = co_arena_alloc(b->A, (size_t)m * sizeof *cmp->ranking);
    int rank = 0;
    for (int r = 0; r < m && cmp->ranking; r++) {
        const view *x = &v[order[r]];
        if (r == 0 || objective_key(&v[order[r - 1]]) != objective_key(x))
            rank = r + 1;
        co_cmp_rank *o = &cmp->ranking[cmp->n_ranking++];
        o->rank = rank;
        o->name = co_arena_strdup(b->A, x->o->name);
        o->objective = x->objective;
        o->objective_change = v[0].has_plan ? round_cents(x->objective - v[0].objective) : NAN;
    }
    free(order);
}

int co_compare_build(const co_outcome *base, const co_outcome *scen, int n,
                     const char *scenarios_file, co_comparison **out, co_diag *dg)
{
    *out = NULL;
    int rc = CO_OK;
    co_comparison *cmp = calloc(1, sizeof *cmp);
    view *v = n >= 0 ? calloc((size_t)n + 1, sizeof *v) : NULL;
    int nv = 0;
    if (!cmp || !v || !(cmp->arena = co_arena_new()))
        goto oom;
    builder b = {cmp->arena, 0};
    for (; nv <= n && rc == CO_OK; nv++)
        rc = read_view(nv == 0 ? base : &scen[nv - 1], &v[nv], dg);
    if (rc == CO_EINTERNAL)
        goto oom;
    if (rc != CO_OK)
        goto done;
    /* the dataset's name and hash from the first run that wrote a plan */
    for (int i = 0; i <= n; i++)
        if (v[i].o->plan) {
            cmp->dataset_name = co_arena_strdup(b.A, v[i].o->plan->dataset_name);
            cmp->dataset_sha256 = co_arena_strdup(b.A, v[i].o->plan->dataset_sha256);
            break;
        }
    cmp->scenarios_file = co_arena_strdup(b.A, scenarios_file);
    outcome(b.A, &cmp->baseline, &v[0]);
    /* a multi-year comparison: some run's plan has a deadline analysis */
    int multi = 0;
    for (int i = 0; i <= n; i++)
        multi |= v[i].o->plan && v[i].o->plan->deadlines;
    cmp->scenarios = co_arena_alloc(b.A, (size_t)n * sizeof *cmp->scenarios);
    for (int i = 1; i <= n && cmp->scenarios; i++) {
        co_cmp_outcome *j = &cmp->scenarios[cmp->n_scenarios++];
        outcome(b.A, j, &v[i]);
        j->has_deadlines = multi;
        add_changes(&b, j, &v[0], &v[i]);
    }
    ranking(&b, cmp, v, n + 1);
    if (b.oom || co_arena_failed(b.A))
        goto oom;
    *out = cmp;
    cmp = NULL;
    goto done;
oom:
    co_err(dg, "out of memory comparing what-if runs");
    rc = CO_EINTERNAL;
done:
    co_comparison_free(cmp);
    for (int i = 0; i < nv && v; i++)
        release_view(&v[i]);
    free(v);
    return rc;
}

/* ---- the terminal view ------------------------------------------------- */

#define STATE_LINES 10 /* per scenario, then "... and N more" */
#define DONOR_LINES 8
#define DEADLINE_LINES 10

/* Columns a clean UTF-8 string takes (one per code point: wide characters
 * are taken as one column). */
static int cols(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

/* Bytes of the first `c` columns of a clean UTF-8 string. */
static size_t cols_bytes(const char *s, size_t n, int c)
{
    size_t i = 0;
    for (; i < n; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80 && c-- == 0)
            break;
    return i;
}

/* A copy fit for a terminal: control characters and bytes that are not
 * UTF-8 become '?'. */
static char *clean(const char *s)
{
    size_t n = strlen(s);
    char *t = co_strndup(s, n);
    if (!t)
        return NULL;
    for (size_t i = 0; i < n;) {
        size_t ok = i + co_utf8_prefix(t + i, n - i);
        for (; i < ok; i++)
            if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f)
                t[i] = '?';
        if (i < n)
            t[i++] = '?';
    }
    return t;
}

typedef struct text {
    co_buf *b;
    int oom;
} text;

/* `s` cut to `width` columns (ending "..." when cut), padded with spaces
 * on the right (or the left when `right`). */
static void cell(text *t, const char *s, int width, int right)
{
    char *c = clean(s ? s : "");
    if (!c) {
        t->oom = 1;
        return;
    }
    size_t n = strlen(c);
    int w = cols(c, n);
    if (w > width) {
        n = cols_bytes(c, n, width - 3);
        memcpy(c + n, "...", 4);
        n += 3;
        w = width;
    }
    if (right)
        co_buf_printf(t->b, "%*s", width - w, "");
    co_buf_put(t->b, c, n);
    if (!right)
        co_buf_printf(t->b, "%*s", width - w, "");
    free(c);
}

/* Writes a line, broken at spaces to fit CO_COMPARE_WIDTH columns: the
 * first part indented by `indent`, the rest by `cont`; a word longer than
 * a line is cut. */
static void wrap(text *t, int indent, int cont, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void wrap(text *t, int indent, int cont, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *raw = co_vasprintf(fmt, ap);
    va_end(ap);
    char *s = raw ? clean(raw) : NULL;
    free(raw);
    if (!s) {
        t->oom = 1;
        return;
    }
    const char *p = s;
    int pad = indent;
    do {
        int room = CO_COMPARE_WIDTH - pad;
        size_t n = strlen(p), cut = n;
        if (cols(p, n) > room) {
            cut = cols_bytes(p, n, room);
            size_t sp = cut;
            while (sp > 0 && p[sp] != ' ')
                sp--;
            if (sp > 0)
                cut = sp;
        }
        size_t end = cut;
        while (end > 0 && p[end - 1] == ' ')
            end--;
        co_buf_printf(t->b, "%*s", pad, "");
        co_buf_put(t->b, p, end);
        co_buf_put(t->b, "\n", 1);
        p += cut;
        while (*p == ' ')
            p++;
        pad = cont;
    } while (*p);
    free(s);
}


/* "45.2M", "850K", "120" (USD); with `sign` a leading "+" when positive;
 * "-" for an unknown amount. buf >= 32 bytes. */
static const char *money(double v, int sign, char *buf)
{
    const char *plus = sign && v > 0 ? "+" : "";
    double a = fabs(v);
    if (!isfinite(v))
        snprintf(buf, 32, "-");
    else if (a >= 999950)
        snprintf(buf, 32, "%s%.1fM", plus, v / 1e6);
    else if (a >= 999.5)
        snprintf(buf, 32, "%s%.0fK", plus, v / 1e3);
    else if (a >= 0.5 || a == 0)
        snprintf(buf, 32, "%s%.0f", plus, v);
    else
        snprintf(buf, 32, "%s%.2f", plus, v);
    return buf;
}

/* Cents as USD for money(); NaN when not given. */
static double usd_of(int64_t c)
{
    return c == CO_CENTS_NONE ? NAN : co_usd(c);
}

/* "52.0%" or "n/a" */
static const char *pct(double v, char *buf)
{
    if (isfinite(v))
        snprintf(buf, 32, "%.1f%%", v * 100.0);
    else
        snprintf(buf, 32, "n/a");
    return buf;
}

/* "+1.5 pt", "0.0 pt", or "" when unknown */
static const char *points(double v, char *buf)
{
    if (!isfinite(v))
        buf[0] = '\0';
    else if (v == 0)
        snprintf(buf, 32, "0.0 pt");
    else
        snprintf(buf, 32, "%+.1f pt", v * 100.0);
    return buf;
}

/* "65,157,258.73" (with `sign`, "+" when positive); buf >= 40 bytes. */
static const char *amount(double v, int sign, char *buf)
{
    if (!isfinite(v) || fabs(v) >= 1e15) {
        snprintf(buf, 40, "%s", isfinite(v) ? co_num(0, v) : "-");
        return buf;
    }
    long long c = llround(v * 100.0);
    char whole[32];
    co_fmt_usd((int64_t)(llabs(c) / 100 * 100), whole);
    snprintf(buf, 40, "%s%s.%02lld", c < 0 ? "-" : sign && c > 0 ? "+" : "", whole,
             llabs(c) % 100);
    return buf;
}

/* A count as a number to print, NaN when not given. */
static double or_nan(int n)
{
    return n < 0 ? NAN : n;
}

/* The outcomes in order: the baseline (i = 0), then each scenario. */
static const co_cmp_outcome *outcome_at(const co_comparison *cmp, int i)
{
    if (i == 0)
        return &cmp->baseline;
    return i - 1 < cmp->n_scenarios ? &cmp->scenarios[i - 1] : NULL;
}

static const char *outcome_name(const char *name)
{
    return name ? name : "baseline";
}

/* The table: one row per outcome, the baseline first. */
static void table(text *t, const co_comparison *cmp)
{
    static const struct {
        const char *head;
        int width, right;
    } col[] = {{"scenario", 26, 0}, {"status", 12, 0}, {"allocated", 9, 1}, {"change", 8, 1},
               {"urgent", 7, 1},    {"change", 9, 1},  {"seats", 5, 1},     {"in/out", 8, 1}};
    enum { NCOL = sizeof col / sizeof col[0] };
    for (int c = 0; c < NCOL; c++) {
        cell(t, col[c].head, col[c].width, col[c].right);
        co_buf_put(t->b, c + 1 < NCOL ? "  " : "\n", c + 1 < NCOL ? 2 : 1);
    }
    const co_cmp_outcome *o;
    for (int i = 0; (o = outcome_at(cmp, i)) != NULL; i++) {
        const co_cmp_delta *d = o->has_delta ? &o->delta : NULL;
        int has = co_cmp_has_plan(o);
        char v[NCOL][40] = {{0}};
        money(usd_of(o->allocated), 0, v[2]);
        if (d)
            money(usd_of(d->allocated), 1, v[3]);
        pct(o->urgent_share, v[4]);
        if (!has)
            snprintf(v[4], 40, "-");
        points(d ? d->urgent_share : NAN, v[5]);
        if (has)
            snprintf(v[6], 40, "%.0f", or_nan(o->seats));
        else
            snprintf(v[6], 40, "-");
        if (d)
            snprintf(v[7], 40, "+%.0f/-%.0f", or_nan(d->seats_in), or_nan(d->seats_out));
        const char *cells[NCOL] = {outcome_name(o->name), o->status, v[2], v[3],
                                   v[4], v[5], v[6], v[7]};
        size_t start = t->b->len;
        for (int c = 0; c < NCOL; c++) {
            cell(t, cells[c], col[c].width, col[c].right);
            if (c + 1 < NCOL)
                co_buf_put(t->b, "  ", 2);
        }
        while (t->b->len > start && t->b->data[t->b->len - 1] == ' ')
            t->b->len--;
        co_buf_put(t->b, "\n", 1);
    }
}

/* The width of the longest of the first `cap` ids, at most 12. */
static int id_width(const char *const *ids, size_t stride, int n, int cap)
{
    int w = 0;
    for (int i = 0; i < n && i < cap; i++) {
        const char *id = *(const char *const *)((const char *)ids + (size_t)i * stride);
        int len = id ? (int)strlen(id) : 0;
        w = len > w ? len : w;
    }
    return w > 12 ? 12 : w;
}

/* "NOR, USA" */
static char *joined(const char *const *ids, int n)
{
    co_buf b;
    co_buf_init(&b);
    co_buf_put(&b, "", 0);
    for (int i = 0; i < n; i++)
        if (ids[i])
            co_buf_printf(&b, "%s%s", b.len ? ", " : "", ids[i]);
    if (b.oom || !b.data) {
        co_buf_release(&b);
        return NULL;
    }
    return b.data;
}

static void state_line(text *t, const co_cmp_state *s, int w)
{
    co_buf l;
    co_buf_init(&l);
    char c1[32], c2[32], c3[32], m[32];
    const char *sep = "";
    double cov = s->coverage, before = s->coverage_before, change = s->coverage_change;
    if (isfinite(cov) != isfinite(before) || (isfinite(change) && change != 0)) {
        co_buf_printf(&l, "coverage %s -> %s (", pct(before, c1), pct(cov, c2));
        if (isfinite(change))
            co_buf_printf(&l, "%s, ", points(change, c3));
        co_buf_printf(&l, "%s)", money(usd_of(s->allocated_change), 1, m));
        sep = "; ";
    } else if (s->allocated_change != 0 && s->allocated_change != CO_CENTS_NONE) {
        /* the same coverage of a need that changed (work.remaining raised):
         * the money moved all the same */
        co_buf_printf(&l, "allocated %s", money(usd_of(s->allocated_change), 1, m));
        sep = "; ";
    }
    if (!same_str(s->lead, s->lead_before)) {
        co_buf_printf(&l, "%slead %s -> %s", sep, s->lead_before ? s->lead_before : "none",
                      s->lead ? s->lead : "none");
        sep = "; ";
    }
    const char *const *lists[2] = {s->members_in, s->members_out};
    const int counts[2] = {s->n_in, s->n_out};
    static const char *const words[2] = {"in", "out"};
    for (int i = 0; i < 2; i++) {
        if (counts[i] == 0)
            continue;
        char *ids = joined(lists[i], counts[i]);
        if (!ids)
            l.oom = 1;
        else
            co_buf_printf(&l, "%s%s: %s", sep, words[i], ids);
        free(ids);
        sep = "; ";
    }
    if (l.oom)
        t->oom = 1;
    else
        wrap(t, 2, 8 + w, "State %-*s  %s", w, s->state ? s->state : "", l.data ? l.data : "");
    co_buf_release(&l);
}

/* True when the donor line shows a change of its +1 USD value. */
static int value_moved(const co_cmp_donor *d)
{
    double v0 = d->marginal_value_before, v1 = d->marginal_value;
    return isfinite(v0) && isfinite(v1) && fabs(v1 - v0) >= 5e-5;
}

static void donor_line(text *t, const co_cmp_donor *d, int w)
{
    char u1[32], u2[32], p[32], m[32];
    double change = d->utilisation_change;
    char mv[64] = "";
    if (value_moved(d))
        snprintf(mv, sizeof mv, "; +1 USD worth %.4f -> %.4f", d->marginal_value_before,
                 d->marginal_value);
    wrap(t, 2, 8 + w, "donor %-*s  utilisation %s -> %s (%s%s%s)%s", w, d->donor ? d->donor : "",
         pct(d->utilisation_before, u1), pct(d->utilisation, u2),
         isfinite(change) ? points(change, p) : "", isfinite(change) ? ", " : "",
         money(usd_of(d->allocated_change), 1, m), mv);
}

/* An obligation's line, "deadline NEED: " and what changed (the words of
 * `diff`), broken after a "; " where it does not fit, continuing indented
 * by 4; a part longer than a line is broken at spaces. */
static void deadline_line(text *t, const co_deadline_change *c)
{
    co_buf l;
    co_buf_init(&l);
    co_buf_printf(&l, "deadline %s: ", c->need ? c->need : "");
    co_deadline_change_parts(&l, c, " -> ");
    char *s = l.oom || !l.data ? NULL : clean(l.data);
    co_buf_release(&l);
    if (!s) {
        t->oom = 1;
        return;
    }
    const char *p = s;
    int pad = 2;
    while (*p) {
        /* take parts while the line (with its ";" when more follow) fits */
        const char *end = strstr(p, "; ");
        while (end) {
            const char *next = strstr(end + 2, "; ");
            size_t upto = next ? (size_t)(next - p) : strlen(p);
            if (pad + cols(p, upto) + (next != NULL) > CO_COMPARE_WIDTH)
                break;
            end = next;
        }
        size_t n = end ? (size_t)(end - p) + 1 : strlen(p); /* with the ";" */
        wrap(t, pad, pad + 2, "%.*s", (int)n, p);
        p += n;
        while (*p == ' ')
            p++;
        pad = 4;
    }
    free(s);
}

/* Why an outcome has no plan: its message, conflicts and fixes. */
static void no_plan(text *t, const co_cmp_outcome *o)
{
    if (o->message)
        wrap(t, 2, 4, "%s", o->message);
    if (!o->has_explanation)
        return;
    for (int i = 0; i < o->explanation.n_conflicts; i++)
        if (o->explanation.conflicts[i])
            wrap(t, 2, 4 + 8, "conflict: %s", o->explanation.conflicts[i]);
    for (int i = 0; i < o->explanation.n_fixes; i++)
        if (o->explanation.fixes[i])
            wrap(t, 2, 4 + 3, "fix: %s", o->explanation.fixes[i]);
}

static void section(text *t, const co_cmp_outcome *o, int is_base)
{
    int has = co_cmp_has_plan(o);
    if (is_base && has)
        return;
    co_buf_put(t->b, "\n", 1);
    if (!has) {
        wrap(t, 0, 2, "%s: %s, no plan (exit %.0f)", outcome_name(o->name),
             o->status ? o->status : "?", or_nan(o->exit_code));
        no_plan(t, o);
        return;
    }
    char g[32];
    if (o->status && strcmp(o->status, "optimal") != 0 && isfinite(o->gap))
        snprintf(g, sizeof g, ", gap %.2f%%", o->gap * 100.0);
    else
        g[0] = '\0';
    wrap(t, 0, 2, "%s: %s%s", outcome_name(o->name), o->status ? o->status : "?", g);
    if (!o->states) {
        wrap(t, 2, 4, "no comparison: the baseline has no plan");
        return;
    }
    int w = id_width(&o->states[0].state, sizeof *o->states, o->n_states, STATE_LINES);
    for (int i = 0; i < o->n_states && i < STATE_LINES; i++)
        state_line(t, &o->states[i], w);
    if (o->n_states > STATE_LINES)
        wrap(t, 2, 4, "... and %d more %s", o->n_states - STATE_LINES, "States");
    if (o->donors) {
        w = id_width(&o->donors[0].donor, sizeof *o->donors, o->n_donors, DONOR_LINES);
        for (int i = 0; i < o->n_donors && i < DONOR_LINES; i++)
            donor_line(t, &o->donors[i], w);
        if (o->n_donors > DONOR_LINES)
            wrap(t, 2, 4, "... and %d more %s", o->n_donors - DONOR_LINES, "donors");
    }
    int moved = 0;
    for (int i = 0; o->donors && i < o->n_donors && !moved; i++)
        moved = value_moved(&o->donors[i]);
    if (moved && o->marginal_unique == 0)
        wrap(t, 2, 4, "(+1 USD values: the LP behind them is degenerate, so they are one valid "
                      "set, not the only one)");
    if (o->n_states == 0 && o->n_donors == 0)
        wrap(t, 2, 4, "no State's coverage, lead or members and no donor's allocation changed");
    if (!o->has_deadlines || !o->deadlines)
        return;
    for (int i = 0; i < o->n_deadlines && i < DEADLINE_LINES; i++)
        deadline_line(t, &o->deadlines[i]);
    if (o->n_deadlines > DEADLINE_LINES)
        wrap(t, 2, 4, "... and %d more %s", o->n_deadlines - DEADLINE_LINES, "obligations");
    if (o->n_deadlines == 0)
        wrap(t, 2, 4, "no obligation's deadline figures changed");
}

static void ranking_text(text *t, const co_comparison *cmp)
{
    co_buf_put(t->b, "\n", 1);
    wrap(t, 0, 2,
         "Ranking by objective. Objectives compare only between runs with the same weights: "
         "a scenario that changes deadlines, evidence, expertise or parameters changes the "
         "weights, and so the objective; compare those by the table above.");
    for (int i = 0; i < cmp->n_ranking; i++) {
        const co_cmp_rank *r = &cmp->ranking[i];
        char a[40], c[40];
        co_buf_printf(t->b, "%4.0f  ", or_nan(r->rank));
        cell(t, outcome_name(r->name), 44, 0);
        co_buf_printf(t->b, "  %18s", amount(r->objective, 0, a));
        if (r->name)
            co_buf_printf(t->b, "  %16s", amount(r->objective_change, 1, c));
        co_buf_put(t->b, "\n", 1);
    }
    if (cmp->n_ranking == 0)
        wrap(t, 2, 4, "no run has a plan");
}

/* The names of outcomes without a plan, after the ranking. */
static void unranked(text *t, const co_comparison *cmp)
{
    co_buf l;
    co_buf_init(&l);
    const co_cmp_outcome *o;
    for (int i = 0; (o = outcome_at(cmp, i)) != NULL; i++)
        if (!co_cmp_has_plan(o))
            co_buf_printf(&l, "%s%s", l.len ? ", " : "", outcome_name(o->name));
    if (l.oom)
        t->oom = 1;
    else if (l.len)
        wrap(t, 0, 2, "Not ranked (no plan): %.*s", (int)l.len, l.data);
    co_buf_release(&l);
}

int co_comparison_text(const co_comparison *cmp, co_buf *out, co_diag *dg)
{
    text t = {out, 0};
    const char *name = cmp->dataset_name, *sha = cmp->dataset_sha256;
    const char *file = cmp->scenarios_file;
    int n = cmp->n_scenarios;
    wrap(&t, 0, 2, "What-if on %s%s%.12s%s: the baseline and %d scenario%s%s%s", name ? name : "the dataset",
         sha ? " (" : "", sha ? sha : "", sha ? ")" : "", n, n == 1 ? "" : "s",
         file ? " from " : "", file ? file : "");
    co_buf_put(out, "\n", 1);
    table(&t, cmp);
    wrap(&t, 0, 0,
         "USD (M millions, K thousands); urgent: share of the urgent need (urgency > 1) "
         "covered, change in percentage points; in/out: coalition seats gained and lost.");
    const co_cmp_outcome *o;
    for (int i = 0; (o = outcome_at(cmp, i)) != NULL; i++)
        section(&t, o, i == 0);
    ranking_text(&t, cmp);
    unranked(&t, cmp);
    if (t.oom || out->oom) {
        co_err(dg, "out of memory writing the comparison");
        return CO_EINTERNAL;
    }
    return CO_OK;
}
