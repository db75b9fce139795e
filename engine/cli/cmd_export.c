/*
 * cmd_export.c: `coalitions export-model DATASET --dat|--lp|--mps FILE`:
 * the model for audit with glpsol (MathProg data for models/coalitions.mod,
 * or models/coalitions_multiyear.mod for a dataset with years) or another
 * solver (GLPK's LP and MPS writers), by co_dataset_export_model.
 */
#include <stdio.h>

#include "cli.h"
#include "options.h"

static const char about[] =
    "Writes the model of the dataset so anyone can re-solve and audit a plan.\n";
static const char footer[] = "'-' writes to stdout. Exit codes as for 'plan'.\n";

int cmd_export_model(int argc, char **argv)
{
    const char *dat = NULL, *lp = NULL, *mps = NULL;
    int n, ex, rc;
    co_diag *dg = co_diag_new();
    co_run_options *ro = co_run_options_new();
    co_dataset *ds = NULL;
    cli_solver sv;
    cli_solver_init(&sv, ro, dg);
    const cli_option options[] = {
        CLI_FILE(0, "dat", "FILE", &dat, 0,
                 "MathProg data for models/coalitions.mod:\n"
                 "glpsol --math models/coalitions.mod --data FILE\n"
                 "(for a dataset with years, for models/coalitions_multiyear.mod)"),
        CLI_FILE(0, "lp", "FILE", &lp, 0, "the model in CPLEX LP format (GLPK's writer)"),
        CLI_FILE(0, "mps", "FILE", &mps, 0,
                 "the model in free MPS format (GLPK's writer; ids can be longer than fixed "
                 "MPS allows); MPS has no objective sense: tell the solver to MAXIMISE "
                 "(glpsol --freemps F --max)"),
        CLI_SET_OPTION(&sv),
        CLI_END};
    const cli_spec spec = {.name = "export-model", .operands = "DATASET", .min_operands = 1,
                           .max_operands = 1, .about = about, .footer = footer,
                           .options = options};
    if (!dg || !ro) {
        ex = EXIT_INTERNAL;
        goto done;
    }
    if ((ex = cli_parse(&spec, argc, argv, &n)) != CLI_GO_ON)
        goto done;
    if (!dat && !lp && !mps) {
        ex = cli_usage_error("export-model", "say what to write: --dat, --lp or --mps");
        goto done;
    }
    rc = co_dataset_load(argv[0], &ds, dg);
    if (rc == CO_OK)
        rc = co_dataset_export_model(ds, ro, dat, lp, mps, dg);
    cli_print_diag(dg);
    ex = cli_exit(rc);
done:
    co_dataset_free(ds);
    co_run_options_free(ro);
    co_diag_free(dg);
    return ex;
}
