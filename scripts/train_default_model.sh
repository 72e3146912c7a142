#!/usr/bin/env bash
# Rebuild the shipped model in models/default from a reproducible synthetic corpus.
# Train on phrase bank "a"; calibrate and pick the threshold on bank "b"; report on a
# separate bank "b" sample. Seeds are recorded in the manifest.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin}
work=${WORK:-var/corpus}
mkdir -p "$work"
"$PY/grooming-risk" synth --n 4000 --seed 11 --bank a --out "$work/train.jsonl"
"$PY/grooming-risk" synth --n 1500 --seed 12 --bank b --out "$work/calibration.jsonl"
"$PY/grooming-risk" synth --n 1500 --seed 13 --bank b --out "$work/test.jsonl"
"$PY/grooming-risk" train --data "$work/train.jsonl" --calibration "$work/calibration.jsonl" \
  --test "$work/test.jsonl" --out "${MODEL_OUT:-models/default}" --version "${VERSION:-gr-2026.11-s7}" --seed 7
