/*
 * derive.h: the model's data derived from a valid dataset and parameters
 * (MODEL.md "Derived values", MULTIYEAR.md "Model"): remaining need,
 * urgency, eligible pairs by year with their weights and tightest bounds,
 * candidate seats. Years index money only: each pair carries a year, and a
 * dataset without years has one, so its model is MODEL.md's. Pure C: no
 * GLPK here, so it is unit-tested against hand computations.
 */
#ifndef CO_DERIVE_H
#define CO_DERIVE_H

#include "data/dataset.h"
#include "model/years.h"

/* A pair-year: one donor's money to one need in one year (x_{d,n,t}). The
 * pair-years of one (donor, need) are consecutive, in year order. */
typedef struct co_pair {
    int d, n;  /* donor and need indexes */
    int seat;  /* index into co_instance.seats */
    int t;     /* year index: the year is yr.first + t (0 in one period) */
    double w;  /* value of one USD in that year: w_{d,n} times the year factor */
    double U;  /* min(R_n, A_{n,t}, B_{d,a(n)}, B_{d,t}; cumulative with carry-over) */
} co_pair;

typedef struct co_seat {
    int d, s;
    int first, count; /* its pairs: seat_pairs[first .. first+count-1] */
} co_seat;

typedef struct co_instance {
    const co_dataset *ds; /* borrowed */
    co_params p;
    int nd, nn, ns, na;
    co_years yr;       /* years, budgets and absorption by year (model/years.h) */
    int ny;            /* yr.ny: 1 in one period */
    double *B;         /* per donor: budget over the horizon, sum_t B_{d,t} */
    double *R, *u;     /* per need: R_n over the horizon, urgency */
    long *days_left;   /* per need; valid where the need has a deadline */
    double *state_R;   /* per State: sum of R_n over all its needs */
    double *expertise; /* nd * na, 0 where not given */
    double *cap;       /* nd * na, -1 where no cap */
    co_pair *pairs;    /* pair-years, sorted by (donor, need, year) */
    int n_pairs;
    co_seat *seats;    /* (donor, State) with an eligible pair, sorted */
    int n_seats;
    int *seat_pairs;   /* pair indexes grouped by seat, each group in (need, year) order */
    int *largest_need; /* per State: need with the largest R (ties: smaller id), or -1 */
} co_instance;

/* Urgency u_n (MODEL.md "Derived values") for t days left (has_deadline 0: none). */
double co_urgency(const co_params *p, int has_deadline, long t);
/* Value of one USD: u * q * (beta + (1 - beta) * e) * (1 + pi * prio). */
double co_weight(const co_params *p, double u, double q, double e, int prio);

/* Derives the instance of MODEL.md "Derived values" from a validated
 * dataset (lists sorted, references resolved to indexes) and the
 * effective parameters p (co_params_resolve): per need R_n = max(0,
 * amount - secured) in USD, days left and urgency u_n; per State the sum
 * of R_n and its largest need; expertise and area caps per donor and area
 * (nd * na); the eligible pairs in (donor, need) order with their weight
 * w_{d,n} and bound U = min(R_n, B_d, B_{d,a(n)}); the candidate seats
 * (a donor and a State it has an eligible pair in) in (donor, State) order,
 * and each seat's pairs. ds is borrowed and must outlive inst (inst->ds);
 * p is copied. *inst is the caller's (co_instance_release). CO_EINTERNAL
 * "out of memory building the model data", *inst then empty. */
int co_instance_build(const co_dataset *ds, const co_params *p, co_instance *inst,
                      co_diag *dg);
/* Frees what co_instance_build made; inst is empty again (NULL: nothing). */
void co_instance_release(co_instance *inst);

/* Expertise and cap lookups. */
static inline double co_inst_expertise(const co_instance *in, int d, int a)
{
    return in->expertise[(size_t)d * (size_t)in->na + (size_t)a];
}
static inline double co_inst_cap(const co_instance *in, int d, int a)
{
    return in->cap[(size_t)d * (size_t)in->na + (size_t)a];
}

/* Indexes of per-year arrays (rows and duals by year): donor and year,
 * donor, area and year, need and year. With one year they are the
 * one-period indexes d, d * na + a and n. */
static inline size_t co_inst_dy(const co_instance *in, int d, int t)
{
    return (size_t)d * (size_t)in->ny + (size_t)t;
}
static inline size_t co_inst_day(const co_instance *in, int d, int a, int t)
{
    return ((size_t)d * (size_t)in->na + (size_t)a) * (size_t)in->ny + (size_t)t;
}
static inline size_t co_inst_ny(const co_instance *in, int n, int t)
{
    return (size_t)n * (size_t)in->ny + (size_t)t;
}
/* The calendar year of a pair-year. */
static inline int co_inst_year(const co_instance *in, int pair)
{
    return in->yr.first + in->pairs[pair].t;
}
/* What donor d can place in year index t: B_{d,t}, or with carry-over all
 * it has received up to t. */
double co_inst_available(const co_instance *in, int d, int t);

/* The best use of one pair's years (pairs i .. i + count - 1, one donor and
 * need) at the values c[i] a USD: the most valuable years first, each to
 * its U, at most min(R_n, sum of U) in all (the horizon link), years of
 * value <= 0 left out. x[i] gets the amounts (may be NULL), *amount their
 * sum (may be NULL); returns the value. One year: c[i] * U when c[i] > 0. */
double co_pair_fill(const co_instance *in, int i, int count, const double *c, double *x,
                    double *amount);
/* The number of pair-years of the pair whose first year is pair i. */
int co_pair_years(const co_instance *in, int i);

#endif
