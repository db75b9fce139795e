/*
 * xlsx_cli.c: what the commands that write the Excel workbook share:
 * writing the workbook of a plan (the workbook itself is
 * engine/render/plan_xlsx.c; the --xlsx option is cli.h's CLI_XLSX_OPTION).
 */
#include <string.h>

#include "cli.h"
#include "render/xlsx.h"

int cli_write_xlsx(const char *path, const co_plan *plan, const co_comparison *comparison,
                   co_diag *dg)
{
    return co_xlsx_write(path, plan, comparison, dg);
}
