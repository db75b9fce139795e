/*
 * extras.c: the what-if rules and baseline seats by id (co_rules), and
 * their resolution against one instance into seat and pair indexes
 * (co_extras). Building the constraints from them is
 * engine/solve/formulate.c's job.
 */
#include "model/extras.h"

#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "base/output.h"
#include "base/util.h"

void co_rules_init(co_rules *r)
{
    memset(r, 0, sizeof *r);
}

void co_rules_truncate(co_rules *r, int n)
{
    while (r->n > n) {
        co_rule *it = &r->items[--r->n];
        free(it->donor);
        free(it->state);
        free(it->need);
    }
}

void co_rules_release(co_rules *r)
{
    if (!r)
        return;
    co_rules_truncate(r, 0);
    for (int i = 0; i < r->n_base; i++) {
        free(r->base_donor[i]);
        free(r->base_state[i]);
    }
    free(r->items);
    free(r->base_donor);
    free(r->base_state);
    co_rules_init(r);
}

/* A copy of s, or NULL for NULL; *oom is set when a copy failed. */
static char *dup_or_null(const char *s, int *oom)
{
    if (!s)
        return NULL;
    char *t = co_strdup(s);
    if (!t)
        *oom = 1;
    return t;
}

int co_rules_add(co_rules *r, enum co_rule_kind kind, const char *donor, const char *state,
                 const char *need, double amount, int change)
{
    if (r->n == r->cap) {
        int cap = r->cap ? r->cap * 2 : 8;
        co_rule *items = realloc(r->items, (size_t)cap * sizeof *items);
        if (!items)
            return CO_EINTERNAL;
        r->items = items;
        r->cap = cap;
    }
    int oom = 0;
    co_rule *it = &r->items[r->n];
    it->kind = kind;
    it->donor = dup_or_null(donor, &oom);
    it->state = dup_or_null(state, &oom);
    it->need = dup_or_null(need, &oom);
    it->amount = amount;
    it->change = change;
    it->year = 0;
    r->n++;
    if (oom) {
        co_rules_truncate(r, r->n - 1);
        return CO_EINTERNAL;
    }
    return CO_OK;
}

int co_rules_add_base(co_rules *r, const char *donor, const char *state)
{
    if (r->n_base == r->base_cap) {
        int cap = r->base_cap ? r->base_cap * 2 : 16;
        char **bd = realloc(r->base_donor, (size_t)cap * sizeof *bd);
        if (!bd)
            return CO_EINTERNAL;
        r->base_donor = bd;
        char **bs = realloc(r->base_state, (size_t)cap * sizeof *bs);
        if (!bs)
            return CO_EINTERNAL;
        r->base_state = bs;
        r->base_cap = cap;
    }
    char *d = co_strdup(donor), *s = co_strdup(state);
    if (!d || !s) {
        free(d);
        free(s);
        return CO_EINTERNAL;
    }
    r->base_donor[r->n_base] = d;
    r->base_state[r->n_base] = s;
    r->n_base++;
    return CO_OK;
}

void co_extras_init(co_extras *x)
{
    memset(x, 0, sizeof *x);
    x->min_total = -INFINITY;
}

void co_extras_release(co_extras *x)
{
    if (!x)
        return;
    free(x->fixed);
    free(x->seat_min);
    free(x->lead);
    free(x->pledges);
    free(x->fixed_rule);
    free(x->base_y);
    for (int i = 0; i < x->n_cuts; i++)
        free(x->cuts[i]);
    free(x->cuts);
    co_extras_init(x);
}

int co_extras_empty(const co_extras *x)
{
    return !x->fixed && x->n_lead == 0 && x->n_pledges == 0 && x->stability_weight == 0 &&
           x->n_cuts == 0 && x->min_total == -INFINITY;
}

/* Two int keys sought, at offsets ka and kb of an item. */
typedef struct key2 {
    size_t ka, kb;
    int a, b;
} key2;

static int cmp2(const void *key, const void *item)
{
    const key2 *k = key;
    int x, y;
    memcpy(&x, (const char *)item + k->ka, sizeof x);
    memcpy(&y, (const char *)item + k->kb, sizeof y);
    return k->a != x ? (k->a < x ? -1 : 1) : (k->b < y ? -1 : k->b > y);
}

/* Index of the item whose two int keys (at offsets ka and kb) are (a, b)
 * in a list sorted by them, or -1: seats by (donor, State), pairs by
 * (donor, need). */
static int find2(const void *base, int n, size_t stride, size_t ka, size_t kb, int a, int b)
{
    key2 k = {ka, kb, a, b};
    return co_bsearch(base, n, stride, &k, cmp2);
}

static int find_seat(const co_instance *in, int d, int s)
{
    return find2(in->seats, in->n_seats, sizeof *in->seats, offsetof(co_seat, d),
                 offsetof(co_seat, s), d, s);
}

