/*
 * glpk_guard.h: turning a GLPK error (which would abort) into CO_ESOLVER.
 * Use: co_guard g = {...}; if (setjmp(g.jb)) { co_guard_fail(&g, dg); ... }
 * co_guard_install(&g); ... GLPK calls ... co_guard_remove();
 * The calls between install and remove belong in a function that is not
 * the one calling setjmp (its locals would be indeterminate after longjmp).
 */
#ifndef CO_GLPK_GUARD_H
#define CO_GLPK_GUARD_H

#include <setjmp.h>

#include "base/diag.h"

typedef struct co_guard {
    jmp_buf jb;
    char tail[1024]; /* last terminal output, for the error message */
    void (*log)(void *ctx, const char *text); /* GLPK's output, or NULL */
    void *log_ctx;
} co_guard;

void co_guard_install(co_guard *g);
void co_guard_remove(void);
/* After a GLPK error every GLPK object is dead: frees GLPK's environment
 * and puts GLPK's reason into dg. */
void co_guard_fail(co_guard *g, co_diag *dg);

#endif
