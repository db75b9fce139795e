#!/usr/bin/env bash
# Strict JSON (issue 13): the dataset reader takes exactly what Python's
# json module takes (RFC 8259), and names each problem's line, column and
# JSON path, also in a file of one line. Each bad input is tests/data/
# base.json written on one line (or indented) with one edit; the expected
# place is computed here from where the edit put the bad text (not taken
# from the engine), Python's json.loads must refuse the same bytes (the
# independent judge of syntax), and `plan` must exit 3 with exactly the
# message and write nothing. Numbers a double cannot hold are refused too,
# though Python reads them (1e400 as inf, 1e-400 as 0). Valid inputs at
# the edges are read, and plan as base.json does.
. "$(dirname "$0")/lib.sh"
BASE=tests/data/base.json

# bad NAME LAYOUT PYTHON MARK EXPECTED [py]: writes $TMP/NAME.json from
# base.json dumped on one line (LAYOUT "line") or indented ("indent"), the
# bytes `raw` edited by PYTHON; "@" in EXPECTED becomes LINE:COLUMN of the
# first occurrence of MARK in the file, or of its end for EOF (columns in
# characters from 1).
# With "py", Python's json.loads must refuse the file.
bad() {
    local name=$1 layout=$2 edit=$3 mark=$4 want=$5 py=${6:-py}
    local at
    at=$(python3 - "$BASE" "$TMP/$name.json" "$layout" "$edit" "$mark" "$py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
raw = (json.dumps(d) if sys.argv[3] == "line" else json.dumps(d, indent=1)).encode()
exec(sys.argv[4])
open(sys.argv[2], "wb").write(raw)
if sys.argv[6] == "py":
    try:
        json.loads(raw)
        print("PYTHON-ACCEPTS")
        sys.exit()
    except ValueError:
        pass
text = raw.decode("utf-8", "replace")
i = len(text) if sys.argv[5] == "EOF" else text.index(sys.argv[5])
print(f"{text.count(chr(10), 0, i) + 1}:{i - (text.rfind(chr(10), 0, i) + 1) + 1}")
PY
)
    case "$at" in *PYTHON-ACCEPTS*) fail "$name: Python's json reads it" ;; *) pass ;; esac
    rm -f "$TMP/out.json"
    (cd "$TMP" && "$CO" plan "$name.json" --no-store --json out.json >out 2>err)
    expect_eq "$name: exit" 3 "$?"
    expect_eq "$name: message" "${want//@/$at}" "$(cat "$TMP/err")"
    [ ! -e "$TMP/out.json" ] && pass || fail "$name: a plan was written"
}

## numbers
bad leading-zero line 'raw = raw.replace(b"\"budget\": 1000000", b"\"budget\": 01000000")' \
    01000000 "leading-zero.json:@: donors[0].budget: not valid JSON: not a JSON number, got '01000000' (a leading zero: write 1000000)"
bad trailing-dot line 'raw = raw.replace(b"600000", b"600000.")' \
    600000. "trailing-dot.json:@: donors[1].budget: not valid JSON: not a JSON number, got '600000.' (no digit after '.': write 600000)"
bad leading-dot line 'raw = raw.replace(b"0.6", b".6")' \
    '.6,' "leading-dot.json:@: needs[1].evidence: not valid JSON: not a JSON number, got '.6' (no digit before '.': write 0.6)"
bad plus line 'raw = raw.replace(b"\"max_states\": 2", b"\"max_states\": +2")' \
    +2 "plus.json:@: donors[0].max_states: not valid JSON: not a JSON number, got '+2' (a '+' sign: write 2)"
bad exponent line 'raw = raw.replace(b"100000,", b"1e,", 1)' \
    '1e,' "exponent.json:@: donors[0].min_grant: not valid JSON: not a JSON number, got '1e' (no digits in the exponent)"
bad underflow line 'raw = raw.replace(b"\"min_grant\": 100000", b"\"min_grant\": 1e-400")' \
    1e-400 "underflow.json:@: donors[0].min_grant: number out of range (too close to 0: it would read as 0), got '1e-400'" no
python3 -c 'import json; assert json.loads("1e-400") == 0' && pass || fail "Python no longer reads 1e-400 as 0"
bad overflow line 'raw = raw.replace(b"600000", b"6e400")' \
    6e400 "overflow.json:@: donors[1].budget: number out of range (beyond +-1.8e308), got '6e400'" no
