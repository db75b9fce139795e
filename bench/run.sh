#!/usr/bin/env bash
# bench/run.sh: the benchmark (`make bench`). One after the other on this
# machine, under bench/timed.py (a timestamp per log line, peak memory from
# /usr/bin/time -v, a hard wall limit):
#   - the ladder: generated instances up to 400x300; the engine at each
#     engine limit (its wall time against the limit: issue 12), and the
#     peers at each peer limit: glpsol on the exported LP, CBC on the
#     exported MPS, HiGHS (the npm package `highs`, WebAssembly, run with
#     node) on the exported LP (and glpsol on models/coalitions.mod when
#     BENCH_SOLVERS names glpsol-mod);
#   - CBC for 15 minutes on 200x150 (the reference plan of issue 12);
#   - families of 40x30 shapes (generate's shape options): the engine at
#     10 s against the peers at the family peer limit;
# then bench/report.py reads the logs and writes the report, and (full run
# only) bench/whatif.sh and bench/diagnose.sh add their sections. Not part
# of `make test`: the full run takes about an hour.
#
# HiGHS is installed from the npm registry into WORK/npm the first time
# (npm install highs@HIGHS_VERSION); without npm, or offline, it is left
# out and the report says so.
#
# Environment:
#   BUILD=build          where the binary is (BUILD/coalitions)
#   BENCH_QUICK=1        12x10 and 40x30 at 1 and 10 s, peers at 10 s, one
#                        instance of the held-out family (a few minutes)
#   BENCH_OUT=FILE       the report (default docs/BENCHMARKS.md; quick:
#                        BUILD/bench/BENCHMARKS.md, so a quick run does not
#                        replace the full one)
#   BENCH_WORK=DIR       instances and logs (default BUILD/bench)
#   BENCH_SIZES="12x10:1 40x30:2"   ladder: DONORSxSTATES:SEED list
#   BENCH_LIMITS="1 10 60"          the engine's limits on the ladder
#   BENCH_PEER_LIMITS="60"          the peers' limits on the ladder
#   BENCH_FAMILIES="heldout:11 ..." families: NAME:SEED list (NAME one of
#                        heldout, size2, floor, priority; "" for none)
#   BENCH_FAMILY_LIMIT=60           the peers' limit on the families
#   BENCH_LONG="200x150:4:900"      a long CBC run: SIZE:SEED:SECONDS ("" none)
#   BENCH_SOLVERS="glpsol-lp cbc highs"   which peers to run (glpsol-mod:
#                        glpsol on models/coalitions.mod, also possible)
#   BENCH_GAP=1e-6       relative gap asked of every solver
#   HIGHS_VERSION=1.15.3 the npm package's version
set -u
cd "$(dirname "$0")/.."
BUILD=${BUILD:-build}
case $BUILD in /*) CO=$BUILD/coalitions ;; *) CO=$PWD/$BUILD/coalitions ;; esac
WORK=${BENCH_WORK:-$BUILD/bench}
case $WORK in /*) ;; *) WORK=$PWD/$WORK ;; esac
GAP=${BENCH_GAP:-1e-6}
HIGHS_VERSION=${HIGHS_VERSION:-1.15.3}
if [ -n "${BENCH_QUICK:-}" ]; then
    SIZES=${BENCH_SIZES-"12x10:1 40x30:2"}
    LIMITS=${BENCH_LIMITS-"1 10"}
    PEER_LIMITS=${BENCH_PEER_LIMITS-"10"}
    FAMILIES=${BENCH_FAMILIES-"heldout:11"}
    FAMILY_LIMIT=${BENCH_FAMILY_LIMIT-10}
    LONG=${BENCH_LONG-""}
    OUT=${BENCH_OUT:-$WORK/BENCHMARKS.md}
    MODE=quick
else
    SIZES=${BENCH_SIZES-"12x10:1 40x30:2 100x80:3 200x150:4 400x300:5"}
    LIMITS=${BENCH_LIMITS-"1 10 60"}
    PEER_LIMITS=${BENCH_PEER_LIMITS-"60"}
    FAMILIES=${BENCH_FAMILIES-"heldout:11 heldout:12 size2:13 floor:15 priority:17"}
    FAMILY_LIMIT=${BENCH_FAMILY_LIMIT-60}
    LONG=${BENCH_LONG-"200x150:4:900"}
    OUT=${BENCH_OUT:-docs/BENCHMARKS.md}
    MODE=full
fi
SOLVERS=${BENCH_SOLVERS-"glpsol-lp cbc highs"}

say() { printf 'bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[ -x "$CO" ] || die "$CO is missing: run 'make' first"
[ -x /usr/bin/time ] || die "/usr/bin/time is missing: apt-get install time (or 'make deps')"
command -v python3 >/dev/null || die "python3 is missing"
mkdir -p "$WORK" || die "cannot create $WORK"
HIGHS_JS=$WORK/npm/node_modules/highs
peers=""
for s in $SOLVERS; do
    case $s in
    glpsol-mod | glpsol-lp)
        if command -v glpsol >/dev/null; then peers="$peers $s"; else say "glpsol is missing (apt-get install glpk-utils): $s left out"; fi ;;
    cbc)
        if command -v cbc >/dev/null; then peers="$peers $s"; else say "cbc is missing (apt-get install coinor-cbc): cbc left out"; fi ;;
    highs)
        # the npm package, into the work folder (never a dependency of the
        # engine or of make test)
        if [ ! -f "$HIGHS_JS/package.json" ] || ! grep -q "\"version\": \"$HIGHS_VERSION\"" "$HIGHS_JS/package.json"; then
            if command -v npm >/dev/null && command -v node >/dev/null; then
                say "installing highs@$HIGHS_VERSION from the npm registry into $WORK/npm"
                npm install --prefix "$WORK/npm" --no-audit --no-fund --no-save "highs@$HIGHS_VERSION" >"$WORK/npm-install.log" 2>&1 ||
                    say "npm install highs failed (see $WORK/npm-install.log)"
            else
                say "node or npm is missing (apt-get install nodejs npm): highs left out"
            fi
        fi
        if [ -f "$HIGHS_JS/package.json" ]; then peers="$peers highs"; else say "highs left out"; fi ;;
    *) die "unknown solver '$s' in BENCH_SOLVERS" ;;
    esac
done
rm -rf "$WORK"/ladder "$WORK"/family "$WORK"/long
: >"$WORK/runs.txt"
: >"$WORK/instances.tsv"

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
    printf '%s %s %s\n' "${dir#"$WORK"/}" "$name" "$limit" >>"$WORK/runs.txt"
    say "${dir#"$WORK"/} $name ${limit}s: $((SECONDS - t0)) s wall, exit $(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["exit"])' "$base.meta")"
}

# instance GROUP LABEL DIR GENERATE-ARGS...: generates the dataset and its
# exports into DIR, and lists it for the report
instance() {
    local group=$1 label=$2 dir=$3
    shift 3
    mkdir -p "$dir"
    say "$label: generating"
    "$CO" generate "$@" -o "$dir/data.json" || die "generate failed for $label"
    # one format at a time, so one that fails does not hide the others
    for fmt in dat lp mps; do
        rm -f "$dir/data.$fmt"
        "$CO" export-model "$dir/data.json" --"$fmt" "$dir/data.$fmt" 2>"$dir/export-$fmt.err" ||
            say "$label: export-model --$fmt failed: $(head -n 1 "$dir/export-$fmt.err")"
    done
    printf '%s\t%s\t%s\t%s\n' "$group" "$label" "${dir#"$WORK"/}" "$*" >>"$WORK/instances.tsv"
}

# engine DIR LIMIT
engine() {
    rm -f "$1/run-engine-$2.plan.json"
    run engine "$1" "$2" "$CO" plan "$1/data.json" --json "$1/run-engine-$2.plan.json" \
        --time-limit "$2" --mip-gap "$GAP" --quiet --verbose --no-store
}

# peer SOLVER DIR LIMIT
peer() {
    local s=$1 dir=$2 limit=$3
    case $s in
    glpsol-mod)
        [ -s "$dir/data.dat" ] || { say "$dir: no data.dat, glpsol-mod skipped"; return; }
        run glpsol-mod "$dir" "$limit" glpsol --math models/coalitions.mod \
            --data "$dir/data.dat" --tmlim "$limit" --mipgap "$GAP" -o "$dir/run-glpsol-mod-$limit.sol"
        ;;
    glpsol-lp)
        [ -s "$dir/data.lp" ] || { say "$dir: no data.lp, glpsol-lp skipped"; return; }
        run glpsol-lp "$dir" "$limit" glpsol --lp "$dir/data.lp" --tmlim "$limit" \
            --mipgap "$GAP" -o "$dir/run-glpsol-lp-$limit.sol"
        ;;
    cbc)
        [ -s "$dir/data.mps" ] || { say "$dir: no data.mps, cbc skipped"; return; }
        # MPS carries no objective sense: -max; CBC's log shows the
        # negated objective (it minimises), its summary the true one
        run cbc "$dir" "$limit" cbc "$dir/data.mps" -max -sec "$limit" \
            -timeMode elapsed -ratioGap "$GAP" -solve
        ;;
    highs)
        [ -s "$dir/data.lp" ] || { say "$dir: no data.lp, highs skipped"; return; }
        run highs "$dir" "$limit" node bench/highs.mjs "$HIGHS_JS" "$dir/data.lp" "$limit" "$GAP"
        ;;
    esac
}

# gen_args NAME: generate's shape options of a family
gen_args() {
    case $1 in
    heldout) echo "--coalition-size 2 --budget-share 0.8 --min-grant-share 0.6 --engagement-share 0.6" ;;
    size2) echo "--coalition-size 2" ;;
    floor) echo "--floor 0.3" ;;
    priority) echo "--priority-share 1" ;;
    *) die "unknown family '$1' in BENCH_FAMILIES" ;;
    esac
}

for spec in $SIZES; do
    size=${spec%%:*}
    seed=${spec#*:}
    [ "$seed" = "$spec" ] && seed=1
    dir="$WORK/ladder/$size-s$seed"
    instance ladder "$size (seed $seed)" "$dir" --donors "${size%x*}" --states "${size#*x}" --seed "$seed"
    for limit in $LIMITS; do engine "$dir" "$limit"; done
    for limit in $PEER_LIMITS; do for s in $peers; do peer "$s" "$dir" "$limit"; done; done
done

for spec in $LONG; do
    IFS=: read -r size seed secs <<<"$spec"
    dir="$WORK/long/$size-s$seed"
    instance long "$size (seed $seed)" "$dir" --donors "${size%x*}" --states "${size#*x}" --seed "$seed"
    case " $peers " in *" cbc "*) peer cbc "$dir" "$secs" ;; *) say "no cbc: the long run is left out" ;; esac
done

for spec in $FAMILIES; do
    name=${spec%%:*}
    seed=${spec#*:}
    dir="$WORK/family/$name-s$seed"
    # shellcheck disable=SC2046 # the shape options split into words
    instance family "$name (seed $seed)" "$dir" --donors 40 --states 30 --seed "$seed" $(gen_args "$name")
    engine "$dir" 10
    for s in $peers; do
        [ "$s" = glpsol-mod ] && continue # glpsol once: on the exported LP
        peer "$s" "$dir" "$FAMILY_LIMIT"
    done
done

# What the run store adds to a run's wall time (issue 5): the largest
# ladder size up to 200x150, a short limit, each way three times,
# alternating, into a fresh store.
store_dir=""
for spec in $SIZES; do
    size=${spec%%:*}
    seed=${spec#*:}
    [ "$seed" = "$spec" ] && seed=1
    [ "${size%x*}" -le 200 ] && store_dir="$WORK/ladder/$size-s$seed"
done
rm -f "$WORK/store.db"* "$WORK/store.txt"
if [ -n "$store_dir" ] && [ -s "$store_dir/data.json" ]; then
    for i in 1 2 3; do
        for mode in no-store store; do
            if [ $mode = store ]; then opt=(--db "$WORK/store.db"); else opt=(--no-store); fi
            t0=$(date +%s.%N)
            "$CO" plan "$store_dir/data.json" --time-limit 5 --quiet "${opt[@]}" >/dev/null 2>&1
            t1=$(date +%s.%N)
            echo "$(basename "$store_dir") $mode $(python3 -c "print($t1 - $t0)")" >>"$WORK/store.txt"
        done
    done
    say "store overhead measured on $(basename "$store_dir")"
fi

mkdir -p "$(dirname "$OUT")"
python3 bench/report.py --work "$WORK" --out "$OUT" --mode "$MODE" --gap "$GAP" \
    --co "$CO" --highs "$HIGHS_JS" || die "report failed"
if [ "$MODE" = full ]; then
    bench/whatif.sh "$CO" "$WORK/whatif" >"$WORK/whatif.md" && { echo; cat "$WORK/whatif.md"; } >>"$OUT"
    bench/diagnose.sh "$CO" "$WORK/diagnose" >"$WORK/diagnose.md" && { echo; cat "$WORK/diagnose.md"; } >>"$OUT"
    bench/deadlines.sh "$CO" "$WORK/deadlines" >"$WORK/deadlines.md" && { echo; cat "$WORK/deadlines.md"; } >>"$OUT"
fi
say "report written to $OUT"
