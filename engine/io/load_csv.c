/*
 * load_csv.c: reads a CSV bundle folder (FORMATS.md "Dataset") with libcsv into
 * a co_dataset, as the JSON loader would for the same data, its files and
 * columns as the schema lists them (data/schema.h). Checks what the format
 * decides (encoding, quoting, columns, cell counts, numbers, the ids that
 * rows of one-field files name); values, ids and the other references are
 * validate.c's job, which cites the "file:line" set here.
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

#include "base/numtext.h"
#include "base/output.h"
#include "base/util.h"
#include "data/schema.h"
#include "io/load.h"

#define MAX_COLS 24      /* the most columns a file knows */
#define MAX_UNKNOWN 20   /* unknown columns warned of one by one, per file */
#define MAX_HINTS CO_DIAG_CAP /* unknown ids of rows given a "did you mean" */

/* The columns of the file being read: their names, and for a list's own
 * file the field each fills. */
typedef struct {
    const co_bundle_file *bf;
    const co_field *entries; /* a one-field file: that field */
    const char *cols[MAX_COLS];
    const co_field *field[MAX_COLS];
    const co_field *parent[MAX_COLS]; /* the object a column's field is of, or NULL */
    int n_cols;
    unsigned need; /* bit k: column k must be there, and its cells not empty */
} table_def;

/* The columns of bundle file bf. */
static void table_of(const co_bundle_file *bf, table_def *t)
{
    memset(t, 0, sizeof *t);
    t->bf = bf;
    if (bf->list < 0 || bf->field) {
        /* parameters.csv (name, value); a one-field file (owner, key, value) */
        if (bf->field) {
            t->entries = co_field_find(&co_entities[bf->list], bf->field);
            t->cols[t->n_cols++] = co_entities[bf->list].item;
        }
        t->cols[t->n_cols++] = bf->key_col;
        t->cols[t->n_cols++] = bf->value_col;
        t->need = (1u << t->n_cols) - 1;
        return;
    }
    const co_entity *e = &co_entities[bf->list];
    for (int k = 0; k < e->n_fields && t->n_cols < MAX_COLS; k++) {
        const co_field *f = &e->fields[k];
        /* an object's fields are columns of their own (work_unit, ...),
         * never required as columns: only once the object is given */
        for (int j = 0; f->type == CO_FT_OBJECT && j < f->n_sub && t->n_cols < MAX_COLS; j++) {
            t->parent[t->n_cols] = f;
            t->field[t->n_cols] = &f->sub[j];
            t->cols[t->n_cols++] = f->sub[j].csv;
        }
        if (!f->csv)
            continue;
        if (f->flags & CO_FF_REQUIRED)
            t->need |= 1u << t->n_cols;
        t->field[t->n_cols] = f;
        t->cols[t->n_cols++] = f->csv;
    }
}

typedef struct loader loader;

/* An id and its index, sorted for lookups from the one-field files of a
 * list (the list itself is sorted only by validate.c). */
typedef struct {
    const char *id;
    int i;
} item_key;

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
    char delim;        /* ',', or ';' as spreadsheets in decimal-comma locales write */
    enum co_decimal mark; /* what a ',' in a number is: CO_DECIMAL_COMMA in a ';' file */
    char *header_text; /* the header's cells, each NUL-terminated, to know it again */
    size_t header_len;
    size_t n_header;
    long col[MAX_COLS]; /* header position of each known column, -1 if absent */
    int present[MAX_COLS]; /* the known columns the header has, in order */
    int n_present;
    int objects;        /* a present column is a field of an object */
    co_where where;    /* the current row's location */

    /* the current row's cells, each NUL-terminated in buf at off[i] */
    char *buf;
    size_t len, size;
    size_t *off;
    size_t n_cells, cap_cells;

    /* each list's ids, for the rows of its one-field files */
    item_key *keys[CO_N_LISTS];
    int n_keys[CO_N_LISTS];
    int indexed[CO_N_LISTS];
    int list_complete[CO_N_LISTS];
    int n_unknown; /* unknown ids of such rows met */

    param_seen *seen;
    int n_seen;
    unsigned top_bad; /* bit j: field j of years was given, but not a year */
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

