/*
 * api.c: the public API's run store functions that render
 * (include/coalitions.h): recording a run with its outputs as rendered
 * (plan JSON, summary, CSV files), the history lines, show's closing line
 * and the diff of two runs. Thin wrappers: the store is store.c's, the
 * text report.c's, plan_csv.c's, history.c's and rundiff.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "render/history.h"
#include "render/report.h"
#include "render/rundiff.h"

/* CO_OK, or CO_EINTERNAL when appending to b ran out of memory. */
static int buf_ok(const co_buf *b, co_diag *dg)
{
    if (!b->oom)
        return CO_OK;
    co_err(dg, "out of memory");
    return CO_EINTERNAL;
}

int co_store_record_plan(co_store *st, const co_plan *pl, double started, long long *run_id,
                         co_diag *dg)
{
    char *json = NULL;
    co_buf sum, files[CO_PLAN_CSV_FILES];
    co_buf_init(&sum);
    for (int i = 0; i < CO_PLAN_CSV_FILES; i++)
        co_buf_init(&files[i]);
    int rc = co_plan_to_json(pl, &json, dg);
    if (rc == CO_OK) {
        co_plan_summary(pl, 0, &sum);
        if (sum.oom || co_plan_render_csv(pl, files) != CO_OK) {
            co_err(dg, "out of memory");
            rc = CO_EINTERNAL;
        }
    }
    if (rc == CO_OK) {
        co_store_text texts[2 + CO_PLAN_CSV_FILES] = {
            {CO_STORE_PLAN_JSON, json, strlen(json)},
            {CO_STORE_SUMMARY, sum.data ? sum.data : "", sum.len}};
        int n = co_plan_csv_count(pl); /* deadlines.csv: a multi-year plan's only */
        for (int i = 0; i < n; i++)
            texts[2 + i] = (co_store_text){co_plan_csv_names[i],
                                           files[i].data ? files[i].data : "", files[i].len};
        rc = co_store_record(st, pl, texts, 2 + n, started, co_store_now(), run_id, dg);
    }
    for (int i = 0; i < CO_PLAN_CSV_FILES; i++)
        co_buf_release(&files[i]);
    co_buf_release(&sum);
    free(json);
    return rc;
}

int co_store_history(co_store *st, const char *dataset, long limit, co_buf *out, int *n,
                     co_diag *dg)
{
    co_store_run *runs = NULL;
    *n = 0;
    int rc = co_store_list(st, dataset, limit, &runs, n, dg);
    for (int i = 0; rc == CO_OK && i < *n; i++)
        co_history_line(&runs[i], out);
    co_store_runs_free(runs, *n);
    return rc == CO_OK ? buf_ok(out, dg) : rc;
}

int co_store_describe(co_store *st, long long id, co_buf *out, co_diag *dg)
{
    co_store_run r;
    co_store_run_init(&r);
    int rc = co_store_get_run(st, id, &r, dg);
    if (rc == CO_OK)
        co_run_line(&r, out);
    co_store_run_release(&r);
    return rc == CO_OK ? buf_ok(out, dg) : rc;
}

int co_store_diff(co_store *st, long long a, long long b, double threshold, co_buf *text,
                  char **json, co_diag *dg)
{
    co_store_run ra, rb;
    co_plan *pa = NULL, *pb = NULL;
    co_store_run_init(&ra);
    co_store_run_init(&rb);
    *json = NULL;
    int rc = co_store_get_run(st, a, &ra, dg);
    if (rc == CO_OK)
        rc = co_store_get_run(st, b, &rb, dg);
    if (rc == CO_OK)
        rc = co_store_get_plan(st, a, &pa, dg);
    if (rc == CO_OK)
        rc = co_store_get_plan(st, b, &pb, dg);
    if (rc == CO_OK)
        rc = co_rundiff(&ra, pa, &rb, pb, threshold, text, json, dg);
    co_plan_free(pa);
    co_plan_free(pb);
    co_store_run_release(&ra);
    co_store_run_release(&rb);
    return rc;
}
