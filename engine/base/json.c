/*
 * json.c: JSON for every reader and writer of the engine, through cJSON
 * (the only file that includes cJSON.h). Reading is hardened (encoding,
 * NUL bytes, nesting, numbers, the line of a syntax error); writing is
 * indented and byte-stable. The rest of the engine sees co_json only
 * through base/json.h.
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

/* True when the text ends inside a string or an open array or object. */
static int truncated(const char *s, size_t n)
{
    int depth = 0, in_str = 0;
    for (size_t i = 0; i < n; i++) {
        char ch = s[i];
        if (in_str) {
            if (ch == '\\')
                i++;
            else if (ch == '"')
                in_str = 0;
        } else if (ch == '"') {
            in_str = 1;
        } else if (ch == '{' || ch == '[') {
            depth++;
        } else if (ch == '}' || ch == ']') {
            depth--;
        }
    }
    return in_str || depth > 0;
}

/* " near 'TEXT'" with up to 20 bytes of the text at `off`, to the end of
 * its line; "" at the end of the text or of a line. */
static const char *near_text(const char *data, size_t len, size_t off)
{
    static char buf[128];
    size_t n = 0;
    while (off + n < len && n < 20 && data[off + n] != '\n' && data[off + n] != '\r')
        n++;
    if (n == 0)
        return "";
    snprintf(buf, sizeof buf, " near '%s'", co_qn(3, data + off, n));
    return buf;
}

/* The longest number cJSON reads whole (its buffer has 64 bytes). */
#define MAX_NUMBER 63

/* Finds what cJSON would refuse with no useful position, or take without
 * a word and change: nesting deeper than its limit, a number longer than
 * it reads or too large for a double (it reads 1e400 as infinity), and
 * "\u0000" in a string (it would end the string there). Reports the
 * first such place and returns -1, else 0; text that is not JSON at all
 * is left to the parser. */
static int prescan(const char *file, const char *data, size_t len, size_t start, co_diag *dg)
{
    int depth = 0;
    for (size_t i = start; i < len; i++) {
        char ch = data[i];
        if (ch == '"') {
            for (i++; i < len && data[i] != '"'; i++) {
                if (data[i] != '\\')
                    continue;
                if (len - i >= 6 && memcmp(data + i + 1, "u0000", 5) == 0) {
                    co_err(dg, "%s:%d: a string holds '\\u0000' (a NUL character), not allowed",
                           file, line_of(data, i));
                    return -1;
                }
                i++;
            }
        } else if (ch == '[' || ch == '{') {
            if (++depth > CJSON_NESTING_LIMIT) {
                co_err(dg, "%s:%d: not valid JSON: nested deeper than %d levels", file,
                       line_of(data, i), CJSON_NESTING_LIMIT);
                return -1;
            }
        } else if (ch == ']' || ch == '}') {
            depth--;
        } else if (ch == '-' || (ch >= '0' && ch <= '9')) {
            size_t j = i;
            while (j < len && data[j] && strchr("0123456789+-.eE", data[j]))
                j++;
            if (j - i > MAX_NUMBER) {
                co_err(dg, "%s:%d: number too long (over %d characters), got '%s'", file,
                       line_of(data, i), MAX_NUMBER, co_qn(0, data + i, j - i));
                return -1;
            }
            char num[MAX_NUMBER + 1];
            memcpy(num, data + i, j - i);
            num[j - i] = '\0';
            if (isinf(strtod(num, NULL))) {
                co_err(dg, "%s:%d: number out of range (beyond +-1.8e308), got '%s'", file,
                       line_of(data, i), num);
                return -1;
            }
            i = j - 1;
        }
    }
    return 0;
}

/* Where a parse that failed at `off` did so inside a number written with
 * thousands separators ("920,000": digits, a comma, three digits), the
 * offset of that number; else len. */
