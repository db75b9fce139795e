#!/usr/bin/env python3
"""tests/my_expect.py: comparisons for tests/t_multiyear_data.sh against the
hand values of tests/data/multiyear_expected.json. Prints each difference
and exits 1 on any.

usage: my_expect.py glpsol GLPSOL_OUTPUT EXPECTED.json DATASET [PLAN.json]
         the OBJECTIVE line equals the expected total, the SEAT lines the
         expected seats, and the X lines the plan's allocations (to a cent)
       my_expect.py analysis ANALYSIS.json EXPECTED.json DATASET
         plancheck_my.py --analysis output equals the expected fields
       my_expect.py plan PLAN.json EXPECTED.json DATASET
         the hand plan's objective and deadlines equal the expected values
       my_expect.py mutate PLAN.json OPS.json > BROKEN.json
         the plan with the changes of OPS applied: a list of
         {"op": "set"|"delete"|"insert"|"swap", "path": [...], ...}
"""
import json
import sys

CENT = 0.005


def same(a, b):
    """Equal, numbers to a cent (booleans and None exactly)."""
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= CENT
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b


def glpsol(out_path, exp, plan):
    bad = []
    lines = [ln.split() for ln in open(out_path)]
    total = [float(ln[1]) for ln in lines if ln and ln[0] == "OBJECTIVE"]
    if len(total) != 1 or not same(total[0], exp["objective"]["total"]):
        bad.append(f"objective {total} != {exp['objective']['total']}")
    seats = sorted((ln[1], ln[2]) for ln in lines if ln and ln[0] == "SEAT")
    want = sorted((d, s) for d, s, _ in exp.get("seats", []))
    if "seats" in exp and seats != want:
        bad.append(f"seats {seats} != {want}")
    if plan is not None:
        got = {(ln[1], ln[2], int(ln[3])): float(ln[4]) for ln in lines if ln and ln[0] == "X"}
        hand = {(a["donor"], a["need"], a["year"]): a["amount"] for a in plan["allocations"]}
        if got.keys() != hand.keys() or not all(same(got[k], hand[k]) for k in got):
            bad.append(f"glpsol's allocations {sorted(got.items())} != the hand plan's {sorted(hand.items())}")
    return bad


def analysis(got, exp):
    bad = []
    want = exp["needs"]
    if sorted(got) != sorted(want):
        bad.append(f"analysed needs {sorted(got)} != {sorted(want)}")
    for nid in sorted(set(got) & set(want)):
        for k, v in got[nid].items():
            if not same(v, want[nid][k]):
                bad.append(f"{nid}: {k} {v!r} != expected {want[nid][k]!r}")
    return bad


def plan_vs_expected(plan, exp):
    bad = []
    for k, v in exp["objective"].items():
        if not same(plan["objective"].get(k), v):
            bad.append(f"objective.{k} {plan['objective'].get(k)} != {v}")
    seats = sorted((m["donor"], c["state"], m["amount"]) for c in plan["coalitions"] for m in c["members"])
    if not same(seats, sorted(tuple(s) for s in exp["seats"])):
        bad.append(f"seats {seats} != {exp['seats']}")
    got = {e["need"]: e for e in plan["deadlines"]}
    if sorted(got) != sorted(exp["needs"]):
        bad.append(f"deadlines {sorted(got)} != {sorted(exp['needs'])}")
    for nid, want in exp["needs"].items():
        for k, v in want.items():
            if nid in got and not same(got[nid].get(k), v):
                bad.append(f"{nid}: {k} {got[nid].get(k)!r} != expected {v!r}")
    return bad


def mutate(plan, ops):
    for op in ops:
        *head, last = op["path"]
        node = plan
        for k in head:
            node = node[k]
        if op["op"] == "set":
            node[last] = op["value"]
        elif op["op"] == "delete":
            del node[last]
        elif op["op"] == "insert":
            node[last].insert(op["index"], op["value"])
        elif op["op"] == "swap":
            i, j = op["items"]
            node[last][i], node[last][j] = node[last][j], node[last][i]
        else:
            sys.exit(f"unknown op {op['op']}")
    return plan


def main(argv):
    mode = argv[0]
    if mode == "mutate":
        json.dump(mutate(json.load(open(argv[1])), json.load(open(argv[2]))), sys.stdout, indent=1)
        return 0
    exp = json.load(open(argv[2]))[argv[3]]
    if mode == "glpsol":
        plan = json.load(open(argv[4])) if len(argv) > 4 else None
        bad = glpsol(argv[1], exp, plan)
    elif mode == "analysis":
        bad = analysis(json.load(open(argv[1])), exp)
    elif mode == "plan":
        bad = plan_vs_expected(json.load(open(argv[1])), exp)
    else:
        sys.exit(__doc__)
    for b in bad:
        print(b)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
