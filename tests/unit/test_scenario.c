/* Unit tests of scenario.c (reading a scenario file, applying each kind of
 * change to a small base written here) and extras.c (rules resolved
 * against an instance). Expected datasets are written out by hand in the
 * form co_save_json gives; expected messages are exact. Runs in a
 * temporary folder, where it writes its scenario files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model/derive.h"
#include "model/extras.h"
#include "io/load.h"
#include "base/output.h"
#include "io/save.h"
#include "run/scenario.h"
#include "base/util.h"
#include "data/schema.h"

static char dir[] = "/tmp/coalitions-scenario-test.XXXXXX";

/* JSON written with ' for " (no test string holds a quote). */
static char *dq(const char *s)
{
    char *t = co_strdup(s);
    for (char *p = t; p && *p; p++)
        if (*p == '\'')
            *p = '"';
    return t;
}

/* The base, in no particular order: validation sorts it. GBR excludes IRQ
 * and has no va need eligible for NOR (expertise 0 < min_expertise 0.1). */
static const char base_json[] =
    "{'as_of': '2020-01-01',"
    " 'areas': [{'id': 'va'}, {'id': 'clearance'}],"
    " 'states': [{'id': 'LAO'}, {'id': 'IRQ'}],"
    " 'donors': ["
    "  {'id': 'NOR', 'budget': 500, 'expertise': {'clearance': 0.5}, 'max_states': 2,"
    "   'priority_states': ['IRQ']},"
    "  {'id': 'GBR', 'budget': 1000, 'expertise': {'clearance': 0.8, 'va': 0.2},"
    "   'area_budget': {'va': 300}, 'min_grant': 50, 'excluded_states': ['IRQ'],"
    "   'priority_states': ['LAO']}],"
    " 'needs': ["
    "  {'id': 'LAO-va', 'state': 'LAO', 'area': 'va', 'amount': 100, 'evidence': 'surveyed'},"
    "  {'id': 'LAO-clr', 'state': 'LAO', 'area': 'clearance', 'amount': 400, 'secured': 100,"
    "   'evidence': 'reported', 'deadline': '2021-01-01'},"
    "  {'id': 'IRQ-clr', 'state': 'IRQ', 'area': 'clearance', 'amount': 200, 'evidence': 0.5}],"
    " 'parameters': {'min_expertise': 0.1}}";

/* The base as co_save_json writes it, piece by piece, by hand. */
#define HEAD "{\n  \"as_of\": \"2020-01-01\",\n"
#define AREAS "  \"areas\": [\n    {\"id\": \"clearance\"},\n    {\"id\": \"va\"}\n  ],\n"
#define STATES "  \"states\": [\n    {\"id\": \"IRQ\"},\n    {\"id\": \"LAO\"}\n  ],\n"
#define GBR_ "    {\"id\": \"GBR\", \"budget\": 1000, "
#define GBR_EXP "\"expertise\": {\"clearance\": 0.8, \"va\": 0.2}, \"area_budget\": {\"va\": 300}, "
#define GBR_END "\"min_grant\": 50, \"excluded_states\": [\"IRQ\"], \"priority_states\": [\"LAO\"]}"
#define GBR GBR_ GBR_EXP GBR_END
#define NOR_ "    {\"id\": \"NOR\", \"budget\": 500, \"expertise\": {\"clearance\": 0.5}, "
#define NOR NOR_ "\"max_states\": 2, \"priority_states\": [\"IRQ\"]}"
#define DONORS(a, b) "  \"donors\": [\n" a ",\n" b "\n  ],\n"
#define NIRQ "    {\"id\": \"IRQ-clr\", \"state\": \"IRQ\", \"area\": \"clearance\", "
#define N_IRQ NIRQ "\"amount\": 200, \"evidence\": 0.5}"
#define NLAO "    {\"id\": \"LAO-clr\", \"state\": \"LAO\", \"area\": \"clearance\", \"amount\": 400, "
#define N_LAO NLAO "\"secured\": 100, \"evidence\": \"reported\", \"deadline\": \"2021-01-01\"}"
#define NVA "    {\"id\": \"LAO-va\", \"state\": \"LAO\", \"area\": \"va\", "
#define N_VA NVA "\"amount\": 100, \"evidence\": \"surveyed\"}"
#define NEEDS(list) "  \"needs\": [\n" list "\n  ]"
#define PARAMS(p) ",\n  \"parameters\": {\n    " p "\n  }\n}\n"
#define MIN_E "\"min_expertise\": 0.1"

static const char base_saved[] =
    HEAD AREAS STATES DONORS(GBR, NOR) NEEDS(N_IRQ ",\n" N_LAO ",\n" N_VA) PARAMS(MIN_E);

static co_dataset *load_json_text(const char *json);

static co_dataset *load_base(void)
{
    return load_json_text(base_json);
}

static char *saved(const co_dataset *ds)
{
    co_buf b;
    co_buf_init(&b);
    assert_int_equal(co_save_json(ds, &b, NULL), CO_OK);
    co_buf_put(&b, "", 1);
    return b.data;
}

