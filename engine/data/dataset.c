/*
 * dataset.c: the in-memory dataset's start of life, lookups by id, area
 * codes and the effective parameters of a run. Releasing and copying walk
 * the schema (schema.c); checking values is validate.c's job; reading and
 * choosing a loader is engine/io's.
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

/* co_dataset_release and co_dataset_free walk the table: schema.c. */

void co_dataset_counts(const co_dataset *ds, int *areas, int *states, int *donors, int *needs)
{
    if (areas)
        *areas = ds->n_areas;
    if (states)
        *states = ds->n_states;
    if (donors)
        *donors = ds->n_donors;
    if (needs)
        *needs = ds->n_needs;
}

/* key: the id sought; item: a list item, whose first member is its id */
static int cmp_id(const void *key, const void *item)
{
    return strcmp(*(const char *const *)key, *(const char *const *)item);
}

int co_find_sorted(const void *base, int n, size_t stride, const char *id)
{
    return co_bsearch(base, n, stride, &id, cmp_id);
}

int co_find_area(const co_dataset *ds, const char *id)
{
    return co_find_sorted(ds->areas, ds->n_areas, sizeof *ds->areas, id);
}
int co_find_state(const co_dataset *ds, const char *id)
{
    return co_find_sorted(ds->states, ds->n_states, sizeof *ds->states, id);
}
int co_find_donor(const co_dataset *ds, const char *id)
{
    return co_find_sorted(ds->donors, ds->n_donors, sizeof *ds->donors, id);
}
int co_find_need(const co_dataset *ds, const char *id)
{
    return co_find_sorted(ds->needs, ds->n_needs, sizeof *ds->needs, id);
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
            if (co_param_apply(out, &ro->sets[i], &w, ro->sets[i].name, dg) != CO_OK) {
                rc = CO_EUSAGE;
            } else if (ds && ds->has_years && strcmp(ro->sets[i].name, "as_of") == 0 &&
                       ds->years.first < atoi(out->as_of)) {
                /* MULTIYEAR.md "Years": first >= year(as_of), as the
                 * dataset's own as_of is checked (schema.c) */
                co_err_at(dg, &w, "as_of",
                          "must not be after the start of %s's years (%d), got '%s'",
                          ds->source ? ds->source : "the dataset", ds->years.first,
                          co_q(0, ro->sets[i].text));
                rc = CO_EUSAGE;
            }
        }
        out->time_limit = ro->time_limit;
        out->mip_gap = ro->mip_gap;
    }
    return rc;
}
