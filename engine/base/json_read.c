/*
 * json_read.c: reading a parsed JSON document field by field with checked
 * types and ranges (base/json.h, co_json_rd_*), for the readers of the
 * engine's own documents (plans, comparisons). What the fields mean is
 * the callers'; this file only says when a value is not what it must be.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>

#include "base/json.h"
#include "base/util.h"

void co_json_rd_bad(co_json_rd *r, const char *pre, const char *key, const char *problem,
                    const co_json *v)
{
    const char *dot = *pre && key ? "." : "";
    enum co_json_type t = co_json_type(v);
    if (t == CO_JSON_ARRAY || t == CO_JSON_OBJECT)
        co_err(r->dg, "%s: %s%s%s: %s", r->name, pre, dot, key ? key : "", problem);
    else
        co_err(r->dg, "%s: %s%s%s: %s, got '%s'", r->name, pre, dot, key ? key : "", problem,
               co_json_quoted(0, v));
    r->rc = CO_EINPUT;
}

const char *co_json_rd_str(co_json_rd *r, const co_json *o, const char *pre, const char *key,
                           int nullable)
{
    const co_json *v = co_json_get(o, key);
    switch (co_json_type(v)) {
    case CO_JSON_NONE:
        return NULL;
    case CO_JSON_STRING:
        return co_json_string(v);
    case CO_JSON_NULL:
        if (nullable)
            return NULL;
        /* fall through */
    default:
        co_json_rd_bad(r, pre, key, nullable ? "must be a string or null" : "must be a string",
                       v);
        return NULL;
    }
}

/* v when it is a number; NaN when missing, or null where allowed; else a
 * message with `want`. */
static double number(co_json_rd *r, const co_json *v, const char *pre, const char *key,
                     int nullable, const char *want)
{
    enum co_json_type t = co_json_type(v);
    if (t == CO_JSON_NUMBER)
        return co_json_number(v); /* finite: co_json_parse refuses the rest */
    if (t == CO_JSON_NONE || (t == CO_JSON_NULL && nullable))
        return NAN;
    co_json_rd_bad(r, pre, key, want, v);
    return NAN;
}

double co_json_rd_num_of(co_json_rd *r, const co_json *v, const char *pre, const char *key,
                         int nullable)
{
    return number(r, v, pre, key, nullable,
                  nullable ? "must be a finite number or null" : "must be a finite number");
}

double co_json_rd_num(co_json_rd *r, const co_json *o, const char *pre, const char *key,
                      int nullable)
{
    return co_json_rd_num_of(r, co_json_get(o, key), pre, key, nullable);
}

double co_json_rd_usd(co_json_rd *r, const co_json *o, const char *pre, const char *key,
                      int sign, int nullable)
{
    static const char *const want[2][2] = {
        {"must be a number >= 0", "must be a number >= 0 or null"},
        {"must be a finite number", "must be a finite number or null"}};
    const co_json *v = co_json_get(o, key);
    double x = number(r, v, pre, key, nullable, want[!!sign][!!nullable]);
    if (x < 0 && !sign) {
        co_json_rd_bad(r, pre, key, want[0][!!nullable], v);
        return NAN;
    }
    if (fabs(x) > CO_JSON_MAX_USD) {
        co_json_rd_bad(r, pre, key,
                       x > 0 ? "must be at most 1e15 USD" : "must be at least -1e15 USD", v);
        return NAN;
    }
    return x;
}

double co_json_rd_whole(co_json_rd *r, const co_json *o, const char *pre, const char *key,
                        int nullable, double lo, double hi, const char *want, double none)
{
    const co_json *v = co_json_get(o, key);
    double x = number(r, v, pre, key, nullable, want);
    if (isnan(x))
        return none;
    if (x != floor(x) || x < lo || x > hi) {
        co_json_rd_bad(r, pre, key, want, v);
        return none;
    }
    return x;
}

int co_json_rd_bool(co_json_rd *r, const co_json *o, const char *pre, const char *key,
                    int nullable)
{
    const co_json *v = co_json_get(o, key);
    enum co_json_type t = co_json_type(v);
    if (t == CO_JSON_BOOL)
        return co_json_true(v);
    if (t == CO_JSON_NONE || (t == CO_JSON_NULL && nullable))
        return -1;
    co_json_rd_bad(r, pre, key, nullable ? "must be true, false or null" : "must be true or false",
                   v);
    return -1;
}

const co_json *co_json_rd_array(co_json_rd *r, const co_json *o, const char *pre,
                                const char *key)
{
    const co_json *v = co_json_get(o, key);
    enum co_json_type t = co_json_type(v);
    if (t == CO_JSON_ARRAY)
        return v;
    if (t != CO_JSON_NONE)
        co_json_rd_bad(r, pre, key, "must be an array", v);
    return NULL;
}

const co_json *co_json_rd_object(co_json_rd *r, const co_json *o, const char *pre,
                                 const char *key, int nullable)
{
    const co_json *v = co_json_get(o, key);
    enum co_json_type t = co_json_type(v);
    if (t == CO_JSON_OBJECT)
        return v;
    if (t != CO_JSON_NONE && !(t == CO_JSON_NULL && nullable))
        co_json_rd_bad(r, pre, key, nullable ? "must be an object or null" : "must be an object",
                       v);
    return NULL;
}

int co_json_rd_item(co_json_rd *r, const co_json *v, const char *pre)
{
    if (co_json_type(v) == CO_JSON_OBJECT)
        return 1;
    co_json_rd_bad(r, pre, NULL, "must be an object", v);
    return 0;
}

void *co_json_rd_list(co_json_rd *r, co_arena *A, const co_json *o, const char *pre,
                      const char *key, size_t size, int *n, co_json_rd_fn *fn, void *ctx)
{
    const co_json *arr = co_json_rd_array(r, o, pre, key);
    *n = 0;
    if (!arr)
        return NULL;
    int count = co_json_size(arr), i = 0;
    char *room = co_arena_alloc(A, (size_t)count * size);
    if (!room)
        return NULL;
    *n = count;
    for (const co_json *it = co_json_first(arr); it; it = co_json_next(it), i++) {
        char path[192];
        snprintf(path, sizeof path, "%s%s%s[%d]", pre, *pre ? "." : "", key, i);
        fn(ctx, co_json_rd_item(r, it, path) ? it : NULL, path, room + (size_t)i * size);
    }
    return room;
}

const char **co_json_rd_strings(co_json_rd *r, co_arena *A, const co_json *o, const char *pre,
                                const char *key, int *n)
{
    const co_json *arr = co_json_rd_array(r, o, pre, key);
    *n = 0;
    if (!arr)
        return NULL;
    int count = co_json_size(arr), i = 0;
    const char **v = co_arena_alloc(A, (size_t)count * sizeof *v);
    if (!v)
        return NULL;
    *n = count;
    for (const co_json *it = co_json_first(arr); it; it = co_json_next(it), i++) {
        if (co_json_type(it) == CO_JSON_STRING) {
            v[i] = co_arena_strdup(A, co_json_string(it));
        } else {
            char path[192];
            snprintf(path, sizeof path, "%s%s%s[%d]", pre, *pre ? "." : "", key, i);
            co_json_rd_bad(r, path, NULL, "must be a string", it);
        }
    }
    return v;
}
