/*
 * report.c: the readable summary of a plan: per State its coverage,
 * nearest deadline, lead and members by area, funding by year (multi-year
 * plans), unmet urgent needs; then a multi-year plan's Deadlines section
 * (render/deadlines.c); donors with utilisation and marginal value (by
 * year in a multi-year plan); last the status line and what the time
 * limit skipped; a State without a coalition or below the floor says
 * why and what would change it (report_dx.c). Reads only the plan
 * (result/plan.h); its totals are co_plan_totals_of's.
 */
#include "render/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "render/deadlines.h"


static void pct(char *buf, size_t n, double v)
{
    if (isfinite(v))
        snprintf(buf, n, "%.1f%%", v * 100.0);
    else
        snprintf(buf, n, "n/a");
}

static int same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static const char *or_empty(const char *s)
{
    return s ? s : "";
}

/* "in 12 days" / "overdue by 3 days" parts of a deadline */
static const char *when(double days)
{
    return days < 0 ? "overdue by" : "in";
}

static long day_count(double days)
{
    return isfinite(days) ? (long)fabs(days) : 0;
}

/* An area's total from one member in one State. */
typedef struct area_sum {
    const char *area;
    int64_t cents;
} area_sum;

static int cmp_area(const void *a, const void *b)
{
    return strcmp(((const area_sum *)a)->area, ((const area_sum *)b)->area);
}

/* "clearance 1,000, victim_assistance 500": a member's amounts by area in
 * State `state`, areas by id. */
static void member_areas(const co_plan *pl, const char *state, const char *donor, co_buf *b)
{
    area_sum *v = malloc(((size_t)pl->n_allocs + 1) * sizeof *v);
    int n = 0;
    char m1[32];
    if (!v) {
        b->oom = 1;
        return;
    }
    for (int k = 0; pl->allocs && k < pl->n_allocs; k++) {
        const co_plan_alloc *al = &pl->allocs[k];
        if (!same(al->donor, donor) || !same(al->state, state) || !al->area ||
            al->cents == CO_CENTS_NONE)
            continue;
        int i = 0;
        while (i < n && strcmp(v[i].area, al->area) != 0)
            i++;
        if (i == n)
            v[n++] = (area_sum){al->area, 0};
        v[i].cents += al->cents;
    }
    qsort(v, (size_t)n, sizeof *v, cmp_area);
    int first = 1;
    for (int i = 0; i < n; i++) {
        if (v[i].cents > 0) {
            co_buf_printf(b, "%s%s %s", first ? "" : ", ", v[i].area, co_fmt_usd(v[i].cents, m1));
            first = 0;
        }
    }
    free(v);
}

/* "  funding by year: 2019 350,000; 2020 600,000; ..." of a State in a
 * multi-year plan. */
static void years_line(const co_plan *pl, const char *state, co_buf *b)
{
    int ny = co_plan_years(pl);
    int64_t *cents = malloc(((size_t)ny + 1) * sizeof *cents);
    char m1[32];
    if (!cents) {
        b->oom = 1;
        return;
    }
    co_plan_year_cents(pl, state, NULL, cents);
    co_buf_printf(b, "  funding by year:");
    for (int t = 0; t < ny; t++)
        co_buf_printf(b, "%s %d %s", t ? ";" : "", pl->years_first + t,
                      co_fmt_usd(cents[t], m1));
    co_buf_put(b, "\n", 1);
    free(cents);
}

