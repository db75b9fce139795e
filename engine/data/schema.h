/*
 * schema.h: the dataset described once. A table row per field of every
 * list (areas, states, donors, needs) and of the dataset's top level:
 * its type, range, unit, JSON key, CSV column, the list an id points
 * into, whether it is required, and where it lives in the co_dataset
 * structs. The loaders, savers, validator and scenario edits walk these
 * rows; rules a row cannot state are code in schema.c, next to the table.
 * Also the CSV bundle's files, once.
 */
#ifndef CO_SCHEMA_H
#define CO_SCHEMA_H

#include <stddef.h>

#include "base/json.h"
#include "data/dataset.h"

/* The lists of a dataset, in the order the formats give them. */
enum co_list { CO_AREAS, CO_STATES, CO_DONORS, CO_NEEDS, CO_N_LISTS };

/* What a field holds. `off` is the value's place in the item struct;
 * `aux` a second member some types keep (0: none; no aux member is ever
 * first, every item struct starts with its id). */
enum co_ftype {
    CO_FT_ID,       /* char *: the item's id (FORMATS.md "Dataset"), unique in its list */
    CO_FT_TEXT,     /* char *: free text; "" is "not given" (unless CO_FF_KEEP_EMPTY) */
    CO_FT_DATE,     /* char *: YYYY-MM-DD; aux: long, days since 1970-01-01 once valid */
    CO_FT_REF,      /* char *: an id of list `target`; aux: int, its index once valid */
    CO_FT_NUMBER,   /* double in [lo, hi]; aux: int, given (else given when required,
                       or with CO_FF_ZERO when not 0) */
    CO_FT_COUNT,    /* double, a whole number in [lo, hi]; aux: int, given */
    CO_FT_LEVEL,    /* double in [lo, hi], or a level name (aux: char *, the name) */
    CO_FT_BOOL,     /* int, 0 or 1; aux: int, given */
    CO_FT_YEAR,     /* int, a calendar year (1000-9999); aux: int, given */
    /* the types of several values, read and checked after the others */
    CO_FT_REFS,     /* co_ref *: ids of list `target`; aux: int, their count */
    CO_FT_AREA_MAP, /* co_area_value *: area id -> number in [lo, hi]; aux: int, count */
    CO_FT_YEAR_MAP, /* co_year_map: year -> number in [lo, hi] (or, with
                       CO_FF_NUMBER_OK, one number for every year) */
    CO_FT_OBJECT,   /* a struct of fields `sub` (offsets within it); aux: int, given */
};

enum {
    CO_FF_REQUIRED = 1 << 0,    /* an item without it is an input error */
    CO_FF_ZERO = 1 << 1,        /* optional, default 0, and 0 is "not given": JSON
                                   leaves it out, CSV writes 0 */
    CO_FF_KEEP_EMPTY = 1 << 2,  /* "" is a value, not "not given" */
    CO_FF_CSV_IF_USED = 1 << 3, /* its CSV column is written only when an item has it */
    CO_FF_YEARS = 1 << 4,       /* only in a dataset with years (MULTIYEAR.md "Data") */
    CO_FF_NUMBER_OK = 1 << 5,   /* a year map that may be one number for every year */
    CO_FF_OPEN_LO = 1 << 6,     /* lo itself is out of range (> lo) */
};

/* Lists and maps: read and checked after the fields of one value. */
#define CO_FT_MANY(t) ((t) >= CO_FT_REFS)

typedef struct co_check co_check;

typedef struct co_field {
    const char *key;   /* JSON key; the field of a scenario path */
    const char *csv;   /* column of the list's CSV file, or row of parameters.csv
                          (NULL: carried by a file of its own, see co_bundle_files) */
    enum co_ftype type;
    unsigned flags;
    double lo, hi;     /* numbers: the range (hi may be INFINITY) */
    const char *range; /* the range as messages state it: "a finite number >= 0" */
    const char *unit;  /* for people: "USD", "share", "count", ... */
    const char *def;   /* what not giving it means, for people ("0", "no limit");
                          the structs hold it as zero (NULL: required, or nothing) */
    int target;        /* CO_FT_REF, CO_FT_REFS, CO_FT_AREA_MAP: the list the ids are of */
    size_t off, aux;
    const struct co_field *sub; /* CO_FT_OBJECT: its fields */
    int n_sub;
    const char *unless; /* required unless this field (its key) is given */
    const char *scale_also; /* a scale of this field scales that one too */
    /* a rule the row cannot state (schema.c), run by the validator right
     * after the field's own checks; NULL: none */
    void (*rule)(co_check *c, void *item);
    const char *doc;   /* one line for docs/FORMATS-NOTES.md */
} co_field;

