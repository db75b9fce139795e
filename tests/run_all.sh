#!/usr/bin/env bash
# tests/run_all.sh [SUITE...]: runs every unit test binary and every
# tests/t_*.sh suite (or only the named ones: `t_plan test_util`), and
# closes with one line "N passed, N failed" over all of them.
#
# One build ($BUILD, default build), or several at once: BUILDS="DIR[:SANITIZERS] ..."
# (make test: the normal build and the sanitizer build). With several, the
# jobs of every build share one pool, so no processor idles while one
# build's last suites finish; the report is still printed build by build,
# each under "== tests with DIR/coalitions" and closed by its own
# "N passed, N failed" line, and the exit code is non-zero when any fails.
#
# The suites share nothing (each has its own temporary folder and run
# store), so they run side by side: TEST_JOBS at once (default: the number
# of processors), longest first. Their reports are printed in name order
# whatever order they finish in. TEST_TIMES=1 adds each job's seconds.
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
BUILDS=${BUILDS:-}
headers=yes
[ -n "$BUILDS" ] || { BUILDS=$BUILD; headers=; }
# make memcheck: MEMCHECK is the valgrind command; the suites run the
# binary through its wrapper (made by the Makefile), the unit tests under it
MEMCHECK=${MEMCHECK:-}
export MEMCHECK
JOBS=${TEST_JOBS:-$(nproc 2>/dev/null || echo 2)}
OUT=$(mktemp -d "${TMPDIR:-/tmp}/coalitions-run.XXXXXX")
trap 'rm -rf "$OUT"' EXIT

# The suites start python3 about 900 times a build: when python3 on PATH
# is a version manager's shim (pyenv's is a shell script, some 60 ms a
# start), the suites get the interpreter it picks itself, first on PATH.
py=$(python3 -c 'import sys; print(sys.executable)' 2>/dev/null)
if [ -n "$py" ] && [ -x "$py" ] && [ "$(command -v python3)" != "$py" ]; then
    mkdir "$OUT/bin" && ln -s "$py" "$OUT/bin/python3" && PATH="$OUT/bin:$PATH"
fi

# References that do not depend on the build (glpsol's optimum of a model
# on a data file: tests/glpsol_check.sh) are computed once per run and
# shared by every build's suites, keyed by a hash of their inputs; the
# folder is new for each run and removed at its end, so never stale.
export CO_REF_CACHE="$OUT/ref"
mkdir "$CO_REF_CACHE"

# Suites that run neither the engine nor anything else of the build (the
# reference solver and checkers alone, the layering check, the fuzz
# replays, which are the sanitizer build's in every pass of make test):
# with several builds they run once and their report is shown in each
# build's, marked "(shared)".
shared_suites="t_multiyear_data t_layers"
[ -n "${REPLAY_DIR:-}" ] && shared_suites="$shared_suites t_fuzz_replay"

# the jobs, longest first (measured: t_whatif, t_diagnose, t_timelimit, ...)
order="t_whatif t_diagnose t_timelimit test_plan t_multiyear_plan t_multiyear_data t_plan t_crosscheck t_xlsx t_deadlines t_store t_generate t_badinput t_brief t_csv t_spreadsheet t_multiyear test_diagnose t_validate t_jsonstrict"
names=""
for name in $order; do
    [ -f "tests/$name.sh" ] && names="$names $name"
done
for s in tests/t_*.sh; do
    name=$(basename "$s" .sh)
    case " $names " in *" $name "*) ;; *) names="$names $name" ;; esac
done
first=${BUILDS%% *}
first=${first%%:*}
for t in "$first"/tests/test_*; do
    [ -x "$t" ] || continue
    name=$(basename "$t")
    case " $names " in *" $name "*) ;; *) names="$names $name" ;; esac
done
if [ $# -gt 0 ]; then
    want=" $* "
    picked=""
    for j in $names; do
        case "$want" in *" $j "*) picked="$picked $j" ;; esac
    done
    names=$picked
fi

# the builds, as "INDEX DIR", and every job as INDEX:NAME; a suite's job
# of the last build (the sanitizer build in make test, the slower) first
nb=0
builds=""
for b in $BUILDS; do
    builds="$builds $nb"
    eval "bdir_$nb=\${b%%:*}"
    case "$b" in *:*) eval "bsan_$nb=\${b#*:}" ;; *) eval "bsan_$nb=" ;; esac
    nb=$((nb + 1))
done
is_shared() {
    [ "$nb" -gt 1 ] && case " $shared_suites " in *" $1 "*) true ;; *) false ;; esac
}
jobs=""
for name in $names; do
    i=$((nb - 1))
    while [ "$i" -ge 0 ]; do
        if is_shared "$name"; then
            [ "$i" -eq 0 ] && jobs="$jobs 0:$name"
        else
            eval "d=\$bdir_$i"
            case "$name" in
            test_*) [ -x "$d/tests/$name" ] && jobs="$jobs $i:$name" ;;
            *) jobs="$jobs $i:$name" ;;
            esac
        fi
        i=$((i - 1))
    done
done

# one job: its output in $OUT/INDEX.NAME.out, its exit code in .rc
run_one() {
    local job=$1 i=${1%%:*} name=${1#*:}
    local dir start
    start=$(date +%s.%N)
    eval "dir=\$bdir_$i"
    export BUILD=$dir
    export CO=$PWD/$dir/coalitions
    [ -n "$MEMCHECK" ] && CO=$PWD/$dir/tests/co-valgrind
    case "$name" in
    test_*) $MEMCHECK "$dir/tests/$name" >"$OUT/$i.$name.out" 2>&1 ;;
    *) bash "tests/$name.sh" >"$OUT/$i.$name.out" 2>&1 ;;
    esac
    echo $? >"$OUT/$i.$name.rc"
    echo "$start $(date +%s.%N)" >"$OUT/$i.$name.time"
}
export -f run_one
export OUT
for i in $builds; do eval "export bdir_$i"; done
printf '%s\n' $jobs | xargs -P "$JOBS" -I{} bash -c 'run_one "$1"' _ {}

any_failed=0
for i in $builds; do
    eval "dir=\$bdir_$i san=\$bsan_$i"
    [ -n "$headers" ] && echo "== tests with $dir/coalitions${san:+ (sanitizers: $san)}"
    passed=0
    failed=0
    failed_suites=""
    for name in $(printf '%s\n' $names | sort); do
        j=$i
        note=""
        if is_shared "$name"; then
            j=0
            note=" (shared: run once for every build)"
        fi
        out=$(cat "$OUT/$j.$name.out" 2>/dev/null)
        rc=$(cat "$OUT/$j.$name.rc" 2>/dev/null || echo 1)
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
            printf '%s\n' "${line:-$name: did not finish}$note"
            ;;
        esac
    done
    [ -n "$failed_suites" ] && echo "failing:$failed_suites"
    echo "$passed passed, $failed failed"
    [ "$failed" -eq 0 ] || any_failed=1
done
# TEST_TIMES=1: every job's wall-clock seconds, longest first, with the
# build it ran with (to keep the order above longest first)
if [ -n "${TEST_TIMES:-}" ]; then
    echo "== seconds per job"
    for f in "$OUT"/*.time; do
        [ -f "$f" ] || continue
        b=$(basename "$f" .time)
        eval "dir=\$bdir_${b%%.*}"
        awk -v j="${b#*.}" -v d="$dir" '{ printf "%7.1f %s (%s)\n", $2 - $1, j, d }' "$f"
    done | sort -rn
fi
[ "$any_failed" -eq 0 ]
