/*
 * xlsx_cli.c: what the commands that write the Excel workbook share:
 * writing the workbook of a plan JSON text (the workbook itself is
 * engine/render/plan_xlsx.c; the --xlsx option is cli.h's CLI_XLSX_OPTION).
 */
#include <cjson/cJSON.h>
#include <string.h>

#include "cli.h"
#include "base/diag.h"
#include "render/xlsx.h"

int cli_write_xlsx(const char *path, const char *plan_json, const cJSON *comparison,
                   co_diag *dg)
{
    cJSON *plan = cJSON_Parse(plan_json);
    if (!plan) {
        /* the plan text is ours (rendered now, or stored by a run) */
        co_err(dg, "%s: the plan JSON cannot be read back", path);
        return CO_EINTERNAL;
    }
    int rc = co_xlsx_write(path, plan, comparison, dg);
    cJSON_Delete(plan);
    return rc;
}
