/*
 * xlsx.h: the Excel workbook of a plan (plan_xlsx.c, libxlsxwriter). It is
 * rendered from the plan JSON document, not from co_plan, so that commands
 * holding only a stored plan's text (show, whatif) can write it too.
 */
#ifndef CO_XLSX_H
#define CO_XLSX_H

#include "base/diag.h"

struct cJSON;

/* Writes the workbook of `plan` (a parsed plan JSON document, FORMATS.md
 * plus docs/MODEL-NOTES.md's fields) to `path`: sheets Summary,
 * Coalitions, Allocations, Donors, Needs and Unmet, and Scenarios when
 * `comparison` (a parsed comparison.json of `whatif`) is not NULL. JSON
 * numbers become number cells, text string cells, null empty cells.
 * Written to a temporary file beside `path`, then renamed into place: on
 * failure nothing is left and CO_EIO is returned with "PATH: cannot write:
 * reason" in dg (CO_EINTERNAL when out of memory). "-" is not supported
 * (the caller refuses it). The same plan gives the same bytes. */
int co_xlsx_write(const char *path, const struct cJSON *plan, const struct cJSON *comparison,
                  co_diag *dg);

#endif
