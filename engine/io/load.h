/*
 * load.h: the dataset loaders. Each fills a co_dataset from its format and
 * checks only what the format itself decides (syntax, types, required
 * fields, unknown fields as warnings); co_dataset_validate checks the rest.
 * Both set ds->source and ds->sha256 (FORMATS.md "Plan": dataset.sha256).
 */
#ifndef CO_LOAD_H
#define CO_LOAD_H

#include "base/hash.h"
#include "data/dataset.h"

/* A JSON dataset file ("-" for stdin). CO_EIO when it cannot be read,
 * CO_EINPUT when it is not a dataset. */
int co_load_json(const char *path, co_dataset *ds, co_diag *dg);
/* Same, from bytes already in memory; `name` is used in messages. */
int co_load_json_mem(const char *name, const char *data, size_t len, co_dataset *ds,
                     co_diag *dg);

/* A CSV bundle folder (areas.csv, states.csv, donors.csv, expertise.csv,
 * needs.csv, optional area_budgets.csv and parameters.csv). */
int co_load_csv_bundle(const char *dir, co_dataset *ds, co_diag *dg);

#endif
