/*
 * plan_xlsx.c: the Excel workbook of a plan through libxlsxwriter, from
 * the plan (result/plan.h) and a what-if comparison (run/compare.h): one
 * sheet per table (a multi-year plan's money by year and Deadlines too),
 * real number cells with number formats, empty cells for figures not
 * given; a diagnosed plan adds the Diagnosis and Evidence sheets. It
 * computes only the order of the Unmet sheet; the totals are
 * co_plan_totals_of's, every other value the plan's.
 */
#include "render/xlsx.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include "base/fmt.h"
#include "base/output.h"
#include "base/util.h"
#include "render/deadlines.h"

/* A column's number format (text and empty cells take none). */
enum kind { K_GENERAL, K_MONEY, K_SHARE, K_INT, K_KINDS };

static const char *const kind_format[K_KINDS] = {NULL, "#,##0.00", "0.0%", "0"};

typedef struct col {
    const char *head;
    enum kind kind;
    double width;
} col;

typedef struct xw {
    lxw_workbook *wb;
    lxw_format *head, *fmt[K_KINDS];
    const co_plan *plan;
    lxw_worksheet *ws; /* the sheet being written */
    int row, col;      /* the next cell */
    lxw_error err;     /* the first error */
    int oom;
} xw;

static const col coalition_cols[] = {
    {"state", K_GENERAL, 8},      {"name", K_GENERAL, 28},     {"iso3", K_GENERAL, 6},
    {"lead", K_GENERAL, 8},       {"members", K_GENERAL, 24},  {"requested", K_MONEY, 15},
    {"allocated", K_MONEY, 15},   {"coverage", K_SHARE, 10},   {"urgency", K_GENERAL, 10}};

static const col allocation_cols[] = {
    {"state", K_GENERAL, 8},         {"iso3", K_GENERAL, 6},   {"need", K_GENERAL, 26},
    {"donor", K_GENERAL, 8},         {"area", K_GENERAL, 18},  {"purpose_code", K_GENERAL, 13},
    {"amount", K_MONEY, 15},         {"weight", K_GENERAL, 10}};

/* a multi-year plan's: the year after the donor */
static const col allocation_year_cols[] = {
    {"state", K_GENERAL, 8},         {"iso3", K_GENERAL, 6},   {"need", K_GENERAL, 26},
    {"donor", K_GENERAL, 8},         {"year", K_INT, 6},       {"area", K_GENERAL, 18},
    {"purpose_code", K_GENERAL, 13}, {"amount", K_MONEY, 15},  {"weight", K_GENERAL, 10}};

static const col donor_year_cols[] = {
    {"donor", K_GENERAL, 8},     {"year", K_INT, 6},          {"budget", K_MONEY, 15},
    {"allocated", K_MONEY, 15},  {"marginal_value", K_GENERAL, 15}};

static const col need_year_cols[] = {
    {"need", K_GENERAL, 26},     {"state", K_GENERAL, 8},     {"year", K_INT, 6},
    {"allocated", K_MONEY, 15},  {"units_done", K_GENERAL, 14}, {"units_left", K_GENERAL, 14}};

/* marginal_range may be unknown (then its cells are empty) */
static const col donor_cols[] = {
    {"donor", K_GENERAL, 8},           {"name", K_GENERAL, 28},
    {"budget", K_MONEY, 15},           {"allocated", K_MONEY, 15},
    {"utilisation", K_SHARE, 11},      {"states", K_GENERAL, 24},
    {"marginal_value", K_GENERAL, 15}, {"marginal_range_from", K_MONEY, 20},
    {"marginal_range_to", K_MONEY, 18}};

static const col need_cols[] = {
    {"need", K_GENERAL, 26},      {"state", K_GENERAL, 8},     {"iso3", K_GENERAL, 6},
    {"area", K_GENERAL, 18},      {"requested", K_MONEY, 15},  {"allocated", K_MONEY, 15},
    {"unmet", K_MONEY, 15},       {"urgency", K_GENERAL, 10},  {"evidence", K_GENERAL, 10},
    {"deadline", K_GENERAL, 11},  {"days_left", K_INT, 10}};

