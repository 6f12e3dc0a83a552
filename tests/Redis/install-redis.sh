#!/usr/bin/env bash
# The tests of cluster membership in Redis need Debian's redis-server: `dotnet test` runs this before them (see
# Redis.targets, imported by each test project that needs it) and installs it when it is missing, as root or through
# sudo. Test projects run side by side, so installs take turns under a lock. A failure here fails the test command,
# naming why.
set -euo pipefail
command -v redis-server >/dev/null && exit 0
exec 9>"${TMPDIR:-/tmp}/neurondsl-install-redis.lock"
flock 9
command -v redis-server >/dev/null && exit 0 # installed while this waited for the lock
if [ "$(id -u)" -eq 0 ]; then as_root=(); else as_root=(sudo); fi
"${as_root[@]}" apt-get update -q
"${as_root[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends redis-server
