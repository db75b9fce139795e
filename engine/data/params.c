/*
 * params.c: parameter table (defaults and ranges: MODEL.md "Parameters",
 * MULTIYEAR.md "Data"),
 * checking and applying values from the dataset and from --set, and the
 * solver options. The "did you mean" helper lives here too.
 */
#include "data/params.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/numtext.h"
#include "base/util.h"

typedef struct {
    const char *name;
    size_t off; /* offset of the double in co_params */
    double def, lo, hi;
    int integer;
    int hi_open;   /* hi itself is out of range */
    int multiyear; /* only a multi-year dataset uses it */
} param_def;

#define OFF(f) offsetof(co_params, f)
static const param_def defs[] = {
    {"as_of", 0, 0, 0, 0, 0, 0, 0},
    {"horizon_days", OFF(horizon_days), 1095, 1, 1e9, 1, 0, 0},
    {"urgency_weight", OFF(urgency_weight), 2.0, 0, INFINITY, 0, 0, 0},
    {"expertise_share", OFF(expertise_share), 0.5, 0, 1, 0, 0, 0},
    {"min_expertise", OFF(min_expertise), 0.0, 0, 1, 0, 0, 0},
    {"priority_bonus", OFF(priority_bonus), 0.25, 0, INFINITY, 0, 0, 0},
    {"coordination_cost", OFF(coordination_cost), 100000, 0, INFINITY, 0, 0, 0},
    {"max_coalition_size", OFF(max_coalition_size), 5, 1, 1e9, 1, 0, 0},
    {"coverage_floor", OFF(coverage_floor), 0.0, 0, 1, 0, 0, 0},
    {"shortfall_penalty", OFF(shortfall_penalty), 4.0, 0, INFINITY, 0, 0, 0},
    /* the project's own (docs/WHATIF.md): value lost per seat added or
     * removed against a baseline plan; 0 without --baseline */
    {"stability_weight", OFF(stability_weight), 0.0, 0, INFINITY, 0, 0, 0},
    /* MULTIYEAR.md: the year discount delta and the late factor L */
    {"year_discount", OFF(year_discount), 0.03, 0, 1, 0, 1, 1},
    {"late_factor", OFF(late_factor), 0.5, 0, 1, 0, 0, 1},
};
#define N_DEFS ((int)(sizeof defs / sizeof defs[0]))

int co_param_count(void) { return N_DEFS; }
const char *co_param_name(int i) { return i >= 0 && i < N_DEFS ? defs[i].name : NULL; }

int co_param_multiyear(int i) { return i >= 0 && i < N_DEFS && defs[i].multiyear; }

double co_param_get(const co_params *p, int i)
{
    if (i <= 0 || i >= N_DEFS)
        return NAN;
    double v;
    memcpy(&v, (const char *)p + defs[i].off, sizeof v);
    return v;
}

void co_params_defaults(co_params *p)
{
    memset(p, 0, sizeof *p);
    for (int i = 1; i < N_DEFS; i++)
        memcpy((char *)p + defs[i].off, &defs[i].def, sizeof(double));
    p->as_of_day = co_today();
    co_format_date(p->as_of_day, p->as_of);
    p->time_limit = 30;
    p->mip_gap = 1e-4;
}

static size_t edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 64 || lb > 64)
        return (size_t)-1;
    size_t row[65];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t sub = prev + (a[i - 1] != b[j - 1]);
            size_t del = row[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            prev = cur;
        }
    }
    return row[lb];
}

const char *co_nearest(const char *s, const char *const *names, int n)
{
    const char *best = NULL;
    size_t bd = (size_t)-1;
    for (int i = 0; i < n; i++) {
        size_t d = edit_distance(s, names[i]);
        if (d < bd) {
            bd = d;
            best = names[i];
        }
    }
    size_t len = strlen(s);
    size_t lim = len <= 4 ? 1 : len <= 8 ? 2 : 3;
    return bd <= lim ? best : NULL;
}

/* The range of d for its message, both ends: "a whole number from 1 to
 * 1000000000", "a number from 0 to 1", or, with no upper end but the
 * largest finite number, "a finite number >= 0". */
static const char *range_text(const param_def *d, char *buf, size_t size)
{
    if (isinf(d->hi))
        snprintf(buf, size, "a finite number >= %s", co_num(1, d->lo));
    else if (d->hi_open)
        snprintf(buf, size, "a number from %s to less than %s", co_num(1, d->lo),
                 co_num(2, d->hi));
    else
        snprintf(buf, size, "%s from %s to %s", d->integer ? "a whole number" : "a number",
                 co_num(1, d->lo), co_num(2, d->hi));
    return buf;
}

static int find_def(const char *name)
{
    for (int i = 0; i < N_DEFS; i++)
        if (strcmp(defs[i].name, name) == 0)
            return i;
    return -1;
}

