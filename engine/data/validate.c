/*
 * validate.c: checks a loaded dataset against every rule of FORMATS.md
 * "Dataset", MODEL.md "Data" and MULTIYEAR.md "Data", collecting all
 * problems: what each row of the schema states (ids, ranges, dates,
 * evidence levels, references), then the rules
 * next to the table (schema.c) and the parameters; then sorts lists by id
 * and resolves references to indexes. Loaders have already checked types.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/numtext.h"
#include "base/util.h"
#include "data/schema.h"

int co_evidence_level(const char *name, double *q)
{
    for (int i = 0; i < co_n_levels; i++) {
        if (strcmp(name, co_levels[i]) == 0) {
            *q = co_level_q[i];
            return 0;
        }
    }
    return -1;
}

int co_id_valid(const char *id)
{
    size_t n = strlen(id);
    if (n < 1 || n > 64)
        return 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)id[i];
        /* compared one by one, not strchr: every id of a dataset passes here */
        if (ch <= 0x20 || ch >= 0x7f || ch == '.' || ch == '*' || ch == ';' || ch == ',' ||
            ch == '"')
            return 0;
    }
    return 1;
}

static void check_id(co_check *v, const char *id, const co_where *w)
{
    if (id && !co_id_valid(id))
        co_check_err(v, w, "id",
                     "must be 1 to 64 bytes of printable ASCII without spaces or . * ; , \", "
                     "got '%s'",
                     co_q(0, id));
}

static void check_range(co_check *v, const co_where *w, const char *field, double x,
                        const co_field *f)
{
    if (!isfinite(x) || x < f->lo || x > f->hi || ((f->flags & CO_FF_OPEN_LO) && x == f->lo))
        co_check_err(v, w, field, "must be %s, got '%s'", f->range, co_num(0, x));
}

static void check_count(co_check *v, const co_where *w, const char *field, double x,
                        const co_field *f)
{
    if (!isfinite(x) || x < f->lo || x != floor(x) || x > f->hi)
        co_check_err(v, w, field, "must be %s, got '%s'", f->range, co_num(0, x));
}

static void check_date(co_check *v, const co_where *w, const char *field, const char *s,
                       long *day)
{
    long d;
    if (!s)
        return;
    if (co_parse_date(s, &d) != 0) {
        co_check_err(v, w, field, "not a date (YYYY-MM-DD), got '%s'", co_q(0, s));
        return;
    }
    if (day)
        *day = d;
}

/* A location without its file: "areas[0]" for JSON, "line 3" for CSV. */
static const char *short_where(const co_where *w)
{
    static char buf[96];
    const char *t = w->text ? w->text : "?";
    const char *sp = strstr(t, ": ");
    if (w->sep == '.' && sp)
        return sp + 2;
    const char *colon = strrchr(t, ':');
    if (colon) {
        snprintf(buf, sizeof buf, "line %s", colon + 1);
        return buf;
    }
    return t;
}

/* An id-keyed item for duplicate detection: sorted copies of (id, where). */
typedef struct {
    const char *id;
    const co_where *where;
    int pos;
} id_entry;

static int cmp_entry(const void *a, const void *b)
{
    const id_entry *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : x->pos - y->pos;
}

/* Reports duplicate ids in a list. */
static void check_unique(co_check *v, int list)
{
    const co_entity *e = &co_entities[list];
    int n = co_list_n(v->ds, list);
    if (n < 2)
        return;
    id_entry *en = malloc((size_t)n * sizeof *en);
    if (!en) {
        v->bad++;
        co_err(v->dg, "out of memory");
        return;
    }
    int m = 0;
    for (int i = 0; i < n; i++) {
        void *item = co_list_item(v->ds, list, i);
        const char *id = *(char **)item;
        if (!id)
            continue;
        en[m].id = id;
        en[m].where = co_item_where(e, item);
        en[m].pos = i;
        m++;
    }
    if (m > 1)
        qsort(en, (size_t)m, sizeof *en, cmp_entry);
    for (int i = 1; i < m; i++)
        if (strcmp(en[i].id, en[i - 1].id) == 0)
            co_check_err(v, en[i].where, "id", "duplicate id '%s' (first at %s)",
                         co_q(0, en[i].id), short_where(en[i - 1].where));
    free(en);
}

