/*
 * gaps.h: the gaps in a dataset that a transparency-reporting coordinator
 * would chase (docs/DIAGNOSIS.md "Data gaps"): needs without a deadline in
 * an area with treaty deadlines, needs on estimated or anecdotal evidence,
 * States without an ISO3 code, donors without any expertise entry. Pure:
 * reads a valid dataset; `coalitions check` and the brief show them.
 */
#ifndef CO_GAPS_H
#define CO_GAPS_H

#include "data/dataset.h"

enum co_gap_kind {
    CO_GAP_NO_DEADLINE,   /* a need (index) in clearance or stockpile without a deadline */
    CO_GAP_WEAK_EVIDENCE, /* a need whose evidence is at most `estimated` (0.5) */
    CO_GAP_NO_ISO3,       /* a State without an ISO3 code */
    CO_GAP_NO_EXPERTISE   /* a donor without any expertise entry */
};

typedef struct co_gap {
    enum co_gap_kind kind;
    int index; /* need, State or donor, by kind */
} co_gap;

typedef struct co_gaps {
    co_gap *items; /* by kind, then index */
    int n;
} co_gaps;

/* The areas whose needs have treaty deadlines: Art. 4 clearance and Art. 3
 * stockpile destruction, by the area ids of MODEL.md. */
int co_area_has_deadlines(const co_dataset *ds, int a);

/* Finds every gap of ds. CO_OK or CO_EINTERNAL (out is then empty). */
int co_data_gaps(const co_dataset *ds, co_gaps *out, co_diag *dg);
void co_gaps_release(co_gaps *g);

/* One line in the dataset's words ("PLW-clearance (Palau): no deadline, in
 * Clearance (Art. 4), an area with treaty deadlines"); the caller frees it
 * (NULL out of memory). */
char *co_gap_text(const co_dataset *ds, const co_gap *g);
/* The kind's name in files ("no_deadline", ...). */
const char *co_gap_kind_name(enum co_gap_kind k);

#endif
