/*
 * fmt.h: money as people read it. Amounts are kept in cents (int64_t) once
 * a plan is read; these functions turn them into text.
 */
#ifndef CO_FMT_H
#define CO_FMT_H

#include <stdint.h>

/* "12,345,678" for whole USD of cents (rounded half away from zero).
 * buf >= 32 bytes; returns buf. */
const char *co_fmt_usd(int64_t cents, char *buf);

#endif
