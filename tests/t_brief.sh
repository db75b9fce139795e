#!/usr/bin/env bash
# `brief`: the meeting brief of datasets/ccm-2018.json checked in headless
# Chromium when it is installed (tests/browser_check.py: every State, the
# totals recomputed from the plan JSON, one bar per State and per donor,
# PNG and PDF kept in $BUILD/brief/ beside the plan and the page), and
# without a browser: determinism, the Markdown content, HTML escaping, a
# stored run, the what-if comparison page, fields a plan may carry later,
# and the command line's errors.
. "$(dirname "$0")/lib.sh"
OUT=${BUILD:-build}/brief
mkdir -p "$OUT"
PLAN=$OUT/ccm-2018.plan.json

# run_check WHAT PYTHON-ARGS...: one pass or fail per PASS/FAIL line
run_check() {
    local what=$1
    shift
    python3 "$@" >"$TMP/check.out" 2>&1
    local rc=$?
    while IFS= read -r line; do
        case "$line" in
        PASS*) pass ;;
        FAIL*) fail "$what: ${line#FAIL }" ;;
        esac
    done <"$TMP/check.out"
    grep -q '^PASS' "$TMP/check.out" || fail "$what: no checks ran: $(tail -5 "$TMP/check.out")"
    [ $rc -eq 0 ] || grep -q '^FAIL' "$TMP/check.out" || fail "$what: exit $rc: $(tail -5 "$TMP/check.out")"
}

# 1. the bundled dataset: the page as written, then as Chromium renders it
"$CO" plan datasets/ccm-2018.json --json "$PLAN" --no-store --quiet
expect_exit "brief of ccm-2018" 0 "$CO" brief "$PLAN" --html "$OUT/ccm-2018.html" \
    --md "$OUT/ccm-2018.md"
run_check "ccm-2018 html" tests/browser_check.py "$OUT/ccm-2018.html" "$PLAN" "$OUT"
if command -v chromium >/dev/null 2>&1; then
    run_check "ccm-2018 in chromium" tests/browser_check.py "$OUT/ccm-2018.html" \
        "$PLAN" "$OUT" chromium
else
    echo "skipped: chromium not installed (the browser checks of $OUT/ccm-2018.html; make deps installs it)"
fi

# 2. the same plan gives the same bytes; nothing from the run's timing
"$CO" brief "$PLAN" --html "$TMP/again.html" --md "$TMP/again.md"
expect_file_same "html rerun" "$OUT/ccm-2018.html" "$TMP/again.html"
expect_file_same "md rerun" "$OUT/ccm-2018.md" "$TMP/again.md"
python3 - "$PLAN" "$TMP/notiming.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["timing"] = {"load_s": 99.5, "build_s": 12.25, "solve_s": 7.125}
json.dump(d, open(sys.argv[2], "w"))
PY
"$CO" brief "$TMP/notiming.json" --html "$TMP/notiming.html"
expect_eq "html does not depend on timing" "" \
    "$(diff <(sed 's|'"$PLAN"'|P|g' "$OUT/ccm-2018.html") \
            <(sed 's|'"$TMP"'/notiming.json|P|g' "$TMP/notiming.html"))"

