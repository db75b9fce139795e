# coalitions_multiyear.mod: the multi-year coalition model of MULTIYEAR.md
# (contract v2.1) in GNU MathProg, an independent statement of what the
# engine builds for a dataset with `years`. models/coalitions.mod is the
# one-period model; this one reaches the same optimum on a one-period
# dataset written with first = last year (tests/t_multiyear_data.sh).
#
# The data file holds only raw data, as the dataset states it: dates as
# 'YYYY-MM-DD' strings, each donor's `budget` and its `budget_by_year`
# overrides apart, `per_year_max` as given (one number, or values by year),
# a `work` need's fields as given. Everything derived is computed here:
# days left and urgency, deadline years Y_n and Y*_n (with the 1 July rule),
# budgets by year (cumulative with carry-over), capacity C_{n,t}, national
# money, secured money spent first s_{n,t}, what donors can place A_{n,t},
# R_n, eligibility (a budget in some year), weights with the year discount
# and the late factor, and the bounds U_{d,n,t}. Solve it exactly with
#     glpsol --math models/coalitions_multiyear.mod --data FILE.dat --mipgap 0
# (tests/my_dat.py DATASET.json writes FILE.dat from a dataset JSON). After
# solving it prints, one per line:
#     DERIVED need year A R_T   what donors can place in that year (A_{n,t},
#                               "inf" without a limit) and R_n(T) for T = year
#     DEADLINE need Ystar overdue   for each need with a deadline: Y*_n (Y1 + 1
#                               when Y_n is after Y1), and 1 when Y_n < Y0
#     X donor need year amount  the money of the optimum, amounts > 0.005
#     SEAT donor state          a seat (y = 1 with money in it)
#     OBJECTIVE total           the optimal objective, %.6f
# The model is a maximisation.
#
# ---- the data file (what `coalitions export-model --dat` writes for a
#      dataset with `years`) ----------------------------------------------
#
#   data;
#   param as_of := '2019-01-01';          # the as_of used (parameter or top level)
#   param Y0 := 2019;                     # years.first
#   param Y1 := 2025;                     # years.last
#   set AREAS := 'clearance' ...;  set STATES := ...;
#   set DONORS := ...;             set NEEDS := ...;   (ids, quoted)
#   param : state area amount secured q :=
#     'LAO-clearance' 'LAO' 'clearance' 12000000 2000000 1 ...;
#       amount: the need's `amount`, "." for a `work` need that leaves it
#       out (a work need's amount is remaining * unit_cost; a given one
#       must agree to one USD);
#       secured 0 when absent; q the evidence value (levels as numbers)
#   set DEADLINED := <needs with a deadline>;
#   param deadline := 'LAO-clearance' '2025-08-01' ...;   (the one in force)
#   set PYM_ALL := <needs whose per_year_max is one number>;
#   param pym_all := 'N' 500000 ...;
#   set PYM := ('N', 2021) ...;           (per_year_max given by year)
#   param pym := 'N' 2021 400000 ...;
#   set WORK := <needs with `work`>;
#   param : remaining unit_cost national :=   (national: national_per_year, 0 when absent)
#     'LAO-clearance' 2240000 1.22 150000 ...;
#   set WORK_CAPPED := <work needs with per_year>;
#   param per_year := 'LAO-clearance' 600000 ...;
#   param : budget min_grant :=  'NOR' 4000000 0 ...;   (budget: of each year)
#   set BBY := ('GBR', 2021) ...;          (budget_by_year keys)
#   param bby := 'GBR' 2021 1500000 ...;
#   set CARRY := <donors with carry_over true>;
#   param expertise := 'NOR' 'clearance' 0.9 ...;
#   set CAPPED := ('NOR', 'clearance') ...;  param cap := 'NOR' 'clearance' 3000000 ...;
#   set LIMITED := <donors with max_states>; param max_states := 'NOR' 4 ...;
#   set EXCLUDED := ('USA', 'PSE') ...;     set PRIORITY := ('NOR', 'LAO') ...;
#   param H := 1095; param alpha := 2; param beta := 0.5; param e_min := 0;
#   param pi_bonus := 0.25; param lambda := 100000; param C := 5;
#   param phi := 0; param rho := 4; param delta := 0.03; param L := 0.5;
#   end;
#
# Every set and table may be empty (`set BBY := ;`, `param bby := ;`).
# `requested_deadline`, `original_deadline` and the `work` unit are not in
# the data: the model does not use them (the deadline analysis does).

