/*
 * plan_json.c: writes a plan as the JSON document of FORMATS.md "Plan"
 * (base/json.h). Field order is fixed and lists keep the plan's order, so
 * the same plan always gives the same bytes (timing aside), and a plan
 * read back by plan_read.c writes what it was read from. A figure not
 * given (plan.h) is written as null where the format allows null, else
 * left out.
 */
#include <math.h>
#include <stdlib.h>

#include "base/json.h"
#include "base/output.h"
#include "data/gaps.h"
#include "result/plan.h"

typedef struct wr {
    int oom;
} wr;

static void put(wr *w, co_json *obj, const char *key, co_json *v)
{
    co_json_put(&w->oom, obj, key, v);
}

/* A number (NaN and infinities as null where allowed, else left out). */
static void num(wr *w, co_json *obj, const char *key, double v, int nullable)
{
    if (isfinite(v) || nullable)
        put(w, obj, key, co_json_new_number(v));
}

static void cents(wr *w, co_json *obj, const char *key, int64_t c)
{
    if (c != CO_CENTS_NONE)
        put(w, obj, key, co_json_new_number(co_usd(c)));
}

/* Cents, null when not given. */
static void cents_or_null(wr *w, co_json *obj, const char *key, int64_t c)
{
    put(w, obj, key, c == CO_CENTS_NONE ? co_json_new_null() : co_json_new_number(co_usd(c)));
}

static void str(wr *w, co_json *obj, const char *key, const char *s, int nullable)
{
    if (s || nullable)
        put(w, obj, key, co_json_new_string(s));
}

static void count(wr *w, co_json *obj, const char *key, int n)
{
    if (n >= 0)
        put(w, obj, key, co_json_new_number(n));
}

/* true / false, or null for -1. */
static void yes_no(wr *w, co_json *obj, const char *key, int v)
{
    put(w, obj, key, v >= 0 ? co_json_new_bool(v) : co_json_new_null());
}

/* A new object or array added to obj under key (NULL when out of memory). */
static co_json *child(wr *w, co_json *obj, const char *key, co_json *v)
{
    put(w, obj, key, v);
    return w->oom ? NULL : v;
}

static void strings(wr *w, co_json *obj, const char *key, const char *const *v, int n)
{
    co_json *arr = child(w, obj, key, co_json_new_array());
    for (int i = 0; arr && i < n; i++)
        put(w, arr, NULL, co_json_new_string(v[i]));
}

static void allocations(wr *w, co_json *root, const co_plan *pl)
{
    co_json *arr = child(w, root, "allocations", co_json_new_array());
    for (int i = 0; arr && i < pl->n_allocs; i++) {
        const co_plan_alloc *a = &pl->allocs[i];
        co_json *o = child(w, arr, NULL, co_json_new_object());
        if (!o)
            return;
        str(w, o, "donor", a->donor, 0);
        str(w, o, "need", a->need, 0);
        str(w, o, "state", a->state, 0);
        str(w, o, "area", a->area, 0);
        if (a->year)
            count(w, o, "year", a->year);
        cents(w, o, "amount", a->cents);
        num(w, o, "weight", a->weight, 0);
        str(w, o, "purpose_code", a->purpose_code, 1);
    }
}

static void members(wr *w, co_json *coal, const co_plan_coalition *c)
{
    co_json *arr = child(w, coal, "members", co_json_new_array());
    for (int i = 0; arr && i < c->n_members; i++) {
        const co_plan_member *m = &c->members[i];
        co_json *o = child(w, arr, NULL, co_json_new_object());
        if (!o)
            return;
        str(w, o, "donor", m->donor, 0);
        cents(w, o, "amount", m->cents);
        if (!m->expertise)
            continue;
        co_json *e = child(w, o, "expertise", co_json_new_object());
        for (int k = 0; e && k < m->n_expertise; k++)
            num(w, e, m->expertise[k].area, m->expertise[k].level, 1);
    }
}

/* The names of the bits set in v, as a list of words. */
static void bit_words(wr *w, co_json *obj, const char *key, unsigned v,
                      const char *(*name)(unsigned))
{
    co_json *arr = child(w, obj, key, co_json_new_array());
    for (unsigned i = 0; arr && i < 32; i++)
        if (v & (1u << i))
            put(w, arr, NULL, co_json_new_string(name(1u << i)));
}

