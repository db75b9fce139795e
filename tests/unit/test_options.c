/* Unit tests of the option parser (engine/cli/options.c): every kind of
 * option, "--name=VALUE", short and bundled forms, prefixes, both ends of
 * every range, unknown options and near misses, missing values, options
 * given twice, "--" and "-", operand counts, and the --help it prints for
 * a small table, against texts written out here by hand. What the parser
 * prints on stdout and stderr is captured through temporary files. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "cli/options.h"

/* ---- the table under test ---------------------------------------------- */

static int quiet, verbose;
static const char *name, *output, *dir, *book;
static double ratio;
static uint64_t count, seed;
static char set_log[256]; /* the callback's values, joined by ';' */

static int set_cb(const char *cmd, const char *text, void *log)
{
    if (strchr(text, '=') == NULL)
        return cli_usage_error(cmd, "--set: expected K=V, got '%s'", text);
    size_t len = strlen(log);
    snprintf((char *)log + len, sizeof set_log - len, "%s%s", len ? ";" : "", text);
    return 0;
}

static const cli_option options[] = {
    CLI_FLAG('q', "quiet", &quiet, "say nothing"),
    CLI_FLAG('v', "verbose", &verbose, "say more"),
    CLI_STRING(0, "name", "NAME", &name, CLI_NOT_EMPTY, "a name"),
    CLI_FILE('o', "output", "FILE", &output, 0, "where to write ('-' for stdout)"),
    CLI_FILE(0, "dir", "DIR", &dir, CLI_FOLDER | CLI_NO_DASH, "a folder"),
    CLI_FILE(0, "book", "FILE", &book, CLI_NO_DASH, "a workbook"),
    CLI_NUMBER(0, "ratio", "R", &ratio, 0.001, 1e6, "a number of seconds", "a time"),
    CLI_WHOLE('c', "count", "N", &count, 1, 64, 0, "how many"),
    CLI_WHOLE(0, "seed", "S", &seed, 0, UINT64_MAX, 0, "a seed"),
    CLI_CALLBACK(0, "set", "K=V", set_cb, set_log, CLI_MANY, "a setting (repeatable)"),
    CLI_END};

static const cli_spec one = {.name = "demo", .operands = "IN", .min_operands = 1,
                             .max_operands = 1, .options = options};
static const cli_spec two = {.name = "pair", .operands = "A B", .min_operands = 2,
                             .max_operands = 2, .missing = "needs two: A B",
                             .extra = "two only, got '%s'", .options = options};
static const cli_spec none = {.name = "list", .options = options};

static void reset(void)
{
    quiet = verbose = 0;
    name = output = dir = book = NULL;
    ratio = 30;
    count = 1;
    seed = 1;
    set_log[0] = '\0';
}

/* ---- running the parser ---------------------------------------------- */

static char out_text[8192], err_text[4096];
static char words[32][160];
static char *argv_[33];
static int n_ops;

static void slurp(FILE *f, char *buf, size_t size)
{
    rewind(f);
    size_t len = fread(buf, 1, size - 1, f);
    buf[len] = '\0';
    fclose(f);
}

/* Parses "cmd ARGS..." (NULL-terminated) with spec; the exit code or
 * CLI_GO_ON; stdout and stderr in out_text and err_text, the operands in
 * argv_[0 .. n_ops). */
static int parse(const cli_spec *spec, ...)
{
    va_list ap;
    int argc = 0;
    snprintf(words[argc], sizeof words[0], "%s", spec->name);
    argv_[argc] = words[argc];
    argc++;
    va_start(ap, spec);
    for (const char *a; (a = va_arg(ap, const char *)) != NULL; argc++) {
        snprintf(words[argc], sizeof words[0], "%s", a);
        argv_[argc] = words[argc];
    }
    va_end(ap);
    argv_[argc] = NULL;
    FILE *o = tmpfile(), *e = tmpfile();
    assert_non_null(o);
    assert_non_null(e);
    fflush(stdout);
    fflush(stderr);
    int so = dup(1), se = dup(2);
    dup2(fileno(o), 1);
    dup2(fileno(e), 2);
    n_ops = -1;
    int rc = cli_parse(spec, argc, argv_, &n_ops);
    fflush(stdout);
    fflush(stderr);
    dup2(so, 1);
    dup2(se, 2);
    close(so);
    close(se);
    slurp(o, out_text, sizeof out_text);
    slurp(e, err_text, sizeof err_text);
    return rc;
}

