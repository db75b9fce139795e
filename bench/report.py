#!/usr/bin/env python3
"""bench/report.py: reads the logs bench/run.sh left in the work folder and
writes the benchmark report (Markdown) to --out and to stdout: a table per
instance (objective, bound, gap, time to the first plan, time to within 1%
of the best value any solver found, model build time, peak memory) and the
targets of issue 3, each met or missed and by how much.

Every solver's numbers are read from its own output: the engine's plan
JSON (status, objective.total, bound, gap, timing) and GLPK log; glpsol's
GLPK log and solution file; CBC's log. GLPK's log lines "+ N: >>>>> X <= Y"
mark a new incumbent X with bound Y; they carry no clock, so the time of a
line is when bench/timed.py read it. Python standard library only.
"""
import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys

SOLVERS = ["engine", "glpsol-mod", "glpsol-lp", "cbc"]
SOLVER_TITLE = {
    "engine": "engine (`coalitions plan`)",
    "glpsol-mod": "glpsol, models/coalitions.mod",
    "glpsol-lp": "glpsol, exported LP",
    "cbc": "CBC, exported MPS",
}

# the targets of issue 3
T_SMALL_S, T_SMALL_GAP = 1.0, 1e-6
T_MID_GAP = 0.01
T_BIG_FIRST_S, T_BIG_GAP, T_BIG_MEM = 2.0, 0.02, 1e9
T_BUILD_RATIO = 10.0

NUM = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
GLPK_PROGRESS = re.compile(
    r"^\+\s*\d+:\s+(>>>>>|mip =)\s+(not found yet|" + NUM + r")\s+<=\s+(tree is empty|\+inf|" + NUM + ")")


ENGINE_PLAN = re.compile(r"^coalitions: plan (-?[\d.]+) from the heuristics")
GLPK_HEUR = re.compile(r"^\s*Solution found by heuristic: (" + NUM + ")")


def read_log(path):
    """[(seconds, line)] from a timed.py log."""
    out = []
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            for raw in f:
                t, _, line = raw.rstrip("\n").partition("\t")
                try:
                    out.append((float(t), line))
                except ValueError:
                    pass
    except OSError:
        pass
    return out


def read_json(path):
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def gap_of(obj, bound):
    """FORMATS.md: max(0, bound - total) / max(1, |total|)."""
    if obj is None or bound is None:
        return None
    return max(0.0, bound - obj) / max(1.0, abs(obj))


def parse_glpk_log(log):
    """Incumbents [(t, value)], the last bound, whether the tree was
    emptied, and GLPK's closing message."""
    inc, bound, done, last = [], None, False, None
    for t, line in log:
        # the engine's own plans before and outside the search (--verbose)
        m = ENGINE_PLAN.match(line)
        if m:
            val = float(m.group(1))
            if not inc or val > inc[-1][1]:
                inc.append((t, val))
            continue
        # glp_ios_heur_sol (the engine's own heuristics) announces its
        # solutions only with this line; GLPK's progress line comes later
        m = GLPK_HEUR.match(line)
        if m:
            val = float(m.group(1))
            if not inc or val > inc[-1][1]:
                inc.append((t, val))
            continue
        m = GLPK_PROGRESS.match(line)
        if m:
            val = None if m.group(2) == "not found yet" else float(m.group(2))
            if val is not None and (not inc or val > inc[-1][1]):
                inc.append((t, val))
            if m.group(3) == "tree is empty":
                done = True
                if val is not None:
                    bound = val
            elif m.group(3) != "+inf":
                bound = float(m.group(3))
        for msg in ("INTEGER OPTIMAL SOLUTION FOUND", "TIME LIMIT EXCEEDED",
                    "RELATIVE MIP GAP TOLERANCE REACHED", "PROBLEM HAS NO INTEGER FEASIBLE SOLUTION",
                    "PROBLEM HAS NO PRIMAL FEASIBLE SOLUTION"):
            if msg in line:
                last = msg
    return inc, bound, done, last


def first_time(log, text):
    for t, line in log:
        if text in line:
            return t
    return None


