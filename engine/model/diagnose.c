/*
 * diagnose.c: the reasons of diagnose.h, from the instance and a plan's
 * amounts, seats and seat-fixed duals. Each donor's verdict for a State is
 * the first that holds of: not eligible, min_grant, seat cost (both hold
 * for any plan), forbidden, outbid or area cap (no dollar of it gains:
 * every reduced cost <= 0), net seat cost (a bound on what the seat could
 * gain below its cost), max_states, coalition full, unresolved. The proofs
 * are in docs/DIAGNOSIS.md. Rendering is left to the renderers, which use
 * co_dx_text.
 */
#include "model/diagnose.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "base/fmt.h"
#include "base/output.h"
#include "base/util.h"

#define TOL 1e-7 /* value per USD: duals carry rounding of this order */

void co_diagnosis_init(co_diagnosis *dx)
{
    memset(dx, 0, sizeof *dx);
}

void co_diagnosis_release(co_diagnosis *dx)
{
    if (!dx)
        return;
    for (int i = 0; i < dx->n_states; i++) {
        for (int j = 0; j < dx->states[i].n_reasons; j++)
            free(dx->states[i].reasons[j].items);
        free(dx->states[i].reasons);
    }
    free(dx->states);
    memset(dx, 0, sizeof *dx);
}

void co_dx_report_init(co_dx_report *r)
{
    memset(r, 0, sizeof *r);
}

void co_dx_change_release(co_dx_change *c)
{
    free(c->members);
    free(c->losses);
    free(c->dropped);
    memset(c, 0, sizeof *c);
}

void co_dx_report_release(co_dx_report *r)
{
    if (!r)
        return;
    co_diagnosis_release(&r->dx);
    for (int i = 0; i < r->n_fixes; i++)
        co_dx_change_release(&r->fixes[i].change);
    free(r->fixes);
    free(r->evidence);
    memset(r, 0, sizeof *r);
}

const co_dx_state *co_diagnosis_state(const co_diagnosis *dx, int s)
{
    for (int i = 0; i < dx->n_states; i++)
        if (dx->states[i].s == s)
            return &dx->states[i];
    return NULL;
}

