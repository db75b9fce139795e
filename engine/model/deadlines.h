/*
 * deadlines.h: the deadline analysis of docs/MULTIYEAR.md "Deadline
 * analysis", the part without GLPK: which needs are analysed, their
 * deadline years, the capacity limit, the extension check, the plan's
 * completion from its money by year, and each need's best-case problem
 * (its donors' budgets and caps, its absorption and R_n(T)), which
 * engine/solve/deadlines.c solves as LPs. Indexes are the dataset's.
 */
#ifndef CO_DEADLINES_H
#define CO_DEADLINES_H

#include "model/derive.h"
#include "model/years.h"

/* A requirement of at most this many USD counts as met (MULTIYEAR.md). */
#define CO_MET_USD 1.0

/* The extension check, in the contract's order of precedence. */
enum co_ext_check {
    CO_EXT_NONE,       /* no requested deadline (or not analysed) */
    CO_EXT_NOT_NEEDED, /* earliest completion <= Y* */
    CO_EXT_FITS,       /* earliest completion = Y_r */
    CO_EXT_LONGER,     /* earliest completion < Y_r */
    CO_EXT_TOO_SHORT,  /* earliest completion > Y_r, or none with Y_r <= Y1 */
    CO_EXT_BEYOND      /* none, with Y_r > Y1: the horizon cannot judge it */
};
/* "not_needed", "fits", "longer_than_needed", "too_short",
 * "beyond_horizon"; NULL for CO_EXT_NONE. */
const char *co_ext_check_word(enum co_ext_check c);
/* The word's value; -1 when it is none of them. */
int co_ext_check_parse(const char *word, enum co_ext_check *c);

/* One need's analysis. Years are calendar years; CO_NO_YEAR is null. */
typedef struct co_deadline {
    int n;              /* need index */
    int deadline_year;  /* Y_n */
    int due_year;       /* Y* = max(Y_n, Y0) */
    int requested_year; /* Y_r, CO_NO_YEAR without a requested deadline */
    int overdue;        /* Y_n < Y0 */
    double required;    /* R_n(Y*) */
    double capacity;    /* sum of A_{n,t} for t <= Y*; INFINITY when a year has no limit */
    int capacity_limited;
    double capacity_missing;       /* USD, 0 when not capacity limited */
    double capacity_missing_units; /* in work units; NAN when not a work need */
    double target;      /* G = min(R_n(Y*), capacity) */
    /* from the LPs (engine/solve/deadlines.c) */
    int analysed;       /* 0: not solved (the time limit came first) */
    double best_case;   /* BC(n, Y*) */
    int earliest;       /* earliest_completion_year, CO_NO_YEAR when none */
    double *gap;        /* gap_by_year, Y0..Y*: due_year - Y0 + 1 entries (owned) */
    int n_gap;
    enum co_ext_check check;
} co_deadline;

/* Analysed needs: those with a deadline whose year is at most Y1, in
 * index (id) order, into idx (room for y->nn; NULL: only counted);
 * returns their count. None in a dataset without years. */
int co_deadline_needs(const co_years *y, int *idx);

/* The fields that need no LP (everything above "from the LPs"); gap is
 * allocated (zeroed). CO_OK or CO_EINTERNAL (out of memory). */
int co_deadline_init(const co_dataset *ds, const co_years *y, int n, co_deadline *d);
/* The extension check from earliest (call once the LPs are done). */
void co_deadline_finish(const co_years *y, co_deadline *d);
void co_deadline_release(co_deadline *d);

/* What a plan does for need n: placed[k] is its money in year Y0 + k (ny
 * entries, USD). Gives placed_by_deadline (up to due_year), the
 * completion year (the first year whose money so far reaches R_n(t) - 1;
 * CO_NO_YEAR when none) and on_time. */
void co_deadline_track(const co_years *y, int n, int due_year, const double *placed,
                       double *by_due, int *completion, int *on_time);

/* ---- the best-case problem of one need --------------------------------- */

/* An eligible donor of the need. */
typedef struct co_bc_donor {
    const double *budget; /* ny entries: B_{d,t} (borrowed) */
    double cap;           /* the donor's area cap, each year; INFINITY when none */
    int carry;            /* carry_over */
} co_bc_donor;

/* BC(n, T) for T = Y0..Y1: maximise what n's donors place on it by T
 * within their budgets (per year, or cumulative with carry-over) and area
 * caps, n's absorption A_{n,t} each year and R_n(T); and the gap by year
 * to reach `target` by `due` (MULTIYEAR.md). Years are 0..ny-1 from Y0. */
typedef struct co_bc_problem {
    int ny;
    int due;                /* Y* - Y0 */
    const double *absorb;   /* ny entries: A_{n,t}, INFINITY where no limit (borrowed) */
    double *required;       /* ny entries: R_n(Y0 + k) */
    co_bc_donor *donors;
    int nd;
    double target;          /* G */
} co_bc_problem;

/* The model's eligible pairs grouped by need (each donor once, whatever
 * its pair-years): the donors of need n are donor[start[n] .. start[n +
 * 1] - 1], in donor order. CO_OK or CO_EINTERNAL; the caller frees both
 * arrays. */
int co_donors_by_need(const co_instance *in, int **start, int **donor);

/* The best-case problem of need n (d from co_deadline_init), with its
 * eligible donors `donors` (nd of them). CO_OK or CO_EINTERNAL. */
int co_bc_problem_build(const co_instance *in, const co_years *y, const co_deadline *d,
                        const int *donors, int nd, co_bc_problem *pb);
void co_bc_problem_release(co_bc_problem *pb);

#endif
