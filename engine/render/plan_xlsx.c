/*
 * plan_xlsx.c: the Excel workbook of a plan through libxlsxwriter, read
 * from the plan JSON document (and a what-if comparison): one sheet per
 * table, real number cells with number formats. It computes only sums
 * and the order of the Unmet sheet; every other value is the JSON's.
 */
#include "render/xlsx.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/output.h"
#include "base/util.h"

/* A column's number format (text and null cells take none). */
enum kind { K_GENERAL, K_MONEY, K_SHARE, K_INT, K_KINDS };

static const char *const kind_format[K_KINDS] = {NULL, "#,##0.00", "0.0%", "0"};

/* Where a cell's value comes from. */
enum src {
    S_FIELD,       /* the member at `path` ("a.b" for nested objects) */
    S_STATE_ISO3,  /* "iso3", else the iso3 of the coalition of its "state" */
    S_OUTCOME_NAME /* "name", "baseline" when null (comparison outcomes) */
};

typedef struct col {
    const char *head, *path;
    enum kind kind;
    double width;
    enum src src;
} col;

typedef struct xw {
    lxw_workbook *wb;
    lxw_format *head, *fmt[K_KINDS];
    const cJSON *coalitions; /* for S_STATE_ISO3 */
    lxw_error err;           /* the first error */
    int oom;
} xw;

static const col coalition_cols[] = {
    {"state", "state", K_GENERAL, 8, S_FIELD},
    {"name", "name", K_GENERAL, 28, S_FIELD},
    {"iso3", "iso3", K_GENERAL, 6, S_FIELD},
    {"lead", "lead", K_GENERAL, 8, S_FIELD},
    {"members", "members", K_GENERAL, 24, S_FIELD},
    {"requested", "requested", K_MONEY, 15, S_FIELD},
    {"allocated", "allocated", K_MONEY, 15, S_FIELD},
    {"coverage", "coverage", K_SHARE, 10, S_FIELD},
    {"urgency", "urgency", K_GENERAL, 10, S_FIELD}};

static const col allocation_cols[] = {
    {"state", "state", K_GENERAL, 8, S_FIELD},
    {"iso3", "iso3", K_GENERAL, 6, S_STATE_ISO3},
    {"need", "need", K_GENERAL, 26, S_FIELD},
    {"donor", "donor", K_GENERAL, 8, S_FIELD},
    {"area", "area", K_GENERAL, 18, S_FIELD},
    {"purpose_code", "purpose_code", K_GENERAL, 13, S_FIELD},
    {"amount", "amount", K_MONEY, 15, S_FIELD},
    {"weight", "weight", K_GENERAL, 10, S_FIELD}};

/* marginal_range may be absent (then its cells are empty) */
static const col donor_cols[] = {
    {"donor", "donor", K_GENERAL, 8, S_FIELD},
    {"name", "name", K_GENERAL, 28, S_FIELD},
    {"budget", "budget", K_MONEY, 15, S_FIELD},
    {"allocated", "allocated", K_MONEY, 15, S_FIELD},
    {"utilisation", "utilisation", K_SHARE, 11, S_FIELD},
    {"states", "states", K_GENERAL, 24, S_FIELD},
    {"marginal_value", "marginal_value", K_GENERAL, 15, S_FIELD},
    {"marginal_range_from", "marginal_range.from", K_MONEY, 20, S_FIELD},
    {"marginal_range_to", "marginal_range.to", K_MONEY, 18, S_FIELD}};

static const col need_cols[] = {
    {"need", "need", K_GENERAL, 26, S_FIELD},
    {"state", "state", K_GENERAL, 8, S_FIELD},
    {"iso3", "iso3", K_GENERAL, 6, S_STATE_ISO3},
    {"area", "area", K_GENERAL, 18, S_FIELD},
    {"requested", "requested", K_MONEY, 15, S_FIELD},
    {"allocated", "allocated", K_MONEY, 15, S_FIELD},
    {"unmet", "unmet", K_MONEY, 15, S_FIELD},
    {"urgency", "urgency", K_GENERAL, 10, S_FIELD},
    {"evidence", "evidence", K_GENERAL, 10, S_FIELD},
    {"deadline", "deadline", K_GENERAL, 11, S_FIELD},
    {"days_left", "days_left", K_INT, 10, S_FIELD}};

