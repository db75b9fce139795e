#!/usr/bin/env bash
# tests/t_store.sh: the run store (engine/store.c): plan records each run;
# history, show, diff and export read the runs back (show and export byte
# for byte); bad store files are refused and left untouched; concurrent
# writers and processes killed with SIGKILL leave the store consistent.
# Expectations come from the plan files and sqlite3, not from the store's
# own code. CO may carry a wrapper (valgrind ...), so it is used unquoted.
. "$(dirname "$0")/lib.sh"

DS=datasets/small/tiny.json
DB=$TMP/s.db
sha() { sha256sum "$1" | cut -d' ' -f1; }
runs() { sqlite3 "$1" 'SELECT count(*) FROM runs'; }

# ---- plan records a run ---------------------------------------------------
expect_exit "plan with a store" 0 $CO plan $DS --db "$DB" --json "$TMP/p1.json" --csv "$TMP/c1"
cp "$TMP/out" "$TMP/plan1.out"
expect_eq "plan's last line on stderr" "run 1 stored in $DB" "$(tail -n 1 "$TMP/err")"
expect_eq "runs after one plan" 1 "$(runs "$DB")"
expect_eq "journal mode" wal "$(sqlite3 "$DB" 'PRAGMA journal_mode')"
expect_eq "schema version" 2 "$(sqlite3 "$DB" 'PRAGMA user_version')"
expect_eq "foreign keys hold" "" "$(sqlite3 "$DB" 'PRAGMA foreign_key_check')"
expect_eq "dataset sha256" "$(sha $DS)" "$(sqlite3 "$DB" 'SELECT sha256 FROM datasets')"
sqlite3 "$DB" "SELECT writefile('$TMP/ds.bin', body) FROM datasets" >/dev/null
expect_file_same "stored dataset bytes" "$DS" "$TMP/ds.bin"
# the tables hold what the plan JSON says
python3 - "$TMP/p1.json" >"$TMP/tables.exp" <<'PY'
import json, sys
p = json.load(open(sys.argv[1]))
for a in p["allocations"]:
    print("A|%s|%s|%d" % (a["donor"], a["need"], round(a["amount"] * 100)))
for c in p["coalitions"]:
    print("C|%s|%s|%s" % (c["state"], c["lead"] or "", ",".join(m["donor"] for m in c["members"])))
print("R|%s|%.2f|%.2f" % (p["status"], p["objective"]["total"], p["parameters"]["coordination_cost"]))
PY
sqlite3 "$DB" >"$TMP/tables.got" <<'SQL'
SELECT 'A', donor, need, amount_cents FROM allocations WHERE run = 1 ORDER BY state, need, donor;
SELECT 'C', c.state, ifnull(c.lead, ''), ifnull((SELECT group_concat(donor, ',') FROM
  (SELECT donor FROM coalition_members m WHERE m.run = 1 AND m.state = c.state ORDER BY position)), '')
  FROM coalitions c WHERE run = 1 ORDER BY state;
SELECT 'R', status, printf('%.2f', objective_total), printf('%.2f', (SELECT value FROM run_parameters
  WHERE run = 1 AND name = 'coordination_cost')) FROM runs WHERE id = 1;
SQL
expect_file_same "stored tables" "$TMP/tables.exp" "$TMP/tables.got"

# a second run, with another coordination cost; -q: nothing on stderr
expect_exit "second plan" 0 $CO plan $DS --db "$DB" --set coordination_cost=1000 -q --json "$TMP/p2.json"
expect_eq "quiet plan's stderr" "" "$(cat "$TMP/err")"
expect_eq "runs after two plans" 2 "$(runs "$DB")"
expect_eq "one dataset row for both" 1 "$(sqlite3 "$DB" 'SELECT count(*) FROM datasets')"

# a plan whose files cannot be written records no run
expect_exit "plan with an unwritable --json" 5 $CO plan $DS --db "$DB" --json "$TMP/no/such/dir/p.json"
expect_eq "no run after a failed write" 2 "$(runs "$DB")"

