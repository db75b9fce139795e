/*
 * rundiff.c: compares two stored runs (rundiff.h): their plans, read back
 * from the store, and the runs' metadata. Both plans' lists are put in id
 * order (bytes) first, so every comparison is one merge walk; the totals
 * are co_plan_totals_of's. Leads with what coordinators count, as
 * FORMATS.md "Scenarios" asks of comparisons, then the deadline
 * analysis's verdicts of multi-year plans, and ends with the objective.
 */
#include "render/rundiff.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fmt.h"
#include "base/json.h"
#include "base/util.h"
#include "result/deadline_change.h"

/* A parameter as diff shows it: as_of as text, numbers in their shortest
 * form. */
typedef struct param {
    const char *name;
    char *text;
    double value; /* NaN for a text value */
} param;

/* One run's side: metadata, plan, and its lists in id order. */
typedef struct side {
    const co_store_run *run;
    const co_plan *pl;
    param *params;
    int n_params;
    const co_plan_coalition **coal; /* by State id */
    int n_coal;
    const co_plan_alloc **alloc;    /* by (state, need, donor, year) */
    int n_alloc;
} side;

typedef struct differ {
    side a, b;
    int64_t threshold; /* cents */
    co_buf *text;
    co_json *root;
    int oom;
} differ;

static void add(differ *df, co_json *obj, const char *key, co_json *v)
{
    co_json_put(&df->oom, obj, key, v);
}

/* {"from": a, "to": b, "change": b - a} with nulls for unknown values. */
static co_json *change(differ *df, double from, double to)
{
    co_json *o = co_json_new_object();
    add(df, o, "from", co_json_new_number(from));
    add(df, o, "to", co_json_new_number(to));
    add(df, o, "change", co_json_new_number(isfinite(from) && isfinite(to) ? to - from : NAN));
    return o;
}

/* "45.0%" or "n/a" */
static const char *pct(char *buf, size_t n, double v)
{
    if (isfinite(v))
        snprintf(buf, n, "%.1f%%", v * 100.0);
    else
        snprintf(buf, n, "n/a");
    return buf;
}

/* "a% -> b% (+d pts)", the change only when both are known */
static void pct_change(co_buf *t, double a, double b)
{
    char pa[16], pb[16];
    co_buf_printf(t, "%s -> %s", pct(pa, sizeof pa, a), pct(pb, sizeof pb, b));
    if (isfinite(a) && isfinite(b))
        co_buf_printf(t, " (%+.1f pts)", (b - a) * 100.0);
}

/* "1,000 -> 0 (-1,000)" in whole USD */
static void usd_change(co_buf *t, int64_t a, int64_t b)
{
    char m1[32], m2[32], m3[32];
    co_buf_printf(t, "%s -> %s (%s%s)", co_fmt_usd(a, m1), co_fmt_usd(b, m2),
                  b - a > 0 ? "+" : "", co_fmt_usd(b - a, m3));
}

static int64_t known(int64_t c)
{
    return c == CO_CENTS_NONE ? 0 : c;
}

/* ---- each side in id order ------------------------------------------------ */

static int cmp_coal(const void *x, const void *y)
{
    return strcmp((*(const co_plan_coalition *const *)x)->state,
                  (*(const co_plan_coalition *const *)y)->state);
}

static int cmp_alloc(const co_plan_alloc *x, const co_plan_alloc *y)
{
    int c = strcmp(x->state, y->state);
    if (!c)
        c = strcmp(x->need, y->need);
    if (!c)
        c = strcmp(x->donor, y->donor);
    if (!c) /* a multi-year plan's allocations differ by year too */
        c = (x->year > y->year) - (x->year < y->year);
    return c;
}

static int cmp_alloc_p(const void *x, const void *y)
{
    return cmp_alloc(*(const co_plan_alloc *const *)x, *(const co_plan_alloc *const *)y);
}

