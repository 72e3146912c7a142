"""Ours against Seldon MLServer and the no-op floor, in the same runs, with the same client.

Issue #9 asks for twice MLServer's unary rate. The figure in ``../shared/notes/`` was taken
on another day, when the floor ran at ~3,600/s; this machine's speed moves by a third from
day to day, so this script measures MLServer here, next to ours and the floor:

* MLServer 1.7.1 + mlserver-sklearn serves a plain scikit-learn pipeline
  (``TfidfVectorizer(ngram_range=(1, 2), max_features=2**16)`` + ``LogisticRegression``,
  as in ``training/bench.py``) over the V2 gRPC protocol with ``parallel_workers=0``,
  as the peer did, fitted on bench conversations of another seed;
* each call sends one conversation, its messages joined (``joined_text``), asking for
  ``predict_proba``; ours gets the same conversations as ``ScoreConversation`` requests;
* one asyncio client in this process, requests serialized up front, 8 concurrent calls,
  the servers each in their own process; per run: ours, MLServer, floor, back to back.

MLServer is not a dependency of this project: install it in a venv of its own and pass
that venv's python (``--mlserver-python``); its sklearn fits and pickles the model.

    python3 -m venv /tmp/mlsv && /tmp/mlsv/bin/pip install mlserver==1.7.1 \\
        mlserver-sklearn==1.7.1
    grooming-risk serve --port 50491 --metrics-port 0 --data-dir /tmp/bvar \\
        --log-level WARNING &
    python benchmarks/mlserver_peer.py --target 127.0.0.1:50491 --server-pid $! \\
        --mlserver-python /tmp/mlsv/bin/python --runs 3 --out results/DATE-mlserver.json
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from training.bench import joined_text  # noqa: E402
from training.bench_corpus import bench_conversations  # noqa: E402
from training.loadgen import (  # noqa: E402
    UNARY,
    CpuMeter,
    Floor,
    free_port,
    unary_window,
)

MODEL_INFER = "/inference.GRPCInferenceService/ModelInfer"
MODEL = "plain-sklearn"

# Runs in MLServer's venv: fits and pickles the pipeline, writes MLServer's settings and
# the serialized ModelInferRequests (4-byte big-endian length, then the message).
_PREPARE = r"""
import json, sys
from pathlib import Path
import joblib
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from mlserver.grpc import dataplane_pb2 as pb

work = Path(sys.argv[1]); grpc_port, http_port, metrics_port = map(int, sys.argv[2:5])
data = json.loads((work / "texts.json").read_text())
pipe = Pipeline([("tfidf", TfidfVectorizer(ngram_range=(1, 2), max_features=2**16)),
                 ("clf", LogisticRegression(max_iter=1000))])
pipe.fit([t for t, _ in data["train"]], [y for _, y in data["train"]])
model_dir = work / "plain-sklearn"
model_dir.mkdir()
joblib.dump(pipe, model_dir / "model.joblib")
(model_dir / "model-settings.json").write_text(json.dumps({
    "name": "plain-sklearn", "implementation": "mlserver_sklearn.SKLearnModel",
    "parameters": {"uri": "./model.joblib"}}))
(work / "settings.json").write_text(json.dumps({
    "grpc_port": grpc_port, "http_port": http_port, "metrics_port": metrics_port,
    "parallel_workers": 0, "debug": False}))
with open(work / "requests.bin", "wb") as out:
    for text in data["eval"]:
        req = pb.ModelInferRequest(model_name="plain-sklearn")
        tensor = req.inputs.add(name="text", datatype="BYTES", shape=[1])
        tensor.contents.bytes_contents.append(text.encode())
        tensor.parameters["content_type"].string_param = "str"
        req.parameters["content_type"].string_param = "str"
        req.outputs.add(name="predict_proba")
        raw = req.SerializeToString()
        out.write(len(raw).to_bytes(4, "big") + raw)
