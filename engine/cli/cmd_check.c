/*
 * cmd_check.c: `coalitions check DATASET`: validates only, lists every
 * problem (and warnings), and when it is valid says what the dataset holds
 * and lists its data gaps (engine/render/check.c).
 */
#include <stdio.h>

#include "cli.h"
#include "options.h"
#include "render/check.h"

static const char about[] =
    "Validates a dataset (a JSON file, or a folder holding a CSV bundle)\n"
    "against every rule of the format and the model, and lists every problem\n"
    "as 'FILE: PATH: problem, got VALUE'. When it is valid it says what it\n"
    "holds, then lists its data gaps as warnings: needs without a deadline in\n"
    "clearance or stockpile destruction (areas with treaty deadlines), needs on\n"
    "estimated or anecdotal evidence, States without an ISO3 code, donors\n"
    "without any expertise entry.\n";
static const char footer[] =
    "Exit codes: 0 valid (data gaps or not), 2 usage, 3 not valid, 5 the file\n"
    "cannot be read.\n";

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
    co_buf out;
    co_buf_init(&out);
    int rc = co_dataset_load(argv[0], &ds, dg);
    if (rc == CO_OK)
        rc = co_check_report(ds, argv[0], &out, dg);
    cli_print_diag(dg);
    if (rc == CO_OK && (fwrite(out.data, 1, out.len, stdout) != out.len || fflush(stdout) != 0))
        rc = CO_EIO;
    co_buf_release(&out);
    co_dataset_free(ds);
    co_diag_free(dg);
    return cli_exit(rc);
}
