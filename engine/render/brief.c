/*
 * brief.c: the meeting brief (brief.h): a summary, one section per Country
 * Coalition, the donors, and charts drawn here as inline SVG; or the same
 * content as Markdown tables. Reads only the JSON document it is given, so
 * a stored run, a plan file and a what-if render alike. No network, no
 * scripts, no timing: the same document gives the same bytes.
 */
#include "base/json.h"
#include "render/brief.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/diag.h"
#include "render/report.h"
#include "base/util.h"

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

static void escf(rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void escf(rd *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = co_vasprintf(fmt, ap);
    va_end(ap);
    if (!s)
        r->b->oom = 1;
    esc(r, s);
    free(s);
}

/* formatted markup of one format (numbers and fixed words only) */
static void htmlf(rd *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void htmlf(rd *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = co_vasprintf(fmt, ap);
    va_end(ap);
    if (!s)
        r->b->oom = 1;
    else if (r->html)
        raw(r, s);
    free(s);
}

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

/* ---- numbers and the JSON document ------------------------------------ */

static int64_t cents(double v)
{
    return isfinite(v) ? (int64_t)llround(v * 100.0) : 0;
}

/* "USD 1,234,567" (whole USD) or "n/a" */
static const char *usd(char *buf, size_t n, double v)
{
    char m[32];
    if (!isfinite(v))
        snprintf(buf, n, "n/a");
    else
        snprintf(buf, n, "USD %s", co_fmt_usd(cents(v), m));
    return buf;
}

/* a weighted value (the objective): "65,157,259", or with a sign "+1,234" */
static const char *value(char *buf, size_t n, double v, int sign)
{
    char m[32];
    if (!isfinite(v))
        snprintf(buf, n, "n/a");
    else
        snprintf(buf, n, "%s%s", sign && v >= 0 ? "+" : "", co_fmt_usd(cents(v), m));
    return buf;
}

/* "+USD 1,000" or "-USD 1,000" or "no change" */
static const char *usd_change(char *buf, size_t n, double v)
{
    char m[32];
    if (!isfinite(v))
        snprintf(buf, n, "n/a");
    else if (llabs((long long)cents(v)) < 100)
        snprintf(buf, n, "no change");
    else
        snprintf(buf, n, "%sUSD %s", v > 0 ? "+" : "-", co_fmt_usd(llabs((long long)cents(v)), m));
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

static const cJSON *get(const cJSON *o, const char *key)
{
    return cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
}


static int same(const char *a, const char *b)
{
    return a && b && strcmp(a, b) == 0;
}

/* the item of array `list` whose `key` is `id` */
static const cJSON *find(const cJSON *list, const char *key, const char *id)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, list) if (same(co_json_str(it, key), id)) return it;
    return NULL;
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

/* ---- the plan: totals --------------------------------------------------- */

typedef struct totals {
    int64_t req, got, ureq, ugot; /* cents; u: needs with urgency > 1 */
} totals;

static int urgent(const cJSON *need)
{
    return co_json_num(need, "urgency") > 1.0;
}

/* over the needs of `state`, or all needs when state is NULL */
static totals sum_needs(const cJSON *needs, const char *state)
{
    totals t = {0, 0, 0, 0};
    const cJSON *n;
    cJSON_ArrayForEach(n, needs)
    {
        if (state && !same(co_json_str(n, "state"), state))
            continue;
        int64_t q = cents(co_json_num(n, "requested")), a = cents(co_json_num(n, "allocated"));
        t.req += q;
        t.got += a;
        if (urgent(n)) {
            t.ureq += q;
            t.ugot += a;
        }
    }
    return t;
}

static double share(int64_t a, int64_t b)
{
    return b > 0 ? (double)a / (double)b : NAN;
}

/* a State's nearest deadline among its needs still requested */
static const cJSON *nearest(const cJSON *needs, const char *state)
{
    const cJSON *n, *best = NULL;
    cJSON_ArrayForEach(n, needs)
    {
        if (!same(co_json_str(n, "state"), state) || !co_json_str(n, "deadline") ||
            !isfinite(co_json_num(n, "days_left")) || !(co_json_num(n, "requested") > 0))
            continue;
        if (!best || co_json_num(n, "days_left") < co_json_num(best, "days_left"))
            best = n;
    }
    return best;
}

static int extended(const cJSON *need)
{
    const char *o = co_json_str(need, "original_deadline"), *d = co_json_str(need, "deadline");
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

static void deadline_flags(rd *r, const cJSON *need)
{
    if (co_json_num(need, "days_left") < 0)
        flag(r, "overdue", "overdue");
    if (extended(need)) {
        char t[64];
        snprintf(t, sizeof t, "extended from %s", co_json_str(need, "original_deadline"));
        flag(r, "ext", t);
    }
}

static const char *state_name(const cJSON *coal)
{
    const char *name = co_json_str(coal, "name");
    return name ? name : co_json_str(coal, "state");
}

static const char *donor_name(const cJSON *donors, const char *id)
{
    const char *name = co_json_str(find(donors, "donor", id), "name");
    return name ? name : id;
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

/* Coverage per State: the track is what the State requested, the bar what
 * it was allocated, the darker part what went to its urgent needs. */
static void chart_coverage(rd *r, const cJSON *coals, const cJSON *needs)
{
    int n = cJSON_GetArraySize(coals);
    double top = 30, x0 = LABEL_W, w = CW - LABEL_W - 110, h = top + n * ROW_H + 36;
    svg_begin(r, "chart-coverage", h, "Coverage per State: allocated as a share of requested");
    pct_grid(r, x0, w, top, n);
    const cJSON *c;
    int i = 0;
    cJSON_ArrayForEach(c, coals)
    {
        const char *id = co_json_str(c, "state");
        totals t = sum_needs(needs, id);
        double cov = share(t.got, t.req), ucov = share(t.ugot, t.req);
        double y = top + i * ROW_H + 5, bh = ROW_H - 10;
        char p[16], m1[48], m2[48];
        svg_text(r, x0 - 10, y + bh - 3, "end", "label", state_name(c));
        htmlf(r, "<rect class=\"track\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
              x0, y, w, bh);
        raw(r, "<rect class=\"bar\" data-state=\"");
        esc(r, id);
        htmlf(r, "\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>", x0, y,
              isfinite(cov) ? w * fmin(cov, 1.0) : 0.0, bh);
        escf(r, "%s: %s of %s", state_name(c), usd(m1, sizeof m1, (double)t.got / 100.0),
             usd(m2, sizeof m2, (double)t.req / 100.0));
        raw(r, "</title></rect>");
        if (t.ureq > 0) {
            raw(r, "<rect class=\"urgent\" data-state=\"");
            esc(r, id);
            htmlf(r, "\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", x0, y,
                  w * fmin(ucov, 1.0), bh);
        }
        svg_text(r, x0 + w + 8, y + bh - 3, "start", "value",
                 t.req > 0 ? pct(p, sizeof p, cov) : "n/a");
        raw(r, "\n");
        i++;
    }
    double x = x0, ly = top + n * ROW_H + 26;
    x = legend(r, x, ly, "bar", "allocated");
    x = legend(r, x, ly, "urgent", "of which to urgent needs");
    legend(r, x, ly, "track", "requested");
    svg_end(r, "Coverage per State: the grey track is what the State requested, the bar the "
               "share allocated; the darker part went to urgent needs (deadline within the "
               "horizon).");
}

static void chart_utilisation(rd *r, const cJSON *donors)
{
    int n = cJSON_GetArraySize(donors);
    double top = 30, x0 = LABEL_W, w = CW - LABEL_W - 110, h = top + n * ROW_H + 12;
    svg_begin(r, "chart-utilisation", h, "Donor budget utilisation");
    pct_grid(r, x0, w, top, n);
    const cJSON *d;
    int i = 0;
    cJSON_ArrayForEach(d, donors)
    {
        const char *id = co_json_str(d, "donor"), *name = co_json_str(d, "name");
        double u = co_json_num(d, "utilisation"), y = top + i * ROW_H + 5, bh = ROW_H - 10;
        char p[16], m1[48], m2[48];
        svg_text(r, x0 - 10, y + bh - 3, "end", "label", name ? name : id);
        htmlf(r, "<rect class=\"track\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
              x0, y, w, bh);
        raw(r, "<rect class=\"bar donor\" data-donor=\"");
        esc(r, id);
        htmlf(r, "\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"><title>", x0, y,
              isfinite(u) ? w * fmin(fmax(u, 0.0), 1.0) : 0.0, bh);
        escf(r, "%s: %s of %s", name ? name : id, usd(m1, sizeof m1, co_json_num(d, "allocated")),
             usd(m2, sizeof m2, co_json_num(d, "budget")));
        raw(r, "</title></rect>");
        svg_text(r, x0 + w + 8, y + bh - 3, "start", "value", pct(p, sizeof p, u));
        raw(r, "\n");
        i++;
    }
    svg_end(r, "Share of each donor's budget the plan places.");
}

static int has_deadline(const cJSON *coal, const cJSON *needs)
{
    const cJSON *n;
    cJSON_ArrayForEach(n, needs) if (same(co_json_str(n, "state"), co_json_str(coal, "state")) &&
                                     co_json_str(n, "deadline")) return 1;
    return 0;
}

static int date_of(const char *s, long *days)
{
    return s && co_parse_date(s, days) == 0;
}

/* Deadlines on a date axis, one row per State that has any; as_of marked,
 * overdue needs in red, an extension drawn from the original deadline. */
static void chart_timeline(rd *r, const cJSON *plan, const cJSON *coals, const cJSON *needs)
{
    long lo = 0, hi = 0, d, asof = 0;
    int have = 0, rows = 0, has_asof = date_of(co_json_str(plan, "as_of"), &asof);
    const cJSON *n, *c;
    cJSON_ArrayForEach(n, needs)
    {
        const char *ds[2] = {co_json_str(n, "deadline"), co_json_str(n, "original_deadline")};
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
    cJSON_ArrayForEach(c, coals) rows += has_deadline(c, needs);
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
        snprintf(t, sizeof t, "as of %s", co_json_str(plan, "as_of"));
        svg_text(r, XD(asof), top + rows * ROW_H + 18, "middle", "asof-label", t);
    }
    raw(r, "\n");
    int i = 0;
    cJSON_ArrayForEach(c, coals)
    {
        if (!has_deadline(c, needs))
            continue;
        double y = top + i * ROW_H + ROW_H / 2;
        htmlf(r, "<line class=\"row\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", x0, y,
              x0 + w, y);
        svg_text(r, x0 - 10, y + 4, "end", "label", state_name(c));
        long last = lo - 1;
        cJSON_ArrayForEach(n, needs)
        {
            long dd, od;
            if (!same(co_json_str(n, "state"), co_json_str(c, "state")) || !date_of(co_json_str(n, "deadline"), &dd))
                continue;
            if (extended(n) && date_of(co_json_str(n, "original_deadline"), &od)) {
                htmlf(r, "<line class=\"ext\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>"
                         "<circle class=\"orig\" cx=\"%.1f\" cy=\"%.1f\" r=\"4\"/>",
                      XD(od), y, XD(dd), y, XD(od), y);
            }
            char dl[64];
            htmlf(r, "<circle class=\"mark%s\" data-need=\"", co_json_num(n, "days_left") < 0 ? " overdue" : "");
            esc(r, co_json_str(n, "need"));
            htmlf(r, "\" cx=\"%.1f\" cy=\"%.1f\" r=\"6\"><title>", XD(dd), y);
            escf(r, "%s: %s, %s%s%s", co_json_str(n, "need") ? co_json_str(n, "need") : "", co_json_str(n, "deadline"),
                 days_text(dl, sizeof dl, co_json_num(n, "days_left")), extended(n) ? ", extended from " : "",
                 extended(n) ? co_json_str(n, "original_deadline") : "");
            raw(r, "</title></circle>");
            if (dd != last) /* one date label per distinct date in the row */
                svg_text(r, XD(dd) + 10, y + 4, "start", "date", co_json_str(n, "deadline"));
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
    int chars = 0;
    for (const char *p = s ? s : ""; *p; p++) {
        chars += ((unsigned char)*p & 0xC0) != 0x80;
        co_buf_put(r->b, *p == '`' ? "'" : *p == '\n' || *p == '\r' ? " " : p, 1);
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

static void md_charts(rd *r, const cJSON *coals, const cJSON *needs, const cJSON *donors)
{
    const cJSON *c;
    char p[16];
    raw(r, "Charts as text bars; the deadline timeline of the HTML brief is left out "
           "here (each State's deadlines are listed in its section).\n\n");
    heading(r, 3, "Coverage per State");
    raw(r, "\xe2\x96\x93 to urgent needs, \xe2\x96\x88 other allocated, \xe2\x96\x91 not "
           "covered\n\n```\n");
    cJSON_ArrayForEach(c, coals)
    {
        totals t = sum_needs(needs, co_json_str(c, "state"));
        md_pad(r, state_name(c), 28);
        md_bar(r, share(t.ugot, t.req), share(t.got, t.req));
        raw(r, "  ");
        raw(r, t.req > 0 ? pct(p, sizeof p, share(t.got, t.req)) : "nothing requested");
        raw(r, "\n");
    }
    raw(r, "```\n\n");
    heading(r, 3, "Donor budget utilisation");
    raw(r, "```\n");
    cJSON_ArrayForEach(c, donors)
    {
        const char *name = co_json_str(c, "name");
        md_pad(r, name ? name : co_json_str(c, "donor"), 28);
        md_bar(r, 0, co_json_num(c, "utilisation"));
        raw(r, "  ");
        raw(r, pct(p, sizeof p, co_json_num(c, "utilisation")));
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

static void plan_summary(rd *r, const cJSON *plan, const char *origin)
{
    const cJSON *needs = get(plan, "needs"), *coals = get(plan, "coalitions");
    const cJSON *ds = get(plan, "dataset"), *obj = get(plan, "objective");
    totals t = sum_needs(needs, NULL);
    char v[64], v2[64], note[128], m1[48], m2[48];
    const char *status = co_json_str(plan, "status");
    html(r, "<header>\n");
    para(r, "kicker", "Country Coalitions \xc2\xb7 meeting brief");
    heading(r, 1, co_json_str(ds, "name") ? co_json_str(ds, "name") : "Proposed Country Coalitions");
    para_begin(r, "sub");
    escf(r, "Proposed Country Coalitions as of %s", co_json_str(plan, "as_of") ? co_json_str(plan, "as_of") : "n/a");
    if (co_json_str(plan, "scenario"))
        escf(r, ", scenario \xe2\x80\x9c%s\xe2\x80\x9d", co_json_str(plan, "scenario"));
    escf(r, ". Source: %s.", origin);
    para_end(r);
    html(r, "</header>\n<section class=\"summary\">\n<div class=\"kpis\">\n");
    int n_states = cJSON_GetArraySize(coals), n_with = 0, seats = 0;
    const cJSON *c;
    cJSON_ArrayForEach(c, coals)
    {
        int m = cJSON_GetArraySize(get(c, "members"));
        n_with += m > 0;
        seats += m;
    }
    snprintf(note, sizeof note, "%d needs in %d States", cJSON_GetArraySize(needs), n_states);
    kpi(r, "", "Requested", usd(v, sizeof v, (double)t.req / 100.0), note);
    snprintf(note, sizeof note, "%s of requested; unmet %s", pct(v2, sizeof v2, share(t.got, t.req)),
             usd(m1, sizeof m1, (double)(t.req - t.got) / 100.0));
    kpi(r, "good", "Allocated", usd(v, sizeof v, (double)t.got / 100.0), note);
    if (t.ureq > 0)
        snprintf(note, sizeof note, "%s of %s urgent", usd(m1, sizeof m1, (double)t.ugot / 100.0),
                 usd(m2, sizeof m2, (double)t.ureq / 100.0));
    else
        snprintf(note, sizeof note, "no need is urgent");
    kpi(r, "urgent", "Urgent need covered", pct(v, sizeof v, share(t.ugot, t.ureq)), note);
    snprintf(v, sizeof v, "%d of %d", n_with, n_states);
    snprintf(note, sizeof note, "%d donor seats in all", seats);
    kpi(r, "", "States with a coalition", v, note);
    html(r, "</div>\n");
    md(r, "\n");
    static const char *const fh[] = {"", "", NULL};
    table_begin(r, "facts", "ll", fh);
    fact_begin(r, "Status");
    status_flag(r, status);
    if (isfinite(co_json_num(plan, "gap"))) {
        snprintf(v, sizeof v, "gap %.4f%% to the best proven bound", co_json_num(plan, "gap") * 100.0);
        raw(r, r->html ? " " : ", ");
        esc(r, v);
    }
    cell_end(r);
    row_end(r);
    if (isfinite(co_json_num(obj, "total"))) {
        char o1[32], o2[32], o3[32], o4[32];
        snprintf(note, sizeof note, "%s (value %s, less coordination cost %s and shortfall penalty %s)",
                 value(o1, sizeof o1, co_json_num(obj, "total"), 0), value(o2, sizeof o2, co_json_num(obj, "value"), 0),
                 value(o3, sizeof o3, co_json_num(obj, "coordination_cost"), 0),
                 value(o4, sizeof o4, co_json_num(obj, "shortfall_penalty"), 0));
        fact(r, "Objective", note);
    }
    if (isfinite(co_json_num(plan, "price_of_fairness")))
        fact(r, "Price of fairness",
             usd(v, sizeof v, co_json_num(plan, "price_of_fairness")));
    const cJSON *bl = get(plan, "baseline");
    if (cJSON_IsObject(bl)) {
        char line[256];
        if (co_json_str(bl, "source") && isfinite(co_json_num(bl, "seats_added")))
            snprintf(line, sizeof line, "%s: %.0f seats added, %.0f removed%s", co_json_str(bl, "source"),
                     co_json_num(bl, "seats_added"), co_json_num(bl, "seats_removed"),
                     cJSON_IsTrue(get(bl, "keep_pledges")) ? "; its allocations kept as pledges"
                                                           : "");
        else
            snprintf(line, sizeof line, "given");
        fact(r, "Baseline", line);
    }
    fact_begin(r, "Dataset");
    esc(r, co_json_str(ds, "name") ? co_json_str(ds, "name") : "n/a");
    if (co_json_str(ds, "sha256")) {
        html(r, " <span class=\"id\">");
        escf(r, "%ssha256 %.12s", r->html ? "" : " (", co_json_str(ds, "sha256"));
        md(r, ")");
        html(r, "</span>");
    }
    cell_end(r);
    row_end(r);
    fact(r, "Run", origin);
    fact(r, "Planning date", co_json_str(plan, "as_of") ? co_json_str(plan, "as_of") : "n/a");
    if (co_json_str(plan, "scenario"))
        fact(r, "Scenario", co_json_str(plan, "scenario"));
    table_end(r);
    html(r, "</section>\n");
}

/* one row per State: the page's table of contents */
static void plan_overview(rd *r, const cJSON *plan, const cJSON *donors)
{
    const cJSON *coals = get(plan, "coalitions"), *needs = get(plan, "needs"), *c;
    html(r, "<section class=\"overview\">\n");
    heading(r, 2, "At a glance");
    static const char *const h[] = {"State",     "Requested", "Allocated",        "Coverage",
                                    "Lead",      "Seats",     "Nearest deadline", NULL};
    table_begin(r, "overview", "lrrrlrl", h);
    cJSON_ArrayForEach(c, coals)
    {
        const char *id = co_json_str(c, "state"), *lead = co_json_str(c, "lead");
        totals t = sum_needs(needs, id);
        const cJSON *nd = nearest(needs, id);
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
        cell(r, usd(m, sizeof m, (double)t.req / 100.0));
        cell(r, usd(m, sizeof m, (double)t.got / 100.0));
        cell(r, t.req > 0 ? pct(m, sizeof m, share(t.got, t.req)) : "n/a");
        cell(r, lead ? donor_name(donors, lead) : "no coalition");
        snprintf(m, sizeof m, "%d", cJSON_GetArraySize(get(c, "members")));
        cell(r, m);
        cell_begin(r);
        if (nd) {
            esc(r, co_json_str(nd, "deadline"));
            deadline_flags(r, nd);
            html(r, "<span class=\"days\">");
            md(r, ", ");
            esc(r, days_text(dl, sizeof dl, co_json_num(nd, "days_left")));
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
static void state_areas(rd *r, const cJSON *needs, const char *id)
{
    static const char *const h[] = {"Area", "Requested", "Allocated", "Unmet", "Coverage", NULL};
    const cJSON *n, *m;
    heading(r, 3, "Requested and allocated by area");
    table_begin(r, "areas", "lrrrr", h);
    cJSON_ArrayForEach(n, needs)
    {
        const char *area = co_json_str(n, "area");
        int seen = 0;
        if (!same(co_json_str(n, "state"), id))
            continue;
        for (m = needs->child; m != n; m = m->next)
            seen |= same(co_json_str(m, "state"), id) && same(co_json_str(m, "area"), area);
        if (seen)
            continue;
        int64_t q = 0, a = 0;
        for (m = n; m; m = m->next)
            if (same(co_json_str(m, "state"), id) && same(co_json_str(m, "area"), area)) {
                q += cents(co_json_num(m, "requested"));
                a += cents(co_json_num(m, "allocated"));
            }
        char b[48];
        row_begin(r);
        cell_begin(r);
        area_text(r, area);
        cell_end(r);
        cell(r, usd(b, sizeof b, (double)q / 100.0));
        cell(r, usd(b, sizeof b, (double)a / 100.0));
        cell(r, usd(b, sizeof b, (double)(q - a) / 100.0));
        cell(r, q > 0 ? pct(b, sizeof b, share(a, q)) : "n/a");
        row_end(r);
    }
    table_end(r);
}

static void state_deadlines(rd *r, const cJSON *needs, const char *id)
{
    static const char *const h[] = {"Need", "Area", "Deadline", "Days left", NULL};
    const cJSON *n;
    int any = 0;
    heading(r, 3, "Deadlines");
    cJSON_ArrayForEach(n, needs)
    {
        if (!same(co_json_str(n, "state"), id) || !co_json_str(n, "deadline"))
            continue;
        if (!any++)
            table_begin(r, "deadlines", "lllr", h);
        char dl[64];
        row_begin(r);
        cell(r, co_json_str(n, "need"));
        cell_begin(r);
        area_text(r, co_json_str(n, "area"));
        cell_end(r);
        cell_begin(r);
        esc(r, co_json_str(n, "deadline"));
        deadline_flags(r, n);
        cell_end(r);
        cell(r, days_text(dl, sizeof dl, co_json_num(n, "days_left")));
        row_end(r);
    }
    if (any)
        table_end(r);
    else
        para(r, "note", "No deadline is recorded for this State's needs.");
}

/* a member's amounts by area, from the plan's allocations */
static void member_areas(rd *r, const cJSON *allocs, const char *donor, const char *state)
{
    const cJSON *a, *b;
    int first = 1;
    cJSON_ArrayForEach(a, allocs)
    {
        const char *area = co_json_str(a, "area");
        int seen = 0;
        if (!same(co_json_str(a, "donor"), donor) || !same(co_json_str(a, "state"), state))
            continue;
        for (b = allocs->child; b != a; b = b->next)
            seen |= same(co_json_str(b, "donor"), donor) && same(co_json_str(b, "state"), state) &&
                    same(co_json_str(b, "area"), area);
        if (seen)
            continue;
        int64_t sum = 0;
        for (b = a; b; b = b->next)
            if (same(co_json_str(b, "donor"), donor) && same(co_json_str(b, "state"), state) &&
                same(co_json_str(b, "area"), area))
                sum += cents(co_json_num(b, "amount"));
        char m[32];
        raw(r, first ? "" : "; ");
        area_text(r, area);
        escf(r, " %s", co_fmt_usd(sum, m));
        first = 0;
    }
}

static void state_members(rd *r, const cJSON *plan, const cJSON *c)
{
    static const char *const h[] = {"Donor", "Amount", "By area (USD)", "Expertise", NULL};
    const cJSON *m, *donors = get(plan, "donors");
    const char *id = co_json_str(c, "state");
    heading(r, 3, "Coalition");
    if (cJSON_GetArraySize(get(c, "members")) == 0) {
        para(r, "note", "No coalition: no donor is proposed for this State in this plan.");
        return;
    }
    table_begin(r, "members", "lrll", h);
    cJSON_ArrayForEach(m, get(c, "members"))
    {
        const char *d = co_json_str(m, "donor");
        char b[48];
        row_begin(r);
        cell_begin(r);
        esc(r, donor_name(donors, d));
        html(r, " <span class=\"id\">");
        md(r, " (");
        esc(r, d);
        md(r, ")");
        html(r, "</span>");
        if (same(d, co_json_str(c, "lead")))
            flag(r, "lead", "lead");
        cell_end(r);
        cell(r, usd(b, sizeof b, co_json_num(m, "amount")));
        cell_begin(r);
        member_areas(r, get(plan, "allocations"), d, id);
        cell_end(r);
        cell_begin(r);
        const cJSON *e;
        int first = 1;
        cJSON_ArrayForEach(e, get(m, "expertise"))
        {
            raw(r, first ? "" : "; ");
            area_text(r, e->string);
            if (cJSON_IsNumber(e))
                escf(r, " %.2f", e->valuedouble);
            first = 0;
        }
        cell_end(r);
        row_end(r);
    }
    table_end(r);
}

static void state_unmet(rd *r, const cJSON *needs, const char *id)
{
    static const char *const h[] = {"Need", "Area", "Unmet", "Requested", "Urgency", "Deadline",
                                    NULL};
    const cJSON *n;
    int any = 0;
    heading(r, 3, "Unmet needs");
    cJSON_ArrayForEach(n, needs)
    {
        if (!same(co_json_str(n, "state"), id) || cents(co_json_num(n, "unmet")) < 100)
            continue;
        if (!any++)
            table_begin(r, "unmet", "llrrrl", h);
        char b[48];
        row_begin(r);
        cell_begin(r);
        esc(r, co_json_str(n, "need"));
        if (urgent(n))
            flag(r, "urgent", "urgent");
        cell_end(r);
        cell_begin(r);
        area_text(r, co_json_str(n, "area"));
        cell_end(r);
        cell(r, usd(b, sizeof b, co_json_num(n, "unmet")));
        cell(r, usd(b, sizeof b, co_json_num(n, "requested")));
        snprintf(b, sizeof b, "%.2f", co_json_num(n, "urgency"));
        cell(r, b);
        cell_begin(r);
        esc(r, co_json_str(n, "deadline") ? co_json_str(n, "deadline") : "none");
        if (co_json_str(n, "deadline"))
            deadline_flags(r, n);
        cell_end(r);
        row_end(r);
    }
    if (any)
        table_end(r);
    else
        para(r, "note", "Every need of this State is met in full.");
}

static void plan_state(rd *r, const cJSON *plan, const cJSON *c)
{
    const cJSON *needs = get(plan, "needs"), *donors = get(plan, "donors");
    const char *id = co_json_str(c, "state"), *iso3 = co_json_str(c, "iso3"), *lead = co_json_str(c, "lead");
    totals t = sum_needs(needs, id);
    const cJSON *nd = nearest(needs, id);
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
        esc(r, t.req > 0 ? pct(b, sizeof b, share(t.got, t.req)) : "\xe2\x80\x94");
        raw(r, "</span><span class=\"small\">");
        esc(r, t.req > 0 ? "of need covered" : "nothing requested");
        raw(r, "</span></div></div>\n");
    } else {
        raw(r, "## ");
        esc(r, state_name(c));
        escf(r, " (%s%s%s)", id, iso3 && !same(iso3, id) ? ", ISO " : "",
             iso3 && !same(iso3, id) ? iso3 : "");
        raw(r, "\n\n");
    }
    para_begin(r, "lede");
    escf(r, "%s allocated of %s requested (%s)", usd(m1, sizeof m1, (double)t.got / 100.0),
         usd(m2, sizeof m2, (double)t.req / 100.0),
         t.req > 0 ? pct(b, sizeof b, share(t.got, t.req)) : "nothing requested");
    if (t.ureq > 0)
        escf(r, "; urgent needs %s covered", pct(b, sizeof b, share(t.ugot, t.ureq)));
    if (lead)
        escf(r, ". Lead: %s, with %d member%s", donor_name(donors, lead),
             cJSON_GetArraySize(get(c, "members")),
             cJSON_GetArraySize(get(c, "members")) == 1 ? "" : "s");
    else
        esc(r, ". No coalition proposed");
    if (nd) {
        char dl[64];
        escf(r, ". Nearest deadline %s, %s", co_json_str(nd, "deadline"),
             days_text(dl, sizeof dl, co_json_num(nd, "days_left")));
    }
    if (isfinite(co_json_num(c, "marginal_value")))
        escf(r, ". Value of one more dollar here: %.4f", co_json_num(c, "marginal_value"));
    raw(r, ".");
    para_end(r);
    state_areas(r, needs, id);
    state_deadlines(r, needs, id);
    state_members(r, plan, c);
    state_unmet(r, needs, id);
    html(r, "</section>\n");
}

static void plan_donors(rd *r, const cJSON *plan)
{
    const cJSON *donors = get(plan, "donors"), *d;
    int ranges = 0;
    cJSON_ArrayForEach(d, donors) ranges |= cJSON_IsObject(get(d, "marginal_range"));
    static const char *const h[] = {"Donor",   "Budget", "Allocated",       "Utilisation",
                                    "States", "Value of +1 USD", "For budgets", NULL};
    html(r, "<section class=\"part donors\">\n");
    heading(r, 2, "Donors");
    para(r, "note", "Value of +1 USD: the weighted value one more dollar in the donor's budget "
                    "would add to the plan, every seat kept as it is; it holds for the budgets "
                    "shown.");
    const char *const *hh = h;
    const char *heads_no_range[8];
    if (!ranges) {
        memcpy(heads_no_range, h, sizeof heads_no_range);
        heads_no_range[6] = NULL;
        hh = heads_no_range;
    }
    if (r->html) { /* (the Markdown text bars are with the other charts) */
        heading(r, 3, "Budget utilisation");
        chart_utilisation(r, donors);
    }
    table_begin(r, "donors", "lrrrlrr", hh);
    cJSON_ArrayForEach(d, donors)
    {
        char b[48];
        const char *id = co_json_str(d, "donor"), *name = co_json_str(d, "name");
        row_begin(r);
        cell_begin(r);
        esc(r, name ? name : id);
        html(r, " <span class=\"id\">");
        md(r, " (");
        esc(r, id);
        md(r, ")");
        html(r, "</span>");
        cell_end(r);
        cell(r, usd(b, sizeof b, co_json_num(d, "budget")));
        cell(r, usd(b, sizeof b, co_json_num(d, "allocated")));
        cell(r, pct(b, sizeof b, co_json_num(d, "utilisation")));
        cell_begin(r);
        const cJSON *s;
        int first = 1;
        cJSON_ArrayForEach(s, get(d, "states"))
        {
            raw(r, first ? "" : ", ");
            esc(r, cJSON_IsString(s) ? s->valuestring : "");
            first = 0;
        }
        if (first)
            esc(r, "none");
        cell_end(r);
        if (isfinite(co_json_num(d, "marginal_value")))
            snprintf(b, sizeof b, "%.4f", co_json_num(d, "marginal_value"));
        else
            snprintf(b, sizeof b, "n/a");
        cell(r, b);
        if (ranges) {
            const cJSON *rg = get(d, "marginal_range");
            double from = co_json_num(rg, "from"), to = co_json_num(rg, "to");
            if (!cJSON_IsObject(rg))
                snprintf(b, sizeof b, "n/a");
            else if (isfinite(to)) {
                char m1[32], m2[32];
                snprintf(b, sizeof b, "%s to %s", co_fmt_usd(cents(from), m1),
                         co_fmt_usd(cents(to), m2));
            } else {
                char m1[32];
                snprintf(b, sizeof b, "%s and up", co_fmt_usd(cents(from), m1));
            }
            cell(r, b);
        }
        row_end(r);
    }
    table_end(r);
    if (cJSON_IsFalse(get(plan, "marginal_values_unique")))
        para(r, "note", "The LP behind these values is degenerate: they are one valid set of "
                        "marginal values, not the only one.");
    html(r, "</section>\n");
}

static int need_array(const cJSON *doc, const char *key, const char *origin, co_diag *dg)
{
    if (cJSON_IsArray(get(doc, key)))
        return 0;
    co_err(dg, "%s: %s: must be an array", origin, key);
    return -1;
}

static int finish(co_buf *out, co_diag *dg)
{
    if (!out->oom)
        return CO_OK;
    co_err(dg, "out of memory");
    return CO_EINTERNAL;
}

int co_brief_plan(const cJSON *plan, const char *origin, enum co_brief_fmt fmt, co_buf *out,
                  co_diag *dg)
{
    rd r = {out, fmt == CO_BRIEF_HTML, "", 0};
    if (need_array(plan, "coalitions", origin, dg) | need_array(plan, "needs", origin, dg) |
        need_array(plan, "donors", origin, dg))
        return CO_EINPUT;
    const cJSON *coals = get(plan, "coalitions"), *needs = get(plan, "needs"),
                *donors = get(plan, "donors"), *c;
    const char *name = co_json_str(get(plan, "dataset"), "name");
    char *title = co_asprintf("Meeting brief: %s", name ? name : "Country Coalitions");
    if (!title)
        out->oom = 1;
    page_begin(&r, title ? title : "");
    free(title);
    plan_summary(&r, plan, origin);
    plan_overview(&r, plan, donors);
    html(&r, "<section class=\"part charts\">\n");
    heading(&r, 2, "Charts");
    if (r.html) {
        heading(&r, 3, "Coverage per State");
        chart_coverage(&r, coals, needs);
        heading(&r, 3, "Deadline timeline");
        chart_timeline(&r, plan, coals, needs);
    } else {
        md_charts(&r, coals, needs, donors);
    }
    html(&r, "</section>\n");
    cJSON_ArrayForEach(c, coals) plan_state(&r, plan, c);
    plan_donors(&r, plan);
    html(&r, "<section class=\"part notes\">\n");
    heading(&r, 2, "Reading this brief");
    para(&r, NULL, "Requested is what each need still lacks after the funds already secured. "
                   "Coverage is allocated over requested. A need is urgent when its deadline "
                   "falls within the planning horizon (urgency above 1); the urgent share is "
                   "what urgent needs were allocated over what they requested. A deadline "
                   "marked extended differs from the treaty's original one; overdue means the "
                   "deadline in force has passed at the planning date.");
    html(&r, "</section>\n");
    page_end(&r, origin);
    return finish(out, dg);
}

/* ---- the what-if comparison ------------------------------------------ */

static const char *outcome_name(const cJSON *o)
{
    const char *n = co_json_str(o, "name");
    return n ? n : "Baseline";
}

static int has_plan(const cJSON *o)
{
    return isfinite(co_json_num(o, "allocated"));
}

static void outcome_row(rd *r, const cJSON *o, int is_base)
{
    const cJSON *dl = get(o, "delta");
    char b[64];
    row_begin(r);
    cell_begin(r);
    esc(r, outcome_name(o));
    cell_end(r);
    cell_begin(r);
    status_flag(r, co_json_str(o, "status"));
    cell_end(r);
    cell(r, usd(b, sizeof b, co_json_num(o, "allocated")));
    cell(r, is_base ? "" : usd_change(b, sizeof b, co_json_num(dl, "allocated")));
    cell(r, pct(b, sizeof b, co_json_num(o, "urgent_share")));
    cell(r, is_base ? "" : pts(b, sizeof b, co_json_num(dl, "urgent_share")));
    if (isfinite(co_json_num(o, "seats")))
        snprintf(b, sizeof b, "%.0f", co_json_num(o, "seats"));
    else
        snprintf(b, sizeof b, "n/a");
    cell(r, b);
    if (is_base || !cJSON_IsObject(dl))
        snprintf(b, sizeof b, is_base ? "" : "n/a");
    else
        snprintf(b, sizeof b, "+%.0f / -%.0f", co_json_num(dl, "seats_in"), co_json_num(dl, "seats_out"));
    cell(r, b);
    cell(r, value(b, sizeof b, co_json_num(o, "objective"), 0));
    cell(r, is_base ? "" : value(b, sizeof b, co_json_num(dl, "objective"), 1));
    row_end(r);
}

/* allocated per outcome against what it requested, urgent part marked */
static void chart_outcomes(rd *r, const cJSON *cmp)
{
    const cJSON *base = get(cmp, "baseline"), *scen = get(cmp, "scenarios"), *o;
    int n = 1 + cJSON_GetArraySize(scen);
    double top = 12, x0 = LABEL_W + 40, w = CW - x0 - 150, h = top + n * ROW_H + 36, max = 0;
    for (int i = 0; i < n; i++) {
        o = i == 0 ? base : cJSON_GetArrayItem(scen, i - 1);
        max = fmax(max, fmax(co_json_num(o, "requested"), co_json_num(o, "allocated")));
    }
    svg_begin(r, "chart-outcomes", h, "Allocated per scenario");
    for (int i = 0; i < n; i++) {
        o = i == 0 ? base : cJSON_GetArrayItem(scen, i - 1);
        double y = top + i * ROW_H + 5, bh = ROW_H - 10, req = co_json_num(o, "requested");
        double got = co_json_num(o, "allocated"), ug = co_json_num(o, "urgent_allocated");
        char b[48];
        svg_text(r, x0 - 10, y + bh - 3, "end", "label", outcome_name(o));
        if (max > 0 && isfinite(req))
            htmlf(r, "<rect class=\"track\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                  x0, y, w * req / max, bh);
        raw(r, "<rect class=\"bar\" data-scenario=\"");
        esc(r, outcome_name(o));
        htmlf(r, "\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", x0, y,
              max > 0 && isfinite(got) ? w * got / max : 0.0, bh);
        if (max > 0 && isfinite(ug))
            htmlf(r, "<rect class=\"urgent\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                  x0, y, w * ug / max, bh);
        svg_text(r, x0 + (max > 0 && isfinite(got) ? w * fmax(got, isfinite(req) ? req : 0) / max : 0) + 8,
                 y + bh - 3, "start", "value",
                 has_plan(o) ? usd(b, sizeof b, got) : co_json_str(o, "status") ? co_json_str(o, "status") : "no plan");
        raw(r, "\n");
    }
    double x = x0, ly = top + n * ROW_H + 26;
    x = legend(r, x, ly, "bar", "allocated");
    x = legend(r, x, ly, "urgent", "of which to urgent needs");
    legend(r, x, ly, "track", "requested");
    svg_end(r, "Money placed in each scenario, against what was requested in it.");
}

static void text_list(rd *r, const char *title, const cJSON *list)
{
    const cJSON *it;
    if (cJSON_GetArraySize(list) == 0)
        return;
    para(r, NULL, title);
    html(r, "<ul>\n");
    cJSON_ArrayForEach(it, list)
    {
        raw(r, r->html ? "<li>" : "- ");
        esc(r, cJSON_IsString(it) ? it->valuestring : "");
        raw(r, r->html ? "</li>\n" : "\n");
    }
    html(r, "</ul>\n");
    md(r, "\n");
}

static void id_list(rd *r, const cJSON *list)
{
    const cJSON *it;
    int first = 1;
    cJSON_ArrayForEach(it, list)
    {
        raw(r, first ? "" : ", ");
        esc(r, cJSON_IsString(it) ? it->valuestring : "");
        first = 0;
    }
}

/* the start of a changed item's row: its id, "KEY_before% -> KEY%",
 * KEY_change in points, and allocated_change */
static void change_row_begin(rd *r, const cJSON *it, const char *id, const char *key)
{
    char k[48], b[64], p1[16], p2[16];
    row_begin(r);
    cell(r, co_json_str(it, id));
    snprintf(k, sizeof k, "%s_before", key);
    snprintf(b, sizeof b, "%s \xe2\x86\x92 %s", pct(p1, sizeof p1, co_json_num(it, k)),
             pct(p2, sizeof p2, co_json_num(it, key)));
    cell(r, b);
    snprintf(k, sizeof k, "%s_change", key);
    cell(r, pts(b, sizeof b, co_json_num(it, k)));
    cell(r, usd_change(b, sizeof b, co_json_num(it, "allocated_change")));
}

static void scenario_states(rd *r, const cJSON *states)
{
    static const char *const h[] = {"State", "Coverage", "Change", "Allocated", "Lead",
                                    "Members in", "Members out", NULL};
    const cJSON *s;
    if (cJSON_GetArraySize(states) == 0) {
        para(r, "note", "No State's coalition or coverage changed.");
        return;
    }
    table_begin(r, "states", "lrrrlll", h);
    cJSON_ArrayForEach(s, states)
    {
        change_row_begin(r, s, "state", "coverage");
        const char *lb = co_json_str(s, "lead_before"), *la = co_json_str(s, "lead");
        cell_begin(r);
        if (same(lb, la) || (!lb && !la))
            esc(r, la ? la : "none");
        else
            escf(r, "%s \xe2\x86\x92 %s", lb ? lb : "none", la ? la : "none");
        cell_end(r);
        cell_begin(r);
        id_list(r, get(s, "members_in"));
        cell_end(r);
        cell_begin(r);
        id_list(r, get(s, "members_out"));
        cell_end(r);
        row_end(r);
    }
    table_end(r);
}

static void scenario_donors(rd *r, const cJSON *donors)
{
    static const char *const h[] = {"Donor", "Utilisation", "Change", "Allocated", NULL};
    const cJSON *d;
    if (cJSON_GetArraySize(donors) == 0)
        return;
    table_begin(r, "donor-changes", "lrrr", h);
    cJSON_ArrayForEach(d, donors)
    {
        change_row_begin(r, d, "donor", "utilisation");
        row_end(r);
    }
    table_end(r);
}

static void scenario_section(rd *r, const cJSON *o)
{
    const cJSON *ex = get(o, "explanation"), *dl = get(o, "delta");
    html(r, "<section class=\"part scenario\">\n");
    heading(r, 2, outcome_name(o));
    para_begin(r, "lede");
    esc(r, "Status ");
    status_flag(r, co_json_str(o, "status"));
    if (isfinite(co_json_num(o, "run")))
        escf(r, "; run %.0f", co_json_num(o, "run"));
    if (co_json_str(o, "file"))
        escf(r, "; plan %s", co_json_str(o, "file"));
    if (cJSON_IsObject(dl)) {
        char m[48], p[16];
        escf(r, ". Allocated %s, urgent share %s, seats %+.0f (%.0f in, %.0f out)",
             usd_change(m, sizeof m, co_json_num(dl, "allocated")), pts(p, sizeof p, co_json_num(dl, "urgent_share")),
             co_json_num(dl, "seats"), co_json_num(dl, "seats_in"), co_json_num(dl, "seats_out"));
    }
    if (isfinite(co_json_num(o, "price_of_fairness"))) {
        char pf[48];
        escf(r, ". Price of fairness %s", usd(pf, sizeof pf, co_json_num(o, "price_of_fairness")));
    }
    raw(r, ".");
    para_end(r);
    if (co_json_str(o, "message"))
        para(r, NULL, co_json_str(o, "message"));
    if (cJSON_IsObject(ex)) {
        text_list(r, "Why there is no plan (conflicting requirements):", get(ex, "conflicts"));
        text_list(r, "What would make it feasible:", get(ex, "fixes"));
    }
    if (has_plan(o)) {
        heading(r, 3, "States that changed");
        scenario_states(r, get(o, "states"));
        heading(r, 3, "Donors whose allocation changed");
        if (cJSON_GetArraySize(get(o, "donors")) == 0)
            para(r, "note", "No donor's allocation changed.");
        scenario_donors(r, get(o, "donors"));
    }
    html(r, "</section>\n");
}

int co_brief_comparison(const cJSON *cmp, const char *origin, enum co_brief_fmt fmt, co_buf *out,
                        co_diag *dg)
{
    rd r = {out, fmt == CO_BRIEF_HTML, "", 0};
    const cJSON *base = get(cmp, "baseline"), *scen = get(cmp, "scenarios"), *o;
    const cJSON *ds = get(cmp, "dataset");
    if (!cJSON_IsObject(base)) {
        co_err(dg, "%s: baseline: must be an object", origin);
        return CO_EINPUT;
    }
    if (need_array(cmp, "scenarios", origin, dg))
        return CO_EINPUT;
    const char *name = co_json_str(ds, "name");
    char *title = co_asprintf("What-if brief: %s", name ? name : "scenarios");
    if (!title)
        out->oom = 1;
    page_begin(&r, title ? title : "");
    free(title);
    html(&r, "<header>\n");
    para(&r, "kicker", "Country Coalitions \xc2\xb7 what-if brief");
    heading(&r, 1, name ? name : "Scenario comparison");
    para_begin(&r, "sub");
    escf(&r, "%d scenario%s against the baseline", cJSON_GetArraySize(scen),
         cJSON_GetArraySize(scen) == 1 ? "" : "s");
    if (co_json_str(cmp, "scenarios_file"))
        escf(&r, ", from %s", co_json_str(cmp, "scenarios_file"));
    escf(&r, ". Source: %s.", origin);
    para_end(&r);
    html(&r, "</header>\n<section class=\"summary\">\n");
    heading(&r, 2, "Outcomes");
    static const char *const h[] = {"Scenario", "Status", "Allocated", "Change",
                                    "Urgent need covered", "Change", "Seats", "In / out",
                                    "Objective", "Change", NULL};
    table_begin(&r, "outcomes", "llrrrrrrrr", h);
    outcome_row(&r, base, 1);
    cJSON_ArrayForEach(o, scen) outcome_row(&r, o, 0);
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
    cJSON_ArrayForEach(o, get(cmp, "ranking"))
    {
        char b[48];
        row_begin(&r);
        snprintf(b, sizeof b, "%.0f", co_json_num(o, "rank"));
        cell(&r, b);
        cell(&r, outcome_name(o));
        cell(&r, value(b, sizeof b, co_json_num(o, "objective"), 0));
        cell(&r, value(b, sizeof b, co_json_num(o, "objective_change"), 1));
        row_end(&r);
    }
    table_end(&r);
    html(&r, "</section>\n");
    cJSON_ArrayForEach(o, scen) scenario_section(&r, o);
    page_end(&r, origin);
    return finish(out, dg);
}