static void state_block(const co_plan *pl, const co_plan_coalition *c, co_buf *b)
{
    char m1[32], m2[32], cov[16];
    pct(cov, sizeof cov, c->coverage);
    co_buf_printf(b, "%s  %s\n", or_empty(c->state), or_empty(c->name));
    co_buf_printf(b, "  coverage %s: %s of %s USD requested", cov,
                  co_fmt_usd(c->allocated == CO_CENTS_NONE ? 0 : c->allocated, m1),
                  co_fmt_usd(co_cents(c->requested), m2));
    /* the nearest deadline among needs still open */
    const co_plan_need *near = NULL;
    for (int n = 0; pl->needs && n < pl->n_needs; n++) {
        const co_plan_need *nd = &pl->needs[n];
        if (same(nd->state, c->state) && nd->requested > 0 && nd->deadline &&
            isfinite(nd->days_left) && (!near || nd->days_left < near->days_left))
            near = nd;
    }
    if (near) {
        int extended = near->original_deadline && strcmp(near->original_deadline, near->deadline) != 0;
        co_buf_printf(b, "; deadline %s (%s %ld days%s%s)", near->deadline, when(near->days_left),
                      day_count(near->days_left), extended ? ", extended from " : "",
                      extended ? near->original_deadline : "");
    }
    co_buf_put(b, "\n", 1);
    if (isfinite(c->marginal_value) && c->marginal_value > 0)
        co_buf_printf(b, "  one more USD of need here would be worth %.4f (in its best fully "
                         "funded need)\n",
                      c->marginal_value);
    if (c->n_members == 0) {
        co_buf_printf(b, "  no coalition\n");
    } else {
        co_buf_printf(b, "  lead %s\n", or_empty(c->lead));
        for (int i = 0; i < c->n_members; i++) {
            const co_plan_member *m = &c->members[i];
            co_buf_printf(b, "    %-10s %14s USD  ", or_empty(m->donor),
                          co_fmt_usd(m->cents == CO_CENTS_NONE ? 0 : m->cents, m1));
            member_areas(pl, c->state, m->donor, b);
            co_buf_put(b, "\n", 1);
        }
        if (co_plan_years(pl))
            years_line(pl, c->state, b);
    }
    co_plan_summary_diagnosis(c, b);
    for (int n = 0; pl->needs && n < pl->n_needs; n++) {
        const co_plan_need *nd = &pl->needs[n];
        if (!same(nd->state, c->state) || !(nd->urgency > 1.0) || nd->unmet == CO_CENTS_NONE ||
            nd->unmet < 100)
            continue;
        co_buf_printf(b, "  unmet urgent: %s %s USD (urgency %.2f, deadline %s, %s %ld days)\n",
                      or_empty(nd->need), co_fmt_usd(nd->unmet, m1), nd->urgency,
                      nd->deadline ? nd->deadline : "none", when(nd->days_left),
                      day_count(nd->days_left));
    }
}

/* A value printed with four decimals, without "-0.0000" for a dual that
 * is zero up to the solver's tolerance. */
static double four_places(double v)
{
    return fabs(v) < 0.00005 ? 0.0 : v;
}

/* A donor's years below its line: what it places, its budget and the
 * value of one more dollar, year by year. */
static void donor_years(const co_plan_donor *r, co_buf *b)
{
    char m1[32];
    co_buf_printf(b, "    allocated by year:");
    for (int t = 0; t < r->n_by_year; t++)
        co_buf_printf(b, "%s %d %s", t ? ";" : "", r->by_year[t].year,
                      co_fmt_usd(r->by_year[t].allocated == CO_CENTS_NONE ? 0
                                                                          : r->by_year[t].allocated,
                                 m1));
    co_buf_printf(b, "\n    budget by year:   ");
    for (int t = 0; t < r->n_by_year; t++)
        co_buf_printf(b, "%s %d %s", t ? ";" : "", r->by_year[t].year,
                      co_fmt_usd(co_cents(r->by_year[t].budget), m1));
    co_buf_printf(b, "\n    +1 USD by year:   ");
    for (int t = 0; t < r->n_by_year; t++) {
        co_buf_printf(b, "%s %d ", t ? ";" : "", r->by_year[t].year);
        if (isfinite(r->by_year[t].marginal_value))
            co_buf_printf(b, "%.4f", four_places(r->by_year[t].marginal_value));
        else
            co_buf_printf(b, "n/a");
    }
    co_buf_put(b, "\n", 1);
}

