/*
 * scenario.c: reads a scenario file (docs/FORMATS.md "Scenarios") and
 * applies one scenario to a base dataset: the base is written as JSON
 * (save_json.c), changed as a cJSON tree, read back and validated by the
 * dataset's own loader and validator. Rules are collected by id; resolving
 * them against an instance is extras.c's job.
 */
#include "base/json.h"
#include "run/scenario.h"

#include <cjson/cJSON.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "io/load.h"
#include "base/output.h"
#include "io/save.h"
#include "base/util.h"

/* ---- reading the file ------------------------------------------------ */

static const char *const op_names[] = {"set",   "scale", "remove", "add",
                                       "force", "lead",  "forbid", "pledge"};
#define N_OPS ((int)(sizeof op_names / sizeof op_names[0]))

/* The fields each op takes besides "op", all required; and how messages
 * list them. */
static const char *const op_fields[N_OPS][3] = {
    {"path", "value"}, {"path", "factor"}, {"path"},          {"path", "value"},
    {"donor", "state"}, {"donor", "state"}, {"donor", "state"}, {"donor", "need", "amount"}};
static const char *const op_takes[N_OPS] = {
    "path, value", "path, factor", "path", "path, value",
    "donor, state", "donor, state", "donor, state", "donor, need, amount"};

void co_scenario_set_init(co_scenario_set *set)
{
    memset(set, 0, sizeof *set);
}

static void change_release(co_change *ch)
{
    free(ch->path);
    cJSON_Delete(ch->value);
    free(ch->donor);
    free(ch->state);
    free(ch->need);
}

void co_scenario_set_release(co_scenario_set *set)
{
    if (!set)
        return;
    for (int i = 0; i < set->n; i++) {
        co_scenario *sc = &set->items[i];
        for (int k = 0; k < sc->n_changes; k++)
            change_release(&sc->changes[k]);
        free(sc->changes);
        free(sc->name);
        free(sc->where);
        co_diag_release(&sc->problems);
    }
    free(set->items);
    free(set->path);
    co_scenario_set_init(set);
}

static int field_index(const char *const *names, int n, const char *key)
{
    for (int i = 0; i < n && names[i]; i++)
        if (strcmp(names[i], key) == 0)
            return i;
    return -1;
}

static int n_fields(int op)
{
    int n = 0;
    while (n < 3 && op_fields[op][n])
        n++;
    return n;
}

/* Reads change k of a scenario into ch; problems go to sc->problems.
 * Returns 0, or -1 when out of memory. */
static int read_change(co_scenario *sc, int k, const cJSON *item, co_change *ch)
{
    co_diag *pd = &sc->problems;
    co_where w = {0};
    int oom = 0;
    if (co_where_set(&w, ':', "%s: changes[%d]", sc->where, k) != CO_OK)
        return -1;
    if (!cJSON_IsObject(item)) {
        co_err_at(pd, &w, NULL, "must be an object, got %s '%s'", co_json_type_name(item),
                  co_json_text(0, item));
        goto done;
    }
    const cJSON *op = cJSON_GetObjectItemCaseSensitive(item, "op");
    if (!op || cJSON_IsNull(op)) {
        co_err_at(pd, &w, "op", "required field is missing");
        goto done;
    }
    if (!cJSON_IsString(op)) {
        co_err_at(pd, &w, "op", "must be a string, got %s '%s'", co_json_type_name(op),
                  co_json_text(0, op));
        goto done;
    }
    int o = field_index(op_names, N_OPS, op->valuestring);
    if (o < 0) {
        const char *near = co_nearest(op->valuestring, op_names, N_OPS);
        if (near)
            co_err_at(pd, &w, "op", "unknown operation '%s' (did you mean '%s'?)",
                      co_q(0, op->valuestring), near);
        else
            co_err_at(pd, &w, "op",
                      "unknown operation '%s' (set, scale, remove, add, force, lead, forbid "
                      "or pledge)",
                      co_q(0, op->valuestring));
        goto done;
    }
    ch->op = (enum co_change_op)o;
    int nf = n_fields(o);
    for (const cJSON *a = item->child; a; a = a->next) {
        int dup = 0;
        for (const cJSON *b = item->child; b != a && !dup; b = b->next)
            dup = strcmp(a->string, b->string) == 0;
        if (dup) {
            co_err_at(pd, &w, a->string, "duplicate field");
            continue;
        }
        if (strcmp(a->string, "op") == 0 || field_index(op_fields[o], nf, a->string) >= 0)
            continue;
        const char *near = co_nearest(a->string, op_fields[o], nf);
        if (near)
            co_err_at(pd, &w, a->string, "not a field of '%s' (did you mean '%s'?)",
                      op_names[o], near);
        else
            co_err_at(pd, &w, a->string, "not a field of '%s' (it takes %s)", op_names[o],
                      op_takes[o]);
    }
    for (int f = 0; f < nf; f++) {
        const char *key = op_fields[o][f];
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, key);
        if (!v || cJSON_IsNull(v)) {
            co_err_at(pd, &w, key, "required field is missing");
            continue;
        }
        if (strcmp(key, "value") == 0) {
            ch->value = cJSON_Duplicate(v, 1);
            oom |= !ch->value;
        } else if (strcmp(key, "factor") == 0 || strcmp(key, "amount") == 0) {
            if (!cJSON_IsNumber(v)) {
                co_err_at(pd, &w, key, "must be a number, got %s '%s'", co_json_type_name(v),
                          co_json_text(0, v));
            } else if (key[0] == 'a' && !(v->valuedouble > 0)) {
                co_err_at(pd, &w, key, "must be a number > 0, got '%s'",
                          co_num(0, v->valuedouble));
            } else {
                *(key[0] == 'f' ? &ch->factor : &ch->amount) = v->valuedouble;
            }
        } else if (!cJSON_IsString(v)) {
            co_err_at(pd, &w, key, "must be a string, got %s '%s'", co_json_type_name(v),
                      co_json_text(0, v));
        } else {
            char **dst = key[0] == 'p'   ? &ch->path
                         : key[0] == 'd' ? &ch->donor
                         : key[0] == 's' ? &ch->state
                                         : &ch->need;
            *dst = co_strdup(v->valuestring);
            oom |= !*dst;
        }
    }
