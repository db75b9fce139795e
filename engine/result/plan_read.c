/*
 * plan_read.c: the one reader of plan JSON (plan.h co_plan_read): files
 * given to `brief` and `--baseline`, stored runs' plans (diff, show
 * --xlsx), what-if runs' plans (the comparison). The text goes through
 * co_json_parse; then each field that is there is checked for its type
 * and range and copied into the plan, and ids that must be unique are. A
 * field that is missing is left "not given" (plan.h): what a reader needs
 * is that reader's to check.
 */
#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "data/gaps.h"
#include "result/plan.h"

#define MAX_COUNT 1e9 /* seats, model sizes, ranks */
#define MAX_DAYS 1e7  /* days to a deadline, either way */

typedef struct rd {
    co_json_rd j; /* name, diagnostics, result */
    co_arena *A;
} rd;

static void bad(rd *r, const char *pre, const char *key, const char *problem, const co_json *v)
{
    co_json_rd_bad(&r->j, pre, key, problem, v);
}

/* A string copied into the plan's arena. */
static const char *text(rd *r, const co_json *o, const char *pre, const char *key, int nullable)
{
    return co_arena_strdup(r->A, co_json_rd_str(&r->j, o, pre, key, nullable));
}

static double num(rd *r, const co_json *o, const char *pre, const char *key, int nullable)
{
    return co_json_rd_num(&r->j, o, pre, key, nullable);
}

/* USD >= 0 (input figures: requested, budgets). */
static double usd(rd *r, const co_json *o, const char *pre, const char *key)
{
    return co_json_rd_usd(&r->j, o, pre, key, 0, 0);
}

/* An amount the plan rounds, to cents: >= 0, or any sign when `sign`. */
static int64_t cents(rd *r, const co_json *o, const char *pre, const char *key, int sign)
{
    double x = co_json_rd_usd(&r->j, o, pre, key, sign, 0);
    return isnan(x) ? CO_CENTS_NONE : llround(x * 100.0);
}

static int count(rd *r, const co_json *o, const char *pre, const char *key)
{
    return (int)co_json_rd_whole(&r->j, o, pre, key, 0, 0, MAX_COUNT,
                                 "must be a whole number from 0 to 1000000000", -1);
}

static int yes_no(rd *r, const co_json *o, const char *pre, const char *key, int nullable)
{
    return co_json_rd_bool(&r->j, o, pre, key, nullable);
}

static const co_json *object(rd *r, const co_json *o, const char *pre, const char *key,
                             int nullable)
{
    return co_json_rd_object(&r->j, o, pre, key, nullable);
}

/* The strings of the list o[key] in the plan's arena (NULL when not there). */
static const char **strings(rd *r, const co_json *o, const char *pre, const char *key, int *n)
{
    return co_json_rd_strings(&r->j, r->A, o, pre, key, n);
}

/* ---- repeated ids ------------------------------------------------------ */

typedef struct id_key {
    const char *a, *b; /* the id (b NULL), or a pair */
    int year;          /* an allocation's year (0: none) */
} id_key;

static int cmp_key(const void *x, const void *y)
{
    const id_key *p = x, *q = y;
    int c = strcmp(p->a, q->a);
    if (!c)
        c = strcmp(p->b ? p->b : "", q->b ? q->b : "");
    return c ? c : (p->year > q->year) - (p->year < q->year);
}

/* Reports the first id (or pair) of keys[0..n) given twice in list `path`.
 * Keys with a NULL id (not given) are not in keys. */
static void unique(rd *r, id_key *keys, int n, const char *path)
{
    if (n > 1)
        qsort(keys, (size_t)n, sizeof *keys, cmp_key);
    for (int i = 1; i < n; i++) {
        if (cmp_key(&keys[i - 1], &keys[i]) != 0)
            continue;
        if (keys[i].b && keys[i].year)
            co_err(r->j.dg, "%s: %s: '%s' to '%s' in %d appears twice", r->j.name, path,
                   co_q(0, keys[i].b), co_q(1, keys[i].a), keys[i].year);
        else if (keys[i].b)
            co_err(r->j.dg, "%s: %s: '%s' to '%s' appears twice", r->j.name, path,
                   co_q(0, keys[i].b), co_q(1, keys[i].a));
        else
            co_err(r->j.dg, "%s: %s: '%s' appears twice", r->j.name, path, co_q(0, keys[i].a));
        r->j.rc = CO_EINPUT;
        return;
    }
}

/* Collects the ids of n items of `size` bytes whose id is at offset `off`
 * (and a second one at off2, or -1; and an int year at off3, or -1) and
 * checks them. */
