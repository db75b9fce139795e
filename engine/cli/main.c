/*
 * main.c: the command table and the top-level options (--help, --version).
 * Each subcommand is one function in its own file (as git's builtin/).
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static const cli_command commands[] = {
    {"plan", cmd_plan, "solve a dataset and write the recommended coalitions"},
    {"check", cmd_check, "validate a dataset and list every problem"},
    {"export-model", cmd_export_model, "write the model for glpsol or another solver"},
    {"history", cmd_history, "list the recorded runs, newest first"},
    {"show", cmd_show, "print a recorded run's summary, or write its plan JSON"},
    {"diff", cmd_diff, "what changed between two recorded runs"},
    {"export", cmd_export_run, "write a recorded run's CSV files and plan JSON"},
    {"generate", cmd_generate, "write a synthetic dataset of any size"},
    {"convert", cmd_convert, "write a dataset as a CSV bundle, or a bundle as JSON"},
    {"whatif", cmd_whatif, "solve scenarios against the baseline and compare them"},
    {"brief", cmd_brief, "write the meeting brief of a plan or a what-if (HTML, Markdown)"},
    {"deadlines", cmd_deadlines, "analyse deadlines and extension requests (multi-year)"},
};
#define N_COMMANDS ((int)(sizeof commands / sizeof commands[0]))

static void help(void)
{
    printf("usage: coalitions COMMAND [OPTIONS]\n"
           "\n"
           "Matches donors' budgets and expertise to evidence-based needs of States\n"
           "affected by cluster munitions, and proposes Country Coalitions: a group of\n"
           "donors, with a lead, around each affected State.\n"
           "\n"
           "Commands:\n");
    for (int i = 0; i < N_COMMANDS; i++)
        printf("  %-14s %s\n", commands[i].name, commands[i].summary);
    printf("\n"
           "  --help           this help; 'coalitions COMMAND --help' for a command\n"
           "  --version        the engine and GLPK versions\n"
           "\n"
           "Exit codes: 0 plan written, 1 infeasible or no solution, 2 usage error,\n"
           "3 invalid input, 4 solver failure, 5 file or database error, 70 internal error.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2)
        return cli_usage_error(NULL, "missing command");
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        help();
        return EXIT_PLAN;
    }
    if (strcmp(cmd, "--version") == 0) {
        printf("coalitions %s (GLPK %s)\n", CO_VERSION, co_solver_version());
        return EXIT_PLAN;
    }
    for (int i = 0; i < N_COMMANDS; i++)
        if (strcmp(cmd, commands[i].name) == 0)
            return commands[i].run(argc - 1, argv + 1);
    return cli_usage_error(NULL, "unknown command '%s'", cmd);
}
