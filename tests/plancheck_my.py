#!/usr/bin/env python3
"""tests/plancheck_my.py: an independent check of a multi-year plan against
its dataset (MULTIYEAR.md, contract v2.1), and the deadline analysis.

usage: plancheck_my.py DATASET.json PLAN.json [--ref OBJ] [--rel 1e-6] [--no-deadlines]
                       [NAME=VALUE ...]
       plancheck_my.py DATASET.json --analysis [--glpsol] [NAME=VALUE ...]

The first form recomputes from the dataset, without the engine's code, every
multi-year constraint (budgets by year, or cumulative with carry-over; area
caps each year; R_n; absorption A_{n,t}; links; minimum grants, engagement
and coalition size over the horizon), the weights by year, the objective,
the allocations' order (state, need, donor, year), the coalitions, the
donors' and needs' lists with their by_year (budget, allocated; units done
and left for a `work` need) and the `deadlines` list with every field of
the deadline analysis. Marginal values are not checked (only that a donor's
horizon-wide value is null). --no-deadlines leaves the `deadlines` list
out of the check (for plans checked before the deadline analysis is part of
the engine's). Prints "OK total=..." or each problem, exits 1 on any
problem.

The second form prints the plan-independent part of the deadline analysis
as JSON (need id -> fields): best case, earliest completion year, capacity
limit, gap by year, extension check. It is computed with exact max-flows in
whole cents (the default), or with --glpsol by the LPs MULTIYEAR.md states,
solved by glpsol: two independent methods the tests compare.

Standard library only, and glpsol (glpk-utils) for --glpsol.
"""
import datetime
import json
import os
import re
import subprocess
import sys
import tempfile

import plancheck as pc

DEFAULTS = dict(pc.DEFAULTS, year_discount=0.03, late_factor=0.5)
INF = 10 ** 30  # cents: "no limit" in the flows
MET = 1.0       # USD: a requirement of at most this counts as met


def cents(v):
    return int(round(v * 100))


def deadline_year(iso):
    """The year end nearest the date: its year from 1 July, else the year before."""
    d = datetime.date.fromisoformat(iso)
    return d.year if d.month >= 7 else d.year - 1


class Data:
    """MULTIYEAR.md's derived values, computed from the dataset.
    Capacity and A are None where there is no limit."""

    def __init__(self, ds, P, as_of):
        self.P = P
        self.Y0, self.Y1 = int(ds["years"]["first"]), int(ds["years"]["last"])
        self.years = list(range(self.Y0, self.Y1 + 1))
        self.donors = {d["id"]: d for d in ds["donors"]}
        self.states = sorted(s["id"] for s in ds["states"])
        self.B, self.carry = {}, {}
        for d, dn in self.donors.items():
            bby = {int(t): v for t, v in dn.get("budget_by_year", {}).items()}
            self.B[d] = {t: bby.get(t, dn["budget"]) for t in self.years}
            self.carry[d] = bool(dn.get("carry_over", False))
        self.raw = {n["id"]: n for n in ds["needs"]}
        self.amt, self.N, self.cap, self.s, self.A, self.R, self.RT = {}, {}, {}, {}, {}, {}, {}
        for nid, n in self.raw.items():
            self._need(nid, n)
        self.needs = pc.need_table(ds, P, as_of, requested=lambda n: self.R[n["id"]])
        self.w = {}
        for d, dn in self.donors.items():
            for nid, nd in self.needs.items():
                w = pc.pair_weight(P, dn, nd, max(self.B[d].values()) > 0)
                if w is not None:
                    self.w[(d, nid)] = w
        self.Ystar = {nid: max(deadline_year(n["deadline"]), self.Y0)
                      for nid, n in self.raw.items() if n.get("deadline")}

    def _need(self, nid, n):
        work = n.get("work")
        if work:
            self.amt[nid] = work["remaining"] * work["unit_cost"]
            self.N[nid] = work.get("national_per_year", 0.0)
            c = work["per_year"] * work["unit_cost"] if "per_year" in work else None
            self.cap[nid] = {t: c for t in self.years}
        else:
            self.amt[nid] = n["amount"]
            self.N[nid] = 0.0
            pym = n.get("per_year_max")
            if isinstance(pym, dict):
                pym = {int(t): v for t, v in pym.items()}
                self.cap[nid] = {t: pym.get(t) for t in self.years}
            else:
                self.cap[nid] = {t: pym for t in self.years}
        secured, N = n.get("secured", 0.0), self.N[nid]
        spent, self.s[nid], self.A[nid] = 0.0, {}, {}
        for t in self.years:
            c = self.cap[nid][t]
            st = secured - spent if c is None else min(c - N, secured - spent)
            self.s[nid][t] = st
            spent += st
            self.A[nid][t] = None if c is None else c - N - st
        NY = len(self.years)
        self.R[nid] = max(0.0, self.amt[nid] - secured - N * NY)
        self.RT[nid] = {T: max(0.0, self.amt[nid] - N * (T - self.Y0 + 1)
                               - sum(self.s[nid][t] for t in self.years if t <= T))
                        for T in self.years}

    def available(self, d, t):
        """What d can place in year t: B_{d,t}, or cumulative with carry-over."""
        if self.carry[d]:
            return sum(self.B[d][tau] for tau in self.years if tau <= t)
        return self.B[d][t]

    def has_var(self, d, nid, t):
        A = self.A[nid][t]
        return (d, nid) in self.w and self.available(d, t) > 0 and (A is None or A > 0)

    def weight(self, d, nid, t):
        late = self.P["late_factor"] if nid in self.Ystar and t > self.Ystar[nid] else 1.0
        return self.w[(d, nid)] * (1 - self.P["year_discount"]) ** (t - self.Y0) * late

    def area_cap(self, d, nid):
        return self.donors[d].get("area_budget", {}).get(self.needs[nid]["a"])

    def analysed(self):
        """Needs with a deadline year inside the horizon, by id."""
        return sorted(nid for nid, n in self.raw.items()
                      if n.get("deadline") and deadline_year(n["deadline"]) <= self.Y1)


