#!/usr/bin/env bash
# Files as coordinators' spreadsheets make them (issue 13), each kind with
# a small input: refused with exit 3, exactly the message (file, line or
# path, field, value, and what the text looks like), and no output; or
# read, and then the plan is checked by tests/plancheck.py against the same
# data written as JSON here (independently of the engine) and is the plan
# of that JSON. Kinds: numbers with decimal commas or thousands separators;
# HXL hashtag rows and the header again; States and areas nothing uses;
# UTF-16 files; Excel's "sep=" line; ';'-separated files with decimal
# commas; and the CSV the engine writes: a byte-order mark, formula-like
# text cells guarded, the loader's round trip lossless.
. "$(dirname "$0")/lib.sh"
BASE=tests/data/base.json
CHECK="python3 $PWD/tests/plancheck.py"

"$CO" convert "$BASE" --csv "$TMP/base" || fail "convert $BASE"

# mkcsv NAME FILE PYTHON: the bundle $TMP/NAME from the base bundle; the
# code edits FILE's text `t` (read and written as UTF-8; the byte-order
# mark is its first character), or sets `raw` (bytes)
mkcsv() {
    rm -rf "${TMP:?}/$1"
    cp -r "$TMP/base" "$TMP/$1"
    python3 - "$TMP/$1/$2" "$3" <<'PY'
import sys
p = sys.argv[1]
t = open(p, encoding="utf-8", newline="").read()
raw = None
exec(sys.argv[2])
if raw is None:
    raw = t.encode()
open(p, "wb").write(raw)
PY
}

# expect_bad WHAT EXPECTED-STDERR DATASET [OPTIONS...]: exit 3, exactly
# the message, no plan or CSV written
expect_bad() {
    local what=$1 want=$2 ds=$3
    shift 3
    rm -rf "$TMP/out.json" "$TMP/outcsv"
    (cd "$TMP" && "$CO" plan "$ds" --no-store --json out.json --csv outcsv "$@" >out 2>err)
    expect_eq "$what: exit" 3 "$?"
    expect_eq "$what: message" "$want" "$(cat "$TMP/err")"
    if [ -e "$TMP/out.json" ] || [ -e "$TMP/outcsv" ]; then fail "$what: an output was written"; else pass; fi
}

# expect_plan WHAT DATASET TWIN.json [EXPECTED-STDERR]: the plan of DATASET
# is written with exactly that on stderr, passes plancheck.py against
# TWIN.json, and equals TWIN.json's plan apart from dataset and timing
expect_plan() {
    local what=$1 ds=$2 twin=$3 want=${4:-}
    rm -f "$TMP/p.json" "$TMP/twin.plan.json"
    (cd "$TMP" && "$CO" plan "$ds" --no-store -q --json p.json >out 2>err)
    expect_eq "$what: exit" 0 "$?"
    expect_eq "$what: stderr" "$want" "$(cat "$TMP/err")"
    local r
    r=$($CHECK "$TMP/$twin" "$TMP/p.json" 2>&1 | tail -n 1)
    case "$r" in OK*) pass ;; *) fail "$what: plancheck: $r" ;; esac
    (cd "$TMP" && "$CO" plan "$twin" --no-store -q --json twin.plan.json 2>/dev/null)
    python3 - "$TMP/p.json" "$TMP/twin.plan.json" <<'PY' && pass || fail "$what: not the plan of $twin"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("dataset", "timing"):
    a.pop(k), b.pop(k)
sys.exit(a != b)
PY
}

cp "$BASE" "$TMP/base.json"

## 1. Numbers with decimal commas and thousands separators: what each
## looks like, and never an edit that changes the value's magnitude

mkcsv dc donors.csv 't = t.replace(",1000000,", ",\"920000,50\",")'
expect_bad "CSV: two digits after the comma" \
    "dc/donors.csv:2: budget: must be a number, got '920000,50' (looks like a decimal comma: write 920000.50)" dc
