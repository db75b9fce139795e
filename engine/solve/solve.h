/*
 * solve.h: the solver's interface to the stages above it: solve an
 * instance (the model of MODEL.md through GLPK: formulate.c, search.c,
 * lns.c, fixed_lp.c, sensitivity.c) into a co_solution, the exact worth of
 * one more seat (seat_gain.c), and export the model in
 * GLPK's LP and MPS formats (export_lp.c). engine/solve is the only
 * folder that includes glpk.h; nothing here exposes it.
 */
#ifndef CO_SOLVE_H
#define CO_SOLVE_H

#include "base/timer.h"
#include "model/derive.h"
#include "model/extras.h"

enum co_status { CO_ST_OPTIMAL, CO_ST_FEASIBLE, CO_ST_INFEASIBLE, CO_ST_NO_SOLUTION };

/* Work left out for the time limit (co_solution.skipped; the run adds its
 * own), one bit each, listed in the plan in this order. */
enum co_skip {
    CO_SKIP_SEARCH = 1u << 0,       /* the model was not built: the greedy's plan */
    CO_SKIP_LP_BOUND = 1u << 1,     /* no LP solved for a bound: a one-pass bound */
    CO_SKIP_BRANCH = 1u << 2,       /* no branch and bound */
    CO_SKIP_FIXED_LP = 1u << 3,     /* amounts not re-read from the seat-fixed LP */
    CO_SKIP_MARGINAL = 1u << 4,     /* no marginal values */
    CO_SKIP_RANGES = 1u << 5,       /* marginal values without all their ranges */
    CO_SKIP_FAIRNESS = 1u << 6,     /* no price of fairness */
    CO_SKIP_ALTERNATIVES = 1u << 7, /* fewer alternatives searched than asked */
    CO_SKIP_CHANGES = 1u << 8,      /* the diagnosis without re-solves (--diagnose reasons) */
    CO_SKIP_DEADLINES = 1u << 9,    /* obligations without the deadline analysis's LPs */
    CO_SKIP_END = 1u << 10
};
/* What a bit says in the plan ("marginal values not computed: time
 * limit"); NULL for a value that is not one bit of enum co_skip. */
const char *co_skip_text(unsigned bit);

typedef struct co_solution {
    enum co_status status; /* as GLPK ended; plan.c re-checks the gap */
    int proved;            /* the search ended with optimality proved */
    int has_bound;         /* bound is known */
    double bound;          /* best proven upper bound on the objective */
    double mip_obj;        /* GLPK's objective of the incumbent */
    double *x;             /* per pair: USD, from the fixed-seat LP */
    unsigned char *y;      /* per seat: rounded 0/1 */
    double *budget_dual;   /* per donor: dual of its budget row (0 when none) */
    /* per donor: the budgets over which budget_dual holds (ranging on the
     * fixed-seat LP); NAN when unknown, hi INFINITY when without limit */
    double *budget_lo, *budget_hi;
    double *need_dual;     /* per need: dual of its need row (NAN when it has none) */
    /* per donor and area (nd * na, as co_inst_cap): dual of its area cap
     * row, 0 where it has none; what room for one more USD under the cap
     * would be worth */
    double *cap_dual;
    /* per State: what one more USD to it is worth through the coverage
     * floor (rho + the reduced cost of its shortfall z_s, in [0, rho]);
     * 0 without a floor */
    double *floor_dual;
    int degenerate;        /* the fixed-seat LP is primal degenerate */
    int fixed_lp_failed;   /* amounts are the search's (seat-fixed LP not solved) */
    unsigned skipped;      /* enum co_skip bits: left out for the time limit */
    int rows, cols, nonzeros, integer_cols;
    double build_s, solve_s;
} co_solution;

typedef struct co_solve_opts {
    /* the solve's share of the command's clock: it ends, its plan read,
     * by co_timer_at(&dl); each step takes a share of what is left */
    co_timer dl;
    double mip_gap;
    void (*log)(void *ctx, const char *text); /* GLPK's terminal output */
    void *log_ctx;
    /* called during the search (at most 4 times a second, and at each new
     * plan) with the incumbent, the bound and the seconds elapsed */
    void (*progress)(void *ctx, int has_plan, double plan, int has_bound, double bound,
                     double elapsed);
    void *progress_ctx;
    const co_extras *ex; /* what-if rules, baseline, cuts; NULL for none */
} co_solve_opts;

/* Solves the model of MODEL.md ("Variables" to "Objective") for the
 * instance, with the rules, baseline seats and cuts of o->ex, by the
 * deadline o->dl and to o->mip_gap: a greedy plan, seat improvement by
 * reduced costs, the LP relaxation or a Lagrangian bound,
 * large-neighbourhood search, then GLPK's branch and bound from the
 * incumbent with the search's own valid inequalities (docs/MODEL-NOTES.md);
 * then the seat-fixed LP (fixed_lp.c) for the amounts, duals and ranges.
 * Each step takes a share of what is left; what did not fit is in
 * sol->skipped. *sol (sized by the instance: per pair, seat, donor,
 * need, State) is the caller's (co_solution_release). CO_OK whatever the
 * status (sol->status: optimal, feasible, infeasible, no_solution; the
 * plan's status is re-checked by co_plan_build); CO_ESOLVER when GLPK
 * fails before any plan ("GLPK failed: reason", "GLPK's glp_simplex failed
 * on the LP relaxation (code N)", likewise glp_intopt); a failure after a
 * plan is a warning and the plan stands. CO_EINTERNAL
 * "out of memory". On failure *sol holds nothing. in and o are borrowed. */
int co_solve(const co_instance *in, const co_solve_opts *o, co_solution *sol, co_diag *dg);
/* Frees the arrays of sol (NULL: nothing). */
void co_solution_release(co_solution *sol);

/* What opening each of `seats` (one at a time, seat indexes) would add to
 * what the money earns (sum w x - rho sum z) in the LP with every other
 * seat fixed as in y, rows on seats alone (engagement, coalition size,
 * what-if cuts) left out: gain[i], NAN when the deadline (a co_clock()
 * time) came first, the LP failed or the seat is open in y; -INFINITY when
 * the seat's minimum grant cannot be met. CO_OK, CO_ESOLVER (a GLPK
 * error, in dg) or CO_EINTERNAL. */
int co_seat_gains(const co_instance *in, const co_extras *ex, const unsigned char *y,
                  const int *seats, int n, double deadline, double *gain, co_diag *dg);

/* co_solver_version, GLPK's version string: include/coalitions.h. */

enum co_model_format { CO_FMT_LP, CO_FMT_MPS };
/* Writes the model with GLPK's writer to a temporary file beside `path`,
 * then renames it into place ("-" copies it to stdout). */
int co_model_write(const co_instance *in, enum co_model_format fmt, const char *path,
                   co_diag *dg);

#endif
