/*
 * export_dat.c: writes a validated dataset and its parameters as MathProg
 * data for models/coalitions.mod. Only raw values go out; the model derives
 * urgency, eligibility and weights itself, so glpsol checks derive.c too.
 * Opening, renaming and closing the file is the caller's job.
 */
#include "io/export.h"

#include <errno.h>
#include <math.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"
#include "data/schema.h"

/* MathProg's longest string literal (MAX_LENGTH in GLPK's glpmpl.h). */
#define MPL_MAX_SYMBOL 100

/* The output stream and what went wrong writing to it. */
typedef struct dat_out {
    FILE *f;
    int failed;    /* a write failed */
    int write_errno;
    int nonfinite; /* a number MathProg cannot read was asked for */
} dat_out;

static void put(dat_out *o, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(dat_out *o, const char *fmt, ...)
{
    if (o->failed)
        return;
    va_list ap;
    va_start(ap, fmt);
    int n = vfprintf(o->f, fmt, ap);
    va_end(ap);
    if (n < 0) {
        o->failed = 1;
        o->write_errno = errno;
    }
}

/* A symbol as a quoted string: MathProg reads '' inside quotes as one '. */
static void put_sym(dat_out *o, const char *s)
{
    if (o->failed)
        return;
    int ok = putc('\'', o->f) != EOF;
    for (; ok && *s; s++) {
        if (*s == '\'')
            ok = putc('\'', o->f) != EOF;
        if (ok)
            ok = putc(*s, o->f) != EOF;
    }
    if (ok)
        ok = putc('\'', o->f) != EOF;
    if (!ok) {
        o->failed = 1;
        o->write_errno = errno;
    }
}

/* A number in the shortest "%.*g" form that reads back to the same double
 * (at most 17 digits, which always does). */
static void put_num(dat_out *o, double v)
{
    char buf[40];
    if (!isfinite(v)) {
        o->nonfinite = 1;
        put(o, "0");
        return;
    }
    for (int prec = 15; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*g", prec, v);
        if (prec == 17 || strtod(buf, NULL) == v)
            break;
    }
    put(o, "%s", buf);
}

/* A symbol MathProg can read back as a quoted string. */
static int symbol_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > MPL_MAX_SYMBOL)
        return 0;
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return 0;
    return 1;
}

/* The id of item i of a list whose items start with their id (as every
 * list of co_dataset does; dataset.c's lookups rely on the same layout). */
static const char *item_id(const void *base, size_t stride, int i)
{
    return *(char *const *)((const char *)base + (size_t)i * stride);
}

static int check_ids(const void *base, int n, size_t stride, const char *what, co_diag *dg)
{
    int bad = 0;
    for (int i = 0; i < n; i++) {
        const char *id = item_id(base, stride, i);
        if (!symbol_ok(id)) {
            co_err(dg, "export: %s id '%s' cannot be written as a MathProg symbol "
                       "(1 to %d printable ASCII bytes)",
                   what, co_q(0, id ? id : ""), MPL_MAX_SYMBOL);
            bad++;
        }
    }
    return bad;
}

/* Checks every id and index the writer relies on. Returns CO_OK or
 * CO_EINPUT with each problem in dg. */
static int check_dataset(const co_dataset *ds, co_diag *dg)
{
    int bad = 0;
    for (int l = 0; l < CO_N_LISTS; l++)
        bad += check_ids(co_list_items(ds, l), co_list_n(ds, l), co_entities[l].size,
                         co_entities[l].kind, dg);
    if (bad)
        return CO_EINPUT;
    for (int i = 0; i < ds->n_needs; i++) {
        const co_need *n = &ds->needs[i];
        if (n->s < 0 || n->s >= ds->n_states || n->a < 0 || n->a >= ds->n_areas) {
            co_err(dg, "export: need '%s': state or area not resolved (validate first)",
                   co_q(0, n->id));
            bad++;
        }
    }
    for (int i = 0; i < ds->n_donors; i++) {
        const co_donor *d = &ds->donors[i];
        int ok = 1;
        for (int k = 0; k < d->n_expertise; k++)
            ok &= d->expertise[k].a >= 0 && d->expertise[k].a < ds->n_areas;
        for (int k = 0; k < d->n_area_budget; k++)
            ok &= d->area_budget[k].a >= 0 && d->area_budget[k].a < ds->n_areas;
        for (int k = 0; k < d->n_excluded; k++)
            ok &= d->excluded[k].index >= 0 && d->excluded[k].index < ds->n_states;
        for (int k = 0; k < d->n_priority; k++)
            ok &= d->priority[k].index >= 0 && d->priority[k].index < ds->n_states;
        if (!ok) {
            co_err(dg, "export: donor '%s': an area or State not resolved (validate first)",
                   co_q(0, d->id));
            bad++;
        }
    }
    return bad ? CO_EINPUT : CO_OK;
}

