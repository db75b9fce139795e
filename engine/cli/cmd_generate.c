/*
 * cmd_generate.c: `coalitions generate --donors N --states M`: writes a
 * synthetic dataset (engine/generate.c) to stdout or a file, for trying
 * the tool at scale and for `make bench`.
 */
#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "io/generate.h"
#include "base/output.h"
#include "base/util.h"

static const char usage[] =
    "usage: coalitions generate --donors N --states M [--areas K] [--seed S]\n"
    "                           [--as-of DATE] [SHAPE OPTIONS] [-o FILE]\n"
    "\n"
    "Writes a synthetic dataset with realistic shapes: log-normal budgets and\n"
    "needs (whole thousands of USD), 1-4 needs per State, partial expertise,\n"
    "some area caps, engagement limits, minimum grants, exclusions and\n"
    "priorities, deadlines spread around the planning date, and a total need\n"
    "1.3 to 1.6 times the total budget. The same options give the same bytes\n"
    "on every machine.\n"
    "\n"
    "  --donors N      number of donors (1 to 100000), ids D001, D002, ...\n"
    "  --states M      number of affected States (1 to 100000), ids S001, ...\n"
    "  --areas K       number of areas (1 to 100, default 5): clearance,\n"
    "                  stockpile, risk_education, victim_assistance,\n"
    "                  legislation, then area6, area7, ...\n"
    "  --seed S        seed of the generator (0 to 2^64-1, default 1)\n"
    "  --as-of DATE    the dataset's planning date (default 2026-01-01)\n"
    "  -o, --output FILE  where to write (default '-', stdout)\n"
    "  --help          this help\n"
    "\n"
    "Shape options (the defaults give the datasets of before, byte for byte):\n"
    "  --coalition-size N     max_coalition_size (1 to 1000, default 5)\n"
    "  --budget-share F       total budget / total remaining need (> 0, at\n"
    "                         most 10; default drawn from 0.63 to 0.77)\n"
    "  --min-grant-share P    share of donors with a minimum grant (0 to 1,\n"
    "                         default 0.25)\n"
    "  --engagement-share P   share of donors with an engagement limit (0 to 1,\n"
    "                         default 0.3)\n"
    "  --priority-share P     share of donors with priority States (0 to 1,\n"
    "                         default 0.6)\n"
    "  --floor F              coverage_floor parameter (0 to 1, default none)\n"
    "\n"
    "Example: coalitions generate --donors 200 --states 150 --seed 7 -o big.json\n";

/* A whole number in [lo, hi], all of `s`; 0 or -1 (after a usage error). */
static int parse_count(const char *opt, const char *s, long lo, long hi, int *out)
{
    char *end;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (!isdigit((unsigned char)s[0]) || *end != '\0' || errno != 0 || v < lo || v > hi) {
        cli_usage_error("generate", "%s: must be a whole number from %ld to %ld, got '%s'", opt,
                        lo, hi, co_q(0, s));
        return -1;
    }
    *out = (int)v;
    return 0;
}

/* A number in [lo, hi] (above lo when open_lo), all of `s`; 0 or -1
 * (after a usage error). */
static int parse_share(const char *opt, const char *s, double lo, double hi, int open_lo,
                       double *out)
{
    double v;
    if (co_parse_double(s, &v) != 0 || v < lo || (open_lo && v <= lo) || v > hi) {
        cli_usage_error("generate", "%s: must be a number %s %s and <= %s, got '%s'", opt,
                        open_lo ? ">" : ">=", co_num(1, lo), co_num(2, hi), co_q(0, s));
        return -1;
    }
    *out = v;
    return 0;
}

static int parse_seed(const char *s, uint64_t *out)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (!isdigit((unsigned char)s[0]) || *end != '\0' || errno != 0) {
        cli_usage_error("generate", "--seed: must be a whole number from 0 to 2^64-1, got '%s'",
                        co_q(0, s));
        return -1;
    }
    *out = (uint64_t)v;
    return 0;
}

