/*
 * compare_json.c: comparison.json (docs/WHATIF.md) written from a
 * co_comparison and read back into one (compare.h), field by field as
 * plan_read.c reads a plan: the same types and ranges, the same messages,
 * fields not there left not given. A comparison read back writes the
 * bytes it was read from.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "base/json.h"
#include "model/deadlines.h"
#include "run/compare.h"

/* ---- writing ------------------------------------------------------------ */

typedef struct wr {
    int oom;
} wr;

static void put(wr *w, co_json *obj, const char *key, co_json *v)
{
    co_json_put(&w->oom, obj, key, v);
}

static co_json *child(wr *w, co_json *obj, const char *key, co_json *v)
{
    put(w, obj, key, v);
    return w->oom ? NULL : v;
}

/* Numbers and text: NaN and NULL as null. */
static void num(wr *w, co_json *obj, const char *key, double v)
{
    put(w, obj, key, co_json_new_number(v));
}

static void str(wr *w, co_json *obj, const char *key, const char *s)
{
    put(w, obj, key, co_json_new_string(s));
}

static void cents(wr *w, co_json *obj, const char *key, int64_t c)
{
    num(w, obj, key, c == CO_CENTS_NONE ? NAN : co_usd(c));
}

/* A count (-1: null) or a whole number of either sign (CO_CMP_NONE: null). */
static void count(wr *w, co_json *obj, const char *key, int n)
{
    num(w, obj, key, n < 0 ? NAN : n);
}

static void whole(wr *w, co_json *obj, const char *key, int n)
{
    num(w, obj, key, n == CO_CMP_NONE ? NAN : n);
}

static void ids(wr *w, co_json *obj, const char *key, const char *const *v, int n)
{
    co_json *arr = child(w, obj, key, co_json_new_array());
    for (int i = 0; arr && i < n; i++)
        put(w, arr, NULL, co_json_new_string(v[i]));
}

static void outcome(wr *w, co_json *j, const co_cmp_outcome *o)
{
    str(w, j, "name", o->name);
    str(w, j, "file", o->file);
    num(w, j, "run", o->run > 0 ? (double)o->run : NAN);
    if (o->status)
        str(w, j, "status", o->status);
    if (o->exit_code >= 0)
        num(w, j, "exit", o->exit_code);
    str(w, j, "message", o->message);
    if (o->has_explanation) {
        co_json *e = child(w, j, "explanation", co_json_new_object());
        ids(w, e, "conflicts", o->explanation.conflicts, o->explanation.n_conflicts);
        ids(w, e, "fixes", o->explanation.fixes, o->explanation.n_fixes);
    } else {
        put(w, j, "explanation", co_json_new_null());
    }
    num(w, j, "objective", o->objective);
    num(w, j, "gap", o->gap);
    cents(w, j, "requested", o->requested);
    cents(w, j, "allocated", o->allocated);
    cents(w, j, "urgent_requested", o->urgent_requested);
    cents(w, j, "urgent_allocated", o->urgent_allocated);
    num(w, j, "urgent_share", o->urgent_share);
    count(w, j, "seats", o->seats);
    num(w, j, "price_of_fairness", o->price_of_fairness);
    put(w, j, "marginal_values_unique",
        o->marginal_unique >= 0 ? co_json_new_bool(o->marginal_unique) : co_json_new_null());
}

