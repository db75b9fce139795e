#!/bin/sh
# tests/glpsol_check.sh: solves MathProg data (from `coalitions export-model
# --dat FILE.dat`, or tests/my_dat.py) with glpsol, exactly (--mipgap 0),
# on models/coalitions.mod, or with --multiyear on
# models/coalitions_multiyear.mod, and prints the optimal objective alone on
# stdout: an independent check of the engine's objective. --out FILE keeps
# glpsol's whole output (the multi-year model prints its allocations there).
# Exits 1 with glpsol's output on stderr when glpsol fails or does not
# report an optimum.
#   usage: tests/glpsol_check.sh [--multiyear] [--out FILE] FILE.dat
set -eu
root="$(cd "$(dirname "$0")/.." && pwd)"
model="$root/models/coalitions.mod"
keep=
while [ $# -gt 1 ]; do
    case "$1" in
    --multiyear) model="$root/models/coalitions_multiyear.mod"; shift ;;
    --out) keep=$2; shift 2 ;;
    *) break ;;
    esac
done
if [ $# -ne 1 ]; then
    echo "usage: $0 [--multiyear] [--out FILE] FILE.dat" >&2
    exit 2
fi
# CO_REF_CACHE (set by tests/run_all.sh: a folder new for each run, shared
# by the builds of make test): glpsol's output and exit code on the same
# model and data (keyed by a hash of both files' contents) are kept there,
# so the same reference is solved once per run, not once per build
key=
if [ -n "${CO_REF_CACHE:-}" ] && [ -d "$CO_REF_CACHE" ]; then
    key="$CO_REF_CACHE/glpsol-$(cat "$model" "$1" | sha256sum | cut -c1-64)"
fi
if [ -n "$key" ] && [ -f "$key.rc" ]; then
    out=$(cat "$key.out")
    rc=$(cat "$key.rc")
else
    rc=0
    out=$(glpsol --math "$model" --data "$1" --mipgap 0 2>&1) || rc=$?
    if [ -n "$key" ]; then
        # written under a name of this process, then renamed: a suite
        # reading at the same time sees the whole file or none
        printf '%s\n' "$out" >"$key.out.$$" && mv "$key.out.$$" "$key.out"
        echo "$rc" >"$key.rc.$$" && mv "$key.rc.$$" "$key.rc"
    fi
fi
if [ "$rc" -ne 0 ]; then
    printf '%s\n' "$out" >&2
    echo "$0: glpsol failed on $1" >&2
    exit 1
fi
[ -z "$keep" ] || printf '%s\n' "$out" >"$keep"
# an optimum: of the MIP when there are seats, else of the LP
if printf '%s\n' "$out" | grep -q '^Integer optimization begins'; then
    want='^INTEGER OPTIMAL SOLUTION FOUND'
else
    want='^OPTIMAL (LP )?SOLUTION FOUND'
fi
value=$(printf '%s\n' "$out" | sed -n 's/^OBJECTIVE \([^ ]*\)$/\1/p' | tail -n 1)
if ! printf '%s\n' "$out" | grep -Eq "$want" || [ -z "$value" ]; then
    printf '%s\n' "$out" >&2
    echo "$0: glpsol found no optimum for $1" >&2
    exit 1
fi
printf '%s\n' "$value"
