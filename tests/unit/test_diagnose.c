/* Unit tests of the diagnosis (model/diagnose.c, run/diagnose.c) as the
 * plan carries it (coalitions[].diagnosis, needs[].evidence_value), and of
 * the data gaps (data/gaps.c): each dataset of tests/data/diagnose is
 * planned as `coalitions plan` does (co_plan_solve: the run diagnoses its
 * plan), the plan written as JSON and read back (the same bytes again),
 * and every reason, number, change and side effect of the plan read back
 * is asserted against tests/data/diagnose/README.md's working by hand; on
 * datasets/ccm-2018.json the hand-computable parts (Nauru's reasons,
 * Botswana's, Albania's net seat costs, Palau's weights). A deadline that
 * has passed leaves every change and value of evidence untried, and says
 * so. How long the diagnosis takes is for a benchmark, not a test.
 * tests/t_diagnose.sh applies each change found and re-solves with the
 * command line, checking the plan with tests/plancheck.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "data/gaps.h"
#include "io/generate.h"
#include "io/load.h"
#include "result/plan.h"
#include "run/diagnose.h"
#include "run/run.h"

#define MONEY_TOL 0.01 /* USD */
#define W_TOL 1e-6     /* value per USD */

/* A dataset and its plan, as read back from the plan's JSON. */
typedef struct cas {
    co_dataset *ds;
    co_plan *pl;
} cas;

/* Plans the dataset at `path` with mip_gap `gap` (0 on the hand-worked
 * datasets: proofs; the run's default on ccm-2018) and time limit 30 s,
 * writes the plan, reads it back and writes it again (the same bytes). */
static void open_case(cas *c, const char *path, double gap)
{
    co_diag *dg = co_diag_new();
    assert_int_equal(co_dataset_load(path, &c->ds, dg), CO_OK);
    co_run_options *ro = co_run_options_new();
    assert_int_equal(co_run_options_solver(ro, 30, gap, dg), CO_OK);
    co_plan *built = NULL;
    assert_int_equal(co_plan_solve(c->ds, ro, NULL, NULL, NULL, &built, dg), CO_OK);
    assert_true(isfinite(built->diagnose_s)); /* the run diagnosed it */
    char *one = NULL, *two = NULL;
    assert_int_equal(co_plan_to_json(built, &one, dg), CO_OK);
    assert_int_equal(co_plan_read("plan.json", one, strlen(one), &c->pl, dg), CO_OK);
    assert_int_equal(co_plan_to_json(c->pl, &two, dg), CO_OK);
    assert_string_equal(one, two);
    free(one);
    free(two);
    co_plan_free(built);
    co_run_options_free(ro);
    co_diag_free(dg);
}

static void close_case(cas *c)
{
    co_plan_free(c->pl);
    co_dataset_free(c->ds);
}

static int same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

static const co_plan_coalition *coalition(const cas *c, const char *sid)
{
    const co_plan_coalition *co = co_plan_find_coalition(c->pl, sid);
    assert_non_null(co);
    return co;
}

/* The State's diagnosis; asserts it has one. */
static const co_plan_diagnosis *diagnosed(const cas *c, const char *sid)
{
    const co_plan_coalition *co = coalition(c, sid);
    if (co->diagnosed != 1)
        fail_msg("%s: not diagnosed (%d)", sid, co->diagnosed);
    return &co->diagnosis;
}

/* The State is covered in full: "diagnosis": null. */
static void not_diagnosed(const cas *c, const char *sid)
{
    assert_int_equal(coalition(c, sid)->diagnosed, 0);
}

/* The State's reason of this kind; asserts it is there. */
static const co_plan_reason *reason(const cas *c, const char *sid, enum co_dx_kind k)
{
    const co_plan_diagnosis *g = diagnosed(c, sid);
    for (int i = 0; i < g->n_reasons; i++)
        if (g->reasons[i].kind == (int)k)
            return &g->reasons[i];
    fail_msg("%s: no reason %s", sid, co_dx_kind_name(k));
    return NULL;
}

/* The kinds of the State's reasons, in order, as "a,b,c". */
static void kinds(const cas *c, const char *sid, const char *want)
{
    const co_plan_diagnosis *g = diagnosed(c, sid);
    char got[512] = "";
    size_t len = 0;
    for (int i = 0; i < g->n_reasons; i++)
        len += (size_t)snprintf(got + len, sizeof got - len, "%s%s", i ? "," : "",
                                co_dx_kind_name((enum co_dx_kind)g->reasons[i].kind));
    assert_string_equal(got, want);
}