# ---- the deadline analysis by max-flow (whole cents) ------------------

def max_flow(n_nodes, edges, src, sink):
    """Dinic's max-flow on integer capacities: edges is a list of (u, v, cap)."""
    graph = [[] for _ in range(n_nodes)]
    to, cap = [], []
    for u, v, c in edges:
        graph[u].append(len(to)); to.append(v); cap.append(c)
        graph[v].append(len(to)); to.append(u); cap.append(0)
    flow = 0
    while True:
        level = [-1] * n_nodes
        level[src] = 0
        queue = [src]
        for u in queue:
            for e in graph[u]:
                if cap[e] > 0 and level[to[e]] < 0:
                    level[to[e]] = level[u] + 1
                    queue.append(to[e])
        if level[sink] < 0:
            return flow
        it = [0] * n_nodes

        def push(u, f):
            if u == sink:
                return f
            while it[u] < len(graph[u]):
                e = graph[u][it[u]]
                v = to[e]
                if cap[e] > 0 and level[v] == level[u] + 1:
                    got = push(v, min(f, cap[e]))
                    if got:
                        cap[e] -= got
                        cap[e ^ 1] += got
                        return got
                it[u] += 1
            return 0

        while True:
            f = push(src, INF)
            if not f:
                break
            flow += f


def best_case_flow(D, nid, T, year_cap=None):
    """BC(n, T) in cents: the most money n's eligible donors can place on n in
    Y0..T; year_cap overrides what n can absorb in some years (cents)."""
    years = [t for t in D.years if t <= T]
    nodes = {"src": 0, "sink": 1, "col": 2}

    def node(key):
        if key not in nodes:
            nodes[key] = len(nodes)
        return nodes[key]

    edges = []
    for t in years:
        A = D.A[nid][t]
        c = INF if A is None else max(0, cents(A))
        if year_cap and t in year_cap:
            c = min(c, year_cap[t])
        edges.append((node(("need", t)), nodes["col"], c))
    edges.append((nodes["col"], nodes["sink"], cents(D.RT[nid][T])))
    for d in sorted(D.donors):
        if (d, nid) not in D.w:
            continue
        capa = D.area_cap(d, nid)
        for t in years:
            edges.append((nodes["src"], node((d, t)), cents(D.B[d][t])))
            edges.append((node((d, t)), node(("need", t)), INF if capa is None else cents(capa)))
            if D.carry[d] and t < T:
                edges.append((node((d, t)), node((d, t + 1)), INF))
    return max_flow(len(nodes), edges, nodes["src"], nodes["sink"])