# ---- history ----------------------------------------------------------------
python3 - "$TMP/p2.json" 2 "$TMP/p1.json" 1 >"$TMP/hist.exp" <<'PY'
import json, sys
args = sys.argv[1:]
for path, rid in zip(args[0::2], args[1::2]):
    p = json.load(open(path))
    u = [(round(n["requested"] * 100), round(n["allocated"] * 100)) for n in p["needs"] if n["urgency"] > 1]
    req = sum(r for r, _ in u)
    urgent = "%.1f%%" % (100.0 * sum(g for _, g in u) / req) if req > 0 else "-"
    print("\t".join([rid, p["dataset"]["name"], p["scenario"] or "-", p["status"],
                     "%.2f" % p["objective"]["total"], "%.4f%%" % (p["gap"] * 100), urgent]))
PY
expect_exit "history" 0 $CO history --db "$DB"
cut -f1,3- "$TMP/out" >"$TMP/hist.got"
expect_file_same "history lines" "$TMP/hist.exp" "$TMP/hist.got"
expect_eq "history times" 2 "$(cut -f2 "$TMP/out" | grep -cE '^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$')"
expect_exit "history --limit 1" 0 $CO history --db "$DB" --limit 1
expect_eq "history --limit 1" "2" "$(cut -f1 "$TMP/out")"
expect_exit "history --dataset sha" 0 $CO history --db "$DB" --dataset "$(sha $DS | cut -c1-10)"
expect_eq "history --dataset sha" "2 1" "$(cut -f1 "$TMP/out" | tr '\n' ' ' | sed 's/ $//')"
expect_exit "history --dataset other" 0 $CO history --db "$DB" --dataset nothing-like-it
expect_eq "history --dataset other: stdout" "" "$(cat "$TMP/out")"
expect_exit "history --limit 0" 2 $CO history --db "$DB" --limit 0
expect_exit "history on a missing store" 0 $CO history --db "$TMP/missing.db"
expect_eq "history on a missing store: stdout" "" "$(cat "$TMP/out")"
expect_eq "history on a missing store: stderr" "coalitions history: no runs in $TMP/missing.db" "$(cat "$TMP/err")"
expect_eq "history creates no store" "" "$(ls "$TMP"/missing.db* 2>/dev/null)"

# ---- show -------------------------------------------------------------------
expect_exit "show 1" 0 $CO show 1 --db "$DB" --json "$TMP/s1.json"
expect_file_same "show 1 --json: the plan's bytes" "$TMP/p1.json" "$TMP/s1.json"
head -n -1 "$TMP/plan1.out" >"$TMP/sum.exp" # the summary without plan's "Time" line
head -n -1 "$TMP/out" >"$TMP/sum.got"       # ... and without show's "Run" line
expect_file_same "show 1: the plan's summary" "$TMP/sum.exp" "$TMP/sum.got"
expect_eq "show 1: run line" "Run 1: $DS (sha256 $(sha $DS | cut -c1-12))" "$(tail -n 1 "$TMP/out" | cut -d, -f1)"
expect_exit "show 2 --json -" 0 $CO show 2 --db "$DB" --json -
expect_file_same "show 2 --json -: the plan's bytes" "$TMP/p2.json" "$TMP/out"
expect_exit "show of an unknown run" 3 $CO show 42 --db "$DB"
expect_eq "show of an unknown run: message" "run 42: no such run in $DB" "$(cat "$TMP/err")"
expect_eq "show of an unknown run: stdout" "" "$(cat "$TMP/out")"
expect_exit "show of a bad run id" 2 $CO show abc --db "$DB"
expect_exit "show of run 0" 2 $CO show 0 --db "$DB"
expect_exit "show without a run" 2 $CO show --db "$DB"
expect_exit "show on a missing store" 3 $CO show 1 --db "$TMP/missing.db"
expect_eq "show creates no store" "" "$(ls "$TMP"/missing.db* 2>/dev/null)"

# ---- export -----------------------------------------------------------------
expect_exit "export 1 --csv" 0 $CO export 1 --db "$DB" --csv "$TMP/e1"
for f in coalitions allocations donors needs; do
    expect_file_same "export 1: $f.csv" "$TMP/c1/$f.csv" "$TMP/e1/$f.csv"
done
# run 2 wrote no CSV: compare with a fresh solve of the same (optimal) plan
expect_exit "plan 2 again, CSV only" 0 $CO plan $DS --no-store --set coordination_cost=1000 -q --csv "$TMP/c2"
expect_exit "export 2 --csv" 0 $CO export 2 --db "$DB" --csv "$TMP/e2" --json "$TMP/e2.json"
for f in coalitions allocations donors needs; do
    expect_file_same "export 2: $f.csv" "$TMP/c2/$f.csv" "$TMP/e2/$f.csv"
