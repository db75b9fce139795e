/* Unit tests of compare.c: a baseline and four what-if outcomes written by
 * hand (a scenario moving coverage, lead and members; one removing a donor
 * and adding a State; an infeasible one; an input error), and a
 * multi-year pair whose deadline figures change, with every expected
 * change worked out by hand in the comments. The plans are read
 * by co_plan_read, as `whatif` reads its runs' plans; the comparison is
 * checked as the JSON co_comparison_to_json writes, and its terminal view
 * is drawn from that JSON read back (co_comparison_read). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "run/compare.h"
#include "base/diag.h"
#include "base/util.h"

/* Baseline: IRQ led by USA with GBR (400 of 1000), LAO by NOR (500 of
 * 1000), LBN without members (0 of 300). Urgent needs (urgency > 1):
 * IRQ-c and LBN-va, 1300 requested, 400 placed. Seats: 2 + 1 + 0 = 3. */
static const char base_json[] =
    "{\"dataset\": {\"name\": \"Test data\", \"sha256\": \"0123456789abcdef0123\"},"
    " \"status\": \"optimal\", \"gap\": 0, \"objective\": {\"total\": 1000.5},"
    " \"coalitions\": ["
    "  {\"state\": \"IRQ\", \"lead\": \"USA\", \"members\": [{\"donor\": \"USA\"}, {\"donor\": \"GBR\"}],"
    "   \"allocated\": 400, \"coverage\": 0.4},"
    "  {\"state\": \"LAO\", \"lead\": \"NOR\", \"members\": [{\"donor\": \"NOR\"}],"
    "   \"allocated\": 500, \"coverage\": 0.5},"
    "  {\"state\": \"LBN\", \"lead\": null, \"members\": [], \"allocated\": 0, \"coverage\": 0}],"
    " \"donors\": ["
    "  {\"donor\": \"GBR\", \"allocated\": 100, \"utilisation\": 0.5},"
    "  {\"donor\": \"NOR\", \"allocated\": 500, \"utilisation\": 0.5},"
    "  {\"donor\": \"USA\", \"allocated\": 300, \"utilisation\": 0.75}],"
    " \"needs\": ["
    "  {\"need\": \"IRQ-c\", \"requested\": 1000, \"allocated\": 400, \"urgency\": 1.5},"
    "  {\"need\": \"LAO-c\", \"requested\": 1000, \"allocated\": 500, \"urgency\": 1},"
    "  {\"need\": \"LBN-va\", \"requested\": 300, \"allocated\": 0, \"urgency\": 2}]}";

/* Norway leads Iraq: IRQ 520 (NOR 220, USA 300; GBR out, NOR in, lead
 * USA -> NOR), LAO 380; NOR gives 600, GBR nothing. Allocated 900 as
 * before; urgent 520 of 1300 = 0.4 against 4/13: +0.092307692. Lists in
 * no particular order: the comparison sorts them. */
static const char s1_json[] =
    "{\"status\": \"optimal\", \"gap\": 0, \"objective\": {\"total\": 1100.25},"
    " \"price_of_fairness\": 12.5,"
    " \"coalitions\": ["
    "  {\"state\": \"LBN\", \"lead\": null, \"members\": [], \"allocated\": 0, \"coverage\": 0},"
    "  {\"state\": \"LAO\", \"lead\": \"NOR\", \"members\": [{\"donor\": \"NOR\"}],"
    "   \"allocated\": 380, \"coverage\": 0.38},"
    "  {\"state\": \"IRQ\", \"lead\": \"NOR\", \"members\": [{\"donor\": \"NOR\"}, {\"donor\": \"USA\"}],"
    "   \"allocated\": 520, \"coverage\": 0.52}],"
    " \"donors\": ["
    "  {\"donor\": \"USA\", \"allocated\": 300, \"utilisation\": 0.75},"
    "  {\"donor\": \"NOR\", \"allocated\": 600, \"utilisation\": 0.6},"
    "  {\"donor\": \"GBR\", \"allocated\": 0, \"utilisation\": 0}],"
    " \"needs\": ["
    "  {\"need\": \"IRQ-c\", \"requested\": 1000, \"allocated\": 520, \"urgency\": 1.5},"
    "  {\"need\": \"LAO-c\", \"requested\": 1000, \"allocated\": 380, \"urgency\": 1},"
    "  {\"need\": \"LBN-va\", \"requested\": 300, \"allocated\": 0, \"urgency\": 2}]}";

/* GBR removed, KHM added (400 requested, urgency 3, NOR gives 200): IRQ
 * 300 (GBR out), KHM 200 (NOR in, lead NOR). Allocated 1000 (+100);
 * urgent 500 of 1700 = 5/17 against 4/13: -3/221 = -0.013574661. Seats
 * 3 -> 3. Objective 1000.504: the baseline's to the cent, a tie. */
static const char s2_json[] =
    "{\"status\": \"feasible\", \"gap\": 0.0125, \"objective\": {\"total\": 1000.504},"
    " \"coalitions\": ["
    "  {\"state\": \"IRQ\", \"lead\": \"USA\", \"members\": [{\"donor\": \"USA\"}],"
    "   \"allocated\": 300, \"coverage\": 0.3},"
    "  {\"state\": \"KHM\", \"lead\": \"NOR\", \"members\": [{\"donor\": \"NOR\"}],"
    "   \"allocated\": 200, \"coverage\": 0.5},"
    "  {\"state\": \"LAO\", \"lead\": \"NOR\", \"members\": [{\"donor\": \"NOR\"}],"
    "   \"allocated\": 500, \"coverage\": 0.5},"
    "  {\"state\": \"LBN\", \"lead\": null, \"members\": [], \"allocated\": 0, \"coverage\": 0}],"
    " \"donors\": ["
    "  {\"donor\": \"NOR\", \"allocated\": 700, \"utilisation\": 0.7},"
    "  {\"donor\": \"USA\", \"allocated\": 300, \"utilisation\": 0.75}],"
    " \"needs\": ["
    "  {\"need\": \"IRQ-c\", \"requested\": 1000, \"allocated\": 300, \"urgency\": 1.5},"
    "  {\"need\": \"KHM-c\", \"requested\": 400, \"allocated\": 200, \"urgency\": 3},"
    "  {\"need\": \"LAO-c\", \"requested\": 1000, \"allocated\": 500, \"urgency\": 1},"
    "  {\"need\": \"LBN-va\", \"requested\": 300, \"allocated\": 0, \"urgency\": 2}]}";

