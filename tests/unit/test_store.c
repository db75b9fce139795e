/* Unit tests of store.c (a run recorded and read back, a store that is
 * not there) and rundiff.c (two hand-made runs, expected lines by hand).
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
#include <sys/stat.h>
#include <unistd.h>

#include "render/rundiff.h"
#include "store/store.h"
#include "base/util.h"

static char dir[] = "/tmp/coalitions-store-test.XXXXXX";

static char *path_in_dir(const char *name)
{
    return co_asprintf("%s/%s", dir, name);
}

static void remove_store(const char *path)
{
    const char *suffix[] = {"", "-wal", "-shm"};
    for (int i = 0; i < 3; i++) {
        char *p = co_asprintf("%s%s", path, suffix[i]);
        unlink(p);
        free(p);
    }
}

static void record_and_read_back(void **state)
{
    (void)state;
    char *db = path_in_dir("s.db");
    co_diag *dg = co_diag_new();
    co_dataset *ds = NULL;
    co_plan *pl = NULL;
    co_store *st = NULL;
    assert_int_equal(co_dataset_load("datasets/small/tiny.json", &ds, dg), CO_OK);
    co_run_options *ro = co_run_options_new();
    assert_int_equal(co_plan_solve(ds, ro, NULL, NULL, &pl, dg), CO_OK);
    co_run_options_free(ro);
    assert_int_equal(co_store_open(db, CO_STORE_WRITE, &st, dg), CO_OK);
    /* bytes with a NUL and a lone high byte come back as they went in */
    static const char odd[] = "a\0b\xff\n";
    co_store_text texts[2] = {{CO_STORE_PLAN_JSON, "{}\n", 3}, {"odd", odd, sizeof odd - 1}};
    long long id1 = 0, id2 = 0;
    assert_int_equal(co_store_record(st, pl, texts, 2, 1e9, 1e9 + 1.5, &id1, dg), CO_OK);
    assert_int_equal(co_store_record(st, pl, texts, 1, 1e9 + 2, 1e9 + 3, &id2, dg), CO_OK);
    assert_int_equal(id1, 1);
    assert_int_equal(id2, 2);

    char *data = NULL;
    size_t len = 0;
    assert_int_equal(co_store_get_text(st, 1, "odd", &data, &len, dg), CO_OK);
    assert_int_equal(len, sizeof odd - 1);
    assert_memory_equal(data, odd, len);
    free(data);
    assert_int_equal(co_store_get_text(st, 2, "odd", &data, &len, dg), CO_EINPUT);
    assert_int_equal(co_store_get_text(st, 3, CO_STORE_PLAN_JSON, &data, &len, dg), CO_EINPUT);
    assert_null(data);

    co_store_run *runs = NULL;
    int n = 0;
    assert_int_equal(co_store_list(st, NULL, 0, &runs, &n, dg), CO_OK);
    assert_int_equal(n, 2);
    assert_int_equal(runs[0].id, 2); /* newest first */
    assert_string_equal(runs[1].started_at, "2001-09-09T01:46:40.000Z"); /* date -u -d @1e9 */
    assert_string_equal(runs[1].finished_at, "2001-09-09T01:46:41.500Z");
    assert_string_equal(runs[1].dataset, ds->sha256);
    assert_string_equal(runs[1].status, "optimal");
    assert_true(fabs(runs[1].total - pl->total) < 1e-9);
    co_store_runs_free(runs, n);
    assert_int_equal(co_store_list(st, "tiny: 2 donors, 2 States, 3 needs", 1, &runs, &n, dg),
                     CO_OK);
    assert_int_equal(n, 1);
    co_store_runs_free(runs, n);
    assert_int_equal(co_store_list(st, "0123", 0, &runs, &n, dg), CO_OK);
    assert_int_equal(n, 0);
    co_store_runs_free(runs, n);

    co_store_result r;
    assert_int_equal(co_store_get_result(st, 1, &r, dg), CO_OK);
    assert_int_equal(r.n_coalitions, pl->n_coalitions);
    assert_int_equal(r.n_allocs, pl->n_allocs);
    assert_string_equal(r.params[0].name, "as_of");
    assert_string_equal(r.params[0].text, "2019-01-01");
    co_store_result_release(&r);
    assert_int_equal(co_store_get_result(st, 9, &r, dg), CO_EINPUT);

    co_store_free(st);
    co_plan_free(pl);
    co_dataset_free(ds);
    co_diag_free(dg);
    remove_store(db);
    free(db);
}

static void missing_store_is_empty(void **state)
{
    (void)state;
    char *db = path_in_dir("none.db");
    co_diag *dg = co_diag_new();
    co_store *st = NULL;
    struct stat sb;
    assert_int_equal(co_store_open(db, CO_STORE_READ, &st, dg), CO_OK);
    co_store_run *runs = NULL;
    int n = -1;
    assert_int_equal(co_store_list(st, NULL, 0, &runs, &n, dg), CO_OK);
    assert_int_equal(n, 0);
    co_store_run r;
    assert_int_equal(co_store_get_run(st, 1, &r, dg), CO_EINPUT);
    int is_error = 0;
    const char *m = co_diag_message(dg, 0, &is_error);
    char *want = co_asprintf("run 1: no such run in %s", db);
    assert_string_equal(m, want);
    free(want);
    co_store_free(st);
    assert_int_equal(stat(db, &sb), -1); /* reading created nothing */
    co_diag_free(dg);
    free(db);
}

