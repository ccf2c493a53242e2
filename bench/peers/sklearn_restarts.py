#!/usr/bin/env python3
"""Peer for bench/sweep_compare.ts: the best NLML scikit-learn finds with n_restarts_optimizer
restarts at a fixed nu, with elml's conventions and bounds (normalize_y=True, alpha=0,
ConstantKernel(1, (1e-4, 1e4)) * Matern(ell, (1e-3 span, 1e3 span), nu) + WhiteKernel(1e-2, (1e-8, 10))).

Usage: python3 bench/peers/sklearn_restarts.py DATA.csv NU ARD(0|1) RESTARTS
Prints one JSON line: {"nu", "nlml", "theta_sklearn_order", "seconds"}.
"""
import json
import sys
import time
import warnings

import numpy as np
from sklearn.gaussian_process import GaussianProcessRegressor
from sklearn.gaussian_process.kernels import ConstantKernel, Matern, WhiteKernel

warnings.filterwarnings("ignore")
path, nu, ard, restarts = sys.argv[1], float(sys.argv[2]), sys.argv[3] == "1", int(sys.argv[4])
data = np.loadtxt(path, delimiter=",", skiprows=1)
X, y = data[:, :-1], data[:, -1]
span = np.ptp(X, axis=0)
span[span == 0] = 1
if ard:
    ell = Matern(length_scale=np.ones(X.shape[1]), length_scale_bounds=list(zip(1e-3 * span, 1e3 * span)), nu=nu)
else:
    s = float(np.max(span))
    ell = Matern(length_scale=1.0, length_scale_bounds=(1e-3 * s, 1e3 * s), nu=nu)
kernel = ConstantKernel(1.0, (1e-4, 1e4)) * ell + WhiteKernel(1e-2, (1e-8, 10.0))
t = time.perf_counter()
gpr = GaussianProcessRegressor(kernel=kernel, alpha=0.0, normalize_y=True, n_restarts_optimizer=restarts, random_state=0).fit(X, y)
print(json.dumps({"nu": nu, "nlml": -float(gpr.log_marginal_likelihood_value_), "theta_sklearn_order": gpr.kernel_.theta.tolist(),
                  "seconds": time.perf_counter() - t}))
