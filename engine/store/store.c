/*
 * store.c: the SQLite run store of store.h: opening (inspect read-only,
 * then open for writing, migrate), recording a run in one transaction, and
 * the queries behind history, show, diff and export. Every statement is
 * prepared, values are bound; nothing here prints. Rendering is left to
 * the callers (report.c, plan_json.c, rundiff.c).
 *
 * Crash safety comes from SQLite: WAL mode and one transaction per run, so
 * a process killed at any point leaves either the whole run or none of it.
 */
#include "store/store.h"

#include <errno.h>
#include <math.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "base/hash.h"
#include "data/schema.h"
#include "base/output.h"
#include "base/util.h"

#define APP_ID 1131372908 /* PRAGMA application_id: "Coal" in ASCII */
#define BUSY_MS 10000     /* how long a writer waits for another one */

struct co_store {
    sqlite3 *db; /* NULL for a READ store with no runs (no file, or no schema yet) */
    char *path;
};

/* ---- schema ----------------------------------------------------------- */

/* migrations[v] takes a store from user_version v to v + 1; each ends by
 * setting user_version. Amounts of money the plan reports in cents are
 * kept as integer cents; other numbers as in the plan JSON. */
static const char *const migrations[CO_STORE_SCHEMA] = {
    /* 0 -> 1: the first schema */
    "CREATE TABLE datasets (\n"
    "  sha256 TEXT PRIMARY KEY,         -- of the input bytes (docs/FORMATS.md)\n"
    "  name TEXT,\n"
    "  source TEXT NOT NULL,            -- the path of the first run that read it\n"
    "  format TEXT NOT NULL CHECK (format IN ('json', 'csv')),\n"
    "  body BLOB,                       -- the JSON file; NULL for a CSV bundle\n"
    "  first_seen TEXT NOT NULL\n"
    ");\n"
    "CREATE TABLE dataset_files (       -- the files of a CSV bundle\n"
    "  dataset TEXT NOT NULL REFERENCES datasets(sha256),\n"
    "  name TEXT NOT NULL,\n"
    "  body BLOB NOT NULL,\n"
    "  PRIMARY KEY (dataset, name)\n"
    ");\n"
    "CREATE TABLE runs (\n"
    "  id INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused\n"
    "  dataset TEXT NOT NULL REFERENCES datasets(sha256),\n"
    "  source TEXT NOT NULL,\n"
    "  scenario TEXT,\n"
    "  status TEXT NOT NULL,\n"
    "  objective_total REAL, objective_value REAL,\n"
    "  objective_coordination REAL, objective_shortfall REAL,\n"
    "  seats INTEGER,\n"
    "  bound REAL, gap REAL,\n"
    "  requested_cents INTEGER NOT NULL, allocated_cents INTEGER NOT NULL,\n"
    "  urgent_requested_cents INTEGER NOT NULL, urgent_allocated_cents INTEGER NOT NULL,\n"
    "  load_s REAL NOT NULL, build_s REAL NOT NULL, solve_s REAL NOT NULL,\n"
    "  model_rows INTEGER NOT NULL, model_cols INTEGER NOT NULL,\n"
    "  model_nonzeros INTEGER NOT NULL, model_integer_cols INTEGER NOT NULL,\n"
    "  engine_version TEXT NOT NULL, glpk_version TEXT NOT NULL,\n"
    "  started_at TEXT NOT NULL, finished_at TEXT NOT NULL\n"
    ");\n"
    "CREATE INDEX runs_dataset ON runs(dataset);\n"
    "CREATE TABLE run_parameters (      -- every effective parameter and solver option\n"
    "  run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  name TEXT NOT NULL,\n"
    "  kind TEXT NOT NULL CHECK (kind IN ('model', 'solver')),\n"
    "  value NOT NULL,                  -- REAL, or TEXT for as_of\n"
    "  PRIMARY KEY (run, name)\n"
    ");\n"
    "CREATE TABLE allocations (\n"
    "  run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  donor TEXT NOT NULL, need TEXT NOT NULL, state TEXT NOT NULL, area TEXT NOT NULL,\n"
    "  amount_cents INTEGER NOT NULL, weight REAL NOT NULL,\n"
    "  PRIMARY KEY (run, need, donor)\n"
    ");\n"
    "CREATE TABLE coalitions (\n"
    "  run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  state TEXT NOT NULL,\n"
    "  lead TEXT,\n"
    "  requested REAL NOT NULL, allocated_cents INTEGER NOT NULL,\n"
    "  coverage REAL, urgency REAL NOT NULL,\n"
    "  PRIMARY KEY (run, state)\n"
    ");\n"
    "CREATE TABLE coalition_members (\n"
    "  run INTEGER NOT NULL, state TEXT NOT NULL, donor TEXT NOT NULL,\n"
    "  position INTEGER NOT NULL,       -- 0 is the lead, then as in the plan\n"
    "  amount_cents INTEGER NOT NULL,\n"
    "  PRIMARY KEY (run, state, donor),\n"
    "  FOREIGN KEY (run, state) REFERENCES coalitions(run, state) ON DELETE CASCADE\n"
    ");\n"
    "CREATE TABLE donor_results (\n"
    "  run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  donor TEXT NOT NULL,\n"
    "  budget REAL NOT NULL, allocated_cents INTEGER NOT NULL, utilisation REAL,\n"
    "  states TEXT NOT NULL,            -- State ids of its seats, ';'-separated\n"
    "  marginal_value REAL,\n"
    "  PRIMARY KEY (run, donor)\n"
    ");\n"
    "CREATE TABLE need_results (\n"
    "  run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  need TEXT NOT NULL, state TEXT NOT NULL, area TEXT NOT NULL,\n"
    "  requested REAL NOT NULL, allocated_cents INTEGER NOT NULL, unmet_cents INTEGER NOT NULL,\n"
    "  urgency REAL NOT NULL, evidence REAL NOT NULL, deadline TEXT,\n"
    "  PRIMARY KEY (run, need)\n"
    ");\n"
    "CREATE TABLE run_outputs (         -- rendered outputs, byte for byte\n"
    "  run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  name TEXT NOT NULL,\n"
    "  body TEXT NOT NULL,\n"
    "  PRIMARY KEY (run, name)\n"
    ");\n"
    "PRAGMA application_id = 1131372908;\n"
    "PRAGMA user_version = 1;\n",
    /* 1 -> 2: multi-year plans (MULTIYEAR.md): an allocation's year
     * (0 in a one-period run) joins its key; donors' and needs' years */
    "CREATE TABLE allocations_2 (\n"
    "  run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  donor TEXT NOT NULL, need TEXT NOT NULL, state TEXT NOT NULL, area TEXT NOT NULL,\n"
    "  year INTEGER NOT NULL DEFAULT 0, -- the year of the money; 0 in a one-period run\n"
    "  amount_cents INTEGER NOT NULL, weight REAL NOT NULL,\n"
    "  PRIMARY KEY (run, need, donor, year)\n"
    ");\n"
    "INSERT INTO allocations_2 (run, donor, need, state, area, amount_cents, weight)\n"
    "  SELECT run, donor, need, state, area, amount_cents, weight FROM allocations;\n"
    "DROP TABLE allocations;\n"
    "ALTER TABLE allocations_2 RENAME TO allocations;\n"
    "CREATE TABLE donor_years (         -- a multi-year run's donors, year by year\n"
    "  run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  donor TEXT NOT NULL, year INTEGER NOT NULL,\n"
    "  budget REAL NOT NULL, allocated_cents INTEGER NOT NULL, marginal_value REAL,\n"
    "  PRIMARY KEY (run, donor, year)\n"
    ");\n"
    "CREATE TABLE need_years (          -- a multi-year run's needs, year by year\n"
    "  run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,\n"
    "  need TEXT NOT NULL, year INTEGER NOT NULL,\n"
    "  allocated_cents INTEGER NOT NULL,\n"
    "  units_done REAL, units_left REAL, -- a work need's units; NULL otherwise\n"
    "  PRIMARY KEY (run, need, year)\n"
    ");\n"
    "PRAGMA user_version = 2;\n",
};

