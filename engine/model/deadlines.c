/*
 * deadlines.c: the deadline analysis without GLPK (model/deadlines.h):
 * deadline years, the capacity limit and the target G, the extension
 * check, a plan's completion year, and the best-case problem of a need
 * built from the derived values by year (model/years.h) and the model's
 * eligible pairs (model/derive.h). The LPs are engine/solve's.
 */
#include "model/deadlines.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const check_words[] = {
    [CO_EXT_NOT_NEEDED] = "not_needed", [CO_EXT_FITS] = "fits",
    [CO_EXT_LONGER] = "longer_than_needed", [CO_EXT_TOO_SHORT] = "too_short",
    [CO_EXT_BEYOND] = "beyond_horizon"};

const char *co_ext_check_word(enum co_ext_check c)
{
    return c > CO_EXT_NONE && c <= CO_EXT_BEYOND ? check_words[c] : NULL;
}

int co_ext_check_parse(const char *word, enum co_ext_check *c)
{
    for (int i = CO_EXT_NOT_NEEDED; word && i <= CO_EXT_BEYOND; i++)
        if (strcmp(word, check_words[i]) == 0) {
            *c = (enum co_ext_check)i;
            return 0;
        }
    return -1;
}

int co_deadline_needs(const co_years *y, int *idx)
{
    int k = 0;
    if (!y->multi)
        return 0;
    for (int n = 0; n < y->nn; n++)
        if (y->deadline_year[n] != CO_NO_YEAR && y->deadline_year[n] <= y->last) {
            if (idx)
                idx[k] = n;
            k++;
        }
    return k;
}

int co_deadline_init(const co_dataset *ds, const co_years *y, int n, co_deadline *d)
{
    memset(d, 0, sizeof *d);
    d->n = n;
    d->deadline_year = y->deadline_year[n];
    d->due_year = y->due_year[n];
    d->requested_year = y->requested_year[n];
    d->overdue = d->deadline_year < y->first;
    d->required = co_years_required_by(y, n, d->due_year);
    d->capacity = 0;
    for (int t = y->first; t <= d->due_year; t++)
        d->capacity += co_years_absorb(y, n, t); /* INFINITY stays infinite */
    d->capacity_limited = isfinite(d->capacity) && d->capacity < d->required - CO_MET_USD;
    d->capacity_missing = d->capacity_limited ? d->required - d->capacity : 0.0;
    const co_need *nd = &ds->needs[n];
    d->capacity_missing_units = nd->has_work ? d->capacity_missing / nd->work.unit_cost : NAN;
    d->target = d->capacity < d->required ? d->capacity : d->required;
    d->best_case = NAN;
    d->earliest = CO_NO_YEAR;
    d->n_gap = d->due_year - y->first + 1;
    d->gap = calloc((size_t)d->n_gap, sizeof *d->gap);
    d->check = CO_EXT_NONE;
    return d->gap ? CO_OK : CO_EINTERNAL;
}

void co_deadline_finish(const co_years *y, co_deadline *d)
{
    int e = d->earliest, r = d->requested_year, none = e == CO_NO_YEAR;
    if (r == CO_NO_YEAR || !d->analysed)
        d->check = CO_EXT_NONE;
    else if (!none && e <= d->due_year)
        d->check = CO_EXT_NOT_NEEDED;
    else if (!none && e == r)
        d->check = CO_EXT_FITS;
    else if (!none && e < r)
        d->check = CO_EXT_LONGER;
    else if (!none || r <= y->last)
        d->check = CO_EXT_TOO_SHORT;
    else
        d->check = CO_EXT_BEYOND;
}

void co_deadline_release(co_deadline *d)
{
    if (!d)
        return;
    free(d->gap);
    d->gap = NULL;
    d->n_gap = 0;
}

void co_deadline_track(const co_years *y, int n, int due_year, const double *placed,
                       double *by_due, int *completion, int *on_time)
{
    double sum = 0;
    *by_due = 0;
    *completion = CO_NO_YEAR;
    for (int k = 0; k < y->ny; k++) {
        int t = y->first + k;
        sum += placed[k];
        if (t <= due_year)
            *by_due = sum;
        if (*completion == CO_NO_YEAR && sum >= co_years_required_by(y, n, t) - CO_MET_USD)
            *completion = t;
    }
    *on_time = *completion != CO_NO_YEAR && *completion <= due_year;
}

int co_donors_by_need(const co_instance *in, int **start, int **donor)
{
    int *st = calloc((size_t)in->nn + 2, sizeof *st);
    int *dn = malloc(((size_t)in->n_pairs + 1) * sizeof *dn);
    int *at = malloc(((size_t)in->nn + 1) * sizeof *at);
    if (!st || !dn || !at) {
        free(st);
        free(dn);
        free(at);
        return CO_EINTERNAL;
    }
    /* pair-years are in (donor, need, year) order: a donor's first
     * pair-year with a need starts the pair, and each need's donors come
     * in donor order */
    for (int i = 0; i < in->n_pairs; i++)
        if (i == 0 || in->pairs[i].d != in->pairs[i - 1].d || in->pairs[i].n != in->pairs[i - 1].n)
            st[in->pairs[i].n + 1]++;
    for (int n = 0; n < in->nn; n++)
        st[n + 1] += st[n];
    memcpy(at, st, (size_t)in->nn * sizeof *at);
    for (int i = 0; i < in->n_pairs; i++)
        if (i == 0 || in->pairs[i].d != in->pairs[i - 1].d || in->pairs[i].n != in->pairs[i - 1].n)
            dn[at[in->pairs[i].n]++] = in->pairs[i].d;
    free(at);
    *start = st;
    *donor = dn;
    return CO_OK;
}

int co_bc_problem_build(const co_instance *in, const co_years *y, const co_deadline *d,
                        const int *donors, int nd, co_bc_problem *pb)
{
    int n = d->n, a = in->ds->needs[n].a;
    memset(pb, 0, sizeof *pb);
    pb->ny = y->ny;
    pb->due = d->due_year - y->first;
    pb->absorb = &y->absorb[(size_t)n * (size_t)y->ny];
    pb->target = d->target;
    pb->required = malloc((size_t)y->ny * sizeof *pb->required);
    pb->donors = malloc(((size_t)nd + 1) * sizeof *pb->donors);
    if (!pb->required || !pb->donors) {
        co_bc_problem_release(pb);
        return CO_EINTERNAL;
    }
    for (int k = 0; k < y->ny; k++)
        pb->required[k] = co_years_required_by(y, n, y->first + k);
    for (int i = 0; i < nd; i++) {
        int dd = donors[i];
        double cap = co_inst_cap(in, dd, a);
        pb->donors[i] = (co_bc_donor){.budget = &y->budget[(size_t)dd * (size_t)y->ny],
                                      .cap = cap < 0 ? INFINITY : cap,
                                      .carry = y->carry[dd] != 0};
    }
    pb->nd = nd;
    return CO_OK;
}

void co_bc_problem_release(co_bc_problem *pb)
{
    if (!pb)
        return;
    free(pb->required);
    free(pb->donors);
    memset(pb, 0, sizeof *pb);
}