static int check_ids3(rd *r, const void *items, int n, size_t size, size_t off, long off2,
                      long off3, const char *path)
{
    if (!items || n < 2)
        return CO_OK;
    id_key *keys = malloc((size_t)n * sizeof *keys);
    if (!keys)
        return CO_EINTERNAL;
    int k = 0;
    for (int i = 0; i < n; i++) {
        const char *base = (const char *)items + (size_t)i * size;
        const char *a, *b = NULL;
        memcpy(&a, base + off, sizeof a);
        int year = 0;
        if (off2 >= 0)
            memcpy(&b, base + off2, sizeof b);
        if (off3 >= 0)
            memcpy(&year, base + off3, sizeof year);
        if (a && (off2 < 0 || b))
            keys[k++] = (id_key){a, b, year};
    }
    unique(r, keys, k, path);
    free(keys);
    return CO_OK;
}

static int check_ids(rd *r, const void *items, int n, size_t size, size_t off, long off2,
                     const char *path)
{
    return check_ids3(r, items, n, size, off, off2, -1, path);
}

/* A calendar year (a multi-year plan's), or 0 when missing. */
static int year_of(rd *r, const co_json *o, const char *pre, const char *key)
{
    return (int)co_json_rd_whole(&r->j, o, pre, key, 0, 1000, 9999,
                                 "must be a year (a whole number from 1000 to 9999)", 0);
}

/* ---- the parts of a plan ------------------------------------------------ */

static void read_head(rd *r, co_plan *pl, const co_json *root)
{
    const co_json *eng = object(r, root, "", "engine", 0);
    pl->engine = text(r, eng, "engine", "name", 0);
    pl->version = text(r, eng, "engine", "version", 0);
    pl->solver = text(r, eng, "engine", "solver", 0);
    const co_json *ds = object(r, root, "", "dataset", 0);
    pl->dataset_name = text(r, ds, "dataset", "name", 1);
    pl->dataset_sha256 = text(r, ds, "dataset", "sha256", 0);
    pl->scenario = text(r, root, "", "scenario", 1);
    pl->as_of = text(r, root, "", "as_of", 0);
    const co_json *yr = object(r, root, "", "years", 0);
    if (yr) {
        pl->years_first = year_of(r, yr, "years", "first");
        pl->years_last = year_of(r, yr, "years", "last");
        if (pl->years_first && pl->years_last &&
            (pl->years_last < pl->years_first || pl->years_last - pl->years_first >= 30)) {
            bad(r, "years", "last", "must be from first to first + 29",
                co_json_get(yr, "last"));
            pl->years_first = pl->years_last = 0;
        } else if (!pl->years_first || !pl->years_last) {
            pl->years_first = pl->years_last = 0;
        }
    }
    const co_json *par = object(r, root, "", "parameters", 0);
    if (par) {
        int n = co_json_size(par), i = 0;
        pl->params = co_arena_alloc(r->A, (size_t)n * sizeof *pl->params);
        for (const co_json *p = co_json_first(par); pl->params && p; p = co_json_next(p), i++) {
            const char *key = co_json_key(p);
            pl->params[i].name = co_arena_strdup(r->A, key);
            pl->params[i].value = co_json_rd_num_of(&r->j, p, "parameters", co_q(1, key), 0);
        }
        pl->n_params = pl->params ? n : 0;
    }
    const co_json *st = co_json_get(root, "status");
    if (!st) {
        /* not given: has_status stays 0 */
    } else if (co_json_type(st) != CO_JSON_STRING) {
        bad(r, "", "status", "must be a string", st);
    } else if (co_status_parse(co_json_string(st), &pl->status) != 0) {
        bad(r, "", "status", "must be one of optimal, feasible, infeasible, no_solution", st);
    } else {
        pl->has_status = 1;
    }
    pl->bound = num(r, root, "", "bound", 1);
    pl->gap = num(r, root, "", "gap", 1);
    const co_json *obj = object(r, root, "", "objective", 0);
    pl->total = num(r, obj, "objective", "total", 0);
    pl->value = num(r, obj, "objective", "value", 0);
    pl->coordination_cost = num(r, obj, "objective", "coordination_cost", 0);
    pl->shortfall_penalty = num(r, obj, "objective", "shortfall_penalty", 0);
    pl->seats = count(r, obj, "objective", "seats");
    pl->model_total = num(r, obj, "objective", "model_total", 0);
    pl->marginal_unique = yes_no(r, root, "", "marginal_values_unique", 1);
}

/* A list of o[key] read item by item with fn (co_json_rd_list). */
static void *items(rd *r, const co_json *o, const char *pre, const char *key, size_t size,
                   int *n, co_json_rd_fn *fn)
{
    return co_json_rd_list(&r->j, r->A, o, pre, key, size, n, fn, r);
}

