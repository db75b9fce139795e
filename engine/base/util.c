/*
 * util.c: formatted allocation, strict parsing of numbers and dates,
 * quoting for messages, whole-file reads. Pure C, no library state.
 */
#define _POSIX_C_SOURCE 200809L
#include "base/util.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

char *co_strdup(const char *s)
{
    return s ? co_strndup(s, strlen(s)) : NULL;
}

char *co_strndup(const char *s, size_t n)
{
    char *p = malloc(n + 1);
    if (p) {
        memcpy(p, s, n);
        p[n] = '\0';
    }
    return p;
}

char *co_vasprintf(const char *fmt, va_list ap)
{
    va_list aq;
    va_copy(aq, ap);
    int n = vsnprintf(NULL, 0, fmt, aq);
    va_end(aq);
    if (n < 0)
        return NULL;
    char *p = malloc((size_t)n + 1);
    if (p)
        vsnprintf(p, (size_t)n + 1, fmt, ap);
    return p;
}

char *co_asprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *p = co_vasprintf(fmt, ap);
    va_end(ap);
    return p;
}

int co_parse_double(const char *s, double *out)
{
    if (!s || !*s)
        return -1;
    /* strtod accepts leading space, hex, inf and nan: refuse them here */
    for (const char *p = s; *p; p++) {
        if (!strchr("0123456789+-.eE", *p))
            return -1;
    }
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    /* an overflow is refused by the isfinite check; ERANGE with a finite
     * result is a subnormal (kept: as exact as it can be) or an underflow
     * to 0 of digits that are not all zeros (refused: 1e-400 is not 0) */
    if (end == s || *end != '\0' || !isfinite(v))
        return -1;
    if (v == 0 && strcspn(s, "123456789") < strcspn(s, "eE"))
        return -1;
    *out = v;
    return 0;
}

static long days_from_civil(long y, unsigned m, unsigned d)
{
    /* Howard Hinnant's algorithm: proleptic Gregorian calendar */
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (long)doe - 719468;
}

int co_parse_date(const char *s, long *days)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++) {
        if (i == 4 || i == 7)
            continue;
        if (s[i] < '0' || s[i] > '9')
            return -1;
    }
    long y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    unsigned m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
    unsigned d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
    if (y < 1000 || m < 1 || m > 12 || d < 1)
        return -1;
    static const unsigned mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    unsigned lim = mdays[m - 1];
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        lim = 29;
    if (d > lim)
        return -1;
    *days = days_from_civil(y, m, d);
    return 0;
}

void co_format_date(long z, char *buf)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = (long)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned d = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    char tmp[32];
    snprintf(tmp, sizeof tmp, "%04ld-%02u-%02u", y % 10000, m % 100, d % 100);
    memcpy(buf, tmp, 10);
    buf[10] = '\0';
}

long co_today(void)
{
    time_t t = time(NULL);
    return (long)(t / 86400);
}

static char qbuf[4][256];

const char *co_qn(int slot, const char *s, size_t n)
{
    char *b = qbuf[slot & 3];
    size_t o = 0;
    if (!s) {
        snprintf(b, sizeof qbuf[0], "(null)");
        return b;
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (o >= 60) {
            memcpy(b + o, "...", 4);
            return b;
        }
        if (c >= 0x20 && c < 0x7f && c != '\\')
            b[o++] = (char)c;
        else if (c == '\\') {
            b[o++] = '\\';
            b[o++] = '\\';
        } else
            o += (size_t)snprintf(b + o, 5, "\\x%02x", c);
    }
    b[o] = '\0';
    return b;
}

const char *co_q(int slot, const char *s)
{
    return co_qn(slot, s, s ? strlen(s) : 0);
}

const char *co_num(int slot, double v)
{
    char *b = qbuf[slot & 3];
    if (!isfinite(v)) {
        snprintf(b, sizeof qbuf[0], "%g", v);
        return b;
    }
    double a = fabs(v);
    if (a == 0 || (a >= 1e-5 && a < 1e15)) {
        /* plain decimal notation with the fewest digits that read back */
        for (int k = 0; k <= 20; k++) {
            snprintf(b, sizeof qbuf[0], "%.*f", k, v);
            if (strtod(b, NULL) == v)
                return b;
        }
    }
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(b, sizeof qbuf[0], "%.*g", prec, v);
        if (strtod(b, NULL) == v)
            break;
    }
    return b;
}

