/*
 * options.c: the one option parser of the subcommands and the --help it
 * prints, both driven by a command's table (options.h). It checks names,
 * values, ranges and operand counts and says what is wrong in one line;
 * the commands check how their options combine.
 */
#include "options.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* the help text's width, and the widest option column */
#define WIDTH 79
#define MAX_COL 26
/* at most this many options are listed in the usage line */
#define USAGE_LIST 6

static const cli_option help_option = {.kind = CLI_OPT_FLAG, .short_name = 'h', .long_name = "help",
                                       .help = "this help"};

/* What a number option held before the command line: its default. */
typedef union {
    double d;
    uint64_t w;
} start_value;

static int count_options(const cli_option *o)
{
    int n = 0;
    while (o[n].kind != CLI_OPT_END)
        n++;
    return n;
}

static void snapshot(const cli_option *o, int n, start_value *start)
{
    for (int i = 0; i < n; i++) {
        if (o[i].kind == CLI_OPT_NUMBER)
            start[i].d = *(const double *)o[i].value;
        else if (o[i].kind == CLI_OPT_WHOLE)
            start[i].w = *(const uint64_t *)o[i].value;
    }
}

/* ---- values and messages -------------------------------------------- */

/* A range end as people read it: 30, 0.001, 1000000, 1e15. */
static const char *fmt_bound(char *buf, size_t size, double v)
{
    snprintf(buf, size, "%s", co_num(3, v));
    char *e = strstr(buf, "e+");
    if (e)
        memmove(e + 1, e + 2, strlen(e + 2) + 1);
    return buf;
}

static const char *fmt_whole(char *buf, size_t size, uint64_t v)
{
    if (v == UINT64_MAX)
        snprintf(buf, size, "2^64-1");
    else
        snprintf(buf, size, "%" PRIu64, v);
    return buf;
}

/* "--name" (or "-x" for an option with no long name) for messages */
static const char *opt_name(const cli_option *o, char *buf, size_t size)
{
    if (o->long_name)
        snprintf(buf, size, "--%s", o->long_name);
    else
        snprintf(buf, size, "-%c", o->short_name);
    return buf;
}

static int range_error(const char *cmd, const cli_option *o, const char *text)
{
    char name[80], lo[40], hi[40];
    opt_name(o, name, sizeof name);
    if (o->kind == CLI_OPT_WHOLE)
        return cli_usage_error(cmd, "%s: must be %s from %s to %s, got '%s'", name,
                               o->what ? o->what : "a whole number",
                               fmt_whole(lo, sizeof lo, o->min), fmt_whole(hi, sizeof hi, o->max),
                               co_q(0, text));
    return cli_usage_error(cmd, "%s: must be %s from %s to %s, got '%s'", name,
                           o->what ? o->what : "a number", fmt_bound(lo, sizeof lo, o->lo),
                           fmt_bound(hi, sizeof hi, o->hi), co_q(0, text));
}

/* A whole number: decimal digits only, no sign, no space. */
static int parse_whole(const char *s, uint64_t *out)
{
    if (*s < '0' || *s > '9' || s[strspn(s, "0123456789")] != '\0')
        return -1;
    errno = 0;
    unsigned long long v = strtoull(s, NULL, 10);
    if (errno != 0 || v > UINT64_MAX)
        return -1;
    *out = (uint64_t)v;
    return 0;
}

/* Checks the value of option o and stores it: 0, or an exit code. */
static int take_value(const char *cmd, const cli_option *o, const char *text)
{
    char name[80];
    opt_name(o, name, sizeof name);
    switch (o->kind) {
    case CLI_OPT_STRING:
        if ((o->flags & CLI_NOT_EMPTY) && !*text)
            return cli_usage_error(cmd, "%s: must not be empty", name);
        *(const char **)o->value = text;
        return 0;
    case CLI_OPT_FILE:
        if (o->flags & CLI_FOLDER) {
            if (!*text || ((o->flags & CLI_NO_DASH) && strcmp(text, "-") == 0))
                return cli_usage_error(cmd, "%s: expected a folder, got '%s'", name, co_q(0, text));
        } else if (!*text) {
            return cli_usage_error(cmd, "%s: expected a file name, got ''", name);
        } else if ((o->flags & CLI_NO_DASH) && strcmp(text, "-") == 0) {
            return cli_usage_error(cmd, "%s needs a file name, not '-'", name);
        }
        *(const char **)o->value = text;
        return 0;
    case CLI_OPT_NUMBER: {
        double v;
        if (co_parse_double(text, &v) != 0 || !(v >= o->lo && v <= o->hi))
            return range_error(cmd, o, text);
        *(double *)o->value = v;
        return 0;
    }
    case CLI_OPT_WHOLE: {
        uint64_t v;
        if (parse_whole(text, &v) != 0 || v < o->min || v > o->max)
            return range_error(cmd, o, text);
        *(uint64_t *)o->value = v;
        return 0;
    }
    case CLI_OPT_CALLBACK:
        return o->fn(cmd, text, o->value);
    default: /* a flag has no value; CLI_OPT_END is never looked up */
        return 0;
    }
}