static const col unmet_cols[] = {
    {"need", K_GENERAL, 26},   {"state", K_GENERAL, 8},     {"iso3", K_GENERAL, 6},
    {"area", K_GENERAL, 18},   {"unmet", K_MONEY, 15},      {"urgency", K_GENERAL, 10},
    {"deadline", K_GENERAL, 11}, {"days_left", K_INT, 10}};

/* the deadline analysis (multi-year plans): the plan JSON's fields, then
 * the money missing each year in one cell ("2019: 0; 2020: 200,000") */
static const col deadline_cols[] = {
    {"need", K_GENERAL, 26},                     {"state", K_GENERAL, 8},
    {"deadline", K_GENERAL, 11},                 {"deadline_year", K_INT, 13},
    {"overdue", K_GENERAL, 9},                   {"placed_by_deadline", K_MONEY, 18},
    {"completion_year", K_INT, 15},              {"on_time", K_GENERAL, 9},
    {"best_case_by_deadline", K_MONEY, 21},      {"earliest_completion_year", K_INT, 23},
    {"capacity_limited", K_GENERAL, 16},         {"capacity_missing", K_MONEY, 16},
    {"capacity_missing_units", K_GENERAL, 21},   {"unit", K_GENERAL, 12},
    {"gap_total", K_MONEY, 15},                  {"gap_by_year", K_GENERAL, 40},
    {"requested_deadline", K_GENERAL, 18},       {"extension_check", K_GENERAL, 18},
    {"verdict", K_GENERAL, 100}};

static const col diagnosis_cols[] = {
    {"state", K_GENERAL, 8}, {"reason", K_GENERAL, 15}, {"sentence", K_GENERAL, 90},
    {"change", K_GENERAL, 90}};

static const col evidence_cols[] = {
    {"need", K_GENERAL, 26},      {"state", K_GENERAL, 8},
    {"evidence", K_GENERAL, 10},  {"allocated", K_MONEY, 15},
    {"allocated_if_surveyed", K_MONEY, 22}, {"moves", K_MONEY, 15},
    {"sentence", K_GENERAL, 90}};

static const col scenario_cols[] = {
    {"scenario", K_GENERAL, 28},        {"status", K_GENERAL, 11},
    {"objective", K_MONEY, 16},         {"objective_change", K_MONEY, 17},
    {"allocated", K_MONEY, 15},         {"allocated_change", K_MONEY, 17},
    {"urgent_share", K_SHARE, 13},      {"urgent_share_change", K_SHARE, 20},
    {"seats", K_INT, 7},                {"seats_in", K_INT, 9},
    {"seats_out", K_INT, 10},           {"message", K_GENERAL, 40}};

#define N(a) ((int)(sizeof(a) / sizeof *(a)))

static void note(xw *x, lxw_error e)
{
    if (e != LXW_NO_ERROR && x->err == LXW_NO_ERROR)
        x->err = e;
}

/* ---- cells: each writes the next cell of the row, or leaves it empty --- */

static void c_num(xw *x, double v, enum kind k)
{
    if (isfinite(v))
        note(x, worksheet_write_number(x->ws, (lxw_row_t)x->row, (lxw_col_t)x->col, v,
                                       x->fmt[k]));
    x->col++;
}

/* libxlsxwriter writes numbers with 16 significant digits (Excel keeps
 * 15): cents are exact, a weight's 17th digit is not. */
static void c_cents(xw *x, int64_t c, enum kind k)
{
    c_num(x, c == CO_CENTS_NONE ? NAN : co_usd(c), k);
}

static void c_count(xw *x, int n, enum kind k)
{
    c_num(x, n < 0 ? NAN : n, k);
}

