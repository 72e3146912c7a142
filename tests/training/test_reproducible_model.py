"""Retraining the shipped model with its recorded seeds reproduces its metrics."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
@pytest.mark.timeout(900)  # the whole training protocol: about 4 minutes on 2 idle cores
def test_train_script_reproduces_the_shipped_model(tmp_path: Path) -> None:
    shipped = json.loads((ROOT / "models" / "default" / "manifest.json").read_text())
    out = tmp_path / "model"
    env = dict(os.environ, WORK=str(tmp_path / "corpus"), MODEL_OUT=str(out),
               PYTHON=str(Path(os.sys.executable).parent),
               DEV_SET=str(tmp_path / "no-dev-set"))  # the card's dev report is not compared
    subprocess.run(["bash", "scripts/train_default_model.sh"], cwd=ROOT, env=env, check=True,
                   capture_output=True, timeout=840)
    rebuilt = json.loads((out / "manifest.json").read_text())
    assert rebuilt["training"]["data_sha256"] == shipped["training"]["data_sha256"]
    assert rebuilt["threshold"] == pytest.approx(shipped["threshold"], abs=1e-9)
    lfo = rebuilt["metrics"]["leave_family_out"]
    assert lfo == shipped["metrics"]["leave_family_out"]
    for key in ("precision", "recall", "f0_5", "pr_auc"):
        assert rebuilt["metrics"]["test"][key] == shipped["metrics"]["test"][key], key