static int find_pair(const co_instance *in, int d, int n)
{
    return find2(in->pairs, in->n_pairs, sizeof *in->pairs, offsetof(co_pair, d),
                 offsetof(co_pair, n), d, n);
}

static int donor_excludes(const co_donor *dn, int s)
{
    for (int i = 0; i < dn->n_excluded; i++)
        if (dn->excluded[i].index == s)
            return 1;
    return 0;
}

/* Appends why the donor's own terms keep it from State s and returns 1,
 * else returns 0. */
static int donor_reason(const co_instance *in, int d, int s, co_buf *b)
{
    const co_dataset *ds = in->ds;
    const co_donor *dn = &ds->donors[d];
    if (!(in->B[d] > 0))
        co_buf_printf(b, "donor '%s' has no budget", co_q(0, dn->id));
    else if (donor_excludes(dn, s))
        co_buf_printf(b, "donor '%s' excludes State '%s'", co_q(0, dn->id),
                      co_q(1, ds->states[s].id));
    else
        return 0;
    return 1;
}

/* Appends why the pair (d, n) is not eligible (MODEL.md "Derived values"), the donor's
 * own terms aside: the need is funded, or expertise or the area cap. */
static void need_reason(const co_instance *in, int d, int n, co_buf *b)
{
    const co_dataset *ds = in->ds;
    const co_need *nd = &ds->needs[n];
    double e = co_inst_expertise(in, d, nd->a), cap = co_inst_cap(in, d, nd->a);
    const char *area = ds->areas[nd->a].id;
    if (!(in->R[n] > 0))
        co_buf_printf(b, "need '%s' has nothing left to fund", co_q(0, nd->id));
    else if (e < in->p.min_expertise)
        co_buf_printf(b, "need '%s': expertise %s in '%s' is below min_expertise %s",
                      co_q(0, nd->id), co_num(1, e), co_q(2, area),
                      co_num(3, in->p.min_expertise));
    else if (cap >= 0 && !(cap > 0))
        co_buf_printf(b, "need '%s': the donor's cap for '%s' is 0", co_q(0, nd->id),
                      co_q(1, area));
    else
        co_buf_printf(b, "need '%s' is not eligible", co_q(0, nd->id));
}

/* Why donor d has no seat for State s: its own terms, else each need of
 * the State (up to three, then how many more). */
static void seat_reason(const co_instance *in, int d, int s, co_buf *b)
{
    if (donor_reason(in, d, s, b))
        return;
    int shown = 0, more = 0;
    for (int n = 0; n < in->nn; n++) {
        if (in->ds->needs[n].s != s)
            continue;
        if (shown == 3) {
            more++;
            continue;
        }
        if (shown)
            co_buf_put(b, "; ", 2);
        need_reason(in, d, n, b);
        shown++;
    }
    if (!shown)
        co_buf_printf(b, "State '%s' has no needs", co_q(0, in->ds->states[s].id));
    if (more)
        co_buf_printf(b, "; and %d more need%s", more, more == 1 ? "" : "s");
}

typedef struct {
    const co_rules *r;
    const co_instance *in;
    const char *where;
    co_extras *x;
    co_diag *dg;
    int bad;
} rctx;

/* "force of donor 'D' in State 'S'" or "pledge of donor 'D' to need 'N'". */
static void rule_text(const co_rule *ru, co_buf *b)
{
    static const char *const kind[] = {"force", "lead", "forbid", "pledge"};
    co_buf_printf(b, "%s of donor '%s' ", kind[ru->kind], co_q(0, ru->donor));
    if (ru->kind == CO_RULE_PLEDGE)
        co_buf_printf(b, "to need '%s'", co_q(0, ru->need));
    else
        co_buf_printf(b, "in State '%s'", co_q(0, ru->state));
}

/* "changes[K]" for a scenario's rule, "baseline" for one from a plan. */
static void change_label(const co_rule *ru, co_buf *b)
{
    if (ru->change < 0)
        co_buf_printf(b, "baseline");
    else
        co_buf_printf(b, "changes[%d]", ru->change);
}

/* Records "WHERE: changes[K]: TEXT" (TEXT already in b, which is reset). */
static void rule_err(rctx *c, const co_rule *ru, co_buf *b)
{
    co_buf lab;
    co_buf_init(&lab);
    change_label(ru, &lab);
    c->bad++;
    co_err(c->dg, "%s: %s: %s", c->where, lab.data ? lab.data : "?",
           b->data ? b->data : "out of memory");
    co_buf_release(&lab);
    co_buf_release(b);
    co_buf_init(b);
}

