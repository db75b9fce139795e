/*
 * compare.c: the comparison of what-if runs (compare.h, docs/WHATIF.md).
 * Reads the few plan fields it needs into sorted rows, checking each, then
 * walks the baseline's and each scenario's rows side by side. The terminal
 * view is drawn from the finished document alone, so both always agree.
 */
#include "base/json.h"
#include "run/compare.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fmt.h"
#include "base/util.h"

/* ---- reading a plan ---------------------------------------------------- */

typedef struct state_row {
    const char *id;
    int64_t alloc; /* cents */
    double cov;    /* NaN when null */
    const char *lead;
    const char **mem; /* member donor ids, sorted */
    int n_mem;
} state_row;

typedef struct donor_row {
    const char *id;
    int64_t alloc; /* cents */
    double util;   /* NaN when null */
    double mv;     /* marginal value; NaN when null or not given */
} donor_row;

/* An outcome as the comparison reads it. */
typedef struct view {
    const co_outcome *o;
    char *label; /* the plan's name in messages */
    const char *status;
    int has_plan; /* a plan with numbers: status optimal or feasible */
    double objective, gap;
    int64_t requested, allocated, urg_req, urg_alloc;
    int seats;
    double pof; /* price of fairness, NaN when absent or null */
    int unique; /* marginal_values_unique: 1, 0, or -1 when absent or null */
    state_row *st;
    int ns;
    donor_row *dn;
    int nd;
} view;

enum { W_NUM = 1, W_STR = 2, W_ARR = 4, W_OBJ = 8, W_NULL = 16 };

typedef struct reader {
    const char *label;
    co_diag *dg;
    int rc;
} reader;

static const char *want_text(int want)
{
    switch (want & ~W_NULL) {
    case W_NUM:
        return want & W_NULL ? "must be a finite number or null" : "must be a finite number";
    case W_STR:
        return want & W_NULL ? "must be a string or null" : "must be a string";
    case W_ARR:
        return "must be a list";
    default:
        return "must be an object";
    }
}

/* item[key] checked against `want`; NULL (and r->rc set) when it does not
 * fit. `pre` is the item's path in messages ("coalitions[2]"), or "". */
static const cJSON *field(reader *r, const cJSON *item, const char *pre, const char *key, int want)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(item, key);
    int ok = v && (((want & W_NUM) && cJSON_IsNumber(v) && isfinite(v->valuedouble)) ||
                   ((want & W_STR) && cJSON_IsString(v)) || ((want & W_ARR) && cJSON_IsArray(v)) ||
                   ((want & W_OBJ) && cJSON_IsObject(v)) || ((want & W_NULL) && cJSON_IsNull(v)));
    if (ok)
        return v;
    const char *dot = *pre ? "." : "";
    if (!v) {
        co_err(r->dg, "%s: %s%s%s: missing", r->label, pre, dot, key);
    } else {
        char *t = cJSON_PrintUnformatted(v);
        co_err(r->dg, "%s: %s%s%s: %s, got '%s'", r->label, pre, dot, key, want_text(want),
               t ? co_q(0, t) : "?");
        cJSON_free(t);
    }
    r->rc = CO_EINPUT;
    return NULL;
}

/* A number field (NaN for null when allowed; 0 after an error). */
static double num(reader *r, const cJSON *item, const char *pre, const char *key, int nullable)
{
    const cJSON *v = field(r, item, pre, key, W_NUM | (nullable ? W_NULL : 0));
    if (!v)
        return 0;
    return cJSON_IsNull(v) ? NAN : v->valuedouble;
}

/* A USD amount as cents; amounts beyond 1e15 USD are refused. */
static int64_t cents(reader *r, const cJSON *item, const char *pre, const char *key)
{
    double v = num(r, item, pre, key, 0);
    if (fabs(v) > 1e15) {
        co_err(r->dg, "%s: %s.%s: must be at most 1e15 USD, got '%s'", r->label, pre, key,
               co_num(0, v));
        r->rc = CO_EINPUT;
        return 0;
    }
    return llround(v * 100.0);
}

static const char *str(reader *r, const cJSON *item, const char *pre, const char *key,
                       int nullable)
{
    const cJSON *v = field(r, item, pre, key, W_STR | (nullable ? W_NULL : 0));
    return v && cJSON_IsString(v) ? v->valuestring : NULL;
}

