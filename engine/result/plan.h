/*
 * plan.h: the plan as reported (MODEL.md "Reading the solution",
 * FORMATS.md "Plan"), one self-contained type that every renderer
 * reads (summary, CSV, workbook, brief, diff, comparison, store). It is
 * made two ways: co_plan_build from a solve (plan.c), or co_plan_read from
 * a plan JSON, a file or a stored run's (plan_read.c); co_plan_to_json
 * writes it (plan_json.c), and a plan read back writes the same bytes.
 * It holds ids and text, never indexes: nothing points into the dataset or
 * the model instance, so a plan outlives both.
 *
 * Ownership: every string and array of a plan lives in its arena and goes
 * with co_plan_free; callers borrow them.
 *
 * Not given: a plan read from a file may lack fields (an older engine's,
 * or one written by hand). A value that is missing, or null where the
 * format allows null, reads as NULL (text and lists), NaN (numbers),
 * CO_CENTS_NONE (cents) or -1 (counts and yes/no), and is written back as
 * null where the format allows it, else left out. A plan built from a
 * solve has every field. Readers that need a field check for it.
 *
 * Money: amounts the plan rounds (allocations and what they add up to) are
 * int64_t cents; figures taken from the input (requested, budgets, ranges)
 * and weighted values (objective, price of fairness) are double USD.
 *
 * Adding a figure: a member here, its value in co_plan_build, a line in
 * the writer and one in the reader; then the renderers that show it.
 */
#ifndef CO_PLAN_H
#define CO_PLAN_H

#include <math.h>
#include <stdint.h>

#include "base/arena.h"
#include "base/json.h"
#include "model/deadlines.h"
#include "model/diagnose.h"
#include "solve/explain.h"
#include "solve/solve.h"

/* Cents not given. Real amounts are within +-1e17 cents (1e15 USD). */
#define CO_CENTS_NONE INT64_MIN

/* One donor's money to one need (only amounts of a cent or more); in a
 * multi-year plan, in one year. */
typedef struct co_plan_alloc {
    const char *donor, *need, *state, *area;
    const char *purpose_code; /* OECD DAC CRS purpose code of the area, or NULL */
    int year;      /* the year of the money; 0 in a one-period plan (no year) */
    int64_t cents;
    double weight; /* value of one USD, w_{d,n} (w_{d,n,t} in a multi-year plan) */
} co_plan_alloc;

/* A donor's year in a multi-year plan (MULTIYEAR.md "Reporting"). */
typedef struct co_plan_donor_year {
    int year;
    double budget;         /* USD: B_{d,t} */
    int64_t allocated;     /* cents */
    double marginal_value; /* one more USD of that year's budget; NaN when not available */
} co_plan_donor_year;

/* A need's year in a multi-year plan: money placed, and for a `work` need
 * the units done that year (national, secured and donors' money) and left
 * at its end (never below 0); NaN for a need without work. */
typedef struct co_plan_need_year {
    int year;
    int64_t allocated; /* cents */
    double units_done, units_left;
} co_plan_need_year;

/* A donor's expertise in one area. */
typedef struct co_plan_level {
    const char *area;
    double level;
} co_plan_level;

typedef struct co_plan_member {
    const char *donor;
    int64_t cents;            /* its total to the State */
    co_plan_level *expertise; /* the areas it funds in the State, in allocation order */
    int n_expertise;
} co_plan_member;

/* ---- the diagnosis (docs/DIAGNOSIS.md) ------------------------------------ */

/* One donor's or need's numbers in a reason: what each number is depends
 * on the reason's kind (model/diagnose.h co_dx_item). */
typedef struct co_plan_dx_item {
    const char *donor, *need, *area; /* NULL where it does not apply */
    unsigned causes;                 /* CO_DX_CAUSE_* bits (no_donor, ineligible) */
    unsigned flags;                  /* CO_DX_F_* bits */
    double value, versus, aux, w, floor; /* NaN where not given */
} co_plan_dx_item;

/* Why a State gets less than it asked for: one reason. */
typedef struct co_plan_reason {
    int kind;         /* enum co_dx_kind; -1 when not given */
    const char *need; /* no_donor: the need it is about; else NULL */
    double value;     /* coalition_full: max_coalition_size; else 1 when the items
                       * are every donor that could sit, else 0 */
    co_plan_dx_item *items;
    int n_items;
    const char *text; /* the sentence (co_dx_text, without the State's name) */
} co_plan_reason;

