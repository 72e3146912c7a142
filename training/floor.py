"""The no-op floor: a Python gRPC server that answers ScoringService with a constant.

``grooming-risk bench --target ... --floor`` starts this module in its own process and
measures it with the same client as our server, in the same run. It is built like ours
(sync ``grpc.server`` with a ThreadPoolExecutor of 8) but parses nothing and runs no
interceptors, so it is what any Python gRPC server on this machine costs at the least.

    python -m training.floor        # prints the port, serves until stdin closes
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from concurrent import futures
from typing import Any

import grpc

SERVICE = "grooming_risk.v1.ScoringService"


def constant_answer() -> bytes:
    """The serialized response the floor returns to every request."""
    from service.api.grooming_risk.v1 import scoring_pb2 as pb

    return pb.ScoreConversationResponse(
        conversation_id="floor", outcome=pb.OUTCOME_NOT_SUSPICIOUS,
        model_version="floor").SerializeToString()


def constant_batch_answer(size: int) -> bytes:
    """The serialized batch result the floor returns to every batch: ``size`` answers."""
    from service.api.grooming_risk.v1 import scoring_pb2 as pb

    one = pb.ScoreConversationResponse.FromString(constant_answer())
    return pb.ScoreConversationBatchResult(responses=[one] * size).SerializeToString()


def build_floor(host: str = "127.0.0.1", workers: int = 8) -> tuple[grpc.Server, int]:
    """A started no-op server on ``host`` and a free port; returns (server, port)."""
    from training.loadgen import BATCH_SIZE

    answer = constant_answer()
    batch_answer = constant_batch_answer(BATCH_SIZE)  # what the bench's batches get

    def unary(request: bytes, context: Any) -> bytes:
        return answer

    def bulk(requests: Iterator[bytes], context: Any) -> Iterator[bytes]:
        for _ in requests:
            yield answer

    def batches(requests: Iterator[bytes], context: Any) -> Iterator[bytes]:
        for _ in requests:
            yield batch_answer

    # No serializers: requests stay bytes and are never parsed.
    handlers = {
        "ScoreConversation": grpc.unary_unary_rpc_method_handler(unary),
        "ScoreConversations": grpc.stream_stream_rpc_method_handler(bulk),
        "ScoreConversationBatches": grpc.stream_stream_rpc_method_handler(batches),
    }
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=workers))
    server.add_generic_rpc_handlers([grpc.method_handlers_generic_handler(SERVICE, handlers)])
    port = server.add_insecure_port(f"{host}:0")
    server.start()
    return server, port


def main() -> None:
    """Serve the floor, print its port, stop when stdin closes (the bench exits or dies)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--workers", type=int, default=8)
    args = parser.parse_args()
    server, port = build_floor(args.host, args.workers)
    print(port, flush=True)
    sys.stdin.read()
    server.stop(0)


if __name__ == "__main__":
    main()