done:
    co_where_release(&w);
    return oom ? -1 : 0;
}

/* Reads the "changes" of scenario sc from its object. */
static int read_changes(co_scenario *sc, const cJSON *obj)
{
    co_where w = {.text = sc->where, .sep = ':'};
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(obj, "changes");
    if (!arr || cJSON_IsNull(arr)) {
        co_err_at(&sc->problems, &w, "changes", "required field is missing");
        return 0;
    }
    if (!cJSON_IsArray(arr)) {
        co_err_at(&sc->problems, &w, "changes", "must be an array, got %s '%s'",
                  co_json_type_name(arr), co_json_text(0, arr));
        return 0;
    }
    int n = cJSON_GetArraySize(arr);
    sc->changes = calloc((size_t)n + 1, sizeof *sc->changes);
    if (!sc->changes)
        return -1;
    for (const cJSON *it = arr->child; it; it = it->next) {
        if (read_change(sc, sc->n_changes, it, &sc->changes[sc->n_changes]) != 0)
            return -1;
        sc->n_changes++;
    }
    return 0;
}

/* Warns of fields of `obj` that are not in `known`. */
static void warn_unknown(const cJSON *obj, const co_where *w, const char *const *known, int n,
                         co_diag *dg)
{
    for (const cJSON *a = obj->child; a; a = a->next) {
        if (field_index(known, n, a->string) >= 0)
            continue;
        const char *near = co_nearest(a->string, known, n);
        if (near)
            co_warn_at(dg, w, NULL, "unknown field '%s', ignored (did you mean '%s'?)",
                       co_q(0, a->string), near);
        else
            co_warn_at(dg, w, NULL, "unknown field '%s', ignored", co_q(0, a->string));
    }
}

/* The name of scenario i, checked: NULL (with an error) when missing,
 * empty, not a string, or given before. */
static const char *scenario_name(const char *file, const cJSON *arr, const cJSON *it, int i,
                                 co_diag *dg)
{
    co_where w = {0};
    const char *name = NULL;
    if (co_where_set(&w, '.', "%s: scenarios[%d]", file, i) != CO_OK)
        return NULL;
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, "name");
    if (!v || cJSON_IsNull(v)) {
        co_err_at(dg, &w, "name", "required field is missing");
        goto done;
    }
    if (!cJSON_IsString(v) || !v->valuestring[0]) {
        co_err_at(dg, &w, "name", "must be a non-empty string, got %s '%s'",
                  co_json_type_name(v), co_json_text(0, v));
        goto done;
    }
    int j = 0;
    for (const cJSON *o = arr->child; o != it; o = o->next, j++) {
        const cJSON *on = cJSON_GetObjectItemCaseSensitive(o, "name");
        if (cJSON_IsString(on) && strcmp(on->valuestring, v->valuestring) == 0) {
            co_err_at(dg, &w, "name", "duplicate name '%s' (first at scenarios[%d])",
                      co_q(0, v->valuestring), j);
            goto done;
        }
    }
    name = v->valuestring;
