#!/usr/bin/env bash
# Install the service into ./.venv and start it with the shipped model, SQLite in ./var,
# on localhost:50051 (metrics on localhost:9464). Extra arguments go to `grooming-risk serve`.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e .
exec .venv/bin/grooming-risk serve --data-dir ./var --port 50051 "$@"
