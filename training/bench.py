"""``grooming-risk bench``: throughput of the scoring core, and of a running server.

In-process (default): the service's scoring path (gate, features, ONNX, threshold) on
conversations of about 30 messages, pinned to one core, against the same model run as a
scikit-learn pipeline (rebuilt from the model folder's numbers) in the same run.

Against a server (``--target``): unary ``ScoreConversation`` at a given concurrency
(p50/p99 latency, conversations/s) and bulk ``ScoreConversations`` streaming.
Requests are serialised once up front, as a load generator should.
"""

from __future__ import annotations

import json
import os
import statistics
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import expit
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.preprocessing import FunctionTransformer

from service.scoring.conversation import Conversation
from service.scoring.engine import RiskScorer
from service.scoring.features import document_ngrams
from service.scoring.jsonl import conversation_from_dict
from service.scoring.model import ScoringModel
from service.scoring.policy import PolicyGate
from training import pipeline as pl

MESSAGES_PER_CONVERSATION = (26, 34)


def bench_conversations(n: int, seed: int, positive_share: float) -> list[Conversation]:
    """Synthetic conversations (bank b) with about 30 messages each."""
    from training import synth

    out: list[Conversation] = []
    lo, hi = MESSAGES_PER_CONVERSATION
    attempt = 0
    while len(out) < n:
        for record in synth.generate(400, seed=seed + attempt, bank="b",
                                     positive_share=positive_share):
            msgs = record["messages"]
            if len(msgs) < lo:
                continue
            trimmed = dict(record, messages=msgs[:hi])
            first = trimmed["label"].get("first_risk_message")
            if first and first not in {m["id"] for m in trimmed["messages"]}:
                trimmed["label"] = dict(trimmed["label"], first_risk_message=None)
            out.append(conversation_from_dict(trimmed))
            if len(out) == n:
                break
        attempt += 1
    return out


def sklearn_pipeline(model: ScoringModel) -> tuple[Pipeline, float, float]:
    """The model as a scikit-learn pipeline, rebuilt from the folder's exported numbers.

    Returns (pipeline, calib_a, calib_b); probability = expit(-(a * decision + b)).
    """
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(model.directory / "model.onnx")).graph
    w = {t.name: numpy_helper.to_array(t).astype(np.float64) for t in graph.initializer}
    words = json.loads((model.directory / "vocabulary.json").read_text(encoding="utf-8"))
    blocks = []
    start = 0
    for name in ("sender", "partner"):
        size = len(words[name])
        vec = TfidfVectorizer(analyzer=document_ngrams, sublinear_tf=True, norm="l2",
                              vocabulary={g: i for i, g in enumerate(words[name])})
        vec.fit([("x",)])
        vec.idf_ = w["idf"][start:start + size]
        start += size
        blocks.append(vec)
    features = FeatureUnion([
        ("sender", Pipeline([("docs", FunctionTransformer(pl._sender_docs)),
                             ("tfidf", blocks[0])])),
        ("partner", Pipeline([("docs", FunctionTransformer(pl._partner_docs)),
                              ("tfidf", blocks[1])])),
        ("dense", FunctionTransformer(pl._dense)),
    ])
    clf = LogisticRegression()
    clf.coef_ = np.concatenate([w["coef_text"], w["coef_dense"].ravel()]).reshape(1, -1)
    clf.intercept_ = w["intercept"]
    clf.classes_ = np.array([False, True])
    pipe = Pipeline([("features", features), ("clf", clf)])
    return pipe, -float(w["neg_a"][0]), -float(w["neg_b"][0])


def sklearn_probabilities(
    pipe: Pipeline, a: float, b: float, conversations: Sequence[Conversation], gate: PolicyGate
) -> np.ndarray:  # type: ignore[type-arg]
    """Pair probabilities of the sklearn pipeline (gate and dense features included)."""
    examples = pl.pair_examples(conversations, gate)
    if not examples:
        return np.zeros(0)
    return np.asarray(expit(-(a * pipe.decision_function(examples) + b)))


def _pin_one_core() -> str:
    try:
        cpu = sorted(os.sched_getaffinity(0))[-1]
        os.sched_setaffinity(0, {cpu})
        return f"cpu{cpu}"
    except (AttributeError, OSError):
        return "unpinned"