bad long line 'raw = raw.replace(b"600000", b"6" + b"0" * 70)' \
    '60000' "long.json:@: donors[1].budget: number too long (over 63 characters), got '600000000000000000000000000000000000000000000000000000000000...'" no
# numbers written for people: what they look like (never "write 0900")
bad decimal-comma line 'raw = raw.replace(b"\"amount\": 900000", b"\"amount\": 900000,50")' \
    900000,50 "decimal-comma.json:@: needs[0].amount: not valid JSON: not a JSON number, got '900000,50' (looks like a decimal comma: write 900000.50)"
bad zero-comma line 'raw = raw.replace(b"\"clearance\": 0.9", b"\"clearance\": 0,900")' \
    0,900 "zero-comma.json:@: donors[0].expertise.clearance: not valid JSON: not a JSON number, got '0,900' (looks like a decimal comma: write 0.900)"
bad thousands indent 'raw = raw.replace(b"1000000", b"1,000,000", 1)' \
    1,000,000 "thousands.json:@: donors[0].budget: not valid JSON: not a JSON number, got '1,000,000' (looks like thousands separators: write 1000000)"
bad dot-groups line 'raw = raw.replace(b"1000000", b"1.000.000", 1)' \
    1.000.000 "dot-groups.json:@: donors[0].budget: not valid JSON: not a JSON number, got '1.000.000' (looks like thousands separators: write 1000000)"
bad ambiguous line 'raw = raw.replace(b"\"budget\": 600000", b"\"budget\": 600,500")' \
    600,500 "ambiguous.json:@: donors[1].budget: not valid JSON: not a JSON number, got '600,500' (is ',' a thousands separator or a decimal comma? write 600500 or 600.500)"
bad nan line 'raw = raw.replace(b"600000", b"NaN")' \
    NaN "nan.json:@: donors[1].budget: not valid JSON: syntax error near 'NaN, \"expertise\": {\"' (JSON has no NaN or Infinity: give a finite number)" no

## structure
bad trailing-comma line 'raw = raw.replace(b"[\"LAO\"]", b"[\"LAO\",]")' \
    ',]' "trailing-comma.json:@: donors[0].priority_states: not valid JSON: a ',' before ']' (remove it)"
bad trailing-comma-obj indent 'raw = raw.replace(b"\"max_coalition_size\": 3", b"\"max_coalition_size\": 3,")' \
    $',\n }' "trailing-comma-obj.json:@: parameters: not valid JSON: a ',' before '}' (remove it)"
bad comment line 'raw = raw.replace(b"\"states\": [", b"\"states\": [/* two */ ")' \
    '/* two' "comment.json:@: states[0]: not valid JSON: a comment (JSON has none: remove it)"
bad single-quotes line 'raw = raw.replace(b"\"LAO\"]", b"'"'"'LAO'"'"']")' \
    "'LAO'" "single-quotes.json:@: donors[0].priority_states[0]: not valid JSON: a string in single quotes (JSON takes double quotes) near ''LAO']}, {\"id\": \"NOR'"
bad bare-key line 'raw = raw.replace(b"{\"id\": \"NOR\"", b"{id: \"NOR\"")' \
    'id: "NOR"' "bare-key.json:@: donors[1]: not valid JSON: a key must be a string in double quotes near 'id: \"NOR\", \"budget\":'"
bad no-comma line 'raw = raw.replace(b"\"id\": \"NOR\", ", b"\"id\": \"NOR\" ")' \
    '"budget": 600000' "no-comma.json:@: donors[1].id: not valid JSON: expected ',' or '}' near '\"budget\": 600000, \"e' (a ',' missing?)"
bad no-colon line 'raw = raw.replace(b"\"currency\": ", b"\"currency\" ")' \
    '"USD"' "no-colon.json:@: currency: not valid JSON: expected ':' after the key near '\"USD\", \"areas\": [{\"i'"
bad truncated line 'raw = raw[:raw.index(b"\"IRQ-va\"")]' \
    EOF "truncated.json:@: needs[2].id: not valid JSON: unexpected end of input (truncated?)"

## strings
bad tab line 'raw = raw.replace(b"free text", b"free\ttext")' \
    '	text' "tab.json:@: needs[0].note: not valid JSON: a tab inside a string (write it as \\t)"
bad newline indent 'raw = raw.replace(b"free text", b"free\ntext")' \
    $'\ntext' "newline.json:@: needs[0].note: not valid JSON: a line break inside a string (write it as \\n)"