static const col unmet_cols[] = {
    {"need", "need", K_GENERAL, 26, S_FIELD},
    {"state", "state", K_GENERAL, 8, S_FIELD},
    {"iso3", "iso3", K_GENERAL, 6, S_STATE_ISO3},
    {"area", "area", K_GENERAL, 18, S_FIELD},
    {"unmet", "unmet", K_MONEY, 15, S_FIELD},
    {"urgency", "urgency", K_GENERAL, 10, S_FIELD},
    {"deadline", "deadline", K_GENERAL, 11, S_FIELD},
    {"days_left", "days_left", K_INT, 10, S_FIELD}};

static const col scenario_cols[] = {
    {"scenario", "name", K_GENERAL, 28, S_OUTCOME_NAME},
    {"status", "status", K_GENERAL, 11, S_FIELD},
    {"objective", "objective", K_MONEY, 16, S_FIELD},
    {"objective_change", "delta.objective", K_MONEY, 17, S_FIELD},
    {"allocated", "allocated", K_MONEY, 15, S_FIELD},
    {"allocated_change", "delta.allocated", K_MONEY, 17, S_FIELD},
    {"urgent_share", "urgent_share", K_SHARE, 13, S_FIELD},
    {"urgent_share_change", "delta.urgent_share", K_SHARE, 20, S_FIELD},
    {"seats", "seats", K_INT, 7, S_FIELD},
    {"seats_in", "delta.seats_in", K_INT, 9, S_FIELD},
    {"seats_out", "delta.seats_out", K_INT, 10, S_FIELD},
    {"message", "message", K_GENERAL, 40, S_FIELD}};

/* The Summary sheet: a label and a path in the plan, or in the totals
 * this file computes ("totals."). */
static const struct {
    const char *label, *path;
    enum kind kind;
} summary_rows[] = {{"dataset", "dataset.name", K_GENERAL},
                    {"sha256", "dataset.sha256", K_GENERAL},
                    {"scenario", "scenario", K_GENERAL},
                    {"as_of", "as_of", K_GENERAL},
                    {"status", "status", K_GENERAL},
                    {"objective_total", "objective.total", K_MONEY},
                    {"objective_value", "objective.value", K_MONEY},
                    {"coordination_cost", "objective.coordination_cost", K_MONEY},
                    {"shortfall_penalty", "objective.shortfall_penalty", K_MONEY},
                    {"seats", "objective.seats", K_INT},
                    {"bound", "bound", K_MONEY},
                    {"gap", "gap", K_GENERAL},
                    {"requested", "totals.requested", K_MONEY},
                    {"allocated", "totals.allocated", K_MONEY},
                    {"urgent_share", "totals.urgent_share", K_SHARE}};

#define N(a) ((int)(sizeof(a) / sizeof *(a)))

static void note(xw *x, lxw_error e)
{
    if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR)
        x->err = e;
}

/* The member at a dotted path, or NULL. */
static const cJSON *get(const cJSON *o, const char *path)
{
    while (o && path) {
        const char *dot = strchr(path, '.');
        size_t n = dot ? (size_t)(dot - path) : strlen(path);
        const cJSON *k = cJSON_IsObject(o) ? o->child : NULL;
        while (k && !(k->string && strlen(k->string) == n && strncmp(k->string, path, n) == 0))
            k = k->next;
        o = k;
        path = dot ? dot + 1 : NULL;
    }
    return o;
}

static double num(const cJSON *o, const char *key)
{
    const cJSON *v = get(o, key);
    return cJSON_IsNumber(v) ? v->valuedouble : 0;
}

