#!/usr/bin/env bash
# tests/run_all.sh [SUITE...]: runs every unit test binary and every
# tests/t_*.sh suite (or only the named ones: `t_plan test_util`), and
# closes with one line "N passed, N failed" over all of them.
#
# The suites share nothing (each has its own temporary folder and run
# store), so they run side by side: TEST_JOBS at once (default: the number
# of processors), longest first. Their reports are printed in name order
# whatever order they finish in.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD
export CO=$PWD/$BUILD/coalitions
# make memcheck: MEMCHECK is the valgrind command; the suites run the
# binary through its wrapper (made by the Makefile), the unit tests under it
MEMCHECK=${MEMCHECK:-}
[ -n "$MEMCHECK" ] && CO=$PWD/$BUILD/tests/co-valgrind
export MEMCHECK
JOBS=${TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
OUT=$(mktemp -d "${TMPDIR:-/tmp}/coalitions-run.XXXXXX")
trap 'rm -rf "$OUT"' EXIT

# the jobs, longest first (measured: t_whatif, t_store, t_badinput, ...)
order="t_whatif t_multiyear_data t_multiyear_plan t_deadlines t_diagnose test_diagnose t_spreadsheet t_store t_badinput t_crosscheck t_brief t_validate t_plan"
jobs=""
for name in $order; do
    [ -f "tests/$name.sh" ] && jobs="$jobs $name"
done
for s in tests/t_*.sh; do
    name=$(basename "$s" .sh)
    case " $jobs " in *" $name "*) ;; *) jobs="$jobs $name" ;; esac
done
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] && jobs="$jobs $(basename "$t")"
done
if [ $# -gt 0 ]; then
    want=" $* "
    picked=""
    for j in $jobs; do
        case "$want" in *" $j "*) picked="$picked $j" ;; esac
    done
    jobs=$picked
fi

# one job: its output in $OUT/NAME.out, its exit code in $OUT/NAME.rc
run_one() {
    local name=$1
    case "$name" in
    test_*) $MEMCHECK "$BUILD/tests/$name" >"$OUT/$name.out" 2>&1 ;;
    *) bash "tests/$name.sh" >"$OUT/$name.out" 2>&1 ;;
    esac
    echo $? >"$OUT/$name.rc"
}
export -f run_one
export OUT
printf '%s\n' $jobs | xargs -P "$JOBS" -I{} bash -c 'run_one "$1"' _ {}

passed=0
failed=0
failed_suites=""
for name in $(printf '%s\n' $jobs | sort); do
    out=$(cat "$OUT/$name.out" 2>/dev/null)
    rc=$(cat "$OUT/$name.rc" 2>/dev/null || echo 1)
    case "$name" in
    test_*)
        n_ok=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p')
        n_bad=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p')
        passed=$((passed + ${n_ok:-0}))
        failed=$((failed + ${n_bad:-0}))
        if [ "$rc" -ne 0 ]; then
            printf '%s\n' "$out" | grep -E 'FAILED|ERROR|Assert|error' | head -20
            [ -z "$n_bad" ] && failed=$((failed + 1))
            failed_suites="$failed_suites $name"
        fi
        printf '%s: %s passed, %s failed\n' "$name" "${n_ok:-0}" "${n_bad:-0}"
        ;;
    *)
        printf '%s\n' "$out" | grep -v ': [0-9]* passed, [0-9]* failed$' | grep -E '^(FAIL|skipped)' | head -30
        line=$(printf '%s\n' "$out" | grep -E ': [0-9]+ passed, [0-9]+ failed$' | tail -n 1)
        p=$(printf '%s' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
        f=$(printf '%s' "$line" | sed -n 's/.*: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
        if [ -z "$line" ]; then
            printf '%s\n' "$out" | tail -20
            f=1
            p=0
        fi
        passed=$((passed + p))
        failed=$((failed + f))
        [ "$rc" -ne 0 ] && [ "${f:-0}" -eq 0 ] && failed=$((failed + 1))
        [ "$rc" -ne 0 ] && failed_suites="$failed_suites $name"
        printf '%s\n' "${line:-$name: did not finish}"
        ;;
    esac
done
[ -n "$failed_suites" ] && echo "failing:$failed_suites"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
