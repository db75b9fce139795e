/*
 * fuzz_scenario.c: libFuzzer target for the what-if scenario file: the
 * input as a scenario file through co_scenarios_load, then every scenario
 * through co_scenario_apply on a small fixed base dataset and, when it
 * applies, its rules through co_extras_resolve on the new dataset's
 * instance. Oracle: a scenario that applies gives a dataset that passes
 * the round trip of fuzz.h, and the base dataset is never changed. The
 * base has years and the multi-year fields, so paths can reach them.
 */
#include <stdlib.h>
#include <string.h>

#include "model/derive.h"
#include "model/extras.h"
#include "fuzz.h"
#include "io/load.h"
#include "base/output.h"
#include "io/save.h"
#include "run/scenario.h"
#include "base/util.h"

static const char base_json[] =
    "{\"name\": \"fuzz base\", \"as_of\": \"2018-11-01\","
    " \"years\": {\"first\": 2019, \"last\": 2024},"
    " \"areas\": [{\"id\": \"clearance\"}, {\"id\": \"victim_assistance\"}],"
    " \"states\": [{\"id\": \"IRQ\", \"iso3\": \"IRQ\"}, {\"id\": \"LAO\"}],"
    " \"donors\": ["
    "  {\"id\": \"DEU\", \"budget\": 4000000, \"expertise\": {\"clearance\": 0.8},"
    "   \"area_budget\": {\"clearance\": 3000000}, \"min_grant\": 200000, \"max_states\": 1,"
    "   \"budget_by_year\": {\"2020\": 1000000}, \"carry_over\": true},"
    "  {\"id\": \"JPN\", \"budget\": 3000000, \"expertise\": {\"clearance\": 0.5,"
    "   \"victim_assistance\": 0.9}, \"priority_states\": [\"LAO\"]},"
    "  {\"id\": \"NOR\", \"budget\": 2000000, \"expertise\": {\"victim_assistance\": 0.7},"
    "   \"excluded_states\": [\"LAO\"]}],"
    " \"needs\": ["
    "  {\"id\": \"IRQ-clearance\", \"state\": \"IRQ\", \"area\": \"clearance\","
    "   \"amount\": 5000000, \"evidence\": \"surveyed\", \"deadline\": \"2023-11-01\"},"
    "  {\"id\": \"IRQ-va\", \"state\": \"IRQ\", \"area\": \"victim_assistance\","
    "   \"amount\": 1000000, \"evidence\": 0.6, \"per_year_max\": {\"2020\": 300000}},"
    "  {\"id\": \"LAO-clearance\", \"state\": \"LAO\", \"area\": \"clearance\","
    "   \"amount\": 9000000, \"secured\": 1000000, \"evidence\": \"reported\","
    "   \"deadline\": \"2020-08-01\", \"requested_deadline\": \"2023-08-01\","
    "   \"work\": {\"unit\": \"m2\", \"remaining\": 7500000, \"unit_cost\": 1.2,"
    "            \"per_year\": 2000000}}],"
    " \"parameters\": {\"coordination_cost\": 50000}}";

static co_dataset *base(void)
{
    static co_dataset *ds;
    if (!ds) {
        co_diag dg;
        co_diag_init(&dg);
        ds = calloc(1, sizeof *ds);
        if (!ds)
            abort();
        co_dataset_init(ds);
        if (co_load_json_mem("base.json", base_json, sizeof base_json - 1, ds, &dg) != CO_OK ||
            co_dataset_validate(ds, &dg) != CO_OK)
            abort(); /* the harness's own dataset must load */
        co_diag_release(&dg);
    }
    return ds;
}

static char *as_json(const co_dataset *ds)
{
    co_diag dg;
    co_diag_init(&dg);
    co_buf b;
    co_buf_init(&b);
    if (co_save_json(ds, &b, &dg) != CO_OK || b.oom)
        abort();
    co_buf_put(&b, "", 1);
    co_diag_release(&dg);
    return b.data;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const co_dataset *ds = base();
    static char *before;
    if (!before)
        before = as_json(ds);
    const char *dir = fuzz_dir();
    fuzz_put_file(dir, "scenarios.json", (const char *)data, size);
    char *path = co_asprintf("%s/scenarios.json", dir);
    if (!path)
        return 0;
    co_diag dg;
    co_diag_init(&dg);
    co_scenario_set set;
    co_scenario_set_init(&set);
    if (co_scenarios_load(path, &set, &dg) == CO_OK) {
        for (int i = 0; i < set.n; i++) {
            co_dataset *out = NULL;
            co_rules rules;
            co_rules_init(&rules);
            if (co_scenario_apply(ds, &set.items[i], &out, &rules, &dg) == CO_OK) {
                fuzz_roundtrip(out);
                co_params p;
                co_instance in;
                co_extras ex;
                co_extras_init(&ex);
                if (co_params_resolve(out, NULL, &p, &dg) == CO_OK &&
                    co_instance_build(out, &p, &in, &dg) == CO_OK) {
                    co_extras_resolve(&rules, &in, set.items[i].where, &ex, &dg);
                    co_instance_release(&in);
                }
                co_extras_release(&ex);
            }
            co_dataset_free(out);
            co_rules_release(&rules);
        }
    }
    co_scenario_set_release(&set);
    co_diag_release(&dg);
    free(path);
    char *after = as_json(ds);
    if (strcmp(before, after) != 0)
        abort(); /* applying a scenario changed the base */
    free(after);
    return 0;
}
