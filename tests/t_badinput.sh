#!/usr/bin/env bash
# Malformed input, as coordinators' files will be: each kind is refused by
# `plan` with exit 3 (5 where a file cannot be read), exactly the message
# that names the file, the line or field and the bad value, no output
# file, no run store, and earlier outputs left as they were. Then writes
# that fail (a full disk, a read-only folder: simulated by the LD_PRELOAD
# shim tests/fault/faultwrite.c) leave the earlier files intact, no
# temporary file behind, and exit 5 with the reason. (The value checks of
# tests/data/base.json one field at a time are in t_validate.sh.)
. "$(dirname "$0")/lib.sh"
BASE=tests/data/base.json
SHIM=$PWD/${BUILD:-build}/tests/faultwrite.so

# the base bundle: base.json as CSV (t_csv.sh checks convert)
"$CO" convert "$BASE" --csv "$TMP/base" || fail "convert $BASE"

# mkcsv NAME FILE PYTHON: the bundle $TMP/NAME from the base bundle; the
# code edits FILE's text `t`, or sets `raw` (bytes), or sets t = None to
# remove the file
mkcsv() {
    rm -rf "${TMP:?}/$1"
    cp -r "$TMP/base" "$TMP/$1"
    python3 - "$TMP/$1/$2" "$3" <<'PY'
import os, sys
p = sys.argv[1]
t = open(p, encoding="utf-8", newline="").read() if os.path.exists(p) else ""
raw = None
exec(sys.argv[2])
if raw is not None:
    open(p, "wb").write(raw)
elif t is None:
    os.remove(p)
else:
    open(p, "w", encoding="utf-8", newline="").write(t)
PY
}

echo "earlier plan" >"$TMP/keep.json"
mkdir -p "$TMP/keepcsv"
echo "earlier csv" >"$TMP/keepcsv/needs.csv"

# expect_bad WHAT CODE EXPECTED-STDERR DATASET [OPTIONS...]: `plan DATASET`
# (a path relative to $TMP) fails with exit CODE and exactly the message;
# no output file and no run store appear, and earlier outputs are kept
expect_bad() {
    local what=$1 want_rc=$2 want=$3 ds=$4
    shift 4
    rm -rf "$TMP/out.json" "$TMP/outcsv" "$COALITIONS_DB"
    (cd "$TMP" && "$CO" plan "$ds" --json out.json --csv outcsv "$@" >out 2>err)
    local rc=$?
    expect_eq "$what: exit" "$want_rc" "$rc"
    expect_eq "$what: message" "$want" "$(cat "$TMP/err")"
    if [ -e "$TMP/out.json" ] || [ -e "$TMP/outcsv" ] || [ -e "$COALITIONS_DB" ]; then
        fail "$what: an output was written"
    else pass; fi
    (cd "$TMP" && "$CO" plan "$ds" --no-store --json keep.json --csv keepcsv "$@" >/dev/null 2>&1)
    expect_eq "$what: earlier plan kept" "earlier plan" "$(cat "$TMP/keep.json")"
    expect_eq "$what: earlier CSV kept" "earlier csv" "$(cat "$TMP/keepcsv/needs.csv")"
}

# expect_ok WHAT DATASET [EXPECTED-STDERR]: a plan is written
expect_ok() {
    rm -f "$TMP/ok.json"
    (cd "$TMP" && "$CO" plan "$2" --no-store -q --json ok.json >out 2>err)
    local rc=$?
    expect_eq "$1: exit" 0 "$rc"
    expect_eq "$1: stderr" "${3:-}" "$(cat "$TMP/err")"
    [ -s "$TMP/ok.json" ] && pass || fail "$1: no plan written"
}

## Files that are not there or not readable

expect_bad "missing file" 5 "missing.json: cannot open: No such file or directory" missing.json
mkdir -p "$TMP/notbundle"
echo "donors and needs" >"$TMP/notbundle/notes.txt"
expect_bad "folder that is not a bundle" 3 \
    "notbundle: not a dataset (a JSON file or a folder with areas.csv, states.csv, donors.csv, expertise.csv and needs.csv)" \
    notbundle
