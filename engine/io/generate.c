/*
 * generate.c: builds a synthetic dataset from a seed (co_gen_dataset).
 * Its own PRNG (xoshiro256** seeded by splitmix64, one stream per kind of
 * item), log-normal amounts by Box-Muller, money rounded to whole
 * thousands and expertise to hundredths before anything is formatted, so
 * the bytes depend on the options only. Writing the file is the caller's.
 */
#include "io/generate.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base/util.h"

/* ---- the PRNG --------------------------------------------------------- */

typedef struct gen_rng {
    uint64_t s[4];
} gen_rng;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += UINT64_C(0x9e3779b97f4a7c15));
    z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
    z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
    return z ^ (z >> 31);
}

/* Independent streams (donors, needs, ...) so that one kind of item does
 * not shift the draws of another. */
static void rng_seed(gen_rng *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * UINT64_C(0xd1b54a32d192ed03));
    for (int i = 0; i < 4; i++)
        r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k)
{
    return (x << k) | (x >> (64 - k));
}

static uint64_t rng_next(gen_rng *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, 1), 53 bits. */
static double rng_unit(gen_rng *r)
{
    return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

/* Uniform in [lo, hi). */
static double rng_range(gen_rng *r, double lo, double hi)
{
    return lo + (hi - lo) * rng_unit(r);
}

/* Uniform integer in [lo, hi] (hi - lo < 2^32; the tiny modulo bias is
 * irrelevant here and keeps the draw count fixed). */
static int rng_int(gen_rng *r, int lo, int hi)
{
    uint64_t span = (uint64_t)((long long)hi - lo + 1);
    return lo + (int)((rng_next(r) >> 32) % span);
}

static int rng_chance(gen_rng *r, double p)
{
    return rng_unit(r) < p;
}

/* Standard normal by Box-Muller (the cosine branch only, so every value
 * costs exactly two draws): sqrt(-2 ln u1) cos(2 pi u2), u1 in (0, 1]. */
static double rng_normal(gen_rng *r)
{
    double u1 = 1.0 - rng_unit(r);
    double u2 = rng_unit(r);
    return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* exp(mu + sigma z) with mu = ln(median). */
static double rng_lognormal(gen_rng *r, double median, double sigma)
{
    return median * exp(sigma * rng_normal(r));
}

/* ---- the instance ----------------------------------------------------- */

enum { GEN_STREAM_DONORS = 1, GEN_STREAM_TOTALS = 2, GEN_STREAM_NEEDS = 3, GEN_STREAM_YEARS = 4 };

static const struct {
    const char *id, *name;
    double weight; /* how often States ask for it */
    double scale;  /* relative size of a need in it */
} base_areas[] = {
    {"clearance", "Clearance and destruction of remnants (Art. 4)", 3.0, 3.0},
    {"stockpile", "Stockpile destruction (Art. 3)", 1.0, 1.0},
    {"risk_education", "Risk reduction education (Art. 4)", 2.0, 0.5},
    {"victim_assistance", "Victim assistance (Art. 5)", 3.0, 1.5},
    {"legislation", "National implementation measures (Art. 9)", 1.0, 0.2},
};
#define N_BASE_AREAS ((int)(sizeof base_areas / sizeof base_areas[0]))

static const char *const evidence_names[] = {"surveyed", "reported", "estimated", "anecdotal"};
static const double evidence_cdf[] = {0.30, 0.65, 0.90, 1.00};

typedef struct gen_donor {
    double budget;
    int *expertise;   /* per area, hundredths; -1 when not given */
    double *cap;      /* per area; -1 when none */
    int max_states;   /* -1 when not given */
    double min_grant; /* 0 when not given */
    int excluded[3], priority[4];
    int n_excluded, n_priority;
} gen_donor;

typedef struct gen_need {
    int s, a;
    double amount, secured;
    int evidence;     /* index into evidence_names, or -1 for a number */
    int evidence_num; /* hundredths, when evidence is -1 */
    int has_deadline, has_original;
    long deadline;     /* days from as_of */
    int original_years; /* the original deadline, this many years earlier */
} gen_need;

static double round_thousand(double x)
{
    return 1000.0 * floor(x / 1000.0 + 0.5);
}

static int area_weight_x10(int a)
{
    return a < N_BASE_AREAS ? (int)(base_areas[a].weight * 10) : 10;
}

static double area_scale(int a)
{
    return a < N_BASE_AREAS ? base_areas[a].scale : 1.0;
}

static int digits(int n)
{
    int k = 1;
    while (n >= 10) {
        n /= 10;
        k++;
    }
    return k;
}

static void sort_ints(int *v, int n)
{
    for (int i = 1; i < n; i++) {
        int x = v[i], j = i;
        while (j > 0 && v[j - 1] > x) {
            v[j] = v[j - 1];
            j--;
        }
        v[j] = x;
    }
}

static int contains(const int *v, int n, int x)
{
    for (int i = 0; i < n; i++)
        if (v[i] == x)
            return 1;
    return 0;
}

/* Draws up to `want` distinct States not in `avoid` into out[]; returns
 * how many (fewer only when the States run out). */
static int draw_states(gen_rng *r, int n_states, int want, const int *avoid, int n_avoid,
                       int *out)
{
    int room = n_states - n_avoid;
    if (want > room)
        want = room;
    int n = 0;
    while (n < want) {
        int s = rng_int(r, 0, n_states - 1);
        if (!contains(out, n, s) && !contains(avoid, n_avoid, s))
            out[n++] = s;
    }
    sort_ints(out, n);
    return n;
}

static void gen_donors(const co_gen_opts *o, gen_donor *dn)
{
    gen_rng r;
    rng_seed(&r, o->seed, GEN_STREAM_DONORS);
    for (int d = 0; d < o->donors; d++) {
        gen_donor *g = &dn[d];
        double b = round_thousand(rng_lognormal(&r, 1.5e6, 1.1));
        g->budget = b < 50000 ? 50000 : b > 5e7 ? 5e7 : b;
        /* a general level of expertise, varied by area; most donors know
         * something of most areas */
        double level = rng_range(&r, 0.2, 0.9);
        for (int a = 0; a < o->areas; a++) {
            double e = level + 0.25 * rng_normal(&r);
            int given = rng_chance(&r, 0.85);
            int k = (int)floor(e * 100 + 0.5);
            k = k < 5 ? 5 : k > 100 ? 100 : k;
            g->expertise[a] = given ? k : -1;
            g->cap[a] = -1;
        }
        /* some donors cap one or two areas */
        if (rng_chance(&r, 0.3)) {
            int n_caps = rng_int(&r, 1, o->areas < 2 ? 1 : 2);
            for (int i = 0; i < n_caps; i++) {
                int a = rng_int(&r, 0, o->areas - 1);
                double c = round_thousand(g->budget * rng_range(&r, 0.1, 0.5));
                g->cap[a] = c < 1000 ? 1000 : c;
            }
        }
        g->max_states = -1;
        if (rng_chance(&r, o->engagement_share)) {
            int hi = o->states < 20 ? o->states : 20;
            g->max_states = rng_int(&r, 1, hi < 2 ? 2 : hi / 2 + 1);
        }
        g->min_grant = 0;
        if (rng_chance(&r, o->min_grant_share)) {
            double m = round_thousand(g->budget * rng_range(&r, 0.02, 0.08));
            g->min_grant = m < 10000 ? 10000 : m;
        }
        g->n_priority = 0;
        if (rng_chance(&r, o->priority_share))
            g->n_priority = draw_states(&r, o->states, rng_int(&r, 1, 3), NULL, 0, g->priority);
        g->n_excluded = 0;
        if (rng_chance(&r, 0.15))
            g->n_excluded = draw_states(&r, o->states, rng_int(&r, 1, 2), g->priority,
                                        g->n_priority, g->excluded);
    }
}

/* Needs of every State, in State order then area order; returns their
 * number, amounts still unscaled. */
static int gen_needs(const co_gen_opts *o, gen_need *nd)
{
    gen_rng r;
    rng_seed(&r, o->seed, GEN_STREAM_NEEDS);
    int n = 0, max_per_state = o->areas < 4 ? o->areas : 4;
    int w[CO_GEN_MAX_AREAS];
    for (int s = 0; s < o->states; s++) {
        /* 1-4 needs, about 2.65 on average */
        double u = rng_unit(&r);
        int k = u < 0.15 ? 1 : u < 0.45 ? 2 : u < 0.75 ? 3 : 4;
        if (k > max_per_state)
            k = max_per_state;
        double size = rng_lognormal(&r, 1.0, 0.6); /* some States are larger */
        int total_w = 0;
        for (int a = 0; a < o->areas; a++)
            total_w += (w[a] = area_weight_x10(a));
        int chosen[4], n_chosen = 0;
        for (int i = 0; i < k; i++) { /* weighted, without replacement */
            int x = rng_int(&r, 0, total_w - 1), a = 0;
            while (x >= w[a])
                x -= w[a++];
            total_w -= w[a];
            w[a] = 0;
            chosen[n_chosen++] = a;
        }
        sort_ints(chosen, n_chosen);
        for (int i = 0; i < n_chosen; i++) {
            gen_need *g = &nd[n++];
            memset(g, 0, sizeof *g);
            g->s = s;
            g->a = chosen[i];
            g->amount = size * area_scale(g->a) * rng_lognormal(&r, 1e6, 1.0);
            g->secured = rng_chance(&r, 0.3) ? rng_range(&r, 0.05, 0.5) : 0; /* a share */
            double q = rng_unit(&r);
            g->evidence = 0;
            while (g->evidence < 3 && q >= evidence_cdf[g->evidence])
                g->evidence++;
            if (rng_chance(&r, 0.1)) {
                g->evidence = -1;
                g->evidence_num = rng_int(&r, 20, 95);
            }
            if (rng_chance(&r, 0.7)) {
                g->has_deadline = 1;
                g->deadline = rng_int(&r, -730, 1825); /* days from as_of */
                if (rng_chance(&r, 0.4)) {
                    g->has_original = 1;
                    g->original_years = rng_int(&r, 1, 5);
                }
            }
        }
    }
    return n;
}

/* Scales the needs so that the total remaining need is `ratio` times the
 * total budget, then rounds amounts and secured to whole thousands. */
static void scale_needs(gen_need *nd, int n, double total_budget, double ratio)
{
    double raw = 0;
    for (int i = 0; i < n; i++)
        raw += nd[i].amount * (1 - nd[i].secured);
    double f = raw > 0 ? ratio * total_budget / raw : 1;
    for (int i = 0; i < n; i++) {
        double amount = round_thousand(nd[i].amount * f);
        amount = amount < 1000 ? 1000 : amount;
        double secured = round_thousand(amount * nd[i].secured);
        nd[i].amount = amount;
        nd[i].secured = secured > amount ? amount : secured;
    }
}

/* ---- years (a multi-year dataset; its own stream, so that a one-period
 * dataset's draws and bytes stay as they were) ---------------------------- */

typedef struct gen_years {
    int first, n;      /* the years */
    double *bby;       /* per donor and year: budget_by_year, -1 where not given */
    unsigned char *carry;
    /* per need */
    int *work;         /* 0 none, 1 m2, 2 submunitions */
    double *remaining, *unit_cost, *per_year, *national; /* per_year -1: none */
    double *pym;       /* per_year_max as one number, -1 when none */
    int *requested;    /* years after the deadline asked for, 0 when none */
} gen_years;

static void gen_years_release(gen_years *y)
{
    free(y->bby);
    free(y->carry);
    free(y->work);
    free(y->remaining);
    free(y->unit_cost);
    free(y->per_year);
    free(y->national);
    free(y->pym);
    free(y->requested);
}

static int gen_years_alloc(gen_years *y, const co_gen_opts *o, int max_needs)
{
    long as_of;
    char date[11];
    co_parse_date(o->as_of, &as_of);
    co_format_date(as_of, date);
    y->first = (int)strtol(date, NULL, 10);
    y->n = o->years;
    size_t nd = (size_t)o->donors, nn = (size_t)max_needs + 1;
    y->bby = malloc(nd * (size_t)o->years * sizeof *y->bby);
    y->carry = calloc(nd, 1);
    y->work = calloc(nn, sizeof *y->work);
    y->remaining = calloc(nn, sizeof *y->remaining);
    y->unit_cost = calloc(nn, sizeof *y->unit_cost);
    y->per_year = calloc(nn, sizeof *y->per_year);
    y->national = calloc(nn, sizeof *y->national);
    y->pym = calloc(nn, sizeof *y->pym);
    y->requested = calloc(nn, sizeof *y->requested);
    return y->bby && y->carry && y->work && y->remaining && y->unit_cost && y->per_year &&
                   y->national && y->pym && y->requested
               ? 0
               : -1;
}

/* Donors' budgets by year and carry-over; returns the budgets of all the
 * years added up. */
static double gen_years_donors(const co_gen_opts *o, const gen_donor *dn, gen_years *y,
                               gen_rng *r)
{
    double total = 0;
    for (int d = 0; d < o->donors; d++) {
        double *b = y->bby + (size_t)d * (size_t)y->n;
        for (int t = 0; t < y->n; t++)
            b[t] = -1;
        double u = rng_unit(r);
        if (u < 0.1) { /* a cut from some year on */
            int from = rng_int(r, 0, y->n - 1);
            for (int t = from; t < y->n; t++)
                b[t] = round_thousand(dn[d].budget * 0.2);
        } else if (u < 0.35) { /* a year or two above or below the usual */
            for (int k = rng_int(r, 1, 2); k > 0; k--)
                b[rng_int(r, 0, y->n - 1)] =
                    round_thousand(dn[d].budget * rng_range(r, 0.2, 1.5));
        }
        y->carry[d] = (unsigned char)rng_chance(r, 0.25);
        for (int t = 0; t < y->n; t++)
            total += b[t] >= 0 ? b[t] : dn[d].budget;
    }
    return total;
}

/* Needs stated as work, yearly caps, deadlines spread over the years and
 * extension requests (amounts already scaled). */
static void gen_years_needs(const co_gen_opts *o, gen_need *nd, int n_needs, gen_years *y,
                            gen_rng *r)
{
    (void)o;
    for (int i = 0; i < n_needs; i++) {
        gen_need *g = &nd[i];
        y->per_year[i] = y->pym[i] = -1;
        int kind = g->a == 0 ? 1 : g->a == 1 ? 2 : 0; /* clearance, stockpile */
        if (kind && rng_chance(r, 0.6)) {
            double cost = kind == 1 ? rng_int(r, 80, 300) / 100.0 : rng_int(r, 10, 60);
            double rem = floor(g->amount / cost + 0.5);
            y->work[i] = kind;
            y->unit_cost[i] = cost;
            y->remaining[i] = rem < 1 ? 1 : rem;
            double amount = y->remaining[i] * cost;
            if (g->secured > amount)
                g->secured = round_thousand(amount * 0.5) <= amount ? round_thousand(amount * 0.5)
                                                                    : 0;
            /* operators finish it in 2 to N + 2 years at full pace */
            double py = ceil(y->remaining[i] / rng_int(r, 2, y->n + 2));
            y->per_year[i] = py < 1 ? 1 : py;
            if (rng_chance(r, 0.3))
                y->national[i] = round_thousand(y->per_year[i] * cost * rng_range(r, 0.05, 0.3));
            if (y->national[i] > y->per_year[i] * cost)
                y->national[i] = 0;
        } else if (rng_chance(r, 0.3)) {
            double c = round_thousand(g->amount / rng_range(r, 1.5, y->n + 1.0));
            y->pym[i] = c < 1000 ? 1000 : c;
        }
        if (g->has_deadline) {
            g->deadline = rng_int(r, -365, 365 * y->n + 365);
            if (rng_chance(r, 0.25))
                y->requested[i] = rng_int(r, 1, 5);
        }
    }
}

static void put_year_key(co_buf *b, const char *key, const char *date, int years);

/* ---- writing ---------------------------------------------------------- */

static void put_str(co_buf *b, const char *s)
{
    co_buf_put(b, s, strlen(s));
}

static void put_hundredths(co_buf *b, int k)
{
    if (k >= 100)
        put_str(b, "1");
    else if (k <= 0)
        put_str(b, "0");
    else if (k % 10 == 0)
        co_buf_printf(b, "0.%d", k / 10);
    else
        co_buf_printf(b, "0.%02d", k);
}

static const char *area_id(int a, char *buf, size_t size)
{
    if (a < N_BASE_AREAS)
        return base_areas[a].id;
    snprintf(buf, size, "area%d", a + 1);
    return buf;
}

static void put_money(co_buf *b, double v)
{
    co_buf_printf(b, "%lld", (long long)v);
}

static void put_state_list(co_buf *b, const char *field, const int *v, int n, int width)
{
    co_buf_printf(b, ", \"%s\": [", field);
    for (int i = 0; i < n; i++)
        co_buf_printf(b, "%s\"S%0*d\"", i ? ", " : "", width, v[i] + 1);
    put_str(b, "]");
}

static void write_dataset(const co_gen_opts *o, const gen_donor *dn, const gen_need *nd,
                          int n_needs, const gen_years *y, co_buf *b)
{
    int wd = digits(o->donors) < 3 ? 3 : digits(o->donors);
    int ws = digits(o->states) < 3 ? 3 : digits(o->states);
    char ab[32];
    long as_of;
    co_parse_date(o->as_of, &as_of);
    co_buf_printf(b,
                  "{\n  \"name\": \"generated: %d donors, %d States, %d areas, seed %llu",
                  o->donors, o->states, o->areas, (unsigned long long)o->seed);
    if (y)
        co_buf_printf(b, ", %d years", y->n);
    co_buf_printf(b, "\",\n  \"as_of\": \"%s\",\n  \"currency\": \"USD\",\n", o->as_of);
    if (y)
        co_buf_printf(b, "  \"years\": {\"first\": %d, \"last\": %d},\n", y->first,
                      y->first + y->n - 1);
    put_str(b, "  \"areas\": [\n");
    for (int a = 0; a < o->areas; a++) {
        co_buf_printf(b, "    {\"id\": \"%s\", \"name\": ", area_id(a, ab, sizeof ab));
        if (a < N_BASE_AREAS)
            co_buf_printf(b, "\"%s\"}", base_areas[a].name);
        else
            co_buf_printf(b, "\"Area %d\"}", a + 1);
        put_str(b, a + 1 < o->areas ? ",\n" : "\n");
    }
    put_str(b, "  ],\n  \"states\": [\n");
    for (int s = 0; s < o->states; s++)
        co_buf_printf(b, "    {\"id\": \"S%0*d\", \"name\": \"State %0*d\"}%s\n", ws, s + 1, ws,
                      s + 1, s + 1 < o->states ? "," : "");
    put_str(b, "  ],\n  \"donors\": [\n");
    for (int d = 0; d < o->donors; d++) {
        const gen_donor *g = &dn[d];
        co_buf_printf(b, "    {\"id\": \"D%0*d\", \"name\": \"Donor %0*d\", \"budget\": ", wd, d + 1,
                      wd, d + 1);
        put_money(b, g->budget);
        for (int t = 0, first = 1; y && t < y->n; t++) {
            double v = y->bby[(size_t)d * (size_t)y->n + (size_t)t];
            if (v < 0)
                continue;
            co_buf_printf(b, "%s\"%d\": ", first ? ", \"budget_by_year\": {" : ", ",
                          y->first + t);
            put_money(b, v);
            first = 0;
            int more = 0;
            for (int k = t + 1; k < y->n; k++)
                more |= y->bby[(size_t)d * (size_t)y->n + (size_t)k] >= 0;
            if (!more)
                put_str(b, "}");
        }
        if (y && y->carry[d])
            put_str(b, ", \"carry_over\": true");
        put_str(b, ",\n     \"expertise\": {");
        int first = 1;
        for (int a = 0; a < o->areas; a++) {
            if (g->expertise[a] < 0)
                continue;
            co_buf_printf(b, "%s\"%s\": ", first ? "" : ", ", area_id(a, ab, sizeof ab));
            put_hundredths(b, g->expertise[a]);
            first = 0;
        }
        put_str(b, "}");
        first = 1;
        for (int a = 0; a < o->areas; a++) {
            if (g->cap[a] < 0)
                continue;
            co_buf_printf(b, "%s\"%s\": ", first ? ", \"area_budget\": {" : ", ",
                          area_id(a, ab, sizeof ab));
            put_money(b, g->cap[a]);
            first = 0;
        }
        if (!first)
            put_str(b, "}");
        if (g->max_states >= 0)
            co_buf_printf(b, ", \"max_states\": %d", g->max_states);
        if (g->min_grant > 0) {
            put_str(b, ", \"min_grant\": ");
            put_money(b, g->min_grant);
        }
        if (g->n_excluded)
            put_state_list(b, "excluded_states", g->excluded, g->n_excluded, ws);
        if (g->n_priority)
            put_state_list(b, "priority_states", g->priority, g->n_priority, ws);
        co_buf_printf(b, "}%s\n", d + 1 < o->donors ? "," : "");
    }
    put_str(b, "  ],\n  \"needs\": [\n");
    for (int i = 0; i < n_needs; i++) {
        const gen_need *g = &nd[i];
        const char *aid = area_id(g->a, ab, sizeof ab);
        co_buf_printf(b, "    {\"id\": \"S%0*d-%s\", \"state\": \"S%0*d\", \"area\": \"%s\"",
                      ws, g->s + 1, aid, ws, g->s + 1, aid);
        if (y && y->work[i]) { /* the amount is the work's: remaining * unit_cost */
            co_buf_printf(b, ", \"work\": {\"unit\": \"%s\", \"remaining\": ",
                          y->work[i] == 1 ? "m2" : "submunitions");
            put_money(b, y->remaining[i]);
            co_buf_printf(b, ", \"unit_cost\": %s, \"per_year\": ", co_num(0, y->unit_cost[i]));
            put_money(b, y->per_year[i]);
            if (y->national[i] > 0) {
                put_str(b, ", \"national_per_year\": ");
                put_money(b, y->national[i]);
            }
            put_str(b, "}");
        } else {
            put_str(b, ", \"amount\": ");
            put_money(b, g->amount);
        }
        if (y && y->pym[i] >= 0) {
            put_str(b, ", \"per_year_max\": ");
            put_money(b, y->pym[i]);
        }
        if (g->secured > 0) {
            put_str(b, ", \"secured\": ");
            put_money(b, g->secured);
        }
        if (g->evidence >= 0)
            co_buf_printf(b, ", \"evidence\": \"%s\"", evidence_names[g->evidence]);
        else {
            put_str(b, ", \"evidence\": ");
            put_hundredths(b, g->evidence_num);
        }
        char date[11];
        if (g->has_deadline) {
            co_format_date(as_of + g->deadline, date);
            co_buf_printf(b, ", \"deadline\": \"%s\"", date);
        }
        if (g->has_original) /* same day, years earlier (29 Feb: the 28th) */
            put_year_key(b, "original_deadline", date, -g->original_years);
        if (y && g->has_deadline && y->requested[i])
            put_year_key(b, "requested_deadline", date, y->requested[i]);
        co_buf_printf(b, "}%s\n", i + 1 < n_needs ? "," : "");
    }
    co_buf_printf(b, "  ],\n  \"parameters\": {\"coordination_cost\": 50000, "
                     "\"max_coalition_size\": %d",
                  o->coalition_size);
    if (o->floor > 0)
        co_buf_printf(b, ", \"coverage_floor\": %s", co_num(0, o->floor));
    put_str(b, "}\n}\n");
}

/* ', "KEY": "DATE"' with DATE `years` years after `date` (before when
 * negative), the same day (29 Feb: the 28th in a year that has none). */
static void put_year_key(co_buf *b, const char *key, const char *date, int years)
{
    long yr = strtol(date, NULL, 10) + years;
    int leap = (yr % 4 == 0 && yr % 100 != 0) || yr % 400 == 0;
    int feb29 = memcmp(date + 4, "-02-29", 6) == 0;
    co_buf_printf(b, ", \"%s\": \"%04ld%s\"", key, yr, feb29 && !leap ? "-02-28" : date + 4);
}

void co_gen_opts_defaults(co_gen_opts *o)
{
    memset(o, 0, sizeof *o);
    o->areas = 5;
    o->seed = 1;
    o->coalition_size = 5;
    o->min_grant_share = 0.25;
    o->engagement_share = 0.3;
    o->priority_share = 0.6;
    memcpy(o->as_of, "2026-01-01", 11);
}

int co_gen_dataset(const co_gen_opts *o, co_buf *out, co_diag *dg)
{
    int rc = CO_EINTERNAL, n_needs = 0;
    gen_donor *dn = NULL;
    gen_need *nd = NULL;
    int *expertise = NULL;
    double *cap = NULL;
    long as_of, lo, hi;
    if (o->donors < 1 || o->donors > CO_GEN_MAX_DONORS) {
        co_err(dg, "donors: must be a whole number from 1 to %d, got '%d'", CO_GEN_MAX_DONORS,
               o->donors);
        return CO_EUSAGE;
    }
    if (o->states < 1 || o->states > CO_GEN_MAX_STATES) {
        co_err(dg, "states: must be a whole number from 1 to %d, got '%d'", CO_GEN_MAX_STATES,
               o->states);
        return CO_EUSAGE;
    }
    if (o->areas < 1 || o->areas > CO_GEN_MAX_AREAS) {
        co_err(dg, "areas: must be a whole number from 1 to %d, got '%d'", CO_GEN_MAX_AREAS,
               o->areas);
        return CO_EUSAGE;
    }
    if (o->coalition_size < 1 || o->coalition_size > CO_GEN_MAX_COALITION) {
        co_err(dg, "coalition_size: must be a whole number from 1 to %d, got '%d'",
               CO_GEN_MAX_COALITION, o->coalition_size);
        return CO_EUSAGE;
    }
    if (!(o->budget_share == 0 || (o->budget_share >= CO_GEN_MIN_BUDGET_SHARE &&
                                   o->budget_share <= CO_GEN_MAX_BUDGET_SHARE))) {
        co_err(dg, "budget_share: must be 0 (drawn) or a number from %s to %s, got '%s'",
               co_num(0, CO_GEN_MIN_BUDGET_SHARE), co_num(1, CO_GEN_MAX_BUDGET_SHARE),
               co_num(2, o->budget_share));
        return CO_EUSAGE;
    }
    const struct {
        const char *name;
        double v;
    } shares[] = {{"min_grant_share", o->min_grant_share},
                  {"engagement_share", o->engagement_share},
                  {"priority_share", o->priority_share},
                  {"floor", o->floor}};
    for (size_t i = 0; i < sizeof shares / sizeof shares[0]; i++) {
        if (!(shares[i].v >= 0 && shares[i].v <= 1)) {
            co_err(dg, "%s: must be a number from 0 to 1, got '%s'", shares[i].name,
                   co_num(0, shares[i].v));
            return CO_EUSAGE;
        }
    }
    /* deadlines reach from 2 years before as_of to 5 after (and original
     * deadlines 5 years further back): keep every date in 4 digits */
    co_parse_date("1100-01-01", &lo);
    co_parse_date("9000-12-31", &hi);
    if (co_parse_date(o->as_of, &as_of) != 0 || as_of < lo || as_of > hi) {
        co_err(dg, "as_of: must be a date YYYY-MM-DD from 1100-01-01 to 9000-12-31, got '%s'",
               co_q(0, o->as_of));
        return CO_EUSAGE;
    }
    if (o->years < 0 || o->years > CO_GEN_MAX_YEARS) {
        co_err(dg, "years: must be a whole number from 1 to %d, got '%d'", CO_GEN_MAX_YEARS,
               o->years);
        return CO_EUSAGE;
    }
    size_t nd_ = (size_t)o->donors, na = (size_t)o->areas;
    gen_years yrs = {0};
    if (o->years && gen_years_alloc(&yrs, o, o->states * 4) != 0) {
        co_err(dg, "out of memory");
        gen_years_release(&yrs);
        return CO_EINTERNAL;
    }
    dn = calloc(nd_, sizeof *dn);
    expertise = malloc(nd_ * na * sizeof *expertise);
    cap = malloc(nd_ * na * sizeof *cap);
    nd = malloc((size_t)o->states * 4 * sizeof *nd);
    if (!dn || !expertise || !cap || !nd) {
        co_err(dg, "out of memory");
        goto done;
    }
    for (size_t d = 0; d < nd_; d++) {
        dn[d].expertise = expertise + d * na;
        dn[d].cap = cap + d * na;
    }
    gen_donors(o, dn);
    n_needs = gen_needs(o, nd);
    gen_rng r;
    rng_seed(&r, o->seed, GEN_STREAM_TOTALS);
    double ratio = rng_range(&r, 1.3, 1.6), total_budget = 0;
    if (o->budget_share > 0)
        ratio = 1.0 / o->budget_share; /* the draw above keeps the stream */
    for (int d = 0; d < o->donors; d++)
        total_budget += dn[d].budget;
    gen_rng ry;
    rng_seed(&ry, o->seed, GEN_STREAM_YEARS);
    if (o->years) /* the needs of all the years against the budgets of all of them */
        total_budget = gen_years_donors(o, dn, &yrs, &ry);
    scale_needs(nd, n_needs, total_budget, ratio);
    if (o->years)
        gen_years_needs(o, nd, n_needs, &yrs, &ry);
    write_dataset(o, dn, nd, n_needs, o->years ? &yrs : NULL, out);
    if (out->oom) {
        co_err(dg, "out of memory");
        goto done;
    }
    rc = CO_OK;
done:
    gen_years_release(&yrs);
    free(dn);
    free(expertise);
    free(cap);
    free(nd);
    return rc;
}
