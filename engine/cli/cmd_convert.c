/*
 * cmd_convert.c: `coalitions convert DATASET --json FILE | --csv DIR`:
 * a dataset from JSON to a CSV bundle and back. The dataset is validated
 * first, so nothing is written for an invalid one; the writers are
 * save_json.c and save_csv.c, and every file is replaced atomically.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "data/dataset.h"
#include "base/output.h"
#include "io/save.h"
#include "base/util.h"

static const char usage[] =
    "usage: coalitions convert DATASET [--json FILE] [--csv DIR]\n"
    "\n"
    "Writes the dataset (a JSON file, or a folder holding a CSV bundle) in the\n"
    "other format, for those who keep their lists in a spreadsheet:\n"
    "  --json FILE   the dataset JSON ('-' for stdout)\n"
    "  --csv DIR     a CSV bundle: areas.csv, states.csv, donors.csv,\n"
    "                expertise.csv, needs.csv, and area_budgets.csv and\n"
    "                parameters.csv when there is something to put in them\n"
    "                (DIR is created if missing; its parent must exist)\n"
    "The dataset is checked first: an invalid one is refused and nothing is\n"
    "written. Lists come out sorted by id; the same data in either format\n"
    "gives the same plan. Each file is written to a temporary file beside it\n"
    "and renamed into place, so an earlier file is never left half-written.\n"
    "CSV files are UTF-8 with a byte-order mark (for Excel), and a text cell a\n"
    "spreadsheet would take for a formula (=, +, -, @, a tab or CR first) gets\n"
    "an apostrophe before it, which reading the bundle takes away (README,\n"
    "\"Spreadsheet exports\"). A bundle read may have ',' or ';' between cells.\n"
    "\n"
    "Exit codes: 0 written, 2 usage, 3 invalid input, 5 file error.\n";

int cmd_convert(int argc, char **argv)
{
    static const struct option opts[] = {{"json", required_argument, NULL, 'j'},
                                         {"csv", required_argument, NULL, 'c'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *json = NULL, *csv = NULL;
    int c, ex, rc;
    co_diag *dg = co_diag_new();
    co_dataset *ds = NULL;
    co_buf text;
    co_buf_init(&text);
    if (!dg) {
        ex = EXIT_INTERNAL;
        goto done;
    }
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'j':
            json = optarg;
            break;
        case 'c':
            csv = optarg;
            break;
        default: /* --help, a missing value, an unknown option */
            ex = cli_option_end(c, "convert", usage, argv);
            goto done;
        }
    }
    if ((ex = cli_one_operand("convert", "DATASET", argc, argv)) != 0)
        goto done;
    if (!json && !csv) {
        ex = cli_usage_error("convert", "say what to write: --json FILE or --csv DIR");
        goto done;
    }
    if (csv && (!*csv || strcmp(csv, "-") == 0)) {
        ex = cli_usage_error("convert", "--csv: expected a folder, got '%s'", co_q(0, csv));
        goto done;
    }
    if (json && !*json) {
        ex = cli_usage_error("convert", "--json: expected a file name");
        goto done;
    }
    rc = co_dataset_load(argv[optind], &ds, dg);
    /* everything in memory before anything touches the disk */
    if (rc == CO_OK && json)
        rc = co_save_json(ds, &text, dg);
    if (rc == CO_OK && json)
        rc = co_write_atomic(json, text.data, text.len, dg);
    if (rc == CO_OK && csv)
        rc = co_save_csv_bundle(ds, csv, dg);
    cli_print_diag(dg);
    ex = cli_exit(rc);
done:
    co_buf_release(&text);
    co_dataset_free(ds);
    co_diag_free(dg);
    return ex;
}