static void reasons(wr *w, co_json *obj, const co_plan_diagnosis *g)
{
    co_json *arr = child(w, obj, "reasons", co_json_new_array());
    for (int i = 0; arr && i < g->n_reasons; i++) {
        const co_plan_reason *r = &g->reasons[i];
        co_json *o = child(w, arr, NULL, co_json_new_object());
        if (!o)
            return;
        if (r->kind >= 0)
            str(w, o, "kind", co_dx_kind_name((enum co_dx_kind)r->kind), 0);
        str(w, o, "need", r->need, 1);
        num(w, o, "value", r->value, 1);
        co_json *items = r->items ? child(w, o, "items", co_json_new_array()) : NULL;
        for (int j = 0; items && j < r->n_items; j++) {
            const co_plan_dx_item *it = &r->items[j];
            co_json *io = child(w, items, NULL, co_json_new_object());
            if (!io)
                return;
            str(w, io, "donor", it->donor, 1);
            str(w, io, "need", it->need, 1);
            str(w, io, "area", it->area, 1);
            bit_words(w, io, "causes", it->causes, co_dx_cause_name);
            bit_words(w, io, "flags", it->flags, co_dx_flag_name);
            num(w, io, "value", it->value, 1);
            num(w, io, "versus", it->versus, 1);
            num(w, io, "aux", it->aux, 1);
            num(w, io, "w", it->w, 1);
            num(w, io, "floor", it->floor, 1);
        }
        str(w, o, "text", r->text, 1);
    }
}

/* [{"donor", "state"?, "amount"}] */
static void dx_seats(wr *w, co_json *obj, const char *key, const co_plan_dx_seat *v, int n,
                     int with_state)
{
    co_json *arr = v ? child(w, obj, key, co_json_new_array()) : NULL;
    for (int i = 0; arr && i < n; i++) {
        co_json *o = child(w, arr, NULL, co_json_new_object());
        if (!o)
            return;
        str(w, o, "donor", v[i].donor, 0);
        if (with_state)
            str(w, o, "state", v[i].state, 0);
        cents(w, o, "amount", v[i].cents);
    }
}

static void change(wr *w, co_json *obj, const co_plan_change *c)
{
    if (!c) {
        put(w, obj, "change", co_json_new_null());
        return;
    }
    co_json *o = child(w, obj, "change", co_json_new_object());
    if (!o)
        return;
    if (c->floor >= 0)
        str(w, o, "target", c->floor ? "coverage_floor" : "coalition", 0);
    str(w, o, "kind", c->kind >= 0 ? co_change_kind_name((enum co_change_kind)c->kind) : NULL, 1);
    str(w, o, "donor", c->donor, 1);
    if (c->needs)
        strings(w, o, "needs", c->needs, c->n_needs);
    num(w, o, "from", c->from, 1);
    num(w, o, "to", c->to, 1);
    cents_or_null(w, o, "gets", c->gets);
    dx_seats(w, o, "joins", c->joins, c->n_joins, 0);
    co_json *arr = c->losses ? child(w, o, "losses", co_json_new_array()) : NULL;
    for (int i = 0; arr && i < c->n_losses; i++) {
        co_json *l = child(w, arr, NULL, co_json_new_object());
        if (!l)
            return;
        str(w, l, "state", c->losses[i].state, 0);
        cents(w, l, "before", c->losses[i].before);
        cents(w, l, "after", c->losses[i].after);
    }
    dx_seats(w, o, "leaves", c->leaves, c->n_leaves, 1);
    yes_no(w, o, "proved", c->proved);
    yes_no(w, o, "exact", c->exact);
    co_json *t = child(w, o, "tried", co_json_new_object());
    for (int k = 0; t && k < CO_CHANGE_KINDS; k++)
        if (c->tried[k] >= 0)
            str(w, t, co_change_kind_name((enum co_change_kind)k),
                co_try_name((enum co_try)c->tried[k]), 0);
    str(w, o, "text", c->text, 1);
}

/* coalitions[].diagnosis: an object, null (nothing to say), or left out
 * (not given). */
