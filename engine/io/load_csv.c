/*
 * load_csv.c: reads a CSV bundle folder (docs/FORMATS.md) with libcsv into
 * a co_dataset, as the JSON loader would for the same data. Checks what
 * the format decides (encoding, quoting, columns, cell counts, numbers,
 * donor ids of expertise and area_budgets rows); values, ids and the other
 * references are validate.c's job, which cites the "file:line" set here.
 */
#include <csv.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io/load.h"
#include "base/util.h"

/* The bundle's files, in file-name byte order (the order they are hashed). */
enum { F_AREA_BUDGETS, F_AREAS, F_DONORS, F_EXPERTISE, F_NEEDS, F_PARAMETERS, F_STATES, N_FILES };

/* The order they are read in: donors before the files that name them. */
static const int read_order[N_FILES] = {F_AREAS, F_STATES,       F_DONORS,    F_EXPERTISE,
                                        F_NEEDS, F_AREA_BUDGETS, F_PARAMETERS};

/* Column indexes of each file, as in the column tables below. */
enum { A_ID, A_NAME, A_CRS };
enum { S_ID, S_NAME, S_ISO3 };
enum { D_ID, D_NAME, D_BUDGET, D_MAX_STATES, D_MIN_GRANT, D_EXCLUDED, D_PRIORITY };
enum { V_DONOR, V_AREA, V_VALUE }; /* expertise.csv and area_budgets.csv */
enum {
    N_ID, N_STATE, N_AREA, N_AMOUNT, N_SECURED, N_EVIDENCE, N_DEADLINE,
    N_ORIGINAL_DEADLINE, N_SECURED_BY, N_NOTE
};
enum { P_NAME, P_VALUE };

#define MAX_COLS 10      /* the most columns a file knows (needs.csv) */
_Static_assert(N_NOTE + 1 == MAX_COLS, "MAX_COLS is the column count of needs.csv");
#define MAX_UNKNOWN 20   /* unknown columns warned of one by one, per file */
#define MAX_HINTS CO_DIAG_CAP /* unknown donor ids given a "did you mean" */

static const char *const area_cols[] = {"id", "name", "crs_code"};
static const char *const state_cols[] = {"id", "name", "iso3"};
static const char *const donor_cols[] = {"id",        "name",            "budget",
                                         "max_states", "min_grant",      "excluded_states",
                                         "priority_states"};
static const char *const expertise_cols[] = {"donor", "area", "level"};
static const char *const cap_cols[] = {"donor", "area", "amount"};
static const char *const need_cols[] = {"id",       "state",    "area",
                                        "amount",   "secured",  "evidence",
                                        "deadline", "original_deadline", "secured_by",
                                        "note"};
static const char *const param_cols[] = {"name", "value"};

typedef struct loader loader;

typedef struct {
    const char *file;
    int required; /* the bundle must have this file */
    const char *const *cols;
    int n_cols;
    unsigned need; /* bit k: column k must be there, and its cells not empty */
    void (*row)(loader *l);
} table_def;

static void row_area(loader *l);
static void row_state(loader *l);
static void row_donor(loader *l);
static void row_expertise(loader *l);
static void row_need(loader *l);
static void row_area_budget(loader *l);
static void row_param(loader *l);

#define COLS(a) a, (int)(sizeof a / sizeof a[0])
static const table_def tables[N_FILES] = {
    [F_AREA_BUDGETS] = {"area_budgets.csv", 0, COLS(cap_cols),
                        1u << V_DONOR | 1u << V_AREA | 1u << V_VALUE, row_area_budget},
    [F_AREAS] = {"areas.csv", 1, COLS(area_cols), 1u << A_ID, row_area},
    [F_DONORS] = {"donors.csv", 1, COLS(donor_cols), 1u << D_ID | 1u << D_BUDGET, row_donor},
    [F_EXPERTISE] = {"expertise.csv", 1, COLS(expertise_cols),
                     1u << V_DONOR | 1u << V_AREA | 1u << V_VALUE, row_expertise},
    [F_NEEDS] = {"needs.csv", 1, COLS(need_cols),
                 1u << N_ID | 1u << N_STATE | 1u << N_AREA | 1u << N_AMOUNT | 1u << N_EVIDENCE,
                 row_need},
    [F_PARAMETERS] = {"parameters.csv", 0, COLS(param_cols), 1u << P_NAME | 1u << P_VALUE,
                      row_param},
    [F_STATES] = {"states.csv", 1, COLS(state_cols), 1u << S_ID, row_state},
};
#undef COLS

