/* Unit tests of the plan type (result/plan.h) and the comparison's reader:
 * - every bundled dataset's plan, and what-if plans (scenarios, an
 *   infeasible one with its explanation, alternatives, a coverage floor, a
 *   baseline), written, read back by co_plan_read and written again: the
 *   same bytes; and the summary, CSV files and brief of the plan read back
 *   are those of the plan as built;
 * - the totals of a hand-written plan against sums worked out by hand;
 * - malformed and hostile plans and comparisons: CO_EINPUT with the exact
 *   message (file, JSON path, field, value), never a crash.
 * Run from the repository root (tests/run_all.sh does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/util.h"
#include "io/load.h"
#include "render/brief.h"
#include "render/report.h"
#include "result/plan.h"
#include "run/baseline.h"
#include "run/compare.h"
#include "run/run.h"
#include "run/scenario.h"

static char *to_json(const co_plan *pl)
{
    co_diag *dg = co_diag_new();
    char *text = NULL;
    assert_int_equal(co_plan_to_json(pl, &text, dg), CO_OK);
    co_diag_free(dg);
    return text;
}

static co_plan *read_back(const char *text)
{
    co_diag *dg = co_diag_new();
    co_plan *pl = NULL;
    int rc = co_plan_read("plan.json", text, strlen(text), &pl, dg);
    if (rc != CO_OK)
        fail_msg("plan does not read back: %s", co_diag_message(dg, 0, NULL));
    co_diag_free(dg);
    return pl;
}

/* Everything a renderer makes of a plan, in one text. */
static char *rendered(const co_plan *pl)
{
    co_buf b, csv[CO_PLAN_CSV_FILES];
    co_diag *dg = co_diag_new();
    co_buf_init(&b);
    co_plan_summary(pl, 1, &b);
    assert_int_equal(co_plan_render_csv(pl, csv), CO_OK);
    for (int i = 0; i < CO_PLAN_CSV_FILES; i++) {
        co_buf_put(&b, csv[i].data ? csv[i].data : "", csv[i].len);
        co_buf_release(&csv[i]);
    }
    assert_int_equal(co_brief_plan(pl, "test", CO_BRIEF_HTML, &b, dg), CO_OK);
    assert_int_equal(co_brief_plan(pl, "test", CO_BRIEF_MD, &b, dg), CO_OK);
    co_diag_free(dg);
    co_buf_put(&b, "", 1);
    assert_false(b.oom);
    return b.data;
}

/* The plan written, read back and written again gives the same bytes.
 * Returns the plan's text. */
static char *rewritten(const co_plan *pl)
{
    char *one = to_json(pl);
    co_plan *back = read_back(one);
    char *two = to_json(back);
    assert_string_equal(one, two);
    free(two);
    co_plan_free(back);
    return one;
}

/* The plan written, read back and written again gives the same bytes, and
 * renders as the plan it was read from. Returns the plan's text. */
static char *round_trip(const co_plan *pl)
{
    char *one = rewritten(pl);
    co_plan *back = read_back(one);
    char *ra = rendered(pl), *rb = rendered(back);
    assert_string_equal(ra, rb);
    free(ra);
    free(rb);
    co_plan_free(back);
    return one;
}

static co_dataset *load(const char *path)
{
    co_diag *dg = co_diag_new();
    co_dataset *ds = NULL;
    assert_int_equal(co_dataset_load(path, &ds, dg), CO_OK);
    co_diag_free(dg);
    return ds;
}

/* Solves ds (with rules and a request when given); the plan, whatever its
 * status. */
static co_plan *solve(const co_dataset *ds, const char *const *sets, int n_sets,
                      const co_plan_request *rq)
{
    co_diag *dg = co_diag_new();
    co_run_options *ro = co_run_options_new();
    for (int i = 0; i < n_sets; i++)
        assert_int_equal(co_run_options_set(ro, sets[i], dg), CO_OK);
    co_plan *pl = NULL;
    int rc = co_plan_solve_ex(ds, ro, rq, NULL, NULL, &pl, dg);
    assert_true(rc == CO_OK || rc == CO_EINFEASIBLE);
    assert_non_null(pl);
    co_run_options_free(ro);
    co_diag_free(dg);
    return pl;
}

