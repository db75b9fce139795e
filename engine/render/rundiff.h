/*
 * rundiff.h: what changed from one stored run to another: parameters,
 * money placed, urgent need covered, seats, per State the members gained
 * or lost, the lead and the coverage, allocation moves, the objective.
 * Renders readable lines and JSON from each run's metadata (the store's
 * runs table) and its plan read back from the store; no SQL here.
 */
#ifndef CO_RUNDIFF_H
#define CO_RUNDIFF_H

#include "base/output.h"
#include "result/plan.h"
#include "store/store.h"

/* Compares run a (metadata ra, plan pa) with run b. Allocation moves, and
 * coverage changes of a State, show only when the amount moved is more
 * than `threshold` USD (>= 0). Appends the lines to `text` and sets *json
 * to the same as a JSON document (the caller frees it). Everything is
 * borrowed. CO_EINTERNAL when out of memory. */
int co_rundiff(const co_store_run *ra, const co_plan *pa, const co_store_run *rb,
               const co_plan *pb, double threshold, co_buf *text, char **json, co_diag *dg);

#endif
