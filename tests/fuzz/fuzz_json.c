/*
 * fuzz_json.c: libFuzzer target for the JSON dataset loader. Any bytes go
 * through co_load_json_mem and co_dataset_validate (as co_dataset_load
 * does); a dataset that comes out valid must pass fuzz_roundtrip. And the
 * strict scanner (base/json_scan.c) must take only text cJSON then builds
 * a tree of (co_json_parse says "out of memory" otherwise), each refusal
 * a message that names the file.
 */
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "fuzz.h"
#include "io/load.h"

static void parse_alone(const uint8_t *data, size_t size)
{
    co_diag dg;
    co_diag_init(&dg);
    co_json *root = NULL;
    int rc = co_json_parse("fuzz.json", (const char *)data, size, &root, &dg);
    if (rc == CO_EINTERNAL)
        abort(); /* scanned as JSON, but cJSON did not build it */
    if (rc != CO_OK && (co_diag_count(&dg) < 1 ||
                        strncmp(co_diag_message(&dg, 0, NULL), "fuzz.json", 9) != 0))
        abort(); /* a refusal must say where */
    co_json_free(root);
    co_diag_release(&dg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    parse_alone(data, size);
    co_diag dg;
    co_dataset ds;
    co_diag_init(&dg);
    co_dataset_init(&ds);
    int rc = co_load_json_mem("fuzz.json", (const char *)data, size, &ds, &dg);
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
