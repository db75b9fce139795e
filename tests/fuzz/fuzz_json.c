/*
 * fuzz_json.c: libFuzzer target for the JSON dataset loader. Any bytes go
 * through co_load_json_mem and co_dataset_validate (as co_dataset_load
 * does); a dataset that comes out valid must pass fuzz_roundtrip.
 */
#include "fuzz.h"
#include "io/load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
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
