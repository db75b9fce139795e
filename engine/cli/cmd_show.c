/*
 * cmd_show.c: `coalitions show RUN`: a recorded run's summary and, with
 * --json, its plan JSON, both exactly as the run produced them (the store
 * keeps the rendered text; nothing is solved again), and with --xlsx the
 * Excel workbook of that stored plan JSON, read back (co_store_get_plan).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "render/xlsx.h"
#include "store_cli.h"

static const char about[] =
    "Prints the summary of run RUN (an id from 'coalitions history') as 'plan'\n"
    "printed it, then one line on the run: dataset, start time, engine and GLPK\n"
    "versions, and time taken.\n";
static const char footer[] =
    "Exit codes: 0 shown, 2 usage, 3 no such run, 5 file or database error.\n";

int cmd_show(int argc, char **argv)
{
    const char *json = NULL, *db = NULL, *xlsx = NULL;
    int ex;
    long long id;
    co_store *st = NULL;
    co_buf line;
    char *summary = NULL, *plan = NULL;
    size_t summary_len = 0, plan_len = 0;
    co_plan *pl = NULL;
    co_diag *dg = co_diag_new();
    co_buf_init(&line);
    const cli_option options[] = {
        CLI_FILE(0, "json", "FILE", &json, 0,
                 "write the run's plan JSON, byte for byte as the run wrote it ('-' for "
                 "stdout: no summary then)"),
        CLI_XLSX_OPTION(&xlsx, CLI_XLSX_SHEETS " (not '-'; made from the run's stored plan "
                                               "JSON)"),
        CLI_DB_OPTION(&db, ""),
        CLI_END};
    const cli_spec spec = {.name = "show", .operands = "RUN", .min_operands = 1,
                           .max_operands = 1, .about = about, .footer = footer,
                           .options = options};
    if (!dg)
        return EXIT_INTERNAL;
    if ((ex = cli_parse_run(&spec, argc, argv, &id)) != CLI_GO_ON)
        goto done;
    int to_stdout = json && strcmp(json, "-") == 0;
    int rc = co_store_open(cli_store_path(db), CO_STORE_READ, &st, dg);
    if (rc == CO_OK)
        rc = co_store_describe(st, id, &line, dg);
    if (rc == CO_OK && !to_stdout)
        rc = co_store_get_text(st, id, CO_STORE_SUMMARY, &summary, &summary_len, dg);
    if (rc == CO_OK && json)
        rc = co_store_get_text(st, id, CO_STORE_PLAN_JSON, &plan, &plan_len, dg);
    if (rc == CO_OK && xlsx)
        rc = co_store_get_plan(st, id, &pl, dg);
    if (rc == CO_OK && json)
        rc = co_write_atomic(json, plan, plan_len, dg);
    if (rc == CO_OK && xlsx)
        rc = co_xlsx_write(xlsx, pl, NULL, dg);
    if (rc != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    if (!to_stdout) {
        fwrite(summary, 1, summary_len, stdout);
        fwrite(line.data, 1, line.len, stdout);
    }
    ex = fflush(stdout) == 0 ? EXIT_PLAN : EXIT_IO;
done:
    free(summary);
    free(plan);
    co_plan_free(pl);
    co_buf_release(&line);
    co_store_free(st);
    co_diag_free(dg);
    return ex;
}
