/*
 * export.h: writes a dataset as MathProg data for models/coalitions.mod,
 * so glpsol can re-solve the model as an independent check. GLPK's own
 * LP and MPS writers are solve/solve.h's co_model_write (export_lp.c);
 * this file needs no GLPK.
 */
#ifndef CO_EXPORT_H
#define CO_EXPORT_H

#include <stdio.h>

#include "data/dataset.h"
#include "data/params.h"

/* Writes the MathProg data of a validated dataset (lists sorted, indexes
 * resolved) under the effective parameters `p` to `out`: raw values only
 * (R = amount - secured, evidence value, days left to the deadline,
 * budgets, expertise, caps, limits, lists, parameters); the model derives
 * urgency, eligibility and weights itself. Every symbol is written as a
 * quoted string and every number so that it reads back exactly, and the
 * output is byte-stable. Returns CO_OK, CO_EIO when writing fails,
 * CO_EINPUT for data MathProg cannot take (an unresolved index, a
 * non-finite number, an id too long to quote), or CO_EINTERNAL when out
 * of memory; the reason is in dg. `out` is left open. */
int co_export_dat(const co_dataset *ds, const co_params *p, FILE *out, co_diag *dg);

#endif
