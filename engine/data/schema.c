/*
 * schema.c: the table of every dataset field (schema.h), the CSV bundle's
 * files, and what is done the same way to every field: release, copy,
 * reading a JSON value, placing items as a JSON file would. The rules the
 * table cannot state (a need's secured within its amount, its requested
 * deadline, work and per_year_max; codes of States and areas; years) are
 * at the end. Reading files, writing and checking by the table are the
 * loaders', savers' and validator's job.
 */
#include "data/schema.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

static void rule_secured(co_check *c, void *item);
static void rule_requested(co_check *c, void *item);
static void rule_per_year_max(co_check *c, void *item);
static void rule_work(co_check *c, void *item);

/* ---- the table -------------------------------------------------------- */

#define AREA(m) offsetof(co_area, m)
static const co_field area_fields[] = {
    {.key = "id", .csv = "id", .type = CO_FT_ID, .flags = CO_FF_REQUIRED, .off = AREA(id),
     .doc = "the area's id"},
    {.key = "name", .csv = "name", .type = CO_FT_TEXT, .off = AREA(name),
     .doc = "its name for people"},
    {.key = "crs_code", .csv = "crs_code", .type = CO_FT_TEXT, .flags = CO_FF_CSV_IF_USED,
     .off = AREA(crs_code), .unit = "OECD DAC CRS purpose code",
     .doc = "five digits; default from docs/CODES.md for the known areas"},
};

#define STATE(m) offsetof(co_state, m)
static const co_field state_fields[] = {
    {.key = "id", .csv = "id", .type = CO_FT_ID, .flags = CO_FF_REQUIRED, .off = STATE(id),
     .doc = "the State's id"},
    {.key = "name", .csv = "name", .type = CO_FT_TEXT, .off = STATE(name),
     .doc = "its name for people"},
    {.key = "iso3", .csv = "iso3", .type = CO_FT_TEXT, .flags = CO_FF_CSV_IF_USED,
     .off = STATE(iso3), .unit = "ISO 3166-1 alpha-3",
     .doc = "three capital letters, for the exports"},
};

#define DONOR(m) offsetof(co_donor, m)
static const co_field donor_fields[] = {
    {.key = "id", .csv = "id", .type = CO_FT_ID, .flags = CO_FF_REQUIRED, .off = DONOR(id),
     .doc = "the donor's id"},
    {.key = "name", .csv = "name", .type = CO_FT_TEXT, .off = DONOR(name),
     .doc = "its name for people"},
    {.key = "budget", .csv = "budget", .type = CO_FT_NUMBER, .flags = CO_FF_REQUIRED,
     .lo = 0, .hi = INFINITY, .range = "a finite number >= 0", .unit = "USD",
     .off = DONOR(budget), .scale_also = "budget_by_year",
     .doc = "B_d, the budget for the planning period (with years: for each year)"},
    {.key = "budget_by_year", .type = CO_FT_YEAR_MAP, .flags = CO_FF_YEARS, .lo = 0,
     .hi = INFINITY, .range = "a finite number >= 0", .unit = "USD",
     .def = "budget, each year", .off = DONOR(budget_by_year),
     .doc = "B_{d,t}: the budget of the years it names"},
    {.key = "carry_over", .csv = "carry_over", .type = CO_FT_BOOL,
     .flags = CO_FF_YEARS | CO_FF_CSV_IF_USED, .unit = "true or false", .def = "false",
     .off = DONOR(carry_over), .aux = DONOR(has_carry_over),
     .doc = "money not placed in a year stays for later years (default false)"},
    {.key = "expertise", .type = CO_FT_AREA_MAP, .lo = 0, .hi = 1,
     .range = "a number in [0, 1]", .unit = "share", .target = CO_AREAS,
     .off = DONOR(expertise), .aux = DONOR(n_expertise), .def = "0 in an area not named",
     .doc = "e_{d,a} by area id; a missing area is 0"},
    {.key = "area_budget", .type = CO_FT_AREA_MAP, .lo = 0, .hi = INFINITY,
     .range = "a finite number >= 0", .unit = "USD", .target = CO_AREAS,
     .off = DONOR(area_budget), .aux = DONOR(n_area_budget), .def = "no cap",
     .doc = "B_{d,a}, a cap on what the donor gives to an area"},
    {.key = "max_states", .csv = "max_states", .type = CO_FT_COUNT, .lo = 0, .hi = 1e9,
     .range = "a whole number >= 0", .unit = "count", .def = "no limit", .off = DONOR(max_states),
     .aux = DONOR(has_max_states), .doc = "K_d, the most States it engages with"},
    {.key = "min_grant", .csv = "min_grant", .type = CO_FT_NUMBER, .flags = CO_FF_ZERO,
     .lo = 0, .hi = INFINITY, .range = "a finite number >= 0", .unit = "USD",
     .def = "0", .off = DONOR(min_grant), .doc = "m_d, the least it gives one State it funds"},
    {.key = "excluded_states", .csv = "excluded_states", .type = CO_FT_REFS,
     .target = CO_STATES, .off = DONOR(excluded), .aux = DONOR(n_excluded),
     .doc = "States it will not fund"},
    {.key = "priority_states", .csv = "priority_states", .type = CO_FT_REFS,
     .target = CO_STATES, .off = DONOR(priority), .aux = DONOR(n_priority),
     .doc = "States it already prioritises"},
};

#define N_OF(a) ((int)(sizeof a / sizeof a[0]))

#define WORK(m) offsetof(co_work, m)
static const co_field work_fields[] = {
    {.key = "unit", .csv = "work_unit", .type = CO_FT_TEXT,
     .flags = CO_FF_REQUIRED | CO_FF_CSV_IF_USED, .off = WORK(unit),
     .doc = "the treaty's unit: m2, items, submunitions, ..."},
    {.key = "remaining", .csv = "work_remaining", .type = CO_FT_NUMBER,
     .flags = CO_FF_REQUIRED | CO_FF_CSV_IF_USED, .lo = 0, .hi = INFINITY,
     .range = "a finite number >= 0", .unit = "units", .off = WORK(remaining),
     .aux = WORK(has_remaining), .doc = "units left to do"},
    {.key = "unit_cost", .csv = "work_unit_cost", .type = CO_FT_NUMBER,
     .flags = CO_FF_REQUIRED | CO_FF_CSV_IF_USED | CO_FF_OPEN_LO, .lo = 0, .hi = INFINITY,
     .range = "a finite number > 0", .unit = "USD a unit", .off = WORK(unit_cost),
     .aux = WORK(has_unit_cost), .doc = "what one unit costs"},
    {.key = "per_year", .csv = "work_per_year", .type = CO_FT_NUMBER,
     .flags = CO_FF_CSV_IF_USED, .lo = 0, .hi = INFINITY, .range = "a finite number >= 0",
     .unit = "units a year", .def = "no limit", .off = WORK(per_year),
     .aux = WORK(has_per_year),
     .doc = "units a year the operators can do (absent: no limit)"},
    {.key = "national_per_year", .csv = "work_national_per_year", .type = CO_FT_NUMBER,
     .flags = CO_FF_CSV_IF_USED, .lo = 0, .hi = INFINITY, .range = "a finite number >= 0",
     .unit = "USD a year", .def = "0", .off = WORK(national_per_year),
     .aux = WORK(has_national_per_year),
     .doc = "money a year the State pays itself (default 0); within the capacity"},
};

