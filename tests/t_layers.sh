#!/usr/bin/env bash
# The layering of engine/ (README "Source layout"), checked by
# tests/layers.py: the tree as it is passes ("layers: ok"), and a copy of
# it with one violation of each kind planted fails with that violation
# named (so the check itself is tested): the command line reaching into
# the engine, a file including a header from a stage above its own, a
# foreign header outside the folder that owns it, a dependency cycle.
. "$(dirname "$0")/lib.sh"

out=$(python3 tests/layers.py 2>&1)
expect_eq "the tree: exit" 0 "$?"
expect_eq "the tree: output" "layers: ok" "$out"

# plant: a copy of the tree, one violation appended to a file
plant() {
    rm -rf "$TMP/repo"
    mkdir -p "$TMP/repo/tests"
    cp tests/layers.py "$TMP/repo/tests/"
    cp -r engine "$TMP/repo/engine"
    printf '%s\n' "$2" >>"$TMP/repo/engine/$1"
}

check_planted() {
    local what=$1 want=$2
    out=$(python3 "$TMP/repo/tests/layers.py" 2>&1)
    expect_eq "$what: exit" 1 "$?"
    case "$out" in
    *"$want"*) pass ;;
    *) fail "$what: expected '$want' in: $out" ;;
    esac
}

plant cli/cmd_check.c '#include "store/store.h"'
check_planted "cli reaches into the store" \
    'engine/cli/cmd_check.c: the command line includes "store/store.h" (only include/ and render/)'
plant cli/cmd_check.c '#include "render/brief.h"'
out=$(python3 "$TMP/repo/tests/layers.py" 2>&1)
expect_eq "cli may include a renderer" "layers: ok" "$out"

plant base/util.c '#include "run/run.h"'
check_planted "a stage reaches up" 'engine/base/util.c: includes "run/run.h" from a folder above its own'

plant model/derive.c '#include <glpk.h>'
check_planted "glpk.h outside solve" 'engine/model/derive.c: includes <glpk.h>, which only engine/solve may'

plant run/batch.c '#include <sqlite3.h>'
check_planted "sqlite3.h outside store" 'engine/run/batch.c: includes <sqlite3.h>, which only engine/store may'

plant data/dataset.h '#include "data/params.h"'
printf '#include "data/dataset.h"\n' >>"$TMP/repo/engine/data/params.h"
check_planted "a cycle" 'dependency cycle: engine/data/dataset <-> engine/data/params'

finish
