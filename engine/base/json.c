/*
 * json.c: JSON for every reader and writer of the engine, through cJSON
 * (the only file that includes cJSON.h). Reading is hardened: encoding and
 * NUL bytes here, then the strict scanner of json_scan.c (RFC 8259, the
 * place of every problem), then cJSON builds the tree; writing is indented
 * and byte-stable. The rest of the engine sees co_json only through
 * base/json.h.
 */
#include "base/json.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* The JSON text of a value for a message ("got '...'"). */
const char *co_json_text(int slot, const cJSON *v)
{
    if (cJSON_IsString(v))
        return co_q(slot, v->valuestring);
    char *t = cJSON_PrintUnformatted(v);
    const char *q = co_q(slot, t ? t : "?");
    cJSON_free(t);
    return q;
}

const char *co_json_quoted(int slot, const cJSON *v)
{
    char *t = v ? cJSON_PrintUnformatted(v) : NULL;
    const char *q = co_q(slot, t ? t : "?");
    cJSON_free(t);
    return q;
}

const char *co_json_type_name(const cJSON *v)
{
    if (cJSON_IsString(v))
        return "a string";
    if (cJSON_IsNumber(v))
        return "a number";
    if (cJSON_IsArray(v))
        return "an array";
    if (cJSON_IsObject(v))
        return "an object";
    if (cJSON_IsBool(v))
        return "a boolean";
    return "null";
}

static int line_of(const char *data, size_t off)
{
    int line = 1;
    for (size_t i = 0; i < off; i++)
        line += data[i] == '\n';
    return line;
}

#if CJSON_NESTING_LIMIT != CO_JSON_MAX_DEPTH
#error "co_json_scan's nesting limit must be cJSON's"
#endif

int co_json_parse(const char *name, const char *data, size_t len, cJSON **out, co_diag *dg)
{
    cJSON *root = NULL;
    int rc = CO_EINPUT;
    *out = NULL;
    size_t skip = 0;
    const char *wide = co_wide_text(data, len);
    if (wide) {
        co_err(dg,
               "%s: the file is %s (a PowerShell redirect, Notepad's \"Unicode\"), not UTF-8: "
               "save it as UTF-8",
               name, wide);
        goto done;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        skip = 3; /* a UTF-8 byte order mark, as some editors write */
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        co_err(dg, "%s:%d: NUL byte in the file (not a text file?)", name,
               line_of(data, (size_t)(nul - data)));
        goto done;
    }
    size_t i = skip;
    while (i < len && strchr(" \t\r\n", data[i]))
        i++;
    if (i == len) {
        co_err(dg, "%s: empty file, expected a JSON object", name);
        goto done;
    }
    rc = co_json_scan(name, data, len, skip, dg);
    if (rc != CO_OK)
        goto done;
    rc = CO_EINPUT;
    const char *end = NULL;
    root = cJSON_ParseWithLengthOpts(data + skip, len - skip, &end, 0);
    if (!root) {
        /* the scanner takes only what cJSON reads; out of memory, then */
        co_err(dg, "%s: out of memory reading JSON", name);
        rc = CO_EINTERNAL;
        goto done;
    }
    if (!cJSON_IsObject(root)) {
        co_err(dg, "%s: expected a JSON object at the top, got %s", name, co_json_type_name(root));
        goto done;
    }
    *out = root;
    root = NULL;
    rc = CO_OK;
done:
    cJSON_Delete(root);
    return rc;
}


void co_json_free(co_json *v)
{
    cJSON_Delete(v);
}

/* Writes a cJSON tree with two-space indentation, short arrays of scalars
 * on one line, and numbers in the shortest form that reads back exactly. */
void co_json_write(const cJSON *v, int depth, co_buf *b)
{
    if (cJSON_IsNumber(v)) {
        double d = v->valuedouble;
        if (!isfinite(d))
            co_buf_put(b, "null", 4);
        else if (d == 0)
            co_buf_put(b, "0", 1); /* no "-0" */
        else
            co_buf_printf(b, "%s", co_num(0, d));
    } else if (cJSON_IsString(v)) {
        char *t = cJSON_PrintUnformatted(v);
        if (!t) {
            b->oom = 1;
            return;
        }
        co_buf_put(b, t, strlen(t));
        cJSON_free(t);
    } else if (cJSON_IsBool(v)) {
        co_buf_printf(b, "%s", cJSON_IsTrue(v) ? "true" : "false");
    } else if (cJSON_IsNull(v)) {
        co_buf_put(b, "null", 4);
    } else {
        int is_obj = cJSON_IsObject(v);
        const cJSON *c = v->child;
        if (!c) {
            co_buf_printf(b, "%s", is_obj ? "{}" : "[]");
            return;
        }
        int flat = !is_obj;
        for (const cJSON *k = c; k && flat; k = k->next)
            flat = !cJSON_IsObject(k) && !cJSON_IsArray(k);
        if (flat) {
            co_buf_put(b, "[", 1);
            for (const cJSON *k = c; k; k = k->next) {
                co_json_write(k, depth + 1, b);
                if (k->next)
                    co_buf_put(b, ", ", 2);
            }
            co_buf_put(b, "]", 1);
            return;
        }
        co_buf_put(b, is_obj ? "{\n" : "[\n", 2);
        for (const cJSON *k = c; k; k = k->next) {
            co_buf_printf(b, "%*s", 2 * (depth + 1), "");
            if (is_obj) {
                char *t = cJSON_PrintUnformatted(&(cJSON){.type = cJSON_String,
                                                          .valuestring = k->string});
                if (!t) {
                    b->oom = 1;
                    return;
                }
                co_buf_printf(b, "%s: ", t);
                cJSON_free(t);
            }
            co_json_write(k, depth + 1, b);
            co_buf_put(b, k->next ? ",\n" : "\n", k->next ? 2 : 1);
        }
        co_buf_printf(b, "%*s%s", 2 * depth, "", is_obj ? "}" : "]");
    }
}

