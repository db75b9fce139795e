/*
 * load_json.c: reads a dataset JSON file (docs/FORMATS.md) with cJSON into
 * a co_dataset. Checks syntax, encoding, types, required fields, and warns
 * of unknown fields; ranges, dates and references are validate.c's job.
 */
#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "io/load.h"
#include "base/util.h"

#define MAX_UNKNOWN 100 /* unknown fields warned of one by one, per file */

typedef struct {
    const char *file;
    co_diag *dg;
    int bad; /* errors found */
    int oom;
    int unknown; /* unknown fields met */
} ctx;

static void bad_type(ctx *c, const co_where *w, const char *field, const char *want,
                     const cJSON *v)
{
    c->bad++;
    co_err_at(c->dg, w, field, "must be %s, got %s '%s'", want, co_json_type_name(v), co_json_text(0, v));
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
 * mark or memory ran out (then c->oom is set). Sorting keeps this fast
 * for an object with very many keys. */
static unsigned char *dup_keys(ctx *c, const cJSON *obj)
{
    int n = cJSON_GetArraySize(obj);
    if (n < 2)
        return NULL;
    key_entry *e = malloc((size_t)n * sizeof *e);
    unsigned char *dup = calloc((size_t)n, 1);
    int m = 0, any = 0;
    if (!e || !dup) {
        c->oom = 1;
        goto done;
    }
    for (const cJSON *a = obj->child; a && m < n; a = a->next, m++) {
        e[m].key = a->string ? a->string : "";
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

/* Warns of fields not in `known`, and flags duplicate keys as errors. */
static void check_fields(ctx *c, const cJSON *obj, const co_where *w,
                         const char *const *known, int n_known)
{
    unsigned char *dup = dup_keys(c, obj);
    int pos = 0;
    for (const cJSON *a = obj->child; a; a = a->next, pos++) {
        if (dup && dup[pos]) {
            c->bad++;
            co_err_at(c->dg, w, a->string, "duplicate field");
        }
        int found = 0;
        for (int i = 0; i < n_known && !found; i++)
            found = strcmp(a->string, known[i]) == 0;
        if (found)
            continue;
        if (++c->unknown > MAX_UNKNOWN)
            continue; /* counted, and summed up at the end */
        const char *near = co_nearest(a->string, known, n_known);
        if (near)
            co_warn_at(c->dg, w, NULL, "unknown field '%s', ignored (did you mean '%s'?)",
                       co_q(0, a->string), near);
        else
            co_warn_at(c->dg, w, NULL, "unknown field '%s', ignored", co_q(0, a->string));
    }
    free(dup);
}

enum { REQUIRED = 1, EMPTY_IS_ABSENT = 2 };

/* A string field: *out is a copy, or NULL when absent (an error when
 * REQUIRED). With EMPTY_IS_ABSENT, "" is absent too, as an empty cell of a
 * CSV bundle is: names, notes and dates, not ids or as_of. */
static void get_str(ctx *c, const cJSON *obj, const char *key, const co_where *w, int flags,
                    char **out)
{
    int required = flags & REQUIRED;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    if (!v || cJSON_IsNull(v)) {
        if (required) {
            c->bad++;
            co_err_at(c->dg, w, key, "required field is missing");
        }
        return;
    }
    if (!cJSON_IsString(v)) {
        bad_type(c, w, key, "a string", v);
        return;
    }
    if ((flags & EMPTY_IS_ABSENT) && !v->valuestring[0])
        return;
    *out = co_strdup(v->valuestring);
    if (!*out)
        c->oom = 1;
}

/* A number field: returns 1 when given (value in *out), 0 when absent. */
static int get_num(ctx *c, const cJSON *obj, const char *key, const co_where *w,
                   int required, double *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v || cJSON_IsNull(v)) {
        if (required) {
            c->bad++;
            co_err_at(c->dg, w, key, "required field is missing");
        }
        return 0;
    }
    if (!cJSON_IsNumber(v)) {
        bad_type(c, w, key, "a number", v);
        return 0;
    }
    *out = v->valuedouble;
    return 1;
}

static void set_where(ctx *c, co_where *w, const char *list, int i, const cJSON *item)
{
    if (co_where_set(w, '.', "%s: %s[%d]", c->file, list, i) != CO_OK)
        c->oom = 1;
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "id");
    if (cJSON_IsString(id)) {
        static const char *const kinds[][2] = {
            {"areas", "area"}, {"states", "state"}, {"donors", "donor"}, {"needs", "need"}};
        const char *kind = list;
        for (size_t k = 0; k < sizeof kinds / sizeof kinds[0]; k++)
            if (strcmp(kinds[k][0], list) == 0)
                kind = kinds[k][1];
        w->note = co_asprintf("%s '%s'", kind, co_q(0, id->valuestring));
    }
}

/* Returns the array at `key` of the top object, or NULL with an error. */
static const cJSON *get_list(ctx *c, const cJSON *root, const char *key)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(root, key);
    co_where w = {.text = (char *)(uintptr_t)c->file, .sep = ':'};
    if (!v) {
        c->bad++;
        co_err_at(c->dg, &w, key, "required field is missing");
        return NULL;
    }
    if (!cJSON_IsArray(v)) {
        bad_type(c, &w, key, "an array", v);
        return NULL;
    }
    return v;
}

