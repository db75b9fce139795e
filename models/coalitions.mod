# coalitions.mod: the coalition model of MODEL.md (contract v1.1) in
# GNU MathProg, an independent statement of what engine/model.c builds.
#
# The data file holds only raw data (no derived values): the sets, each
# need's remaining amount R = amount - secured, its evidence value q and
# its days left to the deadline, the donors' budgets, expertise, caps,
# limits and lists, and the parameters. Urgency, eligibility, weights and
# bounds are computed here, so glpsol checks the C code's derived values
# as well as its model. Write the data with
#     coalitions export-model DATASET --dat FILE.dat
# and solve it (exactly: glpsol's default MIP gap is 0) with
#     glpsol --math models/coalitions.mod --data FILE.dat
# (tests/glpsol_check.sh does this). After solving it prints one line
#     OBJECTIVE <the optimal objective, %.6f>
# The model is a maximisation.

# ---- raw data --------------------------------------------------------

set AREAS;
set STATES;
set DONORS;
set NEEDS;

# needs
param state{NEEDS} symbolic in STATES;
param area{NEEDS} symbolic in AREAS;
param R{NEEDS} >= 0;                  # amount - secured (USD)
param q{NEEDS} >= 0, <= 1;            # evidence value
param has_deadline{NEEDS} binary;
param days_left{NEEDS} integer;       # deadline - as_of in days; 0 if none

# donors
param budget{DONORS} >= 0;                          # B_d
param expertise{DONORS, AREAS} >= 0, <= 1, default 0; # e_{d,a}
set CAPPED within DONORS cross AREAS;               # pairs with a cap B_{d,a}
param cap{CAPPED} >= 0;
set LIMITED within DONORS;                          # donors with K_d
param max_states{LIMITED} integer, >= 0;
param min_grant{DONORS} >= 0, default 0;            # m_d
set EXCLUDED within DONORS cross STATES;
set PRIORITY within DONORS cross STATES;

# parameters (MODEL.md names in brackets)
param H integer, >= 1;          # horizon_days
param alpha >= 0;               # urgency_weight
param beta >= 0, <= 1;          # expertise_share
param e_min >= 0, <= 1;         # min_expertise
param pi_bonus >= 0;            # priority_bonus (pi)
param lambda >= 0;              # coordination_cost
param C integer, >= 1;          # max_coalition_size
param phi >= 0, <= 1;           # coverage_floor
param rho >= 0;                 # shortfall_penalty

# ---- derived values --------------------------------------------------

# the cap of (d, a), +infinity where none is given
param capv{d in DONORS, a in AREAS} :=
    if (d, a) in CAPPED then cap[d, a] else Infinity;

# urgency u_n = 1 + alpha * clamp(1 - t_n / H, 0, 1); 1 without deadline
param u{n in NEEDS} :=
    if has_deadline[n] then 1 + alpha * max(0, min(1, 1 - days_left[n] / H))
    else 1;

# eligible pairs (d, n)
set E := setof{d in DONORS, n in NEEDS:
        R[n] > 0 and budget[d] > 0 and expertise[d, area[n]] >= e_min
        and (d, state[n]) not in EXCLUDED and capv[d, area[n]] > 0} (d, n);

# value of one USD from d to n
param w{(d, n) in E} :=
    u[n] * q[n] * (beta + (1 - beta) * expertise[d, area[n]])
    * (1 + pi_bonus * (if (d, state[n]) in PRIORITY then 1 else 0));

# tightest bound on x[d, n]
param U{(d, n) in E} := min(R[n], budget[d], capv[d, area[n]]);

# candidate seats: (d, s) with at least one eligible pair
set SEATS := setof{(d, n) in E} (d, state[n]);

# sum of R_n over all of a State's needs, eligible or not
param SR{s in STATES} := sum{n in NEEDS: state[n] = s} R[n];

# States with a shortfall variable: only when phi > 0, and SR > 0
set ZS := {s in STATES: phi > 0 and SR[s] > 0};

# ---- variables -------------------------------------------------------

var x{E} >= 0;
var y{SEATS} binary;
var z{ZS} >= 0;

# ---- constraints (numbered as in MODEL.md) ---------------------------

# 1. budget
s.t. budget_row{d in DONORS}:
    sum{n in NEEDS: (d, n) in E} x[d, n] <= budget[d];

# 2. area cap, where given
s.t. area_cap{(d, a) in CAPPED}:
    sum{n in NEEDS: area[n] = a and (d, n) in E} x[d, n] <= cap[d, a];

# 3. need
s.t. need_row{n in NEEDS}:
    sum{d in DONORS: (d, n) in E} x[d, n] <= R[n];

# 4. link, per pair
s.t. link{(d, n) in E}:
    x[d, n] <= U[d, n] * y[d, state[n]];

# 5. minimum grant (trivial where m_d = 0)
s.t. min_grant_row{(d, s) in SEATS: min_grant[d] > 0}:
    sum{n in NEEDS: state[n] = s and (d, n) in E} x[d, n] >= min_grant[d] * y[d, s];

# 6. engagement, where K_d is given
s.t. engagement{d in LIMITED}:
    sum{s in STATES: (d, s) in SEATS} y[d, s] <= max_states[d];

# 7. coalition size
s.t. coalition_size{s in STATES}:
    sum{d in DONORS: (d, s) in SEATS} y[d, s] <= C;

# 8. coverage floor, only when phi > 0; for a State with SR = 0 it reads
#    0 >= 0 (always met), so it is stated only where z exists
s.t. floor_row{s in ZS}:
    sum{(d, n) in E: state[n] = s} x[d, n] + z[s] >= phi * SR[s];

# ---- objective -------------------------------------------------------

maximize total:
    sum{(d, n) in E} w[d, n] * x[d, n]
    - lambda * sum{(d, s) in SEATS} y[d, s]
    - rho * sum{s in ZS} z[s];

solve;

printf "OBJECTIVE %.6f\n", total;

end;
