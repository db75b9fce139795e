/*
 * scenario.c: reads a scenario file (FORMATS.md "Scenarios") through
 * base/json.h, and applies one scenario to a copy of a base dataset:
 * set, scale, remove and add as typed edits through the schema
 * (data/edit.c), then the validator on the result. Rules are collected by
 * id; resolving them against an instance is extras.c's job.
 */
#include "run/scenario.h"

#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "data/edit.h"
#include "data/schema.h"

/* ---- reading the file ------------------------------------------------ */

static const char *const op_names[] = {"set",   "scale", "remove", "add",
                                       "force", "lead",  "forbid", "pledge"};
#define N_OPS ((int)(sizeof op_names / sizeof op_names[0]))

/* The fields each op takes besides "op", the required ones first (a
 * pledge's year is optional); and how messages list them. */
static const char *const op_fields[N_OPS][4] = {
    {"path", "value"},  {"path", "factor"}, {"path"},           {"path", "value"},
    {"donor", "state"}, {"donor", "state"}, {"donor", "state"},
    {"donor", "need", "amount", "year"}};
static const int op_required[N_OPS] = {2, 2, 1, 2, 2, 2, 2, 3};
static const char *const op_takes[N_OPS] = {
    "path, value", "path, factor", "path", "path, value",
    "donor, state", "donor, state", "donor, state", "donor, need, amount, year"};

void co_scenario_set_init(co_scenario_set *set)
{
    memset(set, 0, sizeof *set);
}

static void change_release(co_change *ch)
{
    free(ch->path);
    co_json_free(ch->value);
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
    while (n < 4 && op_fields[op][n])
        n++;
    return n;
}

/* Reads change k of a scenario into ch; problems go to sc->problems.
 * Returns 0, or -1 when out of memory. */
static int read_change(co_scenario *sc, int k, const co_json *item, co_change *ch)
{
    co_diag *pd = &sc->problems;
    co_where w = {0};
    int oom = 0;
    if (co_where_set(&w, ':', "%s: changes[%d]", sc->where, k) != CO_OK)
        return -1;
    if (co_json_type(item) != CO_JSON_OBJECT) {
        co_err_at(pd, &w, NULL, "must be an object, got %s '%s'", co_json_type_name(item),
                  co_json_text(0, item));
        goto done;
    }
    const co_json *op = co_json_get(item, "op");
    if (co_json_type(op) <= CO_JSON_NULL) {
        co_err_at(pd, &w, "op", "required field is missing");
        goto done;
    }
    if (co_json_type(op) != CO_JSON_STRING) {
        co_err_at(pd, &w, "op", "must be a string, got %s '%s'", co_json_type_name(op),
                  co_json_text(0, op));
        goto done;
    }
    const char *op_name = co_json_string(op);
    int o = field_index(op_names, N_OPS, op_name);
    if (o < 0) {
        const char *near = co_nearest(op_name, op_names, N_OPS);
        if (near)
            co_err_at(pd, &w, "op", "unknown operation '%s' (did you mean '%s'?)",
                      co_q(0, op_name), near);
        else
            co_err_at(pd, &w, "op",
                      "unknown operation '%s' (set, scale, remove, add, force, lead, forbid "
                      "or pledge)",
                      co_q(0, op_name));
        goto done;
    }
    ch->op = (enum co_change_op)o;
    int nf = n_fields(o);
    for (const co_json *a = co_json_first(item); a; a = co_json_next(a)) {
        const char *key = co_json_key(a);
        int dup = 0;
        for (const co_json *b = co_json_first(item); b != a && !dup; b = co_json_next(b))
            dup = strcmp(key, co_json_key(b)) == 0;
        if (dup) {
            co_err_at(pd, &w, key, "duplicate field");
            continue;
        }
        if (strcmp(key, "op") == 0 || field_index(op_fields[o], nf, key) >= 0)
            continue;
        const char *near = co_nearest(key, op_fields[o], nf);
        if (near)
            co_err_at(pd, &w, key, "not a field of '%s' (did you mean '%s'?)", op_names[o],
                      near);
        else
            co_err_at(pd, &w, key, "not a field of '%s' (it takes %s)", op_names[o],
                      op_takes[o]);
    }
    for (int f = 0; f < nf; f++) {
        const char *key = op_fields[o][f];
        const co_json *v = co_json_get(item, key);
        enum co_json_type t = co_json_type(v);
        if (t == CO_JSON_NONE || t == CO_JSON_NULL) {
            if (f < op_required[o])
                co_err_at(pd, &w, key, "required field is missing");
            continue;
        }
        if (strcmp(key, "year") == 0) {
            double y = co_json_number(v);
            if (t != CO_JSON_NUMBER || !(y >= 1000 && y <= 9999 && y == floor(y)))
                co_err_at(pd, &w, key, "must be a year (a whole number from 1000 to 9999), got "
                          "%s '%s'", co_json_type_name(v), co_json_text(0, v));
            else
                ch->year = (int)y;
        } else if (strcmp(key, "value") == 0) {
            ch->value = co_json_dup(v);
            oom |= !ch->value;
        } else if (strcmp(key, "factor") == 0 || strcmp(key, "amount") == 0) {
            double x = co_json_number(v);
            if (t != CO_JSON_NUMBER) {
                co_err_at(pd, &w, key, "must be a number, got %s '%s'", co_json_type_name(v),
                          co_json_text(0, v));
            } else if (key[0] == 'a' && !(x > 0)) {
                co_err_at(pd, &w, key, "must be a number > 0, got '%s'", co_num(0, x));
            } else {
                *(key[0] == 'f' ? &ch->factor : &ch->amount) = x;
            }
        } else if (t != CO_JSON_STRING) {
            co_err_at(pd, &w, key, "must be a string, got %s '%s'", co_json_type_name(v),
                      co_json_text(0, v));
        } else {
            char **dst = key[0] == 'p'   ? &ch->path
                         : key[0] == 'd' ? &ch->donor
                         : key[0] == 's' ? &ch->state
                                         : &ch->need;
            *dst = co_strdup(co_json_string(v));
            oom |= !*dst;
        }
    }
done:
    co_where_release(&w);
    return oom ? -1 : 0;
}

