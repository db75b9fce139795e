/*
 * lagrange.h: an upper bound on the model's optimum by Lagrangian
 * relaxation (docs/MODEL-NOTES.md "Solving"): the budget, need, area cap,
 * absorption and coalition size rows are priced (by year in a multi-year
 * model); what is left splits by seat, each seat
 * opened whole (its full coordination cost) or not. Pure C, no GLPK: it takes
 * the instance and starting prices. The floor (phi > 0) and what-if rules
 * are not handled: the caller skips them (co_lagr_applies).
 */
#ifndef CO_LAGRANGE_H
#define CO_LAGRANGE_H

#include "model/derive.h"

/* Prices (multipliers >= 0) of the relaxed rows: mu per donor and year
 * (budget, co_inst_dy; with carry-over the cumulative rows), pi per need,
 * nu per donor, area and year (co_inst_day; ignored where no cap), alpha
 * per need and year (absorption, co_inst_ny; ignored where no limit),
 * sigma per State (coalition size). One period: per donor, need, (donor,
 * area). */
typedef struct co_lagr_mult {
    double *mu, *pi, *nu, *sigma, *alpha;
} co_lagr_mult;

/* Allocates m with every price 0; CO_EINTERNAL when out of memory. */
int co_lagr_init(const co_instance *in, co_lagr_mult *m);
void co_lagr_release(co_lagr_mult *m);

/* 1 when the relaxation applies to the instance (no coverage floor). */
int co_lagr_applies(const co_instance *in);

/* The Lagrangian function at m (negative prices count as 0): an upper bound
 * on the optimum for any m. INFINITY when out of memory. */
double co_lagr_value(const co_instance *in, const co_lagr_mult *m);

/* Minimises the bound by projected subgradient steps (Polyak's step towards
 * `target`, the best plan's value) from the prices in m for at most
 * `seconds`, stopping when it stalls. m is left at the best prices found;
 * *bound is their value. Returns CO_OK, or CO_EINTERNAL out of memory. */
int co_lagr_minimise(const co_instance *in, co_lagr_mult *m, double target, double seconds,
                     double *bound);

#endif