/* A donor's money in a coalition (joins: state NULL) or a seat a change
 * closes (leaves). */
typedef struct co_plan_dx_seat {
    const char *donor, *state;
    int64_t cents;
} co_plan_dx_seat;

/* Another State that gets less with a change. */
typedef struct co_plan_dx_loss {
    const char *state;
    int64_t before, after; /* cents */
} co_plan_dx_loss;

/* What would change it, for a State without a coalition or below the
 * coverage floor: the change found (kind -1: none on the list works, or
 * none was found in time), with its side effects, and what became of each
 * kind on the list. */
typedef struct co_plan_change {
    int floor;            /* the target: 1 the coverage floor, 0 a coalition, -1 not given */
    int kind;             /* enum co_change_kind; -1: none found */
    const char *donor;    /* max_states, budget: the donor; else NULL */
    const char **needs;   /* evidence: the needs raised to surveyed */
    int n_needs;
    double from, to;      /* the value before and after (NaN: none found) */
    int64_t gets;         /* cents the State gets with it */
    co_plan_dx_seat *joins; /* its coalition with it, largest first (state NULL) */
    int n_joins;
    co_plan_dx_loss *losses; /* other States that get at least one USD less */
    int n_losses;
    co_plan_dx_seat *leaves; /* seats of the plan it closes, with what they held */
    int n_leaves;
    int proved, exact;    /* 1, 0, or -1 (none found, or not given) */
    int tried[CO_CHANGE_KINDS]; /* enum co_try per kind; -1 not given */
    const char *text;     /* the sentence (co_dx_fix_text, with the State's name) */
} co_plan_change;

/* A State's diagnosis. */
typedef struct co_plan_diagnosis {
    co_plan_reason *reasons; /* in the order of enum co_dx_kind */
    int n_reasons;
    co_plan_change *change;  /* NULL: it has a coalition and is not below the floor */
} co_plan_diagnosis;

/* What surveyed evidence would move to a need below surveyed. */
typedef struct co_plan_evidence_value {
    int tried;              /* 1; 0 when the time limit came first; -1 not given */
    int64_t moves;          /* cents more to the need (may be negative) */
    int64_t if_surveyed;    /* cents to it with surveyed evidence */
    int proved;             /* that re-solve proved optimal: 1, 0, -1 */
    const char *text;       /* the sentence (co_dx_evidence_text) */
} co_plan_evidence_value;

/* A gap in the dataset (data/gaps.h): need and state for no_deadline and
 * weak_evidence, state for no_iso3, donor for no_expertise. */
typedef struct co_plan_gap {
    int kind; /* enum co_gap_kind; -1 when not given */
    const char *need, *state, *donor;
    const char *text; /* the sentence (co_gap_text) */
} co_plan_gap;

/* A State's Country Coalition (one per State, also without members). */
typedef struct co_plan_coalition {
    const char *state, *name, *iso3; /* name, iso3: NULL when the dataset has none */
    const char *lead;                /* NULL when it has no members */
    co_plan_member *members;         /* lead first, then by amount desc, then donor id */
    int n_members;
    double requested;      /* USD: sum of R_n over all its needs */
    int64_t allocated;     /* cents */
    double coverage;       /* allocated / requested; NaN when requested is 0 */
    double urgency;        /* largest u_n over its needs with R_n > 0, else 1 */
    double marginal_value; /* largest need dual among its needs; NaN when none */
    /* 1: diagnosis holds why it gets less than it asked for; 0: nothing to
     * say (covered in full); -1: not given (the plan was not diagnosed) */
    int diagnosed;
    co_plan_diagnosis diagnosis;
} co_plan_coalition;