typedef struct co_entity {
    const char *list;  /* JSON key of the list, and a scenario path's first part */
    const char *item;  /* an item in locations' notes: "donor 'NLD'" */
    const char *kind;  /* an item in messages: "unknown State id" */
    const char *csv;   /* its CSV file */
    size_t size;       /* the item struct */
    size_t off_items, off_n; /* the array and its count in co_dataset */
    size_t off_where;  /* the item's co_where */
    size_t off_broken; /* co_dataset's flag that the list could not be read, or 0 */
    const co_field *fields;
    int n_fields;
} co_entity;

extern const co_entity co_entities[CO_N_LISTS];

/* The dataset's own fields (name, as_of, currency, years), members of
 * co_dataset; in a CSV bundle rows of parameters.csv. */
extern const co_field co_top_fields[];
extern const int co_n_top_fields;

/* The files of a CSV bundle, in byte order of their names (the order they
 * are hashed, FORMATS.md "Plan"). A list's own file has a row per item and a
 * column per field with a `csv` name; a field without one has a file of
 * its own with a row per (item, key) (`owner` id, `key_col`, `value_col`). */
typedef struct co_bundle_file {
    const char *name;
    int required;
    int list;        /* the list it holds or adds to; -1: parameters.csv */
    const char *field; /* a file of one field: its key; NULL: the list's own file */
    const char *key_col, *value_col;
    int read;        /* reading order: files that name items come after their list */
} co_bundle_file;

#define CO_N_BUNDLE_FILES 9
extern const co_bundle_file co_bundle_files[CO_N_BUNDLE_FILES];

/* Evidence levels (MODEL.md "Data"): names and their q. */
extern const char *const co_levels[];
extern const double co_level_q[];
extern const int co_n_levels;

/* ---- reading rows --------------------------------------------------- */

/* The member at offset `off` of `item`. */
#define CO_AT(item, off, type) ((type *)(void *)((char *)(item) + (off)))
#define CO_AT_C(item, off, type) ((type const *)(const void *)((const char *)(item) + (off)))

/* The field of entity e (or of the top level when e is NULL) with this key,
 * or NULL; the same among n fields f. */
const co_field *co_field_find(const co_entity *e, const char *key);
const co_field *co_field_find_in(const co_field *f, int n, const char *key);
/* The field of list `list` kept in a file of its own in a CSV bundle, and
 * that file (*bf); NULL (and *bf NULL) when it has none. */
const co_field *co_bundle_field(int list, const co_bundle_file **bf, const char *key);
/* A year as a JSON key or a CSV cell: four digits, 1000 to 9999. Returns 0
 * and the year, or -1. */
int co_parse_year(const char *s, int *year);
/* The list's items, count and item i; item i's id (every item struct
 * starts with it) and where. Inline: the loaders and the validator ask
 * these of every item. */
static inline void *co_list_items(const co_dataset *ds, int list)
{
    return *CO_AT_C(ds, co_entities[list].off_items, void *);
}
static inline int *co_list_count(co_dataset *ds, int list)
{
    return CO_AT(ds, co_entities[list].off_n, int);
}
static inline int co_list_n(const co_dataset *ds, int list)
{
    return *CO_AT_C(ds, co_entities[list].off_n, int);
}
static inline void *co_list_item(const co_dataset *ds, int list, int i)
{
    return (char *)co_list_items(ds, list) + (size_t)i * co_entities[list].size;
}
static inline const char *co_item_id(const co_dataset *ds, int list, int i)
{
    return *(char **)co_list_item(ds, list, i);
}
static inline co_where *co_item_where(const co_entity *e, void *item)
{
    return CO_AT(item, e->off_where, co_where);
}
/* The index of the item with this id in a list sorted by id, or -1. */
int co_find(const co_dataset *ds, int list, const char *id);

/* Whether the field holds a value in this item (what savers write, a
 * scale touches and the validator checks): text not NULL, a number given,
 * a list not empty. Inline: asked of every field of every item. */