static void read_seat(void *ctx, const co_json *it, const char *at, void *elem)
{
    rd *r = ctx;
    co_plan_seat *x = elem;
    x->donor = text(r, it, at, "donor", 0);
    x->state = text(r, it, at, "state", 0);
}

static void read_alternative(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_plan_alternative *al = elem;
    al->rank = count(r, it, pre, "rank");
    al->total = num(r, it, pre, "total", 0);
    al->below_best = num(r, it, pre, "below_best", 0);
    al->allocated = cents(r, it, pre, "allocated", 0);
    al->seats = count(r, it, pre, "seats");
    al->added = items(r, it, pre, "seats_added", sizeof *al->added, &al->n_added, read_seat);
    al->removed =
        items(r, it, pre, "seats_removed", sizeof *al->removed, &al->n_removed, read_seat);
}

static void read_whatif(rd *r, co_plan *pl, const co_json *root)
{
    pl->price_of_fairness = num(r, root, "", "price_of_fairness", 1);
    const co_json *b = object(r, root, "", "baseline", 1);
    if (b) {
        pl->baseline.given = 1;
        pl->baseline.source = text(r, b, "baseline", "source", 1);
        pl->baseline.stability_weight = num(r, b, "baseline", "stability_weight", 0);
        pl->baseline.keep_pledges = yes_no(r, b, "baseline", "keep_pledges", 0);
        pl->baseline.added = count(r, b, "baseline", "seats_added");
        pl->baseline.removed = count(r, b, "baseline", "seats_removed");
        pl->baseline.penalty = num(r, b, "baseline", "penalty", 0);
    }
    const co_json *e = object(r, root, "", "explanation", 1);
    pl->explanation.conflicts =
        strings(r, e, "explanation", "conflicts", &pl->explanation.n_conflicts);
    pl->explanation.fixes = strings(r, e, "explanation", "fixes", &pl->explanation.n_fixes);
    const co_json *a = object(r, root, "", "alternatives", 1);
    if (!a)
        return;
    pl->alternatives.given = 1;
    pl->alternatives.within = num(r, a, "alternatives", "within", 0);
    pl->alternatives.plans = items(r, a, "alternatives", "plans", sizeof *pl->alternatives.plans,
                                   &pl->alternatives.n, read_alternative);
}

/* ---- the diagnosis --------------------------------------------------- */

typedef const char *name_fn(int i);

static const char *dx_kind_word(int i) { return co_dx_kind_name((enum co_dx_kind)i); }
static const char *change_word(int i) { return co_change_kind_name((enum co_change_kind)i); }
static const char *try_word(int i) { return co_try_name((enum co_try)i); }
static const char *gap_word(int i) { return co_gap_kind_name((enum co_gap_kind)i); }
static const char *cause_word(int i) { return co_dx_cause_name(1u << i); }
static const char *flag_word(int i) { return co_dx_flag_name(1u << i); }

#define DX_KINDS (CO_DX_CAPPED + 1)
#define GAP_KINDS (CO_GAP_NO_EXPERTISE + 1)
#define DX_BITS 4 /* causes and flags */

/* "must be one of a, b, c" for names 0..n-1 (into buf). */
static const char *one_of(char *buf, size_t size, name_fn *name, int n)
{
    size_t len = (size_t)snprintf(buf, size, "must be one of");
    for (int i = 0; i < n && len < size; i++)
        len += (size_t)snprintf(buf + len, size - len, "%s %s", i ? "," : "", name(i));
    return buf;
}

/* The index of the word v among names 0..n-1; -1 (after a message when
 * v is there and not null) otherwise. */
static int word_of(rd *r, const co_json *v, const char *pre, const char *key, name_fn *name,
                   int n)
{
    if (co_json_type(v) == CO_JSON_NONE || co_json_type(v) == CO_JSON_NULL)
        return -1;
    const char *s = co_json_type(v) == CO_JSON_STRING ? co_json_string(v) : NULL;
    for (int i = 0; s && i < n; i++)
        if (strcmp(s, name(i)) == 0)
            return i;
    char buf[320];
    bad(r, pre, key, one_of(buf, sizeof buf, name, n), v);
    return -1;
}

/* A word of o[key] (null allowed), as word_of. */
static int word(rd *r, const co_json *o, const char *pre, const char *key, name_fn *name, int n)
{
    return word_of(r, co_json_get(o, key), pre, key, name, n);
}

/* A list of words of o[key] as bits (1 << index). */
static unsigned bits(rd *r, const co_json *o, const char *pre, const char *key, name_fn *name)
{
    const co_json *arr = co_json_rd_array(&r->j, o, pre, key);
    unsigned v = 0;
    int i = 0;
    for (const co_json *it = co_json_first(arr); arr && it; it = co_json_next(it), i++) {
        char at[224];
        snprintf(at, sizeof at, "%s%s%s[%d]", pre, *pre ? "." : "", key, i);
        int b = co_json_type(it) == CO_JSON_NULL ? -2 : word_of(r, it, at, NULL, name, DX_BITS);
        if (b == -2)
            bad(r, at, NULL, "must be a string", it);
        if (b >= 0)
            v |= 1u << b;
    }
    return v;
}