static void seat_list(const co_plan_seat *v, int n, char sign, co_buf *b)
{
    for (int j = 0; j < n; j++)
        co_buf_printf(b, "%s%c%s@%s", j ? " " : "", sign, or_empty(v[j].donor),
                      or_empty(v[j].state));
}

/* Price of fairness, baseline, explanation and alternatives, when present. */
static void whatif_blocks(const co_plan *pl, co_buf *b)
{
    char m1[32];
    if (isfinite(pl->price_of_fairness))
        co_buf_printf(b, "\nPrice of fairness: %s USD of value given up for the coverage floor "
                         "of %.0f%% (against the same run without it)\n",
                      co_fmt_usd(co_cents(pl->price_of_fairness), m1),
                      co_plan_param_value(pl, "coverage_floor") * 100.0);
    if (pl->baseline.given)
        co_buf_printf(b, "\nAgainst the baseline %s: %d seat%s added, %d removed (stability "
                         "weight %s, penalty %s)%s\n",
                      pl->baseline.source ? pl->baseline.source : "plan", pl->baseline.added,
                      pl->baseline.added == 1 ? "" : "s", pl->baseline.removed,
                      co_num(0, pl->baseline.stability_weight),
                      co_fmt_usd(co_cents(pl->baseline.penalty), m1),
                      pl->baseline.keep_pledges == 1 ? "; its allocations kept as pledges" : "");
    if (pl->explanation.n_conflicts) {
        co_buf_printf(b, "\nNo plan: the rules cannot all hold.\n");
        for (int i = 0; i < pl->explanation.n_conflicts; i++)
            co_buf_printf(b, "  conflict: %s\n", or_empty(pl->explanation.conflicts[i]));
        co_buf_printf(b, "Smallest change that gives a plan:\n");
        for (int i = 0; i < pl->explanation.n_fixes; i++)
            co_buf_printf(b, "  %s\n", or_empty(pl->explanation.fixes[i]));
    }
    if (pl->alternatives.given) {
        co_buf_printf(b, "\nAlternatives within %s%% of the best (%d found)\n",
                      co_num(0, pl->alternatives.within), pl->alternatives.n);
        co_buf_printf(b, "  #  objective            below best      seats  seats added / removed\n");
        co_buf_printf(b, "  1  %-19.2f  %-14s  %5d\n", pl->total, "-", pl->seats);
        for (int i = 0; i < pl->alternatives.n; i++) {
            const co_plan_alternative *a = &pl->alternatives.plans[i];
            co_buf_printf(b, "  %-2d %-19.2f  %-14.2f  %5d  ", a->rank, a->total, a->below_best,
                          a->seats);
            seat_list(a->added, a->n_added, '+', b);
            co_buf_printf(b, "%s", a->n_added && a->n_removed ? " / " : "");
            seat_list(a->removed, a->n_removed, '-', b);
            co_buf_put(b, "\n", 1);
        }
    }
}