static inline int co_field_given(const co_field *f, const void *item)
{
    switch (f->type) {
    case CO_FT_ID:
    case CO_FT_TEXT:
    case CO_FT_DATE:
    case CO_FT_REF:
        return *CO_AT_C(item, f->off, char *) != NULL;
    case CO_FT_NUMBER:
        if (f->aux)
            return *CO_AT_C(item, f->aux, int);
        return (f->flags & CO_FF_ZERO) ? *CO_AT_C(item, f->off, double) != 0 : 1;
    case CO_FT_COUNT:
    case CO_FT_BOOL:
    case CO_FT_YEAR:
    case CO_FT_OBJECT:
        return *CO_AT_C(item, f->aux, int);
    case CO_FT_LEVEL:
        return 1;
    case CO_FT_REFS:
    case CO_FT_AREA_MAP:
        return *CO_AT_C(item, f->aux, int) > 0;
    case CO_FT_YEAR_MAP: {
        const co_year_map *m = CO_AT_C(item, f->off, co_year_map);
        return m->n > 0 || m->has_all;
    }
    }
    return 0;
}

/* Frees and clears what the field holds in this item. */
void co_field_clear(const co_field *f, void *item);
/* Copies the field's value from src into dst (dst cleared first); 0, or
 * -1 when out of memory. */
int co_field_copy(const co_field *f, void *dst, const void *src);
/* An empty item: nothing given, references not resolved (-1). */
void co_item_init(const co_entity *e, void *item);
/* Frees everything an item holds (fields and where). */
void co_item_release(const co_entity *e, void *item);

/* A deep copy of ds. Returns NULL when out of memory. */
co_dataset *co_dataset_copy(const co_dataset *ds);

/* Places every item, entry and parameter of ds as the JSON loader places
 * them when reading ds as co_save_json writes it, in a file called `name`
 * ("NAME: donors[1]", "NAME: donors[1].expertise", notes "donor 'NLD'"),
 * so that messages about a dataset built in memory name the place it
 * would have in that file. Returns 0, or -1 when out of memory. */
int co_dataset_relocate(co_dataset *ds, const char *name);

/* ---- reading JSON values into fields ----------------------------------- */

/* What reading values into fields found (the JSON loader, scenario edits). */
typedef struct co_jread {
    co_diag *dg;
    int bad; /* values of the wrong type, required ones missing */
    int oom;
} co_jread;

/* Reads v (NULL or null: not given) into field f of item, where f holds
 * nothing yet (co_item_init, co_field_clear), the field named `name` at w
 * in messages: a value of the wrong type or a required one missing is an
 * error ("W.name: must be a number, got a string '5'") and leaves the
 * field not given. Entries of lists and maps get places of their own below
 * w ("W.name.clearance", "W.name[2]"); an object's fields are "name.key".
 * Types only: ranges, dates and references are the validator's. */
void co_field_read_json(co_jread *r, const co_field *f, void *item, const co_json *v,
                        const co_where *w, const char *name);
/* Reads every field of an item (fields[0..n-1]) from the JSON object obj,
 * the item placed at w: fields of one value first, then lists, maps and
 * objects, each in the table's order (the order of their messages); a
 * field is not required when the field its row names `unless` is given. */
void co_item_read_json(co_jread *r, const co_field *fields, int n, void *item,
                       const co_json *obj, const co_where *w);
/* The same, the value of fields[k] given as values[k] (NULL: missing), as
 * a reader that has matched the object's keys already passes them. */
void co_item_read_values(co_jread *r, const co_field *fields, int n, void *item,
                         const co_json *const *values, const co_where *w);

/* The field's value as JSON, as co_save_json writes it (a new tree the
 * caller frees), or NULL when it is not given or memory ran out. */
co_json *co_field_to_json(const co_field *f, const void *item);

/* ---- checking ------------------------------------------------------- */

/* What validate.c hands the rules of the table. */
struct co_check {
    co_dataset *ds;
    co_diag *dg;
    int bad;      /* errors found */
    int years_ok; /* the dataset has years and they are valid */
};

/* How messages name field f (or its sub-field `sub` of an object) of an
 * item placed at w: in a JSON file's path its key ("work.remaining"), in a
 * CSV bundle its column ("work_remaining"). Returns buf. */
const char *co_field_name(const co_where *w, const co_field *f, const co_field *sub, char *buf,
                          size_t size);

/* An error (counted in c->bad). */
void co_check_err(co_check *c, const co_where *w, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* The rules that run once per dataset, after every id is checked: codes of
 * States (iso3) and areas (crs_code). */
void co_schema_rules_ids(co_check *c);
/* The rules of the dataset's own fields, before its items are checked:
 * years (first <= last, at most 30 years, as_of given, first not before
 * its year); sets c->years_ok. */
void co_schema_rules_top(co_check *c);

#endif