#define NEED(m) offsetof(co_need, m)
static const co_field need_fields[] = {
    {.key = "id", .csv = "id", .type = CO_FT_ID, .flags = CO_FF_REQUIRED, .off = NEED(id),
     .doc = "the need's id"},
    {.key = "state", .csv = "state", .type = CO_FT_REF, .flags = CO_FF_REQUIRED,
     .target = CO_STATES, .off = NEED(state), .aux = NEED(s), .doc = "s(n), its State"},
    {.key = "area", .csv = "area", .type = CO_FT_REF, .flags = CO_FF_REQUIRED,
     .target = CO_AREAS, .off = NEED(area), .aux = NEED(a), .doc = "a(n), its area"},
    {.key = "amount", .csv = "amount", .type = CO_FT_NUMBER, .flags = CO_FF_REQUIRED,
     .lo = 0, .hi = INFINITY, .range = "a finite number >= 0", .unit = "USD",
     .off = NEED(amount), .aux = NEED(amount_given), .unless = "work",
     .doc = "amount_n, what it needs within the planning period (with work: "
            "remaining * unit_cost)"},
    {.key = "secured", .csv = "secured", .type = CO_FT_NUMBER, .flags = CO_FF_ZERO,
     .lo = 0, .hi = INFINITY, .range = "a finite number >= 0", .unit = "USD",
     .def = "0", .off = NEED(secured), .rule = rule_secured,
     .doc = "secured_n, already secured; at most amount"},
    {.key = "evidence", .csv = "evidence", .type = CO_FT_LEVEL, .flags = CO_FF_REQUIRED,
     .lo = 0, .hi = 1, .range = "a level name or a number in [0, 1]", .unit = "share",
     .off = NEED(evidence), .aux = NEED(evidence_text),
     .doc = "q_n: surveyed, reported, estimated, anecdotal, or a number"},
    {.key = "deadline", .csv = "deadline", .type = CO_FT_DATE, .unit = "date",
     .off = NEED(deadline), .aux = NEED(deadline_day),
     .doc = "the deadline in force (after any extension)"},
    {.key = "original_deadline", .csv = "original_deadline", .type = CO_FT_DATE,
     .unit = "date", .off = NEED(original_deadline), .doc = "the treaty's first deadline"},
    {.key = "requested_deadline", .csv = "requested_deadline", .type = CO_FT_DATE,
     .flags = CO_FF_YEARS | CO_FF_CSV_IF_USED, .unit = "date",
     .off = NEED(requested_deadline), .aux = NEED(requested_day), .rule = rule_requested,
     .doc = "the deadline an extension request asks for; not before deadline"},
    {.key = "per_year_max", .csv = "per_year_max", .type = CO_FT_YEAR_MAP,
     .flags = CO_FF_YEARS | CO_FF_NUMBER_OK | CO_FF_CSV_IF_USED, .lo = 0, .hi = INFINITY,
     .range = "a finite number >= 0", .unit = "USD a year", .def = "no limit",
     .off = NEED(per_year_max),
     .rule = rule_per_year_max,
     .doc = "the most money a year it absorbs: a number, or by year; not beside work"},
    {.key = "work", .type = CO_FT_OBJECT, .flags = CO_FF_YEARS, .off = NEED(work),
     .aux = NEED(has_work), .sub = work_fields, .n_sub = N_OF(work_fields),
     .rule = rule_work, .doc = "the need in the treaty's units"},
    {.key = "secured_by", .csv = "secured_by", .type = CO_FT_TEXT, .off = NEED(secured_by),
     .doc = "who secured what is secured"},
    {.key = "note", .csv = "note", .type = CO_FT_TEXT, .off = NEED(note),
     .doc = "free text, kept and echoed"},
};

#define LIST(m, nm) offsetof(co_dataset, m), offsetof(co_dataset, nm)
const co_entity co_entities[CO_N_LISTS] = {
    [CO_AREAS] = {"areas", "area", "area", "areas.csv", sizeof(co_area), LIST(areas, n_areas),
                  offsetof(co_area, where), offsetof(co_dataset, areas_broken), area_fields,
                  N_OF(area_fields)},
    [CO_STATES] = {"states", "state", "State", "states.csv", sizeof(co_state),
                   LIST(states, n_states), offsetof(co_state, where),
                   offsetof(co_dataset, states_broken), state_fields, N_OF(state_fields)},
    [CO_DONORS] = {"donors", "donor", "donor", "donors.csv", sizeof(co_donor),
                   LIST(donors, n_donors), offsetof(co_donor, where), 0, donor_fields,
                   N_OF(donor_fields)},
    [CO_NEEDS] = {"needs", "need", "need", "needs.csv", sizeof(co_need), LIST(needs, n_needs),
                  offsetof(co_need, where), 0, need_fields, N_OF(need_fields)},
};
#undef LIST

#define YEARS(m) offsetof(co_year_span, m)
static const co_field years_fields[] = {
    {.key = "first", .csv = "years_first", .type = CO_FT_YEAR, .flags = CO_FF_REQUIRED,
     .unit = "year", .off = YEARS(first), .aux = YEARS(has_first),
     .doc = "the first planning year, not before as_of's"},
    {.key = "last", .csv = "years_last", .type = CO_FT_YEAR, .flags = CO_FF_REQUIRED,
     .unit = "year", .off = YEARS(last), .aux = YEARS(has_last),
     .doc = "the last, at most 30 years in all"},
};

#define TOP(m) offsetof(co_dataset, m)
const co_field co_top_fields[] = {
    {.key = "name", .csv = "name", .type = CO_FT_TEXT, .off = TOP(name),
     .doc = "the dataset's name"},
    /* checked as the parameter as_of (params.c), which overrides it */
    {.key = "as_of", .csv = "as_of", .type = CO_FT_TEXT, .flags = CO_FF_KEEP_EMPTY,
     .unit = "date", .def = "today (UTC)", .off = TOP(as_of),
     .doc = "the planning date, YYYY-MM-DD"},
    {.key = "currency", .csv = "currency", .type = CO_FT_TEXT, .off = TOP(currency),
     .doc = "the currency of every amount (USD)"},
    {.key = "years", .type = CO_FT_OBJECT, .off = TOP(years), .aux = TOP(has_years),
     .sub = years_fields, .n_sub = N_OF(years_fields),
     .doc = "the planning years of a multi-year dataset (MULTIYEAR.md)"},
};
const int co_n_top_fields = N_OF(co_top_fields);

