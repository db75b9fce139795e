#!/usr/bin/env bash
# CSV bundles and `convert`: every bundled JSON dataset and its CSV bundle
# under datasets/csv/ give the same plan (apart from `dataset`, whose
# sha256 is of other bytes, and `timing`); the committed bundles are what
# convert makes of the JSON files today; JSON -> CSV -> JSON is lossless;
# a bundle as spreadsheets write it (tests/data/messy/) loads to exactly
# its JSON twin; and convert's own errors.
. "$(dirname "$0")/lib.sh"

# same_plan WHAT A.json B.json: equal apart from dataset and timing
same_plan() {
    python3 - "$2" "$3" <<'PY' && pass || fail "$1: the plans differ"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("dataset", "timing"):
    a.pop(k), b.pop(k)
if a != b:
    for k in a:
        if a[k] != b.get(k):
            print("  differs:", k)
    sys.exit(1)
PY
}

# plan_of DATASET OUT.json
plan_of() {
    "$CO" plan "$1" --no-store -q --json "$2" 2>"$TMP/err"
    local rc=$?
    expect_eq "plan $1: exit" 0 "$rc"
    expect_eq "plan $1: stderr" "" "$(cat "$TMP/err")"
}

for json in datasets/ccm-2018.json datasets/small/*.json; do
    name=$(basename "$json" .json)
    bundle=datasets/csv/$name
    if [ ! -d "$bundle" ]; then
        fail "$json has no CSV bundle $bundle (coalitions convert $json --csv $bundle)"
        continue
    fi
    # the committed bundle is what convert makes of the JSON file now,
    # apart from the byte-order mark convert writes first for Excel (the
    # committed files have none, to keep their bytes and so the plans'
    # dataset.sha256: the loader reads both)
    expect_exit "$name: convert --csv" 0 "$CO" convert "$json" --csv "$TMP/$name"
    expect_eq "$name: convert --csv: the same files" "$(ls "$bundle")" "$(ls "$TMP/$name")"
    for f in "$bundle"/*.csv; do
        b=$(basename "$f")
        if [ "$(head -c 3 "$TMP/$name/$b" | od -An -tx1 | tr -d ' ')" != efbbbf ]; then
            fail "$name: convert --csv: $b does not start with a byte-order mark"
        elif nobom "$TMP/$name/$b" | cmp -s "$f" -; then pass; else
            fail "$bundle is out of date: coalitions convert $json --csv $bundle"
            nobom "$TMP/$name/$b" | diff "$f" - | head -20
        fi
    done
    # the same plan from either
    plan_of "$json" "$TMP/$name.a.json"
    plan_of "$bundle" "$TMP/$name.b.json"
    same_plan "$name: JSON and CSV bundle" "$TMP/$name.a.json" "$TMP/$name.b.json"
    # and back: CSV -> JSON is the JSON that JSON -> JSON gives (lossless)
    expect_exit "$name: convert bundle --json" 0 "$CO" convert "$bundle" --json "$TMP/$name.back.json"
    expect_exit "$name: convert --json" 0 "$CO" convert "$json" --json "$TMP/$name.norm.json"
    expect_file_same "$name: JSON -> CSV -> JSON" "$TMP/$name.norm.json" "$TMP/$name.back.json"
    plan_of "$TMP/$name.back.json" "$TMP/$name.c.json"
    same_plan "$name: after the round trip" "$TMP/$name.a.json" "$TMP/$name.c.json"
done

# dataset.sha256 of a bundle: of each file in name order, as its name, a
# NUL byte and its bytes (FORMATS.md), computed here independently
python3 - "$TMP/ccm-2018.b.json" datasets/csv/ccm-2018 <<'PY' && pass || fail "bundle sha256"
import hashlib, json, os, sys
h = hashlib.sha256()
for f in sorted(os.listdir(sys.argv[2])):
    h.update(f.encode() + b"\0" + open(os.path.join(sys.argv[2], f), "rb").read())
got = json.load(open(sys.argv[1]))["dataset"]["sha256"]
sys.exit(0 if got == h.hexdigest() else print(got, "!=", h.hexdigest()) or 1)
PY

# tests/data/messy/ is tests/data/messy.json as a spreadsheet might save
# it: a byte order mark, CRLF, quoted cells with commas, quotes and a line
# break, columns in any order, blank rows, spaces around cells and around
# the ';' of lists, a number as 2e5 and .4, no final line end, an unknown
# column. It loads to exactly the data of its twin, and plans the same.
"$CO" convert tests/data/messy --json "$TMP/messy.a.json" 2>"$TMP/err"
expect_eq "messy: convert exit" 0 "$?"
expect_eq "messy: the unknown column is a warning" \
    "warning: tests/data/messy/donors.csv:1: comment: unknown column, ignored" "$(cat "$TMP/err")"
"$CO" convert tests/data/messy.json --json "$TMP/messy.b.json"
expect_file_same "messy bundle = its JSON twin" "$TMP/messy.b.json" "$TMP/messy.a.json"
"$CO" plan tests/data/messy --no-store -q --json "$TMP/messy.pa.json" 2>/dev/null
plan_of tests/data/messy.json "$TMP/messy.pb.json"
same_plan "messy: plan" "$TMP/messy.pb.json" "$TMP/messy.pa.json"
grep -q '"LAO"' "$TMP/messy.pa.json" && pass || fail "messy: plan has no LAO"

# a bundle written over an earlier one replaces it whole: an optional file
# the data has nothing for is removed, other files are left alone
mkdir -p "$TMP/over"
echo "stale" >"$TMP/over/area_budgets.csv"
echo "mine" >"$TMP/over/README.txt"
expect_exit "convert over an earlier bundle" 0 "$CO" convert datasets/small/tiny.json --csv "$TMP/over"
[ ! -e "$TMP/over/area_budgets.csv" ] && pass || fail "stale area_budgets.csv left in the bundle"
expect_eq "other files kept" "mine" "$(cat "$TMP/over/README.txt")"
if ls -A "$TMP/over" | grep -q '^\.'; then fail "temporary files left: $(ls -A "$TMP/over")"; else pass; fi

# convert to stdout, and both outputs at once
expect_exit "convert --json -" 0 "$CO" convert datasets/small/tiny.json --json -
expect_file_same "convert --json - is the file" "$TMP/tiny.norm.json" "$TMP/out"
expect_exit "convert --json and --csv" 0 "$CO" convert tests/data/messy.json --json "$TMP/both.json" --csv "$TMP/both"
expect_file_same "both: JSON" "$TMP/messy.b.json" "$TMP/both.json"
[ -f "$TMP/both/needs.csv" ] && pass || fail "both: no needs.csv"

# usage errors (exit 2) and invalid input (exit 3): nothing written
expect_exit "convert without an output" 2 "$CO" convert datasets/small/tiny.json
expect_eq "convert without an output: message" \
    "coalitions convert: say what to write: --json FILE or --csv DIR
Try 'coalitions convert --help'." "$(cat "$TMP/err")"
expect_exit "convert without a dataset" 2 "$CO" convert --json "$TMP/x.json"
expect_exit "convert --csv -" 2 "$CO" convert datasets/small/tiny.json --csv -
expect_eq "convert --csv -: message" "coalitions convert: --csv: expected a folder, got '-'
Try 'coalitions convert --help'." "$(cat "$TMP/err")"
expect_exit "convert --bogus" 2 "$CO" convert datasets/small/tiny.json --bogus
expect_exit "convert --help" 0 "$CO" convert --help
grep -q '^usage: coalitions convert DATASET' "$TMP/out" && pass || fail "convert --help: no usage"
python3 -c '
import json; d = json.load(open("tests/data/base.json")); d["needs"][0]["secured"] = 2e6
json.dump(d, open("'"$TMP"'/invalid.json", "w"))'
echo "earlier" >"$TMP/keep.json"
(cd "$TMP" && "$CO" convert invalid.json --json keep.json --csv newcsv >out 2>err)
expect_eq "convert invalid: exit" 3 "$?"
expect_eq "convert invalid: message" \
    "invalid.json: needs[0].secured: must not exceed amount (900000), got '2000000' (need 'LAO-clearance')" \
    "$(cat "$TMP/err")"
expect_eq "convert invalid: earlier file kept" "earlier" "$(cat "$TMP/keep.json")"
[ ! -e "$TMP/newcsv" ] && pass || fail "convert invalid: a CSV folder was made"
expect_exit "convert a missing file" 5 "$CO" convert "$TMP/nothing.json" --json "$TMP/x.json"
[ ! -e "$TMP/x.json" ] && pass || fail "convert missing: output written"
finish