static void diagnosis(wr *w, co_json *coal, const co_plan_coalition *c)
{
    if (c->diagnosed < 0)
        return;
    if (c->diagnosed == 0) {
        put(w, coal, "diagnosis", co_json_new_null());
        return;
    }
    co_json *o = child(w, coal, "diagnosis", co_json_new_object());
    if (!o)
        return;
    if (c->diagnosis.reasons)
        reasons(w, o, &c->diagnosis);
    change(w, o, c->diagnosis.change);
}

static void coalitions(wr *w, co_json *root, const co_plan *pl)
{
    co_json *arr = child(w, root, "coalitions", co_json_new_array());
    for (int s = 0; arr && s < pl->n_coalitions; s++) {
        const co_plan_coalition *c = &pl->coalitions[s];
        co_json *o = child(w, arr, NULL, co_json_new_object());
        if (!o)
            return;
        str(w, o, "state", c->state, 0);
        str(w, o, "name", c->name, 1);
        str(w, o, "iso3", c->iso3, 1);
        str(w, o, "lead", c->lead, 1);
        if (c->members)
            members(w, o, c);
        num(w, o, "requested", c->requested, 0);
        cents(w, o, "allocated", c->allocated);
        num(w, o, "coverage", c->coverage, 1);
        num(w, o, "urgency", c->urgency, 0);
        num(w, o, "marginal_value", c->marginal_value, 1);
        diagnosis(w, o, c);
    }
}

static void donors(wr *w, co_json *root, const co_plan *pl)
{
    co_json *arr = child(w, root, "donors", co_json_new_array());
    for (int d = 0; arr && d < pl->n_donors; d++) {
        const co_plan_donor *r = &pl->donors[d];
        co_json *o = child(w, arr, NULL, co_json_new_object());
        if (!o)
            return;
        str(w, o, "donor", r->donor, 0);
        str(w, o, "name", r->name, 1);
        num(w, o, "budget", r->budget, 0);
        cents(w, o, "allocated", r->allocated);
        num(w, o, "utilisation", r->utilisation, 1);
        if (r->states)
            strings(w, o, "states", r->states, r->n_states);
        num(w, o, "marginal_value", r->marginal_value, 1);
        if (isnan(r->range_from)) {
            put(w, o, "marginal_range", co_json_new_null());
        } else {
            co_json *rg = child(w, o, "marginal_range", co_json_new_object());
            num(w, rg, "from", r->range_from, 1);
            num(w, rg, "to", r->range_to, 1); /* null: no upper limit */
        }
        co_json *by = r->by_year ? child(w, o, "by_year", co_json_new_array()) : NULL;
        for (int t = 0; by && t < r->n_by_year; t++) {
            const co_plan_donor_year *y = &r->by_year[t];
            co_json *e = child(w, by, NULL, co_json_new_object());
            count(w, e, "year", y->year);
            num(w, e, "budget", y->budget, 0);
            cents(w, e, "allocated", y->allocated);
            num(w, e, "marginal_value", y->marginal_value, 1);
        }
    }
}

/* needs[].evidence_value: an object, null (surveyed, or nothing asked),
 * or left out (not given). */
static void evidence_value(wr *w, co_json *need, const co_plan_need *nd)
{
    if (nd->has_evidence_value < 0)
        return;
    if (nd->has_evidence_value == 0) {
        put(w, need, "evidence_value", co_json_new_null());
        return;
    }
    const co_plan_evidence_value *e = &nd->evidence_value;
    co_json *o = child(w, need, "evidence_value", co_json_new_object());
    if (!o)
        return;
    yes_no(w, o, "tried", e->tried);
    cents_or_null(w, o, "moves", e->moves);
    cents_or_null(w, o, "allocated_if_surveyed", e->if_surveyed);
    yes_no(w, o, "proved", e->proved);
    str(w, o, "text", e->text, 1);
}

