/*
 * save.h: writers that turn a co_dataset back into an input format, for
 * `coalitions convert`. They write what they are given, unchecked: run
 * co_dataset_validate first when the result must load again.
 */
#ifndef CO_SAVE_H
#define CO_SAVE_H

#include "dataset.h"

/* Writes ds as a CSV bundle (docs/FORMATS.md) into the folder dir, which
 * is created when missing (its parent must exist). Each file is written to
 * a temporary file in dir and renamed into place, so a reader sees the old
 * file or the new one, never a part. area_budgets.csv is written only when
 * some donor has area budgets, parameters.csv only when the dataset has a
 * name, as_of, currency or parameters; an old copy of either is removed
 * otherwise, so the folder holds ds and nothing else. Returns CO_OK, or
 * CO_EIO with the file and the reason in dg. */
int co_save_csv_bundle(const co_dataset *ds, const char *dir, co_diag *dg);

#endif
