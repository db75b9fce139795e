/*
 * cmd_generate.c: `coalitions generate --donors N --states M`: writes a
 * synthetic dataset (co_dataset_generate) to stdout or a file, for trying
 * the tool at scale and for `make bench` (its shape options make the
 * benchmark's families).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "options.h"

static const char about[] =
    "Writes a synthetic dataset with realistic shapes: log-normal budgets and\n"
    "needs (whole thousands of USD), 1-4 needs per State, partial expertise,\n"
    "some area caps, engagement limits, minimum grants, exclusions and\n"
    "priorities, deadlines spread around the planning date, and a total need\n"
    "1.3 to 1.6 times the total budget. The shape options change these shares\n"
    "(for benchmark families); at their defaults they give the datasets of\n"
    "before, byte for byte. The same options give the same bytes on every\n"
    "machine.\n";
static const char footer[] =
    "Example: coalitions generate --donors 200 --states 150 --seed 7 -o big.json\n";

/* --as-of: a real calendar date, kept in co_gen_opts.as_of */
static int as_of_option(const char *cmd, const char *text, void *as_of)
{
    long day;
    if (co_parse_date(text, &day) != 0)
        return cli_usage_error(cmd, "--as-of: must be a date YYYY-MM-DD, got '%s'", co_q(0, text));
    memcpy(as_of, text, 11);
    return 0;
}

int cmd_generate(int argc, char **argv)
{
    const char *output = "-";
    int n, ex, rc;
    co_gen_opts o;
    co_gen_opts_defaults(&o);
    uint64_t donors = 0, states = 0, areas = (uint64_t)o.areas, seed = o.seed, years = 0;
    uint64_t coalition_size = (uint64_t)o.coalition_size;
    co_diag *dg = co_diag_new();
    const cli_option options[] = {
        CLI_WHOLE(0, "donors", "N", &donors, 1, CO_GEN_MAX_DONORS, CLI_REQUIRED,
                  "number of donors, ids D001, D002, ..."),
        CLI_WHOLE(0, "states", "M", &states, 1, CO_GEN_MAX_STATES, CLI_REQUIRED,
                  "number of affected States, ids S001, ..."),
        CLI_WHOLE(0, "areas", "K", &areas, 1, CO_GEN_MAX_AREAS, 0,
                  "number of areas: clearance, stockpile, risk_education, victim_assistance, "
                  "legislation, then area6, area7, ..."),
        CLI_WHOLE(0, "seed", "S", &seed, 0, UINT64_MAX, 0, "seed of the generator"),
        CLI_CALLBACK(0, "as-of", "DATE", as_of_option, o.as_of, 0,
                     "the dataset's planning date (default 2026-01-01)"),
        CLI_WHOLE(0, "years", "N", &years, 1, CO_GEN_MAX_YEARS, 0,
                  "a multi-year dataset of N years from the year of --as-of "
                  "(MULTIYEAR.md \"Data\"): budgets by year (some cut), carry-over, clearance "
                  "and stockpile needs as work with a yearly capacity and national money, "
                  "yearly caps, deadlines spread over the years, extension requests"),
        CLI_FILE('o', "output", "FILE", &output, 0, "where to write (default '-', stdout)"),
        CLI_WHOLE(0, "coalition-size", "N", &coalition_size, 1, CO_GEN_MAX_COALITION, 0,
                  "the max_coalition_size parameter"),
        CLI_NUMBER(0, "budget-share", "F", &o.budget_share, CO_GEN_MIN_BUDGET_SHARE,
                   CO_GEN_MAX_BUDGET_SHARE, NULL,
                   "total budget / total remaining need (default: drawn from 0.63 to 0.77)"),
        CLI_NUMBER(0, "min-grant-share", "P", &o.min_grant_share, 0, 1, NULL,
                   "share of donors with a minimum grant"),
        CLI_NUMBER(0, "engagement-share", "P", &o.engagement_share, 0, 1, NULL,
                   "share of donors with an engagement limit (max_states)"),
        CLI_NUMBER(0, "priority-share", "P", &o.priority_share, 0, 1, NULL,
                   "share of donors with priority States"),
        CLI_NUMBER(0, "floor", "F", &o.floor, 0, 1, NULL,
                   "the coverage_floor parameter (0: none written)"),
        CLI_END};
    const cli_spec spec = {.name = "generate", .about = about, .footer = footer,
                           .options = options};
    if (!dg)
        return EXIT_INTERNAL;
    if ((ex = cli_parse(&spec, argc, argv, &n)) != CLI_GO_ON)
        goto done;
    o.donors = (int)donors;
    o.states = (int)states;
    o.areas = (int)areas;
    o.seed = seed;
    o.coalition_size = (int)coalition_size;
    o.years = (int)years;
    rc = co_dataset_generate(&o, output, dg);
    if (rc == CO_EUSAGE) {
        ex = cli_usage_error("generate", "%s", co_diag_message(dg, 0, NULL));
        goto done;
    }
    cli_print_diag(dg);
    ex = cli_exit(rc);
done:
    co_diag_free(dg);
    return ex;
}
