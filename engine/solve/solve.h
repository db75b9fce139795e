/*
 * solve.h: the solver's interface to the stages above it: solve an
 * instance (the model of MODEL.md through GLPK: formulate.c, search.c,
 * lns.c, sensitivity.c) into a co_solution, and export the model in
 * GLPK's LP and MPS formats (export_lp.c). engine/solve is the only
 * folder that includes glpk.h; nothing here exposes it.
 */
#ifndef CO_SOLVE_H
#define CO_SOLVE_H

#include "base/deadline.h"
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
    CO_SKIP_END = 1u << 8
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
    int degenerate;        /* the fixed-seat LP is primal degenerate */
    int fixed_lp_failed;   /* amounts are the search's (seat-fixed LP not solved) */
    unsigned skipped;      /* enum co_skip bits: left out for the time limit */
    int rows, cols, nonzeros, integer_cols;
    double build_s, solve_s;
} co_solution;

typedef struct co_solve_opts {
    /* the solve's share of the command's clock: it ends, its plan read,
     * by co_deadline_at(&dl); each step takes a share of what is left */
    co_deadline dl;
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

int co_solve(const co_instance *in, const co_solve_opts *o, co_solution *sol, co_diag *dg);
void co_solution_release(co_solution *sol);

/* GLPK's version string, e.g. "5.0". */
const char *co_solver_version(void);

enum co_model_format { CO_FMT_LP, CO_FMT_MPS };
/* Writes the model with GLPK's writer to a temporary file beside `path`,
 * then renames it into place ("-" copies it to stdout). */
int co_model_write(const co_instance *in, enum co_model_format fmt, const char *path,
                   co_diag *dg);

#endif
