/*
 * brief.h: the meeting brief: one self-contained page (HTML with inline
 * SVG charts and print styles, or Markdown) rendered from a plan or from a
 * what-if comparison. Reading files and the store is the caller's; this
 * module tells a plan JSON from a comparison JSON (read by their readers,
 * co_plan_from_json and co_comparison_from_json) and turns either into
 * text.
 */
#ifndef CO_BRIEF_H
#define CO_BRIEF_H

#include "base/output.h"
#include "result/plan.h"
#include "run/compare.h"

enum co_brief_fmt { CO_BRIEF_HTML, CO_BRIEF_MD };

/* Appends the brief of `plan` to `out`; figures a plan read from a file
 * does not give (result/plan.h) show as n/a or are left out, and the
 * project's later fields (marginal ranges, price of fairness, baseline)
 * show when given. `origin` is a short text naming where the plan came
 * from ("run 12 in coalitions.db"). Same plan, same bytes. CO_EINPUT when
 * the plan has no coalitions, needs or donors list ("ORIGIN: FIELD:
 * missing"), CO_EINTERNAL when out of memory. */
int co_brief_plan(const co_plan *plan, const char *origin, enum co_brief_fmt fmt, co_buf *out,
                  co_diag *dg);

/* The same for a what-if comparison (baseline, scenarios, ranking):
 * outcomes side by side, the ranking, per scenario the States and donors
 * that changed, and why an infeasible scenario has no plan. CO_EINTERNAL
 * when out of memory. */
int co_brief_comparison(const co_comparison *cmp, const char *origin, enum co_brief_fmt fmt,
                        co_buf *out, co_diag *dg);

/* A document for the brief: a plan or a comparison (the other NULL). */
typedef struct co_brief_doc {
    co_plan *plan;
    co_comparison *cmp;
} co_brief_doc;

/* Reads `len` bytes of JSON text (co_json_parse; `origin` names it in
 * messages): a comparison when it has "scenarios" and "baseline", a plan
 * when it has "coalitions", "needs" and "donors", each read by its one
 * hardened reader; else CO_EINPUT "ORIGIN: not a plan or comparison JSON".
 * On CO_OK *out holds the document (co_brief_doc_release frees it). */
int co_brief_read(const char *origin, const char *text, size_t len, co_brief_doc *out,
                  co_diag *dg);
void co_brief_doc_release(co_brief_doc *d);
/* co_brief_plan or co_brief_comparison, whichever the document is. */
int co_brief_render(const co_brief_doc *d, const char *origin, enum co_brief_fmt fmt,
                    co_buf *out, co_diag *dg);

#endif
