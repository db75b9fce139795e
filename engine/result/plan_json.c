/*
 * plan_json.c: writes a plan as the JSON document of docs/FORMATS.md with
 * cJSON. Field order is fixed and lists are in the plan's sorted order, so
 * the same plan always gives the same bytes (timing aside).
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/output.h"
#include "result/plan.h"
#include "base/util.h"

static cJSON *num_or_null(double v)
{
    return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static void add(cJSON *obj, const char *key, cJSON *v)
{
    cJSON_AddItemToObject(obj, key, v);
}

static cJSON *str_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *params_json(const co_params *p)
{
    cJSON *o = cJSON_CreateObject();
    for (int i = 1; i < co_param_count(); i++)
        add(o, co_param_name(i), cJSON_CreateNumber(co_param_get(p, i)));
    add(o, "time_limit", cJSON_CreateNumber(p->time_limit));
    add(o, "mip_gap", cJSON_CreateNumber(p->mip_gap));
    return o;
}

static cJSON *allocations_json(const co_plan *pl)
{
    const co_dataset *ds = pl->ds;
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < pl->n_allocs; i++) {
        const co_alloc *a = &pl->allocs[i];
        const co_need *n = &ds->needs[a->n];
        cJSON *o = cJSON_CreateObject();
        add(o, "donor", cJSON_CreateString(ds->donors[a->d].id));
        add(o, "need", cJSON_CreateString(n->id));
        add(o, "state", cJSON_CreateString(n->state));
        add(o, "area", cJSON_CreateString(n->area));
        add(o, "amount", cJSON_CreateNumber(co_usd(a->cents)));
        add(o, "weight", cJSON_CreateNumber(a->w));
        add(o, "purpose_code", str_or_null(co_area_crs_code(ds, n->a)));
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

/* A member's expertise in each area it funds in State s: {area: level}. */
static cJSON *member_expertise(const co_plan *pl, int s, int d)
{
    const co_dataset *ds = pl->ds;
    cJSON *o = cJSON_CreateObject();
    for (int i = 0; i < pl->n_allocs; i++) {
        const co_alloc *a = &pl->allocs[i];
        int area = ds->needs[a->n].a;
        if (a->d != d || ds->needs[a->n].s != s ||
            cJSON_GetObjectItemCaseSensitive(o, ds->areas[area].id))
            continue;
        add(o, ds->areas[area].id, cJSON_CreateNumber(co_inst_expertise(&pl->in, d, area)));
    }
    return o;
}

