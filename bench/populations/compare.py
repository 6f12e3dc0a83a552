"""Issue 8's population cases, Brian2 against NeuronDsl on this machine in one session.

Runs Brian2 (Debian's python3-brian, cpp_standalone device, one thread, g++ -O3 as Brian2 configures it) on
  * LIF x 100 000, 1 s at dt 0.1 ms, exact ('exact' method), tau = 10 ms, R = 10 MOhm, E_L = V_reset = -65 mV,
    V_th = -50 mV, t_ref = 2 ms, currents 1-3 nA spread linearly over the neurons, from E_L;
  * HH x 10 000, 100 ms at dt 0.01 ms, exponential Euler, currents 2-20 uA/cm^2 spread linearly, from rest;
  * the COBA benchmark network (Brette et al. 2007): 4000 conductance-based LIF, 2 % connectivity, 1 s at dt 0.1 ms,
    exponential Euler (NeuronDsl: bench/CobaNetwork.fs; its time includes building the synapses and compiling);
then NeuronDsl's same cases (bench program, `populations` mode: best of three after a warm-up, with the one-thread
hand-written loops as the baseline measured in the same process), and prints one table with ratios.

Brian2's time is the simulation loop as its standalone binary reports it (device._last_run_time); the whole
process (code generation, compilation, run) is given beside it. Spike counts are printed for both: they are not
expected to be equal (Brian2 puts spikes on the grid and resets there; NeuronDsl locates them inside the step).

    /usr/bin/python3 bench/populations/compare.py            # both (Debian's python with python3-brian)
    /usr/bin/python3 bench/populations/compare.py --no-brian # NeuronDsl only
"""
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def brian2_lif(directory):
    import brian2 as b
    b.set_device("cpp_standalone", directory=directory, build_on_run=False)
    b.defaultclock.dt = 0.1 * b.ms
    n = 100000
    tau, R, EL, Vr, Vth = 10 * b.ms, 10 * b.Mohm, -65 * b.mV, -65 * b.mV, -50 * b.mV
    group = b.NeuronGroup(n, "dv/dt = (EL - v + R*I)/tau : volt (unless refractory)\nI : amp",
                          threshold="v > Vth", reset="v = Vr", refractory=2 * b.ms, method="exact",
                          namespace=dict(EL=EL, R=R, tau=tau, Vr=Vr, Vth=Vth))
    group.v = EL
    group.I = "1*nA + 2*nA*i/(N - 1)"
    spikes = b.SpikeMonitor(group)
    b.run(1 * b.second)
    b.device.build(directory=directory, compile=True, run=True)
    return b.device._last_run_time, spikes.num_spikes


def brian2_hh(directory):
    import brian2 as b
    b.set_device("cpp_standalone", directory=directory, build_on_run=False)
    b.defaultclock.dt = 0.01 * b.ms
    n = 10000
    ns = dict(Cm=1 * b.uF / b.cm**2, gNa=120 * b.msiemens / b.cm**2, gK=36 * b.msiemens / b.cm**2,
              gL=0.3 * b.msiemens / b.cm**2, ENa=50 * b.mV, EK=-77 * b.mV, EL=-54.387 * b.mV)
    eqs = """
    dv/dt = (I - gNa*m**3*h*(v - ENa) - gK*n**4*(v - EK) - gL*(v - EL))/Cm : volt
    dm/dt = alpham*(1 - m) - betam*m : 1
    dh/dt = alphah*(1 - h) - betah*h : 1
    dn/dt = alphan*(1 - n) - betan*n : 1
    alpham = 0.1/mV*(v + 40*mV)/(1 - exp(-(v + 40*mV)/(10*mV)))/ms : Hz
    betam = 4*exp(-(v + 65*mV)/(18*mV))/ms : Hz
    alphah = 0.07*exp(-(v + 65*mV)/(20*mV))/ms : Hz
    betah = 1/(1 + exp(-(v + 35*mV)/(10*mV)))/ms : Hz
    alphan = 0.01/mV*(v + 55*mV)/(1 - exp(-(v + 55*mV)/(10*mV)))/ms : Hz
    betan = 0.125*exp(-(v + 65*mV)/(80*mV))/ms : Hz
    I : amp/meter**2
    """
    group = b.NeuronGroup(n, eqs, threshold="v > 0*mV", refractory="v > 0*mV", method="exponential_euler",
                          namespace=ns)
    # Rest of the model at I = 0 (the same state NeuronDsl's `start rest` finds): V = -65 mV to 1e-3 mV is enough
    # for a timing comparison; the gates at their steady state there.
    import math
    v = -65.0
    am = 0.1 * (v + 40) / (1 - math.exp(-(v + 40) / 10))
    bm = 4 * math.exp(-(v + 65) / 18)
    ah = 0.07 * math.exp(-(v + 65) / 20)
    bh = 1 / (1 + math.exp(-(v + 35) / 10))
    an = 0.01 * (v + 55) / (1 - math.exp(-(v + 55) / 10))
    bn = 0.125 * math.exp(-(v + 65) / 80)
    group.v = v * b.mV
    group.m, group.h, group.n = am / (am + bm), ah / (ah + bh), an / (an + bn)
    group.I = "(2 + 18*i/(N - 1))*uA/cm**2"
    spikes = b.SpikeMonitor(group)
    b.run(100 * b.ms)
    b.device.build(directory=directory, compile=True, run=True)
    return b.device._last_run_time, spikes.num_spikes