const co_bundle_file co_bundle_files[CO_N_BUNDLE_FILES] = {
    {"area_budgets.csv", 0, CO_DONORS, "area_budget", "area", "amount", 5},
    {"areas.csv", 1, CO_AREAS, NULL, NULL, NULL, 0},
    {"budgets_by_year.csv", 0, CO_DONORS, "budget_by_year", "year", "amount", 6},
    {"donors.csv", 1, CO_DONORS, NULL, NULL, NULL, 2},
    {"expertise.csv", 1, CO_DONORS, "expertise", "area", "level", 3},
    {"needs.csv", 1, CO_NEEDS, NULL, NULL, NULL, 4},
    {"parameters.csv", 0, -1, NULL, "name", "value", 8},
    {"per_year_max.csv", 0, CO_NEEDS, "per_year_max", "year", "amount", 7},
    {"states.csv", 1, CO_STATES, NULL, NULL, NULL, 1},
};

const char *const co_levels[] = {"surveyed", "reported", "estimated", "anecdotal"};
const double co_level_q[] = {1.0, 0.75, 0.5, 0.25};
const int co_n_levels = N_OF(co_levels);

/* ---- reading rows ----------------------------------------------------- */

const co_field *co_field_find_in(const co_field *f, int n, const char *key)
{
    for (int i = 0; i < n; i++)
        if (strcmp(f[i].key, key) == 0)
            return &f[i];
    return NULL;
}

const co_field *co_field_find(const co_entity *e, const char *key)
{
    return e ? co_field_find_in(e->fields, e->n_fields, key)
             : co_field_find_in(co_top_fields, co_n_top_fields, key);
}

const co_field *co_bundle_field(int list, const co_bundle_file **bf_out, const char *key)
{
    for (int i = 0; i < CO_N_BUNDLE_FILES; i++) {
        const co_bundle_file *bf = &co_bundle_files[i];
        if (bf->list == list && bf->field && strcmp(bf->field, key) == 0) {
            *bf_out = bf;
            return co_field_find(&co_entities[list], key);
        }
    }
    *bf_out = NULL;
    return NULL;
}

const char *co_field_name(const co_where *w, const co_field *f, const co_field *sub, char *buf,
                          size_t size)
{
    if (w->sep == '.')
        snprintf(buf, size, sub ? "%s.%s" : "%s", f->key, sub ? sub->key : "");
    else
        snprintf(buf, size, "%s", sub ? sub->csv : f->csv ? f->csv : f->key);
    return buf;
}

int co_find(const co_dataset *ds, int list, const char *id)
{
    return co_find_sorted(co_list_items(ds, list), co_list_n(ds, list), co_entities[list].size,
                          id);
}

static void area_values_release(co_area_value *v, int n)
{
    for (int i = 0; i < n; i++) {
        free(v[i].area);
        free(v[i].area_field);
        free(v[i].value_field);
        co_where_release(&v[i].where);
    }
    free(v);
}

static void refs_release(co_ref *r, int n)
{
    for (int i = 0; i < n; i++) {
        free(r[i].id);
        free(r[i].field);
        co_where_release(&r[i].where);
    }
    free(r);
}

void co_field_clear(const co_field *f, void *item)
{
    switch (f->type) {
    case CO_FT_ID:
    case CO_FT_TEXT:
    case CO_FT_DATE:
    case CO_FT_REF: {
        char **p = CO_AT(item, f->off, char *);
        free(*p);
        *p = NULL;
        break;
    }
    case CO_FT_NUMBER:
    case CO_FT_COUNT:
        *CO_AT(item, f->off, double) = 0;
        if (f->aux)
            *CO_AT(item, f->aux, int) = 0;
        break;
    case CO_FT_LEVEL: {
        char **p = CO_AT(item, f->aux, char *);
        free(*p);
        *p = NULL;
        *CO_AT(item, f->off, double) = 0;
        break;
    }
    case CO_FT_REFS:
        refs_release(*CO_AT(item, f->off, co_ref *), *CO_AT(item, f->aux, int));
        *CO_AT(item, f->off, co_ref *) = NULL;
        *CO_AT(item, f->aux, int) = 0;
        break;
    case CO_FT_AREA_MAP:
        area_values_release(*CO_AT(item, f->off, co_area_value *), *CO_AT(item, f->aux, int));
        *CO_AT(item, f->off, co_area_value *) = NULL;
        *CO_AT(item, f->aux, int) = 0;
        break;
    case CO_FT_BOOL:
    case CO_FT_YEAR:
        *CO_AT(item, f->off, int) = 0;
        *CO_AT(item, f->aux, int) = 0;
        break;
    case CO_FT_YEAR_MAP: {
        co_year_map *m = CO_AT(item, f->off, co_year_map);
        for (int i = 0; i < m->n; i++)
            co_where_release(&m->v[i].where);
        free(m->v);
        memset(m, 0, sizeof *m);
        break;
    }
    case CO_FT_OBJECT:
        for (int k = 0; k < f->n_sub; k++)
            co_field_clear(&f->sub[k], CO_AT(item, f->off, char));
        *CO_AT(item, f->aux, int) = 0;
        break;
    }
}

void co_item_init(const co_entity *e, void *item)
{
    memset(item, 0, e->size);
    for (int k = 0; k < e->n_fields; k++)
        if (e->fields[k].type == CO_FT_REF)
            *CO_AT(item, e->fields[k].aux, int) = -1;
}

/* Frees what the field holds, leaving the item as it is (it goes next). */
static void field_free(const co_field *f, void *item)
{
    switch (f->type) {
    case CO_FT_ID:
    case CO_FT_TEXT:
    case CO_FT_DATE:
    case CO_FT_REF:
        free(*CO_AT(item, f->off, char *));
        break;
    case CO_FT_NUMBER:
    case CO_FT_COUNT:
    case CO_FT_BOOL:
    case CO_FT_YEAR:
        break;
    case CO_FT_LEVEL:
        free(*CO_AT(item, f->aux, char *));
        break;
    case CO_FT_YEAR_MAP: {
        co_year_map *m = CO_AT(item, f->off, co_year_map);
        for (int i = 0; i < m->n; i++)
            co_where_release(&m->v[i].where);
        free(m->v);
        break;
    }
    case CO_FT_OBJECT:
        for (int k = 0; k < f->n_sub; k++)
            field_free(&f->sub[k], CO_AT(item, f->off, char));
        break;
    default:
        co_field_clear(f, item);
    }
}

void co_item_release(const co_entity *e, void *item)
{
    for (int k = 0; k < e->n_fields; k++)
        field_free(&e->fields[k], item);
    co_where_release(co_item_where(e, item));
}

void co_dataset_release(co_dataset *ds)
{
    if (!ds)
        return;
    for (int l = 0; l < CO_N_LISTS; l++) {
        const co_entity *e = &co_entities[l];
        char *items = co_list_items(ds, l);
        for (int i = 0; i < co_list_n(ds, l); i++)
            co_item_release(e, items + (size_t)i * e->size);
        free(items);
    }
    for (int k = 0; k < co_n_top_fields; k++)
        co_field_clear(&co_top_fields[k], ds);
    for (int i = 0; i < ds->n_params; i++)
        co_param_text_release(&ds->params[i]);
    free(ds->params);
    free(ds->source);
    co_where_release(&ds->as_of_where);
    co_where_release(&ds->years.where);
    co_where_release(&ds->years.last_where);
    co_dataset_init(ds);
}

