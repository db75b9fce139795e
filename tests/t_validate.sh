#!/usr/bin/env bash
# Invalid datasets: each is refused by `plan` with exit 3, the exact message
# naming the file, the field and the bad value, and no output file. The bad
# inputs are made from tests/data/base.json by one Python edit each.
. "$(dirname "$0")/lib.sh"
BASE=tests/data/base.json

# bad NAME PYTHON-EDIT EXPECTED-STDERR: `d` is the dataset in the edit
bad() {
    local name=$1 edit=$2 want=$3
    local f="$TMP/$name.json"
    python3 - "$BASE" "$f" "$edit" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"), indent=1)
PY
    (cd "$TMP" && "$CO" plan "$name.json" --json out.json --csv outcsv >out 2>err)
    local rc=$?
    expect_eq "$name: exit" 3 "$rc"
    expect_eq "$name: message" "$want" "$(cat "$TMP/err")"
    if [ -e "$TMP/out.json" ] || [ -e "$TMP/outcsv" ]; then fail "$name: an output file was written"; else pass; fi
    rm -rf "$TMP/out.json" "$TMP/outcsv"
}

bad no-needs 'del d["needs"]' \
    "no-needs.json: needs: required field is missing"
bad no-budget 'del d["donors"][1]["budget"]' \
    "no-budget.json: donors[1].budget: required field is missing (donor 'NOR')"
bad no-evidence 'del d["needs"][2]["evidence"]' \
    "no-evidence.json: needs[2].evidence: required field is missing (need 'IRQ-va')"
bad no-id 'del d["states"][0]["id"]' \
    "no-id.json: states[0].id: required field is missing"
bad empty-id 'd["donors"][0]["id"] = ""' \
    "empty-id.json: donors[0].id: must be 1 to 64 bytes of printable ASCII without spaces or . * ; , \", got '' (donor '')"
bad dot-id 'd["areas"][1]["id"] = "victim.assistance"; d["donors"][0]["expertise"] = {"clearance": 0.9}; d["needs"][2]["area"] = "victim.assistance"' \
    "dot-id.json: areas[1].id: must be 1 to 64 bytes of printable ASCII without spaces or . * ; , \", got 'victim.assistance' (area 'victim.assistance')"
bad dup-id 'd["needs"][1]["id"] = "LAO-clearance"' \
    "dup-id.json: needs[1].id: duplicate id 'LAO-clearance' (first at needs[0]) (need 'LAO-clearance')"
bad string-amount 'd["needs"][0]["amount"] = "900,000"' \
    "string-amount.json: needs[0].amount: must be a number, got a string '900,000' (need 'LAO-clearance')"
bad negative-budget 'd["donors"][1]["budget"] = -5' \
    "negative-budget.json: donors[1].budget: must be a finite number >= 0, got '-5' (donor 'NOR')"
bad negative-amount 'd["needs"][1]["amount"] = -1' \
    "negative-amount.json: needs[1].amount: must be a finite number >= 0, got '-1' (need 'IRQ-clearance')"
bad secured-above 'd["needs"][0]["secured"] = 950000' \
    "secured-above.json: needs[0].secured: must not exceed amount (900000), got '950000' (need 'LAO-clearance')"
bad expertise-range 'd["donors"][0]["expertise"]["clearance"] = 1.5' \
    "expertise-range.json: donors[0].expertise.clearance: must be a number in [0, 1], got '1.5' (donor 'NLD')"
bad evidence-range 'd["needs"][1]["evidence"] = 1.2' \
    "evidence-range.json: needs[1].evidence: must be a level name or a number in [0, 1], got '1.2' (need 'IRQ-clearance')"
bad evidence-level 'd["needs"][0]["evidence"] = "rumoured"' \
    "evidence-level.json: needs[0].evidence: unknown evidence level 'rumoured' (surveyed, reported, estimated, anecdotal, or a number in [0, 1]) (need 'LAO-clearance')"
bad fractional-count 'd["donors"][0]["max_states"] = 1.5' \
    "fractional-count.json: donors[0].max_states: must be a whole number >= 0, got '1.5' (donor 'NLD')"
bad negative-count 'd["donors"][0]["max_states"] = -1' \
    "negative-count.json: donors[0].max_states: must be a whole number >= 0, got '-1' (donor 'NLD')"
bad area-budget-negative 'd["donors"][0]["area_budget"]["clearance"] = -10' \
    "area-budget-negative.json: donors[0].area_budget.clearance: must be a finite number >= 0, got '-10' (donor 'NLD')"
bad feb30 'd["needs"][0]["deadline"] = "2021-02-30"' \
    "feb30.json: needs[0].deadline: not a date (YYYY-MM-DD), got '2021-02-30' (need 'LAO-clearance')"
bad month13 'd["needs"][0]["original_deadline"] = "2020-13-01"' \
    "month13.json: needs[0].original_deadline: not a date (YYYY-MM-DD), got '2020-13-01' (need 'LAO-clearance')"
bad bad-as-of 'd["as_of"] = "01/01/2020"' \
    "bad-as-of.json: as_of: not a date (YYYY-MM-DD), got '01/01/2020'"
