"""Reference spike times of the AdEx model (Brette & Gerstner 2005) for NeuronDsl's validation tests (run once by hand).

For the Brette & Gerstner (2005) defaults and every firing pattern of Naud et al. (2008) Table 1 (the catalogue's
presets) under its constant current, solves
    C dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_T)/Delta_T) - w + I,   tau_w dw/dt = a (V - E_L) - w
from V = E_L, w = 0 with scipy's solve_ivp (DOP853, rtol = atol = 1e-12). Close to V_peak the upswing is faster than
the spacing of floating-point times (about tau_m exp(-(V - V_T)/Delta_T), 1e-14 ms at 20 mV), so each spike is found
in two parts: in time, up to the terminal event V = V_s = min(V_peak, V_T + 8 Delta_T) (direction +1, located by
solve_ivp on the method's 7th-order dense output with brentq to ~4 eps); then, if V_s < V_peak, with V as the
independent variable, dt/dV = 1/V', dw/dV = w'/V' from V_s to V_peak (same method and tolerances; V' > 0 there is
checked), which gives the time and w at V_peak. The integration restarts from that time with V = V_r, w = w + b.
The exponent is capped at 700 so that a trial step far past V_s gives a large finite rate (rejected by the error
control) instead of an overflow; accepted states never come near the cap. The same run at rtol = atol = 1e-10
estimates the reference's own error, written to the header per pattern (max |t_1e-12 - t_1e-10|).

    /usr/bin/python3 bench/reference/adex_reference.py      # writes bench/reference/adex_spikes.csv
"""
import math
import os
import platform

import numpy as np
import scipy
from scipy.integrate import solve_ivp

NAMES = ["C", "g_L", "E_L", "V_T", "Delta_T", "a", "tau_w", "b", "V_r", "V_peak"]
# C pF, g_L nS, E_L mV, V_T mV, Delta_T mV, a nS, tau_w ms, b pA, V_r mV, V_peak mV; then I pA.
PRESETS = {
    "default": ([281.0, 30.0, -70.6, -50.4, 2.0, 4.0, 144.0, 80.5, -70.6, 20.0], 1000.0),
    "tonic": ([200.0, 10.0, -70.0, -50.0, 2.0, 2.0, 30.0, 0.0, -58.0, 0.0], 500.0),
    "adapting": ([200.0, 12.0, -70.0, -50.0, 2.0, 2.0, 300.0, 60.0, -58.0, 0.0], 500.0),
    "initial-burst": ([130.0, 18.0, -58.0, -50.0, 2.0, 4.0, 150.0, 120.0, -50.0, 0.0], 400.0),
    "bursting": ([200.0, 10.0, -58.0, -50.0, 2.0, 2.0, 120.0, 100.0, -46.0, 0.0], 210.0),
    "delayed-accelerating": ([200.0, 12.0, -70.0, -50.0, 2.0, -10.0, 300.0, 0.0, -58.0, 0.0], 300.0),
    "delayed-bursting": ([100.0, 10.0, -65.0, -50.0, 2.0, -10.0, 90.0, 30.0, -47.0, 0.0], 110.0),
    "transient": ([100.0, 10.0, -65.0, -50.0, 2.0, 10.0, 90.0, 100.0, -47.0, 0.0], 180.0),
    "irregular": ([100.0, 12.0, -60.0, -50.0, 2.0, -11.0, 130.0, 30.0, -48.0, 0.0], 160.0),
}
DURATION = 300.0


def spikes(p, current, tol):
    C, gL, EL, VT, DT, a, tauw, b, Vr, Vpeak = p

    def rhs(t, y):
        V, w = y
        return [(-gL * (V - EL) + gL * DT * math.exp(min((V - VT) / DT, 700.0)) - w + current) / C,
                (a * (V - EL) - w) / tauw]

    Vs = min(Vpeak, VT + 8.0 * DT)

    def crossing(t, y):
        return y[0] - Vs

    def in_voltage(V, z):  # z = (t, w) as functions of V
        dV, dw = rhs(z[0], [V, z[1]])
        assert dV > 0.0
        return [1.0 / dV, dw / dV]

    crossing.terminal = True
    crossing.direction = 1.0
    t, y, times = 0.0, [EL, 0.0], []
    while t < DURATION:
        sol = solve_ivp(rhs, (t, DURATION), y, method="DOP853", rtol=tol, atol=tol, events=crossing)
        if sol.status == 1:
            ts, ye = sol.t_events[0][0], sol.y_events[0][0]
            ws = ye[1]
            if Vs < Vpeak:
                rest = solve_ivp(in_voltage, (Vs, Vpeak), [ts, ws], method="DOP853", rtol=tol, atol=tol)
                assert rest.status == 0, rest.message
                ts, ws = rest.y[0][-1], rest.y[1][-1]
            if ts >= DURATION:
                break
            times.append(ts)
            t, y = ts, [Vr, ws + b]
        elif sol.status == 0:
            break
        else:
            raise RuntimeError(sol.message)
    return times


rows, errors = [], {}
for name, (p, current) in PRESETS.items():
    fine = spikes(p, current, 1e-12)
    coarse = spikes(p, current, 1e-10)
    n = min(len(fine), len(coarse))
    errors[name] = (max(abs(x - y) for x, y in zip(fine[:n], coarse[:n])), len(fine), len(coarse))
    rows += [(name, current, k, t) for k, t in enumerate(fine)]
    print(f"{name}: {len(fine)} spikes ({len(coarse)} at 1e-10), max difference {errors[name][0]:.3e} ms")

out = os.path.join(os.path.dirname(os.path.abspath(__file__)), "adex_spikes.csv")
with open(out, "w") as f:
    f.write("# AdEx spike times, written by bench/reference/adex_reference.py\n")
    f.write(f"# python {platform.python_version()}, numpy {np.__version__}, scipy {scipy.__version__}\n")
    f.write("# solve_ivp DOP853, rtol = atol = 1e-12; in time up to the terminal event V = min(V_peak, V_T + 8 Delta_T)\n")
    f.write("# (direction +1, located on the dense output), then with V as the independent variable up to V_peak;\n")
    f.write("# restart at that time with V = V_r, w += b; start V = E_L, w = 0; constant current from t = 0; 300 ms\n")
    f.write("# reference error estimate per pattern (max |t(1e-12) - t(1e-10)| ms, spikes at 1e-12, at 1e-10):\n")
    for name, (e, n1, n2) in errors.items():
        f.write(f"#   {name}: {e:.3e} ({n1}, {n2})\n")
    f.write("preset,current_pA," + ",".join(NAMES) + ",k,time_ms\n")
    for name, current, k, t in rows:
        values = ",".join(repr(v) for v in PRESETS[name][0])
        f.write(f"{name},{current!r},{values},{k},{t!r}\n")
print(f"wrote {out}")