static void c_str(xw *x, const char *s)
{
    if (s)
        note(x, worksheet_write_string(x->ws, (lxw_row_t)x->row, (lxw_col_t)x->col, s, NULL));
    x->col++;
}

/* A list of ids joined with ';' (empty when there is none). */
static void c_ids(xw *x, const char *const *ids, size_t stride, int n)
{
    co_buf b;
    co_buf_init(&b);
    for (int i = 0; i < n; i++) {
        const char *id = *(const char *const *)((const char *)ids + (size_t)i * stride);
        if (id)
            co_buf_printf(&b, "%s%s", b.len ? ";" : "", id);
    }
    if (b.oom)
        x->oom = 1;
    else
        c_str(x, b.len ? b.data : NULL);
    co_buf_release(&b);
}

/* The iso3 of a State, from its coalition. */
static const char *iso3_of(const xw *x, const char *state)
{
    const co_plan_coalition *c = co_plan_find_coalition(x->plan, state);
    return c ? c->iso3 : NULL;
}

/* A new sheet with a bold header row, frozen, and column widths. */
static int sheet(xw *x, const char *name, const col *cols, int ncols)
{
    x->ws = workbook_add_worksheet(x->wb, name);
    if (!x->ws) {
        note(x, LXW_ERROR_MEMORY_MALLOC_FAILED);
        return -1;
    }
    for (int c = 0; c < ncols; c++) {
        note(x, worksheet_set_column(x->ws, (lxw_col_t)c, (lxw_col_t)c, cols[c].width, NULL));
        note(x, worksheet_write_string(x->ws, 0, (lxw_col_t)c, cols[c].head, x->head));
    }
    worksheet_freeze_panes(x->ws, 1, 0);
    x->row = 0;
    return 0;
}

/* The next row of the sheet. */
static void row(xw *x)
{
    x->row++;
    x->col = 0;
}

/* An autofilter over the sheet's n rows. */
static void filter(xw *x, int n, int ncols)
{
    note(x, worksheet_autofilter(x->ws, 0, 0, (lxw_row_t)n, (lxw_col_t)(ncols - 1)));
}

static void coalitions_sheet(xw *x)
{
    const co_plan *pl = x->plan;
    if (sheet(x, "Coalitions", coalition_cols, N(coalition_cols)))
        return;
    for (int s = 0; pl->coalitions && s < pl->n_coalitions; s++) {
        const co_plan_coalition *c = &pl->coalitions[s];
        row(x);
        c_str(x, c->state);
        c_str(x, c->name);
        c_str(x, c->iso3);
        c_str(x, c->lead);
        c_ids(x, c->members ? &c->members[0].donor : NULL, sizeof *c->members, c->n_members);
        c_num(x, c->requested, K_MONEY);
        c_cents(x, c->allocated, K_MONEY);
        c_num(x, c->coverage, K_SHARE);
        c_num(x, c->urgency, K_GENERAL);
    }
    filter(x, pl->n_coalitions, N(coalition_cols));
}

static void allocations_sheet(xw *x)
{
    const co_plan *pl = x->plan;
    int multi = co_plan_years(pl) > 0;
    const col *cols = multi ? allocation_year_cols : allocation_cols;
    int ncols = multi ? N(allocation_year_cols) : N(allocation_cols);
    if (sheet(x, "Allocations", cols, ncols))
        return;
    for (int i = 0; pl->allocs && i < pl->n_allocs; i++) {
        const co_plan_alloc *a = &pl->allocs[i];
        row(x);
        c_str(x, a->state);
        c_str(x, iso3_of(x, a->state));
        c_str(x, a->need);
        c_str(x, a->donor);
        if (multi)
            c_count(x, a->year, K_INT);
        c_str(x, a->area);
        c_str(x, a->purpose_code);
        c_cents(x, a->cents, K_MONEY);
        c_num(x, a->weight, K_GENERAL);
    }
    filter(x, pl->n_allocs, ncols);
}

/* One row of the Funding by year sheet: State, donor (or "all donors"),
 * the money of each year and the total. */