/* Checks that a list element is an object; errors otherwise. */
static int is_item(ctx *c, const cJSON *item, const char *list, int i)
{
    if (cJSON_IsObject(item))
        return 1;
    co_where w = {0};
    if (co_where_set(&w, '.', "%s: %s[%d]", c->file, list, i) != CO_OK) {
        c->oom = 1;
        return 0;
    }
    c->bad++;
    co_err_at(c->dg, &w, NULL, "must be an object, got %s '%s'", co_json_type_name(item),
              co_json_text(0, item));
    co_where_release(&w);
    return 0;
}

static void *alloc_list(ctx *c, const cJSON *arr, size_t size, int *n)
{
    int len = arr ? cJSON_GetArraySize(arr) : 0;
    *n = 0;
    if (len == 0)
        return NULL;
    void *p = calloc((size_t)len, size);
    if (!p)
        c->oom = 1;
    return p;
}

static void load_areas(ctx *c, const cJSON *arr, co_dataset *ds)
{
    static const char *const known[] = {"id", "name", "crs_code"};
    ds->areas = alloc_list(c, arr, sizeof *ds->areas, &ds->n_areas);
    if (!ds->areas)
        return;
    int i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        if (!is_item(c, it, "areas", i))
            continue;
        co_area *a = &ds->areas[ds->n_areas++];
        set_where(c, &a->where, "areas", i, it);
        check_fields(c, it, &a->where, known, 3);
        get_str(c, it, "id", &a->where, REQUIRED, &a->id);
        get_str(c, it, "name", &a->where, EMPTY_IS_ABSENT, &a->name);
        get_str(c, it, "crs_code", &a->where, EMPTY_IS_ABSENT, &a->crs_code);
    }
}

static void load_states(ctx *c, const cJSON *arr, co_dataset *ds)
{
    static const char *const known[] = {"id", "name", "iso3"};
    ds->states = alloc_list(c, arr, sizeof *ds->states, &ds->n_states);
    if (!ds->states)
        return;
    int i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        if (!is_item(c, it, "states", i))
            continue;
        co_state *s = &ds->states[ds->n_states++];
        set_where(c, &s->where, "states", i, it);
        check_fields(c, it, &s->where, known, 3);
        get_str(c, it, "id", &s->where, REQUIRED, &s->id);
        get_str(c, it, "name", &s->where, EMPTY_IS_ABSENT, &s->name);
        get_str(c, it, "iso3", &s->where, EMPTY_IS_ABSENT, &s->iso3);
    }
}

/* Reads an object of area id -> number (expertise, area_budget). */
static void load_area_map(ctx *c, const cJSON *obj, const char *key, const co_where *dw,
                          co_area_value **out, int *n)
{
    const cJSON *m = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    *n = 0;
    if (!m || cJSON_IsNull(m))
        return;
    if (!cJSON_IsObject(m)) {
        bad_type(c, dw, key, "an object of area id to number", m);
        return;
    }
    int len = cJSON_GetArraySize(m);
    if (len == 0)
        return;
    *out = calloc((size_t)len, sizeof **out);
    if (!*out) {
        c->oom = 1;
        return;
    }
    for (const cJSON *e = m->child; e; e = e->next) {
        co_area_value *v = &(*out)[*n];
        if (co_where_set(&v->where, '.', "%s.%s", dw->text, key) != CO_OK)
            c->oom = 1;
        if (dw->note)
            v->where.note = co_strdup(dw->note);
        if (!cJSON_IsNumber(e)) {
            bad_type(c, &v->where, e->string, "a number", e);
            co_where_release(&v->where);
            continue;
        }
        v->area = co_strdup(e->string);
        v->area_field = co_strdup(e->string);
        v->value_field = co_strdup(e->string);
        if (!v->area || !v->area_field || !v->value_field)
            c->oom = 1;
        v->a = -1;
        v->value = e->valuedouble;
        (*n)++;
    }
}