static int cmp_id(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void sort_list(co_dataset *ds, int list)
{
    int n = co_list_n(ds, list);
    if (n > 1)
        qsort(co_list_items(ds, list), (size_t)n, co_entities[list].size, cmp_id);
}

/* The index of id in a sorted list, or -1 after an error "unknown KIND id"
 * (none when the list could not be read: the id may be one it lost). */
static int resolve(co_check *v, const co_where *w, const char *field, int list,
                   const char *id)
{
    const co_entity *e = &co_entities[list];
    int i = co_find(v->ds, list, id);
    if (i >= 0 || (e->off_broken && *CO_AT(v->ds, e->off_broken, int)))
        return i;
    /* a hint costs a pass over the list: only for messages that are kept */
    int n = co_list_n(v->ds, list);
    const char **names = v->dg->errors < CO_DIAG_CAP
                             ? malloc((size_t)(n ? n : 1) * sizeof *names)
                             : NULL;
    for (int k = 0; names && k < n; k++)
        names[k] = co_item_id(v->ds, list, k);
    const char *near = names ? co_nearest(id, names, n) : NULL;
    if (near)
        co_check_err(v, w, field, "unknown %s id '%s' (did you mean '%s'?)", e->kind,
                     co_q(0, id), co_q(1, near));
    else
        co_check_err(v, w, field, "unknown %s id '%s'", e->kind, co_q(0, id));
    free(names);
    return i;
}

static int cmp_value_area(const void *a, const void *b)
{
    const co_area_value *const *x = a, *const *y = b;
    int c = strcmp((*x)->area, (*y)->area);
    return c ? c : (*x > *y) - (*x < *y);
}

static void check_area_values(co_check *v, const co_field *f, co_area_value *vals, int n)
{
    /* areas given twice, found by sorting (a CSV bundle can give a donor
     * any number of rows): flags by position, reported in order below */
    unsigned char *twice = n > 1 ? calloc((size_t)n, 1) : NULL;
    co_area_value **by_area = n > 1 ? malloc((size_t)n * sizeof *by_area) : NULL;
    if (twice && by_area) {
        for (int i = 0; i < n; i++)
            by_area[i] = &vals[i];
        qsort(by_area, (size_t)n, sizeof *by_area, cmp_value_area);
        for (int i = 1; i < n; i++)
            if (strcmp(by_area[i]->area, by_area[i - 1]->area) == 0)
                twice[by_area[i] - vals] = 1;
    } else if (n > 1) {
        v->bad++;
        co_err(v->dg, "out of memory");
    }
    for (int i = 0; i < n; i++) {
        co_area_value *x = &vals[i];
        x->a = resolve(v, &x->where, x->area_field, f->target, x->area);
        check_range(v, &x->where, x->value_field, x->value, f);
        if (twice && twice[i])
            co_check_err(v, &x->where, x->area_field, "area '%s' given twice",
                         co_q(0, x->area));
    }
    free(by_area);
    free(twice);
}

static void check_level(co_check *v, const co_where *w, const co_field *f, void *item)
{
    const char *text = *CO_AT(item, f->aux, char *);
    double *q = CO_AT(item, f->off, double);
    if (!text) {
        check_range(v, w, f->key, *q, f);
        return;
    }
    if (co_evidence_level(text, q) == 0)
        return;
    const char *hint = co_number_hint(1, text, CO_DECIMAL_POINT);
    if (*hint) { /* a number as a spreadsheet wrote it: 0,6 */
        co_check_err(v, w, f->key, "must be %s, got '%s'%s", f->range, co_q(0, text), hint);
        return;
    }
    char names[160] = "";
    for (int i = 0; i < co_n_levels; i++) {
        strncat(names, co_levels[i], sizeof names - strlen(names) - 1);
        strncat(names, ", ", sizeof names - strlen(names) - 1);
    }
    co_check_err(v, w, f->key, "unknown evidence level '%s' (%sor a number in [%s, %s])",
                 co_q(0, text), names, co_num(1, f->lo), co_num(2, f->hi));
}

static int cmp_year(const void *a, const void *b)
{
    const co_year_value *x = a, *y = b;
    return (x->year > y->year) - (x->year < y->year);
}

static int cmp_year_value(const void *a, const void *b)
{
    const co_year_value *const *x = a, *const *y = b;
    int c = ((*x)->year > (*y)->year) - ((*x)->year < (*y)->year);
    return c ? c : (*x > *y) - (*x < *y);
}

/* The names messages give an entry's year and value: in a JSON file's
 * path the year ("budget_by_year.2021"), in a CSV bundle the columns of
 * its file ("year", "amount"). */
static void entry_names(const co_year_value *x, const co_bundle_file *bf, char *year,
                        size_t size, const char **value)
{
    if (x->where.sep == '.' || !bf) {
        snprintf(year, size, "%d", x->year);
        *value = year;
    } else {
        snprintf(year, size, "%s", bf->key_col);
        *value = bf->value_col;
    }
}

static void check_year_map(co_check *v, const co_entity *e, const co_field *f, void *item,
                           const co_where *w, const char *name)
{
    co_year_map *m = CO_AT(item, f->off, co_year_map);
    const co_dataset *ds = v->ds;
    const co_bundle_file *bf;
    co_bundle_field((int)(e - co_entities), &bf, f->key);
    if (m->has_all)
        check_range(v, w, name, m->all, f);
    int n = m->n;
    /* years given twice, found by sorting (as areas in check_area_values) */
    unsigned char *twice = n > 1 ? calloc((size_t)n, 1) : NULL;
    const co_year_value **by_year = n > 1 ? malloc((size_t)n * sizeof *by_year) : NULL;
    if (twice && by_year) {
        for (int i = 0; i < n; i++)
            by_year[i] = &m->v[i];
        qsort(by_year, (size_t)n, sizeof *by_year, cmp_year_value);
        for (int i = 1; i < n; i++)
            if (by_year[i]->year == by_year[i - 1]->year)
                twice[by_year[i] - m->v] = 1;
    } else if (n > 1) {
        v->bad++;
        co_err(v->dg, "out of memory");
    }
    for (int i = 0; i < n; i++) {
        const co_year_value *x = &m->v[i];
        char year[16];
        const char *value;
        entry_names(x, bf, year, sizeof year, &value);
        if (v->years_ok && (x->year < ds->years.first || x->year > ds->years.last))
            co_check_err(v, &x->where, x->where.sep == '.' ? NULL : year,
                         "must be a year from %d to %d (the dataset's years), got '%d'",
                         ds->years.first, ds->years.last, x->year);
        check_range(v, &x->where, value, x->value, f);
        if (twice && twice[i])
            co_check_err(v, &x->where, x->where.sep == '.' ? NULL : year,
                         "year %d given twice", x->year);
    }
    free(by_year);
    free(twice);
    if (n > 1) /* in year order, as the model reads them */
        qsort(m->v, (size_t)n, sizeof *m->v, cmp_year);
}

/* A field only a dataset with years may give (MULTIYEAR.md "Data"), given
 * in one without: placed at the field, or at the first row of its own
 * file in a CSV bundle. */
static void not_without_years(co_check *v, const co_entity *e, const co_field *f, void *item,
                              const co_where *w, const char *name)
{
    const co_year_map *m = f->type == CO_FT_YEAR_MAP ? CO_AT(item, f->off, co_year_map) : NULL;
    if (m && !m->has_all && m->n > 0 && m->v[0].where.sep != '.') {
        w = &m->v[0].where;
        name = NULL;
    }
    (void)e;
    if (w->sep == '.')
        co_check_err(v, w, name, "only in a dataset with \"years\"");
    else
        co_check_err(v, w, name,
                     "only in a dataset with years (years_first and years_last in "
                     "parameters.csv)");
}

static void check_one(co_check *v, const co_entity *e, const co_field *f, void *item,
                      const co_where *w, const char *name);

/* The fields of an object (a need's work), named "work.remaining" in a
 * JSON file's path, "work_remaining" in a CSV bundle. */
static void check_object(co_check *v, const co_entity *e, const co_field *f, void *item,
                         const co_where *w)
{
    for (int k = 0; k < f->n_sub; k++) {
        char name[80];
        co_field_name(w, f, &f->sub[k], name, sizeof name);
        check_one(v, e, &f->sub[k], CO_AT(item, f->off, char), w, name);
    }
}

/* The checks of one field of an item that its row states, then its rule. */
static void check_field(co_check *v, const co_entity *e, const co_field *f, void *item)
{
    /* a field not given has nothing to check (its rule neither) */
    if (!co_field_given(f, item))
        return;
    const co_where *w = co_item_where(e, item);
    /* co_field_name, without formatting: every field of every item
     * passes here */
    const char *name = w->sep == '.' || !f->csv ? f->key : f->csv;
    if ((f->flags & CO_FF_YEARS) && !v->ds->has_years) {
        not_without_years(v, e, f, item, w, name);
        return;
    }
    check_one(v, e, f, item, w, name);
    if (f->rule)
        f->rule(v, item);
}

/* The checks a field's row states, on the value at item (the item, or the
 * struct of an object's fields), named `name` at w. */
static void check_one(co_check *v, const co_entity *e, const co_field *f, void *item,
                      const co_where *w, const char *name)
{
    switch (f->type) {
    case CO_FT_ID:
    case CO_FT_TEXT:
    case CO_FT_BOOL:
    case CO_FT_YEAR:
        break;
    case CO_FT_DATE:
        check_date(v, w, name, *CO_AT(item, f->off, char *),
                   f->aux ? CO_AT(item, f->aux, long) : NULL);
        break;
    case CO_FT_REF: {
        const char *id = *CO_AT(item, f->off, char *);
        if (id)
            *CO_AT(item, f->aux, int) = resolve(v, w, name, f->target, id);
        break;
    }
    case CO_FT_NUMBER:
        /* one with a given flag only when given (a missing required one is
         * the loader's message) */
        if (!f->aux || *CO_AT(item, f->aux, int))
            check_range(v, w, name, *CO_AT(item, f->off, double), f);
        break;
    case CO_FT_COUNT:
        if (*CO_AT(item, f->aux, int))
            check_count(v, w, name, *CO_AT(item, f->off, double), f);
        break;
    case CO_FT_LEVEL:
        check_level(v, w, f, item);
        break;
    case CO_FT_REFS: {
        co_ref *r = *CO_AT(item, f->off, co_ref *);
        int n = *CO_AT(item, f->aux, int);
        for (int i = 0; i < n; i++)
            r[i].index = resolve(v, &r[i].where, r[i].field, f->target, r[i].id);
        break;
    }
    case CO_FT_AREA_MAP:
        check_area_values(v, f, *CO_AT(item, f->off, co_area_value *),
                          *CO_AT(item, f->aux, int));
        break;
    case CO_FT_YEAR_MAP:
        check_year_map(v, e, f, item, w, name);
        break;
    case CO_FT_OBJECT:
        if (*CO_AT(item, f->aux, int))
            check_object(v, e, f, item, w);
        break;
    }
}

/* Every field of an item: those of one value first, then lists and maps,
 * each in the table's order (the order the loaders read them in). */
static void check_item(co_check *v, const co_entity *e, void *item)
{
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < e->n_fields; k++) {
            const co_field *f = &e->fields[k];
            int many = CO_FT_MANY(f->type);
            if (many == pass)
                check_field(v, e, f, item);
        }
    }
}

