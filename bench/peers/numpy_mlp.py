#!/usr/bin/env python3
"""Peer for bench/mlp_compare.ts: loss + gradient of B tanh/softmax perceptrons (I-H-O) over N points
with numpy's batched einsum (Debian's python3-numpy). Usage: numpy_mlp.py B N I H O. Prints JSON
{"seconds_min", "seconds_median"} over 3 runs after a warm-up."""
import json
import sys
import time

import numpy as np

B, N, I, H, O = map(int, sys.argv[1:6])
rng = np.random.default_rng(0)
X = rng.normal(size=(N, I)); y = rng.integers(0, O, size=N); Y = np.eye(O)[y]
W1 = rng.normal(size=(B, H, I)) * 0.3; b1 = rng.normal(size=(B, H)) * 0.3
W2 = rng.normal(size=(B, O, H)) * 0.3; b2 = rng.normal(size=(B, O)) * 0.3


def run():
    Hh = np.tanh(np.einsum("bhi,ni->bnh", W1, X) + b1[:, None, :])
    Z = np.einsum("boh,bnh->bno", W2, Hh) + b2[:, None, :]
    Z -= Z.max(axis=2, keepdims=True); P = np.exp(Z); P /= P.sum(axis=2, keepdims=True)
    loss = -np.log((P * Y[None]).sum(axis=2)).mean(axis=1)
    dZ = (P - Y[None]) / N
    gW2 = np.einsum("bno,bnh->boh", dZ, Hh); gb2 = dZ.sum(axis=1)
    dA = np.einsum("bno,boh->bnh", dZ, W2) * (1 - Hh ** 2)
    gW1 = np.einsum("bnh,ni->bhi", dA, X); gb1 = dA.sum(axis=1)
    return loss, gW1, gb1, gW2, gb2


run()
ts = []
for _ in range(3):
    t = time.perf_counter(); run(); ts.append(time.perf_counter() - t)
print(json.dumps({"seconds_min": min(ts), "seconds_median": float(np.median(ts))}))
