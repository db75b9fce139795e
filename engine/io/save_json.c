/*
 * save_json.c: writes a co_dataset as the dataset JSON of FORMATS.md "Dataset",
 * the inverse of load_json.c, field by field as the schema lists them: one
 * item per line, lists in the dataset's order, every number in the
 * shortest form that reads back exactly. Checking the data is validate.c's
 * job; writing the file is the caller's.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/output.h"
#include "base/util.h"
#include "data/schema.h"
#include "io/save.h"

static void put(co_buf *b, const char *s)
{
    co_buf_put(b, s, strlen(s));
}

/* A JSON string: '"', '\' and control characters escaped, every other
 * byte as it is (the loaders accept valid UTF-8 only). */
static void put_str(co_buf *b, const char *s)
{
    put(b, "\"");
    const char *run = s;
    for (const char *p = s; *p; p++) {
        unsigned char ch = (unsigned char)*p;
        if (ch >= 0x20 && ch != '"' && ch != '\\')
            continue;
        co_buf_put(b, run, (size_t)(p - run));
        run = p + 1;
        switch (ch) {
        case '"':
            put(b, "\\\"");
            break;
        case '\\':
            put(b, "\\\\");
            break;
        case '\n':
            put(b, "\\n");
            break;
        case '\r':
            put(b, "\\r");
            break;
        case '\t':
            put(b, "\\t");
            break;
        default:
            co_buf_printf(b, "\\u%04x", ch);
        }
    }
    co_buf_put(b, run, strlen(run));
    put(b, "\"");
}

/* A number that reads back to the same double; 0 for zero (no "-0"), and
 * null for what JSON cannot hold (a validated dataset has none). */
static void put_num(co_buf *b, double v)
{
    if (!isfinite(v))
        put(b, "null");
    else if (v == 0)
        put(b, "0");
    else
        co_buf_printf(b, "%s", co_num(0, v));
}

/* `"key": ` preceded by ", " unless it is the first field of an item. */
static void key(co_buf *b, const char *k, int *first)
{
    if (!*first)
        put(b, ", ");
    *first = 0;
    put_str(b, k);
    put(b, ": ");
}

static void field_str(co_buf *b, const char *k, const char *v, int *first)
{
    if (!v)
        return; /* not given */
    key(b, k, first);
    put_str(b, v);
}

static void field_num(co_buf *b, const char *k, double v, int *first)
{
    key(b, k, first);
    put_num(b, v);
}

static void area_map(co_buf *b, const char *k, const co_area_value *v, int n, int *first)
{
    if (n == 0)
        return;
    key(b, k, first);
    put(b, "{");
    for (int i = 0; i < n; i++) {
        if (i)
            put(b, ", ");
        put_str(b, v[i].area ? v[i].area : "");
        put(b, ": ");
        put_num(b, v[i].value);
    }
    put(b, "}");
}

static void ref_list(co_buf *b, const char *k, const co_ref *r, int n, int *first)
{
    if (n == 0)
        return;
    key(b, k, first);
    put(b, "[");
    for (int i = 0; i < n; i++) {
        if (i)
            put(b, ", ");
        put_str(b, r[i].id ? r[i].id : "");
    }
    put(b, "]");
}

