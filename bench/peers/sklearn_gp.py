#!/usr/bin/env python3
"""Peer timing for bench/gp_compare.ts: scikit-learn's GaussianProcessRegressor.log_marginal_likelihood
with eval_gradient=True on the same data and hyperparameters as elml. Debian's python3-sklearn.

Usage: python3 bench/peers/sklearn_gp.py DATA.csv NU LOG_ELL LOG_SF2 LOG_SN2 REPS [iso|ard]
Prints one JSON line: {"nu", "n", "median_ms", "min_ms", "nlml", "grad"} (nlml = -LML, same
conventions as elml: normalize_y=True, alpha=0, ConstantKernel * Matern + WhiteKernel).
For non-half-integer nu scikit-learn finite-differences the kernel gradient internally.
"""
import json
import sys
import time
import warnings

import numpy as np
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

warnings.filterwarnings("ignore")
path, nu, log_ell, log_sf2, log_sn2, reps = sys.argv[1], float(sys.argv[2]), *map(float, sys.argv[3:6]), int(sys.argv[6])
data = np.loadtxt(path, delimiter=",", skiprows=1)
X, y = data[:, :-1], data[:, -1]
ard = len(sys.argv) > 7 and sys.argv[7] == "ard"
ell = np.full(X.shape[1], np.exp(log_ell)) if ard else np.exp(log_ell)
kernel = ConstantKernel(np.exp(log_sf2)) * Matern(length_scale=ell, nu=nu) + WhiteKernel(np.exp(log_sn2))
gpr = GaussianProcessRegressor(kernel=kernel, alpha=0.0, normalize_y=True, optimizer=None).fit(X, y)
theta = gpr.kernel_.theta
lml, grad = gpr.log_marginal_likelihood(theta, eval_gradient=True)  # warm-up
times = []
for _ in range(reps):
    t = time.perf_counter()
    gpr.log_marginal_likelihood(theta, eval_gradient=True)
    times.append((time.perf_counter() - t) * 1000)
print(json.dumps({"nu": nu, "n": len(y), "median_ms": float(np.median(times)), "min_ms": float(np.min(times)),
                  "nlml": -float(lml), "grad": (-grad).tolist()}))