/* The files of a CSV bundle in byte order of their names, as they are
 * hashed: the schema's list (data/schema.h), which the loader reads too. */
#define N_BUNDLE_FILES CO_N_BUNDLE_FILES

/* ---- small helpers ----------------------------------------------------- */

double co_store_now(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0)
        return (double)time(NULL);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "2024-05-01T12:34:56.789Z" into buf (>= 32 bytes). */
static void iso_time(double t, char *buf, size_t n)
{
    time_t sec = (time_t)floor(t);
    double frac = (t - floor(t)) * 1000.0;
    unsigned ms = frac >= 999.0 ? 999u : frac > 0 ? (unsigned)frac : 0u;
    struct tm tm;
    if (!gmtime_r(&sec, &tm)) {
        snprintf(buf, n, "1970-01-01T00:00:00.000Z");
        return;
    }
    char base[24];
    if (strftime(base, sizeof base, "%Y-%m-%dT%H:%M:%S", &tm) == 0)
        base[0] = '\0';
    snprintf(buf, n, "%.19s.%03uZ", base, ms % 1000u);
}

/* Runs every statement of a constant SQL text (no values in it). */
static int exec_sql(sqlite3 *db, const char *sql)
{
    const char *tail = sql;
    int rc = SQLITE_OK;
    while (rc == SQLITE_OK && tail && *tail) {
        sqlite3_stmt *s = NULL;
        rc = sqlite3_prepare_v2(db, tail, -1, &s, &tail);
        if (rc != SQLITE_OK || !s)
            break; /* an error, or only white space or comments left */
        while ((rc = sqlite3_step(s)) == SQLITE_ROW)
            ;
        sqlite3_finalize(s);
        if (rc == SQLITE_DONE)
            rc = SQLITE_OK;
    }
    return rc;
}

/* The first column of the first row of a constant query, as an integer. */
static int query_int(sqlite3 *db, const char *sql, long long *out)
{
    sqlite3_stmt *s = NULL;
    int rc = sqlite3_prepare_v2(db, sql, -1, &s, NULL);
    if (rc == SQLITE_OK) {
        rc = sqlite3_step(s);
        if (rc == SQLITE_ROW) {
            *out = sqlite3_column_int64(s, 0);
            rc = SQLITE_OK;
        } else if (rc == SQLITE_DONE) {
            rc = SQLITE_ERROR;
        }
    }
    sqlite3_finalize(s);
    return rc;
}

/* Binds values to the next parameter in turn and keeps the first error. */
typedef struct binder {
    sqlite3_stmt *s;
    int i;
    int rc;
} binder;

static void b_text(binder *b, const char *v)
{
    b->i++;
    if (b->rc == SQLITE_OK)
        b->rc = v ? sqlite3_bind_text(b->s, b->i, v, -1, SQLITE_STATIC)
                  : sqlite3_bind_null(b->s, b->i);
}

static void b_textn(binder *b, const char *v, size_t n)
{
    b->i++;
    if (b->rc == SQLITE_OK)
        b->rc = sqlite3_bind_text64(b->s, b->i, v ? v : "", n, SQLITE_STATIC, SQLITE_UTF8);
}

static void b_blob(binder *b, const void *v, size_t n)
{
    b->i++;
    if (b->rc == SQLITE_OK)
        b->rc = v ? sqlite3_bind_blob64(b->s, b->i, v, n, SQLITE_STATIC)
                  : sqlite3_bind_null(b->s, b->i);
}

/* Non-finite numbers are stored as NULL. */
static void b_num(binder *b, double v)
{
    b->i++;
    if (b->rc == SQLITE_OK)
        b->rc = isfinite(v) ? sqlite3_bind_double(b->s, b->i, v) : sqlite3_bind_null(b->s, b->i);
}

static void b_int(binder *b, int64_t v)
{
    b->i++;
    if (b->rc == SQLITE_OK)
        b->rc = sqlite3_bind_int64(b->s, b->i, (sqlite3_int64)v);
}

