#!/usr/bin/env bash
# Install the project with its test dependencies into ./.venv and run the whole suite.
# This is the README's test command, and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[dev]'
# buf (proto lint) comes from npm; PostgreSQL, chromium and chromium-driver (the console's
# browser tests) from Debian. All are optional here: their tests skip with a reason when
# the tool is missing.
if [ ! -x node_modules/.bin/buf ] && command -v npm >/dev/null 2>&1; then
  npm install --no-save --no-audit --no-fund --prefix . @bufbuild/buf >/dev/null 2>&1 \
    || echo "warning: could not install buf; proto lint will be skipped" >&2
fi
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  (apt-get install -y -q postgresql >/dev/null 2>&1) \
    || echo "warning: PostgreSQL not installed; its tests will be skipped" >&2
fi
if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  (apt-get install -y -q chromium chromium-driver >/dev/null 2>&1) \
    || echo "warning: chromium not installed; the console's browser tests will be skipped" >&2
fi
# nginx (the gRPC balancer of compose.yaml) and docker-compose (`config` validates
# compose.yaml offline; the docker CLI's own compose plugin is used when present): optional
# too, their tests skip without them.
if ! command -v nginx >/dev/null 2>&1 && [ ! -x /usr/sbin/nginx ]; then
  (apt-get install -y -q --no-install-recommends nginx >/dev/null 2>&1) \
    || echo "warning: nginx not installed; the balancer test will be skipped" >&2
fi
if ! docker compose version >/dev/null 2>&1 && ! command -v docker-compose >/dev/null 2>&1; then
  (apt-get install -y -q --no-install-recommends docker-compose >/dev/null 2>&1) \
    || echo "warning: no docker compose CLI; compose.yaml is checked with PyYAML only" >&2
fi
.venv/bin/ruff check .
.venv/bin/mypy service training
bash scripts/security_checks.sh
exec .venv/bin/python -m pytest -q "$@"
