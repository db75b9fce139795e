#!/usr/bin/env bash
# The Excel workbook (--xlsx on plan and show) read back with the standard
# library (tests/xlsxread.py) and checked against the plan JSON of the same
# run and the dataset itself: sheets, headers, every row, number cells and
# their formats, the Unmet order, identical bytes on reruns, failed writes.
# Also the partner codes: iso3 and crs_code validation, the iso3 and
# purpose_code columns of allocations.csv, and a dataset's crs_code override.
. "$(dirname "$0")/lib.sh"
SHIM=$PWD/${BUILD:-build}/tests/faultwrite.so
DS=datasets/ccm-2018.json
ROOT=$PWD

# check_book DATASET PLAN.json BOOK.xlsx: every sheet against the plan JSON;
# iso3 from the dataset's states, purpose codes from docs/CODES.md's table
check_book() {
    python3 - "$1" "$2" "$3" <<'PY'
import hashlib, json, sys
sys.path.insert(0, "tests")
import xlsxread
ds_path, plan_path, book_path = sys.argv[1:4]
ds = json.load(open(ds_path))
plan = json.load(open(plan_path))
book = xlsxread.read(book_path)
names = [n for n, _ in book]
assert names == ["Summary", "Coalitions", "Allocations", "Donors", "Needs", "Unmet", "Diagnosis",
                 "Evidence"], names
sheets = dict(book)
MONEY, SHARE = "#,##0.00", "0.0%"
iso3 = {s["id"]: s.get("iso3") for s in ds["states"]}
crs = {"clearance": "15250", "stockpile": "15250", "risk_education": "15250",
       "victim_assistance": "15250", "legislation": "15130"}
crs.update({a["id"]: a["crs_code"] for a in ds["areas"] if "crs_code" in a})

def table(name, head, want_rows, money=(), share=()):
    rows = sheets[name]
    got_head = [c.value for c in rows[0]]
    assert got_head == head, (name, got_head)
    assert all(c.fmt == "General" for c in rows[0]), name
    body = [r + [xlsxread.Cell(None, None, "General")] * (len(head) - len(r)) for r in rows[1:]]
    assert len(body) == len(want_rows), (name, len(body), len(want_rows))
    for i, (got, want) in enumerate(zip(body, want_rows)):
        for j, (c, w) in enumerate(zip(got, want)):
            where = (name, i + 2, head[j], c, w)
            if w is None:
                assert c.value is None, where
            elif isinstance(w, str):
                assert c.type == "s" and c.value == w, where
            else:
                # a real number cell (t="n" or no t); libxlsxwriter writes 16
                # significant digits (Excel keeps 15), so money is exact
                assert c.type == "n" and abs(c.value - w) <= 1e-15 * abs(w), where
                if head[j] in money:
                    assert c.value == w, where
                if head[j] in money:
                    assert c.fmt == MONEY, where
                if head[j] in share:
                    assert c.fmt == SHARE, where

table("Coalitions", ["state", "name", "iso3", "lead", "members", "requested", "allocated",
                     "coverage", "urgency"],
      [[c["state"], c["name"], iso3[c["state"]], c["lead"],
        ";".join(m["donor"] for m in c["members"]) or None, c["requested"], c["allocated"],
        c["coverage"], c["urgency"]] for c in plan["coalitions"]],
      money={"requested", "allocated"}, share={"coverage"})
assert len(plan["coalitions"]) == len(ds["states"])
table("Allocations", ["state", "iso3", "need", "donor", "area", "purpose_code", "amount", "weight"],
      [[a["state"], iso3[a["state"]], a["need"], a["donor"], a["area"], crs.get(a["area"]),
        a["amount"], a["weight"]] for a in plan["allocations"]],
      money={"amount"})
assert all(a["purpose_code"] == crs.get(a["area"]) for a in plan["allocations"])
table("Donors", ["donor", "name", "budget", "allocated", "utilisation", "states", "marginal_value",
                 "marginal_range_from", "marginal_range_to"],
      [[d["donor"], d["name"], d["budget"], d["allocated"], d["utilisation"],
        ";".join(d["states"]) or None, d["marginal_value"],
        (d.get("marginal_range") or {}).get("from"), (d.get("marginal_range") or {}).get("to")]
       for d in plan["donors"]],
      money={"budget", "allocated"}, share={"utilisation"})
table("Needs", ["need", "state", "iso3", "area", "requested", "allocated", "unmet", "urgency",
                "evidence", "deadline", "days_left"],
      [[n["need"], n["state"], iso3[n["state"]], n["area"], n["requested"], n["allocated"],
        n["unmet"], n["urgency"], n["evidence"], n["deadline"], n["days_left"]]
       for n in plan["needs"]],
      money={"requested", "allocated", "unmet"})
unmet = sorted((n for n in plan["needs"] if n["unmet"] > 0),
               key=lambda n: (-n["urgency"], -n["unmet"], n["need"]))
assert unmet, "no unmet need to check the order with"
table("Unmet", ["need", "state", "iso3", "area", "unmet", "urgency", "deadline", "days_left"],
      [[n["need"], n["state"], iso3[n["state"]], n["area"], n["unmet"], n["urgency"],
        n["deadline"], n["days_left"]] for n in unmet],
      money={"unmet"})
# the diagnosis: a row per reason of each diagnosed State, the change's
# sentence on each; what surveyed evidence would move to each weak need
dx_rows = []
for c in plan["coalitions"]:
    g = c["diagnosis"]
    if g is None:
        continue
    ch = g["change"]["text"] if g["change"] else None
    dx_rows += [[c["state"], r["kind"], r["text"], ch] for r in g["reasons"]] or \
        [[c["state"], None, None, ch]]
assert dx_rows, "no diagnosed State to check the Diagnosis sheet with"
table("Diagnosis", ["state", "reason", "sentence", "change"], dx_rows)
ev = [(n, n["evidence_value"]) for n in plan["needs"] if n["evidence_value"]]
assert ev, "no need below surveyed to check the Evidence sheet with"
table("Evidence", ["need", "state", "evidence", "allocated", "allocated_if_surveyed", "moves",
                   "sentence"],
      [[n["need"], n["state"], n["evidence"], n["allocated"], e["allocated_if_surveyed"],
        e["moves"], e["text"]] for n, e in ev],
      money={"allocated", "allocated_if_surveyed", "moves"})
summary = {r[0].value: r[1] if len(r) > 1 else xlsxread.Cell(None, None, "General")
           for r in sheets["Summary"][1:]}
assert [c.value for c in sheets["Summary"][0]] == ["field", "value"]
assert summary["sha256"].value == hashlib.sha256(open(ds_path, "rb").read()).hexdigest()
assert summary["dataset"].value == ds["name"]
assert summary["as_of"].value == plan["as_of"] and summary["status"].value == plan["status"]
assert summary["scenario"].value is None
for k, v in [("objective_total", plan["objective"]["total"]), ("bound", plan["bound"]),
             ("coordination_cost", plan["objective"]["coordination_cost"]),
             ("requested", sum(n["requested"] for n in plan["needs"])),
             ("allocated", sum(n["allocated"] for n in plan["needs"]))]:
    c = summary[k]
    assert c.type == "n" and abs(c.value - v) <= 1e-6 * max(1, abs(v)) and c.fmt == MONEY, (k, c, v)
urg = [n for n in plan["needs"] if n["urgency"] > 1]
if urg:
    share = sum(n["allocated"] for n in urg) / sum(n["requested"] for n in urg)
    c = summary["urgent_share"]
    assert c.type == "n" and abs(c.value - share) < 1e-12 and c.fmt == SHARE, (c, share)
print("OK")
PY
}

