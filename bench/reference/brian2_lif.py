"""Brian2 reference run for NeuronDsl's comparison table (run once by hand; not a test dependency).

The leaky integrate-and-fire neuron with NeuronDsl's defaults (C = 200 pF, R = 100 MOhm, E_L = -70 mV,
V_th = -50 mV, V_reset = -65 mV, t_ref = 2 ms) under a constant 300 pA, starting at V_reset, for 1 s, integrated
with Brian2's exact ('linear') method at two time steps. Writes the spike times to brian2_lif_spikes.csv and prints,
for each dt, the largest and mean error against the closed form t_k = k T + (k - 1) t_ref and the wall time.

    python3 bench/reference/brian2_lif.py
"""
import csv
import math
import os
import time

started = time.perf_counter()
from brian2 import NeuronGroup, SpikeMonitor, Network, defaultclock, prefs, ms, mV, pA, pF, Mohm  # noqa: E402

imported = time.perf_counter() - started
prefs.codegen.target = "numpy"  # no C++ compiler step, so the timing is reproducible

C, R, EL, VTH, VR, TREF, I, DURATION = 200 * pF, 100 * Mohm, -70 * mV, -50 * mV, -65 * mV, 2 * ms, 300 * pA, 1000 * ms
tau = float(R * C / ms)
drive = float((R * I + EL) / mV)
isi = tau * math.log((drive - float(VR / mV)) / (drive - float(VTH / mV)))
refractory = float(TREF / ms)

rows = []
for dt in (0.1, 0.01):
    defaultclock.dt = dt * ms
    t0 = time.perf_counter()
    group = NeuronGroup(1, "dv/dt = (EL - v + R*I)/(R*C) : volt (unless refractory)", threshold="v >= VTH",
                        reset="v = VR", refractory=TREF, method="linear",
                        namespace=dict(EL=EL, R=R, I=I, C=C, VTH=VTH, VR=VR))
    group.v = VR
    spikes = SpikeMonitor(group)
    net = Network(group, spikes)
    net.run(DURATION)
    wall = time.perf_counter() - t0
    times = [float(t / ms) for t in spikes.t]
    errors = [abs(t - ((k + 1) * isi + k * refractory)) for k, t in enumerate(times)]
    print(f"brian2 dt={dt} ms: {len(times)} spikes, max error {max(errors):.3g} ms, "
          f"mean error {sum(errors) / len(errors):.3g} ms, run {wall:.2f} s (import {imported:.2f} s)")
    rows += [(dt, k, t, e) for k, (t, e) in enumerate(zip(times, errors))]

with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), "brian2_lif_spikes.csv"), "w", newline="") as f:
    writer = csv.writer(f)
    writer.writerow(["dt_ms", "k", "time_ms", "error_ms"])
    writer.writerows(rows)
