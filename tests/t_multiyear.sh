#!/usr/bin/env bash
# The multi-year fields of a dataset (MULTIYEAR.md "Data", "CSV
# bundle and scenarios"; docs/FORMATS-NOTES.md): tests/data/multiyear/
# loads, its hand-written CSV twin loads to exactly the same data, JSON ->
# CSV -> JSON is lossless, the CSV files hold what the format says, and
# each invalid input is refused with exit 3 and exactly its message (every
# value here is worked out by hand from the dataset, not printed by the
# engine once).
. "$(dirname "$0")/lib.sh"
MY=tests/data/multiyear/multiyear.json
TWIN=tests/data/multiyear/csv

## 1. the dataset, its twin, round trips

expect_exit "check" 0 "$CO" check "$MY"
expect_eq "check: stdout" "$MY: ok: 2 areas, 2 States, 2 donors, 4 needs" "$(head -n 1 "$TMP/out")"
expect_exit "check the CSV twin" 0 "$CO" check "$TWIN"
"$CO" convert "$MY" --json "$TMP/a.json" 2>"$TMP/err"
expect_eq "convert: stderr" "" "$(cat "$TMP/err")"
"$CO" convert "$TWIN" --json "$TMP/b.json" 2>"$TMP/err"
expect_eq "twin: stderr" "" "$(cat "$TMP/err")"
expect_file_same "the CSV twin is the JSON's data" "$TMP/a.json" "$TMP/b.json"
expect_exit "JSON -> CSV" 0 "$CO" convert "$MY" --csv "$TMP/csv"
expect_exit "CSV -> JSON" 0 "$CO" convert "$TMP/csv" --json "$TMP/c.json"
expect_file_same "JSON -> CSV -> JSON" "$TMP/a.json" "$TMP/c.json"
expect_exit "JSON -> JSON -> JSON" 0 "$CO" convert "$TMP/a.json" --json "$TMP/d.json"
expect_file_same "JSON -> JSON" "$TMP/a.json" "$TMP/d.json"

# what the files hold (MULTIYEAR.md "CSV bundle"), written out by hand
expect_eq "budgets_by_year.csv" "donor,year,amount
GBR,2020,1500000
GBR,2022,0" "$(nobom "$TMP/csv/budgets_by_year.csv")"
expect_eq "per_year_max.csv" "need,year,amount
SDN-stockpile,2019,100000
SDN-stockpile,2020,200000" "$(nobom "$TMP/csv/per_year_max.csv")"
expect_eq "parameters.csv" "name,value
name,multi-year test
as_of,2019-03-01
currency,USD
years_first,2019
years_last,2022
coordination_cost,10000" "$(nobom "$TMP/csv/parameters.csv")"
expect_eq "donors.csv" "id,name,budget,carry_over,max_states,min_grant,excluded_states,priority_states
GBR,United Kingdom,1000000,true,,50000,,
NOR,,500000,false,,0,," "$(nobom "$TMP/csv/donors.csv")"
expect_eq "needs.csv" "id,state,area,amount,secured,evidence,deadline,original_deadline,requested_deadline,per_year_max,work_unit,work_remaining,work_unit_cost,work_per_year,work_national_per_year,secured_by,note
LAO-clearance,LAO,clearance,2732800,100000,surveyed,2020-08-01,2019-08-01,2025-08-01,,m2,2240000,1.22,600000,150000,,
LAO-stockpile,LAO,stockpile,90000,0,estimated,,,,30000,,,,,,,
SDN-clearance,SDN,clearance,,0,0.5,2021-03-01,,,,items,1000,250,,,,
SDN-stockpile,SDN,stockpile,400000,0,reported,,,,,,,,,,," "$(nobom "$TMP/csv/needs.csv")"

# the JSON written: every field as given (amount of SDN-clearance not
# given: it is its work's 1000 * 250)
python3 - "$TMP/a.json" <<'PY' && pass || fail "JSON written"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["years"] == {"first": 2019, "last": 2022}, d["years"]
don = {x["id"]: x for x in d["donors"]}
assert don["GBR"]["budget_by_year"] == {"2020": 1500000, "2022": 0}
assert don["GBR"]["carry_over"] is True and don["NOR"]["carry_over"] is False
need = {x["id"]: x for x in d["needs"]}
assert need["LAO-clearance"]["work"] == {"unit": "m2", "remaining": 2240000, "unit_cost": 1.22,
                                          "per_year": 600000, "national_per_year": 150000}
