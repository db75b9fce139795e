/*
 * cmd_check.c: `coalitions check DATASET`: validates only, lists every
 * problem (and warnings), and says what the dataset holds when it is valid.
 */
#include <stdio.h>

#include "cli.h"
#include "options.h"

static const char about[] =
    "Validates a dataset (a JSON file, or a folder holding a CSV bundle)\n"
    "against every rule of the format and the model, and lists every problem\n"
    "as 'FILE: PATH: problem, got VALUE'.\n";
static const char footer[] =
    "Exit codes: 0 valid, 2 usage, 3 not valid, 5 the file cannot be read.\n";

int cmd_check(int argc, char **argv)
{
    static const cli_option options[] = {CLI_END};
    const cli_spec spec = {.name = "check", .operands = "DATASET", .min_operands = 1,
                           .max_operands = 1, .about = about, .footer = footer,
                           .options = options};
    int n, ex = cli_parse(&spec, argc, argv, &n);
    if (ex != CLI_GO_ON)
        return ex;
    co_diag *dg = co_diag_new();
    co_dataset *ds = NULL;
    if (!dg)
        return EXIT_INTERNAL;
    int rc = co_dataset_load(argv[0], &ds, dg);
    cli_print_diag(dg);
    if (rc == CO_OK) {
        int areas, states, donors, needs;
        co_dataset_counts(ds, &areas, &states, &donors, &needs);
        printf("%s: ok: %d areas, %d States, %d donors, %d needs\n", argv[0], areas, states,
               donors, needs);
    }
    co_dataset_free(ds);
    co_diag_free(dg);
    return cli_exit(rc);
}