# 1. plan --xlsx: every sheet agrees with the plan JSON of the same run
DB=$TMP/x.db
"$CO" plan "$DS" --json "$TMP/p.json" --csv "$TMP/csv" --xlsx "$TMP/p.xlsx" --db "$DB" -q 2>"$TMP/err"
expect_eq "plan --xlsx: exit" 0 "$?"
r=$(check_book "$DS" "$TMP/p.json" "$TMP/p.xlsx" 2>&1 | tail -n 3)
expect_eq "plan --xlsx: workbook agrees with the plan JSON" OK "$r"
python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); assert any(n["urgency"] > 1 for n in p["needs"])' \
    "$TMP/p.json" && pass || fail "ccm-2018 has no urgent need: the urgent share is not checked"

# 2. the same plan gives the same bytes: a second run, and show of the run
"$CO" plan "$DS" --xlsx "$TMP/p2.xlsx" --no-store -q
expect_file_same "plan --xlsx: rerun" "$TMP/p.xlsx" "$TMP/p2.xlsx"
"$CO" show 1 --db "$DB" --xlsx "$TMP/s.xlsx" --json "$TMP/s.json" >"$TMP/out" 2>"$TMP/err"
expect_eq "show --xlsx: exit" 0 "$?"
r=$(check_book "$DS" "$TMP/s.json" "$TMP/s.xlsx" 2>&1 | tail -n 3)
expect_eq "show --xlsx: workbook agrees with the stored plan JSON" OK "$r"
expect_file_same "show --xlsx: same bytes as plan --xlsx" "$TMP/p.xlsx" "$TMP/s.xlsx"
grep -q '^Run 1: ' "$TMP/out" && pass || fail "show --xlsx: no summary on stdout"
# the creation date stamped in is the plan's as_of
python3 -c 'import sys,zipfile; x=zipfile.ZipFile(sys.argv[1]).read("docProps/core.xml").decode(); assert x.count(">2018-11-01T00:00:00Z<") == 2, x' \
    "$TMP/p.xlsx" && pass || fail "docProps/core.xml: creation time is not as_of"

