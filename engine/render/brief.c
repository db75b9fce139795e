/*
 * brief.c: the meeting brief (brief.h): a summary, a multi-year plan's
 * deadlines and extension requests (verdicts and milestones), one section
 * per Country Coalition, the donors, and charts drawn here as inline SVG;
 * or the same content as Markdown tables (a comparison: each scenario's
 * changes, with the deadline figures of a multi-year dataset). Reads only the plan (result/plan.h) or the
 * comparison (run/compare.h) it is given, so a stored run, a plan file and
 * a what-if render alike; the totals are co_plan_totals_of's. No network,
 * no scripts, no timing: the same plan gives the same bytes.
 */
#include "render/brief.h"

#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "base/fmt.h"
#include "base/json.h"
#include "base/util.h"
#include "render/deadlines.h"
#include "result/deadline_change.h"

/* ---- the writer: one code path for both formats ---------------------- */

typedef struct rd {
    co_buf *b;
    int html;          /* 1 for HTML, 0 for Markdown */
    const char *align; /* the current table's columns: 'l' or 'r' each */
    int col;           /* the next cell's column */
} rd;

/* markup for both formats */
static void raw(rd *r, const char *s)
{
    co_buf_put(r->b, s, strlen(s));
}

/* markup for one format only */
static void html(rd *r, const char *s)
{
    if (r->html)
        raw(r, s);
}

static void md(rd *r, const char *s)
{
    if (!r->html)
        raw(r, s);
}

/* Text from the data, escaped for the format: HTML entities for & < > " ',
 * or Markdown's backslash before its markup characters. A line break in
 * the data becomes a space (it would end a Markdown table row). */
static void esc(rd *r, const char *s)
{
    if (!s)
        return;
    for (const char *p = s; *p; p++) {
        const char *rep = NULL;
        char two[3] = {'\\', *p, '\0'};
        if (*p == '\n' || *p == '\r' || *p == '\t')
            rep = " ";
        else if (r->html)
            rep = *p == '&'    ? "&amp;"
                  : *p == '<'  ? "&lt;"
                  : *p == '>'  ? "&gt;"
                  : *p == '"'  ? "&quot;"
                  : *p == '\'' ? "&#39;"
                               : NULL;
        else if (strchr("\\`*_[]<>|#&", *p))
            rep = two;
        if (rep)
            raw(r, rep);
        else
            co_buf_put(r->b, p, 1);
    }
}

/* fmt formatted, then escaped (esc) or, when not `escape`, as HTML markup
 * (numbers and fixed words only; nothing in Markdown) */
