#!/usr/bin/env python3
"""bench/multiyear_report.py: the section "Multi-year targets" of the
benchmark report, from the logs of bench/multiyear.sh. Replaces the text
between its markers in OUT (appends it when they are not there yet).

usage: multiyear_report.py --work DIR --out FILE
Python standard library only.
"""
import argparse
import datetime
import glob
import json
import os
import platform
import re

BEGIN, END = "<!-- multiyear:begin -->", "<!-- multiyear:end -->"


def load(path):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return None


def meta(base):
    text = load(base + ".meta")
    return json.loads(text) if text else {}


def log_lines(base):
    text = load(base + ".log") or ""
    out = []
    for ln in text.splitlines():
        t, _, line = ln.partition("\t")
        try:
            out.append((float(t), line))
        except ValueError:
            pass
    return out


def engine(dir_, limit):
    base = f"{dir_}/run-engine-{limit}"
    plan = load(f"{base}.plan.json")
    if plan is None:
        return None
    p = json.loads(plan)
    first = next((t for t, ln in log_lines(base) if ln.startswith("coalitions: plan ")), None)
    m = meta(base)
    return {"status": p["status"], "objective": p["objective"]["total"], "bound": p["bound"],
            "gap": p["gap"], "first": first, "wall": m.get("wall_s"),
            "peak": (m.get("peak_kib") or 0) / 1024, "rows": p["timing"]["rows"],
            "cols": p["timing"]["cols"], "binaries": p["timing"]["integer_cols"]}


def glpsol(dir_, limit):
    base = f"{dir_}/run-glpsol-lp-{limit}"
    lines = log_lines(base)
    if not lines:
        return None
    obj = bound = first = None
    for t, ln in lines:
        m = re.match(r"\+\s*\d+: mip =\s+(\S+)\s+<=\s+(\S+)", ln)
        if m:
            bound = float(m.group(2)) if m.group(2) != "+inf" else None
            if m.group(1) != "not":
                obj = float(m.group(1))
                first = first if first is not None else t
    m = meta(base)
    return {"objective": obj, "bound": bound, "first": first, "wall": m.get("wall_s"),
            "peak": (m.get("peak_kib") or 0) / 1024}


def cbc(dir_, limit):
    base = f"{dir_}/run-cbc-{limit}"
    lines = log_lines(base)
    if not lines:
        return None
    obj = bound = first = None
    for t, ln in lines:
        m = re.search(r"Objective value:\s+(\S+)", ln)
        if m:
            obj = abs(float(m.group(1)))
        m = re.search(r"best possible (\S+)", ln)
        if m:
            bound = abs(float(m.group(1).rstrip("),")))
        if first is None and re.search(r"Integer solution of|solution of -?[0-9]", ln):
            first = t
    m = meta(base)
    return {"objective": obj, "bound": bound, "first": first, "wall": m.get("wall_s"),
            "peak": (m.get("peak_kib") or 0) / 1024}


def money(v):
    return "-" if v is None else f"{v:,.2f}"


def secs(v):
    return "-" if v is None else f"{v:.2f}"


def gap(obj, bound):
    if obj is None or bound is None:
        return "-"
    return f"{max(0.0, bound - obj) / max(1.0, abs(obj)) * 100:.2f}%"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", required=True)
    ap.add_argument("--out", required=True)
    a = ap.parse_args()
    try:
        load1 = open("/proc/loadavg").read().split()[0]
    except OSError:
        load1 = "?"
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = [BEGIN, "", "## Multi-year targets (issue 15)", "",
           f"Written by bench/multiyear.sh (in `make bench`) on {now}; {platform.system()} "
           f"{platform.machine()}, {os.cpu_count()} CPUs, load average {load1} when the report "
           "was written (the machine may be shared: wall times then stretch).", ""]
    small = sorted(glob.glob(f"{a.work}/40x30x7-*"))
    if small:
        d = small[0]
        rows = []
        best = None
        for lim in (10, 60):
            e = engine(d, lim)
            if e:
                rows.append((f"engine (`coalitions plan`)", lim, e))
                best = max(best or e["objective"], e["objective"])
        for name, fn in (("glpsol, exported LP", glpsol), ("CBC, exported MPS", cbc)):
            r = fn(d, 60)
            if r:
                rows.append((name, 60, r))
                if r["objective"] is not None:
                    best = max(best or r["objective"], r["objective"])
        e = rows[0][2] if rows else None
        out += [f"### 40 donors x 30 States x 7 years ({os.path.basename(d)})", ""]
        if e:
            out += [f"Model: {e['rows']:,} rows, {e['cols']:,} columns ({e['binaries']:,} binaries).", ""]
        out += ["| solver | limit s | objective | bound | gap | first plan s | wall s | peak MB |",
                "|---|---|---|---|---|---|---|---|"]
        for name, lim, r in rows:
            out.append(f"| {name} | {lim} | {money(r['objective'])} | {money(r['bound'])} | "
                       f"{gap(r['objective'], r['bound'])} | {secs(r['first'])} | "
                       f"{secs(r['wall'])} | {r['peak']:.0f} |")
        e10 = engine(d, 10)
        if e10:
            peers = [r for n, lim, r in rows if not n.startswith("engine") and r["objective"] is not None]
            met_gap = e10["gap"] is not None and e10["gap"] <= 0.01
            met_peer = all(e10["objective"] >= p["objective"] - 1e-6 * abs(p["objective"]) for p in peers)
            peer_word = ("met" if met_peer else "missed") if peers else "not measured (quick run)"
            out += ["", f"Target: within 10 s a proven gap <= 1%: **{'met' if met_gap else 'missed'}** "
                    f"(gap {gap(e10['objective'], e10['bound'])}); at least as good as glpsol's and "
                    f"CBC's at 60 s: **{peer_word}**"
                    + (f" (best of the peers {money(max(p['objective'] for p in peers))}, the engine "
                       f"{money(e10['objective'])})" if peers else "") + "."]
    big = sorted(glob.glob(f"{a.work}/200x150x5-*"))
    if big:
        d = big[0]
        e = engine(d, 30)
        if e:
            out += ["", f"### 200 donors x 150 States x 5 years ({os.path.basename(d)})", "",
                    f"Model: {e['rows']:,} rows, {e['cols']:,} columns ({e['binaries']:,} binaries).", "",
                    "| limit s | status | objective | bound | gap | first plan s | wall s | peak MB |",
                    "|---|---|---|---|---|---|---|---|",
                    f"| 30 | {e['status']} | {money(e['objective'])} | {money(e['bound'])} | "
                    f"{gap(e['objective'], e['bound'])} | {secs(e['first'])} | {secs(e['wall'])} | "
                    f"{e['peak']:.0f} |", "",
                    f"Targets: a first plan within 5 s: **{'met' if e['first'] is not None and e['first'] <= 5 else 'missed'}**; "
                    f"peak memory under 2 GB: **{'met' if e['peak'] < 2048 else 'missed'}**; "
                    f"the time limit held (wall <= 30 s + 1 s): **{'met' if e['wall'] is not None and e['wall'] <= 31 else 'missed'}**."]
    out += ["", END]
    text = load(a.out) or ""
    block = "\n".join(out) + "\n"
    if BEGIN in text and END in text:
        text = text[:text.index(BEGIN)] + block.rstrip("\n") + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + ("\n\n" if text else "") + block
    with open(a.out, "w", encoding="utf-8") as f:
        f.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