/* Appends a zeroed element to the array *arr of *n (capacities as grow
 * keeps them): returns it, or NULL after oom(). */
static void *append(loader *l, void *arr, int *n, size_t size)
{
    void **a = arr;
    char *p = grow(*a, *n, size);
    if (!p) {
        oom(l);
        return NULL;
    }
    *a = p;
    memset(p + (size_t)*n * size, 0, size);
    return p + (size_t)(*n)++ * size;
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

/* Column k as a number: 1 when given (in *v), 0 when not, -1 (reported)
 * when it is not a number. */
static int number(loader *l, int k, double *v)
{
    const char *s = cell(l, k);
    if (!s)
        return 0;
    if (co_parse_number(s, l->mark, v) != 0) {
        bad(l, &l->where, l->t->cols[k], "must be a number, got '%s'%s", co_q(0, s),
            co_number_hint(1, s, l->mark));
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

static int truth(const char *s);

/* Reads cell k into field f of item (a list's own file). */
static void read_cell(loader *l, int k, const co_field *f, void *item)
{
    switch (f->type) {
    case CO_FT_ID:
    case CO_FT_TEXT:
    case CO_FT_DATE:
    case CO_FT_REF:
        *CO_AT(item, f->off, char *) = copy_text(l, cell(l, k));
        break;
    case CO_FT_NUMBER:
    case CO_FT_COUNT: {
        /* not given, or not a number (reported): 0, the default */
        int given = number(l, k, CO_AT(item, f->off, double)) > 0;
        if (!given)
            *CO_AT(item, f->off, double) = 0;
        if (f->aux)
            *CO_AT(item, f->aux, int) = given;
        break;
    }
    case CO_FT_LEVEL: {
        /* a number is a q value; anything else a level name for validate.c */
        const char *s = cell(l, k);
        double q;
        if (s && co_parse_number(s, l->mark, &q) == 0)
            *CO_AT(item, f->off, double) = q;
        else
            *CO_AT(item, f->aux, char *) = copy_text(l, s);
        break;
    }
    case CO_FT_REFS:
        refs(l, k, CO_AT(item, f->off, co_ref *), CO_AT(item, f->aux, int));
        break;
    case CO_FT_BOOL: {
        const char *b = cell(l, k);
        int v = b ? truth(b) : -1;
        if (b && v < 0)
            bad(l, &l->where, l->t->cols[k], "must be true or false, got '%s'", co_q(0, b));
        *CO_AT(item, f->off, int) = v > 0;
        *CO_AT(item, f->aux, int) = v >= 0;
        break;
    }
    case CO_FT_YEAR:
        break; /* parameters.csv only */
    case CO_FT_YEAR_MAP: {
        /* the column holds one number for every year (per_year_max) */
        co_year_map *m = CO_AT(item, f->off, co_year_map);
        m->has_all = number(l, k, &m->all) > 0;
        if (!m->has_all)
            m->all = 0;
        break;
    }
    case CO_FT_AREA_MAP:
    case CO_FT_OBJECT:
        break; /* a file of its own; an object's fields are columns */
    }
}

/* true or false as a spreadsheet writes them (any case): 1, 0, or -1. */
static int truth(const char *s)
{
    static const char *const words[2] = {"false", "true"};
    for (int v = 0; v < 2; v++) {
        size_t i = 0;
        while (s[i] && words[v][i] && (s[i] | 0x20) == words[v][i])
            i++;
        if (!s[i] && !words[v][i])
            return v;
    }
    return -1;
}

/* A row of a list's own file: one item. */
static void row_item(loader *l)
{
    int list = l->t->bf->list;
    const co_entity *e = &co_entities[list];
    co_dataset *ds = l->ds;
    void *item = append(l, CO_AT(ds, e->off_items, void *), co_list_count(ds, list), e->size);
    if (!item)
        return;
    co_item_init(e, item);
    for (int i = 0; i < l->n_present; i++) {
        int k = l->present[i];
        const co_field *parent = l->t->parent[k];
        if (!parent) {
            read_cell(l, k, l->t->field[k], item);
            continue;
        }
        /* an object (a need's work) is given when one of its cells is */
        read_cell(l, k, l->t->field[k], CO_AT(item, parent->off, char));
        if (cell(l, k))
            *CO_AT(item, parent->aux, int) = 1;
    }
    for (int i = 0; l->objects && i < l->n_present; i++) {
        int k = l->present[i];
        const co_field *parent = l->t->parent[k];
        if (parent && *CO_AT(item, parent->aux, int) &&
            (l->t->field[k]->flags & CO_FF_REQUIRED) && !cell(l, k))
            bad(l, &l->where, l->t->cols[k], "required with %s, got ''", parent->key);
    }
    locate(l, co_item_where(e, item));
}

/* Whether the current row gives field `key` of the file's list: a cell of
 * its column, or of one of its object's columns. */
static int row_gives(const loader *l, const char *key)
{
    for (int k = 0; k < l->t->n_cols; k++) {
        const co_field *f = l->t->parent[k] ? l->t->parent[k] : l->t->field[k];
        if (f && strcmp(f->key, key) == 0 && cell(l, k))
            return 1;
    }
    return 0;
}

static int cmp_key(const void *a, const void *b)
{
    const item_key *x = a, *y = b;
    int c = strcmp(x->id, y->id);
    return c ? c : (x->i > y->i) - (x->i < y->i);
}

/* Indexes the items of a list read so far by id (first one wins among
 * equal ids; validate.c reports those). */
static void index_list(loader *l, int list)
{
    const co_dataset *ds = l->ds;
    int n = co_list_n(ds, list);
    if (n == 0)
        return;
    item_key *keys = malloc((size_t)n * sizeof *keys);
    if (!keys) {
        oom(l);
        return;
    }
    int m = 0;
    for (int i = 0; i < n; i++) {
        if (co_item_id(ds, list, i)) {
            keys[m].id = co_item_id(ds, list, i);
            keys[m].i = i;
            m++;
        }
    }
    qsort(keys, (size_t)m, sizeof *keys, cmp_key);
    l->keys[list] = keys;
    l->n_keys[list] = m;
}

static int find_item(loader *l, int list, const char *id)
{
    /* indexed when a file first names its items (needs.csv's ids are
     * sorted only for a bundle with per_year_max.csv) */
    if (!l->indexed[list]) {
        l->indexed[list] = 1;
        index_list(l, list);
    }
    const item_key *keys = l->keys[list];
    int lo = 0, hi = l->n_keys[list]; /* first key >= id */
    while (lo < hi) {
        int mid = lo + (hi - lo) / 2;
        if (strcmp(keys[mid].id, id) < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < l->n_keys[list] && strcmp(keys[lo].id, id) == 0 ? keys[lo].i : -1;
}

/* The item a row of a one-field file names (column 0), or NULL after
 * an error "unknown id" (none when the list lost rows: the id may be one
 * of them). */
static void *owner(loader *l, int list, const char *id)
{
    int i = find_item(l, list, id);
    if (i >= 0)
        return co_list_item(l->ds, list, i);
    const char *near = NULL, *col = l->t->cols[0];
    int complete = l->list_complete[list];
    if (complete && l->n_unknown++ < MAX_HINTS) {
        /* co_nearest is O(items): hint only while messages are kept */
        int n = l->n_keys[list];
        const char **names = malloc((size_t)(n ? n : 1) * sizeof *names);
        for (int k = 0; names && k < n; k++)
            names[k] = l->keys[list][k].id;
        near = names ? co_nearest(id, names, n) : NULL;
        free(names);
    }
    if (complete && near)
        bad(l, &l->where, col, "unknown id '%s' (did you mean '%s'?)", co_q(0, id),
            co_q(1, near));
    else if (complete)
        bad(l, &l->where, col, "unknown id '%s'", co_q(0, id));
    else
        fail(l, CO_EINPUT);
    return NULL;
}

/* A row of budgets_by_year.csv or per_year_max.csv: the item's value in
 * that year. */
static void year_entry(loader *l, void *item, const co_field *f, int year, double v)
{
    co_year_map *m = CO_AT(item, f->off, co_year_map);
    if (m->has_all) {
        bad(l, &l->where, l->t->cols[0],
            "%s '%s' has one %s for every year in %s already (give that, or values by year)",
            co_entities[l->t->bf->list].item, co_q(0, cell(l, 0)), f->key,
            co_entities[l->t->bf->list].csv);
        return;
    }
    co_year_value *x = append(l, &m->v, &m->n, sizeof *x);
    if (!x)
        return;
    x->year = year;
    x->value = v;
    locate(l, &x->where);
}

/* A row of a one-field file (expertise.csv: donor, area, level): an entry
 * of that field of the item it names. */
static void row_entry(loader *l)
{
    const co_bundle_file *bf = l->t->bf;
    const co_field *f = l->t->entries;
    const char *id = cell(l, 0), *key = cell(l, 1);
    double v = 0;
    number(l, 2, &v);
    if (!id || !key)
        return; /* reported as required (validate.c runs even so: no NULL key) */
    int year = 0;
    if (f->type == CO_FT_YEAR_MAP && co_parse_year(key, &year) != 0) {
        bad(l, &l->where, l->t->cols[1],
            "must be a year (a whole number from 1000 to 9999), got '%s'", co_q(0, key));
        return;
    }
    void *item = owner(l, bf->list, id);
    if (!item)
        return;
    if (f->type == CO_FT_YEAR_MAP) {
        year_entry(l, item, f, year, v);
        return;
    }
    co_area_value *x =
        append(l, CO_AT(item, f->off, co_area_value *), CO_AT(item, f->aux, int), sizeof *x);
    if (!x)
        return;
    x->area = copy_text(l, key);
    x->a = -1;
    x->value = v;
    x->area_field = copy_text(l, bf->key_col);
    x->value_field = copy_text(l, bf->value_col);
    locate(l, &x->where);
}

/* A parameters.csv row of a field of one of the dataset's own objects
 * (years_first of years): 1 when `name` is one, else 0. */
static int top_object_row(loader *l, const co_field *f, const char *name, const char *value)
{
    co_dataset *ds = l->ds;
    for (int j = 0; j < f->n_sub; j++) {
        const co_field *sub = &f->sub[j];
        if (strcmp(name, sub->csv) != 0)
            continue;
        void *obj = CO_AT(ds, f->off, char);
        if (*CO_AT(obj, sub->aux, int))
            return 1; /* given twice: reported after the file */
        int year;
        *CO_AT(ds, f->aux, int) = 1;
        /* the places of years' messages: its first row, and years_last's */
        co_where *w = j == 1 ? &ds->years.last_where : &ds->years.where;
        locate(l, w);
        if (j == 1 && !ds->years.where.text)
            locate(l, &ds->years.where);
        if (sub->type != CO_FT_YEAR || co_parse_year(value, &year) != 0) {
            bad(l, &l->where, name, "must be a year (a whole number from 1000 to 9999), got '%s'",
                co_q(0, value));
            l->top_bad |= 1u << j;
            return 1;
        }
        *CO_AT(obj, sub->off, int) = year;
        *CO_AT(obj, sub->aux, int) = 1;
        return 1;
    }
    return 0;
}

/* A parameters.csv row: one of the dataset's own fields (name, as_of,
 * currency), or a model parameter kept as text (co_params_resolve checks
 * it). */
static void row_param(loader *l)
{
    co_dataset *ds = l->ds;
    const char *name = cell(l, 0), *value = cell(l, 1);
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
    for (int k = 0; k < co_n_top_fields; k++) {
        const co_field *f = &co_top_fields[k];
        if (f->type == CO_FT_OBJECT) {
            if (top_object_row(l, f, name, value))
                return;
            continue;
        }
        if (strcmp(name, f->csv) != 0)
            continue;
        char **field = CO_AT(ds, f->off, char *);
        if (*field)
            return; /* given twice: reported after the file */
        *field = copy_text(l, value);
        /* as_of is checked with no field name: cite the cell in the text */
        if (field == &ds->as_of &&
            co_where_set(&ds->as_of_where, ':', "%s:%ld: as_of", l->path, l->row_line) != CO_OK)
            oom(l);
        return;
    }
    /* a ';' file's decimal comma (0,3), read as number() reads one, kept
     * as the number's text; an ambiguous point (1.234) refused as there */
    double v;
    if (l->mark == CO_DECIMAL_COMMA && co_parse_number(value, l->mark, &v) == 0)
        value = co_num(2, v);
    else if (l->mark == CO_DECIMAL_COMMA && co_parse_double(value, &v) == 0) {
        bad(l, &l->where, name, "must be a number, got '%s'%s", co_q(0, value),
            co_number_hint(1, value, l->mark));
        return;
    }
    co_param_text *t = append(l, &ds->params, &ds->n_params, sizeof *t);
    if (!t)
        return;
    t->name = copy_text(l, name);
    t->text = copy_text(l, value);
    locate(l, &t->where);
}

/* The row handler of the file being read. */
static void row(loader *l)
{
    const co_bundle_file *bf = l->t->bf;
    if (bf->list < 0)
        row_param(l);
    else if (bf->field)
        row_entry(l);
    else
        row_item(l);
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

/* Reports a field of one of the dataset's objects missing when another
 * is given (years_first without years_last), at the row of the other. */
static void check_top_objects(loader *l)
{
    const co_dataset *ds = l->ds;
    for (int k = 0; k < co_n_top_fields; k++) {
        const co_field *f = &co_top_fields[k];
        if (f->type != CO_FT_OBJECT || !*CO_AT_C(ds, f->aux, int))
            continue;
        for (int j = 0; j < f->n_sub; j++)
            if ((f->sub[j].flags & CO_FF_REQUIRED) && !((l->top_bad >> j) & 1) &&
                !*CO_AT_C(CO_AT_C(ds, f->off, char), f->sub[j].aux, int))
                bad(l, &ds->years.where, f->sub[j].csv, "required field is missing");
    }
}

/* Whether a cell is an HXL hashtag ("#country+code", "#adm1 +name"), as
 * the Humanitarian Data Exchange's lists carry in a row under their
 * header (hxlstandard.org). */
static int hxl_tag(const char *s)
{
    if (*s++ != '#')
        return 0;
    for (;;) {
        if (!((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z'))
            return 0;
        while (((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z') || (*s >= '0' && *s <= '9') ||
               *s == '_')
            s++;
        while (*s == ' ')
            s++;
        if (!*s)
            return 1;
        if (*s++ != '+')
            return 0;
        while (*s == ' ')
            s++;
    }
}

/* The first cell of the current row when it is a row of HXL hashtags
 * (every cell given is one), else NULL. */
static const char *hxl_row(const loader *l)
{
    const char *first = NULL;
    for (size_t j = 0; j < l->n_cells; j++) {
        const char *c = l->buf + l->off[j];
        if (!*c)
            continue;
        if (!hxl_tag(c))
            return NULL;
        if (!first)
            first = c;
    }
    return first;
}

/* Whether the current row repeats the header, cell for cell. */
static int header_again(const loader *l)
{
    if (l->n_cells != l->n_header)
        return 0;
    const char *h = l->header_text;
    for (size_t j = 0; j < l->n_cells; j++) {
        if (strcmp(h, l->buf + l->off[j]) != 0)
            return 0;
        h += strlen(h) + 1;
    }
    return 1;
}

/* The header row: maps known columns to positions, warns of unknown ones. */
static void header(loader *l)
{
    const table_def *t = l->t;
    int unknown = 0;
    for (int k = 0; k < t->n_cols; k++)
        l->col[k] = -1;
    l->n_header = l->n_cells;
    const char *tag = hxl_row(l);
    if (tag) {
        char cols[160] = "";
        for (int k = 0; k < t->n_cols; k++)
            if ((t->need >> k) & 1)
                snprintf(cols + strlen(cols), sizeof cols - strlen(cols), "%s%s",
                         cols[0] ? ", " : "", t->cols[k]);
        bad(l, &l->where, NULL,
            "an HXL hashtag row ('%s') where the column names are expected (the first row "
            "names the columns: %s, ...)",
            co_q(0, tag), cols);
        l->skip_rows = 1;
        l->complete = 0;
        return;
    }
    free(l->header_text);
    l->header_text = malloc(l->len ? l->len : 1);
    if (!l->header_text) {
        oom(l);
        return;
    }
    memcpy(l->header_text, l->buf, l->len);
    l->header_len = l->len;
    if (l->n_cells == 1) {
        /* a spreadsheet saved with another separator: one long column */
        const char *h = l->buf;
        const char *sep = strchr(h, ';') ? "';'" : strchr(h, '\t') ? "tabs" : NULL;
        if (sep) {
            bad(l, &l->where, NULL, "cells are separated by %s, expected ',' or ';'", sep);
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
    /* rows read only the columns there are: an absent one is "not given",
     * as an item starts */
    l->n_present = l->objects = 0;
    for (int k = 0; k < t->n_cols; k++) {
        if (l->col[k] >= 0) {
            l->present[l->n_present++] = k;
            l->objects |= t->parent[k] != NULL;
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
    char *c = l->buf + l->len;
    l->off[l->n_cells++] = l->len;
    if (n)
        memcpy(c, s, n);
    c[n] = '\0';
    /* a text cell a CSV writer guarded against formulas ("'=x": base/output.h)
     * reads as the text it was given */
    if (co_csv_unguard(c) != c) {
        memmove(c, c + 1, n);
        n--;
    }
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
    /* rows that cannot be data, each skipped with a word: a row of HXL
     * hashtags, and the header again (files joined into one) */
    const char *tag = hxl_row(l);
    if (tag) {
        co_warn_at(l->dg, &l->where, NULL, "an HXL hashtag row ('%s'), skipped", co_q(0, tag));
        goto done;
    }
    if (header_again(l)) {
        co_warn_at(l->dg, &l->where, NULL, "the header row again (files joined?), skipped");
        goto done;
    }
    if (l->n_cells != l->n_header) {
        bad(l, &l->where, NULL, "row has %zu cell%s, the header has %zu", l->n_cells,
            l->n_cells == 1 ? "" : "s", l->n_header);
        l->complete = 0;
        goto done;
    }
    for (int i = 0; i < l->n_present; i++) {
        int k = l->present[i];
        if (((t->need >> k) & 1) && !cell(l, k) &&
            !(t->field[k] && t->field[k]->unless && row_gives(l, t->field[k]->unless))) {
            bad(l, &l->where, t->cols[k], "required, got ''");
            l->complete = 0;
        }
    }
    row(l);
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

/* The length of the line at s (of `left` bytes), its end included: a
 * line ends with LF, CRLF or a lone CR, as libcsv ends rows. *text is the
 * length without the end. */
static size_t line_at(const char *s, size_t left, size_t *text)
{
    size_t n = 0;
    while (n < left && s[n] != '\n' && s[n] != '\r')
        n++;
    *text = n;
    if (n < left)
        n += s[n] == '\r' && n + 1 < left && s[n + 1] == '\n' ? 2 : 1;
    return n;
}

/* Excel's first line naming the separator, "sep=X" (or quoted,
 * "\"sep=X\""): X, or 0 when the line of n bytes is not one. */
static char sep_line(const char *s, size_t n)
{
    if (n == 7 && s[0] == '"' && s[6] == '"')
        return sep_line(s + 1, 5);
    return n == 5 && memcmp(s, "sep=", 4) == 0 ? s[4] : 0;
}

/* The separator of a file whose header is the first line with content in
 * s[0..left): ';' when that line has a ';' and no ',' outside quotes (a
 * spreadsheet in a locale with decimal commas), else ','. Column names
 * hold neither, so the header decides. */
static char header_delim(const char *s, size_t left)
{
    size_t pos = 0, text;
    while (pos < left) {
        size_t n = line_at(s + pos, left - pos, &text);
        if (has_content(s + pos, text)) {
            int quoted = 0, commas = 0, semis = 0;
            for (size_t i = pos; i < pos + text; i++) {
                quoted ^= s[i] == '"';
                commas += !quoted && s[i] == ',';
                semis += !quoted && s[i] == ';';
            }
            return commas == 0 && semis > 0 ? ';' : ',';
        }
        pos += n;
    }
    return ',';
}

/* Reads the start of a file: refuses UTF-16 and UTF-32, skips a UTF-8
 * byte-order mark and Excel's "sep=" line, and sets the separator and
 * decimal mark. Returns where the rows start, or len after an error. */
static size_t file_start(loader *l, const char *data, size_t len)
{
    size_t pos = 0, text;
    const char *wide = co_wide_text(data, len);
    if (wide) {
        bad(l, NULL, NULL,
            "%s: the file is %s (Excel's \"Unicode Text\", a PowerShell redirect), not UTF-8: "
            "save it as UTF-8 (CSV UTF-8 in Excel)",
            l->path, wide);
        return len;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        pos = 3; /* a UTF-8 byte order mark, as spreadsheets write */
    size_t n = line_at(data + pos, len - pos, &text);
    char sep = sep_line(data + pos, text);
    l->delim = header_delim(data + pos, len - pos);
    if (sep) {
        l->line++;
        pos += n;
        if (sep != ',' && sep != ';') {
            bad(l, NULL, NULL,
                "%s:1: '%s': cells separated by '%s' are not read (save the file as CSV, "
                "with ',' or ';' between cells)",
                l->path, co_qn(0, data + pos - n, text), co_qn(1, &sep, 1));
            return len;
        }
        co_warn(l->dg, "%s:1: Excel's 'sep=%c' line, skipped", l->path, sep);
        l->delim = sep;
    }
    l->mark = l->delim == ';' ? CO_DECIMAL_COMMA : CO_DECIMAL_POINT;
    return pos;
}

/* Parses one file's bytes. The parser is fed a line at a time, so the
 * line number is known when a cell or a row ends; a row's line is the one
 * it starts on. */
static void parse_file(loader *l, const char *data, size_t len)
{
    struct csv_parser p;
    /* RFC 4180 quoting, strictly; libcsv also trims spaces and tabs around
     * a cell (not inside quotes), which hand-written files rely on */
    if (csv_init(&p, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
        oom(l);
        return;
    }
    size_t pos = file_start(l, data, len);
    if (l->status == CO_EINTERNAL || (pos == len && l->file_bad))
        goto stop;
    csv_set_delim(&p, (unsigned char)l->delim);
    while (pos < len) {
        const char *s = data + pos;
        size_t text, n = line_at(s, len - pos, &text);
        l->line++;
        if (memchr(s, '\0', n)) {
            bad(l, NULL, NULL, "%s:%ld: NUL byte in the file (not a text file?)", l->path,
                l->line);
            goto stop;
        }
        size_t ok = co_utf8_prefix(s, n);
        if (ok < n) {
            /* Excel's "CSV (Comma delimited)" writes the Windows code page */
            bad(l, NULL, NULL,
                "%s:%ld: not valid UTF-8 in '%s' (save the file as UTF-8: CSV UTF-8 in Excel)",
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
    goto done;
stop:
    l->complete = 0;
done:
    csv_free(&p);
    free(l->header_text);
    l->header_text = NULL;
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

/* "areas.csv, states.csv, donors.csv, expertise.csv and needs.csv": the
 * files a bundle must have, in reading order. */
static const char *required_files(char *buf, size_t size)
{
    int n = 0, k = 0;
    for (int f = 0; f < CO_N_BUNDLE_FILES; f++)
        n += co_bundle_files[f].required;
    buf[0] = '\0';
    for (int r = 0; r < CO_N_BUNDLE_FILES; r++) {
        for (int f = 0; f < CO_N_BUNDLE_FILES; f++) {
            const co_bundle_file *bf = &co_bundle_files[f];
            if (bf->read != r || !bf->required)
                continue;
            size_t used = strlen(buf);
            snprintf(buf + used, size - used, "%s%s", k == 0 ? "" : k == n - 1 ? " and " : ", ",
                     bf->name);
            k++;
        }
    }
    return buf;
}

int co_load_csv_bundle(const char *dir, co_dataset *ds, co_diag *dg)
{
    enum { N = CO_N_BUNDLE_FILES };
    loader l = {.ds = ds, .dg = dg, .path = dir};
    char *path[N] = {0}, *data[N] = {0};
    size_t len[N] = {0};
    int absent[N] = {0}, err[N] = {0}, n_absent = 0;
    size_t dl = strlen(dir);
    const char *slash = dl == 0 || dir[dl - 1] == '/' ? "" : "/";
    char needed[160];
    table_def t;

    ds->source = co_strdup(dir);
    if (!ds->source) {
        oom(&l);
        goto done;
    }
    for (int f = 0; f < N; f++) {
        path[f] = co_asprintf("%s%s%s", dir, slash, co_bundle_files[f].name);
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
    required_files(needed, sizeof needed);
    if (n_absent == N) {
        co_err(dg, "%s: not a dataset (a JSON file or a folder with %s)", dir, needed);
        fail(&l, CO_EINPUT);
        goto done;
    }
    for (int f = 0; f < N; f++) {
        const co_bundle_file *bf = &co_bundle_files[f];
        /* a list without its file: validate.c skips references into it */
        if (bf->list >= 0 && !bf->field && co_entities[bf->list].off_broken)
            *CO_AT(ds, co_entities[bf->list].off_broken, int) = !data[f];
        if (absent[f] && bf->required) {
            if (err[f] == ENOENT)
                co_err(dg, "%s: missing (a CSV bundle needs %s)", path[f], needed);
            else
                co_err(dg, "%s: cannot open: %s", path[f], strerror(err[f]));
            fail(&l, CO_EINPUT);
        }
    }

    co_sha256 *h = co_sha256_new();
    for (int f = 0; f < N; f++) {
        if (!data[f])
            continue;
        co_sha256_update(h, co_bundle_files[f].name, strlen(co_bundle_files[f].name) + 1);
        co_sha256_update(h, data[f], len[f]);
    }
    co_sha256_final(h, ds->sha256);

    for (int r = 0; r < N; r++) {
        for (int f = 0; f < N; f++) {
            const co_bundle_file *bf = &co_bundle_files[f];
            if (bf->read != r || !data[f])
                continue;
            table_of(bf, &t);
            l.t = &t;
            l.path = path[f];
            l.line = l.row_line = l.cell_line = 0;
            l.row_open = l.have_header = l.skip_rows = 0;
            l.complete = 1;
            l.file_bad = 0;
            l.n_cells = l.len = 0;
            parse_file(&l, data[f], len[f]);
            if (bf->list >= 0 && !bf->field) {
                /* the rows of its one-field files name its items */
                l.list_complete[bf->list] = l.complete;
                /* a list read with errors: validate.c skips references into it */
                if (co_entities[bf->list].off_broken)
                    *CO_AT(ds, co_entities[bf->list].off_broken, int) = l.file_bad > 0;
            }
            if (bf->list < 0) {
                check_params_once(&l);
                check_top_objects(&l);
            }
            free(data[f]);
            data[f] = NULL;
            if (l.status == CO_EINTERNAL)
                goto done;
        }
    }
done:
    for (int f = 0; f < N; f++) {
        free(path[f]);
        free(data[f]);
    }
    for (int i = 0; i < l.n_seen; i++)
        free(l.seen[i].name);
    free(l.seen);
    for (int i = 0; i < CO_N_LISTS; i++)
        free(l.keys[i]);
    free(l.buf);
    free(l.off);
    co_where_release(&l.where);
    return l.status;
}
