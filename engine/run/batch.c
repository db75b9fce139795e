/*
 * batch.c: jobs run in child processes, at most a given number at once
 * (co_batch_run, include/coalitions.h), for what-if runs and anything else
 * that needs a fresh GLPK per job. A child runs its job and hands back its
 * code, its messages and its result as one small JSON file in a private
 * temporary folder: {"code": C, "messages": [{"error": B, "text": T}],
 * "result": R}; the parent reads each file as its child ends and keeps it
 * by job index. What a job does and what its result means are the
 * caller's.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "base/json.h"
#include "base/output.h"
#include "base/util.h"

/* The exit status of a child that could not hand its result back (the
 * command line's "internal error"). */
#define NO_RESULT_STATUS 70

typedef struct slot {
    pid_t pid;       /* 0 when not running */
    int ended;       /* the child ended (whatever it left) */
    int code;        /* what the job returned */
    char *result;    /* NULL: none */
    size_t len;
    co_diag msgs;    /* the job's messages */
    char *failure;   /* why there is no result, or NULL */
} slot;

struct co_batch {
    int n;
    slot *jobs;
    char *dir;
};

/* ---- in the child ------------------------------------------------------ */

/* The envelope of a job's code, messages and result, as compact JSON; NULL
 * when out of memory. */
static char *envelope(int code, const co_diag *dg, const co_buf *result)
{
    int oom = 0;
    co_json *root = co_json_new_object();
    co_json *msgs = co_json_new_array();
    co_json_put(&oom, root, "code", co_json_new_number(code));
    for (int i = 0; i < co_diag_count(dg); i++) {
        int is_error;
        const char *m = co_diag_message(dg, i, &is_error);
        co_json *o = co_json_new_object();
        co_json_put(&oom, o, "error", co_json_new_bool(is_error));
        co_json_put(&oom, o, "text", co_json_new_string(m));
        co_json_put(&oom, msgs, NULL, o);
    }
    co_json_put(&oom, root, "messages", msgs);
    if (result->data)
        co_json_put(&oom, root, "result", co_json_new_string(result->data));
    char *text = oom || !root ? NULL : co_json_compact(root);
    co_json_free(root);
    return text;
}

/* Runs job i and writes its envelope to `path`; the child's exit status. */
static int run_child(co_batch_job *job, void *ctx, int i, const char *path)
{
    co_diag dg;
    co_buf result;
    co_diag_init(&dg);
    co_buf_init(&result);
    int code = job(ctx, i, &result, &dg);
    if (result.oom) {
        co_err(&dg, "out of memory");
        code = CO_EINTERNAL;
        co_buf_release(&result);
    }
    char *text = envelope(code, &dg, &result);
    int ok = text && co_write_atomic(path, text, strlen(text), &dg) == CO_OK;
    free(text);
    co_buf_release(&result);
    co_diag_release(&dg);
    return ok ? 0 : NO_RESULT_STATUS;
}

/* ---- in the parent ----------------------------------------------------- */

static char *result_path(const co_batch *b, int i)
{
    return co_asprintf("%s/%d.json", b->dir, i);
}

/* Reads the envelope job i's child left (status: its wait status). */
static void collect(co_batch *b, int i, int status)
{
    slot *s = &b->jobs[i];
    char *path = result_path(b, i), *data = NULL;
    size_t len;
    co_json *env = NULL;
    s->ended = 1;
    s->code = CO_EINTERNAL;
    if (!path || co_read_file(path, &data, &len) != 0) {
        s->failure = co_asprintf("the run ended without a result (%s %d)",
                                 WIFSIGNALED(status) ? "signal" : "exit status",
                                 WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));
        free(path);
        return;
    }
    unlink(path);
    co_diag scratch; /* an envelope that does not read is the child's failure */
    co_diag_init(&scratch);
    int rc = co_json_parse(path, data, len, &env, &scratch);
    co_diag_release(&scratch);
    free(data);
    free(path);
    double code = rc == CO_OK ? co_json_num(env, "code") : 0;
    if (rc != CO_OK || !(code <= 0 && code >= -255)) {
        co_json_free(env);
        s->failure = co_strdup("the run ended without a readable result");
        return;
    }
    s->code = (int)code;
    const char *result = co_json_str(env, "result");
    if (result) {
        s->len = strlen(result);
        s->result = co_strndup(result, s->len);
        if (!s->result)
            s->len = 0;
    }
    const co_json *msgs = co_json_get(env, "messages");
    for (const co_json *m = co_json_first(msgs); m; m = co_json_next(m)) {
        const char *t = co_json_str(m, "text");
        if (!t)
            continue;
        if (co_json_true(co_json_get(m, "error")))
            co_err(&s->msgs, "%s", t);
        else
            co_warn(&s->msgs, "%s", t);
    }
    co_json_free(env);
}