static void write_file(const char *name, const char *text)
{
    FILE *f = fopen(name, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

/* Messages of dg, one per line, for comparing with an expected list. */
static char *messages(const co_diag *dg)
{
    co_buf b;
    co_buf_init(&b);
    for (int i = 0; i < dg->n; i++)
        co_buf_printf(&b, "%s\n", dg->msg[i]);
    co_buf_put(&b, "", 1);
    return b.data;
}

static void expect_messages(const co_diag *dg, const char *want)
{
    char *got = messages(dg);
    if (strcmp(got, want) != 0)
        fprintf(stderr, "got:\n%s", got); /* whole: cmocka cuts long strings */
    assert_string_equal(got, want);
    free(got);
}

/* Loads a file with one scenario named 'S' whose changes are `changes`
 * (JSON with '), and applies it to the base. Returns apply's code; the
 * result and rules are left in *out and rules, messages in dg. */
static int apply_changes(const co_dataset *base, const char *changes, co_dataset **out,
                         co_rules *rules, co_diag *dg)
{
    char *raw = co_asprintf("{'scenarios': [{'name': 'S', 'changes': [%s]}]}", changes);
    char *text = dq(raw);
    write_file("whatif.json", text);
    co_scenario_set set;
    co_diag ldg;
    co_diag_init(&ldg);
    assert_int_equal(co_scenarios_load("whatif.json", &set, &ldg), CO_OK);
    assert_int_equal(ldg.n, 0);
    assert_int_equal(set.n, 1);
    int rc = co_scenario_apply(base, &set.items[0], out, rules, dg);
    co_scenario_set_release(&set);
    co_diag_release(&ldg);
    free(raw);
    free(text);
    return rc;
}

/* Applies changes that must succeed and checks the saved result. */
static void expect_result(const char *changes, const char *want)
{
    co_dataset *base = load_base(), *out = NULL;
    co_rules rules;
    co_rules_init(&rules);
    co_diag dg;
    co_diag_init(&dg);
    int rc = apply_changes(base, changes, &out, &rules, &dg);
    expect_messages(&dg, "");
    assert_int_equal(rc, CO_OK);
    char *got = saved(out);
    assert_string_equal(got, want);
    /* the base is untouched, and the result names the base file */
    char *b = saved(base);
    assert_string_equal(b, base_saved);
    assert_string_equal(out->source, "base.json");
    assert_string_equal(out->sha256, base->sha256);
    free(b);
    free(got);
    co_dataset_free(out);
    co_dataset_free(base);
    co_rules_release(&rules);
    co_diag_release(&dg);
}

/* Applies changes that must fail and checks every message. */
static void expect_errors(const char *changes, const char *want)
{
    co_dataset *base = load_base(), *out = (co_dataset *)&out;
    co_rules rules;
    co_rules_init(&rules);
    co_diag dg;
    co_diag_init(&dg);
    assert_int_equal(apply_changes(base, changes, &out, &rules, &dg), CO_EINPUT);
    expect_messages(&dg, want);
    assert_null(out);
    assert_int_equal(rules.n, 0);
    char *b = saved(base);
    assert_string_equal(b, base_saved);
    free(b);
    co_dataset_free(base);
    co_rules_release(&rules);
    co_diag_release(&dg);
}

static void no_changes(void **state)
{
    (void)state;
    expect_result("", base_saved);
}

static void set_values(void **state)
{
    (void)state;
    /* a field, a field on every item (also where it was not given), a
     * nested key created where the donor had none, a parameter */
    expect_result(
        "{'op': 'set', 'path': 'donors.GBR.budget', 'value': 2000},"
        "{'op': 'set', 'path': 'needs.*.deadline', 'value': '2022-06-30'},"
        "{'op': 'set', 'path': 'donors.NOR.area_budget.va', 'value': 0},"
        "{'op': 'set', 'path': 'donors.NOR.expertise.va', 'value': 0.25},"
        "{'op': 'set', 'path': 'parameters.coverage_floor', 'value': 0.3}",
        HEAD AREAS STATES
        DONORS("    {\"id\": \"GBR\", \"budget\": 2000, " GBR_EXP GBR_END,
               "    {\"id\": \"NOR\", \"budget\": 500, \"expertise\": {\"clearance\": 0.5, "
               "\"va\": 0.25}, \"area_budget\": {\"va\": 0}, \"max_states\": 2, "
               "\"priority_states\": [\"IRQ\"]}")
        NEEDS(NIRQ "\"amount\": 200, \"evidence\": 0.5, \"deadline\": \"2022-06-30\"},\n"
              NLAO "\"secured\": 100, \"evidence\": \"reported\", \"deadline\": \"2022-06-30\"},\n"
              NVA "\"amount\": 100, \"evidence\": \"surveyed\", \"deadline\": \"2022-06-30\"}")
        PARAMS(MIN_E ",\n    \"coverage_floor\": 0.3"));
}

static void scale_values(void **state)
{
    (void)state;
    /* with *, only the items that have the field: min_grant and secured
     * stay not given where they were not; a parameter the dataset does
     * not give is scaled from its default (coordination_cost 100000) */
    expect_result(
        "{'op': 'scale', 'path': 'donors.*.budget', 'factor': 0.5},"
        "{'op': 'scale', 'path': 'donors.*.min_grant', 'factor': 3},"
        "{'op': 'scale', 'path': 'needs.*.secured', 'factor': 0.25},"
        "{'op': 'scale', 'path': 'donors.GBR.expertise.va', 'factor': 2},"
        "{'op': 'scale', 'path': 'parameters.min_expertise', 'factor': 3},"
        "{'op': 'scale', 'path': 'parameters.coordination_cost', 'factor': 2}",
        HEAD AREAS STATES
        DONORS("    {\"id\": \"GBR\", \"budget\": 500, \"expertise\": {\"clearance\": 0.8, "
               "\"va\": 0.4}, \"area_budget\": {\"va\": 300}, \"min_grant\": 150, "
               "\"excluded_states\": [\"IRQ\"], \"priority_states\": [\"LAO\"]}",
               "    {\"id\": \"NOR\", \"budget\": 250, \"expertise\": {\"clearance\": 0.5}, "
               "\"max_states\": 2, \"priority_states\": [\"IRQ\"]}")
        NEEDS(N_IRQ ",\n" NLAO "\"secured\": 25, \"evidence\": \"reported\", "
              "\"deadline\": \"2021-01-01\"},\n" N_VA)
        PARAMS("\"min_expertise\": 0.30000000000000004,\n    \"coordination_cost\": 200000"));
}

static void remove_state(void **state)
{
    (void)state;
    /* IRQ's need goes, and IRQ leaves GBR's exclusions and NOR's priorities */
    expect_result("{'op': 'remove', 'path': 'states.IRQ'}",
                  HEAD AREAS "  \"states\": [\n    {\"id\": \"LAO\"}\n  ],\n"
                  DONORS(GBR_ GBR_EXP "\"min_grant\": 50, \"priority_states\": [\"LAO\"]}",
                         NOR_ "\"max_states\": 2}")
                  NEEDS(N_LAO ",\n" N_VA) PARAMS(MIN_E));
}

static void remove_area(void **state)
{
    (void)state;
    /* va's need goes, with GBR's expertise and cap in va */
    expect_result("{'op': 'remove', 'path': 'areas.va'}",
                  HEAD "  \"areas\": [\n    {\"id\": \"clearance\"}\n  ],\n" STATES
                  DONORS(GBR_ "\"expertise\": {\"clearance\": 0.8}, " GBR_END, NOR)
                  NEEDS(N_IRQ ",\n" N_LAO) PARAMS(MIN_E));
}

static void remove_items_and_fields(void **state)
{
    (void)state;
    expect_result("{'op': 'remove', 'path': 'donors.NOR'},"
                  "{'op': 'remove', 'path': 'needs.*'},"
                  "{'op': 'remove', 'path': 'donors.GBR.min_grant'},"
                  "{'op': 'remove', 'path': 'donors.GBR.expertise.va'},"
                  "{'op': 'remove', 'path': 'donors.GBR.priority_states.LAO'},"
                  "{'op': 'remove', 'path': 'parameters.min_expertise'}",
                  HEAD AREAS STATES
                  "  \"donors\": [\n" GBR_ "\"expertise\": {\"clearance\": 0.8}, "
                  "\"area_budget\": {\"va\": 300}, \"excluded_states\": [\"IRQ\"]}\n  ],\n"
                  "  \"needs\": []\n}\n");
}

static void add_items(void **state)
{
    (void)state;
    /* a need (sorted into place by validation), a State to a donor's list
     * (once: adding it again changes nothing), an area */
    expect_result("{'op': 'add', 'path': 'needs', 'value': {'id': 'IRQ-va', 'state': 'IRQ',"
                  " 'area': 'va', 'amount': 500000, 'evidence': 'reported'}},"
                  "{'op': 'add', 'path': 'donors.NOR.excluded_states', 'value': 'LAO'},"
                  "{'op': 'add', 'path': 'donors.GBR.excluded_states', 'value': 'IRQ'},"
                  "{'op': 'add', 'path': 'areas', 'value': {'id': 'stockpile'}}",
                  HEAD "  \"areas\": [\n    {\"id\": \"clearance\"},\n    {\"id\": \"stockpile\"},"
                  "\n    {\"id\": \"va\"}\n  ],\n" STATES
                  DONORS(GBR, NOR_ "\"max_states\": 2, \"excluded_states\": [\"LAO\"], "
                              "\"priority_states\": [\"IRQ\"]}")
                  NEEDS(N_IRQ ",\n    {\"id\": \"IRQ-va\", \"state\": \"IRQ\", \"area\": \"va\", "
                        "\"amount\": 500000, \"evidence\": \"reported\"},\n" N_LAO ",\n" N_VA)
                  PARAMS(MIN_E));
}

static void rules_collected(void **state)
{
    (void)state;
    co_dataset *base = load_base(), *out = NULL;
    co_rules rules;
    co_rules_init(&rules);
    assert_int_equal(co_rules_add_base(&rules, "GBR", "LAO"), CO_OK);
    co_diag dg;
    co_diag_init(&dg);
    assert_int_equal(apply_changes(base,
                                   "{'op': 'force', 'donor': 'NOR', 'state': 'IRQ'},"
                                   "{'op': 'set', 'path': 'donors.NOR.budget', 'value': 600},"
                                   "{'op': 'lead', 'donor': 'GBR', 'state': 'LAO'},"
                                   "{'op': 'forbid', 'donor': 'NOR', 'state': 'LAO'},"
                                   "{'op': 'pledge', 'donor': 'GBR', 'need': 'LAO-va',"
                                   " 'amount': 40}",
                                   &out, &rules, &dg),
                     CO_OK);
    expect_messages(&dg, "");
    assert_int_equal(rules.n, 4);
    assert_int_equal(rules.n_base, 1);
    const struct {
        enum co_rule_kind kind;
        const char *donor, *state, *need;
        double amount;
        int change;
    } want[] = {{CO_RULE_FORCE, "NOR", "IRQ", NULL, 0, 0},
                {CO_RULE_LEAD, "GBR", "LAO", NULL, 0, 2},
                {CO_RULE_FORBID, "NOR", "LAO", NULL, 0, 3},
                {CO_RULE_PLEDGE, "GBR", NULL, "LAO-va", 40, 4}};
    for (int i = 0; i < 4; i++) {
        const co_rule *r = &rules.items[i];
        assert_int_equal(r->kind, want[i].kind);
        assert_string_equal(r->donor, want[i].donor);
        if (want[i].state)
            assert_string_equal(r->state, want[i].state);
        else
            assert_null(r->state);
        if (want[i].need)
            assert_string_equal(r->need, want[i].need);
        else
            assert_null(r->need);
        assert_true(r->amount == want[i].amount);
        assert_int_equal(r->change, want[i].change);
    }
    co_dataset_free(out);
    co_dataset_free(base);
    co_rules_release(&rules);
    co_diag_release(&dg);
}

/* Builds the instance of the base (after `changes`) and resolves `rules`. */
static int resolve(const char *changes, co_rules *rules, co_extras *x, co_diag *dg)
{
    co_dataset *base = load_base(), *ds = NULL;
    co_diag adg;
    co_diag_init(&adg);
    assert_int_equal(apply_changes(base, changes, &ds, rules, &adg), CO_OK);
    co_params p;
    assert_int_equal(co_params_resolve(ds, NULL, &p, &adg), CO_OK);
    co_instance in;
    assert_int_equal(co_instance_build(ds, &p, &in, &adg), CO_OK);
    assert_int_equal(adg.n, 0);
    /* the instance the expectations below assume: pairs (GBR, LAO-clr),
     * (GBR, LAO-va), (NOR, IRQ-clr), (NOR, LAO-clr); seats (GBR, LAO),
     * (NOR, IRQ), (NOR, LAO) */
    if (p.min_expertise == 0.1) {
        assert_int_equal(in.n_pairs, 4);
        assert_int_equal(in.n_seats, 3);
        assert_int_equal(in.pairs[1].d * 10 + in.pairs[1].n, 2);
        assert_int_equal(in.seats[1].d * 10 + in.seats[1].s, 10);
    }
    int rc = co_extras_resolve(rules, &in, "whatif.json: scenario 'S'", x, dg);
    co_instance_release(&in);
    co_dataset_free(ds);
    co_dataset_free(base);
    co_diag_release(&adg);
    return rc;
}

static void extras_resolved(void **state)
{
    (void)state;
    co_rules rules;
    co_rules_init(&rules);
    co_rules_add_base(&rules, "GBR", "LAO");    /* seat 0 */
    co_rules_add_base(&rules, "NOR", "LAO");    /* seat 2 */
    co_rules_add_base(&rules, "GBR", "IRQ");    /* no seat: GBR excludes IRQ */
    co_rules_add_base(&rules, "USA", "LAO");    /* no such donor */
    co_extras x;
    co_diag dg;
    co_diag_init(&dg);
    assert_int_equal(resolve("{'op': 'force', 'donor': 'NOR', 'state': 'IRQ'},"
                             "{'op': 'lead', 'donor': 'GBR', 'state': 'LAO'},"
                             "{'op': 'forbid', 'donor': 'NOR', 'state': 'LAO'},"
                             "{'op': 'forbid', 'donor': 'GBR', 'state': 'IRQ'},"
                             "{'op': 'pledge', 'donor': 'GBR', 'need': 'LAO-va', 'amount': 40},"
                             "{'op': 'lead', 'donor': 'GBR', 'state': 'LAO'}",
                             &rules, &x, &dg),
                     CO_OK);
    expect_messages(&dg, "");
    /* seats: 0 (GBR, LAO) by the lead (rule 1), min max(50, 1); 1 (NOR,
     * IRQ) forced (rule 0), min max(0, 1); 2 (NOR, LAO) forbidden (rule 2);
     * the forbid of (GBR, IRQ), no seat, changes nothing */
    const signed char fixed[] = {1, 1, 0};
    const double seat_min[] = {50, 1, 0};
    const int fixed_rule[] = {1, 0, 2};
    const unsigned char base_y[] = {1, 0, 1};
    for (int s = 0; s < 3; s++) {
        assert_int_equal(x.fixed[s], fixed[s]);
        assert_true(x.seat_min[s] == seat_min[s]);
        assert_int_equal(x.fixed_rule[s], fixed_rule[s]);
        assert_int_equal(x.base_y[s], base_y[s]);
    }
    assert_int_equal(x.n_lead, 1); /* the lead given twice counts once */
    assert_int_equal(x.lead[0], 0);
    assert_int_equal(x.n_pledges, 1);
    assert_int_equal(x.pledges[0].pair, 1); /* (GBR, LAO-va) */
    assert_true(x.pledges[0].amount == 40);
    assert_int_equal(x.pledges[0].rule, 4);
    assert_int_equal(x.base_missing, 2);
    assert_true(x.stability_weight == 0);
    assert_int_equal(x.n_cuts, 0);
    assert_true(x.min_total == -INFINITY);
    assert_false(co_extras_empty(&x));
    co_extras_release(&x);
    co_rules_release(&rules);

    /* no rules, or only a forbid of a seat that does not exist: nothing */
    co_rules_init(&rules);
    assert_int_equal(resolve("{'op': 'forbid', 'donor': 'GBR', 'state': 'IRQ'}", &rules, &x, &dg),
                     CO_OK);
    assert_null(x.fixed);
    assert_null(x.base_y);
    assert_true(co_extras_empty(&x));
    co_extras_release(&x);
    co_extras_init(&x);
    assert_true(co_extras_empty(&x));
    co_rules_release(&rules);
    expect_messages(&dg, "");
    co_diag_release(&dg);
}

/* Resolving must fail with exactly these messages. */
static void expect_resolve_errors(const char *changes, const char *want)
{
    co_rules rules;
    co_rules_init(&rules);
    co_extras x;
    co_diag dg;
    co_diag_init(&dg);
    assert_int_equal(resolve(changes, &rules, &x, &dg), CO_EINPUT);
    expect_messages(&dg, want);
    assert_null(x.fixed);
    assert_int_equal(x.n_pledges, 0);
    co_rules_release(&rules);
    co_diag_release(&dg);
}

#define P "whatif.json: scenario 'S': "

static void extras_errors(void **state)
{
    (void)state;
    expect_resolve_errors(
        "{'op': 'force', 'donor': 'GBR', 'state': 'IRQ'},"
        "{'op': 'pledge', 'donor': 'NOR', 'need': 'LAO-va', 'amount': 10},"
        "{'op': 'pledge', 'donor': 'GBR', 'need': 'IRQ-clr', 'amount': 10},"
        "{'op': 'pledge', 'donor': 'GBR', 'need': 'LAO-va', 'amount': 150},"
        "{'op': 'force', 'donor': 'NOR', 'state': 'LAO'},"
        "{'op': 'forbid', 'donor': 'NOR', 'state': 'LAO'},"
        "{'op': 'pledge', 'donor': 'NOR', 'need': 'IRQ-clr', 'amount': 10},"
        "{'op': 'pledge', 'donor': 'NOR', 'need': 'IRQ-clr', 'amount': 20},"
        "{'op': 'forbid', 'donor': 'NOR', 'state': 'IRQ'}",
        P "changes[0]: force of donor 'GBR' in State 'IRQ' is not eligible: donor 'GBR' "
          "excludes State 'IRQ'\n"
        P "changes[1]: pledge of donor 'NOR' to need 'LAO-va' is not eligible: need 'LAO-va': "
          "expertise 0 in 'va' is below min_expertise 0.1\n"
        P "changes[2]: pledge of donor 'GBR' to need 'IRQ-clr' is not eligible: donor 'GBR' "
          "excludes State 'IRQ'\n"
        /* U = min(R 100, budget 1000, va cap 300) */
        P "changes[3]: pledge of donor 'GBR' to need 'LAO-va' of 150 exceeds the most the "
          "donor can give it, 100 (the least of the need left, the budget and the area cap)\n"
        P "changes[5]: forbid of donor 'NOR' in State 'LAO' contradicts changes[4] (force of "
          "donor 'NOR' in State 'LAO')\n"
        P "changes[7]: pledge of donor 'NOR' to need 'IRQ-clr' repeats changes[6] (one pledge "
          "per donor and need: give their sum)\n"
        P "changes[8]: forbid of donor 'NOR' in State 'IRQ' contradicts changes[6] (pledge of "
          "donor 'NOR' to need 'IRQ-clr')\n");
    /* a scenario's own parameters decide eligibility: min_expertise 0.9
     * leaves NOR no eligible need in LAO; a funded need has none either */
    expect_resolve_errors(
        "{'op': 'set', 'path': 'parameters.min_expertise', 'value': 0.9},"
        "{'op': 'set', 'path': 'needs.IRQ-clr.secured', 'value': 200},"
        "{'op': 'force', 'donor': 'NOR', 'state': 'LAO'},"
        "{'op': 'lead', 'donor': 'NOR', 'state': 'IRQ'}",
        P "changes[2]: force of donor 'NOR' in State 'LAO' is not eligible: need 'LAO-clr': "
          "expertise 0.5 in 'clearance' is below min_expertise 0.9; need 'LAO-va': expertise 0 "
          "in 'va' is below min_expertise 0.9\n"
        P "changes[3]: lead of donor 'NOR' in State 'IRQ' is not eligible: need 'IRQ-clr' has "
          "nothing left to fund\n");
}

static void change_errors(void **state)
{
    (void)state;
    expect_errors(
        "{'op': 'set', 'path': 'donors.GBX.budget', 'value': 1},"
        "{'op': 'set', 'path': 'donors.NOR.budgt', 'value': 1},"
        "{'op': 'set', 'path': 'donrs.NOR.budget', 'value': 1},"
        "{'op': 'scale', 'path': 'needs.*.evidence', 'factor': 2},"
        "{'op': 'set', 'path': 'donors.NOR.expertise.clearence', 'value': 1},"
        "{'op': 'set', 'path': 'donors.NOR.id', 'value': 'NOX'},"
        "{'op': 'remove', 'path': 'needs.LAO-va.amount'},"
        "{'op': 'set', 'path': 'donors.NOR', 'value': 1},"
        "{'op': 'set', 'path': 'parameters.coverage_flor', 'value': 0.3},"
        "{'op': 'set', 'path': 'parameters.coverage_floor', 'value': 1.5},"
        "{'op': 'add', 'path': 'needs', 'value': {'id': 'X', 'evidnce': 'reported'}},"
        "{'op': 'add', 'path': 'donors.NOR.excluded_states', 'value': 'LAX'},"
        "{'op': 'set', 'path': 'donors..budget', 'value': 1},"
        "{'op': 'force', 'donor': 'NOX', 'state': 'IRQ'},"
        "{'op': 'pledge', 'donor': 'NOR', 'need': 'LAO-vaa', 'amount': 1}",
        P "changes[0]: path 'donors.GBX.budget': unknown donor id 'GBX' (did you mean 'GBR'?)\n"
        P "changes[1]: path 'donors.NOR.budgt': unknown donor field 'budgt' (did you mean "
          "'budget'?)\n"
        P "changes[2]: path 'donrs.NOR.budget': unknown list 'donrs' (did you mean 'donors'?)\n"
        P "changes[3]: path 'needs.*.evidence': cannot scale evidence of need 'LAO-clr': not a "
          "number, got 'reported'\n"
        P "changes[3]: path 'needs.*.evidence': cannot scale evidence of need 'LAO-va': not a "
          "number, got 'surveyed'\n"
        P "changes[4]: path 'donors.NOR.expertise.clearence': unknown area id 'clearence' (did "
          "you mean 'clearance'?)\n"
        P "changes[5]: path 'donors.NOR.id': an id cannot be changed (remove the item and add "
          "a new one)\n"
        P "changes[6]: path 'needs.LAO-va.amount': 'amount' is required and cannot be removed\n"
        P "changes[7]: path 'donors.NOR': set takes list.id.field[.key] or parameters.name\n"
        P "changes[8]: path 'parameters.coverage_flor': unknown parameter 'coverage_flor' (did "
          "you mean 'coverage_floor'?)\n"
        P "changes[9]: path 'parameters.coverage_floor': must be a number from 0 to 1, got '1.5'\n"
        P "changes[10]: value: unknown need field 'evidnce' (did you mean 'evidence'?)\n"
        P "changes[11]: value: unknown State id 'LAX' (did you mean 'LAO'?)\n"
        P "changes[12]: path 'donors..budget': not a path (list.id.field[.key] or "
          "parameters.name)\n"
        P "changes[13]: unknown donor id 'NOX' (did you mean 'NOR'?)\n"
        P "changes[14]: unknown need id 'LAO-vaa' (did you mean 'LAO-va'?)\n");
    /* rules are checked against the scenario's dataset, after its changes */
    expect_errors("{'op': 'force', 'donor': 'NOR', 'state': 'IRQ'},"
                  "{'op': 'remove', 'path': 'donors.NOR'}",
                  P "changes[0]: unknown donor id 'NOR'\n");
}

static void invalid_result(void **state)
{
    (void)state;
    /* the validator's messages, on the scenario's dataset (NOR is
     * donors[1] there), with the scenario in place of the file */
    expect_errors("{'op': 'set', 'path': 'donors.NOR.budget', 'value': -5},"
                  "{'op': 'set', 'path': 'needs.LAO-va.evidence', 'value': 'measured'},"
                  "{'op': 'scale', 'path': 'donors.*.max_states', 'factor': 0.75}",
                  P "donors[1].budget: must be a finite number >= 0, got '-5' (donor 'NOR')\n"
                  P "donors[1].max_states: must be a whole number >= 0, got '1.5' (donor "
                    "'NOR')\n"
                  P "needs[2].evidence: unknown evidence level 'measured' (surveyed, reported, "
                    "estimated, anecdotal, or a number in [0, 1]) (need 'LAO-va')\n");
    /* an added need with a State that is not there */
    expect_errors("{'op': 'add', 'path': 'needs', 'value': {'id': 'X', 'state': 'SYR',"
                  " 'area': 'va', 'amount': 1, 'evidence': 1}}",
                  P "needs[3].state: unknown State id 'SYR' (need 'X')\n");
}

static void value_errors(void **state)
{
    (void)state;
    /* a value of the wrong type is named at its change (once, also with
     * *), the field is left not given, and the scenario's dataset is still
     * validated: NOR's excluded 'IRK' is reported too */
    expect_errors("{'op': 'set', 'path': 'donors.NOR.excluded_states', 'value': ['IRK', 5]},"
                  "{'op': 'set', 'path': 'donors.*.min_grant', 'value': 'x'},"
                  "{'op': 'set', 'path': 'donors.GBR.expertise.va', 'value': 'high'},"
                  "{'op': 'add', 'path': 'needs', 'value': {'id': 'X', 'state': 'LAO',"
                  " 'area': 'va', 'amount': '1'}}",
                  P "changes[0]: value[1]: must be a State id (a string), got a number '5'\n"
                  P "changes[1]: value: must be a number, got a string 'x'\n"
                  P "changes[2]: value: must be a number, got a string 'high'\n"
                  P "changes[3]: value.amount: must be a number, got a string '1'\n"
                  P "changes[3]: value.evidence: required field is missing\n"
                  P "donors[1].excluded_states[0]: unknown State id 'IRK' (did you mean "
                    "'IRQ'?) (donor 'NOR')\n");
}

/* The base as a CSV bundle: a scenario gives the same dataset and the
 * same messages as on the base read from JSON (items placed as in the
 * scenario's JSON, parameters as numbers). */
static void csv_base(void **state)
{
    (void)state;
    co_dataset *json = load_base(), csv, *out = NULL;
    co_diag dg;
    co_diag_init(&dg);
    assert_int_equal(co_save_csv_bundle(json, "bundle", &dg), CO_OK);
    co_dataset_init(&csv);
    assert_int_equal(co_load_csv_bundle("bundle", &csv, &dg), CO_OK);
    assert_int_equal(co_dataset_validate(&csv, &dg), CO_OK);
    expect_messages(&dg, "");
    co_rules rules;
    co_rules_init(&rules);
    assert_int_equal(apply_changes(&csv, "", &out, &rules, &dg), CO_OK);
    char *got = saved(out);
    assert_string_equal(got, base_saved);
    free(got);
    co_dataset_free(out);
    assert_int_equal(apply_changes(&csv,
                                   "{'op': 'set', 'path': 'donors.NOR.budget', 'value': -5},"
                                   "{'op': 'set', 'path': 'needs.LAO-va.deadline', 'value': "
                                   "'2021-02-30'}",
                                   &out, &rules, &dg),
                     CO_EINPUT);
    expect_messages(&dg, P "donors[1].budget: must be a finite number >= 0, got '-5' (donor "
                           "'NOR')\n"
                         P "needs[2].deadline: not a date (YYYY-MM-DD), got '2021-02-30' (need "
                           "'LAO-va')\n");
    co_dataset_release(&csv);
    co_dataset_free(json);
    co_rules_release(&rules);
    co_diag_release(&dg);
    for (int i = 0; i < CO_N_BUNDLE_FILES; i++) {
        char *f = co_asprintf("bundle/%s", co_bundle_files[i].name);
        unlink(f);
        free(f);
    }
    assert_int_equal(rmdir("bundle"), 0);
}

static int load_text(const char *text, co_scenario_set *set, co_diag *dg);

/* A multi-year base (MULTIYEAR.md): GBR's budget by year, LAO-clr
 * stated in work (amount 100 * 4 = 400 from it), LAO-x's per_year_max by
 * year. */
static const char my_json[] =
    "{'as_of': '2020-01-01', 'years': {'first': 2020, 'last': 2023},"
    " 'areas': [{'id': 'clearance'}], 'states': [{'id': 'LAO'}],"
    " 'donors': ["
    "  {'id': 'NOR', 'budget': 500},"
    "  {'id': 'GBR', 'budget': 1000, 'budget_by_year': {'2022': 0, '2021': 1500},"
    "   'carry_over': true, 'expertise': {'clearance': 0.8}}],"
    " 'needs': ["
    "  {'id': 'LAO-x', 'state': 'LAO', 'area': 'clearance', 'amount': 300, 'evidence': 1,"
    "   'per_year_max': {'2020': 50}},"
    "  {'id': 'LAO-clr', 'state': 'LAO', 'area': 'clearance', 'evidence': 1,"
    "   'deadline': '2021-01-01',"
    "   'work': {'unit': 'm2', 'remaining': 100, 'unit_cost': 4, 'per_year': 40}}]}";

static co_dataset *load_json_text(const char *json)
{
    co_diag dg;
    co_diag_init(&dg);
    co_dataset *ds = malloc(sizeof *ds);
    co_dataset_init(ds);
    char *text = dq(json);
    assert_int_equal(co_load_json_mem("base.json", text, strlen(text), ds, &dg), CO_OK);
    assert_int_equal(co_dataset_validate(ds, &dg), CO_OK);
    expect_messages(&dg, "");
    free(text);
    co_diag_release(&dg);
    return ds;
}

static void multiyear_edits(void **state)
{
    (void)state;
    co_dataset *base = load_json_text(my_json), *out = NULL;
    /* validation sorts the years of a map */
    assert_int_equal(base->donors[0].budget_by_year.v[0].year, 2021);
    assert_true(base->needs[0].amount == 400); /* LAO-clr: 100 m2 at 4 */
    co_rules rules;
    co_rules_init(&rules);
    co_diag dg;
    co_diag_init(&dg);
    /* scale of a budget scales the budget by year too: GBR 1600 * 0.5 in
     * 2021, 0 in 2022; NOR's new 2023 100 * 0.5 */
    assert_int_equal(
        apply_changes(base,
                      "{'op': 'set', 'path': 'donors.GBR.budget_by_year.2021', 'value': 1600},"
                      "{'op': 'set', 'path': 'donors.NOR.budget_by_year.2023', 'value': 100},"
                      "{'op': 'scale', 'path': 'donors.*.budget', 'factor': 0.5},"
                      "{'op': 'set', 'path': 'donors.NOR.carry_over', 'value': true},"
                      "{'op': 'set', 'path': 'needs.LAO-clr.work.remaining', 'value': 50},"
                      "{'op': 'scale', 'path': 'needs.LAO-clr.work.unit_cost', 'factor': 2},"
                      "{'op': 'set', 'path': 'needs.LAO-clr.requested_deadline',"
                      " 'value': '2023-06-01'},"
                      "{'op': 'remove', 'path': 'needs.LAO-x.per_year_max.2020'},"
                      "{'op': 'set', 'path': 'needs.LAO-x.per_year_max.2021', 'value': 60},"
                      "{'op': 'pledge', 'donor': 'GBR', 'need': 'LAO-clr', 'amount': 10,"
                      " 'year': 2022}",
                      &out, &rules, &dg),
        CO_OK);
    expect_messages(&dg, "");
    char *got = saved(out);
    assert_string_equal(
        got,
        "{\n  \"as_of\": \"2020-01-01\",\n  \"years\": {\"first\": 2020, \"last\": 2023},\n"
        "  \"areas\": [\n    {\"id\": \"clearance\"}\n  ],\n"
        "  \"states\": [\n    {\"id\": \"LAO\"}\n  ],\n"
        "  \"donors\": [\n"
        "    {\"id\": \"GBR\", \"budget\": 500, \"budget_by_year\": {\"2021\": 800, \"2022\": 0},"
        " \"carry_over\": true, \"expertise\": {\"clearance\": 0.8}},\n"
        "    {\"id\": \"NOR\", \"budget\": 250, \"budget_by_year\": {\"2023\": 50},"
        " \"carry_over\": true}\n  ],\n"
        "  \"needs\": [\n"
        "    {\"id\": \"LAO-clr\", \"state\": \"LAO\", \"area\": \"clearance\", \"evidence\": 1,"
        " \"deadline\": \"2021-01-01\", \"requested_deadline\": \"2023-06-01\", \"work\":"
        " {\"unit\": \"m2\", \"remaining\": 50, \"unit_cost\": 8, \"per_year\": 40}},\n"
        "    {\"id\": \"LAO-x\", \"state\": \"LAO\", \"area\": \"clearance\", \"amount\": 300,"
        " \"evidence\": 1, \"per_year_max\": {\"2021\": 60}}\n  ]\n}\n");
    free(got);
    assert_true(out->needs[0].amount == 400); /* 50 m2 at 8 */
    assert_int_equal(rules.n, 1);
    assert_int_equal(rules.items[0].year, 2022);
    co_dataset_free(out);

    /* work removed once the need has its own amount: a one-period need */
    assert_int_equal(apply_changes(base,
                                   "{'op': 'set', 'path': 'needs.LAO-clr.amount', 'value': 400},"
                                   "{'op': 'remove', 'path': 'needs.LAO-clr.work'}",
                                   &out, &rules, &dg),
                     CO_OK);
    expect_messages(&dg, "");
    assert_false(out->needs[0].has_work);
    assert_true(out->needs[0].amount_given && out->needs[0].amount == 400);
    co_dataset_free(out);

    /* per_year_max as one number, then a year of it */
    assert_int_equal(apply_changes(base,
                                   "{'op': 'set', 'path': 'needs.LAO-x.per_year_max', 'value': 70},"
                                   "{'op': 'set', 'path': 'needs.LAO-x.per_year_max.2021',"
                                   " 'value': 60}",
                                   &out, &rules, &dg),
                     CO_EINPUT);
    expect_messages(&dg, P "changes[1]: path 'needs.LAO-x.per_year_max.2021': cannot set 2021 of "
                           "need 'LAO-x': it is one number for every year (set it whole)\n");
    co_diag_release(&dg);
    co_diag_init(&dg);
    assert_int_equal(
        apply_changes(base,
                      "{'op': 'set', 'path': 'donors.GBR.budget_by_year.20x1', 'value': 5},"
                      "{'op': 'set', 'path': 'needs.LAO-clr.work.remainig', 'value': 5},"
                      "{'op': 'remove', 'path': 'needs.LAO-clr.work.unit'},"
                      "{'op': 'set', 'path': 'donors.GBR.carry_over', 'value': 'yes'},"
                      "{'op': 'pledge', 'donor': 'GBR', 'need': 'LAO-clr', 'amount': 10,"
                      " 'year': 2030},"
                      "{'op': 'set', 'path': 'needs.LAO-x.work.unit_cost', 'value': 3},"
                      "{'op': 'remove', 'path': 'needs.LAO-clr.work'}",
                      &out, &rules, &dg),
        CO_EINPUT);
    expect_messages(&dg,
                    P "changes[0]: path 'donors.GBR.budget_by_year.20x1': '20x1' is not a year "
                      "(1000 to 9999)\n"
                    P "changes[1]: path 'needs.LAO-clr.work.remainig': unknown need field "
                      "'work.remainig' (did you mean 'work.remaining'?)\n"
                    P "changes[2]: path 'needs.LAO-clr.work.unit': 'work.unit' is required and "
                      "cannot be removed (remove work)\n"
                    P "changes[3]: value: must be true or false, got a string 'yes'\n"
                    P "changes[5]: path 'needs.LAO-x.work.unit_cost': need 'LAO-x' has no work "
                      "(set work whole)\n"
                    P "changes[6]: path 'needs.LAO-clr.work': cannot remove work of need "
                      "'LAO-clr': its amount comes from it (set amount first)\n"
                    P "changes[4]: year: must be a year from 2020 to 2023 (the dataset's years), "
                      "got '2030'\n");
    co_diag_release(&dg);
    co_diag_init(&dg);
    /* what the validator finds in the scenario's dataset: a year outside
     * the dataset's, work's amount out of line with the amount given */
    assert_int_equal(
        apply_changes(base,
                      "{'op': 'set', 'path': 'donors.NOR.budget_by_year.2024', 'value': 5},"
                      "{'op': 'set', 'path': 'needs.LAO-clr.amount', 'value': 402}",
                      &out, &rules, &dg),
        CO_EINPUT);
    expect_messages(&dg, P "donors[1].budget_by_year: must be a year from 2020 to 2023 (the "
                           "dataset's years), got '2024' (donor 'NOR')\n"
                         P "needs[0].amount: must be remaining * unit_cost of its work (100 * 4 = "
                           "400) to one USD, got '402' (need 'LAO-clr')\n");
    co_diag_release(&dg);
    co_dataset_free(base);

    /* a pledge's year in a dataset without years */
    base = load_base();
    co_diag_init(&dg);
    assert_int_equal(apply_changes(base,
                                   "{'op': 'pledge', 'donor': 'GBR', 'need': 'LAO-va',"
                                   " 'amount': 10, 'year': 2021}",
                                   &out, &rules, &dg),
                     CO_EINPUT);
    expect_messages(&dg, P "changes[0]: year: only in a dataset with \"years\", got '2021'\n");
    co_diag_release(&dg);
    /* a year that is no year: a problem of the change, found reading it */
    co_scenario_set set;
    co_diag_init(&dg);
    assert_int_equal(load_text("{'scenarios': [{'name': 'S', 'changes': [{'op': 'pledge',"
                               " 'donor': 'GBR', 'need': 'LAO-va', 'amount': 10,"
                               " 'year': 2021.5}]}]}",
                               &set, &dg),
                     CO_OK);
    assert_int_equal(co_scenario_apply(base, &set.items[0], &out, &rules, &dg), CO_EINPUT);
    expect_messages(&dg, P "changes[0]: year: must be a year (a whole number from 1000 to 9999), "
                           "got a number '2021.5'\n");
    co_scenario_set_release(&set);
    co_diag_release(&dg);
    co_dataset_free(base);
    co_rules_release(&rules);
}

/* Loads `text` (JSON with ') as whatif.json: the code and the messages. */
static int load_text(const char *text, co_scenario_set *set, co_diag *dg)
{
    char *t = dq(text);
    write_file("whatif.json", t);
    free(t);
    return co_scenarios_load("whatif.json", set, dg);
}

static void file_errors(void **state)
{
    (void)state;
    co_scenario_set set;
    co_diag dg;
    co_diag_init(&dg);
    assert_int_equal(load_text("{'scenarios': [{'name': 'A', 'changes': []}, 3,"
                               " {'changes': []}, {'name': 'A', 'changes': []},"
                               " {'name': '', 'changes': []}]}",
                               &set, &dg),
                     CO_EINPUT);
    expect_messages(&dg, "whatif.json: scenarios[1]: must be an object, got a number '3'\n"
                         "whatif.json: scenarios[2].name: required field is missing\n"
                         "whatif.json: scenarios[3].name: duplicate name 'A' (first at "
                         "scenarios[0])\n"
                         "whatif.json: scenarios[4].name: must be a non-empty string, got a "
                         "string ''\n");
    assert_int_equal(set.n, 0);
    assert_null(set.items);
    co_diag_release(&dg);

    co_diag_init(&dg);
    assert_int_equal(load_text("{'scenarios': [{'name': 'A', 'changes': []},\n", &set, &dg),
                     CO_EINPUT);
    expect_messages(&dg, "whatif.json:2:1: scenarios[1]: not valid JSON: unexpected end "
                         "of input (truncated?)\n");
    co_diag_release(&dg);

    co_diag_init(&dg);
    assert_int_equal(load_text("{'scenario': []}", &set, &dg), CO_EINPUT);
    expect_messages(&dg, "whatif.json: unknown field 'scenario', ignored (did you mean "
                         "'scenarios'?)\n"
                         "whatif.json: scenarios: required field is missing\n");
    co_diag_release(&dg);

    co_diag_init(&dg);
    assert_int_equal(load_text("[]", &set, &dg), CO_EINPUT);
    expect_messages(&dg, "whatif.json: expected a JSON object at the top, got an array\n");
    co_diag_release(&dg);

    co_diag_init(&dg);
    assert_int_equal(co_scenarios_load("missing.json", &set, &dg), CO_EIO);
    expect_messages(&dg, "missing.json: cannot read: No such file or directory\n");
    co_diag_release(&dg);
}

static void scenario_problems(void **state)
{
    (void)state;
    /* problems inside a scenario's changes: the file loads, that scenario
     * is an input error when applied, the other one runs */
    co_scenario_set set;
    co_diag dg;
    co_diag_init(&dg);
    assert_int_equal(
        load_text("{'scenarios': ["
                  " {'name': 'Bad', 'note': 'x', 'changes': ["
                  "  {'op': 'sett', 'path': 'donors.NOR.budget', 'value': 1},"
                  "  {'op': 'scale', 'path': 'donors.*.budget'},"
                  "  {'op': 'force', 'donor': 'NOR', 'state': 'IRQ', 'amount': 5},"
                  "  {'op': 'pledge', 'donor': 'NOR', 'need': 'IRQ-clr', 'amount': 0},"
                  "  {'op': 'scale', 'path': 'donors.*.budget', 'facter': 2, 'factor': 2},"
                  "  {'path': 'x'}, 7, {'op': 'set', 'path': 3, 'value': null}]},"
                  " {'name': 'No list'},"
                  " {'name': 'Good', 'changes': [{'op': 'remove', 'path': 'needs.*'}]}]}",
                  &set, &dg),
        CO_OK);
    expect_messages(&dg, "whatif.json: scenario 'Bad': unknown field 'note', ignored\n");
    co_diag_release(&dg);
    assert_int_equal(set.n, 3);
    assert_string_equal(set.path, "whatif.json");
    assert_string_equal(set.items[0].name, "Bad");
    assert_int_equal(set.items[2].index, 2);
    assert_string_equal(set.items[2].where, "whatif.json: scenario 'Good'");

    co_dataset *base = load_base(), *out = NULL;
    co_rules rules;
    co_rules_init(&rules);
    co_diag_init(&dg);
    assert_int_equal(co_scenario_apply(base, &set.items[0], &out, &rules, &dg), CO_EINPUT);
    const char *b = "whatif.json: scenario 'Bad': ";
    char *want = co_asprintf(
        "%schanges[0]: op: unknown operation 'sett' (did you mean 'set'?)\n"
        "%schanges[1]: factor: required field is missing\n"
        "%schanges[2]: amount: not a field of 'force' (it takes donor, state)\n"
        "%schanges[3]: amount: must be a number > 0, got '0'\n"
        "%schanges[4]: facter: not a field of 'scale' (did you mean 'factor'?)\n"
        "%schanges[5]: op: required field is missing\n"
        "%schanges[6]: must be an object, got a number '7'\n"
        "%schanges[7]: path: must be a string, got a number '3'\n"
        "%schanges[7]: value: required field is missing\n",
        b, b, b, b, b, b, b, b, b);
    expect_messages(&dg, want);
    free(want);
    assert_null(out);
    co_diag_release(&dg);

    co_diag_init(&dg);
    assert_int_equal(co_scenario_apply(base, &set.items[1], &out, &rules, &dg), CO_EINPUT);
    expect_messages(&dg, "whatif.json: scenario 'No list': changes: required field is "
                         "missing\n");
    co_diag_release(&dg);

    co_diag_init(&dg);
    assert_int_equal(co_scenario_apply(base, &set.items[2], &out, &rules, &dg), CO_OK);
    assert_int_equal(out->n_needs, 0);
    assert_int_equal(out->n_donors, 2);
    co_dataset_free(out);
    co_diag_release(&dg);

    co_dataset_free(base);
    co_rules_release(&rules);
    co_scenario_set_release(&set);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) && chdir(dir) == 0 ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    unlink("whatif.json");
    return chdir("/") == 0 && rmdir(dir) == 0 ? 0 : -1;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(no_changes),       cmocka_unit_test(set_values),
        cmocka_unit_test(scale_values),     cmocka_unit_test(remove_state),
        cmocka_unit_test(remove_area),      cmocka_unit_test(remove_items_and_fields),
        cmocka_unit_test(add_items),        cmocka_unit_test(rules_collected),
        cmocka_unit_test(extras_resolved),  cmocka_unit_test(extras_errors),
        cmocka_unit_test(change_errors),    cmocka_unit_test(invalid_result),
        cmocka_unit_test(value_errors),     cmocka_unit_test(csv_base),
        cmocka_unit_test(multiyear_edits),
        cmocka_unit_test(file_errors),      cmocka_unit_test(scenario_problems)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