int co_param_apply(co_params *p, const co_param_text *v, const co_where *where,
                   const char *field, co_diag *dg)
{
    int i = find_def(v->name);
    if (i < 0) {
        const char *names[N_DEFS];
        for (int k = 0; k < N_DEFS; k++)
            names[k] = defs[k].name;
        /* a hint only for a message that is kept (dg caps errors) */
        const char *near =
            !dg || dg->errors < CO_DIAG_CAP ? co_nearest(v->name, names, N_DEFS) : NULL;
        if (near)
            co_err_at(dg, where, field, "unknown parameter '%s' (did you mean '%s'?)",
                      co_q(0, v->name), near);
        else
            co_err_at(dg, where, field, "unknown parameter '%s'", co_q(0, v->name));
        return CO_EINPUT;
    }
    if (i == 0) {
        long day;
        if (v->is_num || co_parse_date(v->text, &day) != 0) {
            co_err_at(dg, where, field, "not a date (YYYY-MM-DD), got '%s'", co_q(0, v->text));
            return CO_EINPUT;
        }
        p->as_of_day = day;
        co_format_date(day, p->as_of);
        return CO_OK;
    }
    const param_def *d = &defs[i];
    double x = v->num;
    char range[80];
    if (!v->is_num && co_parse_double(v->text, &x) != 0) {
        /* "0,3" from a spreadsheet: what it looks like (base/numtext.h) */
        co_err_at(dg, where, field, "must be %s, got '%s'%s", range_text(d, range, sizeof range),
                  co_q(0, v->text), co_number_hint(1, v->text, CO_DECIMAL_POINT));
        return CO_EINPUT;
    }
    if (!isfinite(x) || x < d->lo || x > d->hi || (d->hi_open && x == d->hi) ||
        (d->integer && x != floor(x))) {
        co_err_at(dg, where, field, "must be %s, got '%s'", range_text(d, range, sizeof range),
                  co_q(0, v->text));
        return CO_EINPUT;
    }
    memcpy((char *)p + d->off, &x, sizeof x);
    return CO_OK;
}

void co_param_text_release(co_param_text *t)
{
    if (!t)
        return;
    free(t->name);
    free(t->text);
    co_where_release(&t->where);
    memset(t, 0, sizeof *t);
}

int co_param_parse_assignment(const char *s, co_param_text *out, co_diag *dg)
{
    memset(out, 0, sizeof *out);
    const char *eq = strchr(s, '=');
    if (!eq || eq == s || eq[1] == '\0') {
        co_err(dg, "--set: expected NAME=VALUE, got '%s'", co_q(0, s));
        return CO_EUSAGE;
    }
    out->name = co_strndup(s, (size_t)(eq - s));
    out->text = co_strdup(eq + 1);
    if (!out->name || !out->text) {
        co_param_text_release(out);
        return CO_EINTERNAL;
    }
    return CO_OK;
}

co_run_options *co_run_options_new(void)
{
    co_run_options *ro = calloc(1, sizeof *ro);
    if (ro) {
        ro->time_limit = 30;
        ro->mip_gap = 1e-4;
    }
    return ro;
}

void co_run_options_free(co_run_options *ro)
{
    if (!ro)
        return;
    for (int i = 0; i < ro->n_sets; i++)
        co_param_text_release(&ro->sets[i]);
    free(ro->sets);
    free(ro);
}

int co_run_options_set(co_run_options *ro, const char *assignment, co_diag *dg)
{
    co_param_text t;
    int rc = co_param_parse_assignment(assignment, &t, dg);
    if (rc != CO_OK)
        return rc;
    /* check the value now, so a bad --set is a usage error before loading */
    co_params scratch;
    co_params_defaults(&scratch);
    co_where w = {.text = (char *)(uintptr_t) "--set", .sep = ':'};
    if (co_param_apply(&scratch, &t, &w, t.name, dg) != CO_OK) {
        co_param_text_release(&t);
        return CO_EUSAGE;
    }
    co_param_text *ns = realloc(ro->sets, (size_t)(ro->n_sets + 1) * sizeof *ns);
    if (!ns) {
        co_param_text_release(&t);
        return CO_EINTERNAL;
    }
    ro->sets = ns;
    ro->sets[ro->n_sets++] = t;
    return CO_OK;
}

void co_run_options_start_clock(co_run_options *ro)
{
    ro->started = co_clock();
}

void co_run_options_diagnose(co_run_options *ro, enum co_diagnose level)
{
    ro->diagnose = (int)level;
}

double co_run_options_clock(const co_run_options *ro)
{
    return ro && ro->started > 0 ? ro->started : co_clock();
}

void co_run_options_progress(co_run_options *ro, co_progress_fn *fn, void *ctx)
{
    ro->progress = fn;
    ro->progress_ctx = ctx;
}

int co_run_options_solver(co_run_options *ro, double time_limit, double mip_gap, co_diag *dg)
{
    if (!(time_limit >= CO_TIME_LIMIT_MIN && time_limit <= CO_TIME_LIMIT_MAX)) {
        co_err(dg, "--time-limit: must be a number of seconds from %s to %s, got '%s'",
               co_num(0, CO_TIME_LIMIT_MIN), co_num(1, CO_TIME_LIMIT_MAX), co_num(2, time_limit));
        return CO_EUSAGE;
    }
    if (!(mip_gap >= CO_MIP_GAP_MIN && mip_gap <= CO_MIP_GAP_MAX)) {
        co_err(dg, "--mip-gap: must be a number from %s to %s, got '%s'", co_num(0, CO_MIP_GAP_MIN),
               co_num(1, CO_MIP_GAP_MAX), co_num(2, mip_gap));
        return CO_EUSAGE;
    }
    ro->time_limit = time_limit;
    ro->mip_gap = mip_gap;
    return CO_OK;
}
