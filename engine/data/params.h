/*
 * params.h: the model parameters of MODEL.md "Parameters" and MULTIYEAR.md
 * "Data" (names, defaults, ranges) and the solver options; resolves dataset values and --set
 * overrides into one co_params. Knows nothing of donors or needs.
 */
#ifndef CO_PARAMS_H
#define CO_PARAMS_H

#include "base/diag.h"

/* A parameter as written in a dataset or on the command line. */
typedef struct co_param_text {
    char *name;
    char *text;  /* the value as text (numbers in their shortest form) */
    int is_num;  /* given as a JSON number */
    double num;  /* its value when is_num */
    co_where where;
} co_param_text;

typedef struct co_params {
    long as_of_day;   /* days since 1970-01-01 */
    char as_of[11];   /* YYYY-MM-DD */
    double horizon_days, urgency_weight, expertise_share, min_expertise,
        priority_bonus, coordination_cost, max_coalition_size, coverage_floor,
        shortfall_penalty, stability_weight;
    /* multi-year datasets (MULTIYEAR.md); unused in one period */
    double year_discount, late_factor;
    double time_limit, mip_gap; /* solver options, not model data */
} co_params;

/* Number of model parameters (as_of included), and the i-th name. */
int co_param_count(void);
const char *co_param_name(int i);
/* The parameter's value in p, by index (as_of excluded: returns NaN). */
double co_param_get(const co_params *p, int i);
/* True for a parameter only a multi-year dataset uses (year_discount,
 * late_factor): one-period plans leave it out of their parameters. */
int co_param_multiyear(int i);

void co_params_defaults(co_params *p);

/* Checks and applies one value; `where`/`field` place the message (see
 * co_err_at). Unknown names are errors with a "did you mean" hint. */
int co_param_apply(co_params *p, const co_param_text *v, const co_where *where,
                   const char *field, co_diag *dg);

struct co_run_options {
    co_param_text *sets; /* --set overrides in order */
    int n_sets;
    double time_limit, mip_gap;
    double started; /* co_clock() the time limit counts from; 0: the solve's start */
    int diagnose;   /* enum co_diagnose */
    int verbose;
    co_progress_fn *progress;
    void *progress_ctx;
};

/* When the run's one clock started: ro->started (co_run_options_start_clock)
 * when set, else now (ro NULL, or a clock not started). */
double co_run_options_clock(const co_run_options *ro);

/* Parses "NAME=VALUE" into a co_param_text (caller releases). */
int co_param_parse_assignment(const char *s, co_param_text *out, co_diag *dg);
void co_param_text_release(co_param_text *t);

/* The nearest of `names` (n of them) to `s` by edit distance, when close
 * enough to be a likely typo, else NULL. */
const char *co_nearest(const char *s, const char *const *names, int n);

#endif