static const co_plan_dx_item *item(const co_plan_reason *r, const char *did)
{
    for (int j = 0; j < r->n_items; j++)
        if (same(r->items[j].donor, did))
            return &r->items[j];
    fail_msg("no item for %s", did);
    return NULL;
}

/* What would change it; asserts the State has the entry. */
static const co_plan_change *change(const cas *c, const char *sid)
{
    const co_plan_change *ch = diagnosed(c, sid)->change;
    if (!ch)
        fail_msg("%s: no entry for what would change it", sid);
    return ch;
}

static const co_plan_need *need(const cas *c, const char *nid)
{
    for (int n = 0; n < c->pl->n_needs; n++)
        if (same(c->pl->needs[n].need, nid))
            return &c->pl->needs[n];
    fail_msg("no need %s", nid);
    return NULL;
}

static const co_plan_evidence_value *evidence(const cas *c, const char *nid)
{
    const co_plan_need *n = need(c, nid);
    if (n->has_evidence_value != 1)
        fail_msg("%s: no value of evidence", nid);
    return &n->evidence_value;
}

static int n_evidence(const cas *c)
{
    int k = 0;
    for (int n = 0; n < c->pl->n_needs; n++)
        k += c->pl->needs[n].has_evidence_value == 1;
    return k;
}

/* Kinds of changes and values of evidence the plan says were not tried. */
static int untried(const co_plan *pl)
{
    int k = 0;
    for (int s = 0; s < pl->n_coalitions; s++) {
        const co_plan_change *ch = pl->coalitions[s].diagnosis.change;
        for (int i = 0; ch && i < CO_CHANGE_KINDS; i++)
            k += ch->tried[i] == CO_TRY_NOT_TRIED;
    }
    for (int n = 0; n < pl->n_needs; n++)
        k += pl->needs[n].has_evidence_value == 1 && pl->needs[n].evidence_value.tried == 0;
    return k;
}

static void near(double got, double want, double tol)
{
    if (!(fabs(got - want) <= tol))
        fail_msg("got %.9g, want %.9g", got, want);
}

static void cents_are(int64_t got, double usd)
{
    if (got != llround(usd * 100))
        fail_msg("got %lld cents, want %.2f USD", (long long)got, usd);
}

/* ---- noseat.json ---------------------------------------------------- */

