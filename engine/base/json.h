/*
 * json.h: JSON values as the engine reads and writes them. co_json is
 * cJSON's node, kept opaque: only base/json.c includes cJSON.h, every
 * other file uses the functions here. Rules of ownership: a tree returned
 * by a parse or a constructor belongs to the caller (co_json_free); a
 * value added to a parent with co_json_put belongs to the parent; values
 * returned by lookups are borrowed from their tree.
 */
#ifndef CO_JSON_H
#define CO_JSON_H

#include <stddef.h>

#include "base/arena.h"
#include "base/diag.h"
#include "base/output.h"

typedef struct cJSON co_json;

/* Parses JSON text whose top must be an object, strictly (RFC 8259, as
 * co_json_scan), with the checks and messages of the dataset loader
 * (encoding, UTF-16, NUL bytes, nesting, numbers out of range); `name` is
 * used in messages. CO_OK with the tree in *out (the caller frees it),
 * else CO_EINPUT (CO_EINTERNAL when out of memory). */
int co_json_parse(const char *name, const char *data, size_t len, co_json **out, co_diag *dg);

/* Nesting deeper than this is refused (cJSON's own limit). */
#define CO_JSON_MAX_DEPTH 1000
/* Checks that data[start..len) is exactly one JSON value and white space
 * (RFC 8259: no leading zeros, trailing dots, comments, trailing commas,
 * single quotes, control characters in strings, lone surrogates, NaN),
 * valid UTF-8, no "\u0000", no number a double cannot hold (beyond
 * +-1.8e308, or too close to 0 to be told from it), nested at most
 * CO_JSON_MAX_DEPTH deep. The first problem is reported as "NAME:LINE:
 * COLUMN: PATH: problem" (the column in characters from 1, the path of
 * the value it is in, "donors[3].budget", left out at the top); a number
 * written for people ("920000,50") says what it looks like (numtext.h).
 * CO_OK, CO_EINPUT, or CO_EINTERNAL when out of memory. */
int co_json_scan(const char *name, const char *data, size_t len, size_t start, co_diag *dg);
void co_json_free(co_json *v);

/* Reading a tree. Every function accepts NULL (a missing value) and then
 * answers as for a value of another type. */
enum co_json_type {
    CO_JSON_NONE, /* NULL: no value */
    CO_JSON_NULL,
    CO_JSON_BOOL,
    CO_JSON_NUMBER,
    CO_JSON_STRING,
    CO_JSON_ARRAY,
    CO_JSON_OBJECT
};
enum co_json_type co_json_type(const co_json *v);
/* A number's value (NaN for any other type), a string's text (NULL for
 * any other type), a boolean's truth (0 for any other type). */
double co_json_number(const co_json *v);
const char *co_json_string(const co_json *v);
int co_json_true(const co_json *v);
/* An object's member by key (case-sensitive; the first of duplicates), or
 * NULL. */
const co_json *co_json_get(const co_json *obj, const char *key);
/* Items of an array or members of an object: their count, the first and
 * the next one (NULL after the last), and a member's key (NULL for an
 * array item). Walk with first/next: indexing a list is linear. */
int co_json_size(const co_json *v);
const co_json *co_json_first(const co_json *v);
const co_json *co_json_next(const co_json *v);
const char *co_json_key(const co_json *member);

/* Building a tree: each returns a new value (NULL when out of memory; a
 * NULL string or a non-finite number gives null). */
co_json *co_json_new_object(void);
co_json *co_json_new_array(void);
co_json *co_json_new_null(void);
co_json *co_json_new_bool(int b);
co_json *co_json_new_number(double v);
co_json *co_json_new_string(const char *s);
/* A deep copy (NULL when out of memory). */
co_json *co_json_dup(const co_json *v);
/* The value as compact JSON text (the caller frees it), or NULL. */
char *co_json_compact(const co_json *v);

/* For messages about a JSON value: its type ("a number", "an object"),
 * and its text quoted as co_q does (in that slot's buffer). */
const char *co_json_type_name(const co_json *v);
const char *co_json_text(int slot, const co_json *v);
/* The value's JSON text (a string with its quotes: '"x"') quoted as co_q
 * does, in that slot's buffer: for "got '...'" in messages about a value
 * of the wrong type. */
const char *co_json_quoted(int slot, const co_json *v);

