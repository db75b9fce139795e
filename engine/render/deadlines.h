/*
 * deadlines.h (render): the deadline analysis for people and spreadsheets,
 * from a plan's deadlines list alone (result/plan.h): the verdict line a
 * delegate needs per obligation, the summary's Deadlines section (also
 * what `coalitions deadlines` prints), and deadlines.csv.
 */
#ifndef CO_RENDER_DEADLINES_H
#define CO_RENDER_DEADLINES_H

#include "base/output.h"
#include "result/plan.h"

/* One line, no newline: "LAO-clearance: cannot finish by 2020-08-01 even
 * at best (capacity: ...); no completion within the plan's years; the plan
 * does not complete it within its years; requested 2025-08-01: too short". */
void co_deadline_verdict(const co_plan_deadline *e, co_buf *b);

/* The year an entry's "by the deadline" means (Y*), or 0 when unknown. */
int co_deadline_due_year(const co_plan_deadline *e);

/* "Deadlines" and per obligation its verdict line, then what is required
 * and possible by its deadline and the money missing by year. Nothing
 * when the plan has no deadlines list (a one-period plan). */
void co_deadlines_section(const co_plan *pl, co_buf *b);

/* What `coalitions deadlines` prints: the dataset and date, the section
 * above, and what is left out without a plan. */
void co_deadlines_report(const co_plan *pl, co_buf *b);

/* deadlines.csv: a row per obligation, money in USD with cents, the
 * verdict line (co_deadline_verdict), then the gap by year in columns
 * gap_YEAR (empty after the obligation's own deadline year). Without the
 * byte-order mark a file begins with (plan_csv.c writes it first). */
void co_deadlines_csv(const co_plan *pl, co_buf *b);
/* The same as a file of its own (`coalitions deadlines --csv`): the
 * byte-order mark of every CSV export, then co_deadlines_csv. */
void co_deadlines_csv_file(const co_plan *pl, co_buf *b);

/* Units as people read them: "44,280,000", "2.5". buf >= 48 bytes. */
const char *co_fmt_units(double units, char *buf);

#endif