def brian2_coba(directory):
    """Brette et al. (2007) benchmark 1 as Brian2's example sets it up (initial state drawn, no external input)."""
    import brian2 as b
    b.set_device("cpp_standalone", directory=directory, build_on_run=False)
    b.defaultclock.dt = 0.1 * b.ms
    ns = dict(gl=10 * b.nS, El=-60 * b.mV, Ee=0 * b.mV, Ei=-80 * b.mV, C=200 * b.pF, taue=5 * b.ms,
              taui=10 * b.ms, Vt=-50 * b.mV, Vr=-60 * b.mV)
    eqs = """
    dv/dt = (gl*(El - v) + ge*(Ee - v) + gi*(Ei - v))/C : volt (unless refractory)
    dge/dt = -ge/taue : siemens
    dgi/dt = -gi/taui : siemens
    """
    group = b.NeuronGroup(4000, eqs, threshold="v > Vt", reset="v = Vr", refractory=5 * b.ms,
                          method="exponential_euler", namespace=ns)
    group.v = "El + (randn()*5 - 5)*mV"
    group.ge = "clip((randn()*1.5 + 4)*10, 0, inf)*nS"
    group.gi = "clip((randn()*12 + 20)*10, 0, inf)*nS"
    excitatory = b.Synapses(group[:3200], group, on_pre="ge += 6*nS")
    excitatory.connect(p=0.02)
    inhibitory = b.Synapses(group[3200:], group, on_pre="gi += 67*nS")
    inhibitory.connect(p=0.02)
    spikes = b.SpikeMonitor(group)
    b.run(1 * b.second)
    b.device.build(directory=directory, compile=True, run=True)
    return b.device._last_run_time, spikes.num_spikes


def run_brian(case):
    """Each case in its own process (Brian2's standalone device is set up once per process)."""
    started = time.perf_counter()
    out = subprocess.run([sys.executable, __file__, "--brian-case", case], capture_output=True, text=True)
    whole = time.perf_counter() - started
    if out.returncode != 0:
        sys.exit(f"Brian2 {case} failed:\n{out.stderr[-2000:]}")
    seconds, spikes = out.stdout.split()[-2:]
    return float(seconds), int(spikes), whole


def run_neurondsl():
    project = os.path.join(ROOT, "bench", "NeuronDsl.Benchmarks.fsproj")
    subprocess.run(["dotnet", "build", "-c", "Release", project, "-v", "q", "-nologo"], check=True,
                   stdout=subprocess.DEVNULL)
    out = subprocess.run(["dotnet", "run", "-c", "Release", "--no-build", "--project", project, "--", "populations"],
                         capture_output=True, text=True, check=True)
    rows = {}
    for line in out.stdout.splitlines():
        parts = line.split()
        if len(parts) == 3:
            rows[parts[0]] = (float(parts[1]), parts[2])
    return rows


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--brian-case":
        with tempfile.TemporaryDirectory() as d:
            seconds, spikes = {"lif": brian2_lif, "hh": brian2_hh, "coba": brian2_coba}[sys.argv[2]](d)
        print(seconds, spikes)
        return
    brian = {} if "--no-brian" in sys.argv else {case: run_brian(case) for case in ("lif", "hh", "coba")}
    ours = run_neurondsl()
    def ratio(name, seconds):
        """To the hand-written one-thread loop of the same model (none for the network)."""
        if name.startswith("lif"):
            return f"{seconds / ours['lif_hand_written_one_thread'][0]:.2f}"
        if name.startswith("hh"):
            return f"{seconds / ours['hh_rk4_hand_written_one_thread'][0]:.2f}"
        return "-"

    print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"{'case':44} {'seconds':>9} {'result':>10}  ratio to the hand-written loop")
    for name, (seconds, result) in ours.items():
        print(f"{'NeuronDsl ' + name:44} {seconds:9.3f} {result:>10}  {ratio(name, seconds)}")
    for case, (seconds, spikes, whole) in brian.items():
        label = {"lif": "LIF exact", "hh": "HH exponential Euler", "coba": "COBA exponential Euler"}[case]
        print(f"{'Brian2 cpp_standalone ' + label:44} {seconds:9.3f} {spikes:>10}  {ratio(case, seconds)}"
              f"   (whole process {whole:.1f} s)")


if __name__ == "__main__":
    main()