/* A field of an item, when it holds a value (co_field_given). */
static void field(co_buf *b, const co_field *f, const void *item, int *first)
{
    if (!co_field_given(f, item))
        return; /* not given, or 0 where 0 is the default */
    switch (f->type) {
    case CO_FT_ID:
    case CO_FT_TEXT:
    case CO_FT_DATE:
    case CO_FT_REF:
        field_str(b, f->key, *CO_AT_C(item, f->off, char *), first);
        break;
    case CO_FT_NUMBER:
    case CO_FT_COUNT:
        field_num(b, f->key, *CO_AT_C(item, f->off, double), first);
        break;
    case CO_FT_LEVEL: {
        const char *text = *CO_AT_C(item, f->aux, char *);
        if (text)
            field_str(b, f->key, text, first);
        else
            field_num(b, f->key, *CO_AT_C(item, f->off, double), first);
        break;
    }
    case CO_FT_REFS:
        ref_list(b, f->key, *CO_AT_C(item, f->off, co_ref *), *CO_AT_C(item, f->aux, int),
                 first);
        break;
    case CO_FT_AREA_MAP:
        area_map(b, f->key, *CO_AT_C(item, f->off, co_area_value *),
                 *CO_AT_C(item, f->aux, int), first);
        break;
    case CO_FT_BOOL:
        key(b, f->key, first);
        put(b, *CO_AT_C(item, f->off, int) ? "true" : "false");
        break;
    case CO_FT_YEAR:
        key(b, f->key, first);
        co_buf_printf(b, "%d", *CO_AT_C(item, f->off, int));
        break;
    case CO_FT_YEAR_MAP: {
        const co_year_map *m = CO_AT_C(item, f->off, co_year_map);
        key(b, f->key, first);
        if (m->has_all) {
            put_num(b, m->all);
            break;
        }
        put(b, "{");
        for (int i = 0; i < m->n; i++) {
            co_buf_printf(b, i ? ", \"%d\": " : "\"%d\": ", m->v[i].year);
            put_num(b, m->v[i].value);
        }
        put(b, "}");
        break;
    }
    case CO_FT_OBJECT: {
        int in = 1;
        key(b, f->key, first);
        put(b, "{");
        for (int k = 0; k < f->n_sub; k++)
            field(b, &f->sub[k], CO_AT_C(item, f->off, char), &in);
        put(b, "}");
        break;
    }
    }
}

/* A parameter given as text that is a number is written as a number (a
 * CSV bundle holds text only); as_of and anything else stay strings. */
static void param_value(co_buf *b, const co_param_text *p)
{
    double v;
    if (p->is_num)
        put_num(b, p->num);
    else if (p->text && strcmp(p->name, "as_of") != 0 && co_parse_double(p->text, &v) == 0)
        put_num(b, v);
    else
        put_str(b, p->text ? p->text : "");
}

int co_save_json(const co_dataset *ds, co_buf *out, co_diag *dg)
{
    co_buf *b = out;
    int first;
    /* one as_of, the one in force: a parameter as_of overrides the
     * top-level one (co_params_resolve), so it is written in its place,
     * as a CSV bundle must (parameters.csv has one as_of row) */
    const char *as_of = ds->as_of;
    for (int i = 0; i < ds->n_params; i++)
        if (ds->params[i].name && strcmp(ds->params[i].name, "as_of") == 0)
            as_of = ds->params[i].text;
    put(b, "{\n  ");
    for (int k = 0; k < co_n_top_fields; k++) {
        const co_field *f = &co_top_fields[k];
        if (f->type == CO_FT_TEXT) {
            const char *v = f->off == offsetof(co_dataset, as_of) ? as_of
                                                                   : *CO_AT_C(ds, f->off, char *);
            if (!v)
                continue; /* not given */
            put_str(b, f->key);
            put(b, ": ");
            put_str(b, v);
        } else {
            if (!co_field_given(f, ds))
                continue;
            first = 1;
            field(b, f, ds, &first); /* "years": {"first": 2019, "last": 2025} */
        }
        put(b, ",\n  ");
    }
    for (int l = 0; l < CO_N_LISTS; l++) {
        const co_entity *e = &co_entities[l];
        int n = co_list_n(ds, l);
        if (l)
            put(b, ",\n  ");
        put_str(b, e->list);
        put(b, n ? ": [\n" : ": [");
        for (int i = 0; i < n; i++) {
            const void *item = co_list_item(ds, l, i);
            put(b, i ? ",\n    {" : "    {");
            first = 1;
            for (int k = 0; k < e->n_fields; k++)
                field(b, &e->fields[k], item, &first);
            put(b, "}");
        }
        put(b, n ? "\n  ]" : "]");
    }

    first = 1;
    for (int i = 0; i < ds->n_params; i++) {
        const co_param_text *p = &ds->params[i];
        if (p->name && strcmp(p->name, "as_of") == 0)
            continue; /* written above */
        put(b, first ? ",\n  \"parameters\": {\n    " : ",\n    ");
        first = 0;
        put_str(b, p->name ? p->name : "");
        put(b, ": ");
        param_value(b, p);
    }
    if (!first)
        put(b, "\n  }");
    put(b, "\n}\n");
    if (b->oom) {
        co_err(dg, "%s: out of memory", ds->source ? ds->source : "dataset");
        return CO_EINTERNAL;
    }
    return CO_OK;
}