static cJSON *coalitions_json(const co_plan *pl)
{
    const co_dataset *ds = pl->ds;
    cJSON *arr = cJSON_CreateArray();
    for (int s = 0; s < pl->in.ns; s++) {
        const co_coalition *c = &pl->coalitions[s];
        cJSON *o = cJSON_CreateObject();
        add(o, "state", cJSON_CreateString(ds->states[s].id));
        add(o, "name", str_or_null(ds->states[s].name));
        add(o, "iso3", str_or_null(ds->states[s].iso3));
        add(o, "lead", str_or_null(c->lead >= 0 ? ds->donors[c->lead].id : NULL));
        cJSON *mem = cJSON_CreateArray();
        for (int i = 0; i < c->n_members; i++) {
            cJSON *m = cJSON_CreateObject();
            add(m, "donor", cJSON_CreateString(ds->donors[c->members[i].d].id));
            add(m, "amount", cJSON_CreateNumber(co_usd(c->members[i].cents)));
            add(m, "expertise", member_expertise(pl, s, c->members[i].d));
            cJSON_AddItemToArray(mem, m);
        }
        add(o, "members", mem);
        add(o, "requested", cJSON_CreateNumber(c->requested));
        add(o, "allocated", cJSON_CreateNumber(co_usd(c->allocated)));
        add(o, "coverage", num_or_null(c->requested > 0 ? co_usd(c->allocated) / c->requested : NAN));
        add(o, "urgency", cJSON_CreateNumber(c->urgency));
        add(o, "marginal_value", num_or_null(c->marginal_value));
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static cJSON *donors_json(const co_plan *pl)
{
    const co_dataset *ds = pl->ds;
    cJSON *arr = cJSON_CreateArray();
    for (int d = 0; d < pl->in.nd; d++) {
        const co_donor_result *r = &pl->donors[d];
        double budget = ds->donors[d].budget;
        cJSON *o = cJSON_CreateObject();
        add(o, "donor", cJSON_CreateString(ds->donors[d].id));
        add(o, "name", str_or_null(ds->donors[d].name));
        add(o, "budget", cJSON_CreateNumber(budget));
        add(o, "allocated", cJSON_CreateNumber(co_usd(r->allocated)));
        add(o, "utilisation", num_or_null(budget > 0 ? co_usd(r->allocated) / budget : NAN));
        cJSON *st = cJSON_CreateArray();
        for (int i = 0; i < r->n_states; i++)
            cJSON_AddItemToArray(st, cJSON_CreateString(ds->states[r->states[i]].id));
        add(o, "states", st);
        add(o, "marginal_value", num_or_null(r->marginal_value));
        if (isnan(r->budget_lo)) {
            add(o, "marginal_range", cJSON_CreateNull());
        } else {
            cJSON *rg = cJSON_CreateObject();
            add(rg, "from", num_or_null(r->budget_lo));
            add(rg, "to", num_or_null(r->budget_hi)); /* null: no upper limit */
            add(o, "marginal_range", rg);
        }
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static cJSON *needs_json(const co_plan *pl)
{
    const co_dataset *ds = pl->ds;
    cJSON *arr = cJSON_CreateArray();
    for (int n = 0; n < pl->in.nn; n++) {
        const co_need *nd = &ds->needs[n];
        double R = pl->in.R[n], got = co_usd(pl->needs[n].allocated);
        cJSON *o = cJSON_CreateObject();
        add(o, "need", cJSON_CreateString(nd->id));
        add(o, "state", cJSON_CreateString(nd->state));
        add(o, "area", cJSON_CreateString(nd->area));
        add(o, "requested", cJSON_CreateNumber(R));
        add(o, "allocated", cJSON_CreateNumber(got));
        /* unmet in cents, so that requested = allocated + unmet exactly */
        add(o, "unmet", cJSON_CreateNumber(co_usd(llround(R * 100.0) - pl->needs[n].allocated)));
        add(o, "urgency", cJSON_CreateNumber(pl->in.u[n]));
        add(o, "evidence", cJSON_CreateNumber(nd->evidence));
        add(o, "deadline", str_or_null(nd->deadline));
        add(o, "original_deadline", str_or_null(nd->original_deadline));
        add(o, "days_left", nd->deadline ? cJSON_CreateNumber((double)pl->in.days_left[n])
                                         : cJSON_CreateNull());
        add(o, "marginal_value", num_or_null(pl->needs[n].marginal_value));
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

static cJSON *strings_json(char *const *v, int n)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        cJSON_AddItemToArray(arr, cJSON_CreateString(v[i]));
    return arr;
}

/* Seats (instance indexes) as [{"donor": .., "state": ..}]. */
static cJSON *seats_json(const co_plan *pl, const int *seats, int n)
{
    cJSON *arr = cJSON_CreateArray();
    for (int i = 0; i < n; i++) {
        const co_seat *st = &pl->in.seats[seats[i]];
        cJSON *o = cJSON_CreateObject();
        add(o, "donor", cJSON_CreateString(pl->ds->donors[st->d].id));
        add(o, "state", cJSON_CreateString(pl->ds->states[st->s].id));
        cJSON_AddItemToArray(arr, o);
    }
    return arr;
}

/* The what-if parts: baseline, explanation, alternatives (null when none). */
static void whatif_json(const co_plan *pl, cJSON *root)
{
    add(root, "price_of_fairness", num_or_null(pl->price_of_fairness));
    if (pl->baseline.source) {
        cJSON *b = cJSON_CreateObject();
        add(b, "source", cJSON_CreateString(pl->baseline.source));
        add(b, "stability_weight", cJSON_CreateNumber(pl->in.p.stability_weight));
        add(b, "keep_pledges", cJSON_CreateBool(pl->baseline.keep_pledges));
        add(b, "seats_added", cJSON_CreateNumber(pl->baseline.added));
        add(b, "seats_removed", cJSON_CreateNumber(pl->baseline.removed));
        add(b, "penalty", cJSON_CreateNumber(pl->baseline.penalty));
        add(root, "baseline", b);
    } else {
        add(root, "baseline", cJSON_CreateNull());
    }
    if (pl->explanation.n_conflicts) {
        cJSON *e = cJSON_CreateObject();
        add(e, "conflicts", strings_json(pl->explanation.conflicts, pl->explanation.n_conflicts));
        add(e, "fixes", strings_json(pl->explanation.fixes, pl->explanation.n_fixes));
        add(root, "explanation", e);
    } else {
        add(root, "explanation", cJSON_CreateNull());
    }
    if (pl->alts) {
        cJSON *a = cJSON_CreateObject();
        add(a, "within", cJSON_CreateNumber(pl->within));
        cJSON *arr = cJSON_CreateArray();
        for (int i = 0; i < pl->n_alts; i++) {
            const co_alternative *al = &pl->alts[i];
            cJSON *o = cJSON_CreateObject();
            add(o, "rank", cJSON_CreateNumber(i + 2));
            add(o, "total", cJSON_CreateNumber(al->total));
            add(o, "below_best", cJSON_CreateNumber(pl->total - al->total));
            add(o, "allocated", cJSON_CreateNumber(co_usd(al->allocated)));
            add(o, "seats", cJSON_CreateNumber(al->seats));
            add(o, "seats_added", seats_json(pl, al->added, al->n_added));
            add(o, "seats_removed", seats_json(pl, al->removed, al->n_removed));
            cJSON_AddItemToArray(arr, o);
        }
        add(a, "plans", arr);
        add(root, "alternatives", a);
    } else {
        add(root, "alternatives", cJSON_CreateNull());
    }
}

int co_plan_to_json(const co_plan *pl, char **out, co_diag *dg)
{
    *out = NULL;
    const co_dataset *ds = pl->ds;
    cJSON *root = cJSON_CreateObject();
    if (!root)
        goto oom;
    cJSON *eng = cJSON_CreateObject();
    add(eng, "name", cJSON_CreateString("coalitions"));
    add(eng, "version", cJSON_CreateString(CO_VERSION));
    char solver[64];
    snprintf(solver, sizeof solver, "GLPK %s", co_solver_version());
    add(eng, "solver", cJSON_CreateString(solver));
    add(root, "engine", eng);
    cJSON *dso = cJSON_CreateObject();
    add(dso, "name", str_or_null(ds->name));
    add(dso, "sha256", cJSON_CreateString(ds->sha256));
    add(root, "dataset", dso);
    add(root, "scenario", str_or_null(pl->scenario));
    add(root, "as_of", cJSON_CreateString(pl->in.p.as_of));
    add(root, "parameters", params_json(&pl->in.p));
    add(root, "status", cJSON_CreateString(co_status_name(pl->status)));
    add(root, "bound", num_or_null(pl->bound));
    add(root, "gap", num_or_null(pl->gap));
    cJSON *obj = cJSON_CreateObject();
    add(obj, "total", cJSON_CreateNumber(pl->total));
    add(obj, "value", cJSON_CreateNumber(pl->value));
    add(obj, "coordination_cost", cJSON_CreateNumber(pl->coordination_cost));
    add(obj, "shortfall_penalty", cJSON_CreateNumber(pl->shortfall_penalty));
    add(obj, "seats", cJSON_CreateNumber(pl->seats));
    add(root, "objective", obj);
    add(root, "marginal_values_unique",
        pl->marginal_available ? cJSON_CreateBool(!pl->degenerate) : cJSON_CreateNull());
    whatif_json(pl, root);
    add(root, "allocations", allocations_json(pl));
    add(root, "coalitions", coalitions_json(pl));
    add(root, "donors", donors_json(pl));
    add(root, "needs", needs_json(pl));
    cJSON *t = cJSON_CreateObject();
    add(t, "load_s", cJSON_CreateNumber(pl->load_s));
    add(t, "build_s", cJSON_CreateNumber(pl->build_s));
    add(t, "solve_s", cJSON_CreateNumber(pl->solve_s));
    add(t, "elapsed_s", cJSON_CreateNumber(pl->elapsed_s));
    add(t, "limit_s", cJSON_CreateNumber(pl->in.p.time_limit));
    cJSON *sk = cJSON_CreateArray();
    for (unsigned bit = 1; bit < CO_SKIP_END; bit <<= 1)
        if (pl->skipped & bit)
            cJSON_AddItemToArray(sk, cJSON_CreateString(co_skip_text(bit)));
    add(t, "skipped", sk);
    add(t, "rows", cJSON_CreateNumber(pl->rows));
    add(t, "cols", cJSON_CreateNumber(pl->cols));
    add(t, "nonzeros", cJSON_CreateNumber(pl->nonzeros));
    add(t, "integer_cols", cJSON_CreateNumber(pl->integer_cols));
    add(root, "timing", t);
    co_buf b;
    co_buf_init(&b);
    co_json_write(root, 0, &b);
    co_buf_put(&b, "\n", 1);
    cJSON_Delete(root);
    if (b.oom) {
        co_buf_release(&b);
        goto oom;
    }
    *out = b.data;
    return CO_OK;
oom:
    co_err(dg, "out of memory writing the plan");
    return CO_EINTERNAL;
}
