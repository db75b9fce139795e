/*
 * save_csv.c: writes a co_dataset as a CSV bundle folder, the inverse of
 * load_csv.c (what it writes reads back to the same data), its files and
 * columns as the schema lists them. The files are rendered in memory, then
 * written as one change (co_write_files_atomic). Checking the data is
 * validate.c's job; this only writes it.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/output.h"
#include "base/util.h"
#include "data/schema.h"
#include "io/save.h"

/* A file being written, a row at a time. */
typedef struct {
    co_buf *b;
    int first; /* no cell written yet on this row */
    int oom;   /* a cell could not be built */
} sink;

/* A text cell, as base/output.h writes CSV cells (quoted where the loader
 * needs it, an apostrophe before text a spreadsheet would take for a
 * formula, which load_csv.c takes away); NULL or "" is an empty cell,
 * "not given". */
static void put_text(sink *o, const char *s)
{
    co_buf_csv(o->b, s, o->first);
    o->first = 0;
}

/* A number: never guarded (-5 is a number to a spreadsheet too). */
static void put_number_text(sink *o, const char *s)
{
    if (!o->first)
        co_buf_put(o->b, ",", 1);
    o->first = 0;
    co_buf_put(o->b, s, strlen(s));
}

/* Whole numbers as plain digits (spreadsheets show 4000000 better than
 * 4e+06), others in the shortest form that reads back exactly. */
