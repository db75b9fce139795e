/*
 * baseline.h: reading an earlier plan (a plan JSON, or a stored run's) as
 * the baseline of a new run (docs/WHATIF.md "Plan stability"): its seats,
 * to stay close to, and with --keep-pledges its allocations as pledges.
 */
#ifndef CO_BASELINE_H
#define CO_BASELINE_H

#include "data/dataset.h"
#include "model/extras.h"
#include "result/plan.h"

/* Adds the seats (coalition members) of the plan `base` to r as baseline
 * seats and, with keep_pledges, each allocation as a pledge (change -1).
 * `base` is a plan read back (co_plan_read); `name` names it in messages.
 * Allocations whose donor or need the dataset no longer has are skipped
 * with a warning. CO_EINPUT for a plan without its coalitions or
 * allocations, a member's donor or State, an allocation's donor, need or
 * amount ("NAME: allocations[3].amount: missing"). */
int co_baseline_rules(const char *name, const co_plan *base, const co_dataset *ds,
                      int keep_pledges, co_rules *r, co_diag *dg);

#endif
