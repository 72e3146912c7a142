"""The real `grooming-risk serve` process: Prometheus endpoint, JSON logs, SIGTERM."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import urllib.request
from pathlib import Path

import grpc

from service.api.grooming_risk.v1 import scoring_pb2_grpc
from service.client import request_for
from service.scoring.jsonl import load_conversations
from training.loadgen import free_port, wait_serving

ROOT = Path(__file__).resolve().parents[2]


def test_serve_process_metrics_logs_and_sigterm(tmp_path: Path) -> None:
    port, metrics = free_port(), free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "service", "serve", "--port", str(port), "--metrics-port",
         str(metrics), "--data-dir", str(tmp_path / "var")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        wait_serving(f"127.0.0.1:{port}", proc, timeout=60)
        with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
            convs = load_conversations(ROOT / "examples" / "conversations.jsonl").conversations
            stub = scoring_pb2_grpc.ScoringServiceStub(channel)
            for conv in convs[:10]:
                stub.ScoreConversation(request_for(conv), timeout=10)
        body = urllib.request.urlopen(f"http://127.0.0.1:{metrics}/metrics", timeout=10).read()
        text = body.decode()
        assert 'grooming_risk_rpc_requests_total{code="OK",method="ScoreConversation"} 10.0' in text
        assert 'grooming_risk_rpc_latency_seconds_bucket{le="0.005",method="ScoreConversation"}' \
            in text
        assert "grooming_risk_conversations_total{" in text
        manifest = json.loads((ROOT / "models" / "default" / "manifest.json").read_text())
        assert f'model_version="{manifest["model_version"]}"' in text
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
    _, stderr = proc.communicate(timeout=10)
    events = [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]
    names = [e["event"] for e in events]
    assert names.index("serving") < names.index("signal") < names.index("draining") \
        < names.index("stopped")
    rpcs = [e for e in events if e["event"] == "rpc"]
    assert len(rpcs) >= 10
    assert all({"method", "code", "latency_ms"} <= e.keys() for e in rpcs)
    assert {e["outcome"] for e in rpcs if e["method"] == "ScoreConversation"} <= {
        "flagged_for_review", "not_suspicious", "not_scanned"}
    for conv in convs[:10]:  # no message text in any log line
        for m in conv.messages:
            if len(m.text) >= 12:
                assert m.text not in stderr
