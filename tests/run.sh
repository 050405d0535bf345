#!/usr/bin/env bash
# The one test command: installs what the tests need (the Python packages, the workflow
# auditors zizmor, actionlint and shellcheck among them, Debian's chromium, Node.js for
# the editor page's test) and runs ruff and every test, the workflow audits included,
# none of which goes to the network. Needs no answer from anyone (CI has no stdin).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo=""
[ "$(id -u)" = 0 ] || sudo="sudo"
apt_install() {
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "$@" >/dev/null
}

# Packages go into the active virtual environment, or else into .venv here: Debian and
# Ubuntu refuse `pip install` into their own Python (PEP 668).
if python3 -c 'import sys; sys.exit(sys.prefix == sys.base_prefix)'; then
  python=python3
else
  if [ ! -x .venv/bin/python ]; then
    # Without Debian's python3-venv, venv stops for want of ensurepip.
    python3 -m venv .venv 2>/dev/null || {
      rm -rf .venv
      apt_install python3-venv
      python3 -m venv .venv
    }
  fi
  python=.venv/bin/python
fi
"$python" -m pip install --quiet --disable-pip-version-check -e ".[test]"

# Debian's chromium for the browser tests, poppler's pdftoppm for the printed pages
# images; Node.js and npm for the editor page's test,
# which installs decap-server and the CMS packages from the npm registry itself; the
# README's first command is tried with the distribution's Python too.
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v jq >/dev/null 2>&1 || missing+=(jq)  # the sheets workflow's comment step, played by its test
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ -x /usr/bin/python3 ] && ! /usr/bin/python3 -c 'import ensurepip' 2>/dev/null; then
  missing+=(python3-venv)
fi
[ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"

export NO_MKDOCS_2_WARNING=1
"$python" -m ruff check .
"$python" -m ruff format --check .
"$python" -m pytest -q "$@"
