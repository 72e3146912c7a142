"""The ``score`` CLI on 100,000 conversations: throughput, output count, peak RSS.

    PYTHONPATH=. .venv/bin/python benchmarks/score_cli.py [--n 100000]

Too long for CI (tests/server/test_score_cli_bulk.py runs the same check on 10,000 short
conversations); see training/score_bench.py for what is measured and how.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from training.score_bench import main

if __name__ == "__main__":
    sys.exit(main())