/* ---- finding an option ----------------------------------------------- */

/* The option named by the `len` bytes at `name` (a long name or a unique
 * prefix of one; --help included): its index, n for --help, or -1 after
 * printing the usage error. */
static int find_long(const char *cmd, const cli_option *opts, int n, const char *name,
                     size_t len)
{
    const char *names[CLI_MAX_OPTIONS + 1];
    int index[CLI_MAX_OPTIONS + 1], k = 0, matches = 0;
    for (int i = 0; i <= n; i++) {
        const char *l = i < n ? opts[i].long_name : help_option.long_name;
        if (!l)
            continue;
        if (len > 0 && strncmp(l, name, len) == 0) {
            if (l[len] == '\0')
                return i; /* the whole name */
            index[matches++] = i;
        }
        names[k++] = l;
    }
    if (matches == 1)
        return index[0];
    char typed[80];
    snprintf(typed, sizeof typed, "%.*s", (int)(len < 64 ? len : 64), name);
    if (matches > 1) {
        /* "--d" could be --dataset or --db: say which */
        char list[400];
        size_t used = 0;
        for (int m = 0; m < matches && used < sizeof list; m++) {
            int i = index[m];
            used += (size_t)snprintf(list + used, sizeof list - used, "%s--%s",
                                     m == 0 ? "" : m == matches - 1 ? " or " : ", ",
                                     i < n ? opts[i].long_name : help_option.long_name);
        }
        cli_usage_error(cmd, "ambiguous option '--%s': %s", co_q(0, typed), list);
        return -1;
    }
    const char *near = co_nearest(typed, names, k);
    if (near)
        cli_usage_error(cmd, "unknown option '--%s' (did you mean '--%s'?)", co_q(0, typed), near);
    else
        cli_usage_error(cmd, "unknown option '--%s'", co_q(0, typed));
    return -1;
}

static int find_short(const cli_option *opts, int n, char c)
{
    for (int i = 0; i < n; i++)
        if (opts[i].short_name == c)
            return i;
    return c == help_option.short_name ? n : -1;
}

/* ---- the parser ------------------------------------------------------ */

static void print_help(const cli_spec *spec, const start_value *start, FILE *f);

/* Applies option k, met as `typed`; its value, when it takes one, is
 * `attached` (after '=' or in the same word) or the next word. Returns
 * CLI_GO_ON or an exit code; *i moves past a value taken from the next
 * word. */
static int apply(const cli_spec *spec, int k, int n, const start_value *start,
                 unsigned char *seen, const char *typed, const char *attached, int argc,
                 char **argv, int *i)
{
    const cli_option *o = k < n ? &spec->options[k] : &help_option;
    if (k == n) {
        if (attached)
            return cli_usage_error(spec->name, "option '%s' takes no value", typed);
        print_help(spec, start, stdout);
        return EXIT_PLAN;
    }
    if (o->kind == CLI_OPT_FLAG) {
        if (attached)
            return cli_usage_error(spec->name, "option '%s' takes no value, got '%s'", typed,
                                   co_q(0, attached));
        *(int *)o->value = 1;
        return CLI_GO_ON;
    }
    const char *text = attached;
    if (!text) {
        if (*i + 1 >= argc)
            return cli_usage_error(spec->name, "option '%s' needs a value", typed);
        text = argv[++*i];
    }
    if (seen[k] && !(o->flags & CLI_MANY)) {
        char name[80];
        return cli_usage_error(spec->name, "option '%s' given twice", opt_name(o, name, sizeof name));
    }
    seen[k] = 1;
    int ex = take_value(spec->name, o, text);
    return ex == 0 ? CLI_GO_ON : ex;
}