/* The iso3 of State `state` in the plan's coalitions, or NULL. */
static const cJSON *state_iso3(const xw *x, const cJSON *state)
{
    const cJSON *c;
    if (!cJSON_IsString(state))
        return NULL;
    cJSON_ArrayForEach(c, x->coalitions)
    {
        const cJSON *s = get(c, "state");
        if (cJSON_IsString(s) && strcmp(s->valuestring, state->valuestring) == 0)
            return get(c, "iso3");
    }
    return NULL;
}

/* One cell: numbers as numbers, text as text, a list as its items' text
 * (an object item by its first text member) joined with ';', null and
 * anything else empty. libxlsxwriter writes numbers with 16 significant
 * digits (Excel keeps 15): cents are exact, a weight's 17th digit is not. */
static void cell(xw *x, lxw_worksheet *ws, int row, int c, const cJSON *v, enum kind k)
{
    if (cJSON_IsNumber(v) && isfinite(v->valuedouble)) {
        note(x, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)c, v->valuedouble,
                                       x->fmt[k]));
    } else if (cJSON_IsString(v)) {
        note(x, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, v->valuestring, NULL));
    } else if (cJSON_IsBool(v)) {
        note(x, worksheet_write_boolean(ws, (lxw_row_t)row, (lxw_col_t)c, cJSON_IsTrue(v), NULL));
    } else if (cJSON_IsArray(v)) {
        co_buf b;
        const cJSON *e;
        co_buf_init(&b);
        cJSON_ArrayForEach(e, v)
        {
            const cJSON *t = e;
            if (cJSON_IsObject(e))
                for (t = e->child; t && !cJSON_IsString(t); t = t->next)
                    ;
            if (cJSON_IsString(t))
                co_buf_printf(&b, "%s%s", b.len ? ";" : "", t->valuestring);
        }
        if (b.oom)
            x->oom = 1;
        else if (b.len)
            note(x, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)c, b.data, NULL));
        co_buf_release(&b);
    }
}

/* A new sheet with a bold header row, frozen, and column widths. */
static lxw_worksheet *sheet(xw *x, const char *name, const col *cols, int ncols)
{
    lxw_worksheet *ws = workbook_add_worksheet(x->wb, name);
    if (!ws) {
        note(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return NULL;
    }
    for (int c = 0; c < ncols; c++) {
        note(x, worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, NULL));
        note(x, worksheet_write_string(ws, 0, (lxw_col_t)c, cols[c].head, x->head));
    }
    worksheet_freeze_panes(ws, 1, 0);
    return ws;
}

/* A sheet holding a table: one row per item, an autofilter over it. */
static void table(xw *x, const char *name, const col *cols, int ncols, const cJSON *const *items,
                  int n)
{
    lxw_worksheet *ws = sheet(x, name, cols, ncols);
    for (int r = 0; ws && r < n; r++) {
        for (int c = 0; c < ncols; c++) {
            const cJSON *v = get(items[r], cols[c].path);
            if (cols[c].src == S_STATE_ISO3 && !v)
                v = state_iso3(x, get(items[r], "state"));
            if (cols[c].src == S_OUTCOME_NAME && cJSON_IsNull(v))
                note(x, worksheet_write_string(ws, (lxw_row_t)(r + 1), (lxw_col_t)c, "baseline",
                                               NULL));
            else
                cell(x, ws, r + 1, c, v, cols[c].kind);
        }
    }
    if (ws)
        note(x, worksheet_autofilter(ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(ncols - 1)));
}

/* The items of a JSON array (NULL and 0 when it is empty or missing). */
static const cJSON **items_of(xw *x, const cJSON *arr, int *n)
{
    const cJSON *e, **v;
    *n = cJSON_IsArray(arr) ? cJSON_GetArraySize(arr) : 0;
    if (*n == 0)
        return NULL;
    v = malloc((size_t)*n * sizeof *v);
    if (!v) {
        x->oom = 1;
        *n = 0;
        return NULL;
    }
    int i = 0;
    cJSON_ArrayForEach(e, arr)
    {
        v[i++] = e;
    }
    return v;
}