/* An infeasible run still writes its plan, with that status. */
static const char s3_json[] = "{\"status\": \"infeasible\", \"objective\": {\"total\": 0}}";
static const char *s3_conflicts[] = {"NOR must stay out of LAO but has pledged 100 to LAO-c"};
static const char *s3_fixes[] = {"drop the pledge of NOR to LAO-c", "allow NOR in LAO"};
static const co_plan_explanation s3_expl = {s3_conflicts, s3_fixes, 1, 2};

#define S2_NAME "United Kingdom leaves and Cambodia joins the plan"
#define S4_MSG "whatif.json: scenarios[3].changes[0].path: unknown donor 'XXX'"

typedef struct fixture {
    co_plan *plans[4];
    co_outcome base, scen[4];
} fixture;

/* A plan text read as `whatif` reads a run's plan (named as its outcome). */
static co_plan *read_plan(const char *text, const char *name, const char *file)
{
    co_diag *dg = co_diag_new();
    char *label = co_outcome_label(name, file);
    co_plan *pl = NULL;
    assert_int_equal(co_plan_read(label, text, strlen(text), &pl, dg), CO_OK);
    free(label);
    co_diag_free(dg);
    return pl;
}

static int setup(void **state)
{
    fixture *f = calloc(1, sizeof *f);
    f->plans[0] = read_plan(base_json, NULL, "baseline.json");
    f->plans[1] = read_plan(s1_json, "Norway leads Iraq", "norway.json");
    f->plans[2] = read_plan(s2_json, S2_NAME, "uk.json");
    f->plans[3] = read_plan(s3_json, "Everyone leaves Laos", "laos.json");
    f->base = (co_outcome){NULL, "baseline.json", 7, 0, NULL, NULL, f->plans[0]};
    f->scen[0] = (co_outcome){"Norway leads Iraq", "norway.json", 8, 0, NULL, NULL, f->plans[1]};
    f->scen[1] = (co_outcome){S2_NAME, "uk.json", 0, 0, NULL, NULL, f->plans[2]};
    f->scen[2] = (co_outcome){"Everyone leaves Laos", "laos.json", 9, 1,
                              "no plan meets the scenario's seats and pledges", &s3_expl,
                              f->plans[3]};
    f->scen[3] = (co_outcome){"Bad\tscenario", NULL, 0, 3, S4_MSG, NULL, NULL};
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < 4; i++)
        co_plan_free(f->plans[i]);
    free(f);
    return 0;
}

/* The comparison as comparison.json, parsed for the checks below. */
static cJSON *as_json(const co_comparison *c)
{
    co_buf b;
    co_buf_init(&b);
    co_diag *dg = co_diag_new();
    assert_int_equal(co_comparison_to_json(c, &b, dg), CO_OK);
    co_diag_free(dg);
    co_buf_put(&b, "", 1);
    assert_false(b.oom);
    cJSON *j = cJSON_Parse(b.data);
    assert_non_null(j);
    co_buf_release(&b);
    return j;
}

/* co_compare_build's comparison as JSON. */
static cJSON *build_outcomes(const co_outcome *base, const co_outcome *scen, int n,
                             const char *file)
{
    co_diag *dg = co_diag_new();
    co_comparison *c = NULL;
    assert_int_equal(co_compare_build(base, scen, n, file, &c, dg), CO_OK);
    assert_int_equal(co_diag_count(dg), 0);
    co_diag_free(dg);
    assert_non_null(c);
    cJSON *cmp = as_json(c);
    co_comparison_free(c);
    return cmp;
}

static cJSON *build(fixture *f)
{
    return build_outcomes(&f->base, f->scen, 4, "whatif.json");
}

static const cJSON *get(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
    assert_non_null(v);
    return v;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = get(o, key);
    assert_true(cJSON_IsNumber(v));
    return v->valuedouble;
}

