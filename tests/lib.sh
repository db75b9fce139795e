# tests/lib.sh: helpers for the shell test scripts (sourced, not run).
# Each script runs from the repository root with CO set to the binary and
# TMP to a fresh folder; it reports with pass/fail and ends with `finish`,
# which prints "N passed, N failed" and exits non-zero on any failure.
set -u
CO=${CO:-$PWD/build/coalitions}
TMP=$(mktemp -d "${TMPDIR:-/tmp}/coalitions-test.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
export COALITIONS_DB="$TMP/default.db"
PASSED=0
FAILED=0
NAME=$(basename "$0" .sh)

pass() { PASSED=$((PASSED + 1)); }
fail() { FAILED=$((FAILED + 1)); printf 'FAIL %s: %s\n' "$NAME" "$*"; }

# expect_eq WHAT EXPECTED ACTUAL
expect_eq() {
    if [ "$2" = "$3" ]; then pass; else fail "$1: expected '$2', got '$3'"; fi
}

# expect_exit WHAT CODE COMMAND...: runs the command, checks its exit code
expect_exit() {
    local what=$1 want=$2
    shift 2
    "$@" >"$TMP/out" 2>"$TMP/err"
    local got=$?
    if [ "$got" = "$want" ]; then pass; else fail "$what: exit $got, expected $want; stderr: $(head -c 400 "$TMP/err")"; fi
}

# expect_file_same WHAT EXPECTED_FILE ACTUAL_FILE
expect_file_same() {
    if cmp -s "$2" "$3"; then pass; else fail "$1: $3 differs from $2"; diff -u "$2" "$3" | head -20; fi
}

# mkjson NAME PYTHON: $TMP/NAME from the dataset $BASE; the code edits the
# dict `d`, or sets `raw` (bytes) to write instead
mkjson() {
    python3 - "$BASE" "$TMP/$1" "$2" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
raw = None
exec(sys.argv[3])
if raw is None:
    raw = json.dumps(d, indent=1).encode()
open(sys.argv[2], "wb").write(raw)
PY
}

# nobom FILE: the file without the UTF-8 byte-order mark that CSV files
# the engine writes start with (base/output.h)
nobom() {
    sed '1s/^\xef\xbb\xbf//' "$1"
}

finish() {
    printf '%s: %d passed, %d failed\n' "$NAME" "$PASSED" "$FAILED"
    [ "$FAILED" -eq 0 ]
}
