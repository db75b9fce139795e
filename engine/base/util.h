/*
 * util.h: small helpers shared by every module: formatted allocation,
 * strict number parsing, calendar dates, quoting of values in messages,
 * and reading files. No model knowledge lives here.
 */
#ifndef CO_UTIL_H
#define CO_UTIL_H

#include <stdarg.h>
#include <stddef.h>

#include "coalitions.h"

char *co_strdup(const char *s);
char *co_strndup(const char *s, size_t n);
char *co_vasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
char *co_asprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* co_parse_double (strtod, no leading or trailing space, no hex, no
 * inf/nan; too large is refused, and so is too small to be told from 0,
 * while a subnormal is read; numtext.h says why a text is not a number),
 * co_parse_date, co_q and co_num: include/coalitions.h. */

/* Money is compared as every output rounds it, to the cent: a exceeds b
 * when it does by more than half a cent (a sum a script computed in
 * binary floating point, 1234567.8900000001, does not exceed 1234567.89). */
#define CO_HALF_CENT 0.005
static inline int co_usd_exceeds(double a, double b)
{
    return a - b > CO_HALF_CENT;
}

/* Writes "YYYY-MM-DD" for days since 1970-01-01 into buf (>= 11 bytes). */
void co_format_date(long days, char *buf);
/* Today's date (UTC) as days since 1970-01-01. */
long co_today(void);

/* co_q for the n bytes at s (which need not end in a NUL). */
const char *co_qn(int slot, const char *s, size_t n);

/* Reads a whole file (or stdin for "-") into a NUL-terminated buffer.
 * Returns 0, or -1 with errno set. */
int co_read_file(const char *path, char **data, size_t *len);

/* Monotonic clock in seconds. */
double co_clock(void);

/* The index of the item of a sorted list (n items, `stride` bytes apart
 * from `base`) for which cmp(key, item) is 0, or -1; cmp gives the sign of
 * key against item in the list's order. */
int co_bsearch(const void *base, int n, size_t stride, const void *key,
               int (*cmp)(const void *key, const void *item));

/* True when the string is valid UTF-8. */
int co_utf8_valid(const char *s, size_t n);
/* The length of its longest valid UTF-8 prefix: where the first bad
 * sequence starts, or n. */
size_t co_utf8_prefix(const char *s, size_t n);
/* For a text file that is not UTF-8: the encoding its first bytes show,
 * "UTF-16" or "UTF-32" after their byte-order mark (FF FE, FE FF, FF FE
 * 00 00, 00 00 FE FF), "UTF-16 without a byte-order mark" when its first
 * characters are ASCII each beside a NUL byte; else NULL. */
const char *co_wide_text(const char *data, size_t len);
/* The bytes around offset `at` of the line s[0..n) for a message: up to 16
 * before and 8 from it, quoted as co_qn (in its slot's buffer). */
const char *co_excerpt(int slot, const char *s, size_t n, size_t at);


#endif
