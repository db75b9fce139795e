/*
 * plan_deadlines.c: the deadline analysis as a plan reports it (plan.h
 * co_plan_deadline): each need's co_deadline (model/deadlines.h) by ids
 * and cents, and the plan's own part (placed by the deadline, completion
 * year, on time) from the money a plan's allocations place on the need
 * each year. Computing the analysis is engine/solve's and engine/run's.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "result/plan.h"

/* Cents of USD, rounded as the plan rounds (CO_CENTS_NONE for NaN). */
static int64_t cents_or_none(double usd)
{
    return isnan(usd) ? CO_CENTS_NONE : co_cents(usd);
}

static int year_or_zero(int t)
{
    return t == CO_NO_YEAR ? 0 : t;
}

/* One entry from d (strings into pl's arena). */
static void entry(co_plan *pl, const co_dataset *ds, const co_years *y, const co_deadline *d,
                  co_plan_deadline *e)
{
    co_arena *A = pl->arena;
    const co_need *nd = &ds->needs[d->n];
    e->need = co_arena_strdup(A, nd->id);
    e->state = co_arena_strdup(A, nd->state);
    e->deadline = co_arena_strdup(A, nd->deadline);
    e->deadline_year = d->deadline_year;
    e->overdue = d->overdue;
    e->has_plan = 0;
    e->placed = CO_CENTS_NONE;
    e->analysed = d->analysed;
    e->best_case = d->analysed ? cents_or_none(d->best_case) : CO_CENTS_NONE;
    e->earliest_year = d->analysed ? year_or_zero(d->earliest) : 0;
    e->capacity_limited = d->capacity_limited;
    e->capacity_missing = co_cents(d->capacity_missing);
    e->capacity_missing_units = d->capacity_missing_units;
    if (d->analysed) {
        e->n_gaps = d->n_gap;
        e->gaps = co_arena_array(A, (size_t)d->n_gap, sizeof *e->gaps);
        for (int k = 0; e->gaps && k < d->n_gap; k++)
            e->gaps[k] = (co_plan_year_gap){y->first + k, co_cents(d->gap[k])};
    }
    e->requested_deadline = co_arena_strdup(A, nd->requested_deadline);
    e->extension_check = co_arena_strdup(A, co_ext_check_word(d->check));
    e->required = co_usd(co_cents(d->required));
    e->capacity = isfinite(d->capacity) ? co_usd(co_cents(d->capacity)) : INFINITY;
    e->unit = nd->has_work ? co_arena_strdup(A, nd->work.unit) : NULL;
    e->units_remaining = nd->has_work ? nd->work.remaining : NAN;
    e->units_per_year = nd->has_work && nd->work.has_per_year ? nd->work.per_year : NAN;
}

static int cmp_need(const void *key, const void *item)
{
    return strcmp(key, ((const co_plan_deadline *)item)->need);
}

int co_plan_set_deadlines(co_plan *pl, const co_dataset *ds, const co_years *y,
                          const co_deadline *dl, int n, const co_plan *from, co_diag *dg)
{
    pl->n_deadlines = n;
    pl->deadlines = co_arena_alloc(pl->arena, ((size_t)n + 1) * sizeof *pl->deadlines);
    for (int i = 0; pl->deadlines && i < n; i++)
        entry(pl, ds, y, &dl[i], &pl->deadlines[i]);
    if (co_arena_failed(pl->arena)) {
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    if (!from || !from->allocs || n == 0)
        return CO_OK;
    /* the plan's money on each analysed need by year (USD from cents) */
    double *placed = calloc((size_t)n * (size_t)y->ny, sizeof *placed);
    if (!placed) {
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    for (int i = 0; i < from->n_allocs; i++) {
        const co_plan_alloc *a = &from->allocs[i];
        if (!a->need || a->cents == CO_CENTS_NONE || a->year < y->first || a->year > y->last)
            continue;
        const co_plan_deadline *e =
            bsearch(a->need, pl->deadlines, (size_t)n, sizeof *pl->deadlines, cmp_need);
        if (e)
            placed[(size_t)(e - pl->deadlines) * (size_t)y->ny + (size_t)(a->year - y->first)] +=
                co_usd(a->cents);
    }
    for (int i = 0; i < n; i++) {
        co_plan_deadline *e = &pl->deadlines[i];
        double by_due;
        int done, on_time;
        co_deadline_track(y, dl[i].n, dl[i].due_year, &placed[(size_t)i * (size_t)y->ny],
                          &by_due, &done, &on_time);
        e->has_plan = 1;
        e->placed = co_cents(by_due);
        e->completion_year = year_or_zero(done);
        e->on_time = on_time;
    }
    free(placed);
    return CO_OK;
}

const co_plan_deadline *co_plan_find_deadline(const co_plan *pl, const char *need)
{
    for (int i = 0; pl->deadlines && need && i < pl->n_deadlines; i++)
        if (pl->deadlines[i].need && strcmp(pl->deadlines[i].need, need) == 0)
            return &pl->deadlines[i];
    return NULL;
}
