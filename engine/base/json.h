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
