/*
 * cmd_export.c: `coalitions export-model DATASET --dat|--lp|--mps FILE`:
 * the model for audit with glpsol (MathProg data for models/coalitions.mod,
 * or models/coalitions_multiyear.mod for a dataset with years)
 * or another solver (GLPK's LP and MPS writers).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "model/derive.h"
#include "io/export.h"
#include "solve/solve.h"
#include "base/output.h"

static const char usage[] =
    "usage: coalitions export-model DATASET [--dat FILE] [--lp FILE] [--mps FILE]\n"
    "                                       [--set NAME=VALUE ...]\n"
    "\n"
    "Writes the model of the dataset so anyone can re-solve and audit a plan:\n"
    "  --dat FILE   MathProg data for models/coalitions.mod:\n"
    "               glpsol --math models/coalitions.mod --data FILE\n"
    "               (for a dataset with years, for\n"
    "               models/coalitions_multiyear.mod)\n"
    "  --lp FILE    the model in CPLEX LP format (GLPK's writer)\n"
    "  --mps FILE   the model in free MPS format (GLPK's writer; ids can be\n"
    "               longer than fixed MPS allows); MPS has no objective sense:\n"
    "               tell the solver to MAXIMISE (glpsol --freemps F --max)\n"
    "  --set NAME=VALUE  override a model parameter (repeatable)\n"
    "'-' writes to stdout. Exit codes as for 'plan'.\n";

static int write_dat(const co_dataset *ds, const co_params *p, const char *path, co_diag *dg)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f)
        return CO_EINTERNAL;
    int rc = co_export_dat(ds, p, f, dg);
    if (fclose(f) != 0 && rc == CO_OK)
        rc = CO_EINTERNAL;
    if (rc == CO_OK)
        rc = co_write_atomic(path, buf, len, dg);
    free(buf);
    return rc;
}

int cmd_export_model(int argc, char **argv)
{
    static const struct option opts[] = {
        {"dat", required_argument, NULL, 'd'}, {"lp", required_argument, NULL, 'l'},
        {"mps", required_argument, NULL, 'm'}, {"set", required_argument, NULL, 's'},
        {"help", no_argument, NULL, 'h'},      {NULL, 0, NULL, 0}};
    const char *dat = NULL, *lp = NULL, *mps = NULL;
    int c, ex, rc;
    co_diag *dg = co_diag_new();
    co_run_options *ro = co_run_options_new();
    co_dataset *ds = NULL;
    co_instance in = {0};
    co_params p;
    if (!dg || !ro) {
        ex = EXIT_INTERNAL;
        goto done;
    }
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dat = optarg;
            break;
        case 'l':
            lp = optarg;
            break;
        case 'm':
            mps = optarg;
            break;
        case 's':
            if (co_run_options_set(ro, optarg, dg) != CO_OK) {
                cli_print_diag(dg);
                ex = cli_usage_error("export-model", "bad --set value");
                goto done;
            }
            break;
        default: /* --help, a missing value, an unknown option */
            ex = cli_option_end(c, "export-model", usage, argv);
            goto done;
        }
    }
    if ((ex = cli_one_operand("export-model", "DATASET", argc, argv)) != 0)
        goto done;
    if (!dat && !lp && !mps) {
        ex = cli_usage_error("export-model", "say what to write: --dat, --lp or --mps");
        goto done;
    }
    rc = co_dataset_load(argv[optind], &ds, dg);
    if (rc == CO_OK)
        rc = co_params_resolve(ds, ro, &p, dg);
    if (rc == CO_OK)
        rc = co_instance_build(ds, &p, &in, dg);
    if (rc == CO_OK && dat)
        rc = write_dat(ds, &p, dat, dg);
    if (rc == CO_OK && lp)
        rc = co_model_write(&in, CO_FMT_LP, lp, dg);
    if (rc == CO_OK && mps)
        rc = co_model_write(&in, CO_FMT_MPS, mps, dg);
    cli_print_diag(dg);
    ex = cli_exit(rc);
done:
    co_instance_release(&in);
    co_dataset_free(ds);
    co_run_options_free(ro);
    co_diag_free(dg);
    return ex;
}
