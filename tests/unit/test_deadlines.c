/* Unit tests of the deadline analysis (docs/MULTIYEAR.md "Deadline
 * analysis"): the LPs of solve/deadlines.c on best-case problems written
 * by hand (budgets by year and cumulative, pooled and capped carry-over,
 * area caps, absorption, R_n(T), the gap's tie-break), with each expected
 * value worked out in the comment above it; the extension check's five
 * verdicts and their order; a plan's completion year; and the analysis of
 * the datasets of datasets/multiyear against the hand values of
 * datasets/multiyear/README.md (tests/data/multiyear_expected.json). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "data/params.h"
#include "io/load.h"
#include "model/deadlines.h"
#include "run/deadlines.h"
#include "solve/deadlines.h"

#define CENT(a, b) assert_true(fabs((a) - (b)) < 0.005)
#define INF INFINITY
#define Y0 2019

/* A co_years with only what solve/deadlines.c reads (first, last). */
static co_years years4(void)
{
    co_years y;
    memset(&y, 0, sizeof y);
    y.multi = 1;
    y.first = Y0;
    y.last = Y0 + 3;
    y.ny = 4;
    return y;
}

/* Solves pb for a need due in year index `due` into d. */
static void solve(co_bc_problem *pb, co_deadline *d)
{
    co_years y = years4();
    co_diag dg;
    co_diag_init(&dg);
    memset(d, 0, sizeof *d);
    d->due_year = Y0 + pb->due;
    d->n_gap = pb->due + 1;
    d->gap = calloc((size_t)d->n_gap, sizeof *d->gap);
    assert_non_null(d->gap);
    assert_int_equal(co_deadline_solve(pb, &y, co_clock() + 60, d, &dg), CO_OK);
    assert_int_equal(d->analysed, 1);
    co_diag_release(&dg);
}

/* carry.json's SA-clearance: one donor with carry-over and a 700,000 cap
 * a year, 1,000,000 in 2019 and in 2022; absorption 600,000 a year to
 * 2021, none after; 2,000,000 required every year; due 2021, G = 1,800,000.
 * BC: 600,000 (2019), 1,000,000 (2020, 2021: the cumulative budget),
 * 1,700,000 (2022: + the cap). No year reaches 2,000,000 - 1. Gap:
 * 800,000 missing, the donor's money as early as it can be (600,000 in
 * 2019, 400,000 in 2020): 0 / 200,000 / 600,000. */
static void capped_carry(void **state)
{
    (void)state;
    double b[4] = {1e6, 0, 0, 1e6}, A[4] = {6e5, 6e5, 6e5, INF}, R[4] = {2e6, 2e6, 2e6, 2e6};
    co_bc_donor dn = {.budget = b, .cap = 7e5, .carry = 1};
    co_bc_problem pb = {.ny = 4, .due = 2, .absorb = A, .required = R, .donors = &dn, .nd = 1,
                        .target = 1.8e6};
    co_deadline d;
    solve(&pb, &d);
    CENT(d.best_case, 1e6);
    assert_int_equal(d.earliest, CO_NO_YEAR);
    CENT(d.gap[0], 0);
    CENT(d.gap[1], 2e5);
    CENT(d.gap[2], 6e5);
    co_deadline_release(&d);
}

/* The same money without carry-over: 2019's unused 400,000 is lost, so
 * BC(2021) = 600,000 and every year after 2019 has nothing: the gap is
 * 1,200,000, as late as it can be: 0 / 600,000 / 600,000. With the money
 * pooled from two donors with carry-over and no cap (500,000 each in 2019)
 * it is the capped case without the cap: BC(2022) = 1,000,000 +
 * 1,000,000 = 2,000,000 >= R - 1: earliest 2022. */
