/*
 * edit.c: applies a scenario's set, scale, remove and add to a dataset in
 * memory (edit.h), finding the field of a path in the schema and reading
 * values with the JSON loader's own reader (co_field_read_json), so a
 * change holds what the same value in a dataset file would. Checking the
 * result is the validator's job; the rules of a scenario are scenario.c's.
 */
#include "data/edit.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "data/schema.h"

static const char *const op_names[] = {"set", "scale", "remove", "add"};

typedef struct {
    co_dataset *ds;
    const co_edit *e;
    co_diag *dg;
    const co_where *w; /* the change: "FILE: scenario 'S': changes[K]" */
    char *pfield;      /* "path 'P'", the field its path messages name */
    int bad;           /* errors that leave the change undone */
    int soft;          /* values of the wrong type, left not given */
    int oom;
} ectx;

/* An error of the change about `about` (its path or its value): "WHERE:
 * path 'P': ..." or "WHERE: value: ...". */
__attribute__((format(printf, 3, 4))) static void err(ectx *c, const char *about,
                                                      const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *body = co_vasprintf(fmt, ap);
    va_end(ap);
    c->bad++;
    co_err_at(c->dg, c->w, about, "%s", body ? body : "?");
    free(body);
}
#define perr(c, ...) err(c, (c)->pfield, __VA_ARGS__)
#define verr(c, ...) err(c, "value", __VA_ARGS__)

static const char *id_of(const co_dataset *ds, int list, int i)
{
    const char *id = co_item_id(ds, list, i);
    return id ? id : ""; /* an item added without one */
}

int co_edit_find(const co_dataset *ds, int list, const char *id, const co_where *where,
                 const char *field, co_diag *dg)
{
    int n = co_list_n(ds, list);
    for (int i = 0; i < n; i++)
        if (strcmp(id_of(ds, list, i), id) == 0)
            return i;
    const char **names = malloc(((size_t)n + 1) * sizeof *names);
    const char *near = NULL;
    if (names) {
        for (int i = 0; i < n; i++)
            names[i] = id_of(ds, list, i);
        near = co_nearest(id, names, n);
    }
    const char *kind = co_entities[list].kind;
    if (near)
        co_err_at(dg, where, field, "unknown %s id '%s' (did you mean '%s'?)", kind, co_q(0, id),
                  co_q(1, near));
    else
        co_err_at(dg, where, field, "unknown %s id '%s'", kind, co_q(0, id));
    free(names);
    return -1;
}

/* co_edit_find, counting the error. */
static int find(ectx *c, int list, const char *id, const char *field)
{
    int i = co_edit_find(c->ds, list, id, c->w, field, c->dg);
    c->bad += i < 0;
    return i;
}

/* ---- removing items ----------------------------------------------------- */

static int has_id(char **ids, int n, const char *id)
{
    for (int i = 0; id && i < n; i++)
        if (strcmp(ids[i], id) == 0)
            return 1;
    return 0;
}

/* Drops the items of list l whose id (f NULL) or reference f is one of
 * ids, keeping order. */
static void drop_items(ectx *c, int l, char **ids, int n, const co_field *f)
{
    const co_entity *e = &co_entities[l];
    char *items = co_list_items(c->ds, l);
    int *count = co_list_count(c->ds, l), m = 0;
    for (int i = 0; i < *count; i++) {
        char *item = items + (size_t)i * e->size;
        const char *id = *(char **)item;
        const char *key = f ? *CO_AT(item, f->off, char *) : id ? id : "";
        if (has_id(ids, n, key)) {
            co_item_release(e, item);
            continue;
        }
        if (m != i)
            memcpy(items + (size_t)m * e->size, item, e->size);
        m++;
    }
    *count = m;
}

/* Drops from a list or map field of an item the entries that name one of
 * ids, keeping order. */
static void drop_entries(void *item, const co_field *f, char **ids, int n)
{
    int *count = CO_AT(item, f->aux, int), m = 0;
    if (f->type == CO_FT_REFS) {
        co_ref *r = *CO_AT(item, f->off, co_ref *);
        for (int k = 0; k < *count; k++) {
            if (has_id(ids, n, r[k].id)) {
                free(r[k].id);
                free(r[k].field);
                co_where_release(&r[k].where);
            } else {
                r[m++] = r[k];
            }
        }
    } else {
        co_area_value *v = *CO_AT(item, f->off, co_area_value *);
        for (int k = 0; k < *count; k++) {
            if (has_id(ids, n, v[k].area)) {
                free(v[k].area);
                free(v[k].area_field);
                free(v[k].value_field);
                co_where_release(&v[k].where);
            } else {
                v[m++] = v[k];
            }
        }
    }
    *count = m;
}

