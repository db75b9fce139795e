/*
 * xlsx_cli.c: what the commands that write the Excel workbook share: the
 * --xlsx option's check, and writing the workbook of a plan (the workbook
 * itself is engine/render/plan_xlsx.c).
 */
#include <string.h>

#include "cli.h"
#include "render/xlsx.h"

int cli_xlsx_option(const char *cmd, const char *val)
{
    if (strcmp(val, "-") == 0)
        return cli_usage_error(cmd, "--xlsx needs a file name, not '-'");
    return 0;
}

int cli_write_xlsx(const char *path, const co_plan *plan, const co_comparison *comparison,
                   co_diag *dg)
{
    return co_xlsx_write(path, plan, comparison, dg);
}
