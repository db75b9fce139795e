/*
 * json_scan.c: the strict JSON scanner co_json_parse runs before cJSON
 * builds the tree (base/json.h). It takes exactly RFC 8259, as Python's
 * json and coordinators' scripts do (no leading zeros, trailing dots,
 * comments, trailing commas or control characters in strings), refuses
 * numbers a double cannot hold, and names each problem's place: line,
 * column and JSON path ("donors[3].budget"). Building the tree is cJSON's.
 */
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/json.h"
#include "base/numtext.h"
#include "base/util.h"

#define FAIL SIZE_MAX
#define MAX_NUMBER 63 /* the longest number cJSON reads whole (a 64-byte buffer) */
#define KEY_IN_PATH 40 /* bytes of a key shown in a path */
#define PATH_SHOWN 100 /* a longer path is shown as its two ends */

typedef struct {
    size_t plen; /* the path's length at the container */
    int index;   /* an array's item */
    char close;  /* ']' or '}' */
} level;

typedef struct {
    const char *name;
    const char *d;
    size_t len, start; /* start: after a byte-order mark */
    size_t bad_utf8;   /* where the text stops being UTF-8, or len */
    co_diag *dg;
    co_buf path;
    level *lv;
    int depth, cap;
} scan;

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

static int is_ws(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The path as messages show it: whole, or its two ends around "...". */
static const char *shown_path(scan *s, char *buf, size_t size)
{
    const char *p = s->path.data ? s->path.data : "";
    size_t n = s->path.len;
    if (n <= PATH_SHOWN)
        return p;
    size_t head = PATH_SHOWN / 2, tail = n - PATH_SHOWN / 2;
    while (head > 0 && (p[head] & 0xc0) == 0x80)
        head--; /* not inside a UTF-8 character */
    while (tail < n && (p[tail] & 0xc0) == 0x80)
        tail++;
    snprintf(buf, size, "%.*s...%s", (int)head, p, p + tail);
    return buf;
}

/* "NAME:LINE:COLUMN: PATH: message" for the problem at offset off; the
 * column counts characters, not bytes. */
static void fail_at(scan *s, size_t off, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void fail_at(scan *s, size_t off, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *body = co_vasprintf(fmt, ap);
    va_end(ap);
    int line = 1;
    size_t ls = s->start;
    for (size_t i = s->start; i < off && i < s->len; i++)
        if (s->d[i] == '\n') {
            line++;
            ls = i + 1;
        }
    size_t col = 1;
    for (size_t i = ls; i < off && i < s->len; i++)
        col += (s->d[i] & 0xc0) != 0x80;
    char buf[PATH_SHOWN + 16];
    const char *path = shown_path(s, buf, sizeof buf);
    co_err(s->dg, "%s:%d:%zu: %s%s%s", s->name, line, col, path, *path ? ": " : "",
           body ? body : "out of memory");
    free(body);
}

/* " near 'TEXT'" with up to 20 bytes of the text at off, to the end of its
 * line; "" at the end of the text or of a line. */
static const char *near_text(const scan *s, size_t off)
{
    static char buf[128];
    size_t n = 0;
    while (off + n < s->len && n < 20 && s->d[off + n] != '\n' && s->d[off + n] != '\r')
        n++;
    if (n == 0)
        return "";
    snprintf(buf, sizeof buf, " near '%s'", co_qn(3, s->d + off, n));
    return buf;
}

static size_t end_of_input(scan *s)
{
    fail_at(s, s->len, "not valid JSON: unexpected end of input (truncated?)");
    return FAIL;
}

/* The text is not UTF-8 from off on. */
static size_t not_utf8(scan *s, size_t off)
{
    size_t ls = off, le = off; /* the line it is on */
    while (ls > s->start && s->d[ls - 1] != '\n')
        ls--;
    while (le < s->len && s->d[le] != '\n' && s->d[le] != '\r')
        le++;
    fail_at(s, off, "not valid UTF-8 in '%s' (save the file as UTF-8)",
            co_excerpt(0, s->d + ls, le - ls, off - ls));
    return FAIL;
}

static int at(const scan *s, size_t off, const char *word)
{
    size_t n = strlen(word);
    return off <= s->len && s->len - off >= n && memcmp(s->d + off, word, n) == 0;
}

static int is_comment(const scan *s, size_t i)
{
    return at(s, i, "//") || at(s, i, "/*");
}

static size_t skip_ws(const scan *s, size_t i)
{
    while (i < s->len && is_ws(s->d[i]))
        i++;
    return i;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* What is wrong where a value must start. */
static size_t bad_value(scan *s, size_t i)
{
    char c = s->d[i];
    if (i == s->bad_utf8)
        return not_utf8(s, i);
    if (at(s, i, "NaN") || at(s, i, "Infinity") || at(s, i, "-Infinity"))
        fail_at(s, i,
                "not valid JSON: syntax error%s (JSON has no NaN or Infinity: give a finite "
                "number)",
                near_text(s, i));
    else if (is_comment(s, i))
        fail_at(s, i, "not valid JSON: a comment (JSON has none: remove it)");
    else if (c == '\'')
        fail_at(s, i, "not valid JSON: a string in single quotes (JSON takes double quotes)%s",
                near_text(s, i));
    else if (c == '}' || c == ']' || c == ',' || c == ':')
        fail_at(s, i, "not valid JSON: expected a value%s", near_text(s, i));
    else if (ends_with(s->name, ".csv")) {
        /* a file of a CSV bundle given instead of its folder (or where a
         * plan JSON was due: the hint names both) */
        const char *slash = strrchr(s->name, '/');
        fail_at(s, i, "not valid JSON: syntax error%s (a CSV file; a dataset's CSV bundle is "
                      "read from its folder, '%.*s')",
                near_text(s, i), slash ? (int)(slash - s->name) : 1, slash ? s->name : ".");
    } else
        fail_at(s, i, "not valid JSON: syntax error%s", near_text(s, i));
    return FAIL;
}

static int hex4(const scan *s, size_t i, unsigned *u)
{
    *u = 0;
    if (i > s->len || s->len - i < 4)
        return 0;
    for (size_t k = 0; k < 4; k++) {
        char c = s->d[i + k];
        int v = is_digit(c) ? c - '0' : (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' + 10 : -1;
        if (v < 0)
            return 0;
        *u = *u << 4 | (unsigned)v;
    }
    return 1;
}

/* A string at d[i] == '"': the offset after it, or FAIL (reported). */
static size_t string(scan *s, size_t i)
{
    for (i++; i < s->len; i++) {
        unsigned char c = (unsigned char)s->d[i];
        if (i == s->bad_utf8)
            return not_utf8(s, i);
        if (c == '"')
            return i + 1;
        if (c < 0x20) {
            if (c == '\n' || c == '\r')
                fail_at(s, i, "not valid JSON: a line break inside a string (write it as \\n)");
            else if (c == '\t')
                fail_at(s, i, "not valid JSON: a tab inside a string (write it as \\t)");
            else
                fail_at(s, i, "not valid JSON: a control character (\\x%02x) inside a string "
                              "(write it as \\u%04x)",
                        c, c);
            return FAIL;
        }
        if (c != '\\')
            continue;
        if (i + 1 >= s->len)
            break;
        char e = s->d[i + 1];
        if (e && strchr("\"\\/bfnrt", e)) {
            i++;
            continue;
        }
        if (e != 'u') {
            if (e > 0x20 && e < 0x7f)
                fail_at(s, i, "not valid JSON: unknown escape '\\%c' in a string (a '\\' is "
                              "written '\\\\')",
                        e);
            else
                fail_at(s, i, "not valid JSON: a '\\' before '%s' in a string (a '\\' is "
                              "written '\\\\')",
                        co_qn(0, s->d + i + 1, 1));
            return FAIL;
        }
        unsigned u, lo;
        if (!hex4(s, i + 2, &u)) {
            if (s->len - i < 6)
                break;
            char esc[7]; /* shown as written when it is printable */
            int plain = 1;
            for (size_t k = 0; k < 6; k++)
                plain &= (esc[k] = s->d[i + k]) > 0x20 && esc[k] < 0x7f;
            esc[6] = '\0';
            fail_at(s, i, "not valid JSON: '\\u' must be followed by four hex digits, got '%s'",
                    plain ? esc : co_qn(0, s->d + i, 6));
            return FAIL;
        }
        if (u == 0) {
            fail_at(s, i, "a string holds '\\u0000' (a NUL character), not allowed");
            return FAIL;
        }
        if (u >= 0xd800 && u <= 0xdbff && at(s, i + 6, "\\u") && hex4(s, i + 8, &lo) &&
            lo >= 0xdc00 && lo <= 0xdfff) {
            i += 11; /* a surrogate pair: one character */
            continue;
        }
        if (u >= 0xd800 && u <= 0xdfff) {
            fail_at(s, i, "not valid JSON: '%.6s' is half of a UTF-16 surrogate pair",
                    s->d + i); /* six bytes checked: \uXXXX */
            return FAIL;
        }
        i += 5;
    }
    return end_of_input(s);
}

static int number_char(char c)
{
    return is_digit(c) || c == '+' || c == '-' || c == '.' || c == 'e' || c == 'E';
}

/* A number at d[b] (a digit, '-', '+' or '.'): the offset after it, or
 * FAIL (reported). `in_object`: a ',' after it cannot start a list item. */
static size_t number(scan *s, size_t b, int in_object)
{
    const char *d = s->d;
    size_t len = s->len, i = b, e = b;
    while (e < len && number_char(d[e]))
        e++;
    char run[MAX_NUMBER + 1], fix[MAX_NUMBER + 2];
    size_t rn = e - b < MAX_NUMBER ? e - b : MAX_NUMBER;
    memcpy(run, d + b, rn);
    run[rn] = '\0';
    const char *why = NULL;
    fix[0] = '\0';
    if (d[i] == '+') {
        why = "a '+' sign";
        snprintf(fix, sizeof fix, "%s", run + 1);
    } else if (d[i] == '.') {
        why = "no digit before '.'";
        snprintf(fix, sizeof fix, "0%s", run);
    } else {
        if (d[i] == '-')
            i++;
        if (i >= len || !is_digit(d[i]))
            return i >= len ? end_of_input(s) : bad_value(s, b);
        if (d[i] == '0' && i + 1 < len && is_digit(d[i + 1])) {
            why = "a leading zero";
            size_t z = i - b; /* the sign's length */
            while (z + 1 < rn && run[z] == '0' && is_digit(run[z + 1]))
                z++;
            snprintf(fix, sizeof fix, "%.*s%s", (int)(i - b), run, run + z);
        }
        while (i < len && is_digit(d[i]))
            i++;
        if (!why && i < len && d[i] == '.') {
            i++;
            if (i >= len || !is_digit(d[i])) {
                why = "no digit after '.'";
                if (i - b <= rn)
                    snprintf(fix, sizeof fix, "%.*s%s", (int)(i - 1 - b), run, run + (i - b));
            }
            while (i < len && is_digit(d[i]))
                i++;
        }
        if (!why && i < len && (d[i] == 'e' || d[i] == 'E')) {
            i++;
            if (i < len && (d[i] == '+' || d[i] == '-'))
                i++;
            if (i >= len || !is_digit(d[i]))
                why = "no digits in the exponent";
            while (i < len && is_digit(d[i]))
                i++;
        }
    }
    if (why) {
        if (fix[0])
            fail_at(s, b, "not valid JSON: not a JSON number, got '%s' (%s: write %s)",
                    co_q(0, run), why, co_q(1, fix));
        else
            fail_at(s, b, "not valid JSON: not a JSON number, got '%s' (%s)", co_q(0, run), why);
        return FAIL;
    }
    /* a number written for people: "920000,50", "1.234.567", "600 000"
     * (a ',' then a digit is a list's next item in an array only) */
    if (i < len && i + 1 < len && is_digit(d[i + 1]) &&
        (d[i] == '.' || ((d[i] == ',' || d[i] == ' ' || d[i] == '\'') && in_object))) {
        size_t r = b;
        while (r < len && (is_digit(d[r]) || d[r] == '-' || d[r] == ',' || d[r] == '.' ||
                           d[r] == ' ' || d[r] == '\''))
            r++;
        while (r > b && !is_digit(d[r - 1]))
            r--;
        char *text = co_strndup(d + b, r - b);
        const char *hint = text ? co_number_hint(1, text, CO_DECIMAL_POINT) : "";
        if (*hint) {
            fail_at(s, b, "not valid JSON: not a JSON number, got '%s'%s", co_q(0, text), hint);
            free(text);
            return FAIL;
        }
        free(text);
    }
    if (i - b > MAX_NUMBER) {
        fail_at(s, b, "number too long (over %d characters), got '%s'", MAX_NUMBER,
                co_qn(0, d + b, i - b));
        return FAIL;
    }
    char num[MAX_NUMBER + 1];
    memcpy(num, d + b, i - b);
    num[i - b] = '\0';
    double v = strtod(num, NULL);
    if (isinf(v)) {
        fail_at(s, b, "number out of range (beyond +-1.8e308), got '%s'", num);
        return FAIL;
    }
    if (v == 0 && strcspn(num, "123456789") < strcspn(num, "eE")) {
        fail_at(s, b, "number out of range (too close to 0: it would read as 0), got '%s'", num);
        return FAIL;
    }
    return i;
}

/* Cuts the path back to its first n bytes. */
static void path_cut(scan *s, size_t n)
{
    s->path.len = n;
    if (s->path.data)
        s->path.data[n] = '\0';
}

/* Sets the path to the current container's, then ".KEY" or "[INDEX]". */
static void path_to(scan *s, const char *key, size_t klen)
{
    level *l = &s->lv[s->depth - 1];
    path_cut(s, l->plen);
    if (!key) {
        co_buf_printf(&s->path, "[%d]", l->index);
        return;
    }
    if (l->plen)
        co_buf_put(&s->path, ".", 1);
    size_t n = klen;
    if (n > KEY_IN_PATH) {
        n = KEY_IN_PATH;
        while (n > 0 && (key[n] & 0xc0) == 0x80)
            n--;
    }
    co_buf_put(&s->path, key, n);
    if (n < klen)
        co_buf_put(&s->path, "...", 3);
}

/* A key and its ':' at i (after white space): the offset after the ':'. */
static size_t key(scan *s, size_t i)
{
    path_cut(s, s->lv[s->depth - 1].plen); /* the container's, for messages */
    if (i >= s->len)
        return end_of_input(s);
    char c = s->d[i];
    if (c != '"') {
        if (i == s->bad_utf8)
            return not_utf8(s, i);
        if (is_comment(s, i))
            fail_at(s, i, "not valid JSON: a comment (JSON has none: remove it)");
        else if (c == '\'')
            fail_at(s, i, "not valid JSON: a string in single quotes (JSON takes double "
                          "quotes)%s",
                    near_text(s, i));
        else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z')
            fail_at(s, i, "not valid JSON: a key must be a string in double quotes%s",
                    near_text(s, i));
        else
            fail_at(s, i, "not valid JSON: expected a key (a string in double quotes)%s",
                    near_text(s, i));
        return FAIL;
    }
    size_t end = string(s, i);
    if (end == FAIL)
        return FAIL;
    path_to(s, s->d + i + 1, end - i - 2);
    i = skip_ws(s, end);
    if (i >= s->len)
        return end_of_input(s);
    if (s->d[i] != ':') {
        fail_at(s, i, "not valid JSON: expected ':' after the key%s", near_text(s, i));
        return FAIL;
    }
    return i + 1;
}

static int push(scan *s, char close)
{
    if (s->depth == s->cap) {
        int cap = s->cap ? s->cap * 2 : 32;
        level *lv = realloc(s->lv, (size_t)cap * sizeof *lv);
        if (!lv)
            return -1;
        s->lv = lv;
        s->cap = cap;
    }
    s->lv[s->depth++] = (level){.plen = s->path.len, .index = 0, .close = close};
    return 0;
}

/* The container just closed: the path back to its own. */
static void pop(scan *s)
{
    path_cut(s, s->lv[--s->depth].plen);
}

/* Scans the text from s->start: 0, or -1 after a message (CO_EINTERNAL in
 * *rc when out of memory). */
static int scan_all(scan *s, int *rc)
{
    const char *d = s->d;
    size_t len = s->len, i = s->start;
    int want_value = 1;
    for (;;) {
        i = skip_ws(s, i);
        if (s->path.oom) {
            *rc = CO_EINTERNAL;
            co_err(s->dg, "%s: out of memory", s->name);
            return -1;
        }
        if (want_value) {
            if (i >= len) {
                end_of_input(s);
                return -1;
            }
            char c = d[i];
            if (c == '{' || c == '[') {
                if (s->depth >= CO_JSON_MAX_DEPTH) {
                    fail_at(s, i, "not valid JSON: nested deeper than %d levels",
                            CO_JSON_MAX_DEPTH);
                    return -1;
                }
                if (push(s, c == '{' ? '}' : ']') != 0) {
                    *rc = CO_EINTERNAL;
                    co_err(s->dg, "%s: out of memory", s->name);
                    return -1;
                }
                i = skip_ws(s, i + 1);
                if (i < len && d[i] == s->lv[s->depth - 1].close) {
                    pop(s);
                    i++;
                    want_value = 0;
                } else if (c == '{') {
                    if ((i = key(s, i)) == FAIL)
                        return -1;
                } else {
                    path_to(s, NULL, 0);
                }
                continue;
            }
            if (c == '"')
                i = string(s, i);
            else if (is_digit(c) || c == '-' || c == '+' || c == '.')
                i = at(s, i, "-Infinity") ? bad_value(s, i)
                                         : number(s, i, s->depth && s->lv[s->depth - 1].close == '}');
            else if (at(s, i, "true"))
                i += 4;
            else if (at(s, i, "false"))
                i += 5;
            else if (at(s, i, "null"))
                i += 4;
            else
                i = bad_value(s, i);
            if (i == FAIL)
                return -1;
            want_value = 0;
            continue;
        }
        if (s->depth == 0) {
            if (i < len) {
                path_cut(s, 0);
                fail_at(s, i, "not valid JSON: text after the end of the top object%s",
                        near_text(s, i));
                return -1;
            }
            return 0;
        }
        level *l = &s->lv[s->depth - 1];
        if (i >= len) {
            end_of_input(s);
            return -1;
        }
        if (d[i] == l->close) {
            pop(s);
            i++;
            continue;
        }
        if (d[i] != ',') {
            if (i == s->bad_utf8)
                not_utf8(s, i);
            else if (is_comment(s, i))
                fail_at(s, i, "not valid JSON: a comment (JSON has none: remove it)");
            else
                fail_at(s, i, "not valid JSON: expected ',' or '%c'%s%s", l->close,
                        near_text(s, i), d[i] == '"' || d[i] == '{' || d[i] == '[' ? " (a ',' missing?)" : "");
            return -1;
        }
        size_t comma = i;
        i = skip_ws(s, i + 1);
        if (i < len && (d[i] == '}' || d[i] == ']')) {
            path_cut(s, l->plen); /* the container's */
            fail_at(s, comma, "not valid JSON: a ',' before '%c' (remove it)", d[i]);
            return -1;
        }
        if (l->close == '}') {
            if ((i = key(s, i)) == FAIL)
                return -1;
        } else {
            l->index++;
            path_to(s, NULL, 0);
        }
        want_value = 1;
    }
}

int co_json_scan(const char *name, const char *data, size_t len, size_t start, co_diag *dg)
{
    scan s = {.name = name, .d = data, .len = len, .start = start, .dg = dg};
    s.bad_utf8 = co_utf8_prefix(data, len);
    co_buf_init(&s.path);
    int rc = CO_OK;
    if (scan_all(&s, &rc) != 0 && rc == CO_OK)
        rc = CO_EINPUT;
    co_buf_release(&s.path);
    free(s.lv);
    return rc;
}