/* remove LIST.ID or LIST.*: the items, and what points at them: the items
 * of other lists that reference them (a State's or an area's needs), and
 * the entries of lists and maps that name them (a donor's excluded and
 * priority States, its expertise and caps in an area). */
static void remove_items(ectx *c, int list, const char *id)
{
    int n = co_list_n(c->ds, list), m = 0;
    char **ids = calloc((size_t)n + 1, sizeof *ids);
    if (!ids) {
        c->oom = 1;
        return;
    }
    for (int i = 0; i < n; i++)
        if (strcmp(id, "*") == 0 || strcmp(id_of(c->ds, list, i), id) == 0)
            if (!(ids[m++] = co_strdup(id_of(c->ds, list, i))))
                c->oom = 1;
    drop_items(c, list, ids, m, NULL);
    for (int l = 0; l < CO_N_LISTS && !c->oom; l++) {
        for (int k = 0; k < co_entities[l].n_fields; k++) {
            const co_field *f = &co_entities[l].fields[k];
            if (f->target != list || l == list)
                continue;
            if (f->type == CO_FT_REF)
                drop_items(c, l, ids, m, f);
            else if (f->type == CO_FT_REFS || f->type == CO_FT_AREA_MAP)
                for (int i = 0; i < co_list_n(c->ds, l); i++)
                    drop_entries(co_list_item(c->ds, l, i), f, ids, m);
        }
    }
    for (int i = 0; i < m; i++)
        free(ids[i]);
    free(ids);
}

/* ---- one field of one item --------------------------------------------- */

static co_area_value *map_entry(void *item, const co_field *f, const char *key)
{
    co_area_value *v = *CO_AT(item, f->off, co_area_value *);
    for (int k = 0; k < *CO_AT(item, f->aux, int); k++)
        if (v[k].area && strcmp(v[k].area, key) == 0)
            return &v[k];
    return NULL;
}

/* Appends a zeroed element of `size` bytes to the array *arr of *n:
 * returns it, or NULL (the array as it was, c->oom set) when out of
 * memory. */
static void *append(ectx *c, void *arr, int *n, size_t size)
{
    void **a = arr;
    char *p = realloc(*a, ((size_t)*n + 1) * size);
    if (!p) {
        c->oom = 1;
        return NULL;
    }
    *a = p;
    memset(p + (size_t)*n * size, 0, size);
    return p + (size_t)(*n)++ * size;
}

/* A place for an entry made by a change: co_dataset_relocate gives it its
 * place in the dataset before anything is checked. */
static int entry_where(co_where *w, const co_where *change)
{
    return co_where_set(w, ':', "%s", change->text);
}

/* set LIST.ID.FIELD.KEY of an area map to a number. */
static void set_key(ectx *c, void *item, const co_field *f, const char *key, double x)
{
    co_area_value *v = map_entry(item, f, key);
    if (v) {
        v->value = x;
        return;
    }
    v = append(c, CO_AT(item, f->off, co_area_value *), CO_AT(item, f->aux, int), sizeof *v);
    if (!v)
        return;
    v->area = co_strdup(key);
    v->area_field = co_strdup(key);
    v->value_field = co_strdup(key);
    v->a = -1;
    v->value = x;
    if (!v->area || !v->area_field || !v->value_field || entry_where(&v->where, c->w) != CO_OK)
        c->oom = 1;
}

/* add LIST.ID.FIELD: an id to a list of ids (once). */
static void add_ref(ectx *c, void *item, const co_field *f, const char *id)
{
    co_ref **arr = CO_AT(item, f->off, co_ref *);
    int *n = CO_AT(item, f->aux, int);
    for (int k = 0; k < *n; k++)
        if ((*arr)[k].id && strcmp((*arr)[k].id, id) == 0)
            return;
    co_ref *r = append(c, arr, n, sizeof *r);
    if (!r)
        return;
    r->id = co_strdup(id);
    r->index = -1;
    if (!r->id || entry_where(&r->where, c->w) != CO_OK)
        c->oom = 1;
}