static int cmp_id(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Sorts rows of `size` bytes whose first member is their id, and refuses
 * a repeated id. */
static void sort_rows(reader *r, void *rows, int n, size_t size, const char *what)
{
    if (n > 1)
        qsort(rows, (size_t)n, size, cmp_id);
    for (int i = 1; i < n; i++) {
        const char *a = *(const char *const *)((char *)rows + (size_t)(i - 1) * size);
        const char *b = *(const char *const *)((char *)rows + (size_t)i * size);
        if (strcmp(a, b) == 0) {
            co_err(r->dg, "%s: %s: '%s' appears twice", r->label, what, co_q(0, b));
            r->rc = CO_EINPUT;
            return;
        }
    }
}

/* The first item of the list item[key] and the list's length (0 after an
 * error); with `size`, *rows gets room for a row of that size per item. */
static const cJSON *list(reader *r, const cJSON *item, const char *pre, const char *key, int *n,
                         size_t size, void **rows)
{
    const cJSON *a = field(r, item, pre, key, W_ARR);
    *n = a ? cJSON_GetArraySize(a) : 0;
    if (size && *n && !(*rows = calloc((size_t)*n, size))) {
        r->rc = CO_EINTERNAL;
        *n = 0;
    }
    return a ? a->child : NULL;
}

static int read_states(reader *r, const cJSON *plan, view *v)
{
    int n;
    void *rows = NULL;
    const cJSON *c = list(r, plan, "", "coalitions", &n, sizeof *v->st, &rows);
    v->st = rows;
    for (int i = 0; i < n && r->rc == CO_OK; i++, c = c->next) {
        char pre[48];
        snprintf(pre, sizeof pre, "coalitions[%d]", i);
        state_row *s = &v->st[v->ns++];
        s->id = str(r, c, pre, "state", 0);
        s->lead = str(r, c, pre, "lead", 1);
        s->alloc = cents(r, c, pre, "allocated");
        s->cov = num(r, c, pre, "coverage", 1);
        int nm;
        rows = NULL;
        const cJSON *m = list(r, c, pre, "members", &nm, sizeof *s->mem, &rows);
        s->mem = rows;
        for (int k = 0; k < nm && r->rc == CO_OK; k++, m = m->next) {
            char mpre[80];
            snprintf(mpre, sizeof mpre, "%s.members[%d]", pre, k);
            s->mem[s->n_mem++] = str(r, m, mpre, "donor", 0);
        }
        if (r->rc == CO_OK) {
            char what[80];
            snprintf(what, sizeof what, "%s.members", pre);
            sort_rows(r, s->mem, s->n_mem, sizeof *s->mem, what);
        }
        v->seats += s->n_mem;
    }
    if (r->rc == CO_OK)
        sort_rows(r, v->st, v->ns, sizeof *v->st, "coalitions");
    return r->rc;
}

static int read_donors(reader *r, const cJSON *plan, view *v)
{
    int n;
    void *rows = NULL;
    const cJSON *d = list(r, plan, "", "donors", &n, sizeof *v->dn, &rows);
    v->dn = rows;
    for (int i = 0; i < n && r->rc == CO_OK; i++, d = d->next) {
        char pre[48];
        snprintf(pre, sizeof pre, "donors[%d]", i);
        donor_row *x = &v->dn[v->nd++];
        x->id = str(r, d, pre, "donor", 0);
        x->alloc = cents(r, d, pre, "allocated");
        x->util = num(r, d, pre, "utilisation", 1);
        /* optional here: a plan without it just shows none */
        const cJSON *mv = cJSON_GetObjectItemCaseSensitive(d, "marginal_value");
        x->mv = cJSON_IsNumber(mv) ? mv->valuedouble : NAN;
    }
    if (r->rc == CO_OK)
        sort_rows(r, v->dn, v->nd, sizeof *v->dn, "donors");
    return r->rc;
}

/* Money requested and placed, in all and over urgent needs (urgency > 1). */
static int read_needs(reader *r, const cJSON *plan, view *v)
{
    int n;
    const cJSON *x = list(r, plan, "", "needs", &n, 0, NULL);
    for (int i = 0; i < n && r->rc == CO_OK; i++, x = x->next) {
        char pre[48];
        snprintf(pre, sizeof pre, "needs[%d]", i);
        int64_t req = cents(r, x, pre, "requested"), alloc = cents(r, x, pre, "allocated");
        double urgency = num(r, x, pre, "urgency", 0);
        v->requested += req;
        v->allocated += alloc;
        if (urgency > 1) {
            v->urg_req += req;
            v->urg_alloc += alloc;
        }
    }
    return r->rc;
}

static const char *status_without_plan(const co_outcome *o)
{
    switch (o->exit_code) {
    case 1:
        return o->explanation ? "infeasible" : "no_solution";
    case 3:
        return "input_error";
    case 4:
        return "solver_error";
    default:
        return "error";
    }
}

static int read_view(const co_outcome *o, view *v, co_diag *dg)
{
    memset(v, 0, sizeof *v);
    v->o = o;
    v->objective = v->gap = v->pof = NAN;
    v->unique = -1;
    if (o->file)
        v->label = co_strdup(o->file);
    else if (o->name)
        v->label = co_asprintf("scenario '%s': plan", co_q(0, o->name));
    else
        v->label = co_strdup("baseline: plan");
    if (!v->label)
        return CO_EINTERNAL;
    reader r = {v->label, dg, CO_OK};
    const cJSON *plan = o->plan;
    if (!plan) {
        v->status = status_without_plan(o);
        return CO_OK;
    }
    v->status = str(&r, plan, "", "status", 0);
    if (!v->status)
        return r.rc;
    v->has_plan = strcmp(v->status, "optimal") == 0 || strcmp(v->status, "feasible") == 0;
    if (!v->has_plan)
        return CO_OK;
    const cJSON *obj = field(&r, plan, "", "objective", W_OBJ);
    if (obj)
        v->objective = num(&r, obj, "objective", "total", 0);
    v->gap = num(&r, plan, "", "gap", 1);
    const cJSON *pof = cJSON_GetObjectItemCaseSensitive(plan, "price_of_fairness");
    if (cJSON_IsNumber(pof) && isfinite(pof->valuedouble))
        v->pof = pof->valuedouble;
    const cJSON *uq = cJSON_GetObjectItemCaseSensitive(plan, "marginal_values_unique");
    v->unique = cJSON_IsBool(uq) ? cJSON_IsTrue(uq) : -1;
    int rc = read_states(&r, plan, v);
    if (rc == CO_OK)
        rc = read_donors(&r, plan, v);
    if (rc == CO_OK)
        rc = read_needs(&r, plan, v);
    return rc;
}

static void release_view(view *v)
{
    for (int i = 0; i < v->ns; i++)
        free(v->st[i].mem);
    free(v->st);
    free(v->dn);
    free(v->label);
}

/* ---- building the document --------------------------------------------- */

typedef struct builder {
    int oom;
} builder;

static void put(builder *b, cJSON *obj, const char *key, cJSON *v)
{
    co_json_put(&b->oom, obj, key, v);
}

static cJSON *num_or_null(double v)
{
    return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static cJSON *str_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static cJSON *usd(int64_t c)
{
    return cJSON_CreateNumber((double)c / 100.0);
}

/* Changes of money to cents, of shares to 1e-9: no floating-point noise. */
static double round_cents(double x)
{
    return round(x * 100.0) / 100.0;
}

static double share_change(double before, double after)
{
    return isfinite(before) && isfinite(after) ? round((after - before) * 1e9) / 1e9 : NAN;
}

static double share(int64_t part, int64_t whole)
{
    return whole > 0 ? (double)part / (double)whole : NAN;
}

static cJSON *outcome_json(builder *b, const view *v)
{
    const co_outcome *o = v->o;
    cJSON *j = cJSON_CreateObject();
    put(b, j, "name", str_or_null(o->name));
    put(b, j, "file", str_or_null(o->file));
    put(b, j, "run", o->run > 0 ? cJSON_CreateNumber((double)o->run) : cJSON_CreateNull());
    put(b, j, "status", cJSON_CreateString(v->status));
    put(b, j, "exit", cJSON_CreateNumber(o->exit_code));
    put(b, j, "message", str_or_null(o->message));
    put(b, j, "explanation",
        o->explanation ? cJSON_Duplicate(o->explanation, 1) : cJSON_CreateNull());
    int p = v->has_plan;
    put(b, j, "objective", p ? num_or_null(v->objective) : cJSON_CreateNull());
    put(b, j, "gap", p ? num_or_null(v->gap) : cJSON_CreateNull());
    put(b, j, "requested", p ? usd(v->requested) : cJSON_CreateNull());
    put(b, j, "allocated", p ? usd(v->allocated) : cJSON_CreateNull());
    put(b, j, "urgent_requested", p ? usd(v->urg_req) : cJSON_CreateNull());
    put(b, j, "urgent_allocated", p ? usd(v->urg_alloc) : cJSON_CreateNull());
    put(b, j, "urgent_share", p ? num_or_null(share(v->urg_alloc, v->urg_req)) : cJSON_CreateNull());
    put(b, j, "seats", p ? cJSON_CreateNumber(v->seats) : cJSON_CreateNull());
    put(b, j, "price_of_fairness", p ? num_or_null(v->pof) : cJSON_CreateNull());
    put(b, j, "marginal_values_unique",
        p && v->unique >= 0 ? cJSON_CreateBool(v->unique) : cJSON_CreateNull());
    return j;
}

static cJSON *id_list(builder *b, const char **ids, int n)
{
    cJSON *a = cJSON_CreateArray();
    for (int i = 0; i < n; i++)
        put(b, a, NULL, cJSON_CreateString(ids[i]));
    return a;
}

/* Members of x not in y (both sorted) into out; returns how many. */
static int only_in(const state_row *x, const state_row *y, const char **out)
{
    int n = 0, k = 0, ny = y ? y->n_mem : 0;
    for (int i = 0; x && i < x->n_mem; i++) {
        while (k < ny && strcmp(y->mem[k], x->mem[i]) < 0)
            k++;
        if (k == ny || strcmp(y->mem[k], x->mem[i]) != 0)
            out[n++] = x->mem[i];
    }
    return n;
}

static int same_str(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

/* One State's entry when its coverage, lead or members changed; a or b is
 * NULL when the State is on one side only. Counts seats gained and lost. */
static void state_delta(builder *b, cJSON *arr, const state_row *a, const state_row *c,
                        int *seats_in, int *seats_out)
{
    int na = a ? a->n_mem : 0, nc = c ? c->n_mem : 0;
    const char **in = malloc((size_t)(nc + 1) * sizeof *in);
    const char **out = malloc((size_t)(na + 1) * sizeof *out);
    if (!in || !out) {
        b->oom = 1;
        goto done;
    }
    int n_in = only_in(c, a, in), n_out = only_in(a, c, out);
    *seats_in += n_in;
    *seats_out += n_out;
    double cb = a ? a->cov : NAN, ca = c ? c->cov : NAN;
    double dcov = share_change(cb, ca);
    const char *lb = a ? a->lead : NULL, *la = c ? c->lead : NULL;
    int cov_changed = !a || !c || isfinite(cb) != isfinite(ca) || (isfinite(dcov) && dcov != 0);
    if (!cov_changed && same_str(lb, la) && !n_in && !n_out)
        goto done;
    cJSON *o = cJSON_CreateObject();
    put(b, arr, NULL, o);
    if (!o)
        goto done;
    put(b, o, "state", cJSON_CreateString(a ? a->id : c->id));
    put(b, o, "coverage", num_or_null(ca));
    put(b, o, "coverage_before", num_or_null(cb));
    put(b, o, "coverage_change", num_or_null(dcov));
    put(b, o, "allocated_change", usd((c ? c->alloc : 0) - (a ? a->alloc : 0)));
    put(b, o, "lead", str_or_null(la));
    put(b, o, "lead_before", str_or_null(lb));
    put(b, o, "members_in", id_list(b, in, n_in));
    put(b, o, "members_out", id_list(b, out, n_out));
done:
    free(in);
    free(out);
}

/* Which of two sorted lists goes next in a merge walk: -1 the first's,
 * 1 the second's, 0 both (the same id). */
static int merge_step(const char *x, const char *y)
{
    if (!x)
        return 1;
    if (!y)
        return -1;
    int c = strcmp(x, y);
    return c < 0 ? -1 : c > 0;
}

static cJSON *states_json(builder *b, const view *a, const view *c, int *seats_in,
                          int *seats_out)
{
    cJSON *arr = cJSON_CreateArray();
    int i = 0, k = 0;
    while ((i < a->ns || k < c->ns) && arr && !b->oom) {
        int s = merge_step(i < a->ns ? a->st[i].id : NULL, k < c->ns ? c->st[k].id : NULL);
        state_delta(b, arr, s <= 0 ? &a->st[i] : NULL, s >= 0 ? &c->st[k] : NULL, seats_in,
                    seats_out);
        i += s <= 0;
        k += s >= 0;
    }
    return arr;
}

static cJSON *donors_json(builder *b, const view *a, const view *c)
{
    cJSON *arr = cJSON_CreateArray();
    int i = 0, k = 0;
    while ((i < a->nd || k < c->nd) && arr && !b->oom) {
        int s = merge_step(i < a->nd ? a->dn[i].id : NULL, k < c->nd ? c->dn[k].id : NULL);
        const donor_row *x = s <= 0 ? &a->dn[i] : NULL, *y = s >= 0 ? &c->dn[k] : NULL;
        i += s <= 0;
        k += s >= 0;
        int64_t d = (y ? y->alloc : 0) - (x ? x->alloc : 0);
        if (x && y && d == 0)
            continue;
        cJSON *o = cJSON_CreateObject();
        put(b, arr, NULL, o);
        if (!o)
            break;
        double ub = x ? x->util : NAN, ua = y ? y->util : NAN;
        put(b, o, "donor", cJSON_CreateString(x ? x->id : y->id));
        put(b, o, "utilisation", num_or_null(ua));
        put(b, o, "utilisation_before", num_or_null(ub));
        put(b, o, "utilisation_change", num_or_null(share_change(ub, ua)));
        put(b, o, "allocated_change", usd(d));
        put(b, o, "marginal_value", num_or_null(y ? y->mv : NAN));
        put(b, o, "marginal_value_before", num_or_null(x ? x->mv : NAN));
    }
    return arr;
}

/* delta, states and donors of scenario c against the baseline a. */
static void add_changes(builder *b, cJSON *j, const view *a, const view *c)
{
    if (!a->has_plan || !c->has_plan) {
        put(b, j, "delta", cJSON_CreateNull());
        put(b, j, "states", cJSON_CreateNull());
        put(b, j, "donors", cJSON_CreateNull());
        return;
    }
    int in = 0, out = 0;
    cJSON *states = states_json(b, a, c, &in, &out);
    cJSON *d = cJSON_CreateObject();
    put(b, j, "delta", d);
    put(b, d, "objective", num_or_null(round_cents(c->objective - a->objective)));
    put(b, d, "allocated", usd(c->allocated - a->allocated));
    put(b, d, "urgent_allocated", usd(c->urg_alloc - a->urg_alloc));
    put(b, d, "urgent_share", num_or_null(share_change(share(a->urg_alloc, a->urg_req),
                                                       share(c->urg_alloc, c->urg_req))));
    put(b, d, "seats", cJSON_CreateNumber(c->seats - a->seats));
    put(b, d, "seats_in", cJSON_CreateNumber(in));
    put(b, d, "seats_out", cJSON_CreateNumber(out));
    put(b, j, "states", states);
    put(b, j, "donors", donors_json(b, a, c));
}

/* Objectives tie when equal to the cent. */
static double objective_key(const view *v)
{
    return round(v->objective * 100.0);
}

/* Every outcome with a plan by objective, highest first; ties keep file
 * order (the baseline first) and share a rank. */
static cJSON *ranking_json(builder *b, const view *v, int n)
{
    cJSON *arr = cJSON_CreateArray();
    int *order = malloc((size_t)n * sizeof *order), m = 0;
    if (!order || !arr) {
        b->oom = 1;
        free(order);
        return arr;
    }
    for (int i = 0; i < n; i++) {
        if (!v[i].has_plan)
            continue;
        int k = m++;
        while (k > 0 && objective_key(&v[order[k - 1]]) < objective_key(&v[i])) {
            order[k] = order[k - 1];
            k--;
        }
        order[k] = i;
    }
    int rank = 0;
    for (int r = 0; r < m; r++) {
        const view *x = &v[order[r]];
        if (r == 0 || objective_key(&v[order[r - 1]]) != objective_key(x))
            rank = r + 1;
        cJSON *o = cJSON_CreateObject();
        put(b, arr, NULL, o);
        if (!o)
            break;
        put(b, o, "rank", cJSON_CreateNumber(rank));
        put(b, o, "name", str_or_null(x->o->name));
        put(b, o, "objective", cJSON_CreateNumber(x->objective));
        put(b, o, "objective_change", v[0].has_plan
                                          ? cJSON_CreateNumber(round_cents(x->objective - v[0].objective))
                                          : cJSON_CreateNull());
    }
    free(order);
    return arr;
}

/* The dataset's name and hash from the first plan that has them. */
static cJSON *dataset_json(builder *b, const view *v, int n)
{
    const cJSON *ds = NULL;
    for (int i = 0; i < n && !ds; i++)
        if (v[i].o->plan)
            ds = cJSON_GetObjectItemCaseSensitive(v[i].o->plan, "dataset");
    const cJSON *name = cJSON_GetObjectItemCaseSensitive(ds, "name");
    const cJSON *sha = cJSON_GetObjectItemCaseSensitive(ds, "sha256");
    cJSON *o = cJSON_CreateObject();
    put(b, o, "name", str_or_null(cJSON_IsString(name) ? name->valuestring : NULL));
    put(b, o, "sha256", str_or_null(cJSON_IsString(sha) ? sha->valuestring : NULL));
    return o;
}

int co_compare_build(const co_outcome *base, const co_outcome *scen, int n,
                     const char *scenarios_file, cJSON **out, co_diag *dg)
{
    *out = NULL;
    int rc = CO_OK;
    builder b = {0};
    cJSON *root = NULL;
    view *v = n >= 0 ? calloc((size_t)n + 1, sizeof *v) : NULL;
    int nv = 0;
    if (!v)
        goto oom;
    for (; nv <= n && rc == CO_OK; nv++)
        rc = read_view(nv == 0 ? base : &scen[nv - 1], &v[nv], dg);
    if (rc == CO_EINTERNAL)
        goto oom;
    if (rc != CO_OK)
        goto done;
    root = cJSON_CreateObject();
    put(&b, root, "dataset", dataset_json(&b, v, n + 1));
    put(&b, root, "scenarios_file", str_or_null(scenarios_file));
    put(&b, root, "baseline", outcome_json(&b, &v[0]));
    cJSON *arr = cJSON_CreateArray();
    put(&b, root, "scenarios", arr);
    for (int i = 1; i <= n && arr && !b.oom; i++) {
        cJSON *j = outcome_json(&b, &v[i]);
        add_changes(&b, j, &v[0], &v[i]);
        put(&b, arr, NULL, j);
    }
    put(&b, root, "ranking", ranking_json(&b, v, n + 1));
    if (b.oom)
        goto oom;
    *out = root;
    root = NULL;
    goto done;
oom:
    co_err(dg, "out of memory comparing what-if runs");
    rc = CO_EINTERNAL;
done:
    cJSON_Delete(root);
    for (int i = 0; i < nv; i++)
        release_view(&v[i]);
    free(v);
    return rc;
}

/* ---- the terminal view ------------------------------------------------- */

#define STATE_LINES 10 /* per scenario, then "... and N more" */
#define DONOR_LINES 8

/* Columns a clean UTF-8 string takes (one per code point: wide characters
 * are taken as one column). */
static int cols(const char *s, size_t n)
{
    int c = 0;
    for (size_t i = 0; i < n; i++)
        c += ((unsigned char)s[i] & 0xc0) != 0x80;
    return c;
}

/* Bytes of the first `c` columns of a clean UTF-8 string. */
static size_t cols_bytes(const char *s, size_t n, int c)
{
    size_t i = 0;
    for (; i < n; i++)
        if (((unsigned char)s[i] & 0xc0) != 0x80 && c-- == 0)
            break;
    return i;
}

/* A copy fit for a terminal: control characters and bytes that are not
 * UTF-8 become '?'. */
static char *clean(const char *s)
{
    size_t n = strlen(s);
    char *t = co_strndup(s, n);
    if (!t)
        return NULL;
    for (size_t i = 0; i < n;) {
        size_t ok = i + co_utf8_prefix(t + i, n - i);
        for (; i < ok; i++)
            if ((unsigned char)t[i] < 0x20 || t[i] == 0x7f)
                t[i] = '?';
        if (i < n)
            t[i++] = '?';
    }
    return t;
}

typedef struct text {
    co_buf *b;
    int oom;
} text;

/* `s` cut to `width` columns (ending "..." when cut), padded with spaces
 * on the right (or the left when `right`). */
static void cell(text *t, const char *s, int width, int right)
{
    char *c = clean(s ? s : "");
    if (!c) {
        t->oom = 1;
        return;
    }
    size_t n = strlen(c);
    int w = cols(c, n);
    if (w > width) {
        n = cols_bytes(c, n, width - 3);
        memcpy(c + n, "...", 4);
        n += 3;
        w = width;
    }
    if (right)
        co_buf_printf(t->b, "%*s", width - w, "");
    co_buf_put(t->b, c, n);
    if (!right)
        co_buf_printf(t->b, "%*s", width - w, "");
    free(c);
}

/* Writes a line, broken at spaces to fit CO_COMPARE_WIDTH columns: the
 * first part indented by `indent`, the rest by `cont`; a word longer than
 * a line is cut. */
static void wrap(text *t, int indent, int cont, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static void wrap(text *t, int indent, int cont, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *raw = co_vasprintf(fmt, ap);
    va_end(ap);
    char *s = raw ? clean(raw) : NULL;
    free(raw);
    if (!s) {
        t->oom = 1;
        return;
    }
    const char *p = s;
    int pad = indent;
    do {
        int room = CO_COMPARE_WIDTH - pad;
        size_t n = strlen(p), cut = n;
        if (cols(p, n) > room) {
            cut = cols_bytes(p, n, room);
            size_t sp = cut;
            while (sp > 0 && p[sp] != ' ')
                sp--;
            if (sp > 0)
                cut = sp;
        }
        size_t end = cut;
        while (end > 0 && p[end - 1] == ' ')
            end--;
        co_buf_printf(t->b, "%*s", pad, "");
        co_buf_put(t->b, p, end);
        co_buf_put(t->b, "\n", 1);
        p += cut;
        while (*p == ' ')
            p++;
        pad = cont;
    } while (*p);
    free(s);
}


/* "45.2M", "850K", "120" (USD); with `sign` a leading "+" when positive;
 * "-" for an unknown amount. buf >= 32 bytes. */
static const char *money(double v, int sign, char *buf)
{
    const char *plus = sign && v > 0 ? "+" : "";
    double a = fabs(v);
    if (!isfinite(v))
        snprintf(buf, 32, "-");
    else if (a >= 999950)
        snprintf(buf, 32, "%s%.1fM", plus, v / 1e6);
    else if (a >= 999.5)
        snprintf(buf, 32, "%s%.0fK", plus, v / 1e3);
    else if (a >= 0.5 || a == 0)
        snprintf(buf, 32, "%s%.0f", plus, v);
    else
        snprintf(buf, 32, "%s%.2f", plus, v);
    return buf;
}

/* "52.0%" or "n/a" */
static const char *pct(double v, char *buf)
{
    if (isfinite(v))
        snprintf(buf, 32, "%.1f%%", v * 100.0);
    else
        snprintf(buf, 32, "n/a");
    return buf;
}

/* "+1.5 pt", "0.0 pt", or "" when unknown */
static const char *points(double v, char *buf)
{
    if (!isfinite(v))
        buf[0] = '\0';
    else if (v == 0)
        snprintf(buf, 32, "0.0 pt");
    else
        snprintf(buf, 32, "%+.1f pt", v * 100.0);
    return buf;
}

/* "65,157,258.73" (with `sign`, "+" when positive); buf >= 40 bytes. */
static const char *amount(double v, int sign, char *buf)
{
    if (!isfinite(v) || fabs(v) >= 1e15) {
        snprintf(buf, 40, "%s", isfinite(v) ? co_num(0, v) : "-");
        return buf;
    }
    long long c = llround(v * 100.0);
    char whole[32];
    co_fmt_usd((int64_t)(llabs(c) / 100 * 100), whole);
    snprintf(buf, 40, "%s%s.%02lld", c < 0 ? "-" : sign && c > 0 ? "+" : "", whole,
             llabs(c) % 100);
    return buf;
}

/* The outcomes in order: the baseline (after NULL), then each scenario. */
static const cJSON *next_outcome(const cJSON *cmp, const cJSON *o)
{
    const cJSON *base = cJSON_GetObjectItemCaseSensitive(cmp, "baseline");
    if (!o)
        return base;
    if (o == base) {
        const cJSON *scen = cJSON_GetObjectItemCaseSensitive(cmp, "scenarios");
        return scen ? scen->child : NULL;
    }
    return o->next;
}

static const char *outcome_name(const cJSON *o)
{
    const char *n = co_json_str(o, "name");
    return n ? n : "baseline";
}

/* The table: one row per outcome, the baseline first. */
static void table(text *t, const cJSON *cmp)
{
    static const struct {
        const char *head;
        int width, right;
    } col[] = {{"scenario", 26, 0}, {"status", 12, 0}, {"allocated", 9, 1}, {"change", 8, 1},
               {"urgent", 7, 1},    {"change", 9, 1},  {"seats", 5, 1},     {"in/out", 8, 1}};
    enum { NCOL = sizeof col / sizeof col[0] };
    for (int c = 0; c < NCOL; c++) {
        cell(t, col[c].head, col[c].width, col[c].right);
        co_buf_put(t->b, c + 1 < NCOL ? "  " : "\n", c + 1 < NCOL ? 2 : 1);
    }
    for (const cJSON *o = next_outcome(cmp, NULL); o; o = next_outcome(cmp, o)) {
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(o, "delta");
        int has = cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, "allocated"));
        char v[NCOL][40] = {{0}};
        money(co_json_num(o, "allocated"), 0, v[2]);
        if (cJSON_IsObject(d))
            money(co_json_num(d, "allocated"), 1, v[3]);
        pct(co_json_num(o, "urgent_share"), v[4]);
        if (!has)
            snprintf(v[4], 40, "-");
        points(co_json_num(d, "urgent_share"), v[5]);
        if (has)
            snprintf(v[6], 40, "%.0f", co_json_num(o, "seats"));
        else
            snprintf(v[6], 40, "-");
        if (cJSON_IsObject(d))
            snprintf(v[7], 40, "+%.0f/-%.0f", co_json_num(d, "seats_in"), co_json_num(d, "seats_out"));
        const char *cells[NCOL] = {outcome_name(o), co_json_str(o, "status"), v[2], v[3],
                                   v[4], v[5], v[6], v[7]};
        size_t start = t->b->len;
        for (int c = 0; c < NCOL; c++) {
            cell(t, cells[c], col[c].width, col[c].right);
            if (c + 1 < NCOL)
                co_buf_put(t->b, "  ", 2);
        }
        while (t->b->len > start && t->b->data[t->b->len - 1] == ' ')
            t->b->len--;
        co_buf_put(t->b, "\n", 1);
    }
}

/* The width of the longest id (key) among the first `cap` items, at most 12. */
static int id_width(const cJSON *arr, const char *key, int cap)
{
    int w = 0, i = 0;
    for (const cJSON *x = arr ? arr->child : NULL; x && i < cap; x = x->next, i++) {
        const char *id = co_json_str(x, key);
        int n = id ? (int)strlen(id) : 0;
        w = n > w ? n : w;
    }
    return w > 12 ? 12 : w;
}

/* "NOR, USA" */
static char *joined(const cJSON *arr)
{
    co_buf b;
    co_buf_init(&b);
    co_buf_put(&b, "", 0);
    for (const cJSON *x = arr ? arr->child : NULL; x; x = x->next)
        if (cJSON_IsString(x))
            co_buf_printf(&b, "%s%s", b.len ? ", " : "", x->valuestring);
    if (b.oom || !b.data) {
        co_buf_release(&b);
        return NULL;
    }
    return b.data;
}

static void state_line(text *t, const cJSON *s, int w)
{
    co_buf l;
    co_buf_init(&l);
    char c1[32], c2[32], c3[32], m[32];
    const char *sep = "";
    double cov = co_json_num(s, "coverage"), before = co_json_num(s, "coverage_before");
    double change = co_json_num(s, "coverage_change");
    if (isfinite(cov) != isfinite(before) || (isfinite(change) && change != 0)) {
        co_buf_printf(&l, "coverage %s -> %s (", pct(before, c1), pct(cov, c2));
        if (isfinite(change))
            co_buf_printf(&l, "%s, ", points(change, c3));
        co_buf_printf(&l, "%s)", money(co_json_num(s, "allocated_change"), 1, m));
        sep = "; ";
    }
    const char *lead = co_json_str(s, "lead"), *lead_before = co_json_str(s, "lead_before");
    if (!same_str(lead, lead_before)) {
        co_buf_printf(&l, "%slead %s -> %s", sep, lead_before ? lead_before : "none",
                      lead ? lead : "none");
        sep = "; ";
    }
    static const char *const lists[2][2] = {{"members_in", "in"}, {"members_out", "out"}};
    for (int i = 0; i < 2; i++) {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(s, lists[i][0]);
        if (cJSON_GetArraySize(a) == 0)
            continue;
        char *ids = joined(a);
        if (!ids)
            l.oom = 1;
        else
            co_buf_printf(&l, "%s%s: %s", sep, lists[i][1], ids);
        free(ids);
        sep = "; ";
    }
    if (l.oom)
        t->oom = 1;
    else
        wrap(t, 2, 8 + w, "State %-*s  %s", w, co_json_str(s, "state"), l.data ? l.data : "");
    co_buf_release(&l);
}

/* True when the donor line shows a change of its +1 USD value. */
static int value_moved(const cJSON *d)
{
    double v0 = co_json_num(d, "marginal_value_before"), v1 = co_json_num(d, "marginal_value");
    return isfinite(v0) && isfinite(v1) && fabs(v1 - v0) >= 5e-5;
}

static void donor_line(text *t, const cJSON *d, int w)
{
    char u1[32], u2[32], p[32], m[32];
    double change = co_json_num(d, "utilisation_change");
    double v0 = co_json_num(d, "marginal_value_before"), v1 = co_json_num(d, "marginal_value");
    char mv[64] = "";
    if (value_moved(d))
        snprintf(mv, sizeof mv, "; +1 USD worth %.4f -> %.4f", v0, v1);
    wrap(t, 2, 8 + w, "donor %-*s  utilisation %s -> %s (%s%s%s)%s", w, co_json_str(d, "donor"),
         pct(co_json_num(d, "utilisation_before"), u1), pct(co_json_num(d, "utilisation"), u2),
         isfinite(change) ? points(change, p) : "", isfinite(change) ? ", " : "",
         money(co_json_num(d, "allocated_change"), 1, m), mv);
}

/* Up to `cap` lines of a list, then "... and N more". */
static void capped(text *t, const cJSON *arr, const char *key, int cap, const char *what,
                   void (*line)(text *, const cJSON *, int))
{
    int w = id_width(arr, key, cap), i = 0, n = cJSON_GetArraySize(arr);
    for (const cJSON *x = arr ? arr->child : NULL; x && i < cap; x = x->next, i++)
        line(t, x, w);
    if (n > cap)
        wrap(t, 2, 4, "... and %d more %s", n - cap, what);
}

/* Why an outcome has no plan: its message, conflicts and fixes. */
static void no_plan(text *t, const cJSON *o)
{
    const char *msg = co_json_str(o, "message");
    if (msg)
        wrap(t, 2, 4, "%s", msg);
    const cJSON *ex = cJSON_GetObjectItemCaseSensitive(o, "explanation");
    static const char *const parts[2][2] = {{"conflicts", "conflict"}, {"fixes", "fix"}};
    for (int i = 0; i < 2; i++) {
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(ex, parts[i][0]);
        for (const cJSON *x = a ? a->child : NULL; x; x = x->next)
            if (cJSON_IsString(x))
                wrap(t, 2, 4 + (int)strlen(parts[i][1]), "%s: %s", parts[i][1], x->valuestring);
    }
}

static void section(text *t, const cJSON *o, int is_base)
{
    const char *status = co_json_str(o, "status");
    int has = cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, "allocated"));
    if (is_base && has)
        return;
    co_buf_put(t->b, "\n", 1);
    if (!has) {
        wrap(t, 0, 2, "%s: %s, no plan (exit %.0f)", outcome_name(o), status ? status : "?",
             co_json_num(o, "exit"));
        no_plan(t, o);
        return;
    }
    char g[32];
    double gap = co_json_num(o, "gap");
    if (status && strcmp(status, "optimal") != 0 && isfinite(gap))
        snprintf(g, sizeof g, ", gap %.2f%%", gap * 100.0);
    else
        g[0] = '\0';
    wrap(t, 0, 2, "%s: %s%s", outcome_name(o), status ? status : "?", g);
    const cJSON *states = cJSON_GetObjectItemCaseSensitive(o, "states");
    const cJSON *donors = cJSON_GetObjectItemCaseSensitive(o, "donors");
    if (!cJSON_IsArray(states)) {
        wrap(t, 2, 4, "no comparison: the baseline has no plan");
        return;
    }
    capped(t, states, "state", STATE_LINES, "States", state_line);
    capped(t, donors, "donor", DONOR_LINES, "donors", donor_line);
    int moved = 0;
    for (const cJSON *d = donors ? donors->child : NULL; d && !moved; d = d->next)
        moved = value_moved(d);
    if (moved && cJSON_IsFalse(cJSON_GetObjectItemCaseSensitive(o, "marginal_values_unique")))
        wrap(t, 2, 4, "(+1 USD values: the LP behind them is degenerate, so they are one valid "
                      "set, not the only one)");
    if (cJSON_GetArraySize(states) == 0 && cJSON_GetArraySize(donors) == 0)
        wrap(t, 2, 4, "no State's coverage, lead or members and no donor's allocation changed");
}