def gap_flow(D, nid, Ys, G):
    """gap_by_year in cents: the donors' money placed as early as it can be
    (the least x in Y*, then Y*-1, ... among best cases), then the gap filled
    from Y* backwards in what absorption is left."""
    bc = best_case_flow(D, nid, Ys)
    fixed = {}
    for t in range(Ys, D.Y0 - 1, -1):
        fixed[t] = bc - best_case_flow(D, nid, Ys, {**fixed, t: 0})
    left, gap = G - bc, {}
    for t in range(Ys, D.Y0 - 1, -1):
        A = D.A[nid][t]
        room = left if A is None else max(0, cents(A)) - fixed[t]
        gap[t] = max(0, min(left, room))
        left -= gap[t]
    return gap


# ---- the deadline analysis by the LPs of MULTIYEAR.md, with glpsol ----

def glpsol_lp(text):
    """Solves a MathProg model that prints "VALUE v" lines; returns the values."""
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "lp.mod")
        with open(path, "w") as f:
            f.write(text)
        out = subprocess.run(["glpsol", "--math", path], capture_output=True, text=True)
    vals = [float(ln.split()[1]) for ln in out.stdout.splitlines() if ln.startswith("VALUE ")]
    if out.returncode != 0 or not re.search(r"^OPTIMAL (LP )?SOLUTION FOUND", out.stdout, re.M) or not vals:
        sys.exit("glpsol failed:\n" + out.stdout[-2000:] + out.stderr[-2000:])
    return vals


def lp_rows(D, nid, T, with_gap):
    """The best-case LP of need nid up to year T in MathProg: variables
    x[k] (one per donor and year with a variable) and, with_gap, g[t]."""
    xs = [(d, t) for d in sorted(D.donors) for t in D.years
          if t <= T and D.has_var(d, nid, t)]
    idx = {k: i + 1 for i, k in enumerate(xs)}
    lines = [f"var x{{1..{max(1, len(xs))}}} >= 0;"]
    if with_gap:
        lines.append(f"var g{{{D.Y0}..{T}}} >= 0;")
    rows = []
    for d in sorted({d for d, _ in xs}):
        capa = D.area_cap(d, nid)
        for t in D.years:
            if t > T:
                continue
            mine = [idx[(d, tau)] for tau in D.years
                    if (d, tau) in idx and (tau <= t if D.carry[d] else tau == t)]
            if mine:
                rhs = D.available(d, t)
                rows.append(" + ".join(f"x[{i}]" for i in mine) + f" <= {rhs!r}")
            if capa is not None and (d, t) in idx:
                rows.append(f"x[{idx[(d, t)]}] <= {capa!r}")
    for t in D.years:
        if t > T:
            continue
        here = [f"x[{idx[(d, t)]}]" for d in sorted(D.donors) if (d, t) in idx]
        if with_gap:
            here.append(f"g[{t}]")
        if D.A[nid][t] is not None and here:
            rows.append(" + ".join(here) + f" <= {D.A[nid][t]!r}")
    allx = " + ".join(f"x[{i}]" for i in idx.values()) or "0"
    rows.append(f"{allx} <= {D.RT[nid][T]!r}")
    if not xs:
        rows.append("x[1] = 0")
    return lines, rows, allx


def best_case_lp(D, nid, T):
    lines, rows, allx = lp_rows(D, nid, T, False)
    text = "\n".join(lines + [f"s.t. r{i}: {r};" for i, r in enumerate(rows)]
                     + [f"maximize bc: {allx};", "solve;",
                        'printf "VALUE %.6f\\n", bc;', "end;"])
    return glpsol_lp(text)[0]


def gap_lp(D, nid, Ys, G):
    """MULTIYEAR.md's gap LP: the least total gap, then the most gap in Y*,
    Y*-1, ... (one glpsol solve each, the earlier optima fixed)."""
    lines, rows, allx = lp_rows(D, nid, Ys, True)
    gsum = " + ".join(f"g[{t}]" for t in range(D.Y0, Ys + 1))
    rows.append(f"{allx} + {gsum} >= {G!r}")

    def solve(extra, sense, objective):
        text = "\n".join(lines + [f"s.t. r{i}: {r};" for i, r in enumerate(rows + extra)]
                         + [f"{sense} obj: {objective};", "solve;",
                            'printf "VALUE %.6f\\n", obj;', "end;"])
        return glpsol_lp(text)[0]

    least = solve([], "minimize", gsum)
    fixed = [f"{gsum} <= {least + 1e-4!r}"]
    gap = {}
    for t in range(Ys, D.Y0 - 1, -1):
        gap[t] = solve(fixed, "maximize", f"g[{t}]")
        fixed.append(f"g[{t}] >= {gap[t] - 1e-4!r}")
    return gap