static void changes(wr *w, co_json *j, const co_cmp_outcome *o)
{
    if (o->has_delta) {
        const co_cmp_delta *d = &o->delta;
        co_json *x = child(w, j, "delta", co_json_new_object());
        num(w, x, "objective", d->objective);
        cents(w, x, "allocated", d->allocated);
        cents(w, x, "urgent_allocated", d->urgent_allocated);
        num(w, x, "urgent_share", d->urgent_share);
        whole(w, x, "seats", d->seats);
        count(w, x, "seats_in", d->seats_in);
        count(w, x, "seats_out", d->seats_out);
    } else {
        put(w, j, "delta", co_json_new_null());
    }
    co_json *arr = child(w, j, "states", o->states ? co_json_new_array() : co_json_new_null());
    for (int i = 0; arr && o->states && i < o->n_states; i++) {
        const co_cmp_state *s = &o->states[i];
        co_json *x = child(w, arr, NULL, co_json_new_object());
        str(w, x, "state", s->state);
        num(w, x, "coverage", s->coverage);
        num(w, x, "coverage_before", s->coverage_before);
        num(w, x, "coverage_change", s->coverage_change);
        cents(w, x, "allocated_change", s->allocated_change);
        str(w, x, "lead", s->lead);
        str(w, x, "lead_before", s->lead_before);
        ids(w, x, "members_in", s->members_in, s->n_in);
        ids(w, x, "members_out", s->members_out, s->n_out);
    }
    arr = child(w, j, "donors", o->donors ? co_json_new_array() : co_json_new_null());
    for (int i = 0; arr && o->donors && i < o->n_donors; i++) {
        const co_cmp_donor *d = &o->donors[i];
        co_json *x = child(w, arr, NULL, co_json_new_object());
        str(w, x, "donor", d->donor);
        num(w, x, "utilisation", d->utilisation);
        num(w, x, "utilisation_before", d->utilisation_before);
        num(w, x, "utilisation_change", d->utilisation_change);
        cents(w, x, "allocated_change", d->allocated_change);
        num(w, x, "marginal_value", d->marginal_value);
        num(w, x, "marginal_value_before", d->marginal_value_before);
    }
    if (!o->has_deadlines)
        return; /* a one-period comparison: no such field */
    arr = child(w, j, "deadlines", o->deadlines ? co_json_new_array() : co_json_new_null());
    for (int i = 0; arr && o->deadlines && i < o->n_deadlines; i++) {
        const co_deadline_change *c = &o->deadlines[i];
        /* diff's fields, then whether each run's analysis was solved */
        co_json *x = child(w, arr, NULL, co_deadline_change_json(c));
        co_json *a = child(w, x, "analysed", co_json_new_object());
        put(w, a, "from", c->from.analysed < 0 ? co_json_new_null() : co_json_new_bool(c->from.analysed));
        put(w, a, "to", c->to.analysed < 0 ? co_json_new_null() : co_json_new_bool(c->to.analysed));
    }
}

int co_comparison_to_json(const co_comparison *c, co_buf *out, co_diag *dg)
{
    wr w = {0};
    co_json *root = co_json_new_object();
    co_json *ds = child(&w, root, "dataset", co_json_new_object());
    str(&w, ds, "name", c->dataset_name);
    str(&w, ds, "sha256", c->dataset_sha256);
    str(&w, root, "scenarios_file", c->scenarios_file);
    outcome(&w, child(&w, root, "baseline", co_json_new_object()), &c->baseline);
    co_json *arr = child(&w, root, "scenarios", co_json_new_array());
    for (int i = 0; arr && i < c->n_scenarios; i++) {
        co_json *j = child(&w, arr, NULL, co_json_new_object());
        outcome(&w, j, &c->scenarios[i]);
        changes(&w, j, &c->scenarios[i]);
    }
    arr = child(&w, root, "ranking", co_json_new_array());
    for (int i = 0; arr && i < c->n_ranking; i++) {
        const co_cmp_rank *r = &c->ranking[i];
        co_json *o = child(&w, arr, NULL, co_json_new_object());
        count(&w, o, "rank", r->rank);
        str(&w, o, "name", r->name);
        num(&w, o, "objective", r->objective);
        num(&w, o, "objective_change", r->objective_change);
    }
    if (!root || w.oom) {
        co_json_free(root);
        co_err(dg, "out of memory writing the comparison");
        return CO_EINTERNAL;
    }
    co_json_write(root, 0, out);
    co_buf_put(out, "\n", 1);
    co_json_free(root);
    if (out->oom) {
        co_err(dg, "out of memory writing the comparison");
        return CO_EINTERNAL;
    }
    return CO_OK;
}