mkcsv nofile needs.csv 't = None'
expect_bad "bundle without needs.csv" 3 \
    "nofile/needs.csv: missing (a CSV bundle needs areas.csv, states.csv, donors.csv, expertise.csv and needs.csv)" \
    nofile
# unreadable: root reads a file whatever its mode, so a folder stands in
# for the file there (read fails with EISDIR); as another user, chmod 000
mkcsv unreadable needs.csv 't = None'
mkdir "$TMP/unreadable/needs.csv"
expect_bad "unreadable bundle file (a folder)" 5 "unreadable/needs.csv: cannot read: Is a directory" \
    unreadable
if [ "$(id -u)" != 0 ]; then
    mkcsv noperm needs.csv ''
    chmod 000 "$TMP/noperm/needs.csv"
    expect_bad "unreadable bundle file (mode 000)" 5 \
        "noperm/needs.csv: cannot open: Permission denied" noperm
    cp "$BASE" "$TMP/noperm.json"
    chmod 000 "$TMP/noperm.json"
    expect_bad "unreadable JSON file (mode 000)" 5 \
        "noperm.json: cannot read: Permission denied" noperm.json
fi

## JSON: not JSON, or not the JSON of a dataset

mkjson empty.json 'raw = b""'
expect_bad "JSON: empty file" 3 "empty.json: empty file, expected a JSON object" empty.json
mkjson blank.json 'raw = b" \n\t\r\n"'
expect_bad "JSON: only white space" 3 "blank.json: empty file, expected a JSON object" blank.json
mkjson truncated.json 'raw = open(sys.argv[1], "rb").read()[:300]'
expect_bad "JSON: truncated" 3 "truncated.json:8:53: donors[0].budget: not valid JSON: unexpected end of input (truncated?)" \
    truncated.json
mkjson trailing.json 'raw = open(sys.argv[1], "rb").read() + b"\n}\n"'
expect_bad "JSON: text after the end" 3 \
    "trailing.json:26:1: not valid JSON: text after the end of the top object near '}'" trailing.json
mkjson array.json 'raw = json.dumps([d]).encode()'
expect_bad "JSON: an array where an object is expected" 3 \
    "array.json: expected a JSON object at the top, got an array" array.json
mkjson item-array.json 'd["needs"][0] = ["LAO-clearance", "LAO", "clearance", 900000]'
expect_bad "JSON: an array where an item is expected" 3 \
    "item-array.json: needs[0]: must be an object, got an array '[\"LAO-clearance\",\"LAO\",\"clearance\",900000]'" \
    item-array.json
expect_bad "JSON: a CSV file given as the dataset" 3 \
    "base/needs.csv:1:1: not valid JSON: syntax error near 'id,state,area,amount' (a CSV file; a dataset's CSV bundle is read from its folder, 'base')" \
    base/needs.csv
cp "$TMP/base/states.csv" "$TMP/states.json"
expect_bad "JSON: CSV text in a .json file" 3 \
    "states.json:1:1: not valid JSON: syntax error near 'id,name'" states.json
mkjson deep.json 'raw = b"[" * 100000'
expect_bad "JSON: 100000 nested arrays" 3 "deep.json:1:1001: [0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0...0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: not valid JSON: nested deeper than 1000 levels" \
    deep.json
mkjson deep-obj.json 'raw = b"{\"areas\": " + b"{\"a\": " * 100000 + b"1" + b"}" * 100001'
expect_bad "JSON: 100000 nested objects" 3 \
    "deep-obj.json:1:6005: areas.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.....a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a.a: not valid JSON: nested deeper than 1000 levels" deep-obj.json
mkjson nan.json 'raw = open(sys.argv[1], "rb").read().replace(b"900000", b"NaN", 1)'
expect_bad "JSON: NaN" 3 \
    "nan.json:15:76: needs[0].amount: not valid JSON: syntax error near 'NaN,' (JSON has no NaN or Infinity: give a finite number)" \
    nan.json