static void noseat(void **unused)
{
    (void)unused;
    cas c;
    open_case(&c, "tests/data/diagnose/noseat.json", 0);
    /* S1 is covered in full: not diagnosed */
    not_diagnosed(&c, "S1");
    kinds(&c, "S2", "ineligible,min_grant,seat_cost");
    const co_plan_dx_item *it = item(reason(&c, "S2", CO_DX_INELIGIBLE), "DC");
    assert_int_equal(it->causes, CO_DX_CAUSE_EXPERTISE);
    near(it->value, 0.05, W_TOL);
    near(it->versus, 0.1, W_TOL);
    it = item(reason(&c, "S2", CO_DX_MIN_GRANT), "DB");
    near(it->value, 100000, MONEY_TOL);
    near(it->versus, 50000, MONEY_TOL);
    const co_plan_reason *r = reason(&c, "S2", CO_DX_SEAT_COST);
    assert_int_equal(r->n_items, 1);
    assert_true(r->value == 1); /* no donor that could sit is left */
    it = item(r, "DA");
    near(it->value, 22500, MONEY_TOL); /* 0.75 x (0.5 + 0.5 x 0.2) x 50,000 */
    near(it->versus, 50000, MONEY_TOL);
    assert_string_equal(r->text, "no seat pays for itself: the best single donor (Donor A) could "
                                 "add 22,500 of weighted value, below the coordination cost of "
                                 "50,000");
    assert_string_equal(reason(&c, "S2", CO_DX_MIN_GRANT)->text,
                        "min_grant above all it still needs (50,000): Donor B 100,000");
    kinds(&c, "S3", "no_donor");
    r = reason(&c, "S3", CO_DX_NO_DONOR);
    assert_string_equal(r->need, "S3-clearance");
    assert_int_equal(item(r, "DA")->causes, CO_DX_CAUSE_EXCLUDED);
    assert_int_equal(item(r, "DB")->causes, CO_DX_CAUSE_AREA_CAP | CO_DX_CAUSE_EXPERTISE);
    assert_int_equal(item(r, "DC")->causes, CO_DX_CAUSE_EXPERTISE);
    assert_string_equal(r->text, "no donor can fund S3-clearance (clearance): excluded by Donor "
                                 "A; clearance area_budget of 0 for Donor B; expertise below "
                                 "min_expertise 0.1 for Donor B (0), Donor C (0.05)");

    /* S2: surveyed evidence gives 0.6 x 50,000 = 30,000 < 50,000; a
     * coordination cost below 22,500 lets Donor A's spare money in */
    const co_plan_change *ch = change(&c, "S2");
    assert_int_equal(ch->floor, 0);
    assert_int_equal(ch->tried[CO_CHANGE_EVIDENCE], CO_TRY_FAILED);
    assert_int_equal(ch->tried[CO_CHANGE_COORDINATION], CO_TRY_WORKED);
    assert_int_equal(ch->tried[CO_CHANGE_FLOOR], CO_TRY_NOT_NEEDED);
    assert_int_equal(ch->kind, CO_CHANGE_COORDINATION);
    assert_null(ch->donor);
    assert_int_equal(ch->n_needs, 0);
    near(ch->from, 50000, MONEY_TOL);
    near(ch->to, 22000, MONEY_TOL);
    assert_true(ch->exact == 1 && ch->proved == 1);
    cents_are(ch->gets, 50000);
    assert_int_equal(ch->n_joins, 1);
    assert_string_equal(ch->joins[0].donor, "DA");
    cents_are(ch->joins[0].cents, 50000);
    assert_int_equal(ch->n_losses, 0);
    assert_int_equal(ch->n_leaves, 0);
    assert_string_equal(ch->text, "State Two would get a coalition if the coordination cost were "
                                  "lowered from 50,000 to 22,000: Donor A 50,000; no other State "
                                  "gets less");
    /* S3: nothing on the list helps a need no donor may fund */
    ch = change(&c, "S3");
    assert_int_equal(ch->kind, -1);
    assert_null(ch->donor);
    assert_true(isnan(ch->from) && isnan(ch->to) && ch->gets == CO_CENTS_NONE);
    assert_true(ch->n_joins == 0 && ch->n_losses == 0 && ch->n_leaves == 0);
    assert_int_equal(ch->tried[CO_CHANGE_EVIDENCE], CO_TRY_NOT_APPLICABLE);
    assert_int_equal(ch->tried[CO_CHANGE_COORDINATION], CO_TRY_FAILED);
    assert_int_equal(ch->tried[CO_CHANGE_FLOOR], CO_TRY_FAILED);
    assert_int_equal(ch->tried[CO_CHANGE_MAX_STATES], CO_TRY_NOT_APPLICABLE);
    assert_int_equal(ch->tried[CO_CHANGE_BUDGET], CO_TRY_NOT_APPLICABLE);
    assert_string_equal(ch->text, "State Three: no change on the list gives it a coalition: its "
                                  "evidence is all surveyed; not even a coordination cost of 0 "
                                  "does it; no coverage floor does it, up to 1; no donor that "
                                  "could sit is at its max_states; no donor that could sit is "
                                  "short of money");
    /* the value of better evidence: none (30,000 < 50,000); the surveyed
     * needs have none to give */
    assert_int_equal(n_evidence(&c), 1);
    const co_plan_evidence_value *e = evidence(&c, "S2-legislation");
    assert_true(e->tried == 1 && e->moves == 0 && e->if_surveyed == 0 && e->proved == 1);
    assert_int_equal(need(&c, "S1-clearance")->has_evidence_value, 0);
    assert_int_equal(untried(c.pl), 0);
    /* the plan carries the data gaps (data_gaps below has their working) */
    assert_int_equal(c.pl->n_gaps, 2);
    const co_plan_gap *g = &c.pl->gaps[0];
    assert_int_equal(g->kind, CO_GAP_NO_DEADLINE);
    assert_true(same(g->need, "S3-clearance") && same(g->state, "S3") && !g->donor);
    assert_string_equal(g->text, "S3-clearance (State Three): no deadline, in Clearance (Art. 4), "
                                 "an area with treaty deadlines");
    g = &c.pl->gaps[1];
    assert_int_equal(g->kind, CO_GAP_NO_ISO3);
    assert_true(!g->need && same(g->state, "S3") && !g->donor);
    assert_string_equal(g->text, "S3 (State Three): no ISO3 code");
    close_case(&c);
}

