/*
 * extras.h: constraints a run adds to the model of MODEL.md "Constraints":
 * the what-if rules of a scenario (force, lead, forbid, pledge), the seats
 * of a baseline plan to stay close to, and the no-good cuts that make
 * alternative plans differ (docs/WHATIF.md). Rules arrive by id (co_rules, filled by
 * scenario.c or from a baseline plan) and are resolved against one
 * instance into indexes (co_extras), which engine/solve (formulate.c,
 * search.c, lns.c, explain.c) and heuristic.c read.
 */
#ifndef CO_EXTRAS_H
#define CO_EXTRAS_H

#include "model/derive.h"

enum co_rule_kind { CO_RULE_FORCE, CO_RULE_LEAD, CO_RULE_FORBID, CO_RULE_PLEDGE };

/* One rule by id, as a scenario or a baseline states it. */
typedef struct co_rule {
    enum co_rule_kind kind;
    char *donor;
    char *state;   /* force, lead, forbid */
    char *need;    /* pledge */
    double amount; /* pledge: USD */
    int change;    /* index of the change in its scenario (-1: from a baseline) */
    int year;      /* pledge: the year the money is placed in (MULTIYEAR.md
                      "CSV bundle and scenarios"), 0: not given (any year) */
} co_rule;

typedef struct co_rules {
    co_rule *items;
    int n, cap;
    /* the seats of a baseline plan (donor, State), to stay close to */
    char **base_donor, **base_state;
    int n_base, base_cap;
} co_rules;

void co_rules_init(co_rules *r);
void co_rules_release(co_rules *r);
/* Appends a rule (ids copied). CO_OK or CO_EINTERNAL. */
int co_rules_add(co_rules *r, enum co_rule_kind kind, const char *donor, const char *state,
                 const char *need, double amount, int change);
/* Drops the rules after the first n (baseline seats stay). */
void co_rules_truncate(co_rules *r, int n);
/* Appends a baseline seat (ids copied). CO_OK or CO_EINTERNAL. */
int co_rules_add_base(co_rules *r, const char *donor, const char *state);

/* A pledge resolved to pair-years: the sum of x over pairs pair ..
 * pair + count - 1 (one donor and need: its years, or the one year the
 * rule names) >= amount. One period: count 1. */
typedef struct co_pledge {
    int pair, count;
    int t;    /* the year index the rule names, -1 when none */
    double amount;
    int rule; /* index into the co_rules it came from */
} co_pledge;

/* The rules resolved against one instance. */
typedef struct co_extras {
    signed char *fixed;  /* per seat: -1 free, 0 forbidden, 1 forced (or NULL: all free) */
    double *seat_min;    /* per seat: least total a forced seat gives (max(m_d, 1)), else 0 */
    int *lead;           /* seat indexes that must give at least every other member */
    int n_lead;
    co_pledge *pledges;
    int n_pledges;
    int *fixed_rule;     /* per seat: the rule that fixed it, -1 when none */
    /* stability: base_y per seat (1 = a seat of the baseline plan), and the
     * baseline's seats that are no seat of this instance (always removed) */
    unsigned char *base_y;
    int base_missing;
    double stability_weight;
    /* alternatives: no-good cuts, each the seat set (0/1 per seat) of an
     * earlier plan that the new plan must differ from, and the least total
     * objective a plan must reach (-INFINITY: none) */
    unsigned char **cuts;
    int n_cuts;
    double min_total;
} co_extras;

void co_extras_init(co_extras *x);
void co_extras_release(co_extras *x);
/* True when x adds nothing to the model. */
int co_extras_empty(const co_extras *x);

/* Resolves the rules against the instance: unknown ids, and a force, lead
 * or pledge on a pair that is not eligible, are errors (CO_EINPUT) that name
 * `where` (e.g. "scenarios.json: scenario 'Norway leads Iraq'") and the
 * change's index. A forbid on a seat that does not exist is kept as a no-op.
 * stability_weight comes from the instance's parameters. */
int co_extras_resolve(const co_rules *r, const co_instance *in, const char *where,
                      co_extras *out, co_diag *dg);

#endif