mkjson big.json 'raw = open(sys.argv[1], "rb").read().replace(b"1000000", b"1e400", 1)'
expect_bad "JSON: 1e400" 3 "big.json:8:52: donors[0].budget: number out of range (beyond +-1.8e308), got '1e400'" big.json
mkjson long-number.json 'raw = open(sys.argv[1], "rb").read().replace(b"600000", b"6" + b"0" * 70, 1)'
expect_bad "JSON: a number of 71 digits" 3 \
    "long-number.json:12:29: donors[1].budget: number too long (over 63 characters), got '600000000000000000000000000000000000000000000000000000000000...'" \
    long-number.json
mkjson string-number.json 'd["needs"][1]["amount"] = "700000"'
expect_bad "JSON: a number written as a string" 3 \
    "string-number.json: needs[1].amount: must be a number, got a string '700000' (need 'IRQ-clearance')" \
    string-number.json
mkjson thousands.json 'raw = open(sys.argv[1], "rb").read().replace(b"900000", b"900,000", 1)'
expect_bad "JSON: a thousands separator" 3 \
    "thousands.json:15:76: needs[0].amount: not valid JSON: not a JSON number, got '900,000' (looks like a thousands separator: write 900000)" \
    thousands.json
mkjson thousands-str.json 'd["donors"][1]["budget"] = "600,000"'
expect_bad "JSON: a thousands separator in a string" 3 \
    "thousands-str.json: donors[1].budget: must be a number, got a string '600,000' (donor 'NOR')" \
    thousands-str.json
mkjson neg-count.json 'd["donors"][0]["max_states"] = -2'
expect_bad "JSON: negative count" 3 \
    "neg-count.json: donors[0].max_states: must be a whole number >= 0, got '-2' (donor 'NLD')" neg-count.json
mkjson frac-count.json 'd["parameters"]["max_coalition_size"] = 2.5'
expect_bad "JSON: fractional count" 3 \
    "frac-count.json: parameters.max_coalition_size: must be a whole number from 1 to 1000000000, got '2.5'" frac-count.json
mkjson dup-id.json 'd["states"][1]["id"] = "LAO"'
expect_bad "JSON: duplicate id" 3 \
    "dup-id.json: states[1].id: duplicate id 'LAO' (first at states[0]) (state 'LAO')
dup-id.json: needs[1].state: unknown State id 'IRQ' (need 'IRQ-clearance')
dup-id.json: needs[2].state: unknown State id 'IRQ' (need 'IRQ-va')" dup-id.json
mkjson empty-id.json 'd["needs"][2]["id"] = ""'
expect_bad "JSON: empty id" 3 \
    "empty-id.json: needs[2].id: must be 1 to 64 bytes of printable ASCII without spaces or . * ; , \", got '' (need '')" \
    empty-id.json
mkjson dup-field.json 'raw = open(sys.argv[1], "rb").read().replace(b"\"budget\": 600000", b"\"budget\": 600000, \"budget\": 6", 1)'
expect_bad "JSON: a field given twice" 3 \
    "dup-field.json: donors[1].budget: duplicate field (donor 'NOR')" dup-field.json
mkjson unknown-ref.json 'd["donors"][0]["priority_states"] = ["LAO", "LOA"]'
expect_bad "JSON: unknown reference" 3 \
    "unknown-ref.json: donors[0].priority_states[1]: unknown State id 'LOA' (donor 'NLD')" \
    unknown-ref.json
mkjson feb30.json 'd["needs"][1]["deadline"] = "2023-02-30"'
expect_bad "JSON: Feb 30" 3 \
    "feb30.json: needs[1].deadline: not a date (YYYY-MM-DD), got '2023-02-30' (need 'IRQ-clearance')" feb30.json
mkjson evidence.json 'd["needs"][2]["evidence"] = "verified"'
expect_bad "JSON: unknown evidence level" 3 \
    "evidence.json: needs[2].evidence: unknown evidence level 'verified' (surveyed, reported, estimated, anecdotal, or a number in [0, 1]) (need 'IRQ-va')" \
    evidence.json
mkjson secured.json 'd["needs"][0]["secured"] = 900000.01'
expect_bad "JSON: secured above amount" 3 \
    "secured.json: needs[0].secured: must not exceed amount (900000), got '900000.01' (need 'LAO-clearance')" \
    secured.json
