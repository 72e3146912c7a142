#!/usr/bin/env bash
# Install the project with its test dependencies into ./.venv and run the whole suite.
# This is the README's test command, and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
# Optional tools; each one's tests skip with a reason when it is missing.
# buf (proto lint) comes from npm; the rest from Debian: PostgreSQL (the store tests),
# nginx (the fleet test's balancer and compose.yaml's), docker-compose (validates
# compose.yaml offline), chromium and its driver (the console's browser tests).
if [ ! -x node_modules/.bin/buf ] && command -v npm >/dev/null 2>&1; then
  npm install --no-save --no-audit --no-fund --prefix . @bufbuild/buf >/dev/null 2>&1 \
    || echo "warning: could not install buf; proto lint will be skipped" >&2
fi
apt_updated=
apt_install() {  # apt_install WHAT PACKAGE...: install, refreshing the package lists once
  local what=$1; shift
  command -v apt-get >/dev/null 2>&1 || { echo "warning: no apt-get; $what tests skip" >&2; return 0; }
  if apt-get install -y -q --no-install-recommends "$@" >/dev/null 2>&1; then return 0; fi
  if [ -z "$apt_updated" ]; then
    apt_updated=1
    apt-get update -q >/dev/null 2>&1 || true
    apt-get install -y -q --no-install-recommends "$@" >/dev/null 2>&1 && return 0
  fi
  echo "warning: could not install $*; $what tests will be skipped" >&2
}
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  apt_install PostgreSQL postgresql
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  apt_install nginx nginx-light
fi
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
  apt_install "compose.yaml (checked with PyYAML only)" docker-compose
fi
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  apt_install "the console's browser" chromium chromium-driver
fi
.venv/bin/ruff check .
.venv/bin/mypy service training
bash scripts/security_checks.sh
exec .venv/bin/python -m pytest -q "$@"
