/*
 * fuzz.h: what the fuzz targets share: the libFuzzer entry point, and the
 * round-trip oracle that a dataset which loads without errors must pass
 * (written as JSON and as a CSV bundle, it loads back to the same JSON).
 */
#ifndef CO_FUZZ_H
#define CO_FUZZ_H

#include <stddef.h>
#include <stdint.h>

#include "data/dataset.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A folder of the process's own for files (under $TMPDIR, else /dev/shm
 * or /tmp), made on first use and removed at exit. */
const char *fuzz_dir(void);

/* Writes `len` bytes to dir/name, or removes the file when data is NULL.
 * Aborts when that fails (the harness, not the engine, is broken). */
void fuzz_put_file(const char *dir, const char *name, const char *data, size_t len);

/* Checks a validated dataset: co_save_json, loaded again, validates and
 * writes the same bytes; co_save_csv_bundle, loaded again, validates and
 * writes the same JSON too. Aborts with both texts on any difference. */
void fuzz_roundtrip(const co_dataset *ds);

#endif
