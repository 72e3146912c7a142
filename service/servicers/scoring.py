"""``ScoringService``: proto -> domain, call :class:`Screening`, domain -> proto."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator, Sequence

import grpc

from service.api.grooming_risk.v1 import scoring_pb2 as pb
from service.api.grooming_risk.v1 import scoring_pb2_grpc as pb_grpc
from service.batching import AdaptiveBatcher
from service.errors import GroomingRiskError, InvalidInput
from service.interceptors.errors import status_for
from service.observability import Metrics, annotate, call_annotations
from service.scoring.conversation import MAX_ID_LENGTH, Conversation
from service.screening import Screening, Verdict
from service.servicers.converters import OUTCOME_TO_PB, REASON_TO_PB, conversation_from_proto

_END = object()


# Without a client deadline gRPC reports ~9e18 s remaining; wait without a limit then.
_NO_DEADLINE_S = 365 * 24 * 3600.0


def _wait_limit(context: grpc.ServicerContext) -> float | None:
    remaining = context.time_remaining()
    return None if remaining is None or remaining > _NO_DEADLINE_S else max(remaining, 0.0)


def _response(verdict: Verdict) -> pb.ScoreConversationResponse:
    r = verdict.result
    return pb.ScoreConversationResponse(
        conversation_id=r.conversation_id,
        outcome=OUTCOME_TO_PB[r.outcome],
        suspicious=r.suspicious,
        case_id=verdict.case_id,
        not_scanned_reason=(REASON_TO_PB[r.not_scanned_reason] if r.not_scanned_reason
                            else pb.NOT_SCANNED_REASON_UNSPECIFIED),
        # The proto promises an empty model version when nothing was scanned.
        model_version="" if r.not_scanned_reason else r.model_version,
    )


class ScoringServicer(pb_grpc.ScoringServiceServicer):
    """Unary and bulk-streaming scoring. Responses never carry a score or text.

    Handler threads only queue requests and wait: conversion, validation and scoring
    run in one batch worker, so concurrent calls share a feature pass and a model run
    and do not fight over the GIL converting protos.
    """

    def __init__(self, screening: Screening, metrics: Metrics, batch_max: int,
                 queue_max: int) -> None:
        self.screening = screening
        self.metrics = metrics
        self.batch_max = batch_max
        self.batcher: AdaptiveBatcher[pb.ScoreConversationRequest, Verdict | InvalidInput] = (
            AdaptiveBatcher(self._score_batch, batch_max, queue_max, name="unary-batcher")
        )

    def close(self) -> None:
        """Stop the batch worker (after the server has drained)."""
        self.batcher.close()

    def _score_batch(
        self, requests: Sequence[pb.ScoreConversationRequest]
    ) -> list[Verdict | InvalidInput]:
        """Convert, validate and score; an invalid request gets its error, the rest go on."""
        out: list[Verdict | InvalidInput | None] = [None] * len(requests)
        valid: list[Conversation] = []
        where: list[int] = []
        for i, request in enumerate(requests):
            try:
                conversation = conversation_from_proto(request)
                self.screening.validate(conversation)
            except InvalidInput as err:
                out[i] = err
                continue
            valid.append(conversation)
            where.append(i)
        if valid:
            verdicts = self.screening.score(valid)
            for i, verdict in zip(where, verdicts, strict=True):
                out[i] = verdict
            self._count(verdicts)
        return [item for item in out if item is not None]

    def _count(self, verdicts: Sequence[Verdict]) -> None:
        outcomes = self.metrics.outcomes
        messages = 0
        for v in verdicts:
            r = v.result
            reason = r.not_scanned_reason.value if r.not_scanned_reason else ""
            outcomes.labels(r.outcome.value, reason).inc()
            messages += r.messages_scored
        if messages:
            self.metrics.messages.inc(messages)

    def ScoreConversation(  # noqa: N802 - gRPC method name
        self, request: pb.ScoreConversationRequest, context: grpc.ServicerContext
    ) -> pb.ScoreConversationResponse:
        """Score one conversation."""
        annotate(conversation_id=request.conversation.id[:MAX_ID_LENGTH])
        result = self.batcher.submit(request, _wait_limit(context))
        if isinstance(result, InvalidInput):
            raise result
        annotate(outcome=result.result.outcome.value, case_id=result.case_id)
        return _response(result)

    def ScoreConversations(  # noqa: N802 - gRPC method name
        self, request_iterator: Iterator[pb.ScoreConversationRequest],
        context: grpc.ServicerContext,
    ) -> Iterator[pb.ScoreConversationResponse]:
        """Bulk scoring: requests are batched as they arrive; responses keep request order.

        A conversation that fails validation gets an OUTCOME_REJECTED response with the
        status the unary call would have returned, and the stream goes on.
        """
        pending: queue.Queue[object] = queue.Queue(maxsize=self.batch_max * 4)
        failure: list[BaseException] = []

        def read() -> None:
            try:
                for request in request_iterator:
                    pending.put(request)
            except Exception as err:  # client cancelled or broke the stream
                failure.append(err)
            finally:
                pending.put(_END)

        reader = threading.Thread(target=read, name="bulk-reader", daemon=True)
        reader.start()
        # Filled in when the stream ends however it ends, so a cancelled stream's access
        # log line still says how far it got.
        fields = call_annotations()
        total = flagged = rejected = 0
        done = False
        try:
            while not done:
                batch = [pending.get()]
                while len(batch) < self.batch_max:
                    try:
                        batch.append(pending.get_nowait())
                    except queue.Empty:
                        break
                if batch[-1] is _END:
                    batch.pop()
                    done = True
                requests = [r for r in batch if isinstance(r, pb.ScoreConversationRequest)]
                for request, result in zip(requests, self._score_batch(requests), strict=True):
                    total += 1
                    if isinstance(result, InvalidInput):
                        rejected += 1
                        code, detail = status_for(result)
                        yield pb.ScoreConversationResponse(
                            conversation_id=request.conversation.id[:MAX_ID_LENGTH],
                            outcome=pb.OUTCOME_REJECTED,
                            error=pb.ItemError(code=code.value[0], message=detail,
                                               field=result.field),
                        )
                    else:
                        flagged += result.result.suspicious
                        yield _response(result)
        finally:
            fields.update(conversations=total, flagged=flagged, rejected=rejected)
        if failure:
            if isinstance(failure[0], GroomingRiskError):
                raise failure[0]  # e.g. an undecodable message: the stream ends with its status
            annotate(stream_error=type(failure[0]).__name__)