static void funding_row(xw *x, const char *state, const char *donor, int64_t *cents)
{
    const co_plan *pl = x->plan;
    int ny = co_plan_years(pl);
    int64_t total = 0;
    co_plan_year_cents(pl, state, donor, cents);
    row(x);
    c_str(x, state);
    c_str(x, iso3_of(x, state));
    c_str(x, donor ? donor : "all donors");
    for (int t = 0; t < ny; t++) {
        c_cents(x, cents[t], K_MONEY);
        total += cents[t];
    }
    c_cents(x, total, K_MONEY);
}

/* A multi-year plan's money by year: per State, each member's and the
 * State's total (rows in the coalitions' order, members lead first). */
static void funding_sheet(xw *x)
{
    const co_plan *pl = x->plan;
    int ny = co_plan_years(pl), ncols = ny + 4, rows = 0;
    col *cols = calloc((size_t)ncols, sizeof *cols);
    char (*heads)[8] = calloc((size_t)ny + 1, sizeof *heads);
    int64_t *cents = calloc((size_t)ny + 1, sizeof *cents);
    if (!cols || !heads || !cents) {
        x->oom = 1;
        goto out;
    }
    cols[0] = (col){"state", K_GENERAL, 8};
    cols[1] = (col){"iso3", K_GENERAL, 6};
    cols[2] = (col){"donor", K_GENERAL, 12};
    for (int t = 0; t < ny; t++) {
        snprintf(heads[t], sizeof heads[t], "%d", pl->years_first + t);
        cols[3 + t] = (col){heads[t], K_MONEY, 14};
    }
    cols[3 + ny] = (col){"total", K_MONEY, 15};
    if (sheet(x, "Funding by year", cols, ncols))
        goto out;
    for (int s = 0; pl->coalitions && s < pl->n_coalitions; s++) {
        const co_plan_coalition *c = &pl->coalitions[s];
        if (!c->state || c->n_members == 0)
            continue;
        for (int i = 0; i < c->n_members; i++, rows++)
            funding_row(x, c->state, c->members[i].donor, cents);
        funding_row(x, c->state, NULL, cents);
        rows++;
    }
    filter(x, rows, ncols);
out:
    free(cols);
    free(heads);
    free(cents);
}

/* A multi-year plan's donors and needs, year by year (long tables). */
static void years_sheets(xw *x)
{
    const co_plan *pl = x->plan;
    int rows = 0;
    if (sheet(x, "Donors by year", donor_year_cols, N(donor_year_cols)))
        return;
    for (int d = 0; pl->donors && d < pl->n_donors; d++) {
        const co_plan_donor *r = &pl->donors[d];
        for (int t = 0; t < r->n_by_year; t++, rows++) {
            row(x);
            c_str(x, r->donor);
            c_count(x, r->by_year[t].year, K_INT);
            c_num(x, r->by_year[t].budget, K_MONEY);
            c_cents(x, r->by_year[t].allocated, K_MONEY);
            c_num(x, r->by_year[t].marginal_value, K_GENERAL);
        }
    }
    filter(x, rows, N(donor_year_cols));
    rows = 0;
    if (sheet(x, "Needs by year", need_year_cols, N(need_year_cols)))
        return;
    for (int n = 0; pl->needs && n < pl->n_needs; n++) {
        const co_plan_need *nd = &pl->needs[n];
        for (int t = 0; t < nd->n_by_year; t++, rows++) {
            row(x);
            c_str(x, nd->need);
            c_str(x, nd->state);
            c_count(x, nd->by_year[t].year, K_INT);
            c_cents(x, nd->by_year[t].allocated, K_MONEY);
            c_num(x, nd->by_year[t].units_done, K_GENERAL);
            c_num(x, nd->by_year[t].units_left, K_GENERAL);
        }
    }
    filter(x, rows, N(need_year_cols));
}

