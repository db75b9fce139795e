/*
 * explain.h: why a what-if run has no plan, in the dataset's own words,
 * and the smallest change that gives it one (docs/WHATIF.md
 * "Infeasibility explained"). Only the rules a scenario adds (forced seats,
 * leads, pledges) can make the model infeasible: without them every seat
 * may stay closed. So the check looks at the forced seats only: their
 * count against the coalition size and engagement limits, and an elastic
 * LP over their money (budgets, area caps, needs, least amounts, pledges,
 * leads, each with a slack; the least total slack is the smallest change,
 * in USD), solved with GLPK.
 */
#ifndef CO_EXPLAIN_H
#define CO_EXPLAIN_H

#include "model/extras.h"

typedef struct co_explanation {
    char **conflicts; /* what cannot hold together, one sentence each */
    int n_conflicts;
    char **fixes;     /* the smallest change that lets every rule hold */
    int n_fixes;
} co_explanation;

void co_explanation_init(co_explanation *e);
void co_explanation_release(co_explanation *e);

/* Checks the rules of ex (resolved from `rules`) for a conflict. Returns
 * CO_OK with e empty when they can all hold, CO_OK with e filled when they
 * cannot, CO_ESOLVER or CO_EINTERNAL on failure. */
int co_explain(const co_instance *in, const co_extras *ex, const co_rules *rules,
               co_explanation *e, co_diag *dg);

#endif
