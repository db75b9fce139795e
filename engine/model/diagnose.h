/*
 * diagnose.h: why a State gets less than it asked for, in the dataset's
 * words (docs/DIAGNOSIS.md): who cannot fund it and why, seats that would
 * not pay for themselves, donors whose last dollar is worth more
 * elsewhere, limits, and needs already met. Pure C, no GLPK: it reads the
 * instance and a plan's amounts, seats and duals (engine/run fills
 * co_dx_plan from a co_solution). What would change it is found by
 * re-solving in engine/run/diagnose.c; its report's types and sentences
 * are here, below engine/result, so that the plan can carry them.
 */
#ifndef CO_DIAGNOSE_H
#define CO_DIAGNOSE_H

#include <math.h>
#include <stdint.h>

#include "model/derive.h"
#include "model/extras.h"

/* A plan as the diagnosis reads it (borrowed arrays of the solve). The
 * duals are those of the LP with every seat fixed (MODEL.md "Reading the
 * solution"); duals NULL means they are not available, and then only the
 * reasons that need none are given. */
typedef struct co_dx_plan {
    const double *x;           /* per pair: USD */
    const unsigned char *y;    /* per seat: 0/1 */
    const double *budget_dual; /* per donor: what one more USD of budget is worth */
    const double *cap_dual;    /* per donor and area (nd * na): 0 where no cap row */
    const double *need_dual;   /* per need: NAN where it has no row */
    const double *floor_dual;  /* per State: in [0, rho], 0 without a floor */
    int proved;                /* the plan is optimal (within the gap asked) */
} co_dx_plan;

/* The kinds of reason, in the order a State lists them. The numbers each
 * one cites are in its items (co_dx_item): "w" is always the donor's best
 * value per USD for the State's unmet needs (need n; the coverage floor's
 * worth included), "seat cost" is coordination_cost (less or more the
 * stability_weight against a baseline). */
enum co_dx_kind {
    CO_DX_SECURED,        /* nothing left to fund: items: each need n (value: amount,
                           * aux: secured) */
    CO_DX_NO_DONOR,       /* need n has no eligible donor: items: every donor with causes */
    CO_DX_INELIGIBLE,     /* donors eligible for none of its unmet needs while others are:
                           * causes (value: the best expertise, versus: min_expertise) */
    CO_DX_MIN_GRANT,      /* value: min_grant, above versus: the most the donor could give */
    CO_DX_SEAT_COST,      /* value: the most the donor's seat could add (weighted value),
                           * at most versus: the seat cost */
    CO_DX_OUTBID,         /* value: the donor's last dollar (its budget's marginal value),
                           * at least w */
    CO_DX_MEMBERS_SPENT,  /* members that give no more: as OUTBID */
    CO_DX_AREA_CAP,       /* the donor's area_budget in area a (aux: its amount) is spent:
                           * value: its last dollar in a (marginal value + the cap's), at
                           * least w */
    CO_DX_NET_SEAT_COST,  /* value: the most its seat could gain over its money's present
                           * uses, at most versus: the seat cost; n: the need where a
                           * dollar gains most, w its weight, aux what a dollar costs there
                           * (marginal value + the area cap's + the need's dual, below w).
                           * Flag EXACT: value is the gain itself (aux NAN) */
    CO_DX_MAX_STATES,     /* the donor has reached its max_states (aux); value: as
                           * NET_SEAT_COST's, above versus: the seat cost; n and w as there */
    CO_DX_COALITION_FULL, /* reason value: max_coalition_size; items: donors whose seat
                           * would otherwise pay (value as NET_SEAT_COST's, above versus:
                           * the seat cost) */
    CO_DX_FORBIDDEN,      /* the scenario forbids the donor's seat */
    CO_DX_UNRESOLVED,     /* none of the above proves the seat loses (value as
                           * NET_SEAT_COST's, versus: the seat cost); the plan does without
                           * it. Flag NO_DUALS: marginal values were not available */
    CO_DX_CAPPED          /* needs met in full (capped by the request): value: R */
};

/* Why a donor is not eligible (bits of co_dx_item.causes). */
enum {
    CO_DX_CAUSE_NO_BUDGET = 1, /* budget 0 */
    CO_DX_CAUSE_EXCLUDED = 2,  /* excluded_states names the State */
    CO_DX_CAUSE_EXPERTISE = 4, /* expertise (value) below min_expertise (versus) */
    CO_DX_CAUSE_AREA_CAP = 8   /* area_budget 0 in the need's area (a) */
};

/* Flags of an item. */
enum {
    CO_DX_F_MEMBER = 1,     /* the donor sits in the State's coalition */
    CO_DX_F_MAX_STATES = 2, /* the donor has reached its max_states */
    CO_DX_F_NO_DUALS = 4,   /* marginal values were not available */
    CO_DX_F_EXACT = 8       /* value is the seat's exact gain (co_dx_settle), not a bound */
};

/* One donor's or need's numbers in a reason (-1 where an index does not apply). */
typedef struct co_dx_item {
    int d, n, a;
    unsigned causes, flags;
    double value, versus, aux; /* USD or value per USD: see the kind */
    double w;                  /* the donor's best value per USD here (need n) */
    double floor;              /* of which the coverage floor's worth (0 without) */
} co_dx_item;

typedef struct co_dx_reason {
    enum co_dx_kind kind;
    int n;        /* NO_DONOR: the need; else -1 */
    /* COALITION_FULL: max_coalition_size, else 1 when the items are every
     * eligible donor outside the coalition (no seat pays for itself, all
     * are outbid), else 0 */
    double value;
    co_dx_item *items;
    int n_items;
} co_dx_reason;

