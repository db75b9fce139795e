/*
 * validate.c: checks a loaded dataset against every rule of docs/FORMATS.md
 * and docs/MODEL.md (ids, ranges, dates, evidence levels, references,
 * parameters), collecting all problems; then sorts lists by id and
 * resolves references to indexes. Loaders have already checked types.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/dataset.h"
#include "base/util.h"

static const char *const levels[] = {"surveyed", "reported", "estimated", "anecdotal"};
static const double level_q[] = {1.0, 0.75, 0.5, 0.25};

int co_evidence_level(const char *name, double *q)
{
    for (int i = 0; i < 4; i++) {
        if (strcmp(name, levels[i]) == 0) {
            *q = level_q[i];
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
        if (ch <= 0x20 || ch >= 0x7f || strchr(".*;,\"", ch))
            return 0;
    }
    return 1;
}

typedef struct {
    co_diag *dg;
    int bad;
} vctx;

static void check_id(vctx *v, const char *id, const co_where *w)
{
    if (id && !co_id_valid(id)) {
        v->bad++;
        co_err_at(v->dg, w, "id",
                  "must be 1 to 64 bytes of printable ASCII without spaces or . * ; , \", "
                  "got '%s'",
                  co_q(0, id));
    }
}

/* A code of exactly `len` characters from lo to hi (NULL: not given). */
static void check_code(vctx *v, const co_where *w, const char *field, const char *s, size_t len,
                       char lo, char hi, const char *what)
{
    int ok = s != NULL ? strlen(s) == len : 1;
    for (size_t i = 0; ok && s && i < len; i++)
        ok = s[i] >= lo && s[i] <= hi;
    if (!ok) {
        v->bad++;
        co_err_at(v->dg, w, field, "must be %s, got '%s'", what, co_q(0, s));
    }
}

static void check_range(vctx *v, const co_where *w, const char *field, double x, double lo,
                        double hi, const char *what)
{
    if (!isfinite(x) || x < lo || x > hi) {
        v->bad++;
        co_err_at(v->dg, w, field, "must be %s, got '%s'", what, co_num(0, x));
    }
}