# ---- raw data --------------------------------------------------------

set AREAS;
set STATES;
set DONORS;
set NEEDS;

param as_of symbolic;                 # 'YYYY-MM-DD'
param Y0 integer;                     # years.first
param Y1 integer, >= Y0, <= Y0 + 29;  # years.last (at most 30 years)
set YEARS := Y0..Y1;

# needs
param state{NEEDS} symbolic in STATES;
param area{NEEDS} symbolic in AREAS;
param amount{NEEDS}, default -1;      # USD over the horizon; -1 (".")
                                      # only for a work need that omits it
param secured{NEEDS} >= 0, default 0; # USD over the horizon
param q{NEEDS} >= 0, <= 1;            # evidence value
set DEADLINED within NEEDS;           # needs with a deadline
param deadline{DEADLINED} symbolic;   # 'YYYY-MM-DD', the one in force
set PYM_ALL within NEEDS;             # per_year_max as one number
param pym_all{PYM_ALL} >= 0;
set PYM within NEEDS cross YEARS;     # per_year_max by year
param pym{PYM} >= 0;
set WORK within NEEDS;                # needs stated as `work`
param remaining{WORK} >= 0;           # units
param unit_cost{WORK} > 0;            # USD per unit
param national{WORK} >= 0, default 0; # national_per_year, USD a year
set WORK_CAPPED within WORK;          # work needs with per_year
param per_year{WORK_CAPPED} >= 0;     # units a year

# donors
param budget{DONORS} >= 0;                          # of each year
set BBY within DONORS cross YEARS;                  # budget_by_year keys
param bby{BBY} >= 0;
set CARRY within DONORS;                            # carry_over true
param expertise{DONORS, AREAS} >= 0, <= 1, default 0;
set CAPPED within DONORS cross AREAS;               # area_budget (each year)
param cap{CAPPED} >= 0;
set LIMITED within DONORS;                          # donors with max_states
param max_states{LIMITED} integer, >= 0;
param min_grant{DONORS} >= 0, default 0;            # over the horizon
set EXCLUDED within DONORS cross STATES;
set PRIORITY within DONORS cross STATES;

# parameters (MODEL.md and MULTIYEAR.md names in brackets)
param H integer, >= 1;          # horizon_days
param alpha >= 0;               # urgency_weight
param beta >= 0, <= 1;          # expertise_share
param e_min >= 0, <= 1;         # min_expertise
param pi_bonus >= 0;            # priority_bonus (pi)
param lambda >= 0;              # coordination_cost
param C integer, >= 1;          # max_coalition_size
param phi >= 0, <= 1;           # coverage_floor
param rho >= 0;                 # shortfall_penalty
param delta >= 0, < 1;          # year_discount
param L >= 0, <= 1;             # late_factor

# per_year_max is one number or values by year, never both, and not
# beside `work`
check{n in PYM_ALL, t in YEARS}: (n, t) not in PYM;
check{n in WORK}: n not in PYM_ALL and card({t in YEARS: (n, t) in PYM}) = 0;

# ---- derived values: dates -------------------------------------------

param day := 86400;             # seconds
param t_as_of := str2time(as_of, "%Y-%m-%d");
param t_deadline{n in DEADLINED} := str2time(deadline[n], "%Y-%m-%d");

# the first year is not before the year of as_of
check: t_as_of < str2time((Y0 + 1) & "-01-01", "%Y-%m-%d");

# days left t_n, whole days (negative when overdue)
param days_left{n in DEADLINED} := round((t_deadline[n] - t_as_of) / day);

# deadline year Y_n: the year end nearest the deadline, i.e. the last year
# y with 1 July y <= deadline. Only Y*_n and "t > Y*_n" enter the model,
# so Y_n is found within Y0 - 1 .. Y1 + 1 (Y0 - 1 stands for any year
# before Y0, Y1 + 1 for any year after Y1).
param Ydl{n in DEADLINED} :=
    max{y in (Y0 - 1)..(Y1 + 1):
        y = Y0 - 1 or str2time(y & "-07-01", "%Y-%m-%d") <= t_deadline[n]} y;
# Y*_n = max(Y_n, Y0): a need overdue at the start is due as soon as possible
param Ystar{n in DEADLINED} := max(Ydl[n], Y0);

# ---- derived values: money -------------------------------------------