def bench_core(model_dir: Path, n: int = 2000, batch: int = 64, repeats: int = 5,
               seed: int = 1234, positive_share: float = 0.35) -> dict[str, Any]:
    """In-process throughput of the service core versus the sklearn pipeline, one core."""
    pinned = _pin_one_core()
    model = ScoringModel.load(model_dir)
    gate = PolicyGate()
    scorer = RiskScorer(model, gate)
    convs = bench_conversations(n, seed, positive_share)
    n_messages = sum(len(c.messages) for c in convs)
    pipe, a, b = sklearn_pipeline(model)
    batches = [convs[i:i + batch] for i in range(0, len(convs), batch)]

    def run_core() -> float:
        t = time.perf_counter()
        for chunk in batches:
            scorer.score(chunk)
        return time.perf_counter() - t

    def run_sklearn() -> float:
        t = time.perf_counter()
        for chunk in batches:
            sklearn_probabilities(pipe, a, b, chunk, gate)
        return time.perf_counter() - t

    run_core()  # warm-up
    run_sklearn()
    core_times, sk_times = [], []
    for _ in range(repeats):  # interleaved, so machine noise hits both alike
        core_times.append(run_core())
        sk_times.append(run_sklearn())
    core = statistics.median(core_times)
    sk = statistics.median(sk_times)
    single = [convs[i] for i in range(min(300, len(convs)))]
    t = time.perf_counter()
    for conv in single:
        scorer.score([conv])
    batch1 = time.perf_counter() - t
    return {
        "mode": "in_process",
        "pinned": pinned,
        "conversations": len(convs),
        "messages": n_messages,
        "mean_messages_per_conversation": round(n_messages / len(convs), 1),
        "batch": batch,
        "repeats": repeats,
        "messages_per_s": round(n_messages / core),
        "conversations_per_s": round(len(convs) / core),
        "batch1_conversations_per_s": round(len(single) / batch1),
        "sklearn_messages_per_s": round(n_messages / sk),
        "sklearn_conversations_per_s": round(len(convs) / sk),
        "ratio_vs_sklearn": round(sk / core, 2),
        "model_version": model.version,
    }


@dataclass
class _Stats:
    latencies: list[float]
    errors: int
    elapsed: float


def _unary_load(target: str, payloads: list[bytes], concurrency: int, duration: float,
                metadata: tuple[tuple[str, str], ...]) -> _Stats:
    import grpc

    from service.api.grooming_risk.v1 import scoring_pb2 as pb

    latencies: list[list[float]] = [[] for _ in range(concurrency)]
    errors = [0] * concurrency
    stop = threading.Event()
    channels = [grpc.insecure_channel(target) for _ in range(max(1, concurrency // 4))]
    calls = [
        ch.unary_unary("/grooming_risk.v1.ScoringService/ScoreConversation",
                       request_serializer=None,
                       response_deserializer=pb.ScoreConversationResponse.FromString)
        for ch in channels
    ]

    def worker(k: int) -> None:
        call = calls[k % len(calls)]
        i = k
        out = latencies[k]
        while not stop.is_set():
            t = time.perf_counter()
            try:
                call(payloads[i % len(payloads)], metadata=metadata, timeout=10)
            except grpc.RpcError:
                errors[k] += 1
            out.append(time.perf_counter() - t)
            i += concurrency

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(concurrency)]
    start = time.perf_counter()
    for th in threads:
        th.start()
    time.sleep(duration)
    stop.set()
    for th in threads:
        th.join()
    elapsed = time.perf_counter() - start
    for ch in channels:
        ch.close()
    return _Stats([x for lat in latencies for x in lat], sum(errors), elapsed)


def _bulk_load(target: str, payloads: list[bytes], total: int,
               metadata: tuple[tuple[str, str], ...]) -> tuple[int, float]:
    import grpc

    from service.api.grooming_risk.v1 import scoring_pb2 as pb

    with grpc.insecure_channel(target) as channel:
        call = channel.stream_stream(
            "/grooming_risk.v1.ScoringService/ScoreConversations",
            request_serializer=None,
            response_deserializer=pb.ScoreConversationResponse.FromString,
        )
        t = time.perf_counter()
        got = sum(1 for _ in call((payloads[i % len(payloads)] for i in range(total)),
                                  metadata=metadata, timeout=600))
        return got, time.perf_counter() - t


def bench_server(target: str, concurrency: int = 8, duration: float = 10.0,
                 bulk_conversations: int = 20000, n: int = 1000, seed: int = 4321,
                 positive_share: float = 0.02, token: str | None = None) -> dict[str, Any]:
    """Unary latency/throughput at ``concurrency`` and bulk streaming throughput."""
    from service.client import request_for

    convs = bench_conversations(n, seed, positive_share)
    payloads = [request_for(c).SerializeToString() for c in convs]
    metadata = (("authorization", f"Bearer {token}"),) if token else ()
    _unary_load(target, payloads, concurrency, 1.0, metadata)  # warm-up
    stats = _unary_load(target, payloads, concurrency, duration, metadata)
    lat = np.array(stats.latencies) * 1000.0
    got, bulk_elapsed = _bulk_load(target, payloads, bulk_conversations, metadata)
    unary_rate = len(stats.latencies) / stats.elapsed
    bulk_rate = got / bulk_elapsed
    return {
        "mode": "server",
        "target": target,
        "concurrency": concurrency,
        "duration_s": duration,
        "positive_share": positive_share,
        "mean_messages_per_conversation": round(
            sum(len(c.messages) for c in convs) / len(convs), 1),
        "unary_requests": len(stats.latencies),
        "unary_errors": stats.errors,
        "unary_conversations_per_s": round(unary_rate),
        "unary_p50_ms": round(float(np.percentile(lat, 50)), 3),
        "unary_p90_ms": round(float(np.percentile(lat, 90)), 3),
        "unary_p99_ms": round(float(np.percentile(lat, 99)), 3),
        "bulk_conversations": got,
        "bulk_conversations_per_s": round(bulk_rate),
        "bulk_vs_unary": round(bulk_rate / unary_rate, 2),
    }
