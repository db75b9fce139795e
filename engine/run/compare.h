/*
 * compare.h: the comparison of what-if runs (docs/WHATIF.md): a baseline
 * and its scenarios, each a finished run's outcome, become one JSON
 * document (money placed, urgent need covered, seats, per State and per
 * donor changes, the ranking by objective) and its terminal view. Running
 * the scenarios and writing the files are the caller's (`whatif`).
 */
#ifndef CO_COMPARE_H
#define CO_COMPARE_H

#include "base/output.h"

struct cJSON;

/* One run as the caller saw it finish. Every pointer is borrowed. */
typedef struct co_outcome {
    const char *name;          /* scenario name; NULL for the baseline */
    const char *file;          /* plan JSON file name written in --json-dir, or NULL */
    long long run;             /* store run id, 0 when not stored */
    int exit_code;             /* 0 plan, 1 infeasible/no solution, 3 input error, 4 solver failure, ... */
    const char *message;       /* one line saying why there is no plan, or NULL */
    const struct cJSON *explanation; /* {"conflicts": [str], "fixes": [str]} or NULL */
    const struct cJSON *plan;  /* the parsed plan JSON, or NULL when there is none */
} co_outcome;

/* Builds the comparison document of `base` and the n scenarios `scen`
 * (in the scenario file's order); scenarios_file is echoed (may be NULL).
 * *out belongs to the caller (cJSON_Delete). A plan that lacks a field
 * the comparison reads, or has one of the wrong type, is CO_EINPUT with
 * "FILE: field: problem" in dg; out of memory is CO_EINTERNAL. */
int co_compare_build(const co_outcome *base, const co_outcome *scen, int n,
                     const char *scenarios_file, struct cJSON **out, co_diag *dg);

/* Appends the comparison document's terminal view to `out`: no line is
 * wider than CO_COMPARE_WIDTH columns. CO_EINTERNAL when out of memory. */
#define CO_COMPARE_WIDTH 100
int co_compare_text(const struct cJSON *cmp, co_buf *out, co_diag *dg);

#endif