/* Runs the statement once (expecting no rows) and readies it for the next
 * values. */
static int b_exec(binder *b)
{
    if (b->rc == SQLITE_OK) {
        b->rc = sqlite3_step(b->s);
        if (b->rc == SQLITE_DONE)
            b->rc = SQLITE_OK;
    }
    sqlite3_reset(b->s);
    sqlite3_clear_bindings(b->s);
    b->i = 0;
    return b->rc;
}

static int b_prepare(sqlite3 *db, binder *b, const char *sql)
{
    b->i = 0;
    b->s = NULL;
    b->rc = sqlite3_prepare_v2(db, sql, -1, &b->s, NULL);
    return b->rc;
}

static char *col_dup(sqlite3_stmt *s, int i)
{
    const unsigned char *t = sqlite3_column_text(s, i);
    return t ? co_strndup((const char *)t, (size_t)sqlite3_column_bytes(s, i)) : NULL;
}

static double col_num(sqlite3_stmt *s, int i)
{
    return sqlite3_column_type(s, i) == SQLITE_NULL ? NAN : sqlite3_column_double(s, i);
}

/* ---- opening ------------------------------------------------------------ */

enum inspect_result { FILE_MISSING, FILE_FRESH, FILE_OURS };

/* A read-only connection to a WAL-mode file creates its -wal and -shm
 * files and leaves them behind. For a file that is then refused, these
 * are removed again when they were not there before (and the -wal is
 * empty), so a refused file is left as it was found. */
typedef struct side_files {
    char *wal, *shm;
    int had_wal, had_shm;
} side_files;

static void side_files_note(side_files *sf, const char *path)
{
    struct stat sb;
    sf->wal = co_asprintf("%s-wal", path);
    sf->shm = co_asprintf("%s-shm", path);
    sf->had_wal = !sf->wal || stat(sf->wal, &sb) == 0;
    sf->had_shm = !sf->shm || stat(sf->shm, &sb) == 0;
}

static void side_files_release(side_files *sf, int remove_new)
{
    struct stat sb;
    if (remove_new && !sf->had_wal && stat(sf->wal, &sb) == 0 && sb.st_size == 0) {
        unlink(sf->wal);
        if (!sf->had_shm)
            unlink(sf->shm);
    }
    free(sf->wal);
    free(sf->shm);
}

/* The first finding of quick_check, without its "*** in database" line. */
static const char *first_finding(const char *v)
{
    if (strncmp(v, "*** ", 4) == 0 && strchr(v, '\n'))
        v = strchr(v, '\n') + 1;
    const char *nl = strchr(v, '\n');
    return co_qn(0, v, nl ? (size_t)(nl - v) : strlen(v));
}

/* Looks at an existing file without changing it: its first bytes, then
 * through a read-only connection its ids, schema version and a quick
 * check. *version is the schema version of a FILE_OURS. */
static int inspect(const char *path, enum inspect_result *res, long long *version, co_diag *dg)
{
    static const char magic[16] = "SQLite format 3";
    struct stat sb;
    sqlite3 *db = NULL;
    sqlite3_stmt *s = NULL;
    FILE *f = NULL;
    side_files sf = {0};
    int rc = CO_EIO;
    *version = 0;
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT) {
            *res = FILE_MISSING;
            return CO_OK;
        }
        co_err(dg, "%s: cannot open: %s", path, strerror(errno));
        return CO_EIO;
    }
    if (!S_ISREG(sb.st_mode)) {
        co_err(dg, "%s: not a coalitions database (not a regular file); left unchanged", path);
        return CO_EIO;
    }
    if (sb.st_size == 0) { /* SQLite's own view too: an empty file is an empty database */
        *res = FILE_FRESH;
        return CO_OK;
    }
    unsigned char head[100];
    f = fopen(path, "rb");
    if (!f) {
        co_err(dg, "%s: cannot open: %s", path, strerror(errno));
        goto done;
    }
    size_t got = fread(head, 1, sizeof head, f);
    if (got < sizeof head || memcmp(head, magic, sizeof magic) != 0) {
        co_err(dg, "%s: not a coalitions database (not an SQLite file); left unchanged", path);
        goto done;
    }
    side_files_note(&sf, path);
    int src = sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL);
    if (src != SQLITE_OK) {
        co_err(dg, "%s: cannot open: %s", path, db ? sqlite3_errmsg(db) : sqlite3_errstr(src));
        goto done;
    }
    sqlite3_busy_timeout(db, BUSY_MS);
    long long app = 0, uv = 0, objects = 0;
    /* one read transaction: every value below from the same snapshot, as
     * another process may be setting the file up at this moment */
    if ((src = exec_sql(db, "BEGIN")) != SQLITE_OK ||
        (src = query_int(db, "PRAGMA application_id", &app)) != SQLITE_OK ||
        (src = query_int(db, "PRAGMA user_version", &uv)) != SQLITE_OK ||
        (src = query_int(db, "SELECT count(*) FROM sqlite_master", &objects)) != SQLITE_OK) {
        if (src == SQLITE_CORRUPT || src == SQLITE_NOTADB)
            co_err(dg, "%s: corrupt database (%s); left unchanged", path, sqlite3_errmsg(db));
        else
            co_err(dg, "%s: cannot read: %s", path, sqlite3_errmsg(db));
        goto done;
    }
    int empty = app == 0 && objects == 0; /* a new SQLite file: ours to set up */
    if (app != APP_ID && !empty) {
        co_err(dg, "%s: not a coalitions database (an SQLite database of another application); "
                   "left unchanged", path);
        goto done;
    }
    if (uv > CO_STORE_SCHEMA) {
        co_err(dg, "%s: made by a newer coalitions (schema version %lld; this one knows up to "
                   "%d); left unchanged", path, uv, CO_STORE_SCHEMA);
        goto done;
    }
    /* the whole file is read here: corruption anywhere is found before
     * anything is written to it */
    src = sqlite3_prepare_v2(db, "PRAGMA quick_check(1)", -1, &s, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_step(s);
    if (src != SQLITE_ROW) {
        co_err(dg, "%s: corrupt database (%s); left unchanged", path, sqlite3_errmsg(db));
        goto done;
    }
    const char *verdict = (const char *)sqlite3_column_text(s, 0);
    if (!verdict || strcmp(verdict, "ok") != 0) {
        co_err(dg, "%s: corrupt database (quick_check: %s); left unchanged", path,
               verdict ? first_finding(verdict) : "?");
        goto done;
    }
    sqlite3_finalize(s);
    s = NULL;
    exec_sql(db, "COMMIT");
    *res = empty && uv == 0 ? FILE_FRESH : FILE_OURS;
    *version = uv;
    rc = CO_OK;
done:
    sqlite3_finalize(s);
    sqlite3_close(db);
    if (sf.wal || sf.shm)
        side_files_release(&sf, rc != CO_OK);
    if (f)
        fclose(f);
    return rc;
}

