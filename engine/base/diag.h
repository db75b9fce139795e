/*
 * diag.h: the diagnostics collector behind co_diag (errors and warnings as
 * one-line messages), and helpers that format "where: field: problem".
 * Callers own the text; this module only stores and caps it.
 */
#ifndef CO_DIAG_H
#define CO_DIAG_H

#include "coalitions.h"

#define CO_DIAG_CAP 100 /* errors kept; later ones are only counted */

struct co_diag {
    char **msg;
    unsigned char *is_error;
    int n, cap;
    int errors;       /* all errors, kept or not */
    int errors_kept;
};

/* Where an item or value came from: "data.json: needs[3]" with sep '.'
 * (JSON paths), or "bundle/needs.csv:12" with sep ':' (CSV lines). */
typedef struct co_where {
    char *text;
    char sep;
    char *note; /* appended to messages as " (note)", e.g. "need 'LAO-x'" */
} co_where;

void co_where_release(co_where *w);
int co_where_set(co_where *w, char sep, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

void co_diag_init(co_diag *dg);
void co_diag_release(co_diag *dg);
/* Records an error or a warning. */
void co_err(co_diag *dg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void co_warn(co_diag *dg, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* An error or warning about `field` (may be NULL) of the item at `w`:
 * "data.json: needs[3].amount: problem" or "needs.csv:12: amount: problem". */
void co_err_at(co_diag *dg, const co_where *w, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void co_warn_at(co_diag *dg, const co_where *w, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
/* Appends "... and N more errors" when errors were capped. */
void co_diag_finish(co_diag *dg);

#endif
