"""Shared helper for the scipy reference solves of NeuronDsl's zoo models (run once by hand; not a test dependency).

Each <model>_reference.py script gives the right-hand side, the resting state's initial guess and the protocol (a
constant current switched on at t = 0, starting at the resting state under zero input). This helper:

1. finds the resting state with scipy.optimize.root (hybr, xtol 1e-14), the fixed point NeuronDsl's `start rest` uses;
2. integrates with solve_ivp twice, DOP853 and Radau, both at rtol = atol = 1e-12 (Radau with the finite-difference
   Jacobian scipy builds itself);
3. locates spikes as solve_ivp terminal-free events: upward zero crossings of (detected variable - level), found by
   scipy's brentq on each method's dense output (xtol = 4 eps, rtol = 4 eps);
4. writes the DOP853 spike times, and |DOP853 - Radau| per spike as the reference's own error estimate, to a CSV whose
   header lines (starting with '#') record the tool versions, tolerances and the event method.
"""
import csv
import platform
import sys

import numpy as np
import scipy
from scipy.integrate import solve_ivp
from scipy.optimize import root

RTOL = 1e-12
ATOL = 1e-12


def resting_state(rhs, guess):
    sol = root(lambda y: rhs(0.0, y, 0.0), guess, method="hybr", options={"xtol": 1e-14})
    if not sol.success:
        raise RuntimeError(sol.message)
    return sol.x


def spikes(rhs, y0, current, duration, index, level, method):
    def event(t, y):
        return y[index] - level

    event.direction = 1.0
    sol = solve_ivp(lambda t, y: rhs(t, y, current), (0.0, duration), y0, method=method, rtol=RTOL, atol=ATOL,
                    events=event, dense_output=False)
    if sol.status != 0:
        raise RuntimeError(sol.message)
    return sol.t_events[0], sol.nfev


def write(path, model, description, rhs, guess, currents, duration, index, level, unit):
    rest = resting_state(rhs, np.asarray(guess, dtype=float))
    rows = []
    worst = 0.0
    for current in currents:
        dop, nfev_dop = spikes(rhs, rest, current, duration, index, level, "DOP853")
        rad, nfev_rad = spikes(rhs, rest, current, duration, index, level, "Radau")
        if len(dop) != len(rad):
            raise RuntimeError(f"I = {current}: DOP853 found {len(dop)} spikes, Radau {len(rad)}")
        diffs = np.abs(dop - rad)
        worst = max(worst, float(diffs.max()) if len(diffs) else 0.0)
        print(f"{model} I = {current} {unit}: {len(dop)} spikes in {duration} ms, "
              f"max |DOP853 - Radau| = {diffs.max() if len(diffs) else 0.0:.3g} ms "
              f"(nfev {nfev_dop} / {nfev_rad})")
        rows += [(current, k, repr(float(t)), f"{d:.3e}") for k, (t, d) in enumerate(zip(dop, diffs))]
    with open(path, "w", newline="") as f:
        f.write(f"# {model}: {description}\n")
        f.write(f"# written by bench/reference/{model}_reference.py with Python {platform.python_version()}, "
                f"NumPy {np.__version__}, SciPy {scipy.__version__} ({sys.platform})\n")
        f.write(f"# resting state under zero input (scipy.optimize.root hybr, xtol 1e-14): "
                f"{' '.join(repr(float(x)) for x in rest)}\n")
        f.write(f"# solve_ivp DOP853 and Radau, rtol = atol = {RTOL:g}, from the resting state at t = 0 with the "
                f"current switched on at t = 0, for {duration} ms\n")
        f.write(f"# spikes: upward crossings of state {index} through {level}, solve_ivp events (brentq on the dense "
                f"output); time_ms is DOP853's, dop853_radau_ms = |DOP853 - Radau| (max {worst:.3g} ms)\n")
        writer = csv.writer(f)
        writer.writerow([f"current_{unit}", "k", "time_ms", "dop853_radau_ms"])
        writer.writerows(rows)