static void donors_sheet(xw *x)
{
    const co_plan *pl = x->plan;
    if (sheet(x, "Donors", donor_cols, N(donor_cols)))
        return;
    for (int d = 0; pl->donors && d < pl->n_donors; d++) {
        const co_plan_donor *r = &pl->donors[d];
        row(x);
        c_str(x, r->donor);
        c_str(x, r->name);
        c_num(x, r->budget, K_MONEY);
        c_cents(x, r->allocated, K_MONEY);
        c_num(x, r->utilisation, K_SHARE);
        c_ids(x, r->states, sizeof *r->states, r->n_states);
        c_num(x, r->marginal_value, K_GENERAL);
        c_num(x, r->range_from, K_MONEY);
        c_num(x, r->range_to, K_MONEY);
    }
    filter(x, pl->n_donors, N(donor_cols));
}

static void needs_sheet(xw *x)
{
    const co_plan *pl = x->plan;
    if (sheet(x, "Needs", need_cols, N(need_cols)))
        return;
    for (int n = 0; pl->needs && n < pl->n_needs; n++) {
        const co_plan_need *nd = &pl->needs[n];
        row(x);
        c_str(x, nd->need);
        c_str(x, nd->state);
        c_str(x, iso3_of(x, nd->state));
        c_str(x, nd->area);
        c_num(x, nd->requested, K_MONEY);
        c_cents(x, nd->allocated, K_MONEY);
        c_cents(x, nd->unmet, K_MONEY);
        c_num(x, nd->urgency, K_GENERAL);
        c_num(x, nd->evidence, K_GENERAL);
        c_str(x, nd->deadline);
        c_num(x, nd->days_left, K_INT);
    }
    filter(x, pl->n_needs, N(need_cols));
}

static void c_bool(xw *x, int b)
{
    c_str(x, b == 1 ? "true" : b == 0 ? "false" : NULL);
}

/* A year; 0 (none, or not given) leaves the cell empty. */
static void c_year(xw *x, int t)
{
    c_num(x, t ? t : NAN, K_INT);
}

/* A text of a co_buf as a cell. */
static void c_buf(xw *x, co_buf *b)
{
    co_buf_put(b, "", 0);
    if (b->oom)
        x->oom = 1;
    c_str(x, b->oom ? NULL : b->data);
    co_buf_release(b);
    co_buf_init(b);
}

static void deadlines_sheet(xw *x)
{
    const co_plan *pl = x->plan;
    char m1[32];
    co_buf b;
    co_buf_init(&b);
    if (sheet(x, "Deadlines", deadline_cols, N(deadline_cols)))
        return;
    for (int i = 0; i < pl->n_deadlines; i++) {
        const co_plan_deadline *e = &pl->deadlines[i];
        row(x);
        c_str(x, e->need);
        c_str(x, e->state);
        c_str(x, e->deadline);
        c_year(x, e->deadline_year);
        c_bool(x, e->overdue);
        c_cents(x, e->has_plan ? e->placed : CO_CENTS_NONE, K_MONEY);
        c_year(x, e->has_plan ? e->completion_year : 0);
        c_bool(x, e->has_plan ? e->on_time : -1);
        c_cents(x, e->analysed ? e->best_case : CO_CENTS_NONE, K_MONEY);
        c_year(x, e->analysed ? e->earliest_year : 0);
        c_bool(x, e->capacity_limited);
        c_cents(x, e->capacity_missing, K_MONEY);
        c_num(x, e->capacity_missing_units, K_GENERAL);
        c_str(x, e->unit);
        int64_t total = 0;
        for (int k = 0; e->analysed && e->gaps && k < e->n_gaps; k++) {
            total += e->gaps[k].cents;
            co_buf_printf(&b, "%s%d: %s", k ? "; " : "", e->gaps[k].year,
                          co_fmt_usd(e->gaps[k].cents, m1));
        }
        c_cents(x, e->analysed && e->gaps ? total : CO_CENTS_NONE, K_MONEY);
        c_buf(x, &b);
        c_str(x, e->requested_deadline);
        c_str(x, e->extension_check);
        co_deadline_verdict(e, &b);
        c_buf(x, &b);
    }
    co_buf_release(&b);
    filter(x, pl->n_deadlines, N(deadline_cols));
}