# 3. money cells carry a number format with thousands separators
python3 - "$TMP/p.xlsx" <<'PY' && pass || fail "styles.xml: no #,##0.00 format on the Allocations amounts"
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
styles = z.read("xl/styles.xml").decode()
xfs = re.findall(r'<xf numFmtId="(\d+)"[^>]*xfId', styles)
fmts = dict(re.findall(r'<numFmt numFmtId="(\d+)" formatCode="([^"]*)"', styles))
fmts.setdefault("4", "#,##0.00")  # the built-in id Excel knows without a numFmt
sheet = z.read("xl/worksheets/sheet3.xml").decode()  # Allocations, amount in column G
cells = re.findall(r'<c r="G(\d+)"( s="(\d+)")?( t="(\w+)")?><v>([^<]*)</v>', sheet)
assert len(cells) > 1
for row, _, s, _, t, v in cells:
    if row == "1":
        assert t == "s"
        continue
    assert t in ("", "n") and float(v) > 0, (row, t, v)
    assert fmts[xfs[int(s)]] == "#,##0.00", (row, s)
PY

# 4. a dataset without some iso3 codes and with a crs_code override, and
#    larger urgent needs so that urgent ones stay unmet (the Unmet order)
python3 - "$DS" "$TMP/codes.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for n in d["needs"]:
    n["amount"] = {"BIH-clearance": 30000000, "MNE-clearance": 4000000}.get(n["id"], n["amount"])
for s in d["states"][::2]:
    s.pop("iso3", None)
for a in d["areas"]:
    if a["id"] == "victim_assistance":
        a["crs_code"] = "16010"
json.dump(d, open(sys.argv[2], "w"), indent=1)
PY
"$CO" plan "$TMP/codes.json" --json "$TMP/c.json" --csv "$TMP/ccsv" --xlsx "$TMP/c.xlsx" --no-store -q
expect_eq "codes: exit" 0 "$?"
r=$(check_book "$TMP/codes.json" "$TMP/c.json" "$TMP/c.xlsx" 2>&1 | tail -n 3)
expect_eq "codes: workbook agrees with the plan JSON" OK "$r"
python3 - "$TMP/c.json" <<'PY' && pass || fail "codes: the Unmet order is not put to the test"
import json, sys
un = [n for n in json.load(open(sys.argv[1]))["needs"] if n["unmet"] > 0]
urgent = [n for n in un if n["urgency"] > 1]
# two urgent ones of different urgency, one with less unmet than a plain one
assert len({n["urgency"] for n in urgent}) >= 2, urgent
assert min(n["unmet"] for n in urgent) < max(n["unmet"] for n in un if n["urgency"] == 1)
PY
python3 - "$TMP/codes.json" "$TMP/c.json" "$TMP/ccsv/allocations.csv" <<'PY' && pass || fail "codes: allocations.csv or plan JSON codes wrong"
import csv, json, sys
ds = json.load(open(sys.argv[1])); plan = json.load(open(sys.argv[2]))
rows = list(csv.DictReader(open(sys.argv[3], newline="", encoding="utf-8-sig")))
assert list(rows[0].keys()) == ["state", "iso3", "need", "donor", "area", "purpose_code", "amount", "weight"], rows[0].keys()
iso3 = {s["id"]: s.get("iso3", "") for s in ds["states"]}
want = {"clearance": "15250", "stockpile": "15250", "risk_education": "15250",
        "victim_assistance": "16010", "legislation": "15130"}
assert len(rows) == len(plan["allocations"]) > 0
for r, a in zip(rows, plan["allocations"]):
    assert (r["state"], r["need"], r["donor"]) == (a["state"], a["need"], a["donor"]), r
    assert r["iso3"] == iso3[r["state"]], r
    assert r["purpose_code"] == want[r["area"]] == a["purpose_code"], r