static void unknown_id(rctx *c, const co_rule *ru, const char *kind, const char *id)
{
    co_buf b;
    co_buf_init(&b);
    co_buf_printf(&b, "unknown %s id '%s'", kind, co_q(0, id ? id : ""));
    rule_err(c, ru, &b);
}

/* Fixes the seat's y at v for rule i; a rule that fixed it the other way
 * is an error naming both. Returns 0, or -1 on that error. */
static int fix_seat(rctx *c, int i, int seat, int v)
{
    co_extras *x = c->x;
    const co_rule *ru = &c->r->items[i];
    if (x->fixed[seat] != -1 && x->fixed[seat] != v) {
        co_buf b;
        co_buf_init(&b);
        rule_text(ru, &b);
        co_buf_printf(&b, " contradicts ");
        const co_rule *other = &c->r->items[x->fixed_rule[seat]];
        change_label(other, &b);
        co_buf_printf(&b, " (");
        rule_text(other, &b);
        co_buf_printf(&b, ")");
        rule_err(c, ru, &b);
        return -1;
    }
    if (x->fixed[seat] == -1) {
        x->fixed[seat] = (signed char)v;
        x->fixed_rule[seat] = i;
    }
    if (v == 1) {
        double m = c->in->ds->donors[c->in->seats[seat].d].min_grant;
        if (m < 1)
            m = 1;
        if (x->seat_min[seat] < m)
            x->seat_min[seat] = m;
    }
    return 0;
}

static void not_eligible(rctx *c, const co_rule *ru, int d, int s, int n)
{
    co_buf b;
    co_buf_init(&b);
    rule_text(ru, &b);
    co_buf_printf(&b, " is not eligible: ");
    if (n < 0)
        seat_reason(c->in, d, s, &b);
    else if (!donor_reason(c->in, d, s, &b))
        need_reason(c->in, d, n, &b);
    rule_err(c, ru, &b);
}

static void resolve_pledge(rctx *c, int i, int d)
{
    const co_rule *ru = &c->r->items[i];
    const co_instance *in = c->in;
    co_extras *x = c->x;
    int n = co_find_need(in->ds, ru->need);
    if (n < 0) {
        unknown_id(c, ru, "need", ru->need);
        return;
    }
    co_buf b;
    co_buf_init(&b);
    if (!isfinite(ru->amount) || !(ru->amount > 0)) {
        co_buf_printf(&b, "pledge amount must be a finite number > 0, got '%s'",
                      co_num(0, ru->amount));
        rule_err(c, ru, &b);
        return;
    }
    int p = find_pair(in, d, n);
    if (p < 0) {
        not_eligible(c, ru, d, in->ds->needs[n].s, n);
        return;
    }
    /* the pair's years (consecutive), or the one year the rule names */
    while (p > 0 && in->pairs[p - 1].d == d && in->pairs[p - 1].n == n)
        p--;
    int count = 0, t = -1;
    double most = 0;
    while (p + count < in->n_pairs && in->pairs[p + count].d == d &&
           in->pairs[p + count].n == n)
        most += in->pairs[p + count++].U;
    if (most > in->R[n])
        most = in->R[n];
    if (ru->year) {
        t = ru->year - in->yr.first;
        int q = 0;
        while (q < count && in->pairs[p + q].t != t)
            q++;
        if (q == count) {
            /* why the pair has no column that year (MULTIYEAR.md: x_{d,n,t}
             * exists where the donor can have money and A_{n,t} > 0) */
            const co_years *y = &in->yr;
            rule_text(ru, &b);
            co_buf_printf(&b, " in %d is not possible: ", ru->year);
            if (t < 0 || t >= y->ny) {
                co_buf_printf(&b, "it is not one of the dataset's years (%d to %d)", y->first,
                              y->last);
            } else if (!(y->absorb[(size_t)n * (size_t)y->ny + (size_t)t] > 0)) {
                size_t k = (size_t)n * (size_t)y->ny + (size_t)t;
                co_buf_printf(&b, "the need can absorb none that year (its capacity %s is "
                                  "taken by the State's own %s and secured %s)",
                              co_num(0, y->capacity[k]), co_num(1, y->national[n]),
                              co_num(2, y->secured[k]));
            } else if (!(y->budget[(size_t)d * (size_t)y->ny + (size_t)t] > 0)) {
                co_buf_printf(&b, "the donor has no budget that year%s",
                              y->carry[d] ? " and nothing carried over to it"
                                          : " (and no carry_over)");
            } else {
                co_buf_printf(&b, "the donor has no money for the need that year");
            }
            rule_err(c, ru, &b);
            return;
        }
        p += q;
        count = 1;
        most = in->pairs[p].U;
    }
    /* money compared to half a cent (base/util.h): a pledge of all that
     * is left, computed elsewhere, is not refused for a rounding error */
    if (co_usd_exceeds(ru->amount, most)) {
        rule_text(ru, &b);
        co_buf_printf(&b, " of %s exceeds the most the donor can give it, %s "
                          "(the least of the need left, the budget and the area cap%s)",
                      co_num(0, ru->amount), co_num(1, most),
                      in->yr.multi ? ", by year" : "");
        rule_err(c, ru, &b);
        return;
    }
    for (int j = 0; j < x->n_pledges; j++) {
        const co_pledge *o = &x->pledges[j];
        if (o->pair + o->count <= p || p + count <= o->pair)
            continue; /* no pair-year in common */
        const co_rule *other = &c->r->items[o->rule];
        rule_text(ru, &b);
        co_buf_printf(&b, " repeats ");
        change_label(other, &b);
        co_buf_printf(&b, " (one pledge per donor and need%s: give their sum)",
                      in->yr.multi ? " and year" : "");
        rule_err(c, ru, &b);
        return;
    }
    if (fix_seat(c, i, in->pairs[p].seat, 1) != 0)
        return;
    x->pledges[x->n_pledges++] =
        (co_pledge){.pair = p, .count = count, .t = t, .amount = fmin(ru->amount, most),
                    .rule = i};
}

