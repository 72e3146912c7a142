"""The floor: a no-op Python gRPC server under the same unary load as `grooming-risk bench`.

It answers ScoreConversation with a constant response (no interceptors, no decoding, no
scoring), so its rate and latency bound what any Python gRPC server can do on this
machine with client and server sharing the cores.

    .venv/bin/python benchmarks/grpc_floor.py [--duration 10] [--concurrency 8]
"""

from __future__ import annotations

import argparse
import json
from concurrent import futures

import grpc
import numpy as np

from service.api.grooming_risk.v1 import scoring_pb2 as pb
from service.client import request_for
from training.bench import _unary_load, bench_conversations


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()
    answer = pb.ScoreConversationResponse(
        conversation_id="c", outcome=pb.OUTCOME_NOT_SUSPICIOUS).SerializeToString()
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8))
    handler = grpc.unary_unary_rpc_method_handler(lambda request, context: answer)
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler(
        "grooming_risk.v1.ScoringService", {"ScoreConversation": handler})])
    port = server.add_insecure_port("127.0.0.1:0")
    server.start()
    payloads = [request_for(c).SerializeToString()
                for c in bench_conversations(300, 4321, 0.02)]
    target = f"127.0.0.1:{port}"
    _unary_load(target, payloads, args.concurrency, 1.0, ())
    stats = _unary_load(target, payloads, args.concurrency, args.duration, ())
    server.stop(0)
    lat = np.array(stats.latencies) * 1000.0
    print(json.dumps({
        "mode": "noop_python_grpc_server",
        "concurrency": args.concurrency,
        "requests_per_s": round(len(stats.latencies) / stats.elapsed),
        "p50_ms": round(float(np.percentile(lat, 50)), 3),
        "p99_ms": round(float(np.percentile(lat, 99)), 3),
        "errors": stats.errors,
    }))


if __name__ == "__main__":
    main()
