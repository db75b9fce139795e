#!/usr/bin/env bash
# tests/t_multiyear_plan.sh: the engine's multi-year plans (MULTIYEAR.md)
# against independent truth: its optimum (--mip-gap 0) equals glpsol's on
# models/coalitions_multiyear.mod, with tests/my_dat.py's data and with the
# engine's own export (--dat, --lp, --mps); tests/plancheck_my.py accepts
# its plans (the deadlines list aside: not the plan's yet); the hand plans'
# allocations and marginal values by year (datasets/multiyear/README.md);
# a one-period dataset given one year reaches the same objective and seats;
# a pledge with a year against glpsol with that constraint added; the
# summary, CSV, workbook, brief, store and diff show the plan's money by
# year (recomputed here from the plan JSON); a store of schema 1 is
# migrated.
. "$(dirname "$0")/lib.sh"
command -v glpsol >/dev/null || { fail "glpsol is not installed (make deps)"; finish; exit 1; }
EXP=tests/data/multiyear_expected.json
PLANS=tests/data/multiyear

# close A B: equal to 1e-6 relative
close() { python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(abs(a - b) > 1e-6 * max(1, abs(b)))' "$1" "$2"; }
# total PLAN: the plan's objective.total
total() { python3 -c 'import json,sys; print(repr(json.load(open(sys.argv[1]))["objective"]["total"]))' "$1"; }

# 1. every multi-year dataset: the engine's proven optimum equals glpsol's
#    on my_dat.py's data and on the engine's export; the checker accepts it
for ds in datasets/multiyear/*.json "$PLANS/multiyear.json" datasets/ccm-2019-2025.json; do
    name=$(basename "$ds" .json)
    plan=$TMP/$name.plan.json
    if ! "$CO" plan "$ds" --no-store -q --mip-gap 0 --json "$plan" 2>"$TMP/err"; then
        fail "$name: plan: $(cat "$TMP/err")"
        continue
    fi
    expect_eq "$name: status" optimal "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["status"])' "$plan")"
    got=$(total "$plan")
    python3 tests/my_dat.py "$ds" >"$TMP/$name.my.dat"
    if ref=$(tests/glpsol_check.sh --multiyear "$TMP/$name.my.dat" 2>"$TMP/err"); then
        close "$got" "$ref" && pass || fail "$name: engine $got != glpsol (my_dat.py) $ref"
    else
        fail "$name: glpsol on my_dat.py: $(tail -3 "$TMP/err")"
    fi
    "$CO" export-model "$ds" --dat "$TMP/$name.dat" --lp "$TMP/$name.lp" --mps "$TMP/$name.mps"
    if own=$(tests/glpsol_check.sh --multiyear "$TMP/$name.dat" 2>"$TMP/err"); then
        close "$own" "$ref" && pass || fail "$name: glpsol on the engine's --dat $own != $ref"
    else
        fail "$name: glpsol on the engine's --dat: $(tail -3 "$TMP/err")"
    fi
    for fmt in lp mps; do
        flag=--lp
        [ $fmt = mps ] && flag="--freemps --max"
        # shellcheck disable=SC2086
        glpsol $flag "$TMP/$name.$fmt" --mipgap 0 -o "$TMP/$name.$fmt.sol" >/dev/null 2>&1
        obj=$(sed -n 's/^Objective: *[^=]*= *\([-0-9.e+]*\).*/\1/p' "$TMP/$name.$fmt.sol")
        [ -n "$obj" ] && close "$obj" "$ref" && pass || fail "$name: glpsol on the engine's --$fmt: '$obj' != $ref"
    done
    r=$(python3 tests/plancheck_my.py "$ds" "$plan" --ref "$ref" --rel 1e-6 | tail -n 1)
    case "$r" in OK*) pass ;; *) fail "$name: plancheck_my: $r" ;; esac
done
expect_eq "ccm-2019-2025: the recorded optimum" 1 \
    "$(python3 -c 'import json,sys
e = json.load(open(sys.argv[1]))["datasets/ccm-2019-2025.json"]["objective"]
p = json.load(open(sys.argv[2]))["objective"]
print(int(abs(p["total"] - e["total"]) <= 1e-6 * e["total"] and p["seats"] == e["seats"]))' "$EXP" "$TMP/ccm-2019-2025.plan.json")"