/* scale of one number (named `what` in messages) by the factor. */
static void scale_number(ectx *c, double *v, const char *what)
{
    double x = *v * c->e->factor;
    if (!isfinite(x)) {
        perr(c, "scaling %s by %s leaves the range of numbers", what, co_num(0, c->e->factor));
        return;
    }
    *v = x;
}

/* scale of field f of an item: a number given is scaled; a field not given
 * stays not given; any other value is an error. */
static void scale_field(ectx *c, void *item, const co_field *f, const char *what)
{
    if (!co_field_given(f, item))
        return;
    int numeric = f->type == CO_FT_NUMBER || f->type == CO_FT_COUNT ||
                  (f->type == CO_FT_LEVEL && !*CO_AT(item, f->aux, char *));
    if (numeric) {
        scale_number(c, CO_AT(item, f->off, double), what);
        return;
    }
    co_year_map *m = f->type == CO_FT_YEAR_MAP ? CO_AT(item, f->off, co_year_map) : NULL;
    if (m && m->has_all) { /* one number for every year */
        scale_number(c, &m->all, what);
        return;
    }
    co_json *v = co_field_to_json(f, item);
    if (!v) {
        c->oom = 1;
        return;
    }
    perr(c, "cannot scale %s: not a number, got '%s'", what, co_json_text(0, v));
    co_json_free(v);
}

static co_year_value *year_entry(co_year_map *m, int year)
{
    for (int k = 0; k < m->n; k++)
        if (m->v[k].year == year)
            return &m->v[k];
    return NULL;
}

/* set LIST.ID.FIELD.YEAR of a map by year to a number. */
static void set_year(ectx *c, co_year_map *m, int year, double x, const char *what)
{
    co_year_value *v = year_entry(m, year);
    if (m->has_all) {
        perr(c, "cannot set %s: it is one number for every year (set it whole)", what);
        return;
    }
    if (v) {
        v->value = x;
        return;
    }
    v = append(c, &m->v, &m->n, sizeof *v);
    if (!v)
        return;
    v->year = year;
    v->value = x;
    if (entry_where(&v->where, c->w) != CO_OK)
        c->oom = 1;
}

static void drop_year(co_year_map *m, int year)
{
    int k = 0;
    for (int i = 0; i < m->n; i++) {
        if (m->v[i].year == year)
            co_where_release(&m->v[i].where);
        else
            m->v[k++] = m->v[i];
    }
    m->n = k;
}

/* The scale a field's row asks along with its own (a donor's budget_by_year
 * with its budget): every number of it. */
static void scale_also(ectx *c, int list, void *item, const co_field *f, const char *id)
{
    const co_field *also = f->scale_also ? co_field_find(&co_entities[list], f->scale_also) : NULL;
    if (!also || also->type != CO_FT_YEAR_MAP)
        return;
    co_year_map *m = CO_AT(item, also->off, co_year_map);
    char what[160];
    if (m->has_all) {
        snprintf(what, sizeof what, "%s of %s '%s'", also->key, co_entities[list].kind,
                 co_q(0, id));
        scale_number(c, &m->all, what);
    }
    for (int k = 0; k < m->n; k++) {
        snprintf(what, sizeof what, "%s.%d of %s '%s'", also->key, m->v[k].year,
                 co_entities[list].kind, co_q(0, id));
        scale_number(c, &m->v[k].value, what);
    }
}

/* Whether removing field f of an item would leave a required field
 * without what stands in for it (a need's amount not given beside its
 * work): then an error, and 1. */
static int needed(ectx *c, int list, void *item, const co_field *f, const char *id)
{
    const co_entity *e = &co_entities[list];
    for (int k = 0; k < e->n_fields; k++) {
        const co_field *g = &e->fields[k];
        if (g->unless && strcmp(g->unless, f->key) == 0 && (g->flags & CO_FF_REQUIRED) &&
            co_field_given(f, item) && !co_field_given(g, item)) {
            perr(c, "cannot remove %s of %s '%s': its %s comes from it (set %s first)", f->key,
                 e->kind, co_q(0, id), g->key, g->key);
            return 1;
        }
    }
    return 0;
}

/* set, scale or remove LIST.ID.FIELD.KEY of an object (a need's work): the
 * field `sub` of it; a set's value read into the object of `scratch`. */
