/*
 * dataset.h: the in-memory dataset (areas, States, donors, needs and
 * parameters; the years and fields of a multi-year dataset) as the loaders
 * fill it and the validator checks it. schema.c describes every field of
 * these structs once (docs/FORMATS-NOTES.md); loaders (load_json.c,
 * load_csv.c) check types, validate.c values and references; derive.c
 * turns a valid dataset into model data.
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

/* A number by calendar year (multi-year datasets, MULTIYEAR.md "Data"). */
typedef struct co_year_value {
    int year; /* 1000-9999; inside the dataset's years once validated */
    double value;
    /* JSON: "FILE: donors[0].budget_by_year" (messages name the year after
     * it); CSV: the row of its file ("budgets_by_year.csv:4") */
    co_where where;
} co_year_value;

/* A need's per_year_max or a donor's budget_by_year: values by year (in
 * year order once validated); per_year_max may instead be one number for
 * every year (has_all). An empty map with has_all 0 is "not given". */
typedef struct co_year_map {
    co_year_value *v;
    int n;
    int has_all;
    double all;
} co_year_map;

/* A need stated in the treaty's units (MULTIYEAR.md "work"). unit,
 * remaining and unit_cost are required once work is given; then amount is
 * remaining * unit_cost (validate.c fills it when not given). */
typedef struct co_work {
    char *unit;              /* free text: "m2", "items", ... */
    double remaining;        /* units left, >= 0 */
    double unit_cost;        /* USD a unit, > 0 */
    double per_year;         /* units a year the operators can do (has_per_year) */
    double national_per_year; /* USD a year the State pays itself (default 0) */
    int has_remaining, has_unit_cost, has_per_year, has_national_per_year;
} co_work;

/* The planning years of a multi-year dataset (MULTIYEAR.md "Data"). */
typedef struct co_year_span {
    int first, last; /* calendar years, first <= last, at most 30 (validated) */
    int has_first, has_last;
    co_where where;      /* JSON: "FILE: years"; CSV: the years_first row */
    co_where last_where; /* CSV: the years_last row (JSON: unused) */
} co_year_span;

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
    /* multi-year datasets only: budget by year (overrides budget in the
     * years it names) and carrying unspent money to later years */
    co_year_map budget_by_year;
    int carry_over, has_carry_over;
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
    /* multi-year datasets only: the deadline an extension request asks
     * for, the most money a year the need absorbs, the need in units */
    char *requested_deadline;
    long requested_day; /* valid when requested_deadline != NULL */
    co_year_map per_year_max;
    co_work work;
    int has_work;
    co_where where;
} co_need;

struct co_dataset {
    char *source;   /* the path as given */
    char sha256[65];
    char *name, *as_of, *currency;
    co_where as_of_where;
    co_year_span years; /* multi-year datasets; has_years 0: one period */
    int has_years;
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
/* Warns (the dataset stays valid) of a State no need is in (it can get no
 * coalition) and of an area no need, expertise or area budget names: in a
 * file someone made, most often a row that is not data. ds is validated. */
void co_dataset_warn_unused(const co_dataset *ds, co_diag *dg);

/* The id rules of FORMATS.md "Dataset": 1-64 bytes of printable ASCII, no space and
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