/* Waits for one child; 0, or -1 with errno set. */
static int reap(co_batch *b, int *running)
{
    int status;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid < 0)
        return errno == EINTR ? 0 : -1;
    for (int i = 0; i < b->n; i++)
        if (b->jobs[i].pid == pid) {
            b->jobs[i].pid = 0;
            (*running)--;
            collect(b, i, status);
        }
    return 0;
}

/* Removes the private folder and whatever a child left in it. */
static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    struct dirent *e;
    while (d && (e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        char *p = co_asprintf("%s/%s", dir, e->d_name);
        if (p)
            unlink(p);
        free(p);
    }
    if (d)
        closedir(d);
    rmdir(dir);
}

int co_batch_run(const char *name, int n, int at_once, co_batch_job *job, void *ctx,
                 const char *const *labels, co_batch **out, co_diag *dg)
{
    int rc = CO_OK, next = 0, running = 0;
    const char *tmp = getenv("TMPDIR");
    co_batch *b = calloc(1, sizeof *b);
    *out = NULL;
    if (!b || n < 1 || !(b->jobs = calloc((size_t)n, sizeof *b->jobs)) ||
        !(b->dir = co_asprintf("%s/coalitions-%s.XXXXXX", tmp && *tmp ? tmp : "/tmp", name))) {
        co_err(dg, n < 1 ? "a batch needs at least one job" : "out of memory");
        co_batch_free(b);
        return CO_EINTERNAL;
    }
    b->n = n;
    for (int i = 0; i < n; i++)
        co_diag_init(&b->jobs[i].msgs);
    if (!mkdtemp(b->dir)) {
        co_err(dg, "%s: cannot make a temporary folder: %s", b->dir, strerror(errno));
        co_batch_free(b);
        return CO_EIO;
    }
    if (at_once < 1)
        at_once = 1;
    while (next < n || running > 0) {
        while (rc == CO_OK && next < n && running < at_once) {
            char *path = result_path(b, next);
            if (!path) {
                co_err(dg, "cannot start a run: out of memory");
                rc = CO_EINTERNAL;
                break;
            }
            fflush(NULL); /* nothing buffered is written twice */
            pid_t pid = fork();
            if (pid == 0) {
                int status = run_child(job, ctx, next, path);
                free(path);
                co_batch_free(b); /* the child's copy: no leak for valgrind */
                _exit(status);
            }
            free(path);
            if (pid < 0) {
                co_err(dg, "cannot start a run: %s", strerror(errno));
                rc = CO_EINTERNAL;
                break;
            }
            b->jobs[next++].pid = pid;
            running++;
        }
        if (running == 0)
            break;
        if (reap(b, &running) != 0) {
            co_err(dg, "waiting for the runs: %s", strerror(errno));
            rc = CO_EINTERNAL;
            break;
        }
    }
    remove_dir(b->dir);
    if (rc != CO_OK) {
        co_batch_free(b);
        return rc;
    }
    /* the messages in job order, whatever order the children ended in */
    for (int i = 0; i < n; i++) {
        const slot *s = &b->jobs[i];
        for (int k = 0; k < co_diag_count(&s->msgs); k++) {
            int is_error;
            const char *m = co_diag_message(&s->msgs, k, &is_error);
            if (is_error)
                co_err(dg, "%s", m);
            else
                co_warn(dg, "%s", m);
        }
        if (s->failure) {
            if (labels && labels[i])
                co_err(dg, "%s: %s", labels[i], s->failure);
            else
                co_err(dg, "job %d: %s", i, s->failure);
        }
    }
    *out = b;
    return CO_OK;
}

void co_batch_free(co_batch *b)
{
    if (!b)
        return;
    for (int i = 0; b->jobs && i < b->n; i++) {
        free(b->jobs[i].result);
        free(b->jobs[i].failure);
        co_diag_release(&b->jobs[i].msgs);
    }
    free(b->jobs);
    free(b->dir);
    free(b);
}

int co_batch_code(const co_batch *b, int i)
{
    return i >= 0 && i < b->n && b->jobs[i].ended ? b->jobs[i].code : CO_EINTERNAL;
}

const char *co_batch_result(const co_batch *b, int i, size_t *len)
{
    if (i < 0 || i >= b->n || !b->jobs[i].result)
        return NULL;
    if (len)
        *len = b->jobs[i].len;
    return b->jobs[i].result;
}

const char *co_batch_message(const co_batch *b, int i)
{
    if (i < 0 || i >= b->n)
        return NULL;
    const slot *s = &b->jobs[i];
    if (s->failure)
        return s->failure;
    for (int k = 0; k < co_diag_count(&s->msgs); k++) {
        int is_error;
        const char *m = co_diag_message(&s->msgs, k, &is_error);
        if (is_error)
            return m;
    }
    return NULL;
}
