/*
 * history.h: a recorded run's metadata (the store's runs table) as text:
 * the line `history` prints for it and the line that closes `show`. The
 * public co_store_history and co_store_describe (render/api.c) read the
 * runs and call these; reading the store is store.c's.
 */
#ifndef CO_HISTORY_H
#define CO_HISTORY_H

#include "base/output.h"
#include "store/store.h"

/* Appends r's history line: run id, start time (UTC, to the second),
 * dataset, scenario ("-" for none), status, objective, gap, share of urgent
 * need covered ("-" where not known), tab-separated, and a newline. Tabs
 * and line breaks inside a name become spaces. */
void co_history_line(const co_store_run *r, co_buf *out);

/* Appends "Run N: SOURCE (sha256 ...), started ..., time ... (load ...,
 * build ..., solve ...), coalitions VERSION, GLPK VERSION" and a newline. */
void co_run_line(const co_store_run *r, co_buf *out);

#endif