const char *co_dx_kind_name(enum co_dx_kind k)
{
    static const char *const names[] = {
        "secured",   "no_donor",      "ineligible", "min_grant",     "seat_cost",
        "outbid",    "members_spent", "area_cap",   "net_seat_cost", "max_states",
        "coalition_full", "forbidden", "unresolved", "capped"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}

/* ---- the greedy fill of one seat ------------------------------------ */

typedef struct fill_key {
    int i;    /* pair */
    double c; /* value per USD */
} fill_key;

static int cmp_fill(const void *pa, const void *pb)
{
    const fill_key *x = pa, *y = pb;
    if (x->c != y->c)
        return x->c > y->c ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* The donor's room left in area a: its cap less `used` (INFINITY: no cap). */
static double area_room(const co_instance *in, int d, int a, const double *used)
{
    double cap = co_inst_cap(in, d, a);
    return cap < 0 ? INFINITY : cap - used[a];
}

double co_dx_fill(const co_instance *in, int k, const double *c, double least, double *amount)
{
    const co_seat *st = &in->seats[k];
    int d = st->d;
    fill_key *keys = malloc(((size_t)st->count + 1) * sizeof *keys);
    double *used = calloc((size_t)in->na + 1, sizeof *used);
    if (!keys || !used) {
        free(keys);
        free(used);
        if (amount)
            *amount = 0;
        return NAN;
    }
    for (int q = 0; q < st->count; q++) {
        keys[q].i = in->seat_pairs[st->first + q];
        keys[q].c = c ? c[keys[q].i] : 1.0;
    }
    qsort(keys, (size_t)st->count, sizeof *keys, cmp_fill);
    /* the seat's pairs form a laminar family (pair, area, budget), so the
     * greedy fill by value is optimal (a polymatroid) */
    double budget = in->ds->donors[d].budget, total = 0, value = 0;
    for (int q = 0; q < st->count; q++) {
        if (keys[q].c <= 0 && total >= least)
            break;
        const co_pair *pr = &in->pairs[keys[q].i];
        int a = in->ds->needs[pr->n].a;
        double take = pr->U;
        double room = area_room(in, d, a, used);
        if (take > room)
            take = room;
        if (take > budget - total)
            take = budget - total;
        if (keys[q].c <= 0 && take > least - total)
            take = least - total;
        if (!(take > 0))
            continue;
        used[a] += take;
        total += take;
        value += keys[q].c * take;
    }
    free(keys);
    free(used);
    if (amount)
        *amount = total;
    return total < least * (1 - 1e-12) ? -INFINITY : value;
}

/* ---- building the reasons of one State ------------------------------ */

typedef struct builder {
    co_dx_state *st;
    int oom;
} builder;

/* The State's reason of this kind (for NO_DONOR: about need n), made when
 * missing. */
static co_dx_reason *reason(builder *b, enum co_dx_kind kind, int n)
{
    co_dx_state *st = b->st;
    for (int i = 0; i < st->n_reasons; i++)
        if (st->reasons[i].kind == kind && st->reasons[i].n == n)
            return &st->reasons[i];
    co_dx_reason *r = realloc(st->reasons, ((size_t)st->n_reasons + 1) * sizeof *r);
    if (!r) {
        b->oom = 1;
        return NULL;
    }
    st->reasons = r;
    r = &st->reasons[st->n_reasons++];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->n = n;
    return r;
}

static co_dx_item *add_item(builder *b, enum co_dx_kind kind, int rn, int d, int n)
{
    co_dx_reason *r = reason(b, kind, rn);
    if (!r)
        return NULL;
    co_dx_item *it = realloc(r->items, ((size_t)r->n_items + 1) * sizeof *it);
    if (!it) {
        b->oom = 1;
        return NULL;
    }
    r->items = it;
    it = &r->items[r->n_items++];
    memset(it, 0, sizeof *it);
    it->d = d;
    it->n = n;
    it->a = -1;
    return it;
}

/* Why donor d may not fund need n (0: eligible, or R_n = 0); *e its
 * expertise in the need's area. */
static unsigned causes(const co_instance *in, int d, int n, double *e)
{
    const co_donor *dn = &in->ds->donors[d];
    const co_need *nd = &in->ds->needs[n];
    unsigned c = 0;
    if (!(dn->budget > 0))
        c |= CO_DX_CAUSE_NO_BUDGET;
    for (int i = 0; i < dn->n_excluded; i++)
        if (dn->excluded[i].index == nd->s)
            c |= CO_DX_CAUSE_EXCLUDED;
    *e = co_inst_expertise(in, d, nd->a);
    if (*e < in->p.min_expertise)
        c |= CO_DX_CAUSE_EXPERTISE;
    double cap = co_inst_cap(in, d, nd->a);
    if (cap >= 0 && !(cap > 0))
        c |= CO_DX_CAUSE_AREA_CAP;
    return c;
}

/* The seat (d, s), or -1 (seats are sorted by donor, then State). */
static int find_seat(const co_instance *in, int d, int s)
{
    int lo = 0, hi = in->n_seats - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        const co_seat *st = &in->seats[mid];
        if (st->d == d && st->s == s)
            return mid;
        if (st->d < d || (st->d == d && st->s < s))
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

/* What the diagnosis of every State shares. */
typedef struct work {
    const co_instance *in;
    const co_dx_plan *pl;
    const co_extras *ex;
    int64_t *pair_cents, *need_cents, *seat_cents, *state_cents;
    int *donor_seats, *members;
    int *state_first, *state_needs; /* the needs of State s: state_needs[first[s] .. first[s+1]) */
    double *rc; /* per pair: reduced value per USD of the seat being looked at */
    double *w;  /* per pair: weight + the floor's worth */
} work;

static double usd(int64_t cents)
{
    return (double)cents / 100.0;
}

static double unmet(const work *wk, int n)
{
    return wk->in->R[n] - usd(wk->need_cents[n]);
}

/* The seat cost of seat k: coordination_cost, and the stability penalty
 * it adds (a new seat) or saves (a baseline seat reopened). */
static double seat_cost(const work *wk, int k)
{
    double c = wk->in->p.coordination_cost;
    const co_extras *ex = wk->ex;
    if (ex && ex->base_y)
        c += ex->base_y[k] ? -ex->stability_weight : ex->stability_weight;
    return c;
}

static int has_duals(const co_dx_plan *pl)
{
    return pl->budget_dual && pl->cap_dual && pl->need_dual && pl->floor_dual;
}

/* The verdict on donor d, eligible for an unmet need of State s (seat k). */
static void judge(work *wk, builder *b, int s, int k)
{
    const co_instance *in = wk->in;
    const co_dx_plan *pl = wk->pl;
    const co_seat *st = &in->seats[k];
    const co_donor *dn = &in->ds->donors[st->d];
    int d = st->d, member = wk->seat_cents[k] > 0, duals = has_duals(pl);
    int at_max = dn->has_max_states && wk->donor_seats[d] >= dn->max_states;
    double tau = duals ? pl->floor_dual[s] : 0;
    double mu = duals ? pl->budget_dual[d] : 0;
    int best = -1; /* the pair of the best weight among unmet needs */
    for (int q = st->first; q < st->first + st->count; q++) {
        int i = in->seat_pairs[q];
        const co_pair *pr = &in->pairs[i];
        int a = in->ds->needs[pr->n].a;
        wk->w[i] = pr->w + tau;
        double pi = duals && isfinite(pl->need_dual[pr->n]) ? pl->need_dual[pr->n] : 0;
        double sigma = duals ? pl->cap_dual[(size_t)d * (size_t)in->na + (size_t)a] : 0;
        wk->rc[i] = wk->w[i] - mu - sigma - pi;
        if (unmet(wk, pr->n) >= 1.0 && (best < 0 || wk->w[i] > wk->w[best]))
            best = i;
    }
    int nb = in->pairs[best].n, ab = in->ds->needs[nb].a;
    double wb = wk->w[best];
    double sig_b = duals ? pl->cap_dual[(size_t)d * (size_t)in->na + (size_t)ab] : 0;
    unsigned flags = (member ? CO_DX_F_MEMBER : 0) | (at_max ? CO_DX_F_MAX_STATES : 0);
    co_dx_item *it;
#define ITEM(kind)                                                                   \
    do {                                                                             \
        if (!(it = add_item(b, (kind), -1, d, nb)))                                  \
            return;                                                                  \
        it->w = wb;                                                                  \
        it->floor = tau;                                                             \
        it->flags = flags;                                                           \
    } while (0)
    if (member) {
        /* LP optimality: w <= marginal value + the cap's on every unmet need */
        if (!duals) {
            flags |= CO_DX_F_NO_DUALS;
            ITEM(CO_DX_UNRESOLVED);
        } else if (mu >= wb - TOL) {
            ITEM(CO_DX_MEMBERS_SPENT);
            it->value = mu;
        } else if (mu + sig_b >= wb - TOL) {
            ITEM(CO_DX_AREA_CAP);
            it->a = ab;
            it->value = mu + sig_b;
            it->aux = co_inst_cap(in, d, ab);
        } else {
            ITEM(CO_DX_UNRESOLVED);
            it->value = NAN;
        }
        return;
    }
    /* for any plan: the most it could give, and the most its seat could add */
    double most = 0;
    co_dx_fill(in, k, NULL, 0, &most);
    if (dn->min_grant > most + 0.005) {
        ITEM(CO_DX_MIN_GRANT);
        it->value = dn->min_grant;
        it->versus = most;
        return;
    }
    double cost = seat_cost(wk, k);
    for (int q = st->first; q < st->first + st->count; q++) {
        int i = in->seat_pairs[q];
        wk->rc[i] = in->pairs[i].w; /* reused: the gross weights */
    }
    double gross = co_dx_fill(in, k, wk->rc, 0, NULL);
    if (in->p.coverage_floor > 0) {
        double f = in->p.coverage_floor * in->state_R[s];
        gross += in->p.shortfall_penalty * (most < f ? most : f);
    }
    if (gross <= cost * (1 + 1e-12)) {
        ITEM(CO_DX_SEAT_COST);
        it->value = gross;
        it->versus = cost;
        return;
    }
    if (wk->ex && wk->ex->fixed && wk->ex->fixed[k] == 0) {
        ITEM(CO_DX_FORBIDDEN);
        return;
    }
    if (!duals) {
        flags |= CO_DX_F_NO_DUALS;
        ITEM(CO_DX_UNRESOLVED);
        it->value = NAN;
        it->versus = cost;
        return;
    }
    /* reduced values again (the gross weights overwrote them) */
    int gains = 0;
    for (int q = st->first; q < st->first + st->count; q++) {
        int i = in->seat_pairs[q];
        const co_pair *pr = &in->pairs[i];
        int a = in->ds->needs[pr->n].a;
        double pi = isfinite(pl->need_dual[pr->n]) ? pl->need_dual[pr->n] : 0;
        wk->rc[i] = wk->w[i] - mu - pl->cap_dual[(size_t)d * (size_t)in->na + (size_t)a] - pi;
        gains += wk->rc[i] > TOL;
    }
    if (!gains) {
        /* no dollar of it gains here: the seat can only lose its cost */
        if (mu >= wb - TOL) {
            ITEM(CO_DX_OUTBID);
            it->value = mu;
        } else {
            ITEM(CO_DX_AREA_CAP);
            it->a = ab;
            it->value = mu + sig_b;
            it->aux = co_inst_cap(in, d, ab);
        }
        return;
    }
    /* the sentence quotes the pair that gains most a dollar: its weight and
     * what a dollar costs there (its uses elsewhere and the need's own) */
    int top = -1;
    for (int q = st->first; q < st->first + st->count; q++) {
        int i = in->seat_pairs[q];
        if (top < 0 || wk->rc[i] > wk->rc[top])
            top = i;
    }
    nb = in->pairs[top].n;
    wb = wk->w[top];
    sig_b = wb - wk->rc[top] - mu; /* so that mu + sig_b is that cost */
    double net = co_dx_fill(in, k, wk->rc, dn->min_grant, NULL);
    enum co_dx_kind kind = net <= cost + 1e-6 * (cost > 1 ? cost : 1) ? CO_DX_NET_SEAT_COST
                           : at_max                                ? CO_DX_MAX_STATES
                           : wk->members[s] >= in->p.max_coalition_size
                               ? CO_DX_COALITION_FULL
                               : CO_DX_UNRESOLVED;
    ITEM(kind);
    it->value = net;
    it->versus = cost;
    it->aux = kind == CO_DX_MAX_STATES ? dn->max_states : mu + sig_b;
    if (kind == CO_DX_MAX_STATES && wk->members[s] >= in->p.max_coalition_size) {
        ITEM(CO_DX_COALITION_FULL); /* both limits hold */
        it->value = net;
        it->versus = cost;
        it->aux = mu + sig_b;
    }
#undef ITEM
}

/* Item orders: the most telling first (see each kind), then donor, need.
 * The key goes with each item (qsort has no user pointer). */
typedef struct keyed {
    double k;
    co_dx_item it;
} keyed;

static double item_key(enum co_dx_kind kind, const co_dx_item *it)
{
    switch (kind) {
    case CO_DX_SEAT_COST:
    case CO_DX_NET_SEAT_COST:
    case CO_DX_MAX_STATES:
    case CO_DX_COALITION_FULL:
    case CO_DX_UNRESOLVED:
        return -it->value; /* the best seat first */
    case CO_DX_OUTBID:
    case CO_DX_MEMBERS_SPENT:
    case CO_DX_AREA_CAP:
        return it->value - it->w; /* the closest first */
    default:
        return 0;
    }
}

static int cmp_keyed(const void *pa, const void *pb)
{
    const keyed *x = pa, *y = pb;
    if (isnan(x->k) != isnan(y->k))
        return isnan(x->k) ? 1 : -1;
    if (x->k != y->k && !isnan(x->k))
        return x->k < y->k ? -1 : 1;
    if (x->it.d != y->it.d)
        return x->it.d < y->it.d ? -1 : 1;
    return x->it.n < y->it.n ? -1 : x->it.n > y->it.n;
}

/* Sorts r's items; 0, or -1 out of memory. */
static int sort_items(co_dx_reason *r)
{
    keyed *k = malloc(((size_t)r->n_items + 1) * sizeof *k);
    if (!k)
        return -1;
    for (int j = 0; j < r->n_items; j++) {
        k[j].k = item_key(r->kind, &r->items[j]);
        k[j].it = r->items[j];
    }
    qsort(k, (size_t)r->n_items, sizeof *k, cmp_keyed);
    for (int j = 0; j < r->n_items; j++)
        r->items[j] = k[j].it;
    free(k);
    return 0;
}

static int cmp_reason(const void *pa, const void *pb)
{
    const co_dx_reason *x = pa, *y = pb;
    if (x->kind != y->kind)
        return x->kind < y->kind ? -1 : 1;
    return x->n < y->n ? -1 : x->n > y->n;
}

/* Drops reasons left without items (but SECURED), sets the reasons'
 * values and puts reasons and items in their order. 0, or -1 out of
 * memory. */
static int finish_state(co_dx_state *st, double max_size)
{
    int oom = 0;
    int out = 0;
    for (int i = 0; i < st->n_reasons; i++) {
        if (st->reasons[i].n_items == 0 && st->reasons[i].kind != CO_DX_SECURED)
            free(st->reasons[i].items);
        else
            st->reasons[out++] = st->reasons[i];
    }
    st->n_reasons = out;
    /* donors outside the coalition that could sit, and those that are
     * outbid (their money, or their money in the area, is worth more
     * elsewhere) */
    int could = 0, outbid = 0;
    for (int i = 0; i < st->n_reasons; i++) {
        const co_dx_reason *r = &st->reasons[i];
        for (int j = 0; j < r->n_items; j++) {
            if (r->kind < CO_DX_MIN_GRANT || r->kind > CO_DX_UNRESOLVED ||
                (r->items[j].flags & CO_DX_F_MEMBER))
                continue;
            int structural = r->kind == CO_DX_MIN_GRANT || r->kind == CO_DX_SEAT_COST ||
                             r->kind == CO_DX_FORBIDDEN;
            could += !structural;
            outbid += r->kind == CO_DX_OUTBID || r->kind == CO_DX_AREA_CAP;
        }
    }
    for (int i = 0; i < st->n_reasons; i++) {
        co_dx_reason *r = &st->reasons[i];
        if (r->kind == CO_DX_COALITION_FULL)
            r->value = max_size;
        else if (r->kind == CO_DX_OUTBID)
            r->value = outbid == could;
        else if (r->kind == CO_DX_SEAT_COST)
            r->value = st->members == 0 && could == 0;
        if (sort_items(r) != 0)
            oom = 1;
    }
    qsort(st->reasons, (size_t)st->n_reasons, sizeof *st->reasons, cmp_reason);
    return oom ? -1 : 0;
}

static void diagnose_state(work *wk, builder *b, int s)
{
    const co_instance *in = wk->in;
    const co_dataset *ds = in->ds;
    co_dx_state *st = b->st;
    st->s = s;
    st->requested = in->state_R[s];
    st->allocated = wk->state_cents[s];
    st->members = wk->members[s];
    co_dx_item *it;
    if (!(in->state_R[s] > 0)) {
        for (int q = wk->state_first[s]; q < wk->state_first[s + 1]; q++) {
            int n = wk->state_needs[q];
            if (!(it = add_item(b, CO_DX_SECURED, -1, -1, n)))
                return;
            it->value = ds->needs[n].amount;
            it->aux = ds->needs[n].secured;
        }
        if (!reason(b, CO_DX_SECURED, -1))
            return;
        return;
    }
    int any_eligible = 0;
    for (int q = wk->state_first[s]; q < wk->state_first[s + 1]; q++) {
        int n = wk->state_needs[q];
        if (!(in->R[n] > 0))
            continue;
        if (unmet(wk, n) < 1.0) {
            if (!(it = add_item(b, CO_DX_CAPPED, -1, -1, n)))
                return;
            it->value = in->R[n];
            continue;
        }
        int found = 0;
        double e;
        for (int d = 0; d < in->nd && !found; d++)
            found = causes(in, d, n, &e) == 0;
        any_eligible |= found;
        for (int d = 0; d < in->nd && !found; d++) {
            if (!(it = add_item(b, CO_DX_NO_DONOR, n, d, n)))
                return;
            it->causes = causes(in, d, n, &e);
            it->a = ds->needs[n].a;
            it->value = e;
            it->versus = in->p.min_expertise;
        }
    }
    for (int d = 0; d < in->nd; d++) {
        unsigned why = 0;
        int eligible = 0, ea = -1;
        double best_e = -1, e;
        for (int q = wk->state_first[s]; q < wk->state_first[s + 1]; q++) {
            int n = wk->state_needs[q];
            if (!(in->R[n] > 0) || unmet(wk, n) < 1.0)
                continue;
            unsigned c = causes(in, d, n, &e);
            eligible |= c == 0;
            why |= c;
            if ((c & (CO_DX_CAUSE_EXPERTISE | CO_DX_CAUSE_AREA_CAP)) && ea < 0)
                ea = ds->needs[n].a;
            if ((c & CO_DX_CAUSE_EXPERTISE) && e > best_e)
                best_e = e;
        }
        if (eligible) {
            judge(wk, b, s, find_seat(in, d, s));
        } else if (any_eligible && (why & ~(unsigned)CO_DX_CAUSE_NO_BUDGET)) {
            /* (a donor without a budget is no reason about this State) */
            if (!(it = add_item(b, CO_DX_INELIGIBLE, -1, d, -1)))
                return;
            it->causes = why;
            it->a = ea;
            it->value = best_e;
            it->versus = in->p.min_expertise;
        }
        if (b->oom)
            return;
    }
    if (finish_state(st, in->p.max_coalition_size) != 0)
        b->oom = 1;
}

/* Kinds whose items the marginal values leave open. */
static int unsettled_kind(enum co_dx_kind k)
{
    return k == CO_DX_MAX_STATES || k == CO_DX_COALITION_FULL || k == CO_DX_UNRESOLVED;
}

static int unsettled_item(const co_dx_reason *r, const co_dx_item *it)
{
    return unsettled_kind(r->kind) && !(it->flags & (CO_DX_F_NO_DUALS | CO_DX_F_MEMBER |
                                                     CO_DX_F_EXACT));
}

int co_dx_unsettled(const co_diagnosis *dx, const co_instance *in, int *seats)
{
    int n = 0;
    for (int i = 0; i < dx->n_states; i++) {
        const co_dx_state *st = &dx->states[i];
        for (int j = 0; j < st->n_reasons; j++)
            for (int q = 0; q < st->reasons[j].n_items; q++)
                if (unsettled_item(&st->reasons[j], &st->reasons[j].items[q]))
                    seats[n++] = find_seat(in, st->reasons[j].items[q].d, st->s);
    }
    return n;
}

static int has_item(const co_dx_state *st, enum co_dx_kind kind, int d)
{
    for (int i = 0; i < st->n_reasons; i++)
        for (int j = 0; st->reasons[i].kind == kind && j < st->reasons[i].n_items; j++)
            if (st->reasons[i].items[j].d == d)
                return 1;
    return 0;
}

int co_dx_settle(co_diagnosis *dx, const co_instance *in, const double *seat_gain,
                 co_diag *dg)
{
    for (int i = 0; i < dx->n_states; i++) {
        co_dx_state *st = &dx->states[i];
        builder b = {.st = st};
        for (int j = 0; j < st->n_reasons; j++) {
            co_dx_reason *r = &st->reasons[j];
            for (int q = 0; q < r->n_items; q++) {
                co_dx_item *it = &r->items[q];
                int k = find_seat(in, it->d, st->s);
                if (!unsettled_item(r, it) || k < 0 || isnan(seat_gain[k]))
                    continue;
                it->value = seat_gain[k];
                it->flags |= CO_DX_F_EXACT;
                if (it->value > it->versus + 1e-6 * (it->versus > 1 ? it->versus : 1))
                    continue;
                /* it would not earn its cost: move it (r may move too), once
                 * (a donor at max_states in a full coalition is in both) */
                co_dx_item moved = *it;
                moved.aux = r->kind == CO_DX_MAX_STATES ? NAN : it->aux;
                r->items[q--] = r->items[--r->n_items];
                if (has_item(st, CO_DX_NET_SEAT_COST, moved.d))
                    continue;
                co_dx_item *to = add_item(&b, CO_DX_NET_SEAT_COST, -1, moved.d, moved.n);
                if (!to) {
                    co_err(dg, "out of memory diagnosing the plan");
                    return CO_EINTERNAL;
                }
                *to = moved;
                r = &st->reasons[j];
            }
        }
        if (finish_state(st, in->p.max_coalition_size) != 0) {
            co_err(dg, "out of memory diagnosing the plan");
            return CO_EINTERNAL;
        }
    }
    return CO_OK;
}

static void work_release(work *wk)
{
    free(wk->pair_cents);
    free(wk->need_cents);
    free(wk->seat_cents);
    free(wk->state_cents);
    free(wk->donor_seats);
    free(wk->members);
    free(wk->state_first);
    free(wk->state_needs);
    free(wk->rc);
    free(wk->w);
}

int co_diagnose(const co_instance *in, const co_dx_plan *pl, const co_extras *ex,
                co_diagnosis *dx, co_diag *dg)
{
    co_diagnosis_init(dx);
    dx->proved = pl->proved;
    dx->has_duals = has_duals(pl);
    work wk = {.in = in, .pl = pl, .ex = ex};
    size_t np = (size_t)in->n_pairs + 1;
    wk.pair_cents = calloc(np, sizeof *wk.pair_cents);
    wk.need_cents = calloc((size_t)in->nn + 1, sizeof *wk.need_cents);
    wk.seat_cents = calloc((size_t)in->n_seats + 1, sizeof *wk.seat_cents);
    wk.state_cents = calloc((size_t)in->ns + 1, sizeof *wk.state_cents);
    wk.donor_seats = calloc((size_t)in->nd + 1, sizeof *wk.donor_seats);
    wk.members = calloc((size_t)in->ns + 1, sizeof *wk.members);
    wk.state_first = calloc((size_t)in->ns + 2, sizeof *wk.state_first);
    wk.state_needs = calloc((size_t)in->nn + 1, sizeof *wk.state_needs);
    wk.rc = calloc(np, sizeof *wk.rc);
    wk.w = calloc(np, sizeof *wk.w);
    dx->states = calloc((size_t)in->ns + 1, sizeof *dx->states);
    if (!wk.pair_cents || !wk.need_cents || !wk.seat_cents || !wk.state_cents ||
        !wk.donor_seats || !wk.members || !wk.state_first || !wk.state_needs || !wk.rc ||
        !wk.w || !dx->states)
        goto oom;
    /* needs by State (in need order) */
    for (int n = 0; n < in->nn; n++)
        wk.state_first[in->ds->needs[n].s + 1]++;
    for (int s = 0; s < in->ns; s++)
        wk.state_first[s + 1] += wk.state_first[s];
    for (int n = 0, *next = wk.state_first; n < in->nn; n++)
        wk.state_needs[next[in->ds->needs[n].s]++] = n;
    /* (each first[s] now holds first[s + 1]: shift back) */
    for (int s = in->ns; s > 0; s--)
        wk.state_first[s] = wk.state_first[s - 1];
    wk.state_first[0] = 0;
    /* amounts as the plan reports them (MODEL.md "Reading the solution") */
    for (int i = 0; i < in->n_pairs; i++) {
        const co_pair *pr = &in->pairs[i];
        int64_t c = co_dx_cents(pl->x[i], pl->y[pr->seat]);
        wk.pair_cents[i] = c;
        wk.need_cents[pr->n] += c;
        wk.seat_cents[pr->seat] += c;
        wk.state_cents[in->ds->needs[pr->n].s] += c;
    }
    for (int k = 0; k < in->n_seats; k++) {
        if (wk.seat_cents[k] <= 0)
            continue;
        wk.donor_seats[in->seats[k].d]++;
        wk.members[in->seats[k].s]++;
    }
    for (int s = 0; s < in->ns; s++) {
        double left = in->state_R[s] - usd(wk.state_cents[s]);
        if (in->state_R[s] > 0 && left < 1.0)
            continue;
        builder b = {.st = &dx->states[dx->n_states++]};
        diagnose_state(&wk, &b, s);
        if (b.oom)
            goto oom;
    }
    work_release(&wk);
    return CO_OK;
oom:
    work_release(&wk);
    co_diagnosis_release(dx);
    co_err(dg, "out of memory diagnosing the plan");
    return CO_EINTERNAL;
}
