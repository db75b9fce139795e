/*
 * baseline.c: the seats and allocations of an earlier plan as rules for a
 * new run (baseline.h), from a plan read by co_plan_read, the one hardened
 * reader of plan JSON; what the rules mean is extras.c's and the model's
 * business.
 */
#include "run/baseline.h"

#include <math.h>
#include <string.h>

int co_baseline_rules(const char *name, const co_plan *pl, const co_dataset *ds,
                      int keep_pledges, co_rules *r, co_diag *dg)
{
    int rc = CO_EINPUT, skipped = 0, off_years = 0;
    if (!pl->coalitions || !pl->allocs) {
        co_err(dg, "%s: %s: missing (not a plan JSON?)", name,
               !pl->coalitions ? "coalitions" : "allocations");
        goto out;
    }
    for (int s = 0; s < pl->n_coalitions; s++) {
        const co_plan_coalition *c = &pl->coalitions[s];
        for (int i = 0; i < c->n_members; i++) {
            const char *donor = c->members[i].donor;
            if (!c->state) {
                co_err(dg, "%s: coalitions[%d].state: missing", name, s);
                goto out;
            }
            if (!donor) {
                co_err(dg, "%s: coalitions[%d].members[%d].donor: missing", name, s, i);
                goto out;
            }
            if (co_rules_add_base(r, donor, c->state) != CO_OK)
                goto oom;
        }
    }
    for (int i = 0; i < pl->n_allocs; i++) {
        const co_plan_alloc *a = &pl->allocs[i];
        const char *field = !a->donor ? "donor" : !a->need ? "need"
                            : a->cents == CO_CENTS_NONE ? "amount" : NULL;
        if (field) {
            co_err(dg, "%s: allocations[%d].%s: missing", name, i, field);
            goto out;
        }
        if (!keep_pledges)
            continue;
        if (co_find_donor(ds, a->donor) < 0 || co_find_need(ds, a->need) < 0) {
            skipped++;
            continue;
        }
        /* a multi-year plan's allocation is a pledge of its year, which
         * must be one of the dataset's */
        if (a->year && (!ds->has_years || a->year < ds->years.first ||
                        a->year > ds->years.last)) {
            off_years++;
            continue;
        }
        /* a cent less: the rounded amounts of a used-up budget may add up to
         * a cent or two more than the budget */
        double keep = co_usd(a->cents) - 0.01;
        if (co_rules_add(r, CO_RULE_PLEDGE, a->donor, NULL, a->need, keep > 0 ? keep : 0, -1) !=
            CO_OK)
            goto oom;
        r->items[r->n - 1].year = a->year;
    }
    if (off_years)
        co_warn(dg, "%s: %d allocation%s not kept as pledges: %s year is not one of the "
                    "dataset's years",
                name, off_years, off_years == 1 ? "" : "s", off_years == 1 ? "its" : "their");
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
    return rc;
}