/* ---- outbid.json ---------------------------------------------------- */

static void outbid(void **unused)
{
    (void)unused;
    cas c;
    open_case(&c, "tests/data/diagnose/outbid.json", 0);
    kinds(&c, "S1", "members_spent,area_cap");
    const co_plan_dx_item *it = item(reason(&c, "S1", CO_DX_MEMBERS_SPENT), "D1");
    near(it->value, 1.25, W_TOL); /* its last dollar: S1 at 1.25 */
    near(it->w, 1.25, W_TOL);
    it = item(reason(&c, "S1", CO_DX_AREA_CAP), "D2");
    assert_true(it->flags & CO_DX_F_MEMBER);
    near(it->value, 1.0, W_TOL); /* budget 0 (money left) + cap 1.0 */
    near(it->aux, 100000, MONEY_TOL);
    /* S1 has a coalition and no floor to reach: nothing to change */
    assert_null(diagnosed(&c, "S1")->change);
    kinds(&c, "S2", "outbid,area_cap");
    const co_plan_reason *r = reason(&c, "S2", CO_DX_OUTBID);
    assert_true(r->value == 1);
    it = item(r, "D1");
    near(it->value, 1.25, W_TOL);
    near(it->w, 0.25, W_TOL); /* anecdotal 0.25 x 1.0 */
    it = item(reason(&c, "S2", CO_DX_AREA_CAP), "D2");
    near(it->value, 1.0, W_TOL);
    near(it->w, 0.2, W_TOL); /* 0.25 x 0.8 */
    assert_string_equal(it->area, "clearance");
    assert_string_equal(r->text, "outbid: every donor that could take a seat has a last dollar "
                                 "worth more elsewhere: Donor One 1.250 against 0.250 here");
    assert_string_equal(reason(&c, "S2", CO_DX_AREA_CAP)->text,
                        "area_budget spent: Donor Two's clearance area_budget of 100,000 is "
                        "used (its last clearance dollar is worth 1.000 against 0.200 here)");
    not_diagnosed(&c, "S3");

    /* surveyed S2 pays 1.0 (D1) and 0.8 (D2), still below 1.25 and 1.0;
     * no coordination cost helps; a floor of 0.05 (20,000) makes D2 move
     * 20,000 of its clearance money from S1 (1.0) to S2 (0.2 + 4) */
    const co_plan_change *ch = change(&c, "S2");
    assert_int_equal(ch->tried[CO_CHANGE_EVIDENCE], CO_TRY_FAILED);
    assert_int_equal(ch->tried[CO_CHANGE_COORDINATION], CO_TRY_FAILED);
    assert_int_equal(ch->kind, CO_CHANGE_FLOOR);
    near(ch->from, 0, 0);
    near(ch->to, 0.05, 1e-12);
    assert_int_equal(ch->n_joins, 1);
    assert_string_equal(ch->joins[0].donor, "D2");
    cents_are(ch->joins[0].cents, 20000);
    assert_int_equal(ch->n_losses, 1);
    assert_string_equal(ch->losses[0].state, "S1");
    cents_are(ch->losses[0].before, 600000);
    cents_are(ch->losses[0].after, 580000);
    assert_int_equal(ch->n_leaves, 0);
    assert_string_equal(ch->text, "State Two would get a coalition if a coverage floor of 0.05 "
                                  "were set: Donor Two 20,000; State One gets 20,000 less "
                                  "(580,000 instead of 600,000)");
    const co_plan_evidence_value *e = evidence(&c, "S2-clearance");
    assert_true(e->tried == 1 && e->moves == 0 && e->if_surveyed == 0);
    close_case(&c);
}

/* ---- limits.json ---------------------------------------------------- */