/* A figure of the diagnosis: USD or a value per USD, either sign, at most
 * 1e15 either way; NaN when missing or null. */
static double figure(rd *r, const co_json *o, const char *pre, const char *key)
{
    return co_json_rd_usd(&r->j, o, pre, key, 1, 1);
}

/* Cents that may be null (CO_CENTS_NONE), >= 0 unless `sign`. */
static int64_t cents_or_null(rd *r, const co_json *o, const char *pre, const char *key, int sign)
{
    double x = co_json_rd_usd(&r->j, o, pre, key, sign, 1);
    return isnan(x) ? CO_CENTS_NONE : llround(x * 100.0);
}

/* 1, 0 or -1 for a field that is an object, null, or missing (or wrong:
 * a message), and the object in *obj. */
static int tri(rd *r, const co_json *o, const char *pre, const char *key, const co_json **obj)
{
    const co_json *v = co_json_get(o, key);
    *obj = object(r, o, pre, key, 1);
    return *obj ? 1 : co_json_type(v) == CO_JSON_NULL ? 0 : -1;
}

static void read_dx_item(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_plan_dx_item *x = elem;
    x->donor = text(r, it, pre, "donor", 1);
    x->need = text(r, it, pre, "need", 1);
    x->area = text(r, it, pre, "area", 1);
    x->causes = bits(r, it, pre, "causes", cause_word);
    x->flags = bits(r, it, pre, "flags", flag_word);
    x->value = figure(r, it, pre, "value");
    x->versus = figure(r, it, pre, "versus");
    x->aux = figure(r, it, pre, "aux");
    x->w = figure(r, it, pre, "w");
    x->floor = figure(r, it, pre, "floor");
}

static void read_reason(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_plan_reason *x = elem;
    x->kind = word(r, it, pre, "kind", dx_kind_word, DX_KINDS);
    x->need = text(r, it, pre, "need", 1);
    x->value = figure(r, it, pre, "value");
    x->items = items(r, it, pre, "items", sizeof *x->items, &x->n_items, read_dx_item);
    x->text = text(r, it, pre, "text", 1);
}

static void read_join(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_plan_dx_seat *x = elem;
    x->donor = text(r, it, pre, "donor", 0);
    x->cents = cents(r, it, pre, "amount", 0);
}

static void read_leave(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_plan_dx_seat *x = elem;
    read_join(ctx, it, pre, elem);
    x->state = text(r, it, pre, "state", 0);
}

static void read_loss(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_plan_dx_loss *x = elem;
    x->state = text(r, it, pre, "state", 0);
    x->before = cents(r, it, pre, "before", 0);
    x->after = cents(r, it, pre, "after", 0);
}

static void read_change(rd *r, const co_json *o, const char *pre, co_plan_change *c)
{
    static const char *const targets[] = {"coalition", "coverage_floor"};
    const co_json *t = co_json_get(o, "target");
    c->floor = -1;
    if (co_json_type(t) == CO_JSON_STRING && strcmp(co_json_string(t), targets[0]) == 0)
        c->floor = 0;
    else if (co_json_type(t) == CO_JSON_STRING && strcmp(co_json_string(t), targets[1]) == 0)
        c->floor = 1;
    else if (t)
        bad(r, pre, "target", "must be coalition or coverage_floor", t);
    c->kind = word(r, o, pre, "kind", change_word, CO_CHANGE_KINDS);
    c->donor = text(r, o, pre, "donor", 1);
    c->needs = strings(r, o, pre, "needs", &c->n_needs);
    c->from = figure(r, o, pre, "from");
    c->to = figure(r, o, pre, "to");
    c->gets = cents_or_null(r, o, pre, "gets", 0);
    c->joins = items(r, o, pre, "joins", sizeof *c->joins, &c->n_joins, read_join);
    c->losses = items(r, o, pre, "losses", sizeof *c->losses, &c->n_losses, read_loss);
    c->leaves = items(r, o, pre, "leaves", sizeof *c->leaves, &c->n_leaves, read_leave);
    c->proved = yes_no(r, o, pre, "proved", 1);
    c->exact = yes_no(r, o, pre, "exact", 1);
    char at[256];
    snprintf(at, sizeof at, "%s.tried", pre);
    const co_json *tried = object(r, o, pre, "tried", 0);
    for (int k = 0; k < CO_CHANGE_KINDS; k++)
        c->tried[k] = word(r, tried, at, change_word(k), try_word, CO_TRY_NOT_NEEDED + 1);
    c->text = text(r, o, pre, "text", 1);
}