static void put_num(sink *o, double v)
{
    char buf[32];
    if (isfinite(v) && v == floor(v) && fabs(v) < 1e15) {
        snprintf(buf, sizeof buf, "%.0f", v == 0 ? 0.0 : v); /* no "-0" */
        put_number_text(o, buf);
    } else {
        put_number_text(o, co_num(0, v));
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
    co_buf_put(o->b, "\n", 1);
    o->first = 1;
}

static int has_params(const co_dataset *ds)
{
    return ds->name || ds->as_of || ds->currency || ds->n_params > 0 || ds->has_years;
}

/* Whether some item of the list gives the field (`sub` of its object, when
 * `parent` is that object). */
static int used(const co_dataset *ds, int list, const co_field *parent, const co_field *f)
{
    for (int i = 0; i < co_list_n(ds, list); i++) {
        const void *item = co_list_item(ds, list, i);
        if (parent ? *CO_AT_C(item, parent->aux, int) &&
                         co_field_given(f, CO_AT_C(item, parent->off, char))
                   : co_field_given(f, item))
            return 1;
    }
    return 0;
}

/* Whether some item of the list has an entry of the field, in a file of
 * its own. */
static int has_entries(const co_dataset *ds, int list, const co_field *f)
{
    for (int i = 0; i < co_list_n(ds, list); i++) {
        const void *item = co_list_item(ds, list, i);
        if (f->type == CO_FT_YEAR_MAP ? CO_AT_C(item, f->off, co_year_map)->n > 0
                                      : *CO_AT_C(item, f->aux, int) > 0)
            return 1;
    }
    return 0;
}

/* The cell of field f of an item: empty when not given (0 where 0 is the
 * default is written: a spreadsheet shows it). */
static void put_field(sink *o, const co_field *f, const void *item)
{
    switch (f->type) {
    case CO_FT_ID:
    case CO_FT_TEXT:
    case CO_FT_DATE:
    case CO_FT_REF:
        put_text(o, *CO_AT_C(item, f->off, char *));
        break;
    case CO_FT_NUMBER:
    case CO_FT_COUNT:
        if (f->aux && !*CO_AT_C(item, f->aux, int))
            put_text(o, NULL);
        else
            put_num(o, *CO_AT_C(item, f->off, double));
        break;
    case CO_FT_LEVEL: {
        const char *text = *CO_AT_C(item, f->aux, char *);
        if (text)
            put_text(o, text);
        else
            put_num(o, *CO_AT_C(item, f->off, double));
        break;
    }
    case CO_FT_REFS:
        put_refs(o, *CO_AT_C(item, f->off, co_ref *), *CO_AT_C(item, f->aux, int));
        break;
    case CO_FT_BOOL:
        put_text(o, !*CO_AT_C(item, f->aux, int) ? NULL
                    : *CO_AT_C(item, f->off, int) ? "true"
                                                   : "false");
        break;
    case CO_FT_YEAR:
        if (*CO_AT_C(item, f->aux, int))
            put_num(o, *CO_AT_C(item, f->off, int));
        else
            put_text(o, NULL);
        break;
    case CO_FT_YEAR_MAP: {
        /* one number for every year (per_year_max); by year in a file of
         * its own */
        const co_year_map *m = CO_AT_C(item, f->off, co_year_map);
        if (m->has_all)
            put_num(o, m->all);
        else
            put_text(o, NULL);
        break;
    }
    case CO_FT_AREA_MAP:
    case CO_FT_OBJECT:
        put_text(o, NULL); /* a file of its own; an object's fields are columns */
        break;
    }
}

/* A list's own file: a column per field with a CSV name (one that only
 * some datasets use only when an item gives it), a row per item. */
static void write_list(sink *o, const co_dataset *ds, int list)
{
    const co_entity *e = &co_entities[list];
    const co_field *cols[32], *parent[32];
    int n = 0;
    for (int k = 0; k < e->n_fields && n < 32; k++) {
        const co_field *f = &e->fields[k];
        /* an object's fields: a column each (work_unit, ...) */
        for (int j = 0; f->type == CO_FT_OBJECT && j < f->n_sub && n < 32; j++) {
            if (used(ds, list, f, &f->sub[j])) {
                parent[n] = f;
                cols[n++] = &f->sub[j];
            }
        }
        if (f->csv && (!(f->flags & CO_FF_CSV_IF_USED) || used(ds, list, NULL, f))) {
            parent[n] = NULL;
            cols[n++] = f;
        }
    }
    for (int k = 0; k < n; k++)
        put_text(o, cols[k]->csv);
    end_row(o);
    for (int i = 0; i < co_list_n(ds, list); i++) {
        const void *item = co_list_item(ds, list, i);
        for (int k = 0; k < n; k++) {
            if (!parent[k])
                put_field(o, cols[k], item);
            else if (*CO_AT_C(item, parent[k]->aux, int))
                put_field(o, cols[k], CO_AT_C(item, parent[k]->off, char));
            else
                put_text(o, NULL);
        }
        end_row(o);
    }
}

/* A one-field file: a row per (item, key) of that field. */
static void write_entries(sink *o, const co_dataset *ds, const co_bundle_file *bf)
{
    const co_field *f = co_field_find(&co_entities[bf->list], bf->field);
    put_text(o, co_entities[bf->list].item);
    put_text(o, bf->key_col);
    put_text(o, bf->value_col);
    end_row(o);
    for (int i = 0; i < co_list_n(ds, bf->list); i++) {
        const void *item = co_list_item(ds, bf->list, i);
        if (f->type == CO_FT_YEAR_MAP) {
            const co_year_map *m = CO_AT_C(item, f->off, co_year_map);
            for (int j = 0; j < m->n; j++) {
                put_text(o, co_item_id(ds, bf->list, i));
                put_num(o, m->v[j].year);
                put_num(o, m->v[j].value);
                end_row(o);
            }
            continue;
        }
        const co_area_value *v = *CO_AT_C(item, f->off, co_area_value *);
        for (int j = 0; j < *CO_AT_C(item, f->aux, int); j++) {
            put_text(o, co_item_id(ds, bf->list, i));
            put_text(o, v[j].area);
            put_num(o, v[j].value);
            end_row(o);
        }
    }
}

static void write_params(sink *o, const co_dataset *ds)
{
    /* parameters.csv has one as_of, the dataset's: a parameter as_of
     * overrides the top-level one (co_params_resolve), so it is written
     * in its place */
    const char *as_of = ds->as_of;
    for (int i = 0; i < ds->n_params; i++)
        if (ds->params[i].name && strcmp(ds->params[i].name, "as_of") == 0)
            as_of = ds->params[i].text;
    put_text(o, "name");
    put_text(o, "value");
    end_row(o);
    for (int k = 0; k < co_n_top_fields; k++) {
        const co_field *f = &co_top_fields[k];
        if (f->type == CO_FT_OBJECT) {
            /* years: a row per field given (years_first, years_last) */
            for (int j = 0; *CO_AT_C(ds, f->aux, int) && j < f->n_sub; j++) {
                const void *obj = CO_AT_C(ds, f->off, char);
                if (!co_field_given(&f->sub[j], obj))
                    continue;
                put_text(o, f->sub[j].csv);
                put_field(o, &f->sub[j], obj);
                end_row(o);
            }
            continue;
        }
        const char *v =
            f->off == offsetof(co_dataset, as_of) ? as_of : *CO_AT_C(ds, f->off, char *);
        if (v) {
            put_text(o, f->csv);
            put_text(o, v);
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

/* Whether bundle file bf has anything to hold (a required file always). */
static int wanted(const co_dataset *ds, const co_bundle_file *bf)
{
    if (bf->required)
        return 1;
    if (bf->list < 0)
        return has_params(ds);
    return has_entries(ds, bf->list, co_field_find(&co_entities[bf->list], bf->field));
}

/* Writes bundle file bf of ds. */
static void fill(sink *o, const co_dataset *ds, const co_bundle_file *bf)
{
    if (bf->list < 0)
        write_params(o, ds);
    else if (bf->field)
        write_entries(o, ds, bf);
    else
        write_list(o, ds, bf->list);
}

/* Renders one file of the bundle into memory, after the byte-order mark
 * that makes a spreadsheet read it as UTF-8 (base/output.h). */
static int render(const co_dataset *ds, const co_bundle_file *bf, co_buf *b, co_diag *dg)
{
    sink o = {b, 1, 0};
    co_buf_put(b, CO_CSV_BOM, strlen(CO_CSV_BOM));
    fill(&o, ds, bf);
    if (b->oom || o.oom) {
        co_err(dg, "%s: out of memory", bf->name);
        return CO_EINTERNAL;
    }
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
    enum { N = CO_N_BUNDLE_FILES };
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
        const co_bundle_file *bf = &co_bundle_files[i];
        if (!wanted(ds, bf))
            continue;
        co_buf_init(&bufs[n]);
        names[n] = bf->name;
        rc = render(ds, bf, &bufs[n], dg);
        n++;
    }
    if (rc == CO_OK)
        rc = co_write_files_atomic(dir, names, bufs, n, dg);
    /* ... and only then an optional file that ds has nothing for removed */
    for (int i = 0; i < N && rc == CO_OK; i++)
        if (!wanted(ds, &co_bundle_files[i]))
            rc = remove_stale(dir, co_bundle_files[i].name, dg);
    for (int i = 0; i < n; i++)
        co_buf_release(&bufs[i]);
    return rc;
}
