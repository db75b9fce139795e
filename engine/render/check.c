/*
 * check.c: the report of `coalitions check` on a valid dataset (check.h):
 * its counts and its data gaps, in the words of data/gaps.c. Validation
 * itself is engine/data's; the command line prints what this returns.
 */
#include "render/check.h"

#include <stdlib.h>

#include "base/util.h"
#include "data/gaps.h"

int co_check_report(const co_dataset *ds, const char *path, co_buf *out, co_diag *dg)
{
    co_gaps g;
    int rc = co_data_gaps(ds, &g, dg);
    if (rc != CO_OK)
        return rc;
    co_buf_printf(out, "%s: ok: %d areas, %d States, %d donors, %d needs\n", path, ds->n_areas,
                  ds->n_states, ds->n_donors, ds->n_needs);
    if (g.n == 0)
        co_buf_printf(out, "\nData gaps: none\n");
    else
        co_buf_printf(out, "\nData gaps: %d (warnings, not errors)\n", g.n);
    for (int i = 0; i < g.n; i++) {
        char *t = co_gap_text(ds, &g.items[i]);
        if (!t) {
            out->oom = 1;
            break;
        }
        co_buf_printf(out, "  %s\n", t);
        free(t);
    }
    co_gaps_release(&g);
    if (out->oom) {
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    return CO_OK;
}