static void no_carry_and_pooled(void **state)
{
    (void)state;
    double b[4] = {1e6, 0, 0, 1e6}, A[4] = {6e5, 6e5, 6e5, INF}, R[4] = {2e6, 2e6, 2e6, 2e6};
    co_bc_donor dn = {.budget = b, .cap = INF, .carry = 0};
    co_bc_problem pb = {.ny = 4, .due = 2, .absorb = A, .required = R, .donors = &dn, .nd = 1,
                        .target = 1.8e6};
    co_deadline d;
    solve(&pb, &d);
    CENT(d.best_case, 6e5);
    assert_int_equal(d.earliest, CO_NO_YEAR);
    CENT(d.gap[0], 0);
    CENT(d.gap[1], 6e5);
    CENT(d.gap[2], 6e5);
    co_deadline_release(&d);

    double h[4] = {5e5, 0, 0, 5e5};
    co_bc_donor two[2] = {{.budget = h, .cap = INF, .carry = 1},
                          {.budget = h, .cap = INF, .carry = 1}};
    pb.donors = two;
    pb.nd = 2;
    solve(&pb, &d);
    CENT(d.best_case, 1e6);
    assert_int_equal(d.earliest, Y0 + 3);
    CENT(d.gap[0], 0);
    CENT(d.gap[1], 2e5);
    CENT(d.gap[2], 6e5);
    co_deadline_release(&d);
}

/* spread.json's S1-clearance: 600,000 a year but 300,000 in 2020, no
 * carry-over; absorption 200,000 (secured money fills 2019's rest), then
 * 500,000; 1,700,000 required; due 2021, G = 1,200,000. BC(2021) =
 * 200,000 + 300,000 + 500,000 = 1,000,000; the only slack is 2020's
 * 200,000 of absorption: gap 0 / 200,000 / 0. An area cap of 250,000
 * lowers every year to at most 250,000: BC(2021) = 200,000 + 250,000 +
 * 250,000 = 700,000 and the gap fills each year's room: 0 / 250,000 /
 * 250,000. */
static void yearly_budgets_and_cap(void **state)
{
    (void)state;
    double b[4] = {6e5, 3e5, 6e5, 6e5}, A[4] = {2e5, 5e5, 5e5, 5e5};
    double R[4] = {1.7e6, 1.7e6, 1.7e6, 1.7e6};
    co_bc_donor dn = {.budget = b, .cap = INF, .carry = 0};
    co_bc_problem pb = {.ny = 4, .due = 2, .absorb = A, .required = R, .donors = &dn, .nd = 1,
                        .target = 1.2e6};
    co_deadline d;
    solve(&pb, &d);
    CENT(d.best_case, 1e6);
    assert_int_equal(d.earliest, CO_NO_YEAR);
    CENT(d.gap[0], 0);
    CENT(d.gap[1], 2e5);
    CENT(d.gap[2], 0);
    co_deadline_release(&d);

    dn.cap = 2.5e5;
    solve(&pb, &d);
    CENT(d.best_case, 7e5);
    CENT(d.gap[0], 0);
    CENT(d.gap[1], 2.5e5);
    CENT(d.gap[2], 2.5e5);
    co_deadline_release(&d);
}

/* R_n(T) falling with T (national money, work.json's SW-clearance):
 * 400,000 and 200,000 a year from two donors, absorption 250,000 then
 * 500,000; R(T) 1,650,000, 1,550,000, 1,450,000, 1,350,000; due 2021.
 * BC: 250,000, 750,000, 1,250,000, then 1,750,000 capped at R(2022) =
 * 1,350,000: earliest 2022. G = min(1,450,000, 1,250,000) = BC(2021):
 * no gap. */
static void falling_requirement(void **state)
{
    (void)state;
    double b1[4] = {4e5, 4e5, 4e5, 4e5}, b2[4] = {2e5, 2e5, 2e5, 2e5};
    double A[4] = {2.5e5, 5e5, 5e5, 5e5}, R[4] = {1.65e6, 1.55e6, 1.45e6, 1.35e6};
    co_bc_donor dn[2] = {{.budget = b1, .cap = INF}, {.budget = b2, .cap = INF}};
    co_bc_problem pb = {.ny = 4, .due = 2, .absorb = A, .required = R, .donors = dn, .nd = 2,
                        .target = 1.25e6};
    co_deadline d;
    solve(&pb, &d);
    CENT(d.best_case, 1.25e6);
    assert_int_equal(d.earliest, Y0 + 3);
    for (int k = 0; k < 3; k++)
        CENT(d.gap[k], 0);
    co_deadline_release(&d);
}