static void bundled_datasets(void **state)
{
    (void)state;
    static const char *const paths[] = {
        "datasets/ccm-2018.json",    "datasets/small/tiny.json",   "datasets/small/urgency.json",
        "datasets/small/floor.json", "datasets/small/limits.json", "datasets/csv/ccm-2018",
        "datasets/csv/tiny",         "datasets/csv/urgency",       "datasets/csv/floor",
        "datasets/csv/limits",       "tests/data/base.json"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        co_dataset *ds = load(paths[i]);
        co_plan *pl = solve(ds, NULL, 0, NULL);
        free(round_trip(pl));
        co_plan_free(pl);
        co_dataset_free(ds);
    }
}

static void whatif_plans(void **state)
{
    (void)state;
    co_dataset *ds = load("datasets/ccm-2018.json");
    co_diag *dg = co_diag_new();
    co_scenario_set set;
    co_scenario_set_init(&set);
    assert_int_equal(co_scenarios_load("datasets/ccm-2018-whatif.json", &set, dg), CO_OK);
    int explained = 0;
    for (int i = 0; i < set.n; i++) {
        co_dataset *sds = NULL;
        co_rules rules;
        co_rules_init(&rules);
        assert_int_equal(co_scenario_apply(ds, &set.items[i], &sds, &rules, dg), CO_OK);
        co_plan_request rq = {.rules = &rules, .where = set.items[i].where,
                              .scenario = set.items[i].name};
        co_plan *pl = solve(sds, NULL, 0, &rq);
        assert_string_equal(pl->scenario, set.items[i].name);
        explained += pl->explanation.n_conflicts > 0;
        /* a plan is diagnosed when it has amounts; the data gaps are the
         * dataset's, there either way */
        for (int s = 0; s < pl->n_coalitions; s++)
            assert_int_equal(pl->coalitions[s].diagnosed >= 0, co_plan_has_solution(pl));
        assert_non_null(pl->gaps);
        free(round_trip(pl));
        co_plan_free(pl);
        co_rules_release(&rules);
        co_dataset_free(sds);
    }
    assert_true(explained > 0); /* "Canada in three coalitions" cannot hold */

    /* alternatives, a coverage floor (price of fairness), a baseline kept
     * with pledges */
    co_plan_request alt = {.alternatives = 3, .within = 2};
    co_plan *pl = solve(ds, NULL, 0, &alt);
    assert_true(pl->alternatives.given && pl->alternatives.n > 0);
    char *base_text = round_trip(pl);
    co_plan_free(pl);
    static const char *const floor[] = {"coverage_floor=0.3"};
    pl = solve(ds, floor, 1, NULL);
    assert_true(isfinite(pl->price_of_fairness));
    free(round_trip(pl));
    co_plan_free(pl);
    co_rules rules;
    co_rules_init(&rules);
    co_plan *base = NULL;
    assert_int_equal(co_plan_read("base.json", base_text, strlen(base_text), &base, dg), CO_OK);
    assert_int_equal(co_baseline_rules("base.json", base, ds, 1, &rules, dg), CO_OK);
    co_plan_free(base);
    co_plan_request rq = {.rules = &rules, .baseline = "base.json", .keep_pledges = 1};
    static const char *const weight[] = {"stability_weight=100000", "coordination_cost=20000"};
    pl = solve(ds, weight, 2, &rq);
    assert_true(pl->baseline.given && pl->baseline.keep_pledges == 1);
    free(round_trip(pl));
    co_plan_free(pl);
    co_rules_release(&rules);
    free(base_text);
    co_scenario_set_release(&set);
    co_diag_free(dg);
    co_dataset_free(ds);
}