assert need["LAO-clearance"]["requested_deadline"] == "2025-08-01"
assert "amount" not in need["SDN-clearance"]
assert need["SDN-clearance"]["work"] == {"unit": "items", "remaining": 1000, "unit_cost": 250}
assert need["SDN-stockpile"]["per_year_max"] == {"2019": 100000, "2020": 200000}
assert need["LAO-stockpile"]["per_year_max"] == 30000
PY
# a need's amount from its work: requested is MULTIYEAR.md's R_n = amount -
# secured - national money over the 4 years (150,000 a year for LAO)
"$CO" plan "$MY" --no-store -q --json "$TMP/plan.json" 2>"$TMP/err"
expect_eq "plan: exit" 0 "$?"
python3 - "$TMP/plan.json" <<'PY' && pass || fail "amounts from work"
import json, sys
r = {n["need"]: n["requested"] for n in json.load(open(sys.argv[1]))["needs"]}
assert r["SDN-clearance"] == 1000 * 250, r
assert r["LAO-clearance"] == 2732800 - 100000 - 4 * 150000, r
PY

## 2. invalid multi-year input (JSON): exit 3 and the exact message

# bad NAME PYTHON-EDIT EXPECTED-STDERR: `d` is the dataset in the edit
bad() {
    local name=$1 edit=$2 want=$3
    python3 - "$MY" "$TMP/$name.json" "$edit" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
don = {x["id"]: x for x in d["donors"]}
need = {x["id"]: x for x in d["needs"]}
exec(sys.argv[3])
json.dump(d, open(sys.argv[2], "w"), indent=1)
PY
    (cd "$TMP" && "$CO" check "$name.json" >out 2>err)
    expect_eq "$name: exit" "${RC:-3}" "$?"
    expect_eq "$name: message" "$want" "$(cat "$TMP/err")"
}
# warn NAME PYTHON-EDIT EXPECTED-STDERR: a warning, and the dataset is valid
warn() { RC=0 bad "$@"; }
# donors[1] is GBR, needs[0] LAO-clearance, [1] SDN-clearance, [2]
# SDN-stockpile, [3] LAO-stockpile (the file's order)
bad years-type 'd["years"] = 2019' \
    "years-type.json: years: must be an object, got a number '2019'"
bad years-first-missing 'del d["years"]["first"]' \
    "years-first-missing.json: years.first: required field is missing"
bad years-fraction 'd["years"]["first"] = 2019.5' \
    "years-fraction.json: years.first: must be a year (a whole number from 1000 to 9999), got '2019.5'"
bad years-string 'd["years"]["last"] = "2022"' \
    "years-string.json: years.last: must be a year (a whole number from 1000 to 9999), got a string '2022'"
warn years-unknown 'd["years"]["frist"] = 2019' \
    "warning: years-unknown.json: years: unknown field 'frist', ignored (did you mean 'first'?)"
bad years-order 'd["years"] = {"first": 2021, "last": 2020}' \
    "years-order.json: years.last: must not be before years.first (2021), got '2020'"
bad years-31 'd["years"]["last"] = 2049' \
    "years-31.json: years.last: must be at most 2048 (at most 30 years from 2019), got '2049'"
bad years-as-of 'del d["as_of"]' \
    "years-as-of.json: as_of: required field is missing (the dataset has years)"
bad years-before-as-of 'd["years"]["first"] = 2018' \
    "years-before-as-of.json: years.first: must not be before the year of as_of (2019), got '2018'"
bad budget-year-range 'don["GBR"]["budget_by_year"]["2023"] = 5' \
    "budget-year-range.json: donors[1].budget_by_year: must be a year from 2019 to 2022 (the dataset's years), got '2023' (donor 'GBR')"
bad budget-year-key 'don["GBR"]["budget_by_year"]["20x1"] = 5' \
    "budget-year-key.json: donors[1].budget_by_year: keys must be years (1000 to 9999), got '20x1' (donor 'GBR')"
bad budget-year-negative 'don["GBR"]["budget_by_year"]["2020"] = -5' \
    "budget-year-negative.json: donors[1].budget_by_year.2020: must be a finite number >= 0, got '-5' (donor 'GBR')"
bad budget-year-type 'don["GBR"]["budget_by_year"] = 1500000' \
    "budget-year-type.json: donors[1].budget_by_year: must be an object of year to number, got a number '1500000' (donor 'GBR')"
bad carry-over-type 'don["NOR"]["carry_over"] = "yes"' \
    "carry-over-type.json: donors[0].carry_over: must be true or false, got a string 'yes' (donor 'NOR')"