/* The side's parameters and sorted lists (items without ids left out). */
static int side_init(side *s, const co_store_run *run, const co_plan *pl)
{
    memset(s, 0, sizeof *s);
    s->run = run;
    s->pl = pl;
    s->params = calloc((size_t)pl->n_params + 1, sizeof *s->params);
    s->coal = malloc(((size_t)pl->n_coalitions + 1) * sizeof *s->coal);
    s->alloc = malloc(((size_t)pl->n_allocs + 1) * sizeof *s->alloc);
    if (!s->params || !s->coal || !s->alloc)
        return -1;
    s->params[s->n_params++] = (param){"as_of", co_strdup(pl->as_of ? pl->as_of : ""), NAN};
    for (int i = 0; pl->params && i < pl->n_params; i++)
        s->params[s->n_params++] = (param){pl->params[i].name,
                                           co_strdup(co_num(0, pl->params[i].value)),
                                           pl->params[i].value};
    for (int i = 0; i < s->n_params; i++)
        if (!s->params[i].text || !s->params[i].name)
            return -1;
    for (int i = 0; pl->coalitions && i < pl->n_coalitions; i++)
        if (pl->coalitions[i].state)
            s->coal[s->n_coal++] = &pl->coalitions[i];
    for (int i = 0; pl->allocs && i < pl->n_allocs; i++) {
        const co_plan_alloc *a = &pl->allocs[i];
        if (a->state && a->need && a->donor && a->cents != CO_CENTS_NONE)
            s->alloc[s->n_alloc++] = a;
    }
    qsort(s->coal, (size_t)s->n_coal, sizeof *s->coal, cmp_coal);
    qsort(s->alloc, (size_t)s->n_alloc, sizeof *s->alloc, cmp_alloc_p);
    return 0;
}

static void side_release(side *s)
{
    for (int i = 0; s->params && i < s->n_params; i++)
        free(s->params[i].text);
    free(s->params);
    free(s->coal);
    free(s->alloc);
}

/* ---- the parts ----------------------------------------------------------- */

static co_json *run_json(differ *df, const co_store_run *r)
{
    co_json *o = co_json_new_object(), *d = co_json_new_object();
    add(df, o, "run", co_json_new_number((double)r->id));
    add(df, d, "name", co_json_new_string(r->dataset_name));
    add(df, d, "sha256", co_json_new_string(r->dataset));
    add(df, o, "dataset", d);
    add(df, o, "scenario", co_json_new_string(r->scenario));
    add(df, o, "status", co_json_new_string(r->status));
    add(df, o, "started_at", co_json_new_string(r->started_at));
    return o;
}