mkjson param-name.json 'd["parameters"]["coverage"] = 0.5'
expect_bad "JSON: unknown parameter" 3 \
    "param-name.json: parameters.coverage: unknown parameter 'coverage'" param-name.json
mkjson param-range.json 'd["parameters"]["coverage_floor"] = 1.5'
expect_bad "JSON: parameter out of range" 3 \
    "param-range.json: parameters.coverage_floor: must be a number from 0 to 1, got '1.5'" param-range.json
mkjson utf8.json 'raw = open(sys.argv[1], "rb").read().replace(b"Lao PDR", b"Lao \xe0\x80\xafPDR")'
expect_bad "JSON: invalid UTF-8 (overlong)" 3 \
    "utf8.json:6:41: states[0].name: not valid UTF-8 in '\", \"name\": \"Lao \\xe0\\x80\\xafPDR\"}' (save the file as UTF-8)" utf8.json
mkjson latin1.json 'raw = open(sys.argv[1], "rb").read().replace(b"Netherlands", b"Nederl\xe4nd")'
expect_bad "JSON: Latin-1 text" 3 \
    "latin1.json:8:34: donors[0].name: not valid UTF-8 in ' \"name\": \"Nederl\\xe4nd\", \"b' (save the file as UTF-8)" latin1.json
mkjson nul.json 'raw = open(sys.argv[1], "rb").read().replace(b"free text", b"free\x00text")'
expect_bad "JSON: a NUL byte" 3 "nul.json:17: NUL byte in the file (not a text file?)" nul.json
mkjson u0000.json 'd["needs"][0]["note"] = "free\u0000text"'
expect_bad "JSON: \\u0000 in a string" 3 \
    "u0000.json:62:17: needs[0].note: a string holds '\\u0000' (a NUL character), not allowed" u0000.json
# very long values: a 10 MB note is kept, a 10 MB id refused, neither crashes
mkjson long-note.json 'd["needs"][0]["note"] = "x" * 10000000'
expect_ok "JSON: a 10 MB string" long-note.json
mkjson long-id.json 'd["areas"][1]["id"] = "v" * 10000000'
expect_bad "JSON: a 10 MB id" 3 \
    "long-id.json: areas[1].id: must be 1 to 64 bytes of printable ASCII without spaces or . * ; , \", got 'vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv...' (area 'vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv...')
long-id.json: donors[0].expertise.victim_assistance: unknown area id 'victim_assistance' (donor 'NLD')
long-id.json: needs[2].area: unknown area id 'victim_assistance' (need 'IRQ-va')" long-id.json

## CSV bundles

mkcsv c-empty needs.csv 't = ""'
expect_bad "CSV: empty file" 3 "c-empty/needs.csv: empty file, expected a header row of column names" c-empty
mkcsv c-nan donors.csv 't = t.replace("600000", "NaN")'
expect_bad "CSV: NaN" 3 "c-nan/donors.csv:3: budget: must be a number, got 'NaN'" c-nan
mkcsv c-big needs.csv 't = t.replace("700000", "1e400")'
expect_bad "CSV: 1e400" 3 "c-big/needs.csv:2: amount: must be a number, got '1e400' (beyond +-1.8e308)" c-big
mkcsv c-thousands needs.csv 't = t.replace("700000", "\"700,000\"")'
expect_bad "CSV: a thousands separator" 3 \
    "c-thousands/needs.csv:2: amount: must be a number, got '700,000' (looks like a thousands separator: write 700000)" c-thousands
mkcsv c-thousands-sp donors.csv 't = t.replace("600000", "600 000")'
expect_bad "CSV: a space as thousands separator" 3 \
    "c-thousands-sp/donors.csv:3: budget: must be a number, got '600 000' (looks like a thousands separator: write 600000)" \
    c-thousands-sp
mkcsv c-neg-count donors.csv 't = t.replace("1000000,2,", "1000000,-1,")'
expect_bad "CSV: negative count" 3 \
    "c-neg-count/donors.csv:2: max_states: must be a whole number >= 0, got '-1'" c-neg-count
