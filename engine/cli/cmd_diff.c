/*
 * cmd_diff.c: `coalitions diff RUN_A RUN_B`: what changed from one
 * recorded run to another, as readable lines or JSON (co_store_diff, which
 * reads both runs and their plans from the store); this file writes the
 * result.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "store_cli.h"

static const char about[] =
    "Shows what changed from run RUN_A to run RUN_B (ids from 'coalitions\n"
    "history'): parameters, money allocated, urgent need covered, seats; per\n"
    "State the members gained (+) and lost (-), the lead and the coverage; each\n"
    "allocation that moved; last the objective. For example:\n"
    "  LAO: members +NOR -USA; lead NLD -> NOR; coverage 45.0% -> 52.3% (+7.3 pts)\n"
    "  allocation USA -> LAO-clearance: 1,000,000 -> 0 (-1,000,000)\n";
static const char footer[] =
    "Exit codes: 0 compared, 2 usage, 3 no such run, 5 file or database error.\n";

int cmd_diff(int argc, char **argv)
{
    const char *json = NULL, *db = NULL;
    double threshold = 1000;
    int n, ex;
    long long ida, idb;
    co_store *st = NULL;
    co_buf text;
    char *doc = NULL;
    co_diag *dg = co_diag_new();
    co_buf_init(&text);
    const cli_option options[] = {
        CLI_NUMBER(0, "threshold", "USD", &threshold, 0, 1e15, "an amount in USD",
                   "show allocation moves, and coverage changes of a State, only above this "
                   "many USD"),
        CLI_FILE(0, "json", "FILE", &json, 0,
                 "write the same as JSON ('-' for stdout: no lines then)"),
        CLI_DB_OPTION(&db, ""),
        CLI_END};
    const cli_spec spec = {.name = "diff", .operands = "RUN_A RUN_B", .min_operands = 2,
                           .max_operands = 2, .missing = "needs two runs: RUN_A RUN_B",
                           .extra = "two runs only, got '%s'", .about = about,
                           .footer = footer, .options = options};
    if (!dg)
        return EXIT_INTERNAL;
    if ((ex = cli_parse(&spec, argc, argv, &n)) != CLI_GO_ON)
        goto done;
    if (cli_run_id("diff", argv[0], &ida) != 0 || cli_run_id("diff", argv[1], &idb) != 0) {
        ex = EXIT_USAGE;
        goto done;
    }
    int rc = co_store_open(cli_store_path(db), CO_STORE_READ, &st, dg);
    if (rc == CO_OK)
        rc = co_store_diff(st, ida, idb, threshold, &text, &doc, dg);
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
    co_store_free(st);
    co_diag_free(dg);
    return ex;
}
