/*
 * report_dx.c: the summary's diagnosis of a State without a coalition or
 * below the coverage floor: why (its reasons, short) and what would change
 * it, each a line or two within 100 columns, with ids as the summary's
 * other lines have them. Reads only the plan's diagnosis (result/plan.h);
 * the full sentences are the brief's and the workbook's.
 */
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "base/util.h"
#include "render/report.h"

#define WIDTH 100 /* columns of the summary */
#define NAMED 3   /* ids named in one list; the rest are counted */

static const char *id(const char *s)
{
    return s ? s : "?";
}

static const char *usd(int slot, double v)
{
    static char buf[4][32];
    return co_fmt_usd(co_cents(v), buf[slot & 3]);
}

static const char *per(int slot, double v)
{
    static char buf[4][32];
    if (isfinite(v))
        snprintf(buf[slot & 3], sizeof buf[0], "%.3f", v);
    else
        snprintf(buf[slot & 3], sizeof buf[0], "n/a");
    return buf[slot & 3];
}

/* "A, B, C and 2 more": the donors of the items with `cause` (0: all). */
static void donors(co_buf *b, const co_plan_reason *r, unsigned cause)
{
    int n = 0, shown = 0;
    for (int j = 0; j < r->n_items; j++)
        n += !cause || (r->items[j].causes & cause);
    for (int j = 0; j < r->n_items; j++) {
        if (cause && !(r->items[j].causes & cause))
            continue;
        if (shown == NAMED) {
            co_buf_printf(b, " and %d more", n - NAMED);
            return;
        }
        co_buf_printf(b, "%s%s", shown++ ? ", " : "", id(r->items[j].donor));
    }
}

/* The first item with `cause`. */
static const co_plan_dx_item *first_with(const co_plan_reason *r, unsigned cause)
{
    for (int j = 0; j < r->n_items; j++)
        if (r->items[j].causes & cause)
            return &r->items[j];
    return NULL;
}

/* Why donors may not fund: "USA (excluded); DB (clearance area_budget 0)". */
static void causes(co_buf *b, const co_plan_reason *r)
{
    static const unsigned order[] = {CO_DX_CAUSE_EXCLUDED, CO_DX_CAUSE_AREA_CAP,
                                     CO_DX_CAUSE_EXPERTISE, CO_DX_CAUSE_NO_BUDGET};
    int groups = 0;
    for (size_t g = 0; g < sizeof order / sizeof *order; g++) {
        const co_plan_dx_item *it = first_with(r, order[g]);
        if (!it)
            continue;
        co_buf_printf(b, "%s", groups++ ? "; " : "");
        donors(b, r, order[g]);
        if (order[g] == CO_DX_CAUSE_EXCLUDED)
            co_buf_printf(b, " (excluded)");
        else if (order[g] == CO_DX_CAUSE_AREA_CAP)
            co_buf_printf(b, " (%s area_budget 0)", id(it->area));
        else if (order[g] == CO_DX_CAUSE_EXPERTISE)
            co_buf_printf(b, " (expertise below %s)", co_num(0, it->versus));
        else
            co_buf_printf(b, " (no budget)");
    }
}

static int all_versus(const co_plan_reason *r, double v)
{
    for (int j = 0; j < r->n_items; j++)
        if (!(fabs(r->items[j].versus - v) < 0.005))
            return 0;
    return 1;
}

/* One reason in a few words; 0 when it says nothing worth a meeting
 * (needs met in full). */