static void change_sub(ectx *c, void *item, const co_field *f, const co_field *sub,
                       const void *scratch, const char *what, const char *id, int list)
{
    void *obj = CO_AT(item, f->off, char);
    switch (c->e->op) {
    case CO_EDIT_SET:
        /* a field of an object the item does not have: the object's
         * required fields would be missing */
        if (!*CO_AT(item, f->aux, int)) {
            perr(c, "%s '%s' has no %s (set %s whole)", co_entities[list].kind, co_q(0, id),
                 f->key, f->key);
            break;
        }
        if (co_field_copy(sub, obj, CO_AT_C(scratch, f->off, char)) != 0)
            c->oom = 1;
        break;
    case CO_EDIT_SCALE:
        if (*CO_AT(item, f->aux, int))
            scale_field(c, obj, sub, what);
        break;
    case CO_EDIT_REMOVE:
        co_field_clear(sub, obj);
        break;
    case CO_EDIT_ADD:
        break;
    }
}

/* set, scale, remove or add on one item (its id `id`): the field f, or
 * its key (parts[3] when n == 4); a set's value read into `scratch`. */
static void change_item(ectx *c, int list, void *item, const char *id, const co_field *f,
                        char **parts, int n, const void *scratch)
{
    int object = f->type == CO_FT_OBJECT, by_year = f->type == CO_FT_YEAR_MAP;
    char *what = n == 4 && object
                     ? co_asprintf("%s.%s of %s '%s'", f->key, parts[3], co_entities[list].kind,
                                   co_q(0, id))
                     : co_asprintf("%s of %s '%s'", n == 4 ? parts[3] : f->key,
                                   co_entities[list].kind, co_q(0, id));
    co_year_map *m = by_year ? CO_AT(item, f->off, co_year_map) : NULL;
    int year = by_year && n == 4 ? (int)strtol(parts[3], NULL, 10) : 0;
    int number = co_json_type(c->e->value) == CO_JSON_NUMBER;
    if (!what) {
        c->oom = 1;
        return;
    }
    if (n == 4 && object) {
        change_sub(c, item, f, co_field_find_in(f->sub, f->n_sub, parts[3]), scratch, what, id,
                   list);
        free(what);
        return;
    }
    switch (c->e->op) {
    case CO_EDIT_SET:
        if (n == 4 && by_year && number)
            set_year(c, m, year, co_json_number(c->e->value), what);
        else if (n == 4 && by_year) /* not a number (reported): the year not given */
            drop_year(m, year);
        else if (n == 4 && number)
            set_key(c, item, f, parts[3], co_json_number(c->e->value));
        else if (n == 4) /* not a number (reported): the key not given */
            drop_entries(item, f, &parts[3], 1);
        else if (co_field_copy(f, item, scratch) != 0)
            c->oom = 1;
        break;
    case CO_EDIT_SCALE:
        if (n == 4 && by_year) {
            co_year_value *v = year_entry(m, year);
            if (v) /* a year not given stays not given */
                scale_number(c, &v->value, what);
        } else if (n == 4) {
            co_area_value *v = map_entry(item, f, parts[3]);
            if (v) /* a key not given stays not given */
                scale_number(c, &v->value, what);
        } else {
            scale_field(c, item, f, what);
            scale_also(c, list, item, f, id);
        }
        break;
    case CO_EDIT_REMOVE:
        if (n == 4 && by_year)
            drop_year(m, year);
        else if (n == 4)
            drop_entries(item, f, &parts[3], 1);
        else if (!needed(c, list, item, f, id))
            co_field_clear(f, item);
        break;
    case CO_EDIT_ADD:
        add_ref(c, item, f, co_json_string(c->e->value));
        break;
    }
    free(what);
}

/* An error "unknown KIND field 'KEY'" with a hint, about `about` (the
 * path or the value). */
static void unknown_field(ectx *c, const co_entity *e, const char *key, const char *about)
{
    const char *keys[32];
    int nk = 0;
    for (int k = 0; k < e->n_fields && nk < 32; k++)
        keys[nk++] = e->fields[k].key;
    const char *near = co_nearest(key, keys, nk);
    c->bad++;
    if (near)
        co_err_at(c->dg, c->w, about, "unknown %s field '%s' (did you mean '%s'?)", e->kind,
                  co_q(0, key), near);
    else
        co_err_at(c->dg, c->w, about, "unknown %s field '%s'", e->kind, co_q(0, key));
}

/* The field of a path (parts[2], and parts[3] when n == 4) checked for the
 * op; returns it, or NULL after an error. */