/* Reads an array of State ids (excluded_states, priority_states). */
static void load_refs(ctx *c, const cJSON *obj, const char *key, const co_where *dw,
                      co_ref **out, int *n)
{
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, key);
    *out = NULL;
    *n = 0;
    if (!arr || cJSON_IsNull(arr))
        return;
    if (!cJSON_IsArray(arr)) {
        bad_type(c, dw, key, "an array of State ids", arr);
        return;
    }
    int len = cJSON_GetArraySize(arr);
    if (len == 0)
        return;
    *out = calloc((size_t)len, sizeof **out);
    if (!*out) {
        c->oom = 1;
        return;
    }
    int i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        co_ref *r = &(*out)[*n];
        if (co_where_set(&r->where, '.', "%s.%s[%d]", dw->text, key, i) != CO_OK)
            c->oom = 1;
        if (dw->note)
            r->where.note = co_strdup(dw->note);
        if (!cJSON_IsString(e)) {
            c->bad++;
            co_err_at(c->dg, &r->where, NULL, "must be a State id (a string), got %s '%s'",
                      co_json_type_name(e), co_json_text(0, e));
            co_where_release(&r->where);
            continue;
        }
        r->id = co_strdup(e->valuestring);
        if (!r->id)
            c->oom = 1;
        r->index = -1;
        (*n)++;
    }
}

static void load_donors(ctx *c, const cJSON *arr, co_dataset *ds)
{
    static const char *const known[] = {"id",        "name",      "budget",
                                        "expertise", "area_budget", "max_states",
                                        "min_grant", "excluded_states", "priority_states"};
    ds->donors = alloc_list(c, arr, sizeof *ds->donors, &ds->n_donors);
    if (!ds->donors)
        return;
    int i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        if (!is_item(c, it, "donors", i))
            continue;
        co_donor *d = &ds->donors[ds->n_donors++];
        set_where(c, &d->where, "donors", i, it);
        check_fields(c, it, &d->where, known, (int)(sizeof known / sizeof known[0]));
        get_str(c, it, "id", &d->where, REQUIRED, &d->id);
        get_str(c, it, "name", &d->where, EMPTY_IS_ABSENT, &d->name);
        get_num(c, it, "budget", &d->where, 1, &d->budget);
        d->has_max_states = get_num(c, it, "max_states", &d->where, 0, &d->max_states);
        get_num(c, it, "min_grant", &d->where, 0, &d->min_grant);
        load_area_map(c, it, "expertise", &d->where, &d->expertise, &d->n_expertise);
        load_area_map(c, it, "area_budget", &d->where, &d->area_budget, &d->n_area_budget);
        load_refs(c, it, "excluded_states", &d->where, &d->excluded, &d->n_excluded);
        load_refs(c, it, "priority_states", &d->where, &d->priority, &d->n_priority);
    }
}

static void load_needs(ctx *c, const cJSON *arr, co_dataset *ds)
{
    static const char *const known[] = {"id",       "state",    "area",
                                        "amount",   "secured",  "evidence",
                                        "deadline", "original_deadline", "secured_by",
                                        "note"};
    ds->needs = alloc_list(c, arr, sizeof *ds->needs, &ds->n_needs);
    if (!ds->needs)
        return;
    int i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        if (!is_item(c, it, "needs", i))
            continue;
        co_need *n = &ds->needs[ds->n_needs++];
        n->s = n->a = -1;
        set_where(c, &n->where, "needs", i, it);
        check_fields(c, it, &n->where, known, (int)(sizeof known / sizeof known[0]));
        get_str(c, it, "id", &n->where, REQUIRED, &n->id);
        get_str(c, it, "state", &n->where, REQUIRED, &n->state);
        get_str(c, it, "area", &n->where, REQUIRED, &n->area);
        n->amount_given = get_num(c, it, "amount", &n->where, 1, &n->amount);
        get_num(c, it, "secured", &n->where, 0, &n->secured);
        const cJSON *ev = cJSON_GetObjectItemCaseSensitive(it, "evidence");
        if (!ev || cJSON_IsNull(ev)) {
            c->bad++;
            co_err_at(c->dg, &n->where, "evidence", "required field is missing");
        } else if (cJSON_IsNumber(ev)) {
            n->evidence = ev->valuedouble;
        } else if (cJSON_IsString(ev)) {
            n->evidence_text = co_strdup(ev->valuestring);
            if (!n->evidence_text)
                c->oom = 1;
        } else {
            bad_type(c, &n->where, "evidence", "a level name or a number in [0, 1]", ev);
        }
        get_str(c, it, "deadline", &n->where, EMPTY_IS_ABSENT, &n->deadline);
        get_str(c, it, "original_deadline", &n->where, EMPTY_IS_ABSENT,
                &n->original_deadline);
        get_str(c, it, "secured_by", &n->where, EMPTY_IS_ABSENT, &n->secured_by);
        get_str(c, it, "note", &n->where, EMPTY_IS_ABSENT, &n->note);
    }
}

