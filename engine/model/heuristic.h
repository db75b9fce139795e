/*
 * heuristic.h: a fast primal heuristic for the model (pure C, no GLPK):
 * a lazy greedy over seats that respects every constraint of MODEL.md, so
 * that a plan exists in milliseconds and the MIP search starts from it.
 */
#ifndef CO_HEURISTIC_H
#define CO_HEURISTIC_H

#include "model/derive.h"
#include "model/extras.h"

/* Fills x (per pair, USD) and y (per seat, 0/1) with a feasible solution
 * and returns its objective (value - coordination - shortfall penalty).
 * `fixed` (per seat: -1 free, 0 forbidden, 1 forced) may be NULL. At
 * `until` (co_clock; INFINITY for none) it stops opening seats: what it
 * has is still feasible. Returns NAN when memory runs out. */
double co_greedy(const co_instance *in, const signed char *fixed, double *x, unsigned char *y,
                 double until);

/* The objective of (x, y) recomputed from scratch (z at its least value). */
double co_objective(const co_instance *in, const double *x, const unsigned char *y);

/* True when (x, y) keeps every constraint to within `tol` USD. */
int co_feasible(const co_instance *in, const double *x, const unsigned char *y, double tol);

/* The stability penalty of seats y against the baseline in ex (0 without
 * one): stability_weight per seat added or removed. */
double co_stability_penalty(const co_instance *in, const co_extras *ex, const unsigned char *y);
/* True when (x, y) keeps every rule of ex (fixed seats, least amounts,
 * leads, pledges, cuts, least objective) to within tol USD. */
int co_extras_feasible(const co_instance *in, const co_extras *ex, const double *x,
                       const unsigned char *y, double tol);

#endif
