#!/usr/bin/env bash
# bench/run.sh: the benchmark ladder (`make bench`). For each generated
# instance and time limit it runs, one after the other on this machine,
# the engine, glpsol on models/coalitions.mod, glpsol on the exported LP
# and CBC on the exported MPS, each under bench/timed.py (a timestamp per
# log line, peak memory from /usr/bin/time -v, a hard wall limit); then
# bench/report.py reads the logs and writes the report, and
# bench/whatif.sh and bench/diagnose.sh add their sections. Not part of
# `make test`: the full ladder takes about half an hour.
#
# Environment:
#   BUILD=build          where the binary is (BUILD/coalitions)
#   BENCH_QUICK=1        only 12x10 and 40x30 at 10 s (a few minutes)
#   BENCH_OUT=FILE       the report (default docs/BENCHMARKS.md; quick:
#                        BUILD/bench/BENCHMARKS.md, so a quick run does not
#                        replace the full one)
#   BENCH_WORK=DIR       instances and logs (default BUILD/bench)
#   BENCH_SIZES="12x10:1 40x30:2"  DONORSxSTATES:SEED list (overrides)
#   BENCH_LIMITS="10 60" time limits in seconds (overrides)
#   BENCH_SOLVERS="engine glpsol-mod glpsol-lp cbc"  which to run
#   BENCH_GAP=1e-6       relative gap asked of every solver
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
case $BUILD in /*) CO=$BUILD/coalitions ;; *) CO=$PWD/$BUILD/coalitions ;; esac
WORK=${BENCH_WORK:-$BUILD/bench}
GAP=${BENCH_GAP:-1e-6}
if [ -n "${BENCH_QUICK:-}" ]; then
    SIZES=${BENCH_SIZES:-"12x10:1 40x30:2"}
    LIMITS=${BENCH_LIMITS:-"10"}
    OUT=${BENCH_OUT:-$WORK/BENCHMARKS.md}
    MODE=quick
else
    SIZES=${BENCH_SIZES:-"12x10:1 40x30:2 100x80:3 200x150:4"}
    LIMITS=${BENCH_LIMITS:-"10 60"}
    OUT=${BENCH_OUT:-docs/BENCHMARKS.md}
    MODE=full
fi
SOLVERS=${BENCH_SOLVERS:-"engine glpsol-mod glpsol-lp cbc"}

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ -x "$CO" ] || die "$CO is missing: run 'make' first"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install time (or 'make deps')"
command -v python3 >/dev/null || die "python3 is missing"
for s in $SOLVERS; do
    case $s in
    engine) ;;
    glpsol-mod | glpsol-lp) command -v glpsol >/dev/null || die "glpsol is missing: apt-get install glpk-utils" ;;
    cbc) command -v cbc >/dev/null || die "cbc is missing: apt-get install coinor-cbc" ;;
    *) die "unknown solver '$s' in BENCH_SOLVERS" ;;
    esac
done
mkdir -p "$WORK" || die "cannot create $WORK"
rm -f "$WORK"/*/run-*
: >"$WORK/runs.txt"

# run NAME DIR LIMIT COMMAND...: one timed run, logged as DIR/run-NAME-LIMIT.*
run() {
    local name=$1 dir=$2 limit=$3
    shift 3
    local base="$dir/run-$name-$limit"
    # a run that ignores its limit is stopped at twice it plus a minute
    # (glpsol's --tmlim does not count its translation of the model)
    local hard=$((2 * limit + 60))
    local t0=$SECONDS
    python3 bench/timed.py --log "$base.log" --meta "$base.meta" --limit "$hard" -- "$@"
    printf '%s %s %s\n' "$(basename "$dir")" "$name" "$limit" >>"$WORK/runs.txt"
    say "$(basename "$dir") $name ${limit}s: $((SECONDS - t0)) s wall, exit $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["exit"])' "$base.meta")"
}

