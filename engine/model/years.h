/*
 * years.h: the derived values of MULTIYEAR.md "Derived values" for a
 * validated dataset and its parameters: deadline years, capacity, secured
 * money by year, what donors can place each year, requirements and budgets
 * by year. Pure C, no GLPK; the model (derive.c) and the deadline analysis
 * read them from here. A dataset without "years" gives one period: multi 0,
 * ny 1, and every per-year array holds MODEL.md's one-period values.
 */
#ifndef CO_YEARS_H
#define CO_YEARS_H

#include <limits.h>

#include "data/dataset.h"

#define CO_NO_YEAR INT_MIN

typedef struct co_years {
    int multi;          /* the dataset has "years" */
    int first, last;    /* Y0, Y1 (both year(as_of) when !multi) */
    int ny;             /* N_Y = last - first + 1 */
    int nn, nd;
    /* per need n */
    int *deadline_year;  /* Y_n (year end nearest the deadline), CO_NO_YEAR without a deadline */
    int *due_year;       /* Y*_n = max(Y_n, Y0); CO_NO_YEAR without a deadline */
    int *requested_year; /* Y_r from requested_deadline, CO_NO_YEAR when none */
    double *national;    /* N_n: USD a year the State pays itself (0 unless a work need) */
    double *R;           /* R_n over the horizon (MULTIYEAR.md; MODEL.md's R_n when !multi) */
    /* per need and year: index n * ny + (t - first) */
    double *capacity;    /* C_{n,t}, INFINITY where no limit */
    double *secured;     /* s_{n,t}: secured money spent in year t */
    double *absorb;      /* A_{n,t} = C - N - s (INFINITY where no limit) */
    /* per donor and year: index d * ny + (t - first) */
    double *budget;      /* B_{d,t} (the year's own budget, not cumulative) */
    unsigned char *carry;/* per donor: carry_over */
    /* added beside the agreed interface */
    double *amount;      /* per need: its amount (remaining * unit_cost for a work need) */
} co_years;

/* Fills y (released by co_years_release, also after a failure) from a
 * validated dataset and its resolved parameters. CO_OK, or CO_EINTERNAL
 * (out of memory) with a message in dg. */
int co_years_build(const co_dataset *ds, const co_params *p, co_years *y, co_diag *dg);
void co_years_release(co_years *y);
/* R_n(T): what must be placed by the end of year T to complete n by then
 * (MULTIYEAR.md "Requirements"), >= 0. T is taken inside first..last. */
double co_years_required_by(const co_years *y, int n, int T);
/* The year end nearest a day (days since 1970-01-01): year(d) for 1 July
 * to 31 December, year(d) - 1 for 1 January to 30 June. */
int co_year_end_nearest(long day);
/* B_{d,t} cumulative up to t (sum over tau <= t), for carry-over; t is
 * taken inside first..last (0 before first). */
double co_years_budget_to(const co_years *y, int d, int t);

/* The year factor of a weight, (1 - delta)^(t - Y0) * l_{n,t} with l =
 * late_factor after the need's due year Y*_n (MULTIYEAR.md "Weights");
 * exactly 1 in the first year of a need not late, so one period keeps
 * MODEL.md's weights. */
double co_years_factor(const co_years *y, const co_params *p, int n, int t);

/* Per-year arrays' entries. */
static inline double co_years_absorb(const co_years *y, int n, int t)
{
    return y->absorb[(size_t)n * (size_t)y->ny + (size_t)(t - y->first)];
}
static inline double co_years_budget(const co_years *y, int d, int t)
{
    return y->budget[(size_t)d * (size_t)y->ny + (size_t)(t - y->first)];
}

#endif