/* Switches the file to WAL mode (a no-op when it is already). Switching
 * a new file takes an exclusive lock without waiting in the busy handler,
 * so a busy answer is retried here for as long as a writer would wait. */
static int set_wal(sqlite3 *db, int *wal)
{
    sqlite3_stmt *s = NULL;
    int src = sqlite3_prepare_v2(db, "PRAGMA journal_mode = WAL", -1, &s, NULL);
    for (int waited = 0; src == SQLITE_OK || src == SQLITE_BUSY || src == SQLITE_LOCKED;) {
        src = sqlite3_step(s);
        if (src == SQLITE_ROW) {
            const char *jm = (const char *)sqlite3_column_text(s, 0);
            *wal = jm && strcmp(jm, "wal") == 0;
            break;
        }
        sqlite3_reset(s);
        if ((src != SQLITE_BUSY && src != SQLITE_LOCKED) || waited >= BUSY_MS)
            break;
        sqlite3_sleep(20);
        waited += 20;
    }
    sqlite3_finalize(s);
    return src;
}

/* Brings the schema to CO_STORE_SCHEMA in one write transaction, checking
 * again inside it: another process may have set the file up meanwhile. */
static int migrate(co_store *st, co_diag *dg)
{
    sqlite3 *db = st->db;
    long long app = 0, uv = 0, objects = 0;
    int src = exec_sql(db, "BEGIN IMMEDIATE");
    if (src != SQLITE_OK)
        goto fail;
    if ((src = query_int(db, "PRAGMA application_id", &app)) != SQLITE_OK ||
        (src = query_int(db, "PRAGMA user_version", &uv)) != SQLITE_OK ||
        (src = query_int(db, "SELECT count(*) FROM sqlite_master", &objects)) != SQLITE_OK)
        goto fail;
    if ((app != APP_ID && !(app == 0 && objects == 0)) || uv > CO_STORE_SCHEMA) {
        exec_sql(db, "ROLLBACK");
        co_err(dg, "%s: not a coalitions database (changed while it was opened); left unchanged",
               st->path);
        return CO_EIO;
    }
    for (long long v = uv; v < CO_STORE_SCHEMA; v++)
        if ((src = exec_sql(db, migrations[v])) != SQLITE_OK)
            goto fail;
    if ((src = exec_sql(db, "COMMIT")) != SQLITE_OK)
        goto fail;
    return CO_OK;
fail:
    co_err(dg, "%s: cannot set up the run store: %s", st->path, sqlite3_errmsg(db));
    if (!sqlite3_get_autocommit(db))
        exec_sql(db, "ROLLBACK");
    return CO_EIO;
}