static void check_date(vctx *v, const co_where *w, const char *field, const char *s,
                       long *day)
{
    long d;
    if (!s)
        return;
    if (co_parse_date(s, &d) != 0) {
        v->bad++;
        co_err_at(v->dg, w, field, "not a date (YYYY-MM-DD), got '%s'", co_q(0, s));
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

/* Reports duplicate ids in a list; `base` is an array of items whose first
 * member is the id and which carry a co_where at `where_off`. */
static void check_unique(vctx *v, const void *base, int n, size_t stride, size_t where_off)
{
    if (n < 2)
        return;
    id_entry *e = malloc((size_t)n * sizeof *e);
    if (!e) {
        v->bad++;
        co_err(v->dg, "out of memory");
        return;
    }
    int m = 0;
    for (int i = 0; i < n; i++) {
        const char *item = (const char *)base + (size_t)i * stride;
        const char *id = *(char *const *)item;
        if (!id)
            continue;
        e[m].id = id;
        e[m].where = (const co_where *)(const void *)(item + where_off);
        e[m].pos = i;
        m++;
    }
    if (m > 1)
        qsort(e, (size_t)m, sizeof *e, cmp_entry);
    for (int i = 1; i < m; i++) {
        if (strcmp(e[i].id, e[i - 1].id) == 0) {
            v->bad++;
            co_err_at(v->dg, e[i].where, "id", "duplicate id '%s' (first at %s)",
                      co_q(0, e[i].id), short_where(e[i - 1].where));
        }
    }
    free(e);
}

static int cmp_id(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The ids of a list, for "did you mean" hints. */
static const char *suggest(const void *base, int n, size_t stride, const char *id,
                           const char **buf)
{
    for (int i = 0; i < n; i++)
        buf[i] = *(char *const *)((const char *)base + (size_t)i * stride);
    return co_nearest(id, buf, n);
}

static void unknown_ref(vctx *v, const co_where *w, const char *field, const char *kind,
                        const char *id, const void *base, int n, size_t stride)
{
    /* a hint costs a pass over the list: only for messages that are kept */
    const char **buf = v->dg->errors < CO_DIAG_CAP
                           ? malloc((size_t)(n ? n : 1) * sizeof *buf)
                           : NULL;
    const char *near = buf ? suggest(base, n, stride, id, buf) : NULL;
    v->bad++;
    if (near)
        co_err_at(v->dg, w, field, "unknown %s id '%s' (did you mean '%s'?)", kind,
                  co_q(0, id), co_q(1, near));
    else
        co_err_at(v->dg, w, field, "unknown %s id '%s'", kind, co_q(0, id));
    free(buf);
}

static int resolve_state(vctx *v, const co_dataset *ds, const co_where *w, const char *field,
                         const char *id)
{
    int i = co_find_state(ds, id);
    if (i < 0 && !ds->states_broken)
        unknown_ref(v, w, field, "State", id, ds->states, ds->n_states, sizeof *ds->states);
    return i;
}

static int resolve_area(vctx *v, const co_dataset *ds, const co_where *w, const char *field,
                        const char *id)
{
    int i = co_find_area(ds, id);
    if (i < 0 && !ds->areas_broken)
        unknown_ref(v, w, field, "area", id, ds->areas, ds->n_areas, sizeof *ds->areas);
    return i;
}

static int cmp_value_area(const void *a, const void *b)
{
    const co_area_value *const *x = a, *const *y = b;
    int c = strcmp((*x)->area, (*y)->area);
    return c ? c : (*x > *y) - (*x < *y);
}

static void check_area_values(vctx *v, const co_dataset *ds, co_area_value *vals, int n,
                              double hi, const char *what)
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
        x->a = resolve_area(v, ds, &x->where, x->area_field, x->area);
        check_range(v, &x->where, x->value_field, x->value, 0, hi, what);
        if (twice && twice[i]) {
            v->bad++;
            co_err_at(v->dg, &x->where, x->area_field, "area '%s' given twice",
                      co_q(0, x->area));
        }
    }
    free(by_area);
    free(twice);
}

static void check_refs(vctx *v, const co_dataset *ds, co_ref *r, int n)
{
    for (int i = 0; i < n; i++)
        r[i].index = resolve_state(v, ds, &r[i].where, r[i].field, r[i].id);
}

static void check_donor(vctx *v, const co_dataset *ds, co_donor *d)
{
    check_range(v, &d->where, "budget", d->budget, 0, INFINITY, "a finite number >= 0");
    check_range(v, &d->where, "min_grant", d->min_grant, 0, INFINITY, "a finite number >= 0");
    if (d->has_max_states && (!isfinite(d->max_states) || d->max_states < 0 ||
                              d->max_states != floor(d->max_states) || d->max_states > 1e9)) {
        v->bad++;
        co_err_at(v->dg, &d->where, "max_states", "must be a whole number >= 0, got '%s'",
                  co_num(0, d->max_states));
    }
    check_area_values(v, ds, d->expertise, d->n_expertise, 1, "a number in [0, 1]");
    check_area_values(v, ds, d->area_budget, d->n_area_budget, INFINITY,
                      "a finite number >= 0");
    check_refs(v, ds, d->excluded, d->n_excluded);
    check_refs(v, ds, d->priority, d->n_priority);
}

static void check_need(vctx *v, const co_dataset *ds, co_need *n)
{
    if (n->state)
        n->s = resolve_state(v, ds, &n->where, "state", n->state);
    if (n->area)
        n->a = resolve_area(v, ds, &n->where, "area", n->area);
    check_range(v, &n->where, "amount", n->amount, 0, INFINITY, "a finite number >= 0");
    check_range(v, &n->where, "secured", n->secured, 0, INFINITY, "a finite number >= 0");
    if (n->amount_given && isfinite(n->amount) && n->amount >= 0 && isfinite(n->secured) &&
        n->secured > n->amount) {
        v->bad++;
        co_err_at(v->dg, &n->where, "secured", "must not exceed amount (%s), got '%s'",
                  co_num(1, n->amount), co_num(0, n->secured));
    }
    if (n->evidence_text) {
        double q;
        if (co_evidence_level(n->evidence_text, &q) == 0) {
            n->evidence = q;
        } else {
            v->bad++;
            co_err_at(v->dg, &n->where, "evidence",
                      "unknown evidence level '%s' (surveyed, reported, estimated, anecdotal, "
                      "or a number in [0, 1])",
                      co_q(0, n->evidence_text));
        }
    } else {
        check_range(v, &n->where, "evidence", n->evidence, 0, 1, "a level name or a number in [0, 1]");
    }
    check_date(v, &n->where, "deadline", n->deadline, &n->deadline_day);
    check_date(v, &n->where, "original_deadline", n->original_deadline, NULL);
}

int co_dataset_validate(co_dataset *ds, co_diag *dg)
{
    vctx v = {.dg = dg};
    for (int i = 0; i < ds->n_areas; i++)
        check_id(&v, ds->areas[i].id, &ds->areas[i].where);
    for (int i = 0; i < ds->n_states; i++) {
        check_id(&v, ds->states[i].id, &ds->states[i].where);
        check_code(&v, &ds->states[i].where, "iso3", ds->states[i].iso3, 3, 'A', 'Z',
                   "an ISO 3166-1 alpha-3 code (three capital letters)");
    }
    for (int i = 0; i < ds->n_areas; i++)
        check_code(&v, &ds->areas[i].where, "crs_code", ds->areas[i].crs_code, 5, '0', '9',
                   "an OECD DAC CRS purpose code (five digits)");
    for (int i = 0; i < ds->n_donors; i++)
        check_id(&v, ds->donors[i].id, &ds->donors[i].where);
    for (int i = 0; i < ds->n_needs; i++)
        check_id(&v, ds->needs[i].id, &ds->needs[i].where);
#define UNIQUE(list, n) \
    check_unique(&v, list, n, sizeof *(list), offsetof(__typeof__(*(list)), where))
    UNIQUE(ds->areas, ds->n_areas);
    UNIQUE(ds->states, ds->n_states);
    UNIQUE(ds->donors, ds->n_donors);
    UNIQUE(ds->needs, ds->n_needs);
#undef UNIQUE
    /* a missing id (already reported by the loader) would break sorting;
     * other problems so far do not stop the checks below */
    int missing = 0;
    for (int i = 0; i < ds->n_areas; i++)
        missing += !ds->areas[i].id;
    for (int i = 0; i < ds->n_states; i++)
        missing += !ds->states[i].id;
    for (int i = 0; i < ds->n_donors; i++)
        missing += !ds->donors[i].id;
    for (int i = 0; i < ds->n_needs; i++)
        missing += !ds->needs[i].id;
    if (missing)
        return CO_EINPUT;

    if (ds->n_areas > 1)
        qsort(ds->areas, (size_t)ds->n_areas, sizeof *ds->areas, cmp_id);
    if (ds->n_states > 1)
        qsort(ds->states, (size_t)ds->n_states, sizeof *ds->states, cmp_id);
    for (int i = 0; i < ds->n_donors; i++)
        check_donor(&v, ds, &ds->donors[i]);
    for (int i = 0; i < ds->n_needs; i++)
        check_need(&v, ds, &ds->needs[i]);
    co_params p;
    if (co_params_resolve(ds, NULL, &p, dg) != CO_OK)
        v.bad++;
    if (v.bad)
        return CO_EINPUT;
    if (ds->n_donors > 1)
        qsort(ds->donors, (size_t)ds->n_donors, sizeof *ds->donors, cmp_id);
    if (ds->n_needs > 1)
        qsort(ds->needs, (size_t)ds->n_needs, sizeof *ds->needs, cmp_id);
    return CO_OK;
}
