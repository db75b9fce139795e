#!/usr/bin/env python3
"""tests/plancheck.py: an independent check of a plan against its dataset.

usage: plancheck.py DATASET.json PLAN.json [--ref OBJ] [--rel 1e-6] [--rules FILE] [NAME=VALUE ...]

NAME=VALUE are the --set overrides of the run (as_of included): the plan's
parameters must be the dataset's (or the defaults) with those applied.

Recomputes from the dataset and MODEL.md, without the engine's code:
weights, eligibility, every constraint (to within one USD), seats, leads
and member order, coverage, utilisation, unmet need, the objective, list
orders, and that status, bound and gap agree. With --ref, the objective
must equal OBJ to the relative tolerance (a proven optimum, e.g. glpsol's).
With --rules (tests/scenario_apply.py writes it), also the what-if rules:
each forced or lead seat holds at least max(min_grant, 1) USD, no other
member gives a lead's State more than the lead, forbidden seats are absent
and each pledge is kept (to the cent). A plan with a baseline is searched
with the stability penalty: its gap is against total less that penalty.
Prints "OK total=..." or each problem, and exits 1 on any problem.
"""
import datetime
import json
import math
import sys

LEVELS = {"surveyed": 1.0, "reported": 0.75, "estimated": 0.5, "anecdotal": 0.25}
DEFAULTS = {"horizon_days": 1095, "urgency_weight": 2.0, "expertise_share": 0.5,
            "min_expertise": 0.0, "priority_bonus": 0.25, "coordination_cost": 100000,
            "max_coalition_size": 5, "coverage_floor": 0.0, "shortfall_penalty": 4.0}
TOL = 1.0  # USD, per constraint (MODEL.md "Numerics")


def check_rules(rules, donors, seat, x, bad):
    """The what-if rules of tests/scenario_apply.py against the plan's seats."""
    for op in ("force", "lead"):
        for d, s in rules[op]:
            least = max(donors[d].get("min_grant", 0), 1)
            if seat.get((d, s), 0.0) < least - 0.005:
                bad(f"{op} {d} in {s}: seat holds {seat.get((d, s), 0.0):.2f} < {least}")
    for d, s in rules["lead"]:
        for (d2, s2), v in seat.items():
            if s2 == s and d2 != d and v > seat.get((d, s), 0.0) + 0.005:
                bad(f"lead {d} in {s}: {d2} gives more ({v:.2f})")
    for d, s in rules["forbid"]:
        if (d, s) in seat:
            bad(f"forbid {d} in {s}: the seat is in the plan")
    for d, n, amount in rules["pledge"]:
        if x.get((d, n), 0.0) < amount - 0.005:
            bad(f"pledge {d} to {n}: {x.get((d, n), 0.0):.2f} < {amount}")


def parse_args(argv, flags=()):
    """DATASET PLAN [--ref OBJ] [--rel R] [--rules FILE] [NAME=VALUE ...], and
    any of the boolean flags named: (ds, plan, ref, rel, sets, rules, flags set)."""
    ds_path, plan_path = argv[0], argv[1]
    ref, rel, sets, rules, on = None, 1e-6, {}, None, set()
    i = 2
    while i < len(argv):
        if argv[i] == "--ref":
            ref = float(argv[i + 1])
        elif argv[i] == "--rel":
            rel = float(argv[i + 1])
        elif argv[i] == "--rules":
            rules = json.load(open(argv[i + 1]))
        elif argv[i] in flags:
            on.add(argv[i])
            i -= 1
        elif "=" in argv[i]:
            k, v = argv[i].split("=", 1)
            sets[k] = v
            i -= 1
        else:
            sys.exit("unknown argument " + argv[i])
        i += 2
    return json.load(open(ds_path)), json.load(open(plan_path)), ref, rel, sets, rules, on


def effective_params(ds, sets, defaults):
    """The dataset's parameters (or the defaults), then the run's overrides."""
    P = dict(defaults)
    P.update({k: v for k, v in ds.get("parameters", {}).items() if k != "as_of"})
    P.update({k: float(v) for k, v in sets.items() if k != "as_of"})
    return P


def check_params(plan, ds, sets, P, keys, bad):
    """The plan's parameters and as_of are the effective ones; returns as_of."""
    for k in keys:
        if abs(float(plan["parameters"][k]) - float(P[k])) > 1e-12 * max(1.0, abs(float(P[k]))):
            bad(f"parameter {k}: plan has {plan['parameters'][k]}, expected {P[k]}")
    want_as_of = sets.get("as_of") or ds.get("parameters", {}).get("as_of") or ds.get("as_of")
    if want_as_of and want_as_of != plan["as_of"]:
        bad(f"as_of: plan has {plan['as_of']}, expected {want_as_of}")
    return datetime.date.fromisoformat(plan["as_of"])