/* A sort key of a need: not given counts as 0. */
static double key0(double v)
{
    return isnan(v) ? 0 : v;
}

static double unmet_usd(const co_plan_need *n)
{
    return n->unmet == CO_CENTS_NONE ? 0 : co_usd(n->unmet);
}

/* Unmet needs: urgent first (urgency desc), then unmet desc, then need id. */
static int cmp_unmet(const void *pa, const void *pb)
{
    const co_plan_need *a = *(const co_plan_need *const *)pa, *b = *(const co_plan_need *const *)pb;
    double ua = key0(a->urgency), ub = key0(b->urgency);
    if (ua != ub)
        return ua > ub ? -1 : 1;
    ua = unmet_usd(a);
    ub = unmet_usd(b);
    if (ua != ub)
        return ua > ub ? -1 : 1;
    return strcmp(a->need ? a->need : "", b->need ? b->need : "");
}

static void unmet_sheet(xw *x)
{
    const co_plan *pl = x->plan;
    int k = 0;
    const co_plan_need **v = malloc(((size_t)pl->n_needs + 1) * sizeof *v);
    if (!v) {
        x->oom = 1;
        return;
    }
    for (int i = 0; pl->needs && i < pl->n_needs; i++)
        if (unmet_usd(&pl->needs[i]) > 0)
            v[k++] = &pl->needs[i];
    if (k > 1)
        qsort(v, (size_t)k, sizeof *v, cmp_unmet);
    if (sheet(x, "Unmet", unmet_cols, N(unmet_cols)) == 0) {
        for (int i = 0; i < k; i++) {
            row(x);
            c_str(x, v[i]->need);
            c_str(x, v[i]->state);
            c_str(x, iso3_of(x, v[i]->state));
            c_str(x, v[i]->area);
            c_cents(x, v[i]->unmet, K_MONEY);
            c_num(x, v[i]->urgency, K_GENERAL);
            c_str(x, v[i]->deadline);
            c_num(x, v[i]->days_left, K_INT);
        }
        filter(x, k, N(unmet_cols));
    }
    free(v);
}

/* One row per reason of each diagnosed State (its sentence), with the
 * sentence of what would change it on each of the State's rows (a State
 * with a change but no reason gets one row). Only for a diagnosed plan. */
static void diagnosis_sheet(xw *x)
{
    const co_plan *pl = x->plan;
    int given = 0, rows = 0;
    for (int s = 0; pl->coalitions && s < pl->n_coalitions; s++)
        given |= pl->coalitions[s].diagnosed >= 0;
    if (!given || sheet(x, "Diagnosis", diagnosis_cols, N(diagnosis_cols)))
        return;
    for (int s = 0; s < pl->n_coalitions; s++) {
        const co_plan_coalition *c = &pl->coalitions[s];
        const co_plan_diagnosis *g = &c->diagnosis;
        if (c->diagnosed != 1)
            continue;
        const char *change = g->change ? g->change->text : NULL;
        int n = g->reasons ? g->n_reasons : 0;
        for (int i = 0; i < (n ? n : 1); i++) {
            const co_plan_reason *r = n ? &g->reasons[i] : NULL;
            row(x);
            rows++;
            c_str(x, c->state);
            c_str(x, r && r->kind >= 0 ? co_dx_kind_name((enum co_dx_kind)r->kind) : NULL);
            c_str(x, r ? r->text : NULL);
            c_str(x, change);
        }
    }
    filter(x, rows, N(diagnosis_cols));
}

/* What surveyed evidence would move to each need below surveyed. Only for
 * a diagnosed plan. */