/* coalitions[i].diagnosis */
static void read_diagnosis(rd *r, const co_json *coal, const char *pre, co_plan_coalition *c)
{
    const co_json *o;
    c->diagnosed = tri(r, coal, pre, "diagnosis", &o);
    if (c->diagnosed <= 0)
        return;
    char at[224], ch[240];
    snprintf(at, sizeof at, "%s.diagnosis", pre);
    co_plan_diagnosis *g = &c->diagnosis;
    g->reasons = items(r, o, at, "reasons", sizeof *g->reasons, &g->n_reasons, read_reason);
    const co_json *cv;
    if (tri(r, o, at, "change", &cv) == 1) {
        g->change = co_arena_alloc(r->A, sizeof *g->change);
        snprintf(ch, sizeof ch, "%s.change", at);
        if (g->change)
            read_change(r, cv, ch, g->change);
    }
}

/* needs[i].evidence_value */
static void read_evidence_value(rd *r, const co_json *need, const char *pre, co_plan_need *n)
{
    const co_json *o;
    n->has_evidence_value = tri(r, need, pre, "evidence_value", &o);
    if (n->has_evidence_value <= 0)
        return;
    char at[224];
    snprintf(at, sizeof at, "%s.evidence_value", pre);
    co_plan_evidence_value *e = &n->evidence_value;
    e->tried = yes_no(r, o, at, "tried", 0);
    e->moves = cents_or_null(r, o, at, "moves", 1);
    e->if_surveyed = cents_or_null(r, o, at, "allocated_if_surveyed", 0);
    e->proved = yes_no(r, o, at, "proved", 1);
    e->text = text(r, o, at, "text", 1);
}

static void read_gap(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_plan_gap *g = elem;
    g->kind = word(r, it, pre, "kind", gap_word, GAP_KINDS);
    g->need = text(r, it, pre, "need", 1);
    g->state = text(r, it, pre, "state", 1);
    g->donor = text(r, it, pre, "donor", 1);
    g->text = text(r, it, pre, "text", 1);
}

static void read_alloc(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_plan_alloc *a = elem;
    a->donor = text(r, it, pre, "donor", 0);
    a->need = text(r, it, pre, "need", 0);
    a->state = text(r, it, pre, "state", 0);
    a->area = text(r, it, pre, "area", 0);
    a->year = year_of(r, it, pre, "year");
    a->cents = cents(r, it, pre, "amount", 0);
    a->weight = num(r, it, pre, "weight", 0);
    a->purpose_code = text(r, it, pre, "purpose_code", 1);
}

static void read_member(void *ctx, const co_json *m, const char *at, void *elem)
{
    rd *r = ctx;
    co_plan_member *x = elem;
    x->donor = text(r, m, at, "donor", 0);
    x->cents = cents(r, m, at, "amount", 0);
    const co_json *e = object(r, m, at, "expertise", 0);
    if (!e)
        return;
    char ep[224];
    snprintf(ep, sizeof ep, "%s.expertise", at);
    x->expertise = co_arena_alloc(r->A, (size_t)co_json_size(e) * sizeof *x->expertise);
    for (const co_json *l = co_json_first(e); x->expertise && l; l = co_json_next(l)) {
        co_plan_level *lv = &x->expertise[x->n_expertise++];
        lv->area = co_arena_strdup(r->A, co_json_key(l));
        lv->level = co_json_rd_num_of(&r->j, l, ep, co_q(1, lv->area ? lv->area : ""), 0);
    }
}

static void read_coalition(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_plan_coalition *c = elem;
    c->state = text(r, it, pre, "state", 0);
    c->name = text(r, it, pre, "name", 1);
    c->iso3 = text(r, it, pre, "iso3", 1);
    c->lead = text(r, it, pre, "lead", 1);
    c->members = items(r, it, pre, "members", sizeof *c->members, &c->n_members, read_member);
    c->requested = usd(r, it, pre, "requested");
    c->allocated = cents(r, it, pre, "allocated", 0);
    c->coverage = num(r, it, pre, "coverage", 1);
    c->urgency = num(r, it, pre, "urgency", 0);
    c->marginal_value = num(r, it, pre, "marginal_value", 1);
    read_diagnosis(r, it, pre, c);
}

static void read_donor_year(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_plan_donor_year *y = elem;
    y->year = year_of(r, it, pre, "year");
    y->budget = usd(r, it, pre, "budget");
    y->allocated = cents(r, it, pre, "allocated", 0);
    y->marginal_value = num(r, it, pre, "marginal_value", 1);
}