static int reason(co_buf *b, const co_plan_coalition *c, const co_plan_reason *r)
{
    const co_plan_dx_item *it = r->n_items ? &r->items[0] : NULL;
    int n = r->n_items;
    switch (r->kind) {
    case CO_DX_SECURED: {
        double secured = 0;
        for (int j = 0; j < n; j++)
            secured += isfinite(r->items[j].aux) ? r->items[j].aux : 0;
        if (n == 1)
            co_buf_printf(b, "nothing left to fund: %s is secured in full (%s)", id(it->need),
                          usd(0, secured));
        else
            co_buf_printf(b, "nothing left to fund: its needs are secured in full (%s)",
                          usd(0, secured));
        return 1;
    }
    case CO_DX_NO_DONOR:
        co_buf_printf(b, "no donor may fund %s (", id(r->need));
        causes(b, r);
        co_buf_printf(b, ")");
        return 1;
    case CO_DX_INELIGIBLE:
        co_buf_printf(b, "not eligible: ");
        causes(b, r);
        return 1;
    case CO_DX_MIN_GRANT: {
        if (!it)
            return 0;
        int need = all_versus(r, c->requested);
        if (n == 1) {
            co_buf_printf(b, "%s min_grant %s above ", id(it->donor), usd(1, it->value));
            co_buf_printf(b, need ? "its %s" : "the %s it could give", usd(0, it->versus));
            return 1;
        }
        double lo = it->value, hi = it->value;
        for (int j = 1; j < n; j++) {
            lo = r->items[j].value < lo ? r->items[j].value : lo;
            hi = r->items[j].value > hi ? r->items[j].value : hi;
        }
        co_buf_printf(b, "%d donors' min_grant (%s to %s) above ", n, usd(1, lo), usd(2, hi));
        if (need)
            co_buf_printf(b, "its %s", usd(0, c->requested));
        else
            co_buf_printf(b, "what they could give");
        return 1;
    }
    case CO_DX_SEAT_COST:
        if (!it)
            return 0;
        co_buf_printf(b, "%s: %s could add %s < %s", r->value == 1 ? "no seat pays" : "a seat "
                                                                                   "would not pay",
                      id(it->donor), usd(0, it->value), usd(1, it->versus));
        return 1;
    case CO_DX_OUTBID:
        if (!it)
            return 0;
        if (n == 1)
            co_buf_printf(b, "outbid: %s %s elsewhere, %s here", id(it->donor),
                          per(0, it->value), per(1, it->w));
        else
            co_buf_printf(b, "outbid by %d donors (%s: %s elsewhere, %s here)", n,
                          id(it->donor), per(0, it->value), per(1, it->w));
        return 1;
    case CO_DX_MEMBERS_SPENT:
        co_buf_printf(b, "members ");
        donors(b, r, 0);
        co_buf_printf(b, " give no more");
        return 1;
    case CO_DX_AREA_CAP:
        for (int j = 0; j < n && j < NAMED; j++)
            co_buf_printf(b, "%s%s %s", j ? ", " : "", id(r->items[j].donor),
                          id(r->items[j].area));
        if (n > NAMED)
            co_buf_printf(b, " and %d more", n - NAMED);
        co_buf_printf(b, " area_budget spent");
        return n > 0;
    case CO_DX_NET_SEAT_COST:
        if (!it)
            return 0;
        if (n == 1)
            co_buf_printf(b, "%s's seat would not pay (+%s < %s)", id(it->donor),
                          usd(0, it->value > 0 ? it->value : 0), usd(1, it->versus));
        else
            co_buf_printf(b, "%d seats would not pay (%s +%s < %s)", n, id(it->donor),
                          usd(0, it->value > 0 ? it->value : 0), usd(1, it->versus));
        return 1;
    case CO_DX_MAX_STATES:
        for (int j = 0; j < n && j < NAMED; j++)
            co_buf_printf(b, "%s%s at max_states %s (its seat would add %s)", j ? ", " : "",
                          id(r->items[j].donor), co_num(0, r->items[j].aux),
                          usd(0, r->items[j].value));
        if (n > NAMED)
            co_buf_printf(b, " and %d more", n - NAMED);
        return n > 0;
    case CO_DX_COALITION_FULL:
        co_buf_printf(b, "coalition full (max_coalition_size %s", co_num(0, r->value));
        if (it)
            co_buf_printf(b, "; %s would add %s", id(it->donor), usd(0, it->value));
        co_buf_printf(b, ")");
        return 1;
    case CO_DX_FORBIDDEN:
        co_buf_printf(b, "the scenario forbids ");
        donors(b, r, 0);
        return 1;
    case CO_DX_UNRESOLVED:
        co_buf_printf(b, "no reason proven for ");
        donors(b, r, 0);
        co_buf_printf(b, it && (it->flags & CO_DX_F_NO_DUALS) ? " (no marginal values)"
                                                              : " (the search stopped early)");
        return 1;
    default: /* capped: needs met in full are no problem; not given */
        return 0;
    }
}

