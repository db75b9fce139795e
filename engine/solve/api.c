/*
 * api.c: the public API's model export (include/coalitions.h): the model
 * of a dataset as MathProg data (io/export_dat.c) and in GLPK's LP and MPS
 * formats (export_lp.c), under the run's parameters. The export itself is
 * theirs; this file resolves the parameters and builds the instance once.
 */
#include <stdio.h>
#include <stdlib.h>

#include "io/export.h"
#include "solve/solve.h"

/* The MathProg data, made in memory and written atomically. */
static int write_dat(const co_dataset *ds, const co_params *p, const char *path, co_diag *dg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) {
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    int rc = co_export_dat(ds, p, f, dg);
    if (fclose(f) != 0 && rc == CO_OK)
        rc = CO_EINTERNAL;
    if (rc == CO_OK)
        rc = co_write_atomic(path, buf, len, dg);
    free(buf);
    return rc;
}

int co_dataset_export_model(const co_dataset *ds, const co_run_options *ro, const char *dat,
                            const char *lp, const char *mps, co_diag *dg)
{
    co_params p;
    co_instance in = {0};
    int rc = co_params_resolve(ds, ro, &p, dg);
    if (rc == CO_OK)
        rc = co_instance_build(ds, &p, &in, dg);
    if (rc == CO_OK && dat)
        rc = write_dat(ds, &p, dat, dg);
    if (rc == CO_OK && lp)
        rc = co_model_write(&in, CO_FMT_LP, lp, dg);
    if (rc == CO_OK && mps)
        rc = co_model_write(&in, CO_FMT_MPS, mps, dg);
    co_instance_release(&in);
    return rc;
}
