#!/usr/bin/env python3
"""bench/timed.py: runs one solver command for the benchmark and records,
for every line it prints (stdout and stderr merged), the wall time since
the start, so logs without their own clock still tell when each incumbent
appeared. Peak memory comes from /usr/bin/time -v around the command; a
hard wall limit stops a run that ignores its own time limit.

usage: timed.py --log LOG --meta META --limit SECONDS -- COMMAND...
LOG gets "SECONDS<TAB>LINE" per line; META a JSON object with the exit
code, the wall time, the peak resident memory (KiB) and whether the hard
limit killed the run. Python standard library only.
"""
import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--log", required=True)
    ap.add_argument("--meta", required=True)
    ap.add_argument("--limit", type=float, required=True)
    ap.add_argument("cmd", nargs=argparse.REMAINDER)
    a = ap.parse_args()
    cmd = a.cmd[1:] if a.cmd and a.cmd[0] == "--" else a.cmd
    if not cmd:
        ap.error("no command")
    mem_file = a.meta + ".time"
    wrap = ["/usr/bin/time", "-v", "-o", mem_file]
    if shutil.which("stdbuf"):  # line-buffer C stdio so lines arrive as printed
        wrap += ["stdbuf", "-oL", "-eL"]
    t0 = time.monotonic()
    p = subprocess.Popen(wrap + cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                         stdin=subprocess.DEVNULL, start_new_session=True)
    killed = []

    def stop():
        # kill the solver, /usr/bin/time's child, so time still reports its
        # peak memory; then, if anything is left, the whole group we started
        killed.append(time.monotonic() - t0)
        try:
            with open("/proc/%d/task/%d/children" % (p.pid, p.pid)) as f:
                kids = [int(x) for x in f.read().split()]
        except OSError:
            kids = []
        for k in kids:
            try:
                os.kill(k, signal.SIGKILL)
            except ProcessLookupError:
                pass
        try:
            p.wait(timeout=5)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

    timer = threading.Timer(a.limit, stop)
    timer.start()
    with open(a.log, "w", encoding="utf-8", errors="replace") as log:
        for raw in p.stdout:
            t = time.monotonic() - t0
            line = raw.decode("utf-8", "replace").rstrip("\r\n")
            log.write("%.3f\t%s\n" % (t, line))
    rc = p.wait()
    wall = time.monotonic() - t0
    timer.cancel()
    peak_kib = None
    cmd_rc = rc
    try:
        with open(mem_file, encoding="utf-8", errors="replace") as f:
            text = f.read()
        m = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
        peak_kib = int(m.group(1)) if m else None
        m = re.search(r"Exit status: (\d+)", text)
        cmd_rc = int(m.group(1)) if m else rc
        m = re.search(r"Command terminated by signal (\d+)", text)
        if m:
            cmd_rc = -int(m.group(1))
    except OSError:
        pass
    meta = {"cmd": cmd, "exit": cmd_rc, "wall_s": round(wall, 3), "peak_kib": peak_kib,
            "killed_at_s": round(killed[0], 3) if killed else None}
    with open(a.meta, "w", encoding="utf-8") as f:
        json.dump(meta, f)
    return 0


if __name__ == "__main__":
    sys.exit(main())