static void ranking(text *t, const cJSON *cmp)
{
    co_buf_put(t->b, "\n", 1);
    wrap(t, 0, 2,
         "Ranking by objective. Objectives compare only between runs with the same weights: "
         "a scenario that changes deadlines, evidence, expertise or parameters changes the "
         "weights, and so the objective; compare those by the table above.");
    const cJSON *arr = cJSON_GetObjectItemCaseSensitive(cmp, "ranking");
    for (const cJSON *r = arr ? arr->child : NULL; r; r = r->next) {
        char a[40], c[40];
        co_buf_printf(t->b, "%4.0f  ", co_json_num(r, "rank"));
        cell(t, outcome_name(r), 44, 0);
        co_buf_printf(t->b, "  %18s", amount(co_json_num(r, "objective"), 0, a));
        if (co_json_str(r, "name"))
            co_buf_printf(t->b, "  %16s", amount(co_json_num(r, "objective_change"), 1, c));
        co_buf_put(t->b, "\n", 1);
    }
    if (cJSON_GetArraySize(arr) == 0)
        wrap(t, 2, 4, "no run has a plan");
}

/* The names of outcomes without a plan, after the ranking. */
static void unranked(text *t, const cJSON *cmp)
{
    co_buf l;
    co_buf_init(&l);
    for (const cJSON *o = next_outcome(cmp, NULL); o; o = next_outcome(cmp, o))
        if (!cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, "allocated")))
            co_buf_printf(&l, "%s%s", l.len ? ", " : "", outcome_name(o));
    if (l.oom)
        t->oom = 1;
    else if (l.len)
        wrap(t, 0, 2, "Not ranked (no plan): %.*s", (int)l.len, l.data);
    co_buf_release(&l);
}