int cli_parse(const cli_spec *spec, int argc, char **argv, int *n_operands)
{
    const cli_option *opts = spec->options;
    int n = count_options(opts);
    if (n > CLI_MAX_OPTIONS) {
        fprintf(stderr, "coalitions %s: too many options in its table\n", spec->name);
        return EXIT_INTERNAL;
    }
    start_value start[CLI_MAX_OPTIONS];
    unsigned char seen[CLI_MAX_OPTIONS + 1] = {0};
    snapshot(opts, n, start);
    int ops = 0, options_end = 0;
    for (int i = 1; i < argc; i++) {
        char *a = argv[i];
        if (options_end || a[0] != '-' || a[1] == '\0') {
            argv[ops++] = a; /* ops < i: that word was read already */
            continue;
        }
        if (strcmp(a, "--") == 0) {
            options_end = 1;
            continue;
        }
        int ex;
        if (a[1] == '-') {
            const char *eq = strchr(a + 2, '=');
            size_t len = eq ? (size_t)(eq - (a + 2)) : strlen(a + 2);
            int k = find_long(spec->name, opts, n, a + 2, len);
            if (k < 0)
                return EXIT_USAGE;
            char typed[80];
            const char *full = k < n ? opts[k].long_name : help_option.long_name;
            snprintf(typed, sizeof typed, "--%s", full);
            ex = apply(spec, k, n, start, seen, typed, eq ? eq + 1 : NULL, argc, argv, &i);
            if (ex != CLI_GO_ON)
                return ex;
            continue;
        }
        /* short options, bundled: -qv, -j4, -j 4 */
        for (const char *p = a + 1; *p; p++) {
            char typed[3] = {'-', *p, '\0'};
            int k = find_short(opts, n, *p);
            if (k < 0)
                return cli_usage_error(spec->name, "unknown option '%s'", co_q(0, typed));
            int takes = k < n && opts[k].kind != CLI_OPT_FLAG;
            ex = apply(spec, k, n, start, seen, typed, takes && p[1] ? p + 1 : NULL, argc, argv,
                       &i);
            if (ex != CLI_GO_ON)
                return ex;
            if (takes)
                break;
        }
    }
    if (ops < spec->min_operands) {
        if (spec->missing)
            return cli_usage_error(spec->name, "%s", spec->missing);
        return cli_usage_error(spec->name, "missing %s", spec->operands);
    }
    if (ops > spec->max_operands) {
        const char *first = co_q(0, argv[spec->max_operands]);
        if (spec->extra)
            return cli_usage_error(spec->name, spec->extra, first);
        if (spec->max_operands == 0)
            return cli_usage_error(spec->name, "unexpected argument '%s'", first);
        return cli_usage_error(spec->name, "one %s only, got '%s'", spec->operands, first);
    }
    for (int k = 0; k < n; k++) {
        if ((opts[k].flags & CLI_REQUIRED) && !seen[k]) {
            char name[80];
            return cli_usage_error(spec->name, "missing %s", opt_name(&opts[k], name, sizeof name));
        }
    }
    *n_operands = ops;
    return CLI_GO_ON;
}

/* ---- the help -------------------------------------------------------- */

/* A space where no line may break (the range added to a help text). */
#define KEEP '\x01'

/* Prints `text` reflowed into lines of at most WIDTH, the first going on
 * from column `at`, every line starting at column `col`; KEEP prints as a
 * space. */
static void put_wrapped(FILE *f, const char *text, int at, int col)
{
    int x = at, fresh = 1;
    const char *p = text;
    while (*p) {
        if (*p == ' ') {
            p++;
            continue;
        }
        if (*p == '\n') {
            fprintf(f, "\n%*s", col, "");
            x = col;
            fresh = 1;
            p++;
            continue;
        }
        int len = (int)strcspn(p, " \n");
        if (!fresh && x + 1 + len > WIDTH) {
            fprintf(f, "\n%*s", col, "");
            x = col;
            fresh = 1;
        }
        if (!fresh) {
            fputc(' ', f);
            x++;
        }
        for (int k = 0; k < len; k++)
            fputc(p[k] == KEEP ? ' ' : p[k], f);
        x += len;
        fresh = 0;
        p += len;
    }
    fputc('\n', f);
}

/* "-o FILE", "--json FILE", "--set NAME=VALUE": an option as written */
static void synopsis(const cli_option *o, int prefer_short, char *buf, size_t size)
{
    if (o->short_name && (prefer_short || !o->long_name))
        snprintf(buf, size, "-%c%s%s", o->short_name, o->arg ? " " : "", o->arg ? o->arg : "");
    else
        snprintf(buf, size, "--%s%s%s", o->long_name, o->arg ? " " : "", o->arg ? o->arg : "");
}

