/*
 * diagnose_text.c: a reason of diagnose.h, what would change it and the
 * value of better evidence, each as one line of English in the dataset's
 * words (names, need ids, parameter and field names), and the names of
 * kinds in plan files. Computes nothing: every number is the report's.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/fmt.h"
#include "base/output.h"
#include "base/util.h"
#include "model/diagnose.h"

#define SHOWN 4 /* items named in one line; the rest are counted */

const char *co_dx_donor_name(const co_instance *in, int d)
{
    const co_donor *dn = &in->ds->donors[d];
    return dn->name && *dn->name ? dn->name : dn->id;
}

/* "Japan's", "United States'" */
static void possessive(co_buf *b, const char *name)
{
    size_t n = strlen(name);
    co_buf_printf(b, "%s%s", name, n && name[n - 1] == 's' ? "'" : "'s");
}

const char *co_dx_state_name(const co_instance *in, int s)
{
    const co_state *st = &in->ds->states[s];
    return st->name && *st->name ? st->name : st->id;
}

static const char *area_name(const co_instance *in, int a)
{
    return a >= 0 ? in->ds->areas[a].id : "?";
}

const char *co_dx_money(int slot, double usd)
{
    static char buf[4][32];
    double c = nearbyint(usd * 100.0);
    if (!isfinite(c) || fabs(c) > 9e18)
        return "?";
    return co_fmt_usd((int64_t)c, buf[slot & 3]);
}

/* A value per USD ("0.974"). */
static const char *per(int slot, double v)
{
    static char buf[4][32];
    snprintf(buf[slot & 3], sizeof buf[0], "%.3f", v);
    return buf[slot & 3];
}

/* "X, Y and N more" closing after SHOWN items. Returns 1 to stop. */
static int list_sep(co_buf *b, int j, int n)
{
    if (j == SHOWN) {
        co_buf_printf(b, " and %d more", n - SHOWN);
        return 1;
    }
    if (j > 0)
        co_buf_printf(b, ", ");
    return 0;
}

/* Needs of State s (counted). */
static int state_needs(const co_instance *in, int s)
{
    int c = 0;
    for (int n = 0; n < in->nn; n++)
        c += in->ds->needs[n].s == s;
    return c;
}

/* " here" (with here) or nothing, when the State has one need; else
 * " for NEED". */
static void need_note(co_buf *b, const co_instance *in, int s, int n, int here)
{
    if (n >= 0 && state_needs(in, s) > 1)
        co_buf_printf(b, " for %s", in->ds->needs[n].id);
    else if (here)
        co_buf_printf(b, " here");
}

/* The ineligible donors of r grouped by cause, "; " between groups. */
static void causes_text(co_buf *b, const co_instance *in, const co_dx_reason *r)
{
    static const unsigned order[] = {CO_DX_CAUSE_EXCLUDED, CO_DX_CAUSE_AREA_CAP,
                                     CO_DX_CAUSE_EXPERTISE, CO_DX_CAUSE_NO_BUDGET};
    int groups = 0;
    for (size_t g = 0; g < sizeof order / sizeof *order; g++) {
        int count = 0, shown = 0;
        for (int j = 0; j < r->n_items; j++)
            count += (r->items[j].causes & order[g]) != 0;
        if (!count)
            continue;
        if (groups++)
            co_buf_printf(b, "; ");
        const co_dx_item *first = NULL;
        for (int j = 0; j < r->n_items && !first; j++)
            if (r->items[j].causes & order[g])
                first = &r->items[j];
        switch (order[g]) {
        case CO_DX_CAUSE_EXCLUDED:
            co_buf_printf(b, "excluded by ");
            break;
        case CO_DX_CAUSE_AREA_CAP:
            co_buf_printf(b, "%s area_budget of 0 for ", area_name(in, first->a));
            break;
        case CO_DX_CAUSE_EXPERTISE:
            co_buf_printf(b, "expertise below min_expertise %s for ", co_num(0, first->versus));
            break;
        default:
            co_buf_printf(b, "no budget for ");
            break;
        }
        for (int j = 0; j < r->n_items; j++) {
            const co_dx_item *it = &r->items[j];
            if (!(it->causes & order[g]))
                continue;
            if (list_sep(b, shown++, count))
                break;
            co_buf_printf(b, "%s", co_dx_donor_name(in, it->d));
            if (order[g] == CO_DX_CAUSE_EXPERTISE)
                co_buf_printf(b, " (%s)", co_num(0, it->value > 0 ? it->value : 0));
        }
    }
}

