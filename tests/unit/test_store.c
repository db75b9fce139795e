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
    assert_int_equal(co_plan_solve(ds, ro, NULL, NULL, NULL, &pl, dg), CO_OK);
    co_run_options_free(ro);
    assert_int_equal(co_store_open(db, CO_STORE_WRITE, &st, dg), CO_OK);
    /* bytes with a NUL and a lone high byte come back as they went in */
    static const char odd[] = "a\0b\xff\n";
    char *json = NULL;
    assert_int_equal(co_plan_to_json(pl, &json, dg), CO_OK);
    co_store_text texts[2] = {{CO_STORE_PLAN_JSON, json, strlen(json)}, {"odd", odd, sizeof odd - 1}};
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

    co_plan *r = NULL;
    assert_int_equal(co_store_get_plan(st, 1, &r, dg), CO_OK);
    assert_int_equal(r->n_coalitions, pl->n_coalitions);
    assert_int_equal(r->n_allocs, pl->n_allocs);
    assert_string_equal(r->as_of, "2019-01-01");
    char *again = NULL;
    assert_int_equal(co_plan_to_json(r, &again, dg), CO_OK);
    assert_string_equal(again, json); /* the plan read back writes the same bytes */
    free(again);
    co_plan_free(r);
    assert_int_equal(co_store_get_plan(st, 9, &r, dg), CO_EINPUT);
    assert_null(r);
    free(json);

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

/* Run a: S1 led by DA (1,000 of 2,000), S2 without members (0 of 1,000). */
static const char plan_a[] =
    "{\"as_of\": \"2019-01-01\", \"parameters\": {\"coordination_cost\": 100000},"
    " \"status\": \"optimal\", \"objective\": {\"total\": 100, \"seats\": 1},"
    " \"allocations\": [{\"donor\": \"DA\", \"need\": \"S1-c\", \"state\": \"S1\","
    "   \"area\": \"clearance\", \"amount\": 1000}],"
    " \"coalitions\": ["
    "  {\"state\": \"S1\", \"lead\": \"DA\", \"members\": [{\"donor\": \"DA\", \"amount\": 1000}],"
    "   \"requested\": 2000, \"allocated\": 1000, \"coverage\": 0.5},"
    "  {\"state\": \"S2\", \"lead\": null, \"members\": [], \"requested\": 1000,"
    "   \"allocated\": 0, \"coverage\": 0}],"
    " \"needs\": ["
    "  {\"need\": \"S1-c\", \"state\": \"S1\", \"requested\": 2000, \"allocated\": 1000, \"urgency\": 1},"
    "  {\"need\": \"S2-c\", \"state\": \"S2\", \"requested\": 1000, \"allocated\": 0, \"urgency\": 1}]}";

/* Run b: DB joins S1 and leads it (1,500 and DA 500, all of 2,000); S2
 * gone; S3 led by DC (100 of 500). */
static const char plan_b[] =
    "{\"as_of\": \"2019-01-01\", \"parameters\": {\"coordination_cost\": 0.5},"
    " \"status\": \"feasible\", \"objective\": {\"total\": 90.5, \"seats\": 3},"
    " \"allocations\": ["
    "  {\"donor\": \"DA\", \"need\": \"S1-c\", \"state\": \"S1\", \"area\": \"clearance\", \"amount\": 500},"
    "  {\"donor\": \"DB\", \"need\": \"S1-c\", \"state\": \"S1\", \"area\": \"clearance\", \"amount\": 1500},"
    "  {\"donor\": \"DC\", \"need\": \"S3-c\", \"state\": \"S3\", \"area\": \"clearance\", \"amount\": 100}],"
    " \"coalitions\": ["
    "  {\"state\": \"S1\", \"lead\": \"DB\", \"members\": [{\"donor\": \"DB\", \"amount\": 1500},"
    "   {\"donor\": \"DA\", \"amount\": 500}], \"requested\": 2000, \"allocated\": 2000, \"coverage\": 1},"
    "  {\"state\": \"S3\", \"lead\": \"DC\", \"members\": [{\"donor\": \"DC\", \"amount\": 100}],"
    "   \"requested\": 500, \"allocated\": 100, \"coverage\": 0.2}],"
    " \"needs\": ["
    "  {\"need\": \"S1-c\", \"state\": \"S1\", \"requested\": 2000, \"allocated\": 2000, \"urgency\": 1},"
    "  {\"need\": \"S3-c\", \"state\": \"S3\", \"requested\": 500, \"allocated\": 100, \"urgency\": 1}]}";

static co_plan *hand_plan(const char *text)
{
    co_diag *dg = co_diag_new();
    co_plan *pl = NULL;
    assert_int_equal(co_plan_read("hand.json", text, strlen(text), &pl, dg), CO_OK);
    co_diag_free(dg);
    return pl;
}

static void diff_by_hand(void **state)
{
    (void)state;
    co_store_run a, b;
    co_store_run_init(&a);
    co_store_run_init(&b);
    a.id = 1;
    b.id = 2;
    a.dataset = co_strdup("abc");
    b.dataset = co_strdup("abc");
    a.status = co_strdup("optimal");
    b.status = co_strdup("feasible");
    co_plan *pa = hand_plan(plan_a), *pb = hand_plan(plan_b);

    co_diag *dg = co_diag_new();
    co_buf text;
    co_buf_init(&text);
    char *json = NULL;
    /* threshold 600 USD: DA's 500 and DC's 100 USD moves are left out */
    assert_int_equal(co_rundiff(&a, pa, &b, pb, 600, &text, &json, dg), CO_OK);
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
    assert_int_equal(co_rundiff(&a, pa, &a, pa, 0, &text, &json, dg), CO_OK);
    assert_string_equal(text.data, "run 1 -> run 1\ncoalitions: no changes\n"
                                   "objective: 100.00 -> 100.00 (+0.00)\n");
    free(json);
    co_buf_release(&text);
    co_store_run_release(&a);
    co_store_run_release(&b);
    co_plan_free(pa);
    co_plan_free(pb);
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
