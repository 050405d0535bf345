#!/usr/bin/env bash
# Installs what the tests need (Python packages, Debian's chromium, Node.js) and runs them all.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"

# Debian's chromium for the browser tests; Node.js and npm for the editor page's test,
# which installs decap-server and the CMS packages from the npm registry itself.
missing=""
command -v chromium >/dev/null 2>&1 || missing="$missing chromium"
command -v node >/dev/null 2>&1 || missing="$missing nodejs"
command -v npm >/dev/null 2>&1 || missing="$missing npm"
if [ -n "$missing" ]; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  # shellcheck disable=SC2086
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

export NO_MKDOCS_2_WARNING=1
python3 -m ruff check .
python3 -m ruff format --check .
python3 -m pytest -q "$@"