typedef struct co_plan_donor {
    const char *donor, *name;
    double budget;         /* USD (over the horizon in a multi-year plan) */
    int64_t allocated;     /* cents */
    double utilisation;    /* allocated / budget; NaN when the budget is 0 */
    const char **states;   /* States of its seats, in id order */
    int n_states;
    double marginal_value; /* dual of its budget row; NaN when not available (and in
                              a multi-year plan: see by_year) */
    /* the budgets over which marginal_value holds: both NaN when unknown
     * (JSON marginal_range null); -inf / +inf where there is no limit */
    double range_from, range_to;
    co_plan_donor_year *by_year; /* multi-year plans: every year in order; else NULL */
    int n_by_year;
} co_plan_donor;

typedef struct co_plan_need {
    const char *need, *state, *area;
    double requested;          /* USD: R_n = amount - secured (MULTIYEAR.md's R_n) */
    int64_t allocated, unmet;  /* cents; unmet = requested in cents - allocated */
    double urgency, evidence;  /* u_n and q_n */
    const char *deadline, *original_deadline; /* YYYY-MM-DD as given, or NULL */
    double days_left;          /* whole days to the deadline, negative when overdue; NaN without one */
    double marginal_value;     /* dual of its need row; NaN when none */
    /* 1: evidence_value holds what surveyed evidence would move to it; 0:
     * it is surveyed or asks for nothing; -1: not given */
    int has_evidence_value;
    co_plan_evidence_value evidence_value;
    co_plan_need_year *by_year; /* multi-year plans: every year in order; else NULL */
    int n_by_year;
} co_plan_need;

/* Money missing in one year to meet a deadline (gap_by_year). */
typedef struct co_plan_year_gap {
    int year;
    int64_t cents;
} co_plan_year_gap;

/* The deadline analysis of one need (docs/MULTIYEAR.md "Deadline
 * analysis"). Years: 0 is null (none) or not given. */
typedef struct co_plan_deadline {
    const char *need, *state, *deadline; /* deadline as given */
    int deadline_year;      /* Y_n (an overdue need's is before the plan's first year) */
    int overdue;            /* -1 not given */
    /* what the plan does: has_plan 0 when there is no plan (the analysis
     * alone), then the three fields are not given */
    int has_plan;
    int64_t placed;         /* placed_by_deadline, cents */
    int completion_year;    /* 0: not complete within the plan's years */
    int on_time;
    /* the LPs: analysed 0 when they were not solved (the time limit came
     * first; best_case, earliest, gaps and extension_check not given) */
    int analysed;
    int64_t best_case;      /* best_case_by_deadline, cents */
    int earliest_year;      /* earliest_completion_year; 0: none */
    int capacity_limited;   /* -1 not given */
    int64_t capacity_missing;      /* cents */
    double capacity_missing_units; /* NaN: not a work need */
    co_plan_year_gap *gaps; /* gap_by_year: every year from the first to Y* */
    int n_gaps;
    const char *requested_deadline; /* NULL: no extension asked */
    const char *extension_check;    /* NULL: none asked (or not analysed) */
    /* the project's additions, for the verdict line */
    double required;        /* R_n(Y*), USD */
    double capacity;        /* sum of A_{n,t} up to Y*, USD; +inf: no limit */
    const char *unit;       /* a work need's unit, else NULL */
    double units_remaining, units_per_year; /* NaN: none */
} co_plan_deadline;

/* A seat (donor in a State's coalition) named by ids. */
typedef struct co_plan_seat {
    const char *donor, *state;
} co_plan_seat;

/* An alternative plan (--alternatives): its totals and how its seats differ
 * from the best plan's. */
typedef struct co_plan_alternative {
    int rank;          /* 2 for the first alternative (the best is 1) */
    double total;      /* its objective */
    double below_best; /* the best's total less its own */
    int64_t allocated; /* cents */
    int seats;
    co_plan_seat *added, *removed;
    int n_added, n_removed;
} co_plan_alternative;

/* Why an infeasible what-if has no plan: the rules that clash, one
 * sentence each, and the smallest change that lets them all hold. */
typedef struct co_plan_explanation {
    const char **conflicts, **fixes;
    int n_conflicts, n_fixes;
} co_plan_explanation;

/* An effective parameter or solver option. */
typedef struct co_plan_param {
    const char *name;
    double value;
} co_plan_param;

struct co_plan {
    co_arena *arena; /* everything below lives here */

