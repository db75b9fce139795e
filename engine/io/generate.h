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

/* Limits of the options (checked by co_gen_dataset). */
#define CO_GEN_MAX_DONORS 100000
#define CO_GEN_MAX_STATES 100000
#define CO_GEN_MAX_AREAS 100
#define CO_GEN_MAX_COALITION 1000

typedef struct co_gen_opts {
    int donors;     /* 1 .. CO_GEN_MAX_DONORS */
    int states;     /* 1 .. CO_GEN_MAX_STATES */
    int areas;      /* 1 .. CO_GEN_MAX_AREAS; default 5 */
    uint64_t seed;  /* default 1 */
    char as_of[11]; /* YYYY-MM-DD; default "2026-01-01" */
    /* shapes (issue 12); the defaults give the bytes of before */
    int coalition_size;      /* max_coalition_size, 1 .. CO_GEN_MAX_COALITION; default 5 */
    double budget_share;     /* total budget / total remaining need, in (0, 10];
                                0 (default): drawn from 1/1.6 to 1/1.3 */
    double min_grant_share;  /* share of donors with a minimum grant; default 0.25 */
    double engagement_share; /* share of donors with an engagement limit; default 0.3 */
    double priority_share;   /* share of donors with priority States; default 0.6 */
    double floor;            /* coverage_floor; default 0 (not written) */
} co_gen_opts;

/* The defaults above; donors and states are 0 (the caller must set them). */
void co_gen_opts_defaults(co_gen_opts *o);

/* Appends the dataset JSON (FORMATS.md) to `out`. The dataset is valid by
 * construction: 1-4 needs per State in distinct areas, log-normal budgets
 * and needs in whole thousands of USD, total remaining need 1.3-1.6 times
 * the total budget (or the budget share asked), partial expertise (2
 * decimals), some area caps, engagement limits, minimum grants, exclusions
 * and priorities (each for the share of donors asked), deadlines from two
 * years before `as_of` to five years after. Returns CO_OK,
 * CO_EUSAGE for an option out of range, or CO_EINTERNAL when out of memory;
 * the reason is in dg. */
int co_gen_dataset(const co_gen_opts *o, co_buf *out, co_diag *dg);

#endif
