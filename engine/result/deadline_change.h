/*
 * deadline_change.h: what changed in one obligation's deadline figures
 * from one plan to another (money placed by the deadline, completion
 * year, on time, earliest completion year, capacity limited, extension
 * check), as a typed change, its line for people and its JSON object.
 * `diff` (render/rundiff.c) and the what-if comparison (run/compare.c)
 * both use it, and its pairing of two plans' deadlines by need id.
 */
#ifndef CO_DEADLINE_CHANGE_H
#define CO_DEADLINE_CHANGE_H

#include "base/json.h"
#include "base/output.h"
#include "result/plan.h"

/* One plan's side of the change, each field on its own as its JSON has
 * it (so a change read back from JSON is the change written). */
typedef struct co_deadline_side {
    int analysed;          /* 1 the LPs ran, 0 not (time limit); -1: the need is not in the plan's deadlines */
    int64_t placed;        /* placed_by_deadline, cents; CO_CENTS_NONE: no plan's part */
    int completion_year;   /* 0: none, or no plan's part */
    int on_time;           /* 1, 0; -1: no plan's part */
    int earliest_year;     /* 0: none, or not analysed */
    int capacity_limited;  /* 1, 0; -1: not in the plan */
    const char *extension_check; /* NULL: none asked, or not analysed */
} co_deadline_side;

typedef struct co_deadline_change {
    const char *need;
    co_deadline_side from, to;
} co_deadline_change;

/* The change of need's figures from x to y (either NULL: the need is in
 * one plan's deadlines only); strings are borrowed from x and y. Returns
 * 1 when a figure differs, else 0. */
int co_deadline_change_of(const char *need, const co_plan_deadline *x, const co_plan_deadline *y,
                          co_deadline_change *c);

/* pl's deadlines entries in need id order (byte order; a NULL need first),
 * *n of them (0 without a deadline analysis): a new array of borrowed
 * pointers (free()), NULL when out of memory. */
const co_plan_deadline **co_deadlines_by_need(const co_plan *pl, int *n);

/* The changes from a[0..na) to b[0..nb) (each in need order, as
 * co_deadlines_by_need gives them), paired by need id (a need on one side
 * only is paired with nothing), the changed ones only, in need order, into
 * out (room for na + nb); returns their count. Strings are borrowed. */
int co_deadline_changes(const co_plan_deadline *const *a, int na,
                        const co_plan_deadline *const *b, int nb, co_deadline_change *out);

/* True when the change shows a difference (as co_deadline_change_of
 * returned). */
int co_deadline_changed(const co_deadline_change *c);

/* Appends what changed, the parts joined by "; " ("placed by the deadline
 * 1,000,000 -> 1,600,000 (+600,000); completion 2024 -> 2022"), `arrow`
 * between the values (" -> "); no need, no newline. */
void co_deadline_change_parts(co_buf *b, const co_deadline_change *c, const char *arrow);

/* The change as a JSON object: need, and {from, to} for
 * placed_by_deadline (USD), completion_year, on_time,
 * earliest_completion_year, capacity_limited, extension_check (null for
 * what a side does not give). NULL when out of memory. */
co_json *co_deadline_change_json(const co_deadline_change *c);

#endif