void co_dataset_free(co_dataset *ds)
{
    co_dataset_release(ds);
    free(ds);
}

/* ---- copying ---------------------------------------------------------- */

/* A copy of s into *dst (NULL stays NULL); -1 when out of memory. */
static int dup_text(char **dst, const char *s)
{
    *dst = s ? co_strdup(s) : NULL;
    return s && !*dst ? -1 : 0;
}

static int where_copy(co_where *dst, const co_where *src)
{
    dst->sep = src->sep;
    int r = dup_text(&dst->text, src->text);
    return dup_text(&dst->note, src->note) | r;
}

/* A copy of n items of `size` bytes (NULL when n is 0), zeroed. */
static void *alloc_items(int n, size_t size, int *bad)
{
    if (n <= 0)
        return NULL;
    void *p = calloc((size_t)n, size);
    if (!p)
        *bad = 1;
    return p;
}

int co_field_copy(const co_field *f, void *dst, const void *src)
{
    int bad = 0;
    co_field_clear(f, dst);
    switch (f->type) {
    case CO_FT_ID:
    case CO_FT_TEXT:
    case CO_FT_DATE:
    case CO_FT_REF:
        bad = dup_text(CO_AT(dst, f->off, char *), *CO_AT_C(src, f->off, char *));
        break;
    case CO_FT_NUMBER:
    case CO_FT_COUNT:
        *CO_AT(dst, f->off, double) = *CO_AT_C(src, f->off, double);
        if (f->aux)
            *CO_AT(dst, f->aux, int) = *CO_AT_C(src, f->aux, int);
        break;
    case CO_FT_LEVEL:
        *CO_AT(dst, f->off, double) = *CO_AT_C(src, f->off, double);
        bad = dup_text(CO_AT(dst, f->aux, char *), *CO_AT_C(src, f->aux, char *));
        break;
    case CO_FT_REFS: {
        int n = *CO_AT_C(src, f->aux, int);
        const co_ref *s = *CO_AT_C(src, f->off, co_ref *);
        co_ref *d = alloc_items(n, sizeof *d, &bad);
        for (int i = 0; d && i < n; i++) {
            d[i].index = s[i].index;
            bad |= dup_text(&d[i].id, s[i].id) | dup_text(&d[i].field, s[i].field) |
                   where_copy(&d[i].where, &s[i].where);
        }
        *CO_AT(dst, f->off, co_ref *) = d;
        *CO_AT(dst, f->aux, int) = d ? n : 0;
        break;
    }
    case CO_FT_AREA_MAP: {
        int n = *CO_AT_C(src, f->aux, int);
        const co_area_value *s = *CO_AT_C(src, f->off, co_area_value *);
        co_area_value *d = alloc_items(n, sizeof *d, &bad);
        for (int i = 0; d && i < n; i++) {
            d[i].a = s[i].a;
            d[i].value = s[i].value;
            bad |= dup_text(&d[i].area, s[i].area) | dup_text(&d[i].area_field, s[i].area_field) |
                   dup_text(&d[i].value_field, s[i].value_field) |
                   where_copy(&d[i].where, &s[i].where);
        }
        *CO_AT(dst, f->off, co_area_value *) = d;
        *CO_AT(dst, f->aux, int) = d ? n : 0;
        break;
    }
    case CO_FT_BOOL:
    case CO_FT_YEAR:
        *CO_AT(dst, f->off, int) = *CO_AT_C(src, f->off, int);
        *CO_AT(dst, f->aux, int) = *CO_AT_C(src, f->aux, int);
        break;
    case CO_FT_YEAR_MAP: {
        const co_year_map *sm = CO_AT_C(src, f->off, co_year_map);
        co_year_map *dm = CO_AT(dst, f->off, co_year_map);
        dm->has_all = sm->has_all;
        dm->all = sm->all;
        dm->v = alloc_items(sm->n, sizeof *dm->v, &bad);
        for (int i = 0; dm->v && i < sm->n; i++) {
            dm->v[i].year = sm->v[i].year;
            dm->v[i].value = sm->v[i].value;
            bad |= where_copy(&dm->v[i].where, &sm->v[i].where);
            dm->n = i + 1;
        }
        break;
    }
    case CO_FT_OBJECT:
        for (int k = 0; k < f->n_sub; k++)
            bad |= co_field_copy(&f->sub[k], CO_AT(dst, f->off, char),
                                 CO_AT_C(src, f->off, char));
        *CO_AT(dst, f->aux, int) = *CO_AT_C(src, f->aux, int);
        break;
    }
    return bad ? -1 : 0;
}

/* Forgets what a bitwise copy of an item shares with its source, so that
 * co_field_copy's clear frees nothing of the source's. */
static void field_forget(const co_field *f, void *item)
{
    switch (f->type) {
    case CO_FT_ID:
    case CO_FT_TEXT:
    case CO_FT_DATE:
    case CO_FT_REF:
        *CO_AT(item, f->off, char *) = NULL;
        break;
    case CO_FT_LEVEL:
        *CO_AT(item, f->aux, char *) = NULL;
        break;
    case CO_FT_REFS:
    case CO_FT_AREA_MAP:
        *CO_AT(item, f->off, void *) = NULL;
        *CO_AT(item, f->aux, int) = 0;
        break;
    case CO_FT_YEAR_MAP:
        memset(CO_AT(item, f->off, co_year_map), 0, sizeof(co_year_map));
        break;
    case CO_FT_OBJECT:
        for (int k = 0; k < f->n_sub; k++)
            field_forget(&f->sub[k], CO_AT(item, f->off, char));
        break;
    default:
        break;
    }
}

/* Copies every field and the where of an item into a zeroed one. */
static int item_copy(const co_entity *e, void *dst, const void *src)
{
    int bad = 0;
    /* indexes, days and flags the table does not name come along whole */
    memcpy(dst, src, e->size);
    for (int k = 0; k < e->n_fields; k++) {
        field_forget(&e->fields[k], dst);
        bad |= co_field_copy(&e->fields[k], dst, src);
    }
    co_where *w = co_item_where(e, dst);
    memset(w, 0, sizeof *w);
    bad |= where_copy(w, co_item_where(e, (void *)(uintptr_t)src));
    return bad;
}

