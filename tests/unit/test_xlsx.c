/* Unit tests of plan_xlsx.c with hand-made documents (read by
 * co_plan_read and co_comparison_read): the Scenarios sheet of a what-if
 * comparison (baseline named "baseline", deltas, nulls as empty cells), a
 * donor's marginal_range, and text that needs escaping, read back by
 * tests/xlsxread.py (Python's zipfile and xml.etree). Run from the
 * repository root (tests/run_all.sh does). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/diag.h"
#include "base/output.h"
#include "base/util.h"
#include "render/xlsx.h"

static const char plan_text[] =
    "{\"dataset\": {\"name\": \"hand <&> \\u00e9\", \"sha256\": \"ab\"}, \"scenario\": null,"
    " \"as_of\": \"2019-01-01\", \"status\": \"optimal\", \"bound\": 10, \"gap\": 0,"
    " \"objective\": {\"total\": 10, \"value\": 12, \"coordination_cost\": 2,"
    "                 \"shortfall_penalty\": 0, \"seats\": 1},"
    " \"allocations\": [{\"donor\": \"DA\", \"need\": \"S1-c\", \"state\": \"S1\","
    "                    \"area\": \"clearance\", \"amount\": 1234.5, \"weight\": 1.5,"
    "                    \"purpose_code\": \"15250\"}],"
    " \"coalitions\": [{\"state\": \"S1\", \"name\": \"One\", \"iso3\": null, \"lead\": \"DA\","
    "                   \"members\": [{\"donor\": \"DA\", \"amount\": 1234.5}],"
    "                   \"requested\": 2000, \"allocated\": 1234.5, \"coverage\": 0.61725,"
    "                   \"urgency\": 2}],"
    " \"donors\": [{\"donor\": \"DA\", \"name\": null, \"budget\": 1234.5, \"allocated\": 1234.5,"
    "              \"utilisation\": 1, \"states\": [\"S1\"], \"marginal_value\": 0.5,"
    "              \"marginal_range\": {\"from\": 1000, \"to\": null}}],"
    " \"needs\": [{\"need\": \"S1-c\", \"state\": \"S1\", \"area\": \"clearance\","
    "             \"requested\": 2000, \"allocated\": 1234.5, \"unmet\": 765.5, \"urgency\": 2,"
    "             \"evidence\": 1, \"deadline\": null, \"days_left\": null}]}";

static const char comparison_text[] =
    "{\"baseline\": {\"name\": null, \"status\": \"optimal\", \"objective\": 10,"
    "  \"allocated\": 1234.5, \"urgent_share\": 0.61725, \"seats\": 1, \"message\": null},"
    " \"scenarios\": ["
    "  {\"name\": \"DA adds 1000\", \"status\": \"optimal\", \"objective\": 12.25,"
    "   \"allocated\": 2000, \"urgent_share\": 1, \"seats\": 2, \"message\": null,"
    "   \"delta\": {\"objective\": 2.25, \"allocated\": 765.5, \"urgent_share\": 0.38275,"
    "             \"seats\": 1, \"seats_in\": 1, \"seats_out\": 0}},"
    "  {\"name\": \"no money\", \"status\": \"infeasible\", \"objective\": null,"
    "   \"allocated\": null, \"urgent_share\": null, \"seats\": null,"
    "   \"message\": \"coverage floor cannot be met\", \"delta\": null}]}";

/* What tests/xlsxread.py reads from `path` for sheet `sheet` (the sheet
 * names when NULL), as JSON. */
static char *read_back(const char *path, const char *sheet)
{
    char *cmd = co_asprintf("python3 -c 'import json,sys; sys.path.insert(0, \"tests\");"
                            " import xlsxread; b = xlsxread.read(sys.argv[1]);"
                            " print(json.dumps([[c.value for c in r] for r in dict(b)[sys.argv[2]]]"
                            " if len(sys.argv) > 2 else [n for n, _ in b]))' %s %s",
                            path, sheet ? sheet : "");
    FILE *p = popen(cmd, "r");
    co_buf b;
    co_buf_init(&b);
    char chunk[4096];
    size_t n;
    while (p && (n = fread(chunk, 1, sizeof chunk, p)) > 0)
        co_buf_put(&b, chunk, n);
    assert_non_null(p);
    assert_int_equal(pclose(p), 0);
    free(cmd);
    co_buf_put(&b, "", 1);
    return b.data;
}

static void scenarios_and_ranges(void **state)
{
    (void)state;
    char dir[] = "/tmp/coalitions-xlsx-test.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *path = co_asprintf("%s/w.xlsx", dir);
    co_diag *dg = co_diag_new();
    co_plan *plan = NULL;
    co_comparison *cmp = NULL;
    assert_int_equal(co_plan_read("plan.json", plan_text, sizeof plan_text - 1, &plan, dg), CO_OK);
    assert_int_equal(co_comparison_read("comparison.json", comparison_text,
                                        sizeof comparison_text - 1, &cmp, dg),
                     CO_OK);
    assert_int_equal(co_xlsx_write(path, plan, cmp, dg), CO_OK);

    char *got = read_back(path, "Scenarios");
    assert_string_equal(
        got, "[[\"scenario\", \"status\", \"objective\", \"objective_change\", \"allocated\", "
             "\"allocated_change\", \"urgent_share\", \"urgent_share_change\", \"seats\", "
             "\"seats_in\", \"seats_out\", \"message\"], "
             "[\"baseline\", \"optimal\", 10.0, null, 1234.5, null, 0.61725, null, 1.0], "
             "[\"DA adds 1000\", \"optimal\", 12.25, 2.25, 2000.0, 765.5, 1.0, 0.38275, 2.0, "
             "1.0, 0.0], "
             "[\"no money\", \"infeasible\", null, null, null, null, null, null, null, null, "
             "null, \"coverage floor cannot be met\"]]\n");
    free(got);
    got = read_back(path, "Donors");
    assert_string_equal(got, "[[\"donor\", \"name\", \"budget\", \"allocated\", \"utilisation\", "
                             "\"states\", \"marginal_value\", \"marginal_range_from\", "
                             "\"marginal_range_to\"], "
                             "[\"DA\", null, 1234.5, 1234.5, 1.0, \"S1\", 0.5, 1000.0]]\n");
    free(got);
    got = read_back(path, "Summary");
    assert_non_null(strstr(got, "[\"dataset\", \"hand <&> \\u00e9\"]"));
    assert_non_null(strstr(got, "[\"urgent_share\", 0.61725]"));
    free(got);
    got = read_back(path, NULL);
    assert_string_equal(got, "[\"Summary\", \"Coalitions\", \"Allocations\", \"Donors\", "
                             "\"Needs\", \"Unmet\", \"Scenarios\"]\n");
    free(got);
    /* without a comparison: no Scenarios sheet */
    assert_int_equal(co_xlsx_write(path, plan, NULL, dg), CO_OK);
    got = read_back(path, NULL);
    assert_string_equal(got, "[\"Summary\", \"Coalitions\", \"Allocations\", \"Donors\", "
                             "\"Needs\", \"Unmet\"]\n");
    free(got);
    assert_int_equal(dg->errors, 0);
    unlink(path);
    rmdir(dir);
    free(path);
    co_diag_free(dg);
    co_plan_free(plan);
    co_comparison_free(cmp);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(scenarios_and_ranges)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
