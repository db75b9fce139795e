/*
 * edit.h: changes to a dataset in memory as scenario files state them
 * (FORMATS.md "Scenarios"): set, scale, remove and add on a path
 * `list.id.field[.key]` or `parameters.name`, `*` for every item, applied
 * field by field through the schema. Reading scenario files and the rules
 * (force, lead, forbid, pledge) are run/scenario.c's; checking the result
 * is co_dataset_validate's.
 */
#ifndef CO_EDIT_H
#define CO_EDIT_H

#include "base/json.h"
#include "data/dataset.h"

enum co_edit_op { CO_EDIT_SET, CO_EDIT_SCALE, CO_EDIT_REMOVE, CO_EDIT_ADD };

typedef struct co_edit {
    enum co_edit_op op;
    const char *path;
    const co_json *value; /* set, add */
    double factor;        /* scale */
} co_edit;

/* Applies one change to ds, a dataset being edited (a copy of a validated
 * one, co_dataset_copy; lists need not be sorted). Messages go to dg at
 * `where` (a scenario's change: "FILE: scenario 'S': changes[2]"), about
 * the path ("...: path 'donors.GBX': unknown donor id 'GBX' (did you mean
 * 'GBR'?)") or the value ("...: value: must be a number, got a string
 * '5'"). A change that cannot be made is left undone and counted in the
 * return value: an unknown list, id, field, area or parameter, a required
 * field removed, an id changed, a number scaled out of range, an added
 * item with unknown fields. A value of the wrong type for its field is
 * read as the JSON loader reads a dataset's (the field, entry or added
 * item's field left not given) and counted in *n_values: ds can still be
 * checked, so every problem is listed. Values are not range-checked here
 * (co_dataset_validate does, after co_dataset_relocate); parameters are
 * (co_param_apply). Removing a State or an area removes the needs in it
 * and drops it from every donor's lists, expertise and caps. Returns the
 * number of errors of the first kind, or -1 when out of memory. */
int co_edit_apply(co_dataset *ds, const co_edit *e, const co_where *where, co_diag *dg,
                  int *n_values);

/* The index of the item of list `list` (schema.h, enum co_list) with this
 * id, the lists in any order; or -1 after an error "unknown KIND id 'ID'"
 * with a hint, about `field` (NULL: none) at `where`. */
int co_edit_find(const co_dataset *ds, int list, const char *id, const co_where *where,
                 const char *field, co_diag *dg);

#endif