/* Writes a tree as indented JSON: two spaces a level, short arrays of
 * scalars on one line, numbers in the shortest form that reads back
 * exactly (no "-0"; non-finite numbers as null). */
void co_json_write(const co_json *v, int depth, co_buf *b);

/* A member of an object as a number (NaN when missing or not a number)
 * or a string (NULL); and adding v to obj (appended when obj is an array),
 * where a NULL v or obj (out of memory) sets *oom and frees v. */
double co_json_num(const co_json *o, const char *key);
const char *co_json_str(const co_json *o, const char *key);
void co_json_put(int *oom, co_json *obj, const char *key, co_json *v);

/* Reading a document field by field, each checked for its type: a field
 * that is missing reads as not given (NULL, NaN, `none`), one of the wrong
 * type or out of range as not given too, with the message "NAME: PRE.KEY:
 * problem, got 'VALUE'" in dg and rc set to CO_EINPUT (no value quoted for
 * an array or object). `pre` is the path of the object holding the field
 * ("coalitions[2]", or "" at the top); `key` NULL means the value itself
 * (a list item); `o` may be NULL (an object not given: every field is
 * missing). Strings are borrowed from the tree. */
typedef struct co_json_rd {
    const char *name;
    co_diag *dg;
    int rc; /* CO_OK, or CO_EINPUT once a field was wrong */
} co_json_rd;

/* Records a problem with value v at pre.key. */
void co_json_rd_bad(co_json_rd *r, const char *pre, const char *key, const char *problem,
                    const co_json *v);
/* A string; with `nullable`, null reads as NULL without a message. */
const char *co_json_rd_str(co_json_rd *r, const co_json *o, const char *pre, const char *key,
                           int nullable);
/* A number (JSON numbers are finite); NaN when missing or null (nullable). */
double co_json_rd_num(co_json_rd *r, const co_json *o, const char *pre, const char *key,
                      int nullable);
/* The same for the value v of field `key` (e.g. a member of an object
 * walked with co_json_first). */
double co_json_rd_num_of(co_json_rd *r, const co_json *v, const char *pre, const char *key,
                         int nullable);
/* USD within +-1e15 (so that cents stay exact); >= 0 unless `sign`. NaN
 * when missing or null (nullable). */
#define CO_JSON_MAX_USD 1e15
double co_json_rd_usd(co_json_rd *r, const co_json *o, const char *pre, const char *key,
                      int sign, int nullable);
/* A whole number in [lo, hi] (`want` says so in messages); `none` when
 * missing, null (nullable) or wrong. */
double co_json_rd_whole(co_json_rd *r, const co_json *o, const char *pre, const char *key,
                        int nullable, double lo, double hi, const char *want, double none);
/* true / false as 1 / 0; -1 when missing or null (nullable). */
int co_json_rd_bool(co_json_rd *r, const co_json *o, const char *pre, const char *key,
                    int nullable);
/* An array or an object; NULL when missing, null (nullable) or wrong. */
const co_json *co_json_rd_array(co_json_rd *r, const co_json *o, const char *pre,
                                const char *key);
const co_json *co_json_rd_object(co_json_rd *r, const co_json *o, const char *pre,
                                 const char *key, int nullable);
/* True when v (the item at `pre`) is an object; else a message. */
int co_json_rd_item(co_json_rd *r, const co_json *v, const char *pre);
/* Walks the array o[key] (checked as co_json_rd_array): room in arena A
 * for its *n items of `size` bytes each (zeroed; not NULL for an empty
 * array), then fn(ctx, item, path, elem) for each item in order, with its
 * path "PRE.KEY[i]" and item NULL where it is not an object (after a
 * message). Returns the room, or NULL when the array is not there (or not
 * an array), or out of memory (co_arena_failed). */
/* The strings of the array o[key], copied into arena A (*n of them; not
 * NULL for an empty array); an item that is not a string is a message and
 * reads as NULL. NULL when the array is not there or out of memory. */
const char **co_json_rd_strings(co_json_rd *r, co_arena *A, const co_json *o, const char *pre,
                                const char *key, int *n);
typedef void co_json_rd_fn(void *ctx, const co_json *item, const char *path, void *elem);
void *co_json_rd_list(co_json_rd *r, co_arena *A, const co_json *o, const char *pre,
                      const char *key, size_t size, int *n, co_json_rd_fn *fn, void *ctx);

#endif
