#!/usr/bin/env bash
# The multi-year model's independent truth, without the engine: glpsol on
# models/coalitions_multiyear.mod (data from tests/my_dat.py) reaches the
# hand optima of datasets/multiyear/ (tests/data/multiyear_expected.json,
# worked out in datasets/multiyear/README.md) with the hand plans'
# allocations; the deadline analysis of tests/plancheck_my.py, by max-flows
# and by MULTIYEAR.md's LPs in glpsol, gives the hand values; the checker
# accepts the hand-written plans and rejects each broken one with its
# message; the model's own input checks hold; a one-period dataset gives
# the same optimum on both models; datasets/ccm-2019-2025.json reaches its
# recorded optimum and both analysis methods agree on it.
# It runs no part of the build (its time is only the reference solver's and
# the checkers'): make test runs it once for both builds (shared_suites in
# tests/run_all.sh).
. "$(dirname "$0")/lib.sh"
command -v glpsol >/dev/null || { fail "glpsol is not installed (make deps)"; finish; exit 1; }
EXP=tests/data/multiyear_expected.json
PLANS=tests/data/multiyear

# expected VALUE of DATASET in $EXP, e.g. expected datasets/x.json objective total
expected() {
    python3 -c 'import json,sys; v=json.load(open(sys.argv[1]))[sys.argv[2]]
for k in sys.argv[3:]: v=v[k]
print(v)' "$EXP" "$@"
}

