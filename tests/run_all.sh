#!/usr/bin/env bash
# tests/run_all.sh: runs every unit test binary and every tests/t_*.sh
# suite, and closes with one line "N passed, N failed" over all of them.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
export BUILD
export CO=$PWD/$BUILD/coalitions
# make memcheck: MEMCHECK is the valgrind command; the suites run the
# binary through its wrapper (made by the Makefile), the unit tests under it
MEMCHECK=${MEMCHECK:-}
[ -n "$MEMCHECK" ] && CO=$PWD/$BUILD/tests/co-valgrind
passed=0
failed=0
failed_suites=""
for t in "$BUILD"/tests/test_*; do
    [ -x "$t" ] || continue
    out=$($MEMCHECK "$t" 2>&1)
    rc=$?
    n_ok=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p')
    n_bad=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p')
    passed=$((passed + ${n_ok:-0}))
    failed=$((failed + ${n_bad:-0}))
    if [ $rc -ne 0 ]; then
        printf '%s\n' "$out" | grep -E 'FAILED|ERROR|Assert|error' | head -20
        [ -z "$n_bad" ] && failed=$((failed + 1))
        failed_suites="$failed_suites $(basename "$t")"
    fi
    printf '%s: %s passed, %s failed\n' "$(basename "$t")" "${n_ok:-0}" "${n_bad:-0}"
done
for s in tests/t_*.sh; do
    [ -f "$s" ] || continue
    out=$(bash "$s" 2>&1)
    rc=$?
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
    [ $rc -ne 0 ] && [ "${f:-0}" -eq 0 ] && failed=$((failed + 1))
    [ $rc -ne 0 ] && failed_suites="$failed_suites $(basename "$s")"
    printf '%s\n' "${line:-$(basename "$s"): did not finish}"
done
[ -n "$failed_suites" ] && echo "failing:$failed_suites"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