static void limits(void **unused)
{
    (void)unused;
    cas c;
    open_case(&c, "tests/data/diagnose/limits.json", 0);
    kinds(&c, "S2", "ineligible,max_states");
    const co_plan_dx_item *it = item(reason(&c, "S2", CO_DX_MAX_STATES), "D1");
    assert_true(it->flags & CO_DX_F_EXACT);
    near(it->value, 100000, MONEY_TOL); /* its 100,000 left, at 1.0 */
    near(it->versus, 12000, MONEY_TOL);
    near(it->aux, 1, 0);
    assert_string_equal(reason(&c, "S2", CO_DX_MAX_STATES)->text,
                        "Donor One is at its max_states of 1: its seat here would add 100,000, "
                        "above the coordination cost of 12,000");
    kinds(&c, "S3", "ineligible,members_spent");
    kinds(&c, "S4", "ineligible,outbid");
    it = item(reason(&c, "S4", CO_DX_OUTBID), "D3");
    near(it->value, 1.25, W_TOL);
    near(it->w, 1.0, W_TOL);

    const co_plan_change *ch = change(&c, "S2");
    assert_int_equal(ch->tried[CO_CHANGE_EVIDENCE], CO_TRY_NOT_APPLICABLE);
    assert_int_equal(ch->tried[CO_CHANGE_COORDINATION], CO_TRY_FAILED);
    assert_int_equal(ch->tried[CO_CHANGE_FLOOR], CO_TRY_NOT_APPLICABLE); /* rho 0 */
    assert_int_equal(ch->kind, CO_CHANGE_MAX_STATES);
    assert_string_equal(ch->donor, "D1");
    near(ch->from, 1, 0);
    near(ch->to, 2, 0);
    cents_are(ch->gets, 100000);
    assert_int_equal(ch->n_losses, 0);
    /* S4: D3 first fills S3 (1.25), then S4's seat pays when the rest
     * exceeds 12,000: a raise above 62,000, 65,000 on the 5,000 grid */
    ch = change(&c, "S4");
    assert_int_equal(ch->tried[CO_CHANGE_MAX_STATES], CO_TRY_NOT_APPLICABLE);
    assert_int_equal(ch->kind, CO_CHANGE_BUDGET);
    assert_string_equal(ch->donor, "D3");
    near(ch->from, 50000, MONEY_TOL);
    near(ch->to, 115000, MONEY_TOL);
    cents_are(ch->gets, 15000);
    assert_int_equal(ch->n_losses, 0);
    assert_string_equal(ch->text, "State Four would get a coalition if Donor Three's budget were "
                                  "raised by 65,000 (to 115,000): Donor Three 15,000; no other "
                                  "State gets less");
    assert_int_equal(n_evidence(&c), 0);
    close_case(&c);
}

/* ---- datasets/small/limits.json (datasets/README.md's working) ------ */

static void small_limits(void **unused)
{
    (void)unused;
    cas c;
    open_case(&c, "datasets/small/limits.json", 0);
    /* Part A: D1's clearance cap (400,000) binds; its budget goes on to
     * victim_assistance at 0.8, so its last dollar is worth 0.8 and a
     * clearance dollar (1.0) needs the cap's 0.2 */
    kinds(&c, "S1", "ineligible,area_cap");
    const co_plan_dx_item *it = item(reason(&c, "S1", CO_DX_AREA_CAP), "D1");
    assert_true(it->flags & CO_DX_F_MEMBER);
    near(it->value, 1.0, W_TOL);
    near(it->w, 1.0, W_TOL);
    near(it->aux, 400000, MONEY_TOL);
    /* Part B: D2 (max_states 1) would add its 200,000 left at 1.0 in S3 */
    kinds(&c, "S3", "ineligible,max_states");
    it = item(reason(&c, "S3", CO_DX_MAX_STATES), "D2");
    assert_true(it->flags & CO_DX_F_EXACT);
    near(it->value, 200000, MONEY_TOL);
    near(it->versus, 10000, MONEY_TOL);
    /* Part C: D3's min_grant 200,000 against S4's 150,000 */
    kinds(&c, "S4", "ineligible,min_grant");
    it = item(reason(&c, "S4", CO_DX_MIN_GRANT), "D3");
    near(it->value, 200000, MONEY_TOL);
    near(it->versus, 150000, MONEY_TOL);
    /* Part D: S5's coalition is full (2); D6 would add 200,000 x 0.6 */
    kinds(&c, "S5", "ineligible,members_spent,coalition_full");
    const co_plan_reason *r = reason(&c, "S5", CO_DX_COALITION_FULL);
    near(r->value, 2, 0);
    it = item(r, "D6");
    assert_true(it->flags & CO_DX_F_EXACT);
    near(it->value, 120000, MONEY_TOL);
    assert_string_equal(r->text, "the coalition is full (max_coalition_size 2): Donor Six (left "
                                 "out by the coalition size)'s seat would otherwise add 120,000, "
                                 "above the coordination cost of 10,000");
    close_case(&c);
}

/* ---- evidence.json -------------------------------------------------- */