#define HINT(cmd) "\nTry 'coalitions " cmd " --help'.\n"

/* a usage error: exit 2, exactly this line and the hint, nothing on stdout */
static void usage_error(int rc, const char *want)
{
    assert_int_equal(rc, EXIT_USAGE);
    assert_string_equal(err_text, want);
    assert_string_equal(out_text, "");
}

/* ---- the kinds, and how a value is written --------------------------- */

static void kinds(void **state)
{
    (void)state;
    reset();
    assert_int_equal(parse(&one, "-q", "--name", "run 1", "--output=-", "--dir", "out",
                           "--book", "b.xlsx", "--ratio", "2.5", "--count=7", "--seed",
                           "18446744073709551615", "--set", "a=1", "--set=b=2", "IN.json", NULL),
                     CLI_GO_ON);
    assert_string_equal(err_text, "");
    assert_int_equal(quiet, 1);
    assert_int_equal(verbose, 0);
    assert_string_equal(name, "run 1");
    assert_string_equal(output, "-");
    assert_string_equal(dir, "out");
    assert_string_equal(book, "b.xlsx");
    assert_true(ratio == 2.5);
    assert_int_equal(count, 7);
    assert_true(seed == UINT64_MAX);
    assert_string_equal(set_log, "a=1;b=2"); /* repeatable: each in order */
    assert_int_equal(n_ops, 1);
    assert_string_equal(argv_[0], "IN.json");
}

static void short_forms(void **state)
{
    (void)state;
    reset();
    /* bundled flags, a value in the same word, a value in the next */
    assert_int_equal(parse(&one, "-qv", "-c12", "-o", "x.json", "IN", NULL), CLI_GO_ON);
    assert_int_equal(quiet, 1);
    assert_int_equal(verbose, 1);
    assert_int_equal(count, 12);
    assert_string_equal(output, "x.json");
    reset();
    assert_int_equal(parse(&one, "-vc", "3", "IN", NULL), CLI_GO_ON);
    assert_int_equal(verbose, 1);
    assert_int_equal(count, 3);
    /* a value that starts with '-' is still the value */
    reset();
    assert_int_equal(parse(&one, "-o", "-", "--name", "-x", "IN", NULL), CLI_GO_ON);
    assert_string_equal(output, "-");
    assert_string_equal(name, "-x");
    reset();
    usage_error(parse(&one, "-qx", "IN", NULL), "coalitions demo: unknown option '-x'" HINT("demo"));
    assert_int_equal(quiet, 1); /* what came before stays */
}

static void prefixes(void **state)
{
    (void)state;
    reset();
    assert_int_equal(parse(&one, "--cou", "5", "--ra=0.5", "--verb", "IN", NULL), CLI_GO_ON);
    assert_int_equal(count, 5);
    assert_true(ratio == 0.5);
    assert_int_equal(verbose, 1);
    /* --se is --seed or --set: neither is guessed */
    usage_error(parse(&one, "--se", "5", "IN", NULL),
                "coalitions demo: ambiguous option '--se': --seed or --set" HINT("demo"));
}

/* ---- ranges: both ends in, just outside out, the message both ends ---- */