double co_json_num(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    return cJSON_IsNumber(v) ? v->valuedouble : NAN;
}

const char *co_json_str(const cJSON *o, const char *key)
{
    const cJSON *v = cJSON_IsObject(o) ? cJSON_GetObjectItemCaseSensitive(o, key) : NULL;
    return cJSON_IsString(v) ? v->valuestring : NULL;
}

void co_json_put(int *oom, cJSON *obj, const char *key, cJSON *v)
{
    if (!v || !obj) {
        *oom = 1;
        cJSON_Delete(v);
        return;
    }
    if (cJSON_IsArray(obj))
        cJSON_AddItemToArray(obj, v);
    else
        cJSON_AddItemToObject(obj, key, v);
}


enum co_json_type co_json_type(const co_json *v)
{
    if (!v)
        return CO_JSON_NONE;
    /* one look at the type bits (every reader asks this of every value) */
    switch (v->type & 0xFF) {
    case cJSON_NULL:
        return CO_JSON_NULL;
    case cJSON_False:
    case cJSON_True:
        return CO_JSON_BOOL;
    case cJSON_Number:
        return CO_JSON_NUMBER;
    case cJSON_String:
        return CO_JSON_STRING;
    case cJSON_Array:
        return CO_JSON_ARRAY;
    case cJSON_Object:
        return CO_JSON_OBJECT;
    default:
        return CO_JSON_NONE;
    }
}

/* The type bits of a value (0 for NULL): cheaper than cJSON's IsX calls,
 * which the readers make for every value. */
static int type_of(const co_json *v)
{
    return v ? v->type & 0xFF : 0;
}

double co_json_number(const co_json *v)
{
    return type_of(v) == cJSON_Number ? v->valuedouble : NAN;
}

const char *co_json_string(const co_json *v)
{
    return type_of(v) == cJSON_String ? v->valuestring : NULL;
}

int co_json_true(const co_json *v)
{
    return cJSON_IsTrue(v) ? 1 : 0;
}

const co_json *co_json_get(const co_json *obj, const char *key)
{
    if (type_of(obj) != cJSON_Object || !key)
        return NULL;
    for (const cJSON *m = obj->child; m; m = m->next)
        if (m->string && strcmp(m->string, key) == 0)
            return m;
    return NULL;
}

int co_json_size(const co_json *v)
{
    int n = 0;
    for (const cJSON *c = co_json_first(v); c; c = c->next)
        n++;
    return n;
}

const co_json *co_json_first(const co_json *v)
{
    int t = type_of(v);
    return t == cJSON_Array || t == cJSON_Object ? v->child : NULL;
}

const co_json *co_json_next(const co_json *v)
{
    return v ? v->next : NULL;
}

const char *co_json_key(const co_json *member)
{
    return member ? member->string : NULL;
}

co_json *co_json_new_object(void)
{
    return cJSON_CreateObject();
}

co_json *co_json_new_array(void)
{
    return cJSON_CreateArray();
}

co_json *co_json_new_null(void)
{
    return cJSON_CreateNull();
}

co_json *co_json_new_bool(int b)
{
    return cJSON_CreateBool(b != 0); /* a truth value, not cJSON_True (a type flag) */
}

co_json *co_json_new_number(double v)
{
    return isfinite(v) ? cJSON_CreateNumber(v) : cJSON_CreateNull();
}

co_json *co_json_new_string(const char *s)
{
    return s ? cJSON_CreateString(s) : cJSON_CreateNull();
}

co_json *co_json_dup(const co_json *v)
{
    return v ? cJSON_Duplicate(v, 1) : NULL;
}

char *co_json_compact(const co_json *v)
{
    if (!v)
        return NULL;
    char *t = cJSON_PrintUnformatted(v);
    if (!t)
        return NULL;
    char *copy = co_strdup(t); /* the caller frees with free(), not cJSON_free */
    cJSON_free(t);
    return copy;
}