static void evidence_change(void **unused)
{
    (void)unused;
    cas c;
    open_case(&c, "tests/data/diagnose/evidence.json", 0);
    kinds(&c, "S1", "members_spent");
    kinds(&c, "S2", "outbid");
    const co_plan_change *ch = change(&c, "S2");
    assert_int_equal(ch->kind, CO_CHANGE_EVIDENCE);
    assert_int_equal(ch->n_needs, 1);
    assert_string_equal(ch->needs[0], "S2-clearance");
    near(ch->from, 0.25, 0);
    near(ch->to, 1, 0);
    cents_are(ch->gets, 100000);
    assert_int_equal(ch->n_losses, 1);
    assert_string_equal(ch->losses[0].state, "S1");
    cents_are(ch->losses[0].before, 100000);
    cents_are(ch->losses[0].after, 0);
    assert_int_equal(ch->n_leaves, 1);
    assert_string_equal(ch->leaves[0].donor, "D1");
    assert_string_equal(ch->leaves[0].state, "S1");
    cents_are(ch->leaves[0].cents, 100000);
    assert_string_equal(ch->text, "State Two would get a coalition if S2-clearance were "
                                  "surveyed: Donor One 100,000; State One gets 100,000 less (0 "
                                  "instead of 100,000); Donor One leaves State One");
    const co_plan_evidence_value *e = evidence(&c, "S1-clearance");
    assert_true(e->moves == 0);
    cents_are(e->if_surveyed, 100000);
    e = evidence(&c, "S2-clearance");
    cents_are(e->moves, 100000);
    cents_are(e->if_surveyed, 100000);
    assert_string_equal(e->text, "S2-clearance (anecdotal): surveyed evidence would move 100,000 "
                                 "more to it (100,000 instead of 0)");
    close_case(&c);
}

/* ---- data gaps ------------------------------------------------------ */

static void gaps_of(const char *path, const char *want)
{
    co_diag *dg = co_diag_new();
    co_dataset *ds;
    assert_int_equal(co_dataset_load(path, &ds, dg), CO_OK);
    co_gaps g;
    assert_int_equal(co_data_gaps(ds, &g, dg), CO_OK);
    char got[2048] = "";
    size_t len = 0;
    for (int i = 0; i < g.n; i++) {
        char *t = co_gap_text(ds, &g.items[i]);
        len += (size_t)snprintf(got + len, sizeof got - len, "%s: %s\n",
                                co_gap_kind_name(g.items[i].kind), t);
        free(t);
    }
    assert_string_equal(got, want);
    co_gaps_release(&g);
    co_dataset_free(ds);
    co_diag_free(dg);
}

static void data_gaps(void **unused)
{
    (void)unused;
    gaps_of("tests/data/diagnose/noseat.json",
            "no_deadline: S3-clearance (State Three): no deadline, in Clearance (Art. 4), an "
            "area with treaty deadlines\n"
            "no_iso3: S3 (State Three): no ISO3 code\n");
    gaps_of("tests/data/diagnose/evidence.json",
            "no_deadline: S2-clearance (State Two): no deadline, in Clearance (Art. 4), an "
            "area with treaty deadlines\n"
            "weak_evidence: S2-clearance (State Two): evidence anecdotal\n"
            "no_expertise: D2 (Donor Two): no expertise entry (every area counts as 0)\n");
    /* ccm-2018: AFG-stockpile and PLW-clearance have no deadline; six needs
     * are estimated or anecdotal; every State has its code, every donor
     * expertise */
    gaps_of("datasets/ccm-2018.json",
            "no_deadline: AFG-stockpile (Afghanistan): no deadline, in Stockpile destruction "
            "(Art. 3), an area with treaty deadlines\n"
            "no_deadline: PLW-clearance (Palau): no deadline, in Clearance (Art. 4), an area "
            "with treaty deadlines\n"
            "weak_evidence: AFG-victim_assistance (Afghanistan): evidence estimated\n"
            "weak_evidence: IRQ-risk_education (Iraq): evidence estimated\n"
            "weak_evidence: IRQ-victim_assistance (Iraq): evidence estimated\n"
            "weak_evidence: PLW-clearance (Palau): evidence anecdotal\n"
            "weak_evidence: PSE-risk_education (State of Palestine): evidence anecdotal\n"
            "weak_evidence: TCD-clearance (Chad): evidence estimated\n");
}

