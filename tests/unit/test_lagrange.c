/* Unit tests of lagrange.c: the Lagrangian function must bound the optimum
 * from above for any prices. Optima: datasets/README.md's hand computations
 * (tests/data/hand_optima.txt) and glpsol's proven optima of generated 12x10
 * cases (`coalitions generate --donors 12 --states 10 --seed S`, exported
 * with `coalitions export-model X --dat X.dat`, solved by `glpsol --math
 * models/coalitions.mod --data X.dat --mipgap 0`: "INTEGER OPTIMAL
 * SOLUTION FOUND", values as glpsol prints them, 10 digits). The starting
 * prices are the duals of the LP without seats, solved here with GLPK. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <glpk.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/derive.h"
#include "io/generate.h"
#include "model/lagrange.h"
#include "io/load.h"
#include "data/params.h"

typedef struct cas {
    co_dataset ds;
    co_instance in;
} cas;

static void load_file(cas *c, const char *path)
{
    co_diag dg;
    co_diag_init(&dg);
    co_params p;
    co_dataset_init(&c->ds);
    assert_int_equal(co_load_json(path, &c->ds, &dg), CO_OK);
    assert_int_equal(co_dataset_validate(&c->ds, &dg), CO_OK);
    assert_int_equal(co_params_resolve(&c->ds, NULL, &p, &dg), CO_OK);
    assert_int_equal(co_instance_build(&c->ds, &p, &c->in, &dg), CO_OK);
    co_diag_release(&dg);
}

static void load_generated(cas *c, int seed)
{
    co_diag dg;
    co_diag_init(&dg);
    co_gen_opts o;
    co_gen_opts_defaults(&o);
    o.donors = 12;
    o.states = 10;
    o.seed = (uint64_t)seed;
    co_buf b;
    co_buf_init(&b);
    assert_int_equal(co_gen_dataset(&o, &b, &dg), CO_OK);
    co_params p;
    co_dataset_init(&c->ds);
    assert_int_equal(co_load_json_mem("gen.json", b.data, b.len, &c->ds, &dg), CO_OK);
    assert_int_equal(co_dataset_validate(&c->ds, &dg), CO_OK);
    assert_int_equal(co_params_resolve(&c->ds, NULL, &p, &dg), CO_OK);
    assert_int_equal(co_instance_build(&c->ds, &p, &c->in, &dg), CO_OK);
    co_buf_release(&b);
    co_diag_release(&dg);
}

static void release(cas *c)
{
    co_instance_release(&c->in);
    co_dataset_release(&c->ds);
}

/* The LP without seats (budget, cap and need rows, 0 <= x <= U): its value,
 * and its rows' duals into m. */
