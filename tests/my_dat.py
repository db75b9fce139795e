#!/usr/bin/env python3
"""tests/my_dat.py: MathProg data for models/coalitions_multiyear.mod from a
dataset JSON, without the engine (so the tests can check the engine's own
export and plans against glpsol).

usage: my_dat.py DATASET.json [--one-period] [NAME=VALUE ...] > FILE.dat

NAME=VALUE are --set overrides of the run (as_of included). The data is the
dataset's raw values in the layout documented at the top of the model; it
derives nothing (urgency, deadline years, budgets by year, capacity,
secured money by year, R_n, eligibility and weights are the model's job).
A dataset without `years` is written as one year, first = last = the year
of as_of.

--one-period writes data for the one-period model models/coalitions.mod
instead (its layout: R = amount - secured, days_left = deadline - as_of),
for a dataset without `years`.
"""
import datetime
import json
import sys

LEVELS = {"surveyed": 1.0, "reported": 0.75, "estimated": 0.5, "anecdotal": 0.25}
# MathProg name, dataset name, default (MODEL.md and MULTIYEAR.md)
PARAMS = [("H", "horizon_days", 1095), ("alpha", "urgency_weight", 2.0),
          ("beta", "expertise_share", 0.5), ("e_min", "min_expertise", 0.0),
          ("pi_bonus", "priority_bonus", 0.25), ("lambda", "coordination_cost", 100000),
          ("C", "max_coalition_size", 5), ("phi", "coverage_floor", 0.0),
          ("rho", "shortfall_penalty", 4.0)]
MY_PARAMS = [("delta", "year_discount", 0.03), ("L", "late_factor", 0.5)]
MY_FIELDS = {"donors": ("budget_by_year", "carry_over"),
             "needs": ("per_year_max", "work", "requested_deadline")}


def sym(s):
    """A quoted MathProg symbol ('' inside quotes is one ')."""
    return "'" + str(s).replace("'", "''") + "'"


def num(v):
    """A number MathProg reads back to the same value."""
    v = float(v)
    if v == int(v) and abs(v) < 1e15:
        return str(int(v))
    return repr(v)


def evidence(v):
    return LEVELS[v] if isinstance(v, str) else float(v)


def id_set(out, name, items):
    out.append(f"set {name} :=" + "".join(f"\n  {sym(i)}" for i in items) + ";")


def rows(out, head, lines):
    """`param ...:=` or `set ... :=` with one row per line (may be empty)."""
    out.append(head + "".join("\n  " + ln for ln in lines) + ";")


def common(ds, out, P):
    """What both models read: sets, expertise, caps, limits, lists, parameters."""
    donors = ds["donors"]
    id_set(out, "AREAS", [a["id"] for a in ds["areas"]])
    id_set(out, "STATES", [s["id"] for s in ds["states"]])
    id_set(out, "DONORS", [d["id"] for d in donors])
    id_set(out, "NEEDS", [n["id"] for n in ds["needs"]])
    out.append("")
    rows(out, "param expertise :=", [f"{sym(d['id'])} {sym(a)} {num(v)}"
                                     for d in donors for a, v in sorted(d.get("expertise", {}).items())])
    caps = [(d["id"], a, v) for d in donors for a, v in sorted(d.get("area_budget", {}).items())]
    rows(out, "set CAPPED :=", [f"({sym(d)}, {sym(a)})" for d, a, _ in caps])
    rows(out, "param cap :=", [f"{sym(d)} {sym(a)} {num(v)}" for d, a, v in caps])
    lim = [d for d in donors if "max_states" in d]
    rows(out, "set LIMITED :=", [sym(d["id"]) for d in lim])
    rows(out, "param max_states :=", [f"{sym(d['id'])} {num(d['max_states'])}" for d in lim])
    for name, key in (("EXCLUDED", "excluded_states"), ("PRIORITY", "priority_states")):
        rows(out, f"set {name} :=", [f"({sym(d['id'])}, {sym(s)})"
                                     for d in donors for s in sorted(set(d.get(key, [])))])
    out.append("")
    for mpl, name, _ in PARAMS:
        out.append(f"param {mpl} := {num(P[name])}; # {name}")


