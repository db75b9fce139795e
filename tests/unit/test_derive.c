/* Unit tests of derive.c: urgency, evidence levels, weights, eligibility
 * and bounds, each against a hand computation from MODEL.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <string.h>

#include "model/derive.h"
#include "io/load.h"

static co_params defaults(void)
{
    co_params p;
    co_params_defaults(&p);
    return p;
}

static void urgency(void **state)
{
    (void)state;
    co_params p = defaults(); /* H = 1095, alpha = 2 */
    assert_true(co_urgency(&p, 0, 0) == 1.0);             /* no deadline */
    assert_true(co_urgency(&p, 1, 1095) == 1.0);          /* at the horizon */
    assert_true(co_urgency(&p, 1, 5000) == 1.0);          /* beyond it */
    assert_true(co_urgency(&p, 1, 0) == 3.0);             /* due today */
    assert_true(co_urgency(&p, 1, -30) == 3.0);           /* overdue: clamped */
    assert_true(fabs(co_urgency(&p, 1, 365) - (1 + 2.0 * 730 / 1095)) < 1e-15);
    p.urgency_weight = 0.5;
    p.horizon_days = 100;
    assert_true(fabs(co_urgency(&p, 1, 25) - 1.375) < 1e-15); /* 1 + 0.5 * 0.75 */
}

static void weights(void **state)
{
    (void)state;
    co_params p = defaults(); /* beta 0.5, pi 0.25 */
    /* u 2, q 0.75, e 0.8, priority: 2 * 0.75 * (0.5 + 0.4) * 1.25 = 1.6875 */
    assert_true(fabs(co_weight(&p, 2, 0.75, 0.8, 1) - 1.6875) < 1e-15);
    /* no expertise, no priority: 1 * 1 * 0.5 * 1 */
    assert_true(co_weight(&p, 1, 1, 0, 0) == 0.5);
    p.expertise_share = 1.0; /* expertise no longer matters */
    assert_true(co_weight(&p, 1, 0.25, 0, 0) == 0.25);
}

static void evidence_levels(void **state)
{
    (void)state;
    double q;
    assert_int_equal(co_evidence_level("surveyed", &q), 0);
    assert_true(q == 1.0);
    assert_int_equal(co_evidence_level("reported", &q), 0);
    assert_true(q == 0.75);
    assert_int_equal(co_evidence_level("estimated", &q), 0);
    assert_true(q == 0.5);
    assert_int_equal(co_evidence_level("anecdotal", &q), 0);
    assert_true(q == 0.25);
    assert_int_equal(co_evidence_level("Surveyed", &q), -1);
    assert_int_equal(co_evidence_level("guess", &q), -1);
}

/* Donor order after sorting: A0 (budget 0), B, C; needs: N1..N5. */
static const char data[] =
    "{\"as_of\": \"2020-01-01\","
    " \"areas\": [{\"id\": \"clr\"}, {\"id\": \"va\"}],"
    " \"states\": [{\"id\": \"S2\"}, {\"id\": \"S1\"}],"
    " \"donors\": ["
    "  {\"id\": \"C\", \"budget\": 300, \"expertise\": {\"clr\": 0.4},"
    "   \"area_budget\": {\"va\": 0}},"
    "  {\"id\": \"B\", \"budget\": 1000, \"expertise\": {\"clr\": 1, \"va\": 0.1},"
    "   \"area_budget\": {\"clr\": 150}, \"excluded_states\": [\"S2\"],"
    "   \"priority_states\": [\"S1\"]},"
    "  {\"id\": \"A0\", \"budget\": 0, \"expertise\": {\"clr\": 1}}],"
    " \"needs\": ["
    "  {\"id\": \"N1\", \"state\": \"S1\", \"area\": \"clr\", \"amount\": 500,"
    "   \"secured\": 100, \"evidence\": \"reported\", \"deadline\": \"2021-01-01\"},"
    "  {\"id\": \"N2\", \"state\": \"S2\", \"area\": \"clr\", \"amount\": 200,"
    "   \"evidence\": 0.5},"
    "  {\"id\": \"N3\", \"state\": \"S1\", \"area\": \"va\", \"amount\": 80,"
    "   \"evidence\": \"surveyed\"},"
    "  {\"id\": \"N4\", \"state\": \"S1\", \"area\": \"clr\", \"amount\": 70,"
    "   \"secured\": 70, \"evidence\": \"surveyed\"}],"
    " \"parameters\": {\"min_expertise\": 0.05}}";

