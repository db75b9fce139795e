/*
 * fuzz_plan.c: libFuzzer target for the readers of the engine's own
 * documents, what `brief`, `--baseline`, `diff` and `whatif` read: any
 * bytes through co_plan_read and through co_comparison_read. Oracles: a
 * document that reads writes JSON that reads again and writes the same
 * bytes (the writer is a fixed point after one pass: a field that was not
 * given stays so), and every renderer of it (summary, CSV, brief in HTML
 * and Markdown, the comparison's terminal view) runs to the end.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "render/brief.h"
#include "render/report.h"
#include "result/plan.h"
#include "run/compare.h"

/* Aborts with both texts when a round trip does not hold. */
static void differ(const char *what, const char *a, const char *b)
{
    fprintf(stderr, "round trip of the %s failed:\n--- first\n%s\n--- second\n%s\n", what,
            a ? a : "(none)", b ? b : "(none)");
    abort();
}

static void check_plan(const co_plan *pl)
{
    co_diag dg;
    co_diag_init(&dg);
    char *one = NULL, *two = NULL;
    co_plan *again = NULL;
    if (co_plan_to_json(pl, &one, &dg) != CO_OK)
        abort();
    if (co_plan_read("again.json", one, strlen(one), &again, &dg) != CO_OK)
        differ("plan (written text does not read)", one,
               co_diag_count(&dg) ? co_diag_message(&dg, 0, NULL) : NULL);
    if (co_plan_to_json(again, &two, &dg) != CO_OK)
        abort();
    if (strcmp(one, two) != 0)
        differ("plan", one, two);
    co_buf b, csv[CO_PLAN_CSV_FILES];
    co_buf_init(&b);
    co_plan_summary(again, 1, &b);
    co_brief_plan(again, "fuzz", CO_BRIEF_HTML, &b, &dg);
    co_brief_plan(again, "fuzz", CO_BRIEF_MD, &b, &dg);
    co_buf_release(&b);
    co_plan_render_csv(again, csv);
    for (int i = 0; i < CO_PLAN_CSV_FILES; i++)
        co_buf_release(&csv[i]);
    free(one);
    free(two);
    co_plan_free(again);
    co_diag_release(&dg);
}

static void check_comparison(const co_comparison *c)
{
    co_diag dg;
    co_diag_init(&dg);
    co_buf one, two, b;
    co_buf_init(&one);
    co_buf_init(&two);
    co_buf_init(&b);
    co_comparison *again = NULL;
    if (co_comparison_to_json(c, &one, &dg) != CO_OK)
        abort();
    co_buf_put(&one, "", 1);
    if (co_comparison_read("again.json", one.data, one.len - 1, &again, &dg) != CO_OK)
        differ("comparison (written text does not read)", one.data,
               co_diag_count(&dg) ? co_diag_message(&dg, 0, NULL) : NULL);
    if (co_comparison_to_json(again, &two, &dg) != CO_OK)
        abort();
    co_buf_put(&two, "", 1);
    if (strcmp(one.data, two.data) != 0)
        differ("comparison", one.data, two.data);
    co_comparison_text(again, &b, &dg);
    co_brief_comparison(again, "fuzz", CO_BRIEF_HTML, &b, &dg);
    co_brief_comparison(again, "fuzz", CO_BRIEF_MD, &b, &dg);
    co_buf_release(&one);
    co_buf_release(&two);
    co_buf_release(&b);
    co_comparison_free(again);
    co_diag_release(&dg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    co_diag dg;
    co_diag_init(&dg);
    co_plan *pl = NULL;
    if (co_plan_read("fuzz.json", (const char *)data, size, &pl, &dg) == CO_OK)
        check_plan(pl);
    co_plan_free(pl);
    co_comparison *c = NULL;
    if (co_comparison_read("fuzz.json", (const char *)data, size, &c, &dg) == CO_OK)
        check_comparison(c);
    co_comparison_free(c);
    co_diag_release(&dg);
    return 0;
}