static void array_table(xw *x, const char *name, const col *cols, int ncols, const cJSON *arr)
{
    int n;
    const cJSON **v = items_of(x, arr, &n);
    table(x, name, cols, ncols, v, n);
    free(v);
}

/* Unmet needs: urgent first (urgency desc), then unmet desc, then need id. */
static int cmp_unmet(const void *pa, const void *pb)
{
    const cJSON *a = *(const cJSON *const *)pa, *b = *(const cJSON *const *)pb;
    double ua = num(a, "urgency"), ub = num(b, "urgency");
    if (ua != ub)
        return ua > ub ? -1 : 1;
    ua = num(a, "unmet");
    ub = num(b, "unmet");
    if (ua != ub)
        return ua > ub ? -1 : 1;
    const cJSON *ia = get(a, "need"), *ib = get(b, "need");
    return strcmp(cJSON_IsString(ia) ? ia->valuestring : "",
                  cJSON_IsString(ib) ? ib->valuestring : "");
}

static void unmet_sheet(xw *x, const cJSON *needs)
{
    int n, k = 0;
    const cJSON **v = items_of(x, needs, &n);
    for (int i = 0; i < n; i++)
        if (num(v[i], "unmet") > 0)
            v[k++] = v[i];
    if (k > 1)
        qsort(v, (size_t)k, sizeof *v, cmp_unmet);
    table(x, "Unmet", unmet_cols, N(unmet_cols), v, k);
    free(v);
}

/* Key figures; the totals are sums over needs[] (urgent: urgency > 1). */
static void summary_sheet(xw *x, const cJSON *plan)
{
    static const col cols[] = {{"field", NULL, K_GENERAL, 20, S_FIELD},
                               {"value", NULL, K_GENERAL, 68, S_FIELD}};
    double req = 0, got = 0, ureq = 0, ugot = 0;
    const cJSON *nd;
    cJSON_ArrayForEach(nd, get(plan, "needs"))
    {
        req += num(nd, "requested");
        got += num(nd, "allocated");
        if (num(nd, "urgency") > 1) {
            ureq += num(nd, "requested");
            ugot += num(nd, "allocated");
        }
    }
    cJSON *totals = cJSON_CreateObject();
    if (!totals || !cJSON_AddNumberToObject(totals, "requested", req) ||
        !cJSON_AddNumberToObject(totals, "allocated", got) ||
        !(ureq > 0 ? cJSON_AddNumberToObject(totals, "urgent_share", ugot / ureq)
                   : cJSON_AddNullToObject(totals, "urgent_share"))) {
        x->oom = 1;
        cJSON_Delete(totals);
        return;
    }
    lxw_worksheet *ws = sheet(x, "Summary", cols, N(cols));
    for (int r = 0; ws && r < N(summary_rows); r++) {
        const char *p = summary_rows[r].path;
        note(x, worksheet_write_string(ws, (lxw_row_t)(r + 1), 0, summary_rows[r].label, NULL));
        cell(x, ws, r + 1, 1,
             strncmp(p, "totals.", 7) == 0 ? get(totals, p + 7) : get(plan, p),
             summary_rows[r].kind);
    }
    cJSON_Delete(totals);
}

/* The scenarios of a comparison: the baseline, then each scenario. */
static void scenarios_sheet(xw *x, const cJSON *cmp)
{
    int n;
    const cJSON **sc = items_of(x, get(cmp, "scenarios"), &n);
    const cJSON **v = malloc((size_t)(n + 1) * sizeof *v);
    if (!v || x->oom) {
        x->oom = 1;
    } else {
        v[0] = get(cmp, "baseline");
        if (n)
            memcpy(v + 1, sc, (size_t)n * sizeof *v);
        table(x, "Scenarios", scenario_cols, N(scenario_cols), v, n + 1);
    }
    free(v);
    free(sc);
}