done
expect_file_same "export 2 --json" "$TMP/p2.json" "$TMP/e2.json"
expect_exit "export of an unknown run" 3 $CO export 42 --db "$DB" --csv "$TMP/e42"
expect_eq "export of an unknown run: message" "run 42: no such run in $DB" "$(cat "$TMP/err")"
expect_eq "export of an unknown run writes nothing" "" "$(ls -d "$TMP/e42" 2>/dev/null)"
expect_exit "export without --csv or --json" 2 $CO export 1 --db "$DB"

# ---- diff -------------------------------------------------------------------
# run 3: another dataset, for States and allocations found in one run only
expect_exit "plan limits.json" 0 $CO plan datasets/small/limits.json --db "$DB" -q --json "$TMP/p3.json"
check_diff() { # A B THRESHOLD (empty: the default)
    local a=$1 b=$2 t=${3:-1000} what="diff $1 $2${3:+ --threshold $3}"
    python3 tests/diffcheck.py "$TMP/p$a.json" "$TMP/p$b.json" "$a" "$b" "$t" \
        "$TMP/diff.exp" "$TMP/diff.exp.json"
    expect_exit "$what" 0 $CO diff "$a" "$b" --db "$DB" ${3:+--threshold "$3"} --json "$TMP/diff.json"
    expect_file_same "$what: lines" "$TMP/diff.exp" "$TMP/out"
    if python3 - "$TMP/diff.exp.json" "$TMP/diff.json" <<'PY'; then pass; else fail "$what: JSON differs from the expectation"; fi
import json, sys
exp, got = (json.load(open(f)) for f in sys.argv[1:3])
for k in ("from", "to"):
    got[k].pop("started_at", None)
if exp != got:
    for k in sorted(set(exp) | set(got)):
        if exp.get(k) != got.get(k):
            print("  %s: expected %s, got %s" % (k, exp.get(k), got.get(k)))
    sys.exit(1)
PY
}
# runs 4 and 5: the same dataset where the urgency weight moves a lead
for uw in 0 2; do
    expect_exit "plan urgency.json, urgency_weight=$uw" 0 $CO plan datasets/small/urgency.json --db "$DB" -q \
        --set max_coalition_size=1 --set urgency_weight=$uw --json "$TMP/p$((uw / 2 + 4)).json"
done
check_diff 1 2
check_diff 2 1
check_diff 4 5
check_diff 5 4 0
check_diff 1 2 200000
check_diff 1 2 0
check_diff 1 1
check_diff 1 3
check_diff 3 2
# the example of the diff's shape: S2 gains DA once coordination is cheap
expect_exit "diff 1 2 (text)" 0 $CO diff 1 2 --db "$DB"
expect_eq "diff 1 2: S2 line" "S2: members +DA; coverage 55.6% -> 68.9% (+13.3 pts)" "$(grep '^S2:' "$TMP/out")"
expect_exit "diff 4 5 (text)" 0 $CO diff 4 5 --db "$DB"
expect_eq "diff 4 5: a lead changes" 1 "$(grep -cE '^SZ: .*lead [^ ]+ -> [^ ]+' "$TMP/out")"
expect_exit "diff with an unknown run" 3 $CO diff 1 42 --db "$DB"
expect_eq "diff with an unknown run: message" "run 42: no such run in $DB" "$(cat "$TMP/err")"
expect_exit "diff with one run" 2 $CO diff 1 --db "$DB"
expect_exit "diff with a bad threshold" 2 $CO diff 1 2 --threshold -5 --db "$DB"

# ---- a CSV bundle's files are stored as they are ------------------------------
mkdir "$TMP/bundle"
printf 'id,name\r\nclearance,Clearance\r\nvictim_assistance,Victim assistance\r\n' >"$TMP/bundle/areas.csv"
printf 'id,name\nS1,State One\nS2,State Two\n' >"$TMP/bundle/states.csv"
printf 'id,name,budget,priority_states\nDA,Donor A,920000,\nDB,Donor B,500000,S2\n' >"$TMP/bundle/donors.csv"
printf 'donor,area,level\nDA,clearance,1\nDA,victim_assistance,0.2\nDB,clearance,0.4\nDB,victim_assistance,0.8\n' \
    >"$TMP/bundle/expertise.csv"
