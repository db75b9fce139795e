/*
 * fmt.c: money formatting shared by every renderer (base/fmt.h).
 */
#include "base/fmt.h"

#include <math.h>

const char *co_fmt_usd(int64_t cents, char *buf)
{
    long long usd = (long long)llround((double)cents / 100.0);
    int neg = usd < 0;
    unsigned long long v = (unsigned long long)(neg ? -usd : usd);
    char tmp[32];
    int n = 0, digits = 0;
    do {
        if (digits && digits % 3 == 0)
            tmp[n++] = ',';
        tmp[n++] = (char)('0' + v % 10);
        v /= 10;
        digits++;
    } while (v && n < 30);
    int o = 0;
    if (neg)
        buf[o++] = '-';
    while (n)
        buf[o++] = tmp[--n];
    buf[o] = '\0';
    return buf;
}
