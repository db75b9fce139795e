#!/usr/bin/env python3
"""tests/diffcheck.py: the expected output of `coalitions diff`, computed
from the two runs' plan JSON files (FORMATS.md), not from the store.

usage: diffcheck.py PLAN_A.json PLAN_B.json RUN_A RUN_B THRESHOLD OUT.txt OUT.json

Writes the readable lines `diff RUN_A RUN_B --threshold THRESHOLD` must
print to OUT.txt, and the JSON it must write (without the runs'
"started_at", which a plan file does not carry) to OUT.json.
"""
import json
import math
import sys
from decimal import ROUND_HALF_UP, Decimal

NAN = float("nan")


def cents(usd):
    return int(round(usd * 100))


def fmt_usd(c):
    """Whole USD with thousands separators, halves away from zero."""
    whole = int((Decimal(c) / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))
    return f"{whole:,}"


def usd_change(a, b):
    return f"{fmt_usd(a)} -> {fmt_usd(b)} ({'+' if b - a > 0 else ''}{fmt_usd(b - a)})"


def pct(v):
    return "n/a" if math.isnan(v) else "%.1f%%" % (v * 100.0)


def pct_change(a, b):
    s = f"{pct(a)} -> {pct(b)}"
    if not math.isnan(a) and not math.isnan(b):
        s += " (%+.1f pts)" % ((b - a) * 100.0)
    return s


def shortest(v):
    """A number as the engine writes it: fewest decimals that read back."""
    if v == 0 or 1e-5 <= abs(v) < 1e15:
        for k in range(21):
            s = "%.*f" % (k, v)
            if float(s) == v:
                return s
    for p in range(1, 18):
        s = "%.*g" % (p, v)
        if float(s) == v:
            return s
    return s


def num(v):
    return None if v is None or math.isnan(v) else v


def change(a, b):
    return {"from": num(a), "to": num(b),
            "change": None if math.isnan(a) or math.isnan(b) else b - a}


def nan_if_none(v):
    return NAN if v is None else v


def params(p):
    out = [("as_of", p["as_of"])]
    out += list(p["parameters"].items())
    return out


def totals(p):
    req = got = ureq = ugot = 0
    for n in p["needs"]:
        r, g = cents(n["requested"]), cents(n["allocated"])
        req += r
        got += g
        if n["urgency"] > 1.0:
            ureq += r
            ugot += g
    return got, (ugot / ureq if ureq > 0 else NAN)


