#!/usr/bin/env bash
# bench/multiyear.sh: the multi-year targets of issue 15 (`make bench`, after
# bench/run.sh). Generated instances (`coalitions generate --years N`):
#   40 donors x 30 States x 7 years: the engine at 10 s and 60 s against
#     glpsol (on the exported LP) and CBC (on the exported MPS) at 60 s;
#     target: within 10 s a plan with a proven gap <= 1%, at least as good as
#     glpsol's and CBC's at 60 s;
#   200 x 150 x 5 years: the engine at 30 s; targets: a first plan within 5 s,
#     peak memory under 2 GB, the time limit held.
# Each run under bench/timed.py (a clock per log line, peak memory, a hard
# wall limit); bench/multiyear_report.py writes the section "Multi-year
# targets" of the report (between its markers, replaced on every run).
#
# Environment: BUILD (where the binary is), BENCH_WORK (default
# BUILD/bench), BENCH_OUT (default docs/BENCHMARKS.md; with BENCH_QUICK=1
# BUILD/bench/BENCHMARKS.md and the 40x30x7 case at 10 s only).
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
case $BUILD in /*) CO=$BUILD/coalitions ;; *) CO=$PWD/$BUILD/coalitions ;; esac
WORK=${BENCH_WORK:-$BUILD/bench}/multiyear
if [ -n "${BENCH_QUICK:-}" ]; then
    OUT=${BENCH_OUT:-${BENCH_WORK:-$BUILD/bench}/BENCHMARKS.md}
    QUICK=1
else
    OUT=${BENCH_OUT:-docs/BENCHMARKS.md}
    QUICK=
fi
say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }
[ -x "$CO" ] || die "$CO is missing: run 'make' first"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install time (or 'make deps')"
mkdir -p "$WORK" || die "cannot create $WORK"
rm -f "$WORK"/*/run-*

# run NAME DIR LIMIT COMMAND...: one timed run, DIR/run-NAME-LIMIT.{log,meta}
run() {
    local name=$1 dir=$2 limit=$3
    shift 3
    local base="$dir/run-$name-$limit" t0=$SECONDS
    python3 bench/timed.py --log "$base.log" --meta "$base.meta" --limit $((2 * limit + 60)) -- "$@"
    say "$(basename "$dir") $name ${limit}s: $((SECONDS - t0)) s wall"
}

# case DONORS STATES YEARS SEED: the instance and its exports
instance() {
    local dir="$WORK/$1x$2x$3-s$4"
    mkdir -p "$dir"
    "$CO" generate --donors "$1" --states "$2" --years "$3" --seed "$4" -o "$dir/data.json" ||
        die "generate failed for $1x$2x$3"
    echo "$dir"
}

# 40 x 30 x 7: the engine against glpsol and CBC
dir=$(instance 40 30 7 1)
"$CO" export-model "$dir/data.json" --lp "$dir/data.lp" --mps "$dir/data.mps" ||
    die "export-model failed"
limits="10 60"
[ -n "$QUICK" ] && limits=10
for limit in $limits; do
    run engine "$dir" "$limit" "$CO" plan "$dir/data.json" --json "$dir/run-engine-$limit.plan.json" \
        --time-limit "$limit" --mip-gap 1e-6 --quiet --verbose --no-store
done
if [ -z "$QUICK" ]; then
    command -v glpsol >/dev/null && run glpsol-lp "$dir" 60 glpsol --lp "$dir/data.lp" --tmlim 60 \
        --mipgap 1e-6 -o "$dir/run-glpsol-lp-60.sol"
    command -v cbc >/dev/null && run cbc "$dir" 60 cbc "$dir/data.mps" -max -sec 60 \
        -timeMode elapsed -ratioGap 1e-6 -solve
fi

# 200 x 150 x 5: the first plan, memory, the time limit
dir=$(instance 200 150 5 1)
run engine "$dir" 30 "$CO" plan "$dir/data.json" --json "$dir/run-engine-30.plan.json" \
    --time-limit 30 --mip-gap 1e-6 --quiet --verbose --no-store

mkdir -p "$(dirname "$OUT")"
python3 bench/multiyear_report.py --work "$WORK" --out "$OUT" || die "report failed"
say "multi-year targets written to $OUT"
