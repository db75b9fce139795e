/*
 * load.c: co_dataset_load, the entry point that picks a loader (a JSON
 * file, or a folder holding a CSV bundle), then validates what it read.
 * Parsing is the loaders' job (load_json.c, load_csv.c), checking values
 * data/validate.c's.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "base/util.h"
#include "io/load.h"

int co_dataset_load(const char *path, co_dataset **out, co_diag *dg)
{
    *out = NULL;
    double t0 = co_clock();
    co_dataset *ds = malloc(sizeof *ds);
    if (!ds)
        return CO_EINTERNAL;
    co_dataset_init(ds);
    int rc;
    struct stat st;
    if (strcmp(path, "-") != 0 && stat(path, &st) != 0) {
        co_err(dg, "%s: cannot open: %s", path, strerror(errno));
        rc = CO_EIO;
        goto done;
    }
    if (strcmp(path, "-") != 0 && S_ISDIR(st.st_mode))
        rc = co_load_csv_bundle(path, ds, dg);
    else
        rc = co_load_json(path, ds, dg);
    if (rc == CO_OK || rc == CO_EINPUT) {
        /* validate even after type errors, so every problem is listed */
        int vr = co_dataset_validate(ds, dg);
        if (rc == CO_OK)
            rc = vr;
    }
    if (rc == CO_OK)
        co_dataset_warn_unused(ds, dg);
done:
    co_diag_finish(dg);
    if (rc != CO_OK) {
        co_dataset_free(ds);
        return rc;
    }
    ds->load_s = co_clock() - t0;
    *out = ds;
    return CO_OK;
}
