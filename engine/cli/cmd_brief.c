/*
 * cmd_brief.c: `coalitions brief (RUN | PLAN.json | COMPARISON.json)`: the
 * meeting brief as one self-contained HTML page and/or Markdown. Finds the
 * document (a stored run's plan, or a file) and writes what
 * engine/render/brief.c reads from it (with the hardened readers of plans
 * and comparisons) and renders.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"
#include "render/brief.h"
#include "store_cli.h"

static const char about[] =
    "Writes the meeting brief: a summary (requested, allocated, urgent need\n"
    "covered, status, the dataset and run), one section per Country Coalition\n"
    "(deadlines and days left, requested against allocated per area, lead and\n"
    "members, unmet needs), the donors, and charts. The HTML page is one file\n"
    "with no external assets; printed, each coalition starts on a new page.\n"
    "RUN is a run id from 'coalitions history'; a file is a plan JSON ('plan\n"
    "--json') or a what-if comparison JSON, which gives a page comparing the\n"
    "scenarios. Give --html, --md or both.\n";
static const char footer[] =
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
    *origin = cli_asprintf("%s in %s", name, cli_store_path(db));
    free(name);
    return *origin ? CO_OK : CO_EINTERNAL;
}

int cmd_brief(int argc, char **argv)
{
    const char *html = NULL, *md = NULL, *db = NULL;
    int n, ex, rc;
    char *text = NULL, *origin = NULL;
    size_t len = 0;
    co_brief_doc d = {NULL, NULL};
    co_buf hbuf, mbuf;
    co_diag *dg = co_diag_new();
    co_buf_init(&hbuf);
    co_buf_init(&mbuf);
    const cli_option options[] = {
        CLI_FILE(0, "html", "FILE", &html, 0, "write the brief as HTML ('-' for stdout)"),
        CLI_FILE(0, "md", "FILE", &md, 0,
                 "write the brief as Markdown ('-' for stdout); the charts are text bars, "
                 "the deadline timeline is left out"),
        CLI_DB_OPTION(&db, ""),
        CLI_END};
    const cli_spec spec = {.name = "brief", .operands = "(RUN | PLAN.json | COMPARISON.json)",
                           .min_operands = 1, .max_operands = 1, .missing = "missing RUN or FILE",
                           .extra = "one RUN or FILE only, got '%s'", .about = about,
                           .footer = footer, .options = options};
    if (!dg)
        return EXIT_INTERNAL;
    if ((ex = cli_parse(&spec, argc, argv, &n)) != CLI_GO_ON)
        goto done;
    if (!html && !md) {
        ex = cli_usage_error("brief", "nothing to write: give --html FILE or --md FILE");
        goto done;
    }
    const char *arg = argv[0];
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