/* Reads the "changes" of scenario sc from its object. */
static int read_changes(co_scenario *sc, const co_json *obj)
{
    co_where w = {.text = sc->where, .sep = ':'};
    const co_json *arr = co_json_get(obj, "changes");
    if (co_json_type(arr) <= CO_JSON_NULL) {
        co_err_at(&sc->problems, &w, "changes", "required field is missing");
        return 0;
    }
    if (co_json_type(arr) != CO_JSON_ARRAY) {
        co_err_at(&sc->problems, &w, "changes", "must be an array, got %s '%s'",
                  co_json_type_name(arr), co_json_text(0, arr));
        return 0;
    }
    int n = co_json_size(arr);
    sc->changes = calloc((size_t)n + 1, sizeof *sc->changes);
    if (!sc->changes)
        return -1;
    for (const co_json *it = co_json_first(arr); it; it = co_json_next(it)) {
        if (read_change(sc, sc->n_changes, it, &sc->changes[sc->n_changes]) != 0)
            return -1;
        sc->n_changes++;
    }
    return 0;
}

/* Warns of fields of `obj` that are not in `known`. */
static void warn_unknown(const co_json *obj, const co_where *w, const char *const *known, int n,
                         co_diag *dg)
{
    for (const co_json *a = co_json_first(obj); a; a = co_json_next(a)) {
        const char *key = co_json_key(a);
        if (field_index(known, n, key) >= 0)
            continue;
        const char *near = co_nearest(key, known, n);
        if (near)
            co_warn_at(dg, w, NULL, "unknown field '%s', ignored (did you mean '%s'?)",
                       co_q(0, key), near);
        else
            co_warn_at(dg, w, NULL, "unknown field '%s', ignored", co_q(0, key));
    }
}

/* The name of scenario i, checked: NULL (with an error) when missing,
 * empty, not a string, or given before. */
static const char *scenario_name(const char *file, const co_json *arr, const co_json *it,
                                 int i, co_diag *dg)
{
    co_where w = {0};
    const char *name = NULL;
    if (co_where_set(&w, '.', "%s: scenarios[%d]", file, i) != CO_OK)
        return NULL;
    const co_json *v = co_json_get(it, "name");
    const char *text = co_json_string(v);
    if (co_json_type(v) <= CO_JSON_NULL) {
        co_err_at(dg, &w, "name", "required field is missing");
        goto done;
    }
    if (!text || !text[0]) {
        co_err_at(dg, &w, "name", "must be a non-empty string, got %s '%s'",
                  co_json_type_name(v), co_json_text(0, v));
        goto done;
    }
    int j = 0;
    for (const co_json *o = co_json_first(arr); o != it; o = co_json_next(o), j++) {
        const char *other = co_json_string(co_json_get(o, "name"));
        if (other && strcmp(other, text) == 0) {
            co_err_at(dg, &w, "name", "duplicate name '%s' (first at scenarios[%d])",
                      co_q(0, text), j);
            goto done;
        }
    }
    name = text;
done:
    co_where_release(&w);
    return name;
}