done:
    co_where_release(&w);
    return name;
}

static int load_tree(const char *file, const cJSON *root, co_scenario_set *out, co_diag *dg)
{
    static const char *const top_known[] = {"scenarios"};
    static const char *const sc_known[] = {"name", "changes"};
    co_where top = {.text = (char *)(uintptr_t)file, .sep = ':'};
    warn_unknown(root, &top, top_known, 1, dg);
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(root, "scenarios");
    if (!arr) {
        co_err_at(dg, &top, "scenarios", "required field is missing");
        return CO_EINPUT;
    }
    if (!cJSON_IsArray(arr)) {
        co_err_at(dg, &top, "scenarios", "must be an array, got %s '%s'",
                  co_json_type_name(arr), co_json_text(0, arr));
        return CO_EINPUT;
    }
    int n = cJSON_GetArraySize(arr), bad = 0, i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        if (!cJSON_IsObject(it)) {
            co_err(dg, "%s: scenarios[%d]: must be an object, got %s '%s'", file, i,
                   co_json_type_name(it), co_json_text(0, it));
            bad++;
        } else if (!scenario_name(file, arr, it, i, dg)) {
            bad++;
        }
    }
    if (bad)
        return CO_EINPUT;
    out->items = calloc((size_t)n + 1, sizeof *out->items);
    if (!out->items)
        return CO_EINTERNAL;
    i = 0;
    for (const cJSON *it = arr->child; it; it = it->next, i++) {
        co_scenario *sc = &out->items[out->n++];
        const char *name = cJSON_GetObjectItemCaseSensitive(it, "name")->valuestring;
        sc->index = i;
        co_diag_init(&sc->problems);
        sc->name = co_strdup(name);
        sc->where = co_asprintf("%s: scenario '%s'", file, co_q(0, name));
        if (!sc->name || !sc->where || read_changes(sc, it) != 0)
            return CO_EINTERNAL;
        co_where w = {.text = sc->where, .sep = ':'};
        warn_unknown(it, &w, sc_known, 2, dg);
    }
    return CO_OK;
}

int co_scenarios_load(const char *path, co_scenario_set *out, co_diag *dg)
{
    char *data = NULL;
    size_t len;
    cJSON *root = NULL;
    int rc;
    co_scenario_set_init(out);
    if (co_read_file(path, &data, &len) != 0) {
        co_err(dg, "%s: cannot read: %s", path, strerror(errno));
        return CO_EIO;
    }
    const char *file = strcmp(path, "-") == 0 ? "<stdin>" : path;
    rc = co_json_parse(file, data, len, &root, dg);
    if (rc != CO_OK)
        goto done;
    out->path = co_strdup(file);
    rc = out->path ? load_tree(file, root, out, dg) : CO_EINTERNAL;
    if (rc == CO_EINTERNAL)
        co_err(dg, "%s: out of memory", file);
done:
    if (rc != CO_OK)
        co_scenario_set_release(out);
    cJSON_Delete(root);
    free(data);
    return rc;
}

/* ---- applying one scenario ------------------------------------------- */

/* The dataset's lists: the fields a path may name, the required ones
 * (which remove refuses), and what messages call an item. */
typedef struct {
    const char *list, *kind;
    const char *const *fields;
    int n_fields, n_required; /* the first n_required fields are required */
} list_def;

static const char *const area_fields[] = {"id", "name", "crs_code"};
static const char *const state_fields[] = {"id", "name", "iso3"};
static const char *const donor_fields[] = {"id",          "budget",         "name",
                                           "expertise",   "area_budget",    "max_states",
                                           "min_grant",   "excluded_states", "priority_states"};
static const char *const need_fields[] = {"id",       "state",    "area",
                                          "amount",   "evidence", "secured",
                                          "deadline", "original_deadline", "secured_by",
                                          "note"};
#define LIST(l, k, f, r) {l, k, f, (int)(sizeof f / sizeof f[0]), r}
static const list_def lists[] = {
    LIST("areas", "area", area_fields, 1), LIST("states", "State", state_fields, 1),
    LIST("donors", "donor", donor_fields, 2), LIST("needs", "need", need_fields, 5)};
#undef LIST
#define N_LISTS ((int)(sizeof lists / sizeof lists[0]))

