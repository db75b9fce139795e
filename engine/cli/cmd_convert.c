/*
 * cmd_convert.c: `coalitions convert DATASET --json FILE | --csv DIR`:
 * a dataset from JSON to a CSV bundle and back. The dataset is validated
 * first, so nothing is written for an invalid one; the writers
 * (co_dataset_save_json, co_dataset_save_csv) replace every file
 * atomically.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "options.h"

static const char about[] =
    "Writes the dataset (a JSON file, or a folder holding a CSV bundle) in the\n"
    "other format, for those who keep their lists in a spreadsheet. The dataset\n"
    "is checked first: an invalid one is refused and nothing is written. Lists\n"
    "come out sorted by id; the same data in either format gives the same plan.\n"
    "Each file is written to a temporary file beside it and renamed into place,\n"
    "so an earlier file is never left half-written. CSV files are UTF-8 with a\n"
    "byte-order mark (for Excel), and a text cell a spreadsheet would take for a\n"
    "formula (=, +, -, @, a tab or CR first) gets an apostrophe before it, which\n"
    "reading the bundle takes away (README, \"Spreadsheet exports\"). A bundle\n"
    "read may have ',' or ';' between cells.\n";
static const char footer[] = "Exit codes: 0 written, 2 usage, 3 invalid input, 5 file error.\n";

int cmd_convert(int argc, char **argv)
{
    const char *json = NULL, *csv = NULL;
    int n, ex, rc;
    co_diag *dg = co_diag_new();
    co_dataset *ds = NULL;
    const cli_option options[] = {
        CLI_FILE(0, "json", "FILE", &json, 0, "the dataset JSON ('-' for stdout)"),
        CLI_FILE(0, "csv", "DIR", &csv, CLI_FOLDER | CLI_NO_DASH,
                 "a CSV bundle: areas.csv, states.csv, donors.csv, expertise.csv, needs.csv, "
                 "and area_budgets.csv and parameters.csv when there is something to put in "
                 "them (DIR is created if missing; its parent must exist)"),
        CLI_END};
    const cli_spec spec = {.name = "convert", .operands = "DATASET", .min_operands = 1,
                           .max_operands = 1, .about = about, .footer = footer,
                           .options = options};
    if (!dg) {
        ex = EXIT_INTERNAL;
        goto done;
    }
    if ((ex = cli_parse(&spec, argc, argv, &n)) != CLI_GO_ON)
        goto done;
    if (!json && !csv) {
        ex = cli_usage_error("convert", "say what to write: --json FILE or --csv DIR");
        goto done;
    }
    rc = co_dataset_load(argv[0], &ds, dg);
    if (rc == CO_OK && json)
        rc = co_dataset_save_json(ds, json, dg);
    if (rc == CO_OK && csv)
        rc = co_dataset_save_csv(ds, csv, dg);
    cli_print_diag(dg);
    ex = cli_exit(rc);
done:
    co_dataset_free(ds);
    co_diag_free(dg);
    return ex;
}