mkcsv dc-dots donors.csv 't = t.replace(",1000000,", ",\"1.234.567,50\",")'
expect_bad "CSV: a dot-grouped integer part" \
    "dc-dots/donors.csv:2: budget: must be a number, got '1.234.567,50' (looks like a decimal comma: write 1234567.50)" \
    dc-dots
mkcsv dc-zero expertise.csv 't = t.replace(",0.7", ",\"0,7\"")'
expect_bad "CSV: a leading 0," \
    "dc-zero/expertise.csv:4: level: must be a number, got '0,7' (looks like a decimal comma: write 0.7)" dc-zero
mkcsv dc-evidence needs.csv 't = t.replace(",0.6,", ",\"0,6\",")'
expect_bad "CSV: an evidence level with a decimal comma" \
    "dc-evidence/needs.csv:2: evidence: must be a level name or a number in [0, 1], got '0,6' (looks like a decimal comma: write 0.6)" \
    dc-evidence
mkcsv th donors.csv 't = t.replace(",1000000,", ",\"920,000\",")'
expect_bad "CSV: ',000'" \
    "th/donors.csv:2: budget: must be a number, got '920,000' (looks like a thousands separator: write 920000)" th
mkcsv th-many donors.csv 't = t.replace(",1000000,", ",\"1,234,567.50\",")'
expect_bad "CSV: comma groups and a decimal point" \
    "th-many/donors.csv:2: budget: must be a number, got '1,234,567.50' (looks like thousands separators: write 1234567.50)" \
    th-many
mkcsv th-nbsp donors.csv 't = t.replace(",1000000,", ",1\u00a0234\u00a0567,")'
expect_bad "CSV: no-break spaces (a French spreadsheet)" \
    "th-nbsp/donors.csv:2: budget: must be a number, got '1\\xc2\\xa0234\\xc2\\xa0567' (looks like thousands separators: write 1234567)" \
    th-nbsp
mkcsv amb donors.csv 't = t.replace(",1000000,", ",\"1,234\",")'
expect_bad "CSV: 1,234 is ambiguous" \
    "amb/donors.csv:2: budget: must be a number, got '1,234' (is ',' a thousands separator or a decimal comma? write 1234 or 1.234)" \
    amb
mkcsv tiny needs.csv 't = t.replace(",100000,surveyed", ",1e-400,surveyed")'
expect_bad "CSV: a number that would read as 0" \
    "tiny/needs.csv:4: secured: must be a number, got '1e-400' (too close to 0: it would read as 0)" tiny
mkcsv dc-param parameters.csv 't += "coverage_floor,\"0,3\"\n"'
expect_bad "CSV: a parameter with a decimal comma" \
    "dc-param/parameters.csv:7: coverage_floor: must be a number from 0 to 1, got '0,3' (looks like a decimal comma: write 0.3)" \
    dc-param
rm -rf "$TMP/out.json"
(cd "$TMP" && "$CO" plan base.json --no-store --set coverage_floor=0,3 --json out.json >out 2>err)
expect_eq "--set with a decimal comma: exit" 2 "$?"
expect_eq "--set with a decimal comma: message" \
    "--set: coverage_floor: must be a number from 0 to 1, got '0,3' (looks like a decimal comma: write 0.3)
coalitions plan: bad --set value
Try 'coalitions plan --help'." "$(cat "$TMP/err")"
# the suggested texts read as the values the shapes show
mkcsv dc-fixed donors.csv 't = t.replace(",1000000,", ",920000.50,")'
mkjson dc-fixed.json 'd["donors"][0]["budget"] = 920000.50'
expect_plan "CSV: the decimal comma as suggested" dc-fixed dc-fixed.json

## 2. Rows that are not data: HXL hashtags, the header again

mkcsv hxl states.csv 't = t.replace("id,name\n", "id,name\n#country+code,#country+name\n")'
expect_plan "CSV: an HXL hashtag row under the header" hxl base.json \
    "warning: hxl/states.csv:2: an HXL hashtag row ('#country+code'), skipped"
