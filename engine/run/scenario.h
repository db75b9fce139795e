/*
 * scenario.h: what-if scenarios (FORMATS.md "Scenarios"): reading a
 * scenario file, and applying one scenario to a base dataset, which gives
 * a new validated dataset and the scenario's rules (force, lead, forbid,
 * pledge) by id. Resolving the rules against an instance is extras.c's
 * job; solving and reporting are the whatif command's.
 */
#ifndef CO_SCENARIO_H
#define CO_SCENARIO_H

#include "base/json.h"
#include "data/dataset.h"
#include "model/extras.h"

enum co_change_op {
    CO_OP_SET, CO_OP_SCALE, CO_OP_REMOVE, CO_OP_ADD,
    CO_OP_FORCE, CO_OP_LEAD, CO_OP_FORBID, CO_OP_PLEDGE
};

/* One change as the file gives it (fields by op; the others NULL or 0). */
typedef struct co_change {
    enum co_change_op op;
    char *path;           /* set, scale, remove, add */
    co_json *value;       /* set, add: a copy of the value (owned) */
    double factor;        /* scale */
    char *donor, *state;  /* force, lead, forbid; pledge: donor */
    char *need;           /* pledge */
    double amount;        /* pledge: USD, > 0 */
    int year;             /* pledge: the year the money is placed in, 0: not given */
} co_change;

typedef struct co_scenario {
    char *name;
    int index;    /* in the file's "scenarios" list */
    char *where;  /* "FILE: scenario 'NAME'": what its messages start with */
    co_change *changes;
    int n_changes;
    /* what was wrong in its changes when the file was read: any error
     * here makes the scenario an input error (co_scenario_apply reports
     * them); its warnings are passed on too */
    co_diag problems;
} co_scenario;

/* A scenario file (the handle of include/coalitions.h, whose
 * co_scenario_set_load, _free, _count and _name are in run/api.c). */
struct co_scenario_set {
    char *path;
    co_scenario *items;
    int n;
};

void co_scenario_set_init(co_scenario_set *set);
void co_scenario_set_release(co_scenario_set *set);

/* Reads a scenario file ("-" for stdin). CO_EIO when it cannot be read
 * ("FILE: cannot read: reason"); CO_EINPUT when the file as a whole is
 * wrong: not JSON, no "scenarios" list, a scenario that is not an object,
 * a name missing, empty or given twice ("FILE: scenarios[2].name:
 * duplicate name 'X' (first at scenarios[0])"). A problem inside one
 * scenario's changes (unknown op, a field missing or of the wrong type or
 * not used by the op) does not fail the load: it is kept in that
 * scenario's `problems`, so the others can still run. Unknown fields of
 * the file or of a scenario are warnings in dg. On failure *out is left
 * empty. */
int co_scenarios_load(const char *path, co_scenario_set *out, co_diag *dg);

/* Applies the scenario's changes to a copy of `base` (validated; it is not
 * modified) and validates the result: CO_OK with a new dataset in *out
 * (the caller frees it; its `source` and `sha256` are the base's, the
 * file the plan names) and the scenario's rules appended to `rules` (an
 * initialised co_rules; each rule's `change` is its index in the
 * scenario), after checking that their ids exist in the new dataset.
 * CO_EINPUT, with *out NULL and `rules` as it was, when the scenario is
 * an input error: every message starts with sc->where, a change's with
 * "changes[K]: " after it ("whatif.json: scenario 'Cuts': changes[2]:
 * path 'donors.GBX': unknown donor id 'GBX' (did you mean 'GBR'?)"); the
 * validator's messages on the new dataset keep their wording after that
 * prefix. CO_EINTERNAL when out of memory. */
int co_scenario_apply(const co_dataset *base, const co_scenario *sc, co_dataset **out,
                      co_rules *rules, co_diag *dg);

#endif