/* Two States; LAO's urgent need (urgency 1.5) is half met, IRQ's needs are
 * not urgent. Requested 1000.10 + 600 + 400 = 2000.10 USD, allocated
 * 500.05 + 600 + 0 = 1100.05; urgent 1000.10 requested, 500.05 placed. */
static const char small_plan[] =
    "{\"status\": \"optimal\","
    " \"coalitions\": ["
    "  {\"state\": \"IRQ\", \"lead\": \"NOR\", \"members\": [{\"donor\": \"NOR\", \"amount\": 600}],"
    "   \"requested\": 1000, \"allocated\": 600, \"coverage\": 0.6},"
    "  {\"state\": \"LAO\", \"lead\": \"NLD\", \"members\": [{\"donor\": \"NLD\", \"amount\": 300.05},"
    "   {\"donor\": \"JPN\", \"amount\": 200}], \"requested\": 1000.1, \"allocated\": 500.05},"
    "  {\"state\": \"LBN\", \"lead\": null, \"members\": [], \"requested\": 0, \"allocated\": 0}],"
    " \"donors\": [],"
    " \"needs\": ["
    "  {\"need\": \"IRQ-a\", \"state\": \"IRQ\", \"requested\": 600, \"allocated\": 600, \"urgency\": 1},"
    "  {\"need\": \"IRQ-b\", \"state\": \"IRQ\", \"requested\": 400, \"allocated\": 0, \"urgency\": 1},"
    "  {\"need\": \"LAO-a\", \"state\": \"LAO\", \"requested\": 1000.1, \"allocated\": 500.05,"
    "   \"urgency\": 1.5}]}";

static void totals(void **state)
{
    (void)state;
    co_plan *pl = read_back(small_plan);
    co_plan_totals t = co_plan_totals_of(pl, NULL);
    assert_int_equal(t.requested, 200010);
    assert_int_equal(t.allocated, 110005);
    assert_int_equal(t.urgent_requested, 100010);
    assert_int_equal(t.urgent_allocated, 50005);
    assert_int_equal(t.needs, 3);
    assert_int_equal(t.states, 3);
    assert_int_equal(t.states_with_coalition, 2);
    assert_int_equal(t.seats, 3);
    t = co_plan_totals_of(pl, "IRQ");
    assert_int_equal(t.requested, 100000);
    assert_int_equal(t.allocated, 60000);
    assert_int_equal(t.urgent_requested, 0);
    assert_int_equal(t.seats, 1);
    assert_int_equal(t.states, 1);
    t = co_plan_totals_of(pl, "LBN");
    assert_int_equal(t.requested + t.allocated + t.needs + t.seats, 0);
    assert_int_equal(t.states, 1);
    assert_true(isnan(co_share(0, 0)) && co_share(1, 4) == 0.25);
    /* fields not given: as plan.h says */
    assert_true(pl->has_status && pl->status == CO_ST_OPTIMAL);
    assert_null(pl->allocs);
    assert_non_null(pl->donors);
    assert_int_equal(pl->n_donors, 0);
    assert_true(isnan(pl->coalitions[1].coverage));
    assert_true(pl->coalitions[0].members[0].expertise == NULL);
    assert_true(isnan(pl->needs[0].evidence) && pl->needs[0].unmet == CO_CENTS_NONE);
    assert_int_equal(pl->seats, -1);
    assert_null(co_plan_find_coalition(pl, "PSE"));
    assert_string_equal(co_plan_find_coalition(pl, "LAO")->members[1].donor, "JPN");
    co_plan_free(pl);
}

