/*
 * search.h: the state of one solve, shared by the files of the search
 * (search.c, lns.c, sensitivity.c). Private to engine/solve.
 */
#ifndef CO_SEARCH_H
#define CO_SEARCH_H

#include "solve/formulate.h"
#include "solve/solve.h"

/* One solve in progress: the instance, its GLPK problem and rows, the
 * incumbent (the best plan held, as 1-based column values, also kept in
 * sol->x and sol->y) and the time kept for the last LP. */
typedef struct co_search_run {
    const co_instance *in;
    const co_solve_opts *o;
    co_solution *sol;
    co_diag *dg;
    double t0;
    int *budget_row, *z_col;
    int *need_row, *cap_row; /* 0 where the model has no such row */
    int *absorb_row;         /* per need and year (co_inst_ny); 0 where none */
    int link_row0;           /* the first pair's link row */
    glp_prob *P;
    double *inc; /* 1-based column values of the heuristic plan */
    double inc_obj;
    int has_inc;
    double reserve;    /* the longest seat-fixed LP yet: kept for the last one */
    unsigned lns_seed; /* the neighbourhoods' generator, across calls */
    double lns_want;   /* seats to free in the next neighbourhood */
} co_search_run;


/* Seconds left for the search: the limit less what is spent and what the
 * reported plan's seat-fixed LP will take (as long as the longest yet). */
double co_time_left(const co_search_run *r);
/* Seconds as GLPK's tm_lim in milliseconds (at least 1). */
int co_ms(double seconds);
/* Keeps (x, y) as the incumbent when it is feasible (co_feasible and the
 * what-if rules, to 1e-6) and better than the one held. */
void co_offer_incumbent(co_search_run *r, const double *x, const unsigned char *y);
/* Money placed by the LP with the seats y fixed (on a copy of r->P).
 * Returns 1 with x (per pair, USD) filled, 0 when that LP did not solve.
 * With dual non-NULL, each pair's dual price: what its donor's budget, its
 * need, its area cap and what the need absorbs that year are worth at the
 * margin (each row's dual clamped at 0; with carry-over, the budget rows of
 * its year and later). */
int co_seat_lp(co_search_run *r, const unsigned char *y, double *x, double *dual);
/* Closes the open seats (not fixed by a rule) that carry under a cent or,
 * without a floor, add less value than their coordination cost; their
 * money is zeroed. Returns how many it closed. */
int co_close_unpaying(const co_instance *in, const co_extras *ex, unsigned char *y, double *x);
/* Neighbourhood search for about `seconds` (lns.c); ys, the LP
 * relaxation's seats or NULL, guides one neighbourhood in three. */
void co_lns(co_search_run *r, const double *ys, double seconds);
/* LP diving from the solved LP relaxation r->P for about `seconds`
 * (dive.c): seats fixed open, the LP re-solved, until every seat is whole;
 * the plan is offered. */
void co_lp_dive(co_search_run *r, double seconds);
/* True when some basic variable of P's optimal basis sits at a bound:
 * its duals need not be unique. */
int co_is_degenerate(glp_prob *P);
/* Fills r->sol->budget_lo/hi from ranging on the solved seat-fixed LP P. */
void co_budget_ranges(co_search_run *r, glp_prob *P);

/* Reads the reported amounts, the duals and the budget ranges from the
 * seat-fixed LP on P (sensitivity.c). */
void co_read_fixed_lp(co_search_run *r, glp_prob *P);

#endif
