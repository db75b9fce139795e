/*
 * load_json.c: reads a dataset JSON file (FORMATS.md "Dataset") into a
 * co_dataset, field by field as the schema lists them (data/schema.h).
 * Checks syntax and encoding (base/json.c), types, required fields, and
 * warns of unknown fields; ranges, dates and references are validate.c's.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/util.h"
#include "data/schema.h"
#include "io/load.h"

#define MAX_UNKNOWN 100 /* unknown fields warned of one by one, per file */

typedef struct {
    const char *file;
    co_diag *dg;
    co_jread r;  /* type errors (r.bad) and memory (r.oom) */
    int unknown; /* unknown fields met */
} ctx;

static void bad_type(ctx *c, const co_where *w, const char *field, const char *want,
                     const co_json *v)
{
    c->r.bad++;
    co_err_at(c->dg, w, field, "must be %s, got %s '%s'", want, co_json_type_name(v),
              co_json_text(0, v));
}

typedef struct {
    const char *key;
    int pos;
} key_entry;

static int cmp_key_entry(const void *a, const void *b)
{
    const key_entry *x = a, *y = b;
    int c = strcmp(x->key, y->key);
    return c ? c : (x->pos > y->pos) - (x->pos < y->pos);
}

/* Marks the keys of an object that an earlier key repeats: an array of
 * flags by position (the caller frees it), or NULL when there is none to
 * mark or memory ran out (then oom is set). Sorting keeps this fast
 * for an object with very many keys. */
static unsigned char *dup_keys(ctx *c, const co_json *obj)
{
    int n = co_json_size(obj);
    if (n < 2)
        return NULL;
    key_entry *e = malloc((size_t)n * sizeof *e);
    unsigned char *dup = calloc((size_t)n, 1);
    int m = 0, any = 0;
    if (!e || !dup) {
        c->r.oom = 1;
        goto done;
    }
    for (const co_json *a = co_json_first(obj); a && m < n; a = co_json_next(a), m++) {
        e[m].key = co_json_key(a) ? co_json_key(a) : "";
        e[m].pos = m;
    }
    qsort(e, (size_t)m, sizeof *e, cmp_key_entry);
    for (int i = 1; i < m; i++) {
        if (strcmp(e[i].key, e[i - 1].key) == 0) {
            dup[e[i].pos] = 1;
            any = 1;
        }
    }
done:
    free(e);
    if (!any) {
        free(dup);
        dup = NULL;
    }
    return dup;
}

/* Warns of fields not in `known`, and flags duplicate keys as errors;
 * values[i] (when not NULL) is set to the value of known[i] (its first
 * one), NULL when missing. */
static void check_fields(ctx *c, const co_json *obj, const co_where *w,
                         const char *const *known, int n_known, const co_json **values)
{
    unsigned char *dup = dup_keys(c, obj);
    int pos = 0;
    if (values)
        memset(values, 0, (size_t)n_known * sizeof *values);
    for (const co_json *a = co_json_first(obj); a; a = co_json_next(a), pos++) {
        const char *key = co_json_key(a);
        if (dup && dup[pos]) {
            c->r.bad++;
            co_err_at(c->dg, w, key, "duplicate field");
        }
        int found = -1;
        for (int i = 0; i < n_known && found < 0; i++)
            if (strcmp(key, known[i]) == 0)
                found = i;
        if (found >= 0) {
            if (values && !values[found])
                values[found] = a;
            continue;
        }
        if (++c->unknown > MAX_UNKNOWN)
            continue; /* counted, and summed up at the end */
        const char *near = co_nearest(key, known, n_known);
        if (near)
            co_warn_at(c->dg, w, NULL, "unknown field '%s', ignored (did you mean '%s'?)",
                       co_q(0, key), near);
        else
            co_warn_at(c->dg, w, NULL, "unknown field '%s', ignored", co_q(0, key));
    }
    free(dup);
}

/* The keys of a table of fields, for check_fields. */
static int field_keys(const co_field *f, int n, const char **keys)
{
    for (int i = 0; i < n; i++)
        keys[i] = f[i].key;
    return n;
}

static void set_where(ctx *c, co_where *w, const co_entity *e, int i, const co_json *item)
{
    if (co_where_set(w, '.', "%s: %s[%d]", c->file, e->list, i) != CO_OK)
        c->r.oom = 1;
    const char *id = co_json_string(co_json_get(item, "id"));
    if (id && !(w->note = co_asprintf("%s '%s'", e->item, co_q(0, id))))
        c->r.oom = 1;
}

/* Returns the array at `key` of the top object, or NULL with an error. */
static const co_json *get_list(ctx *c, const co_json *root, const char *key)
{
    const co_json *v = co_json_get(root, key);
    co_where w = {.text = (char *)(uintptr_t)c->file, .sep = ':'};
    if (!v) {
        c->r.bad++;
        co_err_at(c->dg, &w, key, "required field is missing");
        return NULL;
    }
    if (co_json_type(v) != CO_JSON_ARRAY) {
        bad_type(c, &w, key, "an array", v);
        return NULL;
    }
    return v;
}

/* Checks that a list element is an object; errors otherwise. */
static int is_item(ctx *c, const co_json *item, const char *list, int i)
{
    if (co_json_type(item) == CO_JSON_OBJECT)
        return 1;
    co_where w = {0};
    if (co_where_set(&w, '.', "%s: %s[%d]", c->file, list, i) != CO_OK) {
        c->r.oom = 1;
        return 0;
    }
    c->r.bad++;
    co_err_at(c->dg, &w, NULL, "must be an object, got %s '%s'", co_json_type_name(item),
              co_json_text(0, item));
    co_where_release(&w);
    return 0;
}

