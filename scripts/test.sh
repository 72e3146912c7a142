#!/usr/bin/env bash
# Install the project with its test dependencies into ./.venv and run the whole suite.
# This is the README's test command, and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
# buf (proto lint) comes from npm; PostgreSQL and nginx (the fleet test's load balancer)
# from Debian. All are optional here: their tests skip with a reason when one is missing.
if [ ! -x node_modules/.bin/buf ] && command -v npm >/dev/null 2>&1; then
  npm install --no-save --no-audit --no-fund --prefix . @bufbuild/buf >/dev/null 2>&1 \
    || echo "warning: could not install buf; proto lint will be skipped" >&2
fi
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  (apt-get install -y -q postgresql >/dev/null 2>&1) \
    || echo "warning: PostgreSQL not installed; its tests will be skipped" >&2
fi
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  (apt-get install -y -q nginx-light >/dev/null 2>&1) \
    || echo "warning: nginx not installed; the fleet test will be skipped" >&2
fi
.venv/bin/ruff check .
.venv/bin/mypy service training
bash scripts/security_checks.sh
exec .venv/bin/python -m pytest -q "$@"
