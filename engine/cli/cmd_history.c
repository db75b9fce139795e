/*
 * cmd_history.c: `coalitions history`: the runs recorded in the run
 * store, newest first, one per line. Reading only: a missing store is
 * reported as having no runs and is not created.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store/store.h"
#include "store_cli.h"

static const char usage[] =
    "usage: coalitions history [--dataset D] [--limit N] [--db FILE]\n"
    "\n"
    "Lists the runs recorded by 'plan', newest first, one per line with these\n"
    "tab-separated fields: run id, start time (UTC), dataset, scenario ('-' for\n"
    "none), status, objective, gap, share of urgent need covered ('-' where not\n"
    "known). Nothing is printed on stdout when there are no runs.\n"
    "\n"
    "  --dataset D          only runs of dataset D: its name, the path the run\n"
    "                       read, or the start of its sha256\n"
    "  --limit N            the N most recent runs only\n" CLI_DB_HELP
    "  --help               this help\n"
    "\n"
    "Exit codes: 0 listed (also when there are none), 2 usage, 5 file or\n"
    "database error.\n";

/* A free-text field on one line: tabs and line breaks become spaces. */
static void put_field(const char *s)
{
    for (; *s; s++)
        putchar(*s == '\t' || *s == '\n' || *s == '\r' ? ' ' : *s);
    putchar('\t');
}

static void print_run(const co_store_run *r)
{
    char obj[48], gap[32], urg[16];
    if (isfinite(r->total))
        snprintf(obj, sizeof obj, "%.2f", r->total);
    else
        snprintf(obj, sizeof obj, "-");
    if (isfinite(r->gap))
        snprintf(gap, sizeof gap, "%.4f%%", r->gap * 100.0);
    else
        snprintf(gap, sizeof gap, "-");
    if (r->urgent_requested > 0)
        snprintf(urg, sizeof urg, "%.1f%%",
                 100.0 * (double)r->urgent_allocated / (double)r->urgent_requested);
    else
        snprintf(urg, sizeof urg, "-");
    /* seconds are enough here: "2024-05-01T12:34:56Z" */
    printf("%lld\t%.19sZ\t", r->id, r->started_at);
    put_field(r->dataset_name ? r->dataset_name : r->source);
    put_field(r->scenario ? r->scenario : "-");
    printf("%s\t%s\t%s\t%s\n", r->status, obj, gap, urg);
}

int cmd_history(int argc, char **argv)
{
    static const struct option opts[] = {{"dataset", required_argument, NULL, 'd'},
                                         {"limit", required_argument, NULL, 'n'},
                                         {"db", required_argument, NULL, 'D'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *dataset = NULL, *db = NULL;
    double limit = 0;
    int c, ex, n = 0;
    co_store *st = NULL;
    co_store_run *runs = NULL;
    co_diag *dg = co_diag_new();
    if (!dg)
        return EXIT_INTERNAL;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            dataset = optarg;
            if (!*dataset) {
                ex = cli_usage_error("history", "--dataset: must not be empty");
                goto done;
            }
            break;
        case 'n':
            if (cli_number("history", "--limit", optarg, &limit) != 0) {
                ex = EXIT_USAGE;
                goto done;
            }
            if (limit < 1 || limit > 1e9 || limit != floor(limit)) {
                ex = cli_usage_error("history", "--limit: must be a whole number >= 1, got '%s'",
                                     optarg);
                goto done;
            }
            break;
        case 'D':
            db = optarg;
            break;
        default: /* --help, a missing value, an unknown option */
            ex = cli_option_end(c, "history", usage, argv);
            goto done;
        }
    }
    if (optind != argc) {
        ex = cli_usage_error("history", "unexpected argument '%s'", argv[optind]);
        goto done;
    }
    db = cli_store_path(db);
    int rc = co_store_open(db, CO_STORE_READ, &st, dg);
    if (rc == CO_OK)
        rc = co_store_list(st, dataset, (long)limit, &runs, &n, dg);
    if (rc != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    for (int i = 0; i < n; i++)
        print_run(&runs[i]);
    if (n == 0)
        fprintf(stderr, "coalitions history: no runs%s%s in %s\n", dataset ? " of " : "",
                dataset ? dataset : "", db);
    ex = fflush(stdout) == 0 ? EXIT_PLAN : EXIT_IO;
done:
    co_store_runs_free(runs, n);
    co_store_free(st);
    co_diag_free(dg);
    return ex;
}