static const co_field *check_field(ectx *c, int list, char **parts, int n)
{
    const co_entity *e = &co_entities[list];
    const char *field = parts[2];
    const co_field *f = co_field_find(e, field);
    enum co_edit_op op = c->e->op;
    if (!f) {
        unknown_field(c, e, field, c->pfield);
        return NULL;
    }
    if (f->type == CO_FT_ID) {
        perr(c, "an id cannot be changed (remove the item and add a new one)");
        return NULL;
    }
    int map = f->type == CO_FT_AREA_MAP || f->type == CO_FT_YEAR_MAP ||
              f->type == CO_FT_OBJECT,
        refs = f->type == CO_FT_REFS;
    if (op == CO_EDIT_ADD && !refs) {
        perr(c, "add takes a list: areas, states, donors, needs, or a donor's "
                "excluded_states or priority_states");
        return NULL;
    }
    if (n == 3 && op == CO_EDIT_REMOVE && (f->flags & CO_FF_REQUIRED)) {
        perr(c, "'%s' is required and cannot be removed", field);
        return NULL;
    }
    if (n == 4 && !map && !(refs && op == CO_EDIT_REMOVE)) {
        perr(c, "'%s' has no keys", field);
        return NULL;
    }
    if (op == CO_EDIT_ADD) {
        const char *id = co_json_string(c->e->value);
        if (!id) {
            verr(c, "must be a %s id (a string), got %s '%s'", co_entities[f->target].kind,
                 co_json_type_name(c->e->value), co_json_text(0, c->e->value));
            return NULL;
        }
        return find(c, f->target, id, "value") >= 0 ? f : NULL;
    }
    int year;
    if (n == 4 && f->type == CO_FT_YEAR_MAP && co_parse_year(parts[3], &year) != 0) {
        perr(c, "'%s' is not a year (1000 to 9999)", co_q(0, parts[3]));
        return NULL;
    }
    if (n == 4 && f->type == CO_FT_OBJECT) {
        const co_field *sub = co_field_find_in(f->sub, f->n_sub, parts[3]);
        if (!sub) {
            const char *keys[16];
            int nk = 0;
            for (int k = 0; k < f->n_sub && nk < 16; k++)
                keys[nk++] = f->sub[k].key;
            const char *near = co_nearest(parts[3], keys, nk);
            if (near)
                perr(c, "unknown %s field '%s.%s' (did you mean '%s.%s'?)", e->kind, field,
                     co_q(0, parts[3]), field, near);
            else
                perr(c, "unknown %s field '%s.%s'", e->kind, field, co_q(0, parts[3]));
            return NULL;
        }
        if (op == CO_EDIT_REMOVE && (sub->flags & CO_FF_REQUIRED)) {
            perr(c, "'%s.%s' is required and cannot be removed (remove %s)", field, sub->key,
                 field);
            return NULL;
        }
    }
    if (n == 4 && f->type == CO_FT_AREA_MAP && find(c, f->target, parts[3], c->pfield) < 0)
        return NULL;
    if (n == 4 && refs && find(c, f->target, parts[3], c->pfield) < 0)
        return NULL;
    return f;
}

/* A new item of list l from the change's value, at the end of the list. */
static void add_item(ectx *c, int list)
{
    const co_entity *e = &co_entities[list];
    const co_json *value = c->e->value;
    if (co_json_type(value) != CO_JSON_OBJECT) {
        verr(c, "must be an object (a %s), got %s '%s'", e->kind, co_json_type_name(value),
             co_json_text(0, value));
        return;
    }
    int bad = 0;
    for (const co_json *a = co_json_first(value); a; a = co_json_next(a)) {
        const char *key = co_json_key(a);
        if (co_field_find(e, key)) {
            for (const co_json *b = co_json_first(value); b != a && !bad; b = co_json_next(b))
                if (strcmp(co_json_key(b), key) == 0) {
                    verr(c, "%s field '%s' given twice", e->kind, co_q(0, key));
                    bad++;
                }
            continue;
        }
        unknown_field(c, e, key, "value");
        bad++;
    }
    if (bad)
        return;
    void *item = append(c, CO_AT(c->ds, e->off_items, void *), co_list_count(c->ds, list),
                        e->size);
    if (!item)
        return;
    co_item_init(e, item);
    /* the item's fields, read as the JSON loader reads them; one of the
     * wrong type is an error here and stays not given, and the item is
     * added even so: later changes of the scenario may name it */
    co_where w = {0};
    co_jread r = {.dg = c->dg};
    if (co_where_set(&w, '.', "%s: value", c->w->text) != CO_OK ||
        entry_where(co_item_where(e, item), c->w) != CO_OK) {
        c->oom = 1;
    } else {
        co_item_read_json(&r, e->fields, e->n_fields, item, value, &w);
    }
    co_where_release(&w);
    c->soft += r.bad;
    c->oom |= r.oom;
}