mkcsv hxl-gap needs.csv 't = t.replace("note\n", "note\n#activity+id,#country+code,#sector, ,#value+total,,,,,\n")'
expect_plan "CSV: an HXL row with untagged columns" hxl-gap base.json \
    "warning: hxl-gap/needs.csv:2: an HXL hashtag row ('#activity+id'), skipped"
mkcsv hxl-first states.csv 't = "#country+code,#country+name\nIRQ,Iraq\nLAO,Lao PDR\n"'
expect_bad "CSV: an HXL row where the header is expected" \
    "hxl-first/states.csv:1: an HXL hashtag row ('#country+code') where the column names are expected (the first row names the columns: id, ...)" \
    hxl-first
mkcsv again areas.csv 't = t.replace("clearance,Clearance\n", "clearance,Clearance\nid,name\n")'
expect_plan "CSV: the header again (two files joined)" again base.json \
    "warning: again/areas.csv:3: the header row again (files joined?), skipped"
# a row that is data is not taken for either
mkcsv notag states.csv 't = t.replace("LAO,Lao PDR", "LAO,#LaoPDR")'
mkjson notag.json 'd["states"][0]["name"] = "#LaoPDR"'
expect_plan "CSV: a name starting with '#' is data" notag notag.json

# a State no need is in, an area nothing names: warnings, the plan is made
mkjson spare.json 'd["states"].append({"id": "SYR"}); d["areas"].append({"id": "stockpile"})'
expect_plan "JSON: a State without needs, an area nobody uses" spare.json spare.json \
    "warning: spare.json: states[2]: no need is in State 'SYR' (it can get no coalition) (state 'SYR')
warning: spare.json: areas[2]: no need, expertise or area budget names area 'stockpile' (area 'stockpile')"
mkcsv spare states.csv 't += "SYR,Syria\n"'
mkjson spare-twin.json 'd["states"].append({"id": "SYR", "name": "Syria"})'
expect_plan "CSV: a State without needs" spare spare-twin.json \
    "warning: spare/states.csv:4: no need is in State 'SYR' (it can get no coalition)"
# an area a donor's expertise names is used
mkjson expert.json 'd["areas"].append({"id": "stockpile"}); d["donors"][1]["expertise"]["stockpile"] = 0.5'
expect_plan "JSON: an area only expertise names" expert.json expert.json

## 4. Money compared to half a cent, as every output rounds it

# secured as a script summed it: 1234567.8900000001 is 1234567.89
mkjson sum.json 'd["needs"][0]["amount"] = 1234567.89; d["needs"][0]["secured"] = 1234567.8900000001'
python3 -c 'assert 1234567.8900000001 > 1234567.89' && pass || fail "the two amounts are the same double"
expect_plan "secured above amount by less than half a cent" sum.json sum.json
mkjson cent.json 'd["needs"][0]["amount"] = 1234567.89; d["needs"][0]["secured"] = 1234567.90'
expect_bad "secured above amount by a cent" \
    "cent.json: needs[0].secured: must not exceed amount (1234567.89), got '1234567.9' (need 'LAO-clearance')" \
    cent.json
# what a State pays itself, against the capacity per_year * unit_cost:
# 100 * 1.15 is 114.99999999999999 in binary floating point
python3 - datasets/multiyear/work.json "$TMP" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for k in ("year_discount", "late_factor"):  # (the multi-year model's, not needed here)
    d["parameters"].pop(k, None)
w = [n for n in d["needs"] if n["id"] == "SW-clearance"][0]
w["work"].update(remaining=1000000, unit_cost=1.15, per_year=100, national_per_year=115)
w["amount"] = 1150000
json.dump(d, open(sys.argv[2] + "/capacity.json", "w"))
w["work"]["national_per_year"] = 115.01
json.dump(d, open(sys.argv[2] + "/capacity2.json", "w"))
assert 100 * 1.15 < 115
PY
expect_exit "national_per_year at the capacity" 0 "$CO" check "$TMP/capacity.json"
expect_exit "national_per_year a cent above it" 3 "$CO" check "$TMP/capacity2.json"
expect_eq "national_per_year a cent above it: message" \
    "$TMP/capacity2.json: needs[1].work.national_per_year: must not exceed the capacity, per_year * unit_cost (100 * 1.15 = 115), got '115.01' (need 'SW-clearance')" \
    "$(cat "$TMP/err")"