/* Whether some field points into the list (its ids must be sorted before
 * references into it are resolved). */
static int is_target(int list)
{
    for (int l = 0; l < CO_N_LISTS; l++)
        for (int k = 0; k < co_entities[l].n_fields; k++) {
            const co_field *f = &co_entities[l].fields[k];
            if ((f->type == CO_FT_REF || f->type == CO_FT_REFS || f->type == CO_FT_AREA_MAP) &&
                f->target == list)
                return 1;
        }
    return 0;
}

int co_dataset_validate(co_dataset *ds, co_diag *dg)
{
    co_check v = {.ds = ds, .dg = dg};
    for (int l = 0; l < CO_N_LISTS; l++)
        for (int i = 0; i < co_list_n(ds, l); i++) {
            void *item = co_list_item(ds, l, i);
            check_id(&v, *(char **)item, co_item_where(&co_entities[l], item));
        }
    co_schema_rules_ids(&v);
    for (int l = 0; l < CO_N_LISTS; l++)
        check_unique(&v, l);
    /* a missing id (already reported by the loader) would break sorting;
     * other problems so far do not stop the checks below */
    for (int l = 0; l < CO_N_LISTS; l++)
        for (int i = 0; i < co_list_n(ds, l); i++)
            if (!co_item_id(ds, l, i))
                return CO_EINPUT;

    for (int l = 0; l < CO_N_LISTS; l++)
        if (is_target(l))
            sort_list(ds, l);
    co_schema_rules_top(&v);
    for (int l = 0; l < CO_N_LISTS; l++)
        for (int i = 0; i < co_list_n(ds, l); i++)
            check_item(&v, &co_entities[l], co_list_item(ds, l, i));
    co_params p;
    if (co_params_resolve(ds, NULL, &p, dg) != CO_OK)
        v.bad++;
    if (v.bad)
        return CO_EINPUT;
    for (int l = 0; l < CO_N_LISTS; l++)
        if (!is_target(l))
            sort_list(ds, l);
    return CO_OK;
}

