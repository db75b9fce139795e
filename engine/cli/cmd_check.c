/*
 * cmd_check.c: `coalitions check DATASET`: validates only, lists every
 * problem (and warnings), and says what the dataset holds when it is valid.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "data/dataset.h"

static const char usage[] =
    "usage: coalitions check DATASET\n"
    "\n"
    "Validates a dataset (a JSON file, or a folder holding a CSV bundle)\n"
    "against every rule of the format and the model, and lists every problem\n"
    "as 'FILE: PATH: problem, got VALUE'. Exit 0 when valid, 3 when not,\n"
    "5 when the file cannot be read.\n";

int cmd_check(int argc, char **argv)
{
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(usage, stdout);
        return EXIT_PLAN;
    }
    if (argc != 2 || (argv[1][0] == '-' && argv[1][1] != '\0'))
        return cli_usage_error("check", argc < 2 ? "missing DATASET" : "expected one DATASET");
    co_diag *dg = co_diag_new();
    co_dataset *ds = NULL;
    if (!dg)
        return EXIT_INTERNAL;
    int rc = co_dataset_load(argv[1], &ds, dg);
    cli_print_diag(dg);
    if (rc == CO_OK)
        printf("%s: ok: %d areas, %d States, %d donors, %d needs\n", argv[1], ds->n_areas,
               ds->n_states, ds->n_donors, ds->n_needs);
    co_dataset_free(ds);
    co_diag_free(dg);
    return cli_exit(rc);
}
