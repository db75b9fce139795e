/*
 * api.c: the public API's runs (include/coalitions.h): the request (a
 * scenario, a baseline, alternatives) turned into rules for
 * co_plan_solve_ex, scenario files as a handle, and the comparison built
 * from what each what-if run handed back. Thin wrappers: solving is
 * run.c's, applying a scenario scenario.c's, comparing compare.c's.
 */
#include <stdlib.h>

#include "run/baseline.h"
#include "run/compare.h"
#include "run/run.h"
#include "run/scenario.h"

struct co_request {
    const co_scenario_set *set; /* the scenario's file, or NULL */
    int scenario;               /* its index in set */
    const co_plan *baseline;    /* borrowed, or NULL */
    const char *baseline_name;
    int keep_pledges;
    int alternatives;
    double within;
};

co_request *co_request_new(void)
{
    co_request *rq = calloc(1, sizeof *rq);
    if (rq)
        rq->alternatives = 1;
    return rq;
}

void co_request_free(co_request *rq)
{
    free(rq);
}

void co_request_baseline(co_request *rq, const co_plan *base, const char *name, int keep_pledges)
{
    rq->baseline = base;
    rq->baseline_name = name;
    rq->keep_pledges = keep_pledges;
}

int co_request_alternatives(co_request *rq, int k, double within, co_diag *dg)
{
    if (k < 1 || k > CO_ALTERNATIVES_MAX) {
        co_err(dg, "alternatives: must be a whole number from 1 to %d, got '%d'",
               CO_ALTERNATIVES_MAX, k);
        return CO_EUSAGE;
    }
    if (!(within >= 0 && within <= CO_WITHIN_MAX)) {
        co_err(dg, "within: must be a number from 0 to %s, got '%s'", co_num(0, CO_WITHIN_MAX),
               co_num(1, within));
        return CO_EUSAGE;
    }
    rq->alternatives = k;
    rq->within = within;
    return CO_OK;
}

int co_request_scenario(co_request *rq, const co_scenario_set *set, int i, co_diag *dg)
{
    if (i < 0 || i >= set->n) {
        co_err(dg, "%s: no scenario %d (it has %d)", set->path, i, set->n);
        return CO_EUSAGE;
    }
    rq->set = set;
    rq->scenario = i;
    return CO_OK;
}

int co_plan_solve(const co_dataset *ds, const co_run_options *ro, const co_request *rq,
                  void (*log)(void *ctx, const char *text), void *log_ctx, co_plan **out,
                  co_diag *dg)
{
    co_rules rules;
    co_dataset *edited = NULL;
    const co_scenario *sc = rq && rq->set ? &rq->set->items[rq->scenario] : NULL;
    int rc = CO_OK;
    *out = NULL;
    co_rules_init(&rules);
    if (sc) {
        rc = co_scenario_apply(ds, sc, &edited, &rules, dg);
        ds = edited;
    }
    if (rc == CO_OK && rq && rq->baseline)
        rc = co_baseline_rules(rq->baseline_name, rq->baseline, ds, rq->keep_pledges, &rules, dg);
    if (rc == CO_OK) {
        co_plan_request r = {.rules = &rules,
                             .where = sc ? sc->where : NULL,
                             .scenario = sc ? sc->name : NULL,
                             .baseline = rq && rq->baseline ? rq->baseline_name : NULL,
                             .keep_pledges = rq && rq->keep_pledges,
                             .alternatives = rq ? rq->alternatives : 1,
                             .within = rq ? rq->within : 0};
        rc = co_plan_solve_ex(ds, ro, rq ? &r : NULL, log, log_ctx, out, dg);
    }
    co_dataset_free(edited);
    co_rules_release(&rules);
    return rc;
}

int co_scenario_set_load(const char *path, co_scenario_set **out, co_diag *dg)
{
    co_scenario_set *set = malloc(sizeof *set);
    *out = NULL;
    if (!set) {
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    int rc = co_scenarios_load(path, set, dg);
    if (rc != CO_OK) {
        co_scenario_set_free(set);
        return rc;
    }
    *out = set;
    return CO_OK;
}

void co_scenario_set_free(co_scenario_set *set)
{
    co_scenario_set_release(set);
    free(set);
}

int co_scenario_set_count(const co_scenario_set *set)
{
    return set->n;
}

const char *co_scenario_set_name(const co_scenario_set *set, int i)
{
    return i >= 0 && i < set->n ? set->items[i].name : NULL;
}

/* A what-if run as compare.c takes it: a plan that explains why the rules
 * cannot hold carries its explanation. */
static co_outcome outcome(const co_run_outcome *r)
{
    const co_plan *pl = r->plan;
    return (co_outcome){.name = r->name,
                        .file = r->file,
                        .run = r->run,
                        .exit_code = r->exit_code,
                        .message = r->message,
                        .explanation = pl && pl->explanation.n_conflicts ? &pl->explanation : NULL,
                        .plan = pl};
}

int co_comparison_build(const co_run_outcome *base, const co_run_outcome *scen, int n,
                        const char *scenarios_file, co_comparison **out, co_diag *dg)
{
    co_outcome *all = malloc(((size_t)n + 1) * sizeof *all);
    *out = NULL;
    if (!all) {
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    all[0] = outcome(base);
    for (int i = 0; i < n; i++)
        all[i + 1] = outcome(&scen[i]);
    int rc = co_compare_build(&all[0], all + 1, n, scenarios_file, out, dg);
    free(all);
    return rc;
}
