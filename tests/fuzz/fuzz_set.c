/*
 * fuzz_set.c: libFuzzer target for the --set parser: the input, as one
 * NAME=VALUE string, through co_param_parse_assignment and
 * co_run_options_set (which checks the value as `plan` does), and, when
 * accepted, through co_params_resolve as a run would apply it.
 */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "data/params.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s)
        return 0;
    memcpy(s, data, size);
    s[size] = '\0'; /* a command-line argument ends at its first NUL */
    co_diag dg;
    co_diag_init(&dg);
    co_param_text t;
    if (co_param_parse_assignment(s, &t, &dg) == CO_OK)
        co_param_text_release(&t);
    co_run_options *ro = co_run_options_new();
    if (ro && co_run_options_set(ro, s, &dg) == CO_OK) {
        co_params p;
        if (co_params_resolve(NULL, ro, &p, &dg) != CO_OK)
            abort(); /* a value --set accepted must apply */
    }
    co_run_options_free(ro);
    co_diag_release(&dg);
    free(s);
    return 0;
}
