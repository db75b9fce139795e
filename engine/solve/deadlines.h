/*
 * deadlines.h (solve): the LPs of the deadline analysis (docs/MULTIYEAR.md
 * "Deadline analysis"): the best case BC(n, T) for each year T, the
 * earliest completion year and the gap by year, for one need's best-case
 * problem (model/deadlines.h builds it; everything else is pure C there).
 */
#ifndef CO_SOLVE_DEADLINES_H
#define CO_SOLVE_DEADLINES_H

#include "model/deadlines.h"

/* Solves pb's LPs into d (built by co_deadline_init for the same need):
 * best_case, earliest and gap, then analysed = 1. `deadline` is a
 * co_clock() time: when it comes first, d is left with analysed 0 and
 * CO_OK is returned. CO_ESOLVER (GLPK failed, the reason in dg) or
 * CO_EINTERNAL (out of memory). */
int co_deadline_solve(const co_bc_problem *pb, const co_years *y, double deadline,
                      co_deadline *d, co_diag *dg);

#endif