/* A library message as ours: lowercase first letter, no final period. */
static void io_error(co_diag *dg, const char *path, lxw_error e)
{
    char reason[160];
    snprintf(reason, sizeof reason, "%s", lxw_strerror(e));
    size_t n = strlen(reason);
    if (n && reason[n - 1] == '.')
        reason[n - 1] = '\0';
    reason[0] = (char)tolower((unsigned char)reason[0]);
    co_err(dg, "%s: cannot write: %s", path, reason);
}

int co_xlsx_write(const char *path, const cJSON *plan, const cJSON *comparison, co_diag *dg)
{
    char *tmp, *dir = NULL;
    int rc = CO_EIO;
    xw x = {0};
    int fd = co_temp_beside(path, &tmp, dg);
    if (fd < 0)
        return fd;
    close(fd);
    /* libxlsxwriter writes the file by name, at workbook_close, and keeps
     * its own scratch files in the target's folder too (not in /tmp) */
    const char *slash = strrchr(path, '/');
    dir = slash ? co_strndup(path, slash == path ? 1 : (size_t)(slash - path)) : co_strdup(".");
    lxw_workbook_options opt = {.tmpdir = dir};
    x.wb = dir ? workbook_new_opt(tmp, &opt) : NULL;
    if (!x.wb) {
        co_err(dg, "out of memory");
        rc = CO_EINTERNAL;
        goto out;
    }
    x.coalitions = get(plan, "coalitions");
    if ((x.head = workbook_add_format(x.wb)) != NULL)
        format_set_bold(x.head);
    else
        x.oom = 1;
    for (int k = 0; k < K_KINDS; k++) {
        if (!kind_format[k])
            continue;
        if ((x.fmt[k] = workbook_add_format(x.wb)) != NULL)
            format_set_num_format(x.fmt[k], kind_format[k]);
        else
            x.oom = 1;
    }
    /* The creation time stamped into docProps/core.xml (else "now") is the
     * plan's as_of date at 00:00 UTC, so the same plan gives the same
     * bytes: the zip entries carry a fixed date (1980-01-01) in 1.1.4.
     * A time of 0 would mean "now", hence at least one second. */
    long day = 0;
    const cJSON *asof = get(plan, "as_of");
    if (cJSON_IsString(asof) && co_parse_date(asof->valuestring, &day) != 0)
        day = 0;
    lxw_doc_properties props = {.created = day != 0 ? (time_t)day * 86400 : 1};
    note(&x, workbook_set_properties(x.wb, &props));
    if (!x.oom) {
        summary_sheet(&x, plan);
        array_table(&x, "Coalitions", coalition_cols, N(coalition_cols), x.coalitions);
        array_table(&x, "Allocations", allocation_cols, N(allocation_cols),
                    get(plan, "allocations"));
        array_table(&x, "Donors", donor_cols, N(donor_cols), get(plan, "donors"));
        array_table(&x, "Needs", need_cols, N(need_cols), get(plan, "needs"));
        unmet_sheet(&x, get(plan, "needs"));
        if (comparison)
            scenarios_sheet(&x, comparison);
    }
    lxw_error closed = workbook_close(x.wb); /* frees the workbook in every case */
    if (x.oom || x.err == LXW_ERROR_MEMORY_MALLOC_FAILED) {
        co_err(dg, "out of memory writing %s", path);
        rc = CO_EINTERNAL;
        goto out;
    }
    if (x.err != LXW_NO_ERROR || closed != LXW_NO_ERROR) {
        io_error(dg, path, x.err != LXW_NO_ERROR ? x.err : closed);
        goto out;
    }
    /* synced, with the usual permissions of a new file (mkstemp: 0600) */
    mode_t um = umask(0);
    umask(um);
    fd = open(tmp, O_RDONLY);
    int bad = fd < 0 || fsync(fd) != 0 || fchmod(fd, 0666 & ~um) != 0;
    if (fd >= 0 && close(fd) != 0)
        bad = 1;
    if (bad || rename(tmp, path) != 0) {
        co_err(dg, "%s: cannot write: %s", path, strerror(errno));
        goto out;
    }
    rc = CO_OK;
out:
    unlink(tmp); /* gone already after the rename */
    free(tmp);
    free(dir);
    return rc;
}
