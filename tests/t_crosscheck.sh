#!/usr/bin/env bash
# The engine against an independent solver: for each dataset (and a few
# parameter variants) the engine's proven optimum (--mip-gap 0) equals
# glpsol's optimum of models/coalitions.mod on the exported data, to 1e-6
# relative; the engine's plan also passes tests/plancheck.py. Also the LP
# and MPS exports re-solve to the same optimum with glpsol.
. "$(dirname "$0")/lib.sh"
command -v glpsol >/dev/null || { fail "glpsol is not installed (make deps)"; finish; exit 1; }

cross() {
    local ds=$1
    shift
    local sets=() kv=()
    for a in "$@"; do sets+=(--set "$a"); kv+=("$a"); done
    local tag
    tag="$(basename "$ds" .json)${*:+ $*}"
    "$CO" export-model "$ds" --dat "$TMP/m.dat" "${sets[@]}" 2>"$TMP/err" || { fail "$tag: export-model: $(cat "$TMP/err")"; return; }
    local ref
    ref=$(tests/glpsol_check.sh "$TMP/m.dat" 2>"$TMP/err") || { fail "$tag: glpsol: $(tail -3 "$TMP/err")"; return; }
    # (--diagnose none: the diagnosis re-solves for each State without a
    # coalition, over 90% of these runs' time, and changes no amount; it
    # is checked in t_diagnose.sh and test_diagnose)
    "$CO" plan "$ds" --json "$TMP/p.json" --mip-gap 0 --diagnose none --quiet --no-store "${sets[@]}" 2>"$TMP/err" || { fail "$tag: plan: $(cat "$TMP/err")"; return; }
    local r
    r=$(python3 tests/plancheck.py "$ds" "$TMP/p.json" --ref "$ref" --rel 1e-6 "${kv[@]}" | tail -n 1)
    case "$r" in OK*) pass ;; *) fail "$tag: engine vs glpsol: $r" ;; esac
    expect_eq "$tag: status" optimal "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["status"])' "$TMP/p.json")"
}

for ds in datasets/small/*.json tests/data/base.json datasets/ccm-2018.json; do
    rm -f "$TMP/p.json"
    cross "$ds"
done
# (ccm-2018's plan at --mip-gap 0, for the LP and MPS exports below)
cp "$TMP/p.json" "$TMP/ccm.plan.json" 2>/dev/null
cross tests/data/base.json coverage_floor=0.9 shortfall_penalty=5
cross tests/data/base.json min_expertise=0.5 priority_bonus=1
cross tests/data/base.json as_of=2023-06-01 horizon_days=400 urgency_weight=5
cross datasets/small/limits.json max_coalition_size=1 coordination_cost=0
cross datasets/ccm-2018.json expertise_share=0 coordination_cost=200000
cross datasets/ccm-2018.json coverage_floor=0.3
# generated cases, large enough that the neighbourhood search solves
# sub-problems before the branch and bound proves the optimum
for spec in 12x10:1 16x12:5; do
    size=${spec%%:*}
    "$CO" generate --donors "${size%x*}" --states "${size#*x}" --seed "${spec#*:}" -o "$TMP/gen-$size.json"
    cross "$TMP/gen-$size.json"
done

# GLPK's own LP and MPS writers give the same optimum when re-solved
ds=datasets/ccm-2018.json
"$CO" export-model "$ds" --lp "$TMP/m.lp" --mps "$TMP/m.mps" || fail "export LP/MPS"
want=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["objective"]["total"])' "$TMP/ccm.plan.json")
lp=$(glpsol --lp "$TMP/m.lp" --mipgap 0 -o "$TMP/lp.sol" >/dev/null 2>&1; sed -n 's/^Objective: *[^ ]* = *\([^ ]*\).*/\1/p' "$TMP/lp.sol")
mps=$(glpsol --freemps "$TMP/m.mps" --max --mipgap 0 -o "$TMP/mps.sol" >/dev/null 2>&1; sed -n 's/^Objective: *[^ ]* = *\([^ ]*\).*/\1/p' "$TMP/mps.sol")
close() { python3 -c 'import sys; a, b = float(sys.argv[1]), float(sys.argv[2]); sys.exit(abs(a - b) > 1e-6 * max(1, abs(b)))' "$1" "$2"; }
close "${lp:-0}" "$want" && pass || fail "LP export re-solved: '$lp' != $want"
close "${mps:-0}" "$want" && pass || fail "MPS export re-solved (--max): '$mps' != $want"
# writing to stdout, and never through GLPK to the user's path
"$CO" export-model "$ds" --lp - >"$TMP/stdout.lp" && cmp -s "$TMP/stdout.lp" "$TMP/m.lp" && pass || fail "--lp - differs from --lp FILE"
expect_exit "export-model without a format" 2 "$CO" export-model "$ds"
finish