static double seat_free_lp(const co_instance *in, co_lagr_mult *m)
{
    glp_prob *P = glp_create_prob();
    glp_set_obj_dir(P, GLP_MAX);
    int np = in->n_pairs;
    size_t nda = (size_t)in->nd * (size_t)in->na;
    int *brow = calloc((size_t)in->nd, sizeof *brow), *nrow = calloc((size_t)in->nn, sizeof *nrow);
    int *crow = calloc(nda, sizeof *crow);
    int *ia = malloc(((size_t)np * 3 + 1) * sizeof *ia), *ja = malloc(((size_t)np * 3 + 1) * sizeof *ja);
    double *ar = malloc(((size_t)np * 3 + 1) * sizeof *ar);
    assert_non_null(brow);
    assert_non_null(nrow);
    assert_non_null(crow);
    assert_non_null(ia);
    assert_non_null(ja);
    assert_non_null(ar);
    glp_add_cols(P, np);
    int nnz = 0;
    for (int i = 0; i < np; i++) {
        const co_pair *pr = &in->pairs[i];
        int a = in->ds->needs[pr->n].a;
        size_t da = (size_t)pr->d * (size_t)in->na + (size_t)a;
        glp_set_col_bnds(P, i + 1, GLP_DB, 0, pr->U);
        glp_set_obj_coef(P, i + 1, pr->w);
        if (!brow[pr->d]) {
            brow[pr->d] = glp_add_rows(P, 1);
            glp_set_row_bnds(P, brow[pr->d], GLP_UP, 0, in->ds->donors[pr->d].budget);
        }
        if (!nrow[pr->n]) {
            nrow[pr->n] = glp_add_rows(P, 1);
            glp_set_row_bnds(P, nrow[pr->n], GLP_UP, 0, in->R[pr->n]);
        }
        if (co_inst_cap(in, pr->d, a) >= 0 && !crow[da]) {
            crow[da] = glp_add_rows(P, 1);
            glp_set_row_bnds(P, crow[da], GLP_UP, 0, co_inst_cap(in, pr->d, a));
        }
        int rows[3] = {brow[pr->d], nrow[pr->n], co_inst_cap(in, pr->d, a) >= 0 ? crow[da] : 0};
        for (int q = 0; q < 3; q++)
            if (rows[q]) {
                nnz++;
                ia[nnz] = rows[q];
                ja[nnz] = i + 1;
                ar[nnz] = 1;
            }
    }
    glp_load_matrix(P, nnz, ia, ja, ar);
    glp_smcp sp;
    glp_init_smcp(&sp);
    sp.msg_lev = GLP_MSG_OFF;
    assert_int_equal(glp_simplex(P, &sp), 0);
    assert_int_equal(glp_get_status(P), GLP_OPT);
    double v = glp_get_obj_val(P);
    for (int d = 0; d < in->nd; d++)
        m->mu[d] = brow[d] ? glp_get_row_dual(P, brow[d]) : 0;
    for (int n = 0; n < in->nn; n++)
        m->pi[n] = nrow[n] ? glp_get_row_dual(P, nrow[n]) : 0;
    for (size_t j = 0; j < nda; j++)
        m->nu[j] = crow[j] ? glp_get_row_dual(P, crow[j]) : 0;
    glp_delete_prob(P);
    free(brow);
    free(nrow);
    free(crow);
    free(ia);
    free(ja);
    free(ar);
    return v;
}

static unsigned rnd_state = 12345;
static double rnd(void) /* uniform in [0, 1) */
{
    rnd_state = rnd_state * 1103515245u + 12345u;
    return (double)((rnd_state >> 8) & 0xffffff) / 16777216.0;
}

#define ASSERT_BOUND(L, opt)                                                                  \
    do {                                                                                      \
        if (!((L) >= (opt)-1e-6 * fabs(opt)))                                                 \
            fail_msg("bound %.6f below the optimum %.6f (%s:%d)", (double)(L), (double)(opt), \
                     __FILE__, __LINE__);                                                     \
    } while (0)

/* Every check on one case whose optimum is `opt`. */
static void check_case(const co_instance *in, double opt)
{
    co_lagr_mult m;
    assert_true(co_lagr_applies(in));
    assert_int_equal(co_lagr_init(in, &m), CO_OK);
    /* zero prices */
    double L0 = co_lagr_value(in, &m);
    ASSERT_BOUND(L0, opt);
    /* random prices, of the size of the weights and of seats' money */
    size_t nda = (size_t)in->nd * (size_t)in->na;
    for (int t = 0; t < 50; t++) {
        double big = t < 25 ? 1 : 10;
        for (int d = 0; d < in->nd; d++)
            m.mu[d] = rnd() < 0.3 ? 0 : big * 3 * rnd();
        for (int n = 0; n < in->nn; n++)
            m.pi[n] = rnd() < 0.3 ? 0 : big * 3 * rnd();
        for (size_t j = 0; j < nda; j++)
            m.nu[j] = rnd() < 0.5 ? 0 : big * rnd();
        for (int s = 0; s < in->ns; s++)
            m.sigma[s] = rnd() < 0.3 ? 0 : big * 2e6 * rnd();
        ASSERT_BOUND(co_lagr_value(in, &m), opt);
    }
    /* the start: duals of the LP without seats; no better than that LP */
    memset(m.sigma, 0, (size_t)in->ns * sizeof *m.sigma);
    double lp = seat_free_lp(in, &m);
    double Ls = co_lagr_value(in, &m);
    ASSERT_BOUND(Ls, opt);
    assert_true(Ls <= lp + 1e-9 * fabs(lp));
    /* the subgradient search's result: still a bound, no worse than its start */
    double Lf;
    assert_int_equal(co_lagr_minimise(in, &m, opt, 2.0, &Lf), CO_OK);
    ASSERT_BOUND(Lf, opt);
    assert_true(Lf <= Ls);
    assert_true(Lf <= lp + 1e-9 * fabs(lp));
    /* the prices left in m are the ones that give Lf */
    assert_true(fabs(co_lagr_value(in, &m) - Lf) <= 1e-9 * fabs(Lf));
    co_lagr_release(&m);
}

