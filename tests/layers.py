#!/usr/bin/env python3
"""tests/layers.py: checks the engine's layering (README "Source layout").

- Stage folders in order, lowest first; a file may include headers of its
  own folder and of folders below it, never above.
- engine/cli may include only include/ (the public API), the renderers'
  headers and its own.
- Each foreign header is included only in the folder that owns it.
- No dependency cycle between modules (a module is x.c with x.h; it depends
  on y when x.c or x.h includes y.h).
Prints each violation and exits 1 when there is any; prints "layers: ok".
"""
import os, re, sys

ORDER = ["base", "data", "io", "model", "solve", "result", "run", "store", "render", "cli"]
FOREIGN = {"glpk.h": "solve", "sqlite3.h": "store", "cjson/cJSON.h": "base",
           "csv.h": "io", "xlsxwriter.h": "render"}
root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "engine")
inc_re = re.compile(r'^\s*#\s*include\s+([<"])([^>"]+)[>"]', re.M)
problems = []
deps = {}
for folder in sorted(os.listdir(root)):
    if not os.path.isdir(os.path.join(root, folder)):
        continue
    if folder not in ORDER:
        problems.append(f"engine/{folder}: a folder not in the stage order")
        continue
    rank = ORDER.index(folder)
    for name in sorted(os.listdir(os.path.join(root, folder))):
        if not name.endswith((".c", ".h")):
            continue
        path = f"{folder}/{name}"
        mod = path[:-2]
        text = open(os.path.join(root, path), encoding="utf-8").read()
        for kind, target in inc_re.findall(text):
            if kind == "<":
                owner = FOREIGN.get(target)
                if owner and owner != folder:
                    problems.append(f"engine/{path}: includes <{target}>, which only engine/{owner} may")
                continue
            if target == "coalitions.h":
                continue
            if "/" not in target:
                if folder != "cli":
                    problems.append(f"engine/{path}: includes \"{target}\" without its folder")
                tfolder, tmod = folder, f"{folder}/{target[:-2]}"
            else:
                tfolder, tmod = target.split("/")[0], target[:-2]
            if tfolder not in ORDER:
                problems.append(f"engine/{path}: includes \"{target}\" from an unknown folder")
                continue
            if folder == "cli" and tfolder not in ("cli", "render"):
                problems.append(f"engine/{path}: the command line includes \"{target}\" (only include/ and render/)")
            elif ORDER.index(tfolder) > rank:
                problems.append(f"engine/{path}: includes \"{target}\" from a folder above its own")
            if tmod != mod:
                deps.setdefault(mod, set()).add(tmod)

# cycles (Tarjan)
index, low, stack, on, out = {}, {}, [], set(), []
def strong(v, counter=[0]):
    index[v] = low[v] = counter[0]; counter[0] += 1
    stack.append(v); on.add(v)
    for w in sorted(deps.get(v, ())):
        if w not in index:
            strong(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v: break
        if len(comp) > 1:
            out.append(sorted(comp))
sys.setrecursionlimit(10000)
for v in sorted(deps):
    if v not in index:
        strong(v)
for comp in out:
    problems.append("dependency cycle: " + " <-> ".join(f"engine/{m}" for m in comp))
for p in problems:
    print(p)
print("layers: ok" if not problems else f"layers: {len(problems)} problems")
sys.exit(1 if problems else 0)