/* `set NAME := ...;` of a list's ids, one per line. */
static void put_id_set(dat_out *o, const char *name, const void *base, int n, size_t stride)
{
    put(o, "set %s :=", name);
    for (int i = 0; i < n; i++) {
        put(o, "\n  ");
        put_sym(o, item_id(base, stride, i));
    }
    put(o, ";\n");
}

/* Every donor's expertise (caps 0) or area caps (caps 1), in (donor, area)
 * order: as a set of (donor, area) pairs when as_set, else as param rows
 * "donor area value". `val` and `has` are scratch with n_areas entries. */
static void put_area_values(dat_out *o, const co_dataset *ds, int caps, int as_set,
                            double *val, int *has)
{
    memset(has, 0, (size_t)ds->n_areas * sizeof *has);
    for (int d = 0; d < ds->n_donors; d++) {
        const co_donor *dn = &ds->donors[d];
        const co_area_value *v = caps ? dn->area_budget : dn->expertise;
        int nv = caps ? dn->n_area_budget : dn->n_expertise;
        for (int k = 0; k < nv; k++) {
            has[v[k].a] = d + 1; /* a stamp per donor: no clearing needed */
            val[v[k].a] = v[k].value;
        }
        for (int a = 0; a < ds->n_areas; a++) {
            if (has[a] != d + 1)
                continue;
            put(o, as_set ? "\n  (" : "\n  ");
            put_sym(o, dn->id);
            put(o, as_set ? ", " : " ");
            put_sym(o, ds->areas[a].id);
            if (as_set) {
                put(o, ")");
            } else {
                put(o, " ");
                put_num(o, val[a]);
            }
        }
    }
}

/* A donor's (donor, State) pairs from a list, once each and in State
 * order (the dataset may repeat a State; MathProg rejects a repeated
 * tuple). `mark` has n_states entries, none equal to `stamp`. */
static void put_state_pairs(dat_out *o, const co_dataset *ds, const co_donor *d,
                            const co_ref *refs, int n_refs, int *mark, int stamp)
{
    for (int k = 0; k < n_refs; k++)
        mark[refs[k].index] = stamp;
    for (int s = 0; s < ds->n_states; s++) {
        if (mark[s] != stamp)
            continue;
        put(o, "\n  (");
        put_sym(o, d->id);
        put(o, ", ");
        put_sym(o, ds->states[s].id);
        put(o, ")");
    }
}