def need_table(ds, P, as_of, requested=lambda n: n["amount"] - n.get("secured", 0)):
    """Each need's State, area, requested R, evidence q and urgency u."""
    needs = {}
    for n in ds["needs"]:
        q = n["evidence"]
        q = LEVELS[q] if isinstance(q, str) else float(q)
        u = 1.0
        if n.get("deadline"):
            t = (datetime.date.fromisoformat(n["deadline"]) - as_of).days
            u = 1 + P["urgency_weight"] * min(1.0, max(0.0, 1 - t / P["horizon_days"]))
        needs[n["id"]] = {"s": n["state"], "a": n["area"], "R": requested(n), "q": q, "u": u}
    return needs


def pair_weight(P, dn, nd, has_budget):
    """MODEL.md's value of one USD from donor dn to need nd, or None when the
    pair is not eligible; has_budget: the donor has money to give."""
    e = dn.get("expertise", {}).get(nd["a"], 0.0)
    cap = dn.get("area_budget", {}).get(nd["a"])
    if (nd["R"] <= 0 or not has_budget or e < P["min_expertise"]
            or nd["s"] in dn.get("excluded_states", []) or (cap is not None and cap <= 0)):
        return None
    prio = 1 if nd["s"] in dn.get("priority_states", []) else 0
    return (nd["u"] * nd["q"] * (P["expertise_share"] + (1 - P["expertise_share"]) * e)
            * (1 + P["priority_bonus"] * prio))


def cents(v):
    """USD to whole cents, half away from zero, as the engine rounds money
    (C's llround of v * 100; Python's round() would round half to even)."""
    r = abs(v * 100)
    f = math.floor(r)
    n = f + (1 if r - f >= 0.5 else 0)
    return int(n if v >= 0 else -n)


def in_cents(v):
    """v is a whole number of cents (to rounding noise)."""
    return abs(round(v * 100) - v * 100) <= 1e-6


def check_seats(P, donors, states, seat, bad):
    """Engagement, minimum grants and coalition sizes of the plan's seats
    (seat: (donor, State) -> amount over the plan)."""
    for d, dn in donors.items():
        mine = [s for (d2, s) in seat if d2 == d]
        if "max_states" in dn and len(mine) > dn["max_states"]:
            bad(f"{d} sits in {len(mine)} coalitions > max_states {dn['max_states']}")
        for s in mine:
            if seat[(d, s)] < dn.get("min_grant", 0) - TOL:
                bad(f"min grant {d} -> {s}: {seat[(d, s)]:.2f} < {dn['min_grant']}")
    for s in states:
        c = sum(1 for (_, s2) in seat if s2 == s)
        if c > P["max_coalition_size"]:
            bad(f"coalition of {s}: {c} members > {P['max_coalition_size']}")


def check_objective(plan, P, states, needs, seat, value, bad):
    """The objective's parts against value (sum of w x), the seats and the
    floor's shortfall; returns the recomputed total."""
    coord = P["coordination_cost"] * len(seat)
    short = 0.0
    if P["coverage_floor"] > 0:
        for s in states:
            Rs = sum(nd["R"] for nd in needs.values() if nd["s"] == s)
            got = sum(v for (d, s2), v in seat.items() if s2 == s)
            short += max(0.0, P["coverage_floor"] * Rs - got)
    total = value - coord - P["shortfall_penalty"] * short
    ob = plan["objective"]
    scale = max(1.0, abs(total))
    for key, want in (("total", total), ("value", value), ("coordination_cost", coord),
                      ("shortfall_penalty", P["shortfall_penalty"] * short)):
        if abs(ob[key] - want) > 1e-9 * scale + 1e-6:
            bad(f"objective.{key} {ob[key]} != recomputed {want}")
    if abs(ob["total"] - (ob["value"] - ob["coordination_cost"] - ob["shortfall_penalty"])) > 1e-6 * scale:
        bad("objective.total != value - coordination_cost - shortfall_penalty")
    return total