def main(argv):
    pa, pb = (json.load(open(f)) for f in argv[0:2])
    ida, idb, thr = int(argv[2]), int(argv[3]), float(argv[4])
    thr_c = int(round(thr * 100))
    lines = [f"run {ida} -> run {idb}"]
    doc = {}
    for key, p, rid in (("from", pa, ida), ("to", pb, idb)):
        doc[key] = {"run": rid, "dataset": {"name": p["dataset"]["name"],
                                            "sha256": p["dataset"]["sha256"]},
                    "scenario": p["scenario"], "status": p["status"]}
    if pa["dataset"]["sha256"] != pb["dataset"]["sha256"]:
        lines.append("dataset: %s (%.12s) -> %s (%.12s)" % (
            pa["dataset"]["name"], pa["dataset"]["sha256"],
            pb["dataset"]["name"], pb["dataset"]["sha256"]))
    if pa["scenario"] != pb["scenario"]:
        lines.append(f"scenario: {pa['scenario'] or 'none'} -> {pb['scenario'] or 'none'}")
    if pa["status"] != pb["status"]:
        lines.append(f"status: {pa['status']} -> {pb['status']}")
    doc["threshold"] = thr

    # parameters: run b's order, then those only run a has
    qa, qb = dict(params(pa)), params(pb)
    doc["parameters"] = []
    names_b = set()
    for name, vb in qb:
        names_b.add(name)
        va = qa.get(name)
        ta = None if va is None else (va if isinstance(va, str) else shortest(va))
        tb = vb if isinstance(vb, str) else shortest(vb)
        if ta == tb:
            continue
        lines.append(f"parameter {name}: {ta or 'none'} -> {tb}")
        doc["parameters"].append({"name": name, "from": va, "to": vb})
    for name, va in params(pa):
        if name not in names_b:
            ta = va if isinstance(va, str) else shortest(va)
            lines.append(f"parameter {name}: {ta} -> none")
            doc["parameters"].append({"name": name, "from": va, "to": None})

    ga, ua = totals(pa)
    gb, ub = totals(pb)
    if ga != gb:
        lines.append("allocated: %s -> %s USD (%s%s)" % (fmt_usd(ga), fmt_usd(gb),
                                                        "+" if gb > ga else "", fmt_usd(gb - ga)))
    doc["allocated"] = change(ga / 100.0, gb / 100.0)
    if (not math.isnan(ua) or not math.isnan(ub)) and not ua == ub:
        lines.append("urgent need covered: " + pct_change(ua, ub))
    doc["urgent_covered"] = change(ua, ub)
    sa, sb = pa["objective"]["seats"], pb["objective"]["seats"]
    if sa != sb:
        lines.append("seats: %d -> %d (%+d)" % (sa, sb, sb - sa))
    doc["seats"] = change(float(sa), float(sb))

    ca = {c["state"]: c for c in pa["coalitions"]}
    cb = {c["state"]: c for c in pb["coalitions"]}
    doc["states"] = []
    n_state_lines = 0
    for s in sorted(set(ca) | set(cb), key=lambda x: x.encode()):
        a, b = ca.get(s), cb.get(s)
        ma = {m["donor"] for m in a["members"]} if a else set()
        mb = {m["donor"] for m in b["members"]} if b else set()
        added = sorted(mb - ma, key=lambda x: x.encode())
        removed = sorted(ma - mb, key=lambda x: x.encode())
        la, lb = a["lead"] if a else None, b["lead"] if b else None
        aa, ab = (cents(a["allocated"]) if a else 0), (cents(b["allocated"]) if b else 0)
        ra, rb = (a["requested"] if a else NAN), (b["requested"] if b else NAN)
        moved = abs(ab - aa) > thr_c or not ra == rb
        if not added and not removed and la == lb and not moved:
            continue
        parts = []
        if added or removed:
            parts.append("members" + "".join(" +" + d for d in added)
                         + "".join(" -" + d for d in removed))
        if la != lb:
            parts.append(f"lead {la or 'none'} -> {lb or 'none'}")
        cova = nan_if_none(a["coverage"]) if a else NAN
        covb = nan_if_none(b["coverage"]) if b else NAN
        if moved:
            parts.append("coverage " + pct_change(cova, covb))
        lines.append(f"{s}: " + "; ".join(parts))
        n_state_lines += 1
        doc["states"].append({"state": s, "members_added": added, "members_removed": removed,
                              "lead": {"from": la, "to": lb} if la != lb else None,
                              "coverage": change(cova, covb) if moved else None})
    if n_state_lines == 0:
        lines.append("coalitions: no changes")

    key = lambda x: (x["state"].encode(), x["need"].encode(), x["donor"].encode())
    aa = {key(x): x for x in pa["allocations"]}
    ab = {key(x): x for x in pb["allocations"]}
    doc["allocations"] = []
    for k in sorted(set(aa) | set(ab)):
        x = aa.get(k) or ab.get(k)
        fa = cents(aa[k]["amount"]) if k in aa else 0
        fb = cents(ab[k]["amount"]) if k in ab else 0
        if abs(fb - fa) <= thr_c:
            continue
        lines.append(f"allocation {x['donor']} -> {x['need']}: " + usd_change(fa, fb))
        doc["allocations"].append({"donor": x["donor"], "need": x["need"], "state": x["state"],
                                   "area": x["area"], "from": fa / 100.0, "to": fb / 100.0,
                                   "change": (fb - fa) / 100.0})

    ok = ("optimal", "feasible")
    ta = pa["objective"]["total"] if pa["status"] in ok else NAN
    tb = pb["objective"]["total"] if pb["status"] in ok else NAN
    line = "objective: %s -> %s" % ("n/a" if math.isnan(ta) else "%.2f" % ta,
                                    "n/a" if math.isnan(tb) else "%.2f" % tb)
    if not math.isnan(ta) and not math.isnan(tb):
        line += " (%+.2f)" % (tb - ta)
    lines.append(line)
    doc["objective"] = change(ta, tb)

    with open(argv[5], "w") as f:
        f.write("\n".join(lines) + "\n")
    with open(argv[6], "w") as f:
        json.dump(doc, f, indent=2)


if __name__ == "__main__":
    main(sys.argv[1:])