static void evidence_sheet(xw *x)
{
    const co_plan *pl = x->plan;
    int given = 0, rows = 0;
    for (int n = 0; pl->needs && n < pl->n_needs; n++)
        given |= pl->needs[n].has_evidence_value >= 0;
    if (!given || sheet(x, "Evidence", evidence_cols, N(evidence_cols)))
        return;
    for (int n = 0; n < pl->n_needs; n++) {
        const co_plan_need *nd = &pl->needs[n];
        const co_plan_evidence_value *e = &nd->evidence_value;
        if (nd->has_evidence_value != 1)
            continue;
        row(x);
        rows++;
        c_str(x, nd->need);
        c_str(x, nd->state);
        c_num(x, nd->evidence, K_GENERAL);
        c_cents(x, nd->allocated, K_MONEY);
        c_cents(x, e->if_surveyed, K_MONEY);
        c_cents(x, e->moves, K_MONEY);
        c_str(x, e->text);
    }
    filter(x, rows, N(evidence_cols));
}

/* Key figures: a label and a value per row; the totals are
 * co_plan_totals_of's (urgent: urgency > 1). */
static void summary_sheet(xw *x)
{
    static const col cols[] = {{"field", K_GENERAL, 20}, {"value", K_GENERAL, 68}};
    const co_plan *pl = x->plan;
    co_plan_totals t = co_plan_totals_of(pl, NULL);
    if (sheet(x, "Summary", cols, N(cols)))
        return;
#define LABEL(s) (row(x), c_str(x, s))
    LABEL("dataset"), c_str(x, pl->dataset_name);
    LABEL("sha256"), c_str(x, pl->dataset_sha256);
    LABEL("scenario"), c_str(x, pl->scenario);
    LABEL("as_of"), c_str(x, pl->as_of);
    if (co_plan_years(pl)) {
        char years[32];
        snprintf(years, sizeof years, "%d-%d", pl->years_first, pl->years_last);
        LABEL("years"), c_str(x, years);
    }
    LABEL("status"), c_str(x, pl->has_status ? co_status_name(pl->status) : NULL);
    LABEL("objective_total"), c_num(x, pl->total, K_MONEY);
    LABEL("objective_value"), c_num(x, pl->value, K_MONEY);
    LABEL("coordination_cost"), c_num(x, pl->coordination_cost, K_MONEY);
    LABEL("shortfall_penalty"), c_num(x, pl->shortfall_penalty, K_MONEY);
    LABEL("seats"), c_count(x, pl->seats, K_INT);
    LABEL("bound"), c_num(x, pl->bound, K_MONEY);
    LABEL("gap"), c_num(x, pl->gap, K_GENERAL);
    LABEL("requested"), c_num(x, co_usd(t.requested), K_MONEY);
    LABEL("allocated"), c_num(x, co_usd(t.allocated), K_MONEY);
    LABEL("urgent_share"), c_num(x, co_share(t.urgent_allocated, t.urgent_requested), K_SHARE);
#undef LABEL
}

/* The scenarios of a comparison: the baseline, then each scenario. */
static void scenarios_sheet(xw *x, const co_comparison *cmp)
{
    if (sheet(x, "Scenarios", scenario_cols, N(scenario_cols)))
        return;
    for (int i = 0; i <= cmp->n_scenarios; i++) {
        const co_cmp_outcome *o = i == 0 ? &cmp->baseline : &cmp->scenarios[i - 1];
        const co_cmp_delta *d = o->has_delta ? &o->delta : NULL;
        row(x);
        c_str(x, o->name ? o->name : "baseline");
        c_str(x, o->status);
        c_num(x, o->objective, K_MONEY);
        c_num(x, d ? d->objective : NAN, K_MONEY);
        c_cents(x, o->allocated, K_MONEY);
        c_cents(x, d ? d->allocated : CO_CENTS_NONE, K_MONEY);
        c_num(x, o->urgent_share, K_SHARE);
        c_num(x, d ? d->urgent_share : NAN, K_SHARE);
        c_count(x, o->seats, K_INT);
        c_count(x, d ? d->seats_in : -1, K_INT);
        c_count(x, d ? d->seats_out : -1, K_INT);
        c_str(x, o->message);
    }
    filter(x, cmp->n_scenarios + 1, N(scenario_cols));
}