/* ---- reading ------------------------------------------------------------ */

typedef struct rd {
    co_json_rd j;
    co_arena *A;
} rd;

static const char *text(rd *r, const co_json *o, const char *pre, const char *key)
{
    return co_arena_strdup(r->A, co_json_rd_str(&r->j, o, pre, key, 1));
}

static double number(rd *r, const co_json *o, const char *pre, const char *key)
{
    return co_json_rd_num(&r->j, o, pre, key, 1);
}

/* USD to cents, or null: >= 0, or of either sign for a change. */
static int64_t usd_cents(rd *r, const co_json *o, const char *pre, const char *key, int sign)
{
    double x = co_json_rd_usd(&r->j, o, pre, key, sign, 1);
    return isnan(x) ? CO_CENTS_NONE : llround(x * 100.0);
}

static int64_t money(rd *r, const co_json *o, const char *pre, const char *key)
{
    return usd_cents(r, o, pre, key, 0);
}

static int64_t change(rd *r, const co_json *o, const char *pre, const char *key)
{
    return usd_cents(r, o, pre, key, 1);
}

static int count_of(rd *r, const co_json *o, const char *pre, const char *key)
{
    return (int)co_json_rd_whole(&r->j, o, pre, key, 1, 0, 1e9,
                                 "must be a whole number from 0 to 1000000000 or null", -1);
}

/* The strings of the list o[key] in the arena (NULL when not there). */
static const char **strings(rd *r, const co_json *o, const char *pre, const char *key, int *n)
{
    return co_json_rd_strings(&r->j, r->A, o, pre, key, n);
}

/* A list of o[key] read item by item with fn (co_json_rd_list); a null
 * list reads as not given. */
static void *items(rd *r, const co_json *o, const char *pre, const char *key, size_t size,
                   int *n, co_json_rd_fn *fn)
{
    *n = 0;
    if (co_json_type(co_json_get(o, key)) == CO_JSON_NULL)
        return NULL;
    return co_json_rd_list(&r->j, r->A, o, pre, key, size, n, fn, r);
}

static void read_outcome(rd *r, const co_json *o, const char *pre, co_cmp_outcome *x)
{
    x->name = text(r, o, pre, "name");
    x->file = text(r, o, pre, "file");
    x->run = (long long)co_json_rd_whole(&r->j, o, pre, "run", 1, 1, 9e15,
                                         "must be a run id (a whole number >= 1) or null", 0);
    x->status = text(r, o, pre, "status");
    x->exit_code = (int)co_json_rd_whole(&r->j, o, pre, "exit", 0, 0, 255,
                                         "must be an exit code (0 to 255)", -1);
    x->message = text(r, o, pre, "message");
    char at[64];
    snprintf(at, sizeof at, "%s.explanation", pre);
    const co_json *e = co_json_rd_object(&r->j, o, pre, "explanation", 1);
    if (e) {
        x->has_explanation = 1;
        x->explanation.conflicts = strings(r, e, at, "conflicts", &x->explanation.n_conflicts);
        x->explanation.fixes = strings(r, e, at, "fixes", &x->explanation.n_fixes);
    }
    x->objective = number(r, o, pre, "objective");
    x->gap = number(r, o, pre, "gap");
    x->requested = money(r, o, pre, "requested");
    x->allocated = money(r, o, pre, "allocated");
    x->urgent_requested = money(r, o, pre, "urgent_requested");
    x->urgent_allocated = money(r, o, pre, "urgent_allocated");
    x->urgent_share = number(r, o, pre, "urgent_share");
    x->seats = count_of(r, o, pre, "seats");
    x->price_of_fairness = number(r, o, pre, "price_of_fairness");
    x->marginal_unique = co_json_rd_bool(&r->j, o, pre, "marginal_values_unique", 1);
}