/* ---- rundiff on hand-made runs --------------------------------------- */

static co_store_member *members(int n, const char *d1, int64_t c1, const char *d2, int64_t c2)
{
    co_store_member *m = calloc(2, sizeof *m);
    m[0] = (co_store_member){co_strdup(d1), c1};
    if (n > 1)
        m[1] = (co_store_member){co_strdup(d2), c2};
    return m;
}

static void coalition(co_store_coalition *c, const char *state, const char *lead,
                      co_store_member *m, int n, double requested, int64_t allocated)
{
    c->state = co_strdup(state);
    c->lead = co_strdup(lead);
    c->members = m;
    c->n_members = n;
    c->requested = requested;
    c->allocated = allocated;
    c->coverage = requested > 0 ? (double)allocated / 100.0 / requested : NAN;
}

static void alloc(co_store_alloc *a, const char *donor, const char *need, const char *st,
                  int64_t cents)
{
    *a = (co_store_alloc){co_strdup(donor), co_strdup(need), co_strdup(st),
                          co_strdup("clearance"), cents};
}

static void diff_by_hand(void **state)
{
    (void)state;
    co_store_result a, b;
    co_store_result_init(&a);
    co_store_result_init(&b);
    a.run.id = 1;
    b.run.id = 2;
    a.run.dataset = co_strdup("abc");
    b.run.dataset = co_strdup("abc");
    a.run.status = co_strdup("optimal");
    b.run.status = co_strdup("feasible");
    a.run.total = 100;
    b.run.total = 90.5;
    a.run.allocated = 100000;
    b.run.allocated = 210000;
    a.run.seats = 1;
    b.run.seats = 3;
    a.params = calloc(1, sizeof *a.params);
    a.params[0] = (co_store_param){co_strdup("coordination_cost"), co_strdup("100000"), 1e5};
    a.n_params = 1;
    b.params = calloc(1, sizeof *b.params);
    b.params[0] = (co_store_param){co_strdup("coordination_cost"), co_strdup("0.5"), 0.5};
    b.n_params = 1;
    /* S1: DB joins and leads; S2 only in a; S3 only in b */
    a.coalitions = calloc(2, sizeof *a.coalitions);
    a.n_coalitions = 2;
    coalition(&a.coalitions[0], "S1", "DA", members(1, "DA", 100000, NULL, 0), 1, 2000, 100000);
    coalition(&a.coalitions[1], "S2", NULL, NULL, 0, 1000, 0);
    b.coalitions = calloc(2, sizeof *b.coalitions);
    b.n_coalitions = 2;
    coalition(&b.coalitions[0], "S1", "DB", members(2, "DB", 150000, "DA", 50000), 2, 2000,
              200000);
    coalition(&b.coalitions[1], "S3", "DC", members(1, "DC", 10000, NULL, 0), 1, 500, 10000);
    a.allocs = calloc(1, sizeof *a.allocs);
    a.n_allocs = 1;
    alloc(&a.allocs[0], "DA", "S1-c", "S1", 100000);
    b.allocs = calloc(3, sizeof *b.allocs);
    b.n_allocs = 3;
    alloc(&b.allocs[0], "DA", "S1-c", "S1", 50000);
    alloc(&b.allocs[1], "DB", "S1-c", "S1", 150000);
    alloc(&b.allocs[2], "DC", "S3-c", "S3", 10000);

    co_diag *dg = co_diag_new();
    co_buf text;
    co_buf_init(&text);
    char *json = NULL;
    /* threshold 600 USD: DA's 500 and DC's 100 USD moves are left out */
    assert_int_equal(co_rundiff(&a, &b, 600, &text, &json, dg), CO_OK);
    assert_string_equal(text.data,
                        "run 1 -> run 2\n"
                        "status: optimal -> feasible\n"
                        "parameter coordination_cost: 100000 -> 0.5\n"
                        "allocated: 1,000 -> 2,100 USD (+1,100)\n"
                        "seats: 1 -> 3 (+2)\n"
                        "S1: members +DB; lead DA -> DB; coverage 50.0% -> 100.0% (+50.0 pts)\n"
                        "S2: coverage 0.0% -> n/a\n"
                        "S3: members +DC; lead none -> DC; coverage n/a -> 20.0%\n"
                        "allocation DB -> S1-c: 0 -> 1,500 (+1,500)\n"
                        "objective: 100.00 -> 90.50 (-9.50)\n");
    assert_non_null(strstr(json, "\"members_added\": [\"DB\"]"));
    assert_non_null(strstr(json, "\"threshold\": 600"));
    free(json);
    co_buf_release(&text);

    /* a run against itself: nothing changed but the objective line */
    co_buf_init(&text);
    assert_int_equal(co_rundiff(&a, &a, 0, &text, &json, dg), CO_OK);
    assert_string_equal(text.data, "run 1 -> run 1\ncoalitions: no changes\n"
                                   "objective: 100.00 -> 100.00 (+0.00)\n");
    free(json);
    co_buf_release(&text);
    co_store_result_release(&a);
    co_store_result_release(&b);
    co_diag_free(dg);
}

static int setup(void **state)
{
    (void)state;
    return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    return rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(record_and_read_back),
                                       cmocka_unit_test(missing_store_is_empty),
                                       cmocka_unit_test(diff_by_hand)};
    return cmocka_run_group_tests(tests, setup, teardown);
}
