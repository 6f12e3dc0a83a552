"""Reference spike times of the Izhikevich (2003) model for NeuronDsl's validation tests (run once by hand).

For every cell class of Izhikevich (2003) Fig. 2 (the catalogue's presets) under a constant drive, solves
    dv/dt = 0.04 v^2 + 5 v + 140 - u + I,   du/dt = a (b v - u)      (v in mV, t in ms, u and I in mV/ms)
from v = -65 mV, u = -65 b with scipy's solve_ivp (DOP853, rtol = atol = 1e-12). The crossing v = v_peak is a
terminal event (direction +1) located by solve_ivp on the method's 7th-order dense output (brentq to ~4 eps); the
integration restarts from the event time with v = c, u = u + d. The same run at rtol = atol = 1e-10 estimates the
reference's own error, written to the header (max |t_1e-12 - t_1e-10| over all spikes: an upper bound for the error
of the 1e-10 run, and so, since the error falls with the tolerance, a generous bound for the 1e-12 run).

    /usr/bin/python3 bench/reference/izhikevich_reference.py      # writes bench/reference/izhikevich_spikes.csv
"""
import os
import platform

import numpy as np
import scipy
from scipy.integrate import solve_ivp

# name: a (1/ms), b (1/ms), c (mV), d (mV/ms), drive I (mV/ms). Izhikevich (2003) Fig. 2; drive as in its MATLAB code.
PRESETS = {
    "RS": (0.02, 0.2, -65.0, 8.0, 10.0),
    "IB": (0.02, 0.2, -55.0, 4.0, 10.0),
    "CH": (0.02, 0.2, -50.0, 2.0, 10.0),
    "FS": (0.1, 0.2, -65.0, 2.0, 10.0),
    "LTS": (0.02, 0.25, -65.0, 2.0, 10.0),
    "TC": (0.02, 0.25, -65.0, 0.05, 10.0),
    "RZ": (0.1, 0.26, -65.0, 2.0, 10.0),
}
V_PEAK = 30.0
DURATION = 200.0


def spikes(a, b, c, d, drive, tol):
    def rhs(t, y):
        v, u = y
        return [0.04 * v * v + 5.0 * v + 140.0 - u + drive, a * (b * v - u)]

    def crossing(t, y):
        return y[0] - V_PEAK

    crossing.terminal = True
    crossing.direction = 1.0
    t, y, times = 0.0, [-65.0, -65.0 * b], []
    while t < DURATION:
        sol = solve_ivp(rhs, (t, DURATION), y, method="DOP853", rtol=tol, atol=tol, events=crossing)
        if sol.status == 1:  # the event ended the run: spike, then reset and restart
            ts, ye = sol.t_events[0][0], sol.y_events[0][0]
            times.append(ts)
            t, y = ts, [c, ye[1] + d]
        elif sol.status == 0:
            break
        else:
            raise RuntimeError(sol.message)
    return times


rows, worst = [], 0.0
for name, (a, b, c, d, drive) in PRESETS.items():
    fine = spikes(a, b, c, d, drive, 1e-12)
    coarse = spikes(a, b, c, d, drive, 1e-10)
    assert len(fine) == len(coarse), name
    worst = max([worst] + [abs(x - y) for x, y in zip(fine, coarse)])
    rows += [(name, drive, k, t) for k, t in enumerate(fine)]
    print(f"{name}: {len(fine)} spikes, first {fine[0]:.6f} ms")

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "izhikevich_spikes.csv")
with open(out, "w") as f:
    f.write("# Izhikevich (2003) spike times, written by bench/reference/izhikevich_reference.py\n")
    f.write(f"# python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}\n")
    f.write("# solve_ivp DOP853, rtol = atol = 1e-12; v >= v_peak = 30 mV a terminal event (direction +1) located on the\n")
    f.write("# dense output; restart at the event with v = c, u += d; start v = -65 mV, u = -65 b; constant drive; 200 ms\n")
    f.write(f"# reference error estimate (max |t(1e-12) - t(1e-10)|): {worst:.3e} ms\n")
    f.write("preset,drive_mV_per_ms,k,time_ms\n")
    for name, drive, k, t in rows:
        f.write(f"{name},{drive!r},{k},{t!r}\n")
print(f"wrote {out}; reference error estimate {worst:.3e} ms")
