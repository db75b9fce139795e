#!/bin/sh
# tests/glpsol_check.sh: solves MathProg data (from `coalitions export-model
# --dat FILE.dat`) with glpsol on models/coalitions.mod, exactly (--mipgap 0),
# and prints the optimal objective alone on stdout: an independent check of
# the engine's objective. Exits 1 with glpsol's output on stderr when glpsol
# fails or does not report an optimum.
#   usage: tests/glpsol_check.sh FILE.dat
set -eu
if [ $# -ne 1 ]; then
    echo "usage: $0 FILE.dat" >&2
    exit 2
fi
model="$(cd "$(dirname "$0")/.." && pwd)/models/coalitions.mod"
if ! out=$(glpsol --math "$model" --data "$1" --mipgap 0 2>&1); then
    printf '%s\n' "$out" >&2
    echo "$0: glpsol failed on $1" >&2
    exit 1
fi
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