static void read_need_year(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_plan_need_year *y = elem;
    y->year = year_of(r, it, pre, "year");
    y->allocated = cents(r, it, pre, "allocated", 0);
    y->units_done = num(r, it, pre, "units_done", 1);
    y->units_left = num(r, it, pre, "units_left", 1);
}

static void read_donor(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_plan_donor *d = elem;
    d->donor = text(r, it, pre, "donor", 0);
    d->name = text(r, it, pre, "name", 1);
    d->budget = usd(r, it, pre, "budget");
    d->allocated = cents(r, it, pre, "allocated", 0);
    d->utilisation = num(r, it, pre, "utilisation", 1);
    d->states = strings(r, it, pre, "states", &d->n_states);
    d->marginal_value = num(r, it, pre, "marginal_value", 1);
    d->range_from = d->range_to = NAN;
    char at[224];
    snprintf(at, sizeof at, "%s.marginal_range", pre);
    const co_json *rg = object(r, it, pre, "marginal_range", 1);
    if (rg) {
        /* null ends: no limit that way */
        d->range_from = co_json_rd_usd(&r->j, rg, at, "from", 1, 1);
        d->range_to = co_json_rd_usd(&r->j, rg, at, "to", 1, 1);
        if (isnan(d->range_from))
            d->range_from = -INFINITY;
        if (isnan(d->range_to))
            d->range_to = INFINITY;
    }
    d->by_year = items(r, it, pre, "by_year", sizeof *d->by_year, &d->n_by_year, read_donor_year);
}

static void read_need(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_plan_need *n = elem;
    n->need = text(r, it, pre, "need", 0);
    n->state = text(r, it, pre, "state", 0);
    n->area = text(r, it, pre, "area", 0);
    n->requested = usd(r, it, pre, "requested");
    n->allocated = cents(r, it, pre, "allocated", 0);
    n->unmet = cents(r, it, pre, "unmet", 1);
    n->urgency = num(r, it, pre, "urgency", 0);
    n->evidence = num(r, it, pre, "evidence", 0);
    n->deadline = text(r, it, pre, "deadline", 1);
    n->original_deadline = text(r, it, pre, "original_deadline", 1);
    n->days_left = co_json_rd_whole(&r->j, it, pre, "days_left", 1, -MAX_DAYS, MAX_DAYS,
                                    "must be a whole number of days or null", NAN);
    n->marginal_value = num(r, it, pre, "marginal_value", 1);
    read_evidence_value(r, it, pre, n);
    n->by_year = items(r, it, pre, "by_year", sizeof *n->by_year, &n->n_by_year, read_need_year);
}

/* A year of the deadline analysis; with `nullable`, null (none) reads as 0. */
static int dl_year(rd *r, const co_json *o, const char *pre, const char *key, int nullable)
{
    return (int)co_json_rd_whole(&r->j, o, pre, key, nullable, 1000, 9999,
                                 nullable ? "must be a year from 1000 to 9999 or null"
                                          : "must be a year from 1000 to 9999",
                                 0);
}

static void read_year_gap(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_plan_year_gap *g = elem;
    g->year = year_of(r, it, pre, "year");
    /* "amount" (MULTIYEAR.md); a list that has only "gap" (its alias,
     * plan_json.c) reads from that */
    const char *key = !co_json_get(it, "amount") && co_json_get(it, "gap") ? "gap" : "amount";
    g->cents = cents(r, it, pre, key, 0);
}

/* A deadlines entry: the plan's part is there when placed_by_deadline is,
 * the LPs' when best_case_by_deadline is a number. */
static void read_deadline(void *ctx, const co_json *it, const char *pre, void *elem)
{
    rd *r = ctx;
    co_plan_deadline *e = elem;
    e->need = text(r, it, pre, "need", 0);
    e->state = text(r, it, pre, "state", 0);
    e->deadline = text(r, it, pre, "deadline", 1);
    e->deadline_year = dl_year(r, it, pre, "deadline_year", 0);
    e->overdue = yes_no(r, it, pre, "overdue", 0);
    e->placed = cents(r, it, pre, "placed_by_deadline", 0);
    e->has_plan = e->placed != CO_CENTS_NONE;
    e->completion_year = dl_year(r, it, pre, "completion_year", 1);
    e->on_time = yes_no(r, it, pre, "on_time", 0);
    double bc = co_json_rd_usd(&r->j, it, pre, "best_case_by_deadline", 0, 1);
    e->analysed = !isnan(bc);
    e->best_case = e->analysed ? llround(bc * 100.0) : CO_CENTS_NONE;
    e->earliest_year = dl_year(r, it, pre, "earliest_completion_year", 1);
    e->capacity_limited = yes_no(r, it, pre, "capacity_limited", 0);
    e->capacity_missing = cents(r, it, pre, "capacity_missing", 0);
    e->capacity_missing_units = num(r, it, pre, "capacity_missing_units", 1);
    if (co_json_type(co_json_get(it, "gap_by_year")) != CO_JSON_NULL) /* null: not analysed */
        e->gaps = items(r, it, pre, "gap_by_year", sizeof *e->gaps, &e->n_gaps, read_year_gap);
    e->requested_deadline = text(r, it, pre, "requested_deadline", 1);
    e->extension_check = text(r, it, pre, "extension_check", 1);
    enum co_ext_check c;
    if (e->extension_check && co_ext_check_parse(e->extension_check, &c) != 0)
        bad(r, pre, "extension_check",
            "must be not_needed, fits, longer_than_needed, too_short, beyond_horizon or null",
            co_json_get(it, "extension_check"));
    e->required = usd(r, it, pre, "required_by_deadline");
    e->capacity = co_json_rd_usd(&r->j, it, pre, "capacity_by_deadline", 0, 1);
    if (isnan(e->capacity) && co_json_type(co_json_get(it, "capacity_by_deadline")) ==
                                  CO_JSON_NULL)
        e->capacity = INFINITY; /* null: no limit */
    e->unit = text(r, it, pre, "unit", 1);
    e->units_remaining = num(r, it, pre, "units_remaining", 1);
    e->units_per_year = num(r, it, pre, "units_per_year", 1);
}

