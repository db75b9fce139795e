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
/* CSV files as the engine writes them (plan CSVs, a dataset's CSV
 * bundle), for Excel and LibreOffice as well as scripts: each starts with
 * a UTF-8 byte-order mark (without one, Excel reads "C\xc3\xb4te" as
 * "CÃ´te"), and a text cell that a spreadsheet would take for a formula
 * (first character =, +, -, @, tab or carriage return; OWASP's "CSV
 * Injection") gets an apostrophe before it, as does one that starts with
 * an apostrophe followed by such a character or another apostrophe, so
 * that co_csv_unguard gives back exactly the text written. Numbers are
 * not text cells: -5 is written as it is. */
#define CO_CSV_BOM "\xEF\xBB\xBF"
/* Appends a text cell (NULL or "": empty), guarded as above and quoted
 * when needed (RFC 4180: a comma, a quote or a line break; a space or tab
 * first or last, which readers trim), preceded by a comma unless `first`. */
void co_buf_csv(co_buf *b, const char *cell, int first);
/* Whether co_buf_csv puts an apostrophe before the text s. */
int co_csv_guarded(const char *s);
/* A cell as read from a CSV file, without the apostrophe co_buf_csv put
 * before it: s, or s + 1 (borrowed from s). */
const char *co_csv_unguard(const char *s);

/* Writes n files into the existing folder `dir` (names[i] gets bufs[i]) as
 * one change: all are written to temporary files and synced before the
 * first is renamed into place, so a failed write (full disk, read-only
 * folder) leaves every earlier file as it was and no temporary file.
 * Only a failing rename, after all the data is safe, can leave some files
 * replaced and others not. CO_EIO with the file and the reason. */
int co_write_files_atomic(const char *dir, const char *const *names,
                          const co_buf *bufs, int n, co_diag *dg);

#endif
