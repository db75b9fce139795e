/*
 * plan_csv.c: writes a plan as four CSV files (coalitions, allocations,
 * donors, needs) for spreadsheets. Every file is built in memory first and
 * written atomically; money in USD with cents, empty cells for null.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/output.h"
#include "result/plan.h"
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

static void coalitions_csv(const co_plan *pl, co_buf *b)
{
    const co_dataset *ds = pl->ds;
    co_buf_printf(b, "state,name,iso3,lead,members,requested,allocated,coverage,urgency\r\n");
    for (int s = 0; s < pl->in.ns; s++) {
        const co_coalition *c = &pl->coalitions[s];
        co_buf_csv(b, ds->states[s].id, 1);
        co_buf_csv(b, ds->states[s].name, 0);
        co_buf_csv(b, ds->states[s].iso3, 0);
        co_buf_csv(b, c->lead >= 0 ? ds->donors[c->lead].id : NULL, 0);
        co_buf_put(b, ",", 1);
        for (int i = 0; i < c->n_members; i++)
            co_buf_printf(b, "%s%s", i ? ";" : "", ds->donors[c->members[i].d].id);
        cell_usd(b, llround(c->requested * 100.0));
        cell_usd(b, c->allocated);
        cell_num(b, c->requested > 0 ? co_usd(c->allocated) / c->requested : NAN);
        cell_num(b, c->urgency);
        co_buf_put(b, "\r\n", 2);
    }
}

static void allocations_csv(const co_plan *pl, co_buf *b)
{
    const co_dataset *ds = pl->ds;
    co_buf_printf(b, "state,iso3,need,donor,area,purpose_code,amount,weight\r\n");
    for (int i = 0; i < pl->n_allocs; i++) {
        const co_alloc *a = &pl->allocs[i];
        const char *iso3 = ds->states[ds->needs[a->n].s].iso3;
        const char *code = co_area_crs_code(ds, ds->needs[a->n].a);
        co_buf_csv(b, ds->needs[a->n].state, 1);
        co_buf_csv(b, iso3 ? iso3 : "", 0);
        co_buf_csv(b, ds->needs[a->n].id, 0);
        co_buf_csv(b, ds->donors[a->d].id, 0);
        co_buf_csv(b, ds->needs[a->n].area, 0);
        co_buf_csv(b, code ? code : "", 0);
        cell_usd(b, a->cents);
        cell_num(b, a->w);
        co_buf_put(b, "\r\n", 2);
    }
}

static void donors_csv(const co_plan *pl, co_buf *b)
{
    const co_dataset *ds = pl->ds;
    co_buf_printf(b, "donor,name,budget,allocated,utilisation,states,marginal_value\r\n");
    for (int d = 0; d < pl->in.nd; d++) {
        const co_donor_result *r = &pl->donors[d];
        double budget = ds->donors[d].budget;
        co_buf_csv(b, ds->donors[d].id, 1);
        co_buf_csv(b, ds->donors[d].name, 0);
        cell_usd(b, llround(budget * 100.0));
        cell_usd(b, r->allocated);
        cell_num(b, budget > 0 ? co_usd(r->allocated) / budget : NAN);
        co_buf_put(b, ",", 1);
        for (int i = 0; i < r->n_states; i++)
            co_buf_printf(b, "%s%s", i ? ";" : "", ds->states[r->states[i]].id);
        cell_num(b, r->marginal_value);
        co_buf_put(b, "\r\n", 2);
    }
}

static void needs_csv(const co_plan *pl, co_buf *b)
{
    const co_dataset *ds = pl->ds;
    co_buf_printf(b, "need,state,area,requested,allocated,unmet,urgency,evidence,deadline,"
                     "days_left\r\n");
    for (int n = 0; n < pl->in.nn; n++) {
        const co_need *nd = &ds->needs[n];
        int64_t req = llround(pl->in.R[n] * 100.0);
        co_buf_csv(b, nd->id, 1);
        co_buf_csv(b, nd->state, 0);
        co_buf_csv(b, nd->area, 0);
        cell_usd(b, req);
        cell_usd(b, pl->needs[n].allocated);
        cell_usd(b, req - pl->needs[n].allocated);
        cell_num(b, pl->in.u[n]);
        cell_num(b, nd->evidence);
        co_buf_csv(b, nd->deadline, 0);
        if (nd->deadline)
            co_buf_printf(b, ",%ld", pl->in.days_left[n]);
        else
            co_buf_put(b, ",", 1);
        co_buf_put(b, "\r\n", 2);
    }
}

const char *const co_plan_csv_names[CO_PLAN_CSV_FILES] = {
    "coalitions.csv", "allocations.csv", "donors.csv", "needs.csv"};

int co_plan_render_csv(const co_plan *pl, co_buf out[CO_PLAN_CSV_FILES])
{
    static void (*const fill[CO_PLAN_CSV_FILES])(const co_plan *, co_buf *) = {
        coalitions_csv, allocations_csv, donors_csv, needs_csv};
    int rc = CO_OK;
    for (int i = 0; i < CO_PLAN_CSV_FILES; i++) {
        co_buf_init(&out[i]);
        fill[i](pl, &out[i]);
        if (out[i].oom)
            rc = CO_EINTERNAL;
    }
    return rc;
}

int co_write_csv_files(const char *dir, const char *const *names, co_buf *bufs, int n,
                       co_diag *dg)
{
    int rc = co_ensure_dir(dir, dg);
    /* all files or none: a failed write leaves the earlier set as it was */
    if (rc == CO_OK)
        rc = co_write_files_atomic(dir, names, bufs, n, dg);
    return rc;
}

int co_plan_write_csv(const co_plan *pl, const char *dir, co_diag *dg)
{
    co_buf bufs[CO_PLAN_CSV_FILES];
    int rc = co_plan_render_csv(pl, bufs);
    if (rc == CO_OK)
        rc = co_write_csv_files(dir, co_plan_csv_names, bufs, CO_PLAN_CSV_FILES, dg);
    else
        co_err(dg, "out of memory writing CSV files");
    for (int i = 0; i < CO_PLAN_CSV_FILES; i++)
        co_buf_release(&bufs[i]);
    return rc;
}
