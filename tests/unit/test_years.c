/* Unit tests of years.c against the hand values of datasets/multiyear/
 * README.md (MULTIYEAR.md "Derived values"): deadline years with the
 * 1 July rule, secured money spent first, what donors can place each year
 * A_{n,t}, R_n, R_n(T), budgets by year and cumulative, the year factors of
 * the weights; and the parameters year_discount and late_factor. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "data/params.h"
#include "io/load.h"
#include "model/years.h"

typedef struct cas {
    co_dataset ds;
    co_params p;
    co_years y;
} cas;

static void open_case(cas *c, const char *path)
{
    co_diag dg;
    co_diag_init(&dg);
    co_dataset_init(&c->ds);
    assert_int_equal(co_load_json(path, &c->ds, &dg), CO_OK);
    assert_int_equal(co_dataset_validate(&c->ds, &dg), CO_OK);
    assert_int_equal(co_params_resolve(&c->ds, NULL, &c->p, &dg), CO_OK);
    assert_int_equal(co_years_build(&c->ds, &c->p, &c->y, &dg), CO_OK);
    co_diag_release(&dg);
}

static void close_case(cas *c)
{
    co_years_release(&c->y);
    co_dataset_release(&c->ds);
}

static int need(const cas *c, const char *id)
{
    int n = co_find_need(&c->ds, id);
    assert_true(n >= 0);
    return n;
}

static int donor(const cas *c, const char *id)
{
    int d = co_find_donor(&c->ds, id);
    assert_true(d >= 0);
    return d;
}

#define NEAR(a, b) assert_true(fabs((a) - (b)) <= 1e-9 * (1 + fabs(b)))

static int year_of(const char *date)
{
    long day;
    assert_int_equal(co_parse_date(date, &day), 0);
    return co_year_end_nearest(day);
}

static void year_end_nearest(void **state)
{
    (void)state;
    /* MULTIYEAR.md's examples and the edges of the 1 July rule */
    assert_int_equal(year_of("2020-08-01"), 2020);
    assert_int_equal(year_of("2021-03-01"), 2020);
    assert_int_equal(year_of("2020-07-01"), 2020);
    assert_int_equal(year_of("2020-06-30"), 2019);
    assert_int_equal(year_of("2020-01-01"), 2019);
    assert_int_equal(year_of("2021-12-31"), 2021);
    assert_int_equal(year_of("2024-02-29"), 2023);
}

/* spread.json: a yearly cap, a budget cut, secured money, the weights */
static void spread(void **state)
{
    (void)state;
    cas c;
    open_case(&c, "datasets/multiyear/spread.json");
    const co_years *y = &c.y;
    assert_int_equal(y->multi, 1);
    assert_int_equal(y->first, 2019);
    assert_int_equal(y->last, 2022);
    assert_int_equal(y->ny, 4);
    int n = need(&c, "S1-clearance"), d = donor(&c, "D1");
    assert_int_equal(y->deadline_year[n], 2021);
    assert_int_equal(y->due_year[n], 2021);
    assert_int_equal(y->requested_year[n], CO_NO_YEAR);
    assert_true(y->national[n] == 0);
    /* s_2019 = min(500,000, 300,000); then nothing left to spend */
    const double sec[] = {300000, 0, 0, 0}, A[] = {200000, 500000, 500000, 500000};
    const double B[] = {600000, 300000, 600000, 600000};
    /* weights 1, 0.9, 0.81 and, late, 0.729 x 0.5 */
    const double f[] = {1, 0.9, 0.81, 0.3645};
    for (int k = 0; k < 4; k++) {
        assert_true(y->capacity[n * 4 + k] == 500000);
        assert_true(y->secured[n * 4 + k] == sec[k]);
        assert_true(co_years_absorb(y, n, 2019 + k) == A[k]);
        assert_true(co_years_budget(y, d, 2019 + k) == B[k]);
        NEAR(co_years_factor(y, &c.p, n, 2019 + k), f[k]);
        assert_true(co_years_required_by(y, n, 2019 + k) == 1700000);
    }
    assert_true(y->R[n] == 1700000);
    assert_int_equal(y->carry[d], 0);
    assert_true(co_years_budget_to(y, d, 2020) == 900000);
    assert_true(co_years_budget_to(y, d, 2022) == 2100000);
    close_case(&c);
}

