/*
 * cmd_brief.c: `coalitions brief (RUN | PLAN.json | COMPARISON.json)`: the
 * meeting brief as one self-contained HTML page and/or Markdown. Finds the
 * document (a stored run's plan, or a file) and writes what
 * engine/render/brief.c reads from it (with the hardened readers of plans
 * and comparisons) and renders.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/brief.h"
#include "cli.h"
#include "base/output.h"
#include "store/store.h"
#include "store_cli.h"
#include "base/util.h"

static const char usage[] =
    "usage: coalitions brief (RUN | PLAN.json | COMPARISON.json) [--html FILE] [--md FILE]\n"
    "                        [--db FILE]\n"
    "\n"
    "Writes the meeting brief: a summary (requested, allocated, urgent need\n"
    "covered, status, the dataset and run), one section per Country Coalition\n"
    "(deadlines and days left, requested against allocated per area, lead and\n"
    "members, unmet needs), the donors, and charts. The HTML page is one file\n"
    "with no external assets; printed, each coalition starts on a new page.\n"
    "RUN is a run id from 'coalitions history'; a file is a plan JSON ('plan\n"
    "--json') or a what-if comparison JSON, which gives a page comparing the\n"
    "scenarios. Give --html, --md or both.\n"
    "\n"
    "  --html FILE          write the brief as HTML ('-' for stdout)\n"
    "  --md FILE            write the brief as Markdown ('-' for stdout); the\n"
    "                       charts are text bars, the deadline timeline is left out\n" CLI_DB_HELP
    "  --help               this help\n"
    "\n"
    "Exit codes: 0 written, 2 usage, 3 not a plan or comparison, or no such run,\n"
    "5 file or database error.\n";

/* The document's text: a stored run's plan JSON, or a file's bytes. */
static int load(const char *arg, const char *db, char **text, size_t *len, char **origin,
                co_diag *dg)
{
    char *name;
    int rc = cli_read_plan("brief", arg, db, text, len, &name, dg);
    if (rc != CO_OK)
        return rc;
    if (!cli_is_run(arg)) {
        *origin = name;
        return CO_OK;
    }
    *origin = co_asprintf("%s in %s", name, cli_store_path(db));
    free(name);
    return *origin ? CO_OK : CO_EINTERNAL;
}

int cmd_brief(int argc, char **argv)
{
    static const struct option opts[] = {{"html", required_argument, NULL, 'H'},
                                         {"md", required_argument, NULL, 'M'},
                                         {"db", required_argument, NULL, 'D'},
                                         {"help", no_argument, NULL, 'h'},
                                         {NULL, 0, NULL, 0}};
    const char *html = NULL, *md = NULL, *db = NULL;
    int c, ex, rc;
    char *text = NULL, *origin = NULL;
    size_t len = 0;
    co_brief_doc d = {NULL, NULL};
    co_buf hbuf, mbuf;
    co_diag *dg = co_diag_new();
    co_buf_init(&hbuf);
    co_buf_init(&mbuf);
    if (!dg)
        return EXIT_INTERNAL;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":", opts, NULL)) != -1) {
        switch (c) {
        case 'H':
            html = optarg;
            break;
        case 'M':
            md = optarg;
            break;
        case 'D':
            db = optarg;
            break;
        default: /* --help, a missing value, an unknown option */
            ex = cli_option_end(c, "brief", usage, argv);
            goto done;
        }
    }
    if ((ex = cli_one_operand("brief", "RUN or FILE", argc, argv)) != 0)
        goto done;
    if (!html && !md) {
        ex = cli_usage_error("brief", "nothing to write: give --html FILE or --md FILE");
        goto done;
    }
    const char *arg = argv[optind];
    rc = load(arg, db, &text, &len, &origin, dg);
    if (rc == CO_EUSAGE) {
        ex = EXIT_USAGE;
        goto done;
    }
    if (rc == CO_OK)
        rc = co_brief_read(origin, text, len, &d, dg);
    if (rc == CO_OK && html)
        rc = co_brief_render(&d, origin, CO_BRIEF_HTML, &hbuf, dg);
    if (rc == CO_OK && md)
        rc = co_brief_render(&d, origin, CO_BRIEF_MD, &mbuf, dg);
    if (rc == CO_OK && html)
        rc = co_write_atomic(html, hbuf.data, hbuf.len, dg);
    if (rc == CO_OK && md)
        rc = co_write_atomic(md, mbuf.data, mbuf.len, dg);
    if (rc != CO_OK) {
        cli_print_diag(dg);
        ex = cli_exit(rc);
        goto done;
    }
    ex = fflush(stdout) == 0 ? EXIT_PLAN : EXIT_IO;
done:
    co_brief_doc_release(&d);
    free(text);
    free(origin);
    co_buf_release(&hbuf);
    co_buf_release(&mbuf);
    co_diag_free(dg);
    return ex;
}