static void eligibility(void **state)
{
    (void)state;
    co_diag dg;
    co_diag_init(&dg);
    co_dataset ds;
    co_dataset_init(&ds);
    assert_int_equal(co_load_json_mem("t.json", data, sizeof data - 1, &ds, &dg), CO_OK);
    assert_int_equal(co_dataset_validate(&ds, &dg), CO_OK);
    co_params p;
    assert_int_equal(co_params_resolve(&ds, NULL, &p, &dg), CO_OK);
    co_instance in;
    assert_int_equal(co_instance_build(&ds, &p, &in, &dg), CO_OK);
    /* sorted: donors A0, B, C; needs N1..N4; States S1, S2 */
    assert_string_equal(ds.donors[1].id, "B");
    assert_string_equal(ds.states[0].id, "S1");
    /* R: N1 400, N2 200, N3 80, N4 0 */
    assert_true(in.R[0] == 400 && in.R[1] == 200 && in.R[2] == 80 && in.R[3] == 0);
    /* N1: 366 days left (2020 is a leap year): u = 1 + 2 * (1 - 366/1095) */
    assert_int_equal(in.days_left[0], 366);
    assert_true(fabs(in.u[0] - (1 + 2 * (1 - 366.0 / 1095))) < 1e-15);
    /* Eligible: A0 none (budget 0). B: N1 (S1, clr), N3 (va, e 0.1 >= 0.05);
     * N2 is in excluded S2; N4 has R 0. C: N1, N2 (clr 0.4); N3 not (va cap
     * 0, and e 0 < 0.05). So pairs: (B,N1) (B,N3) (C,N1) (C,N2). */
    assert_int_equal(in.n_pairs, 4);
    int want[4][2] = {{1, 0}, {1, 2}, {2, 0}, {2, 1}};
    for (int i = 0; i < 4; i++) {
        assert_int_equal(in.pairs[i].d, want[i][0]);
        assert_int_equal(in.pairs[i].n, want[i][1]);
    }
    /* (B,N1): u * 0.75 * (0.5 + 0.5 * 1) * 1.25 (priority); U = min(400, 1000, 150) */
    assert_true(fabs(in.pairs[0].w - in.u[0] * 0.75 * 1.0 * 1.25) < 1e-12);
    assert_true(in.pairs[0].U == 150);
    /* (B,N3): 1 * 1 * (0.5 + 0.05) * 1.25 = 0.6875; U = min(80, 1000) */
    assert_true(fabs(in.pairs[1].w - 0.6875) < 1e-15);
    assert_true(in.pairs[1].U == 80);
    /* (C,N2): 1 * 0.5 * (0.5 + 0.2) = 0.35; U = min(200, 300) */
    assert_true(fabs(in.pairs[3].w - 0.35) < 1e-15);
    assert_true(in.pairs[3].U == 200);
    /* seats: (B,S1) (C,S1) (C,S2); B's two pairs share one seat */
    assert_int_equal(in.n_seats, 3);
    assert_int_equal(in.pairs[0].seat, in.pairs[1].seat);
    assert_int_equal(in.seats[in.pairs[0].seat].count, 2);
    /* State totals and the largest need: S1 has N1 400, N3 80, N4 0 */
    assert_true(in.state_R[0] == 480 && in.state_R[1] == 200);
    assert_int_equal(in.largest_need[0], 0);
    co_instance_release(&in);
    co_dataset_release(&ds);
    co_diag_release(&dg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(urgency), cmocka_unit_test(weights),
                                       cmocka_unit_test(evidence_levels),
                                       cmocka_unit_test(eligibility)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
