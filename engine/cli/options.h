/*
 * options.h: the option table of a subcommand and the one parser that
 * reads a command line by it (in the spirit of git's parse-options). Each
 * option is described once: names, kind, range, the value's name and help,
 * and where its value goes; --help is printed from the same table, so the
 * two cannot disagree. What a command does with the values is its own.
 */
#ifndef CO_CLI_OPTIONS_H
#define CO_CLI_OPTIONS_H

#include <stdint.h>

enum cli_opt_kind {
    CLI_OPT_END = 0,  /* ends a table */
    CLI_OPT_FLAG,     /* no value; sets the int to 1 */
    CLI_OPT_STRING,   /* any text: a const char * (pointing into argv) */
    CLI_OPT_FILE,     /* a file or folder name, not empty: a const char *;
                       * '-' is stdin or stdout unless CLI_NO_DASH */
    CLI_OPT_NUMBER,   /* a finite decimal number in [lo, hi]: a double */
    CLI_OPT_WHOLE,    /* a whole number in [min, max], digits only: a uint64_t */
    CLI_OPT_CALLBACK  /* fn(cmd, text, value) checks and stores the text */
};

/* Flags of an option. A value option given twice is a usage error unless
 * it is CLI_MANY; a flag may be repeated. */
enum {
    CLI_MANY = 1,      /* may be given more than once ("repeatable") */
    CLI_REQUIRED = 2,  /* must be given: "missing --donors" */
    CLI_NO_DASH = 4,   /* FILE: '-' is refused */
    CLI_FOLDER = 8,    /* FILE: a folder (said so in messages) */
    CLI_NOT_EMPTY = 16 /* STRING: the empty text is refused */
};

/* A callback option's check: stores `text` through `value` and returns 0,
 * or prints the usage error (cli_usage_error(cmd, ...)) and returns its
 * exit code. */
typedef int cli_opt_fn(const char *cmd, const char *text, void *value);

typedef struct cli_option {
    enum cli_opt_kind kind;
    char short_name;       /* 'q' for -q; 0 for none */
    const char *long_name; /* "quiet" for --quiet (without the dashes); NULL for none */
    const char *arg;       /* the value's name in --help ("FILE"); NULL for a flag */
    const char *help;      /* one paragraph, reflowed ('\n' forces a line break) */
    void *value;           /* where the value goes: see the kinds */
    unsigned flags;        /* CLI_MANY, ... */
    double lo, hi;         /* NUMBER: the range, both ends included */
    uint64_t min, max;     /* WHOLE: the range, both ends included */
    const char *what;      /* NUMBER, WHOLE: what the value is, for messages ("a
                            * number of seconds"; NULL: "a number", "a whole number") */
    cli_opt_fn *fn;        /* CALLBACK */
} cli_option;

/* The entries, each checking the type of its value pointer. */
#define CLI_PTR_(T, p) (1 ? (p) : (T *)0)
#define CLI_FLAG(s, l, v, h) \
    {.kind = CLI_OPT_FLAG, .short_name = (s), .long_name = (l), .value = CLI_PTR_(int, v), .help = (h)}
#define CLI_STRING(s, l, a, v, f, h)                                                        \
    {.kind = CLI_OPT_STRING, .short_name = (s), .long_name = (l), .arg = (a),              \
     .value = CLI_PTR_(const char *, v), .flags = (f), .help = (h)}
#define CLI_FILE(s, l, a, v, f, h)                                                          \
    {.kind = CLI_OPT_FILE, .short_name = (s), .long_name = (l), .arg = (a),                \
     .value = CLI_PTR_(const char *, v), .flags = (f), .help = (h)}
#define CLI_NUMBER(s, l, a, v, lo_, hi_, w, h)                                              \
    {.kind = CLI_OPT_NUMBER, .short_name = (s), .long_name = (l), .arg = (a),              \
     .value = CLI_PTR_(double, v), .lo = (lo_), .hi = (hi_), .what = (w), .help = (h)}
#define CLI_WHOLE(s, l, a, v, min_, max_, f, h)                                             \
    {.kind = CLI_OPT_WHOLE, .short_name = (s), .long_name = (l), .arg = (a),               \
     .value = CLI_PTR_(uint64_t, v), .min = (min_), .max = (max_), .flags = (f), .help = (h)}
#define CLI_CALLBACK(s, l, a, fn_, v, f, h)                                                 \
    {.kind = CLI_OPT_CALLBACK, .short_name = (s), .long_name = (l), .arg = (a), .fn = (fn_), \
     .value = (v), .flags = (f), .help = (h)}
#define CLI_END {.kind = CLI_OPT_END}

/* At most this many options in a table (--help aside). */
#define CLI_MAX_OPTIONS 40

/* A subcommand: its name, operands, texts and options. */
typedef struct cli_spec {
    const char *name;      /* "plan" */
    const char *operands;  /* the operands in the usage line ("DATASET"); NULL: none */
    int min_operands, max_operands;
    const char *missing;   /* too few operands: the message; NULL: "missing " operands */
    const char *extra;     /* too many: a format with one %s, the first extra operand;
                            * NULL: "one OPERANDS only, got '%s'" (max 1) or
                            * "unexpected argument '%s'" (max 0) */
    const char *about;     /* the description, printed as it is (ends with "\n") */
    const char *footer;    /* after the options (exit codes), as it is; or NULL */
    const cli_option *options; /* ends with CLI_END; --help (-h) is added */
} cli_spec;

/* The parser's answer when the command goes on. */
#define CLI_GO_ON (-1)

/* Reads argv[1 .. argc) (argv[0] is the command's name) by spec: option
 * by option, in order, "--name VALUE", "--name=VALUE", a unique prefix of
 * a long name, "-x VALUE", "-xVALUE", flags bundled ("-qv"); "--" ends the
 * options, and "-" is an operand (stdin or stdout). Each value goes where
 * its entry says; the operands, in order, are moved to argv[0 .. *n).
 * Returns CLI_GO_ON when the command goes on, or the exit code to leave
 * with: 0 after --help (printed on stdout), 2 after a usage error (one
 * line and the hint on stderr, as cli_usage_error), or a callback's code.
 * Values stay where they were when it stops early.
 *
 * The help is: the usage line (the operands, the required options, then
 * every option when there are at most six, else "[OPTIONS]"), the
 * description, the options aligned with their help reflowed (a number's
 * range added, and its default: the value it held before the parse, when
 * that is in the range), and the footer. */
int cli_parse(const cli_spec *spec, int argc, char **argv, int *n);

#endif