bad escape line 'raw = raw.replace(b"free text", b"C:\\data\\2018")' \
    '\d' "escape.json:@: needs[0].note: not valid JSON: unknown escape '\\d' in a string (a '\\' is written '\\\\')"
bad short-u line 'raw = raw.replace(b"free text", b"\\u12x4")' \
    '\u12x4' "short-u.json:@: needs[0].note: not valid JSON: '\\u' must be followed by four hex digits, got '\\u12x4'"
bad surrogate line 'raw = raw.replace(b"free text", b"\\ud83d alone")' \
    '\ud83d' "surrogate.json:@: needs[0].note: not valid JSON: '\\ud83d' is half of a UTF-16 surrogate pair" no
bad latin1 line 'raw = raw.replace(b"Netherlands", b"Nederl\xe4nd")' \
    $'\ufffd' "latin1.json:@: donors[0].name: not valid UTF-8 in ' \"name\": \"Nederl\\xe4nd\", \"b' (save the file as UTF-8)"

## valid edges: read, and the same plan as base.json
python3 - "$BASE" "$TMP/edges.json" <<'PY'
import json, sys
raw = json.dumps(json.load(open(sys.argv[1]))).encode()
raw = raw.replace(b"\"amount\": 900000", b"\"amount\": 9.0E+5")           # exponent, capital E
raw = raw.replace(b"\"amount\": 200000", b"\"amount\": 2e5")
raw = raw.replace(b"free text", b"free \\ud83d\\ude00 text \\u00e9 \\/")  # a surrogate pair, escapes
raw = raw.replace(b"\"secured\": 100000", b"\"secured\": 100000, \"x\": [-0, 0.0, 1e-310, -1.5e-7]")
json.loads(raw)
open(sys.argv[2], "wb").write(raw)
PY
"$CO" plan "$TMP/edges.json" --no-store -q --json "$TMP/edges.plan.json" 2>"$TMP/err"
expect_eq "edges: exit" 0 "$?"
expect_eq "edges: stderr" "warning: $TMP/edges.json: needs[0]: unknown field 'x', ignored (need 'LAO-clearance')" "$(cat "$TMP/err")"
"$CO" plan "$BASE" --no-store -q --json "$TMP/base.plan.json"
python3 - "$TMP/edges.plan.json" "$TMP/base.plan.json" <<'PY' && pass || fail "edges: not the plan of base.json"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
for k in ("dataset", "timing"):
    a.pop(k), b.pop(k)
sys.exit(a != b)
PY
expect_exit "edges: convert --json" 0 "$CO" convert "$TMP/edges.json" --json "$TMP/edges.norm.json"
python3 -c '
import json, sys
n = {x["id"]: x for x in json.load(open(sys.argv[1]))["needs"]}["LAO-clearance"]
assert n["note"] == "free \U0001F600 text \u00e9 /", n
' "$TMP/edges.norm.json" && pass || fail "edges: the note's escapes were not read"

# the same parser reads scenario and plan files: the place is named there too
printf '{"scenarios": [{"name": "A", "changes": [{"op": "set", "path": "donors.NLD.budget", "value": 01}]}]}' \
    >"$TMP/s.json"
expect_exit "scenario file: a leading zero" 3 "$CO" whatif "$BASE" "$TMP/s.json" --no-store
expect_eq "scenario file: message" \
    "$TMP/s.json:1:94: scenarios[0].changes[0].value: not valid JSON: not a JSON number, got '01' (a leading zero: write 1)" \
    "$(cat "$TMP/err")"
"$CO" plan "$BASE" --no-store -q --json "$TMP/p.json"
python3 -c '
import sys; t = open(sys.argv[1]).read()
open(sys.argv[2], "w").write(t.replace("\"gap\": 0", "\"gap\": 0.", 1))' "$TMP/p.json" "$TMP/p2.json"
expect_exit "plan file: a trailing dot" 3 "$CO" brief "$TMP/p2.json" --md "$TMP/b.md"
case "$(cat "$TMP/err")" in
"$TMP/p2.json:"*": gap: not valid JSON: not a JSON number, got '0.' (no digit after '.': write 0)") pass ;;
*) fail "plan file: message: $(cat "$TMP/err")" ;;
esac
[ ! -e "$TMP/b.md" ] && pass || fail "plan file: a brief was written"
finish