def glpk_size(log):
    """rows, columns, binaries from GLPK's 'GLPK Integer Optimizer' header."""
    rows = cols = ints = None
    seen = False
    for _, line in log:
        if "GLPK Integer Optimizer" in line:
            seen = True
            continue
        if seen and rows is None:
            m = re.match(r"\s*(\d+) rows, (\d+) columns", line)
            if m:
                rows, cols = int(m.group(1)), int(m.group(2))
                continue
        if seen and rows is not None:
            m = re.match(r"\s*(\d+) integer variables", line)
            if m:
                ints = int(m.group(1))
                break
    return rows, cols, ints


def base_result(meta):
    r = {"status": None, "objective": None, "bound": None, "gap": None, "incumbents": [],
         "t_first": None, "t_first_at_exit": False, "build_s": None, "load_s": None,
         "wall_s": None, "peak_mb": None, "exit": None, "notes": []}
    if meta:
        r["wall_s"] = meta.get("wall_s")
        r["exit"] = meta.get("exit")
        if meta.get("peak_kib") is not None:
            r["peak_mb"] = meta["peak_kib"] / 1024.0
        if meta.get("killed_at_s") is not None:
            r["notes"].append("ignored its time limit: stopped by the harness after %.0f s"
                              % meta["killed_at_s"])
    return r


def last_message(log):
    """The last line that is not GLPK progress: usually the error."""
    for _, line in reversed(log):
        s = line.strip()
        if s and not GLPK_PROGRESS.match(s) and not s.startswith("*"):
            return s
    return ""


def parse_engine(base, meta):
    r = base_result(meta)
    log = read_log(base + ".log")
    inc, bound, _, _ = parse_glpk_log(log)
    r["incumbents"] = inc
    plan = read_json(base + ".plan.json")
    if plan and meta and meta.get("exit") in (0, 1):
        r["status"] = plan.get("status")
        obj = (plan.get("objective") or {}).get("total")
        r["objective"] = obj
        r["bound"] = plan.get("bound")
        r["gap"] = plan.get("gap") if plan.get("gap") is not None else gap_of(obj, r["bound"])
        tm = plan.get("timing") or {}
        r["build_s"] = tm.get("build_s")
        r["load_s"] = tm.get("load_s")
        r["size"] = (tm.get("rows"), tm.get("cols"), tm.get("integer_cols"))
        if obj is not None:
            r["incumbents"].append((meta.get("wall_s"), obj))  # the plan itself, at exit
    else:
        r["status"] = "failed" if meta else "not run"
        if meta:
            r["notes"].append("exit %s: %s" % (meta.get("exit"), last_message(log)[:160]))
    if r["bound"] is None and bound is not None:
        r["bound"] = bound
    return r


