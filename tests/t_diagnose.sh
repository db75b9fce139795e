#!/usr/bin/env bash
# What would change it, checked end to end: each change that
# tests/unit/test_diagnose.c asserts the diagnosis finds (worked out by
# hand in tests/data/diagnose/README.md, or for ccm-2018 the solver's) is
# applied here to the dataset independently (Python, or --set), re-solved
# with `coalitions plan`, the plan checked by tests/plancheck.py, and the
# State must then have a coalition (or, for the next step on the search's
# grid, must not: the change found is the least).
. "$(dirname "$0")/lib.sh"
D=tests/data/diagnose

# edit DATASET OUT PYTHON: writes the dataset changed by the statement
# (`d` is the dataset, `need(id)` and `donor(id)` its items)
edit() {
    python3 - "$1" "$2" "$3" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
need = lambda i: next(n for n in d["needs"] if n["id"] == i)
donor = lambda i: next(x for x in d["donors"] if x["id"] == i)
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"))
EOF
}

# solve DATASET STATE [--set NAME=VALUE]...: re-solves, checks the plan
# with plancheck.py against glpsol's optimum (models/coalitions.mod on the
# exported data: an independent proof that the plan is optimal), and sets
# MEMBERS to the State's members as "ID:USD ..."
# (empty when it has no coalition)
solve() {
    local ds=$1 st=$2
    shift 2
    local sets=() args=()
    while [ $# -gt 0 ]; do sets+=("$2"); args+=("$1" "$2"); shift 2; done
    MEMBERS="(no plan)"
    local ref
    "$CO" export-model "$ds" --dat "$TMP/m.dat" "${args[@]}" 2>"$TMP/err" &&
        ref=$(tests/glpsol_check.sh "$TMP/m.dat" 2>"$TMP/err") ||
        { fail "$ds $st: glpsol: $(tail -3 "$TMP/err")"; return; }
    "$CO" plan "$ds" --json "$TMP/p.json" --quiet --no-store --mip-gap 0 "${args[@]}" 2>"$TMP/err"
    local rc=$?
    if [ $rc -ne 0 ]; then fail "$ds $st: plan exit $rc: $(head -c 300 "$TMP/err")"; return; fi
    local r
    r=$(python3 tests/plancheck.py "$ds" "$TMP/p.json" --ref "$ref" "${sets[@]}" 2>&1 | tail -n 1)
    case "$r" in OK*) pass ;; *) fail "$ds $st ${sets[*]}: plancheck: $r" ;; esac
    MEMBERS=$(python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
c = next(c for c in p["coalitions"] if c["state"] == sys.argv[2])
print(" ".join("%s:%d" % (m["donor"], round(m["amount"])) for m in c["members"]))' "$TMP/p.json" "$st")
}

# expect_members WHAT WANT DATASET STATE [--set NAME=VALUE]...
expect_members() {
    local what=$1 want=$2
    shift 2
    solve "$@"
    expect_eq "$what" "$want" "$MEMBERS"
}

# expect_coalition WHAT DATASET STATE [--set NAME=VALUE]...: any members
expect_coalition() {
    local what=$1
    shift
    solve "$@"
    case "$MEMBERS" in "" | "(no plan)") fail "$what: no coalition" ;; *) pass ;; esac
}

# the plans as they are: the States have no coalition
expect_members "noseat S2 as is" "" "$D/noseat.json" S2
expect_members "outbid S2 as is" "" "$D/outbid.json" S2
expect_members "limits S2 as is" "" "$D/limits.json" S2
expect_members "limits S4 as is" "" "$D/limits.json" S4
expect_members "evidence S2 as is" "" "$D/evidence.json" S2

# noseat S2: coordination_cost 22,000 (Donor A's seat adds 22,500); 23,000 does not
expect_members "noseat S2 at 22000" "DA:50000" "$D/noseat.json" S2 --set coordination_cost=22000
expect_members "noseat S2 at 23000" "" "$D/noseat.json" S2 --set coordination_cost=23000
# outbid S2: a coverage floor of 0.05, the least on the grid
expect_members "outbid S2 at floor 0.05" "D2:20000" "$D/outbid.json" S2 --set coverage_floor=0.05
# limits S2: Donor One's max_states 1 -> 2
edit "$D/limits.json" "$TMP/l2.json" 'donor("D1")["max_states"] = 2'
expect_members "limits S2 with max_states 2" "D1:100000" "$TMP/l2.json" S2
# limits S4: Donor Three's budget 115,000 (+65,000); 110,000 does not do it
edit "$D/limits.json" "$TMP/l4.json" 'donor("D3")["budget"] = 115000'
expect_members "limits S4 with budget 115000" "D3:15000" "$TMP/l4.json" S4
edit "$D/limits.json" "$TMP/l4n.json" 'donor("D3")["budget"] = 110000'
expect_members "limits S4 with budget 110000" "" "$TMP/l4n.json" S4
# evidence S2: S2-clearance surveyed
edit "$D/evidence.json" "$TMP/e2.json" 'need("S2-clearance")["evidence"] = "surveyed"'
expect_members "evidence S2 surveyed" "D1:100000" "$TMP/e2.json" S2

# ccm-2018: the five States without a coalition, each with the change the
# diagnosis proposes
CCM=datasets/ccm-2018.json
for st in ALB NRU PLW PSE TCD; do
    expect_members "ccm $st as is" "" "$CCM" "$st"
done
for pair in ALB:ALB-victim_assistance PLW:PLW-clearance PSE:PSE-risk_education TCD:TCD-clearance; do
    st=${pair%%:*} n=${pair#*:}
    edit "$CCM" "$TMP/c.json" "need(\"$n\")[\"evidence\"] = \"surveyed\""
    expect_coalition "ccm $st with $n surveyed" "$TMP/c.json" "$st"
done
expect_coalition "ccm NRU at floor 0.3" "$CCM" NRU --set coverage_floor=0.3
expect_members "ccm NRU at floor 0.25" "" "$CCM" NRU --set coverage_floor=0.25

finish