/* A library message as ours: lowercase first letter, no final period. */
static void io_error(co_diag *dg, const char *path, lxw_error e)
{
    char reason[160];
    snprintf(reason, sizeof reason, "%s", lxw_strerror(e));
    size_t n = strlen(reason);
    if (n && reason[n - 1] == '.')
        reason[n - 1] = '\0';
    reason[0] = (char)tolower((unsigned char)reason[0]);
    co_err(dg, "%s: cannot write: %s", path, reason);
}

int co_xlsx_write(const char *path, const co_plan *plan, const co_comparison *comparison,
                  co_diag *dg)
{
    char *tmp, *dir = NULL;
    int rc = CO_EIO;
    xw x = {0};
    int fd = co_temp_beside(path, &tmp, dg);
    if (fd < 0)
        return fd;
    close(fd);
    /* libxlsxwriter writes the file by name, at workbook_close, and keeps
     * its own scratch files in the target's folder too (not in /tmp) */
    const char *slash = strrchr(path, '/');
    dir = slash ? co_strndup(path, slash == path ? 1 : (size_t)(slash - path)) : co_strdup(".");
    lxw_workbook_options opt = {.tmpdir = dir};
    x.wb = dir ? workbook_new_opt(tmp, &opt) : NULL;
    if (!x.wb) {
        co_err(dg, "out of memory");
        rc = CO_EINTERNAL;
        goto out;
    }
    x.plan = plan;
    if ((x.head = workbook_add_format(x.wb)) != NULL)
        format_set_bold(x.head);
    else
        x.oom = 1;
    for (int k = 0; k < K_KINDS; k++) {
        if (!kind_format[k])
            continue;
        if ((x.fmt[k] = workbook_add_format(x.wb)) != NULL)
            format_set_num_format(x.fmt[k], kind_format[k]);
        else
            x.oom = 1;
    }
    /* The creation time stamped into docProps/core.xml (else "now") is the
     * plan's as_of date at 00:00 UTC, so the same plan gives the same
     * bytes: the zip entries carry a fixed date (1980-01-01) in 1.1.4.
     * A time of 0 would mean "now", hence at least one second. */
    long day = 0;
    if (plan->as_of && co_parse_date(plan->as_of, &day) != 0)
        day = 0;
    lxw_doc_properties props = {.created = day != 0 ? (time_t)day * 86400 : 1};
    note(&x, workbook_set_properties(x.wb, &props));
    if (!x.oom) {
        summary_sheet(&x);
        coalitions_sheet(&x);
        allocations_sheet(&x);
        if (co_plan_years(plan))
            funding_sheet(&x);
        donors_sheet(&x);
        needs_sheet(&x);
        unmet_sheet(&x);
        if (co_plan_years(plan))
            years_sheets(&x);
        if (plan->deadlines)
            deadlines_sheet(&x);
        if (comparison)
            scenarios_sheet(&x, comparison);
        diagnosis_sheet(&x);
        evidence_sheet(&x);
    }
    lxw_error closed = workbook_close(x.wb); /* frees the workbook in every case */
    if (x.oom || x.err == LXW_ERROR_MEMORY_MALLOC_FAILED) {
        co_err(dg, "out of memory writing %s", path);
        rc = CO_EINTERNAL;
        goto out;
    }
    if (x.err != LXW_NO_ERROR || closed != LXW_NO_ERROR) {
        io_error(dg, path, x.err != LXW_NO_ERROR ? x.err : closed);
        goto out;
    }
    rc = co_temp_commit(tmp, path, dg);
out:
    unlink(tmp); /* gone already when committed */
    free(tmp);
    free(dir);
    return rc;
}
