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
if ! out=$(glpsol --math "$model" --data "$1" --mipgap 0 2>&1); then
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
