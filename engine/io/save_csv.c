/*
 * save_csv.c: writes a co_dataset as a CSV bundle folder, the inverse of
 * load_csv.c (what it writes reads back to the same data). The files are
 * rendered in memory, then written as one change (co_write_files_atomic).
 * Checking the data is validate.c's job; this only writes it.
 */
#include <csv.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/output.h"
#include "io/save.h"
#include "base/util.h"

/* A file being written, a row at a time. */
typedef struct {
    FILE *f;
    int first; /* no cell written yet on this row */
    int oom;   /* a cell could not be built */
} sink;

/* RFC 4180 needs quotes around a cell with a comma, a quote or a line
 * break; load_csv.c (libcsv) also trims spaces and tabs around unquoted
 * cells, so a cell that starts or ends with one is quoted too. */
static int needs_quotes(const char *s, size_t n)
{
    if (n && strchr(" \t", s[0]))
        return 1;
    if (n && strchr(" \t", s[n - 1]))
        return 1;
    return strcspn(s, ",\"\r\n") < n;
}

static void put_text(sink *o, const char *s)
{
    if (!o->first)
        putc(',', o->f);
    o->first = 0;
    if (!s || !*s)
        return; /* an empty cell: "not given" */
    size_t n = strlen(s);
    if (needs_quotes(s, n))
        csv_fwrite(o->f, s, n);
    else
        fwrite(s, 1, n, o->f);
}

/* Whole numbers as plain digits (spreadsheets show 4000000 better than
 * 4e+06), others in the shortest form that reads back exactly. */
static void put_num(sink *o, double v)
{
    char buf[32];
    if (isfinite(v) && v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, sizeof buf, "%.0f", v == 0 ? 0.0 : v); /* no "-0" */
        put_text(o, buf);
    } else {
        put_text(o, co_num(0, v));
    }
}

/* A ';'-separated list of State ids. */
static void put_refs(sink *o, const co_ref *r, int n)
{
    size_t len = 1;
    for (int i = 0; i < n; i++)
        len += (r[i].id ? strlen(r[i].id) : 0) + 1;
    char *s = malloc(len);
    if (!s) {
        o->oom = 1;
        put_text(o, NULL);
        return;
    }
    size_t k = 0;
    for (int i = 0; i < n; i++) {
        size_t m = r[i].id ? strlen(r[i].id) : 0;
        if (i)
            s[k++] = ';';
        if (m)
            memcpy(s + k, r[i].id, m);
        k += m;
    }
    s[k] = '\0';
    put_text(o, s);
    free(s);
}

static void end_row(sink *o)
{
    putc('\n', o->f);
    o->first = 1;
}

static void put_header(sink *o, const char *const *cols, int n)
{
    for (int i = 0; i < n; i++)
        put_text(o, cols[i]);
    end_row(o);
}

static int has_iso3(const co_dataset *ds)
{
    for (int i = 0; i < ds->n_states; i++)
        if (ds->states[i].iso3)
            return 1;
    return 0;
}

static int has_caps(const co_dataset *ds)
{
    for (int i = 0; i < ds->n_donors; i++)
        if (ds->donors[i].n_area_budget > 0)
            return 1;
    return 0;
}

static int has_params(const co_dataset *ds)
{
    return ds->name || ds->as_of || ds->currency || ds->n_params > 0;
}

static int has_crs(const co_dataset *ds)
{
    for (int i = 0; i < ds->n_areas; i++)
        if (ds->areas[i].crs_code)
            return 1;
    return 0;
}

static void write_areas(sink *o, const co_dataset *ds)
{
    static const char *const cols[] = {"id", "name", "crs_code"};
    int crs = has_crs(ds);
    put_header(o, cols, crs ? 3 : 2);
    for (int i = 0; i < ds->n_areas; i++) {
        put_text(o, ds->areas[i].id);
        put_text(o, ds->areas[i].name);
        if (crs)
            put_text(o, ds->areas[i].crs_code);
        end_row(o);
    }
}

static void write_states(sink *o, const co_dataset *ds)
{
    static const char *const cols[] = {"id", "name", "iso3"};
    int iso3 = has_iso3(ds);
    put_header(o, cols, iso3 ? 3 : 2);
    for (int i = 0; i < ds->n_states; i++) {
        put_text(o, ds->states[i].id);
        put_text(o, ds->states[i].name);
        if (iso3)
            put_text(o, ds->states[i].iso3);
        end_row(o);
    }
}

static void write_donors(sink *o, const co_dataset *ds)
{
    static const char *const cols[] = {"id",        "name",            "budget",
                                       "max_states", "min_grant",      "excluded_states",
                                       "priority_states"};
    put_header(o, cols, 7);
    for (int i = 0; i < ds->n_donors; i++) {
        const co_donor *d = &ds->donors[i];
        put_text(o, d->id);
        put_text(o, d->name);
        put_num(o, d->budget);
        if (d->has_max_states)
            put_num(o, d->max_states);
        else
            put_text(o, NULL);
        put_num(o, d->min_grant);
        put_refs(o, d->excluded, d->n_excluded);
        put_refs(o, d->priority, d->n_priority);
        end_row(o);
    }
}

static void write_area_values(sink *o, const co_dataset *ds, int caps)
{
    static const char *const cols[] = {"donor", "area", "level"};
    static const char *const cap_cols[] = {"donor", "area", "amount"};
    put_header(o, caps ? cap_cols : cols, 3);
    for (int i = 0; i < ds->n_donors; i++) {
        const co_donor *d = &ds->donors[i];
        const co_area_value *v = caps ? d->area_budget : d->expertise;
        int n = caps ? d->n_area_budget : d->n_expertise;
        for (int j = 0; j < n; j++) {
            put_text(o, d->id);
            put_text(o, v[j].area);
            put_num(o, v[j].value);
            end_row(o);
        }
    }
}