# a pledge of all a need still asks for: 1234567.89 - 234567.89 is
# 999999.9999999999; the pledge is kept, as the whole of it
mkjson pledge.json 'd["needs"][0]["amount"] = 1234567.89; d["needs"][0]["secured"] = 234567.89; d["donors"][1]["budget"] = 2000000'
cat >"$TMP/pledge-s.json" <<'JSON'
{"scenarios": [{"name": "all of it", "changes": [
  {"op": "pledge", "donor": "NOR", "need": "LAO-clearance", "amount": 1000000}]}]}
JSON
(cd "$TMP" && "$CO" whatif pledge.json pledge-s.json --no-store --json-dir wi >out 2>err)
expect_eq "a pledge of the whole need: exit" 0 "$?"
python3 - "$TMP/wi" <<'PY' && pass || fail "a pledge of the whole need: not kept"
import json, os, sys
plans = [json.load(open(os.path.join(sys.argv[1], f))) for f in os.listdir(sys.argv[1])
         if f not in ("baseline.json", "comparison.json")]
assert len(plans) == 1, os.listdir(sys.argv[1])
got = [a["amount"] for a in plans[0]["allocations"] if a["donor"] == "NOR" and a["need"] == "LAO-clearance"]
assert got == [1000000.0], got
PY

## 6. Encodings and Excel's quirks

mkcsv u16 states.csv 'raw = t.lstrip("\ufeff").encode("utf-16")'
expect_bad "CSV: UTF-16 (Excel's Unicode Text)" \
    "u16/states.csv: the file is UTF-16 (Excel's \"Unicode Text\", a PowerShell redirect), not UTF-8: save it as UTF-8 (CSV UTF-8 in Excel)" \
    u16
mkcsv u16be needs.csv 'raw = t.lstrip("\ufeff").encode("utf-16-be")'
expect_bad "CSV: UTF-16 without a byte-order mark" \
    "u16be/needs.csv: the file is UTF-16 without a byte-order mark (Excel's \"Unicode Text\", a PowerShell redirect), not UTF-8: save it as UTF-8 (CSV UTF-8 in Excel)" \
    u16be
mkjson u16.json 'raw = b"\xff\xfe" + open(sys.argv[1]).read().encode("utf-16-le")'
expect_bad "JSON: UTF-16 (a PowerShell redirect)" \
    "u16.json: the file is UTF-16 (a PowerShell redirect, Notepad's \"Unicode\"), not UTF-8: save it as UTF-8" \
    u16.json
mkcsv cp1252 states.csv 'raw = t.lstrip("\ufeff").replace("Iraq", "Côte d\u2019Ivoire").encode("cp1252")'
expect_bad "CSV: Excel's CSV (Comma delimited), Windows-1252" \
    "cp1252/states.csv:2: not valid UTF-8 in 'IRQ,C\\xf4te d\\x92Iv' (save the file as UTF-8: CSV UTF-8 in Excel)" \
    cp1252
mkcsv sep areas.csv 't = "sep=,\r\n" + t.lstrip("\ufeff")'
expect_plan "CSV: Excel's sep=, line" sep base.json "warning: sep/areas.csv:1: Excel's 'sep=,' line, skipped"
mkcsv sep-bad needs.csv 't = "sep=|\n" + t.lstrip("\ufeff").replace(",", "|")'
expect_bad "CSV: another separator named once" \
    "sep-bad/needs.csv:1: 'sep=|': cells separated by '|' are not read (save the file as CSV, with ',' or ';' between cells)" \
    sep-bad