static void ranges(void **state)
{
    (void)state;
    static const char *const in[] = {"0.001", "1000000", "1e6", "0.5"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        reset();
        assert_int_equal(parse(&one, "--ratio", in[i], "IN", NULL), CLI_GO_ON);
        assert_true(ratio == strtod(in[i], NULL));
    }
    static const char *const out[] = {"0", "0.0009", "1000000.5", "3600000", "-1", "soon", "",
                                      "nan", "inf", "0x10", " 5", "1e400"};
    for (size_t i = 0; i < sizeof out / sizeof out[0]; i++) {
        reset();
        char want[200];
        snprintf(want, sizeof want,
                 "coalitions demo: --ratio: must be a number of seconds from 0.001 to 1000000, "
                 "got '%s'" HINT("demo"), out[i]);
        usage_error(parse(&one, "--ratio", out[i], "IN", NULL), want);
        assert_true(ratio == 30); /* left as it was */
    }
    static const char *const win[] = {"1", "64", "01"};
    for (size_t i = 0; i < sizeof win / sizeof win[0]; i++) {
        reset();
        assert_int_equal(parse(&one, "--count", win[i], "IN", NULL), CLI_GO_ON);
        assert_int_equal(count, strtoull(win[i], NULL, 10));
    }
    static const char *const wout[] = {"0", "65", "2.5", "2.0", "+3", "-1", "1e1", "x",
                                       "", "99999999999999999999"};
    for (size_t i = 0; i < sizeof wout / sizeof wout[0]; i++) {
        reset();
        char want[200];
        snprintf(want, sizeof want,
                 "coalitions demo: --count: must be a whole number from 1 to 64, got '%s'"
                 HINT("demo"), wout[i]);
        usage_error(parse(&one, "-c", wout[i], "IN", NULL), want);
        assert_int_equal(count, 1);
    }
    reset();
    assert_int_equal(parse(&one, "--seed", "0", "IN", NULL), CLI_GO_ON);
    assert_true(seed == 0);
    usage_error(parse(&one, "--seed", "18446744073709551616", "IN", NULL),
                "coalitions demo: --seed: must be a whole number from 0 to 2^64-1, got "
                "'18446744073709551616'" HINT("demo"));
}

/* ---- file names and texts --------------------------------------------- */

static void files(void **state)
{
    (void)state;
    reset();
    usage_error(parse(&one, "--book", "-", "IN", NULL),
                "coalitions demo: --book needs a file name, not '-'" HINT("demo"));
    usage_error(parse(&one, "--dir", "-", "IN", NULL),
                "coalitions demo: --dir: expected a folder, got '-'" HINT("demo"));
    usage_error(parse(&one, "--dir=", "IN", NULL),
                "coalitions demo: --dir: expected a folder, got ''" HINT("demo"));
    usage_error(parse(&one, "-o", "", "IN", NULL),
                "coalitions demo: --output: expected a file name, got ''" HINT("demo"));
    usage_error(parse(&one, "--name=", "IN", NULL),
                "coalitions demo: --name: must not be empty" HINT("demo"));
    /* a callback's own message, and its exit code */
    usage_error(parse(&one, "--set", "a=1", "--set", "b", "IN", NULL),
                "coalitions demo: --set: expected K=V, got 'b'" HINT("demo"));
    assert_string_equal(set_log, "a=1");
}

/* ---- unknown options, missing values, given twice --------------------- */

static void mistakes(void **state)
{
    (void)state;
    reset();
    usage_error(parse(&one, "IN", "--cont", "3", NULL),
                "coalitions demo: unknown option '--cont' (did you mean '--count'?)" HINT("demo"));
    usage_error(parse(&one, "IN", "--ouptut=x", NULL),
                "coalitions demo: unknown option '--ouptut' (did you mean '--output'?)" HINT("demo"));
    usage_error(parse(&one, "IN", "--colour", NULL),
                "coalitions demo: unknown option '--colour'" HINT("demo"));
    usage_error(parse(&one, "IN", "--halp", NULL),
                "coalitions demo: unknown option '--halp' (did you mean '--help'?)" HINT("demo"));
    usage_error(parse(&one, "IN", "--count", NULL),
                "coalitions demo: option '--count' needs a value" HINT("demo"));
    usage_error(parse(&one, "IN", "-o", NULL),
                "coalitions demo: option '-o' needs a value" HINT("demo"));
    usage_error(parse(&one, "IN", "--quiet=yes", NULL),
                "coalitions demo: option '--quiet' takes no value, got 'yes'" HINT("demo"));
    usage_error(parse(&one, "IN", "--count", "2", "-c", "3", NULL),
                "coalitions demo: option '--count' given twice" HINT("demo"));
    reset();
    assert_int_equal(parse(&one, "-q", "--quiet", "IN", NULL), CLI_GO_ON); /* a flag may repeat */
    assert_int_equal(quiet, 1);
}

/* ---- operands --------------------------------------------------------- */