static void putf(rd *r, int escape, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void putf(rd *r, int escape, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = co_vasprintf(fmt, ap);
    va_end(ap);
    if (!s)
        r->b->oom = 1;
    else if (escape)
        esc(r, s);
    else if (r->html)
        raw(r, s);
    free(s);
}
#define escf(r, ...) putf(r, 1, __VA_ARGS__)
#define htmlf(r, ...) putf(r, 0, __VA_ARGS__)

static void heading(rd *r, int level, const char *text)
{
    if (r->html) {
        htmlf(r, "<h%d>", level);
        esc(r, text);
        htmlf(r, "</h%d>\n", level);
    } else {
        raw(r, level == 1 ? "# " : level == 2 ? "## " : "### ");
        esc(r, text);
        raw(r, "\n\n");
    }
}

static void para_begin(rd *r, const char *cls)
{
    if (r->html && cls)
        htmlf(r, "<p class=\"%s\">", cls);
    else
        html(r, "<p>");
}

static void para_end(rd *r)
{
    raw(r, r->html ? "</p>\n" : "\n\n");
}

static void para(rd *r, const char *cls, const char *text)
{
    para_begin(r, cls);
    esc(r, text);
    para_end(r);
}

/* heads: NULL-terminated; align: one 'l' or 'r' per column */
static void table_begin(rd *r, const char *cls, const char *align, const char *const *heads)
{
    r->align = align;
    if (r->html) {
        htmlf(r, "<table class=\"%s\">", cls);
        if (!heads[0] || !*heads[0]) { /* a table of facts: no header row */
            raw(r, "\n<tbody>\n");
            return;
        }
        raw(r, "<thead><tr>");
        for (int i = 0; heads[i]; i++) {
            raw(r, align[i] == 'r' ? "<th class=\"num\">" : "<th>");
            esc(r, heads[i]);
            raw(r, "</th>");
        }
        raw(r, "</tr></thead>\n<tbody>\n");
        return;
    }
    raw(r, "|");
    for (int i = 0; heads[i]; i++) {
        raw(r, " ");
        esc(r, heads[i]);
        raw(r, " |");
    }
    raw(r, "\n|");
    for (int i = 0; heads[i]; i++)
        raw(r, align[i] == 'r' ? "---:|" : "---|");
    raw(r, "\n");
}

static void row_begin(rd *r)
{
    r->col = 0;
    raw(r, r->html ? "<tr>" : "|");
}

static void row_end(rd *r)
{
    raw(r, r->html ? "</tr>\n" : "\n");
}

static void cell_begin(rd *r)
{
    if (r->html)
        raw(r, r->align[r->col] == 'r' ? "<td class=\"num\">" : "<td>");
    else
        raw(r, " ");
    r->col++;
}

static void cell_end(rd *r)
{
    raw(r, r->html ? "</td>" : " |");
}

static void cell(rd *r, const char *text)
{
    cell_begin(r);
    esc(r, text);
    cell_end(r);
}

static void table_end(rd *r)
{
    raw(r, r->html ? "</tbody></table>\n" : "\n");
}

/* a small label ("overdue", "lead"): a coloured tag in HTML, words in Markdown */
static void flag(rd *r, const char *cls, const char *text)
{
    if (r->html) {
        htmlf(r, " <span class=\"flag %s\">", cls);
        esc(r, text);
        raw(r, "</span>");
    } else {
        raw(r, " (");
        esc(r, text);
        raw(r, ")");
    }
}

/* ---- numbers ----------------------------------------------------------- */

/* "USD 1,234,567" (whole USD) or "n/a" */
static const char *usd(char *buf, size_t n, double v)
{
    char m[32];
    if (!isfinite(v))
        snprintf(buf, n, "n/a");
    else
        snprintf(buf, n, "USD %s", co_fmt_usd(co_cents(v), m));
    return buf;
}

/* cents as USD (NaN when not given) */
static double usd_of(int64_t c)
{
    return c == CO_CENTS_NONE ? NAN : co_usd(c);
}

/* a count as a number to print (NaN when not given) */
static double or_nan(int n)
{
    return n < 0 ? NAN : n;
}

/* a weighted value (the objective): "65,157,259", or with a sign "+1,234" */
static const char *value(char *buf, size_t n, double v, int sign)
{
    char m[32];
    if (!isfinite(v))
        snprintf(buf, n, "n/a");
    else
        snprintf(buf, n, "%s%s", sign && v >= 0 ? "+" : "", co_fmt_usd(co_cents(v), m));
    return buf;
}

/* "+USD 1,000" or "-USD 1,000" or "no change" */
static const char *usd_change(char *buf, size_t n, double v)
{
    char m[32];
    if (!isfinite(v))
        snprintf(buf, n, "n/a");
    else if (llabs((long long)co_cents(v)) < 100)
        snprintf(buf, n, "no change");
    else
        snprintf(buf, n, "%sUSD %s", v > 0 ? "+" : "-", co_fmt_usd(llabs((long long)co_cents(v)), m));
    return buf;
}

/* v by a printf format of one double, or "n/a" when v is not finite */
static const char *fnum(char *buf, size_t n, const char *fmt, double v)
{
    if (isfinite(v))
        snprintf(buf, n, fmt, v);
    else
        snprintf(buf, n, "n/a");
    return buf;
}

/* "45.0%" */
static const char *pct(char *buf, size_t n, double v)
{
    return fnum(buf, n, "%.1f%%", v * 100.0);
}

/* a change in percentage points: "+7.3 pts" */
static const char *pts(char *buf, size_t n, double v)
{
    return fnum(buf, n, "%+.1f pts", v * 100.0);
}

static int same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* an area id for reading: "victim_assistance" -> "victim assistance" */
static void area_text(rd *r, const char *area)
{
    char *s = co_strdup(area ? area : "");
    if (!s) {
        r->b->oom = 1;
        return;
    }
    for (char *p = s; *p; p++)
        if (*p == '_')
            *p = ' ';
    esc(r, s);
    free(s);
}

/* ---- the plan: figures ---------------------------------------------------- */

static int urgent(const co_plan_need *need)
{
    return need->urgency > 1.0;
}

/* a State's nearest deadline among its needs still requested */
static const co_plan_need *nearest(const co_plan *pl, const char *state)
{
    const co_plan_need *best = NULL;
    for (int i = 0; pl->needs && i < pl->n_needs; i++) {
        const co_plan_need *n = &pl->needs[i];
        if (!same(n->state, state) || !n->deadline || !isfinite(n->days_left) ||
            !(n->requested > 0))
            continue;
        if (!best || n->days_left < best->days_left)
            best = n;
    }
    return best;
}

static int extended(const co_plan_need *need)
{
    const char *o = need->original_deadline, *d = need->deadline;
    return o && d && strcmp(o, d) != 0;
}

/* "in 639 days" / "overdue by 12 days" / "today" */
static const char *days_text(char *buf, size_t n, double days)
{
    long t = isfinite(days) ? lround(days) : 0;
    if (!isfinite(days))
        snprintf(buf, n, "n/a");
    else if (t < 0)
        snprintf(buf, n, "overdue by %ld day%s", -t, t == -1 ? "" : "s");
    else if (t == 0)
        snprintf(buf, n, "due today");
    else
        snprintf(buf, n, "in %ld day%s", t, t == 1 ? "" : "s");
    return buf;
}

static void deadline_flags(rd *r, const co_plan_need *need)
{
    if (need->days_left < 0)
        flag(r, "overdue", "overdue");
    if (extended(need)) {
        char t[64];
        snprintf(t, sizeof t, "extended from %s", need->original_deadline);
        flag(r, "ext", t);
    }
}

static const char *state_name(const co_plan_coalition *c)
{
    return c->name ? c->name : c->state;
}

static const char *donor_name(const co_plan *pl, const char *id)
{
    const co_plan_donor *d = co_plan_find_donor(pl, id);
    return d && d->name ? d->name : id;
}

/* ---- charts (HTML only) -------------------------------------------------- */

#define CW 760.0     /* chart width in SVG units */
#define LABEL_W 200.0 /* the label column */
#define ROW_H 26.0

static void svg_begin(rd *r, const char *id, double h, const char *title)
{
    htmlf(r, "<figure class=\"chart\"><svg id=\"%s\" role=\"img\" viewBox=\"0 0 %.0f %.0f\" "
             "preserveAspectRatio=\"xMinYMin meet\"><title>",
          id, CW, h);
    esc(r, title);
    raw(r, "</title>\n");
}

static void svg_end(rd *r, const char *caption)
{
    raw(r, "</svg><figcaption>");
    esc(r, caption);
    raw(r, "</figcaption></figure>\n");
}

/* a text element; anchor "start", "middle" or "end" */
static void svg_text(rd *r, double x, double y, const char *anchor, const char *cls,
                     const char *text)
{
    htmlf(r, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\"%s%s%s>", x, y, anchor,
          cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
    esc(r, text);
    raw(r, "</text>");
}

/* the 0..100% grid above and through a bar chart of `rows` rows */
static void pct_grid(rd *r, double x0, double w, double top, int rows)
{
    for (int i = 0; i <= 4; i++) {
        double x = x0 + w * i / 4.0;
        char t[8];
        snprintf(t, sizeof t, "%d%%", i * 25);
        htmlf(r, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x,
              top - 4, x, top + rows * ROW_H);
        svg_text(r, x, top - 8, "middle", "axis", t);
    }
    raw(r, "\n");
}

/* one legend entry: a swatch of class cls, then the words */
static double legend(rd *r, double x, double y, const char *cls, const char *text)
{
    htmlf(r, "<rect class=\"%s\" x=\"%.1f\" y=\"%.1f\" width=\"12\" height=\"12\" rx=\"2\"/>", cls,
          x, y - 10);
    svg_text(r, x + 17, y, "start", "legend", text);
    return x + 17 + 7.0 * (double)strlen(text) + 22;
}

/* The frame of the bar charts: their rows' top, the bars' left end and
 * full width. */
#define BAR_TOP 30.0
#define BAR_X0 ((double)LABEL_W)
#define BAR_LEN ((double)(CW - LABEL_W - 110))

/* A bar chart of n rows and `below` more for its legend: the frame and the
 * grid. */
static void bars_begin(rd *r, const char *cls, int n, double below, const char *title)
{
    svg_begin(r, cls, BAR_TOP + n * ROW_H + below, title);
    pct_grid(r, BAR_X0, BAR_LEN, BAR_TOP, n);
}

/* The start of one row of a bar chart: its label, the grey track, and the
 * bar of `share` of the width (clamped to [0, 1], none when unknown) with
 * attribute ATTR="id" after its class (cls_attr: 'CLASS" ATTR'), its
 * <title> left open for the caller's tooltip. */
static void bar_row(rd *r, double x0, double w, double y, double bh, const char *label,
                    const char *cls_attr, const char *id, double share)
{
    svg_text(r, x0 - 10, y + bh - 3, "end", "label", label);
    htmlf(r, "<rect class=\"track\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
          x0, y, w, bh);
    htmlf(r, "<rect class=\"%s=\"", cls_attr);
    esc(r, id);
    htmlf(r, "\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>", x0, y,
          isfinite(share) ? w * fmin(fmax(share, 0.0), 1.0) : 0.0, bh);
}

/* Coverage per State: the track is what the State requested, the bar what
 * it was allocated, the darker part what went to its urgent needs. */
static void chart_coverage(rd *r, const co_plan *pl)
{
    int n = pl->n_coalitions;
    bars_begin(r, "chart-coverage", n, 36, "Coverage per State: allocated as a share of requested");
    for (int i = 0; i < n; i++) {
        const co_plan_coalition *c = &pl->coalitions[i];
        const char *id = c->state;
        co_plan_totals t = co_plan_totals_of(pl, id);
        double cov = co_share(t.allocated, t.requested),
               ucov = co_share(t.urgent_allocated, t.requested);
        double y = BAR_TOP + i * ROW_H + 5, bh = ROW_H - 10;
        char p[16], m1[48], m2[48];
        bar_row(r, BAR_X0, BAR_LEN, y, bh, state_name(c), "bar\" data-state", id, cov);
        escf(r, "%s: %s of %s", state_name(c), usd(m1, sizeof m1, (double)t.allocated / 100.0),
             usd(m2, sizeof m2, (double)t.requested / 100.0));
        raw(r, "</title></rect>");
        if (t.urgent_requested > 0) {
            raw(r, "<rect class=\"urgent\" data-state=\"");
            esc(r, id);
            htmlf(r, "\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", BAR_X0, y,
                  BAR_LEN * fmin(ucov, 1.0), bh);
        }
        svg_text(r, BAR_X0 + BAR_LEN + 8, y + bh - 3, "start", "value",
                 t.requested > 0 ? pct(p, sizeof p, cov) : "n/a");
        raw(r, "\n");
    }
    double x = BAR_X0, ly = BAR_TOP + n * ROW_H + 26;
    x = legend(r, x, ly, "bar", "allocated");
    x = legend(r, x, ly, "urgent", "of which to urgent needs");
    legend(r, x, ly, "track", "requested");
    svg_end(r, "Coverage per State: the grey track is what the State requested, the bar the "
               "share allocated; the darker part went to urgent needs (deadline within the "
               "horizon).");
}

static void chart_utilisation(rd *r, const co_plan *pl)
{
    int n = pl->n_donors;
    bars_begin(r, "chart-utilisation", n, 12, "Donor budget utilisation");
    for (int i = 0; i < n; i++) {
        const co_plan_donor *d = &pl->donors[i];
        const char *id = d->donor, *name = d->name;
        double u = d->utilisation, y = BAR_TOP + i * ROW_H + 5, bh = ROW_H - 10;
        char p[16], m1[48], m2[48];
        bar_row(r, BAR_X0, BAR_LEN, y, bh, name ? name : id, "bar donor\" data-donor", id, u);
        escf(r, "%s: %s of %s", name ? name : id ? id : "",
             usd(m1, sizeof m1, usd_of(d->allocated)), usd(m2, sizeof m2, d->budget));
        raw(r, "</title></rect>");
        svg_text(r, BAR_X0 + BAR_LEN + 8, y + bh - 3, "start", "value", pct(p, sizeof p, u));
        raw(r, "\n");
    }
    svg_end(r, "Share of each donor's budget the plan places.");
}

static int has_deadline(const co_plan *pl, const co_plan_coalition *c)
{
    for (int i = 0; pl->needs && i < pl->n_needs; i++)
        if (same(pl->needs[i].state, c->state) && pl->needs[i].deadline)
            return 1;
    return 0;
}

static int date_of(const char *s, long *days)
{
    return s && co_parse_date(s, days) == 0;
}

/* Deadlines on a date axis, one row per State that has any; as_of marked,
 * overdue needs in red, an extension drawn from the original deadline. */
static void chart_timeline(rd *r, const co_plan *pl)
{
    long lo = 0, hi = 0, d, asof = 0;
    int have = 0, rows = 0, has_asof = date_of(pl->as_of, &asof);
    for (int i = 0; pl->needs && i < pl->n_needs; i++) {
        const co_plan_need *n = &pl->needs[i];
        const char *ds[2] = {n->deadline, n->original_deadline};
        for (int k = 0; k < 2 && ds[0]; k++)
            if (date_of(ds[k], &d)) {
                lo = have ? (d < lo ? d : lo) : d;
                hi = have ? (d > hi ? d : hi) : d;
                have = 1;
            }
    }
    if (!have) {
        para(r, "note", "No need has a deadline: there is no deadline timeline.");
        return;
    }
    if (has_asof) {
        lo = asof < lo ? asof : lo;
        hi = asof > hi ? asof : hi;
    }
    long pad = (hi - lo) / 25 + 20;
    lo -= pad;
    hi += pad;
    for (int s = 0; s < pl->n_coalitions; s++)
        rows += has_deadline(pl, &pl->coalitions[s]);
    double top = 34, x0 = 170, w = CW - x0 - 70, h = top + rows * ROW_H + 40;
    svg_begin(r, "chart-timeline", h, "Deadline timeline");
#define XD(day) (x0 + w * (double)((day) - lo) / (double)(hi - lo))
    /* year ticks, every year or every few when the span is long */
    char y0s[5], buf[16];
    co_format_date(lo, buf);
    memcpy(y0s, buf, 4);
    y0s[4] = '\0';
    int y0 = (int)strtol(y0s, NULL, 10), step = (hi - lo) / 365 > 14 ? 5 : (hi - lo) / 365 > 7 ? 2 : 1;
    for (int y = y0 + 1;; y++) {
        char iso[32];
        snprintf(iso, sizeof iso, "%04d-01-01", y);
        if (co_parse_date(iso, &d) != 0 || d > hi)
            break;
        if (y % step)
            continue;
        snprintf(iso, sizeof iso, "%d", y);
        htmlf(r, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", XD(d),
              top - 4, XD(d), top + rows * ROW_H);
        svg_text(r, XD(d), top - 10, "middle", "axis", iso);
    }
    if (has_asof) {
        htmlf(r, "<line class=\"asof\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", XD(asof),
              top - 4, XD(asof), top + rows * ROW_H + 6);
        char t[32];
        snprintf(t, sizeof t, "as of %s", pl->as_of);
        svg_text(r, XD(asof), top + rows * ROW_H + 18, "middle", "asof-label", t);
    }
    raw(r, "\n");
    int i = 0;
    for (int s = 0; s < pl->n_coalitions; s++) {
        const co_plan_coalition *c = &pl->coalitions[s];
        if (!has_deadline(pl, c))
            continue;
        double y = top + i * ROW_H + ROW_H / 2;
        htmlf(r, "<line class=\"row\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x0, y,
              x0 + w, y);
        svg_text(r, x0 - 10, y + 4, "end", "label", state_name(c));
        long last = lo - 1;
        for (int k = 0; k < pl->n_needs; k++) {
            const co_plan_need *n = &pl->needs[k];
            long dd, od;
            if (!same(n->state, c->state) || !date_of(n->deadline, &dd))
                continue;
            if (extended(n) && date_of(n->original_deadline, &od)) {
                htmlf(r, "<line class=\"ext\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                         "<circle class=\"orig\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/>",
                      XD(od), y, XD(dd), y, XD(od), y);
            }
            char dl[64];
            htmlf(r, "<circle class=\"mark%s\" data-need=\"", n->days_left < 0 ? " overdue" : "");
            esc(r, n->need);
            htmlf(r, "\" cx=\"%.1f\" cy=\"%.1f\" r=\"6\"><title>", XD(dd), y);
            escf(r, "%s: %s, %s%s%s", n->need ? n->need : "", n->deadline,
                 days_text(dl, sizeof dl, n->days_left), extended(n) ? ", extended from " : "",
                 extended(n) ? n->original_deadline : "");
            raw(r, "</title></circle>");
            if (dd != last) /* one date label per distinct date in the row */
                svg_text(r, XD(dd) + 10, y + 4, "start", "date", n->deadline);
            last = dd;
        }
        raw(r, "\n");
        i++;
    }
#undef XD
    double x = x0, ly = top + rows * ROW_H + 34;
    x = legend(r, x, ly, "mark", "deadline");
    x = legend(r, x, ly, "mark overdue", "overdue");
    legend(r, x, ly, "orig", "original deadline (extended)");
    svg_end(r, "Deadlines in force for each State's needs; States without a deadline are not "
               "shown.");
}

/* ---- Markdown text bars ---------------------------------------------- */

#define BAR_W 30

/* s inside a code block (no escapes there: a backquote becomes ', a line
 * break a space), padded with spaces to `width` characters (UTF-8 aware),
 * and at least one */
static void md_pad(rd *r, const char *s, int width)
{
    int chars = 0, total = 0;
    for (const char *p = s ? s : ""; *p; p++)
        total += ((unsigned char)*p & 0xC0) != 0x80;
    /* a name too long for the column is cut, with an ellipsis, so the bars
     * stay aligned */
    int keep = total < width ? total : width - 2;
    for (const char *p = s ? s : ""; *p; p++) {
        int starts = ((unsigned char)*p & 0xC0) != 0x80;
        if (starts && chars == keep)
            break;
        chars += starts;
        co_buf_put(r->b, *p == '`' ? "'" : *p == '\n' || *p == '\r' ? " " : p, 1);
    }
    if (keep < total) {
        raw(r, "\xe2\x80\xa6"); /* ... */
        chars++;
    }
    do
        raw(r, " ");
    while (++chars < width);
}

/* "▓▓██████░░░░" : urgent part, the rest allocated, then what is not */
static void md_bar(rd *r, double part, double whole)
{
    int a = isfinite(whole) ? (int)lround(fmin(fmax(whole, 0), 1) * BAR_W) : 0;
    int u = isfinite(part) ? (int)lround(fmin(fmax(part, 0), 1) * BAR_W) : 0;
    u = u > a ? a : u;
    for (int i = 0; i < BAR_W; i++)
        raw(r, i < u ? "\xe2\x96\x93" : i < a ? "\xe2\x96\x88" : "\xe2\x96\x91");
}

static void md_charts(rd *r, const co_plan *pl)
{
    char p[16];
    raw(r, "Charts as text bars; the deadline timeline of the HTML brief is left out "
           "here (each State's deadlines are listed in its section).\n\n");
    heading(r, 3, "Coverage per State");
    raw(r, "\xe2\x96\x93 to urgent needs, \xe2\x96\x88 other allocated, \xe2\x96\x91 not "
           "covered\n\n```\n");
    for (int s = 0; s < pl->n_coalitions; s++) {
        const co_plan_coalition *c = &pl->coalitions[s];
        co_plan_totals t = co_plan_totals_of(pl, c->state);
        md_pad(r, state_name(c), 28);
        md_bar(r, co_share(t.urgent_allocated, t.requested), co_share(t.allocated, t.requested));
        raw(r, "  ");
        raw(r, t.requested > 0 ? pct(p, sizeof p, co_share(t.allocated, t.requested))
                               : "nothing requested");
        raw(r, "\n");
    }
    raw(r, "```\n\n");
    heading(r, 3, "Donor budget utilisation");
    raw(r, "```\n");
    for (int d = 0; d < pl->n_donors; d++) {
        const co_plan_donor *x = &pl->donors[d];
        md_pad(r, x->name ? x->name : x->donor, 28);
        md_bar(r, 0, x->utilisation);
        raw(r, "  ");
        raw(r, pct(p, sizeof p, x->utilisation));
        raw(r, "\n");
    }
    raw(r, "```\n\n");
}

/* ---- the plan: sections ------------------------------------------------ */

static const char page_style[] =
    "<style>\n"
    ":root{--ink:#1c2530;--muted:#5d6874;--line:#dde2e8;--navy:#1d3557;--alloc:#2a9d8f;"
    "--urgent:#1f6f66;--track:#e9edf1;--red:#c0392b;--amber:#b7791f;--paper:#fff}\n"
    "*{box-sizing:border-box}\n"
    "html{background:#eef1f4}\n"
    "body{margin:0 auto;max-width:1060px;padding:36px 48px 56px;background:var(--paper);"
    "color:var(--ink);font:15px/1.5 \"Source Sans 3\",\"Segoe UI\",\"Helvetica Neue\",Arial,"
    "\"Liberation Sans\",\"DejaVu Sans\",sans-serif}\n"
    "h1{font-size:30px;line-height:1.2;margin:4px 0 4px;color:var(--navy)}\n"
    "h2{font-size:22px;line-height:1.25;margin:0;color:var(--navy)}\n"
    "h3{font-size:12.5px;text-transform:uppercase;letter-spacing:.07em;color:var(--muted);"
    "margin:22px 0 6px}\n"
    "p{margin:6px 0 10px}\n"
    ".kicker{font-size:12px;text-transform:uppercase;letter-spacing:.12em;color:var(--muted);"
    "font-weight:600}\n"
    ".sub{color:var(--muted);margin:0 0 18px}\n"
    ".part{margin-top:40px;padding-top:6px;border-top:3px solid var(--navy)}\n"
    ".part>h2{margin:6px 0 12px}\n"
    ".kpis{display:grid;grid-template-columns:repeat(4,1fr);gap:12px;margin:18px 0}\n"
    ".kpi{border:1px solid var(--line);border-top:4px solid var(--navy);border-radius:4px;"
    "padding:10px 14px;background:#fafbfc}\n"
    ".kpi.good{border-top-color:var(--alloc)}.kpi.urgent{border-top-color:var(--urgent)}\n"
    ".kpi .label{display:block;font-size:11.5px;text-transform:uppercase;letter-spacing:.07em;"
    "color:var(--muted);font-weight:600}\n"
    ".kpi .value{display:block;font-size:23px;font-weight:700;font-variant-numeric:tabular-nums;"
    "white-space:nowrap}\n"
    ".kpi .note{display:block;font-size:12.5px;color:var(--muted)}\n"
    "table{border-collapse:collapse;width:100%;margin:4px 0 14px;font-size:14px}\n"
    "th{text-align:left;font-size:11.5px;text-transform:uppercase;letter-spacing:.05em;"
    "color:var(--muted);border-bottom:1.5px solid var(--ink);padding:5px 8px;font-weight:600}\n"
    "td{border-bottom:1px solid var(--line);padding:5px 8px;vertical-align:top}\n"
    "tbody tr:nth-child(even) td{background:#f8f9fb}\n"
    ".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}\n"
    "th.num{text-align:right}\n"
    "table.facts td:first-child{color:var(--muted);width:210px}\n"
    "table.facts td{background:none!important}\n"
    ".id{font-family:\"DejaVu Sans Mono\",Menlo,Consolas,monospace;font-size:12px;"
    "color:var(--muted);white-space:nowrap}\n"
    ".days{display:block;font-size:12.5px;color:var(--muted)}\n"
    ".flag{display:inline-block;font-size:10.5px;font-weight:700;text-transform:uppercase;"
    "letter-spacing:.04em;padding:0 6px;border-radius:3px;margin-left:4px;line-height:18px;"
    "white-space:nowrap}\n"
    ".flag.overdue{background:#fbe2de;color:var(--red)}\n"
    ".flag.ext{background:#fdf0d5;color:var(--amber)}\n"
    ".flag.urgent{background:#d9efec;color:var(--urgent)}\n"
    ".flag.lead{background:#dfe7f2;color:var(--navy)}\n"
    ".flag.status-optimal{background:#d9efec;color:var(--urgent)}\n"
    ".flag.status-feasible{background:#fdf0d5;color:var(--amber)}\n"
    ".flag.status-other{background:#fbe2de;color:var(--red)}\n"
    ".note{font-size:13px;color:var(--muted)}\n"
    ".state-head{display:flex;justify-content:space-between;align-items:flex-end;gap:24px;"
    "border-bottom:3px solid var(--navy);padding-bottom:8px;margin-bottom:10px}\n"
    ".coverage{text-align:right;white-space:nowrap}\n"
    ".coverage .big{display:block;font-size:30px;font-weight:700;color:var(--navy);"
    "line-height:1.1}\n"
    ".coverage .small{font-size:12px;color:var(--muted);text-transform:uppercase;"
    "letter-spacing:.06em}\n"
    ".coalition{margin-top:44px}\n"
    ".lede{font-size:15.5px}\n"
    "figure.chart{margin:6px 0 22px;break-inside:avoid}\n"
    "figure.chart svg{display:block;width:100%;height:auto}\n"
    "figcaption{font-size:12.5px;color:var(--muted);margin-top:2px}\n"
    "svg text{font-size:12px;fill:var(--ink)}\n"
    "svg .axis{fill:var(--muted);font-size:11px}\n"
    "svg .value{font-weight:600;font-variant-numeric:tabular-nums}\n"
    "svg .date{fill:var(--muted);font-size:10.5px}\n"
    "svg .grid{stroke:#d5dbe1;stroke-width:1}\n"
    "svg .row{stroke:#e3e7ec;stroke-width:1}\n"
    "svg .track{fill:var(--track)}\n"
    "svg .bar{fill:var(--alloc)}\n"
    "svg .urgent{fill:var(--urgent)}\n"
    "svg .mark{fill:var(--navy);stroke:#fff;stroke-width:1.5}\n"
    "svg .mark.overdue{fill:var(--red)}\n"
    "svg .orig{fill:#fff;stroke:var(--amber);stroke-width:2}\n"
    "svg .ext{stroke:var(--amber);stroke-width:2;stroke-dasharray:4 3}\n"
    "svg .asof{stroke:var(--red);stroke-width:1.5;stroke-dasharray:5 4}\n"
    "svg .asof-label{fill:var(--red);font-size:11px;font-weight:600}\n"
    "footer{margin-top:36px;padding-top:8px;border-top:1px solid var(--line);font-size:12px;"
    "color:var(--muted)}\n"
    "@page{size:A4;margin:14mm 13mm}\n"
    "@media print{html{background:none}body{max-width:none;padding:0;font-size:9.5pt}"
    "h1{font-size:19pt}h2{font-size:15pt}h3{font-size:8pt;margin:14px 0 4px}"
    "table{font-size:8.5pt}th{font-size:7pt;padding:3px 6px}td{padding:3px 6px}"
    ".kpis{gap:8px}.kpi{padding:6px 10px}.kpi .value{font-size:14pt}.kpi .note{font-size:7.5pt}"
    ".kpi .label{font-size:7pt}.coverage .big{font-size:19pt}.lede{font-size:9.5pt}"
    ".id,.days,.note,figcaption{font-size:7.5pt}"
    ".coalition,.part{break-before:page;margin-top:0}.part{border-top:none}"
    ".part.notes{break-before:auto;margin-top:24px}"
    "h2,h3,.state-head{break-after:avoid}tr,.kpis,figure.chart{break-inside:avoid}"
    "tbody tr:nth-child(even) td{background:none}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n"
    "</style>\n";

static void page_begin(rd *r, const char *title)
{
    if (!r->html)
        return;
    raw(r, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
           "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>");
    esc(r, title);
    raw(r, "</title>\n");
    raw(r, page_style);
    raw(r, "</head>\n<body>\n");
}

static void page_end(rd *r, const char *origin)
{
    if (r->html) {
        raw(r, "<footer>");
        escf(r, "Generated by coalitions from %s. Figures in USD, rounded to the dollar.", origin);
        raw(r, "</footer>\n</body>\n</html>\n");
    } else {
        raw(r, "---\n\n");
        escf(r, "Generated by coalitions from %s. Figures in USD, rounded to the dollar.", origin);
        raw(r, "\n");
    }
}

static void kpi(rd *r, const char *cls, const char *label, const char *value, const char *note)
{
    if (r->html) {
        htmlf(r, "<div class=\"kpi %s\"><span class=\"label\">", cls);
        esc(r, label);
        raw(r, "</span><span class=\"value\">");
        esc(r, value);
        raw(r, "</span><span class=\"note\">");
        esc(r, note);
        raw(r, "</span></div>\n");
    } else {
        raw(r, "- **");
        esc(r, label);
        raw(r, "**: ");
        esc(r, value);
        if (note && *note) {
            raw(r, " (");
            esc(r, note);
            raw(r, ")");
        }
        raw(r, "\n");
    }
}

static void fact_begin(rd *r, const char *label)
{
    row_begin(r);
    cell(r, label);
    cell_begin(r);
}

static void fact(rd *r, const char *label, const char *value)
{
    fact_begin(r, label);
    esc(r, value);
    cell_end(r);
    row_end(r);
}

static void status_flag(rd *r, const char *status)
{
    const char *cls = same(status, "optimal")    ? "status-optimal"
                      : same(status, "feasible") ? "status-feasible"
                                                 : "status-other";
    if (r->html)
        flag(r, cls, status ? status : "unknown");
    else
        esc(r, status ? status : "unknown");
}

static void plan_summary(rd *r, const co_plan *pl, const char *origin)
{
    co_plan_totals t = co_plan_totals_of(pl, NULL);
    char v[64], v2[64], note[128], m1[48], m2[48];
    const char *status = pl->has_status ? co_status_name(pl->status) : NULL;
    html(r, "<header>\n");
    para(r, "kicker", "Country Coalitions \xc2\xb7 meeting brief");
    heading(r, 1, pl->dataset_name ? pl->dataset_name : "Proposed Country Coalitions");
    para_begin(r, "sub");
    escf(r, "Proposed Country Coalitions as of %s", pl->as_of ? pl->as_of : "n/a");
    if (pl->scenario)
        escf(r, ", scenario \xe2\x80\x9c%s\xe2\x80\x9d", pl->scenario);
    escf(r, ". Source: %s.", origin);
    para_end(r);
    html(r, "</header>\n<section class=\"summary\">\n<div class=\"kpis\">\n");
    snprintf(note, sizeof note, "%d needs in %d States", pl->n_needs, t.states);
    kpi(r, "", "Requested", usd(v, sizeof v, (double)t.requested / 100.0), note);
    snprintf(note, sizeof note, "%s of requested; unmet %s",
             pct(v2, sizeof v2, co_share(t.allocated, t.requested)),
             usd(m1, sizeof m1, (double)(t.requested - t.allocated) / 100.0));
    kpi(r, "good", "Allocated", usd(v, sizeof v, (double)t.allocated / 100.0), note);
    if (t.urgent_requested > 0)
        snprintf(note, sizeof note, "%s of %s urgent",
                 usd(m1, sizeof m1, (double)t.urgent_allocated / 100.0),
                 usd(m2, sizeof m2, (double)t.urgent_requested / 100.0));
    else
        snprintf(note, sizeof note, "no need is urgent");
    kpi(r, "urgent", "Urgent need covered",
        pct(v, sizeof v, co_share(t.urgent_allocated, t.urgent_requested)), note);
    snprintf(v, sizeof v, "%d of %d", t.states_with_coalition, t.states);
    snprintf(note, sizeof note, "%d donor seats in all", t.seats);
    kpi(r, "", "States with a coalition", v, note);
    html(r, "</div>\n");
    md(r, "\n");
    static const char *const fh[] = {"", "", NULL};
    table_begin(r, "facts", "ll", fh);
    fact_begin(r, "Status");
    status_flag(r, status);
    if (isfinite(pl->gap)) {
        snprintf(v, sizeof v, "gap %.4f%% to the best proven bound", pl->gap * 100.0);
        raw(r, r->html ? " " : ", ");
        esc(r, v);
    }
    cell_end(r);
    row_end(r);
    if (isfinite(pl->total)) {
        char o1[32], o2[32], o3[32], o4[32];
        snprintf(note, sizeof note, "%s (value %s, less coordination cost %s and shortfall penalty %s)",
                 value(o1, sizeof o1, pl->total, 0), value(o2, sizeof o2, pl->value, 0),
                 value(o3, sizeof o3, pl->coordination_cost, 0),
                 value(o4, sizeof o4, pl->shortfall_penalty, 0));
        fact(r, "Objective", note);
    }
    if (isfinite(pl->price_of_fairness))
        fact(r, "Price of fairness", usd(v, sizeof v, pl->price_of_fairness));
    if (pl->baseline.given) {
        char line[256];
        if (pl->baseline.source && pl->baseline.added >= 0)
            snprintf(line, sizeof line, "%s: %.0f seats added, %.0f removed%s",
                     pl->baseline.source, or_nan(pl->baseline.added),
                     or_nan(pl->baseline.removed),
                     pl->baseline.keep_pledges == 1 ? "; its allocations kept as pledges" : "");
        else
            snprintf(line, sizeof line, "given");
        fact(r, "Baseline", line);
    }
    fact_begin(r, "Dataset");
    esc(r, pl->dataset_name ? pl->dataset_name : "n/a");
    if (pl->dataset_sha256) {
        html(r, " <span class=\"id\">");
        escf(r, "%ssha256 %.12s", r->html ? "" : " (", pl->dataset_sha256);
        md(r, ")");
        html(r, "</span>");
    }
    cell_end(r);
    row_end(r);
    fact(r, "Run", origin);
    fact(r, "Planning date", pl->as_of ? pl->as_of : "n/a");
    if (co_plan_years(pl)) {
        snprintf(v, sizeof v, "%d to %d", pl->years_first, pl->years_last);
        fact(r, "Planning years", v);
    }
    if (pl->scenario)
        fact(r, "Scenario", pl->scenario);
    table_end(r);
    html(r, "</section>\n");
}

/* one row per State: the page's table of contents */
static void plan_overview(rd *r, const co_plan *pl)
{
    html(r, "<section class=\"overview\">\n");
    heading(r, 2, "At a glance");
    static const char *const h[] = {"State",     "Requested", "Allocated",        "Coverage",
                                    "Lead",      "Seats",     "Nearest deadline", NULL};
    table_begin(r, "overview", "lrrrlrl", h);
    for (int s = 0; s < pl->n_coalitions; s++) {
        const co_plan_coalition *c = &pl->coalitions[s];
        const char *id = c->state, *lead = c->lead;
        co_plan_totals t = co_plan_totals_of(pl, id);
        const co_plan_need *nd = nearest(pl, id);
        char m[48], dl[64];
        row_begin(r);
        cell_begin(r);
        esc(r, state_name(c));
        html(r, " <span class=\"id\">");
        md(r, " (");
        esc(r, id);
        md(r, ")");
        html(r, "</span>");
        cell_end(r);
        cell(r, usd(m, sizeof m, (double)t.requested / 100.0));
        cell(r, usd(m, sizeof m, (double)t.allocated / 100.0));
        cell(r, t.requested > 0 ? pct(m, sizeof m, co_share(t.allocated, t.requested)) : "n/a");
        cell(r, lead ? donor_name(pl, lead) : "no coalition");
        snprintf(m, sizeof m, "%d", c->n_members);
        cell(r, m);
        cell_begin(r);
        if (nd) {
            esc(r, nd->deadline);
            deadline_flags(r, nd);
            html(r, "<span class=\"days\">");
            md(r, ", ");
            esc(r, days_text(dl, sizeof dl, nd->days_left));
            html(r, "</span>");
        } else {
            esc(r, "none");
        }
        cell_end(r);
        row_end(r);
    }
    table_end(r);
    html(r, "</section>\n");
}

/* requested against allocated per area, in the order areas first appear */
static void state_areas(rd *r, const co_plan *pl, const char *id)
{
    static const char *const h[] = {"Area", "Requested", "Allocated", "Unmet", "Coverage", NULL};
    heading(r, 3, "Requested and allocated by area");
    table_begin(r, "areas", "lrrrr", h);
    for (int i = 0; pl->needs && i < pl->n_needs; i++) {
        const co_plan_need *n = &pl->needs[i];
        const char *area = n->area;
        int seen = 0;
        if (!same(n->state, id))
            continue;
        for (int k = 0; k < i; k++)
            seen |= same(pl->needs[k].state, id) && same(pl->needs[k].area, area);
        if (seen)
            continue;
        int64_t q = 0, a = 0;
        for (int k = i; k < pl->n_needs; k++) {
            const co_plan_need *m = &pl->needs[k];
            if (same(m->state, id) && same(m->area, area)) {
                q += co_cents(m->requested);
                a += m->allocated == CO_CENTS_NONE ? 0 : m->allocated;
            }
        }
        char b[48];
        row_begin(r);
        cell_begin(r);
        area_text(r, area);
        cell_end(r);
        cell(r, usd(b, sizeof b, (double)q / 100.0));
        cell(r, usd(b, sizeof b, (double)a / 100.0));
        cell(r, usd(b, sizeof b, (double)(q - a) / 100.0));
        cell(r, q > 0 ? pct(b, sizeof b, co_share(a, q)) : "n/a");
        row_end(r);
    }
    table_end(r);
}

static void state_deadlines(rd *r, const co_plan *pl, const char *id)
{
    static const char *const h[] = {"Need", "Area", "Deadline", "Days left", NULL};
    int any = 0;
    heading(r, 3, "Deadlines");
    for (int i = 0; pl->needs && i < pl->n_needs; i++) {
        const co_plan_need *n = &pl->needs[i];
        if (!same(n->state, id) || !n->deadline)
            continue;
        if (!any++)
            table_begin(r, "deadlines", "lllr", h);
        char dl[64];
        row_begin(r);
        cell(r, n->need);
        cell_begin(r);
        area_text(r, n->area);
        cell_end(r);
        cell_begin(r);
        esc(r, n->deadline);
        deadline_flags(r, n);
        cell_end(r);
        cell(r, days_text(dl, sizeof dl, n->days_left));
        row_end(r);
    }
    if (any)
        table_end(r);
    else
        para(r, "note", "No deadline is recorded for this State's needs.");
}

/* a member's amounts by area, from the plan's allocations */
static void member_areas(rd *r, const co_plan *pl, const char *donor, const char *state)
{
    int first = 1;
    for (int i = 0; pl->allocs && i < pl->n_allocs; i++) {
        const co_plan_alloc *a = &pl->allocs[i];
        const char *area = a->area;
        int seen = 0;
        if (!same(a->donor, donor) || !same(a->state, state))
            continue;
        for (int k = 0; k < i; k++) {
            const co_plan_alloc *b = &pl->allocs[k];
            seen |= same(b->donor, donor) && same(b->state, state) && same(b->area, area);
        }
        if (seen)
            continue;
        int64_t sum = 0;
        for (int k = i; k < pl->n_allocs; k++) {
            const co_plan_alloc *b = &pl->allocs[k];
            if (same(b->donor, donor) && same(b->state, state) && same(b->area, area))
                sum += b->cents == CO_CENTS_NONE ? 0 : b->cents;
        }
        char m[32];
        raw(r, first ? "" : "; ");
        area_text(r, area);
        escf(r, " %s", co_fmt_usd(sum, m));
        first = 0;
    }
}

static void state_members(rd *r, const co_plan *pl, const co_plan_coalition *c)
{
    static const char *const h[] = {"Donor", "Amount", "By area (USD)", "Expertise", NULL};
    heading(r, 3, "Coalition");
    if (c->n_members == 0) {
        para(r, "note", "No coalition: no donor is proposed for this State in this plan.");
        return;
    }
    table_begin(r, "members", "lrll", h);
    for (int i = 0; i < c->n_members; i++) {
        const co_plan_member *m = &c->members[i];
        const char *d = m->donor;
        char b[48];
        row_begin(r);
        cell_begin(r);
        esc(r, donor_name(pl, d));
        html(r, " <span class=\"id\">");
        md(r, " (");
        esc(r, d);
        md(r, ")");
        html(r, "</span>");
        if (same(d, c->lead))
            flag(r, "lead", "lead");
        cell_end(r);
        cell(r, usd(b, sizeof b, usd_of(m->cents)));
        cell_begin(r);
        member_areas(r, pl, d, c->state);
        cell_end(r);
        cell_begin(r);
        for (int k = 0; k < m->n_expertise; k++) {
            raw(r, k ? "; " : "");
            area_text(r, m->expertise[k].area);
            if (isfinite(m->expertise[k].level))
                escf(r, " %.2f", m->expertise[k].level);
        }
        cell_end(r);
        row_end(r);
    }
    table_end(r);
}

static void state_unmet(rd *r, const co_plan *pl, const char *id)
{
    static const char *const h[] = {"Need", "Area", "Unmet", "Requested", "Urgency", "Deadline",
                                    NULL};
    int any = 0;
    heading(r, 3, "Unmet needs");
    for (int i = 0; pl->needs && i < pl->n_needs; i++) {
        const co_plan_need *n = &pl->needs[i];
        if (!same(n->state, id) || n->unmet == CO_CENTS_NONE || n->unmet < 100)
            continue;
        if (!any++)
            table_begin(r, "unmet", "llrrrl", h);
        char b[48];
        row_begin(r);
        cell_begin(r);
        esc(r, n->need);
        if (urgent(n))
            flag(r, "urgent", "urgent");
        cell_end(r);
        cell_begin(r);
        area_text(r, n->area);
        cell_end(r);
        cell(r, usd(b, sizeof b, usd_of(n->unmet)));
        cell(r, usd(b, sizeof b, n->requested));
        snprintf(b, sizeof b, "%.2f", n->urgency);
        cell(r, b);
        cell_begin(r);
        esc(r, n->deadline ? n->deadline : "none");
        if (n->deadline)
            deadline_flags(r, n);
        cell_end(r);
        row_end(r);
    }
    if (any)
        table_end(r);
    else
        para(r, "note", "Every need of this State is met in full.");
}

/* Column heads "2019".."2025" between `first` and `last` (NULL-terminated;
 * heads[0] = first, the years, then last), and an alignment "lrr..r", in
 * one allocation to free. NULL when out of memory. */
static char *year_heads(const co_plan *pl, const char *first, const char *last,
                        const char ***heads, const char **align)
{
    int ny = co_plan_years(pl);
    size_t n = (size_t)ny + 3;
    char *mem = malloc(n * sizeof(char *) + n + (size_t)ny * 8);
    if (!mem)
        return NULL;
    const char **h = (const char **)(void *)mem;
    char *al = mem + n * sizeof(char *), *txt = al + n;
    h[0] = first;
    al[0] = 'l';
    for (int t = 0; t < ny; t++) {
        snprintf(txt + 8 * t, 8, "%d", pl->years_first + t);
        h[1 + t] = txt + 8 * t;
        al[1 + t] = 'r';
    }
    h[1 + ny] = last;
    al[1 + ny] = 'r';
    h[2 + ny] = NULL;
    al[2 + ny] = '\0';
    *heads = h;
    *align = al;
    return mem;
}

/* A multi-year plan's money by year in one State: a column chart of the
 * State's total each year (HTML), and a table of each member's money by
 * year with the total. */
static void state_years(rd *r, const co_plan *pl, const co_plan_coalition *c)
{
    int ny = co_plan_years(pl);
    const char **h, *al;
    int64_t *cents = calloc((size_t)ny + 1, sizeof *cents);
    int64_t *all = calloc((size_t)ny + 1, sizeof *all);
    char *mem = year_heads(pl, "Donor", "Total", &h, &al);
    if (!cents || !all || !mem) {
        r->b->oom = 1;
        goto out;
    }
    heading(r, 3, "Funding by year");
    co_plan_year_cents(pl, c->state, NULL, all);
    if (r->html) {
        double top = 24, base = 150, x0 = 60, w = CW - x0 - 20, most = 0;
        for (int t = 0; t < ny; t++)
            most = fmax(most, (double)all[t]);
        char cid[32];
        snprintf(cid, sizeof cid, "chart-years-%d", (int)(c - pl->coalitions));
        svg_begin(r, cid, base + 34, "Funding by year");
        double slot = w / ny, bw = fmin(slot * 0.6, 70);
        htmlf(r, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
              x0, base, x0 + w, base);
        for (int t = 0; t < ny; t++) {
            double bh = most > 0 ? (base - top) * (double)all[t] / most : 0;
            double x = x0 + slot * t + (slot - bw) / 2;
            char yr[8], m1[48];
            snprintf(yr, sizeof yr, "%d", pl->years_first + t);
            raw(r, "<rect class=\"bar\" data-state=\"");
            esc(r, c->state);
            htmlf(r, "\" data-year=\"%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" "
                     "height=\"%.1f\"><title>",
                  pl->years_first + t, x, base - bh, bw, bh);
            escf(r, "%s in %d: %s", state_name(c), pl->years_first + t,
                 usd(m1, sizeof m1, usd_of(all[t])));
            raw(r, "</title></rect>");
            svg_text(r, x + bw / 2, base + 16, "middle", "axis", yr);
            if (all[t] > 0) {
                char m[32];
                svg_text(r, x + bw / 2, base - bh - 5, "middle", "value",
                         co_fmt_usd(co_cents(round(usd_of(all[t]))), m));
            }
            raw(r, "\n");
        }
        svg_end(r, "Money the plan places in this State each year (USD), all members "
                   "together.");
    }
    table_begin(r, "years", al, h);
    for (int i = 0; i <= c->n_members; i++) {
        const char *d = i < c->n_members ? c->members[i].donor : NULL;
        char b[48];
        int64_t total = 0;
        if (d)
            co_plan_year_cents(pl, c->state, d, cents);
        row_begin(r);
        cell(r, d ? donor_name(pl, d) : "All members");
        for (int t = 0; t < ny; t++) {
            int64_t v = d ? cents[t] : all[t];
            total += v;
            cell(r, usd(b, sizeof b, usd_of(v)));
        }
        cell(r, usd(b, sizeof b, usd_of(total)));
        row_end(r);
    }
    table_end(r);
out:
    free(cents);
    free(all);
    free(mem);
}

/* A paragraph, then a bulleted list of sentences (nothing when n is 0). */
static void text_list(rd *r, const char *title, const char *const *list, int n)
{
    if (n == 0)
        return;
    para(r, NULL, title);
    html(r, "<ul>\n");
    for (int i = 0; i < n; i++) {
        raw(r, r->html ? "<li>" : "- ");
        esc(r, list[i] ? list[i] : "");
        raw(r, r->html ? "</li>\n" : "\n");
    }
    html(r, "</ul>\n");
    md(r, "\n");
}

/* Why the State gets less than it asked for, and what would change it
 * (docs/DIAGNOSIS.md): the sentences of its reasons and of the change. */
static void state_diagnosis(rd *r, const co_plan_coalition *c)
{
    const co_plan_diagnosis *g = &c->diagnosis;
    if (c->diagnosed != 1)
        return;
    heading(r, 3, "Diagnosis");
    const char **lines = calloc((size_t)g->n_reasons + 1, sizeof *lines);
    int n = 0;
    if (!lines) {
        r->b->oom = 1;
        return;
    }
    for (int i = 0; g->reasons && i < g->n_reasons; i++)
        if (g->reasons[i].text)
            lines[n++] = g->reasons[i].text;
    text_list(r, c->n_members ? "Why it gets less than it asked for:"
                              : "Why it has no coalition:",
              lines, n);
    free(lines);
    if (g->change && g->change->text) {
        para_begin(r, NULL);
        esc(r, "What would change it: ");
        esc(r, g->change->text);
        esc(r, ".");
        para_end(r);
    }
}

static void plan_state(rd *r, const co_plan *pl, const co_plan_coalition *c)
{
    const char *id = c->state, *iso3 = c->iso3, *lead = c->lead;
    co_plan_totals t = co_plan_totals_of(pl, id);
    const co_plan_need *nd = nearest(pl, id);
    char b[64], m1[48], m2[48];
    if (r->html) {
        raw(r, "<section class=\"coalition\" id=\"state-");
        esc(r, id);
        raw(r, "\">\n<div class=\"state-head\"><div><div class=\"kicker\">Country Coalition "
               "\xc2\xb7 ");
        esc(r, id);
        if (iso3 && !same(iso3, id))
            escf(r, " \xc2\xb7 ISO %s", iso3);
        raw(r, "</div>");
        heading(r, 2, state_name(c));
        raw(r, "</div><div class=\"coverage\"><span class=\"big\">");
        esc(r, t.requested > 0 ? pct(b, sizeof b, co_share(t.allocated, t.requested))
                               : "\xe2\x80\x94");
        raw(r, "</span><span class=\"small\">");
        esc(r, t.requested > 0 ? "of need covered" : "nothing requested");
        raw(r, "</span></div></div>\n");
    } else {
        raw(r, "## ");
        esc(r, state_name(c));
        escf(r, " (%s%s%s)", id ? id : "", iso3 && !same(iso3, id) ? ", ISO " : "",
             iso3 && !same(iso3, id) ? iso3 : "");
        raw(r, "\n\n");
    }
    para_begin(r, "lede");
    escf(r, "%s allocated of %s requested (%s)", usd(m1, sizeof m1, (double)t.allocated / 100.0),
         usd(m2, sizeof m2, (double)t.requested / 100.0),
         t.requested > 0 ? pct(b, sizeof b, co_share(t.allocated, t.requested))
                         : "nothing requested");
    if (t.urgent_requested > 0)
        escf(r, "; urgent needs %s covered",
             pct(b, sizeof b, co_share(t.urgent_allocated, t.urgent_requested)));
    if (lead)
        escf(r, ". Lead: %s, with %d member%s", donor_name(pl, lead), c->n_members,
             c->n_members == 1 ? "" : "s");
    else
        esc(r, ". No coalition proposed");
    if (nd) {
        char dl[64];
        escf(r, ". Nearest deadline %s, %s", nd->deadline, days_text(dl, sizeof dl, nd->days_left));
    }
    if (isfinite(c->marginal_value))
        escf(r, ". Value of one more dollar here: %.4f", c->marginal_value);
    raw(r, ".");
    para_end(r);
    state_areas(r, pl, id);
    state_deadlines(r, pl, id);
    state_members(r, pl, c);
    if (co_plan_years(pl) && c->n_members > 0)
        state_years(r, pl, c);
    state_unmet(r, pl, id);
    state_diagnosis(r, c);
    html(r, "</section>\n");
}

/* ---- the deadline analysis (multi-year plans) ---------------------- */

/* The years a milestone table covers: the plan's years, or for a plan
 * that does not give them (read from a file) every year of its gaps and
 * allocations. */
static void milestone_years(const co_plan *pl, int *first, int *last)
{
    *first = pl->years_first;
    *last = pl->years_last;
    if (*first)
        return;
    for (int i = 0; i < pl->n_deadlines; i++)
        for (int k = 0; pl->deadlines[i].gaps && k < pl->deadlines[i].n_gaps; k++) {
            int t = pl->deadlines[i].gaps[k].year;
            *first = !*first || t < *first ? t : *first;
            *last = t > *last ? t : *last;
        }
    for (int i = 0; pl->allocs && i < pl->n_allocs; i++) {
        int t = pl->allocs[i].year;
        if (t) {
            *first = !*first || t < *first ? t : *first;
            *last = t > *last ? t : *last;
        }
    }
}

static const co_plan_need *need_of(const co_plan *pl, const char *id)
{
    for (int i = 0; pl->needs && i < pl->n_needs; i++)
        if (same(pl->needs[i].need, id))
            return &pl->needs[i];
    return NULL;
}

/* A need's year from its by_year list (NULL when not given). */
static const co_plan_need_year *need_year(const co_plan_need *n, int t)
{
    for (int k = 0; n && n->by_year && k < n->n_by_year; k++)
        if (n->by_year[k].year == t)
            return &n->by_year[k];
    return NULL;
}

/* One obligation: its verdict, what is required, possible and placed by
 * its deadline year, then its milestones, a row per year: the money the
 * plan places, for an obligation in units the units done that year and
 * left at its end (the figures an extension decision cites), and the
 * money missing up to the deadline year. */
static void deadline_block(rd *r, const co_plan *pl, const co_plan_deadline *e, int first,
                           int last)
{
    static const char *const h_money[] = {"Year", "Placed by the plan", "Money missing", NULL};
    const co_plan_need *nd = need_of(pl, e->need);
    int units = e->unit && nd && nd->by_year;
    char done_h[96], left_h[96];
    snprintf(done_h, sizeof done_h, "%s done", units ? e->unit : "");
    snprintf(left_h, sizeof left_h, "%s left", units ? e->unit : "");
    const char *const h_units[] = {"Year", "Placed by the plan", done_h, left_h,
                                   "Money missing", NULL};
    co_buf v;
    char m[48], u[48];
    co_buf_init(&v);
    heading(r, 3, e->need);
    co_deadline_verdict(e, &v);
    co_buf_put(&v, "", 0);
    if (v.oom)
        r->b->oom = 1;
    para(r, "lede", v.oom ? "" : v.data);
    co_buf_release(&v);
    int due = co_deadline_due_year(e);
    para_begin(r, "note");
    escf(r, "By %d: ", due);
    const char *sep = "";
    if (isfinite(e->required)) {
        escf(r, "%s required", usd(m, sizeof m, e->required));
        sep = ", ";
    }
    if (e->analysed && e->best_case != CO_CENTS_NONE) {
        escf(r, "%s%s at best", sep, usd(m, sizeof m, usd_of(e->best_case)));
        sep = ", ";
    }
    if (e->has_plan && e->placed != CO_CENTS_NONE)
        escf(r, "%s%s placed by the plan", sep, usd(m, sizeof m, usd_of(e->placed)));
    if (e->capacity_limited == 1) {
        escf(r, "; capacity short by %s", usd(m, sizeof m, usd_of(e->capacity_missing)));
        if (e->unit && isfinite(e->capacity_missing_units))
            escf(r, " (%s %s)", co_fmt_units(e->capacity_missing_units, u), e->unit);
    }
    raw(r, ".");
    para_end(r);
    if (!first)
        return;
    table_begin(r, "milestones", units ? "lrrrr" : "lrr", units ? h_units : h_money);
    for (int t = first; t <= last; t++) {
        const co_plan_need_year *y = need_year(nd, t);
        int64_t placed = 0;
        if (y && y->allocated != CO_CENTS_NONE)
            placed = y->allocated;
        else
            for (int i = 0; pl->allocs && i < pl->n_allocs; i++)
                if (pl->allocs[i].year == t && same(pl->allocs[i].need, e->need) &&
                    pl->allocs[i].cents != CO_CENTS_NONE)
                    placed += pl->allocs[i].cents;
        row_begin(r);
        cell_begin(r);
        escf(r, "%d", t);
        if (t == due)
            flag(r, "deadline", "deadline year");
        cell_end(r);
        cell(r, e->has_plan ? usd(m, sizeof m, usd_of(placed)) : "n/a");
        if (units) {
            cell(r, y && isfinite(y->units_done) ? co_fmt_units(y->units_done, u) : "n/a");
            cell(r, y && isfinite(y->units_left) ? co_fmt_units(y->units_left, u) : "n/a");
        }
        const char *gap = "";
        for (int k = 0; e->analysed && e->gaps && k < e->n_gaps; k++)
            if (e->gaps[k].year == t)
                gap = usd(m, sizeof m, usd_of(e->gaps[k].cents));
        cell(r, gap);
        row_end(r);
    }
    table_end(r);
}

static void plan_deadlines(rd *r, const co_plan *pl)
{
    int first, last;
    if (!pl->deadlines)
        return;
    milestone_years(pl, &first, &last);
    html(r, "<section class=\"part deadlines\">\n");
    heading(r, 2, "Deadlines and extension requests");
    para(r, "note", "For each obligation with a deadline within the plan's years: whether the "
                    "money on the table could finish it by its deadline if it came first (the "
                    "best case), whether capacity rules that out whatever the money, the "
                    "earliest year it could be finished, what the plan does, and whether a "
                    "requested extension is strictly necessary. Money missing is the least "
                    "money, as late as it can be, that would do all that capacity allows by "
                    "the deadline (docs/DEADLINES.md).");
    if (pl->n_deadlines == 0)
        para(r, "note", "No obligation has a deadline within the plan's years.");
    for (int i = 0; i < pl->n_deadlines; i++)
        deadline_block(r, pl, &pl->deadlines[i], first, last);
    html(r, "</section>\n");
}

/* A multi-year plan's donors year by year: what each places of its
 * budget, and what one more dollar in that year's budget is worth. */
static void donor_years(rd *r, const co_plan *pl)
{
    const char **h, *al;
    char *mem = year_heads(pl, "Donor", "All years", &h, &al);
    if (!mem) {
        r->b->oom = 1;
        return;
    }
    heading(r, 3, "Allocated of budget, by year");
    table_begin(r, "donor-years", al, h);
    for (int i = 0; i < pl->n_donors; i++) {
        const co_plan_donor *d = &pl->donors[i];
        char b[96], m1[32], m2[32];
        row_begin(r);
        cell(r, d->name ? d->name : d->donor);
        for (int t = 0; t < co_plan_years(pl); t++) {
            const co_plan_donor_year *y = t < d->n_by_year ? &d->by_year[t] : NULL;
            if (y)
                snprintf(b, sizeof b, "%s of %s",
                         co_fmt_usd(co_cents(round(usd_of(y->allocated))), m1),
                         co_fmt_usd(co_cents(round(y->budget)), m2));
            else
                snprintf(b, sizeof b, "n/a");
            cell(r, b);
        }
        snprintf(b, sizeof b, "%s of %s", co_fmt_usd(co_cents(round(usd_of(d->allocated))), m1),
                 co_fmt_usd(co_cents(round(d->budget)), m2));
        cell(r, b);
        row_end(r);
    }
    table_end(r);
    h[1 + co_plan_years(pl)] = NULL; /* no total column for values */
    heading(r, 3, "Value of +1 USD, by year");
    table_begin(r, "donor-values", al, h);
    for (int i = 0; i < pl->n_donors; i++) {
        const co_plan_donor *d = &pl->donors[i];
        char b[32];
        row_begin(r);
        cell(r, d->name ? d->name : d->donor);
        for (int t = 0; t < co_plan_years(pl); t++) {
            double v = t < d->n_by_year ? d->by_year[t].marginal_value : NAN;
            cell(r, fnum(b, sizeof b, "%.4f", v));
        }
        row_end(r);
    }
    table_end(r);
    free(mem);
}

static void plan_donors(rd *r, const co_plan *pl)
{
    int ranges = 0;
    for (int d = 0; d < pl->n_donors; d++)
        ranges |= !isnan(pl->donors[d].range_from);
    static const char *const h[] = {"Donor",   "Budget", "Allocated",       "Utilisation",
                                    "States", "Value of +1 USD", "For budgets", NULL};
    int multi = co_plan_years(pl) > 0;
    html(r, "<section class=\"part donors\">\n");
    heading(r, 2, "Donors");
    if (multi)
        para(r, "note", "Budgets are over the plan's years. Value of +1 USD, by year: the "
                        "weighted value one more dollar in the donor's budget of that year "
                        "would add to the plan, every seat kept as it is.");
    else
        para(r, "note", "Value of +1 USD: the weighted value one more dollar in the donor's budget "
                        "would add to the plan, every seat kept as it is; it holds for the budgets "
                        "shown.");
    const char *const *hh = h;
    const char *heads_no_range[8];
    if (!ranges) {
        memcpy(heads_no_range, h, sizeof heads_no_range);
        heads_no_range[multi ? 5 : 6] = NULL; /* multi-year: values by year, below */
        hh = heads_no_range;
    }
    if (r->html) { /* (the Markdown text bars are with the other charts) */
        heading(r, 3, "Budget utilisation");
        chart_utilisation(r, pl);
    }
    table_begin(r, "donors", "lrrrlrr", hh);
    for (int i = 0; i < pl->n_donors; i++) {
        const co_plan_donor *d = &pl->donors[i];
        char b[48];
        const char *id = d->donor, *name = d->name;
        row_begin(r);
        cell_begin(r);
        esc(r, name ? name : id);
        html(r, " <span class=\"id\">");
        md(r, " (");
        esc(r, id);
        md(r, ")");
        html(r, "</span>");
        cell_end(r);
        cell(r, usd(b, sizeof b, d->budget));
        cell(r, usd(b, sizeof b, usd_of(d->allocated)));
        cell(r, pct(b, sizeof b, d->utilisation));
        cell_begin(r);
        for (int k = 0; k < d->n_states; k++) {
            raw(r, k ? ", " : "");
            esc(r, d->states[k] ? d->states[k] : "");
        }
        if (d->n_states == 0)
            esc(r, "none");
        cell_end(r);
        if (isfinite(d->marginal_value))
            snprintf(b, sizeof b, "%.4f", d->marginal_value);
        else
            snprintf(b, sizeof b, "n/a");
        if (!multi || ranges)
            cell(r, b);
        if (ranges) {
            if (isnan(d->range_from))
                snprintf(b, sizeof b, "n/a");
            else if (isfinite(d->range_to)) {
                char m1[32], m2[32];
                snprintf(b, sizeof b, "%s to %s", co_fmt_usd(co_cents(d->range_from), m1),
                         co_fmt_usd(co_cents(d->range_to), m2));
            } else {
                char m1[32];
                snprintf(b, sizeof b, "%s and up", co_fmt_usd(co_cents(d->range_from), m1));
            }
            cell(r, b);
        }
        row_end(r);
    }
    table_end(r);
    if (co_plan_years(pl))
        donor_years(r, pl);
    if (pl->marginal_unique == 0)
        para(r, "note", "The LP behind these values is degenerate: they are one valid set of "
                        "marginal values, not the only one.");
    html(r, "</section>\n");
}

/* needs with a value of better evidence, most money moved first (then
 * by need id; not tried last) */
static int cmp_evidence(const void *pa, const void *pb)
{
    const co_plan_need *x = *(const co_plan_need *const *)pa, *y = *(const co_plan_need *const *)pb;
    int64_t a = x->evidence_value.moves, b = y->evidence_value.moves;
    if (a != b)
        return a == CO_CENTS_NONE ? 1 : b == CO_CENTS_NONE ? -1 : a > b ? -1 : 1;
    return strcmp(x->need ? x->need : "", y->need ? y->need : "");
}

/* What surveyed evidence would move to each need below surveyed. */
static void plan_evidence(rd *r, const co_plan *pl)
{
    static const char *const h[] = {"Need",       "Evidence",      "Allocated",
                                    "If surveyed", "Money moved", NULL};
    int given = 0, n = 0;
    for (int i = 0; pl->needs && i < pl->n_needs; i++)
        given |= pl->needs[i].has_evidence_value >= 0;
    if (!given)
        return; /* the plan was not diagnosed */
    const co_plan_need **v = calloc((size_t)pl->n_needs + 1, sizeof *v);
    if (!v) {
        r->b->oom = 1;
        return;
    }
    for (int i = 0; i < pl->n_needs; i++)
        if (pl->needs[i].has_evidence_value == 1)
            v[n++] = &pl->needs[i];
    qsort(v, (size_t)n, sizeof *v, cmp_evidence);
    html(r, "<section class=\"part evidence\">\n");
    heading(r, 2, "Value of better evidence");
    para(r, "note", "For each need whose evidence is below surveyed: the money the plan would "
                    "move to it if its evidence were surveyed (the plan solved again with that "
                    "one need surveyed). The treaty asks for evidence-based requests; this is "
                    "what a survey is worth to the State, in dollars.");
    if (n == 0)
        para(r, "note", "Every need that asks for money is on surveyed evidence.");
    else
        table_begin(r, "evidence", "lrrrr", h);
    for (int i = 0; i < n; i++) {
        const co_plan_need *nd = v[i];
        const co_plan_evidence_value *e = &nd->evidence_value;
        char b[48];
        row_begin(r);
        cell_begin(r);
        esc(r, nd->need);
        cell_end(r);
        cell(r, fnum(b, sizeof b, "%.2f", nd->evidence));
        cell(r, usd(b, sizeof b, usd_of(nd->allocated)));
        if (e->tried == 1) {
            cell(r, usd(b, sizeof b, usd_of(e->if_surveyed)));
            cell(r, usd_change(b, sizeof b, usd_of(e->moves)));
        } else {
            cell(r, "not tried (time limit)");
            cell(r, "n/a");
        }
        row_end(r);
    }
    if (n)
        table_end(r);
    free(v);
    html(r, "</section>\n");
}

/* The gaps in the dataset a transparency-reporting coordinator would chase. */
static void plan_gaps(rd *r, const co_plan *pl)
{
    static const char *const words[] = {"No deadline", "Weak evidence", "No ISO3 code",
                                        "No expertise entry"};
    static const char *const h[] = {"Gap", "Detail", NULL};
    if (!pl->gaps)
        return;
    html(r, "<section class=\"part gaps\">\n");
    heading(r, 2, "Data gaps");
    para(r, "note", "What a transparency-reporting coordinator would chase in the data: needs "
                    "without a deadline in an area with treaty deadlines (clearance, stockpile "
                    "destruction), needs on estimated or anecdotal evidence, States without an "
                    "ISO3 code, donors without any expertise entry.");
    if (pl->n_gaps == 0)
        para(r, "note", "None.");
    else
        table_begin(r, "gaps", "ll", h);
    for (int i = 0; i < pl->n_gaps; i++) {
        const co_plan_gap *g = &pl->gaps[i];
        row_begin(r);
        cell(r, g->kind >= 0 && g->kind < 4 ? words[g->kind] : "n/a");
        cell(r, g->text ? g->text : "");
        row_end(r);
    }
    if (pl->n_gaps)
        table_end(r);
    html(r, "</section>\n");
}

static int finish(co_buf *out, co_diag *dg)
{
    if (!out->oom)
        return CO_OK;
    co_err(dg, "out of memory");
    return CO_EINTERNAL;
}

int co_brief_plan(const co_plan *pl, const char *origin, enum co_brief_fmt fmt, co_buf *out,
                  co_diag *dg)
{
    rd r = {out, fmt == CO_BRIEF_HTML, "", 0};
    static const char *const lists[3] = {"coalitions", "needs", "donors"};
    const void *given[3] = {pl->coalitions, pl->needs, pl->donors};
    int rc = CO_OK;
    for (int i = 0; i < 3; i++)
        if (!given[i]) {
            co_err(dg, "%s: %s: missing", origin, lists[i]);
            rc = CO_EINPUT;
        }
    if (rc != CO_OK)
        return rc;
    char *title = co_asprintf("Meeting brief: %s",
                              pl->dataset_name ? pl->dataset_name : "Country Coalitions");
    if (!title)
        out->oom = 1;
    page_begin(&r, title ? title : "");
    free(title);
    plan_summary(&r, pl, origin);
    plan_overview(&r, pl);
    html(&r, "<section class=\"part charts\">\n");
    heading(&r, 2, "Charts");
    if (r.html) {
        heading(&r, 3, "Coverage per State");
        chart_coverage(&r, pl);
        heading(&r, 3, "Deadline timeline");
        chart_timeline(&r, pl);
    } else {
        md_charts(&r, pl);
    }
    html(&r, "</section>\n");
    plan_deadlines(&r, pl);
    for (int s = 0; s < pl->n_coalitions; s++)
        plan_state(&r, pl, &pl->coalitions[s]);
    plan_donors(&r, pl);
    plan_evidence(&r, pl);
    plan_gaps(&r, pl);
    html(&r, "<section class=\"part notes\">\n");
    heading(&r, 2, "Reading this brief");
    para(&r, NULL, "Requested is what each need still lacks after the funds already secured. "
                   "Coverage is allocated over requested. A need is urgent when its deadline "
                   "falls within the planning horizon (urgency above 1); the urgent share is "
                   "what urgent needs were allocated over what they requested. A deadline "
                   "marked extended differs from the treaty's original one; overdue means the "
                   "deadline in force has passed at the planning date.");
    if (co_plan_years(pl))
        para(&r, NULL, "The plan spans several years: a donor's budget is given for each year, "
                       "a need's request is over all of them, and money is placed year by year "
                       "(a later dollar is worth a little less, and one after a need's deadline "
                       "year much less). Funding by year shows when the money comes.");
    html(&r, "</section>\n");
    page_end(&r, origin);
    return finish(out, dg);
}

/* ---- the what-if comparison ------------------------------------------ */

static const char *outcome_name(const char *name)
{
    return name ? name : "Baseline";
}

static void outcome_row(rd *r, const co_cmp_outcome *o, int is_base)
{
    const co_cmp_delta *dl = o->has_delta ? &o->delta : NULL;
    char b[64];
    row_begin(r);
    cell_begin(r);
    esc(r, outcome_name(o->name));
    cell_end(r);
    cell_begin(r);
    status_flag(r, o->status);
    cell_end(r);
    cell(r, usd(b, sizeof b, usd_of(o->allocated)));
    cell(r, is_base ? "" : usd_change(b, sizeof b, dl ? usd_of(dl->allocated) : NAN));
    cell(r, pct(b, sizeof b, o->urgent_share));
    cell(r, is_base ? "" : pts(b, sizeof b, dl ? dl->urgent_share : NAN));
    if (o->seats >= 0)
        snprintf(b, sizeof b, "%d", o->seats);
    else
        snprintf(b, sizeof b, "n/a");
    cell(r, b);
    if (is_base || !dl)
        snprintf(b, sizeof b, is_base ? "" : "n/a");
    else
        snprintf(b, sizeof b, "+%.0f / -%.0f", or_nan(dl->seats_in), or_nan(dl->seats_out));
    cell(r, b);
    cell(r, value(b, sizeof b, o->objective, 0));
    cell(r, is_base ? "" : value(b, sizeof b, dl ? dl->objective : NAN, 1));
    row_end(r);
}

/* The outcomes in order: the baseline (i = 0), then each scenario. */
static const co_cmp_outcome *outcome_at(const co_comparison *cmp, int i)
{
    return i == 0 ? &cmp->baseline : &cmp->scenarios[i - 1];
}

/* allocated per outcome against what it requested, urgent part marked */
static void chart_outcomes(rd *r, const co_comparison *cmp)
{
    int n = 1 + cmp->n_scenarios;
    double top = 12, x0 = LABEL_W + 40, w = CW - x0 - 150, h = top + n * ROW_H + 36, max = 0;
    for (int i = 0; i < n; i++) {
        const co_cmp_outcome *o = outcome_at(cmp, i);
        max = fmax(max, fmax(usd_of(o->requested), usd_of(o->allocated)));
    }
    svg_begin(r, "chart-outcomes", h, "Allocated per scenario");
    for (int i = 0; i < n; i++) {
        const co_cmp_outcome *o = outcome_at(cmp, i);
        double y = top + i * ROW_H + 5, bh = ROW_H - 10, req = usd_of(o->requested);
        double got = usd_of(o->allocated), ug = usd_of(o->urgent_allocated);
        char b[48];
        svg_text(r, x0 - 10, y + bh - 3, "end", "label", outcome_name(o->name));
        if (max > 0 && isfinite(req))
            htmlf(r, "<rect class=\"track\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                  x0, y, w * req / max, bh);
        raw(r, "<rect class=\"bar\" data-scenario=\"");
        esc(r, outcome_name(o->name));
        htmlf(r, "\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", x0, y,
              max > 0 && isfinite(got) ? w * got / max : 0.0, bh);
        if (max > 0 && isfinite(ug))
            htmlf(r, "<rect class=\"urgent\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                  x0, y, w * ug / max, bh);
        svg_text(r, x0 + (max > 0 && isfinite(got) ? w * fmax(got, isfinite(req) ? req : 0) / max : 0) + 8,
                 y + bh - 3, "start", "value",
                 co_cmp_has_plan(o) ? usd(b, sizeof b, got) : o->status ? o->status : "no plan");
        raw(r, "\n");
    }
    double x = x0, ly = top + n * ROW_H + 26;
    x = legend(r, x, ly, "bar", "allocated");
    x = legend(r, x, ly, "urgent", "of which to urgent needs");
    legend(r, x, ly, "track", "requested");
    svg_end(r, "Money placed in each scenario, against what was requested in it.");
}

static void id_list(rd *r, const char *const *ids, int n)
{
    for (int i = 0; i < n; i++) {
        raw(r, i ? ", " : "");
        esc(r, ids[i] ? ids[i] : "");
    }
}

/* the start of a changed item's row: its id, "before% -> after%", the
 * change in points, and the change of money */
static void change_row_begin(rd *r, const char *id, double before, double after, double change,
                             int64_t allocated_change)
{
    char b[64], p1[16], p2[16];
    row_begin(r);
    cell(r, id);
    snprintf(b, sizeof b, "%s \xe2\x86\x92 %s", pct(p1, sizeof p1, before),
             pct(p2, sizeof p2, after));
    cell(r, b);
    cell(r, pts(b, sizeof b, change));
    cell(r, usd_change(b, sizeof b, usd_of(allocated_change)));
}

static void scenario_states(rd *r, const co_cmp_outcome *o)
{
    static const char *const h[] = {"State", "Coverage", "Change", "Allocated", "Lead",
                                    "Members in", "Members out", NULL};
    if (o->n_states == 0) {
        para(r, "note", "No State's coalition or coverage changed.");
        return;
    }
    table_begin(r, "states", "lrrrlll", h);
    for (int i = 0; i < o->n_states; i++) {
        const co_cmp_state *s = &o->states[i];
        change_row_begin(r, s->state, s->coverage_before, s->coverage, s->coverage_change,
                         s->allocated_change);
        const char *lb = s->lead_before, *la = s->lead;
        cell_begin(r);
        if (same(lb, la) || (!lb && !la))
            esc(r, la ? la : "none");
        else
            escf(r, "%s \xe2\x86\x92 %s", lb ? lb : "none", la ? la : "none");
        cell_end(r);
        cell_begin(r);
        id_list(r, s->members_in, s->n_in);
        cell_end(r);
        cell_begin(r);
        id_list(r, s->members_out, s->n_out);
        cell_end(r);
        row_end(r);
    }
    table_end(r);
}

static void scenario_donors(rd *r, const co_cmp_outcome *o)
{
    static const char *const h[] = {"Donor", "Utilisation", "Change", "Allocated", NULL};
    if (o->n_donors == 0)
        return;
    table_begin(r, "donor-changes", "lrrr", h);
    for (int i = 0; i < o->n_donors; i++) {
        const co_cmp_donor *d = &o->donors[i];
        change_row_begin(r, d->donor, d->utilisation_before, d->utilisation,
                         d->utilisation_change, d->allocated_change);
        row_end(r);
    }
    table_end(r);
}

/* A multi-year comparison's obligations whose deadline figures changed,
 * in the words of `diff` and the terminal view (result/deadline_change.h). */
static void scenario_deadlines(rd *r, const co_cmp_outcome *o)
{
    static const char *const h[] = {"Obligation", "What changed", NULL};
    heading(r, 3, "Deadlines that changed");
    if (o->n_deadlines == 0) {
        para(r, "note", "No obligation's deadline figures changed.");
        return;
    }
    table_begin(r, "deadline-changes", "ll", h);
    for (int i = 0; i < o->n_deadlines; i++) {
        co_buf b;
        co_buf_init(&b);
        co_deadline_change_parts(&b, &o->deadlines[i], " \xe2\x86\x92 ");
        if (b.oom)
            r->b->oom = 1;
        row_begin(r);
        cell(r, o->deadlines[i].need);
        cell(r, b.data);
        row_end(r);
        co_buf_release(&b);
    }
    table_end(r);
}

static void scenario_section(rd *r, const co_cmp_outcome *o)
{
    const co_cmp_delta *dl = o->has_delta ? &o->delta : NULL;
    html(r, "<section class=\"part scenario\">\n");
    heading(r, 2, outcome_name(o->name));
    para_begin(r, "lede");
    esc(r, "Status ");
    status_flag(r, o->status);
    if (o->run > 0)
        escf(r, "; run %lld", o->run);
    if (o->file)
        escf(r, "; plan %s", o->file);
    if (dl) {
        char m[48], p[16];
        escf(r, ". Allocated %s, urgent share %s, seats %+.0f (%.0f in, %.0f out)",
             usd_change(m, sizeof m, usd_of(dl->allocated)), pts(p, sizeof p, dl->urgent_share),
             dl->seats == CO_CMP_NONE ? NAN : dl->seats, or_nan(dl->seats_in),
             or_nan(dl->seats_out));
    }
    if (isfinite(o->price_of_fairness)) {
        char pf[48];
        escf(r, ". Price of fairness %s", usd(pf, sizeof pf, o->price_of_fairness));
    }
    raw(r, ".");
    para_end(r);
    if (o->message)
        para(r, NULL, o->message);
    if (o->has_explanation) {
        text_list(r, "Why there is no plan (conflicting requirements):",
                  o->explanation.conflicts, o->explanation.n_conflicts);
        text_list(r, "What would make it feasible:", o->explanation.fixes,
                  o->explanation.n_fixes);
    }
    if (co_cmp_has_plan(o)) {
        heading(r, 3, "States that changed");
        scenario_states(r, o);
        heading(r, 3, "Donors whose allocation changed");
        if (o->n_donors == 0)
            para(r, "note", "No donor's allocation changed.");
        scenario_donors(r, o);
        if (o->has_deadlines && o->deadlines)
            scenario_deadlines(r, o);
    }
    html(r, "</section>\n");
}

int co_brief_comparison(const co_comparison *cmp, const char *origin, enum co_brief_fmt fmt,
                        co_buf *out, co_diag *dg)
{
    rd r = {out, fmt == CO_BRIEF_HTML, "", 0};
    const char *name = cmp->dataset_name;
    char *title = co_asprintf("What-if brief: %s", name ? name : "scenarios");
    if (!title)
        out->oom = 1;
    page_begin(&r, title ? title : "");
    free(title);
    html(&r, "<header>\n");
    para(&r, "kicker", "Country Coalitions \xc2\xb7 what-if brief");
    heading(&r, 1, name ? name : "Scenario comparison");
    para_begin(&r, "sub");
    escf(&r, "%d scenario%s against the baseline", cmp->n_scenarios,
         cmp->n_scenarios == 1 ? "" : "s");
    if (cmp->scenarios_file)
        escf(&r, ", from %s", cmp->scenarios_file);
    escf(&r, ". Source: %s.", origin);
    para_end(&r);
    html(&r, "</header>\n<section class=\"summary\">\n");
    heading(&r, 2, "Outcomes");
    static const char *const h[] = {"Scenario", "Status", "Allocated", "Change",
                                    "Urgent need covered", "Change", "Seats", "In / out",
                                    "Objective", "Change", NULL};
    table_begin(&r, "outcomes", "llrrrrrrrr", h);
    for (int i = 0; i <= cmp->n_scenarios; i++)
        outcome_row(&r, outcome_at(cmp, i), i == 0);
    table_end(&r);
    para(&r, "note", "Objective values compare only where the weights are the same: a granted "
                     "extension lowers a need's urgency and so the whole objective. Money placed, "
                     "urgent need covered and seats come first for that reason.");
    if (r.html) {
        heading(&r, 3, "Money placed per scenario");
        chart_outcomes(&r, cmp);
    }
    else
        para(&r, NULL, "(The chart of money placed per scenario is in the HTML brief only; the "
                       "table above carries the same figures.)");
    heading(&r, 3, "Ranking by objective");
    static const char *const rh[] = {"Rank", "Scenario", "Objective", "Change", NULL};
    table_begin(&r, "ranking", "rlrr", rh);
    for (int i = 0; i < cmp->n_ranking; i++) {
        const co_cmp_rank *o = &cmp->ranking[i];
        char b[48];
        row_begin(&r);
        snprintf(b, sizeof b, "%.0f", or_nan(o->rank));
        cell(&r, b);
        cell(&r, outcome_name(o->name));
        cell(&r, value(b, sizeof b, o->objective, 0));
        cell(&r, value(b, sizeof b, o->objective_change, 1));
        row_end(&r);
    }
    table_end(&r);
    html(&r, "</section>\n");
    for (int i = 0; i < cmp->n_scenarios; i++)
        scenario_section(&r, &cmp->scenarios[i]);
    page_end(&r, origin);
    return finish(out, dg);
}

/* ---- the document ------------------------------------------------------- */

int co_brief_read(const char *origin, const char *text, size_t len, co_brief_doc *out,
                  co_diag *dg)
{
    co_json *root = NULL;
    out->plan = NULL;
    out->cmp = NULL;
    int rc = co_json_parse(origin, text, len, &root, dg);
    if (rc != CO_OK)
        return rc;
    if (co_json_get(root, "scenarios") && co_json_get(root, "baseline")) {
        rc = co_comparison_from_json(origin, root, &out->cmp, dg);
    } else if (co_json_get(root, "coalitions") && co_json_get(root, "needs") &&
               co_json_get(root, "donors")) {
        rc = co_plan_from_json(origin, root, &out->plan, dg);
    } else {
        co_err(dg, "%s: not a plan or comparison JSON", origin);
        rc = CO_EINPUT;
    }
    co_json_free(root);
    return rc;
}

void co_brief_doc_release(co_brief_doc *d)
{
    co_plan_free(d->plan);
    co_comparison_free(d->cmp);
    d->plan = NULL;
    d->cmp = NULL;
}

int co_brief_render(const co_brief_doc *d, const char *origin, enum co_brief_fmt fmt,
                    co_buf *out, co_diag *dg)
{
    if (d->cmp)
        return co_brief_comparison(d->cmp, origin, fmt, out, dg);
    return co_brief_plan(d->plan, origin, fmt, out, dg);
}
