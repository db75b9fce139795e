/*
 * output.h: writing result files without ever leaving a half-written one:
 * everything goes to a temporary file beside the target, is flushed and
 * synced, then renamed into place. "-" means standard output. The public
 * part (co_write_atomic, co_write_files, co_file_read, co_buf) is in
 * include/coalitions.h; the helpers of the engine's writers are here.
 */
#ifndef CO_OUTPUT_H
#define CO_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include "base/diag.h"

/* Makes a new temporary file beside `path` (".NAME.XXXXXX" in the same
 * folder, so that a rename can replace the target): returns its open file
 * descriptor and its name in *tmp (the caller closes the one and renames or
 * unlinks and frees the other), or a negative CO_E* code with the reason in
 * dg ("PATH: cannot write: reason"). */
int co_temp_beside(const char *path, char **tmp, co_diag *dg);
/* Puts a temporary file a library has written (co_temp_beside's, or for
 * "-" any) in place of path: synced, with the usual permissions of a new
 * file, renamed onto path; for "-" copied to standard output. The
 * temporary file is gone afterwards, whatever happened (the caller frees
 * the name). CO_EIO "PATH: cannot write: reason" ("TMP: cannot read back:
 * reason", "stdout: write failed: reason"). */
int co_temp_commit(const char *tmp, const char *path, co_diag *dg);
/* Creates a folder (and no parents) unless it exists. */
int co_ensure_dir(const char *dir, co_diag *dg);

/* co_buf, co_buf_put, co_buf_printf: include/coalitions.h. */
/* Appends a CSV cell (RFC 4180 quoting when needed), preceded by a comma
 * unless `first`. */
void co_buf_csv(co_buf *b, const char *cell, int first);

/* Writes n files into the existing folder `dir` (names[i] gets bufs[i]) as
 * one change: all are written to temporary files and synced before the
 * first is renamed into place, so a failed write (full disk, read-only
 * folder) leaves every earlier file as it was and no temporary file.
 * Only a failing rename, after all the data is safe, can leave some files
 * replaced and others not. CO_EIO with the file and the reason. */
int co_write_files_atomic(const char *dir, const char *const *names,
                          const co_buf *bufs, int n, co_diag *dg);

#endif