static void resolve_rule(rctx *c, int i)
{
    const co_rule *ru = &c->r->items[i];
    const co_instance *in = c->in;
    co_extras *x = c->x;
    int d = ru->donor ? co_find_donor(in->ds, ru->donor) : -1;
    if (d < 0) {
        unknown_id(c, ru, "donor", ru->donor);
        return;
    }
    if (ru->kind == CO_RULE_PLEDGE) {
        resolve_pledge(c, i, d);
        return;
    }
    int s = ru->state ? co_find_state(in->ds, ru->state) : -1;
    if (s < 0) {
        unknown_id(c, ru, "State", ru->state);
        return;
    }
    int seat = find_seat(in, d, s);
    if (ru->kind == CO_RULE_FORBID) {
        if (seat >= 0) /* no seat: nothing to forbid */
            fix_seat(c, i, seat, 0);
        return;
    }
    if (seat < 0) {
        not_eligible(c, ru, d, s, -1);
        return;
    }
    if (fix_seat(c, i, seat, 1) != 0 || ru->kind != CO_RULE_LEAD)
        return;
    for (int j = 0; j < x->n_lead; j++)
        if (x->lead[j] == seat)
            return;
    x->lead[x->n_lead++] = seat;
}

int co_extras_resolve(const co_rules *r, const co_instance *in, const char *where,
                      co_extras *out, co_diag *dg)
{
    co_extras *x = out;
    size_t ns = (size_t)in->n_seats + 1, nr = (size_t)r->n + 1;
    int rc = CO_EINTERNAL;
    co_extras_init(x);
    if (r->n > 0) {
        x->fixed = malloc(ns);
        x->seat_min = calloc(ns, sizeof *x->seat_min);
        x->fixed_rule = malloc(ns * sizeof *x->fixed_rule);
        x->lead = malloc(nr * sizeof *x->lead);
        x->pledges = malloc(nr * sizeof *x->pledges);
        if (!x->fixed || !x->seat_min || !x->fixed_rule || !x->lead || !x->pledges)
            goto done;
        for (int s = 0; s < in->n_seats; s++) {
            x->fixed[s] = -1;
            x->fixed_rule[s] = -1;
        }
    }
    rctx c = {.r = r, .in = in, .where = where, .x = x, .dg = dg};
    for (int i = 0; i < r->n; i++)
        resolve_rule(&c, i);
    if (r->n_base > 0) {
        x->base_y = calloc(ns, 1);
        if (!x->base_y)
            goto done;
    }
    for (int i = 0; i < r->n_base; i++) {
        int d = co_find_donor(in->ds, r->base_donor[i]);
        int s = co_find_state(in->ds, r->base_state[i]);
        int seat = d >= 0 && s >= 0 ? find_seat(in, d, s) : -1;
        if (seat < 0)
            x->base_missing++;
        else
            x->base_y[seat] = 1;
    }
    /* fixed, seat_min and fixed_rule are NULL together when no seat is fixed */
    int any = 0;
    for (int s = 0; x->fixed && s < in->n_seats && !any; s++)
        any = x->fixed[s] != -1;
    if (!any) {
        free(x->fixed);
        free(x->seat_min);
        free(x->fixed_rule);
        x->fixed = NULL;
        x->seat_min = NULL;
        x->fixed_rule = NULL;
    }
    rc = c.bad ? CO_EINPUT : CO_OK;
done:
    if (rc == CO_EINTERNAL)
        co_err(dg, "%s: out of memory resolving the what-if rules", where);
    if (rc != CO_OK)
        co_extras_release(x);
    return rc;
}