# 3. Markdown: the same content as tables
python3 - "$OUT/ccm-2018.md" "$PLAN" <<'PY' && pass || fail "markdown content"
import json, re, sys
md = open(sys.argv[1], encoding="utf-8").read()
plan = json.load(open(sys.argv[2]))
text = re.sub(r"\\(.)", r"\1", md)  # Markdown escapes off
c = lambda v: int(round(v * 100))
usd = lambda cents: "USD {:,}".format((cents + 50) // 100)
req = sum(c(n["requested"]) for n in plan["needs"])
got = sum(c(n["allocated"]) for n in plan["needs"])
assert "**Requested**: " + usd(req) in text, "requested"
assert "**Allocated**: " + usd(got) in text, "allocated"
for s in plan["coalitions"]:
    assert "\n## %s (%s)\n" % (s["name"], s["state"]) in text, s["state"]
    assert "| %s (%s) | %s |" % (s["name"], s["state"], usd(c(s["requested"]))) in text, s["state"]
for d in plan["donors"]:
    assert "| %s (%s) | %s | %s |" % (d["name"], d["donor"], usd(c(d["budget"])),
                                      usd(c(d["allocated"]))) in text, d["donor"]
for n in plan["needs"]:
    if n.get("deadline"):
        assert "| %s | %s | %s |" % (n["need"], n["area"].replace("_", " "), n["deadline"]) in text, n["need"]
assert "deadline timeline of the HTML brief is left out" in text
assert "<svg" not in md and "<table" not in md and "<div" not in md
# the text bars: one line per State and per donor in the code blocks
blocks = re.findall(r"```\n(.*?)```", md, re.S)
assert len(blocks) == 2 and len(blocks[0].splitlines()) == len(plan["coalitions"])
assert len(blocks[1].splitlines()) == len(plan["donors"])
PY

# 4. escaping: a State id and name with & < > " ', an overdue and an extended deadline
python3 - "$TMP/esc.json" <<'PY'
import json, sys
d = json.load(open("tests/data/base.json"))
new = "L&<A>'"
for s in d["states"]:
    if s["id"] == "LAO":
        s["id"], s["name"] = new, "Evil <b>& \"Lao\" 'PDR'"
for n in d["needs"]:
    n["state"] = new if n["state"] == "LAO" else n["state"]
for x in d["donors"]:
    x["priority_states"] = [new if v == "LAO" else v for v in x.get("priority_states", [])]
json.dump(d, open(sys.argv[1], "w"))
PY
"$CO" plan "$TMP/esc.json" --json "$TMP/esc.plan.json" --no-store --quiet --set as_of=2024-01-01
expect_exit "brief with markup in names" 0 "$CO" brief "$TMP/esc.plan.json" --html "$TMP/esc.html" --md "$TMP/esc.md"
expect_eq "no raw <b> in the page" 0 "$(grep -c '<b>' "$TMP/esc.html")"
python3 - "$TMP/esc.html" "$TMP/esc.md" <<'PY' && pass || fail "escaped names read back"
import sys
from html.parser import HTMLParser
name, sid = "Evil <b>& \"Lao\" 'PDR'", "L&<A>'"
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self.states, self.tags = [], [], set()
    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        self.states += [v for k, v in attrs if k == "data-state"]
    def handle_data(self, d):
        self.data.append(d)
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
assert "b" not in p.tags, "a <b> element made it into the page"
text = "".join(p.data)
assert text.count(name) >= 3, text.count(name)
assert sid in text
assert p.states.count(sid) == 2 and p.states.count("IRQ") == 2, p.states  # bar and urgent part
assert "&lt;b&gt;&amp; &quot;Lao&quot; &#39;PDR&#39;" in open(sys.argv[1]).read()
md = open(sys.argv[2], encoding="utf-8").read()
assert "## Evil \\<b\\>\\& \"Lao\" 'PDR' (L\\&\\<A\\>')" in md, "markdown heading"
PY
run_check "escaped page" tests/browser_check.py "$TMP/esc.html" "$TMP/esc.plan.json" "$TMP"
grep -q 'class="flag overdue">overdue</span>' "$TMP/esc.html" && pass || fail "overdue flag"
grep -q 'class="flag ext">extended from 2020-08-01</span>' "$TMP/esc.html" && pass || fail "extension flag"

# 5. a stored run: the same page, but for where it came from
"$CO" plan datasets/ccm-2018.json --db "$TMP/s.db" --quiet
expect_exit "brief of run 1" 0 "$CO" brief 1 --db "$TMP/s.db" --html "$TMP/run.html" --md -
grep -q "run 1 in $TMP/s.db" "$TMP/run.html" && pass || fail "run origin in the page"
grep -q "^Proposed Country Coalitions as of 2018-11-01\. Source: run 1 in " "$TMP/out" && pass \
    || fail "--md - writes to stdout"
"$CO" show 1 --db "$TMP/s.db" --json "$TMP/run1.json" >/dev/null
"$CO" brief "$TMP/run1.json" --html "$TMP/run1.html"
expect_eq "stored run and its plan file give the same page" "" \
    "$(diff <(sed "s|run 1 in $TMP/s.db|X|g" "$TMP/run.html") <(sed "s|$TMP/run1.json|X|g" "$TMP/run1.html"))"
expect_exit "no such run" 3 "$CO" brief 7 --db "$TMP/s.db" --html "$TMP/x.html"
expect_eq "no such run: message" "run 7: no such run in $TMP/s.db" "$(cat "$TMP/err")"

# 6. the what-if comparison page (tests/data/whatif/comparison.json, hand-written)
expect_exit "comparison brief" 0 "$CO" brief tests/data/whatif/comparison.json --html "$TMP/cmp.html" --md "$TMP/cmp.md"
python3 - "$TMP/cmp.html" "$TMP/cmp.md" <<'PY' && pass || fail "comparison page"
import re, sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.data, self.bars, self.svgs, self.skip = [], [], 0, 0
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.svgs += tag == "svg"
        if tag == "rect" and "bar" in (a.get("class") or "").split() and "data-scenario" in a:
            self.bars.append((a["data-scenario"], float(a["width"])))
        self.skip += tag in ("style", "title")
    def handle_endtag(self, tag):
        self.skip -= tag in ("style", "title")
    def handle_data(self, d):
        if not self.skip:
            self.data.append(d)
p = P()
p.feed(open(sys.argv[1], encoding="utf-8").read())
text = re.sub(r"\s+", " ", " ".join(p.data))
# one bar per outcome, in order; the longest is the largest allocation (1,650,000)
names = [b[0] for b in p.bars]
assert names == ["Baseline", "Norway adds <1M> & more", "Floor of 90%"], names
w = [b[1] for b in p.bars]
assert w[2] == 0 and abs(w[0] / w[1] - 1500000 / 1650000) < 1e-3, w
# the outcomes row of the scenario: allocated and change, urgent share and change,
# seats and in/out, objective and change
row = "Norway adds <1M> & more optimal USD 1,650,000 +USD 150,000 97.5% +22.5 pts 4 +2 / -1 1,450,000 +250,000"
assert row in text, text[:800]
assert "Baseline optimal USD 1,500,000 75.0% 3 1,200,001" in text
assert "Floor of 90% infeasible n/a" in text
for s in ("IRQ 70.0% \u2192 90.0% +20.0 pts +USD 180,000 NLD \u2192 NOR NOR",
          "LAO 100.0% \u2192 96.2% -3.8 pts -USD 30,000 NLD NOR GBR",
          "NOR 75.0% \u2192 100.0% +25.0 pts +USD 400,000",
          "GBR 50.0% \u2192 n/a n/a -USD 250,000",
          "1 Norway adds <1M> & more 1,450,000 +250,000", "2 Baseline 1,200,001 +0",
          "IRQ needs 1,620,000 at the floor; eligible donors hold 1,600,000",
          "lower coverage_floor to 0.88", "raise NOR's budget by 20,000",
          "no plan keeps every State at 90% of its need", "Price of fairness USD 125,000"):
    assert s in text, s
md = open(sys.argv[2], encoding="utf-8").read()
assert "| Norway adds \\<1M\\> \\& more | optimal | USD 1,650,000 | +USD 150,000 | 97.5% | +22.5 pts | 4 | +2 / -1 | 1,450,000 | +250,000 |" in md
assert "- lower coverage\\_floor to 0.88\n" in md
PY
grep -q 'href\|src=\|http' "$TMP/cmp.html" && fail "comparison page refers outside itself" || pass

# 7. fields a plan may carry later are shown when present; odd or missing fields do not stop the page
python3 - "$PLAN" "$TMP/extra.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["price_of_fairness"] = 62500.5
d["baseline"] = {"source": "run 4", "stability_weight": 1000, "keep_pledges": True,
                 "seats_added": 2, "seats_removed": 1, "penalty": 3000}
d["donors"][0]["marginal_range"] = {"from": 500000, "to": None}
d["donors"][1]["marginal_range"] = {"from": 250000, "to": 750000}
d["coalitions"][0]["marginal_value"] = 1.125
d["needs"][0]["deadline"] = "not a date"
d["coalitions"][1]["members"] = [{}]
json.dump(d, open(sys.argv[2], "w"))
PY
expect_exit "plan with later fields" 0 "$CO" brief "$TMP/extra.json" --html "$TMP/extra.html" --md "$TMP/extra.md"
for want in '<td>Price of fairness</td><td>USD 62,501</td>' '<td>Baseline</td><td>run 4: 2 seats added, 1 removed; its allocations kept as pledges</td>' \
    '<td class="num">500,000 and up</td>' '<td class="num">250,000 to 750,000</td>' \
    'Value of one more dollar here: 1.1250'; do
    grep -qF "$want" "$TMP/extra.html" && pass || fail "later fields: '$want' not in the page"
done
grep -q 'For budgets' "$OUT/ccm-2018.html" && pass || fail "the budget ranges of the marginal values are shown"

# 8. the command line
expect_exit "--help" 0 "$CO" brief --help
grep -q '^usage: coalitions brief' "$TMP/out" && pass || fail "--help text"
expect_exit "no output asked" 2 "$CO" brief "$PLAN"
expect_eq "no output: message" "coalitions brief: nothing to write: give --html FILE or --md FILE
Try 'coalitions brief --help'." "$(cat "$TMP/err")"
expect_exit "no operand" 2 "$CO" brief --html "$TMP/x.html"
expect_eq "no operand: message" "coalitions brief: missing RUN or FILE
Try 'coalitions brief --help'." "$(cat "$TMP/err")"
expect_exit "missing file" 5 "$CO" brief "$TMP/nope.json" --html "$TMP/x.html"
expect_eq "missing file: message" "$TMP/nope.json: cannot open: No such file or directory" "$(cat "$TMP/err")"
expect_exit "a dataset is not a plan" 3 "$CO" brief tests/data/base.json --html "$TMP/x.html"
expect_eq "not a plan: message" "tests/data/base.json: not a plan or comparison JSON" "$(cat "$TMP/err")"
printf '{"coalitions": ' >"$TMP/broken.json"
expect_exit "broken JSON" 3 "$CO" brief "$TMP/broken.json" --html "$TMP/x.html"
expect_eq "broken JSON: message" "$TMP/broken.json:1:16: coalitions: not valid JSON: unexpected end of input (truncated?)" "$(cat "$TMP/err")"
printf '{"coalitions": {}, "needs": [], "donors": []}' >"$TMP/wrong.json"
expect_exit "coalitions not an array" 3 "$CO" brief "$TMP/wrong.json" --md "$TMP/x.md"
expect_eq "coalitions not an array: message" "$TMP/wrong.json: coalitions: must be an array" "$(cat "$TMP/err")"
printf '{"coalitions": [{"state": "S1", "members": [{"donor": "D1", "amount": "x"}]}], "needs": [], "donors": []}' >"$TMP/badamount.json"
expect_exit "a member's amount not a number" 3 "$CO" brief "$TMP/badamount.json" --md "$TMP/x.md"
expect_eq "amount not a number: message" \
    "$TMP/badamount.json: coalitions[0].members[0].amount: must be a number >= 0, got '\"x\"'" "$(cat "$TMP/err")"
printf '{"baseline": {"allocated": -5}, "scenarios": []}' >"$TMP/badcmp.json"
expect_exit "comparison with a negative amount" 3 "$CO" brief "$TMP/badcmp.json" --md "$TMP/x.md"
expect_eq "comparison: message" "$TMP/badcmp.json: baseline.allocated: must be a number >= 0 or null, got '-5'" \
    "$(cat "$TMP/err")"
[ ! -e "$TMP/x.html" ] && [ ! -e "$TMP/x.md" ] && pass || fail "a failed brief wrote a file"
expect_exit "unwritable output" 5 "$CO" brief "$PLAN" --html "$TMP/no/such/dir/b.html"

# the Markdown bars start in one column: a name longer than the column
# ("State Three (no eligible donor)", 31 characters) is cut with an ellipsis
"$CO" plan datasets/small/floor.json --no-store -q --json "$TMP/floor.json" &&
    "$CO" brief "$TMP/floor.json" --md "$TMP/floor.md" || fail "floor: no brief"
python3 - "$TMP/floor.md" <<'PY' && pass || fail "markdown bars not aligned: $(grep -n 'State Three' "$TMP/floor.md" | head -3)"
import sys
bars = [l for l in open(sys.argv[1], encoding="utf-8").read().split("\n")
        if any(c in l for c in "\u2588\u2591\u2593") and not l.startswith(("|", "\u2593 to"))]
cols = {min(l.index(c) for c in "\u2588\u2591\u2593" if c in l) for l in bars}
assert bars and cols == {28}, cols
assert any("State Three (no eligible d\u2026 " in l for l in bars)
PY

finish
