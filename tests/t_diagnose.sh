#!/usr/bin/env bash
# The diagnosis end to end, from the command line:
# 1. what would change it: each change that tests/unit/test_diagnose.c
#    asserts the diagnosis finds (worked out by hand in
#    tests/data/diagnose/README.md, or for ccm-2018 the solver's) is applied
#    here to the dataset independently (Python, or --set), re-solved with
#    `coalitions plan`, the plan checked by tests/plancheck.py, and the State
#    must then have a coalition (or, for the next step on the search's grid,
#    must not: the change found is the least);
# 2. the plan JSON carries the hand-worked reasons, numbers, change and
#    value of evidence, and its change's side effects are those of the
#    changed dataset's own plan (computed here from the two plans);
# 3. the summary, the brief (Markdown and HTML), the workbook and `check`
#    say it in the hand-worked sentences; `make run`'s summary says, for
#    each of ccm-2018's five States without a coalition, why and what would
#    change it.
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
    rm -f "$TMP/p.json"
    local ref
    "$CO" export-model "$ds" --dat "$TMP/m.dat" "${args[@]}" 2>"$TMP/err" &&
        ref=$(tests/glpsol_check.sh "$TMP/m.dat" 2>"$TMP/err") ||
        { fail "$ds $st: glpsol: $(tail -3 "$TMP/err")"; return; }
    # (the changed dataset's own diagnosis is not what is checked here, and
    # it is most of the run's time: --diagnose none)
    "$CO" plan "$ds" --json "$TMP/p.json" --quiet --no-store --mip-gap 0 --diagnose none "${args[@]}" 2>"$TMP/err"
    local rc=$?
    if [ $rc -ne 0 ]; then fail "$ds $st: plan exit $rc: $(head -c 300 "$TMP/err")"; return; fi
    local r
    r=$(python3 tests/plancheck.py "$ds" "$TMP/p.json" --ref "$ref" "${sets[@]}" 2>&1 | tail -n 1)
    case "$r" in OK*) pass ;; *) fail "$ds $st ${sets[*]}: plancheck: $r" ;; esac
    members "$st"
}