/* A donor's fields keyed by area id, and its lists of State ids. */
static int is_area_map(const char *field)
{
    return strcmp(field, "expertise") == 0 || strcmp(field, "area_budget") == 0;
}
static int is_state_list(const char *field)
{
    return strcmp(field, "excluded_states") == 0 || strcmp(field, "priority_states") == 0;
}

typedef struct {
    const co_dataset *base;
    cJSON *root;
    co_diag *dg;
    co_where w;   /* the change's place: "FILE: scenario 'N': changes[K]" */
    char *pfield; /* "path 'P'" for its messages */
    int bad, oom;
} actx;

/* An error about the change's path: "WHERE: changes[K]: path 'P': ...". */
__attribute__((format(printf, 2, 3))) static void perr(actx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *body = co_vasprintf(fmt, ap);
    va_end(ap);
    c->bad++;
    co_err_at(c->dg, &c->w, c->pfield, "%s", body ? body : "?");
    free(body);
}

static const char *item_id(const cJSON *item)
{
    const cJSON *id = cJSON_GetObjectItemCaseSensitive(item, "id");
    return cJSON_IsString(id) ? id->valuestring : "";
}

/* The item of arr with this id; else NULL after an error "unknown KIND id
 * 'ID'" with a hint (about the path when `field` is set, else the change). */
static cJSON *find_item(actx *c, const cJSON *arr, const char *kind, const char *id,
                        const char *field)
{
    int n = 0;
    for (cJSON *it = arr ? arr->child : NULL; it; it = it->next, n++)
        if (strcmp(item_id(it), id) == 0)
            return it;
    const char **names = malloc(((size_t)n + 1) * sizeof *names);
    const char *near = NULL;
    if (names) {
        n = 0;
        for (const cJSON *it = arr ? arr->child : NULL; it; it = it->next)
            names[n++] = item_id(it);
        near = co_nearest(id, names, n);
    }
    c->bad++;
    if (near)
        co_err_at(c->dg, &c->w, field, "unknown %s id '%s' (did you mean '%s'?)", kind,
                  co_q(0, id), co_q(1, near));
    else
        co_err_at(c->dg, &c->w, field, "unknown %s id '%s'", kind, co_q(0, id));
    free(names);
    return NULL;
}

static cJSON *list_of(actx *c, const char *name)
{
    return cJSON_GetObjectItemCaseSensitive(c->root, name);
}

/* Sets obj[key] to a copy of v (replacing what was there). */
static void put_copy(actx *c, cJSON *obj, const char *key, const cJSON *v)
{
    cJSON *copy = cJSON_Duplicate(v, 1);
    if (!copy) {
        c->oom = 1;
        return;
    }
    if (cJSON_GetObjectItemCaseSensitive(obj, key))
        cJSON_ReplaceItemInObjectCaseSensitive(obj, key, copy);
    else
        cJSON_AddItemToObject(obj, key, copy);
}

/* obj[key], created as an empty object or array when missing. */
static cJSON *child(actx *c, cJSON *obj, const char *key, int array)
{
    cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (v && !cJSON_IsNull(v))
        return v;
    cJSON *made = array ? cJSON_CreateArray() : cJSON_CreateObject();
    if (!made) {
        c->oom = 1;
        return NULL;
    }
    if (v)
        cJSON_ReplaceItemInObjectCaseSensitive(obj, key, made);
    else
        cJSON_AddItemToObject(obj, key, made);
    return made;
}

static int has_string(const cJSON *arr, const char *s)
{
    for (const cJSON *e = arr ? arr->child : NULL; e; e = e->next)
        if (cJSON_IsString(e) && strcmp(e->valuestring, s) == 0)
            return 1;
    return 0;
}

/* Drops from arr the strings in ids (n of them). */
static void drop_strings(cJSON *arr, char **ids, int n)
{
    cJSON *e = arr ? arr->child : NULL;
    while (e) {
        cJSON *next = e->next;
        for (int i = 0; i < n && cJSON_IsString(e); i++) {
            if (strcmp(e->valuestring, ids[i]) == 0) {
                cJSON_Delete(cJSON_DetachItemViaPointer(arr, e));
                break;
            }
        }
        e = next;
    }
}

/* Drops the items of arr whose `key` is one of ids (n of them). */
static void drop_items(cJSON *arr, const char *key, char **ids, int n)
{
    cJSON *it = arr ? arr->child : NULL;
    while (it) {
        cJSON *next = it->next;
        const cJSON *v = cJSON_GetObjectItemCaseSensitive(it, key);
        for (int i = 0; i < n && cJSON_IsString(v); i++) {
            if (strcmp(v->valuestring, ids[i]) == 0) {
                cJSON_Delete(cJSON_DetachItemViaPointer(arr, it));
                break;
            }
        }
        it = next;
    }
}