int cmd_generate(int argc, char **argv)
{
    static const struct option opts[] = {
        {"donors", required_argument, NULL, 'd'}, {"states", required_argument, NULL, 's'},
        {"areas", required_argument, NULL, 'a'},  {"seed", required_argument, NULL, 'r'},
        {"as-of", required_argument, NULL, 'D'},  {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},         {"coalition-size", required_argument, NULL, 'C'},
        {"budget-share", required_argument, NULL, 'B'},
        {"min-grant-share", required_argument, NULL, 'M'},
        {"engagement-share", required_argument, NULL, 'E'},
        {"priority-share", required_argument, NULL, 'P'},
        {"floor", required_argument, NULL, 'F'},  {NULL, 0, NULL, 0}};
    const char *output = "-";
    int c, ex, rc;
    co_gen_opts o;
    co_gen_opts_defaults(&o);
    co_buf b;
    co_buf_init(&b);
    co_diag *dg = co_diag_new();
    if (!dg)
        return EXIT_INTERNAL;
    optind = 1;
    opterr = 0;
    while ((c = getopt_long(argc, argv, ":o:", opts, NULL)) != -1) {
        switch (c) {
        case 'd':
            if (parse_count("--donors", optarg, 1, CO_GEN_MAX_DONORS, &o.donors) != 0) {
                ex = EXIT_USAGE;
                goto done;
            }
            break;
        case 's':
            if (parse_count("--states", optarg, 1, CO_GEN_MAX_STATES, &o.states) != 0) {
                ex = EXIT_USAGE;
                goto done;
            }
            break;
        case 'a':
            if (parse_count("--areas", optarg, 1, CO_GEN_MAX_AREAS, &o.areas) != 0) {
                ex = EXIT_USAGE;
                goto done;
            }
            break;
        case 'r':
            if (parse_seed(optarg, &o.seed) != 0) {
                ex = EXIT_USAGE;
                goto done;
            }
            break;
        case 'D': {
            long day;
            if (co_parse_date(optarg, &day) != 0) {
                ex = cli_usage_error("generate", "--as-of: must be a date YYYY-MM-DD, got '%s'",
                                     co_q(0, optarg));
                goto done;
            }
            memcpy(o.as_of, optarg, 11);
            break;
        }
        case 'o':
            output = optarg;
            break;
        case 'C':
            if (parse_count("--coalition-size", optarg, 1, CO_GEN_MAX_COALITION,
                            &o.coalition_size) != 0) {
                ex = EXIT_USAGE;
                goto done;
            }
            break;
        case 'B':
        case 'M':
        case 'E':
        case 'P':
        case 'F': {
            const char *name = c == 'B'   ? "--budget-share"
                               : c == 'M' ? "--min-grant-share"
                               : c == 'E' ? "--engagement-share"
                               : c == 'P' ? "--priority-share"
                                          : "--floor";
            double *at = c == 'B'   ? &o.budget_share
                         : c == 'M' ? &o.min_grant_share
                         : c == 'E' ? &o.engagement_share
                         : c == 'P' ? &o.priority_share
                                    : &o.floor;
            if (parse_share(name, optarg, 0, c == 'B' ? 10 : 1, c == 'B', at) != 0) {
                ex = EXIT_USAGE;
                goto done;
            }
            break;
        }
        default: /* --help, a missing value, an unknown option */
            ex = cli_option_end(c, "generate", usage, argv);
            goto done;
        }
    }
    if (optind < argc) {
        ex = cli_usage_error("generate", "unexpected argument '%s'", co_q(0, argv[optind]));
        goto done;
    }
    if (o.donors == 0 || o.states == 0) {
        ex = cli_usage_error("generate", "missing %s", o.donors == 0 ? "--donors" : "--states");
        goto done;
    }
    rc = co_gen_dataset(&o, &b, dg);
    if (rc == CO_EUSAGE) {
        ex = cli_usage_error("generate", "%s", co_diag_message(dg, 0, NULL));
        goto done;
    }
    if (rc == CO_OK)
        rc = co_write_atomic(output, b.data, b.len, dg);
    cli_print_diag(dg);
    ex = cli_exit(rc);
done:
    co_buf_release(&b);
    co_diag_free(dg);
    return ex;
}
