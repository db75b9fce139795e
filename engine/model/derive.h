/*
 * derive.h: the model's data derived from a valid dataset and parameters
 * (MODEL.md "Derived values"): remaining need, urgency, eligible
 * pairs with their weights and tightest bounds, candidate seats. Pure C:
 * no GLPK here, so it is unit-tested against hand computations.
 */
#ifndef CO_DERIVE_H
#define CO_DERIVE_H

#include "data/dataset.h"

typedef struct co_pair {
    int d, n;  /* donor and need indexes */
    int seat;  /* index into co_instance.seats */
    double w;  /* value of one USD */
    double U;  /* min(R_n, B_d, B_{d,a(n)}) */
} co_pair;

typedef struct co_seat {
    int d, s;
    int first, count; /* its pairs: seat_pairs[first .. first+count-1] */
} co_seat;

typedef struct co_instance {
    const co_dataset *ds; /* borrowed */
    co_params p;
    int nd, nn, ns, na;
    double *R, *u;     /* per need */
    long *days_left;   /* per need; valid where the need has a deadline */
    double *state_R;   /* per State: sum of R_n over all its needs */
    double *expertise; /* nd * na, 0 where not given */
    double *cap;       /* nd * na, -1 where no cap */
    co_pair *pairs;    /* sorted by (donor, need) */
    int n_pairs;
    co_seat *seats;    /* (donor, State) with an eligible pair, sorted */
    int n_seats;
    int *seat_pairs;   /* pair indexes grouped by seat, each group in need order */
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

#endif