co_dataset *co_dataset_copy(const co_dataset *ds)
{
    co_dataset *out = malloc(sizeof *out);
    int bad = 0;
    if (!out)
        return NULL;
    co_dataset_init(out);
    for (int l = 0; l < CO_N_LISTS; l++) {
        const co_entity *e = &co_entities[l];
        int n = co_list_n(ds, l);
        void *items = alloc_items(n, e->size, &bad);
        *CO_AT(out, e->off_items, void *) = items;
        for (int i = 0; items && i < n; i++) {
            bad |= item_copy(e, (char *)items + (size_t)i * e->size, co_list_item(ds, l, i));
            *co_list_count(out, l) = i + 1;
        }
        if (e->off_broken)
            *CO_AT(out, e->off_broken, int) = *CO_AT_C(ds, e->off_broken, int);
    }
    for (int k = 0; k < co_n_top_fields; k++)
        bad |= co_field_copy(&co_top_fields[k], out, ds);
    out->params = alloc_items(ds->n_params, sizeof *out->params, &bad);
    for (int i = 0; out->params && i < ds->n_params; i++) {
        const co_param_text *s = &ds->params[i];
        co_param_text *d = &out->params[i];
        d->is_num = s->is_num;
        d->num = s->num;
        bad |= dup_text(&d->name, s->name) | dup_text(&d->text, s->text) |
               where_copy(&d->where, &s->where);
        out->n_params = i + 1;
    }
    bad |= dup_text(&out->source, ds->source) | where_copy(&out->as_of_where, &ds->as_of_where) |
           where_copy(&out->years.where, &ds->years.where) |
           where_copy(&out->years.last_where, &ds->years.last_where);
    memcpy(out->sha256, ds->sha256, sizeof out->sha256);
    out->load_s = ds->load_s;
    if (bad) {
        co_dataset_free(out);
        return NULL;
    }
    return out;
}

/* ---- placing items as a JSON file would ------------------------------ */

