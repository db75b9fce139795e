/*
 * report.h: plan writers for people and spreadsheets: the readable summary
 * printed by `plan` and `show`, and the CSV files of --csv.
 */
#ifndef CO_REPORT_H
#define CO_REPORT_H

#include "base/fmt.h"
#include "base/output.h"
#include "result/plan.h"

/* The readable summary; with_timing 0 leaves the machine-dependent times
 * out (for byte-stable comparisons). */
void co_plan_summary(const co_plan *pl, int with_timing, co_buf *b);
/* The summary's lines on a State without a coalition or below the
 * coverage floor (nothing for the others, or without a diagnosis): why, in
 * short, and what would change it, within 100 columns (report_dx.c). */
void co_plan_summary_diagnosis(const co_plan_coalition *c, co_buf *b);

/* The plan's CSV files: coalitions.csv, allocations.csv, donors.csv,
 * needs.csv, and for a multi-year plan deadlines.csv (co_plan_csv_names:
 * the first co_plan_csv_count of them), rendered into buffers the caller
 * releases (all CO_PLAN_CSV_FILES are initialised; those past the count
 * stay empty). */
#define CO_PLAN_CSV_FILES 5
extern const char *const co_plan_csv_names[CO_PLAN_CSV_FILES];
int co_plan_csv_count(const co_plan *pl);
int co_plan_render_csv(const co_plan *pl, co_buf out[CO_PLAN_CSV_FILES]);
/* (Written into a folder, all or none, by co_write_files.) */

#endif
