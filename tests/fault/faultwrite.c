/*
 * faultwrite.c: an LD_PRELOAD shim that makes file writes fail, to test
 * that a full disk or a read-only folder leaves earlier files intact:
 *
 *   COALITIONS_FAULT=ERROR:CALL[,ERROR:CALL...]
 *     ERROR  enospc | erofs | eio | edquot
 *     CALL   write | fsync | rename | mkstemp | mkdir | open
 *   COALITIONS_FAULT_PATH=TEXT   only files whose path contains TEXT
 *
 * write and fsync fail only on regular files other than stdin, stdout and
 * stderr (so the error message still gets out); open only when it creates
 * a file. Each call goes on to the real function when no fault applies.
 * glibc's stdio writes through an internal alias that this cannot catch,
 * so the engine's writers use write(2) (engine/output.c).
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static int fault(const char *call)
{
    const char *spec = getenv("COALITIONS_FAULT");
    size_t cl = strlen(call);
    for (const char *p = spec; p && *p;) {
        const char *colon = strchr(p, ':');
        const char *end = strchr(p, ',');
        if (!end)
            end = p + strlen(p);
        if (colon && colon < end && (size_t)(end - colon - 1) == cl &&
            strncmp(colon + 1, call, cl) == 0) {
            size_t el = (size_t)(colon - p);
            if (el == 6 && strncmp(p, "enospc", 6) == 0)
                return ENOSPC;
            if (el == 5 && strncmp(p, "erofs", 5) == 0)
                return EROFS;
            if (el == 3 && strncmp(p, "eio", 3) == 0)
                return EIO;
            if (el == 6 && strncmp(p, "edquot", 6) == 0)
                return EDQUOT;
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}

/* A relative path is matched as the absolute one it names. */
static int path_matches(const char *path)
{
    const char *want = getenv("COALITIONS_FAULT_PATH");
    char abs[8192], cwd[4096];
    if (!want || !*want)
        return 1;
    if (!path)
        return 0;
    if (path[0] != '/' && getcwd(cwd, sizeof cwd)) {
        snprintf(abs, sizeof abs, "%s/%s", cwd, path);
        path = abs;
    }
    return strstr(path, want) != NULL;
}

static int fd_matches(int fd)
{
    struct stat st;
    char link[64], path[4096];
    if (fd <= 2 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n < 0)
        return path_matches(NULL);
    path[n] = '\0';
    return path_matches(path);
}

#define REAL(name, type) ((type)dlsym(RTLD_NEXT, name))

ssize_t write(int fd, const void *buf, size_t n)
{
    int e = fault("write");
    if (e && fd_matches(fd)) {
        errno = e;
        return -1;
    }
    return REAL("write", ssize_t (*)(int, const void *, size_t))(fd, buf, n);
}

int fsync(int fd)
{
    int e = fault("fsync");
    if (e && fd_matches(fd)) {
        errno = e;
        return -1;
    }
    return REAL("fsync", int (*)(int))(fd);
}

int rename(const char *from, const char *to)
{
    int e = fault("rename");
    if (e && (path_matches(from) || path_matches(to))) {
        errno = e;
        return -1;
    }
    return REAL("rename", int (*)(const char *, const char *))(from, to);
}

int mkstemp(char *tmpl)
{
    int e = fault("mkstemp");
    if (e && path_matches(tmpl)) {
        errno = e;
        return -1;
    }
    return REAL("mkstemp", int (*)(char *))(tmpl);
}

int mkdir(const char *path, mode_t mode)
{
    int e = fault("mkdir");
    if (e && path_matches(path)) {
        errno = e;
        return -1;
    }
    return REAL("mkdir", int (*)(const char *, mode_t))(path, mode);
}

int open(const char *path, int flags, ...)
{
    mode_t mode = 0;
    if (flags & (O_CREAT | O_TMPFILE)) {
        va_list ap;
        va_start(ap, flags);
        mode = (mode_t)va_arg(ap, int);
        va_end(ap);
    }
    int e = fault("open");
    if (e && (flags & O_CREAT) && path_matches(path)) {
        errno = e;
        return -1;
    }
    return REAL("open", int (*)(const char *, int, ...))(path, flags, mode);
}
