#!/usr/bin/env bash
# Installs what the tests need (Python packages, Debian's chromium) and runs them all.
set -euo pipefail
cd "$(dirname "$0")/.."

python3 -m pip install --quiet --disable-pip-version-check -e ".[test]"

if ! command -v chromium >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

export NO_MKDOCS_2_WARNING=1
python3 -m ruff check .
python3 -m ruff format --check .
python3 -m pytest -q "$@"
