/*
 * save.h: writers that turn a co_dataset back into an input format, for
 * `coalitions convert`. They write what they are given, unchecked: run
 * co_dataset_validate first when the result must load again.
 */
#ifndef CO_SAVE_H
#define CO_SAVE_H

#include "data/dataset.h"
#include "base/output.h"

/* Writes ds as a CSV bundle (FORMATS.md "Dataset") into the folder dir, which
 * is created when missing (its parent must exist). The files are written
 * as one change (co_write_files_atomic): a failed write leaves the earlier
 * files as they were, never a part of one. An optional file (schema.h,
 * co_bundle_files) is written only when ds has something for it
 * (area_budgets.csv when some donor has area budgets, parameters.csv when
 * the dataset has a name, as_of, currency or parameters); an old copy is
 * removed otherwise, so the folder holds ds and nothing else. A
 * parameter as_of is written as the dataset's as_of, which it overrides
 * (as co_save_json does). Returns CO_OK, or CO_EIO with the file and the
 * reason in dg. */
int co_save_csv_bundle(const co_dataset *ds, const char *dir, co_diag *dg);

/* Appends ds as the dataset JSON of FORMATS.md "Dataset" to `out`: every field
 * the dataset holds (optional ones only when given; min_grant and secured
 * only when not 0, their default), lists in the dataset's order (by id once
 * validated), numbers in the shortest form that reads back exactly, and
 * parameters given as numeric text (from a CSV bundle) as numbers; a
 * parameter as_of as the top-level as_of, which it overrides. Returns
 * CO_OK, or CO_EINTERNAL when out of memory (the reason in dg). */
int co_save_json(const co_dataset *ds, co_buf *out, co_diag *dg);

#endif
