#!/usr/bin/python3
"""Writes lib/data/builtin/digits.csv from the optical-recognition-of-handwritten-digits data that
scikit-learn bundles (sklearn.datasets.load_digits; Debian: apt-get install python3-sklearn).

1797 images of 8×8 pixels, grey levels 0–16, ten classes. Columns p0…p63 (row-major pixels) and
`digit`. The CSV keeps every column; the loader drops constant ones (3 pixels are 0 in every
image), so the network sees 61 inputs.
Run: python3 tools/gen_digits.py
"""
import csv
import pathlib
from sklearn.datasets import load_digits

d = load_digits()
out = pathlib.Path(__file__).resolve().parent.parent / "lib" / "data" / "builtin" / "digits.csv"
with out.open("w", newline="") as f:
    w = csv.writer(f, lineterminator="\n")
    w.writerow([f"p{k}" for k in range(64)] + ["digit"])
    for x, y in zip(d.data, d.target):
        w.writerow([int(v) for v in x] + [int(y)])
print(f"wrote {out}: {len(d.target)} rows")