/* A donor id and its index, sorted for lookups from expertise.csv and
 * area_budgets.csv (the donor list itself is sorted only by validate.c). */
typedef struct {
    const char *id;
    int i;
} donor_key;

/* A parameters.csv row, to find names given twice. */
typedef struct {
    char *name;
    long line;
} param_seen;

struct loader {
    co_dataset *ds;
    co_diag *dg;
    int status; /* CO_OK or the worst failure so far */

    /* the file being read */
    const table_def *t;
    const char *path;  /* DIR/file.csv, in messages and locations */
    long line;         /* the physical line fed to the parser */
    long row_line;     /* the line the current row started on */
    long cell_line;    /* the line the current row's last cell ended on */
    int row_open;      /* a row started and has not ended */
    int row_ended;     /* the line being fed ended a row */
    int have_header;
    int skip_rows;     /* the header is unusable: rows are not read */
    int complete;      /* every row is in the dataset, with its required cells */
    int file_bad;      /* input errors found in the file */
    size_t n_header;
    long col[MAX_COLS]; /* header position of each known column, -1 if absent */
    co_where where;    /* the current row's location */

    /* the current row's cells, each NUL-terminated in buf at off[i] */
    char *buf;
    size_t len, size;
    size_t *off;
    size_t n_cells, cap_cells;

    /* donors.csv, for expertise.csv and area_budgets.csv */
    donor_key *keys;
    int n_keys;
    int donors_complete;
    int n_unknown; /* unknown donor ids met */

    param_seen *seen;
    int n_seen;
};

static int rank(int rc)
{
    return rc == CO_OK ? 0 : rc == CO_EINPUT ? 1 : rc == CO_EIO ? 2 : 3;
}

static void fail(loader *l, int rc)
{
    if (rank(rc) > rank(l->status))
        l->status = rc;
}

static void oom(loader *l)
{
    if (l->status != CO_EINTERNAL)
        co_err(l->dg, "%s: out of memory", l->path);
    fail(l, CO_EINTERNAL);
}

