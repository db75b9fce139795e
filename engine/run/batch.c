/*
 * batch.c: jobs in child processes (batch.h). Each child writes its text
 * to a pipe and exits with its code; the parent polls the pipes of the
 * running children, so no child blocks on a full pipe, and collects each
 * text when its pipe closes. What the texts mean is the caller's.
 */
#include "run/batch.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/util.h"

typedef struct slot {
    pid_t pid;
    int fd;  /* read end of the child's pipe */
    int job;
    co_buf text;
} slot;

/* In the child: the whole buffer to fd. */
static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t k = write(fd, p, n);
        if (k < 0 && errno == EINTR)
            continue;
        if (k <= 0)
            return -1;
        p += k;
        n -= (size_t)k;
    }
    return 0;
}

/* The exit status of a job code (0, 1-5, 70) and back. */
static int code_status(int rc)
{
    return rc <= 0 && rc >= -255 ? -rc : 70;
}

static int status_code(int st)
{
    switch (st) {
    case 0:
        return CO_OK;
    case 1:
        return CO_EINFEASIBLE;
    case 2:
        return CO_EUSAGE;
    case 3:
        return CO_EINPUT;
    case 4:
        return CO_ESOLVER;
    case 5:
        return CO_EIO;
    default:
        return CO_EINTERNAL;
    }
}

static void finish(co_batch_result *r, co_buf *text, int rc)
{
    if (text->oom) {
        co_buf_release(text);
        rc = CO_EINTERNAL;
    }
    r->rc = rc;
    r->len = text->len;
    r->text = text->data ? text->data : co_strdup("");
    co_buf_init(text);
    if (!r->text)
        r->rc = CO_EINTERNAL;
}

/* A job in this process. */
static void run_here(co_batch_fn *fn, void *ctx, int job, co_batch_result *r)
{
    co_buf out;
    co_buf_init(&out);
    int rc = fn(ctx, job, &out);
    co_buf_put(&out, "", 0);
    finish(r, &out, rc);
}

/* Starts job `job` in a child; CO_OK or CO_EINTERNAL. */
static int start(slot *s, const slot *running, int n_running, co_batch_fn *fn, void *ctx,
                 void (*child_exit)(void *), int job, co_diag *dg)
{
    int p[2];
    if (pipe(p) != 0) {
        co_err(dg, "cannot start a job: %s", strerror(errno));
        return CO_EINTERNAL;
    }
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        co_err(dg, "cannot start a job: %s", strerror(errno));
        close(p[0]);
        close(p[1]);
        return CO_EINTERNAL;
    }
    if (pid == 0) {
        close(p[0]);
        for (int i = 0; i < n_running; i++)
            close(running[i].fd);
        co_buf out;
        co_buf_init(&out);
        int rc = fn(ctx, job, &out);
        if (out.oom)
            rc = CO_EINTERNAL;
        if (out.len && write_all(p[1], out.data, out.len) != 0)
            rc = CO_EINTERNAL;
        co_buf_release(&out);
        close(p[1]);
        if (child_exit)
            child_exit(ctx);
        _exit(code_status(rc));
    }
    close(p[1]);
    s->pid = pid;
    s->fd = p[0];
    s->job = job;
    co_buf_init(&s->text);
    return CO_OK;
}

/* The child of slot s has closed its pipe: wait for it, keep its result. */
static int reap(slot *s, co_batch_result *res, co_diag *dg)
{
    int st;
    close(s->fd);
    while (waitpid(s->pid, &st, 0) < 0) {
        if (errno != EINTR) {
            co_err(dg, "waiting for a job: %s", strerror(errno));
            co_buf_release(&s->text);
            return CO_EINTERNAL;
        }
    }
    int rc = CO_EINTERNAL;
    if (WIFEXITED(st)) {
        rc = status_code(WEXITSTATUS(st));
    } else {
        co_buf_release(&s->text);
        co_buf_printf(&s->text, "the job ended by signal %d",
                      WIFSIGNALED(st) ? WTERMSIG(st) : 0);
    }
    co_buf_put(&s->text, "", 0);
    finish(&res[s->job], &s->text, rc);
    return CO_OK;
}

int co_batch_run(int n, int parallel, co_batch_fn *fn, void *ctx, void (*child_exit)(void *),
                 co_batch_result *res, co_diag *dg)
{
    memset(res, 0, (size_t)n * sizeof *res);
    if (parallel <= 1) {
        for (int i = 0; i < n; i++)
            run_here(fn, ctx, i, &res[i]);
        return CO_OK;
    }
    slot *run = calloc((size_t)parallel, sizeof *run);
    struct pollfd *pf = calloc((size_t)parallel, sizeof *pf);
    if (!run || !pf) {
        free(run);
        free(pf);
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    int next = 0, k = 0, rc = CO_OK;
    while (rc == CO_OK && (next < n || k > 0)) {
        while (rc == CO_OK && next < n && k < parallel) {
            rc = start(&run[k], run, k, fn, ctx, child_exit, next, dg);
            if (rc == CO_OK) {
                k++;
                next++;
            }
        }
        if (k <= 0)
            break;
        for (int i = 0; i < k; i++)
            pf[i] = (struct pollfd){.fd = run[i].fd, .events = POLLIN};
        if (poll(pf, (nfds_t)k, -1) < 0) {
            if (errno == EINTR)
                continue;
            co_err(dg, "waiting for the jobs: %s", strerror(errno));
            rc = CO_EINTERNAL;
            break;
        }
        for (int i = k - 1; i >= 0; i--) {
            if (!(pf[i].revents & (POLLIN | POLLHUP | POLLERR)))
                continue;
            char buf[65536];
            ssize_t got = read(run[i].fd, buf, sizeof buf);
            if (got < 0 && errno == EINTR)
                continue;
            if (got > 0) {
                co_buf_put(&run[i].text, buf, (size_t)got);
                continue;
            }
            int r = reap(&run[i], res, dg); /* end of its text */
            if (r != CO_OK)
                rc = r;
            run[i] = run[--k];
        }
    }
    /* after a failure: the children still running are waited for */
    for (int i = 0; i < k; i++) {
        close(run[i].fd);
        while (waitpid(run[i].pid, NULL, 0) < 0 && errno == EINTR) {
        }
        co_buf_release(&run[i].text);
    }
    free(run);
    free(pf);
    return rc;
}

void co_batch_release(co_batch_result *res, int n)
{
    for (int i = 0; res && i < n; i++) {
        free(res[i].text);
        res[i].text = NULL;
    }
}