static int same_str(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

static void header(differ *df)
{
    const co_store_run *ra = df->a.run, *rb = df->b.run;
    co_buf *t = df->text;
    co_buf_printf(t, "run %lld -> run %lld\n", ra->id, rb->id);
    add(df, df->root, "from", run_json(df, ra));
    add(df, df->root, "to", run_json(df, rb));
    if (!same_str(ra->dataset, rb->dataset))
        co_buf_printf(t, "dataset: %s (%.12s) -> %s (%.12s)\n",
                      ra->dataset_name ? ra->dataset_name : ra->source, ra->dataset,
                      rb->dataset_name ? rb->dataset_name : rb->source, rb->dataset);
    if (!same_str(ra->scenario, rb->scenario))
        co_buf_printf(t, "scenario: %s -> %s\n", ra->scenario ? ra->scenario : "none",
                      rb->scenario ? rb->scenario : "none");
    if (!same_str(ra->status, rb->status))
        co_buf_printf(t, "status: %s -> %s\n", ra->status, rb->status);
    add(df, df->root, "threshold", co_json_new_number((double)df->threshold / 100.0));
}

static co_json *param_value(const param *p)
{
    if (!p)
        return co_json_new_null();
    return isfinite(p->value) ? co_json_new_number(p->value) : co_json_new_string(p->text);
}

static const param *find_param(const side *s, const char *name)
{
    for (int i = 0; i < s->n_params; i++)
        if (strcmp(s->params[i].name, name) == 0)
            return &s->params[i];
    return NULL;
}

/* Parameters in run b's order, then those only run a has. */
static void parameters(differ *df)
{
    co_json *arr = co_json_new_array();
    add(df, df->root, "parameters", arr);
    if (df->oom)
        return;
    for (int pass = 0; pass < 2; pass++) {
        const side *x = pass == 0 ? &df->b : &df->a;
        for (int i = 0; i < x->n_params; i++) {
            const param *pb = pass == 0 ? &x->params[i] : NULL;
            const param *pa = find_param(&df->a, x->params[i].name);
            if (pass == 1) {
                if (find_param(&df->b, x->params[i].name))
                    continue;
                pa = &x->params[i];
            }
            if (pa && pb && strcmp(pa->text, pb->text) == 0)
                continue;
            co_buf_printf(df->text, "parameter %s: %s -> %s\n", x->params[i].name,
                          pa ? pa->text : "none", pb ? pb->text : "none");
            co_json *o = co_json_new_object();
            add(df, arr, NULL, o);
            if (df->oom)
                return;
            add(df, o, "name", co_json_new_string(x->params[i].name));
            add(df, o, "from", param_value(pa));
            add(df, o, "to", param_value(pb));
        }
    }
}

/* Money placed, urgent need covered, seats. */
static void totals(differ *df)
{
    co_plan_totals ta = co_plan_totals_of(df->a.pl, NULL), tb = co_plan_totals_of(df->b.pl, NULL);
    int sa = df->a.pl->seats, sb = df->b.pl->seats;
    co_buf *t = df->text;
    if (ta.allocated != tb.allocated) {
        char m1[32], m2[32], m3[32];
        co_buf_printf(t, "allocated: %s -> %s USD (%s%s)\n", co_fmt_usd(ta.allocated, m1),
                      co_fmt_usd(tb.allocated, m2), tb.allocated > ta.allocated ? "+" : "",
                      co_fmt_usd(tb.allocated - ta.allocated, m3));
    }
    add(df, df->root, "allocated", change(df, co_usd(ta.allocated), co_usd(tb.allocated)));
    double ua = co_share(ta.urgent_allocated, ta.urgent_requested);
    double ub = co_share(tb.urgent_allocated, tb.urgent_requested);
    if ((isfinite(ua) || isfinite(ub)) && !(ua == ub)) {
        co_buf_printf(t, "urgent need covered: ");
        pct_change(t, ua, ub);
        co_buf_put(t, "\n", 1);
    }
    add(df, df->root, "urgent_covered", change(df, ua, ub));
    if (sa != sb)
        co_buf_printf(t, "seats: %d -> %d (%+d)\n", sa, sb, sb - sa);
    add(df, df->root, "seats", change(df, sa, sb));
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Member donor ids of a coalition (NULL: none), sorted; NULL on failure
 * when there are members. *n: how many (members without a donor left out). */
static const char **member_ids(const co_plan_coalition *c, int *n)
{
    *n = 0;
    if (!c || c->n_members == 0)
        return NULL;
    const char **v = malloc((size_t)c->n_members * sizeof *v);
    if (!v)
        return NULL;
    for (int i = 0; i < c->n_members; i++)
        if (c->members[i].donor)
            v[(*n)++] = c->members[i].donor;
    qsort(v, (size_t)*n, sizeof *v, cmp_str);
    return v;
}

/* One State's changes; ca or cb may be NULL (the State is in one run only). */
static void state_change(differ *df, co_json *arr, const co_plan_coalition *ca,
                         const co_plan_coalition *cb)
{
    const char *state = ca ? ca->state : cb->state;
    int na, nb;
    const char **ma = member_ids(ca, &na), **mb = member_ids(cb, &nb);
    co_json *added = co_json_new_array(), *removed = co_json_new_array();
    int n_added = 0, n_removed = 0;
    if ((ca && ca->n_members && !ma) || (cb && cb->n_members && !mb) || !added || !removed) {
        df->oom = 1;
        goto done;
    }
    int i = 0, k = 0;
    while (i < na || k < nb) {
        int c = i == na ? 1 : k == nb ? -1 : strcmp(ma[i], mb[k]);
        if (c < 0)
            add(df, removed, NULL, co_json_new_string(ma[i++])), n_removed++;
        else if (c > 0)
            add(df, added, NULL, co_json_new_string(mb[k++])), n_added++;
        else
            i++, k++;
    }
    const char *la = ca ? ca->lead : NULL, *lb = cb ? cb->lead : NULL;
    int lead_changed = !same_str(la, lb);
    int64_t aa = ca ? known(ca->allocated) : 0, ab = cb ? known(cb->allocated) : 0;
    double ra = ca ? ca->requested : NAN, rb = cb ? cb->requested : NAN;
    int moved = llabs(ab - aa) > df->threshold || !(ra == rb);
    int members_changed = n_added > 0 || n_removed > 0;
    if (!members_changed && !lead_changed && !moved)
        goto done;

    co_buf *t = df->text;
    const char *sep = "";
    co_buf_printf(t, "%s: ", state);
    if (members_changed) {
        co_buf_printf(t, "members");
        for (const co_json *x = co_json_first(added); x; x = co_json_next(x))
            co_buf_printf(t, " +%s", co_json_string(x));
        for (const co_json *x = co_json_first(removed); x; x = co_json_next(x))
            co_buf_printf(t, " -%s", co_json_string(x));
        sep = "; ";
    }
    if (lead_changed) {
        co_buf_printf(t, "%slead %s -> %s", sep, la ? la : "none", lb ? lb : "none");
        sep = "; ";
    }
    double cova = ca ? ca->coverage : NAN, covb = cb ? cb->coverage : NAN;
    if (moved) {
        co_buf_printf(t, "%scoverage ", sep);
        pct_change(t, cova, covb);
    }
    co_buf_put(t, "\n", 1);

    co_json *o = co_json_new_object();
    add(df, arr, NULL, o);
    if (df->oom)
        goto done;
    add(df, o, "state", co_json_new_string(state));
    add(df, o, "members_added", added);
    add(df, o, "members_removed", removed);
    added = removed = NULL;
    co_json *lead = NULL;
    if (lead_changed) {
        lead = co_json_new_object();
        add(df, lead, "from", co_json_new_string(la));
        add(df, lead, "to", co_json_new_string(lb));
    }
    add(df, o, "lead", lead_changed ? lead : co_json_new_null());
    add(df, o, "coverage", moved ? change(df, cova, covb) : co_json_new_null());
done:
    co_json_free(added);
    co_json_free(removed);
    free(ma);
    free(mb);
}

static void coalitions(differ *df)
{
    co_json *arr = co_json_new_array();
    add(df, df->root, "states", arr);
    if (df->oom)
        return;
    const side *a = &df->a, *b = &df->b;
    size_t before = df->text->len;
    int i = 0, k = 0;
    while ((i < a->n_coal || k < b->n_coal) && !df->oom) {
        int c = i == a->n_coal   ? 1
                : k == b->n_coal ? -1
                                 : strcmp(a->coal[i]->state, b->coal[k]->state);
        if (c < 0)
            state_change(df, arr, a->coal[i++], NULL);
        else if (c > 0)
            state_change(df, arr, NULL, b->coal[k++]);
        else
            state_change(df, arr, a->coal[i++], b->coal[k++]);
    }
    if (df->text->len == before)
        co_buf_printf(df->text, "coalitions: no changes\n");
}

static void allocations(differ *df)
{
    co_json *arr = co_json_new_array();
    add(df, df->root, "allocations", arr);
    if (df->oom)
        return;
    const side *a = &df->a, *b = &df->b;
    int i = 0, k = 0;
    while ((i < a->n_alloc || k < b->n_alloc) && !df->oom) {
        int c = i == a->n_alloc   ? 1
                : k == b->n_alloc ? -1
                                  : cmp_alloc(a->alloc[i], b->alloc[k]);
        const co_plan_alloc *x = c <= 0 ? a->alloc[i] : b->alloc[k];
        int64_t from = c <= 0 ? a->alloc[i]->cents : 0, to = c >= 0 ? b->alloc[k]->cents : 0;
        if (c <= 0)
            i++;
        if (c >= 0)
            k++;
        if (llabs(to - from) <= df->threshold)
            continue;
        co_buf_printf(df->text, "allocation %s -> %s", x->donor, x->need);
        if (x->year)
            co_buf_printf(df->text, " in %d", x->year);
        co_buf_printf(df->text, ": ");
        usd_change(df->text, from, to);
        co_buf_put(df->text, "\n", 1);
        co_json *o = co_json_new_object();
        add(df, arr, NULL, o);
        if (df->oom)
            return;
        add(df, o, "donor", co_json_new_string(x->donor));
        add(df, o, "need", co_json_new_string(x->need));
        add(df, o, "state", co_json_new_string(x->state));
        add(df, o, "area", co_json_new_string(x->area));
        if (x->year)
            add(df, o, "year", co_json_new_number(x->year));
        add(df, o, "from", co_json_new_number(co_usd(from)));
        add(df, o, "to", co_json_new_number(co_usd(to)));
        add(df, o, "change", co_json_new_number(co_usd(to - from)));
    }
}

/* ---- the deadline analysis (multi-year plans) ---- */

/* The money placed by each deadline, the verdicts and completion years of
 * the deadline analysis (result/deadline_change.h), a line and a JSON
 * object per obligation that changed; nothing when neither plan has one
 * (one-period plans). */
static void deadlines(differ *df)
{
    const co_plan *pa = df->a.pl, *pb = df->b.pl;
    if (!(pa && pa->deadlines) && !(pb && pb->deadlines))
        return;
    int na, nb, n = 0;
    const co_plan_deadline **a = co_deadlines_by_need(pa, &na), **b = co_deadlines_by_need(pb, &nb);
    co_deadline_change *v = malloc(((size_t)na + (size_t)nb + 1) * sizeof *v);
    co_json *arr = co_json_new_array();
    add(df, df->root, "deadlines", arr);
    if (!a || !b || !v)
        df->oom = 1;
    else
        n = co_deadline_changes(a, na, b, nb, v);
    for (int i = 0; i < n && !df->oom; i++) {
        co_buf_printf(df->text, "deadline %s: ", v[i].need);
        co_deadline_change_parts(df->text, &v[i], " -> ");
        co_buf_put(df->text, "\n", 1);
        add(df, arr, NULL, co_deadline_change_json(&v[i]));
    }
    if (!n && !df->oom)
        co_buf_printf(df->text, "deadlines: no changes\n");
    free(v);
    free(a);
    free(b);
}

/* The objective of a run with a plan (NaN without one). */
static double objective_of(const co_plan *pl)
{
    return co_plan_has_solution(pl) ? pl->total : NAN;
}

static void objective(differ *df)
{
    double a = objective_of(df->a.pl), b = objective_of(df->b.pl);
    char ta[32], tb[32];
    if (isfinite(a))
        snprintf(ta, sizeof ta, "%.2f", a);
    else
        snprintf(ta, sizeof ta, "n/a");
    if (isfinite(b))
        snprintf(tb, sizeof tb, "%.2f", b);
    else
        snprintf(tb, sizeof tb, "n/a");
    co_buf_printf(df->text, "objective: %s -> %s", ta, tb);
    if (isfinite(a) && isfinite(b))
        co_buf_printf(df->text, " (%+.2f)", b - a);
    co_buf_put(df->text, "\n", 1);
    add(df, df->root, "objective", change(df, a, b));
}

int co_rundiff(const co_store_run *ra, const co_plan *pa, const co_store_run *rb,
               const co_plan *pb, double threshold, co_buf *text, char **json, co_diag *dg)
{
    differ df = {.threshold = llround(threshold * 100.0), .text = text};
    co_buf out;
    co_buf_init(&out);
    *json = NULL;
    int ok = side_init(&df.a, ra, pa) == 0;
    ok = side_init(&df.b, rb, pb) == 0 && ok;
    df.root = co_json_new_object();
    if (!ok || !df.root)
        goto oom;
    header(&df);
    parameters(&df);
    totals(&df);
    coalitions(&df);
    allocations(&df);
    deadlines(&df);
    objective(&df);
    if (df.oom || text->oom)
        goto oom;
    co_json_write(df.root, 0, &out);
    co_buf_put(&out, "\n", 1);
    if (out.oom)
        goto oom;
    co_json_free(df.root);
    side_release(&df.a);
    side_release(&df.b);
    *json = out.data;
    return CO_OK;
oom:
    co_json_free(df.root);
    side_release(&df.a);
    side_release(&df.b);
    co_buf_release(&out);
    co_err(dg, "out of memory comparing runs");
    return CO_EINTERNAL;
}