void co_dataset_warn_unused(const co_dataset *ds, co_diag *dg)
{
    int ns = ds->n_states, na = ds->n_areas;
    unsigned char *used = calloc((size_t)ns + (size_t)na + 1, 1);
    if (!used)
        return; /* only warnings are lost */
    unsigned char *area_used = used + ns;
    for (int n = 0; n < ds->n_needs; n++) {
        const co_need *nd = &ds->needs[n];
        if (nd->s >= 0 && nd->s < ns)
            used[nd->s] = 1;
        if (nd->a >= 0 && nd->a < na)
            area_used[nd->a] = 1;
    }
    for (int d = 0; d < ds->n_donors; d++) {
        const co_donor *dn = &ds->donors[d];
        for (int i = 0; i < dn->n_expertise; i++)
            if (dn->expertise[i].a >= 0 && dn->expertise[i].a < na)
                area_used[dn->expertise[i].a] = 1;
        for (int i = 0; i < dn->n_area_budget; i++)
            if (dn->area_budget[i].a >= 0 && dn->area_budget[i].a < na)
                area_used[dn->area_budget[i].a] = 1;
    }
    for (int s = 0; s < ns; s++)
        if (!used[s])
            co_warn_at(dg, &ds->states[s].where, NULL,
                       "no need is in State '%s' (it can get no coalition)",
                       co_q(0, ds->states[s].id));
    for (int a = 0; a < na; a++)
        if (!area_used[a])
            co_warn_at(dg, &ds->areas[a].where, NULL,
                       "no need, expertise or area budget names area '%s'",
                       co_q(0, ds->areas[a].id));
    free(used);
}