int co_export_dat(const co_dataset *ds, const co_params *p, FILE *out, co_diag *dg)
{
    dat_out o = {.f = out};
    int na = ds->n_areas, ns = ds->n_states, nd = ds->n_donors, nn = ds->n_needs;
    /* per-donor scratch: a value and a stamp per area, a stamp per State */
    double *val = NULL;
    int *has = NULL, *mark = NULL;
    int rc = check_dataset(ds, dg);
    if (rc != CO_OK)
        goto done;
    val = calloc((size_t)na + 1, sizeof *val);
    has = calloc((size_t)na + 1, sizeof *has);
    mark = calloc((size_t)ns + 1, sizeof *mark);
    if (!val || !has || !mark) {
        co_err(dg, "export: out of memory");
        rc = CO_EINTERNAL;
        goto done;
    }

    put(&o, "# MathProg data for models/coalitions.mod, written by coalitions export-model:\n"
            "#   glpsol --math models/coalitions.mod --data THIS_FILE\n"
            "# as_of %s; R = amount - secured; days_left = deadline - as_of (0 with no\n"
            "# deadline); urgency, eligibility and weights are derived by the model.\n"
            "data;\n\n",
        p->as_of);

    put_id_set(&o, "AREAS", ds->areas, na, sizeof *ds->areas);
    put_id_set(&o, "STATES", ds->states, ns, sizeof *ds->states);
    put_id_set(&o, "DONORS", ds->donors, nd, sizeof *ds->donors);
    put_id_set(&o, "NEEDS", ds->needs, nn, sizeof *ds->needs);

    put(&o, "\nparam : state area R q has_deadline days_left :=");
    for (int i = 0; i < nn; i++) {
        const co_need *n = &ds->needs[i];
        put(&o, "\n  ");
        put_sym(&o, n->id);
        put(&o, " ");
        put_sym(&o, ds->states[n->s].id);
        put(&o, " ");
        put_sym(&o, ds->areas[n->a].id);
        put(&o, " ");
        put_num(&o, n->amount - n->secured);
        put(&o, " ");
        put_num(&o, n->evidence);
        put(&o, " %d %ld", n->deadline ? 1 : 0,
            n->deadline ? n->deadline_day - p->as_of_day : 0L);
    }
    put(&o, ";\n");

    put(&o, "\nparam : budget min_grant :=");
    for (int d = 0; d < nd; d++) {
        put(&o, "\n  ");
        put_sym(&o, ds->donors[d].id);
        put(&o, " ");
        put_num(&o, ds->donors[d].budget);
        put(&o, " ");
        put_num(&o, ds->donors[d].min_grant);
    }
    put(&o, ";\n");

    put(&o, "\nparam expertise :=");
    put_area_values(&o, ds, 0, 0, val, has);
    put(&o, ";\nset CAPPED :=");
    put_area_values(&o, ds, 1, 1, val, has);
    put(&o, ";\nparam cap :=");
    put_area_values(&o, ds, 1, 0, val, has);
    put(&o, ";\n");

    put(&o, "\nset LIMITED :=");
    for (int d = 0; d < nd; d++) {
        if (!ds->donors[d].has_max_states)
            continue;
        put(&o, "\n  ");
        put_sym(&o, ds->donors[d].id);
    }
    put(&o, ";\nparam max_states :=");
    for (int d = 0; d < nd; d++) {
        if (!ds->donors[d].has_max_states)
            continue;
        put(&o, "\n  ");
        put_sym(&o, ds->donors[d].id);
        put(&o, " ");
        put_num(&o, ds->donors[d].max_states);
    }
    put(&o, ";\n");

    /* stamps 1..nd for excluded, nd+1..2nd for priority: never reused */
    put(&o, "\nset EXCLUDED :=");
    for (int d = 0; d < nd; d++)
        put_state_pairs(&o, ds, &ds->donors[d], ds->donors[d].excluded,
                        ds->donors[d].n_excluded, mark, d + 1);
    put(&o, ";\nset PRIORITY :=");
    for (int d = 0; d < nd; d++)
        put_state_pairs(&o, ds, &ds->donors[d], ds->donors[d].priority,
                        ds->donors[d].n_priority, mark, nd + d + 1);
    put(&o, ";\n\n");

    static const struct {
        const char *mpl, *name;
        size_t off;
    } scalars[] = {
        {"H", "horizon_days", offsetof(co_params, horizon_days)},
        {"alpha", "urgency_weight", offsetof(co_params, urgency_weight)},
        {"beta", "expertise_share", offsetof(co_params, expertise_share)},
        {"e_min", "min_expertise", offsetof(co_params, min_expertise)},
        {"pi_bonus", "priority_bonus", offsetof(co_params, priority_bonus)},
        {"lambda", "coordination_cost", offsetof(co_params, coordination_cost)},
        {"C", "max_coalition_size", offsetof(co_params, max_coalition_size)},
        {"phi", "coverage_floor", offsetof(co_params, coverage_floor)},
        {"rho", "shortfall_penalty", offsetof(co_params, shortfall_penalty)},
    };
    for (size_t i = 0; i < sizeof scalars / sizeof scalars[0]; i++) {
        double v;
        memcpy(&v, (const char *)p + scalars[i].off, sizeof v);
        put(&o, "param %s := ", scalars[i].mpl);
        put_num(&o, v);
        put(&o, "; # %s\n", scalars[i].name);
    }
    put(&o, "\nend;\n");

    if (!o.failed && (fflush(out) != 0 || ferror(out))) {
        o.failed = 1;
        o.write_errno = errno;
    }
    if (o.failed) {
        co_err(dg, "export: cannot write the MathProg data: %s",
               o.write_errno ? strerror(o.write_errno) : "write error");
        rc = CO_EIO;
    } else if (o.nonfinite) {
        co_err(dg, "export: a number in the data is not finite (validate first)");
        rc = CO_EINPUT;
    }
done:
    free(val);
    free(has);
    free(mark);
    return rc;
}
