#!/usr/bin/env python3
"""Compares the results.json of two report folders task by task: every number equal to 1e-12
relative, every other value equal; wall-clock fields (timings, seconds, elapsed_s, date) are
skipped. Used to check that a restructuring changes no number:
    python3 tools/compare_results.py OLD_ROOT NEW_ROOT [TASK ...]
"""
import json, math, os, sys
IGN = {"timings", "seconds", "elapsed_s", "date"}
def cmp(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            if k in IGN: continue
            if k not in a or k not in b: out.append(f"{path}.{k}: missing in {'new' if k in a else 'old'}"); continue
            cmp(a[k], b[k], f"{path}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b): out.append(f"{path}: len {len(a)} vs {len(b)}"); return
        for i, (x, y) in enumerate(zip(a, b)): cmp(x, y, f"{path}[{i}]", out)
    elif isinstance(a, (int, float)) and isinstance(b, (int, float)) and not isinstance(a, bool):
        if a != b and abs(a - b) > 1e-12 * max(abs(a), abs(b)): out.append(f"{path}: {a} vs {b}")
    elif a != b:
        out.append(f"{path}: {str(a)[:80]!r} vs {str(b)[:80]!r}")
r1, r2 = sys.argv[1], sys.argv[2]
tasks = sys.argv[3:] or sorted(d for d in os.listdir(r1) if os.path.isdir(os.path.join(r1, d)))
bad = 0
for t in tasks:
    p1, p2 = f"{r1}/{t}/results.json", f"{r2}/{t}/results.json"
    if not os.path.exists(p2): print(t, "MISSING"); bad += 1; continue
    out = []
    cmp(json.load(open(p1)), json.load(open(p2)), t, out)
    print(t, "equal" if not out else f"{len(out)} differences"); bad += bool(out)
    for o in out[:8]: print("   ", o)
sys.exit(1 if bad else 0)