# ---- the analysis of one need ----------------------------------------

def analysis(D, nid, method):
    """The plan-independent fields of a need's deadline analysis."""
    n = D.raw[nid]
    Yn, Ys = deadline_year(n["deadline"]), D.Ystar[nid]
    if method == "glpsol":
        bc = {T: round(best_case_lp(D, nid, T), 2) for T in D.years}
    else:
        bc = {T: best_case_flow(D, nid, T) / 100 for T in D.years}
    earliest = next((T for T in D.years if bc[T] >= D.RT[nid][T] - MET), None)
    As = [D.A[nid][t] for t in D.years if t <= Ys]
    sumA = None if any(a is None for a in As) else sum(As)
    limited = sumA is not None and sumA < D.RT[nid][Ys] - MET
    missing = D.RT[nid][Ys] - sumA if limited else 0.0
    work = n.get("work")
    G = D.RT[nid][Ys] if sumA is None else min(D.RT[nid][Ys], sumA)
    if method == "glpsol":
        gap = {t: round(v, 2) for t, v in gap_lp(D, nid, Ys, G).items()}
    else:
        gap = {t: v / 100 for t, v in gap_flow(D, nid, Ys, cents(G)).items()}
    check = None
    if n.get("requested_deadline"):
        Yr = deadline_year(n["requested_deadline"])
        if earliest is not None and earliest <= Ys:
            check = "not_needed"
        elif earliest is not None and earliest == Yr:
            check = "fits"
        elif earliest is not None and earliest < Yr:
            check = "longer_than_needed"
        elif earliest is not None or Yr <= D.Y1:
            check = "too_short"
        else:
            check = "beyond_horizon"
    return {"deadline_year": Yn, "overdue": Yn < D.Y0,
            "best_case_by_deadline": bc[Ys], "earliest_completion_year": earliest,
            "capacity_limited": limited, "capacity_missing": round(missing, 2),
            "capacity_missing_units": (round(missing / work["unit_cost"], 6) if work else None),
            "gap_by_year": [{"year": t, "amount": gap[t]} for t in range(D.Y0, Ys + 1)],
            "requested_deadline": n.get("requested_deadline"), "extension_check": check}


def plan_fields(D, nid, xn):
    """The plan-dependent fields: xn is year -> money the plan places on nid."""
    Ys = D.Ystar[nid]
    placed = float(sum(v for t, v in xn.items() if t <= Ys))
    done, cum = None, 0.0
    for t in D.years:
        cum += xn.get(t, 0.0)
        if cum >= D.RT[nid][t] - MET:
            done = t
            break
    return {"placed_by_deadline": placed, "completion_year": done,
            "on_time": done is not None and done <= Ys}


# ---- the plan --------------------------------------------------------

def close(a, b, tol=0.01):
    return a is not None and b is not None and abs(a - b) <= tol + 1e-9 * max(abs(a), abs(b))


def check_allocations(D, plan, bad):
    """The allocations: eligible, with a variable, weights, cents, order.
    Returns (donor, need, year) -> amount."""
    x = {}
    for a in plan["allocations"]:
        k = (a["donor"], a["need"], a.get("year"))
        d, nid, t = k
        if k in x:
            bad(f"allocation {k} listed twice")
        if d not in D.donors or nid not in D.needs or t not in D.years:
            bad(f"allocation {k}: unknown donor, need or year")
            continue
        if not D.has_var(d, nid, t):
            bad(f"allocation {k}: pair not eligible, or no money or absorption that year")
            continue
        if not a["amount"] > 0:
            bad(f"allocation {k}: amount {a['amount']} is not positive")
        if not pc.in_cents(a["amount"]):
            bad(f"allocation {k}: {a['amount']} is not in cents")
        w = D.weight(d, nid, t)
        if abs(a["weight"] - w) > 1e-9 * max(1.0, w):
            bad(f"allocation {k}: weight {a['weight']} != {w}")
        if a["state"] != D.needs[nid]["s"] or a["area"] != D.needs[nid]["a"]:
            bad(f"allocation {k}: wrong state or area")
        x[k] = a["amount"]
    order = [(D.needs[a["need"]]["s"] if a["need"] in D.needs else "", a["need"], a["donor"], a.get("year"))
             for a in plan["allocations"]]
    if order != sorted(order, key=lambda o: (o[0], o[1], o[2], o[3] or 0)):
        bad("allocations are not sorted by (state, need, donor, year)")
    return x


