/*
 * store_cli.c: the store file and run ids for the commands that use the
 * run store (store_cli.h).
 */
#include "store_cli.h"

#include <errno.h>
#include <getopt.h>
#include <stdlib.h>

#include "cli.h"
#include "util.h"

const char *cli_store_path(const char *opt)
{
    if (opt)
        return opt;
    const char *env = getenv("COALITIONS_DB");
    return env && *env ? env : "coalitions.db";
}

int cli_one_run(const char *cmd, int argc, char **argv, long long *id)
{
    int ex = cli_one_operand(cmd, "RUN", argc, argv);
    if (ex == 0 && cli_run_id(cmd, argv[optind], id) != 0)
        ex = EXIT_USAGE;
    return ex;
}

int cli_run_id(const char *cmd, const char *arg, long long *id)
{
    char *end = NULL;
    errno = 0;
    long long v = arg[0] >= '0' && arg[0] <= '9' ? strtoll(arg, &end, 10) : 0;
    if (!end || *end || errno || v < 1) {
        cli_usage_error(cmd, "not a run id (a whole number >= 1), got '%s'", co_q(0, arg));
        return -1;
    }
    *id = v;
    return 0;
}