/* Reads `text` and expects CO_EINPUT with `message` first. */
static void expect_bad(const char *text, const char *message)
{
    co_diag *dg = co_diag_new();
    co_plan *pl = NULL;
    assert_int_equal(co_plan_read("plan.json", text, strlen(text), &pl, dg), CO_EINPUT);
    assert_null(pl);
    const char *got = co_diag_message(dg, 0, NULL);
    if (!got || strcmp(got, message) != 0)
        fail_msg("expected '%s', got '%s'", message, got ? got : "(none)");
    co_diag_free(dg);
}

static void hostile_plans(void **state)
{
    (void)state;
    expect_bad("{\"coalitions\": [{}, {}, {\"members\": [{\"donor\": \"D\", \"amount\": \"x\"}]}]}",
               "plan.json: coalitions[2].members[0].amount: must be a number >= 0, got '\"x\"'");
    expect_bad("{\"needs\": [{\"allocated\": -0.5}]}",
               "plan.json: needs[0].allocated: must be a number >= 0, got '-0.5'");
    expect_bad("{\"donors\": [{\"budget\": 1e16}]}",
               "plan.json: donors[0].budget: must be at most 1e15 USD, got '1e+16'");
    expect_bad("{\"needs\": [{\"requested\": 6e14}, {\"requested\": 6e14}]}",
               "plan.json: needs: requested adds up to more than 1e15 USD");
    expect_bad("{\"allocations\": [{\"donor\": 7}]}",
               "plan.json: allocations[0].donor: must be a string, got '7'");
    expect_bad("{\"status\": \"great\"}",
               "plan.json: status: must be one of optimal, feasible, infeasible, no_solution, "
               "got '\"great\"'");
    expect_bad("{\"needs\": [{\"days_left\": 2.5}]}",
               "plan.json: needs[0].days_left: must be a whole number of days or null, got '2.5'");
    expect_bad("{\"needs\": [{\"need\": \"N1\"}, {\"need\": \"N1\"}]}",
               "plan.json: needs: 'N1' appears twice");
    expect_bad("{\"allocations\": [{\"need\": \"N\", \"donor\": \"D\"}, {\"need\": \"N\", "
               "\"donor\": \"D\"}]}",
               "plan.json: allocations: 'D' to 'N' appears twice");
    expect_bad("{\"coalitions\": [{\"members\": [{\"donor\": \"A\"}, {\"donor\": \"A\"}]}]}",
               "plan.json: coalitions[0].members: 'A' appears twice");
    expect_bad("{\"coalitions\": {}}", "plan.json: coalitions: must be an array");
    expect_bad("{\"donors\": [3]}", "plan.json: donors[0]: must be an object, got '3'");
    expect_bad("{\"objective\": [1]}", "plan.json: objective: must be an object");
    expect_bad("{\"parameters\": {\"mip_gap\": \"small\"}}",
               "plan.json: parameters.mip_gap: must be a finite number, got '\"small\"'");
    expect_bad("{\"parameters\": {\"mip_gap\": 0, \"mip_gap\": 1}}",
               "plan.json: parameters: 'mip_gap' appears twice");
    expect_bad("{\"donors\": [{\"marginal_range\": {\"from\": true}}]}",
               "plan.json: donors[0].marginal_range.from: must be a finite number or null, got "
               "'true'");
    expect_bad("{\"coalitions\": [{\"members\": [{\"expertise\": {\"clear\\tance\": \"x\"}}]}]}",
               "plan.json: coalitions[0].members[0].expertise.clear\\x09ance: must be a finite "
               "number, got '\"x\"'");
    expect_bad("{\"explanation\": {\"conflicts\": [1]}}",
               "plan.json: explanation.conflicts[0]: must be a string, got '1'");
    expect_bad("{\"baseline\": {\"keep_pledges\": 1}}",
               "plan.json: baseline.keep_pledges: must be true or false, got '1'");
    expect_bad("{\"alternatives\": {\"plans\": [{\"seats_added\": [{\"donor\": null}]}]}}",
               "plan.json: alternatives.plans[0].seats_added[0].donor: must be a string, got "
               "'null'");
    expect_bad("{\"timing\": {\"rows\": -1}}",
               "plan.json: timing.rows: must be a whole number from 0 to 1000000000, got '-1'");
    /* the diagnosis (docs/DIAGNOSIS.md "In the plan") */
    expect_bad("{\"coalitions\": [{\"diagnosis\": 3}]}",
               "plan.json: coalitions[0].diagnosis: must be an object or null, got '3'");
    expect_bad("{\"coalitions\": [{\"diagnosis\": {\"reasons\": [{\"kind\": \"bad_luck\"}]}}]}",
               "plan.json: coalitions[0].diagnosis.reasons[0].kind: must be one of secured, "
               "no_donor, ineligible, min_grant, seat_cost, outbid, members_spent, area_cap, "
               "net_seat_cost, max_states, coalition_full, forbidden, unresolved, capped, got "
               "'\"bad_luck\"'");
    expect_bad("{\"coalitions\": [{\"diagnosis\": {\"reasons\": [{\"items\": [{\"causes\": "
               "[\"excluded\", \"rude\"]}]}]}}]}",
               "plan.json: coalitions[0].diagnosis.reasons[0].items[0].causes[1]: must be one of "
               "no_budget, excluded, expertise, area_budget, got '\"rude\"'");
    expect_bad("{\"coalitions\": [{\"diagnosis\": {\"reasons\": [{\"items\": [{\"flags\": "
               "[null]}]}]}}]}",
               "plan.json: coalitions[0].diagnosis.reasons[0].items[0].flags[0]: must be a "
               "string, got 'null'");
    expect_bad("{\"coalitions\": [{\"diagnosis\": {\"reasons\": [{\"items\": [{\"value\": "
               "2e15}]}]}}]}",
               "plan.json: coalitions[0].diagnosis.reasons[0].items[0].value: must be at most "
               "1e15 USD, got '2e+15'");
    expect_bad("{\"coalitions\": [{\"diagnosis\": {\"change\": {\"target\": \"peace\"}}}]}",
               "plan.json: coalitions[0].diagnosis.change.target: must be coalition or "
               "coverage_floor, got '\"peace\"'");
    expect_bad("{\"coalitions\": [{\"diagnosis\": {\"change\": {\"tried\": {\"budget\": "
               "\"maybe\"}}}}]}",
               "plan.json: coalitions[0].diagnosis.change.tried.budget: must be one of "
               "not_tried, not_applicable, failed, worked, not_needed, got '\"maybe\"'");
    expect_bad("{\"coalitions\": [{\"diagnosis\": {\"change\": {\"losses\": [{\"state\": "
               "\"S\", \"before\": -1}]}}}]}",
               "plan.json: coalitions[0].diagnosis.change.losses[0].before: must be a number >= "
               "0, got '-1'");
    expect_bad("{\"needs\": [{\"evidence_value\": {\"moves\": \"lots\"}}]}",
               "plan.json: needs[0].evidence_value.moves: must be a finite number or null, got "
               "'\"lots\"'");
    expect_bad("{\"data_gaps\": [{\"kind\": \"typo\"}]}",
               "plan.json: data_gaps[0].kind: must be one of no_deadline, weak_evidence, "
               "no_iso3, no_expertise, got '\"typo\"'");
    expect_bad("{\"coalitions\": ", "plan.json:1:16: coalitions: not valid JSON: unexpected end of input (truncated?)");
    expect_bad("[]", "plan.json: expected a JSON object at the top, got an array");
    /* every problem is reported, not only the first */
    co_diag *dg = co_diag_new();
    co_plan *pl = NULL;
    char *text;
    const char *two = "{\"scenario\": 1, \"as_of\": 2}";
    assert_int_equal(co_plan_read("p", two, strlen(two), &pl, dg), CO_EINPUT);
    assert_int_equal(co_diag_errors(dg), 2);
    co_diag_free(dg);
    /* a diagnosis null (covered in full) and one not given stay apart; a
     * change without a kind (none found) reads back as such */
    pl = read_back("{\"coalitions\": [{\"state\": \"A\", \"diagnosis\": null}, {\"state\": "
                   "\"B\"}, {\"state\": \"C\", \"diagnosis\": {\"reasons\": [], \"change\": "
                   "{\"kind\": null, \"tried\": {\"evidence\": \"failed\"}}}}],"
                   " \"needs\": [{\"need\": \"N\", \"evidence_value\": null}, {\"need\": \"M\"}]}");
    assert_int_equal(pl->coalitions[0].diagnosed, 0);
    assert_int_equal(pl->coalitions[1].diagnosed, -1);
    assert_int_equal(pl->coalitions[2].diagnosed, 1);
    assert_int_equal(pl->coalitions[2].diagnosis.change->kind, -1);
    assert_int_equal(pl->coalitions[2].diagnosis.change->tried[CO_CHANGE_EVIDENCE], CO_TRY_FAILED);
    assert_int_equal(pl->coalitions[2].diagnosis.change->tried[CO_CHANGE_BUDGET], -1);
    assert_int_equal(pl->needs[0].has_evidence_value, 0);
    assert_int_equal(pl->needs[1].has_evidence_value, -1);
    text = rewritten(pl);
    assert_non_null(strstr(text, "\"diagnosis\": null"));
    assert_non_null(strstr(text, "\"evidence_value\": null"));
    free(text);
    co_plan_free(pl);
    /* a plan that gives nothing reads, as a plan with nothing given */
    pl = read_back("{}");
    text = rewritten(pl);
    assert_non_null(strstr(text, "\"baseline\": null"));
    assert_null(strstr(text, "\"status\""));
    free(text);
    co_plan_free(pl);
}