/* carry.json: carry-over, per_year_max by year with a year unlimited */
static void carry(void **state)
{
    (void)state;
    cas c;
    open_case(&c, "datasets/multiyear/carry.json");
    const co_years *y = &c.y;
    int dc = donor(&c, "DC"), dn = donor(&c, "DN");
    int sa = need(&c, "SA-clearance"), sb = need(&c, "SB-clearance");
    assert_int_equal(y->carry[dc], 1);
    assert_int_equal(y->carry[dn], 0);
    const double B[] = {1000000, 0, 0, 1000000}, cum[] = {1000000, 1000000, 1000000, 2000000};
    for (int k = 0; k < 4; k++) {
        assert_true(co_years_budget(y, dc, 2019 + k) == B[k]);
        assert_true(co_years_budget(y, dn, 2019 + k) == B[k]);
        assert_true(co_years_budget_to(y, dc, 2019 + k) == cum[k]);
        assert_true(co_years_absorb(y, sb, 2019 + k) == 600000);
    }
    assert_true(co_years_budget_to(y, dc, 2018) == 0);
    for (int k = 0; k < 3; k++)
        assert_true(co_years_absorb(y, sa, 2019 + k) == 600000);
    assert_true(isinf(co_years_absorb(y, sa, 2022)));
    assert_true(isinf(y->capacity[sa * 4 + 3]));
    assert_int_equal(y->due_year[sa], 2021);
    assert_int_equal(y->due_year[sb], CO_NO_YEAR);
    /* SB has no deadline: never late, only discounted */
    NEAR(co_years_factor(y, &c.p, sb, 2022), 0.729);
    NEAR(co_years_factor(y, &c.p, sa, 2022), 0.3645);
    assert_true(y->R[sa] == 2000000 && y->R[sb] == 2000000);
    close_case(&c);
}

/* late.json: the 1 July rule, an overdue need, a deadline after Y1 */
static void late(void **state)
{
    (void)state;
    cas c;
    open_case(&c, "datasets/multiyear/late.json");
    const co_years *y = &c.y;
    int sf = need(&c, "SF-clearance"), sm = need(&c, "SM-clearance");
    int so = need(&c, "SO-clearance"), ss = need(&c, "SS-clearance");
    assert_int_equal(y->deadline_year[sf], 2023);
    assert_int_equal(y->deadline_year[sm], 2020);
    assert_int_equal(y->deadline_year[so], 2017); /* overdue: reported as is */
    assert_int_equal(y->due_year[so], 2019);      /* due at once */
    assert_int_equal(y->deadline_year[ss], 2019); /* 2020-01-01 */
    assert_int_equal(y->requested_year[ss], 2021);
    /* the weight tables of the README, divided by u x q */
    const double fo[] = {1, 0.45, 0.405}, fs[] = {1, 0.45, 0.405};
    const double fm[] = {1, 0.9, 0.405}, ff[] = {1, 0.9, 0.81};
    for (int k = 0; k < 3; k++) {
        NEAR(co_years_factor(y, &c.p, so, 2019 + k), fo[k]);
        NEAR(co_years_factor(y, &c.p, ss, 2019 + k), fs[k]);
        NEAR(co_years_factor(y, &c.p, sm, 2019 + k), fm[k]);
        NEAR(co_years_factor(y, &c.p, sf, 2019 + k), ff[k]);
        assert_true(isinf(co_years_absorb(y, sm, 2019 + k)));
    }
    /* no capacity limit: all secured money (none here) in Y0, R(T) = R */
    assert_true(co_years_required_by(y, sm, 2019) == 1200000);
    close_case(&c);
}

/* work.json: national money, secured money after it, R and R(T) */
static void work(void **state)
{
    (void)state;
    cas c;
    open_case(&c, "datasets/multiyear/work.json");
    const co_years *y = &c.y;
    int sw = need(&c, "SW-clearance"), sk = need(&c, "SK-stockpile");
    assert_true(y->national[sw] == 100000);
    assert_true(y->amount[sw] == 2000000);
    /* capacity 300,000 m2 x USD 2; secured fills what national money leaves */
    const double sec[] = {250000, 0, 0, 0, 0}, A[] = {250000, 500000, 500000, 500000, 500000};
    const double RT[] = {1650000, 1550000, 1450000, 1350000, 1250000};
    for (int k = 0; k < 5; k++) {
        assert_true(y->capacity[sw * 5 + k] == 600000);
        assert_true(y->secured[sw * 5 + k] == sec[k]);
        assert_true(co_years_absorb(y, sw, 2019 + k) == A[k]);
        assert_true(co_years_required_by(y, sw, 2019 + k) == RT[k]);
        assert_true(isinf(co_years_absorb(y, sk, 2019 + k)));
    }
    /* R = 2,000,000 - 250,000 - 5 x 100,000 */
    assert_true(y->R[sw] == 1250000);
    /* SK: 500,000 - 5 x 50,000; R(2020) = 400,000, R(2022) = 300,000 */
    assert_true(y->R[sk] == 250000);
    assert_true(co_years_required_by(y, sk, 2020) == 400000);
    assert_true(co_years_required_by(y, sk, 2022) == 300000);
    assert_int_equal(y->due_year[sw], 2021);
    assert_int_equal(y->requested_year[sw], 2023);
    assert_int_equal(y->due_year[sk], 2020);
    close_case(&c);
}

