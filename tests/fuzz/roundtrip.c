/*
 * roundtrip.c: the oracle of fuzz.h and the harness's file helpers. A
 * failed check aborts, which libFuzzer reports as a crash with the input.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "data/schema.h"
#include "fuzz.h"
#include "io/load.h"
#include "base/output.h"
#include "io/save.h"

static char dir_path[4096];

static void remove_dir(void)
{
    static const char *const subs[] = {"/in", "/out", ""}; /* the folder last */
    char p[4200];
    for (size_t s = 0; s < sizeof subs / sizeof subs[0]; s++) {
        for (int i = 0; i < CO_N_BUNDLE_FILES; i++) {
            snprintf(p, sizeof p, "%s%s/%s", dir_path, subs[s], co_bundle_files[i].name);
            unlink(p);
        }
        snprintf(p, sizeof p, "%s%s", dir_path, subs[s]);
        rmdir(p);
    }
}

const char *fuzz_dir(void)
{
    if (dir_path[0])
        return dir_path;
    const char *base = getenv("TMPDIR");
    struct stat st;
    if (!base || !*base)
        base = stat("/dev/shm", &st) == 0 && S_ISDIR(st.st_mode) ? "/dev/shm" : "/tmp";
    snprintf(dir_path, sizeof dir_path, "%s/coalitions-fuzz.XXXXXX", base);
    if (!mkdtemp(dir_path)) {
        perror(dir_path);
        abort();
    }
    atexit(remove_dir);
    return dir_path;
}

void fuzz_put_file(const char *dir, const char *name, const char *data, size_t len)
{
    char p[4200];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    if (!data) {
        if (unlink(p) != 0 && errno != ENOENT) {
            perror(p);
            abort();
        }
        return;
    }
    FILE *f = fopen(p, "wb");
    if (!f || fwrite(data, 1, len, f) != len || fclose(f) != 0) {
        perror(p);
        abort();
    }
}

static void print_diag(const co_diag *dg)
{
    for (int i = 0; i < co_diag_count(dg); i++)
        fprintf(stderr, "  %s\n", co_diag_message(dg, i, NULL));
}

static void fail(const char *what, const co_buf *a, const co_buf *b, const co_diag *dg)
{
    fprintf(stderr, "round trip: %s\n", what);
    if (a)
        fprintf(stderr, "--- first:\n%s\n", a->data ? a->data : "");
    if (b)
        fprintf(stderr, "--- then:\n%s\n", b->data ? b->data : "");
    if (dg)
        print_diag(dg);
    abort();
}

/* Loads (a JSON text, or the bundle in dir), validates, and writes JSON. */
static void reload(const co_buf *json, const char *dir, co_buf *out, const co_buf *first)
{
    co_diag dg;
    co_dataset ds;
    co_diag_init(&dg);
    co_dataset_init(&ds);
    int rc = json ? co_load_json_mem("again.json", json->data, json->len, &ds, &dg)
                  : co_load_csv_bundle(dir, &ds, &dg);
    if (rc == CO_OK)
        rc = co_dataset_validate(&ds, &dg);
    if (rc != CO_OK)
        fail(json ? "the JSON written does not load" : "the CSV bundle written does not load",
             first, NULL, &dg);
    if (co_save_json(&ds, out, &dg) != CO_OK)
        fail("co_save_json failed", first, NULL, &dg);
    co_dataset_release(&ds);
    co_diag_release(&dg);
}

void fuzz_roundtrip(const co_dataset *ds)
{
    co_diag dg;
    co_buf j1, j2, j3;
    co_diag_init(&dg);
    co_buf_init(&j1);
    co_buf_init(&j2);
    co_buf_init(&j3);
    if (co_save_json(ds, &j1, &dg) != CO_OK)
        fail("co_save_json failed", NULL, NULL, &dg);
    reload(&j1, NULL, &j2, &j1);
    if (j1.len != j2.len || memcmp(j1.data, j2.data, j1.len) != 0)
        fail("JSON -> JSON changed the data", &j1, &j2, NULL);
    char out[4200];
    snprintf(out, sizeof out, "%s/out", fuzz_dir());
    if (co_save_csv_bundle(ds, out, &dg) != CO_OK)
        fail("co_save_csv_bundle failed", &j1, NULL, &dg);
    reload(NULL, out, &j3, &j1);
    if (j1.len != j3.len || memcmp(j1.data, j3.data, j1.len) != 0)
        fail("CSV bundle -> JSON changed the data", &j1, &j3, NULL);
    co_buf_release(&j1);
    co_buf_release(&j2);
    co_buf_release(&j3);
    co_diag_release(&dg);
}
