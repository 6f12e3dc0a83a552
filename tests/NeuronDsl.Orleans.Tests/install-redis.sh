#!/usr/bin/env bash
# The Redis membership tests need Debian's redis-server: `dotnet test` runs this before them (see the project file)
# and installs it when it is missing, as root or through sudo. A failure here fails the test command, naming why.
set -euo pipefail
command -v redis-server >/dev/null && exit 0
if [ "$(id -u)" -eq 0 ]; then as_root=(); else as_root=(sudo); fi
"${as_root[@]}" apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server