static void needs(wr *w, co_json *root, const co_plan *pl)
{
    co_json *arr = child(w, root, "needs", co_json_new_array());
    for (int n = 0; arr && n < pl->n_needs; n++) {
        const co_plan_need *nd = &pl->needs[n];
        co_json *o = child(w, arr, NULL, co_json_new_object());
        if (!o)
            return;
        str(w, o, "need", nd->need, 0);
        str(w, o, "state", nd->state, 0);
        str(w, o, "area", nd->area, 0);
        num(w, o, "requested", nd->requested, 0);
        cents(w, o, "allocated", nd->allocated);
        cents(w, o, "unmet", nd->unmet);
        num(w, o, "urgency", nd->urgency, 0);
        num(w, o, "evidence", nd->evidence, 0);
        str(w, o, "deadline", nd->deadline, 1);
        str(w, o, "original_deadline", nd->original_deadline, 1);
        num(w, o, "days_left", nd->days_left, 1);
        num(w, o, "marginal_value", nd->marginal_value, 1);
        evidence_value(w, o, nd);
        co_json *by = nd->by_year ? child(w, o, "by_year", co_json_new_array()) : NULL;
        for (int t = 0; by && t < nd->n_by_year; t++) {
            const co_plan_need_year *y = &nd->by_year[t];
            co_json *e = child(w, by, NULL, co_json_new_object());
            count(w, e, "year", y->year);
            cents(w, e, "allocated", y->allocated);
            num(w, e, "units_done", y->units_done, 1);
            num(w, e, "units_left", y->units_left, 1);
        }
    }
}

/* A calendar year, or null for 0 (none). */
static void year(wr *w, co_json *obj, const char *key, int t)
{
    put(w, obj, key, t ? co_json_new_number(t) : co_json_new_null());
}

/* true or false; nothing when b < 0 (not known) */
static void yes_no_given(wr *w, co_json *obj, const char *key, int b)
{
    if (b >= 0)
        put(w, obj, key, co_json_new_bool(b));
}

/* MULTIYEAR.md "Reporting": the fields of the contract in its order, then
 * the project's (what is required and possible by the deadline, the work
 * unit). A field of the plan's part is left out without a plan; the LPs'
 * fields are null when they were not solved. */
static void deadlines(wr *w, co_json *root, const co_plan *pl)
{
    co_json *arr = child(w, root, "deadlines", co_json_new_array());
    for (int i = 0; arr && i < pl->n_deadlines; i++) {
        const co_plan_deadline *e = &pl->deadlines[i];
        co_json *o = child(w, arr, NULL, co_json_new_object());
        if (!o)
            return;
        str(w, o, "need", e->need, 0);
        str(w, o, "state", e->state, 0);
        str(w, o, "deadline", e->deadline, 1);
        if (e->deadline_year)
            put(w, o, "deadline_year", co_json_new_number(e->deadline_year));
        yes_no_given(w, o, "overdue", e->overdue);
        if (e->has_plan) {
            cents(w, o, "placed_by_deadline", e->placed);
            year(w, o, "completion_year", e->completion_year);
            yes_no_given(w, o, "on_time", e->on_time);
        }
        if (e->analysed)
            cents(w, o, "best_case_by_deadline", e->best_case);
        else
            put(w, o, "best_case_by_deadline", co_json_new_null());
        year(w, o, "earliest_completion_year", e->analysed ? e->earliest_year : 0);
        yes_no_given(w, o, "capacity_limited", e->capacity_limited);
        cents(w, o, "capacity_missing", e->capacity_missing);
        num(w, o, "capacity_missing_units", e->capacity_missing_units, 1);
        if (e->analysed && e->gaps) {
            co_json *g = child(w, o, "gap_by_year", co_json_new_array());
            for (int k = 0; g && k < e->n_gaps; k++) {
                co_json *y = child(w, g, NULL, co_json_new_object());
                if (!y)
                    return;
                put(w, y, "year", co_json_new_number(e->gaps[k].year));
                cents(w, y, "amount", e->gaps[k].cents);
                /* "gap": the same figure under the name earlier plans and
                 * checkers read (MODEL-NOTES "The deadlines list") */
                cents(w, y, "gap", e->gaps[k].cents);
            }
        } else {
            put(w, o, "gap_by_year", co_json_new_null());
        }
        str(w, o, "requested_deadline", e->requested_deadline, 1);
        str(w, o, "extension_check", e->extension_check, 1);
        num(w, o, "required_by_deadline", e->required, 0);
        num(w, o, "capacity_by_deadline", e->capacity, 1); /* null: no limit */
        str(w, o, "unit", e->unit, 1);
        num(w, o, "units_remaining", e->units_remaining, 1);
        num(w, o, "units_per_year", e->units_per_year, 1);
    }
}