int co_store_open(const char *path, enum co_store_mode mode, co_store **out, co_diag *dg)
{
    *out = NULL;
    enum inspect_result res;
    long long version;
    int rc = inspect(path, &res, &version, dg);
    if (rc != CO_OK)
        return rc;
    co_store *st = calloc(1, sizeof *st);
    if (!st || !(st->path = co_strdup(path))) {
        co_err(dg, "out of memory");
        rc = CO_EINTERNAL;
        goto done;
    }
    if (mode == CO_STORE_READ && res != FILE_OURS)
        goto done; /* nothing stored yet; and reading creates nothing */
    /* CREATE only for a file that was not there: a file that appeared
     * since is inspected again inside migrate's transaction */
    int flags = SQLITE_OPEN_READWRITE | (res == FILE_MISSING ? SQLITE_OPEN_CREATE : 0);
    int src = sqlite3_open_v2(path, &st->db, flags, NULL);
    if (src != SQLITE_OK) {
        co_err(dg, "%s: cannot open: %s", path,
               st->db ? sqlite3_errmsg(st->db) : sqlite3_errstr(src));
        rc = CO_EIO;
        goto done;
    }
    sqlite3_busy_timeout(st->db, BUSY_MS);
    if (mode == CO_STORE_WRITE) {
        /* WAL: a crash leaves the last committed run; readers never block
         * the writer. NORMAL sync is safe with WAL (a power cut may lose
         * the last runs, never consistency). */
        int wal = 0;
        src = set_wal(st->db, &wal);
        if (!wal) {
            co_err(dg, "%s: cannot use write-ahead logging: %s", path,
                   src == SQLITE_ROW ? "not supported here" : sqlite3_errmsg(st->db));
            rc = CO_EIO;
            goto done;
        }
    }
    if (exec_sql(st->db, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON") != SQLITE_OK) {
        co_err(dg, "%s: cannot open: %s", path, sqlite3_errmsg(st->db));
        rc = CO_EIO;
        goto done;
    }
    if (res != FILE_OURS || version < CO_STORE_SCHEMA)
        rc = migrate(st, dg);
done:
    if (rc != CO_OK) {
        co_store_free(st);
        return rc;
    }
    *out = st;
    return CO_OK;
}

void co_store_free(co_store *st)
{
    if (!st)
        return;
    sqlite3_close(st->db); /* the last connection checkpoints and removes the WAL */
    free(st->path);
    free(st);
}

const char *co_store_path(const co_store *st)
{
    return st->path;
}

/* ---- recording ---------------------------------------------------------- */

/* The dataset's bytes as hashed: a JSON file's bytes, or a CSV bundle's
 * files. Read again from `source` (the plan's) and kept only when they
 * hash to `sha256` (the file may have changed since the run read it); standard
 * input cannot be read again. Either way the run is stored. */
typedef struct dataset_bytes {
    int is_csv;
    char *body;
    size_t len;
    char *files[N_BUNDLE_FILES]; /* NULL: not in the bundle */
    size_t lens[N_BUNDLE_FILES];
} dataset_bytes;

static void dataset_bytes_release(dataset_bytes *b)
{
    free(b->body);
    for (int i = 0; i < N_BUNDLE_FILES; i++)
        free(b->files[i]);
    memset(b, 0, sizeof *b);
}

static void read_dataset(const char *source, const char *sha256, dataset_bytes *b, co_diag *dg)
{
    struct stat sb;
    char hex[65];
    memset(b, 0, sizeof *b);
    if (strcmp(source, "-") == 0 || stat(source, &sb) != 0)
        return;
    if (!S_ISDIR(sb.st_mode)) {
        if (co_read_file(source, &b->body, &b->len) != 0)
            return;
        co_sha256_hex(b->body, b->len, hex);
    } else {
        b->is_csv = 1;
        co_sha256 *h = co_sha256_new();
        for (int i = 0; i < N_BUNDLE_FILES; i++) {
            size_t dl = strlen(source);
            const char *name = co_bundle_files[i].name;
            char *p = co_asprintf("%s%s%s", source, dl && source[dl - 1] == '/' ? "" : "/", name);
            if (p && co_read_file(p, &b->files[i], &b->lens[i]) == 0) {
                co_sha256_update(h, name, strlen(name) + 1);
                co_sha256_update(h, b->files[i], b->lens[i]);
            }
            free(p);
        }
        co_sha256_final(h, hex);
    }
    if (strcmp(hex, sha256) != 0) {
        co_warn(dg, "%s: changed since it was read; the run is stored without the dataset",
                source);
        int is_csv = b->is_csv;
        dataset_bytes_release(b);
        b->is_csv = is_csv;
    }
}

/* Whether the store already holds the dataset's bytes. */
static int have_dataset(co_store *st, const char *sha)
{
    binder q;
    int have = 0;
    if (b_prepare(st->db, &q,
                  "SELECT body IS NOT NULL OR EXISTS (SELECT 1 FROM dataset_files "
                  "WHERE dataset = ?1) FROM datasets WHERE sha256 = ?1") == SQLITE_OK) {
        b_text(&q, sha);
        if (q.rc == SQLITE_OK && sqlite3_step(q.s) == SQLITE_ROW)
            have = sqlite3_column_int(q.s, 0);
    }
    sqlite3_finalize(q.s);
    return have;
}

/* Test-only: COALITIONS_TEST_PAUSE_IN_STORE=SECONDS makes co_store_record
 * sleep inside its open transaction, after every row is written and before
 * the commit, so the reliability tests (tests/t_store.sh) can kill the
 * process mid-transaction deterministically. Not for any other use. */
static void test_pause(void)
{
    const char *v = getenv("COALITIONS_TEST_PAUSE_IN_STORE");
    double sec;
    if (!v || co_parse_double(v, &sec) != 0 || !(sec > 0) || sec > 3600)
        return;
    struct timespec ts = {(time_t)sec, (long)((sec - floor(sec)) * 1e9)};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

enum {
    Q_DATASET, Q_FILE, Q_RUN, Q_PARAM, Q_ALLOC, Q_COALITION, Q_MEMBER, Q_DONOR, Q_NEED, Q_OUTPUT,
    Q_DONOR_YEAR, Q_NEED_YEAR, N_Q
};

static const char *const record_sql[N_Q] = {
    [Q_DATASET] = "INSERT INTO datasets (sha256, name, source, format, body, first_seen) "
                  "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE SET body = "
                  "excluded.body WHERE datasets.body IS NULL AND excluded.body IS NOT NULL",
    [Q_FILE] = "INSERT INTO dataset_files (dataset, name, body) VALUES (?, ?, ?) "
               "ON CONFLICT DO NOTHING",
    [Q_RUN] = "INSERT INTO runs (dataset, source, scenario, status, objective_total, "
              "objective_value, objective_coordination, objective_shortfall, seats, bound, gap, "
              "requested_cents, allocated_cents, urgent_requested_cents, urgent_allocated_cents, "
              "load_s, build_s, solve_s, model_rows, model_cols, model_nonzeros, "
              "model_integer_cols, engine_version, glpk_version, started_at, finished_at) "
              "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
              "?, ?)",
    [Q_PARAM] = "INSERT INTO run_parameters (run, name, kind, value) VALUES (?, ?, ?, ?)",
    [Q_ALLOC] = "INSERT INTO allocations (run, donor, need, state, area, year, amount_cents, "
                "weight) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_COALITION] = "INSERT INTO coalitions (run, state, lead, requested, allocated_cents, "
                    "coverage, urgency) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [Q_MEMBER] = "INSERT INTO coalition_members (run, state, donor, position, amount_cents) "
                 "VALUES (?, ?, ?, ?, ?)",
    [Q_DONOR] = "INSERT INTO donor_results (run, donor, budget, allocated_cents, utilisation, "
                "states, marginal_value) VALUES (?, ?, ?, ?, ?, ?, ?)",
    [Q_NEED] = "INSERT INTO need_results (run, need, state, area, requested, allocated_cents, "
               "unmet_cents, urgency, evidence, deadline) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    [Q_OUTPUT] = "INSERT INTO run_outputs (run, name, body) VALUES (?, ?, ?)",
    [Q_DONOR_YEAR] = "INSERT INTO donor_years (run, donor, year, budget, allocated_cents, "
                     "marginal_value) VALUES (?, ?, ?, ?, ?, ?)",
    [Q_NEED_YEAR] = "INSERT INTO need_years (run, need, year, allocated_cents, units_done, "
                    "units_left) VALUES (?, ?, ?, ?, ?, ?)",
};

/* The "kind" of a parameter row: the solver's options, or the model's. */
static const char *param_kind(const char *name)
{
    return strcmp(name, "time_limit") == 0 || strcmp(name, "mip_gap") == 0 ? "solver" : "model";
}

/* Every row of the run; the transaction is the caller's. */
static int insert_run(co_store *st, binder *q, const co_plan *pl, const dataset_bytes *bytes,
                      const co_store_text *texts, int n_texts, const char *started,
                      const char *finished, long long *run_id)
{
    int has_plan = co_plan_has_solution(pl);
    binder *b;

    b = &q[Q_DATASET];
    b_text(b, pl->dataset_sha256);
    b_text(b, pl->dataset_name);
    b_text(b, pl->source);
    b_text(b, bytes->is_csv ? "csv" : "json");
    b_blob(b, bytes->body, bytes->len);
    b_text(b, started);
    if (b_exec(b) != SQLITE_OK)
        return b->rc;
    for (int i = 0; i < N_BUNDLE_FILES; i++) {
        if (!bytes->files[i])
            continue;
        b = &q[Q_FILE];
        b_text(b, pl->dataset_sha256);
        b_text(b, co_bundle_files[i].name);
        b_blob(b, bytes->files[i], bytes->lens[i]);
        if (b_exec(b) != SQLITE_OK)
            return b->rc;
    }

    /* "urgent" as in the summary: urgency > 1 */
    co_plan_totals t = co_plan_totals_of(pl, NULL);
    b = &q[Q_RUN];
    b_text(b, pl->dataset_sha256);
    b_text(b, pl->source);
    b_text(b, pl->scenario);
    b_text(b, co_status_name(pl->status));
    b_num(b, has_plan ? pl->total : NAN);
    b_num(b, has_plan ? pl->value : NAN);
    b_num(b, has_plan ? pl->coordination_cost : NAN);
    b_num(b, has_plan ? pl->shortfall_penalty : NAN);
    b_int(b, pl->seats);
    b_num(b, pl->bound);
    b_num(b, pl->gap);
    b_int(b, t.requested);
    b_int(b, t.allocated);
    b_int(b, t.urgent_requested);
    b_int(b, t.urgent_allocated);
    b_num(b, pl->load_s);
    b_num(b, pl->build_s);
    b_num(b, pl->solve_s);
    b_int(b, pl->rows);
    b_int(b, pl->cols);
    b_int(b, pl->nonzeros);
    b_int(b, pl->integer_cols);
    b_text(b, CO_VERSION);
    b_text(b, co_solver_version());
    b_text(b, started);
    b_text(b, finished);
    if (b_exec(b) != SQLITE_OK)
        return b->rc;
    long long id = sqlite3_last_insert_rowid(st->db);

    b = &q[Q_PARAM];
    b_int(b, id);
    b_text(b, "as_of");
    b_text(b, "model");
    b_text(b, pl->as_of);
    if (b_exec(b) != SQLITE_OK)
        return b->rc;
    for (int i = 0; i < pl->n_params; i++) {
        b_int(b, id);
        b_text(b, pl->params[i].name);
        b_text(b, param_kind(pl->params[i].name));
        b_num(b, pl->params[i].value);
        if (b_exec(b) != SQLITE_OK)
            return b->rc;
    }

    b = &q[Q_ALLOC];
    for (int i = 0; i < pl->n_allocs; i++) {
        const co_plan_alloc *a = &pl->allocs[i];
        b_int(b, id);
        b_text(b, a->donor);
        b_text(b, a->need);
        b_text(b, a->state);
        b_text(b, a->area);
        b_int(b, a->year);
        b_int(b, a->cents);
        b_num(b, a->weight);
        if (b_exec(b) != SQLITE_OK)
            return b->rc;
    }
    for (int s = 0; s < pl->n_coalitions; s++) {
        const co_plan_coalition *c = &pl->coalitions[s];
        b = &q[Q_COALITION];
        b_int(b, id);
        b_text(b, c->state);
        b_text(b, c->lead);
        b_num(b, c->requested);
        b_int(b, c->allocated);
        b_num(b, c->coverage);
        b_num(b, c->urgency);
        if (b_exec(b) != SQLITE_OK)
            return b->rc;
        b = &q[Q_MEMBER];
        for (int i = 0; i < c->n_members; i++) {
            b_int(b, id);
            b_text(b, c->state);
            b_text(b, c->members[i].donor);
            b_int(b, i);
            b_int(b, c->members[i].cents);
            if (b_exec(b) != SQLITE_OK)
                return b->rc;
        }
    }
    b = &q[Q_DONOR];
    for (int d = 0; d < pl->n_donors; d++) {
        const co_plan_donor *r = &pl->donors[d];
        co_buf states;
        co_buf_init(&states);
        for (int i = 0; i < r->n_states; i++) {
            if (i)
                co_buf_put(&states, ";", 1);
            co_buf_put(&states, r->states[i], strlen(r->states[i]));
        }
        if (states.oom) {
            co_buf_release(&states);
            return SQLITE_NOMEM;
        }
        b_int(b, id);
        b_text(b, r->donor);
        b_num(b, r->budget);
        b_int(b, r->allocated);
        b_num(b, r->utilisation);
        b_text(b, states.data ? states.data : "");
        b_num(b, r->marginal_value);
        b_exec(b);
        co_buf_release(&states);
        if (b->rc != SQLITE_OK)
            return b->rc;
    }
    b = &q[Q_NEED];
    for (int n = 0; n < pl->n_needs; n++) {
        const co_plan_need *nd = &pl->needs[n];
        b_int(b, id);
        b_text(b, nd->need);
        b_text(b, nd->state);
        b_text(b, nd->area);
        b_num(b, nd->requested);
        b_int(b, nd->allocated);
        b_int(b, nd->unmet);
        b_num(b, nd->urgency);
        b_num(b, nd->evidence);
        b_text(b, nd->deadline);
        if (b_exec(b) != SQLITE_OK)
            return b->rc;
    }
    for (int d = 0; d < pl->n_donors; d++) {
        const co_plan_donor *r = &pl->donors[d];
        b = &q[Q_DONOR_YEAR];
        for (int k = 0; k < r->n_by_year; k++) {
            b_int(b, id);
            b_text(b, r->donor);
            b_int(b, r->by_year[k].year);
            b_num(b, r->by_year[k].budget);
            b_int(b, r->by_year[k].allocated);
            b_num(b, r->by_year[k].marginal_value);
            if (b_exec(b) != SQLITE_OK)
                return b->rc;
        }
    }
    for (int n = 0; n < pl->n_needs; n++) {
        const co_plan_need *nd = &pl->needs[n];
        b = &q[Q_NEED_YEAR];
        for (int k = 0; k < nd->n_by_year; k++) {
            b_int(b, id);
            b_text(b, nd->need);
            b_int(b, nd->by_year[k].year);
            b_int(b, nd->by_year[k].allocated);
            b_num(b, nd->by_year[k].units_done);
            b_num(b, nd->by_year[k].units_left);
            if (b_exec(b) != SQLITE_OK)
                return b->rc;
        }
    }
    b = &q[Q_OUTPUT];
    for (int i = 0; i < n_texts; i++) {
        b_int(b, id);
        b_text(b, texts[i].name);
        b_textn(b, texts[i].data, texts[i].len);
        if (b_exec(b) != SQLITE_OK)
            return b->rc;
    }
    *run_id = id;
    return SQLITE_OK;
}

int co_store_record(co_store *st, const co_plan *pl, const co_store_text *texts, int n_texts,
                    double started, double finished, long long *run_id, co_diag *dg)
{
    binder q[N_Q];
    dataset_bytes bytes;
    char t0[32], t1[32];
    int src = SQLITE_OK, rc = CO_EIO;
    memset(q, 0, sizeof q);
    memset(&bytes, 0, sizeof bytes);
    *run_id = 0;
    if (!st->db) {
        co_err(dg, "%s: the store is open for reading only", st->path);
        return CO_EINTERNAL;
    }
    iso_time(started, t0, sizeof t0);
    iso_time(finished, t1, sizeof t1);
    /* files are read before the transaction, which then stays short */
    if (!pl->source || !pl->dataset_sha256) {
        co_err(dg, "%s: cannot record a plan that was not made by a run", st->path);
        return CO_EINTERNAL;
    }
    if (!have_dataset(st, pl->dataset_sha256))
        read_dataset(pl->source, pl->dataset_sha256, &bytes, dg); /* else the row stays as it is */
    for (int i = 0; i < N_Q && src == SQLITE_OK; i++)
        src = b_prepare(st->db, &q[i], record_sql[i]);
    long long id = 0;
    if (src == SQLITE_OK)
        src = exec_sql(st->db, "BEGIN IMMEDIATE");
    if (src == SQLITE_OK)
        src = insert_run(st, q, pl, &bytes, texts, n_texts, t0, t1, &id);
    if (src == SQLITE_OK) {
        test_pause();
        src = exec_sql(st->db, "COMMIT");
    }
    if (src == SQLITE_OK) {
        *run_id = id;
        rc = CO_OK;
    } else {
        co_err(dg, "%s: cannot record the run: %s", st->path,
               src == SQLITE_NOMEM ? "out of memory" : sqlite3_errmsg(st->db));
        if (!sqlite3_get_autocommit(st->db))
            exec_sql(st->db, "ROLLBACK");
        rc = src == SQLITE_NOMEM ? CO_EINTERNAL : CO_EIO;
    }
    for (int i = 0; i < N_Q; i++)
        sqlite3_finalize(q[i].s);
    dataset_bytes_release(&bytes);
    return rc;
}

/* ---- reading ------------------------------------------------------------ */

#define RUN_COLUMNS                                                                           \
    "SELECT r.id, r.dataset, d.name, r.source, r.scenario, r.status, r.started_at, "         \
    "r.finished_at, r.engine_version, r.glpk_version, r.objective_total, r.objective_value, " \
    "r.objective_coordination, r.objective_shortfall, r.bound, r.gap, r.seats, "              \
    "r.requested_cents, r.allocated_cents, r.urgent_requested_cents, "                        \
    "r.urgent_allocated_cents, r.load_s, r.build_s, r.solve_s, r.model_rows, r.model_cols, "  \
    "r.model_nonzeros, r.model_integer_cols FROM runs r JOIN datasets d ON d.sha256 = "       \
    "r.dataset "

void co_store_run_init(co_store_run *r)
{
    memset(r, 0, sizeof *r);
    r->total = r->value = r->coordination_cost = r->shortfall_penalty = NAN;
    r->bound = r->gap = NAN;
}

void co_store_run_release(co_store_run *r)
{
    free(r->dataset);
    free(r->dataset_name);
    free(r->source);
    free(r->scenario);
    free(r->status);
    free(r->started_at);
    free(r->finished_at);
    free(r->engine_version);
    free(r->glpk_version);
    co_store_run_init(r);
}

void co_store_runs_free(co_store_run *runs, int n)
{
    for (int i = 0; runs && i < n; i++)
        co_store_run_release(&runs[i]);
    free(runs);
}

/* Fills r from a row of RUN_COLUMNS; 0, or -1 when out of memory. */
static int read_run(sqlite3_stmt *s, co_store_run *r)
{
    co_store_run_init(r);
    r->id = sqlite3_column_int64(s, 0);
    char **texts[] = {&r->dataset,     &r->dataset_name, &r->source,         &r->scenario,
                      &r->status,      &r->started_at,   &r->finished_at,    &r->engine_version,
                      &r->glpk_version};
    for (int i = 0; i < (int)(sizeof texts / sizeof texts[0]); i++) {
        *texts[i] = col_dup(s, 1 + i);
        if (!*texts[i] && sqlite3_column_type(s, 1 + i) != SQLITE_NULL)
            return -1;
    }
    r->total = col_num(s, 10);
    r->value = col_num(s, 11);
    r->coordination_cost = col_num(s, 12);
    r->shortfall_penalty = col_num(s, 13);
    r->bound = col_num(s, 14);
    r->gap = col_num(s, 15);
    r->seats = sqlite3_column_int(s, 16);
    r->requested = sqlite3_column_int64(s, 17);
    r->allocated = sqlite3_column_int64(s, 18);
    r->urgent_requested = sqlite3_column_int64(s, 19);
    r->urgent_allocated = sqlite3_column_int64(s, 20);
    r->load_s = col_num(s, 21);
    r->build_s = col_num(s, 22);
    r->solve_s = col_num(s, 23);
    r->rows = sqlite3_column_int(s, 24);
    r->cols = sqlite3_column_int(s, 25);
    r->nonzeros = sqlite3_column_int(s, 26);
    r->integer_cols = sqlite3_column_int(s, 27);
    return 0;
}

static int read_error(co_store *st, int src, co_diag *dg)
{
    if (src == SQLITE_NOMEM) {
        co_err(dg, "out of memory");
        return CO_EINTERNAL;
    }
    co_err(dg, "%s: cannot read: %s", st->path, st->db ? sqlite3_errmsg(st->db) : "no database");
    return CO_EIO;
}

int co_store_list(co_store *st, const char *dataset, long limit, co_store_run **runs, int *n,
                  co_diag *dg)
{
    binder q = {0};
    co_store_run *v = NULL;
    int cnt = 0, cap = 0, src, rc = CO_OK;
    *runs = NULL;
    *n = 0;
    if (!st->db)
        return CO_OK;
    src = b_prepare(st->db, &q,
                    RUN_COLUMNS "WHERE ?1 IS NULL OR d.name = ?1 OR r.source = ?1 "
                                "OR substr(r.dataset, 1, length(?1)) = lower(?1) "
                                "ORDER BY r.id DESC LIMIT ?2");
    b_text(&q, dataset);
    b_int(&q, limit > 0 ? limit : -1);
    src = q.rc;
    while (src == SQLITE_OK && (src = sqlite3_step(q.s)) == SQLITE_ROW) {
        if (cnt == cap) {
            int nc = cap ? 2 * cap : 16;
            co_store_run *nv = realloc(v, (size_t)nc * sizeof *nv);
            if (!nv) {
                src = SQLITE_NOMEM;
                break;
            }
            v = nv;
            cap = nc;
        }
        if (read_run(q.s, &v[cnt++]) != 0) {
            src = SQLITE_NOMEM;
            break;
        }
        src = SQLITE_OK;
    }
    if (src != SQLITE_DONE) {
        rc = read_error(st, src, dg);
        co_store_runs_free(v, cnt);
        goto done;
    }
    *runs = v;
    *n = cnt;
done:
    sqlite3_finalize(q.s);
    return rc;
}

static int no_such_run(co_store *st, long long id, co_diag *dg)
{
    co_err(dg, "run %lld: no such run in %s", id, st->path);
    return CO_EINPUT;
}

int co_store_get_run(co_store *st, long long id, co_store_run *out, co_diag *dg)
{
    binder q = {0};
    int rc = CO_OK;
    co_store_run_init(out);
    if (!st->db)
        return no_such_run(st, id, dg);
    b_prepare(st->db, &q, RUN_COLUMNS "WHERE r.id = ?");
    b_int(&q, id);
    int src = q.rc == SQLITE_OK ? sqlite3_step(q.s) : q.rc;
    if (src == SQLITE_ROW) {
        if (read_run(q.s, out) != 0)
            rc = read_error(st, SQLITE_NOMEM, dg);
    } else if (src == SQLITE_DONE) {
        rc = no_such_run(st, id, dg);
    } else {
        rc = read_error(st, src, dg);
    }
    if (rc != CO_OK)
        co_store_run_release(out);
    sqlite3_finalize(q.s);
    return rc;
}

int co_store_get_text(co_store *st, long long id, const char *name, char **data, size_t *len,
                      co_diag *dg)
{
    binder q = {0};
    int rc = CO_OK;
    *data = NULL;
    *len = 0;
    if (!st->db)
        return no_such_run(st, id, dg);
    b_prepare(st->db, &q,
              "SELECT o.body, r.id FROM runs r LEFT JOIN run_outputs o ON o.run = r.id AND "
              "o.name = ? WHERE r.id = ?");
    b_text(&q, name);
    b_int(&q, id);
    int src = q.rc == SQLITE_OK ? sqlite3_step(q.s) : q.rc;
    if (src == SQLITE_DONE) {
        rc = no_such_run(st, id, dg);
    } else if (src != SQLITE_ROW) {
        rc = read_error(st, src, dg);
    } else if (sqlite3_column_type(q.s, 0) == SQLITE_NULL) {
        co_err(dg, "run %lld: no stored %s in %s", id, name, st->path);
        rc = CO_EINPUT;
    } else {
        const void *body = sqlite3_column_blob(q.s, 0);
        size_t n = (size_t)sqlite3_column_bytes(q.s, 0);
        *data = co_strndup(body ? body : "", n);
        if (!*data)
            rc = read_error(st, SQLITE_NOMEM, dg);
        else
            *len = n;
    }
    sqlite3_finalize(q.s);
    return rc;
}

int co_store_get_plan(co_store *st, long long id, co_plan **out, co_diag *dg)
{
    char *text = NULL, *name = NULL;
    size_t len = 0;
    *out = NULL;
    int rc = co_store_get_text(st, id, CO_STORE_PLAN_JSON, &text, &len, dg);
    if (rc == CO_OK && !(name = co_asprintf("run %lld", id))) {
        co_err(dg, "out of memory");
        rc = CO_EINTERNAL;
    }
    if (rc == CO_OK)
        rc = co_plan_read(name, text, len, out, dg);
    free(name);
    free(text);
    return rc;
}