# close A B: equal to 1e-6 relative (glpsol prints six decimals)
close() { python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(abs(a - b) > 1e-6 * max(1, abs(b)))' "$1" "$2"; }

# analysis DATASET [--glpsol]: the analysis JSON in $TMP/a.json, or fails
analysis() {
    python3 tests/plancheck_my.py "$1" --analysis ${2:+"$2"} >"$TMP/a.json" 2>"$TMP/err"
}

# 1-3. the small datasets: optimum, allocations, analysis, hand plans
for ds in datasets/multiyear/*.json; do
    name=$(basename "$ds" .json)
    plan=$PLANS/$name.plan.json
    if ! python3 tests/my_dat.py "$ds" >"$TMP/$name.dat" 2>"$TMP/err"; then
        fail "$name: my_dat.py: $(cat "$TMP/err")"
        continue
    fi
    if tests/glpsol_check.sh --multiyear --out "$TMP/$name.out" "$TMP/$name.dat" >/dev/null 2>"$TMP/err"; then
        r=$(python3 tests/my_expect.py glpsol "$TMP/$name.out" "$EXP" "$ds" "$plan") && pass || fail "$name: glpsol vs hand: $r"
    else
        fail "$name: glpsol: $(tail -3 "$TMP/err")"
    fi
    for method in "" --glpsol; do
        if analysis "$ds" $method; then
            r=$(python3 tests/my_expect.py analysis "$TMP/a.json" "$EXP" "$ds") && pass || fail "$name: analysis ${method:---flow}: $r"
        else
            fail "$name: analysis ${method:---flow}: $(tail -3 "$TMP/err")"
        fi
    done
    r=$(python3 tests/plancheck_my.py "$ds" "$plan" --ref "$(expected "$ds" objective total)" --rel 1e-9 | tail -n 1)
    case "$r" in OK*) pass ;; *) fail "$name: hand plan: $r" ;; esac
    r=$(python3 tests/my_expect.py plan "$plan" "$EXP" "$ds") && pass || fail "$name: hand plan vs expected: $r"
done

# 4. broken plans: each is rejected (exit 1) with its own message
n=$(python3 -c 'import json,sys; print(len(json.load(open(sys.argv[1]))))' "$PLANS/broken.json")
for i in $(seq 0 $((n - 1))); do
    python3 - "$PLANS/broken.json" "$i" "$TMP" <<'PY'
import json, sys
b = json.load(open(sys.argv[1]))[int(sys.argv[2])]
json.dump(b["ops"], open(sys.argv[3] + "/ops.json", "w"))
open(sys.argv[3] + "/case", "w").write("\n".join([b["plan"], b["why"], b["expect"]]) + "\n")
PY
    { read -r name; read -r why; read -r want; } <"$TMP/case"
    python3 tests/my_expect.py mutate "$PLANS/$name.plan.json" "$TMP/ops.json" >"$TMP/broken.json"
    python3 tests/plancheck_my.py "datasets/multiyear/$name.json" "$TMP/broken.json" >"$TMP/out" 2>&1
    rc=$?
    if [ "$rc" = 1 ] && grep -qF -- "$want" "$TMP/out"; then
        pass
    else
        fail "broken $name ($why): exit $rc, expected '$want' in: $(head -c 400 "$TMP/out")"
    fi
done

# 5. the model's input checks: a work amount that disagrees with remaining
#    x unit_cost, and national money above the capacity, are refused
python3 tests/my_dat.py datasets/multiyear/work.json >"$TMP/w.dat"
# change ROW (a data row of w.dat) to NEW in $TMP/NAME.dat
change() {
    python3 -c 'import sys; s = open(sys.argv[1]).read()
open(sys.argv[2], "w").write(s.replace(sys.argv[3], sys.argv[4], 1))' "$TMP/w.dat" "$TMP/$1.dat" "$2" "$3"
}
change bad1 "'SW-clearance' 'SW' 'clearance' 2000000 " "'SW-clearance' 'SW' 'clearance' 2000002 "
change bad2 "'SW-clearance' 1000000 2 100000" "'SW-clearance' 1000000 2 700000"
for bad in bad1 bad2; do
    if cmp -s "$TMP/w.dat" "$TMP/$bad.dat"; then
        fail "$bad: the data was not changed (my_dat.py layout?)"
    elif glpsol --math models/coalitions_multiyear.mod --data "$TMP/$bad.dat" >"$TMP/out" 2>&1; then
        fail "$bad: glpsol accepted it"
    else
        grep -q 'check.*fail\|fail.*check' "$TMP/out" && pass || fail "$bad: no failed check in: $(tail -3 "$TMP/out")"
    fi
done

# 6. one period: coalitions.mod and coalitions_multiyear.mod (first = last,
#    whether years is absent or written out) reach the same optimum, which
#    is the hand optimum where there is one
oneperiod() {
    local ds=$1
    shift
    local tag
    tag="$(basename "$ds" .json)${*:+ $*}"
    python3 tests/my_dat.py "$ds" --one-period "$@" >"$TMP/v1.dat" &&
        python3 tests/my_dat.py "$ds" "$@" >"$TMP/my.dat" &&
        python3 - "$ds" "$TMP/years.json" "$@" <<'PY' &&
import json, sys
ds = json.load(open(sys.argv[1]))
sets = dict(a.split("=", 1) for a in sys.argv[3:])
y = int((sets.get("as_of") or ds.get("parameters", {}).get("as_of") or ds["as_of"])[:4])
ds["years"] = {"first": y, "last": y}
json.dump(ds, open(sys.argv[2], "w"))
PY
        python3 tests/my_dat.py "$TMP/years.json" "$@" >"$TMP/years.dat" || { fail "$tag: my_dat.py"; return; }
    local a b c
    a=$(tests/glpsol_check.sh "$TMP/v1.dat" 2>"$TMP/err") || { fail "$tag: coalitions.mod: $(tail -3 "$TMP/err")"; return; }
    b=$(tests/glpsol_check.sh --multiyear "$TMP/my.dat" 2>"$TMP/err") || { fail "$tag: multiyear: $(tail -3 "$TMP/err")"; return; }
    c=$(tests/glpsol_check.sh --multiyear "$TMP/years.dat" 2>"$TMP/err") || { fail "$tag: multiyear, years: $(tail -3 "$TMP/err")"; return; }
    close "$b" "$a" && pass || fail "$tag: multiyear $b != one-period $a"
    close "$c" "$a" && pass || fail "$tag: multiyear with years $c != one-period $a"
    local hand
    hand=$(sed -n "s|^$ds \([-0-9.]*\)$|\1|p" tests/data/hand_optima.txt)
    if [ -n "$hand" ] && [ $# -eq 0 ]; then
        close "$a" "$hand" && pass || fail "$tag: $a != hand optimum $hand"
    fi
}
for ds in datasets/small/*.json tests/data/base.json datasets/ccm-2018.json; do
    oneperiod "$ds"
done
oneperiod tests/data/base.json coverage_floor=0.9 shortfall_penalty=5
oneperiod tests/data/base.json as_of=2023-06-01 horizon_days=400 urgency_weight=5
oneperiod datasets/small/limits.json max_coalition_size=1 coordination_cost=0

# 7. the real dataset: the recorded optimum, and both analysis methods agree
ds=datasets/ccm-2019-2025.json
if python3 tests/my_dat.py "$ds" >"$TMP/ccm.dat" 2>"$TMP/err" &&
    tests/glpsol_check.sh --multiyear --out "$TMP/ccm.out" "$TMP/ccm.dat" >/dev/null 2>"$TMP/err"; then
    r=$(python3 tests/my_expect.py glpsol "$TMP/ccm.out" "$EXP" "$ds") && pass || fail "ccm-2019-2025: $r"
    expect_eq "ccm-2019-2025: seats" "$(expected "$ds" objective seats)" "$(grep -c '^SEAT ' "$TMP/ccm.out")"
else
    fail "ccm-2019-2025: glpsol: $(tail -3 "$TMP/err")"
fi
if analysis "$ds" && mv "$TMP/a.json" "$TMP/flow.json" && analysis "$ds" --glpsol; then
    expect_file_same "ccm-2019-2025: analysis by max-flow and by glpsol" "$TMP/flow.json" "$TMP/a.json"
else
    fail "ccm-2019-2025: analysis: $(tail -3 "$TMP/err")"
fi
finish