def parse_glpsol(base, meta, kind):
    r = base_result(meta)
    log = read_log(base + ".log")
    inc, bound, done, last = parse_glpk_log(log)
    r["incumbents"] = list(inc)
    r["size"] = glpk_size(log)
    if kind == "mod":
        r["build_s"] = first_time(log, "Model has been successfully generated")
    else:
        r["build_s"] = first_time(log, "lines were read")
    status_line, obj = None, None
    try:
        with open(base + ".sol", encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.match(r"Status:\s+(.*\S)", line)
                if m and status_line is None:
                    status_line = m.group(1)
                m = re.match(r"Objective:\s+\S+ = (" + NUM + ")", line)
                if m and obj is None:
                    obj = float(m.group(1))
    except OSError:
        pass
    if kind == "mod":  # the model prints "OBJECTIVE <total>" after the solve
        for _, line in log:
            m = re.match(r"OBJECTIVE (" + NUM + ")", line.strip())
            if m:
                obj = float(m.group(1))
    if status_line in ("INTEGER OPTIMAL", "INTEGER NON-OPTIMAL") and obj is not None:
        r["objective"] = obj
        proved = status_line == "INTEGER OPTIMAL" or done
        r["bound"] = obj if proved else bound
        r["gap"] = gap_of(obj, r["bound"])
        r["status"] = "optimal" if proved or last == "RELATIVE MIP GAP TOLERANCE REACHED" else "feasible"
        if not r["incumbents"] or r["incumbents"][-1][1] < obj:
            r["incumbents"].append((meta.get("wall_s") if meta else None, obj))
    elif meta is None:
        r["status"] = "not run"
    elif last and "NO" in last:
        r["status"] = "infeasible"
    elif meta.get("exit") == 0 and (status_line or "").startswith("INTEGER UNDEFINED"):
        r["status"] = "no_solution"
    else:
        r["status"] = "failed"
        r["notes"].append("exit %s: %s" % (meta.get("exit"), last_message(log)[:160]))
    return r


def parse_cbc(base, meta):
    r = base_result(meta)
    log = read_log(base + ".log")
    raw_inc, raw_bound = [], None
    result, obj, summary_bound = None, None, None
    for t, line in log:
        m = re.search(r"Cbc00(?:04|12)I Integer solution of (" + NUM + ") found", line)
        if m:
            raw_inc.append((t, float(m.group(1))))
        m = re.search(r"Cbc0010I After \d+ nodes, .* best possible (" + NUM + ")", line)
        if m:
            raw_bound = float(m.group(1))
        m = re.match(r"Result - (.*\S)", line.strip())
        if m:
            result = m.group(1)
        m = re.match(r"Objective value:\s+(" + NUM + ")", line.strip())
        if m:
            obj = float(m.group(1))
        m = re.match(r"(?:Upper|Lower) bound:\s+(" + NUM + ")", line.strip())
        if m:
            summary_bound = float(m.group(1))
        m = re.search(r"Problem .* has (\d+) rows, (\d+) columns", line)
        if m and "size" not in r:
            r["size"] = (int(m.group(1)), int(m.group(2)), None)
    # CBC minimises -objective: its log shows the negated values; the
    # summary shows the true objective (and the bound with the same sign)
    sign = 1.0
    if obj is not None and raw_inc and abs(raw_inc[-1][1] + obj) < abs(raw_inc[-1][1] - obj):
        sign = -1.0
    if obj is None and raw_inc and raw_inc[-1][1] < 0:
        sign = -1.0
    r["incumbents"] = [(t, sign * v) for t, v in raw_inc]
    no_sol = result is not None and ("infeasible" in result.lower() or "no feasible" in " ".join(
        l for _, l in log[-30:]).lower())
    if obj is not None and not no_sol:
        r["objective"] = obj
        if result and result.startswith("Optimal"):
            r["bound"], r["status"] = obj, "optimal"
        else:
            b = summary_bound if summary_bound is not None else (
                sign * raw_bound if raw_bound is not None else None)
            if b is not None and abs(b + obj) < abs(b - obj):
                b = -b
            r["bound"] = b
            r["status"] = "feasible"
        r["gap"] = gap_of(obj, r["bound"])
        if not r["incumbents"] or r["incumbents"][-1][1] < obj - 1e-6 * max(1, abs(obj)):
            r["incumbents"].append((meta.get("wall_s") if meta else None, obj))
    elif meta is None:
        r["status"] = "not run"
    elif result and "infeasible" in result.lower():
        r["status"] = "infeasible"
    elif result:
        r["status"] = "no_solution"
    else:
        r["status"] = "failed"
        r["notes"].append("exit %s: %s" % (meta.get("exit"), last_message(log)[:160]))
    return r


def finish_times(runs, best):
    """Time to the first plan and to within 1% of `best` for each run."""
    thr = None if best is None else best - 0.01 * max(1.0, abs(best))
    for r in runs.values():
        inc = [(t, v) for t, v in r["incumbents"] if t is not None]
        if inc:
            r["t_first"] = inc[0][0]
            # the only "incumbent" is the plan at exit: no log line told when
            r["t_first_at_exit"] = len(inc) == 1 and inc[0][0] == r.get("wall_s")
        r["t_1pct"] = None
        r["t_1pct_at_exit"] = False
        if thr is not None:
            for t, v in inc:
                if v >= thr:
                    r["t_1pct"] = t
                    r["t_1pct_at_exit"] = t == r.get("wall_s")
                    break


# ---- formatting --------------------------------------------------------

def f_num(v, nd=0):
    if v is None:
        return "-"
    return "{:,.{}f}".format(v, nd)


def f_gap(v):
    if v is None:
        return "-"
    if v == 0:
        return "0"
    if v < 1e-4:
        return "%.1e" % v
    return "%.3f%%" % (100 * v)


def f_s(v, at_exit=False):
    if v is None:
        return "-"
    s = "%.4f" % v if v < 0.01 else "%.3f" % v if v < 1 else "%.2f" % v if v < 10 else "%.1f" % v
    return s + ("*" if at_exit else "")


def machine():
    cpu = "unknown CPU"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    mem = None
    try:
        with open("/proc/meminfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    mem = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    u = platform.uname()
    return "%s %s %s; %s; %d CPUs (nproc); %s GiB memory" % (
        u.system, u.release, u.machine, cpu, os.cpu_count() or 0,
        "%.1f" % mem if mem else "?")


def version(cmd, pattern):
    try:
        out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                             stdin=subprocess.DEVNULL, timeout=20).stdout.decode("utf-8", "replace")
    except (OSError, subprocess.SubprocessError):
        return "not found"
    m = re.search(pattern, out)
    return m.group(1).strip() if m else "unknown"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--mode", default="full")
    ap.add_argument("--gap", default="1e-6")
    ap.add_argument("--sizes", required=True)
    ap.add_argument("--limits", required=True)
    ap.add_argument("--co", default="build/coalitions")
    a = ap.parse_args()
    limits = [int(x) for x in a.limits.split()]
    sizes = []
    for spec in a.sizes.split():
        size, _, seed = spec.partition(":")
        sizes.append((size, seed or "1"))

    results = {}  # (size, limit, solver) -> result
    info = {}     # size -> dict
    for size, seed in sizes:
        d = os.path.join(a.work, "%s-s%s" % (size, seed))
        runs_here = {}
        for limit in limits:
            for s in SOLVERS:
                base = os.path.join(d, "run-%s-%d" % (s, limit))
                meta = read_json(base + ".meta")
                if meta is None:
                    continue
                if s == "engine":
                    r = parse_engine(base, meta)
                elif s == "glpsol-mod":
                    r = parse_glpsol(base, meta, "mod")
                elif s == "glpsol-lp":
                    r = parse_glpsol(base, meta, "lp")
                else:
                    r = parse_cbc(base, meta)
                r["limit"], r["solver"] = limit, s
                over = (r["wall_s"] or 0) - limit
                if over > max(2.0, 0.1 * limit) and not meta.get("killed_at_s"):
                    r["notes"].append("ran %.1f s past its %d s time limit%s" % (
                        over, limit, " (%.1f s of it translating the model)" % r["build_s"]
                        if s == "glpsol-mod" and r["build_s"] else ""))
                runs_here[(limit, s)] = r
        # the best value: the final objectives (log lines round, CBC's to
        # whole dollars), else the best logged incumbent
        values = [r["objective"] for r in runs_here.values() if r["objective"] is not None]
        if not values:
            values = [v for r in runs_here.values() for _, v in r["incumbents"]]
        best = max(values) if values else None
        finish_times(runs_here, best)
        dims = None
        for key in [(l, "engine") for l in limits] + [(l, "glpsol-lp") for l in limits]:
            r = runs_here.get(key)
            if r and r.get("size") and r["size"][0]:
                dims = r["size"]
                break
        ds = read_json(os.path.join(d, "data.json"))
        info[size] = {"seed": seed, "best": best, "dims": dims,
                      "needs": len(ds["needs"]) if ds else None,
                      "pairs": None}
        if ds:
            pairs = 0
            excl = {x["id"]: set(x.get("excluded_states", [])) for x in ds["donors"]}
            caps = {x["id"]: x.get("area_budget", {}) for x in ds["donors"]}
            for dn in ds["donors"]:
                if dn["budget"] <= 0:
                    continue
                for n in ds["needs"]:
                    if n["amount"] - n.get("secured", 0) > 0 and n["state"] not in excl[dn["id"]] \
                            and caps[dn["id"]].get(n["area"], 1) > 0:
                        pairs += 1
            info[size]["pairs"] = pairs
        for k, r in runs_here.items():
            results[(size,) + k] = r

    try:  # when the runs ended, not when this report was written
        when = os.path.getmtime(os.path.join(a.work, "runs.txt"))
    except OSError:
        when = datetime.datetime.now().timestamp()
    now = datetime.datetime.fromtimestamp(when, datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    L = []
    L.append("# Benchmarks")
    L.append("")
    L.append("Written by `make bench%s` (bench/run.sh, then bench/report.py) on %s: one run "
             "on one machine, the solvers one after the other.%s" %
             (" BENCH_QUICK=1" if a.mode == "quick" else "", now,
              " A quick run: %s only." % ", ".join(s for s, _ in sizes) if a.mode == "quick" else ""))
    L.append("")
    L.append("Reproduce with `make bench` (the full ladder, about half an hour) or "
             "`make bench BENCH_QUICK=1` (12x10 and 40x30 at 10 s, about a minute, written to "
             "build/bench/BENCHMARKS.md); bench/run.sh lists the other settings.")
    L.append("")
    L.append("- Machine: %s" % machine())
    L.append("- Engine: %s; glpsol: %s; CBC: %s" % (
        version([a.co, "--version"], r"^(.*)$"),
        version(["glpsol", "--version"], r"GLPK LP/MIP Solver ([\d.]+)"),
        version(["cbc", "-quit"], r"Version: ([\S]+)")))
    L.append("- Instances: `coalitions generate --donors N --states M --seed S` (5 areas); "
             "time limits %s s; every solver asked for a relative gap of %s "
             "(engine `--mip-gap`, glpsol `--mipgap`, CBC `-ratioGap`)." %
             (" and ".join(str(l) for l in limits), a.gap))
    L.append("- Commands: `coalitions plan X.json --json P --time-limit T --mip-gap G --quiet --verbose`; "
             "`glpsol --math models/coalitions.mod --data X.dat --tmlim T --mipgap G`; "
             "`glpsol --lp X.lp --tmlim T --mipgap G`; "
             "`cbc X.mps -max -sec T -timeMode elapsed -ratioGap G -solve` "
             "(X.dat, X.lp, X.mps from `coalitions export-model`).")
    L.append("")
    L.append("Columns: *objective* is the plan's value (`objective.total`); *bound* the best "
             "proven upper bound; *gap* = max(0, bound - objective) / max(1, |objective|). "
             "*first plan* and *within 1%* are wall seconds from the start of the process "
             "(loading and model building included) to the first incumbent, and to the first "
             "incumbent within 1% of the best value any solver found for that instance in this "
             "run; GLPK prints no clock, so these are the times its log lines arrived. "
             "A `*` marks a time known only from the process exit (no incumbent in the log). "
             "*build* is the engine's `timing.build_s` (its `load_s` in brackets), glpsol's "
             "translation of the model (time to \"Model has been successfully generated\") "
             "or its reading of the LP file. *wall* is the whole process; *peak* its maximum "
             "resident memory (/usr/bin/time -v). glpsol's `--tmlim` does not count the "
             "translation, so its wall time can exceed the limit.")
    L.append("")

    for size, seed in sizes:
        inf = info[size]
        dims = inf["dims"]
        L.append("## %s (seed %s)" % (size, seed))
        L.append("")
        desc = []
        if inf["needs"] is not None:
            desc.append("%d needs, %s eligible pairs" % (inf["needs"], f_num(inf["pairs"])))
        if dims:
            desc.append("model %s rows, %s columns, %s binaries" %
                        (f_num(dims[0]), f_num(dims[1]), f_num(dims[2])))
        desc.append("best value found: %s" % f_num(inf["best"], 2))
        L.append("; ".join(desc) + ".")
        L.append("")
        L.append("| solver | limit s | status | objective | bound | gap | first plan s | "
                 "within 1% s | build s | wall s | peak MB |")
        L.append("|---|---|---|---|---|---|---|---|---|---|---|")
        notes = []
        for limit in limits:
            for s in SOLVERS:
                r = results.get((size, limit, s))
                if not r:
                    continue
                build = f_s(r["build_s"])
                if s == "engine" and r["load_s"] is not None:
                    build += " (%s)" % f_s(r["load_s"])
                L.append("| %s | %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                    SOLVER_TITLE[s], limit, r["status"], f_num(r["objective"], 2),
                    f_num(r["bound"], 2), f_gap(r["gap"]), f_s(r["t_first"], r["t_first_at_exit"]),
                    f_s(r["t_1pct"], r["t_1pct_at_exit"]), build, f_s(r["wall_s"]),
                    f_num(r["peak_mb"], 1)))
                for n in r["notes"]:
                    notes.append("- %s, %d s: %s" % (SOLVER_TITLE[s], limit, n.replace("|", "/")))
        if notes:
            L.append("")
            L.extend(notes)
        L.append("")

    # ---- targets ---------------------------------------------------------
    L.append("## Targets")
    L.append("")
    L.append("| target | measured | met | missed by |")
    L.append("|---|---|---|---|")
    sizes_run = [s for s, _ in sizes]
    small_limit, big_limit = min(limits), max(limits)

    def engine(size, limit):
        return results.get((size, limit, "engine"))

    # 1: 12x10 proven optimal (gap <= 1e-6) in under 1 s
    r = engine("12x10", small_limit) if "12x10" in sizes_run else None
    if r is None:
        L.append("| 12x10 proven optimal (gap <= 1e-6) in < 1 s | not run | - | - |")
    else:
        ok_gap = r["status"] == "optimal" and r["gap"] is not None and r["gap"] <= T_SMALL_GAP
        ok_t = r["wall_s"] is not None and r["wall_s"] < T_SMALL_S
        miss = []
        if not ok_gap:
            miss.append("status %s, gap %s (target 1e-6)" % (r["status"], f_gap(r["gap"])))
        if not ok_t and r["wall_s"] is not None:
            miss.append("%.2f s over (%.1fx the 1 s)" % (r["wall_s"] - T_SMALL_S, r["wall_s"] / T_SMALL_S))
        L.append("| 12x10 proven optimal (gap <= 1e-6) in < 1 s | %s, gap %s, %s s wall | %s | %s |" % (
            r["status"], f_gap(r["gap"]), f_s(r["wall_s"]), "yes" if ok_gap and ok_t else "**no**",
            "; ".join(miss) or "-"))

    # 2: 40x30 within 10 s: a plan >= the best glpsol or CBC reach in 60 s, gap <= 1%
    if "40x30" in sizes_run:
        r = engine("40x30", 10 if 10 in limits else small_limit)
        ref_limit = 60 if 60 in limits else big_limit
        refs = [(results[k]["objective"], k[2]) for k in results
                if k[0] == "40x30" and k[1] == ref_limit and k[2] != "engine"
                and results[k]["objective"] is not None]
        ref = max(refs) if refs else None
        label = "40x30 in 10 s: plan >= best glpsol/CBC at %d s, gap <= 1%%" % ref_limit
        if ref_limit != 60:
            label += " (quick run: the reference is the %d s runs, not 60 s)" % ref_limit
        if r is None or r["objective"] is None:
            L.append("| %s | engine: %s | **no** | no plan |" % (label, r["status"] if r else "not run"))
        else:
            miss = []
            ok_v = ref is None or r["objective"] >= ref[0] - 1e-6 * max(1, abs(ref[0]))
            ok_g = r["gap"] is not None and r["gap"] <= T_MID_GAP
            if not ok_v:
                miss.append("plan %.3f%% below %s's %s" % (
                    100 * (ref[0] - r["objective"]) / max(1, abs(ref[0])), ref[1], f_num(ref[0], 2)))
            if not ok_g:
                miss.append("gap %s, %s over 1%%" % (f_gap(r["gap"]),
                            f_gap(r["gap"] - T_MID_GAP) if r["gap"] is not None else "?"))
            L.append("| %s | %s, gap %s; best other: %s | %s | %s |" % (
                label, f_num(r["objective"], 2), f_gap(r["gap"]),
                "%s (%s)" % (f_num(ref[0], 2), ref[1]) if ref else "none",
                "yes" if ok_v and ok_g else "**no**", "; ".join(miss) or "-"))
    else:
        L.append("| 40x30 in 10 s: plan >= best glpsol/CBC at 60 s, gap <= 1% | not run | - | - |")

    # 3: 200x150 first plan within 2 s, gap <= 2% within 60 s, peak < 1 GB
    if "200x150" in sizes_run:
        r = engine("200x150", 60 if 60 in limits else big_limit)
        dims = info["200x150"]["dims"]
        sz = " (%s columns, %s binaries)" % (f_num(dims[1]), f_num(dims[2])) if dims else ""
        if r is None:
            L.append("| 200x150%s | not run | - | - |" % sz)
        else:
            t1 = r["t_first"]
            ok = t1 is not None and t1 <= T_BIG_FIRST_S
            L.append("| 200x150%s: first plan within 2 s | %s | %s | %s |" % (
                sz, f_s(t1, r["t_first_at_exit"]) + " s" if t1 is not None else "no plan",
                "yes" if ok else "**no**",
                "-" if ok else ("%.1f s over (%.1fx)" % (t1 - T_BIG_FIRST_S, t1 / T_BIG_FIRST_S)
                                if t1 is not None else "no plan at all")))
            g = r["gap"]
            ok = g is not None and g <= T_BIG_GAP
            L.append("| 200x150: gap <= 2%% within %d s | %s | %s | %s |" % (
                r["limit"], f_gap(g) if g is not None else r["status"], "yes" if ok else "**no**",
                "-" if ok else ("%s over 2%%" % f_gap(g - T_BIG_GAP) if g is not None else "no plan")))
            m = r["peak_mb"]
            ok = m is not None and m * 1024 * 1024 < T_BIG_MEM
            L.append("| 200x150: peak memory < 1 GB | %s MB | %s | %s |" % (
                f_num(m, 1), "yes" if ok else "**no**",
                "-" if ok or m is None else "%.0f MB over" % (m - T_BIG_MEM / 1048576)))
            for n in r["notes"]:
                L.append("| 200x150: note | %s | | |" % n.replace("|", "/"))
    else:
        L.append("| 200x150: first plan within 2 s, gap <= 2%, peak < 1 GB | not run "
                 "(full ladder only) | - | - |")

    # 4: model build at least 10x faster than glpsol's translation
    for size in sizes_run:
        eb = [results[k]["build_s"] for k in results
              if k[0] == size and k[2] == "engine" and results[k]["build_s"]]
        el = [results[k]["load_s"] for k in results
              if k[0] == size and k[2] == "engine" and results[k]["load_s"]]
        gb = [results[k]["build_s"] for k in results
              if k[0] == size and k[2] == "glpsol-mod" and results[k]["build_s"]]
        label = "%s: model build >= 10x faster than glpsol's translation" % size
        if not eb or not gb:
            L.append("| %s | engine %s, glpsol %s | - | not measured |" % (
                label, f_s(min(eb)) if eb else "-", f_s(min(gb)) if gb else "-"))
            continue
        e, gl = min(eb), min(gb)
        ratio = gl / e if e > 0 else float("inf")
        extra = ""
        if el:
            extra = "; with loading %.3f s: %.1fx" % (e + min(el), gl / (e + min(el)))
        ok = ratio >= T_BUILD_RATIO
        L.append("| %s | engine %.4f s, glpsol %.3f s: %.0fx%s | %s | %s |" % (
            label, e, gl, ratio, extra, "yes" if ok else "**no**",
            "-" if ok else "%.1fx short (needs %.4f s, %.1fx faster)" % (
                T_BUILD_RATIO - ratio, gl / T_BUILD_RATIO, e / (gl / T_BUILD_RATIO))))
    L.append("")
    L.append("Targets as issue 3 states them. The engine's build time is `timing.build_s` "
             "(derived values and the GLPK model); its `load_s` (reading and validating the "
             "JSON) is shown beside it, since glpsol's translation also reads the data. "
             "\"Best value\" is over every solver and time limit of this run, so a target met "
             "here is met against this machine's glpsol and CBC.")
    L.append("")
    store = os.path.join(a.work, "store.txt")
    if os.path.exists(store):
        walls = {}
        inst = None
        for line in open(store):
            parts = line.split()
            if len(parts) == 3:
                inst = parts[0]
                walls.setdefault(parts[1], []).append(float(parts[2]))
        if walls.get("store") and walls.get("no-store"):
            ws, wn = min(walls["store"]), min(walls["no-store"])
            L.append("## Run store overhead")
            L.append("")
            L.append("`plan` on %s with `--time-limit 5`, three times with `--no-store` and three "
                     "times with `--db` (a fresh store), alternating; best wall time of each: "
                     "%.2f s without the store, %.2f s with it, %+.1f%% (target: under +10%%: %s)."
                     % (inst, wn, ws, 100 * (ws - wn) / wn, "met" if ws < 1.1 * wn else "missed"))
            L.append("")
    text = "\n".join(L)
    sys.stdout.write(text)
    tmp = a.out + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(text)
    os.replace(tmp, a.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