static size_t thousands(const char *data, size_t len, size_t off)
{
    size_t k = off;
    while (k > 0 && k < len && data[k] >= '0' && data[k] <= '9')
        k--;
    /* data[k] is the byte before the digits the parser stopped in */
    if (k == 0 || k >= len || data[k] != ',' || !(data[k - 1] >= '0' && data[k - 1] <= '9'))
        return len;
    size_t d = k + 1;
    while (d < len && data[d] >= '0' && data[d] <= '9')
        d++;
    if (d - k - 1 != 3)
        return len;
    size_t start = k - 1;
    while (start > 0 && strchr("0123456789.-", data[start - 1]))
        start--;
    return start;
}

/* True when the text at `off` starts with `word`. */
static int at(const char *data, size_t len, size_t off, const char *word)
{
    size_t n = strlen(word);
    return off <= len && len - off >= n && memcmp(data + off, word, n) == 0;
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

int co_json_parse(const char *name, const char *data, size_t len, cJSON **out, co_diag *dg)
{
    cJSON *root = NULL;
    int rc = CO_EINPUT;
    *out = NULL;
    size_t skip = 0;
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        skip = 3; /* a UTF-8 byte order mark, as some editors write */
    const char *nul = memchr(data, '\0', len);
    if (nul) {
        co_err(dg, "%s:%d: NUL byte in the file (not a text file?)", name,
               line_of(data, (size_t)(nul - data)));
        goto done;
    }
    size_t bad = co_utf8_prefix(data, len);
    if (bad < len) {
        size_t ls = bad, le = bad; /* the line it is on */
        while (ls > 0 && data[ls - 1] != '\n')
            ls--;
        while (le < len && data[le] != '\n' && data[le] != '\r')
            le++;
        co_err(dg, "%s:%d: not valid UTF-8 in '%s' (save the file as UTF-8)", name,
               line_of(data, bad), co_excerpt(0, data + ls, le - ls, bad - ls));
        goto done;
    }
    size_t i = skip;
    while (i < len && strchr(" \t\r\n", data[i]))
        i++;
    if (i == len) {
        co_err(dg, "%s: empty file, expected a JSON object", name);
        goto done;
    }
    if (prescan(name, data, len, skip, dg) != 0)
        goto done;
    const char *end = NULL;
    root = cJSON_ParseWithLengthOpts(data + skip, len - skip, &end, 0);
    if (!root) {
        size_t off = end && end >= data + skip ? (size_t)(end - data) : skip;
        if (off > len)
            off = len;
        int cut = off >= len || truncated(data, len);
        if (cut)
            off = len;
        /* a number written with thousands separators ("920,000"), or a
         * file of a CSV bundle given instead of its folder */
        char *hint = NULL;
        size_t num = thousands(data, len, off);
        if (num < len) {
            char plain[MAX_NUMBER + 1];
            size_t n = 0;
            for (size_t k = num; k < len && n < MAX_NUMBER; k++) {
                if (data[k] == ',')
                    continue;
                if (!strchr("0123456789.-", data[k]))
                    break;
                plain[n++] = data[k];
            }
            plain[n] = '\0';
            off = num;
            hint = co_asprintf(" (no thousands separators in numbers: write %s)", plain);
        } else if (at(data, len, off, "NaN") || at(data, len, off, "Infinity") ||
                   at(data, len, off, "-Infinity")) {
            hint = co_strdup(" (JSON has no NaN or Infinity: give a finite number)");
        } else if (ends_with(name, ".csv")) {
            const char *slash = strrchr(name, '/');
            hint = co_asprintf(" (a CSV bundle is read from its folder: give '%.*s')",
                               slash ? (int)(slash - name) : 1, slash ? name : ".");
        }
        co_err(dg, "%s:%d: not valid JSON: %s%s%s", name, line_of(data, off),
               cut ? "unexpected end of input (truncated?)" : "syntax error",
               near_text(data, len, off), hint ? hint : "");
        free(hint);
        goto done;
    }
    size_t after = (size_t)(end - data);
    while (after < len && strchr(" \t\r\n", data[after]))
        after++;
    if (after < len) {
        co_err(dg, "%s:%d: not valid JSON: text after the end of the top object%s", name,
               line_of(data, after), near_text(data, len, after));
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