/* No donor at all: BC 0, and the gap (G = R(2020) = 400,000 without an
 * absorption limit) all in the last year, 2020. A deadline already past:
 * nothing solved, analysed 0. */
static void no_donor_and_time(void **state)
{
    (void)state;
    double A[4] = {INF, INF, INF, INF}, R[4] = {4e5, 4e5, 4e5, 4e5};
    co_bc_problem pb = {.ny = 4, .due = 1, .absorb = A, .required = R, .nd = 0, .target = 4e5};
    co_deadline d;
    solve(&pb, &d);
    CENT(d.best_case, 0);
    assert_int_equal(d.earliest, CO_NO_YEAR);
    CENT(d.gap[0], 0);
    CENT(d.gap[1], 4e5);
    co_years y = years4();
    co_diag dg;
    co_diag_init(&dg);
    assert_int_equal(co_deadline_solve(&pb, &y, co_clock() - 1, &d, &dg), CO_OK);
    assert_int_equal(d.analysed, 0);
    assert_true(isnan(d.best_case));
    co_diag_release(&dg);
    co_deadline_release(&d);
}

/* The extension check's order: not_needed (earliest <= Y*), fits (=
 * Y_r), longer_than_needed (< Y_r), too_short (> Y_r, or none with Y_r
 * <= Y1), beyond_horizon (none with Y_r > Y1). Years 2019-2024, Y* 2020. */
static void extension_check(void **state)
{
    (void)state;
    co_years y = years4();
    y.last = 2024;
    static const struct {
        int earliest, requested;
        enum co_ext_check want;
        const char *word;
    } cases[] = {
        {2020, 2023, CO_EXT_NOT_NEEDED, "not_needed"},
        {2019, 2019, CO_EXT_NOT_NEEDED, "not_needed"}, /* first rule first */
        {2022, 2022, CO_EXT_FITS, "fits"},
        {2022, 2024, CO_EXT_LONGER, "longer_than_needed"},
        {2024, 2022, CO_EXT_TOO_SHORT, "too_short"},
        {CO_NO_YEAR, 2024, CO_EXT_TOO_SHORT, "too_short"},
        {CO_NO_YEAR, 2026, CO_EXT_BEYOND, "beyond_horizon"},
        {2023, CO_NO_YEAR, CO_EXT_NONE, NULL},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        co_deadline d = {.due_year = 2020, .analysed = 1, .earliest = cases[i].earliest,
                         .requested_year = cases[i].requested};
        co_deadline_finish(&y, &d);
        assert_int_equal(d.check, cases[i].want);
        if (cases[i].word) {
            assert_string_equal(co_ext_check_word(d.check), cases[i].word);
            enum co_ext_check back;
            assert_int_equal(co_ext_check_parse(cases[i].word, &back), 0);
            assert_int_equal(back, cases[i].want);
        } else {
            assert_null(co_ext_check_word(d.check));
        }
    }
    /* not analysed: no verdict */
    co_deadline d = {.due_year = 2020, .analysed = 0, .earliest = 2022, .requested_year = 2022};
    co_deadline_finish(&y, &d);
    assert_int_equal(d.check, CO_EXT_NONE);
    enum co_ext_check c;
    assert_int_equal(co_ext_check_parse("fit", &c), -1);
}

/* ---- the datasets of datasets/multiyear, by hand ---- */

typedef struct cas {
    co_dataset ds;
    co_params p;
    co_instance in;
    co_years y;
    co_deadline *dl;
    int n;
} cas;