int co_compare_text(const cJSON *cmp, co_buf *out, co_diag *dg)
{
    text t = {out, 0};
    const cJSON *ds = cJSON_GetObjectItemCaseSensitive(cmp, "dataset");
    const cJSON *scen = cJSON_GetObjectItemCaseSensitive(cmp, "scenarios");
    const char *name = co_json_str(ds, "name"), *sha = co_json_str(ds, "sha256");
    const char *file = co_json_str(cmp, "scenarios_file");
    int n = cJSON_GetArraySize(scen);
    wrap(&t, 0, 2, "What-if on %s%s%.12s%s: the baseline and %d scenario%s%s%s", name ? name : "the dataset",
         sha ? " (" : "", sha ? sha : "", sha ? ")" : "", n, n == 1 ? "" : "s",
         file ? " from " : "", file ? file : "");
    co_buf_put(out, "\n", 1);
    table(&t, cmp);
    wrap(&t, 0, 0,
         "USD (M millions, K thousands); urgent: share of the urgent need (urgency > 1) "
         "covered, change in percentage points; in/out: coalition seats gained and lost.");
    for (const cJSON *o = next_outcome(cmp, NULL); o; o = next_outcome(cmp, o))
        section(&t, o, o == cJSON_GetObjectItemCaseSensitive(cmp, "baseline"));
    ranking(&t, cmp);
    unranked(&t, cmp);
    if (t.oom || out->oom) {
        co_err(dg, "out of memory writing the comparison");
        return CO_EINTERNAL;
    }
    return CO_OK;
}
