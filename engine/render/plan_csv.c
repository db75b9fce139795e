/*
 * plan_csv.c: writes a plan as four CSV files (coalitions, allocations,
 * donors, needs; allocations with their year in a multi-year plan), and a
 * multi-year plan's deadlines.csv (render/deadlines.c), for spreadsheets,
 * from the plan alone (result/plan.h).
 * Every file is built in memory first and written atomically; money in
 * USD with cents, empty cells for null; text cells and the byte-order mark
 * as base/output.h writes CSV for spreadsheets.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/output.h"
#include "result/plan.h"
#include "render/deadlines.h"
#include "render/report.h"
#include "base/util.h"

static void cell_num(co_buf *b, double v)
{
    co_buf_put(b, ",", 1);
    if (isfinite(v))
        co_buf_printf(b, "%s", co_num(0, v));
}

static void cell_usd(co_buf *b, int64_t cents)
{
    co_buf_printf(b, ",%s%lld.%02lld", cents < 0 ? "-" : "",
                  (long long)(cents < 0 ? -cents : cents) / 100,
                  (long long)(cents < 0 ? -cents : cents) % 100);
}

/* Appends id to a list of ids joined by ';' (a coalition's members, a
 * donor's States), written as one cell by list_cell. */
static void list_add(co_buf *list, int i, const char *id)
{
    if (i)
        co_buf_put(list, ";", 1);
    if (id)
        co_buf_put(list, id, strlen(id));
}

static void list_cell(co_buf *b, co_buf *list)
{
    b->oom |= list->oom;
    co_buf_csv(b, list->data, 0);
    co_buf_release(list);
}

/* A cell of cents, empty when not given. */
static void cell_cents(co_buf *b, int64_t cents)
{
    if (cents == CO_CENTS_NONE)
        co_buf_put(b, ",", 1);
    else
        cell_usd(b, cents);
}

static void coalitions_csv(const co_plan *pl, co_buf *b)
{
    co_buf_printf(b, "state,name,iso3,lead,members,requested,allocated,coverage,urgency\r\n");
    for (int s = 0; pl->coalitions && s < pl->n_coalitions; s++) {
        const co_plan_coalition *c = &pl->coalitions[s];
        co_buf_csv(b, c->state, 1);
        co_buf_csv(b, c->name, 0);
        co_buf_csv(b, c->iso3, 0);
        co_buf_csv(b, c->lead, 0);
        co_buf list;
        co_buf_init(&list);
        for (int i = 0; i < c->n_members; i++)
            list_add(&list, i, c->members[i].donor);
        list_cell(b, &list);
        cell_usd(b, co_cents(c->requested));
        cell_cents(b, c->allocated);
        cell_num(b, c->coverage);
        cell_num(b, c->urgency);
        co_buf_put(b, "\r\n", 2);
    }
}

/* A multi-year plan's allocations have a year column after the donor. */
static void allocations_csv(const co_plan *pl, co_buf *b)
{
    int multi = co_plan_years(pl) > 0;
    co_buf_printf(b, "state,iso3,need,donor,%sarea,purpose_code,amount,weight\r\n",
                  multi ? "year," : "");
    for (int i = 0; pl->allocs && i < pl->n_allocs; i++) {
        const co_plan_alloc *a = &pl->allocs[i];
        const co_plan_coalition *c = co_plan_find_coalition(pl, a->state);
        const char *iso3 = c ? c->iso3 : NULL;
        co_buf_csv(b, a->state, 1);
        co_buf_csv(b, iso3 ? iso3 : "", 0);
        co_buf_csv(b, a->need, 0);
        co_buf_csv(b, a->donor, 0);
        if (multi)
            co_buf_printf(b, ",%d", a->year);
        co_buf_csv(b, a->area, 0);
        co_buf_csv(b, a->purpose_code ? a->purpose_code : "", 0);
        cell_cents(b, a->cents);
        cell_num(b, a->weight);
        co_buf_put(b, "\r\n", 2);
    }
}

static void donors_csv(const co_plan *pl, co_buf *b)
{
    co_buf_printf(b, "donor,name,budget,allocated,utilisation,states,marginal_value\r\n");
    for (int d = 0; pl->donors && d < pl->n_donors; d++) {
        const co_plan_donor *r = &pl->donors[d];
        co_buf_csv(b, r->donor, 1);
        co_buf_csv(b, r->name, 0);
        cell_usd(b, co_cents(r->budget));
        cell_cents(b, r->allocated);
        cell_num(b, r->utilisation);
        co_buf list;
        co_buf_init(&list);
        for (int i = 0; i < r->n_states; i++)
            list_add(&list, i, r->states[i]);
        list_cell(b, &list);
        cell_num(b, r->marginal_value);
        co_buf_put(b, "\r\n", 2);
    }
}

static void needs_csv(const co_plan *pl, co_buf *b)
{
    co_buf_printf(b, "need,state,area,requested,allocated,unmet,urgency,evidence,deadline,"
                     "days_left\r\n");
    for (int n = 0; pl->needs && n < pl->n_needs; n++) {
        const co_plan_need *nd = &pl->needs[n];
        co_buf_csv(b, nd->need, 1);
        co_buf_csv(b, nd->state, 0);
        co_buf_csv(b, nd->area, 0);
        cell_usd(b, co_cents(nd->requested));
        cell_cents(b, nd->allocated);
        cell_cents(b, nd->unmet);
        cell_num(b, nd->urgency);
        cell_num(b, nd->evidence);
        co_buf_csv(b, nd->deadline, 0);
        if (nd->deadline && isfinite(nd->days_left))
            co_buf_printf(b, ",%ld", (long)nd->days_left);
        else
            co_buf_put(b, ",", 1);
        co_buf_put(b, "\r\n", 2);
    }
}

const char *const co_plan_csv_names[CO_PLAN_CSV_FILES] = {
    "coalitions.csv", "allocations.csv", "donors.csv", "needs.csv", "deadlines.csv"};

int co_plan_csv_count(const co_plan *pl)
{
    return pl->deadlines ? CO_PLAN_CSV_FILES : CO_PLAN_CSV_FILES - 1;
}

int co_plan_render_csv(const co_plan *pl, co_buf out[CO_PLAN_CSV_FILES])
{
    static void (*const fill[CO_PLAN_CSV_FILES])(const co_plan *, co_buf *) = {
        coalitions_csv, allocations_csv, donors_csv, needs_csv, co_deadlines_csv};
    int rc = CO_OK, n = co_plan_csv_count(pl);
    for (int i = 0; i < CO_PLAN_CSV_FILES; i++) {
        co_buf_init(&out[i]);
        if (i >= n)
            continue;
        co_buf_put(&out[i], CO_CSV_BOM, strlen(CO_CSV_BOM));
        fill[i](pl, &out[i]);
        if (out[i].oom)
            rc = CO_EINTERNAL;
    }
    return rc;
}