/* ---- parameters ---------------------------------------------------------- */

/* The index of a parameter's name, or -1 after an error with a hint. */
static int param_index(ectx *c, const char *name)
{
    const char *names[64];
    int n = co_param_count();
    for (int i = 0; i < n && i < 64; i++) {
        names[i] = co_param_name(i);
        if (strcmp(names[i], name) == 0)
            return i;
    }
    const char *near = co_nearest(name, names, n < 64 ? n : 64);
    if (near)
        perr(c, "unknown parameter '%s' (did you mean '%s'?)", co_q(0, name), near);
    else
        perr(c, "unknown parameter '%s'", co_q(0, name));
    return -1;
}

static co_param_text *param_of(co_dataset *ds, const char *name)
{
    for (int i = 0; i < ds->n_params; i++)
        if (ds->params[i].name && strcmp(ds->params[i].name, name) == 0)
            return &ds->params[i];
    return NULL;
}

/* set, scale or remove of parameters.NAME, checked by the parameter table. */
static void change_param(ectx *c, const char *name)
{
    co_dataset *ds = c->ds;
    int i = param_index(c, name);
    if (i < 0)
        return;
    co_param_text *cur = param_of(ds, name);
    if (c->e->op == CO_EDIT_REMOVE) {
        int m = 0;
        for (int k = 0; k < ds->n_params; k++) {
            if (ds->params[k].name && strcmp(ds->params[k].name, name) == 0)
                co_param_text_release(&ds->params[k]);
            else
                ds->params[m++] = ds->params[k];
        }
        ds->n_params = m;
        return;
    }
    const co_json *v = c->e->value;
    double x = 0;
    if (c->e->op == CO_EDIT_SCALE) {
        co_params p;
        if (i == 0 || (cur && !cur->is_num && co_parse_double(cur->text, &x) != 0)) {
            perr(c, "cannot scale parameter '%s': not a number", name);
            return;
        }
        if (cur && cur->is_num)
            x = cur->num;
        else if (!cur && co_params_resolve(ds, NULL, &p, NULL) == CO_OK)
            x = co_param_get(&p, i); /* the value in force: the default */
        x *= c->e->factor;
    } else if (co_json_type(v) == CO_JSON_NUMBER) {
        x = co_json_number(v);
    } else if (co_json_type(v) != CO_JSON_STRING) {
        verr(c, "must be a number or a string, got %s '%s'", co_json_type_name(v),
             co_json_text(0, v));
        return;
    }
    int is_num = c->e->op == CO_EDIT_SCALE || co_json_type(v) == CO_JSON_NUMBER;
    co_param_text t = {.name = (char *)(uintptr_t)name,
                       .text = (char *)(uintptr_t)(is_num ? co_num(3, x) : co_json_string(v)),
                       .is_num = is_num,
                       .num = x};
    co_params scratch;
    co_params_defaults(&scratch);
    if (co_param_apply(&scratch, &t, c->w, c->pfield, c->dg) != CO_OK) {
        c->bad++;
        return;
    }
    if (!cur) {
        if (!(cur = append(c, &ds->params, &ds->n_params, sizeof *cur)))
            return;
        if (!(cur->name = co_strdup(name)) || entry_where(&cur->where, c->w) != CO_OK)
            c->oom = 1;
    }
    free(cur->text);
    cur->is_num = is_num;
    cur->num = is_num ? x : 0;
    cur->text = co_strdup(is_num ? co_num(0, x) : co_json_string(v));
    if (!cur->text)
        c->oom = 1;
}

/* ---- a path ------------------------------------------------------------- */

