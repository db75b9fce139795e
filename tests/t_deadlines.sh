#!/usr/bin/env bash
# The deadline analysis (docs/DEADLINES.md, MULTIYEAR.md "Deadline
# analysis") against independent truth: `coalitions deadlines` on each of
# datasets/multiyear gives, field by field, the hand values of
# datasets/multiyear/README.md (tests/data/multiyear_expected.json), with
# the hand plans also the plan's fields; it equals tests/plancheck_my.py
# --analysis (exact max-flows in cents, and MULTIYEAR.md's LPs in glpsol)
# on those and on datasets/ccm-2019-2025.json, whose verdicts are also
# those recorded in datasets/README.md; the output is the same for any -j;
# --need picks needs; bad input gets its message and exit code; and a
# plan's deadlines list is accepted by plancheck_my.py.
. "$(dirname "$0")/lib.sh"
EXP=tests/data/multiyear_expected.json

# fields FILE DATASET [plan]: one line per (need, field) of the expected
# analysis (and, with plan, the plan's fields): "ok ..." or "bad ..."
fields() {
    python3 - "$1" "$EXP" "$2" "${3:-}" <<'PY'
import json, sys
got = {e["need"]: e for e in json.load(open(sys.argv[1]))["deadlines"]}
want = json.load(open(sys.argv[2]))[sys.argv[3]]["needs"]
plan_fields = {"placed_by_deadline", "completion_year", "on_time"}
def same(a, b):
    if isinstance(a, bool) or isinstance(b, bool) or a is None or b is None:
        return a is b
    if isinstance(a, (int, float)) and isinstance(b, (int, float)):
        return abs(a - b) <= 0.005
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict) and isinstance(b, dict):
        if "gap" in a and "gap" not in b:  # gap_by_year's alias of amount
            a = dict(a)
            if not same(a.pop("gap"), a.get("amount")):
                return False
        return a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    return a == b
print(("ok" if sorted(got) == sorted(want) else "bad") + f" needs {sorted(got)} / {sorted(want)}")
for nid, w in sorted(want.items()):
    for k, v in w.items():
        if k in plan_fields and not sys.argv[4]:
            print(("bad" if k in got.get(nid, {}) else "ok") + f" {nid}.{k} left out without a plan")
            continue
        g = got.get(nid, {}).get(k, "missing")
        print(("ok" if same(g, v) else "bad") + f" {nid}.{k}: got {g!r}, expected {v!r}")
PY
}

# count OUTPUT: a pass per "ok" line, a fail per "bad" line
count() {
    while IFS= read -r line; do
        case "$line" in ok*) pass ;; *) fail "$1: ${line#bad }" ;; esac
    done <"$2"
}

# same_analysis WHAT ENGINE.json FLOW.json: the engine's analysis equals
# plancheck_my.py's, every field to a cent
same_analysis() {
    python3 - "$2" "$3" <<'PY' >"$TMP/same" 2>&1 && pass || fail "$1: $(head -c 600 "$TMP/same")"
import json, sys
got = {e["need"]: e for e in json.load(open(sys.argv[1]))["deadlines"]}
ref = json.load(open(sys.argv[2]))
bad = [] if sorted(got) == sorted(ref) else [f"needs {sorted(got)} != {sorted(ref)}"]
for nid in sorted(set(got) & set(ref)):
    for k, v in ref[nid].items():
        g = got[nid].get(k, "missing")
        if isinstance(v, list):
            ok = isinstance(g, list) and [x["year"] for x in g] == [x["year"] for x in v] and \
                all(abs(x["amount"] - y["amount"]) <= 0.005 for x, y in zip(g, v))
        elif isinstance(v, float) and not isinstance(g, bool) and isinstance(g, (int, float)):
            ok = abs(g - v) <= 0.005
        else:
            ok = g == v and type(g) is type(v) or (isinstance(v, (int, float)) and g == v)
        if not ok:
            bad.append(f"{nid}.{k}: {g!r} != {v!r}")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
}