/* remove LIST.ID or LIST.*: the items, and with a State its needs and the
 * donors' references to it, with an area its needs and the donors'
 * expertise and caps in it. */
static void remove_items(actx *c, const list_def *ld, cJSON *arr, const char *id)
{
    int n = cJSON_GetArraySize(arr), m = 0;
    char **ids = calloc((size_t)n + 1, sizeof *ids);
    if (!ids) {
        c->oom = 1;
        return;
    }
    cJSON *it = arr->child;
    while (it) {
        cJSON *next = it->next;
        if (strcmp(id, "*") == 0 || strcmp(item_id(it), id) == 0) {
            if (!(ids[m++] = co_strdup(item_id(it))))
                c->oom = 1;
            cJSON_Delete(cJSON_DetachItemViaPointer(arr, it));
        }
        it = next;
    }
    int is_state = strcmp(ld->list, "states") == 0, is_area = strcmp(ld->list, "areas") == 0;
    if (!c->oom && (is_state || is_area)) {
        drop_items(list_of(c, "needs"), is_state ? "state" : "area", ids, m);
        for (cJSON *d = list_of(c, "donors")->child; d; d = d->next) {
            const char *const fields[2][2] = {{"excluded_states", "priority_states"},
                                              {"expertise", "area_budget"}};
            for (int f = 0; f < 2; f++) {
                cJSON *v = cJSON_GetObjectItemCaseSensitive(d, fields[is_area][f]);
                if (is_state)
                    drop_strings(v, ids, m);
                for (int i = 0; is_area && i < m; i++)
                    cJSON_DeleteItemFromObjectCaseSensitive(v, ids[i]);
            }
        }
    }
    for (int i = 0; i < m; i++)
        free(ids[i]);
    free(ids);
}

/* scale of one number `v` (named `what` in messages) by the factor. */
static void scale_number(actx *c, cJSON *v, double factor, const char *what)
{
    if (!cJSON_IsNumber(v)) {
        perr(c, "cannot scale %s: not a number, got '%s'", what, co_json_text(0, v));
        return;
    }
    double x = v->valuedouble * factor;
    if (!isfinite(x)) {
        perr(c, "scaling %s by %s leaves the range of numbers", what, co_num(0, factor));
        return;
    }
    cJSON_SetNumberValue(v, x);
}

/* set, scale, remove or add on one item: the field (parts[2]) or its key
 * (parts[3], n == 4). */
static void change_item(actx *c, const co_change *ch, const list_def *ld, cJSON *item,
                        char **parts, int n)
{
    const char *field = parts[2];
    char *what = co_asprintf("%s of %s '%s'", n == 4 ? parts[3] : field, ld->kind,
                             co_q(0, item_id(item)));
    if (!what) {
        c->oom = 1;
        return;
    }
    cJSON *holder = item; /* the object that holds the key */
    const char *key = field;
    if (n == 4 && is_area_map(field)) {
        holder = ch->op == CO_OP_SET ? child(c, item, field, 0)
                                     : cJSON_GetObjectItemCaseSensitive(item, field);
        key = parts[3];
    }
    cJSON *cur = holder ? cJSON_GetObjectItemCaseSensitive(holder, key) : NULL;
    switch (ch->op) {
    case CO_OP_SET:
        if (holder)
            put_copy(c, holder, key, ch->value);
        break;
    case CO_OP_SCALE:
        if (cur) /* a field not given stays not given */
            scale_number(c, cur, ch->factor, what);
        break;
    case CO_OP_REMOVE:
        if (n == 4 && is_state_list(field))
            drop_strings(cJSON_GetObjectItemCaseSensitive(item, field), &parts[3], 1);
        else if (holder)
            cJSON_DeleteItemFromObjectCaseSensitive(holder, key);
        break;
    default: /* add: a State id to the donor's list */
        if (!has_string(cJSON_GetObjectItemCaseSensitive(item, field), ch->value->valuestring)) {
            cJSON *arr = child(c, item, field, 1), *s = cJSON_Duplicate(ch->value, 0);
            if (!arr || !s || !cJSON_AddItemToArray(arr, s)) {
                cJSON_Delete(s);
                c->oom = 1;
            }
        }
    }
    free(what);
}

/* The field of a path (parts[2], and parts[3] when n == 4) checked for op;
 * returns 0, or -1 after an error. */