int co_read_file(const char *path, char **data, size_t *len)
{
    FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
    if (!f)
        return -1;
    size_t cap = 1 << 16, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        goto fail;
    for (;;) {
        if (n + 1 >= cap) {
            cap *= 2;
            char *nb = realloc(buf, cap);
            if (!nb)
                goto fail;
            buf = nb;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        n += got;
        if (got == 0) {
            if (ferror(f))
                goto fail;
            break;
        }
    }
    buf[n] = '\0';
    if (f != stdin)
        fclose(f);
    *data = buf;
    *len = n;
    return 0;
fail : {
    int e = errno ? errno : ENOMEM;
    free(buf);
    if (f != stdin)
        fclose(f);
    errno = e;
    return -1;
}
}

int co_bsearch(const void *base, int n, size_t stride, const void *key,
               int (*cmp)(const void *key, const void *item))
{
    int lo = 0, hi = n - 1;
    while (lo <= hi) {
        int mid = lo + (hi - lo) / 2;
        int c = cmp(key, (const char *)base + (size_t)mid * stride);
        if (c == 0)
            return mid;
        if (c > 0)
            lo = mid + 1;
        else
            hi = mid - 1;
    }
    return -1;
}

double co_clock(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

size_t co_utf8_prefix(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s, *e = p + n;
    while (p < e) {
        const unsigned char *start = p;
        unsigned c = *p++;
        int k;
        unsigned min;
        if (c < 0x80)
            continue;
        else if ((c & 0xe0) == 0xc0)
            k = 1, min = 0x80, c &= 0x1f;
        else if ((c & 0xf0) == 0xe0)
            k = 2, min = 0x800, c &= 0x0f;
        else if ((c & 0xf8) == 0xf0)
            k = 3, min = 0x10000, c &= 0x07;
        else
            return (size_t)(start - (const unsigned char *)s);
        if (e - p < k)
            return (size_t)(start - (const unsigned char *)s);
        for (int i = 0; i < k; i++) {
            if ((p[i] & 0xc0) != 0x80)
                return (size_t)(start - (const unsigned char *)s);
            c = (c << 6) | (p[i] & 0x3f);
        }
        if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
            return (size_t)(start - (const unsigned char *)s);
        p += k;
    }
    return n;
}

const char *co_excerpt(int slot, const char *s, size_t n, size_t at)
{
    size_t from = at > 16 ? at - 16 : 0;
    size_t to = n - at > 8 ? at + 8 : n;
    return co_qn(slot, s + from, to - from);
}

int co_utf8_valid(const char *s, size_t n)
{
    return co_utf8_prefix(s, n) == n;
}

const char *co_wide_text(const char *data, size_t len)
{
    const unsigned char *u = (const unsigned char *)data;
    if (len >= 4 && ((u[0] == 0xff && u[1] == 0xfe && u[2] == 0 && u[3] == 0) ||
                     (u[0] == 0 && u[1] == 0 && u[2] == 0xfe && u[3] == 0xff)))
        return "UTF-32";
    if (len >= 2 && ((u[0] == 0xff && u[1] == 0xfe) || (u[0] == 0xfe && u[1] == 0xff)))
        return "UTF-16";
    /* no mark: "i\0d\0,\0" (little-endian) or "\0i\0d\0," (big-endian) */
    size_t n = len < 64 ? len & ~(size_t)1 : 64;
    int zero_at[2] = {1, 1};
    for (size_t i = 0; i < n; i += 2)
        for (int k = 0; k < 2; k++)
            zero_at[k] &= u[i + (size_t)k] == 0 && u[i + 1 - (size_t)k] > 0 &&
                          u[i + 1 - (size_t)k] < 0x80;
    if (n >= 4 && (zero_at[0] || zero_at[1]))
        return "UTF-16 without a byte-order mark";
    return NULL;
}