static void hand_optima(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        double opt;
    } cases[] = {
        {"datasets/small/tiny.json", 1068750},
        {"datasets/small/urgency.json", 1230000},
        {"datasets/small/limits.json", 1612500},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cas c;
        load_file(&c, cases[i].path);
        check_case(&c.in, cases[i].opt);
        release(&c);
    }
}

static void generated_optima(void **state)
{
    (void)state;
    /* glpsol 5.0, "mip = ..." of INTEGER OPTIMAL SOLUTION FOUND */
    static const double opt[] = {2.834455892e+07, 2.702800146e+07, 1.315789491e+08,
                                 4.950675026e+07, 5.205161505e+07};
    for (int s = 1; s <= 5; s++) {
        cas c;
        load_generated(&c, s);
        check_case(&c.in, opt[s - 1]);
        release(&c);
    }
}

/* Multi-year models (prices by donor and year, by donor, area and year,
 * absorption by need and year; carry-over's cumulative rows): the hand
 * optima of datasets/multiyear/README.md and the recorded glpsol optimum of
 * ccm-2019-2025 (tests/data/multiyear_expected.json) are never above the
 * bound, at zero, random and searched prices. */
static void multiyear_optima(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        double opt;
    } cases[] = {
        {"datasets/multiyear/spread.json", 1047250},
        {"datasets/multiyear/carry.json", 2232550},
        {"datasets/multiyear/late.json", 4068750},
        {"datasets/multiyear/work.json", 1222250},
        {"datasets/multiyear/extensions.json", 8701192.5},
        {"datasets/ccm-2019-2025.json", 322794785.299705},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        cas c;
        load_file(&c, cases[i].path);
        const co_instance *in = &c.in;
        double opt = cases[i].opt;
        co_lagr_mult m;
        assert_true(co_lagr_applies(in));
        assert_int_equal(co_lagr_init(in, &m), CO_OK);
        ASSERT_BOUND(co_lagr_value(in, &m), opt);
        size_t ndy = (size_t)in->nd * (size_t)in->ny, nny = (size_t)in->nn * (size_t)in->ny;
        for (int t = 0; t < 50; t++) {
            double big = t < 25 ? 1 : 10;
            for (size_t j = 0; j < ndy; j++)
                m.mu[j] = rnd() < 0.3 ? 0 : big * rnd();
            for (int n = 0; n < in->nn; n++)
                m.pi[n] = rnd() < 0.3 ? 0 : big * 3 * rnd();
            for (size_t j = 0; j < ndy * (size_t)in->na; j++)
                m.nu[j] = rnd() < 0.5 ? 0 : big * rnd();
            for (size_t j = 0; j < nny; j++)
                m.alpha[j] = rnd() < 0.5 ? 0 : big * rnd();
            for (int s = 0; s < in->ns; s++)
                m.sigma[s] = rnd() < 0.3 ? 0 : big * 2e6 * rnd();
            ASSERT_BOUND(co_lagr_value(in, &m), opt);
        }
        memset(m.mu, 0, ndy * sizeof *m.mu);
        memset(m.pi, 0, (size_t)in->nn * sizeof *m.pi);
        memset(m.nu, 0, ndy * (size_t)in->na * sizeof *m.nu);
        memset(m.alpha, 0, nny * sizeof *m.alpha);
        memset(m.sigma, 0, (size_t)in->ns * sizeof *m.sigma);
        double L0 = co_lagr_value(in, &m), Lf;
        assert_int_equal(co_lagr_minimise(in, &m, opt, 2.0, &Lf), CO_OK);
        ASSERT_BOUND(Lf, opt);
        assert_true(Lf <= L0);
        assert_true(fabs(co_lagr_value(in, &m) - Lf) <= 1e-9 * fabs(Lf));
        co_lagr_release(&m);
        release(&c);
    }
}

static void floor_not_handled(void **state)
{
    (void)state;
    cas c;
    load_file(&c, "datasets/small/floor.json"); /* coverage_floor > 0 */
    assert_false(co_lagr_applies(&c.in));
    release(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(hand_optima),
        cmocka_unit_test(generated_optima),
        cmocka_unit_test(multiyear_optima),
        cmocka_unit_test(floor_not_handled),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
