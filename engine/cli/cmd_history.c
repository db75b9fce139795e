/*
 * cmd_history.c: `coalitions history`: the runs recorded in the run
 * store, newest first, one per line. Reading only: a missing store is
 * reported as having no runs and is not created.
 */
#include <stdint.h>
#include <stdio.h>

#include "cli.h"
#include "options.h"
#include "store_cli.h"

static const char about[] =
    "Lists the runs recorded by 'plan', newest first, one per line with these\n"
    "tab-separated fields: run id, start time (UTC), dataset, scenario ('-' for\n"
    "none), status, objective, gap, share of urgent need covered ('-' where not\n"
    "known). Nothing is printed on stdout when there are no runs.\n";
static const char footer[] =
    "Exit codes: 0 listed (also when there are none), 2 usage, 5 file or\n"
    "database error.\n";

int cmd_history(int argc, char **argv)
{
    const char *dataset = NULL, *db = NULL;
    uint64_t limit = 0;
    int n_ops, ex, n = 0;
    co_store *st = NULL;
    co_buf lines;
    co_diag *dg = co_diag_new();
    co_buf_init(&lines);
    const cli_option options[] = {
        CLI_STRING(0, "dataset", "D", &dataset, CLI_NOT_EMPTY,
                   "only runs of dataset D: its name, the path the run read, or the start of "
                   "its sha256"),
        CLI_WHOLE(0, "limit", "N", &limit, 1, 1000000000, 0, "the N most recent runs only"),
        CLI_DB_OPTION(&db, ""),
        CLI_END};
    const cli_spec spec = {.name = "history", .about = about, .footer = footer,
                           .options = options};
    if (!dg)
        return EXIT_INTERNAL;
    if ((ex = cli_parse(&spec, argc, argv, &n_ops)) != CLI_GO_ON)
        goto done;
    db = cli_store_path(db);
    int rc = co_store_open(db, CO_STORE_READ, &st, dg);
    if (rc == CO_OK)
        rc = co_store_history(st, dataset, (long)limit, &lines, &n, dg);
    if (rc != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    if (lines.len)
        fwrite(lines.data, 1, lines.len, stdout);
    if (n == 0)
        fprintf(stderr, "coalitions history: no runs%s%s in %s\n", dataset ? " of " : "",
                dataset ? dataset : "", db);
    ex = fflush(stdout) == 0 ? EXIT_PLAN : EXIT_IO;
done:
    co_buf_release(&lines);
    co_store_free(st);
    co_diag_free(dg);
    return ex;
}
