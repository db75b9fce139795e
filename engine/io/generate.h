/*
 * generate.h: synthetic datasets of any size for trying the tool at scale
 * and for the benchmark (`coalitions generate`). The output is a function
 * of the options alone: its own PRNG, fixed formulas, whole-number money,
 * so the same options give the same bytes on every machine.
 */
#ifndef CO_GENERATE_H
#define CO_GENERATE_H

#include <stdint.h>

#include "base/diag.h"
#include "base/output.h"

/* The options (co_gen_opts, their limits, co_gen_opts_defaults) and
 * co_dataset_generate, which writes what co_gen_dataset makes:
 * include/coalitions.h. */

/* Appends the dataset JSON (FORMATS.md) to `out`. The dataset is valid by
 * construction: 1-4 needs per State in distinct areas, log-normal budgets
 * and needs in whole thousands of USD, total remaining need 1.3-1.6 times
 * the total budget (or the budget share asked), partial expertise (2
 * decimals), some area caps, engagement limits, minimum grants, exclusions
 * and priorities (each for the share of donors asked), deadlines from two
 * years before `as_of` to five years after. With `years`, a multi-year
 * dataset (MULTIYEAR.md "Data"): needs 1.3-1.6 times the budgets of all
 * the years, some budgets changed in some years (a cut from a year on),
 * some donors carrying money over, clearance and stockpile needs stated as
 * work (m2, submunitions) with a yearly capacity and some national money,
 * some yearly caps on other needs, deadlines spread over the years and
 * some extension requests. Returns CO_OK,
 * CO_EUSAGE for an option out of range, or CO_EINTERNAL when out of memory;
 * the reason is in dg. */
int co_gen_dataset(const co_gen_opts *o, co_buf *out, co_diag *dg);

#endif
