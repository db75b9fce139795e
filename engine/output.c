/*
 * output.c: atomic file writes (temporary file, fsync, rename) and the
 * in-memory buffer every writer fills before anything touches the disk.
 */
#include "output.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

int co_write_atomic(const char *path, const char *data, size_t len, co_diag *dg)
{
    if (strcmp(path, "-") == 0) {
        if (fwrite(data, 1, len, stdout) != len || fflush(stdout) != 0) {
            co_err(dg, "stdout: write failed: %s", strerror(errno));
            return CO_EIO;
        }
        return CO_OK;
    }
    const char *slash = strrchr(path, '/');
    char *tmp = slash ? co_asprintf("%.*s/.%s.XXXXXX", (int)(slash - path), path, slash + 1)
                      : co_asprintf(".%s.XXXXXX", path);
    if (!tmp) {
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    int rc = CO_EIO;
    int fd = mkstemp(tmp);
    if (fd < 0) {
        co_err(dg, "%s: cannot write: %s", path, strerror(errno));
        free(tmp);
        return CO_EIO;
    }
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
    if (fsync(fd) != 0) {
        co_err(dg, "%s: cannot write: %s", path, strerror(errno));
        goto fail;
    }
    /* keep the usual permissions of a new file (mkstemp makes it 0600) */
    mode_t um = umask(0);
    umask(um);
    if (fchmod(fd, 0666 & ~um) != 0) {
        co_err(dg, "%s: cannot write: %s", path, strerror(errno));
        goto fail;
    }
    if (close(fd) != 0) {
        fd = -1;
        co_err(dg, "%s: cannot write: %s", path, strerror(errno));
        goto fail;
    }
    fd = -1;
    if (rename(tmp, path) != 0) {
        co_err(dg, "%s: cannot write: %s", path, strerror(errno));
        goto fail;
    }
    free(tmp);
    return CO_OK;
fail:
    if (fd >= 0)
        close(fd);
    unlink(tmp);
    free(tmp);
    return rc;
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

void co_buf_csv(co_buf *b, const char *cell, int first)
{
    if (!first)
        co_buf_put(b, ",", 1);
    if (!cell)
        return;
    if (!strpbrk(cell, ",\"\r\n")) {
        co_buf_put(b, cell, strlen(cell));
        return;
    }
    co_buf_put(b, "\"", 1);
    for (const char *p = cell; *p; p++) {
        if (*p == '"')
            co_buf_put(b, "\"", 1);
        co_buf_put(b, p, 1);
    }
    co_buf_put(b, "\"", 1);
}