/* Before item i of n: `first` before the first, ", " between; after
 * NAMED items " and N more" and 1 (stop). */
static int more(co_buf *b, int i, int n, const char *first)
{
    if (i == NAMED) {
        co_buf_printf(b, " and %d more", n - NAMED);
        return 1;
    }
    co_buf_printf(b, "%s", i ? ", " : first);
    return 0;
}

/* What would change it in a few words. */
static void change(co_buf *b, const co_plan_change *ch)
{
    switch (ch->kind) {
    case CO_CHANGE_EVIDENCE:
        if (ch->n_needs <= 2)
            for (int i = 0; i < ch->n_needs; i++)
                co_buf_printf(b, "%s%s", i ? " and " : "", id(ch->needs[i]));
        else
            co_buf_printf(b, "its %d needs", ch->n_needs);
        co_buf_printf(b, " surveyed");
        break;
    case CO_CHANGE_COORDINATION:
        co_buf_printf(b, "coordination_cost %s (from %s)", usd(0, ch->to), usd(1, ch->from));
        break;
    case CO_CHANGE_FLOOR:
        co_buf_printf(b, "coverage_floor %s", co_num(0, ch->to));
        if (ch->from > 0)
            co_buf_printf(b, " (from %s)", co_num(1, ch->from));
        break;
    case CO_CHANGE_MAX_STATES:
        co_buf_printf(b, "%s max_states %s (from %s)", id(ch->donor), co_num(0, ch->to),
                      co_num(1, ch->from));
        break;
    case CO_CHANGE_BUDGET:
        co_buf_printf(b, "%s budget +%s (to %s)", id(ch->donor), usd(0, ch->to - ch->from),
                      usd(1, ch->to));
        break;
    default: { /* none found: what became of each kind */
        static const int shown[] = {CO_TRY_FAILED, CO_TRY_NOT_APPLICABLE, CO_TRY_NOT_TRIED};
        static const char *const word[] = {"failed", "not applicable", "not tried"};
        int untried = 0;
        for (int k = 0; k < CO_CHANGE_KINDS; k++)
            untried |= ch->tried[k] == CO_TRY_NOT_TRIED;
        co_buf_printf(b, untried ? "none found before the time limit (" : "nothing on the list (");
        for (int g = 0, any = 0; g < 3; g++) {
            int k0 = 0;
            for (int k = 0; k < CO_CHANGE_KINDS; k++) {
                if (ch->tried[k] != shown[g])
                    continue;
                co_buf_printf(b, "%s%s", k0++ ? ", " : any++ ? "; " : "",
                              co_change_kind_name((enum co_change_kind)k));
            }
            if (k0)
                co_buf_printf(b, " %s", word[g]);
        }
        co_buf_printf(b, ")");
        return;
    }
    }
    co_buf_printf(b, ": ");
    for (int i = 0; i < ch->n_joins && !more(b, i, ch->n_joins, ""); i++)
        co_buf_printf(b, "%s %s", id(ch->joins[i].donor), usd(0, co_usd(ch->joins[i].cents)));
    for (int i = 0; i < ch->n_losses && !more(b, i, ch->n_losses, "; "); i++)
        co_buf_printf(b, "%s%s %s less", id(ch->losses[i].state), i ? "" : " gets",
                      usd(0, co_usd(ch->losses[i].before - ch->losses[i].after)));
    if (ch->losses && ch->n_losses == 0)
        co_buf_printf(b, "; no other State gets less");
    for (int i = 0; i < ch->n_leaves && !more(b, i, ch->n_leaves, "; "); i++)
        co_buf_printf(b, "%s leaves %s", id(ch->leaves[i].donor), id(ch->leaves[i].state));
    if (ch->exact == 0)
        co_buf_printf(b, " (the time limit stopped the search: a smaller change may do)");
    else if (ch->proved == 0)
        co_buf_printf(b, " (its re-solve was not proved optimal)");
}

