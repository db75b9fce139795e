/*
 * fuzz_csv.c: libFuzzer target for the CSV bundle loader. The input is the
 * bundle's files separated by NUL bytes, in the order of `files` below;
 * files past the last part are absent (a NUL byte inside a file is then
 * not tried: load_csv.c refuses it before parsing). They are written to a
 * folder of the process's own and read with co_load_csv_bundle, then
 * validated; a dataset that comes out valid must pass fuzz_roundtrip.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fuzz.h"
#include "io/load.h"

/* the multi-year files last, so inputs written before they existed keep
 * their meaning */
static const char *const files[] = {"areas.csv",        "states.csv",     "donors.csv",
                                    "expertise.csv",    "needs.csv",      "area_budgets.csv",
                                    "parameters.csv",   "budgets_by_year.csv",
                                    "per_year_max.csv"};
#define N_FILES (sizeof files / sizeof files[0])

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static char dir[4200];
    if (!dir[0]) {
        snprintf(dir, sizeof dir, "%s/in", fuzz_dir());
        if (mkdir(dir, 0700) != 0) {
            perror(dir);
            abort();
        }
    }
    const char *p = (const char *)data, *end = p + size;
    for (size_t i = 0; i < N_FILES; i++) {
        if (!p) {
            fuzz_put_file(dir, files[i], NULL, 0);
            continue;
        }
        const char *nul = memchr(p, '\0', (size_t)(end - p));
        size_t n = nul ? (size_t)(nul - p) : (size_t)(end - p);
        fuzz_put_file(dir, files[i], p, n);
        p = nul ? nul + 1 : NULL;
    }
    co_diag dg;
    co_dataset ds;
    co_diag_init(&dg);
    co_dataset_init(&ds);
    int rc = co_load_csv_bundle(dir, &ds, &dg);
    if (rc == CO_OK || rc == CO_EINPUT) {
        int vr = co_dataset_validate(&ds, &dg);
        if (rc == CO_OK)
            rc = vr;
    }
    co_diag_finish(&dg);
    if (rc == CO_OK)
        fuzz_roundtrip(&ds);
    co_dataset_release(&ds);
    co_diag_release(&dg);
    return 0;
}