/* Sets w to "fmt..." with sep '.' and the note given (copied). */
static int place(co_where *w, const char *note, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static int place(co_where *w, const char *note, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *text = co_vasprintf(fmt, ap);
    va_end(ap);
    co_where_release(w);
    w->text = text;
    w->sep = '.';
    w->note = note ? co_strdup(note) : NULL;
    return !text || (note && !w->note) ? -1 : 0;
}

/* A number as it reads back from co_save_json: no -0. */
static double as_saved(double v)
{
    return v == 0 ? 0 : v;
}

static int relocate_item(const co_entity *e, void *item, const char *name, int i)
{
    co_where *w = co_item_where(e, item);
    const char *id = *(char **)item;
    char *note = id ? co_asprintf("%s '%s'", e->item, co_q(0, id)) : NULL;
    int bad = (id && !note) | place(w, NULL, "%s: %s[%d]", name, e->list, i);
    w->note = note;
    for (int k = 0; k < e->n_fields; k++) {
        const co_field *f = &e->fields[k];
        int n = f->aux ? *CO_AT(item, f->aux, int) : 0;
        switch (f->type) {
        case CO_FT_NUMBER:
        case CO_FT_COUNT:
        case CO_FT_LEVEL:
            *CO_AT(item, f->off, double) = as_saved(*CO_AT(item, f->off, double));
            break;
        case CO_FT_REFS: {
            co_ref *r = *CO_AT(item, f->off, co_ref *);
            for (int j = 0; j < n; j++) {
                bad |= place(&r[j].where, note, "%s.%s[%d]", w->text, f->key, j);
                free(r[j].field);
                r[j].field = NULL;
            }
            break;
        }
        case CO_FT_AREA_MAP: {
            co_area_value *v = *CO_AT(item, f->off, co_area_value *);
            for (int j = 0; j < n; j++) {
                bad |= place(&v[j].where, note, "%s.%s", w->text, f->key);
                free(v[j].area_field);
                free(v[j].value_field);
                bad |= dup_text(&v[j].area_field, v[j].area) |
                       dup_text(&v[j].value_field, v[j].area);
                v[j].value = as_saved(v[j].value);
            }
            break;
        }
        case CO_FT_YEAR_MAP: {
            co_year_map *m = CO_AT(item, f->off, co_year_map);
            m->all = as_saved(m->all);
            for (int j = 0; j < m->n; j++) {
                bad |= place(&m->v[j].where, note, "%s.%s", w->text, f->key);
                m->v[j].value = as_saved(m->v[j].value);
            }
            break;
        }
        case CO_FT_OBJECT:
            for (int j = 0; j < f->n_sub; j++)
                if (f->sub[j].type == CO_FT_NUMBER)
                    *CO_AT(item, f->off + f->sub[j].off, double) =
                        as_saved(*CO_AT(item, f->off + f->sub[j].off, double));
            break;
        default:
            break;
        }
    }
    return bad;
}

int co_dataset_relocate(co_dataset *ds, const char *name)
{
    int bad = 0;
    for (int l = 0; l < CO_N_LISTS; l++)
        for (int i = 0; i < co_list_n(ds, l); i++)
            bad |= relocate_item(&co_entities[l], co_list_item(ds, l, i), name, i);
    /* co_save_json writes a parameter as_of as the dataset's as_of (the
     * last one given, as it overrides the others) and numeric text as
     * numbers */
    int m = 0;
    for (int i = 0; i < ds->n_params; i++) {
        co_param_text *p = &ds->params[i];
        if (p->name && strcmp(p->name, "as_of") == 0) {
            free(ds->as_of);
            ds->as_of = p->text;
            p->text = NULL;
            co_param_text_release(p);
            continue;
        }
        double v;
        if (!p->is_num && p->text && co_parse_double(p->text, &v) == 0) {
            p->is_num = 1;
            p->num = v;
        }
        if (p->is_num) {
            p->num = as_saved(p->num);
            free(p->text);
            bad |= dup_text(&p->text, co_num(0, p->num));
        }
        bad |= place(&p->where, NULL, "%s: parameters", name);
        ds->params[m++] = *p;
    }
    ds->n_params = m;
    bad |= place(&ds->as_of_where, NULL, "%s: as_of", name);
    co_where_release(&ds->years.where);
    co_where_release(&ds->years.last_where);
    if (ds->has_years)
        bad |= place(&ds->years.where, NULL, "%s: years", name);
    ds->areas_broken = ds->states_broken = 0;
    return bad ? -1 : 0;
}

/* ---- reading JSON values into fields ---------------------------------- */

static void bad_type(co_jread *r, const co_where *w, const char *name, const char *want,
                     const co_json *v)
{
    r->bad++;
    co_err_at(r->dg, w, name, "must be %s, got %s '%s'", want, co_json_type_name(v),
              co_json_text(0, v));
}

/* The place of an entry of a list or map: "W.name" (with "[i]" when
 * i >= 0) in a JSON file's path, "W: name" after a location of another
 * kind; the item's note kept. */
static void child_where(co_jread *r, co_where *out, const co_where *w, const char *name, int i)
{
    int rc = i < 0 ? co_where_set(out, '.', w->sep == '.' ? "%s.%s" : "%s: %s", w->text, name)
                   : co_where_set(out, '.', w->sep == '.' ? "%s.%s[%d]" : "%s: %s[%d]",
                                  w->text, name, i);
    if (rc != CO_OK)
        r->oom = 1;
    if (w->note && !(out->note = co_strdup(w->note)))
        r->oom = 1;
}

/* Room for the entries of v, a JSON value of type `type` (else an error
 * that it must be `want`, "%s" the target list's kind); NULL when it has
 * none, is of another type, or memory ran out. */
static void *open_entries(co_jread *r, const co_field *f, const co_json *v,
                          enum co_json_type type, const char *want, size_t size,
                          const co_where *w, const char *name)
{
    if (co_json_type(v) != type) {
        char text[80];
        snprintf(text, sizeof text, want, co_entities[f->target].kind);
        bad_type(r, w, name, text, v);
        return NULL;
    }
    int len = co_json_size(v);
    void *p = len ? calloc((size_t)len, size) : NULL;
    if (len && !p)
        r->oom = 1;
    return p;
}

static void read_area_map(co_jread *r, const co_field *f, void *item, const co_json *m,
                          const co_where *w, const char *name)
{
    int n = 0;
    co_area_value *out = open_entries(r, f, m, CO_JSON_OBJECT, "an object of %s id to number",
                                      sizeof *out, w, name);
    if (!out)
        return;
    for (const co_json *e = co_json_first(m); e; e = co_json_next(e)) {
        co_area_value *v = &out[n];
        child_where(r, &v->where, w, name, -1);
        if (co_json_type(e) != CO_JSON_NUMBER) {
            bad_type(r, &v->where, co_json_key(e), "a number", e);
            co_where_release(&v->where);
            continue;
        }
        v->area = co_strdup(co_json_key(e));
        v->area_field = co_strdup(co_json_key(e));
        v->value_field = co_strdup(co_json_key(e));
        if (!v->area || !v->area_field || !v->value_field)
            r->oom = 1;
        v->a = -1;
        v->value = co_json_number(e);
        n++;
    }
    *CO_AT(item, f->off, co_area_value *) = out;
    *CO_AT(item, f->aux, int) = n;
}

static void read_refs(co_jread *r, const co_field *f, void *item, const co_json *arr,
                      const co_where *w, const char *name)
{
    const char *kind = co_entities[f->target].kind;
    int n = 0, i = 0;
    co_ref *out =
        open_entries(r, f, arr, CO_JSON_ARRAY, "an array of %s ids", sizeof *out, w, name);
    if (!out)
        return;
    for (const co_json *e = co_json_first(arr); e; e = co_json_next(e), i++) {
        co_ref *x = &out[n];
        child_where(r, &x->where, w, name, i);
        if (co_json_type(e) != CO_JSON_STRING) {
            r->bad++;
            co_err_at(r->dg, &x->where, NULL, "must be a %s id (a string), got %s '%s'", kind,
                      co_json_type_name(e), co_json_text(0, e));
            co_where_release(&x->where);
            continue;
        }
        x->id = co_strdup(co_json_string(e));
        if (!x->id)
            r->oom = 1;
        x->index = -1;
        n++;
    }
    *CO_AT(item, f->off, co_ref *) = out;
    *CO_AT(item, f->aux, int) = n;
}

/* A year written as a JSON key or a CSV cell: four digits, 1000-9999. */
int co_parse_year(const char *s, int *year)
{
    if (!s || strlen(s) != 4 || s[0] < '1' || s[0] > '9')
        return -1;
    int y = 0;
    for (int i = 0; i < 4; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        y = y * 10 + (s[i] - '0');
    }
    *year = y;
    return 0;
}

static void read_year_map(co_jread *r, const co_field *f, void *item, const co_json *m,
                          const co_where *w, const char *name)
{
    co_year_map *out = CO_AT(item, f->off, co_year_map);
    if ((f->flags & CO_FF_NUMBER_OK) && co_json_type(m) == CO_JSON_NUMBER) {
        out->has_all = 1;
        out->all = co_json_number(m);
        return;
    }
    out->v = open_entries(r, f, m, CO_JSON_OBJECT,
                          (f->flags & CO_FF_NUMBER_OK) ? "a number or an object of year to number"
                                                       : "an object of year to number",
                          sizeof *out->v, w, name);
    if (!out->v)
        return;
    for (const co_json *e = co_json_first(m); e; e = co_json_next(e)) {
        co_year_value *v = &out->v[out->n];
        child_where(r, &v->where, w, name, -1);
        if (co_parse_year(co_json_key(e), &v->year) != 0) {
            r->bad++;
            co_err_at(r->dg, &v->where, NULL, "keys must be years (1000 to 9999), got '%s'",
                      co_q(0, co_json_key(e)));
            co_where_release(&v->where);
            continue;
        }
        if (co_json_type(e) != CO_JSON_NUMBER) {
            bad_type(r, &v->where, co_json_key(e), "a number", e);
            co_where_release(&v->where);
            continue;
        }
        v->value = co_json_number(e);
        out->n++;
    }
}

/* The fields of an object, as "NAME.KEY" at w (the item's place). */
static void read_object(co_jread *r, const co_field *f, void *item, const co_json *o,
                        const co_where *w, const char *name)
{
    if (co_json_type(o) != CO_JSON_OBJECT) {
        bad_type(r, w, name, "an object", o);
        /* given, if unreadable: what depends on it is not reported again */
        *CO_AT(item, f->aux, int) = 1;
        return;
    }
    co_where ow = {0};
    child_where(r, &ow, w, name, -1);
    const char *keys[16];
    int nk = 0;
    for (int k = 0; k < f->n_sub && nk < 16; k++)
        keys[nk++] = f->sub[k].key;
    for (const co_json *a = co_json_first(o); a; a = co_json_next(a)) {
        const char *key = co_json_key(a);
        int dup = 0;
        for (const co_json *b = co_json_first(o); b != a && !dup; b = co_json_next(b))
            dup = strcmp(co_json_key(b), key) == 0;
        if (dup) {
            r->bad++;
            co_err_at(r->dg, &ow, key, "duplicate field");
        } else if (!co_field_find_in(f->sub, f->n_sub, key)) {
            const char *near = co_nearest(key, keys, nk);
            if (near)
                co_warn_at(r->dg, &ow, NULL, "unknown field '%s', ignored (did you mean '%s'?)",
                           co_q(0, key), near);
            else
                co_warn_at(r->dg, &ow, NULL, "unknown field '%s', ignored", co_q(0, key));
        }
    }
    co_where_release(&ow);
    for (int k = 0; k < f->n_sub; k++) {
        char sub[80];
        snprintf(sub, sizeof sub, "%s.%s", name, f->sub[k].key);
        co_field_read_json(r, &f->sub[k], CO_AT(item, f->off, char), co_json_get(o, f->sub[k].key),
                           w, sub);
    }
    *CO_AT(item, f->aux, int) = 1;
}

void co_field_read_json(co_jread *r, const co_field *f, void *item, const co_json *v,
                        const co_where *w, const char *name)
{
    enum co_json_type t = co_json_type(v);
    if (t == CO_JSON_NONE || t == CO_JSON_NULL) {
        if (f->flags & CO_FF_REQUIRED) {
            r->bad++;
            co_err_at(r->dg, w, name, "required field is missing");
        }
        return;
    }
    switch (f->type) {
    case CO_FT_ID:
    case CO_FT_TEXT:
    case CO_FT_DATE:
    case CO_FT_REF: {
        if (t != CO_JSON_STRING) {
            bad_type(r, w, name, "a string", v);
            return;
        }
        const char *s = co_json_string(v);
        /* "" is "not given", as an empty cell of a CSV bundle is: names,
         * notes and dates, not ids */
        int keep = f->type == CO_FT_ID || f->type == CO_FT_REF || (f->flags & CO_FF_KEEP_EMPTY);
        if (!s[0] && !keep)
            return;
        if (!(*CO_AT(item, f->off, char *) = co_strdup(s)))
            r->oom = 1;
        return;
    }
    case CO_FT_NUMBER:
    case CO_FT_COUNT:
        if (t != CO_JSON_NUMBER) {
            bad_type(r, w, name, "a number", v);
            return;
        }
        *CO_AT(item, f->off, double) = co_json_number(v);
        if (f->aux)
            *CO_AT(item, f->aux, int) = 1;
        return;
    case CO_FT_LEVEL:
        if (t == CO_JSON_NUMBER) {
            *CO_AT(item, f->off, double) = co_json_number(v);
        } else if (t == CO_JSON_STRING) {
            if (!(*CO_AT(item, f->aux, char *) = co_strdup(co_json_string(v))))
                r->oom = 1;
        } else {
            bad_type(r, w, name, f->range, v);
        }
        return;
    case CO_FT_BOOL:
        if (t != CO_JSON_BOOL) {
            bad_type(r, w, name, "true or false", v);
            return;
        }
        *CO_AT(item, f->off, int) = co_json_true(v);
        *CO_AT(item, f->aux, int) = 1;
        return;
    case CO_FT_YEAR: {
        double y = co_json_number(v);
        if (t != CO_JSON_NUMBER) {
            bad_type(r, w, name, "a year (a whole number from 1000 to 9999)", v);
            return;
        }
        if (!(y >= 1000 && y <= 9999 && y == floor(y))) {
            r->bad++;
            co_err_at(r->dg, w, name, "must be a year (a whole number from 1000 to 9999), got '%s'",
                      co_num(0, y));
            return;
        }
        *CO_AT(item, f->off, int) = (int)y;
        *CO_AT(item, f->aux, int) = 1;
        return;
    }
    case CO_FT_REFS:
        read_refs(r, f, item, v, w, name);
        return;
    case CO_FT_AREA_MAP:
        read_area_map(r, f, item, v, w, name);
        return;
    case CO_FT_YEAR_MAP:
        read_year_map(r, f, item, v, w, name);
        return;
    case CO_FT_OBJECT:
        read_object(r, f, item, v, w, name);
        return;
    }
}

void co_item_read_values(co_jread *r, const co_field *fields, int n, void *item,
                         const co_json *const *values, const co_where *w)
{
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < n; k++) {
            const co_field *f = &fields[k];
            if (CO_FT_MANY(f->type) != pass)
                continue;
            const co_json *v = values[k];
            /* required unless another field is given (a need's amount
             * beside its work) */
            if (co_json_type(v) <= CO_JSON_NULL && f->unless) {
                const co_field *u = co_field_find_in(fields, n, f->unless);
                if (u && co_json_type(values[u - fields]) > CO_JSON_NULL)
                    continue;
            }
            co_field_read_json(r, f, item, v, w, f->key);
        }
    }
}

