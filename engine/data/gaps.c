/*
 * gaps.c: the data gaps of gaps.h, in kind order, each kind in the
 * dataset's (id) order. Deciding what to do about them is the reader's.
 */
#include "data/gaps.h"

#include <stdlib.h>
#include <string.h>

#include "base/util.h"

const char *co_gap_kind_name(enum co_gap_kind k)
{
    static const char *const names[] = {"no_deadline", "weak_evidence", "no_iso3",
                                        "no_expertise"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}

int co_area_has_deadlines(const co_dataset *ds, int a)
{
    const char *id = ds->areas[a].id;
    return strcmp(id, "clearance") == 0 || strcmp(id, "stockpile") == 0;
}

void co_gaps_release(co_gaps *g)
{
    if (!g)
        return;
    free(g->items);
    memset(g, 0, sizeof *g);
}

int co_data_gaps(const co_dataset *ds, co_gaps *out, co_diag *dg)
{
    memset(out, 0, sizeof *out);
    size_t cap = (size_t)ds->n_needs * 2 + (size_t)ds->n_states + (size_t)ds->n_donors + 1;
    out->items = malloc(cap * sizeof *out->items);
    if (!out->items) {
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    for (int n = 0; n < ds->n_needs; n++)
        if (!ds->needs[n].deadline && co_area_has_deadlines(ds, ds->needs[n].a))
            out->items[out->n++] = (co_gap){CO_GAP_NO_DEADLINE, n};
    for (int n = 0; n < ds->n_needs; n++)
        if (ds->needs[n].evidence <= 0.5)
            out->items[out->n++] = (co_gap){CO_GAP_WEAK_EVIDENCE, n};
    for (int s = 0; s < ds->n_states; s++)
        if (!ds->states[s].iso3 || !*ds->states[s].iso3)
            out->items[out->n++] = (co_gap){CO_GAP_NO_ISO3, s};
    for (int d = 0; d < ds->n_donors; d++)
        if (ds->donors[d].n_expertise == 0)
            out->items[out->n++] = (co_gap){CO_GAP_NO_EXPERTISE, d};
    return CO_OK;
}

static const char *named(const char *name, const char *id)
{
    return name && *name ? name : id;
}

char *co_gap_text(const co_dataset *ds, const co_gap *g)
{
    switch (g->kind) {
    case CO_GAP_NO_DEADLINE: {
        const co_need *nd = &ds->needs[g->index];
        const co_area *ar = &ds->areas[nd->a];
        return co_asprintf("%s (%s): no deadline, in %s, an area with treaty deadlines", nd->id,
                           named(ds->states[nd->s].name, ds->states[nd->s].id),
                           named(ar->name, ar->id));
    }
    case CO_GAP_WEAK_EVIDENCE: {
        const co_need *nd = &ds->needs[g->index];
        if (nd->evidence_text)
            return co_asprintf("%s (%s): evidence %s", nd->id,
                               named(ds->states[nd->s].name, ds->states[nd->s].id),
                               nd->evidence_text);
        return co_asprintf("%s (%s): evidence %s, at most estimated", nd->id,
                           named(ds->states[nd->s].name, ds->states[nd->s].id),
                           co_num(0, nd->evidence));
    }
    case CO_GAP_NO_ISO3: {
        const co_state *st = &ds->states[g->index];
        return co_asprintf("%s (%s): no ISO3 code", st->id, named(st->name, st->id));
    }
    case CO_GAP_NO_EXPERTISE: {
        const co_donor *dn = &ds->donors[g->index];
        return co_asprintf("%s (%s): no expertise entry (every area counts as 0)", dn->id,
                           named(dn->name, dn->id));
    }
    }
    return NULL;
}
