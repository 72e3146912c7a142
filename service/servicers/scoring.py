"""``ScoringService``: proto -> domain, call :class:`Screening`, domain -> proto."""

from __future__ import annotations

import threading
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent import futures
from typing import Any, Generic, TypeVar

import grpc

from service.api.grooming_risk.v1 import scoring_pb2 as pb
from service.api.grooming_risk.v1 import scoring_pb2_grpc as pb_grpc
from service.batching import AdaptiveBatcher
from service.errors import GroomingRiskError, InvalidInput
from service.interceptors import THREAD_POOL
from service.interceptors.errors import status_for
from service.observability import Metrics, annotate, call_annotations
from service.scoring.conversation import MAX_ID_LENGTH, Conversation
from service.screening import Screening, Verdict
from service.servicers.converters import (
    OUTCOME_TO_PB,
    REASON_TO_PB,
    Decoded,
    decode_batch,
    decode_request,
)

T = TypeVar("T")
#: A bulk batch on its way through the pipeline: conversation ids, and what each became.
Batch = tuple[list[str], list[Verdict | InvalidInput]]

#: The most conversations one ScoreConversationBatch may carry (the proto says so).
MAX_BATCH_CONVERSATIONS = 1000

SERVICE = pb.DESCRIPTOR.services_by_name["ScoringService"].full_name

# Without a client deadline gRPC reports ~9e18 s remaining; wait without a limit then.
_NO_DEADLINE_S = 365 * 24 * 3600.0


def _wait_limit(context: grpc.ServicerContext) -> float | None:
    remaining = context.time_remaining()
    return None if remaining is None or remaining > _NO_DEADLINE_S else max(remaining, 0.0)


