/*
 * deadlines.c (render): the deadline analysis as text and CSV (deadlines.h),
 * read from the plan's deadlines list alone. What each field means is
 * docs/DEADLINES.md; how it is computed, engine/model and engine/solve.
 */
#include "render/deadlines.h"

#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/fmt.h"
#include "base/util.h"

const char *co_fmt_units(double units, char *buf)
{
    double r = round(units);
    if (!isfinite(units) || fabs(units) >= 1e15) {
        snprintf(buf, 48, "%s", co_num(0, units));
        return buf;
    }
    if (fabs(units - r) < 0.005) {
        co_fmt_usd((int64_t)r * 100, buf);
    } else {
        double w = trunc(units);
        co_fmt_usd((int64_t)w * 100, buf);
        long frac = lround(fabs(units - w) * 100.0);
        size_t n = strlen(buf);
        snprintf(buf + n, 48 - n, ".%02ld", frac % 100);
    }
    return buf;
}

int co_deadline_due_year(const co_plan_deadline *e)
{
    if (!e->overdue)
        return e->deadline_year;
    return e->gaps && e->n_gaps > 0 ? e->gaps[0].year : 0;
}

static const char *check_words(const char *check)
{
    static const char *const map[][2] = {{"not_needed", "not needed"},
                                         {"fits", "fits"},
                                         {"longer_than_needed", "longer than needed"},
                                         {"too_short", "too short"},
                                         {"beyond_horizon", "beyond the plan's years"}};
    for (size_t i = 0; check && i < sizeof map / sizeof map[0]; i++)
        if (strcmp(check, map[i][0]) == 0)
            return map[i][1];
    return check ? check : "";
}

static int64_t gap_total(const co_plan_deadline *e)
{
    int64_t t = 0;
    for (int k = 0; e->gaps && k < e->n_gaps; k++)
        if (e->gaps[k].cents != CO_CENTS_NONE)
            t += e->gaps[k].cents;
    return t;
}

/* "(capacity: 800,000,000 m2 left, at most 44,280,000 m2 a year)" or, for
 * money, "(capacity: at most 1,200,000 USD by 2021 for 1,700,000 USD
 * required)". */
static void capacity_phrase(const co_plan_deadline *e, co_buf *b)
{
    char u1[48], u2[48], m1[32], m2[32];
    int due = co_deadline_due_year(e);
    if (e->unit && isfinite(e->units_remaining) && isfinite(e->units_per_year)) {
        co_buf_printf(b, " (capacity: %s %s left, at most %s %s a year%s)",
                      co_fmt_units(e->units_remaining, u1), e->unit,
                      co_fmt_units(e->units_per_year, u2), e->unit,
                      e->capacity == 0 ? "; none of it left for donors to fund" : "");
    } else if (isfinite(e->capacity) && isfinite(e->required)) {
        co_buf_printf(b, " (capacity: at most %s USD", co_fmt_usd(co_cents(e->capacity), m1));
        if (due)
            co_buf_printf(b, " by %d", due);
        co_buf_printf(b, " for %s USD required)", co_fmt_usd(co_cents(e->required), m2));
    }
}

void co_deadline_verdict(const co_plan_deadline *e, co_buf *b)
{
    char m1[32];
    const char *dl = e->deadline ? e->deadline : "its deadline";
    co_buf_printf(b, "%s: ", e->need ? e->need : "?");
    if (e->overdue == 1)
        co_buf_printf(b, "overdue (deadline %s counts in %d, before the plan's years); ", dl,
                      e->deadline_year);
    int due = co_deadline_due_year(e);
    char first[32];
    snprintf(first, sizeof first, "the end of %d", due);
    const char *by = e->overdue != 1 ? dl : due ? first : "the end of the first year";
    if (e->capacity_limited == 1) {
        co_buf_printf(b, "cannot finish by %s even at best", by);
        capacity_phrase(e, b);
    } else if (!e->analysed) {
        co_buf_printf(b, "not analysed (the time limit came first)");
    } else if (e->earliest_year && due && e->earliest_year <= due) {
        co_buf_printf(b, "can finish by %s with the money on the table, if it comes first", by);
    } else {
        co_buf_printf(b, "cannot finish by %s with the money on the table: %s USD missing", by,
                      co_fmt_usd(gap_total(e), m1));
    }
    if (e->analysed) {
        if (e->earliest_year)
            co_buf_printf(b, "; earliest completion %d", e->earliest_year);
        else
            co_buf_printf(b, "; no completion within the plan's years");
    }
    if (e->has_plan) {
        if (!e->completion_year)
            co_buf_printf(b, "; the plan does not complete it within its years");
        else
            co_buf_printf(b, "; the plan completes it in %d%s", e->completion_year,
                          e->on_time == 1 ? ", on time" : "");
    }
    if (e->requested_deadline) {
        co_buf_printf(b, "; requested %s", e->requested_deadline);
        if (e->extension_check)
            co_buf_printf(b, ": %s", check_words(e->extension_check));
        else if (!e->analysed)
            co_buf_printf(b, ": not judged");
    }
}