/* " (of which 4.000 for the coverage floor)" when the floor counts (", of
 * which ..." inside parentheses). */
static void floor_note(co_buf *b, const co_dx_item *it, int nested)
{
    if (it->floor > 0)
        co_buf_printf(b, nested ? ", of which %s for the coverage floor"
                                : " (of which %s for the coverage floor)",
                      per(2, it->floor));
}

/* "the coordination cost of 50,000", or the seat cost with stability. */
static void cost_text(co_buf *b, const co_instance *in, double cost)
{
    if (fabs(cost - in->p.coordination_cost) < 0.005)
        co_buf_printf(b, "the coordination cost of %s", co_dx_money(3, cost));
    else
        co_buf_printf(b, "the seat's cost of %s (coordination_cost and stability_weight)",
                      co_dx_money(3, cost));
}

static int all_same_versus(const co_dx_reason *r)
{
    for (int j = 1; j < r->n_items; j++)
        if (fabs(r->items[j].versus - r->items[0].versus) >= 0.005)
            return 0;
    return 1;
}

static void reason_text(co_buf *b, const co_instance *in, int s, const co_dx_reason *r)
{
    const co_dataset *ds = in->ds;
    const co_dx_item *it0 = r->n_items ? &r->items[0] : NULL;
    if (!it0 && r->kind != CO_DX_SECURED && r->kind != CO_DX_COALITION_FULL) {
        co_buf_printf(b, "%s", co_dx_kind_name(r->kind)); /* never built so */
        return;
    }
    switch (r->kind) {
    case CO_DX_SECURED: {
        double amount = 0;
        for (int j = 0; j < r->n_items; j++)
            amount += r->items[j].aux;
        if (r->n_items == 0)
            co_buf_printf(b, "nothing left to fund: it asked for nothing");
        else if (r->n_items == 1)
            co_buf_printf(b, "nothing left to fund: %s is secured in full (%s)",
                          ds->needs[it0->n].id, co_dx_money(0, amount));
        else
            co_buf_printf(b, "nothing left to fund: its %d needs are secured in full (%s)",
                          r->n_items, co_dx_money(0, amount));
        break;
    }
    case CO_DX_NO_DONOR:
        co_buf_printf(b, "no donor can fund %s (%s): ", ds->needs[r->n].id,
                      area_name(in, ds->needs[r->n].a));
        causes_text(b, in, r);
        break;
    case CO_DX_INELIGIBLE:
        co_buf_printf(b, "not eligible for its unmet needs: ");
        causes_text(b, in, r);
        break;
    case CO_DX_MIN_GRANT:
        if (all_same_versus(r) && fabs(it0->versus - in->state_R[s]) < 0.005) {
            co_buf_printf(b, "min_grant above all it still needs (%s): ", co_dx_money(0, it0->versus));
            for (int j = 0; j < r->n_items && !list_sep(b, j, r->n_items); j++)
                co_buf_printf(b, "%s %s", co_dx_donor_name(in, r->items[j].d),
                              co_dx_money(1, r->items[j].value));
        } else {
            co_buf_printf(b, "min_grant above the most the donor could give it: ");
            for (int j = 0; j < r->n_items && !list_sep(b, j, r->n_items); j++)
                co_buf_printf(b, "%s %s (at most %s)", co_dx_donor_name(in, r->items[j].d),
                              co_dx_money(1, r->items[j].value), co_dx_money(2, r->items[j].versus));
        }
        break;
    case CO_DX_SEAT_COST:
        if (r->value == 1)
            co_buf_printf(b, "no seat pays for itself: the best single donor (%s) could add "
                             "%s of weighted value, below ",
                          co_dx_donor_name(in, it0->d), co_dx_money(0, it0->value));
        else
            co_buf_printf(b, "a seat would not pay for itself: %s could add at most %s of "
                             "weighted value, below ",
                          co_dx_donor_name(in, it0->d), co_dx_money(0, it0->value));
        cost_text(b, in, it0->versus);
        if (r->n_items > 1 && r->value != 1)
            co_buf_printf(b, " (and %d other donor%s less)", r->n_items - 1,
                          r->n_items > 2 ? "s" : "");
        break;
    case CO_DX_OUTBID:
    case CO_DX_MEMBERS_SPENT:
        if (r->kind == CO_DX_MEMBERS_SPENT)
            co_buf_printf(b, "its members give no more: each one's last dollar is worth as "
                             "much or more where it is: ");
        else if (r->value == 1)
            co_buf_printf(b, "outbid: every donor that could take a seat has a last dollar "
                             "worth more elsewhere: ");
        else
            co_buf_printf(b, "outbid: the last dollar of these donors is worth more "
                             "elsewhere: ");
        for (int j = 0; j < r->n_items && !list_sep(b, j, r->n_items); j++) {
            const co_dx_item *it = &r->items[j];
            co_buf_printf(b, "%s %s against %s", co_dx_donor_name(in, it->d),
                          per(0, it->value), per(1, it->w));
            need_note(b, in, s, it->n, j == 0);
            floor_note(b, it, 0);
        }
        break;
    case CO_DX_AREA_CAP:
        co_buf_printf(b, "area_budget spent: ");
        for (int j = 0; j < r->n_items && !list_sep(b, j, r->n_items); j++) {
            const co_dx_item *it = &r->items[j];
            possessive(b, co_dx_donor_name(in, it->d));
            co_buf_printf(b, " %s area_budget of %s is used (its last %s dollar is worth %s "
                             "against %s",
                          area_name(in, it->a), co_dx_money(0, it->aux), area_name(in, it->a),
                          per(0, it->value), per(1, it->w));
            need_note(b, in, s, it->n, j == 0);
            floor_note(b, it, 1);
            co_buf_printf(b, ")");
        }
        break;
    case CO_DX_NET_SEAT_COST:
        co_buf_printf(b, "a seat would not pay once its money's present uses are counted: ");
        for (int j = 0; j < r->n_items && !list_sep(b, j, r->n_items); j++) {
            const co_dx_item *it = &r->items[j];
            if (it->flags & CO_DX_F_EXACT) {
                co_buf_printf(b, "%s's seat would add %s in all, the plan's money placed "
                                 "again",
                              co_dx_donor_name(in, it->d),
                              co_dx_money(0, it->value > 0 ? it->value : 0));
                continue;
            }
            possessive(b, co_dx_donor_name(in, it->d));
            co_buf_printf(b, " dollars are worth %s", per(0, it->w));
            need_note(b, in, s, it->n, 1);
            floor_note(b, it, 0);
            co_buf_printf(b, " against %s where they are, at most %s more in all", per(1, it->aux),
                          co_dx_money(2, it->value > 0 ? it->value : 0));
        }
        co_buf_printf(b, ", not above ");
        cost_text(b, in, it0->versus);
        break;
    case CO_DX_MAX_STATES:
        for (int j = 0; j < r->n_items && !list_sep(b, j, r->n_items); j++) {
            const co_dx_item *it = &r->items[j];
            co_buf_printf(b, "%s is at its max_states of %s: its seat here would %s %s, above ",
                          co_dx_donor_name(in, it->d), co_num(0, it->aux),
                          it->flags & CO_DX_F_EXACT ? "add" : "add up to",
                          co_dx_money(1, it->value));
            cost_text(b, in, it->versus);
        }
        break;
    case CO_DX_COALITION_FULL:
        co_buf_printf(b, "the coalition is full (max_coalition_size %s)", co_num(0, r->value));
        for (int j = 0; j < r->n_items && !list_sep(b, j, r->n_items); j++) {
            const co_dx_item *it = &r->items[j];
            co_buf_printf(b, "%s%s's seat would otherwise add %s%s", j ? "" : ": ",
                          co_dx_donor_name(in, it->d),
                          it->flags & CO_DX_F_EXACT ? "" : "up to ", co_dx_money(0, it->value));
        }
        if (it0) {
            co_buf_printf(b, ", above ");
            cost_text(b, in, it0->versus);
        }
        break;
    case CO_DX_FORBIDDEN:
        co_buf_printf(b, "the scenario forbids the seat%s of ", r->n_items > 1 ? "s" : "");
        for (int j = 0; j < r->n_items && !list_sep(b, j, r->n_items); j++)
            co_buf_printf(b, "%s", co_dx_donor_name(in, r->items[j].d));
        break;
    case CO_DX_UNRESOLVED:
        if (it0->flags & CO_DX_F_NO_DUALS) {
            co_buf_printf(b, "marginal values are not available, so no reason is proven for ");
            for (int j = 0; j < r->n_items && !list_sep(b, j, r->n_items); j++)
                co_buf_printf(b, "%s", co_dx_donor_name(in, r->items[j].d));
            break;
        }
        for (int j = 0; j < r->n_items && !list_sep(b, j, r->n_items); j++) {
            const co_dx_item *it = &r->items[j];
            if (isnan(it->value)) {
                co_buf_printf(b, "%s gives no more for no reason its marginal values show",
                              co_dx_donor_name(in, it->d));
                continue;
            }
            possessive(b, co_dx_donor_name(in, it->d));
            co_buf_printf(b, " seat would add %s%s", it->flags & CO_DX_F_EXACT ? "" : "up to ",
                          co_dx_money(0, it->value));
        }
        co_buf_printf(b, ", above ");
        cost_text(b, in, it0->versus);
        co_buf_printf(b, ", yet the plan does without it (the search stopped before finding "
                         "it, or a what-if rule keeps it out)");
        break;
    case CO_DX_CAPPED: {
        co_buf_printf(b, "capped by its own request: ");
        for (int j = 0; j < r->n_items && !list_sep(b, j, r->n_items); j++)
            co_buf_printf(b, "%s (%s)", ds->needs[r->items[j].n].id, co_dx_money(0, r->items[j].value));
        co_buf_printf(b, " %s funded in full", r->n_items > 1 ? "are" : "is");
        break;
    }
    }
}

