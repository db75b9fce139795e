/*
 * load.h: the dataset loaders. Each fills a co_dataset from its format and
 * checks only what the format itself decides (syntax, types, required
 * fields, unknown fields as warnings); co_dataset_validate checks the rest.
 * Both set ds->source and ds->sha256 (docs/FORMATS.md).
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

/* Parses JSON text whose top must be an object, with the checks and
 * messages of the dataset loader (encoding, NUL bytes, nesting, numbers
 * out of range, the line of a syntax error); `name` is used in messages.
 * CO_OK with the tree in *out (the caller deletes it), else CO_EINPUT. */
struct cJSON;
int co_json_parse(const char *name, const char *data, size_t len, struct cJSON **out,
                  co_diag *dg);

/* For messages about a JSON value: its type ("a number", "an object"),
 * and its text quoted as co_q does (in that slot's buffer). */
const char *co_json_type_name(const struct cJSON *v);
const char *co_json_text(int slot, const struct cJSON *v);

/* A CSV bundle folder (areas.csv, states.csv, donors.csv, expertise.csv,
 * needs.csv, optional area_budgets.csv and parameters.csv). */
int co_load_csv_bundle(const char *dir, co_dataset *ds, co_diag *dg);

#endif