# the CSV bundle gives the same plan as the JSON file
"$CO" plan "$PLANS/csv" --no-store -q --mip-gap 0 --json "$TMP/csv.plan.json"
python3 - "$TMP/multiyear.plan.json" "$TMP/csv.plan.json" <<'PY' && pass || fail "CSV bundle: not the JSON file's plan"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
for k in ("dataset", "timing"):
    a.pop(k); b.pop(k)
assert a == b, [k for k in a if a[k] != b.get(k)]
PY

# 2. the hand datasets: the allocations of the hand plans (each optimum is
#    unique: datasets/multiyear/README.md), to the cent
for ds in datasets/multiyear/*.json; do
    name=$(basename "$ds" .json)
    python3 - "$TMP/$name.plan.json" "$PLANS/$name.plan.json" <<'PY' && pass || fail "$name: allocations differ from the hand plan"
import json, sys
got, hand = (json.load(open(p)) for p in sys.argv[1:])
key = lambda p: {(a["donor"], a["need"], a["year"]): round(a["amount"] * 100) for a in p["allocations"]}
assert key(got) == key(hand), (sorted(key(got).items()), sorted(key(hand).items()))
assert [a["year"] for a in got["allocations"]] == [a["year"] for a in hand["allocations"]]
PY
done
# marginal values by year (README: spread's 2020 budget binds at 0.9; carry's
# DC: its 2019 and 2020 money goes to 2020 at 0.9, its 2021 money is worth
# 0.81 to 0.9 (the LP is degenerate there), its 2022 money meets the cap)
python3 - "$TMP/spread.plan.json" "$TMP/carry.plan.json" <<'PY' && pass || fail "marginal values by year"
import json, sys
sp, ca = (json.load(open(p)) for p in sys.argv[1:])
mv = lambda p, d: [y["marginal_value"] for y in {x["donor"]: x for x in p["donors"]}[d]["by_year"]]
close = lambda a, b: abs(a - b) <= 1e-9
assert all(map(close, mv(sp, "D1"), [0, 0.9, 0, 0])), mv(sp, "D1")
dc = mv(ca, "DC")
assert close(dc[0], 0.9) and close(dc[1], 0.9) and 0.81 - 1e-9 <= dc[2] <= 0.9 + 1e-9 and close(dc[3], 0), dc
assert all(close(v, 0) for v in mv(ca, "DN")), mv(ca, "DN")
assert all(d["marginal_value"] is None and d["marginal_range"] is None for p in (sp, ca) for d in p["donors"])
PY

# 3. a one-period dataset given years (first = last = the year of as_of)
#    reaches the same objective and seats as without years
for ds in datasets/small/*.json tests/data/base.json datasets/ccm-2018.json; do
    python3 - "$ds" "$TMP/one.json" <<'PY'
import json, sys
ds = json.load(open(sys.argv[1]))
y = int((ds.get("parameters", {}).get("as_of") or ds["as_of"])[:4])
ds["years"] = {"first": y, "last": y}
json.dump(ds, open(sys.argv[2], "w"))
PY
    "$CO" plan "$ds" --no-store -q --mip-gap 0 --json "$TMP/a.json"
    "$CO" plan "$TMP/one.json" --no-store -q --mip-gap 0 --json "$TMP/b.json"
    python3 - "$TMP/a.json" "$TMP/b.json" <<'PY' && pass || fail "$ds: one year differs from one period"
import json, sys
a, b = (json.load(open(p))["objective"] for p in sys.argv[1:])
assert abs(a["total"] - b["total"]) <= 1e-6 * max(1, abs(a["total"])) and a["seats"] == b["seats"], (a, b)
PY
done

# 4. a pledge with a year (whatif): the money of that year, against glpsol
#    on the model with the pledge's row added
cat >"$TMP/sc.json" <<'EOF'
{"scenarios": [{"name": "far State first", "changes": [
  {"op": "pledge", "donor": "D1", "need": "SF-clearance", "amount": 300000, "year": 2019}]}]}
EOF
"$CO" whatif datasets/multiyear/late.json "$TMP/sc.json" -j 1 --mip-gap 0 --json-dir "$TMP/wi" >/dev/null 2>"$TMP/err"
sed 's/^solve;$/s.t. pledge_sf: x["D1", "SF-clearance", 2019] >= 300000;\nsolve;/' \
    models/coalitions_multiyear.mod >"$TMP/pledge.mod"
python3 tests/my_dat.py datasets/multiyear/late.json >"$TMP/late.dat"
pref=$(glpsol --math "$TMP/pledge.mod" --data "$TMP/late.dat" --mipgap 0 | sed -n 's/^OBJECTIVE //p')
splan=$(ls "$TMP"/wi/*.json 2>/dev/null | grep -v -e comparison -e baseline | head -n 1)
if [ -n "$pref" ] && [ -n "$splan" ]; then
    close "$(total "$splan")" "$pref" && pass || fail "pledge in 2019: $(total "$splan") != glpsol $pref"
    python3 - "$splan" <<'PY' && pass || fail "pledge in 2019: not kept in its year"
import json, sys
p = json.load(open(sys.argv[1]))
got = sum(a["amount"] for a in p["allocations"]
          if a["donor"] == "D1" and a["need"] == "SF-clearance" and a["year"] == 2019)
assert got >= 300000 - 0.005, got
PY
else
    fail "pledge in 2019: no scenario plan or glpsol optimum ($(cat "$TMP/err"))"
fi

# 5. the outputs of a multi-year plan, against its plan JSON
P=$TMP/work.plan.json
"$CO" plan datasets/multiyear/work.json --no-store --mip-gap 0 --csv "$TMP/csv" --xlsx "$TMP/w.xlsx" \
    >"$TMP/summary.txt"
"$CO" brief "$P" --md "$TMP/w.md" --html "$TMP/w.html"
python3 - "$P" "$TMP/summary.txt" "$TMP/csv/allocations.csv" "$TMP/w.md" <<'PY' && pass || fail "summary, CSV and brief: money by year"
import csv, json, sys
p = json.load(open(sys.argv[1]))
summary, md = open(sys.argv[2]).read(), open(sys.argv[4]).read()
years = list(range(p["years"]["first"], p["years"]["last"] + 1))
fmt = lambda v: f"{round(v):,}"
assert f", years {years[0]}-{years[-1]}\n" in summary.splitlines(True)[0]
for c in p["coalitions"]:
    by = {t: sum(a["amount"] for a in p["allocations"] if a["state"] == c["state"] and a["year"] == t)
          for t in years}
    line = "  funding by year: " + "; ".join(f"{t} {fmt(by[t])}" for t in years)
    assert line + "\n" in summary, line
    row = "| All members | " + " | ".join(f"USD {fmt(by[t])}" for t in years) + \
          f" | USD {fmt(sum(by.values()))} |"
    assert row in md, row
for d in p["donors"]:
    line = "    allocated by year: " + "; ".join(f"{y['year']} {fmt(y['allocated'])}" for y in d["by_year"])
    assert line + "\n" in summary, line
rows = list(csv.DictReader(open(sys.argv[3], newline="", encoding="utf-8-sig")))
assert list(rows[0].keys())[:6] == ["state", "iso3", "need", "donor", "year", "area"], rows[0].keys()
assert [(r["donor"], r["need"], int(r["year"]), float(r["amount"])) for r in rows] == \
       [(a["donor"], a["need"], a["year"], a["amount"]) for a in p["allocations"]]
PY
python3 tests/xlsxread.py "$TMP/w.xlsx" >"$TMP/w.xlsx.json"
python3 - "$P" "$TMP/w.xlsx.json" <<'PY' && pass || fail "workbook: Funding by year and years"
import json, sys
p, wb = (json.load(open(f)) for f in sys.argv[1:])
years = list(range(p["years"]["first"], p["years"]["last"] + 1))
sheet = wb["Funding by year"]
assert sheet[0] == ["state", "iso3", "donor"] + [str(t) for t in years] + ["total"], sheet[0]
want = []
for c in p["coalitions"]:
    for donor in [m["donor"] for m in c["members"]] + [None] if c["members"] else []:
        by = [sum(a["amount"] for a in p["allocations"] if a["state"] == c["state"] and a["year"] == t
                  and (donor is None or a["donor"] == donor)) for t in years]
        want.append([c["state"], donor or "all donors"] + by + [sum(by)])
got = [[r[0], r[2]] + r[3:] for r in sheet[1:]]
assert got == want, (got, want)
alloc = wb["Allocations"]
assert alloc[0][4] == "year" and [int(r[4]) for r in alloc[1:]] == [a["year"] for a in p["allocations"]]
nby = [[r[0], int(r[2]), r[3], r[4], r[5]] for r in wb["Needs by year"][1:]]
assert nby == [[n["need"], y["year"], y["allocated"], y["units_done"], y["units_left"]]
               for n in p["needs"] for y in n["by_year"]], nby
PY
# units by year of work.json's needs: the README's milestones
python3 - "$P" <<'PY' && pass || fail "units done and left by year (datasets/multiyear/README.md)"
import json, sys
n = {x["need"]: x["by_year"] for x in json.load(open(sys.argv[1]))["needs"]}
units = lambda k, f: [round(y[f], 6) for y in n[k]]
assert units("SW-clearance", "units_done") == [300000, 300000, 300000, 50000, 50000]
assert units("SW-clearance", "units_left") == [700000, 400000, 100000, 50000, 0]
assert units("SK-stockpile", "units_done") == [6000, 6000, 4000, 2000, 2000]
assert units("SK-stockpile", "units_left") == [14000, 8000, 4000, 2000, 0]
PY
# one-period outputs keep no year (the golden files pin their bytes)
"$CO" plan datasets/small/tiny.json --no-store -q --json "$TMP/tiny.json" --csv "$TMP/tcsv"
expect_eq "one period: no years in the plan" 0 "$(grep -c '"year' "$TMP/tiny.json")"
expect_eq "one period: allocations.csv header" "state,iso3,need,donor,area,purpose_code,amount,weight" \
    "$(head -n 1 "$TMP/tcsv/allocations.csv" | tr -d '\r' | sed 's/^\xef\xbb\xbf//')"

# 6. the store: allocations by year, the plan read back byte for byte,
#    diff by year; a store of schema 1 is migrated
DB=$TMP/my.db
"$CO" plan datasets/multiyear/late.json --db "$DB" -q --json "$TMP/l1.json"
"$CO" plan datasets/multiyear/late.json --db "$DB" -q --set late_factor=1 --set year_discount=0 --json "$TMP/l2.json"
"$CO" show 1 --db "$DB" --json "$TMP/show1.json" >/dev/null
expect_file_same "show: the multi-year plan byte for byte" "$TMP/l1.json" "$TMP/show1.json"
python3 - "$TMP/l1.json" >"$TMP/alloc.exp" <<'PY'
import json, sys
for a in json.load(open(sys.argv[1]))["allocations"]:
    print("%s|%s|%d|%d" % (a["donor"], a["need"], a["year"], round(a["amount"] * 100)))
PY
sqlite3 "$DB" "SELECT donor, need, year, amount_cents FROM allocations WHERE run = 1 ORDER BY state, need, donor, year" >"$TMP/alloc.got"
expect_file_same "stored allocations by year" "$TMP/alloc.exp" "$TMP/alloc.got"
expect_eq "stored donor years" 3 "$(sqlite3 "$DB" "SELECT count(*) FROM donor_years WHERE run = 1")"
"$CO" diff 1 2 --db "$DB" >"$TMP/diff.txt"
python3 - "$TMP/l1.json" "$TMP/l2.json" "$TMP/diff.txt" <<'PY' && pass || fail "diff: allocations by year"
import json, sys
a, b = ({(x["donor"], x["need"], x["year"]): round(x["amount"] * 100) for x in json.load(open(p))["allocations"]}
        for p in sys.argv[1:3])
lines = [l for l in open(sys.argv[3]) if l.startswith("allocation ")]
want = sorted(k for k in set(a) | set(b) if a.get(k, 0) != b.get(k, 0))
got = sorted((l.split()[1], l.split()[3], int(l.split()[5].rstrip(":"))) for l in lines)
assert got == want and want, (got, want)
PY
# schema 1: the store as the engine wrote it before multi-year plans
DB1=$TMP/v1.db
"$CO" plan datasets/small/tiny.json --db "$DB1" -q
sqlite3 "$DB1" <<'SQL'
CREATE TABLE a1 (run INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
  donor TEXT NOT NULL, need TEXT NOT NULL, state TEXT NOT NULL, area TEXT NOT NULL,
  amount_cents INTEGER NOT NULL, weight REAL NOT NULL, PRIMARY KEY (run, need, donor));
INSERT INTO a1 SELECT run, donor, need, state, area, amount_cents, weight FROM allocations;
DROP TABLE allocations; ALTER TABLE a1 RENAME TO allocations;
DROP TABLE donor_years; DROP TABLE need_years; PRAGMA user_version = 1;
SQL
before=$(sqlite3 "$DB1" "SELECT donor, need, amount_cents FROM allocations ORDER BY need, donor")
expect_exit "schema 1: a multi-year plan recorded" 0 "$CO" plan datasets/multiyear/work.json --db "$DB1" -q
expect_eq "schema 1: migrated" 2 "$(sqlite3 "$DB1" 'PRAGMA user_version')"
expect_eq "schema 1: the old run's allocations kept, year 0" "$before" \
    "$(sqlite3 "$DB1" "SELECT donor, need, amount_cents FROM allocations WHERE run = 1 AND year = 0 ORDER BY need, donor")"
expect_eq "schema 1: the new run by year" 8 "$(sqlite3 "$DB1" "SELECT count(*) FROM allocations WHERE run = 2 AND year > 0")"
expect_eq "schema 1: foreign keys hold" "" "$(sqlite3 "$DB1" 'PRAGMA foreign_key_check')"

# 7. byte-identical reruns of a multi-year plan
"$CO" plan datasets/ccm-2019-2025.json --no-store -q --json "$TMP/r1.json" --time-limit 30
"$CO" plan datasets/ccm-2019-2025.json --no-store -q --json "$TMP/r2.json" --time-limit 30
sed -E '/"[a-z_]*_s":/d' "$TMP/r1.json" >"$TMP/r1.s"
sed -E '/"[a-z_]*_s":/d' "$TMP/r2.json" >"$TMP/r2.s"
expect_file_same "ccm-2019-2025: the same plan twice" "$TMP/r1.s" "$TMP/r2.s"

# 7b. a pledge in a year its need can absorb nothing says why: SW-clearance
#     can take 300,000 m2 x 2 USD = 600,000 a year, of which the State's own
#     100,000 and, once its secured money is raised to 500,000 (spent first,
#     in 2019), all the rest in 2019
cat >"$TMP/sc2.json" <<'EOF'
{"scenarios": [{"name": "no room in 2019", "changes": [
  {"op": "set", "path": "needs.SW-clearance.secured", "value": 500000},
  {"op": "pledge", "donor": "D1", "need": "SW-clearance", "amount": 1000, "year": 2019}]}]}
EOF
"$CO" whatif datasets/multiyear/work.json "$TMP/sc2.json" -j 1 --no-store >/dev/null 2>"$TMP/err"
grep -qxF "$TMP/sc2.json: scenario 'no room in 2019': changes[1]: pledge of donor 'D1' to need 'SW-clearance' in 2019 is not possible: the need can absorb none that year (its capacity 600000 is taken by the State's own 100000 and secured 500000)" "$TMP/err" &&
    pass || fail "pledge in a year without room: $(cat "$TMP/err")"

# 8. a dual zero up to the solver's tolerance prints as 0.0000, never
#    -0.0000 (without late money and with dear seats, several years' budget
#    rows are slack)
"$CO" plan datasets/ccm-2019-2025.json --no-store --set late_factor=0 \
    --set coordination_cost=3000000 >"$TMP/neg.txt" 2>&1
grep -q "+1 USD by year: .* 0\.0000" "$TMP/neg.txt" && pass || fail "no zero marginal value to print"
if grep -q -- "-0\.0000" "$TMP/neg.txt"; then fail "-0.0000 printed: $(grep -m1 -- -0.0000 "$TMP/neg.txt")"; else pass; fi
finish