class _Inbox(Generic[T]):
    """A bulk reader's hand-off to the scoring loop: bounded, taken several at a time."""

    def __init__(self, capacity: int) -> None:
        self._items: deque[T] = deque()
        self._room = threading.Condition()
        self._capacity = capacity
        self.ended = False
        self.failure: BaseException | None = None

    def put(self, item: T) -> None:
        with self._room:
            while len(self._items) >= self._capacity:
                self._room.wait()
            self._items.append(item)
            if len(self._items) == 1:
                self._room.notify()

    def end(self, failure: BaseException | None) -> None:
        with self._room:
            self.failure = failure
            self.ended = True
            self._room.notify()

    def take(self, n: int, wait: bool) -> tuple[list[T], bool]:
        """Up to ``n`` items, and whether the stream has ended with nothing left after them.

        With ``wait`` this waits for at least one item unless the stream has ended.
        """
        with self._room:
            items = self._items
            while wait and not items and not self.ended:
                self._room.wait()
            batch = [items.popleft() for _ in range(min(n, len(items)))]
            if batch:
                self._room.notify()  # room again for the reader
            return batch, self.ended and not items


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

    Unary calls are batched by their own handler threads (:class:`AdaptiveBatcher`):
    whichever handler finds nobody scoring converts, validates and scores everything
    queued, so concurrent calls share a feature pass and a model run without a worker
    thread in between. Flags' cases are written by the case writer, off this path; a
    flagged call is answered once its case is committed.
    """

    def __init__(self, screening: Screening, metrics: Metrics, batch_max: int,
                 queue_max: int, scoring_threads: int = 2) -> None:
        self.screening = screening
        self.metrics = metrics
        self.batch_max = batch_max
        # Bulk streams batch larger: nobody waits on one conversation's latency there.
        self.bulk_batch_max = batch_max * BULK_BATCH_FACTOR
        self.batcher: AdaptiveBatcher[Decoded, Verdict | InvalidInput] = (
            AdaptiveBatcher(self._score_batch, batch_max, queue_max, name="unary-batcher")
        )
        self._outcome_counters: dict[tuple[str, str], Any] = {}
        # Unary calls run on a pool of their own (see ``handlers``).
        self.unary_pool = futures.ThreadPoolExecutor(
            max_workers=scoring_threads, thread_name_prefix="score")

    def close(self) -> None:
        """Refuse new unary work (after the server has drained)."""
        self.batcher.close()
        self.unary_pool.shutdown(wait=False)

    def handlers(self) -> grpc.GenericRpcHandler:
        """This service's methods for ``server.add_generic_rpc_handlers``.

        As the generated ``add_ScoringServiceServicer_to_server``, except that requests are
        decoded by the compiled decoder (:func:`decode_request`) into domain objects, and
        that unary calls run on :attr:`unary_pool`, not on the server's handler threads.
        Scoring holds the interpreter lock most of the time, so eight handler threads
        taking calls as they arrive mostly trade the lock: measured on 2 cores with 8
        concurrent callers, 27 context switches per call, against 14 on a pool of 2 (the
        rest queue there, woken by nobody), and about 0.3 ms less server CPU per call.
        Streams keep the handler threads: each holds one for as long as it lasts.
        """

        def score(request: Decoded, context: grpc.ServicerContext) -> Any:
            return self.ScoreConversation(request, context)

        setattr(score, THREAD_POOL, self.unary_pool)  # gRPC reads it by that name
        answer = pb.ScoreConversationResponse.SerializeToString
        return grpc.method_handlers_generic_handler(SERVICE, {
            "ScoreConversation": grpc.unary_unary_rpc_method_handler(
                score, decode_request, answer),
            "ScoreConversations": grpc.stream_stream_rpc_method_handler(
                self.ScoreConversations, decode_request, answer),
            "ScoreConversationBatches": grpc.stream_stream_rpc_method_handler(
                self.ScoreConversationBatches, decode_batch,
                pb.ScoreConversationBatchResult.SerializeToString),
        })

    def _convert(self, request: Decoded) -> Conversation | InvalidInput:
        conversation = request[1]
        if isinstance(conversation, InvalidInput):
            return conversation
        try:
            self.screening.validate(conversation)
        except InvalidInput as err:
            return err
        return conversation

    def _score_batch(self, requests: Sequence[Decoded]) -> list[Verdict | InvalidInput]:
        """Convert, validate and score; an invalid request gets its error, the rest go on."""
        return self._score_converted([self._convert(r) for r in requests])

    def _score_converted(
        self, items: Sequence[Conversation | InvalidInput], wait_for_room: bool = False
    ) -> list[Verdict | InvalidInput]:
        valid = [c for c in items if not isinstance(c, InvalidInput)]
        if not valid:
            return list(items)  # type: ignore[arg-type]  # all InvalidInput
        verdicts = iter(self.screening.score_pending(valid, wait_for_room))
        out: list[Verdict | InvalidInput] = [
            c if isinstance(c, InvalidInput) else next(verdicts) for c in items]
        self._count(out)
        return out

    def _count(self, items: Sequence[Verdict | InvalidInput]) -> None:
        counters = self._outcome_counters
        messages = 0
        for v in items:
            if isinstance(v, InvalidInput):
                continue
            r = v.result
            reason = r.not_scanned_reason.value if r.not_scanned_reason else ""
            key = (r.outcome.value, reason)
            counter = counters.get(key)
            if counter is None:  # labels() takes a lock and checks names: once per pair
                counter = counters[key] = self.metrics.outcomes.labels(*key)
            counter.inc()
            messages += r.messages_scored
        if messages:
            self.metrics.messages.inc(messages)

    def ScoreConversation(  # noqa: N802 - gRPC method name
        self, request: Decoded, context: grpc.ServicerContext
    ) -> pb.ScoreConversationResponse:
        """Score one conversation."""
        annotate(conversation_id=request[0][:MAX_ID_LENGTH])
        result = self.batcher.submit(request, _wait_limit(context))
        if isinstance(result, InvalidInput):
            raise result
        if result.case is not None:  # flagged: answer once its case is committed
            result = result.settled(_wait_limit(context))
        annotate(outcome=result.result.outcome.value, case_id=result.case_id)
        return _response(result)

    def ScoreConversations(  # noqa: N802 - gRPC method name
        self, request_iterator: Iterator[Decoded], context: grpc.ServicerContext,
    ) -> Iterator[pb.ScoreConversationResponse]:
        """Bulk scoring: requests are batched as they arrive; responses keep request order.

        A conversation that fails validation gets an OUTCOME_REJECTED response with the
        status the unary call would have returned, and the stream goes on.
        """
        inbox: _Inbox[tuple[str, Conversation | InvalidInput]] = _Inbox(
            self.bulk_batch_max * 2)
        convert = self._convert

        def feed() -> None:
            for request in request_iterator:
                inbox.put((request[0][:MAX_ID_LENGTH], convert(request)))

        def take(wait: bool) -> tuple[Batch | None, bool]:
            items, finished = inbox.take(self.bulk_batch_max, wait)
            if not items:
                return None, finished
            return ([i for i, _ in items], self._score_converted([c for _, c in items], True)
                    ), finished

        counts = [0, 0, 0]  # conversations, flagged, rejected
        for ids, results in self._bulk(inbox, feed, take, counts):
            yield from _answers(ids, results, counts)

    def ScoreConversationBatches(  # noqa: N802 - gRPC method name
        self, request_iterator: Iterator[list[Decoded]], context: grpc.ServicerContext,
    ) -> Iterator[pb.ScoreConversationBatchResult]:
        """Bulk scoring, many conversations per message: one result per batch, in order."""
        inbox: _Inbox[tuple[list[str], list[Conversation | InvalidInput]]] = _Inbox(2)
        convert = self._convert

        def feed() -> None:
            for batch in request_iterator:
                if len(batch) > MAX_BATCH_CONVERSATIONS:
                    raise InvalidInput(
                        "requests", f"more than {MAX_BATCH_CONVERSATIONS} conversations")
                inbox.put(([r[0][:MAX_ID_LENGTH] for r in batch], [convert(r) for r in batch]))

        def take(wait: bool) -> tuple[Batch | None, bool]:
            batches, finished = inbox.take(1, wait)
            if not batches:
                return None, finished
            ids, items = batches[0]
            return (ids, self._score_converted(items, True)), finished

        counts = [0, 0, 0]
        for ids, results in self._bulk(inbox, feed, take, counts):
            yield pb.ScoreConversationBatchResult(responses=list(_answers(ids, results, counts)))

    def _bulk(self, inbox: _Inbox[Any], feed: Callable[[], None],
              take: Callable[[bool], tuple[Batch | None, bool]],
              counts: list[int]) -> Iterator[Batch]:
        """The pipeline of both bulk streams; yields scored batches in arrival order.

        A reader thread runs ``feed``: it decodes, converts and validates requests as
        they arrive and puts them in ``inbox``. This thread scores them (``take``); the
        case writer records flags meanwhile, and a batch is answered only after the next
        batch has been scored, so flags' commits overlap with scoring. When nothing more
        has arrived a batch is answered at once, so a client that waits for answers
        before sending more gets them. ``counts`` (conversations, flagged, rejected) go
        to the access log however the stream ends.
        """

        def read() -> None:
            failure: BaseException | None = None
            try:
                feed()
            except Exception as err:  # client cancelled or broke the stream, or a bug
                failure = err
            finally:
                inbox.end(failure)

        reader = threading.Thread(target=read, name="bulk-reader", daemon=True)
        reader.start()
        # Filled in when the stream ends however it ends, so a cancelled stream's access
        # log line still says how far it got.
        fields = call_annotations()
        try:
            answered_later: Batch | None = None
            while True:
                # A stream waits for room in the case writer's queue rather than failing:
                # back-pressure on this stream only (``_score_converted(..., True)``).
                scored, finished = take(answered_later is None)
                if answered_later is not None:
                    yield answered_later
                answered_later = scored
                if finished and answered_later is None:
                    break
        finally:
            fields.update(conversations=counts[0], flagged=counts[1], rejected=counts[2])
        failure = inbox.failure
        if failure is not None:
            if isinstance(failure, grpc.RpcError) and not isinstance(failure, GroomingRiskError):
                annotate(stream_error=type(failure).__name__)  # the client went away
                return
            # A domain error (e.g. an undecodable message) ends the stream with its status;
            # anything else is a bug in the reader's conversion: INTERNAL, by the error table.
            raise failure


#: Bulk batches hold up to this many times ``batch_max`` conversations.
BULK_BATCH_FACTOR = 4


def _answers(ids: Sequence[str], results: Sequence[Verdict | InvalidInput],
             counts: list[int]) -> Iterator[pb.ScoreConversationResponse]:
    """One batch's responses in order; flags wait for their case's commit."""
    for conversation_id, result in zip(ids, results, strict=True):
        counts[0] += 1
        if isinstance(result, InvalidInput):
            counts[2] += 1
            code, detail = status_for(result)
            yield pb.ScoreConversationResponse(
                conversation_id=conversation_id,
                outcome=pb.OUTCOME_REJECTED,
                error=pb.ItemError(code=code.value[0], message=detail, field=result.field),
            )
        else:
            counts[1] += result.result.suspicious
            yield _response(result.settled())