/* extensions.json: requested deadline years (2023-03-01 counts as 2022) */
static void extensions(void **state)
{
    (void)state;
    cas c;
    open_case(&c, "datasets/multiyear/extensions.json");
    const char *ids[] = {"E1", "E2", "E3", "E4", "E5", "E6"};
    const int due[] = {2021, 2020, 2020, 2020, 2021, 2020};
    const int req[] = {2023, 2022, 2024, 2022, 2026, 2024};
    for (int i = 0; i < 6; i++) {
        int n = -1;
        for (int k = 0; k < c.ds.n_needs; k++)
            if (strncmp(c.ds.needs[k].id, ids[i], 2) == 0)
                n = k;
        assert_true(n >= 0);
        assert_int_equal(c.y.due_year[n], due[i]);
        assert_int_equal(c.y.requested_year[n], req[i]);
        assert_true(co_years_absorb(&c.y, n, 2019) == 500000);
    }
    close_case(&c);
}

/* a dataset without years: one period holding MODEL.md's values */
static void one_period(void **state)
{
    (void)state;
    cas c;
    open_case(&c, "datasets/small/tiny.json");
    const co_years *y = &c.y;
    assert_int_equal(y->multi, 0);
    assert_int_equal(y->ny, 1);
    assert_int_equal(y->first, 2019); /* year(as_of) */
    assert_int_equal(y->last, 2019);
    for (int n = 0; n < c.ds.n_needs; n++) {
        double R = c.ds.needs[n].amount - c.ds.needs[n].secured;
        assert_true(y->R[n] == (R > 0 ? R : 0));
        assert_true(isinf(co_years_absorb(y, n, 2019)));
        assert_true(co_years_factor(y, &c.p, n, 2019) == 1.0);
    }
    for (int d = 0; d < c.ds.n_donors; d++) {
        assert_true(co_years_budget(y, d, 2019) == c.ds.donors[d].budget);
        assert_int_equal(y->carry[d], 0);
    }
    close_case(&c);
}

/* year_discount in [0, 1), late_factor in [0, 1]: defaults and ranges */
static int apply(co_params *p, const char *name, const char *text, char *msg, size_t cap)
{
    co_diag dg;
    co_diag_init(&dg);
    co_param_text t = {.name = (char *)(uintptr_t)name, .text = (char *)(uintptr_t)text};
    co_where w = {.text = (char *)(uintptr_t) "--set", .sep = ':'};
    int rc = co_param_apply(p, &t, &w, name, &dg);
    snprintf(msg, cap, "%s", dg.n ? dg.msg[0] : "");
    co_diag_release(&dg);
    return rc;
}

static void parameters(void **state)
{
    (void)state;
    co_params p;
    co_params_defaults(&p);
    assert_true(p.year_discount == 0.03);
    assert_true(p.late_factor == 0.5);
    char msg[256];
    assert_int_equal(apply(&p, "year_discount", "0", msg, sizeof msg), CO_OK);
    assert_true(p.year_discount == 0);
    assert_int_equal(apply(&p, "year_discount", "0.999", msg, sizeof msg), CO_OK);
    assert_int_equal(apply(&p, "year_discount", "1", msg, sizeof msg), CO_EINPUT);
    assert_string_equal(msg,
                        "--set: year_discount: must be a number from 0 to less than 1, got '1'");
    assert_int_equal(apply(&p, "year_discount", "-0.1", msg, sizeof msg), CO_EINPUT);
    assert_int_equal(apply(&p, "late_factor", "1", msg, sizeof msg), CO_OK);
    assert_true(p.late_factor == 1);
    assert_int_equal(apply(&p, "late_factor", "0", msg, sizeof msg), CO_OK);
    assert_int_equal(apply(&p, "late_factor", "1.5", msg, sizeof msg), CO_EINPUT);
    assert_string_equal(msg, "--set: late_factor: must be a number from 0 to 1, got '1.5'");
    int n = co_param_count(), seen = 0;
    for (int i = 0; i < n; i++)
        if (co_param_multiyear(i))
            seen++;
    assert_int_equal(seen, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(year_end_nearest), cmocka_unit_test(spread),
        cmocka_unit_test(carry),           cmocka_unit_test(late),
        cmocka_unit_test(work),            cmocka_unit_test(extensions),
        cmocka_unit_test(one_period),      cmocka_unit_test(parameters)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