/* Reads list l (an array, or NULL when missing or not an array). */
static void load_list(ctx *c, const co_json *arr, co_dataset *ds, int l)
{
    const co_entity *e = &co_entities[l];
    int len = co_json_size(arr), i = 0;
    const char *known[32];
    const co_json *values[32];
    int n_known = field_keys(e->fields, e->n_fields, known);
    if (len == 0)
        return;
    char *items = calloc((size_t)len, e->size);
    if (!items) {
        c->r.oom = 1;
        return;
    }
    *CO_AT(ds, e->off_items, void *) = items;
    int *n = co_list_count(ds, l);
    for (const co_json *it = co_json_first(arr); it; it = co_json_next(it), i++) {
        if (!is_item(c, it, e->list, i))
            continue;
        void *item = items + (size_t)(*n)++ * e->size;
        co_item_init(e, item);
        co_where *w = co_item_where(e, item);
        set_where(c, w, e, i, it);
        check_fields(c, it, w, known, n_known, values);
        co_item_read_values(&c->r, e->fields, e->n_fields, item, values, w);
    }
}

static void load_params(ctx *c, const co_json *root, co_dataset *ds)
{
    const co_json *obj = co_json_get(root, "parameters");
    co_where top = {.text = (char *)(uintptr_t)c->file, .sep = ':'};
    if (!obj || co_json_type(obj) == CO_JSON_NULL)
        return;
    if (co_json_type(obj) != CO_JSON_OBJECT) {
        bad_type(c, &top, "parameters", "an object", obj);
        return;
    }
    int len = co_json_size(obj);
    if (len == 0)
        return;
    ds->params = calloc((size_t)len, sizeof *ds->params);
    if (!ds->params) {
        c->r.oom = 1;
        return;
    }
    unsigned char *dup = dup_keys(c, obj);
    int pos = 0;
    for (const co_json *e = co_json_first(obj); e; e = co_json_next(e), pos++) {
        co_param_text *p = &ds->params[ds->n_params];
        if (co_where_set(&p->where, '.', "%s: parameters", c->file) != CO_OK)
            c->r.oom = 1;
        if (dup && dup[pos]) {
            c->r.bad++;
            co_err_at(c->dg, &p->where, co_json_key(e), "duplicate field");
        }
        if (co_json_type(e) == CO_JSON_NUMBER) {
            p->is_num = 1;
            p->num = co_json_number(e);
            p->text = co_strdup(co_num(0, p->num));
        } else if (co_json_type(e) == CO_JSON_STRING) {
            p->text = co_strdup(co_json_string(e));
        } else {
            bad_type(c, &p->where, co_json_key(e), "a number or a string", e);
            co_where_release(&p->where);
            continue;
        }
        p->name = co_strdup(co_json_key(e));
        if (!p->name || !p->text)
            c->r.oom = 1;
        ds->n_params++;
    }
    free(dup);
}

/* 1-based line of byte offset `off`. */
int co_load_json_mem(const char *name, const char *data, size_t len, co_dataset *ds,
                     co_diag *dg)
{
    ctx c = {.file = name, .dg = dg, .r = {.dg = dg}};
    co_json *root = NULL;
    ds->source = co_strdup(name);
    co_sha256_hex(data, len, ds->sha256);
    int rc = co_json_parse(name, data, len, &root, dg);
    if (rc != CO_OK)
        goto done;
    const char *known[16];
    int n_known = field_keys(co_top_fields, co_n_top_fields, known);
    for (int l = 0; l < CO_N_LISTS; l++)
        known[n_known++] = co_entities[l].list;
    known[n_known++] = "parameters";
    co_where top = {.text = (char *)(uintptr_t)name, .sep = ':'};
    check_fields(&c, root, &top, known, n_known, NULL);
    co_item_read_json(&c.r, co_top_fields, co_n_top_fields, ds, root, &top);
    if (co_where_set(&ds->as_of_where, '.', "%s: as_of", name) != CO_OK ||
        (ds->has_years && co_where_set(&ds->years.where, '.', "%s: years", name) != CO_OK))
        c.r.oom = 1;
    const co_json *lists[CO_N_LISTS];
    for (int l = 0; l < CO_N_LISTS; l++)
        lists[l] = get_list(&c, root, co_entities[l].list);
    for (int l = 0; l < CO_N_LISTS; l++) {
        const co_entity *e = &co_entities[l];
        int before = c.r.bad;
        if (lists[l])
            load_list(&c, lists[l], ds, l);
        /* a list read with errors: validate.c then skips references into it */
        if (e->off_broken)
            *CO_AT(ds, e->off_broken, int) = !lists[l] || c.r.bad > before;
    }
    load_params(&c, root, ds);
    if (c.unknown > MAX_UNKNOWN)
        co_warn(dg, "%s: %d more unknown fields, ignored", name, c.unknown - MAX_UNKNOWN);
    if (c.r.oom)
        rc = CO_EINTERNAL;
    else
        rc = c.r.bad ? CO_EINPUT : CO_OK;
done:
    co_json_free(root);
    return rc;
}

int co_load_json(const char *path, co_dataset *ds, co_diag *dg)
{
    char *data;
    size_t len;
    if (co_read_file(path, &data, &len) != 0) {
        co_err(dg, "%s: cannot read: %s", path, strerror(errno));
        return CO_EIO;
    }
    int rc = co_load_json_mem(strcmp(path, "-") == 0 ? "<stdin>" : path, data, len, ds, dg);
    free(data);
    return rc;
}