char *co_dx_text(const co_instance *in, int s, const co_dx_reason *r, int with_state)
{
    co_buf b;
    co_buf_init(&b);
    if (with_state) {
        co_buf_printf(&b, "%s: ", co_dx_state_name(in, s));
    }
    reason_text(&b, in, s, r);
    if (b.oom || !b.data) {
        co_buf_release(&b);
        return NULL;
    }
    return b.data; /* the buffer's text belongs to the caller now */
}

const char *co_change_kind_name(enum co_change_kind k)
{
    static const char *const names[] = {"evidence", "coordination_cost", "coverage_floor",
                                        "max_states", "budget"};
    return (unsigned)k < sizeof names / sizeof *names ? names[k] : "?";
}

const char *co_try_name(enum co_try t)
{
    static const char *const names[] = {"not_tried", "not_applicable", "failed", "worked",
                                        "not_needed"};
    return (unsigned)t < sizeof names / sizeof *names ? names[t] : "?";
}

/* The name of the lowest bit set in `bit` among names[0..n) (bit 1 << i). */
static const char *bit_name(unsigned bit, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (bit & (1u << i))
            return names[i];
    return "?";
}

const char *co_dx_cause_name(unsigned bit)
{
    static const char *const names[] = {"no_budget", "excluded", "expertise", "area_budget"};
    return bit_name(bit, names, 4);
}

