#!/usr/bin/env bash
# The fuzz corpora (tests/fuzz/corpus/T: seeds from datasets/, inputs
# libFuzzer found, and every crash or hang ever found) through the replay
# binaries the Makefile builds with AddressSanitizer and UBSan: any memory
# error, undefined behaviour, leak or failed round trip (tests/fuzz/fuzz.h)
# aborts the binary. `make fuzz` runs the fuzzers themselves. The replay
# binaries are linked to the sanitizer build's library: REPLAY_DIR names
# their folder (make test sets it; without it, as in make check-quick, the
# suite is skipped).
. "$(dirname "$0")/lib.sh"
REPLAY_DIR=${REPLAY_DIR:-}
if [ -z "$REPLAY_DIR" ]; then
    echo "skipped t_fuzz_replay: no sanitizer build (make test replays the corpora)"
    finish
    exit
fi
if [ -n "${MEMCHECK:-}" ]; then
    # ASan binaries do not run under valgrind; make test runs this suite
    echo "t_fuzz_replay: skipped under valgrind"
    finish
    exit
fi
for t in json csv set scenario plan; do
    bin=$REPLAY_DIR/replay_$t
    corpus=tests/fuzz/corpus/$t
    if [ ! -x "$bin" ]; then
        fail "no $bin (make test builds it)"
        continue
    fi
    n=$(find "$corpus" -maxdepth 1 -type f | wc -l)
    [ "$n" -gt 0 ] && pass || fail "$corpus is empty"
    TMPDIR=$TMP ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=1 \
        UBSAN_OPTIONS=print_stacktrace=1 "$bin" "$corpus" >"$TMP/out" 2>"$TMP/err"
    rc=$?
    if [ $rc -eq 0 ]; then pass; else
        fail "replay $t: exit $rc"
        grep -E 'ERROR|runtime error|round trip|SUMMARY' "$TMP/err" | head -5
    fi
    expect_eq "replay $t: inputs" "$n inputs replayed" "$(cat "$TMP/out")"
done
finish
