/*
 * xlsx.h: the Excel workbook of a plan (plan_xlsx.c, libxlsxwriter),
 * rendered from the plan (result/plan.h), whether built by a run or read
 * back from a plan JSON (show, whatif), and a what-if comparison.
 */
#ifndef CO_XLSX_H
#define CO_XLSX_H

#include "base/diag.h"
#include "result/plan.h"
#include "run/compare.h"

/* Writes the workbook of `plan` to `path`: sheets Summary, Coalitions,
 * Allocations, Donors, Needs and Unmet, and Scenarios when `comparison` is
 * not NULL. Figures become number cells with number formats, text string
 * cells, figures not given empty cells. Written to a temporary file beside
 * `path`, then renamed into place: on failure nothing is left and CO_EIO
 * is returned with "PATH: cannot write: reason" in dg (CO_EINTERNAL when
 * out of memory). "-" is not supported (the caller refuses it). The same
 * plan gives the same bytes. */
int co_xlsx_write(const char *path, const co_plan *plan, const co_comparison *comparison,
                  co_diag *dg);

#endif