static void read_lists(rd *r, co_plan *pl, const co_json *root)
{
    pl->allocs = items(r, root, "", "allocations", sizeof *pl->allocs, &pl->n_allocs, read_alloc);
    pl->coalitions = items(r, root, "", "coalitions", sizeof *pl->coalitions, &pl->n_coalitions,
                           read_coalition);
    pl->donors = items(r, root, "", "donors", sizeof *pl->donors, &pl->n_donors, read_donor);
    pl->needs = items(r, root, "", "needs", sizeof *pl->needs, &pl->n_needs, read_need);
    pl->deadlines = items(r, root, "", "deadlines", sizeof *pl->deadlines, &pl->n_deadlines,
                          read_deadline);
    pl->gaps = items(r, root, "", "data_gaps", sizeof *pl->gaps, &pl->n_gaps, read_gap);
}

static void read_timing(rd *r, co_plan *pl, const co_json *root)
{
    const co_json *t = object(r, root, "", "timing", 0);
    pl->load_s = num(r, t, "timing", "load_s", 0);
    pl->build_s = num(r, t, "timing", "build_s", 0);
    pl->solve_s = num(r, t, "timing", "solve_s", 0);
    pl->diagnose_s = num(r, t, "timing", "diagnose_s", 0);
    pl->elapsed_s = num(r, t, "timing", "elapsed_s", 0);
    pl->limit_s = num(r, t, "timing", "limit_s", 0);
    pl->skipped = strings(r, t, "timing", "skipped", &pl->n_skipped);
    pl->rows = count(r, t, "timing", "rows");
    pl->cols = count(r, t, "timing", "cols");
    pl->nonzeros = count(r, t, "timing", "nonzeros");
    pl->integer_cols = count(r, t, "timing", "integer_cols");
}

/* Ids that must not repeat. */
static int read_unique(rd *r, co_plan *pl)
{
    int rc = check_ids(r, pl->params, pl->n_params, sizeof *pl->params,
                       offsetof(co_plan_param, name), -1, "parameters");
    if (rc == CO_OK)
        rc = check_ids(r, pl->coalitions, pl->n_coalitions, sizeof *pl->coalitions,
                       offsetof(co_plan_coalition, state), -1, "coalitions");
    for (int i = 0; rc == CO_OK && pl->coalitions && i < pl->n_coalitions; i++) {
        char path[64];
        snprintf(path, sizeof path, "coalitions[%d].members", i);
        rc = check_ids(r, pl->coalitions[i].members, pl->coalitions[i].n_members,
                       sizeof(co_plan_member), offsetof(co_plan_member, donor), -1, path);
    }
    if (rc == CO_OK)
        rc = check_ids(r, pl->donors, pl->n_donors, sizeof *pl->donors,
                       offsetof(co_plan_donor, donor), -1, "donors");
    if (rc == CO_OK)
        rc = check_ids(r, pl->needs, pl->n_needs, sizeof *pl->needs,
                       offsetof(co_plan_need, need), -1, "needs");
    if (rc == CO_OK)
        rc = check_ids(r, pl->deadlines, pl->n_deadlines, sizeof *pl->deadlines,
                       offsetof(co_plan_deadline, need), -1, "deadlines");
    if (rc == CO_OK)
        rc = check_ids3(r, pl->allocs, pl->n_allocs, sizeof *pl->allocs,
                        offsetof(co_plan_alloc, need), (long)offsetof(co_plan_alloc, donor),
                        (long)offsetof(co_plan_alloc, year), "allocations");
    return rc;
}