# members STATE: MEMBERS for another State of the plan solve made last
# ("(no plan)" when it made none)
members() {
    MEMBERS="(no plan)"
    [ -f "$TMP/p.json" ] || return
    MEMBERS=$(python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
c = next(c for c in p["coalitions"] if c["state"] == sys.argv[2])
print(" ".join("%s:%d" % (m["donor"], round(m["amount"])) for m in c["members"]))' "$TMP/p.json" "$1")
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
# (one solve of the dataset as is, checked against glpsol, for all five)
expect_members "ccm ALB as is" "" "$CCM" ALB
for st in NRU PLW PSE TCD; do
    members "$st"
    expect_eq "ccm $st as is" "" "$MEMBERS"
done
for pair in ALB:ALB-victim_assistance PLW:PLW-clearance PSE:PSE-risk_education TCD:TCD-clearance; do
    st=${pair%%:*} n=${pair#*:}
    edit "$CCM" "$TMP/c.json" "need(\"$n\")[\"evidence\"] = \"surveyed\""
    expect_coalition "ccm $st with $n surveyed" "$TMP/c.json" "$st"
done
expect_coalition "ccm NRU at floor 0.3" "$CCM" NRU --set coverage_floor=0.3
expect_members "ccm NRU at floor 0.25" "" "$CCM" NRU --set coverage_floor=0.25

# ---- 2. the plan JSON ------------------------------------------------------

# the plan of evidence.json: the reasons, change and value of evidence of
# tests/data/diagnose/README.md (D1's last dollar 0.75 in S1 against 0.25
# in S2; S2-clearance surveyed moves D1's 100,000 from S1 to S2)
"$CO" plan "$D/evidence.json" --json "$TMP/e.json" --csv "$TMP/ecsv" --xlsx "$TMP/e.xlsx" \
    --no-store --mip-gap 0 >"$TMP/e.txt" 2>"$TMP/err"
expect_eq "evidence.json: exit" 0 "$?"
r=$(python3 - "$TMP/e.json" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
co = {c["state"]: c for c in p["coalitions"]}
s1, s2 = co["S1"]["diagnosis"], co["S2"]["diagnosis"]
assert [r["kind"] for r in s1["reasons"]] == ["members_spent"], s1
assert s1["change"] is None  # it has a coalition, no floor to reach
it = s1["reasons"][0]["items"][0]
assert it["donor"] == "D1" and it["flags"] == ["member"], it
assert abs(it["value"] - 0.75) < 1e-9 and abs(it["w"] - 0.75) < 1e-9, it
(r,) = s2["reasons"]
assert r["kind"] == "outbid" and r["value"] == 1 and r["need"] is None, r
(it,) = r["items"]
assert it["donor"] == "D1" and it["need"] == "S2-clearance" and it["causes"] == [], it
assert abs(it["value"] - 0.75) < 1e-9 and abs(it["w"] - 0.25) < 1e-9, it
assert r["text"] == ("outbid: every donor that could take a seat has a last dollar worth more "
                     "elsewhere: Donor One 0.750 against 0.250 here"), r["text"]
ch = s2["change"]
want = {"target": "coalition", "kind": "evidence", "donor": None, "needs": ["S2-clearance"],
        "from": 0.25, "to": 1, "gets": 100000, "joins": [{"donor": "D1", "amount": 100000}],
        "losses": [{"state": "S1", "before": 100000, "after": 0}],
        "leaves": [{"donor": "D1", "state": "S1", "amount": 100000}],
        "proved": True, "exact": True,
        "tried": {"evidence": "worked", "coordination_cost": "not_needed",
                  "coverage_floor": "not_needed", "max_states": "not_needed",
                  "budget": "not_needed"}}
for k, v in want.items():
    assert ch[k] == v, (k, ch[k], v)
ev = {n["need"]: n["evidence_value"] for n in p["needs"]}
assert ev["S2-clearance"]["moves"] == 100000 and ev["S2-clearance"]["allocated_if_surveyed"] == 100000
assert ev["S1-clearance"]["moves"] == 0 and ev["S1-clearance"]["allocated_if_surveyed"] == 100000
assert all(e["tried"] and e["proved"] for e in ev.values())
assert [(g["kind"], g["need"], g["state"], g["donor"]) for g in p["data_gaps"]] == [
    ("no_deadline", "S2-clearance", "S2", None), ("weak_evidence", "S2-clearance", "S2", None),
    ("no_expertise", None, None, "D2")], p["data_gaps"]
print("OK")
PY
)
expect_eq "evidence.json: the plan's diagnosis" OK "$r"

# noseat.json: S2's seat would add 22,500 < 50,000 and a coordination cost of
# 22,000 gives it one; S3's need no donor may fund, and nothing helps
r=$("$CO" plan "$D/noseat.json" --json - --no-store --mip-gap 0 2>/dev/null | python3 -c '
import json, sys
p = json.load(sys.stdin)
co = {c["state"]: c for c in p["coalitions"]}
assert co["S1"]["diagnosis"] is None
s2, s3 = co["S2"]["diagnosis"], co["S3"]["diagnosis"]
assert [r["kind"] for r in s2["reasons"]] == ["ineligible", "min_grant", "seat_cost"]
(it,) = s2["reasons"][2]["items"]
assert it["donor"] == "DA" and abs(it["value"] - 22500) < 0.01 and it["versus"] == 50000, it
ch = s2["change"]
assert (ch["kind"], ch["from"], ch["to"], ch["joins"]) == (
    "coordination_cost", 50000, 22000, [{"donor": "DA", "amount": 50000}]), ch
(r,) = s3["reasons"]
assert r["kind"] == "no_donor" and r["need"] == "S3-clearance"
assert {i["donor"]: i["causes"] for i in r["items"]} == {
    "DA": ["excluded"], "DB": ["expertise", "area_budget"], "DC": ["expertise"]}, r
ch = s3["change"]
assert ch["kind"] is None and ch["gets"] is None and ch["joins"] == [] and ch["from"] is None
assert ch["tried"] == {"evidence": "not_applicable", "coordination_cost": "failed",
                       "coverage_floor": "failed", "max_states": "not_applicable",
                       "budget": "not_applicable"}, ch["tried"]
print("OK")' 2>&1 | tail -n 3)
expect_eq "noseat.json: the plan's diagnosis" OK "$r"

# ---- 3. what the renderers say ----------------------------------------------

# the summary: S2 (no coalition) says why and what would change it; S1 has a
# coalition and no floor to reach: nothing
expect_eq "evidence.json: summary" "S2  State Two
  coverage 0.0%: 0 of 100,000 USD requested
  no coalition
  why: outbid: D1 0.750 elsewhere, 0.250 here
  would change it: S2-clearance surveyed: D1 100,000; S1 gets 100,000 less; D1 leaves S1" \
    "$(sed -n '/^S2  /,/^$/p' "$TMP/e.txt" | sed '$d')"
expect_eq "evidence.json: summary of S1" 0 "$(sed -n '/^S1  /,/^$/p' "$TMP/e.txt" | grep -c 'why:\|would')"
# the brief: the diagnosis paragraph, the value of better evidence, the data gaps
"$CO" brief "$TMP/e.json" --md "$TMP/e.md" --html "$TMP/e.html"
expect_eq "evidence.json: brief exit" 0 "$?"
r=$(python3 - "$TMP/e.md" "$TMP/e.html" <<'PY'
import sys
md, html = open(sys.argv[1]).read(), open(sys.argv[2]).read()
change = ("State Two would get a coalition if S2-clearance were surveyed: Donor One 100,000; "
          "State One gets 100,000 less (0 instead of 100,000); Donor One leaves State One")
s2 = md[md.index("## State Two"):md.index("## Donors")]
for want in ["### Diagnosis\n\nWhy it has no coalition:\n\n- outbid: every donor that could take "
             "a seat has a last dollar worth more elsewhere: Donor One 0.750 against 0.250 here\n",
             "What would change it: " + change + ".\n"]:
    assert want in s2, want
s1 = md[md.index("## State One"):md.index("## State Two")]
assert ("Why it gets less than it asked for:\n\n- its members give no more: each one's last "
        "dollar is worth as much or more where it is: Donor One 0.750 against 0.750 here\n") in s1
assert "What would change it" not in s1
ev = md[md.index("## Value of better evidence"):md.index("## Data gaps")]
rows = [l for l in ev.splitlines() if l.startswith("| S")]
assert rows == ["| S2-clearance | 0.25 | USD 0 | USD 100,000 | +USD 100,000 |",
                "| S1-clearance | 0.75 | USD 100,000 | USD 100,000 | no change |"], rows
gaps = md[md.index("## Data gaps"):md.index("## Reading this brief")]
rows = [l for l in gaps.splitlines() if l.startswith("| N") or l.startswith("| W")]
assert rows == [
    "| No deadline | S2-clearance (State Two): no deadline, in Clearance (Art. 4), an area with "
    "treaty deadlines |",
    "| Weak evidence | S2-clearance (State Two): evidence anecdotal |",
    "| No expertise entry | D2 (Donor Two): no expertise entry (every area counts as 0) |"], rows
assert "<h3>Diagnosis</h3>" in html and "<h2>Value of better evidence</h2>" in html
assert "<h2>Data gaps</h2>" in html and ("What would change it: " + change + ".") in html
print("OK")
PY
)
expect_eq "evidence.json: brief" OK "$r"
# the workbook: a Diagnosis row per reason, with the change; an Evidence row
# per need below surveyed
r=$(python3 - "$TMP/e.xlsx" <<'PY'
import sys
sys.path.insert(0, "tests")
import xlsxread
book = dict(xlsxread.read(sys.argv[1]))
rows = [[c.value for c in r] + [None] * (4 - len(r)) for r in book["Diagnosis"]]
change = ("State Two would get a coalition if S2-clearance were surveyed: Donor One 100,000; "
          "State One gets 100,000 less (0 instead of 100,000); Donor One leaves State One")
assert rows == [
    ["state", "reason", "sentence", "change"],
    ["S1", "members_spent", "its members give no more: each one's last dollar is worth as much "
     "or more where it is: Donor One 0.750 against 0.750 here", None],
    ["S2", "outbid", "outbid: every donor that could take a seat has a last dollar worth more "
     "elsewhere: Donor One 0.750 against 0.250 here", change]], rows
rows = [[c.value for c in r] for r in book["Evidence"]]
assert rows[1:] == [
    ["S1-clearance", "S1", 0.75, 100000, 100000, 0,
     "S1-clearance (reported): surveyed evidence would move no more money to it (it gets 100,000)"],
    ["S2-clearance", "S2", 0.25, 0, 100000, 100000,
     "S2-clearance (anecdotal): surveyed evidence would move 100,000 more to it (100,000 instead "
     "of 0)"]], rows
print("OK")
PY
)
expect_eq "evidence.json: workbook" OK "$r"
# check: valid (exit 0), then the data gaps as warnings
expect_exit "evidence.json: check" 0 "$CO" check "$D/evidence.json"
expect_eq "evidence.json: check output" "$D/evidence.json: ok: 1 areas, 2 States, 2 donors, 2 needs

Data gaps: 3 (warnings, not errors)
  S2-clearance (State Two): no deadline, in Clearance (Art. 4), an area with treaty deadlines
  S2-clearance (State Two): evidence anecdotal
  D2 (Donor Two): no expertise entry (every area counts as 0)" "$(cat "$TMP/out")"

# make run's summary (the same command, without the store): each of the five
# States without a coalition says why and what would change it. The reasons'
# numbers are worked out in test_diagnose.c and docs/DIAGNOSIS.md (Nauru's
# 37,500 = 0.75 x 0.8 x 1.25 x 50,000; eight min_grants of 100,000 to
# 500,000 against its 50,000; the last dollars and weights are the plan's
# marginal values and w); each change line is checked below against the
# plan of the changed dataset.
"$CO" plan "$CCM" --json "$TMP/ccm.json" --csv "$TMP/ccmcsv" --no-store >"$TMP/ccm.txt" 2>"$TMP/err"
expect_eq "ccm-2018: exit" 0 "$?"
block() { sed -n "/^$1  /,/^\$/p" "$TMP/ccm.txt" | sed '$d'; }
expect_eq "ccm-2018 summary: ALB" "ALB  Albania
  coverage 0.0%: 0 of 300,000 USD requested
  no coalition
  why: EUU min_grant 500,000 above its 300,000; outbid by 5 donors (NLD: 0.618 elsewhere, 0.562
       here); USA victim_assistance area_budget spent; 3 seats would not pay (DEU +26,250 < 50,000)
  would change it: ALB-victim_assistance surveyed: CHE 300,000; LAO gets 180,000 less, LBN 120,000
       less" "$(block ALB)"
expect_eq "ccm-2018 summary: NRU" "NRU  Nauru
  coverage 0.0%: 0 of 50,000 USD requested
  no coalition
  why: not eligible: USA (legislation area_budget 0); 8 donors' min_grant (100,000 to 500,000) above
       its 50,000; no seat pays: AUS could add 37,500 < 50,000
  would change it: coverage_floor 0.3: AUS 40,000; IRQ gets 2,095,000 less, LAO 180,000 less, LBN
       110,000 less; CAN leaves IRQ" "$(block NRU)"
expect_eq "ccm-2018 summary: PLW" "PLW  Palau
  coverage 0.0%: 0 of 500,000 USD requested
  no coalition
  why: outbid by 9 donors (DEU: 0.438 elsewhere, 0.225 here); USA clearance area_budget spent
  would change it: PLW-clearance surveyed: CAN 500,000; IRQ gets 800,000 less; CAN leaves IRQ" \
    "$(block PLW)"
expect_eq "ccm-2018 summary: PSE" "PSE  State of Palestine
  coverage 0.0%: 0 of 300,000 USD requested
  no coalition
  why: not eligible: USA (excluded); EUU min_grant 500,000 above its 300,000; outbid by 8 donors
       (DEU: 0.438 elsewhere, 0.200 here)
  would change it: PSE-risk_education surveyed: NLD 300,000; LAO gets 180,000 less, LBN 120,000 less" \
    "$(block PSE)"
expect_eq "ccm-2018 summary: TCD" "TCD  Chad
  coverage 0.0%: 0 of 600,000 USD requested; deadline 2023-09-01 (in 1765 days)
  no coalition
  why: outbid by 8 donors (NLD: 0.618 elsewhere, 0.438 here); DEU clearance, USA clearance
       area_budget spent
  would change it: TCD-clearance surveyed: EUU 600,000; IRQ gets 600,000 less" "$(block TCD)"
expect_eq "ccm-2018 summary: within 100 columns" "" \
    "$(sed -n '/^ALB  /,/^TCD  /p' "$TMP/ccm.txt" | grep -E '^  (why|would)|^       ' | awk 'length > 100')"

# side_effects BASE.json CHANGED.json STATE: the change of BASE's diagnosis
# for STATE against the plan of the changed dataset: the State's coalition
# there (largest first), every other State that gets at least one USD less,
# every seat of BASE that is gone; and the summary's line of it
side_effects() {
    python3 - "$@" <<'PY'
import json, sys
base, new, st = json.load(open(sys.argv[1])), json.load(open(sys.argv[2])), sys.argv[3]
ch = next(c for c in base["coalitions"] if c["state"] == st)["diagnosis"]["change"]
nco = {c["state"]: c for c in new["coalitions"]}
joins = sorted(({"donor": m["donor"], "amount": m["amount"]} for m in nco[st]["members"]),
               key=lambda m: (-m["amount"], m["donor"]))
losses = [{"state": c["state"], "before": c["allocated"], "after": nco[c["state"]]["allocated"]}
          for c in base["coalitions"]
          if c["state"] != st and nco[c["state"]]["allocated"] < c["allocated"] - 1]
seats = {(m["donor"], c["state"]) for c in new["coalitions"] for m in c["members"]}
leaves = sorted(({"donor": m["donor"], "state": c["state"], "amount": m["amount"]}
                 for c in base["coalitions"] for m in c["members"]
                 if (m["donor"], c["state"]) not in seats), key=lambda x: (x["donor"], x["state"]))
assert ch["gets"] == nco[st]["allocated"], (ch["gets"], nco[st]["allocated"])
assert ch["joins"] == joins, (ch["joins"], joins)
assert ch["losses"] == losses, (ch["losses"], losses)
assert ch["leaves"] == leaves, (ch["leaves"], leaves)
print("OK")
PY
}
# each of the five: the change applied to the dataset, re-solved as `plan`
# does (the run's gap), checked by plancheck.py; its side effects are the
# diagnosis's
for pair in ALB:ALB-victim_assistance PLW:PLW-clearance PSE:PSE-risk_education TCD:TCD-clearance; do
    st=${pair%%:*} n=${pair#*:}
    edit "$CCM" "$TMP/c.json" "need(\"$n\")[\"evidence\"] = \"surveyed\""
    "$CO" plan "$TMP/c.json" --json "$TMP/cp.json" --no-store -q
    r=$(python3 tests/plancheck.py "$TMP/c.json" "$TMP/cp.json" 2>&1 | tail -n 1)
    case "$r" in OK*) pass ;; *) fail "ccm $st with $n surveyed: plancheck: $r" ;; esac
    expect_eq "ccm $st: side effects" OK "$(side_effects "$TMP/ccm.json" "$TMP/cp.json" "$st" 2>&1 | tail -n 1)"
done
"$CO" plan "$CCM" --set coverage_floor=0.3 --json "$TMP/cp.json" --no-store -q
r=$(python3 tests/plancheck.py "$CCM" "$TMP/cp.json" coverage_floor=0.3 2>&1 | tail -n 1)
case "$r" in OK*) pass ;; *) fail "ccm NRU at floor 0.3: plancheck: $r" ;; esac
expect_eq "ccm NRU: side effects" OK "$(side_effects "$TMP/ccm.json" "$TMP/cp.json" NRU 2>&1 | tail -n 1)"

# --diagnose: reasons only (no re-solve: no change, no evidence value, and
# the plan says so), none, and a bad level; whatif takes reasons by default
"$CO" plan "$CCM" --diagnose reasons --json "$TMP/r.json" --no-store -q
expect_eq "--diagnose reasons" OK "$(python3 - "$TMP/r.json" "$TMP/ccm.json" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); full = json.load(open(sys.argv[2]))
assert r["timing"]["skipped"] == ["what would change a State's lot and the value of better "
                                  "evidence not sought: --diagnose reasons"], r["timing"]["skipped"]
assert all("evidence_value" not in n for n in r["needs"])
fr = {c["state"]: c["diagnosis"] for c in full["coalitions"] if c.get("diagnosis")}
rr = {c["state"]: c["diagnosis"] for c in r["coalitions"] if c.get("diagnosis")}
assert sorted(fr) == sorted(rr), (sorted(fr), sorted(rr))
for s in rr:
    assert rr[s].get("change") is None, s
    assert rr[s]["reasons"] == fr[s]["reasons"], s  # the same reasons as the full diagnosis
print("OK")
PY
)"
"$CO" plan "$CCM" --diagnose none --json "$TMP/n.json" --no-store -q
expect_eq "--diagnose none" OK "$(python3 -c '
import json, sys
p = json.load(open(sys.argv[1]))
assert all("diagnosis" not in c for c in p["coalitions"]) and "diagnose_s" not in p["timing"]
print("OK")' "$TMP/n.json")"
expect_exit "--diagnose maybe" 2 "$CO" plan "$CCM" --diagnose maybe --no-store
expect_eq "--diagnose maybe: message" "coalitions plan: --diagnose: must be full, reasons or none, got 'maybe'
Try 'coalitions plan --help'." "$(cat "$TMP/err")"

finish
