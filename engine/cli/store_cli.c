/*
 * store_cli.c: the store file and run ids for the commands that use the
 * run store (store_cli.h).
 */
#include "store_cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "run/baseline.h"
#include "cli.h"
#include "render/report.h"
#include "store/store.h"
#include "base/util.h"

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
        if (co_read_file(arg, text, len) != 0) {
            co_err(dg, "%s: cannot open: %s", arg, strerror(errno));
            return CO_EIO;
        }
        *name = co_strdup(arg);
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
        *name = co_asprintf("run %lld", id);
    }
    if (!*name) {
        free(*text);
        *text = NULL;
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    return CO_OK;
}

int cli_baseline(const char *arg, const char *db, int keep_pledges, const co_dataset *ds,
                 co_rules *rules, char **name, co_diag *dg)
{
    char *text;
    size_t len;
    int rc = cli_read_plan("--baseline", arg, db, &text, &len, name, dg);
    if (rc != CO_OK)
        return rc;
    rc = co_baseline_rules(*name, text, ds, keep_pledges, rules, dg);
    free(text);
    if (rc != CO_OK) {
        free(*name);
        *name = NULL;
    }
    return rc;
}

int cli_record(co_store *st, const co_plan *pl, const char *plan_json, const co_buf *summary,
               const co_buf files[CO_PLAN_CSV_FILES], double started, long long *run_id,
               co_diag *dg)
{
    co_store_text texts[2 + CO_PLAN_CSV_FILES] = {
        {CO_STORE_PLAN_JSON, plan_json, strlen(plan_json)},
        {CO_STORE_SUMMARY, summary->data ? summary->data : "", summary->len}};
    int n = co_plan_csv_count(pl);
    for (int i = 0; i < n; i++)
        texts[2 + i] = (co_store_text){co_plan_csv_names[i], files[i].data ? files[i].data : "",
                                       files[i].len};
    return co_store_record(st, pl, texts, 2 + n, started, co_store_now(), run_id, dg);
}