static void read_state(void *ctx, const co_json *it, const char *at, void *elem)
{
    rd *r = ctx;
    co_cmp_state *s = elem;
    s->state = text(r, it, at, "state");
    s->coverage = number(r, it, at, "coverage");
    s->coverage_before = number(r, it, at, "coverage_before");
    s->coverage_change = number(r, it, at, "coverage_change");
    s->allocated_change = change(r, it, at, "allocated_change");
    s->lead = text(r, it, at, "lead");
    s->lead_before = text(r, it, at, "lead_before");
    s->members_in = strings(r, it, at, "members_in", &s->n_in);
    s->members_out = strings(r, it, at, "members_out", &s->n_out);
}

static void read_donor(void *ctx, const co_json *it, const char *at, void *elem)
{
    rd *r = ctx;
    co_cmp_donor *dn = elem;
    dn->donor = text(r, it, at, "donor");
    dn->utilisation = number(r, it, at, "utilisation");
    dn->utilisation_before = number(r, it, at, "utilisation_before");
    dn->utilisation_change = number(r, it, at, "utilisation_change");
    dn->allocated_change = change(r, it, at, "allocated_change");
    dn->marginal_value = number(r, it, at, "marginal_value");
    dn->marginal_value_before = number(r, it, at, "marginal_value_before");
}

/* The {from, to} object o[key] of a deadline change (NULL when not
 * there), its path into pre. */
static const co_json *pair_at(rd *r, const co_json *o, const char *at, const char *key,
                              char *pre, size_t n)
{
    snprintf(pre, n, "%s.%s", at, key);
    return co_json_rd_object(&r->j, o, at, key, 0);
}

/* A year of a deadline change: 0 when null or not there. */
static int year_of(rd *r, const co_json *o, const char *pre, const char *key)
{
    return (int)co_json_rd_whole(&r->j, o, pre, key, 1, 1000, 9999,
                                 "must be a year from 1000 to 9999 or null", 0);
}

/* One side ("from" or "to") of a deadline change: each field's value of
 * that side. */
static void read_side(rd *r, const co_json *it, const char *at, const char *side,
                      co_deadline_side *s)
{
    char pre[224];
    const co_json *f = pair_at(r, it, at, "analysed", pre, sizeof pre);
    s->analysed = co_json_rd_bool(&r->j, f, pre, side, 1);
    f = pair_at(r, it, at, "placed_by_deadline", pre, sizeof pre);
    s->placed = money(r, f, pre, side);
    f = pair_at(r, it, at, "completion_year", pre, sizeof pre);
    s->completion_year = year_of(r, f, pre, side);
    f = pair_at(r, it, at, "on_time", pre, sizeof pre);
    s->on_time = co_json_rd_bool(&r->j, f, pre, side, 1);
    f = pair_at(r, it, at, "earliest_completion_year", pre, sizeof pre);
    s->earliest_year = year_of(r, f, pre, side);
    f = pair_at(r, it, at, "capacity_limited", pre, sizeof pre);
    s->capacity_limited = co_json_rd_bool(&r->j, f, pre, side, 1);
    f = pair_at(r, it, at, "extension_check", pre, sizeof pre);
    s->extension_check = text(r, f, pre, side);
    enum co_ext_check c;
    if (s->extension_check && co_ext_check_parse(s->extension_check, &c) != 0) {
        co_json_rd_bad(&r->j, pre, side,
                       "must be not_needed, fits, longer_than_needed, too_short, beyond_horizon "
                       "or null",
                       co_json_get(f, side));
        s->extension_check = NULL;
    }
}

static void read_deadline(void *ctx, const co_json *it, const char *at, void *elem)
{
    rd *r = ctx;
    co_deadline_change *c = elem;
    c->need = text(r, it, at, "need");
    read_side(r, it, at, "from", &c->from);
    read_side(r, it, at, "to", &c->to);
}