static void operands(void **state)
{
    (void)state;
    reset();
    /* options and operands mixed; "-" is an operand; after "--" all are */
    assert_int_equal(parse(&two, "-", "-q", "--", "--count", NULL), CLI_GO_ON);
    assert_int_equal(n_ops, 2);
    assert_string_equal(argv_[0], "-");
    assert_string_equal(argv_[1], "--count");
    assert_int_equal(quiet, 1);
    assert_int_equal(count, 1);
    usage_error(parse(&one, NULL), "coalitions demo: missing IN" HINT("demo"));
    usage_error(parse(&one, "a", "b", NULL), "coalitions demo: one IN only, got 'b'" HINT("demo"));
    usage_error(parse(&two, "a", NULL), "coalitions pair: needs two: A B" HINT("pair"));
    usage_error(parse(&two, "a", "b", "c\n", NULL), "coalitions pair: two only, got 'c\\x0a'" HINT("pair"));
    usage_error(parse(&none, "-q", "x", NULL), "coalitions list: unexpected argument 'x'" HINT("list"));
    assert_int_equal(parse(&none, "-q", NULL), CLI_GO_ON);
    assert_int_equal(n_ops, 0);
}

/* ---- --help ----------------------------------------------------------- */

static int shown;
static double share = 0.5;
static uint64_t items;

static const cli_option small[] = {
    CLI_WHOLE(0, "items", "N", &items, 1, 10, CLI_REQUIRED, "how many"),
    CLI_NUMBER(0, "share", "R", &share, 0, 1, NULL,
               "the share of each item to take; a text long enough to be reflowed onto a "
               "second line"),
    CLI_FLAG('q', "quiet", &shown, "say nothing"),
    CLI_FILE('o', "output", "FILE", &output, 0, "where to write"),
    CLI_END};
static const cli_spec small_spec = {.name = "demo", .operands = "IN", .min_operands = 1,
                                    .max_operands = 1, .about = "Does a demo.\n",
                                    .footer = "Exit codes: 0 done.\n", .options = small};

/* the help of small_spec, by hand: the options' column two past the
 * widest (19), lines of at most 79, a range and, when the value is in it,
 * the default; the required option in the usage line, not bracketed */
static const char small_help[] =
    "usage: coalitions demo IN --items N [--share R] [-q] [-o FILE]\n"
    "\n"
    "Does a demo.\n"
    "\n"
    "  --items N          how many (1 to 10)\n"
    "  --share R          the share of each item to take; a text long enough to be\n"
    "                     reflowed onto a second line (0 to 1, default 0.5)\n"
    "  -q, --quiet        say nothing\n"
    "  -o, --output FILE  where to write\n"
    "  -h, --help         this help\n"
    "\n"
    "Exit codes: 0 done.\n";

static void help(void **state)
{
    (void)state;
    /* --help stops the parse at once, with the defaults as they were */
    share = 0.5;
    assert_int_equal(parse(&small_spec, "--share", "0.25", "--help", "--bogus", NULL), EXIT_PLAN);
    assert_string_equal(out_text, small_help);
    assert_string_equal(err_text, "");
    assert_true(share == 0.25);
    share = 0.5;
    assert_int_equal(parse(&small_spec, "-h", NULL), EXIT_PLAN);
    assert_string_equal(out_text, small_help);
    /* a required option */
    usage_error(parse(&small_spec, "IN", NULL), "coalitions demo: missing --items" HINT("demo"));
    /* more than six options: the usage line says [OPTIONS] */
    reset();
    assert_int_equal(parse(&one, "--help", NULL), EXIT_PLAN);
    assert_memory_equal(out_text, "usage: coalitions demo IN [OPTIONS]\n\n",
                        strlen("usage: coalitions demo IN [OPTIONS]\n\n"));
    assert_non_null(strstr(out_text, "\n  --ratio R          a time (0.001 to 1000000, default 30)\n"));
    assert_non_null(strstr(out_text, "\n  --seed S           a seed (0 to 2^64-1, default 1)\n"));
    assert_non_null(strstr(out_text, "\n  --set K=V          a setting (repeatable)\n"));
}

/* the usage line wraps under the first operand */
static const cli_option wide[] = {
    CLI_FILE(0, "first-output", "FILE", &output, 0, "one"),
    CLI_FILE(0, "second-output", "FILE", &dir, 0, "two"),
    CLI_FILE(0, "third-output", "FILE", &book, 0, "three"),
    CLI_CALLBACK(0, "set", "NAME=VALUE", set_cb, set_log, CLI_MANY, "four"),
    CLI_END};