static void change_path(ectx *c)
{
    enum co_edit_op op = c->e->op;
    char *copy = co_strdup(c->e->path);
    char *parts[5];
    int n = 0, list = -1;
    void *scratch = NULL;
    if (!copy) {
        c->oom = 1;
        return;
    }
    for (char *p = copy; n < 5;) {
        parts[n++] = p;
        char *dot = strchr(p, '.');
        if (!dot)
            break;
        *dot = '\0';
        p = dot + 1;
    }
    int empty = 0;
    for (int i = 0; i < n; i++)
        empty |= !parts[i][0];
    if (empty || n > 4) {
        perr(c, "not a path (list.id.field[.key] or parameters.name)");
        goto done;
    }
    if (strcmp(parts[0], "parameters") == 0) {
        if (n != 2 || op == CO_EDIT_ADD)
            perr(c, "%s of a parameter takes parameters.name", op_names[op]);
        else
            change_param(c, parts[1]);
        goto done;
    }
    const char *names[CO_N_LISTS + 1];
    for (int l = 0; l < CO_N_LISTS; l++) {
        names[l] = co_entities[l].list;
        if (strcmp(names[l], parts[0]) == 0)
            list = l;
    }
    names[CO_N_LISTS] = "parameters";
    if (list < 0) {
        const char *near = co_nearest(parts[0], names, CO_N_LISTS + 1);
        if (near)
            perr(c, "unknown list '%s' (did you mean '%s'?)", co_q(0, parts[0]), near);
        else
            perr(c, "unknown list '%s' (areas, states, donors, needs or parameters)",
                 co_q(0, parts[0]));
        goto done;
    }
    if (op == CO_EDIT_ADD && n == 1) {
        add_item(c, list);
        goto done;
    }
    if (n == 1 || (n == 2 && op != CO_EDIT_REMOVE)) {
        perr(c, "%s takes %s", op_names[op],
             op == CO_EDIT_REMOVE ? "list.id, list.id.field[.key] or parameters.name"
             : op == CO_EDIT_ADD  ? "a list (needs), or donors.id.excluded_states"
                                    " or donors.id.priority_states"
                                  : "list.id.field[.key] or parameters.name");
        goto done;
    }
    int all = strcmp(parts[1], "*") == 0;
    if (!all && find(c, list, parts[1], c->pfield) < 0)
        goto done;
    if (n == 2) {
        remove_items(c, list, parts[1]);
        goto done;
    }
    const co_field *f = check_field(c, list, parts, n);
    if (!f)
        goto done;
    if (op == CO_EDIT_SET && (n == 3 || f->type == CO_FT_OBJECT)) {
        /* the value read once, as the JSON loader reads a field (or a
         * field of an object); copied into each item below */
        const co_entity *e = &co_entities[list];
        co_jread r = {.dg = c->dg};
        co_where w = {.text = c->w->text, .sep = ':'};
        scratch = malloc(e->size);
        if (!scratch) {
            c->oom = 1;
            goto done;
        }
        co_item_init(e, scratch);
        /* a value of the wrong type leaves the field not given, as the
         * JSON loader would: the dataset can still be checked */
        if (n == 3)
            co_field_read_json(&r, f, scratch, c->e->value, &w, "value");
        else
            co_field_read_json(&r, co_field_find_in(f->sub, f->n_sub, parts[3]),
                               CO_AT(scratch, f->off, char), c->e->value, &w, "value");
        c->soft += r.bad;
        c->oom |= r.oom;
        if (r.oom)
            goto done;
    } else if (op == CO_EDIT_SET && co_json_type(c->e->value) != CO_JSON_NUMBER) {
        c->soft++;
        co_err_at(c->dg, c->w, "value", "must be a number, got %s '%s'",
                  co_json_type_name(c->e->value), co_json_text(0, c->e->value));
    }
    for (int i = 0; i < co_list_n(c->ds, list) && !c->oom; i++) {
        const char *id = id_of(c->ds, list, i);
        if (all || strcmp(id, parts[1]) == 0)
            change_item(c, list, co_list_item(c->ds, list, i), id, f, parts, n, scratch);
    }
done:
    if (scratch) {
        co_item_release(&co_entities[list], scratch);
        free(scratch);
    }
    free(copy);
}

int co_edit_apply(co_dataset *ds, const co_edit *e, const co_where *where, co_diag *dg,
                  int *n_values)
{
    ectx c = {.ds = ds, .e = e, .dg = dg, .w = where};
    c.pfield = co_asprintf("path '%s'", co_q(0, e->path));
    if (!c.pfield)
        return -1;
    change_path(&c);
    free(c.pfield);
    *n_values += c.soft;
    return c.oom ? -1 : c.bad;
}
