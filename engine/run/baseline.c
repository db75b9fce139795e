/*
 * baseline.c: the seats and allocations of an earlier plan as rules for a
 * new run (baseline.h). Reads the plan JSON of docs/FORMATS.md with cJSON;
 * what the rules mean is extras.c's and model.c's business.
 */
#include "run/baseline.h"

#include <cjson/cJSON.h>
#include <math.h>

static const char *text_of(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

int co_baseline_rules(const char *name, const char *json, const co_dataset *ds,
                      int keep_pledges, co_rules *r, co_diag *dg)
{
    int rc = CO_EINPUT, skipped = 0;
    cJSON *root = cJSON_Parse(json);
    const cJSON *coal = cJSON_GetObjectItemCaseSensitive(root, "coalitions");
    const cJSON *allocs = cJSON_GetObjectItemCaseSensitive(root, "allocations");
    if (!cJSON_IsArray(coal) || !cJSON_IsArray(allocs)) {
        co_err(dg, "%s: not a plan JSON (no coalitions and allocations lists)", name);
        goto out;
    }
    const cJSON *c, *m, *a;
    cJSON_ArrayForEach(c, coal)
    {
        const char *state = text_of(c, "state");
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(c, "members"))
        {
            const char *donor = text_of(m, "donor");
            if (!state || !donor) {
                co_err(dg, "%s: coalitions: a member without a donor or State id", name);
                goto out;
            }
            if (co_rules_add_base(r, donor, state) != CO_OK)
                goto oom;
        }
    }
    cJSON_ArrayForEach(a, allocs)
    {
        const char *donor = text_of(a, "donor"), *need = text_of(a, "need");
        const cJSON *amount = cJSON_GetObjectItemCaseSensitive(a, "amount");
        if (!donor || !need || !cJSON_IsNumber(amount) || !isfinite(amount->valuedouble)) {
            co_err(dg, "%s: allocations: an entry without donor, need or amount", name);
            goto out;
        }
        if (!keep_pledges)
            continue;
        if (co_find_donor(ds, donor) < 0 || co_find_need(ds, need) < 0) {
            skipped++;
            continue;
        }
        /* a cent less: the rounded amounts of a used-up budget may add up to
         * a cent or two more than the budget */
        double keep = amount->valuedouble - 0.01;
        if (co_rules_add(r, CO_RULE_PLEDGE, donor, NULL, need, keep > 0 ? keep : 0, -1) != CO_OK)
            goto oom;
    }
    if (skipped)
        co_warn(dg, "%s: %d allocation%s not kept as pledges: the dataset no longer has its "
                    "donor or need",
                name, skipped, skipped == 1 ? "" : "s");
    rc = CO_OK;
    goto out;
oom:
    co_err(dg, "out of memory reading the baseline");
    rc = CO_EINTERNAL;
out:
    cJSON_Delete(root);
    return rc;
}
