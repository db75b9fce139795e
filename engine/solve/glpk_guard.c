/*
 * glpk_guard.c: GLPK's error and terminal hooks for the files that call
 * GLPK (search.c, seat_gain.c, export_lp.c, explain.c). GLPK aborts the
 * process on misuse; the error hook longjmps back to the caller's setjmp
 * instead, and the terminal hook keeps GLPK's last words for the message
 * (STYLE.md "Errors").
 */
#include "solve/glpk_guard.h"

#include <glpk.h>
#include <string.h>

static int term_hook(void *info, const char *s)
{
    co_guard *g = info;
    size_t have = strlen(g->tail), add = strlen(s);
    if (add >= sizeof g->tail) {
        s += add - (sizeof g->tail - 1);
        add = sizeof g->tail - 1;
    }
    if (have + add >= sizeof g->tail) {
        size_t drop = have + add - (sizeof g->tail - 1);
        memmove(g->tail, g->tail + drop, have - drop + 1);
        have -= drop;
    }
    memcpy(g->tail + have, s, add + 1);
    if (g->log)
        g->log(g->log_ctx, s);
    return 1; /* never let GLPK print by itself */
}

static void error_hook(void *info)
{
    co_guard *g = info;
    longjmp(g->jb, 1); /* GLPK aborts if the hook returns */
}

void co_guard_install(co_guard *g)
{
    glp_term_hook(term_hook, g);
    glp_error_hook(error_hook, g);
}

void co_guard_remove(void)
{
    glp_error_hook(NULL, NULL);
    glp_term_hook(NULL, NULL);
}

/* After a GLPK error every GLPK object is dead: free the environment. */
void co_guard_fail(co_guard *g, co_diag *dg)
{
    glp_free_env();
    char *t = g->tail;
    size_t n = strlen(t);
    while (n && (t[n - 1] == '\n' || t[n - 1] == ' '))
        t[--n] = '\0';
    /* GLPK prints the reason, then "Error detected in file ... at line ..." */
    char *last = strrchr(t, '\n');
    if (last && strncmp(last + 1, "Error detected", 14) == 0) {
        *last = '\0';
        char *prev = strrchr(t, '\n');
        co_err(dg, "GLPK failed: %s (%s)", prev ? prev + 1 : t, last + 1);
    } else {
        co_err(dg, "GLPK failed: %s", last ? last + 1 : (n ? t : "unknown error"));
    }
}