static void write_expertise(sink *o, const co_dataset *ds)
{
    write_area_values(o, ds, 0);
}

static void write_area_budgets(sink *o, const co_dataset *ds)
{
    write_area_values(o, ds, 1);
}

static void write_needs(sink *o, const co_dataset *ds)
{
    static const char *const cols[] = {"id",       "state",    "area",
                                       "amount",   "secured",  "evidence",
                                       "deadline", "original_deadline", "secured_by",
                                       "note"};
    put_header(o, cols, 10);
    for (int i = 0; i < ds->n_needs; i++) {
        const co_need *n = &ds->needs[i];
        put_text(o, n->id);
        put_text(o, n->state);
        put_text(o, n->area);
        put_num(o, n->amount);
        put_num(o, n->secured);
        if (n->evidence_text)
            put_text(o, n->evidence_text);
        else
            put_num(o, n->evidence);
        put_text(o, n->deadline);
        put_text(o, n->original_deadline);
        put_text(o, n->secured_by);
        put_text(o, n->note);
        end_row(o);
    }
}

static void write_params(sink *o, const co_dataset *ds)
{
    static const char *const cols[] = {"name", "value"};
    /* parameters.csv has one as_of, the dataset's: a parameter as_of
     * overrides the top-level one (co_params_resolve), so it is written
     * in its place */
    const char *as_of = ds->as_of;
    for (int i = 0; i < ds->n_params; i++)
        if (ds->params[i].name && strcmp(ds->params[i].name, "as_of") == 0)
            as_of = ds->params[i].text;
    const char *const top[][2] = {
        {"name", ds->name}, {"as_of", as_of}, {"currency", ds->currency}};
    put_header(o, cols, 2);
    for (int i = 0; i < 3; i++) {
        if (top[i][1]) {
            put_text(o, top[i][0]);
            put_text(o, top[i][1]);
            end_row(o);
        }
    }
    for (int i = 0; i < ds->n_params; i++) {
        const co_param_text *p = &ds->params[i];
        if (p->name && strcmp(p->name, "as_of") == 0)
            continue; /* written above */
        put_text(o, p->name);
        if (p->is_num && !p->text)
            put_num(o, p->num);
        else
            put_text(o, p->text);
        end_row(o);
    }
}

/* Renders one file of the bundle into memory. */
static int render(const co_dataset *ds, void (*fill)(sink *, const co_dataset *), co_buf *b,
                  const char *path, co_diag *dg)
{
    char *data = NULL;
    size_t len = 0;
    sink o = {open_memstream(&data, &len), 1, 0};
    if (!o.f) {
        co_err(dg, "%s: out of memory", path);
        return CO_EINTERNAL;
    }
    fill(&o, ds);
    int bad = ferror(o.f);
    if (fclose(o.f) != 0 || bad || o.oom || !data) {
        free(data);
        co_err(dg, "%s: out of memory", path);
        return CO_EINTERNAL;
    }
    b->data = data;
    b->len = len;
    b->cap = len + 1;
    return CO_OK;
}

/* Removes an optional file left from an earlier bundle in dir. */
static int remove_stale(const char *dir, const char *name, co_diag *dg)
{
    size_t dl = strlen(dir);
    char *path = co_asprintf("%s%s%s", dir, dir[dl - 1] == '/' ? "" : "/", name);
    int rc = CO_OK;
    if (!path) {
        co_err(dg, "%s: out of memory", dir);
        return CO_EINTERNAL;
    }
    if (unlink(path) != 0 && errno != ENOENT) {
        co_err(dg, "%s: cannot remove the old file: %s", path, strerror(errno));
        rc = CO_EIO;
    }
    free(path);
    return rc;
}

int co_save_csv_bundle(const co_dataset *ds, const char *dir, co_diag *dg)
{
    static const struct {
        const char *name;
        void (*fill)(sink *, const co_dataset *);
        int (*wanted)(const co_dataset *); /* NULL: always written */
    } files[] = {
        {"area_budgets.csv", write_area_budgets, has_caps},
        {"areas.csv", write_areas, NULL},
        {"donors.csv", write_donors, NULL},
        {"expertise.csv", write_expertise, NULL},
        {"needs.csv", write_needs, NULL},
        {"parameters.csv", write_params, has_params},
        {"states.csv", write_states, NULL},
    };
    enum { N = sizeof files / sizeof files[0] };
    const char *names[N];
    co_buf bufs[N];
    int n = 0, rc = CO_OK;
    struct stat st;
    if (mkdir(dir, 0777) != 0) {
        if (errno != EEXIST) {
            co_err(dg, "%s: cannot create folder: %s", dir, strerror(errno));
            return CO_EIO;
        }
        if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
            co_err(dg, "%s: cannot write a CSV bundle: not a folder", dir);
            return CO_EIO;
        }
    }
    /* every file in memory, then all written as one change ... */
    for (int i = 0; i < N && rc == CO_OK; i++) {
        if (files[i].wanted && !files[i].wanted(ds))
            continue;
        co_buf_init(&bufs[n]);
        names[n] = files[i].name;
        rc = render(ds, files[i].fill, &bufs[n], files[i].name, dg);
        n++;
    }
    if (rc == CO_OK)
        rc = co_write_files_atomic(dir, names, bufs, n, dg);
    /* ... and only then an optional file that ds has nothing for removed */
    for (int i = 0; i < N && rc == CO_OK; i++)
        if (files[i].wanted && !files[i].wanted(ds))
            rc = remove_stale(dir, files[i].name, dg);
    for (int i = 0; i < n; i++)
        co_buf_release(&bufs[i]);
    return rc;
}
