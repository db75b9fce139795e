/*
 * export_lp.c: the model in GLPK's CPLEX LP and free MPS formats, written
 * by GLPK's own writers to a temporary file beside the target (they unlink
 * their target) and renamed into place.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "base/output.h"
#include "base/util.h"
#include "solve/formulate.h"
#include "solve/glpk_guard.h"
#include "solve/solve.h"

/* Builds the model and hands it to GLPK's writer; the only part of the
 * export that can hit a GLPK error, so the only one under setjmp. */
__attribute__((noinline)) static int glpk_write(const co_instance *in, enum co_model_format fmt, const char *tmp,
                      co_diag *dg)
{
    int *budget_row = malloc(((size_t)in->nd * (size_t)in->ny + 1) * sizeof *budget_row);
    int *z_col = malloc(((size_t)in->ns + 1) * sizeof *z_col);
    if (!budget_row || !z_col) {
        free(budget_row);
        free(z_col);
        return CO_EINTERNAL;
    }
    co_guard g = {0};
    if (setjmp(g.jb)) {
        co_guard_fail(&g, dg);
        free(budget_row);
        free(z_col);
        return CO_ESOLVER;
    }
    co_guard_install(&g);
    glp_prob *P = glp_create_prob();
    int rc = co_formulate(in, NULL, P, budget_row, z_col, 1, NULL, NULL, NULL, NULL);
    if (rc == CO_OK) {
        int wr;
        if (fmt == CO_FMT_LP) {
            wr = glp_write_lp(P, NULL, tmp);
        } else {
            glp_mpscp mp;
            glp_init_mpscp(&mp);
            wr = glp_write_mps(P, GLP_MPS_FILE, &mp, tmp);
        }
        if (wr != 0) {
            co_err(dg, "%s: GLPK could not write the model", tmp);
            rc = CO_EIO;
        }
    }
    glp_delete_prob(P);
    co_guard_remove();
    free(budget_row);
    free(z_col);
    return rc;
}

int co_model_write(const co_instance *in, enum co_model_format fmt, const char *path,
                   co_diag *dg)
{
    int rc = CO_EIO;
    char *tmp;
    int to_stdout = strcmp(path, "-") == 0;
    /* GLPK's writers unlink their target: give them a fresh temporary file */
    if (to_stdout) {
        const char *dir = getenv("TMPDIR");
        tmp = co_asprintf("%s/coalitions-model.XXXXXX", dir && *dir ? dir : "/tmp");
        if (!tmp)
            return CO_EINTERNAL;
    }
    int fd = to_stdout ? mkstemp(tmp) : co_temp_beside(path, &tmp, dg);
    if (fd < 0) {
        if (to_stdout) {
            co_err(dg, "%s: cannot write: %s", path, strerror(errno));
            free(tmp);
        }
        return to_stdout ? CO_EIO : fd;
    }
    close(fd);
    rc = glpk_write(in, fmt, tmp, dg);
    if (rc == CO_OK)
        rc = co_temp_commit(tmp, path, dg);
    unlink(tmp); /* gone already when committed */
    free(tmp);
    return rc;
}