def check_lists(plan, donors, needs, x, seat, budget, bad):
    """The donors and needs lists: order, allocated, utilisation (against
    budget: donor -> its budget), States, unmet, urgency and evidence
    (x: (donor, need) -> amount over the plan)."""
    if [d["donor"] for d in plan["donors"]] != sorted(donors):
        bad("donors must list every donor once, in id order")
    for d in plan["donors"]:
        dn = donors.get(d["donor"])
        if dn is None:
            continue
        tot = sum(v for (d2, _), v in x.items() if d2 == d["donor"])
        if abs(d["allocated"] - tot) > 0.005:
            bad(f"donor {d['donor']}: allocated {d['allocated']} != {tot}")
        # shares of the money as reported, in cents (FORMATS.md: money is
        # rounded to cents)
        b = cents(budget[d["donor"]])
        ut = None if b == 0 else cents(tot) / b
        if (ut is None) != (d["utilisation"] is None) or (ut is not None and abs(ut - d["utilisation"]) > 1e-9):
            bad(f"donor {d['donor']}: utilisation {d['utilisation']} != {ut}")
        st = sorted(s for (d2, s) in seat if d2 == d["donor"])
        if d["states"] != st:
            bad(f"donor {d['donor']}: states {d['states']} != {st}")
    if [n["need"] for n in plan["needs"]] != sorted(needs):
        bad("needs must list every need once, in id order")
    for n in plan["needs"]:
        nd = needs.get(n["need"])
        if nd is None:
            continue
        got = sum(v for (_, n2), v in x.items() if n2 == n["need"])
        if abs(n["allocated"] - got) > 0.005 or abs(n["unmet"] - (nd["R"] - got)) > 0.01:
            bad(f"need {n['need']}: allocated/unmet {n['allocated']}/{n['unmet']} wrong")
        if abs(n["urgency"] - nd["u"]) > 1e-9 or abs(n["evidence"] - nd["q"]) > 1e-12:
            bad(f"need {n['need']}: urgency or evidence wrong")


def check_coalitions(plan, states, needs, donors, seat, bad):
    """Every State's coalition: its seats, lead, member order, requested,
    allocated, coverage and urgency (seat: (donor, State) -> amount)."""
    cl = plan["coalitions"]
    if [c["state"] for c in cl] != states:
        bad("coalitions must list every State once, in id order")
    for c in cl:
        s = c["state"]
        mem = [(m["donor"], m["amount"]) for m in c["members"]]
        want = {d: v for (d, s2), v in seat.items() if s2 == s}
        if {d for d, _ in mem} != set(want):
            bad(f"coalition {s}: members {sorted(d for d, _ in mem)} != seats {sorted(want)}")
            continue
        for d, v in mem:
            if abs(v - want[d]) > 0.005:
                bad(f"coalition {s}: member {d} amount {v} != {want[d]}")
        Rs = [(nd["R"], nid) for nid, nd in needs.items() if nd["s"] == s]
        if not mem:
            if c["lead"] is not None:
                bad(f"coalition {s}: lead without members")
        else:
            big = min(Rs, key=lambda r: (-r[0], r[1]))[1]
            area = needs[big]["a"]
            lead = min(want, key=lambda d: (-round(want[d] * 100),
                                            -donors[d].get("expertise", {}).get(area, 0.0), d))
            if c["lead"] != lead:
                bad(f"coalition {s}: lead {c['lead']} != {lead}")
            if mem[0][0] != c["lead"]:
                bad(f"coalition {s}: lead is not listed first")
            rest = [(-round(v * 100), d) for d, v in mem[1:]]
            if rest != sorted(rest):
                bad(f"coalition {s}: members after the lead are not sorted")
        req_c = sum(cents(r) for r, _ in Rs)  # each need's requested in cents
        req = req_c / 100
        if abs(c["requested"] - req) > 0.005:
            bad(f"coalition {s}: requested {c['requested']} != {req}")
        got = sum(want.values())
        if abs(c["allocated"] - got) > 0.005:
            bad(f"coalition {s}: allocated {c['allocated']} != {got}")
        cov = None if req_c == 0 else cents(got) / req_c
        if (cov is None) != (c["coverage"] is None) or (cov is not None and abs(cov - c["coverage"]) > 1e-9):
            bad(f"coalition {s}: coverage {c['coverage']} != {cov}")
        urg = max([needs[n]["u"] for n in needs if needs[n]["s"] == s and needs[n]["R"] > 0] or [1.0])
        if abs(c["urgency"] - urg) > 1e-9:
            bad(f"coalition {s}: urgency {c['urgency']} != {urg}")