mkcsv c-frac-count donors.csv 't = t.replace("1000000,2,", "1000000,2.5,")'
expect_bad "CSV: fractional count" 3 \
    "c-frac-count/donors.csv:2: max_states: must be a whole number >= 0, got '2.5'" c-frac-count
mkcsv c-dup-id needs.csv 't = t.replace("IRQ-va,", "IRQ-clearance,")'
expect_bad "CSV: duplicate id" 3 \
    "c-dup-id/needs.csv:3: id: duplicate id 'IRQ-clearance' (first at line 2)" c-dup-id
mkcsv c-empty-id states.csv 't = t.replace("IRQ,Iraq", ",Iraq")'
expect_bad "CSV: empty id" 3 "c-empty-id/states.csv:2: id: required, got ''" c-empty-id
mkcsv c-unknown-ref needs.csv 't = t.replace("LAO-clearance,LAO,", "LAO-clearance,LA0,")'
expect_bad "CSV: unknown State" 3 \
    "c-unknown-ref/needs.csv:4: state: unknown State id 'LA0' (did you mean 'LAO'?)" c-unknown-ref
mkcsv c-unknown-donor expertise.csv 't = t.replace("NOR,", "NRW,")'
expect_bad "CSV: unknown donor" 3 \
    "c-unknown-donor/expertise.csv:4: donor: unknown id 'NRW'" c-unknown-donor
mkcsv c-feb30 needs.csv 't = t.replace("2023-11-01", "2023-02-30")'
expect_bad "CSV: Feb 30" 3 "c-feb30/needs.csv:2: deadline: not a date (YYYY-MM-DD), got '2023-02-30'" c-feb30
mkcsv c-month13 needs.csv 't = t.replace("2020-08-01", "2020-13-01")'
expect_bad "CSV: month 13" 3 \
    "c-month13/needs.csv:4: original_deadline: not a date (YYYY-MM-DD), got '2020-13-01'" c-month13
mkcsv c-evidence needs.csv 't = t.replace("reported", "rumour")'
expect_bad "CSV: unknown evidence level" 3 \
    "c-evidence/needs.csv:3: evidence: unknown evidence level 'rumour' (surveyed, reported, estimated, anecdotal, or a number in [0, 1])" \
    c-evidence
mkcsv c-secured needs.csv 't = t.replace("200000,0,", "200000,250000,")'
expect_bad "CSV: secured above amount" 3 \
    "c-secured/needs.csv:3: secured: must not exceed amount (200000), got '250000'" c-secured
mkcsv c-param-name parameters.csv 't += "coordination_costs,5\n"'
expect_bad "CSV: unknown parameter" 3 \
    "c-param-name/parameters.csv:7: coordination_costs: unknown parameter 'coordination_costs' (did you mean 'coordination_cost'?)" \
    c-param-name
mkcsv c-param-range parameters.csv 't += "horizon_days,0\n"'
expect_bad "CSV: parameter out of range" 3 \
    "c-param-range/parameters.csv:7: horizon_days: must be a whole number from 1 to 1000000000, got '0'" c-param-range
mkcsv c-param-twice parameters.csv 't += "max_coalition_size,4\n"'
expect_bad "CSV: parameter given twice" 3 \
    "c-param-twice/parameters.csv:7: name: 'max_coalition_size' was already given on line 6" c-param-twice
mkcsv c-utf8 areas.csv 'raw = t.encode().replace(b"Clearance", b"Cl\xe9arance")'
expect_bad "CSV: invalid UTF-8" 3 \
    "c-utf8/areas.csv:2: not valid UTF-8 in 'clearance,Cl\\xe9arance' (save the file as UTF-8: CSV UTF-8 in Excel)" c-utf8
mkcsv c-nul needs.csv 'raw = t.encode().replace(b"free text", b"free\x00text")'
expect_bad "CSV: a NUL byte" 3 "c-nul/needs.csv:4: NUL byte in the file (not a text file?)" c-nul
mkcsv c-no-col needs.csv 't = t.replace(",amount,", ",amout,")'
expect_bad "CSV: a required column missing" 3 \
    "warning: c-no-col/needs.csv:1: amout: unknown column, ignored (did you mean 'amount'?)
