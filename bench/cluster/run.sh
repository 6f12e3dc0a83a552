#!/usr/bin/env bash
# Per-run overhead of a cluster sweep (coordinator + 2 local worker processes) against in-process runs, for runs of
# about 1 ms and 50 ms. Takes about two minutes; run it on an otherwise idle machine.
set -euo pipefail
cd "$(dirname "$0")"
dotnet build -c Release --nologo -v quiet NeuronDsl.ClusterBench.csproj
dotnet bin/Release/net10.0/NeuronDsl.ClusterBench.dll
