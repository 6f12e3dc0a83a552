"""Brunel (2000) model A in Brian2, as examples/brunel.toml describes it, for a same-machine time comparison.

N_E = 10 000, N_I = 2 500, C_E = 1000, C_I = 250 (fixed in-degree), tau = 20 ms, theta = 20 mV, V_r = 10 mV,
t_ref = 2 ms, J = 0.1 mV, g = 5, eta = 2, D = 1.5 ms, external drive C_E Poisson inputs at eta*nu_thr each (Brian2's
PoissonInput, which draws a binomial count per step), exact integration at dt = 0.1 ms, 1 s, cpp_standalone, one
thread. Prints the simulation time as the standalone binary reports it, the whole process time, rates and mean CV.

    /usr/bin/python3 bench/networks/brunel_brian2.py
"""
import tempfile
import time

import numpy as np

started = time.perf_counter()
import brian2 as b  # noqa: E402

with tempfile.TemporaryDirectory() as directory:
    b.set_device("cpp_standalone", directory=directory, build_on_run=False)
    b.defaultclock.dt = 0.1 * b.ms
    NE, NI, CE, CI = 10000, 2500, 1000, 250
    tau, theta, Vr, J, g, eta, D = 20 * b.ms, 20 * b.mV, 10 * b.mV, 0.1 * b.mV, 5.0, 2.0, 1.5 * b.ms
    nu_thr = theta / (J * CE * tau)
    group = b.NeuronGroup(NE + NI, "dv/dt = -v/tau : volt (unless refractory)", threshold="v > theta",
                          reset="v = Vr", refractory=2 * b.ms, method="exact",
                          namespace=dict(tau=tau, theta=theta, Vr=Vr))
    group.v = "rand() * theta"
    excitatory = b.Synapses(group[:NE], group, on_pre="v += J", delay=D, namespace=dict(J=J))
    # Fixed in-degree: each target draws C_E sources (with replacement as Brian2's generator syntax allows).
    targets = np.repeat(np.arange(NE + NI), CE)
    excitatory.connect(i=np.random.randint(0, NE, size=targets.size), j=targets)
    inhibitory = b.Synapses(group[NE:], group, on_pre="v += -g*J", delay=D, namespace=dict(J=J, g=g))
    targets_i = np.repeat(np.arange(NE + NI), CI)
    inhibitory.connect(i=np.random.randint(0, NI, size=targets_i.size), j=targets_i)
    external = b.PoissonInput(group, "v", CE, eta * nu_thr, weight=J)
    spikes = b.SpikeMonitor(group)
    b.run(1 * b.second)
    b.device.build(directory=directory, compile=True, run=True)
    run_time = b.device._last_run_time
    trains = spikes.spike_trains()
    cvs = [np.std(np.diff(t)) / np.mean(np.diff(t)) for t in trains.values() if len(t) >= 3]
    print(f"Brian2 Brunel: simulation {run_time:.2f} s, whole process {time.perf_counter() - started:.1f} s, "
          f"{spikes.num_spikes} spikes, {spikes.num_spikes / (NE + NI):.1f} Hz per neuron, mean CV {np.mean(cvs):.2f}")
