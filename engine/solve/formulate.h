/*
 * formulate.h: building the model into a GLPK problem (solve/ only: it
 * speaks glp_prob). Column numbers are 1-based: x by pair-year, then y by
 * seat, then z by State where the model has z.
 */
#ifndef CO_FORMULATE_H
#define CO_FORMULATE_H

#include <glpk.h>

#include "model/derive.h"
#include "model/extras.h"
#include "solve/triplets.h"

static inline int co_col_x(const co_instance *in, int pair)
{
    (void)in;
    return pair + 1;
}
static inline int co_col_y(const co_instance *in, int seat)
{
    return in->n_pairs + seat + 1;
}

/* Builds the model of MODEL.md and MULTIYEAR.md (with the rows of ex's
 * rules; ex may be NULL) into the empty problem P. Out arrays, each sized
 * by the instance and filled by the call: budget_row[co_inst_dy(d, t)]
 * (0 where there is no row; with carry-over the row of year t is the
 * cumulative one), z_col[s] (0 for a State without z); optional (NULL to
 * skip): need_row[n], cap_row[co_inst_day(d, a, t)], *link_row0 (pair i's
 * link row is *link_row0 + i; the horizon link rows of pairs with more
 * than one year follow the link rows, in pair order),
 * absorb_row[co_inst_ny(n, t)] (0 where there is no row). With one year
 * these are the one-period indexes. With with_y 0 it builds the relaxation
 * without seats (no y, no rows 4-7): a fast LP whose optimum bounds the
 * model's. CO_OK, or CO_EINTERNAL when out of memory. */
int co_formulate(const co_instance *in, const co_extras *ex, glp_prob *P, int *budget_row,
                 int *z_col, int with_y, int *need_row, int *cap_row, int *link_row0,
                 int *absorb_row);

/* The search's own rows (co_add_cuts): valid inequalities that tighten the
 * LP relaxation without changing the model's plans; export-model leaves
 * them out. Rows first .. first + n - 1; seat_of[j] is the seat of row
 * first + j (a seat's capacity row), or -1 (a donor's row of y only). */
typedef struct co_cuts {
    int first, n;
    int *seat_of;
} co_cuts;

/* Adds to the model P (built by co_formulate with y): per seat,
 * sum_{n in s} x_{d,n} <= M_{d,s} y_{d,s} with M_{d,s} the least of B_d and
 * the sum over areas of min(B_{d,a}, the seat's U there), where tighter
 * than the seat's link rows; per donor with a minimum grant, at most
 * floor(B_d / m_d) seats, where fewer than its seats and K_d. A seat whose
 * M is below its donor's minimum grant (and no rule fixes) is closed by its
 * bounds instead. CO_OK or CO_EINTERNAL. */
int co_add_cuts(const co_instance *in, const co_extras *ex, glp_prob *P, co_cuts *cuts);
void co_cuts_release(co_cuts *cuts);

/* The seats of the horizon link rows co_formulate builds (with y), in
 * their order, into seat (room for n_pairs); returns their number. */
int co_hlink_seats(const co_instance *in, int *seat);

/* Makes every y continuous and fixes it at y[k] (the seat-fixed LP). */
void co_fix_seats(glp_prob *P, const co_instance *in, const unsigned char *y);

/* The stability penalty no seat choice changes: stability_weight times the
 * baseline seats that are no seat of this instance (0 without a baseline). */
double co_ex_missing(const co_extras *ex);

#endif
