#!/usr/bin/env bash
# `plan` end to end: every bundled dataset gives a plan that keeps every
# constraint (tests/plancheck.py, or for a multi-year dataset
# tests/plancheck_my.py, recomputes them from the dataset), the
# hand-computed optima of datasets/small, byte-identical reruns, the CSV
# files, and the command line's exit codes.
. "$(dirname "$0")/lib.sh"

# 1. every dataset: a plan that keeps the contract
for ds in $(ls datasets/*.json datasets/small/*.json tests/data/*.json | grep -v -e -whatif.json -e _expected.json); do
    [ -f "$ds" ] || continue
    # a multi-year dataset is checked by tests/plancheck_my.py, its
    # deadlines list too (tests/t_multiyear_plan.sh and t_deadlines.sh have more)
    check=(tests/plancheck.py)
    grep -q '"years"' "$ds" && check=(tests/plancheck_my.py)
    out="$TMP/$(basename "$ds" .json).plan.json"
    "$CO" plan "$ds" --json "$out" --quiet --time-limit 20 2>"$TMP/err"
    rc=$?
    expect_eq "$ds: exit" 0 "$rc"
    r=$(python3 "${check[0]}" "$ds" "$out" "${check[@]:1}" 2>&1 | tail -n 5)
    case "$r" in OK*) pass ;; *) fail "$ds: $r" ;; esac
done

# 2. hand-computed optima (worked out in datasets/README.md)
while read -r ds total; do
    case "$ds" in ''|'#'*) continue ;; esac
    "$CO" plan "$ds" --json "$TMP/hand.json" --mip-gap 0 --quiet
    r=$(python3 tests/plancheck.py "$ds" "$TMP/hand.json" --ref "$total" --rel 1e-9 | tail -n 1)
    case "$r" in OK*) pass ;; *) fail "$ds: hand optimum $total: $r" ;; esac
done <tests/data/hand_optima.txt

# 3. the same input gives the same bytes (apart from timing)
strip_timing() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("timing"); print(json.dumps(d))' "$1"; }
# (a generated case: the neighbourhood search runs there before the proof)
"$CO" generate --donors 12 --states 10 --seed 1 -o "$TMP/gen.json"
for ds in datasets/ccm-2018.json tests/data/base.json "$TMP/gen.json"; do
    [ -f "$ds" ] || continue
    "$CO" plan "$ds" --json "$TMP/a.json" --csv "$TMP/ca" >"$TMP/a.out" 2>/dev/null
    "$CO" plan "$ds" --json "$TMP/b.json" --csv "$TMP/cb" >"$TMP/b.out" 2>/dev/null
    expect_eq "$ds: rerun plan json" "$(strip_timing "$TMP/a.json")" "$(strip_timing "$TMP/b.json")"
    diff <(grep -v '"\(load\|build\|solve\|diagnose\|elapsed\)_s"' "$TMP/a.json") <(grep -v '"\(load\|build\|solve\|diagnose\|elapsed\)_s"' "$TMP/b.json") >/dev/null \
        && pass || fail "$ds: rerun differs beyond the timing values"
    expect_eq "$ds: rerun summary" "$(grep -v '^Time ' "$TMP/a.out")" "$(grep -v '^Time ' "$TMP/b.out")"
    for f in coalitions allocations donors needs; do
        expect_file_same "$ds: rerun $f.csv" "$TMP/ca/$f.csv" "$TMP/cb/$f.csv"
    done
done

# 4. the CSV files agree with the plan JSON
"$CO" plan tests/data/base.json --json "$TMP/p.json" --csv "$TMP/csv" --quiet
python3 - "$TMP/p.json" "$TMP/csv" <<'PY' && pass || fail "CSV files disagree with the plan JSON"
import csv, json, sys
plan = json.load(open(sys.argv[1])); d = sys.argv[2]
rows = list(csv.DictReader(open(d + "/allocations.csv", newline="", encoding="utf-8-sig")))
assert [(r["state"], r["need"], r["donor"], float(r["amount"])) for r in rows] == \
       [(a["state"], a["need"], a["donor"], a["amount"]) for a in plan["allocations"]], "allocations"
rows = list(csv.DictReader(open(d + "/coalitions.csv", newline="", encoding="utf-8-sig")))
assert [(r["state"], r["lead"] or None, r["members"]) for r in rows] == \
       [(c["state"], c["lead"], ";".join(m["donor"] for m in c["members"])) for c in plan["coalitions"]], "coalitions"
rows = list(csv.DictReader(open(d + "/donors.csv", newline="", encoding="utf-8-sig")))
assert [(r["donor"], float(r["allocated"]), r["states"]) for r in rows] == \
       [(x["donor"], x["allocated"], ";".join(x["states"])) for x in plan["donors"]], "donors"
rows = list(csv.DictReader(open(d + "/needs.csv", newline="", encoding="utf-8-sig")))
assert [(r["need"], float(r["unmet"])) for r in rows] == [(n["need"], n["unmet"]) for n in plan["needs"]], "needs"
PY

# 5. --json - writes the plan to stdout and nothing else
"$CO" plan tests/data/base.json --json - >"$TMP/stdout.json" 2>/dev/null
python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$TMP/stdout.json" && pass || fail "--json - is not pure JSON"

# 6. --set reaches the model, and is recorded in the plan
"$CO" plan tests/data/base.json --json "$TMP/set.json" --quiet --set coordination_cost=0 --set as_of=2022-01-01
r=$(python3 tests/plancheck.py tests/data/base.json "$TMP/set.json" coordination_cost=0 as_of=2022-01-01 | tail -n 1)
case "$r" in OK*) pass ;; *) fail "--set: $r" ;; esac

# 7. exit codes of the command line
expect_exit "no command" 2 "$CO"
expect_eq "no command: message" "coalitions: missing command
Try 'coalitions --help'." "$(cat "$TMP/err")"
expect_exit "unknown command" 2 "$CO" plot x
expect_exit "unknown option" 2 "$CO" plan tests/data/base.json --jsn x
expect_eq "unknown option: message" "coalitions plan: unknown option '--jsn' (did you mean '--json'?)
Try 'coalitions plan --help'." "$(cat "$TMP/err")"
expect_exit "missing dataset" 2 "$CO" plan
expect_exit "option without value" 2 "$CO" plan tests/data/base.json --json
expect_exit "bad --time-limit" 2 "$CO" plan tests/data/base.json --time-limit soon
# the range the engine enforces, both ends (GLPK counts whole milliseconds)
TL="must be a number of seconds from 0.001 to 1000000"
expect_exit "zero --time-limit" 2 "$CO" plan tests/data/base.json --time-limit 0
expect_eq "zero --time-limit: message" "coalitions plan: --time-limit: $TL, got '0'
Try 'coalitions plan --help'." "$(cat "$TMP/err")"
expect_exit "--time-limit above its range" 2 "$CO" plan tests/data/base.json --time-limit 3600000
expect_eq "--time-limit above its range: message" "coalitions plan: --time-limit: $TL, got '3600000'" \
    "$(head -n 1 "$TMP/err")"
expect_exit "--time-limit below its range" 2 "$CO" plan tests/data/base.json --time-limit=0.0009
expect_eq "--time-limit below its range: message" "coalitions plan: --time-limit: $TL, got '0.0009'" \
    "$(head -n 1 "$TMP/err")"
expect_exit "bad --mip-gap" 2 "$CO" plan tests/data/base.json --mip-gap -1
expect_eq "bad --mip-gap: message" "coalitions plan: --mip-gap: must be a number from 0 to 1, got '-1'" \
    "$(head -n 1 "$TMP/err")"
expect_exit "--mip-gap at the top of its range" 0 "$CO" plan tests/data/base.json --mip-gap 1 \
    --time-limit 1000000 --no-store -q
expect_exit "--alternatives above its range" 2 "$CO" plan tests/data/base.json --alternatives 101
expect_eq "--alternatives above its range: message" \
    "coalitions plan: --alternatives: must be a whole number from 1 to 100, got '101'" "$(head -n 1 "$TMP/err")"
expect_exit "--within below its range" 2 "$CO" plan tests/data/base.json --within=-1
expect_eq "--within below its range: message" \
    "coalitions plan: --within: must be a percentage from 0 to 100, got '-1'" "$(head -n 1 "$TMP/err")"
expect_exit "--json given twice" 2 "$CO" plan tests/data/base.json --json "$TMP/twice1.json" \
    --json="$TMP/twice2.json"
expect_eq "--json given twice: message" "coalitions plan: option '--json' given twice" "$(head -n 1 "$TMP/err")"
if [ -e "$TMP/twice1.json" ] || [ -e "$TMP/twice2.json" ]; then
    fail "--json given twice: a file was written"
else pass; fi
expect_exit "bad --set form" 2 "$CO" plan tests/data/base.json --set coordination_cost
expect_exit "bad --set name" 2 "$CO" plan tests/data/base.json --set coordnation_cost=5
expect_eq "bad --set name: message" "--set: coordnation_cost: unknown parameter 'coordnation_cost' (did you mean 'coordination_cost'?)
coalitions plan: bad --set value
Try 'coalitions plan --help'." "$(cat "$TMP/err")"
expect_exit "bad --set value" 2 "$CO" plan tests/data/base.json --set urgency_weight=-1
expect_exit "--help" 0 "$CO" --help
grep -q '^usage: coalitions COMMAND' "$TMP/out" && pass || fail "--help prints usage on stdout"
expect_exit "plan --help" 0 "$CO" plan --help
grep -q -- '--time-limit S' "$TMP/out" && pass || fail "plan --help lists --time-limit"
# (the help is reflowed: read it as one line)
tr -s '\n ' '  ' <"$TMP/out" | grep -q -- '--time-limit S seconds for the whole run: loading, solving, the price of fairness, alternatives; what does not fit is skipped and listed in the plan (0.001 to 1000000, default 30)' \
    && pass || fail "plan --help: --time-limit's range and default"
expect_exit "--version" 0 "$CO" --version
grep -q '^coalitions [0-9.]* (GLPK [0-9.]*)$' "$TMP/out" && pass || fail "--version format"
expect_exit "missing file" 5 "$CO" plan "$TMP/none.json"
expect_eq "missing file: message" "$TMP/none.json: cannot open: No such file or directory" "$(cat "$TMP/err")"
COALITIONS_TEST_GLPK_FAULT=1 expect_exit "GLPK error becomes exit 4" 4 "$CO" plan tests/data/base.json --json "$TMP/fault.json"
# GLPK's own words, without the source file and line it adds (they change
# with every GLPK release); j is one past the model's last column
err=$(cat "$TMP/err")
case "$err" in
"GLPK failed: glp_set_col_bnds: j = "[0-9]*"; column number out of range"*) pass ;;
*) fail "GLPK error: message: got '$err'" ;;
esac
expect_eq "GLPK error: one line" 1 "$(wc -l <"$TMP/err" | tr -d ' ')"
[ -e "$TMP/fault.json" ] && fail "GLPK error: a plan was written" || pass
expect_exit "folder missing" 5 "$CO" plan tests/data/base.json --json "$TMP/no/such/p.json"
expect_eq "folder missing: message" "$TMP/no/such/p.json: cannot write: No such file or directory" "$(cat "$TMP/err")"
finish