static void read_changes(rd *r, const co_json *o, const char *pre, co_cmp_outcome *x)
{
    char at[96];
    snprintf(at, sizeof at, "%s.delta", pre);
    const co_json *d = co_json_rd_object(&r->j, o, pre, "delta", 1);
    if (d) {
        x->has_delta = 1;
        x->delta.objective = number(r, d, at, "objective");
        x->delta.allocated = change(r, d, at, "allocated");
        x->delta.urgent_allocated = change(r, d, at, "urgent_allocated");
        x->delta.urgent_share = number(r, d, at, "urgent_share");
        x->delta.seats = (int)co_json_rd_whole(&r->j, d, at, "seats", 1, -1e9, 1e9,
                                               "must be a whole number or null", CO_CMP_NONE);
        x->delta.seats_in = count_of(r, d, at, "seats_in");
        x->delta.seats_out = count_of(r, d, at, "seats_out");
    }
    x->states = items(r, o, pre, "states", sizeof *x->states, &x->n_states, read_state);
    x->donors = items(r, o, pre, "donors", sizeof *x->donors, &x->n_donors, read_donor);
    x->has_deadlines = co_json_get(o, "deadlines") != NULL;
    x->deadlines = items(r, o, pre, "deadlines", sizeof *x->deadlines, &x->n_deadlines,
                         read_deadline);
}

static void read_scenario(void *ctx, const co_json *it, const char *pre, void *elem)
{
    read_outcome(ctx, it, pre, elem);
    read_changes(ctx, it, pre, elem);
}

static void read_rank(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_cmp_rank *x = elem;
    x->rank = count_of(r, it, pre, "rank");
    x->name = text(r, it, pre, "name");
    x->objective = number(r, it, pre, "objective");
    x->objective_change = number(r, it, pre, "objective_change");
}

int co_comparison_from_json(const char *name, const co_json *root, co_comparison **out,
                            co_diag *dg)
{
    *out = NULL;
    co_comparison *c = calloc(1, sizeof *c);
    if (!c || !(c->arena = co_arena_new())) {
        free(c);
        co_err(dg, "out of memory reading %s", name);
        return CO_EINTERNAL;
    }
    if (co_json_type(root) != CO_JSON_OBJECT) {
        co_err(dg, "%s: expected a JSON object at the top, got %s", name,
               co_json_type_name(root));
        co_comparison_free(c);
        return CO_EINPUT;
    }
    rd r = {{name, dg, CO_OK}, c->arena};
    const co_json *ds = co_json_rd_object(&r.j, root, "", "dataset", 1);
    c->dataset_name = text(&r, ds, "dataset", "name");
    c->dataset_sha256 = text(&r, ds, "dataset", "sha256");
    c->scenarios_file = text(&r, root, "", "scenarios_file");
    const co_json *base = co_json_rd_object(&r.j, root, "", "baseline", 0);
    read_outcome(&r, base, "baseline", &c->baseline);
    c->scenarios = items(&r, root, "", "scenarios", sizeof *c->scenarios, &c->n_scenarios,
                         read_scenario);
    c->ranking = items(&r, root, "", "ranking", sizeof *c->ranking, &c->n_ranking, read_rank);
    int rc = co_arena_failed(c->arena) ? CO_EINTERNAL : r.j.rc;
    if (rc == CO_EINTERNAL)
        co_err(dg, "out of memory reading %s", name);
    if (rc != CO_OK) {
        co_comparison_free(c);
        return rc;
    }
    *out = c;
    return CO_OK;
}

int co_comparison_read(const char *name, const char *text_, size_t len, co_comparison **out,
                       co_diag *dg)
{
    co_json *root = NULL;
    *out = NULL;
    int rc = co_json_parse(name, text_, len, &root, dg);
    if (rc == CO_OK)
        rc = co_comparison_from_json(name, root, out, dg);
    co_json_free(root);
    return rc;
}