static void open_case(cas *c, const char *path)
{
    co_diag dg;
    co_diag_init(&dg);
    co_dataset_init(&c->ds);
    assert_int_equal(co_load_json(path, &c->ds, &dg), CO_OK);
    assert_int_equal(co_dataset_validate(&c->ds, &dg), CO_OK);
    assert_int_equal(co_params_resolve(&c->ds, NULL, &c->p, &dg), CO_OK);
    assert_int_equal(co_instance_build(&c->ds, &c->p, &c->in, &dg), CO_OK);
    assert_int_equal(co_years_build(&c->ds, &c->p, &c->y, &dg), CO_OK);
    int *idx = malloc((size_t)c->ds.n_needs * sizeof *idx);
    c->dl = calloc((size_t)c->ds.n_needs, sizeof *c->dl);
    assert_non_null(idx);
    assert_non_null(c->dl);
    c->n = co_deadline_needs(&c->y, idx);
    assert_int_equal(co_deadlines_compute(&c->ds, &c->in, &c->y, idx, c->n, co_clock() + 60,
                                          c->dl, &dg),
                     CO_OK);
    free(idx);
    co_diag_release(&dg);
}

static void close_case(cas *c)
{
    for (int i = 0; i < c->n; i++)
        co_deadline_release(&c->dl[i]);
    free(c->dl);
    co_years_release(&c->y);
    co_instance_release(&c->in);
    co_dataset_release(&c->ds);
}

static const co_deadline *of(const cas *c, const char *id)
{
    int n = co_find_need(&c->ds, id);
    for (int i = 0; i < c->n; i++)
        if (c->dl[i].n == n)
            return &c->dl[i];
    fail_msg("need %s not analysed", id);
    return NULL;
}

/* The hand values: best case, earliest year, capacity (limited, missing
 * USD and units), gap by year (NULL: all zero), verdict. */
typedef struct hand {
    const char *need;
    double best_case;
    int earliest;
    int limited;
    double missing, units; /* units NAN: not a work need */
    const double *gap;
    enum co_ext_check check;
} hand;

static void expect(const cas *c, const hand *h)
{
    const co_deadline *d = of(c, h->need);
    assert_int_equal(d->analysed, 1);
    CENT(d->best_case, h->best_case);
    assert_int_equal(d->earliest, h->earliest);
    assert_int_equal(d->capacity_limited, h->limited);
    CENT(d->capacity_missing, h->missing);
    if (isnan(h->units))
        assert_true(isnan(d->capacity_missing_units));
    else
        CENT(d->capacity_missing_units, h->units);
    for (int k = 0; k < d->n_gap; k++)
        CENT(d->gap[k], h->gap ? h->gap[k] : 0.0);
    assert_int_equal(d->check, h->check);
}

/* datasets/multiyear/README.md "spread.json" */
static void spread(void **state)
{
    (void)state;
    cas c;
    open_case(&c, "datasets/multiyear/spread.json");
    static const double gap[] = {0, 2e5, 0};
    assert_int_equal(c.n, 1);
    expect(&c, &(hand){"S1-clearance", 1e6, CO_NO_YEAR, 1, 5e5, NAN, gap, CO_EXT_NONE});
    close_case(&c);
}

/* "carry.json": only DC (carry-over, a 700,000 cap a year) is eligible
 * for SA; SB has no deadline */
static void carry(void **state)
{
    (void)state;
    cas c;
    open_case(&c, "datasets/multiyear/carry.json");
    static const double gap[] = {0, 2e5, 6e5};
    assert_int_equal(c.n, 1);
    expect(&c, &(hand){"SA-clearance", 1e6, CO_NO_YEAR, 1, 2e5, NAN, gap, CO_EXT_NONE});
    close_case(&c);
}