static int load_tree(const char *file, const co_json *root, co_scenario_set *out, co_diag *dg)
{
    static const char *const top_known[] = {"scenarios"};
    static const char *const sc_known[] = {"name", "changes"};
    co_where top = {.text = (char *)(uintptr_t)file, .sep = ':'};
    warn_unknown(root, &top, top_known, 1, dg);
    const co_json *arr = co_json_get(root, "scenarios");
    if (!arr) {
        co_err_at(dg, &top, "scenarios", "required field is missing");
        return CO_EINPUT;
    }
    if (co_json_type(arr) != CO_JSON_ARRAY) {
        co_err_at(dg, &top, "scenarios", "must be an array, got %s '%s'",
                  co_json_type_name(arr), co_json_text(0, arr));
        return CO_EINPUT;
    }
    int n = co_json_size(arr), bad = 0, i = 0;
    for (const co_json *it = co_json_first(arr); it; it = co_json_next(it), i++) {
        if (co_json_type(it) != CO_JSON_OBJECT) {
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
    for (const co_json *it = co_json_first(arr); it; it = co_json_next(it), i++) {
        co_scenario *sc = &out->items[out->n++];
        const char *name = co_json_string(co_json_get(it, "name"));
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
    co_json *root = NULL;
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
    co_json_free(root);
    free(data);
    return rc;
}

/* ---- applying one scenario ------------------------------------------- */

/* A rule's ids, checked against the scenario's dataset (after every
 * change); returns the errors. */
static int check_rule(const co_dataset *ds, const co_change *ch, const co_where *w,
                      co_diag *dg)
{
    if (co_edit_find(ds, CO_DONORS, ch->donor, w, NULL, dg) < 0)
        return 1;
    if (ch->op != CO_OP_PLEDGE)
        return co_edit_find(ds, CO_STATES, ch->state, w, NULL, dg) < 0;
    if (co_edit_find(ds, CO_NEEDS, ch->need, w, NULL, dg) < 0)
        return 1;
    /* a pledge's year is one of the dataset's (MULTIYEAR.md "CSV bundle and scenarios") */
    if (!ch->year)
        return 0;
    if (!ds->has_years) {
        co_err_at(dg, w, "year", "only in a dataset with \"years\", got '%d'", ch->year);
        return 1;
    }
    if (ch->year < ds->years.first || ch->year > ds->years.last) {
        co_err_at(dg, w, "year", "must be a year from %d to %d (the dataset's years), got '%d'",
                  ds->years.first, ds->years.last, ch->year);
        return 1;
    }
    return 0;
}

/* Runs every change over ds (paths first, in order, then the rules' ids);
 * returns the number of errors that leave a change undone, or -1 when out
 * of memory, and counts values of the wrong type in *n_values. */
static int apply_changes(co_dataset *ds, const co_scenario *sc, co_diag *dg, int *n_values)
{
    co_where w = {0};
    int bad = 0;
    for (int pass = 0; pass < 2 && bad >= 0; pass++) {
        for (int k = 0; k < sc->n_changes && bad >= 0; k++) {
            const co_change *ch = &sc->changes[k];
            int is_rule = ch->op >= CO_OP_FORCE;
            if (is_rule != pass)
                continue;
            if (co_where_set(&w, ':', "%s: changes[%d]", sc->where, k) != CO_OK) {
                bad = -1;
                break;
            }
            int r;
            if (is_rule) {
                r = check_rule(ds, ch, &w, dg);
            } else {
                co_edit e = {.op = (enum co_edit_op)ch->op, .path = ch->path,
                             .value = ch->value, .factor = ch->factor};
                r = co_edit_apply(ds, &e, &w, dg, n_values);
            }
            bad = r < 0 ? -1 : bad + r;
        }
    }
    co_where_release(&w);
    return bad;
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
        rules->items[rules->n - 1].year = ch->year;
    }
    return CO_OK;
}

int co_scenario_apply(const co_dataset *base, const co_scenario *sc, co_dataset **out,
                      co_rules *rules, co_diag *dg)
{
    int rc = CO_EINPUT;
    co_dataset *ds = NULL;
    *out = NULL;
    for (int i = 0; i < sc->problems.n; i++) {
        if (sc->problems.is_error[i])
            co_err(dg, "%s", sc->problems.msg[i]);
        else
            co_warn(dg, "%s", sc->problems.msg[i]);
    }
    if (sc->problems.errors)
        return CO_EINPUT;
    ds = co_dataset_copy(base);
    int n_values = 0;
    int bad = ds ? apply_changes(ds, sc, dg, &n_values) : -1;
    if (bad != 0) {
        rc = bad < 0 ? CO_EINTERNAL : CO_EINPUT;
        goto done;
    }
    /* the changed dataset's items placed as in the JSON file that holds
     * it, named after the scenario, so the validator's messages read
     * "FILE: scenario 'S': donors[1].budget: ..." */
    if (co_dataset_relocate(ds, sc->where) != 0) {
        rc = CO_EINTERNAL;
        goto done;
    }
    /* checked even after values of the wrong type, so every problem is
     * listed */
    rc = co_dataset_validate(ds, dg);
    if (rc == CO_OK && n_values)
        rc = CO_EINPUT;
    if (rc != CO_OK)
        goto done;
    ds->load_s = 0;
    rc = add_rules(sc, rules);
done:
    if (rc == CO_EINTERNAL)
        co_err(dg, "%s: out of memory", sc->where);
    if (rc != CO_OK) {
        co_dataset_free(ds);
        return rc;
    }
    *out = ds;
    return CO_OK;
}
