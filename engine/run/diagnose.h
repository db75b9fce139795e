/*
 * run/diagnose.h: the diagnosis of a run (docs/DIAGNOSIS.md): the reasons
 * of model/diagnose.h, and what re-solving finds: for each State without
 * a coalition (or below the coverage floor) the smallest single change of
 * a short list that gives it one, with its side effects; and for each need
 * below `surveyed` the money surveyed evidence would move to it. All within
 * a deadline; what was not tried is recorded. Rendering is left to
 * engine/render (the *_text functions give the sentences).
 */
#ifndef CO_RUN_DIAGNOSE_H
#define CO_RUN_DIAGNOSE_H

#include <stdint.h>

#include "model/diagnose.h"
#include "solve/solve.h"

/* The changes tried, in this order (the first that works is the one
 * proposed): the State's own evidence, the two planning parameters, then
 * one donor's limit and one donor's money. */
enum co_change_kind {
    CO_CHANGE_EVIDENCE,     /* every need of the State below surveyed raised to surveyed */
    CO_CHANGE_COORDINATION, /* coordination_cost lowered to `to` (the largest on the grid) */
    CO_CHANGE_FLOOR,        /* coverage_floor raised to `to` (the least on the grid) */
    CO_CHANGE_MAX_STATES,   /* donor d's max_states raised by one, to `to` */
    CO_CHANGE_BUDGET,       /* donor d's budget raised to `to` (the least raise on the grid) */
    CO_CHANGE_KINDS
};

/* What became of each kind for one State. */
enum co_try {
    CO_TRY_NOT_TRIED,      /* the deadline passed first */
    CO_TRY_NOT_APPLICABLE, /* e.g. all its evidence is surveyed, no donor at max_states */
    CO_TRY_FAILED,         /* re-solved: not even the largest change on the list helps */
    CO_TRY_WORKED,
    CO_TRY_NOT_NEEDED      /* an earlier kind worked */
};

typedef struct co_dx_loss {
    int s;
    int64_t before, after; /* cents */
} co_dx_loss;

typedef struct co_dx_seat {
    int d, s;
    int64_t cents;
} co_dx_seat;

/* One change and the plan it gives. */
typedef struct co_dx_change {
    enum co_change_kind kind;
    int d;           /* MAX_STATES, BUDGET: the donor; else -1 */
    double from, to; /* the value before and after (EVIDENCE: 1 = surveyed) */
    int64_t gets;    /* cents the State gets with it */
    co_dx_seat *members; /* its coalition with it, largest first */
    int n_members;
    co_dx_loss *losses; /* other States that get less, in State order */
    int n_losses;
    co_dx_seat *dropped; /* seats of the plan it closes (cents: what they held) */
    int n_dropped;
    int proved; /* the re-solve proved its plan optimal (within the gap) */
    int exact;  /* the search reached its grid's resolution (0: the deadline stopped
                 * it: the change works, a smaller one may too) */
} co_dx_change;

/* What would change it, for one State. */
typedef struct co_dx_fix {
    int s;
    int want_floor;      /* it has a coalition but is below the floor: the target is the floor */
    int found;           /* change holds the proposal */
    co_dx_change change;
    enum co_try tried[CO_CHANGE_KINDS];
} co_dx_fix;

/* The value of better evidence for one need. */
typedef struct co_dx_evidence {
    int n;
    double q;              /* its evidence now */
    int tried;             /* 0: the deadline passed first */
    int64_t before, after; /* cents to the need in the plan, and with surveyed evidence */
    int proved;
} co_dx_evidence;

typedef struct co_dx_report {
    co_diagnosis dx;
    co_dx_fix *fixes; /* in State order */
    int n_fixes;
    co_dx_evidence *evidence; /* in need order */
    int n_evidence;
    int solves;       /* re-solves made */
    int deadline_hit; /* something was left untried */
    double seconds;
} co_dx_report;

void co_dx_report_init(co_dx_report *r);
void co_dx_report_release(co_dx_report *r);

/* The diagnosis of the plan (in, sol) of dataset ds with parameters p (the
 * run's; its rules, or NULL, are re-resolved for each re-solve; `where`
 * names them in messages). The report stays empty when sol has no plan.
 * No re-solve starts once co_clock() is within 0.02 s of `deadline`, and
 * each gets at most a quarter of the time left (at least a second, when
 * there is one) and the run's time_limit. CO_OK (a re-solve that fails
 * only leaves its change untried), CO_EINTERNAL out of memory. */
int co_dx_run(const co_dataset *ds, const co_params *p, const co_rules *rules, const char *where,
              const co_instance *in, const co_solution *sol, double deadline, co_dx_report *out,
              co_diag *dg);

/* Solves the dataset as `plan` would (ro may be NULL) and diagnoses the
 * plan, all on one clock of `seconds` (from co_run_options_start_clock when
 * ro's clock was started, else from the call): the plan's solve gets at
 * most half of what is left and at most the run's time_limit, the
 * diagnosis the rest. CO_EINFEASIBLE when it finds no plan. */
int co_dx_dataset(const co_dataset *ds, const co_run_options *ro, double seconds,
                  co_dx_report *out, co_diag *dg);

/* The base plan's seats of the diagnosis (for the co_dx_plan of a solution). */
co_dx_plan co_dx_plan_of(const co_solution *sol);

/* One line each, in the dataset's words (the caller frees; NULL out of
 * memory): "Palau would get a coalition if PLW-clearance were surveyed:
 * Japan 500,000; Lebanon gets 500,000 less", or what was tried and did
 * not work or was not tried. */
char *co_dx_fix_text(const co_instance *in, const co_dx_fix *f, int with_state);
/* "PLW-clearance (anecdotal): surveyed evidence would move 500,000 to it". */
char *co_dx_evidence_text(const co_instance *in, const co_dx_evidence *e);
/* The kind's name in plan files ("evidence", "coordination_cost", ...). */
const char *co_change_kind_name(enum co_change_kind k);

#endif