# a donor's budget B_{d,t}, and the cumulative budget up to t
param B{d in DONORS, t in YEARS} :=
    if (d, t) in BBY then bby[d, t] else budget[d];
param CB{d in DONORS, t in YEARS} := sum{tau in YEARS: tau <= t} B[d, tau];
# what d can place in year t: its budget that year, or with carry-over all
# it has received up to t
param Bav{d in DONORS, t in YEARS} := if d in CARRY then CB[d, t] else B[d, t];

# the need's amount: remaining * unit_cost for a work need (a given amount
# must agree to one USD)
param amt{n in NEEDS} := if n in WORK then remaining[n] * unit_cost[n] else amount[n];
check{n in NEEDS diff WORK}: amount[n] >= 0;
check{n in WORK: amount[n] >= 0}: abs(amount[n] - remaining[n] * unit_cost[n]) <= 1;
check{n in NEEDS}: secured[n] <= amt[n];

# capacity money a year C_{n,t} (Infinity: no limit)
param Cap{n in NEEDS, t in YEARS} :=
    if n in WORK then (if n in WORK_CAPPED then per_year[n] * unit_cost[n] else Infinity)
    else if (n, t) in PYM then pym[n, t]
    else if n in PYM_ALL then pym_all[n]
    else Infinity;
param finite{n in NEEDS, t in YEARS} binary := if Cap[n, t] < Infinity then 1 else 0;

# national money N_n, spent every year; never more than the capacity
param Nat{n in NEEDS} := if n in WORK then national[n] else 0;
check{n in NEEDS, t in YEARS: finite[n, t]}: Nat[n] <= Cap[n, t];

# secured money, spent first from Y0 on in the capacity national money
# leaves: sec[n, t] is s_{n,t} = min(C_{n,t} - N_n, secured - sum_{tau<t} s_{n,tau})
param sec{n in NEEDS, t in YEARS} :=
    if finite[n, t] then
        min(Cap[n, t] - Nat[n], secured[n] - sum{tau in YEARS: tau < t} sec[n, tau])
    else secured[n] - sum{tau in YEARS: tau < t} sec[n, tau];

# what donors can still place in year t: A_{n,t} = C_{n,t} - N_n - s_{n,t}
# (meaningful only where finite[n, t])
param A{n in NEEDS, t in YEARS} :=
    if finite[n, t] then Cap[n, t] - Nat[n] - sec[n, t] else Infinity;

# requirement over the horizon R_n, and by the end of year T, R_n(T)
param R{n in NEEDS} := max(0, amt[n] - secured[n] - Nat[n] * (Y1 - Y0 + 1));
param RT{n in NEEDS, T in YEARS} :=
    max(0, amt[n] - Nat[n] * (T - Y0 + 1) - sum{tau in YEARS: tau <= T} sec[n, tau]);

# ---- derived values: weights, pairs, bounds ---------------------------

# the cap of (d, a), +infinity where none is given (it holds each year)
param capv{d in DONORS, a in AREAS} :=
    if (d, a) in CAPPED then cap[d, a] else Infinity;

# urgency u_n = 1 + alpha * clamp(1 - t_n / H, 0, 1), from as_of; 1 without
# deadline. It does not grow with the year.
param u{n in NEEDS} :=
    if n in DEADLINED then 1 + alpha * max(0, min(1, 1 - days_left[n] / H))
    else 1;

# eligible pairs (d, n): MODEL.md's, with a budget in some year
set E := setof{d in DONORS, n in NEEDS:
        R[n] > 0 and max{t in YEARS} B[d, t] > 0
        and expertise[d, area[n]] >= e_min
        and (d, state[n]) not in EXCLUDED and capv[d, area[n]] > 0} (d, n);

# value of one USD from d to n (MODEL.md)
param w{(d, n) in E} :=
    u[n] * q[n] * (beta + (1 - beta) * expertise[d, area[n]])
    * (1 + pi_bonus * (if (d, state[n]) in PRIORITY then 1 else 0));

# late factor: L for money after the deadline year Y*_n, else 1
param late{n in NEEDS, t in YEARS} :=
    if n in DEADLINED and t > Ystar[n] then L else 1;

# the weight of a dollar in year t
param wt{(d, n) in E, t in YEARS} := w[d, n] * (1 - delta) ** (t - Y0) * late[n, t];

# money variables: an eligible pair in a year where the donor can have
# money and the need can absorb some
set X := setof{(d, n) in E, t in YEARS: Bav[d, t] > 0 and A[n, t] > 0} (d, n, t);