static void data_gaps(wr *w, co_json *root, const co_plan *pl)
{
    co_json *arr = child(w, root, "data_gaps", co_json_new_array());
    for (int i = 0; arr && i < pl->n_gaps; i++) {
        const co_plan_gap *g = &pl->gaps[i];
        co_json *o = child(w, arr, NULL, co_json_new_object());
        if (!o)
            return;
        if (g->kind >= 0)
            str(w, o, "kind", co_gap_kind_name((enum co_gap_kind)g->kind), 0);
        str(w, o, "need", g->need, 1);
        str(w, o, "state", g->state, 1);
        str(w, o, "donor", g->donor, 1);
        str(w, o, "text", g->text, 1);
    }
}

/* Seats as [{"donor": .., "state": ..}]. */
static void seats(wr *w, co_json *obj, const char *key, const co_plan_seat *v, int n)
{
    co_json *arr = child(w, obj, key, co_json_new_array());
    for (int i = 0; arr && i < n; i++) {
        co_json *o = child(w, arr, NULL, co_json_new_object());
        if (!o)
            return;
        str(w, o, "donor", v[i].donor, 0);
        str(w, o, "state", v[i].state, 0);
    }
}

/* The what-if parts: baseline, explanation, alternatives (null when none). */
static void whatif(wr *w, co_json *root, const co_plan *pl)
{
    num(w, root, "price_of_fairness", pl->price_of_fairness, 1);
    if (pl->baseline.given) {
        co_json *b = child(w, root, "baseline", co_json_new_object());
        if (b) {
            str(w, b, "source", pl->baseline.source, 1);
            num(w, b, "stability_weight", pl->baseline.stability_weight, 0);
            if (pl->baseline.keep_pledges >= 0)
                put(w, b, "keep_pledges", co_json_new_bool(pl->baseline.keep_pledges));
            count(w, b, "seats_added", pl->baseline.added);
            count(w, b, "seats_removed", pl->baseline.removed);
            num(w, b, "penalty", pl->baseline.penalty, 0);
        }
    } else {
        put(w, root, "baseline", co_json_new_null());
    }
    if (pl->explanation.n_conflicts) {
        co_json *e = child(w, root, "explanation", co_json_new_object());
        if (e) {
            strings(w, e, "conflicts", pl->explanation.conflicts, pl->explanation.n_conflicts);
            strings(w, e, "fixes", pl->explanation.fixes, pl->explanation.n_fixes);
        }
    } else {
        put(w, root, "explanation", co_json_new_null());
    }
    if (pl->alternatives.given) {
        co_json *a = child(w, root, "alternatives", co_json_new_object());
        num(w, a, "within", pl->alternatives.within, 0);
        co_json *arr = a ? child(w, a, "plans", co_json_new_array()) : NULL;
        for (int i = 0; arr && i < pl->alternatives.n; i++) {
            const co_plan_alternative *al = &pl->alternatives.plans[i];
            co_json *o = child(w, arr, NULL, co_json_new_object());
            if (!o)
                return;
            count(w, o, "rank", al->rank);
            num(w, o, "total", al->total, 0);
            num(w, o, "below_best", al->below_best, 0);
            cents(w, o, "allocated", al->allocated);
            count(w, o, "seats", al->seats);
            seats(w, o, "seats_added", al->added, al->n_added);
            seats(w, o, "seats_removed", al->removed, al->n_removed);
        }
    } else {
        put(w, root, "alternatives", co_json_new_null());
    }
}

