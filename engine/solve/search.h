/*
 * search.h: the state of one solve, shared by the files of the search
 * (search.c, lns.c, dive.c, sensitivity.c). Private to engine/solve.
 */
#ifndef CO_SEARCH_H
#define CO_SEARCH_H

#include "solve/formulate.h"
#include "solve/solve.h"

/* One solve in progress: the instance, its GLPK problem and rows, the
 * incumbent (the best plan held, in sol->x and sol->y, and its searched
 * objective) and the time kept for the last LP. */
/* A seat and how much it promises (a reduced cost, an LP value), for
 * sorting with co_ranked_cmp (qsort): largest first, ties to the smaller
 * seat index. */
typedef struct co_ranked {
    double v;
    int k;
} co_ranked;
int co_ranked_cmp(const void *pa, const void *pb);

typedef struct co_search_run {
    const co_instance *in;
    const co_solve_opts *o;
    co_solution *sol;
    co_diag *dg;
    double t0, until; /* co_clock() at the start and at the deadline */
    int *budget_row, *z_col;
    int *need_row, *cap_row; /* 0 where the model has no such row */
    int *absorb_row;         /* per need and year (co_inst_ny); 0 where none */
    int link_row0;           /* the first pair's link row */
    /* the horizon link rows (multi-year), after the link rows: row
     * link_row0 + n_pairs + g is seat hlink_seat[g]'s, g < n_hlink */
    int *hlink_seat, n_hlink;
    co_cuts cuts;            /* the search's own rows (co_add_cuts) */
    glp_prob *P;
    double inc_obj;
    int has_inc;
    double reserve;    /* the longest seat-fixed LP yet: kept for the last one */
    unsigned lns_seed; /* the neighbourhoods' generator, across calls */
    double lns_want;   /* seats to free in the next neighbourhood */
    /* P's matrix by row (fixed_lp.c reads it once): row i's entries are
     * row_col/row_val[row_start[i] .. row_start[i + 1] - 1] */
    int *row_start, *row_col, rows_loaded;
    double *row_val;
} co_search_run;

/* The LP with every seat fixed (fixed_lp.c): Q holds the open seats'
 * pairs and the columns without a seat; row[i] and col[j] give the row
 * and column of P's row i and column j in Q (0 when not built). */
typedef struct co_fixed_lp {
    glp_prob *Q;
    int *row, *col; /* NULL in the whole model (co_fixed_lp_whole): i and j */
    int infeasible; /* a row of fixed seats alone is broken: no solution */
} co_fixed_lp;

static inline int co_fixed_row(const co_fixed_lp *f, int i)
{
    return f->row ? f->row[i] : i;
}
static inline int co_fixed_col(const co_fixed_lp *f, int j)
{
    return f->col ? f->col[j] : j;
}

/* Builds the seat-fixed LP for seats y; with no_upper the pairs' bounds
 * x <= U are left out (they only repeat the need, budget and cap rows).
 * Seats marked in free_seat (NULL for none) stay free: their y columns
 * (binary), pairs and link rows are kept, so Q is the sub-MIP of a
 * neighbourhood. CO_OK or CO_EINTERNAL (out of memory). */
int co_fixed_lp_build(co_search_run *r, const unsigned char *y, const unsigned char *free_seat,
                      int no_upper, co_fixed_lp *f);
/* Builds and solves the seat-fixed LP for seats y (bounds x <= U kept),
 * stopped at `until` (co_clock). Returns 1 when it is solved to optimality;
 * f is to be released either way. */
int co_fixed_lp_solve(co_search_run *r, const unsigned char *y, double until, co_fixed_lp *f);

/* The same LP in the whole model r->P itself (changed: seats fixed, open
 * seats' bounds x <= U dropped), for GLPK's presolver to reduce: as the
 * reported plan of small models was always read, so their marginal values
 * stay as they were (a degenerate LP has more than one set). */
void co_fixed_lp_whole(co_search_run *r, const unsigned char *y, co_fixed_lp *f);
void co_fixed_lp_release(co_fixed_lp *f);


/* Seconds left for the search: the limit less what is spent and what the
 * reported plan's seat-fixed LP will take (as long as the longest yet). */
double co_time_left(const co_search_run *r);
/* Seconds as GLPK's tm_lim in milliseconds (at least 1). */
int co_ms(double seconds);
/* Keeps (x, y) as the incumbent when it is feasible (co_feasible and the
 * what-if rules, to 1e-6) and better than the one held. */
void co_offer_incumbent(co_search_run *r, const double *x, const unsigned char *y);
/* Money placed by the LP with the seats y fixed (fixed_lp.c), stopped at
 * `until` (co_clock). Returns 1 with x (per pair, USD) filled, 0 when that
 * LP did not solve. With dual non-NULL, each pair(-year)'s dual price:
 * what its donor's budget, its need, its area cap and what the need
 * absorbs that year are worth at the margin (each row's dual clamped at 0;
 * with carry-over, the budget rows of its year and later). */
int co_seat_lp(co_search_run *r, const unsigned char *y, double *x, double *dual, double until);
/* Closes the open seats (not fixed by a rule) that carry under a cent or,
 * without a floor, add less value than their coordination cost; their
 * money is zeroed. Returns how many it closed. */
int co_close_unpaying(const co_instance *in, const co_extras *ex, unsigned char *y, double *x);
/* Neighbourhood search until `until` (co_clock; lns.c); ys, the LP
 * relaxation's seats or NULL, guides one neighbourhood in three. */
void co_lns(co_search_run *r, const double *ys, double until);
/* LP diving from the solved LP relaxation r->P until `until` (co_clock;
 * dive.c): seats fixed open, the LP re-solved, until every seat is whole;
 * the plan is offered. */
void co_lp_dive(co_search_run *r, double until);
/* True when some basic variable of P's optimal basis sits at a bound:
 * its duals need not be unique. */
int co_is_degenerate(glp_prob *P);
/* Fills r->sol->budget_lo/hi from ranging on the solved seat-fixed LP f,
 * until the deadline `until` (co_clock); 1 when every range was found. */
int co_budget_ranges(co_search_run *r, const co_fixed_lp *f, double until);

/* Reads the reported amounts (into sol->x), the duals and the budget
 * ranges from the LP with the seats y fixed (sensitivity.c), when it can
 * be solved in time. Returns 1 when read; 0 when there was no time (the
 * skipped list says so), -1 when it failed (a warning says so); then sol
 * is left as it was, but for fixed_lp_failed. */
int co_read_fixed_lp(co_search_run *r, const unsigned char *y);

#endif