def check_status(plan, bad):
    """status, bound and gap agree, against the solved model's objective
    (objective.model_total; the rounded total in plans without it) less a
    baseline penalty; the solved objective is within what cent rounding can
    move it of the plan's total."""
    ob = plan["objective"]
    st = plan["status"]
    searched = ob.get("model_total", ob["total"])
    if "model_total" in ob and st in ("optimal", "feasible"):
        P = plan["parameters"]
        wmax = max([a["weight"] for a in plan["allocations"]] or [0.0])
        moved = 0.01 * (len(plan["allocations"]) + len(plan["needs"])) * (wmax + P["shortfall_penalty"])
        if abs(ob["model_total"] - ob["total"]) > moved + 1e-6 * abs(ob["total"]) + 1e-9:
            bad(f"objective.model_total {ob['model_total']} is further from total {ob['total']} "
                f"than cent rounding can move it ({moved:.4f})")
    if plan.get("baseline"):
        searched -= plan["baseline"]["penalty"]
    if st in ("optimal", "feasible"):
        if plan["bound"] is None:
            if st == "optimal":
                bad("optimal without a bound")
        else:
            gap = max(0.0, plan["bound"] - searched) / max(1.0, abs(searched))
            if abs(gap - plan["gap"]) > 1e-9:
                bad(f"gap {plan['gap']} != {gap}")
            if st == "optimal" and gap > plan["parameters"]["mip_gap"] + 1e-7:
                bad(f"status optimal with gap {gap} above mip_gap")
    elif st not in ("infeasible", "no_solution"):
        bad(f"unknown status {st}")


def verdict(problems, total, ref, rel):
    """Prints the problems (or OK) with the recomputed total; 1 on a problem."""
    bad = problems.append
    summary = f"total={total:.2f}"
    if ref is not None:
        diff = abs(total - ref) / max(1.0, abs(ref))
        summary += f" ref={ref:.2f} rel={diff:.2e}"
        if diff > rel:
            bad(f"objective {total:.6f} differs from the reference {ref:.6f} by {diff:.2e} (> {rel})")
    for p in problems[:40]:
        print(p)
    if problems:
        print(f"FAIL {len(problems)} problems; {summary}")
        return 1
    print(f"OK {summary}")
    return 0


def main(argv):
    ds, plan, ref, rel, sets, rules, _ = parse_args(argv)
    problems = []

    def bad(msg):
        problems.append(msg)

    P = effective_params(ds, sets, DEFAULTS)
    as_of = check_params(plan, ds, sets, P, DEFAULTS, bad)
    states = sorted(s["id"] for s in ds["states"])
    donors = {d["id"]: d for d in ds["donors"]}
    needs = need_table(ds, P, as_of)

    def weight(d, nid):
        return pair_weight(P, donors[d], needs[nid], donors[d]["budget"] > 0)

    x = {}
    for a in plan["allocations"]:
        k = (a["donor"], a["need"])
        w = weight(*k)
        if k in x:
            bad(f"allocation {k} listed twice")
        if w is None:
            bad(f"allocation {k}: pair is not eligible")
            continue
        if not a["amount"] > 0:
            bad(f"allocation {k}: amount {a['amount']} is not positive")
        if not in_cents(a["amount"]):
            bad(f"allocation {k}: {a['amount']} is not in cents")
        if abs(a["weight"] - w) > 1e-9 * max(1.0, w):
            bad(f"allocation {k}: weight {a['weight']} != {w}")
        if a["state"] != needs[a["need"]]["s"] or a["area"] != needs[a["need"]]["a"]:
            bad(f"allocation {k}: wrong state or area")
        x[k] = a["amount"]
    order = [(needs[a["need"]]["s"], a["need"], a["donor"]) for a in plan["allocations"]]
    if order != sorted(order):
        bad("allocations are not sorted by (state, need, donor)")

    seat = {}
    for (d, n), v in x.items():
        seat[(d, needs[n]["s"])] = seat.get((d, needs[n]["s"]), 0.0) + v
    for d, dn in donors.items():
        tot = sum(v for (d2, _), v in x.items() if d2 == d)
        if tot > dn["budget"] + TOL:
            bad(f"budget of {d}: {tot:.2f} > {dn['budget']}")
        for a, cap in dn.get("area_budget", {}).items():
            t = sum(v for (d2, n), v in x.items() if d2 == d and needs[n]["a"] == a)
            if t > cap + TOL:
                bad(f"area cap {d}/{a}: {t:.2f} > {cap}")
    for nid, nd in needs.items():
        t = sum(v for (_, n), v in x.items() if n == nid)
        if t > nd["R"] + TOL:
            bad(f"need {nid}: {t:.2f} > {nd['R']}")
    check_seats(P, donors, states, seat, bad)
    value = sum(weight(d, n) * v for (d, n), v in x.items())
    total = check_objective(plan, P, states, needs, seat, value, bad)

    check_coalitions(plan, states, needs, donors, seat, bad)

    check_lists(plan, donors, needs, x, seat, {d: dn["budget"] for d, dn in donors.items()}, bad)

    if rules is not None:
        check_rules(rules, donors, seat, x, bad)

    check_status(plan, bad)
    return verdict(problems, total, ref, rel)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