/* One State below full coverage (or with nothing left to fund). */
typedef struct co_dx_state {
    int s;
    double requested;  /* sum of R_n, USD */
    int64_t allocated; /* cents, as the plan reports it */
    int members;
    co_dx_reason *reasons;
    int n_reasons;
} co_dx_state;

typedef struct co_diagnosis {
    co_dx_state *states; /* in State order */
    int n_states;
    int proved, has_duals;
} co_diagnosis;

void co_diagnosis_init(co_diagnosis *dx);
void co_diagnosis_release(co_diagnosis *dx);

/* Diagnoses every State whose plan leaves at least one USD of its need
 * unmet, and every State with nothing left to fund (SECURED). `ex` (may be
 * NULL) gives forbidden seats and the stability penalty. CO_OK, or
 * CO_EINTERNAL out of memory (dx is then empty). */
int co_diagnose(const co_instance *in, const co_dx_plan *pl, const co_extras *ex,
                co_diagnosis *dx, co_diag *dg);

/* Seats whose verdict the marginal values leave open (MAX_STATES,
 * COALITION_FULL, UNRESOLVED items): fills seats (room for in->n_seats)
 * and returns how many. */
int co_dx_unsettled(const co_diagnosis *dx, const co_instance *in, int *seats);
/* Settles them with each seat's exact gain (seat_gain per seat, NAN where
 * unknown; co_seat_gains gives it): a seat that would not earn its cost
 * becomes NET_SEAT_COST, the others keep their kind with the exact gain;
 * a coalition_full reason left with no donor goes. CO_OK or
 * CO_EINTERNAL. */
int co_dx_settle(co_diagnosis *dx, const co_instance *in, const double *seat_gain,
                 co_diag *dg);

/* The State's entry in dx, or NULL when it is fully covered. */
const co_dx_state *co_diagnosis_state(const co_diagnosis *dx, int s);

/* The reason as one line of English in the dataset's words, e.g. "Palau:
 * outbid: each donor's last dollar is worth more elsewhere: Japan 0.974
 * against 0.266 here (PLW-clearance), ..." (without "Palau: " when
 * with_state is 0). Names are the dataset's (ids where a name is missing);
 * money in whole USD with thousands separators. Returns a string the
 * caller frees, or NULL out of memory. */
char *co_dx_text(const co_instance *in, int s, const co_dx_reason *r, int with_state);

/* The names the sentences use: the dataset's name, else the id. */
const char *co_dx_donor_name(const co_instance *in, int d);
const char *co_dx_state_name(const co_instance *in, int s);
/* Money as the sentences write it: whole USD with separators, in one of
 * four rotating buffers (slot 0-3), so up to four may appear in one call. */
const char *co_dx_money(int slot, double usd);

/* The reason kind's name in plan files ("seat_cost", "outbid", ...). */
const char *co_dx_kind_name(enum co_dx_kind k);

/* A pair's amount as the plan reports it (MODEL.md "Reading the
 * solution"): USD x rounded to cents, 0 on a closed seat or below a cent. */
static inline int64_t co_dx_cents(double x, int open)
{
    int64_t c = open && x > 0 ? (int64_t)llround(x * 100.0) : 0;
    return c >= 1 ? c : 0;
}

/* ---- what would change it (found by engine/run/diagnose.c) --------- */

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

/* The diagnosis of a run: the reasons, and what re-solving found
 * (engine/run/diagnose.c co_dx_run). */
typedef struct co_dx_report {
    int done;         /* the plan was diagnosed (0: it has no plan) */
    co_diagnosis dx;
    co_dx_fix *fixes; /* in State order */
    int n_fixes;
    co_dx_evidence *evidence; /* in need order */
    int n_evidence;
    int solves;       /* re-solves made */
    int deadline_hit; /* something was left untried */
    int resolved;     /* changes and evidence values were sought (not --diagnose reasons) */
    double seconds;
} co_dx_report;

void co_dx_report_init(co_dx_report *r);
void co_dx_report_release(co_dx_report *r);
/* Frees a change's lists and zeroes it. */
void co_dx_change_release(co_dx_change *c);

/* One line each, in the dataset's words (the caller frees; NULL out of
 * memory): "Palau would get a coalition if PLW-clearance were surveyed:
 * Japan 500,000; Lebanon gets 500,000 less", or what was tried and did
 * not work or was not tried. */
char *co_dx_fix_text(const co_instance *in, const co_dx_fix *f, int with_state);
/* "PLW-clearance (anecdotal): surveyed evidence would move 500,000 to it". */
char *co_dx_evidence_text(const co_instance *in, const co_dx_evidence *e);
/* The names in plan files: a change's kind ("evidence", "coordination_cost",
 * ...), what became of it ("not_tried", "worked", ...), a cause bit
 * ("no_budget", ...), a flag bit ("member", ...); "?" out of range. */
const char *co_change_kind_name(enum co_change_kind k);
const char *co_try_name(enum co_try t);
const char *co_dx_cause_name(unsigned bit);
const char *co_dx_flag_name(unsigned bit);

/* Greedy fill of seat k (pairs in any order): each pair's value per USD is
 * c[pair] (pairs with c <= 0 are taken only to reach `least`), within U,
 * the donor's area caps and budget. Returns the value; *amount (may be
 * NULL) the USD placed. With c NULL every USD is worth 1 (the most the
 * seat could carry). -INFINITY when `least` cannot be reached. */
double co_dx_fill(const co_instance *in, int k, const double *c, double least, double *amount);

#endif