/* The usage line, wrapped under the first operand. */
static void put_usage(const cli_spec *spec, int n, FILE *f)
{
    char buf[1024], item[160];
    const cli_option *o = spec->options;
    int listed = 0;
    for (int k = 0; k < n; k++)
        listed += !(o[k].flags & CLI_REQUIRED);
    size_t len = (size_t)snprintf(buf, sizeof buf, "%s", spec->operands ? spec->operands : "");
    for (int pass = 0; pass < 2; pass++) {
        for (int k = 0; k < n; k++) {
            int required = (o[k].flags & CLI_REQUIRED) != 0;
            if (required != (pass == 0) || (!required && listed > USAGE_LIST))
                continue;
            synopsis(&o[k], 1, item, sizeof item);
            len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s%s%s%s", len ? "\n" : "",
                                    required ? "" : "[", item,
                                    o[k].flags & CLI_MANY ? " ..." : "", required ? "" : "]");
            if (len >= sizeof buf)
                len = sizeof buf - 1;
        }
    }
    if (listed > USAGE_LIST)
        len += (size_t)snprintf(buf + len, sizeof buf - len, "%s[OPTIONS]", len ? "\n" : "");
    /* the items, separated by '\n' in buf, joined with spaces and wrapped */
    int col = fprintf(f, "usage: coalitions %s", spec->name) + 1, x = col - 1;
    for (char *p = buf; *p;) {
        size_t l = strcspn(p, "\n");
        if (x > col - 1 && x + 1 + (int)l > WIDTH) {
            fprintf(f, "\n%*s", col - 1, "");
            x = col - 1;
        }
        fprintf(f, " %.*s", (int)l, p);
        x += 1 + (int)l;
        p += l + (p[l] == '\n');
    }
    fputc('\n', f);
}

static void left_column(const cli_option *o, char *buf, size_t size)
{
    char item[160];
    synopsis(o, 0, item, sizeof item);
    if (o->short_name && o->long_name)
        snprintf(buf, size, "  -%c, %s", o->short_name, item);
    else
        snprintf(buf, size, "  %s", item);
}

static void put_option(const cli_option *o, const start_value *start, int col, FILE *f)
{
    char left[200], text[1024], lo[40], hi[40], def[40];
    left_column(o, left, sizeof left);
    int x = fprintf(f, "%s", left);
    if (x + 2 > col) {
        fprintf(f, "\n%*s", col, "");
    } else {
        fprintf(f, "%*s", col - x, "");
    }
    const char *h = o->help ? o->help : "";
    int in = 0;
    if (o->kind == CLI_OPT_NUMBER) {
        in = start && start->d >= o->lo && start->d <= o->hi;
        fmt_bound(lo, sizeof lo, o->lo);
        fmt_bound(hi, sizeof hi, o->hi);
        fmt_bound(def, sizeof def, in ? start->d : 0);
    } else if (o->kind == CLI_OPT_WHOLE) {
        in = start && start->w >= o->min && start->w <= o->max;
        fmt_whole(lo, sizeof lo, o->min);
        fmt_whole(hi, sizeof hi, o->max);
        fmt_whole(def, sizeof def, in ? start->w : 0);
    }
    if (o->kind == CLI_OPT_NUMBER || o->kind == CLI_OPT_WHOLE) {
        /* "(1 to 100, default 5)", kept on one line */
        int len = snprintf(text, sizeof text, "%s (", h);
        int from = len < (int)sizeof text ? len : (int)sizeof text - 1;
        snprintf(text + from, sizeof text - (size_t)from, "%s to %s%s%s)", lo, hi,
                 in ? ", default " : "", in ? def : "");
        for (char *c = text + from; *c; c++)
            if (*c == ' ')
                *c = KEEP;
        h = text;
    }
    put_wrapped(f, h, col, col);
}

static void print_help(const cli_spec *spec, const start_value *start, FILE *f)
{
    const cli_option *o = spec->options;
    int n = count_options(o), col = 0;
    char left[200];
    for (int k = 0; k <= n; k++) {
        left_column(k < n ? &o[k] : &help_option, left, sizeof left);
        int w = (int)strlen(left) + 2;
        if (w <= MAX_COL && w > col)
            col = w;
    }
    put_usage(spec, n, f);
    if (spec->about)
        fprintf(f, "\n%s", spec->about);
    fputc('\n', f);
    for (int k = 0; k < n; k++)
        put_option(&o[k], &start[k], col, f);
    put_option(&help_option, NULL, col, f);
    if (spec->footer)
        fprintf(f, "\n%s", spec->footer);
}