/* `text` after `lead`, broken at spaces so that no line passes WIDTH
 * columns (a word longer than a line stays whole); lines after the first
 * are indented by INDENT. Returns the lines written. */
#define INDENT 7
#define MAX_LINES 2 /* of the reasons: the rest are counted */
static int wrapped(co_buf *out, const char *lead, const char *text)
{
    size_t indent = INDENT, col = strlen(lead);
    int lines = 1, first = 1;
    co_buf_printf(out, "%s", lead);
    const char *p = text;
    while (*p) {
        while (*p == ' ')
            p++;
        size_t n = strcspn(p, " ");
        if (!n)
            break;
        if (!first && col + 1 + n > WIDTH) {
            co_buf_printf(out, "\n%*s", (int)indent, "");
            col = indent;
            first = 1;
            lines++;
        }
        if (!first) {
            co_buf_put(out, " ", 1);
            col++;
        }
        co_buf_put(out, p, n);
        col += n;
        first = 0;
        p += n;
    }
    co_buf_put(out, "\n", 1);
    return lines;
}

/* The reasons that say something, in order, as "a; b; c", the first k of
 * them and " and N more reasons" after (k < all). Returns how many say
 * something. */
static int reasons_text(co_buf *t, const co_plan_coalition *c, int k)
{
    const co_plan_diagnosis *g = &c->diagnosis;
    int said = 0;
    t->len = 0;
    for (int i = 0; g->reasons && i < g->n_reasons; i++) {
        size_t at = t->len;
        if (said < k && said)
            co_buf_printf(t, "; ");
        co_buf scratch;
        co_buf_init(&scratch);
        int says = reason(said < k ? t : &scratch, c, &g->reasons[i]);
        co_buf_release(&scratch);
        if (!says)
            t->len = at; /* nothing said: take the separator back */
        said += says;
    }
    if (said > k)
        co_buf_printf(t, "; and %d more reason%s (the brief lists them all)", said - k,
                      said - k > 1 ? "s" : "");
    co_buf_put(t, "", 1);
    return said;
}

void co_plan_summary_diagnosis(const co_plan_coalition *c, co_buf *b)
{
    const co_plan_diagnosis *g = &c->diagnosis;
    if (c->diagnosed != 1 || (c->n_members > 0 && !g->change))
        return;
    co_buf t, fit;
    co_buf_init(&t);
    co_buf_init(&fit);
    /* as many reasons as two lines hold (at least one) */
    int all = reasons_text(&t, c, INT_MAX), k = all;
    while (k > 1 && !t.oom) {
        fit.len = 0;
        if (wrapped(&fit, "  why: ", t.data) <= MAX_LINES)
            break;
        reasons_text(&t, c, --k);
    }
    if (all && !t.oom)
        wrapped(b, "  why: ", t.data);
    if (g->change) {
        t.len = 0;
        change(&t, g->change);
        co_buf_put(&t, "", 1);
        if (!t.oom)
            wrapped(b, g->change->floor == 1 ? "  would reach the floor with: "
                                             : "  would change it: ",
                    t.data);
    }
    b->oom |= t.oom | fit.oom;
    co_buf_release(&t);
    co_buf_release(&fit);
}