c-no-col/needs.csv:1: amount: required column is missing" c-no-col
mkcsv c-dup-col states.csv 't = "id,name,id\nIRQ,Iraq,IRQ\nLAO,Lao PDR,LAO\n"'
expect_bad "CSV: duplicate header" 3 "c-dup-col/states.csv:1: id: duplicate column" c-dup-col
mkcsv c-ragged states.csv 't = "id,name\nIRQ,Iraq,extra\nLAO\n"'
expect_bad "CSV: ragged rows" 3 "c-ragged/states.csv:2: row has 3 cells, the header has 2
c-ragged/states.csv:3: row has 1 cell, the header has 2" c-ragged
# (a ';' file is read: t_spreadsheet.sh)
mkcsv c-tabs areas.csv 't = t.replace(",", "\t")'
expect_bad "CSV: saved with tabs between cells" 3 \
    "c-tabs/areas.csv:1: cells are separated by tabs, expected ',' or ';'" c-tabs
mkcsv c-open-quote needs.csv 't = t.replace(",free text", ",\"free text")'
expect_bad "CSV: a quote not closed" 3 \
    "c-open-quote/needs.csv:4: quoted cell is not closed (a '\"' is missing)" c-open-quote
mkcsv c-stray-quote states.csv 't = t.replace("Lao PDR", "Lao \"PDR\"")'
expect_bad "CSV: a stray quote" 3 \
    "c-stray-quote/states.csv:3: stray '\"' (a cell with a '\"' must be quoted whole, with each '\"' inside doubled)" \
    c-stray-quote
# optional columns may be left out; unknown ones are warnings
mkcsv c-opt-col needs.csv 't = "\n".join(",".join(r.split(",")[:6]) for r in t.split("\n"))'
expect_ok "CSV: optional columns left out" c-opt-col
mkcsv c-extra-col states.csv 't = "id,name,region\nIRQ,Iraq,ME\nLAO,Lao PDR,SEA\n"'
expect_ok "CSV: an extra column" c-extra-col "warning: c-extra-col/states.csv:1: region: unknown column, ignored"
# very long lines: a 10 MB cell is kept, a 10 MB id refused, no crash
mkcsv c-long-note needs.csv 't = t.replace("free text", "\"" + "y" * 10000000 + "\"")'
expect_ok "CSV: a 10 MB cell" c-long-note
mkcsv c-long-id areas.csv 't = t.replace("victim_assistance", "v" * 10000000)'
expect_bad "CSV: a 10 MB id" 3 \
    "c-long-id/areas.csv:3: id: must be 1 to 64 bytes of printable ASCII without spaces or . * ; , \", got 'vvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvvv...'
c-long-id/expertise.csv:3: area: unknown area id 'victim_assistance'
c-long-id/needs.csv:3: area: unknown area id 'victim_assistance'" c-long-id

## --set (usage errors, exit 2, before anything is read)

expect_bad "--set: unknown parameter" 2 "--set: coordnation_cost: unknown parameter 'coordnation_cost' (did you mean 'coordination_cost'?)
coalitions plan: bad --set value
Try 'coalitions plan --help'." "$PWD/$BASE" --set coordnation_cost=5
expect_bad "--set: out of range" 2 "--set: coverage_floor: must be a number from 0 to 1, got '1.5'
coalitions plan: bad --set value
Try 'coalitions plan --help'." "$PWD/$BASE" --set coverage_floor=1.5
expect_bad "--set: NaN" 2 "--set: shortfall_penalty: must be a finite number >= 0, got 'nan'
coalitions plan: bad --set value
Try 'coalitions plan --help'." "$PWD/$BASE" --set shortfall_penalty=nan
expect_bad "--set: fractional count" 2 "--set: horizon_days: must be a whole number from 1 to 1000000000, got '365.5'
coalitions plan: bad --set value
Try 'coalitions plan --help'." "$PWD/$BASE" --set horizon_days=365.5
expect_bad "--set: not NAME=VALUE" 2 "--set: expected NAME=VALUE, got 'coverage_floor'
coalitions plan: bad --set value
Try 'coalitions plan --help'." "$PWD/$BASE" --set coverage_floor

