/*
 * brief.h: the meeting brief: one self-contained page (HTML with inline
 * SVG charts and print styles, or Markdown) rendered from a plan JSON
 * document or from a what-if comparison JSON. Reading files and the store
 * is the caller's; this module only turns a parsed document into text.
 */
#ifndef CO_BRIEF_H
#define CO_BRIEF_H

#include "base/output.h"

enum co_brief_fmt { CO_BRIEF_HTML, CO_BRIEF_MD };

/* Appends the brief of `plan` (the plan JSON of FORMATS.md with the
 * project's added fields; fields added later, such as marginal_range or
 * price_of_fairness, are shown when present) to `out`. `origin` is a short
 * text naming where the plan came from ("run 12 in coalitions.db"). Same
 * document, same bytes. CO_EINPUT when coalitions, needs or donors is not
 * an array (message "ORIGIN: FIELD: ..."), CO_EINTERNAL when out of memory. */
int co_brief_plan(const struct cJSON *plan, const char *origin, enum co_brief_fmt fmt,
                  co_buf *out, co_diag *dg);

/* The same for a what-if comparison (baseline, scenarios, ranking):
 * outcomes side by side, the ranking, per scenario the States and donors
 * that changed, and why an infeasible scenario has no plan. CO_EINPUT when
 * baseline is not an object or scenarios not an array. */
int co_brief_comparison(const struct cJSON *cmp, const char *origin, enum co_brief_fmt fmt,
                        co_buf *out, co_diag *dg);

#endif
