/*
 * history.c: a recorded run's metadata as text (history.h): history's
 * line and show's closing line. The figures are those the store keeps;
 * nothing is read from the plan here.
 */
#include "render/history.h"

#include <math.h>
#include <stdio.h>

/* A free-text field on one line: tabs and line breaks become spaces. */
static void put_field(co_buf *b, const char *s)
{
    for (; *s; s++) {
        char c = *s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s;
        co_buf_put(b, &c, 1);
    }
    co_buf_put(b, "\t", 1);
}

void co_history_line(const co_store_run *r, co_buf *out)
{
    char obj[48], gap[32], urg[16];
    if (isfinite(r->total))
        snprintf(obj, sizeof obj, "%.2f", r->total);
    else
        snprintf(obj, sizeof obj, "-");
    if (isfinite(r->gap))
        snprintf(gap, sizeof gap, "%.4f%%", r->gap * 100.0);
    else
        snprintf(gap, sizeof gap, "-");
    if (r->urgent_requested > 0)
        snprintf(urg, sizeof urg, "%.1f%%",
                 100.0 * (double)r->urgent_allocated / (double)r->urgent_requested);
    else
        snprintf(urg, sizeof urg, "-");
    /* seconds are enough here: "2024-05-01T12:34:56Z" */
    co_buf_printf(out, "%lld\t%.19sZ\t", r->id, r->started_at);
    put_field(out, r->dataset_name ? r->dataset_name : r->source);
    put_field(out, r->scenario ? r->scenario : "-");
    co_buf_printf(out, "%s\t%s\t%s\t%s\n", r->status, obj, gap, urg);
}

void co_run_line(const co_store_run *r, co_buf *out)
{
    co_buf_printf(out,
                  "Run %lld: %s (sha256 %.12s), started %s, time %.2f s (load %.2f, build %.2f, "
                  "solve %.2f), coalitions %s, GLPK %s\n",
                  r->id, r->source, r->dataset, r->started_at, r->load_s + r->build_s + r->solve_s,
                  r->load_s, r->build_s, r->solve_s, r->engine_version, r->glpk_version);
}
