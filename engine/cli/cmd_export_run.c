/*
 * cmd_export_run.c: `coalitions export RUN --csv DIR`: a recorded run's
 * CSV files (and with --json its plan JSON), exactly as the run wrote
 * them: the store keeps the rendered files, so nothing is recomputed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "render/report.h"
#include "store_cli.h"

static const char about[] =
    "Writes the files of run RUN (an id from 'coalitions history') byte for byte\n"
    "as 'plan' wrote them. Give --csv, --json or both.\n";
static const char footer[] =
    "Exit codes: 0 written, 2 usage, 3 no such run, 5 file or database error.\n";

int cmd_export_run(int argc, char **argv)
{
    const char *csv = NULL, *json = NULL, *db = NULL;
    int ex, rc = CO_OK;
    long long id;
    co_store *st = NULL;
    co_buf files[CO_PLAN_CSV_FILES];
    char *plan = NULL;
    size_t plan_len = 0;
    co_diag *dg = co_diag_new();
    for (int i = 0; i < CO_PLAN_CSV_FILES; i++)
        co_buf_init(&files[i]);
    const cli_option options[] = {
        CLI_FILE(0, "csv", "DIR", &csv, CLI_FOLDER,
                 "write coalitions.csv, allocations.csv, donors.csv, needs.csv (and deadlines.csv "
                 "for a multi-year plan) into DIR "
                 "(created if missing)"),
        CLI_FILE(0, "json", "FILE", &json, 0, "write the plan JSON ('-' for stdout)"),
        CLI_DB_OPTION(&db, ""),
        CLI_END};
    const cli_spec spec = {.name = "export", .operands = "RUN", .min_operands = 1,
                           .max_operands = 1, .about = about, .footer = footer,
                           .options = options};
    if (!dg)
        return EXIT_INTERNAL;
    if ((ex = cli_parse_run(&spec, argc, argv, &id)) != CLI_GO_ON)
        goto done;
    if (!csv && !json) {
        ex = cli_usage_error("export", "nothing to write: give --csv DIR or --json FILE");
        goto done;
    }
    rc = co_store_open(cli_store_path(db), CO_STORE_READ, &st, dg);
    /* read everything first: nothing is written unless the whole run is there */
    int n_files = CO_PLAN_CSV_FILES;
    for (int i = 0; csv && rc == CO_OK && i < n_files; i++) {
        char *data;
        size_t len;
        if (i == CO_PLAN_CSV_FILES - 1) {
            /* deadlines.csv: only a multi-year plan's run has one */
            co_diag *scratch = co_diag_new();
            rc = scratch ? co_store_get_text(st, id, co_plan_csv_names[i], &data, &len, scratch)
                         : CO_EINTERNAL;
            for (int k = 0; rc != CO_OK && rc != CO_EINPUT && k < co_diag_count(scratch); k++)
                co_err(dg, "%s", co_diag_message(scratch, k, NULL));
            co_diag_free(scratch);
            if (rc == CO_EINPUT) {
                n_files = i;
                rc = CO_OK;
                break;
            }
        } else {
            rc = co_store_get_text(st, id, co_plan_csv_names[i], &data, &len, dg);
        }
        if (rc == CO_OK) {
            files[i].data = data;
            files[i].len = len;
            files[i].cap = len + 1;
        }
    }
    if (rc == CO_OK && json)
        rc = co_store_get_text(st, id, CO_STORE_PLAN_JSON, &plan, &plan_len, dg);
    if (rc == CO_OK && csv)
        rc = co_write_files(csv, co_plan_csv_names, files, n_files, dg);
    if (rc == CO_OK && json)
        rc = co_write_atomic(json, plan, plan_len, dg);
    if (rc != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    ex = EXIT_PLAN;
done:
    for (int i = 0; i < CO_PLAN_CSV_FILES; i++)
        co_buf_release(&files[i]);
    free(plan);
    co_store_free(st);
    co_diag_free(dg);
    return ex;
}