# a bundle as a spreadsheet in a decimal-comma locale saves it: ';'
# between cells, decimal commas, lists of States quoted, one file with
# Excel's sep=; line; read as the JSON twin written here
semi() {
    python3 - "$TMP/base" "$TMP/$1" "$2" <<'PY'
import csv, io, os, sys
src, dst = sys.argv[1], sys.argv[2]
os.makedirs(dst, exist_ok=True)
for f in os.listdir(src):
    rows = list(csv.reader(open(os.path.join(src, f), encoding="utf-8-sig", newline="")))
    def loc(c):  # a number as the locale writes it
        try:
            float(c)
        except ValueError:
            return c
        return c.replace(".", ",")
    rows = [rows[0]] + [[loc(c) for c in r] for r in rows[1:]]
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\r\n").writerows(rows)
    text = out.getvalue()
    exec(sys.argv[3])
    open(os.path.join(dst, f), "w", encoding="utf-8-sig", newline="").write(text)
PY
}
semi semi 'text = "sep=;\r\n" + text if f == "areas.csv" else text'
grep -q '^NLD;clearance;0,9' "$TMP/semi/expertise.csv" && pass || fail "semi: no decimal comma in expertise.csv"
mkjson semi.json 'd["donors"][0]["priority_states"] = ["LAO", "IRQ"]'
semi semi2 'text = text.replace(";LAO\r\n", ";\"LAO;IRQ\"\r\n") if f == "donors.csv" else text'
grep -q ';"LAO;IRQ"' "$TMP/semi2/donors.csv" && pass || fail "semi2: the list is not quoted"
expect_plan "CSV: ';' between cells, decimal commas" semi2 semi.json
expect_plan "CSV: ';' with Excel's sep=; line" semi base.json "warning: semi/areas.csv:1: Excel's 'sep=;' line, skipped"
semi semi-amb 'text = text.replace(";1000000;", ";1.000;") if f == "donors.csv" else text'
expect_bad "CSV: ';' file, 1.000 (a point that may group thousands)" \
    "semi-amb/donors.csv:2: budget: must be a number, got '1.000' (looks like a thousands separator: write 1000)" semi-amb
semi semi-amb2 'text = text.replace(";1000000;", ";1.234;") if f == "donors.csv" else text'
expect_bad "CSV: ';' file, 1.234 is ambiguous" \
    "semi-amb2/donors.csv:2: budget: must be a number, got '1.234' (is '.' a thousands separator or a decimal point? write 1234 or 1,234)" \
    semi-amb2
semi semi-grp 'text = text.replace(";1000000;", ";1.000.000,00;") if f == "donors.csv" else text'
expect_bad "CSV: ';' file, dot groups" \
    "semi-grp/donors.csv:2: budget: must be a number, got '1.000.000,00' (looks like thousands separators: write 1000000,00)" \
    semi-grp
semi semi-param 'text = text + "coverage_floor;0,3\r\n" if f == "parameters.csv" else text'
mkjson semi-param.json 'd["parameters"]["coverage_floor"] = 0.3'
expect_plan "CSV: ';' file, a parameter with a decimal comma" semi-param semi-param.json

## 3. The CSV the engine writes: what Excel opens correctly, no formulas