void co_item_read_json(co_jread *r, const co_field *fields, int n, void *item,
                       const co_json *obj, const co_where *w)
{
    const co_json *values[32] = {0};
    for (int k = 0; k < n && k < 32; k++)
        values[k] = co_json_get(obj, fields[k].key);
    co_item_read_values(r, fields, n < 32 ? n : 32, item, values, w);
}

co_json *co_field_to_json(const co_field *f, const void *item)
{
    if (!co_field_given(f, item))
        return NULL;
    int oom = 0;
    co_json *v = NULL;
    switch (f->type) {
    case CO_FT_ID:
    case CO_FT_TEXT:
    case CO_FT_DATE:
    case CO_FT_REF:
        return co_json_new_string(*CO_AT_C(item, f->off, char *));
    case CO_FT_NUMBER:
    case CO_FT_COUNT:
        return co_json_new_number(*CO_AT_C(item, f->off, double));
    case CO_FT_LEVEL: {
        const char *text = *CO_AT_C(item, f->aux, char *);
        return text ? co_json_new_string(text)
                    : co_json_new_number(*CO_AT_C(item, f->off, double));
    }
    case CO_FT_REFS: {
        const co_ref *r = *CO_AT_C(item, f->off, co_ref *);
        v = co_json_new_array();
        for (int i = 0; v && i < *CO_AT_C(item, f->aux, int); i++)
            co_json_put(&oom, v, NULL, co_json_new_string(r[i].id));
        break;
    }
    case CO_FT_AREA_MAP: {
        const co_area_value *a = *CO_AT_C(item, f->off, co_area_value *);
        v = co_json_new_object();
        for (int i = 0; v && i < *CO_AT_C(item, f->aux, int); i++)
            co_json_put(&oom, v, a[i].area, co_json_new_number(a[i].value));
        break;
    }
    case CO_FT_BOOL:
        return co_json_new_bool(*CO_AT_C(item, f->off, int));
    case CO_FT_YEAR:
        return co_json_new_number(*CO_AT_C(item, f->off, int));
    case CO_FT_YEAR_MAP: {
        const co_year_map *m = CO_AT_C(item, f->off, co_year_map);
        if (m->has_all)
            return co_json_new_number(m->all);
        v = co_json_new_object();
        for (int i = 0; v && i < m->n; i++) {
            char key[16];
            snprintf(key, sizeof key, "%d", m->v[i].year);
            co_json_put(&oom, v, key, co_json_new_number(m->v[i].value));
        }
        break;
    }
    case CO_FT_OBJECT:
        v = co_json_new_object();
        for (int k = 0; v && k < f->n_sub; k++) {
            const void *sub = CO_AT_C(item, f->off, char);
            if (co_field_given(&f->sub[k], sub))
                co_json_put(&oom, v, f->sub[k].key, co_field_to_json(&f->sub[k], sub));
        }
        break;
    }
    if (oom) {
        co_json_free(v);
        return NULL;
    }
    return v;
}

/* ---- rules the table cannot state ------------------------------------- */

void co_check_err(co_check *c, const co_where *w, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = co_vasprintf(fmt, ap);
    va_end(ap);
    c->bad++;
    co_err_at(c->dg, w, field, "%s", msg ? msg : "out of memory");
    free(msg);
}

/* A need's amount: as given, else from its work (remaining * unit_cost);
 * 0 when it has neither (reported by the loader). */
static int need_amount(const co_need *n, double *amount)
{
    if (n->amount_given) {
        *amount = n->amount;
        return 1;
    }
    if (n->has_work && n->work.has_remaining && n->work.has_unit_cost) {
        *amount = n->work.remaining * n->work.unit_cost;
        return 1;
    }
    return 0;
}

/* A need's secured must not exceed its amount (by half a cent: money is
 * compared as the outputs round it, base/util.h). */
static void rule_secured(co_check *c, void *item)
{
    const co_need *n = item;
    double amount;
    if (need_amount(n, &amount) && isfinite(amount) && amount >= 0 && isfinite(n->secured) &&
        co_usd_exceeds(n->secured, amount))
        co_check_err(c, &n->where, "secured", "must not exceed amount (%s), got '%s'",
                     co_num(1, amount), co_num(0, n->secured));
}

