/*
 * store_cli.c: the store file, run ids and plans given as RUN or FILE for
 * the commands that use the run store (store_cli.h).
 */
#include "store_cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char *cli_store_path(const char *opt)
{
    if (opt)
        return opt;
    const char *env = getenv("COALITIONS_DB");
    return env && *env ? env : "coalitions.db";
}

int cli_run_id(const char *cmd, const char *arg, long long *id)
{
    char *end = NULL;
    errno = 0;
    long long v = arg[0] >= '0' && arg[0] <= '9' ? strtoll(arg, &end, 10) : 0;
    if (!end || *end || errno || v < 1) {
        cli_usage_error(cmd, "not a run id (a whole number >= 1), got '%s'", co_q(0, arg));
        return -1;
    }
    *id = v;
    return 0;
}

int cli_parse_run(const cli_spec *spec, int argc, char **argv, long long *id)
{
    int n, ex = cli_parse(spec, argc, argv, &n);
    if (ex != CLI_GO_ON)
        return ex;
    return cli_run_id(spec->name, argv[0], id) == 0 ? CLI_GO_ON : EXIT_USAGE;
}

int cli_is_run(const char *arg)
{
    if (!*arg)
        return 0;
    for (; *arg; arg++)
        if (*arg < '0' || *arg > '9')
            return 0;
    return 1;
}

int cli_read_plan(const char *cmd, const char *arg, const char *db, char **text, size_t *len,
                  char **name, co_diag *dg)
{
    *text = *name = NULL;
    if (!cli_is_run(arg)) {
        int rc = co_file_read(arg, text, len, dg);
        if (rc != CO_OK)
            return rc;
        *name = strdup(arg);
    } else {
        co_store *st = NULL;
        long long id;
        if (cli_run_id(cmd, arg, &id) != 0)
            return CO_EUSAGE;
        int rc = co_store_open(cli_store_path(db), CO_STORE_READ, &st, dg);
        if (rc == CO_OK)
            rc = co_store_get_text(st, id, CO_STORE_PLAN_JSON, text, len, dg);
        co_store_free(st);
        if (rc != CO_OK)
            return rc;
        *name = cli_asprintf("run %lld", id);
    }
    if (!*name) {
        free(*text);
        *text = NULL;
        return CO_EINTERNAL;
    }
    return CO_OK;
}

int cli_baseline(const char *arg, const char *db, co_plan **base, char **name, co_diag *dg)
{
    char *text;
    size_t len;
    *base = NULL;
    int rc = cli_read_plan("--baseline", arg, db, &text, &len, name, dg);
    if (rc != CO_OK)
        return rc;
    rc = co_plan_read(*name, text, len, base, dg);
    free(text);
    if (rc != CO_OK) {
        free(*name);
        *name = NULL;
    }
    return rc;
}
