#!/usr/bin/env bash
# Regenerate the checked-in gRPC/protobuf Python code under service/api/ from
# proto/. All logic lives in scripts/generate_api.py (the drift test in
# tests/api/test_generated_code.py runs the same script). Extra arguments are
# passed through, e.g. --out DIR.
set -euo pipefail
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
python="${PYTHON:-${repo_root}/.venv/bin/python}"
if [[ ! -x "${python}" ]]; then
  python="$(command -v python3)"
fi
exec "${python}" "${repo_root}/scripts/generate_api.py" "$@"