void co_plan_summary(const co_plan *pl, int with_timing, co_buf *b)
{
    char m1[32], m2[32], u[16];
    const char *name = pl->dataset_name ? pl->dataset_name : pl->source;
    co_buf_printf(b, "%s, as of %s", name ? name : "the dataset", or_empty(pl->as_of));
    if (co_plan_years(pl))
        co_buf_printf(b, ", years %d-%d", pl->years_first, pl->years_last);
    co_buf_printf(b, "%s%s\n\n", pl->scenario ? ", scenario " : "", or_empty(pl->scenario));
    co_plan_totals t = co_plan_totals_of(pl, NULL);
    co_buf_printf(b, "Requested %s USD, allocated %s USD", co_fmt_usd(t.requested, m1),
                  co_fmt_usd(t.allocated, m2));
    if (t.urgent_requested > 0) {
        pct(u, sizeof u, co_share(t.urgent_allocated, t.urgent_requested));
        co_buf_printf(b, "; urgent need covered %s", u);
    }
    co_buf_printf(b, "\n\nCountry Coalitions\n");
    for (int s = 0; pl->coalitions && s < pl->n_coalitions; s++) {
        co_buf_put(b, "\n", 1);
        state_block(pl, &pl->coalitions[s], b);
    }
    if (pl->deadlines) {
        co_buf_put(b, "\n", 1);
        co_deadlines_section(pl, b);
    }
    int multi = co_plan_years(pl) > 0;
    if (multi)
        co_buf_printf(b, "\nDonors%*sbudget      allocated    used\n", 12, "");
    else
        co_buf_printf(b, "\nDonors%*sbudget      allocated    used  value of +1 USD  for budgets "
                         "from .. to\n",
                      12, "");
    for (int d = 0; pl->donors && d < pl->n_donors; d++) {
        const co_plan_donor *r = &pl->donors[d];
        pct(u, sizeof u, r->utilisation);
        co_buf_printf(b, "  %-10s %14s %14s %7s%s", or_empty(r->donor),
                      co_fmt_usd(co_cents(r->budget), m1),
                      co_fmt_usd(r->allocated == CO_CENTS_NONE ? 0 : r->allocated, m2), u,
                      multi ? "\n" : "  ");
        if (multi) {
            donor_years(r, b);
            continue;
        }
        if (!isfinite(r->marginal_value)) {
            co_buf_printf(b, "n/a\n");
            continue;
        }
        co_buf_printf(b, "%-15.4f", four_places(r->marginal_value));
        if (isfinite(r->range_from))
            co_buf_printf(b, "  %s .. %s", co_fmt_usd(co_cents(r->range_from), m1),
                          isfinite(r->range_to) ? co_fmt_usd(co_cents(r->range_to), m2)
                                                : "no limit");
        co_buf_put(b, "\n", 1);
    }
    if (multi)
        co_buf_printf(b, "  (value of +1 USD: what one more dollar in that year's budget adds to the\n"
                         "   objective with the coalitions as they are)\n");
    else
        co_buf_printf(b, "  (value of +1 USD: what one more dollar to the donor adds to the objective\n"
                         "   with the coalitions as they are; it holds for budgets in the range shown)\n");
    if (pl->marginal_unique == 0)
        co_buf_printf(b, "  (the LP behind these values is degenerate: they are one valid set of "
                         "marginal values, not the only one)\n");
    whatif_blocks(pl, b);
    co_buf_printf(b, "\nStatus %s", pl->has_status ? co_status_name(pl->status) : "unknown");
    if (co_plan_has_solution(pl)) {
        co_buf_printf(b, ", objective %.2f (value %.2f, coordination %.2f, shortfall %.2f, %d seats)",
                      pl->total, pl->value, pl->coordination_cost, pl->shortfall_penalty,
                      pl->seats);
    }
    if (isfinite(pl->bound))
        co_buf_printf(b, ", bound %.2f", pl->bound);
    if (isfinite(pl->gap))
        co_buf_printf(b, ", gap %.4f%%", pl->gap * 100.0);
    co_buf_put(b, "\n", 1);
    /* the gap is the solved model's; cent rounding moves the plan's
     * objective a little, said only where it shows */
    if (co_plan_has_solution(pl) && isfinite(pl->model_total) &&
        fabs(pl->model_total - pl->total) >= 0.005)
        co_buf_printf(b, "  (the solved model's objective is %.2f; the plan's amounts are "
                         "rounded to cents)\n",
                      pl->model_total);
    for (int i = 0; pl->skipped && i < pl->n_skipped; i++)
        co_buf_printf(b, "Skipped: %s\n", pl->skipped[i]);
    if (with_timing)
        co_buf_printf(b, "Time %.2f s (load %.2f, build %.2f, solve %.2f); model %d rows, %d "
                         "columns (%d integer), %d nonzeros\n",
                      pl->load_s + pl->build_s + pl->solve_s, pl->load_s, pl->build_s,
                      pl->solve_s, pl->rows, pl->cols, pl->integer_cols, pl->nonzeros);
}