static const char *str(const cJSON *o, const char *key)
{
    const cJSON *v = get(o, key);
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

static int is_null(const cJSON *o, const char *key)
{
    return cJSON_IsNull(get(o, key));
}

/* The list's strings joined with "," ("" when empty). */
static const char *ids(const cJSON *o, const char *key)
{
    static char buf[256];
    size_t n = 0;
    buf[0] = '\0';
    const cJSON *a = get(o, key);
    assert_true(cJSON_IsArray(a));
    for (const cJSON *x = a->child; x && n < sizeof buf; x = x->next)
        n += (size_t)snprintf(buf + n, sizeof buf - n, "%s%s", n ? "," : "", x->valuestring);
    return buf;
}

#define near(a, b) assert_true(fabs((a) - (b)) < 1e-12)

static void outcomes(void **state)
{
    fixture *f = *state;
    cJSON *cmp = build(f);
    const cJSON *ds = get(cmp, "dataset");
    assert_string_equal(str(ds, "name"), "Test data");
    assert_string_equal(str(ds, "sha256"), "0123456789abcdef0123");
    assert_string_equal(str(cmp, "scenarios_file"), "whatif.json");

    const cJSON *b = get(cmp, "baseline");
    assert_true(is_null(b, "name"));
    assert_string_equal(str(b, "file"), "baseline.json");
    assert_true(num(b, "run") == 7);
    assert_string_equal(str(b, "status"), "optimal");
    assert_true(num(b, "exit") == 0);
    assert_true(is_null(b, "message") && is_null(b, "explanation"));
    assert_true(num(b, "objective") == 1000.5);
    assert_true(num(b, "requested") == 2300);
    assert_true(num(b, "allocated") == 900);
    assert_true(num(b, "urgent_requested") == 1300);
    assert_true(num(b, "urgent_allocated") == 400);
    near(num(b, "urgent_share"), 4.0 / 13.0);
    assert_true(num(b, "seats") == 3);
    assert_true(is_null(b, "price_of_fairness"));
    assert_null(cJSON_GetObjectItemCaseSensitive(b, "delta")); /* scenarios only */

    const cJSON *sc = get(cmp, "scenarios");
    assert_int_equal(cJSON_GetArraySize(sc), 4);
    const cJSON *s1 = cJSON_GetArrayItem(sc, 0), *s2 = cJSON_GetArrayItem(sc, 1);
    const cJSON *s3 = cJSON_GetArrayItem(sc, 2), *s4 = cJSON_GetArrayItem(sc, 3);
    assert_string_equal(str(s1, "name"), "Norway leads Iraq");
    assert_true(num(s1, "price_of_fairness") == 12.5);
    assert_true(num(s1, "seats") == 3); /* NOR, USA in IRQ; NOR in LAO */
    near(num(s1, "urgent_share"), 0.4);
    assert_true(is_null(s2, "run")); /* not stored */
    assert_string_equal(str(s2, "status"), "feasible");
    assert_true(num(s2, "gap") == 0.0125);
    assert_true(num(s2, "requested") == 2700);
    assert_true(num(s2, "seats") == 3);

    /* no plan: the plan's own status, or one from the exit code */
    assert_string_equal(str(s3, "status"), "infeasible");
    assert_true(num(s3, "exit") == 1);
    assert_string_equal(str(s3, "message"), "no plan meets the scenario's seats and pledges");
    assert_string_equal(ids(get(s3, "explanation"), "fixes"),
                        "drop the pledge of NOR to LAO-c,allow NOR in LAO");
    assert_string_equal(str(s4, "status"), "input_error");
    assert_true(num(s4, "exit") == 3);
    assert_true(is_null(s4, "file") && is_null(s4, "run"));
    assert_string_equal(str(s4, "message"), S4_MSG);
    static const char *const none[] = {"objective", "gap", "requested", "allocated",
                                       "urgent_requested", "urgent_allocated", "urgent_share",
                                       "seats", "price_of_fairness", "delta", "states", "donors"};
    for (size_t i = 0; i < sizeof none / sizeof none[0]; i++) {
        assert_true(is_null(s3, none[i]));
        assert_true(is_null(s4, none[i]));
    }
    cJSON_Delete(cmp);
}

static void deltas(void **state)
{
    fixture *f = *state;
    cJSON *cmp = build(f);
    const cJSON *sc = get(cmp, "scenarios");
    const cJSON *s1 = cJSON_GetArrayItem(sc, 0), *s2 = cJSON_GetArrayItem(sc, 1);

    const cJSON *d = get(s1, "delta");
    assert_true(num(d, "objective") == 99.75);
    assert_true(num(d, "allocated") == 0);
    assert_true(num(d, "urgent_allocated") == 120);
    assert_true(num(d, "urgent_share") == 0.092307692); /* 0.4 - 4/13, to 1e-9 */
    assert_true(num(d, "seats") == 0);
    assert_true(num(d, "seats_in") == 1 && num(d, "seats_out") == 1);
    const cJSON *st = get(s1, "states");
    assert_int_equal(cJSON_GetArraySize(st), 2); /* LBN did not change */
    const cJSON *irq = cJSON_GetArrayItem(st, 0), *lao = cJSON_GetArrayItem(st, 1);
    assert_string_equal(str(irq, "state"), "IRQ");
    assert_true(num(irq, "coverage") == 0.52 && num(irq, "coverage_before") == 0.4);
    assert_true(num(irq, "coverage_change") == 0.12); /* rounded: exactly the double 0.12 */
    assert_true(num(irq, "allocated_change") == 120);
    assert_string_equal(str(irq, "lead"), "NOR");
    assert_string_equal(str(irq, "lead_before"), "USA");
    assert_string_equal(ids(irq, "members_in"), "NOR");
    assert_string_equal(ids(irq, "members_out"), "GBR");
    assert_string_equal(str(lao, "state"), "LAO");
    assert_true(num(lao, "coverage_change") == -0.12);
    assert_true(num(lao, "allocated_change") == -120);
    assert_string_equal(str(lao, "lead"), "NOR");
    assert_string_equal(str(lao, "lead_before"), "NOR");
    assert_string_equal(ids(lao, "members_in"), "");
    const cJSON *dn = get(s1, "donors");
    assert_int_equal(cJSON_GetArraySize(dn), 2); /* USA gave the same */
    const cJSON *gbr = cJSON_GetArrayItem(dn, 0), *nor = cJSON_GetArrayItem(dn, 1);
    assert_string_equal(str(gbr, "donor"), "GBR");
    assert_true(num(gbr, "utilisation") == 0 && num(gbr, "utilisation_before") == 0.5);
    assert_true(num(gbr, "utilisation_change") == -0.5);
    assert_true(num(gbr, "allocated_change") == -100);
    assert_string_equal(str(nor, "donor"), "NOR");
    assert_true(num(nor, "utilisation_change") == 0.1);
    assert_true(num(nor, "allocated_change") == 100);

    d = get(s2, "delta");
    assert_true(num(d, "objective") == 0); /* 0.004 rounds to no cent */
    assert_true(num(d, "allocated") == 100);
    assert_true(num(d, "urgent_allocated") == 100);
    assert_true(num(d, "urgent_share") == -0.013574661); /* 5/17 - 4/13 = -3/221 */
    assert_true(num(d, "seats") == 0);
    assert_true(num(d, "seats_in") == 1 && num(d, "seats_out") == 1); /* NOR in KHM; GBR in IRQ */
    st = get(s2, "states");
    assert_int_equal(cJSON_GetArraySize(st), 2);
    irq = cJSON_GetArrayItem(st, 0);
    const cJSON *khm = cJSON_GetArrayItem(st, 1);
    assert_string_equal(str(irq, "state"), "IRQ");
    assert_true(num(irq, "coverage_change") == -0.1);
    assert_string_equal(str(irq, "lead"), "USA");
    assert_string_equal(ids(irq, "members_out"), "GBR");
    assert_string_equal(str(khm, "state"), "KHM"); /* only in the scenario */
    assert_true(num(khm, "coverage") == 0.5);
    assert_true(is_null(khm, "coverage_before") && is_null(khm, "coverage_change"));
    assert_true(is_null(khm, "lead_before"));
    assert_string_equal(str(khm, "lead"), "NOR");
    assert_true(num(khm, "allocated_change") == 200);
    assert_string_equal(ids(khm, "members_in"), "NOR");
    dn = get(s2, "donors");
    assert_int_equal(cJSON_GetArraySize(dn), 2);
    gbr = cJSON_GetArrayItem(dn, 0);
    nor = cJSON_GetArrayItem(dn, 1);
    assert_string_equal(str(gbr, "donor"), "GBR"); /* only in the baseline */
    assert_true(is_null(gbr, "utilisation") && is_null(gbr, "utilisation_change"));
    assert_true(num(gbr, "utilisation_before") == 0.5);
    assert_true(num(gbr, "allocated_change") == -100);
    assert_true(num(nor, "utilisation_change") == 0.2);
    assert_true(num(nor, "allocated_change") == 200);
    cJSON_Delete(cmp);
}

static void ranking(void **state)
{
    fixture *f = *state;
    cJSON *cmp = build(f);
    /* 1100.25 first; the baseline's 1000.5 and 1000.504 tie to the cent:
     * both rank 2, the baseline first; runs without a plan are left out */
    const cJSON *r = get(cmp, "ranking");
    assert_int_equal(cJSON_GetArraySize(r), 3);
    const cJSON *r1 = cJSON_GetArrayItem(r, 0), *r2 = cJSON_GetArrayItem(r, 1);
    const cJSON *r3 = cJSON_GetArrayItem(r, 2);
    assert_true(num(r1, "rank") == 1);
    assert_string_equal(str(r1, "name"), "Norway leads Iraq");
    assert_true(num(r1, "objective") == 1100.25 && num(r1, "objective_change") == 99.75);
    assert_true(num(r2, "rank") == 2);
    assert_true(is_null(r2, "name"));
    assert_true(num(r2, "objective") == 1000.5 && num(r2, "objective_change") == 0);
    assert_true(num(r3, "rank") == 2);
    assert_string_equal(str(r3, "name"), S2_NAME);
    assert_true(num(r3, "objective") == 1000.504 && num(r3, "objective_change") == 0);
    cJSON_Delete(cmp);
}

/* The terminal view of the comparison JSON, read back. */
static char *render(const cJSON *cmp)
{
    co_buf b;
    co_buf_init(&b);
    co_diag *dg = co_diag_new();
    char *text = cJSON_Print(cmp);
    co_comparison *c = NULL;
    assert_int_equal(co_comparison_read("comparison.json", text, strlen(text), &c, dg), CO_OK);
    assert_int_equal(co_comparison_text(c, &b, dg), CO_OK);
    co_comparison_free(c);
    cJSON_free(text);
    co_diag_free(dg);
    co_buf_put(&b, "", 1);
    assert_false(b.oom);
    return b.data;
}

/* Valid UTF-8, every line ended and at most 100 columns wide (a column
 * per character); for ASCII text, that is at most 100 bytes. */
static void assert_fits(const char *t)
{
    size_t n = strlen(t);
    assert_true(co_utf8_valid(t, n));
    for (const char *p = t; *p;) {
        const char *e = strchr(p, '\n');
        assert_non_null(e);
        int cols = 0;
        for (const char *c = p; c < e; c++)
            cols += ((unsigned char)*c & 0xc0) != 0x80;
        if (cols > CO_COMPARE_WIDTH)
            fail_msg("line of %d columns: %.*s", cols, (int)(e - p), p);
        p = e + 1;
    }
}

static void assert_ascii(const char *t)
{
    for (const char *p = t; *p; p++)
        assert_true((unsigned char)*p < 0x80);
}

static void assert_line(const char *t, const char *line)
{
    size_t n = strlen(line);
    for (const char *p = t; p; p = strchr(p, '\n')) {
        p += *p == '\n';
        if (strncmp(p, line, n) == 0 && (p[n] == '\n' || p[n] == '\0'))
            return;
    }
    fputs(t, stderr); /* cmocka cuts long messages */
    fail_msg("no line '%s' in the text above", line);
}

/* A table row as the layout fixes it: columns of 26, 12, 9, 8, 7, 9, 5
 * and 8, two spaces apart, no trailing space. */
static const char *row(const char *name, const char *status, const char *alloc,
                       const char *change, const char *urgent, const char *points,
                       const char *seats, const char *inout)
{
    static char buf[160];
    snprintf(buf, sizeof buf, "%-26s  %-12s  %9s  %8s  %7s  %9s  %5s  %8s", name, status, alloc,
             change, urgent, points, seats, inout);
    size_t n = strlen(buf);
    while (n && buf[n - 1] == ' ')
        buf[--n] = '\0';
    return buf;
}

static const char *rank_row(int rank, const char *name, const char *obj, const char *change)
{
    static char buf[160];
    snprintf(buf, sizeof buf, "%4d  %-44s  %18s  %16s", rank, name, obj, change);
    size_t n = strlen(buf);
    while (n && buf[n - 1] == ' ')
        buf[--n] = '\0';
    return buf;
}

static void terminal(void **state)
{
    fixture *f = *state;
    cJSON *cmp = build(f);
    char *t = render(cmp);
    assert_fits(t);
    assert_ascii(t); /* so no line is over 100 bytes either */
    assert_line(t, "What-if on Test data (0123456789ab): the baseline and 4 scenarios from whatif.json");
    assert_line(t, row("scenario", "status", "allocated", "change", "urgent", "change", "seats",
                       "in/out"));
    /* urgent 400/1300 = 30.8%; 520/1300 = 40.0% (+9.2 pt); 500/1700 = 29.4%
     * (-1.4 pt); 1000 USD reads 1K; names cut to 23 columns and "..." */
    assert_line(t, row("baseline", "optimal", "900", "", "30.8%", "", "3", ""));
    assert_line(t, row("Norway leads Iraq", "optimal", "900", "0", "40.0%", "+9.2 pt", "3", "+1/-1"));
    assert_line(t, row("United Kingdom leaves a...", "feasible", "1K", "+100", "29.4%", "-1.4 pt",
                       "3", "+1/-1"));
    assert_line(t, row("Everyone leaves Laos", "infeasible", "-", "", "-", "", "-", ""));
    assert_line(t, row("Bad?scenario", "input_error", "-", "", "-", "", "-", ""));

    assert_line(t, "Norway leads Iraq: optimal");
    assert_line(t, "  State IRQ  coverage 40.0% -> 52.0% (+12.0 pt, +120); lead USA -> NOR; in: NOR; "
                   "out: GBR");
    assert_line(t, "  State LAO  coverage 50.0% -> 38.0% (-12.0 pt, -120)");
    assert_line(t, "  donor GBR  utilisation 50.0% -> 0.0% (-50.0 pt, -100)");
    assert_line(t, "  donor NOR  utilisation 50.0% -> 60.0% (+10.0 pt, +100)");
    assert_line(t, S2_NAME ": feasible, gap 1.25%");
    assert_line(t, "  State IRQ  coverage 40.0% -> 30.0% (-10.0 pt, -100); out: GBR");
    assert_line(t, "  State KHM  coverage n/a -> 50.0% (+200); lead none -> NOR; in: NOR");
    assert_line(t, "  donor GBR  utilisation 50.0% -> n/a (-100)");
    assert_line(t, "  donor NOR  utilisation 50.0% -> 70.0% (+20.0 pt, +200)");
    assert_line(t, "Everyone leaves Laos: infeasible, no plan (exit 1)");
    assert_line(t, "  no plan meets the scenario's seats and pledges");
    assert_line(t, "  conflict: NOR must stay out of LAO but has pledged 100 to LAO-c");
    assert_line(t, "  fix: drop the pledge of NOR to LAO-c");
    assert_line(t, "  fix: allow NOR in LAO");
    assert_line(t, "Bad?scenario: input_error, no plan (exit 3)");
    assert_line(t, "  " S4_MSG);

    assert_line(t, rank_row(1, "Norway leads Iraq", "1,100.25", "+99.75"));
    assert_line(t, rank_row(2, "baseline", "1,000.50", ""));
    assert_line(t, rank_row(2, "United Kingdom leaves and Cambodia joins ...", "1,000.50", "0.00"));
    assert_line(t, "Not ranked (no plan): Everyone leaves Laos, Bad?scenario");
    /* the ranking comes last, after what coordinators count */
    assert_true(strstr(t, "Ranking by objective") > strstr(t, "  fix: allow NOR in LAO"));
    assert_non_null(strstr(t, "same weights"));
    free(t);
    cJSON_Delete(cmp);
}

static char *json_text(const cJSON *cmp)
{
    co_buf b;
    co_buf_init(&b);
    co_json_write(cmp, 0, &b);
    co_buf_put(&b, "", 1);
    assert_false(b.oom);
    return b.data;
}

static void byte_stable(void **state)
{
    fixture *f = *state;
    cJSON *a = build(f), *b = build(f);
    char *ja = json_text(a), *jb = json_text(b), *ta = render(a), *tb = render(b);
    assert_string_equal(ja, jb);
    assert_string_equal(ta, tb);
    /* rounded changes print without floating-point noise */
    assert_non_null(strstr(ja, "\"coverage_change\": 0.12,"));
    assert_non_null(strstr(ja, "\"urgent_share\": -0.013574661,"));
    free(ja);
    free(jb);
    free(ta);
    free(tb);
    cJSON_Delete(a);
    cJSON_Delete(b);
}

/* Reads a scenario's plan (as `whatif` does) and builds with it and the
 * baseline; expects one message, from the reader or the comparison. */
static void expect_error(const char *plan_text, const char *name, const char *file,
                         const char *message)
{
    co_plan *good = read_plan(base_json, NULL, "baseline.json"), *bad = NULL;
    co_diag *dg = co_diag_new();
    char *label = co_outcome_label(name, file);
    int rc = co_plan_read(label, plan_text, strlen(plan_text), &bad, dg);
    free(label);
    co_comparison *cmp = NULL;
    if (rc == CO_OK) {
        co_outcome base = {NULL, "baseline.json", 0, 0, NULL, NULL, good};
        co_outcome sc = {name, file, 0, 0, NULL, NULL, bad};
        rc = co_compare_build(&base, &sc, 1, NULL, &cmp, dg);
    }
    assert_int_equal(rc, CO_EINPUT);
    assert_null(cmp);
    assert_int_equal(co_diag_count(dg), 1);
    int is_error = 0;
    assert_string_equal(co_diag_message(dg, 0, &is_error), message);
    assert_true(is_error);
    co_diag_free(dg);
    co_plan_free(good);
    co_plan_free(bad);
}

/* A copy of the baseline plan with `from` replaced by `to` (once). */
static char *edited(const char *from, const char *to)
{
    const char *at = strstr(base_json, from);
    assert_non_null(at);
    size_t pre = (size_t)(at - base_json);
    return co_asprintf("%.*s%s%s", (int)pre, base_json, to, at + strlen(from));
}

static void bad_plans(void **state)
{
    (void)state;
    char *t = edited("\"urgency\": 1.5", "\"urgent\": 1.5");
    expect_error(t, "S", "s.json", "s.json: needs[0].urgency: missing");
    free(t);
    t = edited("{\"donor\": \"GBR\"}", "{\"donor\": 5}");
    expect_error(t, "S", "s.json", "s.json: coalitions[0].members[1].donor: must be a string, got '5'");
    free(t);
    t = edited("\"coverage\": 0.5", "\"coverage\": \"half\"");
    expect_error(t, "S", "s.json",
                 "s.json: coalitions[1].coverage: must be a finite number or null, got '\"half\"'");
    free(t);
    t = edited("\"allocated\": 500, \"utilisation\"", "\"allocated\": 1e16, \"utilisation\"");
    expect_error(t, "S", "s.json",
                 "s.json: donors[1].allocated: must be at most 1e15 USD, got '1e+16'");
    free(t);
    t = edited("{\"donor\": \"NOR\", \"allocated\": 500", "{\"donor\": \"GBR\", \"allocated\": 500");
    expect_error(t, "S", "s.json", "s.json: donors: 'GBR' appears twice");
    free(t);
    t = edited("\"status\": \"optimal\"", "\"status\": 3");
    expect_error(t, "Cuts", NULL, "scenario 'Cuts': plan: status: must be a string, got '3'");
    free(t);
    t = edited("\"objective\": {\"total\": 1000.5}", "\"objective\": 1000.5");
    expect_error(t, "S", "s.json", "s.json: objective: must be an object, got '1000.5'");
    free(t);
    t = edited("\"donors\": [", "\"givers\": [");
    expect_error(t, "S", "s.json", "s.json: donors: missing");
    free(t);
}

/* Without a baseline plan nothing compares; statuses from exit codes. */
static void no_baseline(void **state)
{
    fixture *f = *state;
    co_outcome base = {NULL, NULL, 0, 1, "the time limit passed before any plan", NULL, NULL};
    co_outcome sc[4] = {f->scen[0],
                        {"Solver fails", NULL, 0, 4, NULL, NULL, NULL},
                        {"Disk full", NULL, 0, 5, NULL, NULL, NULL},
                        {"Tight", NULL, 0, 1, NULL, &s3_expl, NULL}};
    cJSON *cmp = build_outcomes(&base, sc, 4, NULL);
    const cJSON *b = get(cmp, "baseline");
    assert_string_equal(str(b, "status"), "no_solution");
    assert_true(is_null(b, "objective"));
    const cJSON *s = get(cmp, "scenarios");
    assert_string_equal(str(cJSON_GetArrayItem(s, 1), "status"), "solver_error");
    assert_string_equal(str(cJSON_GetArrayItem(s, 2), "status"), "error");
    assert_string_equal(str(cJSON_GetArrayItem(s, 3), "status"), "infeasible");
    const cJSON *s1 = cJSON_GetArrayItem(s, 0);
    assert_true(num(s1, "objective") == 1100.25); /* its own numbers stay */
    assert_true(is_null(s1, "delta") && is_null(s1, "states") && is_null(s1, "donors"));
    /* no dataset in the scenario's plan, and none in the baseline */
    assert_true(is_null(get(cmp, "dataset"), "name"));
    assert_true(is_null(cmp, "scenarios_file"));
    const cJSON *r = get(cmp, "ranking");
    assert_int_equal(cJSON_GetArraySize(r), 1);
    assert_true(num(cJSON_GetArrayItem(r, 0), "rank") == 1);
    assert_true(is_null(cJSON_GetArrayItem(r, 0), "objective_change"));

    char *t = render(cmp);
    assert_fits(t);
    assert_line(t, "What-if on the dataset: the baseline and 4 scenarios");
    assert_line(t, row("baseline", "no_solution", "-", "", "-", "", "-", ""));
    assert_line(t, row("Norway leads Iraq", "optimal", "900", "", "40.0%", "", "3", ""));
    assert_line(t, "baseline: no_solution, no plan (exit 1)");
    assert_line(t, "  the time limit passed before any plan");
    assert_line(t, "Norway leads Iraq: optimal");
    assert_line(t, "  no comparison: the baseline has no plan");
    assert_line(t, "Solver fails: solver_error, no plan (exit 4)");
    assert_line(t, rank_row(1, "Norway leads Iraq", "1,100.25", "-"));
    assert_line(t, "Not ranked (no plan): baseline, Solver fails, Disk full, Tight");
    free(t);
    cJSON_Delete(cmp);
}

/* A plan of n States, State i covered by `cov`+i/100 with donor D<i>, read
 * back from its JSON. */
static co_plan *many_states(int n, double cov)
{
    cJSON *p = cJSON_CreateObject(), *obj = cJSON_AddObjectToObject(p, "objective");
    cJSON_AddStringToObject(p, "status", "optimal");
    cJSON_AddNullToObject(p, "gap");
    cJSON_AddNumberToObject(obj, "total", 1);
    cJSON *co = cJSON_AddArrayToObject(p, "coalitions"), *dn = cJSON_AddArrayToObject(p, "donors");
    cJSON_AddArrayToObject(p, "needs");
    for (int i = 0; i < n; i++) {
        char id[8];
        snprintf(id, sizeof id, "S%02d", i);
        cJSON *c = cJSON_CreateObject(), *m = cJSON_CreateObject(), *d = cJSON_CreateObject();
        cJSON_AddStringToObject(c, "state", id);
        snprintf(id, sizeof id, "D%02d", i);
        cJSON_AddStringToObject(c, "lead", id);
        cJSON_AddStringToObject(m, "donor", id);
        cJSON_AddItemToArray(cJSON_AddArrayToObject(c, "members"), m);
        cJSON_AddNumberToObject(c, "allocated", 100 * cov);
        cJSON_AddNumberToObject(c, "coverage", cov + i / 100.0);
        cJSON_AddItemToArray(co, c);
        cJSON_AddStringToObject(d, "donor", id);
        cJSON_AddNumberToObject(d, "allocated", 100 * cov);
        cJSON_AddNumberToObject(d, "utilisation", cov);
        cJSON_AddItemToArray(dn, d);
    }
    char *text = cJSON_Print(p);
    co_diag *dg = co_diag_new();
    co_plan *pl = NULL;
    assert_int_equal(co_plan_read("many.json", text, strlen(text), &pl, dg), CO_OK);
    co_diag_free(dg);
    cJSON_free(text);
    cJSON_Delete(p);
    return pl;
}

static void long_lists_and_text(void **state)
{
    (void)state;
    co_plan *pa = many_states(12, 0.2), *pb = many_states(12, 0.3);
    char msg[400], word[160];
    memset(word, 'x', sizeof word - 1);
    word[sizeof word - 1] = '\0';
    snprintf(msg, sizeof msg,
             "a message long enough to need three lines when it is wrapped at one hundred "
             "columns, with one word that does not fit on any line at all: %s and the end", word);
    /* a UTF-8 name longer than its column: cut on a character boundary */
    const char *utf8 = "C\xc3\xb4te d'Ivoire \xe2\x80\x94 the whole \xc3\xa9quipe leaves at once";
    co_outcome base = {NULL, NULL, 0, 0, NULL, NULL, pa};
    co_outcome sc[2] = {{utf8, NULL, 0, 0, NULL, NULL, pb}, {"Long", NULL, 0, 3, msg, NULL, NULL}};
    cJSON *cmp = build_outcomes(&base, sc, 2, NULL);
    /* every State's coverage rose by 10 points, every donor gave 10 more */
    const cJSON *s = cJSON_GetArrayItem(get(cmp, "scenarios"), 0);
    assert_int_equal(cJSON_GetArraySize(get(s, "states")), 12);
    assert_int_equal(cJSON_GetArraySize(get(s, "donors")), 12);
    char *t = render(cmp);
    assert_fits(t);
    assert_line(t, "  State S00  coverage 20.0% -> 30.0% (+10.0 pt, +10)");
    assert_line(t, "  State S09  coverage 29.0% -> 39.0% (+10.0 pt, +10)");
    assert_null(strstr(t, "State S10"));
    assert_line(t, "  ... and 2 more States");
    assert_line(t, "  donor D07  utilisation 20.0% -> 30.0% (+10.0 pt, +10)");
    assert_null(strstr(t, "donor D08"));
    assert_line(t, "  ... and 4 more donors");
    /* 23 characters of the name, then "..." */
    assert_non_null(strstr(t, "\nC\xc3\xb4te d'Ivoire \xe2\x80\x94 the who...  optimal"));
    /* the message wrapped at spaces (the first line exactly 100 columns),
     * the 159-byte word cut after 96 (100 less the indent of 4) */
    assert_line(t, "  a message long enough to need three lines when it is wrapped at one hundred "
                   "columns, with one word");
    assert_line(t, "    that does not fit on any line at all:");
    char line[160];
    snprintf(line, sizeof line, "    %.96s", word);
    assert_line(t, line);
    snprintf(line, sizeof line, "    %.63s and the end", word);
    assert_line(t, line);
    free(t);
    cJSON_Delete(cmp);
    co_plan_free(pa);
    co_plan_free(pb);
}

/* A multi-year comparison: each obligation whose deadline figures
 * changed, in the words of `diff`, worked out by hand from the two lists:
 * - A: the scenario's analysis was cut by its time limit (no best case):
 *   the earliest year and the verdict are not known any more;
 * - B: on time alone (its deadline year moved past the same completion);
 * - C: in the baseline's analysis only; D: in the scenario's only;
 * - E: the same in both, so not listed.
 * A run without a plan compares nothing (null); a one-period comparison
 * has no deadlines field at all (the fixture's). */
#define DL(need, rest) "{\"need\": \"" need "\", \"state\": \"IRQ\", " rest "}"
static const char base_deadlines[] =
    "\"urgency\": 2}], \"deadlines\": ["
    DL("A", "\"placed_by_deadline\": 100, \"completion_year\": 2022, \"on_time\": false,"
            " \"best_case_by_deadline\": 100, \"earliest_completion_year\": 2021,"
            " \"capacity_limited\": false, \"extension_check\": \"fits\"") ", "
    DL("B", "\"placed_by_deadline\": 200, \"completion_year\": 2022, \"on_time\": false,"
            " \"best_case_by_deadline\": 200, \"earliest_completion_year\": 2022,"
            " \"capacity_limited\": true, \"extension_check\": null") ", "
    DL("C", "\"placed_by_deadline\": 50, \"completion_year\": null, \"on_time\": false,"
            " \"best_case_by_deadline\": 50, \"earliest_completion_year\": null,"
            " \"capacity_limited\": true, \"extension_check\": \"too_short\"") ", "
    DL("E", "\"placed_by_deadline\": 10, \"completion_year\": 2020, \"on_time\": true,"
            " \"best_case_by_deadline\": 10, \"earliest_completion_year\": 2020,"
            " \"capacity_limited\": false, \"extension_check\": null") "]";
static const char scen_deadlines[] =
    "\"urgency\": 2}], \"deadlines\": ["
    DL("E", "\"placed_by_deadline\": 10, \"completion_year\": 2020, \"on_time\": true,"
            " \"best_case_by_deadline\": 10, \"earliest_completion_year\": 2020,"
            " \"capacity_limited\": false, \"extension_check\": null") ", "
    DL("D", "\"placed_by_deadline\": 0, \"completion_year\": null, \"on_time\": false,"
            " \"best_case_by_deadline\": null, \"earliest_completion_year\": null,"
            " \"capacity_limited\": false, \"extension_check\": null") ", "
    DL("B", "\"placed_by_deadline\": 200, \"completion_year\": 2022, \"on_time\": true,"
            " \"best_case_by_deadline\": 200, \"earliest_completion_year\": 2022,"
            " \"capacity_limited\": true, \"extension_check\": null") ", "
    DL("A", "\"placed_by_deadline\": 100, \"completion_year\": 2022, \"on_time\": false,"
            " \"best_case_by_deadline\": null, \"earliest_completion_year\": null,"
            " \"capacity_limited\": false, \"extension_check\": null") "]";
#undef DL

/* from/to of a deadline change's field: numbers as %g, "null", "true"... */
static void assert_pair(const cJSON *e, const char *key, const char *from, const char *to)
{
    const cJSON *p = get(e, key);
    const char *want[2] = {from, to}, *side[2] = {"from", "to"};
    for (int i = 0; i < 2; i++) {
        const cJSON *v = get(p, side[i]);
        char got[64];
        if (cJSON_IsNull(v))
            snprintf(got, sizeof got, "null");
        else if (cJSON_IsBool(v))
            snprintf(got, sizeof got, "%s", cJSON_IsTrue(v) ? "true" : "false");
        else if (cJSON_IsNumber(v))
            snprintf(got, sizeof got, "%g", v->valuedouble);
        else
            snprintf(got, sizeof got, "%s", v->valuestring);
        if (strcmp(got, want[i]) != 0)
            fail_msg("%s.%s.%s: %s, expected %s", str(e, "need"), key, side[i], got, want[i]);
    }
}

static void deadlines(void **state)
{
    fixture *f = *state;
    char *tb = edited("\"urgency\": 2}]", base_deadlines);
    char *ts = edited("\"urgency\": 2}]", scen_deadlines);
    co_plan *pb = read_plan(tb, NULL, "baseline.json"), *ps = read_plan(ts, "S", "s.json");
    co_outcome base = {NULL, "baseline.json", 0, 0, NULL, NULL, pb};
    co_outcome sc[3] = {{"S", "s.json", 0, 0, NULL, NULL, ps},
                        {"Bad", NULL, 0, 3, "bad input", NULL, NULL},
                        {"Same", "same.json", 0, 0, NULL, NULL, pb}};
    cJSON *cmp = build_outcomes(&base, sc, 3, NULL);
    assert_null(cJSON_GetObjectItem(get(cmp, "baseline"), "deadlines"));
    const cJSON *s = get(cmp, "scenarios"), *dl = get(cJSON_GetArrayItem(s, 0), "deadlines");
    assert_int_equal(cJSON_GetArraySize(dl), 4);
    const cJSON *a = cJSON_GetArrayItem(dl, 0), *b = cJSON_GetArrayItem(dl, 1);
    const cJSON *c = cJSON_GetArrayItem(dl, 2), *d = cJSON_GetArrayItem(dl, 3);
    assert_string_equal(str(a, "need"), "A");
    assert_pair(a, "placed_by_deadline", "100", "100");
    assert_pair(a, "earliest_completion_year", "2021", "null");
    assert_pair(a, "extension_check", "fits", "null");
    assert_pair(a, "analysed", "true", "false");
    assert_string_equal(str(b, "need"), "B");
    assert_pair(b, "on_time", "false", "true");
    assert_pair(b, "completion_year", "2022", "2022");
    assert_string_equal(str(c, "need"), "C");
    assert_pair(c, "placed_by_deadline", "50", "null");
    assert_pair(c, "on_time", "false", "null");
    assert_pair(c, "capacity_limited", "true", "null");
    assert_pair(c, "extension_check", "too_short", "null");
    assert_pair(c, "analysed", "true", "null");
    assert_string_equal(str(d, "need"), "D");
    assert_pair(d, "placed_by_deadline", "null", "0");
    assert_pair(d, "completion_year", "null", "null");
    assert_pair(d, "on_time", "null", "false");
    assert_pair(d, "capacity_limited", "null", "false");
    assert_pair(d, "analysed", "null", "false");
    assert_true(is_null(cJSON_GetArrayItem(s, 1), "deadlines"));
    assert_int_equal(cJSON_GetArraySize(get(cJSON_GetArrayItem(s, 2), "deadlines")), 0);
    /* the text, from the comparison read back */
    char *t = render(cmp);
    assert_fits(t);
    assert_line(t, "  deadline A: earliest completion 2021 -> n/a; extension check fits -> none");
    assert_line(t, "  deadline B: on time no -> yes");
    assert_line(t, "  deadline C: no longer analysed; completion none -> n/a; earliest completion "
                   "none -> n/a;");
    assert_line(t, "    extension check too_short -> none");
    assert_line(t, "  deadline D: newly analysed; completion n/a -> none");
    assert_null(strstr(t, "deadline E"));
    assert_line(t, "  no obligation's deadline figures changed");
    free(t);
    cJSON_Delete(cmp);
    /* one period: no deadlines field, no deadline line */
    cmp = build(f);
    for (int i = 0; i < 4; i++)
        assert_null(cJSON_GetObjectItem(cJSON_GetArrayItem(get(cmp, "scenarios"), i), "deadlines"));
    t = render(cmp);
    assert_null(strstr(t, "\n  deadline "));
    assert_null(strstr(t, "obligation"));
    free(t);
    cJSON_Delete(cmp);
    co_plan_free(pb);
    co_plan_free(ps);
    free(tb);
    free(ts);
}

/* More found to clear in LAO: its need 1000 -> 1200 and NOR gives 600
 * instead of 500, so LAO's coverage stays 0.5 (600 / 1200) but its money
 * moved by +100: the State is listed, with the money. */
static void money_at_same_coverage(void **state)
{
    (void)state;
    char *t1 = edited("\"allocated\": 500, \"coverage\": 0.5}",
                      "\"allocated\": 600, \"coverage\": 0.5}");
    char *ts = co_asprintf("%s", t1);
    char *p = strstr(ts, "{\"donor\": \"NOR\", \"allocated\": 500");
    assert_non_null(p);
    memcpy(p + strlen("{\"donor\": \"NOR\", \"allocated\": "), "600", 3);
    co_plan *pb = read_plan(base_json, NULL, "baseline.json"), *ps = read_plan(ts, "S", "s.json");
    co_outcome base = {NULL, "baseline.json", 0, 0, NULL, NULL, pb};
    co_outcome sc[1] = {{"More in LAO", "s.json", 0, 0, NULL, NULL, ps}};
    cJSON *cmp = build_outcomes(&base, sc, 1, NULL);
    const cJSON *st = get(cJSON_GetArrayItem(get(cmp, "scenarios"), 0), "states");
    assert_int_equal(cJSON_GetArraySize(st), 1);
    const cJSON *lao = cJSON_GetArrayItem(st, 0);
    assert_string_equal(str(lao, "state"), "LAO");
    assert_true(num(lao, "coverage_change") == 0);
    assert_true(num(lao, "allocated_change") == 100);
    char *t = render(cmp);
    assert_line(t, "  State LAO  allocated +100");
    free(t);
    cJSON_Delete(cmp);
    co_plan_free(pb);
    co_plan_free(ps);
    free(t1);
    free(ts);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(outcomes, setup, teardown),
        cmocka_unit_test_setup_teardown(deltas, setup, teardown),
        cmocka_unit_test_setup_teardown(ranking, setup, teardown),
        cmocka_unit_test_setup_teardown(terminal, setup, teardown),
        cmocka_unit_test_setup_teardown(byte_stable, setup, teardown),
        cmocka_unit_test(bad_plans),
        cmocka_unit_test_setup_teardown(no_baseline, setup, teardown),
        cmocka_unit_test(long_lists_and_text),
        cmocka_unit_test_setup_teardown(deadlines, setup, teardown),
        cmocka_unit_test(money_at_same_coverage),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