printf 'id,state,area,amount,evidence\nS1-clearance,S1,clearance,800000,surveyed\nS2-clearance,S2,clearance,600000,reported\nS2-victim_assistance,S2,victim_assistance,300000,surveyed\n' \
    >"$TMP/bundle/needs.csv"
printf 'name,value\nname,bundle\nas_of,2019-01-01\n' >"$TMP/bundle/parameters.csv"
BDB=$TMP/bundle.db
expect_exit "plan a CSV bundle" 0 $CO plan "$TMP/bundle" --db "$BDB" -q
bsha=$(python3 - "$TMP/bundle" <<'PY'
import hashlib, os, sys
h = hashlib.sha256()
for n in sorted(os.listdir(sys.argv[1])):
    h.update(n.encode() + b"\0" + open(os.path.join(sys.argv[1], n), "rb").read())
print(h.hexdigest())
PY
)
expect_eq "bundle: dataset row" "$bsha|csv|1" "$(sqlite3 "$BDB" 'SELECT sha256, format, body IS NULL FROM datasets')"
expect_eq "bundle: files stored" "areas.csv donors.csv expertise.csv needs.csv parameters.csv states.csv" \
    "$(sqlite3 "$BDB" 'SELECT name FROM dataset_files ORDER BY name' | tr '\n' ' ' | sed 's/ $//')"