bad unknown-state 'd["needs"][1]["state"] = "IRK"' \
    "unknown-state.json: needs[1].state: unknown State id 'IRK' (did you mean 'IRQ'?) (need 'IRQ-clearance')"
bad unknown-area 'd["needs"][2]["area"] = "victim"' \
    "unknown-area.json: needs[2].area: unknown area id 'victim' (need 'IRQ-va')"
bad unknown-excluded 'd["donors"][0]["excluded_states"] = ["XXX"]' \
    "unknown-excluded.json: donors[0].excluded_states[0]: unknown State id 'XXX' (donor 'NLD')"
bad unknown-priority 'd["donors"][0]["priority_states"] = ["LAO", "LBN"]' \
    "unknown-priority.json: donors[0].priority_states[1]: unknown State id 'LBN' (donor 'NLD')"
bad unknown-expertise 'd["donors"][1]["expertise"]["clearence"] = 0.5' \
    "unknown-expertise.json: donors[1].expertise.clearence: unknown area id 'clearence' (did you mean 'clearance'?) (donor 'NOR')"
bad unknown-area-budget 'd["donors"][0]["area_budget"]["stockpile"] = 5' \
    "unknown-area-budget.json: donors[0].area_budget.stockpile: unknown area id 'stockpile' (donor 'NLD')"
bad unknown-parameter 'd["parameters"]["coordnation_cost"] = 5' \
    "unknown-parameter.json: parameters.coordnation_cost: unknown parameter 'coordnation_cost' (did you mean 'coordination_cost'?)"
bad horizon-zero 'd["parameters"]["horizon_days"] = 0' \
    "horizon-zero.json: parameters.horizon_days: must be a whole number from 1 to 1000000000, got '0'"
bad share-range 'd["parameters"]["expertise_share"] = 1.5' \
    "share-range.json: parameters.expertise_share: must be a number from 0 to 1, got '1.5'"
bad size-fraction 'd["parameters"]["max_coalition_size"] = 2.5' \
    "size-fraction.json: parameters.max_coalition_size: must be a whole number from 1 to 1000000000, got '2.5'"
bad param-as-of 'd["parameters"]["as_of"] = "2020-02-31"' \
    "param-as-of.json: parameters.as_of: not a date (YYYY-MM-DD), got '2020-02-31'"
bad list-not-array 'd["states"] = {"LAO": 1}' \
    "list-not-array.json: states: must be an array, got an object '{\"LAO\":1}'"
bad item-not-object 'd["areas"][1] = "victim_assistance"' \
    "item-not-object.json: areas[1]: must be an object, got a string 'victim_assistance'"

# several problems at once: every one is listed
bad many 'd["donors"][1]["budget"] = -1; d["needs"][0]["deadline"] = "2021-02-29"; d["needs"][2]["state"] = "XX"' \
"many.json: donors[1].budget: must be a finite number >= 0, got '-1' (donor 'NOR')
many.json: needs[0].deadline: not a date (YYYY-MM-DD), got '2021-02-29' (need 'LAO-clearance')
many.json: needs[2].state: unknown State id 'XX' (need 'IRQ-va')"

# unknown fields are warnings, and the plan is still written
python3 -c '
import json; d = json.load(open("tests/data/base.json")); d["donors"][0]["min_grnat"] = 5
json.dump(d, open("'"$TMP"'/typo.json", "w"))'
(cd "$TMP" && "$CO" plan typo.json --json typo-plan.json -q >out 2>err)
expect_eq "unknown field: exit" 0 "$?"
expect_eq "unknown field: warning" "warning: typo.json: donors[0]: unknown field 'min_grnat', ignored (did you mean 'min_grant'?) (donor 'NLD')" "$(cat "$TMP/err")"
[ -s "$TMP/typo-plan.json" ] && pass || fail "unknown field: no plan written"

# a failed dataset leaves an existing output file as it was
echo "earlier plan" >"$TMP/keep.json"
cp "$BASE" "$TMP/b.json"
python3 -c 'import json; d = json.load(open("'"$TMP"'/b.json")); d["needs"][0]["amount"] = -1; json.dump(d, open("'"$TMP"'/b.json", "w"))'
"$CO" plan "$TMP/b.json" --json "$TMP/keep.json" >/dev/null 2>&1
expect_eq "earlier output kept" "earlier plan" "$(cat "$TMP/keep.json")"

# `check` lists the same problems, and says ok for a valid dataset
expect_exit "check valid" 0 "$CO" check "$BASE"
# then its data gaps (warnings, exit 0): neither State of base.json has an
# ISO3 code; its needs all have deadlines or are not in clearance or
# stockpile, none is below reported, both donors have expertise
expect_eq "check valid: stdout" "tests/data/base.json: ok: 2 areas, 2 States, 2 donors, 3 needs

Data gaps: 2 (warnings, not errors)
  IRQ (Iraq): no ISO3 code
  LAO (Lao PDR): no ISO3 code" "$(cat "$TMP/out")"
expect_exit "check invalid" 3 "$CO" check "$TMP/many.json"
expect_eq "check invalid: count" 3 "$(wc -l <"$TMP/err")"
finish
