/*
 * check.h: what `coalitions check` prints about a valid dataset: what it
 * holds, then its data gaps (data/gaps.h) as warnings.
 */
#ifndef CO_CHECK_H
#define CO_CHECK_H

#include "base/output.h"
#include "data/dataset.h"

/* "PATH: ok: N areas, N States, N donors, N needs", then "Data gaps: N
 * (warnings, not errors)" and one line per gap (co_gap_text), or "Data
 * gaps: none". CO_OK, or CO_EINTERNAL out of memory. */
int co_check_report(const co_dataset *ds, const char *path, co_buf *out, co_diag *dg);

#endif