## Writes that fail: a full disk, a read-only folder

# fault WHAT SPEC CODE EXPECTED-STDERR COMMAND...: runs the command with
# the shim failing SPEC (see tests/fault/faultwrite.c) on files under
# $TMP/w; checks exit, message, that the earlier files in $TMP/w are as
# they were, and that no temporary file is left there
fault() {
    local what=$1 spec=$2 want_rc=$3 want=$4
    shift 4
    rm -rf "$TMP/w"
    mkdir -p "$TMP/w/csv"
    echo "earlier plan" >"$TMP/w/plan.json"
    for f in coalitions allocations donors needs areas states; do echo "earlier $f" >"$TMP/w/csv/$f.csv"; done
    (cd "$TMP" && COALITIONS_FAULT=$spec COALITIONS_FAULT_PATH=$TMP/w LD_PRELOAD=$SHIM \
        ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 "$@" >out 2>err)
    local rc=$?
    expect_eq "$what: exit" "$want_rc" "$rc"
    expect_eq "$what: message" "$want" "$(cat "$TMP/err")"
    expect_eq "$what: earlier plan kept" "earlier plan" "$(cat "$TMP/w/plan.json")"
    for f in coalitions allocations donors needs areas states; do
        expect_eq "$what: earlier $f.csv kept" "earlier $f" "$(cat "$TMP/w/csv/$f.csv")"
    done
    local left
    left=$(cd "$TMP/w" && find . -name '.*' ! -name . | sort | tr '\n' ' ')
    expect_eq "$what: no temporary file left" "" "$left"
}

if [ ! -f "$SHIM" ]; then
    fail "no $SHIM (make builds it)"
else
    P=("$CO" plan "$PWD/$BASE" --no-store -q)
    fault "plan --json, disk full" enospc:write 5 "w/plan.json: cannot write: No space left on device" \
        "${P[@]}" --json w/plan.json
    fault "plan --json, disk full at fsync" enospc:fsync 5 \
        "w/plan.json: cannot write: No space left on device" "${P[@]}" --json w/plan.json
    fault "plan --json, read-only folder" erofs:mkstemp 5 \
        "w/plan.json: cannot write: Read-only file system" "${P[@]}" --json w/plan.json
    fault "plan --json, rename fails" eio:rename 5 "w/plan.json: cannot write: Input/output error" \
        "${P[@]}" --json w/plan.json
    fault "plan --csv, disk full" enospc:write 5 "w/csv/coalitions.csv: cannot write: No space left on device" \
        "${P[@]}" --csv w/csv
    fault "plan --csv, read-only folder" erofs:mkstemp 5 \
        "w/csv/coalitions.csv: cannot write: Read-only file system" "${P[@]}" --csv w/csv
    fault "plan --csv, new folder in a read-only one" erofs:mkdir 5 \
        "w/new: cannot create the folder: Read-only file system" "${P[@]}" --csv w/new
    [ ! -e "$TMP/w/new" ] && pass || fail "read-only: the folder was made"
    fault "convert --json, disk full" enospc:write 5 "w/plan.json: cannot write: No space left on device" \
        "$CO" convert "$PWD/$BASE" --json w/plan.json
    fault "convert --csv, disk full" enospc:write 5 "w/csv/area_budgets.csv: cannot write: No space left on device" \
        "$CO" convert "$PWD/$BASE" --csv w/csv
    fault "convert --csv, read-only folder" erofs:mkstemp 5 \
        "w/csv/area_budgets.csv: cannot write: Read-only file system" \
        "$CO" convert "$PWD/$BASE" --csv w/csv
    # the shim itself: with no fault asked for, everything is written
    fault "no fault" "" 0 "" "$CO" convert "$PWD/$BASE" --json w/other.json
    [ -s "$TMP/w/other.json" ] && pass || fail "no fault: nothing written"
fi
finish
