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

#include "base/diag.h"
#include "base/output.h"

typedef struct cJSON co_json;

/* Parses JSON text whose top must be an object, with the checks and
 * messages of the dataset loader (encoding, NUL bytes, nesting, numbers
 * out of range, the line of a syntax error); `name` is used in messages.
 * CO_OK with the tree in *out (the caller frees it), else CO_EINPUT. */
int co_json_parse(const char *name, const char *data, size_t len, co_json **out, co_diag *dg);
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

#endif