/* "late.json": the overdue SO, SS's not_needed, SF (due after 2021) left out */
static void late(void **state)
{
    (void)state;
    cas c;
    open_case(&c, "datasets/multiyear/late.json");
    assert_int_equal(c.n, 3);
    expect(&c, &(hand){"SM-clearance", 1.2e6, 2020, 0, 0, NAN, NULL, CO_EXT_NONE});
    expect(&c, &(hand){"SO-clearance", 5e5, 2019, 0, 0, NAN, NULL, CO_EXT_NONE});
    expect(&c, &(hand){"SS-clearance", 1e6, 2019, 0, 0, NAN, NULL, CO_EXT_NOT_NEEDED});
    const co_deadline *so = of(&c, "SO-clearance");
    assert_int_equal(so->deadline_year, 2017);
    assert_int_equal(so->due_year, 2019);
    assert_int_equal(so->overdue, 1);
    close_case(&c);
}

/* "work.json": units, national money, longer_than_needed */
static void work(void **state)
{
    (void)state;
    cas c;
    open_case(&c, "datasets/multiyear/work.json");
    static const double gap_sk[] = {0, 2e5};
    expect(&c, &(hand){"SK-stockpile", 2e5, 2022, 0, 0, 0, gap_sk, CO_EXT_NONE});
    expect(&c, &(hand){"SW-clearance", 1.25e6, 2022, 1, 2e5, 1e5, NULL, CO_EXT_LONGER});
    close_case(&c);
}

/* "extensions.json": every verdict */
static void extensions(void **state)
{
    (void)state;
    cas c;
    open_case(&c, "datasets/multiyear/extensions.json");
    assert_int_equal(c.n, 6);
    expect(&c, &(hand){"E1-clearance", 1e6, 2020, 0, 0, NAN, NULL, CO_EXT_NOT_NEEDED});
    expect(&c, &(hand){"E2-clearance", 1e6, 2022, 1, 1e6, NAN, NULL, CO_EXT_FITS});
    expect(&c, &(hand){"E3-clearance", 1e6, 2022, 1, 1e6, NAN, NULL, CO_EXT_LONGER});
    expect(&c, &(hand){"E4-clearance", 1e6, 2024, 1, 2e6, NAN, NULL, CO_EXT_TOO_SHORT});
    expect(&c, &(hand){"E5-clearance", 1.5e6, CO_NO_YEAR, 1, 3.5e6, NAN, NULL, CO_EXT_BEYOND});
    expect(&c, &(hand){"E6-clearance", 1e6, CO_NO_YEAR, 1, 3e6, NAN, NULL, CO_EXT_TOO_SHORT});
    close_case(&c);
}

/* A plan's completion: work.json's SW with the hand plan's money by year
 * (250,000, 500,000, 500,000, 0, 0) against R(t) 1,650,000, 1,550,000,
 * 1,450,000, 1,350,000, 1,250,000: placed by 2021 1,250,000, complete
 * only in 2023 (1,250,000 >= 1,250,000 - 1), late. */
static void track(void **state)
{
    (void)state;
    cas c;
    open_case(&c, "datasets/multiyear/work.json");
    int n = co_find_need(&c.ds, "SW-clearance");
    double placed[5] = {2.5e5, 5e5, 5e5, 0, 0}, by;
    int done, on_time;
    co_deadline_track(&c.y, n, 2021, placed, &by, &done, &on_time);
    CENT(by, 1.25e6);
    assert_int_equal(done, 2023);
    assert_int_equal(on_time, 0);
    double less[5] = {2.5e5, 5e5, 5e5, 0, -2}; /* two USD short, beyond the tolerance */
    co_deadline_track(&c.y, n, 2021, less, &by, &done, &on_time);
    assert_int_equal(done, CO_NO_YEAR);
    close_case(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(capped_carry),      cmocka_unit_test(no_carry_and_pooled),
        cmocka_unit_test(yearly_budgets_and_cap), cmocka_unit_test(falling_requirement),
        cmocka_unit_test(no_donor_and_time), cmocka_unit_test(extension_check),
        cmocka_unit_test(spread),            cmocka_unit_test(carry),
        cmocka_unit_test(late),
        cmocka_unit_test(work),              cmocka_unit_test(extensions),
        cmocka_unit_test(track)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