areas = {r["area"] for r in rows}
assert "victim_assistance" in areas and areas - {"victim_assistance"}, areas
assert "" in {r["iso3"] for r in rows} and {r["iso3"] for r in rows} - {""}
PY

# 5. iso3 and crs_code validation: exact messages, exit 3
python3 - datasets/small/tiny.json "$TMP/badcodes.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["states"][0]["iso3"] = "La"
d["areas"][0]["crs_code"] = "1525"
d["states"][1]["iso3"] = "LAO"
json.dump(d, open(sys.argv[2], "w"), indent=1)
PY
(cd "$TMP" && "$CO" check badcodes.json >out 2>err)
expect_eq "bad codes: exit" 3 "$?"
expect_eq "bad codes: messages" \
"badcodes.json: states[0].iso3: must be an ISO 3166-1 alpha-3 code (three capital letters), got 'La' (state 'S1')
badcodes.json: areas[0].crs_code: must be an OECD DAC CRS purpose code (five digits), got '1525' (area 'clearance')" \
    "$(cat "$TMP/err")"
cp -r datasets/csv/tiny "$TMP/badcsv"
printf 'id,name,crs_code\nclearance,Clearance,15250\nvictim_assistance,VA,1601O\n' >"$TMP/badcsv/areas.csv"
(cd "$TMP" && "$CO" check badcsv >out 2>err)
expect_eq "bad crs_code in CSV: exit" 3 "$?"
expect_eq "bad crs_code in CSV: message" \
    "badcsv/areas.csv:3: crs_code: must be an OECD DAC CRS purpose code (five digits), got '1601O'" \
    "$(cat "$TMP/err")"

# 6. command line: '-' refused, failed writes leave nothing behind
expect_exit "plan --xlsx -" 2 "$CO" plan "$DS" --xlsx - --no-store
expect_eq "plan --xlsx -: message" "coalitions plan: --xlsx needs a file name, not '-'
Try 'coalitions plan --help'." "$(cat "$TMP/err")"
expect_exit "show --xlsx -" 2 "$CO" show 1 --db "$DB" --xlsx -
expect_eq "show --xlsx -: message" "coalitions show: --xlsx needs a file name, not '-'
Try 'coalitions show --help'." "$(cat "$TMP/err")"
expect_exit "plan --xlsx in a missing folder" 5 "$CO" plan "$DS" --xlsx "$TMP/nodir/p.xlsx" --db "$DB" -q
expect_eq "plan --xlsx in a missing folder: message" \
    "$TMP/nodir/p.xlsx: cannot write: No such file or directory" "$(cat "$TMP/err")"
[ -e "$TMP/nodir" ] && fail "plan --xlsx in a missing folder: something was created" || pass
expect_eq "a failed --xlsx records no run" 1 "$(sqlite3 "$DB" 'select count(*) from runs')"
expect_exit "show --xlsx in a missing folder" 5 "$CO" show 1 --db "$DB" --xlsx "$TMP/nodir/s.xlsx"
expect_eq "show --xlsx in a missing folder: message" \
    "$TMP/nodir/s.xlsx: cannot write: No such file or directory" "$(cat "$TMP/err")"

# xfault WHAT SPEC MESSAGE: the shim fails SPEC on files under $TMP/w; the
# earlier workbook is kept and no temporary file is left
xfault() {
    rm -rf "$TMP/w"
    mkdir "$TMP/w"
    echo "earlier workbook" >"$TMP/w/p.xlsx"
    (cd "$TMP" && COALITIONS_FAULT=$2 COALITIONS_FAULT_PATH=$TMP/w LD_PRELOAD=$SHIM \
        ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0 \
        "$CO" plan "$ROOT/$DS" --no-store -q --xlsx w/p.xlsx >out 2>err)
    expect_eq "$1: exit" 5 "$?"
    expect_eq "$1: message" "$3" "$(cat "$TMP/err")"
    expect_eq "$1: earlier workbook kept" "earlier workbook" "$(cat "$TMP/w/p.xlsx")"
    expect_eq "$1: no temporary file left" "" "$(cd "$TMP/w" && find . -name '.*' ! -name .)"
}
if [ ! -f "$SHIM" ]; then
    fail "no $SHIM (make builds it)"
else
    xfault "--xlsx, read-only folder" erofs:mkstemp "w/p.xlsx: cannot write: Read-only file system"
    xfault "--xlsx, disk full at fsync" enospc:fsync "w/p.xlsx: cannot write: No space left on device"
    xfault "--xlsx, rename fails" eio:rename "w/p.xlsx: cannot write: Input/output error"
fi

finish