static void load_params(ctx *c, const cJSON *root, co_dataset *ds)
{
    const cJSON *obj = cJSON_GetObjectItemCaseSensitive(root, "parameters");
    co_where top = {.text = (char *)(uintptr_t)c->file, .sep = ':'};
    if (!obj || cJSON_IsNull(obj))
        return;
    if (!cJSON_IsObject(obj)) {
        bad_type(c, &top, "parameters", "an object", obj);
        return;
    }
    int len = cJSON_GetArraySize(obj);
    if (len == 0)
        return;
    ds->params = calloc((size_t)len, sizeof *ds->params);
    if (!ds->params) {
        c->oom = 1;
        return;
    }
    unsigned char *dup = dup_keys(c, obj);
    int pos = 0;
    for (const cJSON *e = obj->child; e; e = e->next, pos++) {
        co_param_text *p = &ds->params[ds->n_params];
        if (co_where_set(&p->where, '.', "%s: parameters", c->file) != CO_OK)
            c->oom = 1;
        if (dup && dup[pos]) {
            c->bad++;
            co_err_at(c->dg, &p->where, e->string, "duplicate field");
        }
        if (cJSON_IsNumber(e)) {
            p->is_num = 1;
            p->num = e->valuedouble;
            p->text = co_strdup(co_num(0, e->valuedouble));
        } else if (cJSON_IsString(e)) {
            p->text = co_strdup(e->valuestring);
        } else {
            bad_type(c, &p->where, e->string, "a number or a string", e);
            co_where_release(&p->where);
            continue;
        }
        p->name = co_strdup(e->string);
        if (!p->name || !p->text)
            c->oom = 1;
        ds->n_params++;
    }
    free(dup);
}

/* 1-based line of byte offset `off`. */
int co_load_json_mem(const char *name, const char *data, size_t len, co_dataset *ds,
                     co_diag *dg)
{
    ctx c = {.file = name, .dg = dg};
    cJSON *root = NULL;
    ds->source = co_strdup(name);
    co_sha256_hex(data, len, ds->sha256);
    int rc = co_json_parse(name, data, len, &root, dg);
    if (rc != CO_OK)
        goto done;
    static const char *const known[] = {"name",   "as_of",  "currency", "areas",
                                        "states", "donors", "needs",    "parameters"};
    co_where top = {.text = (char *)(uintptr_t)name, .sep = ':'};
    check_fields(&c, root, &top, known, (int)(sizeof known / sizeof known[0]));
    get_str(&c, root, "name", &top, EMPTY_IS_ABSENT, &ds->name);
    get_str(&c, root, "as_of", &top, 0, &ds->as_of);
    get_str(&c, root, "currency", &top, EMPTY_IS_ABSENT, &ds->currency);
    if (co_where_set(&ds->as_of_where, '.', "%s: as_of", name) != CO_OK)
        c.oom = 1;
    const cJSON *areas = get_list(&c, root, "areas");
    const cJSON *states = get_list(&c, root, "states");
    const cJSON *donors = get_list(&c, root, "donors");
    const cJSON *needs = get_list(&c, root, "needs");
    int before = c.bad;
    if (areas)
        load_areas(&c, areas, ds);
    ds->areas_broken = !areas || c.bad > before;
    before = c.bad;
    if (states)
        load_states(&c, states, ds);
    ds->states_broken = !states || c.bad > before;
    if (donors)
        load_donors(&c, donors, ds);
    if (needs)
        load_needs(&c, needs, ds);
    load_params(&c, root, ds);
    if (c.unknown > MAX_UNKNOWN)
        co_warn(dg, "%s: %d more unknown fields, ignored", name, c.unknown - MAX_UNKNOWN);
    if (c.oom)
        rc = CO_EINTERNAL;
    else
        rc = c.bad ? CO_EINPUT : CO_OK;
done:
    cJSON_Delete(root);
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
