/*
 * output.c: atomic file writes (temporary file, fsync, rename), reading a
 * whole file with its message, the in-memory buffer every writer fills
 * before anything touches the disk, and the cells of the CSV files every
 * CSV writer makes (and the one rule of theirs the CSV loader undoes).
 */
#include "base/output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base/util.h"

/* Writes `len` bytes to a new temporary file beside `path` (".NAME.XXXXXX"
 * in the same folder, so a rename can replace the target), synced and with
 * the usual permissions of a new file. On success *tmp is its name (the
 * caller renames or removes it); on failure nothing is left behind. */
int co_temp_beside(const char *path, char **tmp, co_diag *dg)
{
    const char *slash = strrchr(path, '/');
    char *t = slash ? co_asprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
                    : co_asprintf(".%s.XXXXXX", path);
    *tmp = NULL;
    if (!t) {
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    int fd = mkstemp(t);
    if (fd < 0) {
        co_err(dg, "%s: cannot write: %s", path, strerror(errno));
        free(t);
        return CO_EIO;
    }
    *tmp = t;
    return fd;
}

/* Syncs and closes fd, with the usual permissions of a new file (mkstemp
 * makes it 0600); 0, or -1 with errno set (fd closed either way). */
static int close_synced(int fd)
{
    mode_t um = umask(0);
    umask(um);
    int bad = fsync(fd) != 0 || fchmod(fd, 0666 & ~um) != 0;
    int saved = errno;
    if (close(fd) != 0)
        return -1;
    errno = saved;
    return bad ? -1 : 0;
}

static int write_temp(const char *path, const char *data, size_t len, char **tmp,
                      co_diag *dg)
{
    char *t;
    int fd = co_temp_beside(path, &t, dg);
    if (fd < 0)
        return fd;
    *tmp = NULL;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            co_err(dg, "%s: cannot write: %s", path, strerror(errno));
            goto fail;
        }
        off += (size_t)w;
    }
    if (close_synced(fd) != 0) {
        fd = -1;
        co_err(dg, "%s: cannot write: %s", path, strerror(errno));
        goto fail;
    }
    *tmp = t;
    return CO_OK;
fail:
    if (fd >= 0)
        close(fd);
    unlink(t);
    free(t);
    return CO_EIO;
}

int co_write_atomic(const char *path, const char *data, size_t len, co_diag *dg)
{
    if (strcmp(path, "-") == 0) {
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
            co_err(dg, "stdout: write failed: %s", strerror(errno));
            return CO_EIO;
        }
        return CO_OK;
    }
    char *tmp;
    int rc = write_temp(path, data, len, &tmp, dg);
    if (rc != CO_OK)
        return rc;
    if (rename(tmp, path) != 0) {
        co_err(dg, "%s: cannot write: %s", path, strerror(errno));
        unlink(tmp);
        rc = CO_EIO;
    }
    free(tmp);
    return rc;
}

int co_temp_commit(const char *tmp, const char *path, co_diag *dg)
{
    int rc = CO_EIO;
    if (strcmp(path, "-") == 0) {
        char *data;
        size_t len;
        if (co_read_file(tmp, &data, &len) != 0) {
            co_err(dg, "%s: cannot read back: %s", tmp, strerror(errno));
        } else {
            size_t put = fwrite(data, 1, len, stdout);
            free(data);
            if (put != len || fflush(stdout) != 0)
                co_err(dg, "stdout: write failed: %s", strerror(errno));
            else
                rc = CO_OK;
        }
    } else {
        int fd = open(tmp, O_RDONLY);
        if (fd < 0 || close_synced(fd) != 0 || rename(tmp, path) != 0)
            co_err(dg, "%s: cannot write: %s", path, strerror(errno));
        else
            rc = CO_OK;
    }
    unlink(tmp); /* gone already after a rename */
    return rc;
}