"""


def _read_requests(path: Path) -> list[bytes]:
    data = path.read_bytes()
    out, at = [], 0
    while at < len(data):
        n = int.from_bytes(data[at:at + 4], "big")
        out.append(data[at + 4:at + 4 + n])
        at += 4 + n
    return out


async def _ready(target: str, method: str, payload: bytes, timeout: float = 120.0) -> None:
    """Wait until ``target`` answers one real call (MLServer loads the model after binding)."""
    import grpc

    deadline = time.monotonic() + timeout
    while True:
        async with grpc.aio.insecure_channel(target) as channel:
            call = channel.unary_unary(method, request_serializer=None,
                                       response_deserializer=None)
            try:
                await call(payload, timeout=5)
                return
            except grpc.aio.AioRpcError:
                if time.monotonic() > deadline:
                    raise
        await asyncio.sleep(0.5)


async def _one_run(targets: dict[str, tuple[str, int, str, list[bytes]]], duration: float,
                   warmup: float) -> dict[str, dict[str, Any]]:
    import grpc

    out: dict[str, dict[str, Any]] = {}
    for name, (target, pid, method, payloads) in targets.items():
        await _ready(target, method, payloads[0])
        meter = CpuMeter(pid)
        async with grpc.aio.insecure_channel(target) as channel:
            if warmup > 0:
                await unary_window([channel], payloads, 8, warmup, (), meter, method)
            out[name] = await unary_window([channel], payloads, 8, duration, (), meter,
                                           method)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--target", required=True, help="HOST:PORT of a running serve")
    parser.add_argument("--server-pid", type=int, required=True)
    parser.add_argument("--mlserver-python", type=Path, required=True)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--warmup", type=float, default=1.0)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()

    from service.client import request_for

    convs = bench_conversations(1000, 4321, 0.02)  # the conversations `bench` sends
    train = bench_conversations(2000, 97, 0.3)
    ours_payloads = [request_for(c).SerializeToString() for c in convs]
    with tempfile.TemporaryDirectory(prefix="mlserver-peer-") as tmp:
        work = Path(tmp)
        (work / "texts.json").write_text(json.dumps({
            "train": [[joined_text(c), bool(c.label and c.label.suspicious)] for c in train],
            "eval": [joined_text(c) for c in convs]}))
        grpc_port = free_port()
        subprocess.run([str(args.mlserver_python), "-c", _PREPARE, tmp, str(grpc_port),
                        str(free_port()), str(free_port())], check=True)
        peer_payloads = _read_requests(work / "requests.bin")
        mlserver = Path(args.mlserver_python).parent / "mlserver"
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        peer = subprocess.Popen([str(mlserver), "start", tmp], env=env, cwd=tmp,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        floor = Floor.start()
        runs = []
        try:
            targets = {
                "ours": (args.target, args.server_pid, UNARY, ours_payloads),
                "mlserver": (f"127.0.0.1:{grpc_port}", peer.pid, MODEL_INFER, peer_payloads),
                "floor": (floor.target, floor.process.pid, UNARY, ours_payloads),
            }
            for run in range(args.runs):
                measured = asyncio.run(_one_run(targets, args.duration, args.warmup))
                ours, other, base = (measured[k]["conversations_per_s"]
                                     for k in ("ours", "mlserver", "floor"))
                runs.append({"run": run, **measured,
                             "ours_vs_mlserver": round(ours / other, 3),
                             "mlserver_vs_floor": round(other / base, 3),
                             "ours_vs_floor": round(ours / base, 3)})
                print(f"run {run}: ours {ours}/s, MLServer {other}/s, floor {base}/s; "
                      f"ours/MLServer {ours / other:.2f}", file=sys.stderr)
        finally:
            floor.stop()
            peer.terminate()
            try:
                peer.wait(timeout=20)
            except subprocess.TimeoutExpired:
                peer.kill()
    report = {
        "command": " ".join(sys.argv),
        "conversations": len(convs),
        "concurrency": 8,
        "runs": runs,
        "median": {key: statistics.median(r[key] for r in runs)
                   for key in ("ours_vs_mlserver", "mlserver_vs_floor", "ours_vs_floor")},
        "median_conversations_per_s": {
            name: statistics.median(r[name]["conversations_per_s"] for r in runs)
            for name in ("ours", "mlserver", "floor")},
        "median_p99_ms": {name: statistics.median(r[name]["p99_ms"] for r in runs)
                          for name in ("ours", "mlserver", "floor")},
    }
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
