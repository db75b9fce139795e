/*
 * report.c: the readable summary of a plan: per State its coverage,
 * nearest deadline, lead and members by area, unmet urgent needs; then
 * donors with utilisation and marginal value; last the status line.
 */
#include "render/report.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"


static void pct(char *buf, size_t n, double v)
{
    if (isfinite(v))
        snprintf(buf, n, "%.1f%%", v * 100.0);
    else
        snprintf(buf, n, "n/a");
}

static void state_block(const co_plan *pl, int s, co_buf *b)
{
    const co_dataset *ds = pl->ds;
    const co_instance *in = &pl->in;
    const co_coalition *c = &pl->coalitions[s];
    char m1[32], m2[32], cov[16];
    pct(cov, sizeof cov, c->requested > 0 ? co_usd(c->allocated) / c->requested : NAN);
    co_buf_printf(b, "%s  %s\n", ds->states[s].id, ds->states[s].name ? ds->states[s].name : "");
    co_buf_printf(b, "  coverage %s: %s of %s USD requested", cov, co_fmt_usd(c->allocated, m1),
                  co_fmt_usd(llround(c->requested * 100.0), m2));
    /* the nearest deadline among needs still open */
    int near = -1;
    for (int n = 0; n < in->nn; n++)
        if (ds->needs[n].s == s && in->R[n] > 0 && ds->needs[n].deadline &&
            (near < 0 || in->days_left[n] < in->days_left[near]))
            near = n;
    if (near >= 0) {
        long t = in->days_left[near];
        const co_need *nd = &ds->needs[near];
        int extended = nd->original_deadline && strcmp(nd->original_deadline, nd->deadline) != 0;
        co_buf_printf(b, "; deadline %s (%s %ld days%s%s)", nd->deadline,
                      t < 0 ? "overdue by" : "in", t < 0 ? -t : t,
                      extended ? ", extended from " : "", extended ? nd->original_deadline : "");
    }
    co_buf_put(b, "\n", 1);
    if (isfinite(c->marginal_value) && c->marginal_value > 0)
        co_buf_printf(b, "  one more USD of need here would be worth %.4f (in its best fully "
                         "funded need)\n",
                      c->marginal_value);
    if (c->n_members == 0) {
        co_buf_printf(b, "  no coalition\n");
    } else {
        co_buf_printf(b, "  lead %s\n", ds->donors[c->lead].id);
        for (int i = 0; i < c->n_members; i++) {
            int d = c->members[i].d;
            co_buf_printf(b, "    %-10s %14s USD  ", ds->donors[d].id,
                          co_fmt_usd(c->members[i].cents, m1));
            /* amounts by area: allocations are sorted by (state, need, donor) */
            int first = 1;
            for (int a = 0; a < in->na; a++) {
                int64_t sum = 0;
                for (int k = 0; k < pl->n_allocs; k++) {
                    const co_alloc *al = &pl->allocs[k];
                    if (al->d == d && ds->needs[al->n].s == s && ds->needs[al->n].a == a)
                        sum += al->cents;
                }
                if (sum > 0) {
                    co_buf_printf(b, "%s%s %s", first ? "" : ", ", ds->areas[a].id,
                                  co_fmt_usd(sum, m1));
                    first = 0;
                }
            }
            co_buf_put(b, "\n", 1);
        }
    }
    for (int n = 0; n < in->nn; n++) {
        const co_need *nd = &ds->needs[n];
        int64_t unmet = llround(in->R[n] * 100.0) - pl->needs[n].allocated;
        if (nd->s != s || !(in->u[n] > 1.0) || unmet < 100)
            continue;
        long t = in->days_left[n];
        co_buf_printf(b, "  unmet urgent: %s %s USD (urgency %.2f, deadline %s, %s %ld days)\n",
                      nd->id, co_fmt_usd(unmet, m1), in->u[n], nd->deadline,
                      t < 0 ? "overdue by" : "in", t < 0 ? -t : t);
    }
}

/* Price of fairness, baseline, explanation and alternatives, when present. */
static void whatif_blocks(const co_plan *pl, co_buf *b)
{
    const co_dataset *ds = pl->ds;
    char m1[32];
    if (isfinite(pl->price_of_fairness))
        co_buf_printf(b, "\nPrice of fairness: %s USD of value given up for the coverage floor "
                         "of %.0f%% (against the same run without it)\n",
                      co_fmt_usd(llround(pl->price_of_fairness * 100.0), m1),
                      pl->in.p.coverage_floor * 100.0);
    if (pl->baseline.source)
        co_buf_printf(b, "\nAgainst the baseline %s: %d seat%s added, %d removed (stability "
                         "weight %s, penalty %s)%s\n",
                      pl->baseline.source, pl->baseline.added, pl->baseline.added == 1 ? "" : "s",
                      pl->baseline.removed, co_num(0, pl->in.p.stability_weight),
                      co_fmt_usd(llround(pl->baseline.penalty * 100.0), m1),
                      pl->baseline.keep_pledges ? "; its allocations kept as pledges" : "");
    if (pl->explanation.n_conflicts) {
        co_buf_printf(b, "\nNo plan: the rules cannot all hold.\n");
        for (int i = 0; i < pl->explanation.n_conflicts; i++)
            co_buf_printf(b, "  conflict: %s\n", pl->explanation.conflicts[i]);
        co_buf_printf(b, "Smallest change that gives a plan:\n");
        for (int i = 0; i < pl->explanation.n_fixes; i++)
            co_buf_printf(b, "  %s\n", pl->explanation.fixes[i]);
    }
    if (pl->alts) {
        co_buf_printf(b, "\nAlternatives within %s%% of the best (%d found)\n", co_num(0, pl->within),
                      pl->n_alts);
        co_buf_printf(b, "  #  objective            below best      seats  seats added / removed\n");
        co_buf_printf(b, "  1  %-19.2f  %-14s  %5d\n", pl->total, "-", pl->seats);
        for (int i = 0; i < pl->n_alts; i++) {
            const co_alternative *a = &pl->alts[i];
            co_buf_printf(b, "  %-2d %-19.2f  %-14.2f  %5d  ", i + 2, a->total, pl->total - a->total,
                          a->seats);
            for (int j = 0; j < a->n_added; j++)
                co_buf_printf(b, "%s+%s@%s", j ? " " : "", ds->donors[pl->in.seats[a->added[j]].d].id,
                              ds->states[pl->in.seats[a->added[j]].s].id);
            co_buf_printf(b, "%s", a->n_added && a->n_removed ? " / " : "");
            for (int j = 0; j < a->n_removed; j++)
                co_buf_printf(b, "%s-%s@%s", j ? " " : "",
                              ds->donors[pl->in.seats[a->removed[j]].d].id,
                              ds->states[pl->in.seats[a->removed[j]].s].id);
            co_buf_put(b, "\n", 1);
        }
    }
}