# text cells a spreadsheet would take for formulas, and one it would
# garble without a byte-order mark
mkjson cells.json '
d["states"][1]["name"] = "=HYPERLINK(\"http://x.example\",\"Iraq\")"
d["states"][0]["name"] = "Côte d\u2019Ivoire"
d["donors"][0]["name"] = "+31 Netherlands"
d["donors"][1]["name"] = "@SUM(A1:A9)"
d["areas"][0]["name"] = "-clearance"
d["areas"][1]["name"] = "\tindented"
d["needs"][0]["note"] = "\r=1+1"
d["needs"][0]["secured_by"] = "'"'"'=already guarded"
d["needs"][1]["note"] = "'"'"'s-Hertogenbosch"
d["needs"][2]["note"] = "'"'"''"'"'two apostrophes"
d["name"] = "-5"'
expect_exit "convert --csv: formula-like cells" 0 "$CO" convert "$TMP/cells.json" --csv "$TMP/cells"
for f in "$TMP"/cells/*.csv; do
    [ "$(head -c 3 "$f" | od -An -tx1 | tr -d ' ')" = efbbbf ] && pass ||
        fail "convert --csv: $(basename "$f") does not start with a byte-order mark"
done
expect_eq "states.csv as written" "$(printf '\357\273\277id,name\nIRQ,"'"'"'=HYPERLINK(""http://x.example"",""Iraq"")"\nLAO,Côte d\342\200\231Ivoire')" \
    "$(cat "$TMP/cells/states.csv")"
expect_eq "areas.csv as written" "$(printf '\357\273\277id,name\nclearance,'"'"'-clearance\nvictim_assistance,'"'"'\tindented')" \
    "$(cat "$TMP/cells/areas.csv")"
python3 - "$TMP/cells" <<'PY' && pass || fail "convert --csv: cells as a spreadsheet reads them"
import csv, sys
d = sys.argv[1]
def rows(f):
    return {r[0]: r for r in csv.reader(open(f"{d}/{f}", encoding="utf-8-sig", newline=""))}
assert rows("donors.csv")["NLD"][1] == "'+31 Netherlands", rows("donors.csv")
assert rows("donors.csv")["NOR"][1] == "'@SUM(A1:A9)"
needs = rows("needs.csv")
assert needs["LAO-clearance"][9] == "'\r=1+1", needs["LAO-clearance"]
assert needs["LAO-clearance"][8] == "''=already guarded", needs["LAO-clearance"]
assert needs["IRQ-clearance"][9] == "'s-Hertogenbosch", needs["IRQ-clearance"]  # not guarded
assert needs["IRQ-va"][9] == "'''two apostrophes", needs["IRQ-va"]
assert rows("parameters.csv")["name"][1] == "'-5"  # text, though it looks like a number
assert rows("needs.csv")["IRQ-clearance"][3] == "700000"  # numbers are never guarded
PY
# the loader takes the guards away: JSON -> CSV -> JSON is lossless
expect_exit "cells: convert --json" 0 "$CO" convert "$TMP/cells.json" --json "$TMP/cells.norm.json"
expect_exit "cells: the bundle back to JSON" 0 "$CO" convert "$TMP/cells" --json "$TMP/cells.back.json"
expect_file_same "cells: JSON -> CSV -> JSON" "$TMP/cells.norm.json" "$TMP/cells.back.json"
# plan CSVs: the same guard and byte-order mark
(cd "$TMP" && "$CO" plan cells.json --no-store -q --csv cellsplan 2>/dev/null)
for f in coalitions allocations donors needs; do
    [ "$(head -c 3 "$TMP/cellsplan/$f.csv" | od -An -tx1 | tr -d ' ')" = efbbbf ] && pass ||
        fail "plan --csv: $f.csv does not start with a byte-order mark"
done
python3 - "$TMP/cellsplan" <<'PY' && pass || fail "plan --csv: cells as a spreadsheet reads them"
import csv, sys
d = sys.argv[1]
rows = {r["state"]: r for r in csv.DictReader(open(f"{d}/coalitions.csv", encoding="utf-8-sig", newline=""))}
assert rows["IRQ"]["name"] == "'=HYPERLINK(\"http://x.example\",\"Iraq\")", rows["IRQ"]
assert rows["LAO"]["name"] == "Côte d\u2019Ivoire", rows["LAO"]
donors = {r["donor"]: r for r in csv.DictReader(open(f"{d}/donors.csv", encoding="utf-8-sig", newline=""))}
assert donors["NLD"]["name"] == "'+31 Netherlands", donors["NLD"]
assert donors["NOR"]["name"] == "'@SUM(A1:A9)", donors["NOR"]
PY
finish
