/*
 * report.h: plan writers for people and spreadsheets: the readable summary
 * printed by `plan` and `show`, and the CSV files of --csv.
 */
#ifndef CO_REPORT_H
#define CO_REPORT_H

#include "output.h"
#include "plan.h"

/* The readable summary; with_timing 0 leaves the machine-dependent times
 * out (for byte-stable comparisons). */
void co_plan_summary(const co_plan *pl, int with_timing, co_buf *b);

/* coalitions.csv, allocations.csv, donors.csv, needs.csv in `dir`. */
int co_plan_write_csv(const co_plan *pl, const char *dir, co_diag *dg);

/* "12,345,678" for whole USD of cents (rounded). buf >= 32 bytes. */
const char *co_fmt_usd(int64_t cents, char *buf);

#endif
