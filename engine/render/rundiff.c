/*
 * rundiff.c: compares two stored runs (rundiff.h). Both runs' lists come
 * sorted by id bytes from the store, so every comparison is one merge
 * walk. Leads with what coordinators count, as docs/FORMATS.md asks for
 * comparisons, and ends with the objective.
 */
#include "base/json.h"
#include "render/rundiff.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/report.h"
#include "base/util.h"

typedef struct differ {
    const co_store_result *a, *b;
    int64_t threshold; /* cents */
    co_buf *text;
    cJSON *root;
    int oom;
} differ;

static cJSON *num_or_null(double v)
{
    return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

static cJSON *str_or_null(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

static void add(differ *df, cJSON *obj, const char *key, cJSON *v)
{
    co_json_put(&df->oom, obj, key, v);
}

/* {"from": a, "to": b, "change": b - a} with nulls for unknown values. */
static cJSON *change(double from, double to)
{
    cJSON *o = cJSON_CreateObject();
    if (!o)
        return NULL;
    cJSON_AddItemToObject(o, "from", num_or_null(from));
    cJSON_AddItemToObject(o, "to", num_or_null(to));
    cJSON_AddItemToObject(o, "change",
                          num_or_null(isfinite(from) && isfinite(to) ? to - from : NAN));
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

static cJSON *run_json(const co_store_run *r)
{
    cJSON *o = cJSON_CreateObject(), *d = cJSON_CreateObject();
    if (!o || !d) {
        cJSON_Delete(o);
        cJSON_Delete(d);
        return NULL;
    }
    cJSON_AddItemToObject(o, "run", cJSON_CreateNumber((double)r->id));
    cJSON_AddItemToObject(d, "name", str_or_null(r->dataset_name));
    cJSON_AddItemToObject(d, "sha256", str_or_null(r->dataset));
    cJSON_AddItemToObject(o, "dataset", d);
    cJSON_AddItemToObject(o, "scenario", str_or_null(r->scenario));
    cJSON_AddItemToObject(o, "status", str_or_null(r->status));
    cJSON_AddItemToObject(o, "started_at", str_or_null(r->started_at));
    return o;
}

static int same_str(const char *x, const char *y)
{
    return (!x && !y) || (x && y && strcmp(x, y) == 0);
}

static void header(differ *df)
{
    const co_store_run *ra = &df->a->run, *rb = &df->b->run;
    co_buf *t = df->text;
    co_buf_printf(t, "run %lld -> run %lld\n", ra->id, rb->id);
    add(df, df->root, "from", run_json(ra));
    add(df, df->root, "to", run_json(rb));
    if (!same_str(ra->dataset, rb->dataset))
        co_buf_printf(t, "dataset: %s (%.12s) -> %s (%.12s)\n",
                      ra->dataset_name ? ra->dataset_name : ra->source, ra->dataset,
                      rb->dataset_name ? rb->dataset_name : rb->source, rb->dataset);
    if (!same_str(ra->scenario, rb->scenario))
        co_buf_printf(t, "scenario: %s -> %s\n", ra->scenario ? ra->scenario : "none",
                      rb->scenario ? rb->scenario : "none");
    if (!same_str(ra->status, rb->status))
        co_buf_printf(t, "status: %s -> %s\n", ra->status, rb->status);
    add(df, df->root, "threshold", cJSON_CreateNumber((double)df->threshold / 100.0));
}

static cJSON *param_value(const co_store_param *p)
{
    if (!p)
        return cJSON_CreateNull();
    return isfinite(p->value) ? cJSON_CreateNumber(p->value) : cJSON_CreateString(p->text);
}

static const co_store_param *find_param(const co_store_result *r, const char *name)
{
    for (int i = 0; i < r->n_params; i++)
        if (strcmp(r->params[i].name, name) == 0)
            return &r->params[i];
    return NULL;
}

/* Parameters in run b's order, then those only run a has. */
static void parameters(differ *df)
{
    cJSON *arr = cJSON_CreateArray();
    add(df, df->root, "parameters", arr);
    if (!arr)
        return;
    for (int pass = 0; pass < 2; pass++) {
        const co_store_result *x = pass == 0 ? df->b : df->a;
        for (int i = 0; i < x->n_params; i++) {
            const co_store_param *pb = pass == 0 ? &x->params[i] : NULL;
            const co_store_param *pa = find_param(df->a, x->params[i].name);
            if (pass == 1) {
                if (find_param(df->b, x->params[i].name))
                    continue;
                pa = &x->params[i];
            }
            if (pa && pb && strcmp(pa->text, pb->text) == 0)
                continue;
            co_buf_printf(df->text, "parameter %s: %s -> %s\n", x->params[i].name,
                          pa ? pa->text : "none", pb ? pb->text : "none");
            cJSON *o = cJSON_CreateObject();
            add(df, arr, NULL, o);
            if (!o)
                return;
            add(df, o, "name", cJSON_CreateString(x->params[i].name));
            add(df, o, "from", param_value(pa));
            add(df, o, "to", param_value(pb));
        }
    }
}

static double share(int64_t part, int64_t whole)
{
    return whole > 0 ? (double)part / (double)whole : NAN;
}

/* Money placed, urgent need covered, seats. */
static void totals(differ *df)
{
    const co_store_run *ra = &df->a->run, *rb = &df->b->run;
    co_buf *t = df->text;
    if (ra->allocated != rb->allocated) {
        char m1[32], m2[32], m3[32];
        co_buf_printf(t, "allocated: %s -> %s USD (%s%s)\n", co_fmt_usd(ra->allocated, m1),
                      co_fmt_usd(rb->allocated, m2), rb->allocated > ra->allocated ? "+" : "",
                      co_fmt_usd(rb->allocated - ra->allocated, m3));
    }
    add(df, df->root, "allocated", change(co_usd(ra->allocated), co_usd(rb->allocated)));
    double ua = share(ra->urgent_allocated, ra->urgent_requested);
    double ub = share(rb->urgent_allocated, rb->urgent_requested);
    if ((isfinite(ua) || isfinite(ub)) && !(ua == ub)) {
        co_buf_printf(t, "urgent need covered: ");
        pct_change(t, ua, ub);
        co_buf_put(t, "\n", 1);
    }
    add(df, df->root, "urgent_covered", change(ua, ub));
    if (ra->seats != rb->seats)
        co_buf_printf(t, "seats: %d -> %d (%+d)\n", ra->seats, rb->seats, rb->seats - ra->seats);
    add(df, df->root, "seats", change(ra->seats, rb->seats));
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/* Member donor ids of a coalition (NULL: none), sorted; NULL on failure
 * when there are members. */
static const char **member_ids(const co_store_coalition *c)
{
    if (!c || c->n_members == 0)
        return NULL;
    const char **v = malloc((size_t)c->n_members * sizeof *v);
    if (!v)
        return NULL;
    for (int i = 0; i < c->n_members; i++)
        v[i] = c->members[i].donor;
    qsort(v, (size_t)c->n_members, sizeof *v, cmp_str);
    return v;
}

/* One State's changes; ca or cb may be NULL (the State is in one run only). */
static void state_change(differ *df, cJSON *arr, const co_store_coalition *ca,
                         const co_store_coalition *cb)
{
    const char *state = ca ? ca->state : cb->state;
    int na = ca ? ca->n_members : 0, nb = cb ? cb->n_members : 0;
    const char **ma = member_ids(ca), **mb = member_ids(cb);
    cJSON *added = cJSON_CreateArray(), *removed = cJSON_CreateArray();
    if ((na && !ma) || (nb && !mb) || !added || !removed) {
        df->oom = 1;
        goto done;
    }
    int i = 0, k = 0;
    while (i < na || k < nb) {
        int c = i == na ? 1 : k == nb ? -1 : strcmp(ma[i], mb[k]);
        if (c < 0)
            add(df, removed, NULL, cJSON_CreateString(ma[i++]));
        else if (c > 0)
            add(df, added, NULL, cJSON_CreateString(mb[k++]));
        else
            i++, k++;
    }
    const char *la = ca ? ca->lead : NULL, *lb = cb ? cb->lead : NULL;
    int lead_changed = !same_str(la, lb);
    int64_t aa = ca ? ca->allocated : 0, ab = cb ? cb->allocated : 0;
    double ra = ca ? ca->requested : NAN, rb = cb ? cb->requested : NAN;
    int moved = llabs(ab - aa) > df->threshold || !(ra == rb);
    int members_changed = cJSON_GetArraySize(added) > 0 || cJSON_GetArraySize(removed) > 0;
    if (!members_changed && !lead_changed && !moved)
        goto done;

    co_buf *t = df->text;
    const char *sep = "";
    co_buf_printf(t, "%s: ", state);
    if (members_changed) {
        co_buf_printf(t, "members");
        for (const cJSON *x = added->child; x; x = x->next)
            co_buf_printf(t, " +%s", x->valuestring);
        for (const cJSON *x = removed->child; x; x = x->next)
            co_buf_printf(t, " -%s", x->valuestring);
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

    cJSON *o = cJSON_CreateObject();
    add(df, arr, NULL, o);
    if (!o)
        goto done;
    add(df, o, "state", cJSON_CreateString(state));
    add(df, o, "members_added", added);
    add(df, o, "members_removed", removed);
    added = removed = NULL;
    cJSON *lead = NULL;
    if (lead_changed) {
        lead = cJSON_CreateObject();
        if (lead) {
            cJSON_AddItemToObject(lead, "from", str_or_null(la));
            cJSON_AddItemToObject(lead, "to", str_or_null(lb));
        }
    }
    add(df, o, "lead", lead_changed ? lead : cJSON_CreateNull());
    add(df, o, "coverage", moved ? change(cova, covb) : cJSON_CreateNull());
done:
    cJSON_Delete(added);
    cJSON_Delete(removed);
    free(ma);
    free(mb);
}

static void coalitions(differ *df)
{
    cJSON *arr = cJSON_CreateArray();
    add(df, df->root, "states", arr);
    if (!arr)
        return;
    const co_store_result *a = df->a, *b = df->b;
    size_t before = df->text->len;
    int i = 0, k = 0;
    while ((i < a->n_coalitions || k < b->n_coalitions) && !df->oom) {
        int c = i == a->n_coalitions   ? 1
                : k == b->n_coalitions ? -1
                                       : strcmp(a->coalitions[i].state, b->coalitions[k].state);
        if (c < 0)
            state_change(df, arr, &a->coalitions[i++], NULL);
        else if (c > 0)
            state_change(df, arr, NULL, &b->coalitions[k++]);
        else
            state_change(df, arr, &a->coalitions[i++], &b->coalitions[k++]);
    }
    if (df->text->len == before)
        co_buf_printf(df->text, "coalitions: no changes\n");
}

static int cmp_alloc(const co_store_alloc *x, const co_store_alloc *y)
{
    int c = strcmp(x->state, y->state);
    if (!c)
        c = strcmp(x->need, y->need);
    if (!c)
        c = strcmp(x->donor, y->donor);
    return c;
}

static void allocations(differ *df)
{
    cJSON *arr = cJSON_CreateArray();
    add(df, df->root, "allocations", arr);
    if (!arr)
        return;
    const co_store_result *a = df->a, *b = df->b;
    int i = 0, k = 0;
    while ((i < a->n_allocs || k < b->n_allocs) && !df->oom) {
        int c = i == a->n_allocs   ? 1
                : k == b->n_allocs ? -1
                                   : cmp_alloc(&a->allocs[i], &b->allocs[k]);
        const co_store_alloc *x = c <= 0 ? &a->allocs[i] : &b->allocs[k];
        int64_t from = c <= 0 ? a->allocs[i].cents : 0, to = c >= 0 ? b->allocs[k].cents : 0;
        if (c <= 0)
            i++;
        if (c >= 0)
            k++;
        if (llabs(to - from) <= df->threshold)
            continue;
        co_buf_printf(df->text, "allocation %s -> %s: ", x->donor, x->need);
        usd_change(df->text, from, to);
        co_buf_put(df->text, "\n", 1);
        cJSON *o = cJSON_CreateObject();
        add(df, arr, NULL, o);
        if (!o)
            return;
        add(df, o, "donor", cJSON_CreateString(x->donor));
        add(df, o, "need", cJSON_CreateString(x->need));
        add(df, o, "state", cJSON_CreateString(x->state));
        add(df, o, "area", cJSON_CreateString(x->area));
        add(df, o, "from", cJSON_CreateNumber(co_usd(from)));
        add(df, o, "to", cJSON_CreateNumber(co_usd(to)));
        add(df, o, "change", cJSON_CreateNumber(co_usd(to - from)));
    }
}

static void objective(differ *df)
{
    double a = df->a->run.total, b = df->b->run.total;
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
    add(df, df->root, "objective", change(a, b));
}

int co_rundiff(const co_store_result *a, const co_store_result *b, double threshold,
               co_buf *text, char **json, co_diag *dg)
{
    differ df = {.a = a, .b = b, .threshold = llround(threshold * 100.0), .text = text};
    co_buf out;
    co_buf_init(&out);
    *json = NULL;
    df.root = cJSON_CreateObject();
    if (!df.root)
        goto oom;
    header(&df);
    parameters(&df);
    totals(&df);
    coalitions(&df);
    allocations(&df);
    objective(&df);
    if (df.oom || text->oom)
        goto oom;
    co_json_write(df.root, 0, &out);
    co_buf_put(&out, "\n", 1);
    if (out.oom)
        goto oom;
    cJSON_Delete(df.root);
    *json = out.data;
    return CO_OK;
oom:
    cJSON_Delete(df.root);
    co_buf_release(&out);
    co_err(dg, "out of memory comparing runs");
    return CO_EINTERNAL;
}
