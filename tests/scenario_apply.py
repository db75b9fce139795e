#!/usr/bin/env python3
"""tests/scenario_apply.py: applies one scenario to a dataset, independently
of the engine's code (written from FORMATS.md "Scenarios" and docs/WHATIF.md).

usage: scenario_apply.py DATASET.json SCENARIOS.json NAME OUT_DATASET.json OUT_RULES.json

Writes the scenario's dataset (the base with the scenario's changes applied
in order) and its rules as {"force": [[donor, state]], "lead": [[donor,
state]], "forbid": [[donor, state]], "pledge": [[donor, need, amount]]},
the input of tests/plancheck.py --rules. Only valid scenarios are handled:
a change this helper does not understand stops it with a message.
"""
import json
import sys

# the model's parameter defaults (MODEL.md), for `scale` of a parameter
# that the dataset does not give
DEFAULTS = {"horizon_days": 1095, "urgency_weight": 2.0, "expertise_share": 0.5,
            "min_expertise": 0.0, "priority_bonus": 0.25, "coordination_cost": 100000,
            "max_coalition_size": 5, "coverage_floor": 0.0, "shortfall_penalty": 4.0,
            "stability_weight": 0.0}
LISTS = ("areas", "states", "donors", "needs")
STATE_LISTS = ("excluded_states", "priority_states")


def items(ds, lst, ident):
    if ident == "*":
        return list(ds[lst])
    hit = [x for x in ds[lst] if x["id"] == ident]
    if not hit:
        sys.exit(f"unknown id {lst}.{ident}")
    return hit


def remove_state(ds, sid):
    ds["states"] = [s for s in ds["states"] if s["id"] != sid]
    ds["needs"] = [n for n in ds["needs"] if n["state"] != sid]
    for d in ds["donors"]:
        for f in STATE_LISTS:
            if f in d:
                d[f] = [s for s in d[f] if s != sid]


def remove_area(ds, aid):
    ds["areas"] = [a for a in ds["areas"] if a["id"] != aid]
    ds["needs"] = [n for n in ds["needs"] if n["area"] != aid]
    for d in ds["donors"]:
        for f in ("expertise", "area_budget"):
            d.get(f, {}).pop(aid, None)


def apply(ds, ch, rules):
    op = ch["op"]
    if op in ("force", "lead", "forbid"):
        rules[op].append([ch["donor"], ch["state"]])
        return
    if op == "pledge":
        rules["pledge"].append([ch["donor"], ch["need"], float(ch["amount"])])
        return
    parts = ch["path"].split(".")
    if parts[0] == "parameters":
        par = ds.setdefault("parameters", {})
        name = parts[1]
        if op == "set":
            par[name] = ch["value"]
        elif op == "scale":
            par[name] = par.get(name, DEFAULTS[name]) * ch["factor"]
        elif op == "remove":
            par.pop(name, None)
        else:
            sys.exit(f"{op} of a parameter")
        return
    lst = parts[0]
    if lst not in LISTS:
        sys.exit(f"unknown list {lst}")
    if op == "add":
        if len(parts) == 1:
            ds[lst].append(json.loads(json.dumps(ch["value"])))
        else:  # donors.ID.excluded_states / priority_states
            for d in items(ds, lst, parts[1]):
                lst2 = d.setdefault(parts[2], [])
                if ch["value"] not in lst2:
                    lst2.append(ch["value"])
        return
    if op == "remove" and len(parts) == 2:
        for x in items(ds, lst, parts[1]):
            if lst == "states":
                remove_state(ds, x["id"])
            elif lst == "areas":
                remove_area(ds, x["id"])
            else:
                ds[lst] = [y for y in ds[lst] if y["id"] != x["id"]]
        return
    field = parts[2]
    key = parts[3] if len(parts) > 3 else None
    for x in items(ds, lst, parts[1]):
        if op == "set":
            if key is None:
                x[field] = ch["value"]
            else:
                x.setdefault(field, {})[key] = ch["value"]
        elif op == "scale":
            if key is None:
                if field in x:
                    x[field] = x[field] * ch["factor"]
            elif key in x.get(field, {}):
                x[field][key] = x[field][key] * ch["factor"]
        elif op == "remove":
            if key is None:
                x.pop(field, None)
            elif field in STATE_LISTS:
                x[field] = [s for s in x.get(field, []) if s != key]
            else:
                x.get(field, {}).pop(key, None)
        else:
            sys.exit(f"unknown op {op}")


def main(argv):
    ds_path, sc_path, name, out_ds, out_rules = argv
    ds = json.load(open(ds_path))
    sc = [s for s in json.load(open(sc_path))["scenarios"] if s["name"] == name]
    if len(sc) != 1:
        sys.exit(f"no scenario named {name!r}")
    rules = {"force": [], "lead": [], "forbid": [], "pledge": []}
    for ch in sc[0]["changes"]:
        apply(ds, ch, rules)
    with open(out_ds, "w") as f:
        json.dump(ds, f, indent=1)
    with open(out_rules, "w") as f:
        json.dump(rules, f, indent=1)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