def main(argv):
    one_period = "--one-period" in argv
    args = [a for a in argv if a != "--one-period"]
    if not args or args[0].startswith("-"):
        sys.exit(__doc__.strip().splitlines()[2])
    ds = json.load(open(args[0]))
    sets = dict(a.split("=", 1) for a in args[1:])
    P = {name: default for _, name, default in PARAMS + MY_PARAMS}
    P.update({k: v for k, v in ds.get("parameters", {}).items() if k != "as_of"})
    P.update({k: float(v) for k, v in sets.items() if k != "as_of"})
    as_of = sets.get("as_of") or ds.get("parameters", {}).get("as_of") or ds.get("as_of")
    if not as_of:
        sys.exit(f"{args[0]}: as_of: required")
    as_of_day = datetime.date.fromisoformat(as_of)
    out = []

    if one_period:
        if "years" in ds or any(f in item for lst, fs in MY_FIELDS.items()
                                for item in ds[lst] for f in fs):
            sys.exit(f"{args[0]}: --one-period: the dataset has multi-year fields")
        out.append("# MathProg data for models/coalitions.mod, written by tests/my_dat.py")
        out.append("data;\n")
        common(ds, out, P)
        out.append("")
        lines = []
        for n in ds["needs"]:
            dl = n.get("deadline")
            days = (datetime.date.fromisoformat(dl) - as_of_day).days if dl else 0
            lines.append(f"{sym(n['id'])} {sym(n['state'])} {sym(n['area'])} "
                         f"{num(n['amount'] - n.get('secured', 0))} {num(evidence(n['evidence']))} "
                         f"{1 if dl else 0} {days}")
        rows(out, "param : state area R q has_deadline days_left :=", lines)
        rows(out, "param : budget min_grant :=", [f"{sym(d['id'])} {num(d['budget'])} {num(d.get('min_grant', 0))}"
                                                  for d in ds["donors"]])
        out.append("\nend;")
        print("\n".join(out))
        return 0

    years = ds.get("years") or {"first": as_of_day.year, "last": as_of_day.year}
    out.append("# MathProg data for models/coalitions_multiyear.mod, written by tests/my_dat.py")
    out.append("data;\n")
    out.append(f"param as_of := {sym(as_of)};")
    out.append(f"param Y0 := {int(years['first'])};")
    out.append(f"param Y1 := {int(years['last'])};")
    common(ds, out, P)
    for mpl, name, _ in MY_PARAMS:
        out.append(f"param {mpl} := {num(P[name])}; # {name}")
    out.append("")

    needs = ds["needs"]
    rows(out, "param : state area amount secured q :=",
         [f"{sym(n['id'])} {sym(n['state'])} {sym(n['area'])} "
          f"{num(n['amount']) if 'amount' in n else '.'} {num(n.get('secured', 0))} "
          f"{num(evidence(n['evidence']))}" for n in needs])
    dl = [n for n in needs if n.get("deadline")]
    rows(out, "set DEADLINED :=", [sym(n["id"]) for n in dl])
    rows(out, "param deadline :=", [f"{sym(n['id'])} {sym(n['deadline'])}" for n in dl])
    one = [n for n in needs if isinstance(n.get("per_year_max"), (int, float))]
    rows(out, "set PYM_ALL :=", [sym(n["id"]) for n in one])
    rows(out, "param pym_all :=", [f"{sym(n['id'])} {num(n['per_year_max'])}" for n in one])
    by = [(n["id"], int(t), v) for n in needs if isinstance(n.get("per_year_max"), dict)
          for t, v in sorted(n["per_year_max"].items())]
    rows(out, "set PYM :=", [f"({sym(n)}, {t})" for n, t, _ in by])
    rows(out, "param pym :=", [f"{sym(n)} {t} {num(v)}" for n, t, v in by])
    work = [n for n in needs if "work" in n]
    rows(out, "set WORK :=", [sym(n["id"]) for n in work])
    rows(out, "param : remaining unit_cost national :=",
         [f"{sym(n['id'])} {num(n['work']['remaining'])} {num(n['work']['unit_cost'])} "
          f"{num(n['work'].get('national_per_year', 0))}" for n in work])
    capped = [n for n in work if "per_year" in n["work"]]
    rows(out, "set WORK_CAPPED :=", [sym(n["id"]) for n in capped])
    rows(out, "param per_year :=", [f"{sym(n['id'])} {num(n['work']['per_year'])}" for n in capped])
    out.append("")

    donors = ds["donors"]
    rows(out, "param : budget min_grant :=", [f"{sym(d['id'])} {num(d['budget'])} {num(d.get('min_grant', 0))}"
                                              for d in donors])
    bby = [(d["id"], int(t), v) for d in donors for t, v in sorted(d.get("budget_by_year", {}).items())]
    rows(out, "set BBY :=", [f"({sym(d)}, {t})" for d, t, _ in bby])
    rows(out, "param bby :=", [f"{sym(d)} {t} {num(v)}" for d, t, v in bby])
    rows(out, "set CARRY :=", [sym(d["id"]) for d in donors if d.get("carry_over")])
    out.append("\nend;")
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