# 1. the hand values, field by field; with the hand plans, the plan's too
for ds in datasets/multiyear/*.json; do
    name=$(basename "$ds" .json)
    if "$CO" deadlines "$ds" --json "$TMP/$name.json" -q 2>"$TMP/err"; then
        fields "$TMP/$name.json" "$ds" >"$TMP/f"
        count "$name" "$TMP/f"
    else
        fail "$name: deadlines: $(cat "$TMP/err")"
    fi
    # the hand plan, with the dataset's sha256 (hand plans leave it null)
    python3 - "$ds" "tests/data/multiyear/$name.plan.json" "$TMP/$name.plan.json" <<'PY'
import hashlib, json, sys
p = json.load(open(sys.argv[2]))
p["dataset"]["sha256"] = hashlib.sha256(open(sys.argv[1], "rb").read()).hexdigest()
json.dump(p, open(sys.argv[3], "w"))
PY
    if "$CO" deadlines "$ds" --plan "$TMP/$name.plan.json" --json "$TMP/$name.p.json" -q 2>"$TMP/err"; then
        fields "$TMP/$name.p.json" "$ds" plan >"$TMP/f"
        count "$name with its plan" "$TMP/f"
    else
        fail "$name --plan: $(cat "$TMP/err")"
    fi
done

# 2. the same as plancheck_my.py --analysis, by max-flows and by glpsol
for ds in datasets/multiyear/*.json datasets/ccm-2019-2025.json; do
    name=$(basename "$ds" .json)
    "$CO" deadlines "$ds" --json "$TMP/e.json" -q 2>"$TMP/err" || { fail "$name: $(cat "$TMP/err")"; continue; }
    for method in "" --glpsol; do
        if python3 tests/plancheck_my.py "$ds" --analysis $method >"$TMP/ref.json" 2>"$TMP/err"; then
            same_analysis "$name vs plancheck_my ${method:---flow}" "$TMP/e.json" "$TMP/ref.json"
        else
            fail "$name: plancheck_my ${method:---flow}: $(tail -3 "$TMP/err")"
        fi
    done
done

# 2b. in the plan: the deadlines list of each multi-year plan is accepted
#     by plancheck_my.py (which recomputes it, the plan's part from its
#     allocations) and equals MULTIYEAR.md's LPs in glpsol; the summary,
#     deadlines.csv and the workbook's Deadlines sheet carry it
for ds in datasets/multiyear/*.json datasets/ccm-2019-2025.json; do
    name=$(basename "$ds" .json)
    if ! "$CO" plan "$ds" --no-store --json "$TMP/p.json" --csv "$TMP/pcsv" --xlsx "$TMP/p.xlsx" \
        >"$TMP/p.txt" 2>"$TMP/err"; then
        fail "$name: plan: $(cat "$TMP/err")"
        continue
    fi
    r=$(python3 tests/plancheck_my.py "$ds" "$TMP/p.json" | tail -n 1)
    case "$r" in OK*) pass ;; *) fail "$name: the plan's deadlines: plancheck_my: $r" ;; esac
    python3 tests/plancheck_my.py "$ds" --analysis --glpsol >"$TMP/ref.json" 2>"$TMP/err" &&
        same_analysis "$name: the plan's deadlines vs glpsol" "$TMP/p.json" "$TMP/ref.json" ||
        fail "$name: plancheck_my --glpsol: $(tail -3 "$TMP/err")"
    python3 - "$TMP/p.json" "$TMP/p.txt" "$TMP/pcsv/deadlines.csv" "$TMP/p.xlsx" <<'PY' && pass || fail "$name: the plan's outputs do not carry the analysis"
import csv, json, sys
sys.path.insert(0, "tests")
import xlsxread
dl = json.load(open(sys.argv[1]))["deadlines"]
text = open(sys.argv[2]).read()
rows = list(csv.DictReader(open(sys.argv[3], newline="", encoding="utf-8-sig")))
sheet = dict(xlsxread.read(sys.argv[4]))["Deadlines"]
assert "\nDeadlines (%d obligation" % len(dl) in text
assert [r["need"] for r in rows] == [e["need"] for e in dl]
assert [r[0].value if hasattr(r[0], "value") else r[0] for r in sheet[1:]] == [e["need"] for e in dl]
for e, r in zip(dl, rows):
    assert text.count("  " + e["need"] + ": ") == 1, e["need"]
    assert r["extension_check"] == (e["extension_check"] or "")
    assert r["completion_year"] == str(e["completion_year"] or "")
    assert abs(float(r["best_case_by_deadline"]) - e["best_case_by_deadline"]) < 0.005
    for g in e["gap_by_year"]:
        assert abs(float(r["gap_%d" % g["year"]]) - g["amount"]) < 0.005
    # money with cents, as every money column; the verdict line as the summary's
    assert r["required_by_deadline"] == "%.2f" % e["required_by_deadline"], r["required_by_deadline"]
    assert r["verdict"].startswith(e["need"] + ": ") and ("  " + r["verdict"] + "\n") in text, r["verdict"]
PY
done

# 2c. diff: two runs of extensions.json, the second with E2's request
#     moved to 2024 (fits -> longer_than_needed) and E4's capacity raised
#     to 800,000 a year (earliest 2024 -> 2022: too_short -> fits; D1's
#     3,500,000 a year covers every need's yearly cap, 3,300,000, so the
#     plan gives E4 800,000 a year too and completes it in 2022: 3,200,000
#     >= 3,000,000; placed by its deadline year 2020: 2 x 500,000 -> 2 x
#     800,000)
python3 - datasets/multiyear/extensions.json "$TMP/ext2.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for n in d["needs"]:
    if n["id"] == "E2-clearance":
        n["requested_deadline"] = "2024-08-01"
    if n["id"] == "E4-clearance":
        n["per_year_max"] = 800000
json.dump(d, open(sys.argv[2], "w"))
PY
export COALITIONS_DB="$TMP/diff.db"
"$CO" plan datasets/multiyear/extensions.json -q --csv "$TMP/run1" 2>/dev/null &&
    "$CO" plan "$TMP/ext2.json" -q 2>/dev/null || fail "diff: the runs were not stored"
# the store keeps deadlines.csv: export gives it back as plan wrote it
"$CO" export 1 --csv "$TMP/export1" 2>"$TMP/err" || fail "export: $(cat "$TMP/err")"
expect_file_same "export: deadlines.csv" "$TMP/run1/deadlines.csv" "$TMP/export1/deadlines.csv"
"$CO" diff 1 2 --json "$TMP/d.json" >"$TMP/d.txt" 2>"$TMP/err" || fail "diff: $(cat "$TMP/err")"
grep -qxF "deadline E2-clearance: extension check fits -> longer_than_needed" "$TMP/d.txt" &&
    pass || fail "diff: E2's verdict: $(grep E2 "$TMP/d.txt")"
grep -qxF "deadline E4-clearance: placed by the deadline 1,000,000 -> 1,600,000 (+600,000); completion 2024 -> 2022; earliest completion 2024 -> 2022; extension check too_short -> fits" "$TMP/d.txt" &&
    pass || fail "diff: E4's line: $(grep 'deadline E4' "$TMP/d.txt")"
python3 - "$TMP/d.json" <<'PY' && pass || fail "diff: the JSON's deadlines"
import json, sys
d = {x["need"]: x for x in json.load(open(sys.argv[1]))["deadlines"]}
assert sorted(d) == ["E2-clearance", "E4-clearance"], sorted(d)
assert d["E2-clearance"]["extension_check"] == {"from": "fits", "to": "longer_than_needed"}
assert d["E4-clearance"]["earliest_completion_year"] == {"from": 2024, "to": 2022}
PY
"$CO" diff 1 1 >"$TMP/d.txt" 2>&1
grep -qxF "deadlines: no changes" "$TMP/d.txt" && pass || fail "diff of a run with itself: $(cat "$TMP/d.txt")"
export COALITIONS_DB="$TMP/default.db"

# 3. ccm-2019-2025: the verdicts recorded in datasets/README.md ("Deadline
#    analysis" of the reference optimum): deadline year, earliest
#    completion (null: after 2025), capacity limited, capacity missing in
#    USD to 10,000 and in units to 1, the extension check; every gap 0
"$CO" deadlines datasets/ccm-2019-2025.json --json "$TMP/ccm.json" >"$TMP/ccm.txt" 2>"$TMP/err" ||
    fail "ccm-2019-2025: $(cat "$TMP/err")"
python3 - "$TMP/ccm.json" <<'PY' >"$TMP/f"
import json, sys
got = {e["need"]: e for e in json.load(open(sys.argv[1]))["deadlines"]}
# need: Y*, best case by Y* (USD, to 10,000), earliest, capacity missing (USD to 10,000; units), check
readme = {
    "LAO-clearance": (2020, 62.76e6, None, 533.6e6, 711e6, "too_short"),
    "DEU-clearance": (2020, 0, None, 65.4e6, 10.1e6, "too_short"),
    "BGR-stockpile": (2019, 0, 2022, 1.26e6, 126349, "too_short"),
    "MNE-clearance": (2020, 2.10e6, 2020, 0, 0, None),
    "BIH-clearance": (2020, 2.73e6, 2020, 0, 0, None),
    "LBN-clearance": (2020, 6.80e6, None, 27.6e6, 13.8e6, None),
    "CHL-clearance": (2020, 0, None, 4.64e6, 92.9e6, None),
    "PER-stockpile": (2020, 1.00e6, 2022, 0.62e6, 62417, None),
    "AFG-clearance": (2021, 2.31e6, 2025, 2.70e6, 3.51e6, None),
    "IRQ-clearance": (2023, 31.25e6, None, 68.75e6, 137.5e6, None),
    "IRQ-clearance-krg": (2023, 1.21e6, 2021, 0, 0, None),
    "TCD-clearance": (2023, 1.40e6, 2024, 0.40e6, None, None),
    "GNB-stockpile": (2019, 0.20e6, 2019, 0, None, None),
    "SOM-clearance": (2025, 2.00e6, 2025, 0, None, None),
}
def near(a, b, tol):
    return a is not None and abs(a - b) <= tol * max(1.0, abs(b))
print(("ok" if sorted(got) == sorted(readme) else "bad") + f" needs {sorted(got)}")
for nid, (ys, bc, early, miss, units, check) in readme.items():
    e = got.get(nid, {})
    due = e.get("deadline_year") if not e.get("overdue") else e.get("gap_by_year", [{}])[0].get("year")
    print(("ok" if due == ys else "bad") + f" {nid} Y* {due} != {ys}")
    print(("ok" if e.get("best_case_by_deadline") is not None and abs(e["best_case_by_deadline"] - bc) <= 5000 else "bad") + f" {nid} best case {e.get('best_case_by_deadline')} != {bc}")
    print(("ok" if e.get("earliest_completion_year") == early else "bad") + f" {nid} earliest {e.get('earliest_completion_year')} != {early}")
    print(("ok" if e.get("capacity_limited") == (miss > 0) else "bad") + f" {nid} capacity_limited {e.get('capacity_limited')}")
    print(("ok" if abs(e.get("capacity_missing", -1) - miss) <= 0.005 * max(miss, 1e6) else "bad") + f" {nid} capacity missing {e.get('capacity_missing')} != {miss}")
    if units is not None:
        print(("ok" if near(e.get("capacity_missing_units"), units, 0.005) else "bad") + f" {nid} units {e.get('capacity_missing_units')} != {units}")
    print(("ok" if e.get("extension_check") == check else "bad") + f" {nid} check {e.get('extension_check')} != {check}")
    print(("ok" if all(g["amount"] == 0 for g in e.get("gap_by_year", [])) else "bad") + f" {nid} gaps {e.get('gap_by_year')}")
PY
count "ccm-2019-2025 vs datasets/README.md" "$TMP/f"
# the delegate's line for Lao PDR
grep -qxF "  LAO-clearance: cannot finish by 2020-08-01 even at best (capacity: 800,000,000 m2 left, at most 44,280,000 m2 a year); no completion within the plan's years; requested 2025-08-01: too short" "$TMP/ccm.txt" &&
    pass || fail "ccm-2019-2025: LAO-clearance's verdict line: $(grep LAO-clearance "$TMP/ccm.txt")"

# 4. the same output for any -j: JSON, CSV and text
for ds in datasets/ccm-2019-2025.json datasets/multiyear/extensions.json; do
    name=$(basename "$ds" .json)
    for j in 1 2 3; do
        "$CO" deadlines "$ds" -j $j --json "$TMP/j$j.json" --csv "$TMP/c$j" >"$TMP/j$j.txt" 2>"$TMP/err" ||
            fail "$name -j $j: $(cat "$TMP/err")"
    done
    for j in 2 3; do
        expect_file_same "$name: -j $j JSON" "$TMP/j1.json" "$TMP/j$j.json"
        expect_file_same "$name: -j $j text" "$TMP/j1.txt" "$TMP/j$j.txt"
        expect_file_same "$name: -j $j CSV" "$TMP/c1/deadlines.csv" "$TMP/c$j/deadlines.csv"
    done
done

# 4b. deadlines --csv writes the file plan --csv writes (byte-order mark
#     and all) for the same plan
"$CO" plan datasets/multiyear/extensions.json --no-store -q --json "$TMP/ep.json" --csv "$TMP/epc" &&
    "$CO" deadlines datasets/multiyear/extensions.json --plan "$TMP/ep.json" --csv "$TMP/edc" -q ||
    fail "deadlines --plan --csv: did not run"
expect_file_same "deadlines --csv: the plan's deadlines.csv" "$TMP/epc/deadlines.csv" "$TMP/edc/deadlines.csv"

# 5. --need: exactly the needs named, in id order, each as in the full run
"$CO" deadlines datasets/multiyear/extensions.json --need E4-clearance --need E1-clearance -j 2 \
    --json "$TMP/two.json" -q 2>"$TMP/err" || fail "--need: $(cat "$TMP/err")"
"$CO" deadlines datasets/multiyear/extensions.json --json "$TMP/all.json" -q
python3 - "$TMP/two.json" "$TMP/all.json" <<'PY' && pass || fail "--need: the needs picked differ"
import json, sys
two = json.load(open(sys.argv[1]))["deadlines"]
full = {e["need"]: e for e in json.load(open(sys.argv[2]))["deadlines"]}
assert [e["need"] for e in two] == ["E1-clearance", "E4-clearance"], [e["need"] for e in two]
assert all(e == full[e["need"]] for e in two)
PY

# 6. bad input: message and exit code
# expect_msg WHAT CODE MESSAGE COMMAND...: exit code, stderr exactly MESSAGE
expect_msg() {
    local what=$1 code=$2 msg=$3
    shift 3
    "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    expect_eq "$what: exit" "$code" "$got"
    expect_eq "$what: message" "$msg" "$(cat "$TMP/err")"
    [ ! -s "$TMP/out" ] && pass || fail "$what: wrote to stdout"
}
E=datasets/multiyear/extensions.json
expect_msg "unknown need" 2 \
    "$E: --need: unknown need, got 'E7-clearance' (did you mean 'E1-clearance'?)" \
    "$CO" deadlines "$E" --need E7-clearance
expect_msg "need without a deadline" 2 \
    "datasets/multiyear/carry.json: --need: the need has no deadline (nothing to analyse), got 'SB-clearance'" \
    "$CO" deadlines datasets/multiyear/carry.json --need SB-clearance
expect_msg "need due after the years" 2 \
    "datasets/multiyear/late.json: --need: the need is due after the dataset's years (its deadline 2023-08-01 counts in 2023, the years are 2019-2021), got 'SF-clearance'" \
    "$CO" deadlines datasets/multiyear/late.json --need SF-clearance
expect_msg "dataset without years" 3 \
    "datasets/small/tiny.json: years: missing: the deadline analysis needs a multi-year dataset (\"years\": {\"first\": ..., \"last\": ...}, docs/MULTIYEAR.md)" \
    "$CO" deadlines datasets/small/tiny.json
sha=$(sha256sum "$E" | cut -c1-12)
expect_msg "plan of another dataset" 3 \
    "$TMP/work.plan.json: dataset.sha256: the plan is not of $E (sha256 $sha...), got '$(sha256sum datasets/multiyear/work.json | cut -c1-60)...'" \
    "$CO" deadlines "$E" --plan "$TMP/work.plan.json"
expect_msg "plan file missing" 5 "$TMP/none.json: cannot read: No such file or directory" \
    "$CO" deadlines "$E" --plan "$TMP/none.json"
expect_msg "bad -j" 2 "coalitions deadlines: --jobs: must be a whole number from 1 to 64, got '0'
Try 'coalitions deadlines --help'." "$CO" deadlines "$E" -j 0
expect_msg "no dataset" 2 "coalitions deadlines: missing DATASET
Try 'coalitions deadlines --help'." "$CO" deadlines
# MULTIYEAR.md "Years": first >= year(as_of), for an as_of given by --set too
expect_msg "--set as_of after the years' start" 2 \
    "--set: as_of: must not be after the start of $E's years (2019), got '2020-03-01'" \
    "$CO" deadlines "$E" --set as_of=2020-03-01
expect_msg "plan --set as_of after the years' start" 2 \
    "--set: as_of: must not be after the start of $E's years (2019), got '2020-03-01'" \
    "$CO" plan "$E" --no-store --set as_of=2020-03-01
expect_exit "--set as_of in the first year" 0 "$CO" deadlines "$E" -q --set as_of=2019-12-31
# per_year_max by year beside work: the message points at per_year_max.csv
"$CO" convert datasets/multiyear/work.json --csv "$TMP/wcsv" >/dev/null 2>&1 || fail "convert work.json"
[ -f "$TMP/wcsv/per_year_max.csv" ] || printf 'need,year,amount\r\n' >"$TMP/wcsv/per_year_max.csv"
printf 'SW-clearance,2020,5\r\n' >>"$TMP/wcsv/per_year_max.csv"
line=$(wc -l <"$TMP/wcsv/per_year_max.csv")
expect_msg "per_year_max.csv beside work" 3 \
    "$TMP/wcsv/per_year_max.csv:$line: amount: not allowed beside work (its work_per_year is the capacity), got '5'" \
    "$CO" check "$TMP/wcsv"
expect_exit "--help" 0 "$CO" deadlines --help
grep -q "^usage: coalitions deadlines DATASET" "$TMP/out" && pass || fail "--help: no usage on stdout"
# the time limit first: exit 1, said, the needs listed without the LPs'
# figures (a generated 100 x 80 case over five years: building its model
# alone takes longer than the 1 ms allowed)
"$CO" generate --donors 100 --states 80 --seed 2 -o "$TMP/g.json"
python3 - "$TMP/g.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
y0 = int(d["as_of"][:4])
d["years"] = {"first": y0, "last": y0 + 4}
for n in d["needs"]:
    n.setdefault("deadline", f"{y0 + 2}-08-01")
json.dump(d, open(sys.argv[1], "w"))
PY
"$CO" deadlines "$TMP/g.json" --time-limit 0.001 --json "$TMP/t.json" -q 2>"$TMP/err"
expect_eq "time limit: exit" 1 "$?"
python3 - "$TMP/t.json" "$TMP/err" <<'PY' && pass || fail "time limit: $(cat "$TMP/err")"
import json, re, sys
d = json.load(open(sys.argv[1]))["deadlines"]
err = open(sys.argv[2]).read()
m = re.fullmatch(r"warning: the time limit \(0\.001 s\) came first: (\d+) of (\d+) needs not analysed\n", err)
assert m and int(m.group(2)) == len(d) and int(m.group(1)) == len(d), err
assert all(e["best_case_by_deadline"] is None and e["gap_by_year"] is None and
           e["earliest_completion_year"] is None for e in d)
assert all(isinstance(e["capacity_limited"], bool) for e in d)
PY
# in a plan, what the limit leaves unanalysed is listed in timing.skipped
# (1 ms: the greedy's plan is made, none of the analysis)
"$CO" plan "$TMP/g.json" --no-store --time-limit 0.001 --json "$TMP/tp.json" -q 2>"$TMP/err"
python3 - "$TMP/tp.json" "$TMP/err" <<'PY' && pass || fail "plan: time limit: $(cat "$TMP/err")"
import json, sys
p = json.load(open(sys.argv[1]))
left = [e for e in p["deadlines"] if e["best_case_by_deadline"] is None]
said = "deadline analysis not computed for every obligation: time limit" in p["timing"]["skipped"]
assert left and said, (len(left), p["timing"]["skipped"])
assert "deadline analysis: the time limit came first" in open(sys.argv[2]).read()
PY

finish