bad per-year-range 'need["SDN-stockpile"]["per_year_max"]["2018"] = 1' \
    "per-year-range.json: needs[2].per_year_max: must be a year from 2019 to 2022 (the dataset's years), got '2018' (need 'SDN-stockpile')"
bad per-year-negative 'need["LAO-stockpile"]["per_year_max"] = -1' \
    "per-year-negative.json: needs[3].per_year_max: must be a finite number >= 0, got '-1' (need 'LAO-stockpile')"
bad per-year-type 'need["LAO-stockpile"]["per_year_max"] = "30000"' \
    "per-year-type.json: needs[3].per_year_max: must be a number or an object of year to number, got a string '30000' (need 'LAO-stockpile')"
bad per-year-beside-work 'need["SDN-clearance"]["per_year_max"] = 100' \
    "per-year-beside-work.json: needs[1].per_year_max: not allowed beside work (its work.per_year is the capacity) (need 'SDN-clearance')"
bad requested-no-deadline 'need["SDN-stockpile"]["requested_deadline"] = "2022-01-01"' \
    "requested-no-deadline.json: needs[2].requested_deadline: only on a need with a deadline, got '2022-01-01' (need 'SDN-stockpile')"
bad requested-before 'need["LAO-clearance"]["requested_deadline"] = "2020-07-31"' \
    "requested-before.json: needs[0].requested_deadline: must not be before deadline (2020-08-01), got '2020-07-31' (need 'LAO-clearance')"
bad requested-date 'need["LAO-clearance"]["requested_deadline"] = "2025-02-29"' \
    "requested-date.json: needs[0].requested_deadline: not a date (YYYY-MM-DD), got '2025-02-29' (need 'LAO-clearance')"
# 2240000 m2 at 1.22 USD is 2732800 USD: 2732801 agrees to one USD, 2732802 not
python3 - "$MY" "$TMP/amount-ok.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["needs"][0]["amount"] = 2732801
json.dump(d, open(sys.argv[2], "w"))
PY
expect_exit "amount within one USD of work" 0 "$CO" check "$TMP/amount-ok.json"
bad amount-work 'need["LAO-clearance"]["amount"] = 2732802' \
    "amount-work.json: needs[0].amount: must be remaining * unit_cost of its work (2240000 * 1.22 = 2732800) to one USD, got '2732802' (need 'LAO-clearance')"
bad work-type 'need["SDN-clearance"]["work"] = 5' \
    "work-type.json: needs[1].work: must be an object, got a number '5' (need 'SDN-clearance')"
bad work-unit 'del need["SDN-clearance"]["work"]["unit"]' \
    "work-unit.json: needs[1].work.unit: required field is missing (need 'SDN-clearance')"
bad work-cost-zero 'need["SDN-clearance"]["work"]["unit_cost"] = 0' \
    "work-cost-zero.json: needs[1].work.unit_cost: must be a finite number > 0, got '0' (need 'SDN-clearance')"
bad work-remaining 'need["SDN-clearance"]["work"]["remaining"] = -1' \
    "work-remaining.json: needs[1].work.remaining: must be a finite number >= 0, got '-1' (need 'SDN-clearance')"
warn work-unknown 'need["SDN-clearance"]["work"]["units"] = "x"' \
    "warning: work-unknown.json: needs[1].work: unknown field 'units', ignored (did you mean 'unit'?) (need 'SDN-clearance')"
# capacity 600000 m2 a year at 1.22 USD: 732000 USD a year
bad national-capacity 'need["LAO-clearance"]["work"]["national_per_year"] = 732001' \
    "national-capacity.json: needs[0].work.national_per_year: must not exceed the capacity, per_year * unit_cost (600000 * 1.22 = 732000), got '732001' (need 'LAO-clearance')"
bad no-amount-no-work 'del need["SDN-stockpile"]["amount"]' \
    "no-amount-no-work.json: needs[2].amount: required field is missing (need 'SDN-stockpile')"

## 3. the same fields in a dataset without years: errors that name years

bad no-years 'del d["years"]' \
"no-years.json: donors[0].carry_over: only in a dataset with \"years\" (donor 'NOR')
no-years.json: donors[1].carry_over: only in a dataset with \"years\" (donor 'GBR')
no-years.json: donors[1].budget_by_year: only in a dataset with \"years\" (donor 'GBR')
no-years.json: needs[0].requested_deadline: only in a dataset with \"years\" (need 'LAO-clearance')
no-years.json: needs[0].work: only in a dataset with \"years\" (need 'LAO-clearance')
no-years.json: needs[1].work: only in a dataset with \"years\" (need 'SDN-clearance')
no-years.json: needs[2].per_year_max: only in a dataset with \"years\" (need 'SDN-stockpile')
no-years.json: needs[3].per_year_max: only in a dataset with \"years\" (need 'LAO-stockpile')"