/* An input error about `field` (may be NULL) at `w`. */
static void bad(loader *l, const co_where *w, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void bad(loader *l, const co_where *w, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = co_vasprintf(fmt, ap);
    va_end(ap);
    if (!msg) {
        oom(l);
        return;
    }
    co_err_at(l->dg, w, field, "%s", msg);
    free(msg);
    l->file_bad++;
    fail(l, CO_EINPUT);
}

/* Room for item n of an array whose capacity follows from its length
 * (4, 8, 16, ...), as the dataset keeps no capacities. Returns the array,
 * moved or not, or NULL (the old one still valid) when out of memory. */
static void *grow(void *arr, int n, size_t size)
{
    if (n > 0 && (n < 4 || (n & (n - 1)) != 0))
        return arr;
    if (n >= INT_MAX / 2)
        return NULL;
    size_t cap = n == 0 ? 4 : (size_t)n * 2;
    if (cap > SIZE_MAX / size)
        return NULL;
    return realloc(arr, cap * size);
}

static char *copy_text(loader *l, const char *s)
{
    if (!s)
        return NULL;
    char *p = co_strdup(s);
    if (!p)
        oom(l);
    return p;
}

/* Sets w to the current row's location, "DIR/file.csv:LINE". */
static void locate(loader *l, co_where *w)
{
    if (co_where_set(w, ':', "%s:%ld", l->path, l->row_line) != CO_OK)
        oom(l);
}

/* The cell of known column k in the current row, or NULL when the column
 * is absent or the cell empty ("not given"). */
static const char *cell(const loader *l, int k)
{
    if (l->col[k] < 0)
        return NULL;
    const char *s = l->buf + l->off[l->col[k]];
    return *s ? s : NULL;
}

/* Why a cell that looks numeric is not a number co_parse_double takes. */
static const char *number_hint(const char *s)
{
    size_t digits = strspn(s, "0123456789+-.eE,' ");
    if (s[digits] == '\0' && strpbrk(s, ",' ") && strpbrk(s, "0123456789"))
        return " without thousands separators";
    if (s[strspn(s, "0123456789+-.eE")] != '\0')
        return "";
    char *end;
    double v = strtod(s, &end);
    return *end == '\0' && !isfinite(v) ? " within +-1.8e308" : "";
}

/* Column k as a number: 1 when given (in *v), 0 when not, -1 (reported)
 * when it is not a number. */
static int number(loader *l, int k, double *v)
{
    const char *s = cell(l, k);
    if (!s)
        return 0;
    if (co_parse_double(s, v) != 0) {
        bad(l, &l->where, l->t->cols[k], "must be a number%s, got '%s'", number_hint(s),
            co_q(0, s));
        return -1;
    }
    return 1;
}

/* Column k as a ';'-separated list of State ids, entries trimmed of
 * surrounding spaces and empty ones skipped. */
static void refs(loader *l, int k, co_ref **out, int *n)
{
    const char *s = cell(l, k);
    *out = NULL;
    *n = 0;
    if (!s)
        return;
    size_t max = 1;
    for (const char *p = s; *p; p++)
        max += *p == ';';
    if (max > INT_MAX) {
        oom(l);
        return;
    }
    co_ref *r = calloc(max, sizeof *r);
    if (!r) {
        oom(l);
        return;
    }
    for (const char *p = s;;) {
        size_t len = strcspn(p, ";");
        const char *b = p, *e = p + len;
        while (b < e && (*b == ' ' || *b == '\t'))
            b++;
        while (e > b && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        if (e > b) {
            co_ref *x = &r[(*n)++];
            x->id = co_strndup(b, (size_t)(e - b));
            x->field = co_strdup(l->t->cols[k]);
            x->index = -1;
            if (!x->id || !x->field)
                oom(l);
            locate(l, &x->where);
        }
        if (!p[len])
            break;
        p += len + 1;
    }
    if (*n == 0) {
        free(r);
        r = NULL;
    }
    *out = r;
}

static void row_area(loader *l)
{
    co_dataset *ds = l->ds;
    co_area *p = grow(ds->areas, ds->n_areas, sizeof *p);
    if (!p) {
        oom(l);
        return;
    }
    ds->areas = p;
    co_area *a = &p[ds->n_areas++];
    memset(a, 0, sizeof *a);
    a->id = copy_text(l, cell(l, A_ID));
    a->name = copy_text(l, cell(l, A_NAME));
    a->crs_code = copy_text(l, cell(l, A_CRS));
    locate(l, &a->where);
}

static void row_state(loader *l)
{
    co_dataset *ds = l->ds;
    co_state *p = grow(ds->states, ds->n_states, sizeof *p);
    if (!p) {
        oom(l);
        return;
    }
    ds->states = p;
    co_state *s = &p[ds->n_states++];
    memset(s, 0, sizeof *s);
    s->id = copy_text(l, cell(l, S_ID));
    s->name = copy_text(l, cell(l, S_NAME));
    s->iso3 = copy_text(l, cell(l, S_ISO3));
    locate(l, &s->where);
}

static void row_donor(loader *l)
{
    co_dataset *ds = l->ds;
    co_donor *p = grow(ds->donors, ds->n_donors, sizeof *p);
    if (!p) {
        oom(l);
        return;
    }
    ds->donors = p;
    co_donor *d = &p[ds->n_donors++];
    memset(d, 0, sizeof *d);
    d->id = copy_text(l, cell(l, D_ID));
    d->name = copy_text(l, cell(l, D_NAME));
    number(l, D_BUDGET, &d->budget);
    d->has_max_states = number(l, D_MAX_STATES, &d->max_states) > 0;
    if (number(l, D_MIN_GRANT, &d->min_grant) <= 0)
        d->min_grant = 0;
    refs(l, D_EXCLUDED, &d->excluded, &d->n_excluded);
    refs(l, D_PRIORITY, &d->priority, &d->n_priority);
    locate(l, &d->where);
}

static int cmp_key(const void *a, const void *b)
{
    const donor_key *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Indexes the donors read so far by id (first one wins among equal ids;
 * validate.c reports those). */
static void index_donors(loader *l)
{
    const co_dataset *ds = l->ds;
    if (ds->n_donors == 0)
        return;
    l->keys = malloc((size_t)ds->n_donors * sizeof *l->keys);
    if (!l->keys) {
        oom(l);
        return;
    }
    for (int i = 0; i < ds->n_donors; i++) {
        if (ds->donors[i].id) {
            l->keys[l->n_keys].id = ds->donors[i].id;
            l->keys[l->n_keys].i = i;
            l->n_keys++;
        }
    }
    qsort(l->keys, (size_t)l->n_keys, sizeof *l->keys, cmp_key);
}

static int find_donor(const loader *l, const char *id)
{
    int lo = 0, hi = l->n_keys; /* first key >= id */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strcmp(l->keys[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->n_keys && strcmp(l->keys[lo].id, id) == 0 ? l->keys[lo].i : -1;
}

/* An expertise.csv or area_budgets.csv row: an entry of the donor's list. */
static void row_area_value(loader *l, int is_cap)
{
    const char *id = cell(l, V_DONOR), *area = cell(l, V_AREA);
    double v = 0;
    number(l, V_VALUE, &v);
    if (!id || !area)
        return; /* reported as required (validate.c runs even so: no NULL area) */
    int i = find_donor(l, id);
    if (i < 0) {
        /* when donors.csv lost rows, the id may be one of them: say nothing */
        const char *near = NULL;
        if (l->donors_complete && l->n_unknown++ < MAX_HINTS) {
            /* co_nearest is O(donors): hint only while messages are kept */
            const char **names = malloc((size_t)(l->n_keys ? l->n_keys : 1) * sizeof *names);
            for (int k = 0; names && k < l->n_keys; k++)
                names[k] = l->keys[k].id;
            near = names ? co_nearest(id, names, l->n_keys) : NULL;
            free(names);
        }
        if (l->donors_complete && near)
            bad(l, &l->where, "donor", "unknown id '%s' (did you mean '%s'?)", co_q(0, id),
                co_q(1, near));
        else if (l->donors_complete)
            bad(l, &l->where, "donor", "unknown id '%s'", co_q(0, id));
        else
            fail(l, CO_EINPUT);
        return;
    }
    co_donor *d = &l->ds->donors[i];
    co_area_value **list = is_cap ? &d->area_budget : &d->expertise;
    int *n = is_cap ? &d->n_area_budget : &d->n_expertise;
    co_area_value *p = grow(*list, *n, sizeof *p);
    if (!p) {
        oom(l);
        return;
    }
    *list = p;
    co_area_value *x = &p[(*n)++];
    memset(x, 0, sizeof *x);
    x->area = copy_text(l, area);
    x->a = -1;
    x->value = v;
    x->area_field = copy_text(l, "area");
    x->value_field = copy_text(l, l->t->cols[V_VALUE]);
    locate(l, &x->where);
}

static void row_expertise(loader *l)
{
    row_area_value(l, 0);
}

static void row_area_budget(loader *l)
{
    row_area_value(l, 1);
}

static void row_need(loader *l)
{
    co_dataset *ds = l->ds;
    co_need *p = grow(ds->needs, ds->n_needs, sizeof *p);
    if (!p) {
        oom(l);
        return;
    }
    ds->needs = p;
    co_need *n = &p[ds->n_needs++];
    memset(n, 0, sizeof *n);
    n->s = n->a = -1;
    n->id = copy_text(l, cell(l, N_ID));
    n->state = copy_text(l, cell(l, N_STATE));
    n->area = copy_text(l, cell(l, N_AREA));
    n->amount_given = number(l, N_AMOUNT, &n->amount) > 0;
    if (number(l, N_SECURED, &n->secured) <= 0)
        n->secured = 0;
    /* a number is a q value; anything else a level name for validate.c */
    const char *ev = cell(l, N_EVIDENCE);
    double q;
    if (ev && co_parse_double(ev, &q) == 0)
        n->evidence = q;
    else
        n->evidence_text = copy_text(l, ev);
    n->deadline = copy_text(l, cell(l, N_DEADLINE));
    n->original_deadline = copy_text(l, cell(l, N_ORIGINAL_DEADLINE));
    n->secured_by = copy_text(l, cell(l, N_SECURED_BY));
    n->note = copy_text(l, cell(l, N_NOTE));
    locate(l, &n->where);
}

/* A parameters.csv row: the dataset's name, as_of or currency, or a model
 * parameter kept as text (co_params_resolve checks it). */
static void row_param(loader *l)
{
    co_dataset *ds = l->ds;
    const char *name = cell(l, P_NAME), *value = cell(l, P_VALUE);
    if (!name || !value)
        return; /* reported as required */
    param_seen *s = grow(l->seen, l->n_seen, sizeof *s);
    if (!s) {
        oom(l);
        return;
    }
    l->seen = s;
    char *copy = copy_text(l, name);
    if (!copy)
        return;
    s[l->n_seen].name = copy;
    s[l->n_seen].line = l->row_line;
    l->n_seen++;
    char **field = strcmp(name, "name") == 0       ? &ds->name
                   : strcmp(name, "as_of") == 0    ? &ds->as_of
                   : strcmp(name, "currency") == 0 ? &ds->currency
                                                   : NULL;
    if (field) {
        if (*field)
            return; /* given twice: reported after the file */
        *field = copy_text(l, value);
        /* as_of is checked with no field name: cite the cell in the text */
        if (field == &ds->as_of &&
            co_where_set(&ds->as_of_where, ':', "%s:%ld: as_of", l->path, l->row_line) != CO_OK)
            oom(l);
        return;
    }
    co_param_text *p = grow(ds->params, ds->n_params, sizeof *p);
    if (!p) {
        oom(l);
        return;
    }
    ds->params = p;
    co_param_text *t = &p[ds->n_params++];
    memset(t, 0, sizeof *t);
    t->name = copy_text(l, name);
    t->text = copy_text(l, value);
    locate(l, &t->where);
}

static int cmp_seen(const void *a, const void *b)
{
    const param_seen *x = a, *y = b;
    int c = strcmp(x->name, y->name);
    return c ? c : (x->line > y->line) - (x->line < y->line);
}

/* Reports parameters.csv names given on more than one row. */
static void check_params_once(loader *l)
{
    if (l->n_seen < 2)
        return; /* and qsort must not be given seen == NULL */
    qsort(l->seen, (size_t)l->n_seen, sizeof *l->seen, cmp_seen);
    for (int i = 1; i < l->n_seen; i++) {
        if (strcmp(l->seen[i].name, l->seen[i - 1].name) != 0)
            continue;
        co_where w = {0};
        if (co_where_set(&w, ':', "%s:%ld", l->path, l->seen[i].line) != CO_OK) {
            oom(l);
            return;
        }
        int first = i - 1;
        while (first > 0 && strcmp(l->seen[first - 1].name, l->seen[i].name) == 0)
            first--;
        bad(l, &w, "name", "'%s' was already given on line %ld", co_q(0, l->seen[i].name),
            l->seen[first].line);
        co_where_release(&w);
    }
}

/* The header row: maps known columns to positions, warns of unknown ones. */
static void header(loader *l)
{
    const table_def *t = l->t;
    int unknown = 0;
    for (int k = 0; k < t->n_cols; k++)
        l->col[k] = -1;
    l->n_header = l->n_cells;
    if (l->n_cells == 1) {
        /* a spreadsheet saved with another separator: one long column */
        const char *h = l->buf;
        const char *sep = strchr(h, ';') ? "';'" : strchr(h, '\t') ? "tabs" : NULL;
        if (sep) {
            bad(l, &l->where, NULL, "cells are separated by %s, expected ','", sep);
            l->skip_rows = 1;
            l->complete = 0;
            return;
        }
    }
    for (size_t j = 0; j < l->n_cells; j++) {
        const char *h = l->buf + l->off[j];
        int k = 0;
        while (k < t->n_cols && strcmp(h, t->cols[k]) != 0)
            k++;
        if (k < t->n_cols) {
            if (l->col[k] >= 0)
                bad(l, &l->where, t->cols[k], "duplicate column");
            else
                l->col[k] = (long)j;
            continue;
        }
        if (++unknown > MAX_UNKNOWN)
            continue;
        const char *near = *h ? co_nearest(h, t->cols, t->n_cols) : NULL;
        if (!*h)
            co_warn_at(l->dg, &l->where, NULL, "column %zu has no name, ignored", j + 1);
        else if (near)
            co_warn_at(l->dg, &l->where, co_q(0, h),
                       "unknown column, ignored (did you mean '%s'?)", near);
        else
            co_warn_at(l->dg, &l->where, co_q(0, h), "unknown column, ignored");
    }
    if (unknown > MAX_UNKNOWN)
        co_warn_at(l->dg, &l->where, NULL, "%d more unknown columns, ignored",
                   unknown - MAX_UNKNOWN);
    for (int k = 0; k < t->n_cols; k++) {
        if (((t->need >> k) & 1) && l->col[k] < 0) {
            bad(l, &l->where, t->cols[k], "required column is missing");
            l->complete = 0;
        }
    }
}

/* libcsv's end-of-cell callback: keeps a copy of the cell. */
static void on_cell(void *s, size_t n, void *data)
{
    loader *l = data;
    l->cell_line = l->line;
    if (l->status == CO_EINTERNAL)
        return;
    if (l->n_cells == l->cap_cells) {
        size_t cap = l->cap_cells ? l->cap_cells * 2 : 16;
        size_t *p = cap < SIZE_MAX / sizeof *p ? realloc(l->off, cap * sizeof *p) : NULL;
        if (!p) {
            oom(l);
            return;
        }
        l->off = p;
        l->cap_cells = cap;
    }
    if (n >= SIZE_MAX / 2 - l->len) {
        oom(l);
        return;
    }
    if (l->size - l->len < n + 1) {
        size_t size = l->size ? l->size : 256;
        while (size - l->len < n + 1)
            size *= 2;
        char *p = realloc(l->buf, size);
        if (!p) {
            oom(l);
            return;
        }
        l->buf = p;
        l->size = size;
    }
    l->off[l->n_cells++] = l->len;
    if (n)
        memcpy(l->buf + l->len, s, n);
    l->buf[l->len + n] = '\0';
    l->len += n + 1;
}

/* libcsv's end-of-row callback: the header, or one item of the dataset. */
static void on_row(int c, void *data)
{
    loader *l = data;
    const table_def *t = l->t;
    (void)c;
    l->row_open = 0;
    l->row_ended = 1;
    size_t j = 0;
    while (j < l->n_cells && l->buf[l->off[j]] == '\0')
        j++;
    if (j == l->n_cells || l->status == CO_EINTERNAL || l->skip_rows)
        goto done; /* a blank row (every cell empty) is skipped */
    if (co_where_set(&l->where, ':', "%s:%ld", l->path, l->row_line) != CO_OK) {
        oom(l);
        goto done;
    }
    if (!l->have_header) {
        l->have_header = 1;
        header(l);
        goto done;
    }
    if (l->n_cells != l->n_header) {
        bad(l, &l->where, NULL, "row has %zu cell%s, the header has %zu", l->n_cells,
            l->n_cells == 1 ? "" : "s", l->n_header);
        l->complete = 0;
        goto done;
    }
    for (int k = 0; k < t->n_cols; k++) {
        if (((t->need >> k) & 1) && l->col[k] >= 0 && !cell(l, k)) {
            bad(l, &l->where, t->cols[k], "required, got ''");
            l->complete = 0;
        }
    }
    t->row(l);
done:
    l->n_cells = 0;
    l->len = 0;
}

static int has_content(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!strchr(" \t\r\n", s[i]))
            return 1;
    return 0;
}

/* Parses one file's bytes. The parser is fed a line at a time (a line ends
 * with LF, CRLF or a lone CR, as libcsv ends rows), so the line number is
 * known when a cell or a row ends; a row's line is the one it starts on. */
static void parse_file(loader *l, const char *data, size_t len)
{
    struct csv_parser p;
    /* RFC 4180 quoting, strictly; libcsv also trims spaces and tabs around
     * a cell (not inside quotes), which hand-written files rely on */
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        oom(l);
        return;
    }
    size_t pos = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a UTF-8 byte order mark, as spreadsheets write */
    while (pos < len) {
        const char *s = data + pos;
        size_t n = 0;
        while (pos + n < len && s[n] != '\n' && s[n] != '\r')
            n++;
        if (pos + n < len)
            n += s[n] == '\r' && pos + n + 1 < len && s[n + 1] == '\n' ? 2 : 1;
        l->line++;
        if (memchr(s, '\0', n)) {
            bad(l, NULL, NULL, "%s:%ld: NUL byte in the file (not a text file?)", l->path,
                l->line);
            goto stop;
        }
        size_t ok = co_utf8_prefix(s, n);
        if (ok < n) {
            size_t text = n; /* the line without its end */
            while (text > ok + 1 && (s[text - 1] == '\n' || s[text - 1] == '\r'))
                text--;
            bad(l, NULL, NULL, "%s:%ld: not valid UTF-8 in '%s' (save the file as UTF-8)",
                l->path, l->line, co_excerpt(0, s, text, ok));
            goto stop;
        }
        if (!l->row_open)
            l->row_line = l->cell_line = l->line;
        l->row_ended = 0;
        size_t used = 0;
        while (used < n && l->status != CO_EINTERNAL) {
            /* libcsv grows its cell buffer by blk_size bytes at a time:
             * feeding a long line in pieces, each with blk_size as large as
             * the buffer, makes that growth geometric */
            size_t piece = n - used < 65536 ? n - used : 65536;
            size_t have = csv_get_buffer_size(&p);
            csv_set_blk_size(&p, have > 128 ? have : 128);
            size_t got = csv_parse(&p, s + used, piece, on_cell, on_row, l);
            used += got;
            if (got < piece)
                break;
        }
        if (l->status == CO_EINTERNAL)
            goto stop;
        if (used < n) {
            if (csv_error(&p) == CSV_EPARSE)
                bad(l, NULL, NULL,
                    "%s:%ld: stray '\"' (a cell with a '\"' must be quoted whole, "
                    "with each '\"' inside doubled)",
                    l->path, l->line);
            else
                oom(l);
            goto stop;
        }
        if (!l->row_ended && has_content(s, n))
            l->row_open = 1;
        pos += n;
    }
    if (csv_fini(&p, on_cell, on_row, l) != 0) {
        bad(l, NULL, NULL, "%s:%ld: quoted cell is not closed (a '\"' is missing)", l->path,
            l->cell_line);
        goto stop;
    }
    if (!l->have_header && l->status != CO_EINTERNAL)
        bad(l, NULL, NULL, "%s: empty file, expected a header row of column names", l->path);
    csv_free(&p);
    return;
stop:
    l->complete = 0;
    csv_free(&p);
}

/* Reads a whole file. Returns 0, 1 when it does not exist, or -1 with
 * the reason reported. */
static int slurp(loader *l, const char *path, char **data, size_t *len, int *err)
{
    FILE *f = fopen(path, "rb");
    char *buf = NULL;
    size_t n = 0, size = 0;
    *data = NULL;
    *len = 0;
    if (!f) {
        *err = errno;
        if (errno == ENOENT || errno == ENOTDIR)
            return 1;
        co_err(l->dg, "%s: cannot open: %s", path, strerror(errno));
        fail(l, CO_EIO);
        return -1;
    }
    for (;;) {
        if (size - n < 4096) {
            size_t ns = size ? size * 2 : 65536;
            char *nb = ns > size ? realloc(buf, ns) : NULL;
            if (!nb) {
                oom(l);
                goto fail;
            }
            buf = nb;
            size = ns;
        }
        size_t got = fread(buf + n, 1, size - n, f);
        n += got;
        if (got == 0) {
            if (ferror(f)) {
                co_err(l->dg, "%s: cannot read: %s", path, strerror(errno));
                fail(l, CO_EIO);
                goto fail;
            }
            break;
        }
    }
    fclose(f);
    *data = buf;
    *len = n;
    return 0;
fail:
    fclose(f);
    free(buf);
    return -1;
}

int co_load_csv_bundle(const char *dir, co_dataset *ds, co_diag *dg)
{
    loader l = {.ds = ds, .dg = dg, .path = dir};
    char *path[N_FILES] = {0}, *data[N_FILES] = {0};
    size_t len[N_FILES] = {0};
    int absent[N_FILES] = {0}, err[N_FILES] = {0}, n_absent = 0;
    size_t dl = strlen(dir);
    const char *slash = dl == 0 || dir[dl - 1] == '/' ? "" : "/";

    ds->source = co_strdup(dir);
    if (!ds->source) {
        oom(&l);
        goto done;
    }
    for (int f = 0; f < N_FILES; f++) {
        path[f] = co_asprintf("%s%s%s", dir, slash, tables[f].file);
        if (!path[f]) {
            oom(&l);
            goto done;
        }
        int r = slurp(&l, path[f], &data[f], &len[f], &err[f]);
        if (r == 1) {
            absent[f] = 1;
            n_absent++;
        }
        if (l.status == CO_EINTERNAL)
            goto done;
    }
    if (n_absent == N_FILES) {
        co_err(dg,
               "%s: not a dataset (a JSON file or a folder with areas.csv, states.csv, "
               "donors.csv, expertise.csv and needs.csv)",
               dir);
        fail(&l, CO_EINPUT);
        goto done;
    }
    ds->areas_broken = !data[F_AREAS];
    ds->states_broken = !data[F_STATES];
    for (int f = 0; f < N_FILES; f++) {
        if (absent[f] && tables[f].required) {
            if (err[f] == ENOENT)
                co_err(dg, "%s: missing (a CSV bundle needs areas.csv, states.csv, "
                           "donors.csv, expertise.csv and needs.csv)",
                       path[f]);
            else
                co_err(dg, "%s: cannot open: %s", path[f], strerror(err[f]));
            fail(&l, CO_EINPUT);
        }
    }

    co_sha256 *h = co_sha256_new();
    for (int f = 0; f < N_FILES; f++) {
        if (!data[f])
            continue;
        co_sha256_update(h, tables[f].file, strlen(tables[f].file) + 1);
        co_sha256_update(h, data[f], len[f]);
    }
    co_sha256_final(h, ds->sha256);

    for (int i = 0; i < N_FILES; i++) {
        int f = read_order[i];
        if (!data[f])
            continue;
        l.t = &tables[f];
        l.path = path[f];
        l.line = l.row_line = l.cell_line = 0;
        l.row_open = l.have_header = l.skip_rows = 0;
        l.complete = 1;
        l.file_bad = 0;
        l.n_cells = l.len = 0;
        parse_file(&l, data[f], len[f]);
        if (f == F_DONORS) {
            l.donors_complete = l.complete;
            index_donors(&l);
        }
        if (f == F_PARAMETERS)
            check_params_once(&l);
        /* a list read with errors: validate.c then skips references into it */
        if (f == F_AREAS)
            ds->areas_broken = l.file_bad > 0;
        if (f == F_STATES)
            ds->states_broken = l.file_bad > 0;
        free(data[f]);
        data[f] = NULL;
        if (l.status == CO_EINTERNAL)
            goto done;
    }
done:
    for (int f = 0; f < N_FILES; f++) {
        free(path[f]);
        free(data[f]);
    }
    for (int i = 0; i < l.n_seen; i++)
        free(l.seen[i].name);
    free(l.seen);
    free(l.keys);
    free(l.buf);
    free(l.off);
    co_where_release(&l.where);
    return l.status;
}
