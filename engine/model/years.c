/*
 * years.c: deadline years, capacity, secured money spent first, absorption,
 * requirements and budgets by year (MULTIYEAR.md "Derived values"),
 * computed once from a validated dataset. The model and the deadline
 * analysis build on these; rounding and reporting are left to them.
 */
#include "model/years.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

int co_year_end_nearest(long day)
{
    char date[11];
    co_format_date(day, date);
    int year = (int)strtol(date, NULL, 10);
    int month = (date[5] - '0') * 10 + (date[6] - '0');
    return month >= 7 ? year : year - 1;
}

/* The value a year map gives year t, or `none` when it names no value. */
static double year_value(const co_year_map *m, int t, double none)
{
    for (int i = 0; i < m->n; i++)
        if (m->v[i].year == t)
            return m->v[i].value;
    return m->has_all ? m->all : none;
}

void co_years_release(co_years *y)
{
    if (!y)
        return;
    free(y->deadline_year);
    free(y->due_year);
    free(y->requested_year);
    free(y->national);
    free(y->R);
    free(y->capacity);
    free(y->secured);
    free(y->absorb);
    free(y->budget);
    free(y->carry);
    free(y->amount);
    memset(y, 0, sizeof *y);
}

int co_years_build(const co_dataset *ds, const co_params *p, co_years *y, co_diag *dg)
{
    memset(y, 0, sizeof *y);
    y->multi = ds->has_years;
    if (y->multi) {
        y->first = ds->years.first;
        y->last = ds->years.last;
    } else {
        char date[11];
        co_format_date(p->as_of_day, date);
        y->first = y->last = (int)strtol(date, NULL, 10);
    }
    int ny = y->ny = y->last - y->first + 1;
    int nn = y->nn = ds->n_needs, nd = y->nd = ds->n_donors;
    size_t nny = (size_t)nn * (size_t)ny + 1, ndy = (size_t)nd * (size_t)ny + 1;
    y->deadline_year = malloc(((size_t)nn + 1) * sizeof *y->deadline_year);
    y->due_year = malloc(((size_t)nn + 1) * sizeof *y->due_year);
    y->requested_year = malloc(((size_t)nn + 1) * sizeof *y->requested_year);
    y->national = calloc((size_t)nn + 1, sizeof *y->national);
    y->R = calloc((size_t)nn + 1, sizeof *y->R);
    y->amount = calloc((size_t)nn + 1, sizeof *y->amount);
    y->capacity = malloc(nny * sizeof *y->capacity);
    y->secured = calloc(nny, sizeof *y->secured);
    y->absorb = malloc(nny * sizeof *y->absorb);
    y->budget = malloc(ndy * sizeof *y->budget);
    y->carry = calloc((size_t)nd + 1, 1);
    if (!y->deadline_year || !y->due_year || !y->requested_year || !y->national || !y->R ||
        !y->amount || !y->capacity || !y->secured || !y->absorb || !y->budget || !y->carry) {
        co_err(dg, "out of memory building the model's years");
        co_years_release(y);
        return CO_EINTERNAL;
    }

    for (int n = 0; n < nn; n++) {
        const co_need *nd_ = &ds->needs[n];
        /* a work need's amount is remaining * unit_cost (a given amount
         * only agrees with it to one USD: docs/MODEL-NOTES.md) */
        y->amount[n] = nd_->has_work ? nd_->work.remaining * nd_->work.unit_cost : nd_->amount;
        y->deadline_year[n] = y->due_year[n] = y->requested_year[n] = CO_NO_YEAR;
        if (nd_->deadline) {
            int yn = co_year_end_nearest(nd_->deadline_day);
            y->deadline_year[n] = yn;
            y->due_year[n] = yn > y->first ? yn : y->first;
        }
        if (nd_->requested_deadline)
            y->requested_year[n] = co_year_end_nearest(nd_->requested_day);
        const co_work *w = &nd_->work;
        double N = nd_->has_work && w->has_national_per_year ? w->national_per_year : 0;
        y->national[n] = N;
        /* capacity, then secured money spent first from Y0 on, then what
         * donors can place: A = (C - N) - s, so a year secured money fills
         * reads exactly 0 */
        double left = nd_->secured;
        for (int k = 0; k < ny; k++) {
            size_t i = (size_t)n * (size_t)ny + (size_t)k;
            double C;
            if (nd_->has_work)
                C = w->has_per_year ? w->per_year * w->unit_cost : INFINITY;
            else
                C = year_value(&nd_->per_year_max, y->first + k, INFINITY);
            double room = C - N;
            double s = room < left ? room : left;
            if (s < 0)
                s = 0;
            left -= s;
            y->capacity[i] = C;
            y->secured[i] = s;
            y->absorb[i] = isfinite(room) ? room - s : INFINITY;
        }
        double R = y->amount[n] - nd_->secured - N * ny;
        y->R[n] = R > 0 ? R : 0;
    }
    for (int d = 0; d < nd; d++) {
        const co_donor *dn = &ds->donors[d];
        y->carry[d] = y->multi && dn->carry_over;
        for (int k = 0; k < ny; k++)
            y->budget[(size_t)d * (size_t)ny + (size_t)k] =
                year_value(&dn->budget_by_year, y->first + k, dn->budget);
    }
    return CO_OK;
}

double co_years_required_by(const co_years *y, int n, int T)
{
    if (T < y->first)
        T = y->first;
    if (T > y->last)
        T = y->last;
    double r = y->amount[n] - y->national[n] * (double)(T - y->first + 1);
    for (int t = y->first; t <= T; t++)
        r -= y->secured[(size_t)n * (size_t)y->ny + (size_t)(t - y->first)];
    return r > 0 ? r : 0;
}

double co_years_budget_to(const co_years *y, int d, int t)
{
    if (t > y->last)
        t = y->last;
    double b = 0;
    for (int k = y->first; k <= t; k++)
        b += co_years_budget(y, d, k);
    return b;
}

double co_years_factor(const co_years *y, const co_params *p, int n, int t)
{
    double f = pow(1.0 - p->year_discount, (double)(t - y->first));
    if (y->due_year[n] != CO_NO_YEAR && t > y->due_year[n])
        f *= p->late_factor;
    return f;
}
