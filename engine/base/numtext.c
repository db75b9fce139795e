/*
 * numtext.c: numbers as people and spreadsheets write them (numtext.h).
 * A text is read as digit groups and the separators between them; the
 * shape decides what a separator is only where no other reading fits (a
 * thousands group has three digits, a grouped number does not start with
 * 0, a decimal mark comes once and last); anything else is called
 * ambiguous and both readings are given.
 */
#include "base/numtext.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

#define MAX_GROUPS 16

/* [sign] g0 s0 g1 s1 ... g(n-1): groups of digits and the separators
 * between them (',', '.', '\'', or ' ' for a space of any kind). */
typedef struct {
    int neg;
    int n;
    const char *g[MAX_GROUPS];
    size_t len[MAX_GROUPS];
    char sep[MAX_GROUPS];
} shape;

/* The length of a space at p: ' ', or the no-break and thin spaces that
 * spreadsheets in French and other locales group digits with. */
static size_t space_len(const char *p)
{
    const unsigned char *u = (const unsigned char *)p;
    if (u[0] == ' ')
        return 1;
    if (u[0] == 0xc2 && u[1] == 0xa0)
        return 2; /* U+00A0 */
    if (u[0] == 0xe2 && u[1] == 0x80 && (u[2] == 0xaf || u[2] == 0x89))
        return 3; /* U+202F, U+2009 */
    return 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* Reads s as groups and separators; -1 when it is not of that shape. */
static int shape_of(const char *s, shape *sh)
{
    memset(sh, 0, sizeof *sh);
    const char *p = s;
    if (*p == '-' || *p == '+')
        sh->neg = *p++ == '-';
    for (;;) {
        if (sh->n == MAX_GROUPS)
            return -1;
        const char *g = p;
        while (is_digit(*p))
            p++;
        if (p == g)
            return -1;
        sh->g[sh->n] = g;
        sh->len[sh->n] = (size_t)(p - g);
        sh->n++;
        if (!*p)
            return 0;
        size_t sp = space_len(p);
        if (sp) {
            sh->sep[sh->n - 1] = ' ';
            p += sp;
        } else if (*p == ',' || *p == '.' || *p == '\'') {
            sh->sep[sh->n - 1] = *p++;
        } else {
            return -1;
        }
    }
}

/* Whether groups from..to are thousands groups: the first of 1 to 3
 * digits and not a lone leading 0, the others of 3. */
static int grouped(const shape *sh, int from, int to)
{
    if (sh->len[from] < 1 || sh->len[from] > 3 || sh->g[from][0] == '0')
        return 0;
    for (int i = from + 1; i <= to; i++)
        if (sh->len[i] != 3)
            return 0;
    return 1;
}

/* The number with groups 0..last joined, then the file's decimal mark
 * (`mark`) and the fraction from group `frac` when frac > last. */
static void write_number(char *buf, size_t size, const shape *sh, int last, int frac, char mark)
{
    size_t o = 0;
    if (sh->neg && o + 1 < size)
        buf[o++] = '-';
    for (int i = 0; i <= last; i++)
        for (size_t j = 0; j < sh->len[i] && o + 1 < size; j++)
            buf[o++] = sh->g[i][j];
    if (frac > last) {
        if (o + 1 < size)
            buf[o++] = mark;
        for (size_t j = 0; j < sh->len[frac] && o + 1 < size; j++)
            buf[o++] = sh->g[frac][j];
    }
    buf[o] = '\0';
}

static char hbuf[4][192];

static const char *say(int slot, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static const char *say(int slot, const char *fmt, ...)
{
    char *b = hbuf[slot & 3];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, sizeof hbuf[0], fmt, ap);
    va_end(ap);
    return b;
}

/* The hint for a number written with separators, or NULL. */
static const char *separators(int slot, const shape *sh, enum co_decimal conv)
{
    int k = sh->n - 1; /* separators */
    char one[80], two[80];
    if (k < 1)
        return NULL;
    char last = sh->sep[k - 1], mark = conv == CO_DECIMAL_COMMA ? ',' : '.';
    int same = 1;
    for (int i = 0; i < k - 1; i++)
        same &= sh->sep[i] == last;
    if (same && (last == ' ' || last == '\'' || k >= 2)) {
        /* one kind of separator, more than once or not a decimal mark */
        if (!grouped(sh, 0, k))
            return NULL;
        write_number(one, sizeof one, sh, k, k, mark);
        return say(slot, " (looks like %s: write %s)",
                   k == 1 ? "a thousands separator" : "thousands separators", one);
    }
    if (same) {
        /* one ',' or '.', not the file's decimal mark */
        if (last == mark)
            return NULL;
        const char *what = last == ',' ? "a decimal comma" : "a decimal point";
        write_number(one, sizeof one, sh, 0, 1, mark);
        if ((sh->len[0] == 1 && sh->g[0][0] == '0') || sh->len[1] != 3 || sh->len[0] > 3)
            return say(slot, " (looks like %s: write %s)", what, one);
        if (sh->g[0][0] == '0')
            return NULL;
        write_number(two, sizeof two, sh, 1, 1, mark);
        if (memcmp(sh->g[1], "000", 3) == 0)
            return say(slot, " (looks like a thousands separator: write %s)", two);
        return say(slot, " (is '%c' a thousands separator or %s? write %s or %s)", last, what,
                   two, one);
    }
    /* groups with one separator, then a decimal mark of the other kind */
    for (int i = 1; i < k - 1; i++)
        if (sh->sep[i] != sh->sep[0])
            return NULL;
    if ((last != ',' && last != '.') || !grouped(sh, 0, k - 1))
        return NULL;
    write_number(one, sizeof one, sh, k - 1, k, mark);
    return say(slot, " (looks like %s: write %s)",
               last == mark ? "thousands separators" : last == ',' ? "a decimal comma"
                                                                   : "a decimal point",
               one);
}

const char *co_number_hint(int slot, const char *s, enum co_decimal mark)
{
    shape sh;
    if (!s)
        return "";
    if (shape_of(s, &sh) == 0) {
        const char *h = separators(slot, &sh, mark);
        return h ? h : "";
    }
    size_t n = strlen(s);
    if (n == 0 || strspn(s, "0123456789+-.eE") != n)
        return "";
    char *end;
    double v = strtod(s, &end);
    if (*end)
        return "";
    if (isinf(v))
        return " (beyond +-1.8e308)";
    /* a zero read from digits that are not all zeros: an underflow */
    size_t mant = strcspn(s, "eE");
    if (v == 0 && strcspn(s, "123456789") < mant)
        return " (too close to 0: it would read as 0)";
    return "";
}

int co_parse_number(const char *s, enum co_decimal mark, double *out)
{
    if (mark == CO_DECIMAL_POINT || !s)
        return co_parse_double(s, out);
    const char *comma = strchr(s, ',');
    if (comma) {
        /* one comma between digits, no point: a decimal comma */
        if (strchr(comma + 1, ',') || strchr(s, '.') || comma == s || !is_digit(comma[-1]) ||
            !is_digit(comma[1]))
            return -1;
        char *copy = co_strdup(s);
        if (!copy)
            return -1;
        copy[comma - s] = '.';
        int rc = co_parse_double(copy, out);
        free(copy);
        return rc;
    }
    /* a point that may separate thousands (1.234, 12.500) is ambiguous */
    shape sh;
    if (shape_of(s, &sh) == 0 && sh.n == 2 && sh.sep[0] == '.' && sh.len[1] == 3 &&
        grouped(&sh, 0, 0))
        return -1;
    return co_parse_double(s, out);
}