static int check_field(actx *c, const co_change *ch, const list_def *ld, char **parts, int n)
{
    const char *field = parts[2];
    if (field_index(ld->fields, ld->n_fields, field) < 0) {
        const char *near = co_nearest(field, ld->fields, ld->n_fields);
        if (near)
            perr(c, "unknown %s field '%s' (did you mean '%s'?)", ld->kind, co_q(0, field),
                 near);
        else
            perr(c, "unknown %s field '%s'", ld->kind, co_q(0, field));
        return -1;
    }
    if (strcmp(field, "id") == 0) {
        perr(c, "an id cannot be changed (remove the item and add a new one)");
        return -1;
    }
    int map = is_area_map(field), refs = is_state_list(field);
    if (ch->op == CO_OP_ADD && !refs) {
        perr(c, "add takes a list: areas, states, donors, needs, or a donor's "
                "excluded_states or priority_states");
        return -1;
    }
    if (n == 3 && ch->op == CO_OP_REMOVE &&
        field_index(ld->fields, ld->n_required, field) >= 0) {
        perr(c, "'%s' is required and cannot be removed", field);
        return -1;
    }
    if (n == 4 && !map && !(refs && ch->op == CO_OP_REMOVE)) {
        perr(c, "'%s' has no keys", field);
        return -1;
    }
    if (ch->op == CO_OP_ADD) {
        if (!cJSON_IsString(ch->value)) {
            co_err_at(c->dg, &c->w, "value", "must be a State id (a string), got %s '%s'",
                      co_json_type_name(ch->value), co_json_text(0, ch->value));
            c->bad++;
            return -1;
        }
        return find_item(c, list_of(c, "states"), "State", ch->value->valuestring, "value")
                   ? 0
                   : -1;
    }
    if (n == 4 && map)
        return find_item(c, list_of(c, "areas"), "area", parts[3], c->pfield) ? 0 : -1;
    if (n == 4)
        return find_item(c, list_of(c, "states"), "State", parts[3], c->pfield) ? 0 : -1;
    return 0;
}

/* add LIST: a new item at the end of the list. */
static void add_item(actx *c, const co_change *ch, const list_def *ld, cJSON *arr)
{
    if (!cJSON_IsObject(ch->value)) {
        co_err_at(c->dg, &c->w, "value", "must be an object (a %s), got %s '%s'", ld->kind,
                  co_json_type_name(ch->value), co_json_text(0, ch->value));
        c->bad++;
        return;
    }
    int bad = 0;
    for (const cJSON *a = ch->value->child; a; a = a->next) {
        if (field_index(ld->fields, ld->n_fields, a->string) >= 0)
            continue;
        const char *near = co_nearest(a->string, ld->fields, ld->n_fields);
        if (near)
            co_err_at(c->dg, &c->w, "value", "unknown %s field '%s' (did you mean '%s'?)",
                      ld->kind, co_q(0, a->string), near);
        else
            co_err_at(c->dg, &c->w, "value", "unknown %s field '%s'", ld->kind,
                      co_q(0, a->string));
        bad++;
    }
    c->bad += bad;
    cJSON *copy = bad ? NULL : cJSON_Duplicate(ch->value, 1);
    if (!bad && (!copy || !cJSON_AddItemToArray(arr, copy))) {
        cJSON_Delete(copy);
        c->oom = 1;
    }
}

/* The index of a parameter's name, or -1 after an error with a hint. */
static int param_index(actx *c, const char *name)
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