static const cli_spec wide_spec = {.name = "export-model", .operands = "DATASET",
                                   .min_operands = 1, .max_operands = 1, .options = wide};

static void help_wraps(void **state)
{
    (void)state;
    assert_int_equal(parse(&wide_spec, "--help", NULL), EXIT_PLAN);
    assert_string_equal(out_text,
                        "usage: coalitions export-model DATASET [--first-output FILE]\n"
                        "                               [--second-output FILE] [--third-output FILE]\n"
                        "                               [--set NAME=VALUE ...]\n"
                        "\n"
                        "  --first-output FILE   one\n"
                        "  --second-output FILE  two\n"
                        "  --third-output FILE   three\n"
                        "  --set NAME=VALUE      four\n"
                        "  -h, --help            this help\n");
}

/* The solver options' table entries (cli.h) state the range the engine
 * enforces: both ends in, just outside refused by both, the same words. */
static void solver_ranges(void **state)
{
    (void)state;
    co_run_options *ro = co_run_options_new();
    co_diag *dg = co_diag_new();
    assert_non_null(ro);
    assert_non_null(dg);
    cli_solver sv;
    cli_solver_init(&sv, ro, dg);
    const cli_option table[] = {CLI_SOLVER_OPTIONS(&sv, "seconds"), CLI_END};
    const cli_spec spec = {.name = "plan", .options = table};
    assert_int_equal(parse(&spec, "--time-limit", "0.001", "--mip-gap", "0", NULL), CLI_GO_ON);
    assert_int_equal(co_run_options_solver(ro, sv.time_limit, sv.mip_gap, dg), CO_OK);
    assert_int_equal(co_run_options_solver(ro, 1e6, 1, dg), CO_OK);
    usage_error(parse(&spec, "--time-limit", "1000000.001", NULL),
                "coalitions plan: --time-limit: must be a number of seconds from 0.001 to "
                "1000000, got '1000000.001'" HINT("plan"));
    assert_int_equal(co_run_options_solver(ro, 1000000.001, 0, dg), CO_EUSAGE);
    assert_int_equal(co_run_options_solver(ro, 0.0009, 0, dg), CO_EUSAGE);
    usage_error(parse(&spec, "--mip-gap", "1.01", NULL),
                "coalitions plan: --mip-gap: must be a number from 0 to 1, got '1.01'" HINT("plan"));
    assert_int_equal(co_run_options_solver(ro, 30, 1.01, dg), CO_EUSAGE);
    assert_int_equal(co_diag_count(dg), 3);
    assert_string_equal(co_diag_message(dg, 0, NULL),
                        "--time-limit: must be a number of seconds from 0.001 to 1000000, got "
                        "'1000000.001'");
    assert_string_equal(co_diag_message(dg, 1, NULL),
                        "--time-limit: must be a number of seconds from 0.001 to 1000000, got "
                        "'0.0009'");
    assert_string_equal(co_diag_message(dg, 2, NULL),
                        "--mip-gap: must be a number from 0 to 1, got '1.01'");
    co_diag_free(dg);
    co_run_options_free(ro);
}

/* a number's range moves to the next line whole rather than break */
static void help_keeps_range(void **state)
{
    (void)state;
    reset();
    const cli_option table[] = {
        CLI_NUMBER(0, "time-limit", "S", &ratio, 0.001, 1e6, NULL,
                   "seconds for the whole solve, and some more words"),
        CLI_END};
    const cli_spec spec = {.name = "t", .options = table};
    assert_int_equal(parse(&spec, "--help", NULL), EXIT_PLAN);
    assert_string_equal(out_text, "usage: coalitions t [--time-limit S]\n"
                                  "\n"
                                  "  --time-limit S  seconds for the whole solve, and some more words\n"
                                  "                  (0.001 to 1000000, default 30)\n"
                                  "  -h, --help      this help\n");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(kinds),    cmocka_unit_test(short_forms), cmocka_unit_test(prefixes),
        cmocka_unit_test(ranges),   cmocka_unit_test(files),       cmocka_unit_test(mistakes),
        cmocka_unit_test(operands), cmocka_unit_test(help),        cmocka_unit_test(help_wraps),
        cmocka_unit_test(help_keeps_range), cmocka_unit_test(solver_ranges)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
