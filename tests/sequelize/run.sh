#!/usr/bin/env bash
# Regenerates tests/sequelize/fixtures/ by running real Sequelize 6 sync()
# against the local database servers.
#
#   bash tests/sequelize/run.sh                 # postgres, mysql, and sqlite if sqlite3 built
#   bash tests/sequelize/run.sh postgres        # only the named backends
#   FORCE_INSTALL=1 bash tests/sequelize/run.sh # re-run `npm ci` even if node_modules is current
#
# Exits non-zero when the install or any requested backend fails.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cd "$here"

for tool in node npm; do
  command -v "$tool" >/dev/null 2>&1 || { echo "run.sh: '$tool' not found on PATH" >&2; exit 1; }
done

# `npm ci` wipes node_modules and rebuilds sqlite3 from source (about a minute),
# so skip it when node_modules was installed from this exact lockfile.
stamp="node_modules/.sequelize-fixtures-stamp"
want="$(cat package.json package-lock.json | sha256sum | cut -d' ' -f1)"
if [[ -n "${FORCE_INSTALL:-}" || ! -f "$stamp" || "$(cat "$stamp")" != "$want" ]]; then
  echo "run.sh: npm ci"
  npm ci --no-audit --no-fund
  echo "$want" > "$stamp"
else
  echo "run.sh: node_modules is current (FORCE_INSTALL=1 to reinstall)"
fi

if [[ $# -gt 0 ]]; then
  backends=("$@")
else
  backends=(postgres mysql)
  # sqlite3 is an optional dependency: a native module that npm builds from
  # source when no prebuilt binary can be downloaded. Use it only if it loads.
  if node -e "require('sqlite3')" >/dev/null 2>&1; then
    backends+=(sqlite)
  else
    echo "run.sh: the sqlite3 package is not available; skipping the sqlite backend" >&2
  fi
fi

echo "run.sh: backends: ${backends[*]}"
node sync.js "${backends[@]}"