def check_constraints(D, x, bad):
    """MULTIYEAR.md's constraints 1-4 (5-7 are check_seats'), to one USD."""
    tol = pc.TOL
    for d in D.donors:
        for t in D.years:
            if D.carry[d]:
                got = sum(v for (d2, _, tau), v in x.items() if d2 == d and tau <= t)
                if got > D.available(d, t) + tol:
                    bad(f"budget of {d} up to {t} (carry-over): {got:.2f} > {D.available(d, t)}")
            else:
                got = sum(v for (d2, _, tau), v in x.items() if d2 == d and tau == t)
                if got > D.B[d][t] + tol:
                    bad(f"budget of {d} in {t}: {got:.2f} > {D.B[d][t]}")
            for a, capa in D.donors[d].get("area_budget", {}).items():
                got = sum(v for (d2, n, tau), v in x.items()
                          if d2 == d and tau == t and D.needs[n]["a"] == a)
                if got > capa + tol:
                    bad(f"area cap {d}/{a} in {t}: {got:.2f} > {capa}")
    for nid in D.needs:
        got = sum(v for (_, n, _), v in x.items() if n == nid)
        if got > D.R[nid] + tol:
            bad(f"need {nid}: {got:.2f} > R {D.R[nid]}")
        for t in D.years:
            A = D.A[nid][t]
            got = sum(v for (_, n, tau), v in x.items() if n == nid and tau == t)
            if A is not None and got > A + tol:
                bad(f"absorption of {nid} in {t}: {got:.2f} > A {A}")


def check_by_year(D, plan, x, bad):
    """Donors' and needs' by_year lists, a donor's budget over the horizon
    and null marginal value, a need's requested R_n."""
    for dp in plan["donors"]:
        d = dp["donor"]
        if d not in D.donors:
            continue
        if not close(dp["budget"], sum(D.B[d].values())):
            bad(f"donor {d}: budget {dp['budget']} != sum of its years {sum(D.B[d].values())}")
        if dp.get("marginal_value") is not None:
            bad(f"donor {d}: marginal_value must be null in a multi-year plan")
        by = dp.get("by_year") or []
        if [b.get("year") for b in by] != D.years:
            bad(f"donor {d}: by_year must list the years {D.Y0}..{D.Y1} in order")
            continue
        for b in by:
            t = b["year"]
            got = sum(v for (d2, _, tau), v in x.items() if d2 == d and tau == t)
            if not close(b["budget"], D.B[d][t]) or not close(b["allocated"], got):
                bad(f"donor {d}: by_year {t}: budget/allocated {b['budget']}/{b['allocated']}"
                    f" != {D.B[d][t]}/{got:.2f}")
            mv = b.get("marginal_value")
            if mv is not None and not isinstance(mv, (int, float)):
                bad(f"donor {d}: by_year {t}: marginal_value is not a number")
    for np_ in plan["needs"]:
        nid = np_["need"]
        if nid not in D.needs:
            continue
        if not close(np_["requested"], D.R[nid]):
            bad(f"need {nid}: requested {np_['requested']} != R {D.R[nid]:.2f}")
        by = np_.get("by_year") or []
        if [b.get("year") for b in by] != D.years:
            bad(f"need {nid}: by_year must list the years {D.Y0}..{D.Y1} in order")
            continue
        work = D.raw[nid].get("work")
        left = work["remaining"] if work else None
        for b in by:
            t = b["year"]
            got = sum(v for (_, n, tau), v in x.items() if n == nid and tau == t)
            if not close(b["allocated"], got):
                bad(f"need {nid}: by_year {t}: allocated {b['allocated']} != {got:.2f}")
            if not work:
                if b.get("units_done") is not None or b.get("units_left") is not None:
                    bad(f"need {nid}: by_year {t}: units for a need without work")
                continue
            done = (D.N[nid] + D.s[nid][t] + got) / work["unit_cost"]
            left = max(0.0, left - done)
            if not close(b.get("units_done"), done) or not close(b.get("units_left"), left):
                bad(f"need {nid}: by_year {t}: units done/left {b.get('units_done')}/"
                    f"{b.get('units_left')} != {done:.2f}/{left:.2f}")


