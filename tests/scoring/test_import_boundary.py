"""The service code path never imports scikit-learn or the training package."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_serving_path_imports_no_sklearn() -> None:
    code = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from service.server import build_server
        from service.config import Settings
        from service.scoring.engine import RiskScorer
        from service.scoring.model import ScoringModel
        from service.scoring.policy import PolicyGate
        from service.scoring.jsonl import load_conversations
        scorer = RiskScorer(ScoringModel.load(Path("models/default")), PolicyGate())
        convs = load_conversations(Path("examples/conversations.jsonl")).conversations
        results = scorer.score(convs)
        assert any(r.suspicious for r in results)
        bad = sorted(m for m in sys.modules
                     if m.split(".")[0] in {"sklearn", "skl2onnx", "training", "scipy"})
        print("LOADED:" + ",".join(bad))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                         text=True, check=True, timeout=120)
    assert out.stdout.strip() == "LOADED:", out.stdout


def test_no_static_training_import_in_service() -> None:
    for path in (ROOT / "service").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for banned in ("import sklearn", "from sklearn", "import training", "from training"):
            assert banned not in text, f"{path} contains {banned!r}"