/* set, scale or remove of parameters.NAME, checked by the parameter table. */
static void change_param(actx *c, const co_change *ch, const char *name)
{
    int i = param_index(c, name);
    if (i < 0)
        return;
    cJSON *params = child(c, c->root, "parameters", 0);
    if (!params)
        return;
    if (ch->op == CO_OP_REMOVE) {
        cJSON_DeleteItemFromObjectCaseSensitive(params, name);
        return;
    }
    const cJSON *v = ch->value;
    double x = 0;
    if (ch->op == CO_OP_SCALE) {
        const cJSON *cur = cJSON_GetObjectItemCaseSensitive(params, name);
        co_params p;
        if (i == 0 || (cJSON_IsString(cur) && co_parse_double(cur->valuestring, &x) != 0)) {
            perr(c, "cannot scale parameter '%s': not a number", name);
            return;
        }
        if (cJSON_IsNumber(cur))
            x = cur->valuedouble;
        else if (!cur && co_params_resolve(c->base, NULL, &p, NULL) == CO_OK)
            x = co_param_get(&p, i); /* the value in force: the default */
        x *= ch->factor;
    } else if (cJSON_IsNumber(v)) {
        x = v->valuedouble;
    } else if (!cJSON_IsString(v)) {
        co_err_at(c->dg, &c->w, "value", "must be a number or a string, got %s '%s'",
                  co_json_type_name(v), co_json_text(0, v));
        c->bad++;
        return;
    }
    int is_num = ch->op == CO_OP_SCALE || cJSON_IsNumber(v);
    co_param_text t = {.name = (char *)(uintptr_t)name,
                       .text = (char *)(uintptr_t)(is_num ? co_num(3, x) : v->valuestring),
                       .is_num = is_num,
                       .num = x};
    co_params scratch;
    co_params_defaults(&scratch);
    if (co_param_apply(&scratch, &t, &c->w, c->pfield, c->dg) != CO_OK) {
        c->bad++;
        return;
    }
    cJSON *nv = is_num ? cJSON_CreateNumber(x) : cJSON_CreateString(v->valuestring);
    if (!nv) {
        c->oom = 1;
        return;
    }
    put_copy(c, params, name, nv);
    cJSON_Delete(nv);
}

/* Applies a set, scale, remove or add change to the tree. */
static void change_path(actx *c, const co_change *ch)
{
    char *copy = co_strdup(ch->path);
    char *parts[5];
    int n = 0;
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
    const char *op = op_names[ch->op];
    if (empty || n > 4) {
        perr(c, "not a path (list.id.field[.key] or parameters.name)");
        goto done;
    }
    if (strcmp(parts[0], "parameters") == 0) {
        if (n != 2 || ch->op == CO_OP_ADD)
            perr(c, "%s of a parameter takes parameters.name", op);
        else
            change_param(c, ch, parts[1]);
        goto done;
    }
    const list_def *ld = NULL;
    const char *names[N_LISTS + 1];
    for (int i = 0; i < N_LISTS; i++) {
        names[i] = lists[i].list;
        if (strcmp(lists[i].list, parts[0]) == 0)
            ld = &lists[i];
    }
    names[N_LISTS] = "parameters";
    if (!ld) {
        const char *near = co_nearest(parts[0], names, N_LISTS + 1);
        if (near)
            perr(c, "unknown list '%s' (did you mean '%s'?)", co_q(0, parts[0]), near);
        else
            perr(c, "unknown list '%s' (areas, states, donors, needs or parameters)",
                 co_q(0, parts[0]));
        goto done;
    }
    cJSON *arr = list_of(c, ld->list);
    if (ch->op == CO_OP_ADD && n == 1) {
        add_item(c, ch, ld, arr);
        goto done;
    }
    if (n == 1 || (n == 2 && ch->op != CO_OP_REMOVE)) {
        perr(c, "%s takes %s", op,
             ch->op == CO_OP_REMOVE ? "list.id, list.id.field[.key] or parameters.name"
             : ch->op == CO_OP_ADD  ? "a list (needs), or donors.id.excluded_states"
                                      " or donors.id.priority_states"
                                    : "list.id.field[.key] or parameters.name");
        goto done;
    }
    int all = strcmp(parts[1], "*") == 0;
    if (!all && !find_item(c, arr, ld->kind, parts[1], c->pfield))
        goto done;
    if (n == 2) {
        remove_items(c, ld, arr, parts[1]);
        goto done;
    }
    if (check_field(c, ch, ld, parts, n) != 0)
        goto done;
    for (cJSON *it = arr->child; it && !c->oom; it = it->next)
        if (all || strcmp(item_id(it), parts[1]) == 0)
            change_item(c, ch, ld, it, parts, n);
done:
    free(copy);
}

/* A rule's ids, checked against the scenario's dataset (the tree after
 * every change). */
static void check_rule(actx *c, const co_change *ch)
{
    if (!find_item(c, list_of(c, "donors"), "donor", ch->donor, NULL))
        return;
    if (ch->op == CO_OP_PLEDGE)
        find_item(c, list_of(c, "needs"), "need", ch->need, NULL);
    else
        find_item(c, list_of(c, "states"), "State", ch->state, NULL);
}

/* Runs every change (paths first, in order, then the rules' ids) over the
 * tree; returns the number of errors, or -1 when out of memory. */
