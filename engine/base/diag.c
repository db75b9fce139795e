/*
 * diag.c: collects error and warning messages for the caller to print.
 * Library code never prints; the command line decides what to show.
 */
#include "base/diag.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

void co_diag_init(co_diag *dg)
{
    memset(dg, 0, sizeof *dg);
}

void co_diag_release(co_diag *dg)
{
    if (!dg)
        return;
    for (int i = 0; i < dg->n; i++)
        free(dg->msg[i]);
    free(dg->msg);
    free(dg->is_error);
    co_diag_init(dg);
}

co_diag *co_diag_new(void)
{
    co_diag *dg = calloc(1, sizeof *dg);
    return dg;
}

void co_diag_free(co_diag *dg)
{
    co_diag_release(dg);
    free(dg);
}

int co_diag_errors(const co_diag *dg) { return dg ? dg->errors : 0; }
int co_diag_count(const co_diag *dg) { return dg ? dg->n : 0; }

const char *co_diag_message(const co_diag *dg, int i, int *is_error)
{
    if (!dg || i < 0 || i >= dg->n)
        return NULL;
    if (is_error)
        *is_error = dg->is_error[i];
    return dg->msg[i];
}

static void push(co_diag *dg, int is_error, char *text)
{
    if (!text)
        return; /* out of memory: the count below still says something failed */
    if (dg->n == dg->cap) {
        int cap = dg->cap ? dg->cap * 2 : 16;
        char **m = realloc(dg->msg, (size_t)cap * sizeof *m);
        if (!m) {
            free(text);
            return;
        }
        dg->msg = m;
        unsigned char *e = realloc(dg->is_error, (size_t)cap);
        if (!e) {
            free(text);
            return;
        }
        dg->is_error = e;
        dg->cap = cap;
    }
    dg->msg[dg->n] = text;
    dg->is_error[dg->n] = (unsigned char)is_error;
    dg->n++;
}

static void vrecord(co_diag *dg, int is_error, const co_where *w, const char *field,
                    const char *fmt, va_list ap)
{
    if (!dg)
        return;
    if (is_error) {
        dg->errors++;
        if (dg->errors_kept >= CO_DIAG_CAP)
            return;
        dg->errors_kept++;
    }
    char *body = co_vasprintf(fmt, ap);
    if (!body)
        return;
    char *text;
    if (!w || !w->text)
        text = field ? co_asprintf("%s: %s", field, body) : co_strdup(body);
    else if (!field)
        text = co_asprintf("%s: %s", w->text, body);
    else if (w->sep == '.')
        text = co_asprintf("%s.%s: %s", w->text, field, body);
    else
        text = co_asprintf("%s: %s: %s", w->text, field, body);
    free(body);
    if (text && w && w->note) {
        char *t2 = co_asprintf("%s (%s)", text, w->note);
        free(text);
        text = t2;
    }
    push(dg, is_error, text);
}

void co_err(co_diag *dg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vrecord(dg, 1, NULL, NULL, fmt, ap);
    va_end(ap);
}

void co_warn(co_diag *dg, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vrecord(dg, 0, NULL, NULL, fmt, ap);
    va_end(ap);
}

void co_err_at(co_diag *dg, const co_where *w, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vrecord(dg, 1, w, field, fmt, ap);
    va_end(ap);
}

void co_warn_at(co_diag *dg, const co_where *w, const char *field, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vrecord(dg, 0, w, field, fmt, ap);
    va_end(ap);
}

void co_diag_finish(co_diag *dg)
{
    if (dg && dg->errors > dg->errors_kept) {
        int more = dg->errors - dg->errors_kept;
        push(dg, 1, co_asprintf("... and %d more error%s", more, more == 1 ? "" : "s"));
    }
}

void co_where_release(co_where *w)
{
    if (w) {
        free(w->text);
        free(w->note);
        w->text = NULL;
        w->note = NULL;
    }
}

int co_where_set(co_where *w, char sep, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *t = co_vasprintf(fmt, ap);
    va_end(ap);
    if (!t)
        return CO_EINTERNAL;
    free(w->text);
    w->text = t;
    w->sep = sep;
    return CO_OK;
}