/* Adds |c| for given cents into *sum (in double: no overflow). */
static void add_cents(double *sum, int64_t c)
{
    if (c != CO_CENTS_NONE)
        *sum += fabs((double)c) / 100.0;
}

static void add_usd(double *sum, double v)
{
    if (!isnan(v))
        *sum += fabs(v);
}

/* The money of each list adds up to at most 1e15 USD as well, so that no
 * total a renderer makes of it (in cents, int64_t) can overflow. */
static void check_sums(rd *r, const co_plan *pl)
{
    enum { ALLOC, C_REQ, C_ALLOC, MEMBERS, D_BUDGET, D_ALLOC, N_REQ, N_ALLOC, N_UNMET, N_SUMS };
    static const char *const what[N_SUMS][2] = {
        {"allocations", "amount"},     {"coalitions", "requested"},
        {"coalitions", "allocated"},   {"coalitions", "members' amount"},
        {"donors", "budget"},          {"donors", "allocated"},
        {"needs", "requested"},        {"needs", "allocated"},
        {"needs", "unmet"}};
    double sum[N_SUMS] = {0};
    for (int i = 0; pl->allocs && i < pl->n_allocs; i++)
        add_cents(&sum[ALLOC], pl->allocs[i].cents);
    for (int i = 0; pl->coalitions && i < pl->n_coalitions; i++) {
        const co_plan_coalition *c = &pl->coalitions[i];
        add_usd(&sum[C_REQ], c->requested);
        add_cents(&sum[C_ALLOC], c->allocated);
        for (int k = 0; c->members && k < c->n_members; k++)
            add_cents(&sum[MEMBERS], c->members[k].cents);
    }
    for (int i = 0; pl->donors && i < pl->n_donors; i++) {
        add_usd(&sum[D_BUDGET], pl->donors[i].budget);
        add_cents(&sum[D_ALLOC], pl->donors[i].allocated);
    }
    for (int i = 0; pl->needs && i < pl->n_needs; i++) {
        add_usd(&sum[N_REQ], pl->needs[i].requested);
        add_cents(&sum[N_ALLOC], pl->needs[i].allocated);
        add_cents(&sum[N_UNMET], pl->needs[i].unmet);
    }
    for (int k = 0; k < N_SUMS; k++)
        if (sum[k] > CO_JSON_MAX_USD) {
            co_err(r->j.dg, "%s: %s: %s adds up to more than 1e15 USD", r->j.name, what[k][0],
                   what[k][1]);
            r->j.rc = CO_EINPUT;
        }
}

int co_plan_from_json(const char *name, const co_json *root, co_plan **out, co_diag *dg)
{
    *out = NULL;
    co_plan *pl = co_plan_new();
    if (!pl) {
        co_err(dg, "out of memory reading %s", name);
        return CO_EINTERNAL;
    }
    rd r = {{name, dg, CO_OK}, pl->arena};
    if (co_json_type(root) != CO_JSON_OBJECT) {
        co_err(dg, "%s: expected a JSON object at the top, got %s", name,
               co_json_type_name(root));
        co_plan_free(pl);
        return CO_EINPUT;
    }
    /* strings not given stay NULL (co_plan_new zeroes them) */
    read_head(&r, pl, root);
    read_whatif(&r, pl, root);
    read_lists(&r, pl, root);
    read_timing(&r, pl, root);
    check_sums(&r, pl);
    int rc = co_arena_failed(pl->arena) ? CO_EINTERNAL : read_unique(&r, pl);
    if (rc == CO_OK && co_arena_failed(pl->arena))
        rc = CO_EINTERNAL;
    if (rc == CO_EINTERNAL)
        co_err(dg, "out of memory reading %s", name);
    else if (r.j.rc != CO_OK)
        rc = r.j.rc;
    if (rc != CO_OK) {
        co_plan_free(pl);
        return rc;
    }
    *out = pl;
    return CO_OK;
}

int co_plan_read(const char *name, const char *text, size_t len, co_plan **out, co_diag *dg)
{
    co_json *root = NULL;
    *out = NULL;
    int rc = co_json_parse(name, text, len, &root, dg);
    if (rc == CO_OK)
        rc = co_plan_from_json(name, root, out, dg);
    co_json_free(root);
    return rc;
}

int co_plan_load(const char *path, co_plan **out, co_diag *dg)
{
    char *data = NULL;
    size_t len;
    *out = NULL;
    if (co_read_file(path, &data, &len) != 0) {
        co_err(dg, "%s: cannot read: %s", path, strerror(errno));
        return CO_EIO;
    }
    int rc = co_plan_read(strcmp(path, "-") == 0 ? "<stdin>" : path, data, len, out, dg);
    free(data);
    return rc;
}