mkdir "$TMP/bundle.out"
sqlite3 "$BDB" "SELECT writefile('$TMP/bundle.out/' || name, body) FROM dataset_files" >/dev/null
for f in "$TMP"/bundle/*.csv; do
    expect_file_same "bundle: $(basename "$f") stored" "$f" "$TMP/bundle.out/$(basename "$f")"
done

# ---- where the store is -----------------------------------------------------
ABS_DS=$PWD/$DS
mkdir "$TMP/ns" "$TMP/dflt"
(cd "$TMP/ns" && env -u COALITIONS_DB $CO plan "$ABS_DS" -q --no-store --db "$TMP/ns/x.db") >/dev/null 2>&1
expect_eq "--no-store creates no store" "" "$(ls -A "$TMP/ns")"
(cd "$TMP/dflt" && env -u COALITIONS_DB $CO plan "$ABS_DS" -q) >/dev/null 2>&1
expect_eq "default store: ./coalitions.db" 1 "$(runs "$TMP/dflt/coalitions.db" 2>/dev/null)"
(cd "$TMP/dflt" && COALITIONS_DB="$TMP/env.db" $CO plan "$ABS_DS" -q) >/dev/null 2>&1
expect_eq "COALITIONS_DB chooses the store" 1 "$(runs "$TMP/env.db" 2>/dev/null)"
(cd "$TMP/dflt" && COALITIONS_DB="$TMP/env.db" $CO plan "$ABS_DS" -q --db "$TMP/opt.db") >/dev/null 2>&1
expect_eq "--db wins over COALITIONS_DB" "1 1" "$(runs "$TMP/opt.db" 2>/dev/null) $(runs "$TMP/env.db")"
: >"$TMP/empty.db"
expect_exit "an empty file is a new store" 0 $CO plan $DS --db "$TMP/empty.db" -q
expect_eq "runs in a once-empty file" 1 "$(runs "$TMP/empty.db")"

# ---- files that are refused, untouched --------------------------------------
refused() { # WHAT FILE MESSAGE-PATTERN
    local before
    before=$(sha "$2")
    expect_exit "$1: plan" 5 $CO plan $DS --db "$2" -q
    case "$(cat "$TMP/err")" in
    $3) pass ;;
    *) fail "$1: message: expected '$3', got '$(cat "$TMP/err")'" ;;
    esac
    expect_exit "$1: history" 5 $CO history --db "$2"
    expect_exit "$1: show" 5 $CO show 1 --db "$2"
    expect_eq "$1: file unchanged" "$before" "$(sha "$2")"
    expect_eq "$1: no -wal or -shm left" "" "$(ls "$2-wal" "$2-shm" 2>/dev/null)"
}
printf 'run,objective\n1,2\n' >"$TMP/text.db"
refused "a text file" "$TMP/text.db" "$TMP/text.db: not a coalitions database (not an SQLite file); left unchanged"
sqlite3 "$TMP/newer.db" 'PRAGMA user_version = 999'
refused "a newer schema" "$TMP/newer.db" \
    "$TMP/newer.db: made by a newer coalitions (schema version 999; this one knows up to 2); left unchanged"
cp "$DB" "$TMP/newer2.db"
sqlite3 "$TMP/newer2.db" 'PRAGMA user_version = 3'
refused "a store of schema 3" "$TMP/newer2.db" \
    "$TMP/newer2.db: made by a newer coalitions (schema version 3; this one knows up to 2); left unchanged"
sqlite3 "$TMP/other.db" 'CREATE TABLE notes (t TEXT)'
refused "another application's database" "$TMP/other.db" \
    "$TMP/other.db: not a coalitions database (an SQLite database of another application); left unchanged"
size=$(stat -c %s "$DB")
head -c $((size / 2)) "$DB" >"$TMP/truncated.db"
refused "a truncated store" "$TMP/truncated.db" "$TMP/truncated.db: corrupt database (*); left unchanged"
cp "$DB" "$TMP/corrupt.db"
python3 - "$TMP/corrupt.db" <<'PY'
import sys
# every b-tree page header after page 1 overwritten: any b-tree read fails
with open(sys.argv[1], "r+b") as f:
    data = bytearray(f.read())
    page = int.from_bytes(data[16:18], "big")
    for off in range(page, len(data), page):
        data[off:off + 8] = b"\xff" * 8
    f.seek(0)
    f.write(data)
PY
refused "a corrupt store" "$TMP/corrupt.db" "$TMP/corrupt.db: corrupt database (*); left unchanged"
# damage where a new run would not look (run 1's outputs): only the check on
# open finds it, and the file must still be left as it is
cp "$DB" "$TMP/damaged.db"
page=$(sqlite3 "$TMP/damaged.db" "SELECT min(pageno) FROM dbstat WHERE name = 'run_outputs' AND pagetype = 'leaf'")
python3 - "$TMP/damaged.db" "$page" <<'PY'
import sys
with open(sys.argv[1], "r+b") as f:
    size = int.from_bytes(f.read(18)[16:18], "big")
    f.seek((int(sys.argv[2]) - 1) * size)
    f.write(b"\xff" * 8)
PY
refused "a store damaged in an old run" "$TMP/damaged.db" "$TMP/damaged.db: corrupt database (*); left unchanged"
mkdir "$TMP/dir.db"
expect_exit "a folder as the store" 5 $CO plan $DS --db "$TMP/dir.db" -q

# ---- two writers at once ----------------------------------------------------
CDB=$TMP/concurrent.db
pids=""
for i in 1 2 3 4; do
    $CO plan $DS --db "$CDB" -q --json "$TMP/cp$i.json" >/dev/null 2>"$TMP/cerr$i" &
    pids="$pids $!"
done
ok=0
for p in $pids; do wait "$p" && ok=$((ok + 1)); done
expect_eq "four writers on a new store all succeed" 4 "$ok"
expect_eq "four runs stored" "4 4" "$(runs "$CDB") $(sqlite3 "$CDB" 'SELECT count(DISTINCT id) FROM runs')"
# one writer holds the write lock for a second: the other waits, then writes
COALITIONS_TEST_PAUSE_IN_STORE=1 $CO plan $DS --db "$CDB" -q >/dev/null 2>"$TMP/cerr5" &
p1=$!
sleep 0.3
$CO plan $DS --db "$CDB" -q >/dev/null 2>"$TMP/cerr6" &
p2=$!
ok=0
wait $p1 && ok=$((ok + 1))
wait $p2 && ok=$((ok + 1))
expect_eq "two overlapping writers both succeed" 2 "$ok"
expect_eq "six runs stored" 6 "$(runs "$CDB")"
expect_eq "integrity after concurrent writers" ok "$(sqlite3 "$CDB" 'PRAGMA integrity_check')"

# ---- SIGKILL ------------------------------------------------------------------
# a dataset whose solve takes seconds (60 donors, 40 States)
python3 - >"$TMP/big.json" <<'PY'
import json, random
r = random.Random(7)
areas = ["clearance", "victim_assistance", "risk_education", "stockpile"]
states = ["S%03d" % i for i in range(40)]
ds = {"name": "generated 60x40", "as_of": "2019-01-01", "areas": [{"id": a} for a in areas],
      "states": [{"id": s} for s in states], "donors": [], "needs": []}
for d in range(60):
    ds["donors"].append({"id": "D%03d" % d, "budget": 100000 * r.randint(5, 40),
                         "expertise": {a: r.choice([0.2, 0.4, 0.6, 0.8, 1.0])
                                       for a in r.sample(areas, r.randint(1, 3))},
                         "max_states": r.randint(2, 5)})
for s in states:
    for a in r.sample(areas, r.randint(1, 3)):
        n = {"id": s + "-" + a, "state": s, "area": a, "amount": 100000 * r.randint(2, 30),
             "evidence": r.choice(["surveyed", "reported", "estimated"])}
        if r.random() < 0.5:
            n["deadline"] = "202%d-06-30" % r.randint(0, 6)
        ds["needs"].append(n)
print(json.dumps(ds, indent=1))
PY
KDB=$TMP/killed.db
cp "$DB" "$KDB" # runs 1 to 5
expected=$(runs "$KDB")
store_intact() { # WHAT
    expect_eq "$1: integrity" ok "$(sqlite3 "$KDB" 'PRAGMA integrity_check')"
    expect_eq "$1: runs" "$expected" "$(runs "$KDB")"
    expect_eq "$1: no run without its outputs" 0 \
        "$(sqlite3 "$KDB" 'SELECT count(*) FROM runs r WHERE (SELECT count(*) FROM run_outputs o WHERE o.run = r.id) <> 6')"
    $CO show 1 --db "$KDB" --json "$TMP/k1.json" >/dev/null 2>&1
    expect_file_same "$1: run 1 intact" "$TMP/p1.json" "$TMP/k1.json"
    $CO show 2 --db "$KDB" --json "$TMP/k2.json" >/dev/null 2>&1
    expect_file_same "$1: run 2 intact" "$TMP/p2.json" "$TMP/k2.json"
}
for delay in 0.2 1 2; do
    $CO plan "$TMP/big.json" --db "$KDB" --time-limit 5 -q --json "$TMP/big.plan.json" >/dev/null 2>&1 &
    p=$!
    sleep $delay
    kill -9 $p 2>/dev/null
    wait $p 2>/dev/null && expected=$((expected + 1)) # it may have finished first on a fast machine
    store_intact "killed after $delay s"
done
# killed inside the store's write transaction (held open by a test-only
# pause); the dataset carries a 3 MB note, so the transaction outgrows
# SQLite's page cache and uncommitted pages reach the WAL before the kill
python3 - "$DS" >"$TMP/bignote.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["needs"][0]["note"] = "x" * 3000000
print(json.dumps(d))
PY
wal_before=$(stat -c %s "$KDB-wal" 2>/dev/null || echo 0)
COALITIONS_TEST_PAUSE_IN_STORE=30 $CO plan "$TMP/bignote.json" --db "$KDB" -q >/dev/null 2>&1 &
p=$!
locked=0
for _ in $(seq 100); do # until the run's transaction holds the write lock
    if ! sqlite3 "$KDB" 'BEGIN IMMEDIATE; ROLLBACK;' >/dev/null 2>&1; then
        locked=1
        break
    fi
    sleep 0.1
done
expect_eq "the writer is inside its transaction" 1 "$locked"
sleep 0.5 # its rows take milliseconds: by now it is in the pause before COMMIT
expect_eq "no partial run visible meanwhile" "$expected" "$(runs "$KDB")"
wal_during=$(stat -c %s "$KDB-wal" 2>/dev/null || echo 0)
if [ "$wal_during" -gt $((wal_before + 1000000)) ]; then pass; else
    fail "uncommitted pages in the WAL: $wal_before bytes before, $wal_during during"; fi
kill -9 $p
wait $p 2>/dev/null
store_intact "killed inside the transaction"
expect_eq "killed inside the transaction: no dataset row" 0 \
    "$(sqlite3 "$KDB" "SELECT count(*) FROM datasets WHERE sha256 = '$(sha "$TMP/bignote.json")'")"
expect_exit "the store takes runs after the kills" 0 $CO plan $DS --db "$KDB" -q
expected=$((expected + 1))
store_intact "after one more run"

finish
