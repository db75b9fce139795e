/*
 * timer.h: the one clock of a command (--time-limit bounds the whole
 * run): when it started and how long it may take, on co_clock's monotonic
 * seconds. Every step asks what is left and takes its share; how big a
 * share is, is the steps' own business (engine/run, engine/solve).
 */
#ifndef CO_TIMER_H
#define CO_TIMER_H

#include "base/util.h"

typedef struct co_timer {
    double start; /* co_clock() when the clock started */
    double limit; /* seconds from start */
} co_timer;

/* A clock of `limit` seconds from now. */
static inline co_timer co_timer_from_now(double limit)
{
    co_timer dl = {co_clock(), limit};
    return dl;
}

/* The co_clock() time at which it runs out. */
static inline double co_timer_at(const co_timer *dl)
{
    return dl->start + dl->limit;
}

/* Seconds since it started, and seconds left (negative once run out). */
static inline double co_timer_elapsed(const co_timer *dl)
{
    return co_clock() - dl->start;
}
static inline double co_timer_left(const co_timer *dl)
{
    return co_timer_at(dl) - co_clock();
}

/* A clock from now for `share` (0..1) of what is left of dl (none when
 * dl has run out). */
static inline co_timer co_timer_share(const co_timer *dl, double share)
{
    double left = co_timer_left(dl);
    return co_timer_from_now(left > 0 ? share * left : 0);
}

#endif