static int apply_changes(actx *c, const co_scenario *sc)
{
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < sc->n_changes && !c->oom; k++) {
            const co_change *ch = &sc->changes[k];
            int is_rule = ch->op >= CO_OP_FORCE;
            if (is_rule != pass)
                continue;
            free(c->pfield);
            c->pfield = is_rule ? NULL : co_asprintf("path '%s'", co_q(0, ch->path));
            if (co_where_set(&c->w, ':', "%s: changes[%d]", sc->where, k) != CO_OK ||
                (!is_rule && !c->pfield)) {
                c->oom = 1;
                break;
            }
            if (is_rule)
                check_rule(c, ch);
            else
                change_path(c, ch);
        }
    }
    return c->oom ? -1 : c->bad;
}

static const enum co_rule_kind rule_kind[] = {
    [CO_OP_FORCE] = CO_RULE_FORCE, [CO_OP_LEAD] = CO_RULE_LEAD,
    [CO_OP_FORBID] = CO_RULE_FORBID, [CO_OP_PLEDGE] = CO_RULE_PLEDGE};

/* Appends the scenario's rules; on failure drops those it added. */
static int add_rules(const co_scenario *sc, co_rules *rules)
{
    int n0 = rules->n;
    for (int k = 0; k < sc->n_changes; k++) {
        const co_change *ch = &sc->changes[k];
        if (ch->op < CO_OP_FORCE)
            continue;
        if (co_rules_add(rules, rule_kind[ch->op], ch->donor,
                         ch->op == CO_OP_PLEDGE ? NULL : ch->state, ch->need, ch->amount,
                         k) != CO_OK) {
            co_rules_truncate(rules, n0);
            return CO_EINTERNAL;
        }
    }
    return CO_OK;
}

/* The scenario's dataset from the changed tree: loaded under the
 * scenario's name (so the validator's messages start with it) and
 * validated; its source and sha256 are the base's. */
static int load_result(const co_dataset *base, const co_scenario *sc, const cJSON *root,
                       co_dataset **out, co_diag *dg)
{
    /* co_json_write, not cJSON's printer: that one may drop the last
     * digit of a number that needs 17 */
    co_buf text;
    co_buf_init(&text);
    co_json_write(root, 0, &text);
    co_dataset *ds = malloc(sizeof *ds);
    int rc = CO_EINTERNAL;
    if (text.oom || !text.data || !ds)
        goto done;
    co_dataset_init(ds);
    rc = co_load_json_mem(sc->where, text.data, text.len, ds, dg);
    if (rc == CO_OK || rc == CO_EINPUT) {
        int vr = co_dataset_validate(ds, dg); /* every problem, as co_dataset_load */
        if (rc == CO_OK)
            rc = vr;
    }
    if (rc != CO_OK)
        goto done;
    free(ds->source);
    ds->source = base->source ? co_strdup(base->source) : NULL;
    memcpy(ds->sha256, base->sha256, sizeof ds->sha256);
    if (base->source && !ds->source)
        rc = CO_EINTERNAL;
done:
    co_buf_release(&text);
    if (rc == CO_OK) {
        *out = ds;
    } else {
        co_dataset_free(ds);
        if (rc == CO_EINTERNAL)
            co_err(dg, "%s: out of memory", sc->where);
    }
    return rc;
}

int co_scenario_apply(const co_dataset *base, const co_scenario *sc, co_dataset **out,
                      co_rules *rules, co_diag *dg)
{
    co_buf b;
    actx c = {.base = base, .dg = dg};
    int rc = CO_EINPUT;
    *out = NULL;
    co_buf_init(&b);
    for (int i = 0; i < sc->problems.n; i++) {
        if (sc->problems.is_error[i])
            co_err(dg, "%s", sc->problems.msg[i]);
        else
            co_warn(dg, "%s", sc->problems.msg[i]);
    }
    if (sc->problems.errors)
        goto done;
    rc = co_save_json(base, &b, dg);
    if (rc != CO_OK)
        goto done;
    c.root = cJSON_ParseWithLength(b.data, b.len);
    int bad = c.root ? apply_changes(&c, sc) : -1;
    if (bad < 0) {
        co_err(dg, "%s: out of memory", sc->where);
        rc = CO_EINTERNAL;
    } else if (bad > 0) {
        rc = CO_EINPUT;
    } else {
        rc = load_result(base, sc, c.root, out, dg);
    }
    if (rc == CO_OK && (rc = add_rules(sc, rules)) != CO_OK) {
        co_err(dg, "%s: out of memory", sc->where);
        co_dataset_free(*out);
        *out = NULL;
    }
done:
    cJSON_Delete(c.root);
    co_where_release(&c.w);
    free(c.pfield);
    co_buf_release(&b);
    return rc;
}