const char *co_dx_flag_name(unsigned bit)
{
    static const char *const names[] = {"member", "max_states", "no_duals", "exact"};
    return bit_name(bit, names, 4);
}

/* ---- what would change it, and the value of evidence ------------------ */

static const char *evidence_word(const co_need *nd, char *buf, size_t n)
{
    if (nd->evidence_text)
        return nd->evidence_text;
    snprintf(buf, n, "evidence %s", co_num(0, nd->evidence));
    return buf;
}

static void change_phrase(co_buf *b, const co_instance *in, const co_dx_fix *f)
{
    const co_dx_change *ch = &f->change;
    const co_dataset *ds = in->ds;
    switch (ch->kind) {
    case CO_CHANGE_EVIDENCE: {
        int weak = 0, one = -1;
        for (int n = 0; n < in->nn; n++)
            if (ds->needs[n].s == f->s && in->R[n] > 0 && ds->needs[n].evidence < 1)
                weak++, one = n;
        if (weak == 1)
            co_buf_printf(b, "%s were surveyed", ds->needs[one].id);
        else
            co_buf_printf(b, "its %d needs below surveyed were surveyed", weak);
        break;
    }
    case CO_CHANGE_COORDINATION:
        co_buf_printf(b, "the coordination cost were lowered from %s to %s",
                      co_dx_money(0, ch->from), co_dx_money(1, ch->to));
        break;
    case CO_CHANGE_FLOOR:
        if (ch->from > 0)
            co_buf_printf(b, "the coverage floor were raised from %s to %s",
                          co_num(0, ch->from), co_num(1, ch->to));
        else
            co_buf_printf(b, "a coverage floor of %s were set", co_num(0, ch->to));
        break;
    case CO_CHANGE_MAX_STATES:
        co_buf_printf(b, "%s's max_states were raised from %s to %s",
                      co_dx_donor_name(in, ch->d), co_num(0, ch->from), co_num(1, ch->to));
        break;
    default:
        co_buf_printf(b, "%s's budget were raised by %s (to %s)", co_dx_donor_name(in, ch->d),
                      co_dx_money(0, ch->to - ch->from), co_dx_money(1, ch->to));
        break;
    }
}