/* ---- ccm-2018 ------------------------------------------------------- */

static void ccm(void **unused)
{
    (void)unused;
    cas c;
    open_case(&c, "datasets/ccm-2018.json", 1e-4);
    assert_int_equal(untried(c.pl), 0);
    /* Nauru: AUS, its only possible seat, adds 0.75 x 0.8 x 1.25 x 50,000 =
     * 37,500 < 50,000; eight donors' min_grant exceed its 50,000; USA's
     * legislation area_budget is 0 */
    kinds(&c, "NRU", "ineligible,min_grant,seat_cost");
    const co_plan_dx_item *it = item(reason(&c, "NRU", CO_DX_SEAT_COST), "AUS");
    near(it->value, 37500, MONEY_TOL);
    near(it->versus, 50000, MONEY_TOL);
    assert_int_equal(item(reason(&c, "NRU", CO_DX_INELIGIBLE), "USA")->causes,
                     CO_DX_CAUSE_AREA_CAP);
    const co_plan_reason *r = reason(&c, "NRU", CO_DX_MIN_GRANT);
    assert_int_equal(r->n_items, 8);
    near(item(r, "EUU")->value, 500000, MONEY_TOL);
    near(item(r, "EUU")->versus, 50000, MONEY_TOL);
    /* Botswana: its one need is secured in full */
    kinds(&c, "BWA", "secured");
    assert_string_equal(reason(&c, "BWA", CO_DX_SECURED)->text,
                        "nothing left to fund: BWA-stockpile is secured in full (250,000)");
    assert_null(diagnosed(&c, "BWA")->change); /* nothing requested: nothing to change */
    /* Albania: Canada's budget all goes to IRQ-clearance, unmet, at
     * 0.75 x 0.75 = 0.5625 a dollar; here 0.75 x 0.8 = 0.6: at most 0.0375 x
     * 300,000 = 11,250 more. Germany's last dollar, in IRQ-victim_assistance
     * (unmet), 0.5 x 0.7 x 1.25 = 0.4375; here 0.75 x 0.7 = 0.525: 26,250 */
    r = reason(&c, "ALB", CO_DX_NET_SEAT_COST);
    it = item(r, "CAN");
    near(it->value, 11250, MONEY_TOL);
    near(it->aux, 0.5625, W_TOL);
    near(it->w, 0.6, W_TOL);
    it = item(r, "DEU");
    near(it->value, 26250, MONEY_TOL);
    near(it->aux, 0.4375, W_TOL);
    /* Palau: Japan's weight 0.25 x 0.85 x 1.25; USA's clearance cap is spent
     * (10,000,000 in LAO) */
    near(item(reason(&c, "PLW", CO_DX_OUTBID), "JPN")->w, 0.265625, W_TOL);
    it = item(reason(&c, "PLW", CO_DX_AREA_CAP), "USA");
    near(it->aux, 10000000, MONEY_TOL);
    near(it->w, 0.25 * 0.925, W_TOL);
    /* each of the five gets a change (checked by re-solving in t_diagnose.sh),
     * and only they: every other State has a coalition, no floor is set */
    static const char *const five[] = {"ALB", "NRU", "PLW", "PSE", "TCD"};
    static const enum co_change_kind how[] = {CO_CHANGE_EVIDENCE, CO_CHANGE_FLOOR,
                                              CO_CHANGE_EVIDENCE, CO_CHANGE_EVIDENCE,
                                              CO_CHANGE_EVIDENCE};
    int changes = 0;
    for (int s = 0; s < c.pl->n_coalitions; s++)
        changes += c.pl->coalitions[s].diagnosis.change != NULL;
    assert_int_equal(changes, 5);
    for (int i = 0; i < 5; i++) {
        const co_plan_change *ch = change(&c, five[i]);
        assert_int_equal(ch->kind, how[i]);
        assert_true(ch->n_joins > 0 && ch->gets > 0);
    }
    near(change(&c, "NRU")->to, 0.3, 1e-12);
    /* the weak needs (below surveyed) each have a value of evidence; six
     * of them are estimated or anecdotal, the others reported or numbers */
    assert_int_equal(n_evidence(&c), 15);
    assert_int_equal(need(&c, "BWA-stockpile")->has_evidence_value, 0); /* nothing asked */
    close_case(&c);
}

/* Solves the dataset at `path` and diagnoses its plan with a deadline that
 * has already passed, then builds the plan: nothing is re-solved, and the
 * plan says what was not tried. */
