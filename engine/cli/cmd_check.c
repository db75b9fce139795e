/*
 * cmd_check.c: `coalitions check DATASET`: validates only, lists every
 * problem (and warnings), and when it is valid says what the dataset holds
 * and lists its data gaps (engine/render/check.c).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "render/check.h"

static const char usage[] =
    "usage: coalitions check DATASET\n"
    "\n"
    "Validates a dataset (a JSON file, or a folder holding a CSV bundle)\n"
    "against every rule of the format and the model, and lists every problem\n"
    "as 'FILE: PATH: problem, got VALUE'. When it is valid it says what it\n"
    "holds, then lists its data gaps as warnings: needs without a deadline in\n"
    "clearance or stockpile destruction (areas with treaty deadlines), needs on\n"
    "estimated or anecdotal evidence, States without an ISO3 code, donors\n"
    "without any expertise entry. Exit 0 when valid (data gaps or not), 3 when\n"
    "not, 5 when the file cannot be read.\n";

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
    co_buf out;
    co_buf_init(&out);
    int rc = co_dataset_load(argv[1], &ds, dg);
    if (rc == CO_OK)
        rc = co_check_report(ds, argv[1], &out, dg);
    cli_print_diag(dg);
    if (rc == CO_OK && (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0))
        rc = CO_EIO;
    co_buf_release(&out);
    co_dataset_free(ds);
    co_diag_free(dg);
    return cli_exit(rc);
}
