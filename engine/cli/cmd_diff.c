/*
 * cmd_diff.c: `coalitions diff RUN_A RUN_B`: what changed from one
 * recorded run to another, as readable lines or JSON. The comparison is
 * engine/render/rundiff.c; this file reads the runs (their metadata and
 * their plans read back from the store) and writes the result.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "base/output.h"
#include "render/rundiff.h"
#include "store/store.h"
#include "store_cli.h"

static const char usage[] =
    "usage: coalitions diff RUN_A RUN_B [--threshold USD] [--json FILE] [--db FILE]\n"
    "\n"
    "Shows what changed from run RUN_A to run RUN_B (ids from 'coalitions\n"
    "history'): parameters, money allocated, urgent need covered, seats; per\n"
    "State the members gained (+) and lost (-), the lead and the coverage; each\n"
    "allocation that moved; last the objective. For example:\n"
    "  LAO: members +NOR -USA; lead NLD -> NOR; coverage 45.0% -> 52.3% (+7.3 pts)\n"
    "  allocation USA -> LAO-clearance: 1,000,000 -> 0 (-1,000,000)\n"
    "\n"
    "  --threshold USD      show allocation moves, and coverage changes of a State,\n"
    "                       only above this many USD (default 1000)\n"
    "  --json FILE          write the same as JSON ('-' for stdout: no lines then)\n" CLI_DB_HELP
    "  --help               this help\n"
    "\n"
    "Exit codes: 0 compared, 2 usage, 3 no such run, 5 file or database error.\n";

int cmd_diff(int argc, char **argv)
{
    static const struct option opts[] = {{"threshold", required_argument, NULL, 't'},
                                         {"json", required_argument, NULL, 'j'},
                                         {"db", required_argument, NULL, 'D'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *json = NULL, *db = NULL;
    double threshold = 1000;
    int c, ex;
    long long ida, idb;
    co_store *st = NULL;
    co_store_run a, b;
    co_plan *pa = NULL, *pb = NULL;
    co_buf text;
    char *doc = NULL;
    co_diag *dg = co_diag_new();
    co_store_run_init(&a);
    co_store_run_init(&b);
    co_buf_init(&text);
    if (!dg)
        return EXIT_INTERNAL;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 't':
            if (cli_number("diff", "--threshold", optarg, &threshold) != 0) {
                ex = EXIT_USAGE;
                goto done;
            }
            if (!(threshold >= 0) || threshold > 1e15) {
                ex = cli_usage_error("diff", "--threshold: must be a number >= 0, got '%s'",
                                     optarg);
                goto done;
            }
            break;
        case 'j':
            json = optarg;
            break;
        case 'D':
            db = optarg;
            break;
        default: /* --help, a missing value, an unknown option */
            ex = cli_option_end(c, "diff", usage, argv);
            goto done;
        }
    }
    if (argc - optind != 2) {
        ex = argc - optind < 2 ? cli_usage_error("diff", "needs two runs: RUN_A RUN_B")
                               : cli_usage_error("diff", "two runs only, got '%s'",
                                                 argv[optind + 2]);
        goto done;
    }
    if (cli_run_id("diff", argv[optind], &ida) != 0 ||
        cli_run_id("diff", argv[optind + 1], &idb) != 0) {
        ex = EXIT_USAGE;
        goto done;
    }
    int rc = co_store_open(cli_store_path(db), CO_STORE_READ, &st, dg);
    if (rc == CO_OK)
        rc = co_store_get_run(st, ida, &a, dg);
    if (rc == CO_OK)
        rc = co_store_get_run(st, idb, &b, dg);
    if (rc == CO_OK)
        rc = co_store_get_plan(st, ida, &pa, dg);
    if (rc == CO_OK)
        rc = co_store_get_plan(st, idb, &pb, dg);
    if (rc == CO_OK)
        rc = co_rundiff(&a, pa, &b, pb, threshold, &text, &doc, dg);
    if (rc == CO_OK && json)
        rc = co_write_atomic(json, doc, strlen(doc), dg);
    if (rc != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    if (!(json && strcmp(json, "-") == 0))
        fwrite(text.data, 1, text.len, stdout);
    ex = fflush(stdout) == 0 ? EXIT_PLAN : EXIT_IO;
done:
    free(doc);
    co_buf_release(&text);
    co_store_run_release(&a);
    co_store_run_release(&b);
    co_plan_free(pa);
    co_plan_free(pb);
    co_store_free(st);
    co_diag_free(dg);
    return ex;
}