## 4. invalid multi-year input (CSV bundle): exit 3 and the exact message

# badcsv NAME FILE PYTHON-EDIT EXPECTED-STDERR: the bundle $TMP/csv (what
# convert wrote above, checked against the hand-written lines) with FILE's
# text `t` edited
badcsv() {
    local name=$1 file=$2 edit=$3 want=$4
    rm -rf "${TMP:?}/$name"
    cp -r "$TMP/csv" "$TMP/$name"
    python3 - "$TMP/$name/$file" "$edit" <<'PY'
import sys
t = open(sys.argv[1]).read()
exec(sys.argv[2])
open(sys.argv[1], "w").write(t)
PY
    (cd "$TMP" && "$CO" check "$name" >out 2>err)
    expect_eq "$name: exit" 3 "$?"
    expect_eq "$name: message" "$want" "$(cat "$TMP/err")"
}
badcsv c-year budgets_by_year.csv 't = t.replace("GBR,2020,", "GBR,20x0,")' \
    "c-year/budgets_by_year.csv:2: year: must be a year (a whole number from 1000 to 9999), got '20x0'"
badcsv c-year-range budgets_by_year.csv 't += "GBR,2023,5\n"' \
    "c-year-range/budgets_by_year.csv:4: year: must be a year from 2019 to 2022 (the dataset's years), got '2023'"
badcsv c-year-twice budgets_by_year.csv 't += "GBR,2020,7\n"' \
    "c-year-twice/budgets_by_year.csv:4: year: year 2020 given twice"
badcsv c-year-amount budgets_by_year.csv 't += "GBR,2021,-5\n"' \
    "c-year-amount/budgets_by_year.csv:4: amount: must be a finite number >= 0, got '-5'"
badcsv c-year-donor budgets_by_year.csv 't += "GBX,2021,5\n"' \
    "c-year-donor/budgets_by_year.csv:4: donor: unknown id 'GBX' (did you mean 'GBR'?)"
badcsv c-carry donors.csv 't = t.replace(",true,", ",yes,")' \
    "c-carry/donors.csv:2: carry_over: must be true or false, got 'yes'"
badcsv c-work-unit needs.csv 't = t.replace(",m2,", ",,")' \
    "c-work-unit/needs.csv:2: work_unit: required with work, got ''"
badcsv c-work-cost needs.csv 't = t.replace(",items,1000,250,", ",items,1000,0,")' \
    "c-work-cost/needs.csv:4: work_unit_cost: must be a finite number > 0, got '0'"
badcsv c-years-last parameters.csv 't = t.replace("years_last,2022\n", "")' \
    "c-years-last/parameters.csv:5: years_last: required field is missing"
badcsv c-years-first parameters.csv 't = t.replace("years_first,2019", "years_first,19")' \
    "c-years-first/parameters.csv:5: years_first: must be a year (a whole number from 1000 to 9999), got '19'"
badcsv c-years-order parameters.csv 't = t.replace("years_last,2022", "years_last,2018")' \
    "c-years-order/parameters.csv:6: years_last: must not be before years_first (2019), got '2018'"
badcsv c-per-year-both per_year_max.csv 't += "LAO-stockpile,2019,5\n"' \
    "c-per-year-both/per_year_max.csv:4: need: need 'LAO-stockpile' has one per_year_max for every year in needs.csv already (give that, or values by year)"
badcsv c-requested needs.csv 't = t.replace(",2020-08-01,2019-08-01,2025-08-01,", ",2020-08-01,2019-08-01,2020-01-01,")' \
    "c-requested/needs.csv:2: requested_deadline: must not be before deadline (2020-08-01), got '2020-01-01'"
Y="only in a dataset with years (years_first and years_last in parameters.csv)"
badcsv c-no-years parameters.csv 't = t.replace("years_first,2019\nyears_last,2022\n", "")' \
"c-no-years/donors.csv:2: carry_over: $Y
c-no-years/budgets_by_year.csv:2: $Y
c-no-years/donors.csv:3: carry_over: $Y
c-no-years/needs.csv:2: requested_deadline: $Y
c-no-years/needs.csv:2: work: $Y
c-no-years/needs.csv:3: per_year_max: $Y
c-no-years/needs.csv:4: work: $Y
c-no-years/per_year_max.csv:2: $Y"

finish
