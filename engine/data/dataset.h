/*
 * dataset.h: the in-memory dataset (areas, States, donors, needs and
 * parameters) as the loaders fill it and the validator checks it.
 * Loaders (load_json.c, load_csv.c) check types; validate.c checks values
 * and references; derive.c turns a valid dataset into model data.
 */
#ifndef CO_DATASET_H
#define CO_DATASET_H

#include "base/diag.h"
#include "data/params.h"

/* An entry keyed by area id: an expertise level or an area budget. */
typedef struct co_area_value {
    char *area;
    int a; /* index into areas, -1 until resolved */
    double value;
    co_where where;
    /* the field names messages cite for the area and for the value:
     * JSON: both the area key; CSV: "area" and "level" or "amount" */
    char *area_field, *value_field;
} co_area_value;

/* A reference to a State in a donor's list. */
typedef struct co_ref {
    char *id;
    int index; /* -1 until resolved */
    co_where where;
    char *field; /* JSON: NULL (where names the element); CSV: the column */
} co_ref;

typedef struct co_area {
    char *id, *name;
    char *crs_code; /* OECD DAC CRS purpose code (5 digits) given by the dataset, or NULL */
    co_where where;
} co_area;

typedef struct co_state {
    char *id, *name, *iso3;
    co_where where;
} co_state;

typedef struct co_donor {
    char *id, *name;
    double budget;
    co_area_value *expertise;
    int n_expertise;
    co_area_value *area_budget;
    int n_area_budget;
    int has_max_states;
    double max_states; /* validated to be a whole number >= 0 */
    double min_grant;  /* 0 when not given */
    co_ref *excluded, *priority;
    int n_excluded, n_priority;
    co_where where;
} co_donor;

typedef struct co_need {
    char *id, *state, *area;
    int s, a; /* indexes, -1 until resolved */
    double amount, secured;
    int amount_given; /* amount was read as a number (else already an error) */
    char *evidence_text; /* the level name, or NULL when given as a number */
    double evidence;     /* q in [0, 1] once validated */
    char *deadline, *original_deadline, *secured_by, *note;
    long deadline_day; /* days since 1970-01-01, valid when deadline != NULL */
    co_where where;
} co_need;

struct co_dataset {
    char *source;   /* the path as given */
    char sha256[65];
    char *name, *as_of, *currency;
    co_where as_of_where;
    co_area *areas;
    co_state *states;
    co_donor *donors;
    co_need *needs;
    int n_areas, n_states, n_donors, n_needs;
    co_param_text *params; /* the dataset's "parameters", as given */
    int n_params;
    double load_s; /* seconds spent loading and validating */
    /* set by a loader when the areas or States list (or an item of it)
     * could not be read: references into it are then not checked, so one
     * mistake does not bury the others */
    int areas_broken, states_broken;
};

void co_dataset_init(co_dataset *ds);
void co_dataset_release(co_dataset *ds);

/* Binary search over a list of n items sorted by id: `stride` is the item
 * size, and the id (char *) is the first member of every item struct.
 * Returns the index or -1. */
int co_find_sorted(const void *base, int n, size_t stride, const char *id);
/* Index of the item with this id, or -1 (once validated: lists sorted). */
int co_find_area(const co_dataset *ds, const char *id);
int co_find_state(const co_dataset *ds, const char *id);
int co_find_donor(const co_dataset *ds, const char *id);
int co_find_need(const co_dataset *ds, const char *id);

/* Checks every value and reference, resolves indexes, and sorts every
 * list by id (bytes). Returns CO_OK or CO_EINPUT with all problems in dg. */
int co_dataset_validate(co_dataset *ds, co_diag *dg);

/* The id rules of FORMATS.md: 1-64 bytes of printable ASCII, no space and
 * none of . * ; , " */
int co_id_valid(const char *id);

/* The OECD DAC CRS purpose code of area a: the dataset's crs_code, else the
 * default of docs/CODES.md for the known area ids, else NULL. */
const char *co_area_crs_code(const co_dataset *ds, int a);

/* The effective parameters: defaults, then the dataset's top-level as_of,
 * then its "parameters", then the overrides. */
int co_params_resolve(const co_dataset *ds, const co_run_options *ro,
                      co_params *out, co_diag *dg);

/* Evidence level names: returns 0 and the value, or -1. */
int co_evidence_level(const char *name, double *q);

#endif