/* Where the plan comes from: engine, dataset, scenario, as_of, parameters. */
static void head(wr *w, co_json *root, const co_plan *pl, int with_scenario)
{
    co_json *eng = child(w, root, "engine", co_json_new_object());
    str(w, eng, "name", pl->engine, 0);
    str(w, eng, "version", pl->version, 0);
    str(w, eng, "solver", pl->solver, 0);
    co_json *dso = child(w, root, "dataset", co_json_new_object());
    str(w, dso, "name", pl->dataset_name, 1);
    str(w, dso, "sha256", pl->dataset_sha256, 0);
    if (with_scenario)
        str(w, root, "scenario", pl->scenario, 1);
    str(w, root, "as_of", pl->as_of, 0);
    if (pl->years_first) {
        co_json *yr = child(w, root, "years", co_json_new_object());
        count(w, yr, "first", pl->years_first);
        count(w, yr, "last", pl->years_last);
    }
    co_json *par = child(w, root, "parameters", co_json_new_object());
    for (int i = 0; par && i < pl->n_params; i++)
        num(w, par, pl->params[i].name, pl->params[i].value, 0);
}

/* The tree as text into *out (frees root). */
static int finish(wr *w, co_json *root, char **out, co_diag *dg)
{
    if (!root || w->oom) {
        co_json_free(root);
        co_err(dg, "out of memory writing the plan");
        return CO_EINTERNAL;
    }
    co_buf b;
    co_buf_init(&b);
    co_json_write(root, 0, &b);
    co_buf_put(&b, "\n", 1);
    co_json_free(root);
    if (b.oom) {
        co_buf_release(&b);
        co_err(dg, "out of memory writing the plan");
        return CO_EINTERNAL;
    }
    *out = b.data;
    return CO_OK;
}

int co_plan_to_json(const co_plan *pl, char **out, co_diag *dg)
{
    wr w = {0};
    *out = NULL;
    co_json *root = co_json_new_object();
    if (!root)
        return finish(&w, root, out, dg);
    head(&w, root, pl, 1);
    if (pl->has_status)
        str(&w, root, "status", co_status_name(pl->status), 0);
    num(&w, root, "bound", pl->bound, 1);
    num(&w, root, "gap", pl->gap, 1);
    co_json *obj = child(&w, root, "objective", co_json_new_object());
    num(&w, obj, "total", pl->total, 0);
    num(&w, obj, "value", pl->value, 0);
    num(&w, obj, "coordination_cost", pl->coordination_cost, 0);
    num(&w, obj, "shortfall_penalty", pl->shortfall_penalty, 0);
    count(&w, obj, "seats", pl->seats);
    num(&w, obj, "model_total", pl->model_total, 0);
    put(&w, root, "marginal_values_unique",
        pl->marginal_unique >= 0 ? co_json_new_bool(pl->marginal_unique) : co_json_new_null());
    whatif(&w, root, pl);
    if (pl->allocs)
        allocations(&w, root, pl);
    if (pl->coalitions)
        coalitions(&w, root, pl);
    if (pl->donors)
        donors(&w, root, pl);
    if (pl->needs)
        needs(&w, root, pl);
    if (pl->deadlines)
        deadlines(&w, root, pl);
    if (pl->gaps)
        data_gaps(&w, root, pl);
    co_json *t = child(&w, root, "timing", co_json_new_object());
    num(&w, t, "load_s", pl->load_s, 0);
    num(&w, t, "build_s", pl->build_s, 0);
    num(&w, t, "solve_s", pl->solve_s, 0);
    num(&w, t, "diagnose_s", pl->diagnose_s, 0);
    num(&w, t, "elapsed_s", pl->elapsed_s, 0);
    num(&w, t, "limit_s", pl->limit_s, 0);
    if (pl->skipped)
        strings(&w, t, "skipped", pl->skipped, pl->n_skipped);
    count(&w, t, "rows", pl->rows);
    count(&w, t, "cols", pl->cols);
    count(&w, t, "nonzeros", pl->nonzeros);
    count(&w, t, "integer_cols", pl->integer_cols);
    return finish(&w, root, out, dg);
}

int co_plan_analysis_to_json(const co_plan *pl, char **out, co_diag *dg)
{
    wr w = {0};
    *out = NULL;
    co_json *root = co_json_new_object();
    if (!root)
        return finish(&w, root, out, dg);
    head(&w, root, pl, 0);
    if (pl->deadlines)
        deadlines(&w, root, pl);
    else
        put(&w, root, "deadlines", co_json_new_array());
    return finish(&w, root, out, dg);
}
