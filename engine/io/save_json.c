/*
 * save_json.c: writes a co_dataset as the dataset JSON of docs/FORMATS.md,
 * the inverse of load_json.c: one item per line, lists in the dataset's
 * order, every number in the shortest form that reads back exactly.
 * Checking the data is validate.c's job; writing the file is the caller's.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/output.h"
#include "io/save.h"
#include "base/util.h"

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

/* Opens list `name` after the previous one: ",\n  \"name\": [". */
static void list_open(co_buf *b, const char *name, int n)
{
    put(b, ",\n  ");
    put_str(b, name);
    put(b, n ? ": [\n" : ": [");
}

static void item_open(co_buf *b, int i)
{
    put(b, i ? ",\n    {" : "    {");
}

static void list_close(co_buf *b, int n)
{
    put(b, n ? "\n  ]" : "]");
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
    const char *const top[][2] = {
        {"name", ds->name}, {"as_of", as_of}, {"currency", ds->currency}};
    put(b, "{\n  ");
    for (int i = 0; i < 3; i++) {
        if (!top[i][1])
            continue; /* not given */
        put_str(b, top[i][0]);
        put(b, ": ");
        put_str(b, top[i][1]);
        put(b, ",\n  ");
    }
    put_str(b, "areas");
    put(b, ds->n_areas ? ": [\n" : ": [");
    for (int i = 0; i < ds->n_areas; i++) {
        const co_area *a = &ds->areas[i];
        item_open(b, i);
        first = 1;
        field_str(b, "id", a->id, &first);
        field_str(b, "name", a->name, &first);
        field_str(b, "crs_code", a->crs_code, &first);
        put(b, "}");
    }
    list_close(b, ds->n_areas);

    list_open(b, "states", ds->n_states);
    for (int i = 0; i < ds->n_states; i++) {
        const co_state *s = &ds->states[i];
        item_open(b, i);
        first = 1;
        field_str(b, "id", s->id, &first);
        field_str(b, "name", s->name, &first);
        field_str(b, "iso3", s->iso3, &first);
        put(b, "}");
    }
    list_close(b, ds->n_states);

    list_open(b, "donors", ds->n_donors);
    for (int i = 0; i < ds->n_donors; i++) {
        const co_donor *d = &ds->donors[i];
        item_open(b, i);
        first = 1;
        field_str(b, "id", d->id, &first);
        field_str(b, "name", d->name, &first);
        field_num(b, "budget", d->budget, &first);
        area_map(b, "expertise", d->expertise, d->n_expertise, &first);
        area_map(b, "area_budget", d->area_budget, d->n_area_budget, &first);
        if (d->has_max_states)
            field_num(b, "max_states", d->max_states, &first);
        if (d->min_grant != 0) /* 0 is both the default and "not given" */
            field_num(b, "min_grant", d->min_grant, &first);
        ref_list(b, "excluded_states", d->excluded, d->n_excluded, &first);
        ref_list(b, "priority_states", d->priority, d->n_priority, &first);
        put(b, "}");
    }
    list_close(b, ds->n_donors);

    list_open(b, "needs", ds->n_needs);
    for (int i = 0; i < ds->n_needs; i++) {
        const co_need *n = &ds->needs[i];
        item_open(b, i);
        first = 1;
        field_str(b, "id", n->id, &first);
        field_str(b, "state", n->state, &first);
        field_str(b, "area", n->area, &first);
        field_num(b, "amount", n->amount, &first);
        if (n->secured != 0) /* as min_grant */
            field_num(b, "secured", n->secured, &first);
        if (n->evidence_text)
            field_str(b, "evidence", n->evidence_text, &first);
        else
            field_num(b, "evidence", n->evidence, &first);
        field_str(b, "deadline", n->deadline, &first);
        field_str(b, "original_deadline", n->original_deadline, &first);
        field_str(b, "secured_by", n->secured_by, &first);
        field_str(b, "note", n->note, &first);
        put(b, "}");
    }
    list_close(b, ds->n_needs);

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