    /* where the plan comes from */
    const char *engine, *version, *solver; /* "coalitions", CO_VERSION, "GLPK 5.0" */
    const char *dataset_name;              /* NULL when the dataset has no name */
    const char *dataset_sha256;
    const char *source;   /* the dataset's path as given; not in the JSON (NULL when read) */
    const char *scenario; /* NULL for a plain run */
    const char *as_of;
    int years_first, years_last; /* a multi-year plan's years; 0 in a one-period plan */
    co_plan_param *params; /* model parameters (as_of aside) then time_limit, mip_gap */
    int n_params;

    /* the solve */
    int has_status; /* 0: a plan read without a status */
    enum co_status status;
    double bound, gap; /* NaN when unknown */
    double total, value, coordination_cost, shortfall_penalty; /* the objective, of the rounded plan */
    double model_total; /* the solved model's objective (unrounded amounts; NaN when unknown) */
    int seats;
    int marginal_unique; /* 1; 0 when the LP behind the marginal values is degenerate; -1 when there are none */

    /* the what-if parts */
    double price_of_fairness; /* NaN without a coverage floor */
    struct {
        int given;              /* the run kept close to a baseline plan */
        const char *source;     /* "run 12" or the plan file */
        double stability_weight;
        int keep_pledges;       /* 1, 0, or -1 */
        int added, removed;     /* seats against the baseline's */
        double penalty;         /* stability_weight * (added + removed) */
    } baseline;
    co_plan_explanation explanation; /* n_conflicts 0: the rules could all hold */
    struct {
        int given;   /* alternatives were asked for */
        double within; /* percent of the best's objective */
        co_plan_alternative *plans;
        int n;
    } alternatives;

    /* the lists: NULL when not given (a plan read without them) */
    co_plan_alloc *allocs;         /* by (state, need, donor, year) */
    int n_allocs;
    co_plan_coalition *coalitions; /* one per State, by State id */
    int n_coalitions;
    co_plan_donor *donors;         /* by id */
    int n_donors;
    co_plan_need *needs;           /* by id */
    int n_needs;
    /* the deadline analysis of a multi-year plan, by need id (NULL in a
     * one-period plan) */
    co_plan_deadline *deadlines;
    int n_deadlines;
    co_plan_gap *gaps;             /* the dataset's gaps, by kind then item */
    int n_gaps;

    /* timing and model size (machine-dependent) */
    double load_s, build_s, solve_s;
    double diagnose_s; /* NaN when the plan was not diagnosed */
    double elapsed_s;  /* the run on its one clock, loading included (--time-limit counts it) */
    double limit_s;    /* the time limit it had */
    /* work left out for the time limit, one sentence each (co_skip_text,
     * in enum co_skip's order); empty when nothing was */
    const char **skipped;
    int n_skipped;
    int rows, cols, nonzeros, integer_cols;
};

/* Reads a solution into a plan (MODEL.md "Reading the solution"): cents,
 * seats, leads and member order, coverage, the objective recomputed from
 * reported amounts, bound, gap and status; the dataset's gaps; and the
 * diagnosis `dx` of the solution (NULL, or a report not done: the plan is
 * not diagnosed). ds, in, sol, ex (NULL: no rules) and dx are borrowed;
 * the plan copies what it keeps. CO_EINTERNAL when out of memory. */
int co_plan_build(const co_dataset *ds, const co_instance *in, const co_solution *sol,
                  const co_extras *ex, const co_dx_report *dx, co_plan **out, co_diag *dg);

/* Adds to pl->skipped the sentence of each bit of `bits` (enum co_skip)
 * not listed yet, in the enum's order after what is there. CO_OK, or
 * CO_EINTERNAL when out of memory (the arena then says so too). */
int co_plan_skip(co_plan *pl, unsigned bits);

/* An empty plan (every figure not given), for readers; NULL when out of
 * memory. */
co_plan *co_plan_new(void);
/* Where a plan comes from: engine, solver, dataset, as_of and the
 * parameters p (strings into its arena; a failure shows in the arena). */
void co_plan_set_head(co_plan *pl, const co_dataset *ds, const co_params *p);