def check_deadlines(D, plan, x, bad):
    """The deadlines list against the analysis recomputed (max-flows)."""
    want = D.analysed()
    got = plan.get("deadlines")
    if got is None or [e.get("need") for e in got] != want:
        bad(f"deadlines must list the needs {want} (a deadline year within the horizon), by id")
        return
    for e in got:
        nid = e["need"]
        xn = {}
        for (_, n, t), v in x.items():
            if n == nid:
                xn[t] = xn.get(t, 0.0) + v
        lp = analysis(D, nid, "flow")
        if e.get("best_case_by_deadline", 0) is None:
            # not analysed (the time limit came first): the LPs' fields are
            # null, the rest as for an analysed need
            for k in ("earliest_completion_year", "gap_by_year", "extension_check"):
                if e.get(k, None) is not None:
                    bad(f"deadline {nid}: {k} must be null when the need is not analysed")
            lp = {k: v for k, v in lp.items() if k not in
                  ("best_case_by_deadline", "earliest_completion_year", "gap_by_year",
                   "extension_check")}
        exp = dict(lp, **plan_fields(D, nid, xn),
                   state=D.needs[nid]["s"], deadline=D.raw[nid]["deadline"])
        for k, v in exp.items():
            if k not in e:
                bad(f"deadline {nid}: field {k} missing")
            elif k == "gap_by_year":
                if [g.get("year") for g in e[k]] != [g["year"] for g in v] or not all(
                        close(a["amount"], b["amount"]) for a, b in zip(e[k], v)):
                    bad(f"deadline {nid}: gap_by_year {e[k]} != {v}")
            elif isinstance(v, float) and not isinstance(v, bool):
                if not close(e[k], v):
                    bad(f"deadline {nid}: {k} {e[k]} != {v:.2f}")
            elif e[k] != v or type(e[k]) is not type(v):
                bad(f"deadline {nid}: {k} {e[k]!r} != {v!r}")


def setup(ds, sets, plan, bad):
    P = pc.effective_params(ds, sets, DEFAULTS)
    if plan is not None:
        as_of = pc.check_params(plan, ds, sets, P, DEFAULTS, bad)
    else:
        as_of = datetime.date.fromisoformat(sets.get("as_of") or ds.get("parameters", {}).get("as_of")
                                            or ds["as_of"])
    if "years" not in ds:
        sys.exit("the dataset has no years: check its plans with tests/plancheck.py")
    return Data(ds, P, as_of)


def main(argv):
    if "--analysis" in argv:
        args = [a for a in argv if a not in ("--analysis", "--glpsol")]
        ds = json.load(open(args[0]))
        sets = dict(a.split("=", 1) for a in args[1:])
        D = setup(ds, sets, None, None)
        method = "glpsol" if "--glpsol" in argv else "flow"
        print(json.dumps({nid: analysis(D, nid, method) for nid in D.analysed()}, indent=1))
        return 0
    ds, plan, ref, rel, sets, _, flags = pc.parse_args(argv, ("--no-deadlines",))
    problems = []
    bad = problems.append
    D = setup(ds, sets, plan, bad)
    x = check_allocations(D, plan, bad)
    check_constraints(D, x, bad)
    seat, pair = {}, {}
    for (d, nid, _), v in x.items():
        s = D.needs[nid]["s"]
        seat[(d, s)] = seat.get((d, s), 0.0) + v
        pair[(d, nid)] = pair.get((d, nid), 0.0) + v
    pc.check_seats(D.P, D.donors, D.states, seat, bad)
    value = sum(D.weight(d, nid, t) * v for (d, nid, t), v in x.items())
    total = pc.check_objective(plan, D.P, D.states, D.needs, seat, value, bad)
    pc.check_coalitions(plan, D.states, D.needs, D.donors, seat, bad)
    pc.check_lists(plan, D.donors, D.needs, pair, seat,
                   {d: sum(D.B[d].values()) for d in D.donors}, bad)
    check_by_year(D, plan, x, bad)
    if "--no-deadlines" not in flags:
        check_deadlines(D, plan, x, bad)
    pc.check_status(plan, bad)
    return pc.verdict(problems, total, ref, rel)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