static void comparisons(void **state)
{
    (void)state;
    char *data = NULL;
    size_t len = 0;
    assert_int_equal(co_read_file("tests/data/whatif/comparison.json", &data, &len), 0);
    co_diag *dg = co_diag_new();
    co_comparison *c = NULL, *again = NULL;
    assert_int_equal(co_comparison_read("comparison.json", data, len, &c, dg), CO_OK);
    assert_int_equal(c->n_scenarios, 2);
    assert_true(co_cmp_has_plan(&c->scenarios[0]) && !co_cmp_has_plan(&c->scenarios[1]));
    assert_int_equal(c->scenarios[0].delta.allocated, 15000000);
    assert_string_equal(c->scenarios[0].states[0].members_in[0], "NOR");
    assert_int_equal(c->scenarios[1].explanation.n_fixes, 2);
    co_buf one, two;
    co_buf_init(&one);
    co_buf_init(&two);
    assert_int_equal(co_comparison_to_json(c, &one, dg), CO_OK);
    assert_int_equal(co_comparison_read("again.json", one.data, one.len, &again, dg), CO_OK);
    assert_int_equal(co_comparison_to_json(again, &two, dg), CO_OK);
    assert_int_equal(one.len, two.len);
    assert_memory_equal(one.data, two.data, one.len);
    co_buf_release(&one);
    co_buf_release(&two);
    co_comparison_free(c);
    co_comparison_free(again);
    free(data);
    static const char bad[] =
        "{\"baseline\": {}, \"scenarios\": [{\"delta\": {\"allocated\": \"x\"}}]}";
    assert_int_equal(co_comparison_read("cmp.json", bad, sizeof bad - 1, &c, dg), CO_EINPUT);
    assert_null(c);
    assert_string_equal(co_diag_message(dg, 0, NULL),
                        "cmp.json: scenarios[0].delta.allocated: must be a finite number or "
                        "null, got '\"x\"'");
    co_diag_free(dg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(bundled_datasets), cmocka_unit_test(whatif_plans),
        cmocka_unit_test(totals),           cmocka_unit_test(hostile_plans),
        cmocka_unit_test(comparisons),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