for spec in $SIZES; do
    size=${spec%%:*}
    seed=${spec#*:}
    [ "$seed" = "$spec" ] && seed=1
    donors=${size%x*}
    states=${size#*x}
    dir="$WORK/$size-s$seed"
    mkdir -p "$dir"
    say "$size seed $seed: generating"
    "$CO" generate --donors "$donors" --states "$states" --seed "$seed" -o "$dir/data.json" ||
        die "generate failed for $size"
    # one format at a time, so one that fails does not hide the others
    for fmt in dat lp mps; do
        rm -f "$dir/data.$fmt"
        "$CO" export-model "$dir/data.json" --"$fmt" "$dir/data.$fmt" 2>"$dir/export-$fmt.err" ||
            say "$size: export-model --$fmt failed: $(head -n 1 "$dir/export-$fmt.err")"
    done
    for limit in $LIMITS; do
        for s in $SOLVERS; do
            case $s in
            engine)
                rm -f "$dir/run-engine-$limit.plan.json"
                run engine "$dir" "$limit" "$CO" plan "$dir/data.json" \
                    --json "$dir/run-engine-$limit.plan.json" --time-limit "$limit" \
                    --mip-gap "$GAP" --quiet --verbose --no-store
                ;;
            glpsol-mod)
                [ -s "$dir/data.dat" ] || { say "$size: no data.dat, glpsol-mod skipped"; continue; }
                run glpsol-mod "$dir" "$limit" glpsol --math models/coalitions.mod \
                    --data "$dir/data.dat" --tmlim "$limit" --mipgap "$GAP" \
                    -o "$dir/run-glpsol-mod-$limit.sol"
                ;;
            glpsol-lp)
                [ -s "$dir/data.lp" ] || { say "$size: no data.lp, glpsol-lp skipped"; continue; }
                run glpsol-lp "$dir" "$limit" glpsol --lp "$dir/data.lp" --tmlim "$limit" \
                    --mipgap "$GAP" -o "$dir/run-glpsol-lp-$limit.sol"
                ;;
            cbc)
                [ -s "$dir/data.mps" ] || { say "$size: no data.mps, cbc skipped"; continue; }
                # MPS carries no objective sense: -max; CBC's log shows the
                # negated objective (it minimises), its summary the true one
                run cbc "$dir" "$limit" cbc "$dir/data.mps" -max -sec "$limit" \
                    -timeMode elapsed -ratioGap "$GAP" -solve
                ;;
            esac
        done
    done
done

# What the run store adds to a run's wall time (issue 5): the largest size,
# a short limit, each way three times, alternating, into a fresh store.
if [ -n "${dir:-}" ] && [ -s "$dir/data.json" ]; then
    rm -f "$WORK/store.db"* "$WORK/store.txt"
    for i in 1 2 3; do
        for mode in no-store store; do
            if [ $mode = store ]; then opt=(--db "$WORK/store.db"); else opt=(--no-store); fi
            t0=$(date +%s.%N)
            "$CO" plan "$dir/data.json" --time-limit 5 --quiet "${opt[@]}" >/dev/null 2>&1
            t1=$(date +%s.%N)
            echo "$(basename "$dir") $mode $(python3 -c "print($t1 - $t0)")" >>"$WORK/store.txt"
        done
    done
    say "store overhead measured on $(basename "$dir")"
fi

mkdir -p "$(dirname "$OUT")"
python3 bench/report.py --work "$WORK" --out "$OUT" --mode "$MODE" --gap "$GAP" \
    --sizes "$SIZES" --limits "$LIMITS" --co "$CO" || die "report failed"
bench/whatif.sh "$CO" "$WORK/whatif" >"$WORK/whatif.md" && { echo; cat "$WORK/whatif.md"; } >>"$OUT"
bench/diagnose.sh "$CO" "$WORK/diagnose" >"$WORK/diagnose.md" && { echo; cat "$WORK/diagnose.md"; } >>"$OUT"
say "report written to $OUT"