/* How messages name a need's field `key` (and sub-field `sub`). */
static const char *need_field(const co_need *n, const char *key, const char *sub, char *buf,
                              size_t size)
{
    const co_field *f = co_field_find(&co_entities[CO_NEEDS], key);
    return co_field_name(&n->where, f, sub ? co_field_find_in(f->sub, f->n_sub, sub) : NULL,
                         buf, size);
}

/* A requested deadline is for a need with a deadline, and not before it. */
static void rule_requested(co_check *c, void *item)
{
    const co_need *n = item;
    long day, deadline;
    char name[64];
    if (!n->requested_deadline || co_parse_date(n->requested_deadline, &day) != 0)
        return; /* none, or not a date (reported) */
    need_field(n, "requested_deadline", NULL, name, sizeof name);
    if (!n->deadline)
        co_check_err(c, &n->where, name, "only on a need with a deadline, got '%s'",
                     co_q(0, n->requested_deadline));
    else if (co_parse_date(n->deadline, &deadline) == 0 && day < deadline)
        co_check_err(c, &n->where, name, "must not be before deadline (%s), got '%s'",
                     co_q(1, n->deadline), co_q(0, n->requested_deadline));
}

/* per_year_max is the capacity of a need without work; work states its
 * own (per_year). */
static void rule_per_year_max(co_check *c, void *item)
{
    const co_need *n = item;
    char name[64], per_year[64];
    if (!n->has_work || !(n->per_year_max.n > 0 || n->per_year_max.has_all))
        return;
    need_field(n, "work", "per_year", per_year, sizeof per_year);
    if (!n->per_year_max.has_all) {
        /* by year: where the first year's value is (its own file's row in
         * a CSV bundle, per_year_max.csv) */
        const co_year_value *x = &n->per_year_max.v[0];
        const co_bundle_file *bf = NULL;
        co_bundle_field(CO_NEEDS, &bf, "per_year_max");
        co_check_err(c, &x->where, x->where.sep == '.' || !bf ? NULL : bf->value_col,
                     "not allowed beside work (its %s is the capacity), got '%s'", per_year,
                     co_num(0, x->value));
        return;
    }
    co_check_err(c, &n->where, need_field(n, "per_year_max", NULL, name, sizeof name),
                 "not allowed beside work (its %s is the capacity)", per_year);
}

/* With work, amount is remaining * unit_cost: filled in when not given,
 * else it must agree to one USD; what the State pays itself a year must
 * fit in the capacity, per_year * unit_cost. */
static void rule_work(co_check *c, void *item)
{
    co_need *n = item;
    const co_work *w = &n->work;
    char name[64];
    if (!n->has_work)
        return;
    int cost_ok = w->has_unit_cost && isfinite(w->unit_cost) && w->unit_cost > 0;
    if (cost_ok && w->has_remaining && isfinite(w->remaining) && w->remaining >= 0) {
        double total = w->remaining * w->unit_cost;
        if (!n->amount_given)
            n->amount = total;
        else if (isfinite(n->amount) && fabs(n->amount - total) > 1)
            co_check_err(c, &n->where, "amount",
                         "must be remaining * unit_cost of its work (%s * %s = %s) to one "
                         "USD, got '%s'",
                         co_num(1, w->remaining), co_num(2, w->unit_cost),
                         co_num(3, round(total * 100) / 100), co_num(0, n->amount));
    }
    if (cost_ok && w->has_per_year && w->has_national_per_year && isfinite(w->per_year) &&
        w->per_year >= 0 && co_usd_exceeds(w->national_per_year, w->per_year * w->unit_cost))
        co_check_err(c, &n->where, need_field(n, "work", "national_per_year", name, sizeof name),
                     "must not exceed the capacity, per_year * unit_cost (%s * %s = %s), got "
                     "'%s'",
                     co_num(1, w->per_year), co_num(2, w->unit_cost),
                     co_num(3, round(w->per_year * w->unit_cost * 100) / 100),
                     co_num(0, w->national_per_year));
}

/* A code of exactly `len` characters from lo to hi (NULL: not given). */
static void check_code(co_check *c, const co_where *w, const char *field, const char *s,
                       size_t len, char lo, char hi, const char *what)
{
    int ok = s != NULL ? strlen(s) == len : 1;
    for (size_t i = 0; ok && s && i < len; i++)
        ok = s[i] >= lo && s[i] <= hi;
    if (!ok)
        co_check_err(c, w, field, "must be %s, got '%s'", what, co_q(0, s));
}

void co_schema_rules_ids(co_check *c)
{
    const co_dataset *ds = c->ds;
    for (int i = 0; i < ds->n_states; i++)
        check_code(c, &ds->states[i].where, "iso3", ds->states[i].iso3, 3, 'A', 'Z',
                   "an ISO 3166-1 alpha-3 code (three capital letters)");
    for (int i = 0; i < ds->n_areas; i++)
        check_code(c, &ds->areas[i].where, "crs_code", ds->areas[i].crs_code, 5, '0', '9',
                   "an OECD DAC CRS purpose code (five digits)");
}

void co_schema_rules_top(co_check *c)
{
    const co_dataset *ds = c->ds;
    const co_year_span *y = &ds->years;
    c->years_ok = 0;
    if (!ds->has_years || !y->has_first || !y->has_last)
        return; /* one period, or a year missing (reported by the loader) */
    int json = y->where.sep == '.';
    const char *first = json ? "first" : "years_first", *last = json ? "last" : "years_last";
    const co_where *lw = y->last_where.text ? &y->last_where : &y->where;
    int bad = c->bad;
    if (y->last < y->first)
        co_check_err(c, lw, last, "must not be before %s%s (%d), got '%d'",
                     json ? "years." : "", first, y->first, y->last);
    else if (y->last - y->first + 1 > 30)
        co_check_err(c, lw, last, "must be at most %d (at most 30 years from %d), got '%d'",
                     y->first + 29, y->first, y->last);
    /* as_of in force: a parameter as_of overrides the dataset's */
    const char *as_of = ds->as_of;
    for (int i = 0; i < ds->n_params; i++)
        if (ds->params[i].name && strcmp(ds->params[i].name, "as_of") == 0)
            as_of = ds->params[i].text;
    long day;
    char date[11];
    if (!as_of) {
        if (ds->as_of_where.text)
            co_check_err(c, &ds->as_of_where, NULL,
                         "required field is missing (the dataset has years)");
        else
            co_check_err(c, &y->where, "as_of",
                         "required field is missing (the dataset has years)");
    } else if (co_parse_date(as_of, &day) == 0) { /* else reported by params.c */
        co_format_date(day, date);
        int year = (int)strtol(date, NULL, 10);
        if (y->first < year)
            co_check_err(c, &y->where, first,
                         "must not be before the year of as_of (%d), got '%d'", year, y->first);
    }
    c->years_ok = c->bad == bad;
}
