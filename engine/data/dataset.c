/*
 * dataset.c: lifecycle of the in-memory dataset, lookups by id, area codes
 * and the effective parameters of a run. Checking values is validate.c's
 * job; reading and choosing a loader is engine/io's.
 */
#include "data/dataset.h"

#include <stdlib.h>
#include <stdint.h>
#include <string.h>

#include "base/util.h"

void co_dataset_init(co_dataset *ds)
{
    memset(ds, 0, sizeof *ds);
}

static void area_value_release(co_area_value *v, int n)
{
    for (int i = 0; i < n; i++) {
        free(v[i].area);
        free(v[i].area_field);
        free(v[i].value_field);
        co_where_release(&v[i].where);
    }
    free(v);
}

static void refs_release(co_ref *r, int n)
{
    for (int i = 0; i < n; i++) {
        free(r[i].id);
        free(r[i].field);
        co_where_release(&r[i].where);
    }
    free(r);
}

void co_dataset_release(co_dataset *ds)
{
    if (!ds)
        return;
    for (int i = 0; i < ds->n_areas; i++) {
        free(ds->areas[i].id);
        free(ds->areas[i].name);
        free(ds->areas[i].crs_code);
        co_where_release(&ds->areas[i].where);
    }
    for (int i = 0; i < ds->n_states; i++) {
        free(ds->states[i].id);
        free(ds->states[i].name);
        free(ds->states[i].iso3);
        co_where_release(&ds->states[i].where);
    }
    for (int i = 0; i < ds->n_donors; i++) {
        co_donor *d = &ds->donors[i];
        free(d->id);
        free(d->name);
        area_value_release(d->expertise, d->n_expertise);
        area_value_release(d->area_budget, d->n_area_budget);
        refs_release(d->excluded, d->n_excluded);
        refs_release(d->priority, d->n_priority);
        co_where_release(&d->where);
    }
    for (int i = 0; i < ds->n_needs; i++) {
        co_need *n = &ds->needs[i];
        free(n->id);
        free(n->state);
        free(n->area);
        free(n->evidence_text);
        free(n->deadline);
        free(n->original_deadline);
        free(n->secured_by);
        free(n->note);
        co_where_release(&n->where);
    }
    for (int i = 0; i < ds->n_params; i++)
        co_param_text_release(&ds->params[i]);
    free(ds->areas);
    free(ds->states);
    free(ds->donors);
    free(ds->needs);
    free(ds->params);
    free(ds->source);
    free(ds->name);
    free(ds->as_of);
    free(ds->currency);
    co_where_release(&ds->as_of_where);
    co_dataset_init(ds);
}

void co_dataset_free(co_dataset *ds)
{
    co_dataset_release(ds);
    free(ds);
}

/* Binary search over a list sorted by id; `stride` is the item size and
 * the id is the first member of every item struct. */
static int find_sorted(const void *base, int n, size_t stride, const char *id)
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        const char *mid_id = *(char *const *)((const char *)base + (size_t)mid * stride);
        int c = strcmp(mid_id, id);
        if (c == 0)
            return mid;
        if (c < 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

int co_find_area(const co_dataset *ds, const char *id)
{
    return find_sorted(ds->areas, ds->n_areas, sizeof *ds->areas, id);
}
int co_find_state(const co_dataset *ds, const char *id)
{
    return find_sorted(ds->states, ds->n_states, sizeof *ds->states, id);
}
int co_find_donor(const co_dataset *ds, const char *id)
{
    return find_sorted(ds->donors, ds->n_donors, sizeof *ds->donors, id);
}
int co_find_need(const co_dataset *ds, const char *id)
{
    return find_sorted(ds->needs, ds->n_needs, sizeof *ds->needs, id);
}

/* CRS purpose codes of the areas the Convention names (docs/CODES.md):
 * 15250 "Removal of land mines and explosive remnants of war" covers
 * clearance, stockpile destruction, risk education and victim assistance;
 * national legislation is 15130 "Legal and judicial development". */
const char *co_area_crs_code(const co_dataset *ds, int a)
{
    static const char *const known[][2] = {
        {"clearance", "15250"},         {"stockpile", "15250"},
        {"risk_education", "15250"},    {"victim_assistance", "15250"},
        {"legislation", "15130"},
    };
    if (a < 0 || a >= ds->n_areas)
        return NULL;
    if (ds->areas[a].crs_code)
        return ds->areas[a].crs_code;
    for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
        if (ds->areas[a].id && strcmp(ds->areas[a].id, known[i][0]) == 0)
            return known[i][1];
    return NULL;
}

int co_params_resolve(const co_dataset *ds, const co_run_options *ro, co_params *out,
                      co_diag *dg)
{
    int rc = CO_OK;
    co_params_defaults(out);
    if (ds && ds->as_of) {
        co_param_text t = {.name = (char *)(uintptr_t) "as_of", .text = ds->as_of};
        if (co_param_apply(out, &t, &ds->as_of_where, NULL, dg) != CO_OK)
            rc = CO_EINPUT;
    }
    for (int i = 0; ds && i < ds->n_params; i++)
        if (co_param_apply(out, &ds->params[i], &ds->params[i].where, ds->params[i].name,
                          dg) != CO_OK)
            rc = CO_EINPUT;
    if (ro) {
        for (int i = 0; i < ro->n_sets; i++) {
            co_where w = {.text = (char *)(uintptr_t) "--set", .sep = ':'};
            if (co_param_apply(out, &ro->sets[i], &w, ro->sets[i].name, dg) != CO_OK)
                rc = CO_EUSAGE;
        }
        out->time_limit = ro->time_limit;
        out->mip_gap = ro->mip_gap;
    }
    return rc;
}