void co_plan_summary(const co_plan *pl, int with_timing, co_buf *b)
{
    const co_dataset *ds = pl->ds;
    const co_instance *in = &pl->in;
    char m1[32], m2[32], u[16];
    co_buf_printf(b, "%s, as of %s%s%s\n\n", ds->name ? ds->name : ds->source, in->p.as_of,
                  pl->scenario ? ", scenario " : "", pl->scenario ? pl->scenario : "");
    int64_t req = 0, got = 0, ureq = 0, ugot = 0;
    for (int n = 0; n < in->nn; n++) {
        int64_t r = llround(in->R[n] * 100.0);
        req += r;
        got += pl->needs[n].allocated;
        if (in->u[n] > 1.0) {
            ureq += r;
            ugot += pl->needs[n].allocated;
        }
    }
    co_buf_printf(b, "Requested %s USD, allocated %s USD", co_fmt_usd(req, m1), co_fmt_usd(got, m2));
    if (ureq > 0) {
        pct(u, sizeof u, (double)ugot / (double)ureq);
        co_buf_printf(b, "; urgent need covered %s", u);
    }
    co_buf_printf(b, "\n\nCountry Coalitions\n");
    for (int s = 0; s < in->ns; s++) {
        co_buf_put(b, "\n", 1);
        state_block(pl, s, b);
    }
    co_buf_printf(b, "\nDonors%*sbudget      allocated    used  value of +1 USD  for budgets "
                     "from .. to\n",
                  12, "");
    for (int d = 0; d < in->nd; d++) {
        const co_donor_result *r = &pl->donors[d];
        double budget = ds->donors[d].budget;
        pct(u, sizeof u, budget > 0 ? co_usd(r->allocated) / budget : NAN);
        co_buf_printf(b, "  %-10s %14s %14s %7s  ", ds->donors[d].id,
                      co_fmt_usd(llround(budget * 100.0), m1), co_fmt_usd(r->allocated, m2), u);
        if (!isfinite(r->marginal_value)) {
            co_buf_printf(b, "n/a\n");
            continue;
        }
        co_buf_printf(b, "%-15.4f", r->marginal_value);
        if (isfinite(r->budget_lo))
            co_buf_printf(b, "  %s .. %s", co_fmt_usd(llround(r->budget_lo * 100.0), m1),
                          isfinite(r->budget_hi) ? co_fmt_usd(llround(r->budget_hi * 100.0), m2)
                                                 : "no limit");
        co_buf_put(b, "\n", 1);
    }
    co_buf_printf(b, "  (value of +1 USD: what one more dollar to the donor adds to the objective\n"
                     "   with the coalitions as they are; it holds for budgets in the range shown)\n");
    if (pl->marginal_available && pl->degenerate)
        co_buf_printf(b, "  (the LP behind these values is degenerate: they are one valid set of "
                         "marginal values, not the only one)\n");
    whatif_blocks(pl, b);
    co_buf_printf(b, "\nStatus %s", co_status_name(pl->status));
    if (pl->status == CO_ST_OPTIMAL || pl->status == CO_ST_FEASIBLE) {
        co_buf_printf(b, ", objective %.2f (value %.2f, coordination %.2f, shortfall %.2f, %d seats)",
                      pl->total, pl->value, pl->coordination_cost, pl->shortfall_penalty,
                      pl->seats);
    }
    if (isfinite(pl->bound))
        co_buf_printf(b, ", bound %.2f", pl->bound);
    if (isfinite(pl->gap))
        co_buf_printf(b, ", gap %.4f%%", pl->gap * 100.0);
    co_buf_put(b, "\n", 1);
    for (unsigned bit = 1; bit < CO_SKIP_END; bit <<= 1)
        if (pl->skipped & bit)
            co_buf_printf(b, "Skipped: %s\n", co_skip_text(bit));
    if (with_timing)
        co_buf_printf(b, "Time %.2f s (load %.2f, build %.2f, solve %.2f); model %d rows, %d "
                         "columns (%d integer), %d nonzeros\n",
                      pl->load_s + pl->build_s + pl->solve_s, pl->load_s, pl->build_s,
                      pl->solve_s, pl->rows, pl->cols, pl->integer_cols, pl->nonzeros);
}
