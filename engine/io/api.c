/*
 * api.c: the public API's dataset writers (include/coalitions.h): saving a
 * dataset as JSON or as a CSV bundle, and writing a synthetic one. Thin
 * wrappers: the writers are save_json.c, save_csv.c and generate.c, the
 * atomic write base/output.c's.
 */
#include <stdlib.h>

#include "io/generate.h"
#include "io/save.h"

/* Writes the buffer a writer filled (rc: what the writer returned) to
 * path, atomically, and releases it. */
static int write_made(int rc, co_buf *b, const char *path, co_diag *dg)
{
    if (rc == CO_OK && b->oom) {
        co_err(dg, "out of memory");
        rc = CO_EINTERNAL;
    }
    if (rc == CO_OK)
        rc = co_write_atomic(path, b->data ? b->data : "", b->len, dg);
    co_buf_release(b);
    return rc;
}

int co_dataset_save_json(const co_dataset *ds, const char *path, co_diag *dg)
{
    co_buf b;
    co_buf_init(&b);
    return write_made(co_save_json(ds, &b, dg), &b, path, dg);
}

int co_dataset_save_csv(const co_dataset *ds, const char *dir, co_diag *dg)
{
    return co_save_csv_bundle(ds, dir, dg);
}

int co_dataset_generate(const co_gen_opts *o, const char *path, co_diag *dg)
{
    co_buf b;
    co_buf_init(&b);
    return write_made(co_gen_dataset(o, &b, dg), &b, path, dg);
}