/* "    by 2020: best case 62,760,000 of 596,370,000 USD required;
 * capacity missing 533,610,000 USD (711,480,000 m2); money missing: none" */
static void detail(const co_plan_deadline *e, co_buf *b)
{
    char m1[32], m2[32], u1[48];
    int due = co_deadline_due_year(e);
    co_buf_printf(b, "    ");
    if (due)
        co_buf_printf(b, "by %d: ", due);
    if (e->analysed && e->best_case != CO_CENTS_NONE)
        co_buf_printf(b, "best case %s of ", co_fmt_usd(e->best_case, m1));
    co_buf_printf(b, "%s USD required", isfinite(e->required) ? co_fmt_usd(co_cents(e->required), m2)
                                                              : "?");
    if (e->has_plan && e->placed != CO_CENTS_NONE)
        co_buf_printf(b, "; the plan places %s", co_fmt_usd(e->placed, m1));
    if (e->capacity_limited == 1) {
        co_buf_printf(b, "; capacity missing %s USD", co_fmt_usd(e->capacity_missing, m1));
        if (e->unit && isfinite(e->capacity_missing_units))
            co_buf_printf(b, " (%s %s)", co_fmt_units(e->capacity_missing_units, u1), e->unit);
    }
    if (e->analysed && e->gaps) {
        if (gap_total(e) == 0) {
            co_buf_printf(b, "; money missing: none");
        } else {
            co_buf_printf(b, "; money missing by year:");
            for (int k = 0; k < e->n_gaps; k++)
                co_buf_printf(b, "%s %d %s", k ? "," : "", e->gaps[k].year,
                              co_fmt_usd(e->gaps[k].cents, m1));
        }
    }
    co_buf_put(b, "\n", 1);
}

void co_deadlines_section(const co_plan *pl, co_buf *b)
{
    if (!pl->deadlines)
        return;
    co_buf_printf(b, "Deadlines (%d obligation%s with a deadline within the plan's years)\n",
                  pl->n_deadlines, pl->n_deadlines == 1 ? "" : "s");
    if (pl->n_deadlines == 0)
        co_buf_printf(b, "  none\n");
    for (int i = 0; i < pl->n_deadlines; i++) {
        co_buf_printf(b, "  ");
        co_deadline_verdict(&pl->deadlines[i], b);
        co_buf_put(b, "\n", 1);
        detail(&pl->deadlines[i], b);
    }
}

void co_deadlines_report(const co_plan *pl, co_buf *b)
{
    int with_plan = 0;
    for (int i = 0; pl->deadlines && i < pl->n_deadlines; i++)
        with_plan |= pl->deadlines[i].has_plan;
    const char *name = pl->dataset_name ? pl->dataset_name : pl->source;
    co_buf_printf(b, "%s, as of %s: deadline analysis\n\n", name ? name : "the dataset",
                  pl->as_of ? pl->as_of : "?");
    co_deadlines_section(pl, b);
    if (!with_plan && pl->n_deadlines > 0)
        co_buf_printf(b, "\n(what a plan places by each deadline, its completion year and "
                         "whether it is on time\n need a plan: --plan PLAN.json)\n");
}