static void passed(void **unused)
{
    (void)unused;
    co_diag *dg = co_diag_new();
    co_dataset *ds;
    assert_int_equal(co_dataset_load("tests/data/diagnose/evidence.json", &ds, dg), CO_OK);
    co_run_options *ro = co_run_options_new();
    co_params p;
    co_instance in;
    assert_int_equal(co_params_resolve(ds, ro, &p, dg), CO_OK);
    assert_int_equal(co_instance_build(ds, &p, &in, dg), CO_OK);
    co_solve_opts so = {.dl = co_timer_from_now(30), .mip_gap = 0};
    co_solution sol;
    assert_int_equal(co_solve(&in, &so, &sol, dg), CO_OK);
    co_dx_report rep;
    assert_int_equal(co_dx_run(ds, &p, NULL, NULL, &in, &sol, co_clock() - 1, 1, &rep, dg), CO_OK);
    assert_true(rep.done && rep.deadline_hit);
    assert_int_equal(rep.solves, 0);
    co_plan *pl = NULL;
    assert_int_equal(co_plan_build(ds, &in, &sol, NULL, &rep, &pl, dg), CO_OK);
    /* the reasons need no re-solve: they are there */
    const co_plan_coalition *s2 = co_plan_find_coalition(pl, "S2");
    assert_int_equal(s2->diagnosed, 1);
    assert_int_equal(s2->diagnosis.n_reasons, 1);
    assert_int_equal(s2->diagnosis.reasons[0].kind, CO_DX_OUTBID);
    const co_plan_change *ch = s2->diagnosis.change;
    assert_non_null(ch);
    assert_int_equal(ch->kind, -1);
    for (int k = 0; k < CO_CHANGE_KINDS; k++)
        assert_int_equal(ch->tried[k], CO_TRY_NOT_TRIED);
    assert_string_equal(ch->text, "State Two: no change on the list gives it a coalition: not "
                                  "tried before the time limit: evidence, coordination_cost, "
                                  "coverage_floor, max_states, budget");
    for (int n = 0; n < pl->n_needs; n++) {
        const co_plan_need *nd = &pl->needs[n];
        assert_int_equal(nd->has_evidence_value, 1); /* both are below surveyed */
        assert_int_equal(nd->evidence_value.tried, 0);
        assert_true(nd->evidence_value.moves == CO_CENTS_NONE);
    }
    assert_string_equal(pl->needs[1].evidence_value.text,
                        "S2-clearance (anecdotal): not tried before the time limit");
    co_plan_free(pl);
    co_dx_report_release(&rep);
    co_solution_release(&sol);
    co_instance_release(&in);
    co_run_options_free(ro);
    co_dataset_free(ds);
    co_diag_free(dg);
}

/* A generated 40 x 30 case does not prove optimal in a second: with a time
 * limit of 1 s the run leaves its diagnosis no time, and its plan says
 * what was not tried. */
static void deadline(void **unused)
{
    (void)unused;
    co_gen_opts o;
    co_gen_opts_defaults(&o);
    o.donors = 40;
    o.states = 30;
    co_buf b;
    co_buf_init(&b);
    co_diag *dg = co_diag_new();
    assert_int_equal(co_gen_dataset(&o, &b, dg), CO_OK);
    co_dataset ds;
    co_dataset_init(&ds);
    assert_int_equal(co_load_json_mem("gen.json", b.data, b.len, &ds, dg), CO_OK);
    assert_int_equal(co_dataset_validate(&ds, dg), CO_OK);
    co_run_options *ro = co_run_options_new();
    assert_int_equal(co_run_options_solver(ro, 1, 1e-4, dg), CO_OK);
    co_plan *pl = NULL;
    assert_int_equal(co_plan_solve(&ds, ro, NULL, NULL, NULL, &pl, dg), CO_OK);
    assert_true(isfinite(pl->diagnose_s));
    assert_true(untried(pl) > 0);
    co_plan_free(pl);
    co_run_options_free(ro);
    co_dataset_release(&ds);
    co_buf_release(&b);
    co_diag_free(dg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(noseat),          cmocka_unit_test(outbid),
        cmocka_unit_test(limits),          cmocka_unit_test(small_limits),
        cmocka_unit_test(evidence_change), cmocka_unit_test(data_gaps),
        cmocka_unit_test(ccm),             cmocka_unit_test(passed),
        cmocka_unit_test(deadline)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