# the smallest of R_n, A_{n,t}, B_{d,a(n)} and B_{d,t} (cumulative with
# carry-over)
param U{(d, n, t) in X} := min(R[n], A[n, t], capv[d, area[n]], Bav[d, t]);

# pairs with at least one year, and their horizon bound
set EP := setof{(d, n, t) in X} (d, n);
param UH{(d, n) in EP} := min(R[n], sum{(d, n, t) in X} U[d, n, t]);

# candidate seats: (d, s) with at least one eligible pair
set SEATS := setof{(d, n) in E} (d, state[n]);

# sum of R_n over all of a State's needs, eligible or not
param SR{s in STATES} := sum{n in NEEDS: state[n] = s} R[n];

# States with a shortfall variable: only when phi > 0, and SR > 0
set ZS := {s in STATES: phi > 0 and SR[s] > 0};

# ---- variables -------------------------------------------------------

var x{X} >= 0;
var y{SEATS} binary;
var z{ZS} >= 0;

# ---- constraints (numbered as in MULTIYEAR.md) ------------------------

# 1. budget, each donor and year; with carry-over, cumulative
s.t. budget_row{d in DONORS diff CARRY, t in YEARS}:
    sum{(d, n, t) in X} x[d, n, t] <= B[d, t];
s.t. budget_cum{d in CARRY, t in YEARS}:
    sum{(d, n, tau) in X: tau <= t} x[d, n, tau] <= CB[d, t];

# 2. area cap, each donor, capped area and year (never carried)
s.t. area_cap{(d, a) in CAPPED, t in YEARS}:
    sum{(d, n, t) in X: area[n] = a} x[d, n, t] <= cap[d, a];

# 3. need over the horizon, and absorption each year where finite
s.t. need_row{n in NEEDS}:
    sum{(d, n, t) in X} x[d, n, t] <= R[n];
s.t. absorb{n in NEEDS, t in YEARS: finite[n, t]}:
    sum{(d, n, t) in X} x[d, n, t] <= A[n, t];

# 4. link, per pair and year; and the horizon link (a valid inequality
#    that tightens the relaxation)
s.t. link{(d, n, t) in X}:
    x[d, n, t] <= U[d, n, t] * y[d, state[n]];
s.t. horizon_link{(d, n) in EP}:
    sum{(d, n, t) in X} x[d, n, t] <= UH[d, n] * y[d, state[n]];

# 5. minimum grant over the horizon (trivial where m_d = 0)
s.t. min_grant_row{(d, s) in SEATS: min_grant[d] > 0}:
    sum{(d, n, t) in X: state[n] = s} x[d, n, t] >= min_grant[d] * y[d, s];

# 6. engagement, where K_d is given
s.t. engagement{d in LIMITED}:
    sum{s in STATES: (d, s) in SEATS} y[d, s] <= max_states[d];

# 7. coalition size
s.t. coalition_size{s in STATES}:
    sum{d in DONORS: (d, s) in SEATS} y[d, s] <= C;

# 8. coverage floor (money of any year), only when phi > 0
s.t. floor_row{s in ZS}:
    sum{(d, n, t) in X: state[n] = s} x[d, n, t] + z[s] >= phi * SR[s];

# ---- objective -------------------------------------------------------

maximize total:
    sum{(d, n, t) in X} wt[d, n, t] * x[d, n, t]
    - lambda * sum{(d, s) in SEATS} y[d, s]
    - rho * sum{s in ZS} z[s];

solve;

printf{n in NEEDS, t in YEARS: finite[n, t]} "DERIVED %s %d %.6f %.6f\n", n, t, A[n, t], RT[n, t];
printf{n in NEEDS, t in YEARS: not finite[n, t]} "DERIVED %s %d inf %.6f\n", n, t, RT[n, t];
printf{n in DEADLINED} "DEADLINE %s %d %d\n", n, Ystar[n], if Ydl[n] < Y0 then 1 else 0;
printf{(d, n, t) in X: x[d, n, t] > 0.005} "X %s %s %d %.6f\n", d, n, t, x[d, n, t];
printf{(d, s) in SEATS: y[d, s] > 0.5
       and sum{(d, n, t) in X: state[n] = s} x[d, n, t] > 0.005} "SEAT %s %s\n", d, s;
printf "OBJECTIVE %.6f\n", total;

end;