static void cell_text(co_buf *b, const char *s)
{
    co_buf_csv(b, s ? s : "", 0);
}

static void cell_cents(co_buf *b, int64_t c)
{
    if (c == CO_CENTS_NONE) {
        co_buf_put(b, ",", 1);
        return;
    }
    int64_t a = c < 0 ? -c : c;
    co_buf_printf(b, ",%s%lld.%02lld", c < 0 ? "-" : "", (long long)(a / 100),
                  (long long)(a % 100));
}

static void cell_num(co_buf *b, double v)
{
    co_buf_put(b, ",", 1);
    if (isfinite(v))
        co_buf_printf(b, "%s", co_num(0, v));
}

static void cell_year(co_buf *b, int t)
{
    if (t)
        co_buf_printf(b, ",%d", t);
    else
        co_buf_put(b, ",", 1);
}

static void cell_bool(co_buf *b, int v)
{
    co_buf_printf(b, ",%s", v == 1 ? "true" : v == 0 ? "false" : "");
}

void co_deadlines_csv(const co_plan *pl, co_buf *b)
{
    int lo = INT_MAX, hi = INT_MIN; /* the years of every gap list */
    for (int i = 0; pl->deadlines && i < pl->n_deadlines; i++)
        for (int k = 0; pl->deadlines[i].gaps && k < pl->deadlines[i].n_gaps; k++) {
            int t = pl->deadlines[i].gaps[k].year;
            lo = t < lo ? t : lo;
            hi = t > hi ? t : hi;
        }
    co_buf_printf(b, "need,state,deadline,deadline_year,overdue,placed_by_deadline,"
                     "completion_year,on_time,best_case_by_deadline,earliest_completion_year,"
                     "capacity_limited,capacity_missing,capacity_missing_units,"
                     "requested_deadline,extension_check,required_by_deadline,"
                     "capacity_by_deadline,unit,verdict");
    for (int t = lo; t <= hi; t++)
        co_buf_printf(b, ",gap_%d", t);
    co_buf_put(b, "\r\n", 2);
    for (int i = 0; pl->deadlines && i < pl->n_deadlines; i++) {
        const co_plan_deadline *e = &pl->deadlines[i];
        co_buf_csv(b, e->need ? e->need : "", 1);
        cell_text(b, e->state);
        cell_text(b, e->deadline);
        cell_year(b, e->deadline_year);
        cell_bool(b, e->overdue);
        cell_cents(b, e->has_plan ? e->placed : CO_CENTS_NONE);
        cell_year(b, e->has_plan ? e->completion_year : 0);
        cell_bool(b, e->has_plan ? e->on_time : -1);
        cell_cents(b, e->analysed ? e->best_case : CO_CENTS_NONE);
        cell_year(b, e->analysed ? e->earliest_year : 0);
        cell_bool(b, e->capacity_limited);
        cell_cents(b, e->capacity_missing);
        cell_num(b, e->capacity_missing_units);
        cell_text(b, e->requested_deadline);
        cell_text(b, e->extension_check);
        cell_cents(b, isfinite(e->required) ? co_cents(e->required) : CO_CENTS_NONE);
        cell_cents(b, isfinite(e->capacity) ? co_cents(e->capacity) : CO_CENTS_NONE);
        cell_text(b, e->unit);
        co_buf line;
        co_buf_init(&line);
        co_deadline_verdict(e, &line);
        co_buf_put(&line, "", 0);
        cell_text(b, line.data ? line.data : "");
        if (line.oom)
            b->oom = 1;
        co_buf_release(&line);
        for (int t = lo; t <= hi; t++) {
            int64_t c = CO_CENTS_NONE;
            for (int k = 0; e->analysed && e->gaps && k < e->n_gaps; k++)
                if (e->gaps[k].year == t)
                    c = e->gaps[k].cents;
            cell_cents(b, c);
        }
        co_buf_put(b, "\r\n", 2);
    }
}

void co_deadlines_csv_file(const co_plan *pl, co_buf *b)
{
    co_buf_put(b, CO_CSV_BOM, strlen(CO_CSV_BOM));
    co_deadlines_csv(pl, b);
}
