/*
 * deadline_change.c: one obligation's deadline figures compared between
 * two plans (deadline_change.h), in the words `diff` has always used.
 * Each side holds the figures as the plan JSON gives them; what changed
 * is worked out from the two sides alone, so a change read back from a
 * comparison file prints as it did when it was made.
 */
#include "result/deadline_change.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fmt.h"

static void side_of(const co_plan_deadline *e, co_deadline_side *s)
{
    int p = e && e->has_plan, a = e && e->analysed;
    s->analysed = e ? a : -1;
    s->placed = p ? e->placed : CO_CENTS_NONE;
    s->completion_year = p ? e->completion_year : 0;
    s->on_time = p ? e->on_time == 1 : -1;
    s->earliest_year = a ? e->earliest_year : 0;
    s->capacity_limited = e ? e->capacity_limited == 1 : -1;
    s->extension_check = a ? e->extension_check : NULL;
}

static int same_str(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* Which figures changed. */
typedef struct what {
    int placed, done, late, early, cap, check;
} what;

static what what_changed(const co_deadline_change *c)
{
    const co_deadline_side *x = &c->from, *y = &c->to;
    int xp = x->placed != CO_CENTS_NONE, yp = y->placed != CO_CENTS_NONE;
    int xa = x->analysed == 1, ya = y->analysed == 1;
    what w;
    w.placed = xp != yp || (xp && x->placed != y->placed);
    w.done = xp != yp || (xp && x->completion_year != y->completion_year);
    w.late = xp != yp || (xp && x->on_time != y->on_time);
    w.early = xa != ya || (xa && x->earliest_year != y->earliest_year);
    w.cap = x->analysed < 0 || y->analysed < 0 || x->capacity_limited != y->capacity_limited;
    w.check = !same_str(x->extension_check, y->extension_check);
    return w;
}

int co_deadline_changed(const co_deadline_change *c)
{
    what w = what_changed(c);
    return w.placed || w.done || w.late || w.early || w.cap || w.check;
}

int co_deadline_change_of(const char *need, const co_plan_deadline *x, const co_plan_deadline *y,
                          co_deadline_change *c)
{
    c->need = need;
    side_of(x, &c->from);
    side_of(y, &c->to);
    return co_deadline_changed(c);
}

/* "2022", "none" (no year), "n/a" (not given) */
static const char *year_text(char *buf, size_t n, int given, int year)
{
    if (!given)
        snprintf(buf, n, "n/a");
    else if (!year)
        snprintf(buf, n, "none");
    else
        snprintf(buf, n, "%d", year);
    return buf;
}

/* "SEPLABEL 2024 -> 2022"; returns the next separator. */
static const char *years(co_buf *b, const char *sep, const char *label, const char *arrow,
                         int given_x, int x, int given_y, int y)
{
    char s1[16], s2[16];
    co_buf_printf(b, "%s%s %s%s%s", sep, label, year_text(s1, sizeof s1, given_x, x), arrow,
                  year_text(s2, sizeof s2, given_y, y));
    return "; ";
}

static const char *yes_no(int v)
{
    return v == 1 ? "yes" : "no";
}

void co_deadline_change_parts(co_buf *b, const co_deadline_change *c, const char *arrow)
{
    const co_deadline_side *x = &c->from, *y = &c->to;
    int xp = x->placed != CO_CENTS_NONE, yp = y->placed != CO_CENTS_NONE;
    int xa = x->analysed == 1, ya = y->analysed == 1;
    int both = x->analysed >= 0 && y->analysed >= 0;
    what w = what_changed(c);
    char s1[32], s2[32], s3[32];
    const char *sep = "";
    if (!both) {
        co_buf_printf(b, "%s", x->analysed >= 0 ? "no longer analysed" : "newly analysed");
        sep = "; ";
    }
    if (w.placed && xp && yp) {
        co_buf_printf(b, "%splaced by the deadline %s%s%s (%s%s)", sep, co_fmt_usd(x->placed, s1),
                      arrow, co_fmt_usd(y->placed, s2), y->placed > x->placed ? "+" : "",
                      co_fmt_usd(y->placed - x->placed, s3));
        sep = "; ";
    }
    if (w.done)
        sep = years(b, sep, "completion", arrow, xp, x->completion_year, yp, y->completion_year);
    if (w.late && !w.done && xp && yp) {
        co_buf_printf(b, "%son time %s%s%s", sep, yes_no(x->on_time), arrow, yes_no(y->on_time));
        sep = "; ";
    }
    if (w.early)
        sep = years(b, sep, "earliest completion", arrow, xa, x->earliest_year, ya,
                    y->earliest_year);
    if (w.cap && both) {
        co_buf_printf(b, "%scapacity limited %s%s%s", sep, yes_no(x->capacity_limited), arrow,
                      yes_no(y->capacity_limited));
        sep = "; ";
    }
    if (w.check)
        co_buf_printf(b, "%sextension check %s%s%s", sep,
                      x->extension_check ? x->extension_check : "none", arrow,
                      y->extension_check ? y->extension_check : "none");
}

/* {"from": a, "to": b} */
static co_json *pair(int *oom, co_json *a, co_json *b)
{
    co_json *o = co_json_new_object();
    co_json_put(oom, o, "from", a);
    co_json_put(oom, o, "to", b);
    return o;
}

static co_json *usd_json(int64_t c)
{
    return c == CO_CENTS_NONE ? co_json_new_null() : co_json_new_number(co_usd(c));
}

static co_json *year_json(int year)
{
    return year ? co_json_new_number(year) : co_json_new_null();
}

static co_json *bool_json(int v)
{
    return v < 0 ? co_json_new_null() : co_json_new_bool(v == 1);
}

co_json *co_deadline_change_json(const co_deadline_change *c)
{
    const co_deadline_side *x = &c->from, *y = &c->to;
    int oom = 0;
    co_json *o = co_json_new_object();
    co_json_put(&oom, o, "need", co_json_new_string(c->need));
    co_json_put(&oom, o, "placed_by_deadline", pair(&oom, usd_json(x->placed), usd_json(y->placed)));
    co_json_put(&oom, o, "completion_year",
                pair(&oom, year_json(x->completion_year), year_json(y->completion_year)));
    co_json_put(&oom, o, "on_time", pair(&oom, bool_json(x->on_time), bool_json(y->on_time)));
    co_json_put(&oom, o, "earliest_completion_year",
                pair(&oom, year_json(x->earliest_year), year_json(y->earliest_year)));
    co_json_put(&oom, o, "capacity_limited",
                pair(&oom, bool_json(x->capacity_limited), bool_json(y->capacity_limited)));
    co_json_put(&oom, o, "extension_check",
                pair(&oom, co_json_new_string(x->extension_check),
                     co_json_new_string(y->extension_check)));
    if (oom) {
        co_json_free(o);
        return NULL;
    }
    return o;
}

static int cmp_need(const void *x, const void *y)
{
    const co_plan_deadline *a = *(const co_plan_deadline *const *)x;
    const co_plan_deadline *b = *(const co_plan_deadline *const *)y;
    return strcmp(a->need ? a->need : "", b->need ? b->need : "");
}

const co_plan_deadline **co_deadlines_by_need(const co_plan *pl, int *n)
{
    *n = pl && pl->deadlines ? pl->n_deadlines : 0;
    const co_plan_deadline **v = malloc(((size_t)*n + 1) * sizeof *v);
    for (int i = 0; v && i < *n; i++)
        v[i] = &pl->deadlines[i];
    if (v && *n > 1)
        qsort(v, (size_t)*n, sizeof *v, cmp_need);
    return v;
}

int co_deadline_changes(const co_plan_deadline *const *a, int na,
                        const co_plan_deadline *const *b, int nb, co_deadline_change *out)
{
    int i = 0, k = 0, m = 0;
    while (i < na || k < nb) {
        int c = i == na ? 1 : k == nb ? -1 : strcmp(a[i]->need ? a[i]->need : "",
                                                     b[k]->need ? b[k]->need : "");
        const co_plan_deadline *x = c <= 0 ? a[i] : NULL, *y = c >= 0 ? b[k] : NULL;
        i += c <= 0;
        k += c >= 0;
        m += co_deadline_change_of(x ? x->need : y->need, x, y, &out[m]);
    }
    return m;
}