/* Reads a plan JSON (FORMATS.md "Plan" and the project's added fields),
 * `len` bytes of `text`; `name` (the file, "run 12", ...) starts every
 * message. The text is parsed as co_json_parse does; then every field that
 * is there must have its type and range: otherwise CO_EINPUT with each
 * problem as "NAME: PATH: problem, got 'VALUE'", e.g.
 * "plan.json: coalitions[2].members[0].amount: must be a number >= 0, got
 * '"x"'". Money is at most 1e15 USD, and so is the money of each list
 * added up (so that no total overflows); status is one of the four words;
 * ids of States, donors, needs, members of one coalition, allocations
 * (need, donor) and parameters must not repeat. Fields may be missing (see
 * "Not given" above); unknown fields are ignored. CO_OK with the plan in *out (the caller frees it),
 * CO_EINPUT, or CO_EINTERNAL when out of memory. */
int co_plan_read(const char *name, const char *text, size_t len, co_plan **out, co_diag *dg);
/* The same for a parsed document (`root` is borrowed). */
int co_plan_from_json(const char *name, const co_json *root, co_plan **out, co_diag *dg);

/* co_plan_to_json, co_plan_analysis_to_json, co_plan_load and
 * co_plan_free: include/coalitions.h. */

/* Figures summed over the plan's needs and coalitions, for every renderer
 * (summary, brief, workbook, store, comparison, diff). */
typedef struct co_plan_totals {
    int64_t requested, allocated;               /* cents: needs' requested and allocated */
    int64_t urgent_requested, urgent_allocated; /* over urgent needs (urgency > 1) */
    int needs;                                  /* needs counted */
    int states, states_with_coalition;          /* coalitions, and those with members */
    int seats;                                  /* members over those coalitions */
} co_plan_totals;

/* Totals over the needs and coalition of State `state`, or of the whole
 * plan when state is NULL. A requested amount is rounded to cents as the
 * plan rounds allocations; figures not given count as 0. */
co_plan_totals co_plan_totals_of(const co_plan *pl, const char *state);

/* The deadlines list of pl from the analysis dl of n needs (in need id
 * order; ds, y the dataset and years it was made for), with the plan's own
 * part (placed by the deadline, completion year, on time) from the
 * allocations by year of `from` (pl itself, another plan of the same
 * dataset, or NULL: none). CO_OK or CO_EINTERNAL. */
int co_plan_set_deadlines(co_plan *pl, const co_dataset *ds, const co_years *y,
                          const co_deadline *dl, int n, const co_plan *from, co_diag *dg);
/* A need's entry in the deadlines list, or NULL. */
const co_plan_deadline *co_plan_find_deadline(const co_plan *pl, const char *need);

/* The coalition of a State, a donor, a need by id (NULL when there is none). */
const co_plan_coalition *co_plan_find_coalition(const co_plan *pl, const char *state);
const co_plan_donor *co_plan_find_donor(const co_plan *pl, const char *donor);
/* The number of years of a plan: last - first + 1, 0 for a one-period plan. */
static inline int co_plan_years(const co_plan *pl)
{
    return pl->years_first ? pl->years_last - pl->years_first + 1 : 0;
}
/* Money by year of a multi-year plan: cents[t] (t from 0 to
 * co_plan_years - 1) is the sum of the allocations of year years_first + t
 * to State `state` from donor `donor` (NULL: any). Allocations without a
 * year in the range are not counted. */
void co_plan_year_cents(const co_plan *pl, const char *state, const char *donor,
                        int64_t *cents);
/* A parameter's value by name (NaN when the plan does not have it). */
double co_plan_param_value(const co_plan *pl, const char *name);
/* True when the plan has amounts: status optimal or feasible. */
int co_plan_has_solution(const co_plan *pl);

const char *co_status_name(enum co_status st);
/* A status word to its value: 0, or -1 when it is none of them. */
int co_status_parse(const char *word, enum co_status *st);

/* Cents to USD. */
static inline double co_usd(int64_t cents) { return (double)cents / 100.0; }
/* USD to cents as the plan rounds (0 for a number not given or not finite). */
static inline int64_t co_cents(double usd)
{
    return isfinite(usd) ? (int64_t)llround(usd * 100.0) : 0;
}
/* part / whole, NaN when whole is not positive. */
static inline double co_share(int64_t part, int64_t whole)
{
    return whole > 0 ? (double)part / (double)whole : (double)NAN;
}

#endif