/* What became of kind k, when it did not work ("" when nothing to say). */
static const char *try_phrase(enum co_change_kind k, enum co_try t)
{
    static const char *const na[CO_CHANGE_KINDS] = {
        "its evidence is all surveyed", "the coordination cost is already 0",
        "a coverage floor does not apply", "no donor that could sit is at its max_states",
        "no donor that could sit is short of money"};
    static const char *const failed[CO_CHANGE_KINDS] = {
        "surveyed evidence does not do it", "not even a coordination cost of 0 does it",
        "no coverage floor does it, up to 1",
        "no donor's max_states raised by one does it",
        "no donor's budget does it, even raised to fund all it may"};
    return t == CO_TRY_NOT_APPLICABLE ? na[k] : t == CO_TRY_FAILED ? failed[k] : "";
}

char *co_dx_fix_text(const co_instance *in, const co_dx_fix *f, int with_state)
{
    co_buf b;
    co_buf_init(&b);
    const char *name = co_dx_state_name(in, f->s);
    const char *goal = f->want_floor ? "would reach the coverage floor" : "would get a coalition";
    if (f->found) {
        const co_dx_change *ch = &f->change;
        co_buf_printf(&b, "%s %s if ", with_state ? name : "it", goal);
        change_phrase(&b, in, f);
        co_buf_printf(&b, ": ");
        for (int i = 0; i < ch->n_members; i++)
            co_buf_printf(&b, "%s%s %s", i ? ", " : "", co_dx_donor_name(in, ch->members[i].d),
                          co_dx_money(0, (double)ch->members[i].cents / 100.0));
        if (ch->n_losses == 0)
            co_buf_printf(&b, "; no other State gets less");
        for (int i = 0; i < ch->n_losses; i++) {
            const co_dx_loss *l = &ch->losses[i];
            co_buf_printf(&b, "%s%s gets %s less (%s instead of %s)", i ? ", " : "; ",
                          co_dx_state_name(in, l->s),
                          co_dx_money(0, (double)(l->before - l->after) / 100.0),
                          co_dx_money(1, (double)l->after / 100.0),
                          co_dx_money(2, (double)l->before / 100.0));
        }
        for (int i = 0; i < ch->n_dropped; i++)
            co_buf_printf(&b, "%s%s leaves %s", i ? ", " : "; ",
                          co_dx_donor_name(in, ch->dropped[i].d),
                          co_dx_state_name(in, ch->dropped[i].s));
        if (!ch->exact)
            co_buf_printf(&b, " (the time limit stopped the search: a smaller change may do)");
        else if (!ch->proved)
            co_buf_printf(&b, " (the re-solve was not proved optimal)");
    } else {
        co_buf_printf(&b, "%s: no change on the list %s", with_state ? name : "it",
                      f->want_floor ? "brings it to the coverage floor"
                                    : "gives it a coalition");
        int said = 0;
        for (int k = 0; k < CO_CHANGE_KINDS; k++) {
            const char *t = try_phrase((enum co_change_kind)k, f->tried[k]);
            if (*t)
                co_buf_printf(&b, "%s%s", said++ ? "; " : ": ", t);
        }
        for (int k = 0, j = 0; k < CO_CHANGE_KINDS; k++)
            if (f->tried[k] == CO_TRY_NOT_TRIED)
                co_buf_printf(&b, "%s%s", j++ ? ", " : said ? "; not tried before the time limit: "
                                                         : ": not tried before the time limit: ",
                              co_change_kind_name((enum co_change_kind)k));
    }
    if (b.oom || !b.data) {
        co_buf_release(&b);
        return NULL;
    }
    return b.data;
}

char *co_dx_evidence_text(const co_instance *in, const co_dx_evidence *e)
{
    const co_need *nd = &in->ds->needs[e->n];
    char w[48];
    const char *level = evidence_word(nd, w, sizeof w);
    if (!e->tried)
        return co_asprintf("%s (%s): not tried before the time limit", nd->id, level);
    if (e->after == e->before)
        return co_asprintf("%s (%s): surveyed evidence would move no more money to it (it "
                           "gets %s)",
                           nd->id, level, co_dx_money(0, (double)e->before / 100.0));
    if (e->after > e->before)
        return co_asprintf("%s (%s): surveyed evidence would move %s more to it (%s instead "
                           "of %s)",
                           nd->id, level, co_dx_money(0, (double)(e->after - e->before) / 100.0),
                           co_dx_money(1, (double)e->after / 100.0),
                           co_dx_money(2, (double)e->before / 100.0));
    return co_asprintf("%s (%s): surveyed evidence would change what it gets from %s to %s",
                       nd->id, level, co_dx_money(0, (double)e->before / 100.0),
                       co_dx_money(1, (double)e->after / 100.0));
}