int co_write_files_atomic(const char *dir, const char *const *names, const co_buf *bufs,
                          int n, co_diag *dg)
{
    char **path = calloc((size_t)(n > 0 ? n : 1), sizeof *path);
    char **tmp = calloc((size_t)(n > 0 ? n : 1), sizeof *tmp);
    int rc = CO_OK, i;
    size_t dl = strlen(dir);
    const char *sep = dl && dir[dl - 1] == '/' ? "" : "/";
    if (!path || !tmp) {
        co_err(dg, "out of memory");
        rc = CO_EINTERNAL;
        goto done;
    }
    /* every file written and synced first ... */
    for (i = 0; i < n && rc == CO_OK; i++) {
        path[i] = co_asprintf("%s%s%s", dir, sep, names[i]);
        if (!path[i]) {
            co_err(dg, "out of memory");
            rc = CO_EINTERNAL;
            break;
        }
        if (bufs[i].oom) {
            co_err(dg, "%s: out of memory", path[i]);
            rc = CO_EINTERNAL;
            break;
        }
        rc = write_temp(path[i], bufs[i].data ? bufs[i].data : "", bufs[i].len, &tmp[i], dg);
    }
    /* ... then renamed into place, or none of them is */
    for (i = 0; i < n && rc == CO_OK; i++) {
        if (rename(tmp[i], path[i]) != 0) {
            co_err(dg, "%s: cannot write: %s", path[i], strerror(errno));
            rc = CO_EIO;
            break;
        }
        free(tmp[i]);
        tmp[i] = NULL;
    }
done:
    for (i = 0; i < n && path && tmp; i++) {
        if (tmp[i])
            unlink(tmp[i]);
        free(tmp[i]);
        free(path[i]);
    }
    free(path);
    free(tmp);
    return rc;
}

int co_write_files(const char *dir, const char *const *names, const co_buf *bufs, int n,
                   co_diag *dg)
{
    int rc = co_ensure_dir(dir, dg);
    /* all files or none: a failed write leaves the earlier set as it was */
    if (rc == CO_OK)
        rc = co_write_files_atomic(dir, names, bufs, n, dg);
    return rc;
}

int co_file_read(const char *path, char **data, size_t *len, co_diag *dg)
{
    *data = NULL;
    if (co_read_file(path, data, len) != 0) {
        co_err(dg, "%s: cannot open: %s", path, strerror(errno));
        return CO_EIO;
    }
    return CO_OK;
}

int co_ensure_dir(const char *dir, co_diag *dg)
{
    struct stat st;
    if (stat(dir, &st) == 0) {
        if (S_ISDIR(st.st_mode))
            return CO_OK;
        co_err(dg, "%s: not a folder", dir);
        return CO_EIO;
    }
    if (mkdir(dir, 0777) != 0) {
        co_err(dg, "%s: cannot create the folder: %s", dir, strerror(errno));
        return CO_EIO;
    }
    return CO_OK;
}

void co_buf_init(co_buf *b)
{
    memset(b, 0, sizeof *b);
}

void co_buf_release(co_buf *b)
{
    free(b->data);
    co_buf_init(b);
}

void co_buf_put(co_buf *b, const char *s, size_t n)
{
    if (b->oom)
        return;
    if (b->len + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 4096;
        while (cap < b->len + n + 1)
            cap *= 2;
        char *d = realloc(b->data, cap);
        if (!d) {
            b->oom = 1;
            return;
        }
        b->data = d;
        b->cap = cap;
    }
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void co_buf_printf(co_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *s = co_vasprintf(fmt, ap);
    va_end(ap);
    if (!s) {
        b->oom = 1;
        return;
    }
    co_buf_put(b, s, strlen(s));
    free(s);
}

/* The first characters that make a spreadsheet read a cell as a formula
 * (OWASP, "CSV Injection"). */
static int formula_start(char c)
{
    return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';
}

int co_csv_guarded(const char *s)
{
    return s && (formula_start(s[0]) || (s[0] == '\'' && (formula_start(s[1]) || s[1] == '\'')));
}

const char *co_csv_unguard(const char *s)
{
    /* exactly the cells co_buf_csv guarded: s[1..] is what it was given */
    return s && s[0] == '\'' && co_csv_guarded(s + 1) ? s + 1 : s;
}

void co_buf_csv(co_buf *b, const char *cell, int first)
{
    if (!first)
        co_buf_put(b, ",", 1);
    if (!cell || !*cell)
        return; /* an empty cell: "not given" */
    size_t n = strlen(cell);
    int guard = co_csv_guarded(cell);
    /* RFC 4180 quotes a cell with a comma, a quote or a line break; readers
     * (libcsv) trim spaces and tabs around an unquoted cell, so a cell that
     * starts (unguarded) or ends with one is quoted too */
    int quote = strcspn(cell, ",\"\r\n") < n || (!guard && (cell[0] == ' ' || cell[0] == '\t')) ||
                cell[n - 1] == ' ' || cell[n - 1] == '\t';
    if (quote)
        co_buf_put(b, "\"", 1);
    if (guard)
        co_buf_put(b, "'", 1);
    if (!quote) {
        co_buf_put(b, cell, n);
        return;
    }
    for (const char *p = cell; *p;) {
        size_t run = strcspn(p, "\"");
        co_buf_put(b, p, run);
        p += run;
        if (*p) {
            co_buf_put(b, "\"\"", 2);
            p++;
        }
    }
    co_buf_put(b, "\"", 1);
}
