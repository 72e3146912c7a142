"""``AdminService``: model information and verified, atomic hot reload."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import grpc
from google.protobuf.timestamp_pb2 import Timestamp

from service.api.grooming_risk.v1 import admin_pb2 as pb
from service.api.grooming_risk.v1 import admin_pb2_grpc as pb_grpc
from service.clock import Clock
from service.errors import ModelIntegrityError, Overloaded
from service.observability import Metrics, log_event
from service.scoring.engine import RiskScorer
from service.screening import NO_MODEL, Screening

log = logging.getLogger("grooming_risk.admin")


class AdminServicer(pb_grpc.AdminServiceServicer):
    """Loads a new model version: verify first, then swap; a bad model changes nothing."""

    def __init__(self, screening: Screening, metrics: Metrics,
                 load: Callable[[Path | None], RiskScorer], clock: Clock) -> None:
        self.screening = screening
        self.metrics = metrics
        self.load = load
        self.clock = clock
        self.loaded_at: datetime = clock.now()
        self._lock = threading.Lock()
        #: Called after a model was swapped in (the server points it at health).
        self.on_loaded: Callable[[], None] = lambda: None
        #: Called after a ``ReloadModel`` call swapped in the model at this folder (None:
        #: the configured one); a worker of a fleet passes it on to its siblings.
        self.on_reload_call: Callable[[Path | None], None] = lambda _model_dir: None

    def reload(self, model_dir: Path | None, actor: str) -> tuple[str, str]:
        """Verify and swap in the model at ``model_dir`` (default: the configured folder)."""
        with self._lock:
            current = self.screening.scorer
            previous = current.model.version if current is not None else ""
            try:
                scorer = self.load(model_dir)
            except ModelIntegrityError as err:
                self.metrics.model_reloads.labels("refused").inc()
                log_event(log, "model_reload_refused", logging.WARNING, reason=str(err))
                raise
            self.screening.scorer = scorer  # atomic reference swap
            self.loaded_at = self.clock.now()
            self.metrics.set_model(scorer.model.version, scorer.threshold)
            self.metrics.model_reloads.labels("ok").inc()
            self.screening.store.append_audit(
                actor, "model.loaded", subject_ref="", reason_code="reload",
                details={"previous": previous, "model_version": scorer.model.version,
                         "sha256": scorer.model.sha256[:16]},
                now=self.loaded_at,
            )
            log_event(log, "model_reloaded", previous=previous,
                      model_version=scorer.model.version)
        self.on_loaded()
        return previous, scorer.model.version

    def reload_from_signal(self) -> None:
        """SIGHUP: reload the configured model folder; keep the old model on failure."""
        try:
            self.reload(None, "signal")
        except ModelIntegrityError:
            pass
        except Exception:
            log.exception("model reload failed")

    def ReloadModel(self, request: pb.ReloadModelRequest,  # noqa: N802
                    context: grpc.ServicerContext) -> pb.ReloadModelResponse:
        """Verify and load a model folder; the old model keeps serving if it fails."""
        model_dir = Path(request.model_dir) if request.model_dir else None
        previous, current = self.reload(model_dir, "admin")
        self.on_reload_call(model_dir)
        return pb.ReloadModelResponse(previous_model_version=previous, model_version=current)

    def GetModelInfo(self, request: pb.GetModelInfoRequest,  # noqa: N802
                     context: grpc.ServicerContext) -> pb.GetModelInfoResponse:
        """The model now serving."""
        scorer = self.screening.scorer
        if scorer is None:
            raise Overloaded(NO_MODEL)
        stamp = Timestamp()
        stamp.FromDatetime(self.loaded_at)
        return pb.GetModelInfoResponse(
            model_version=scorer.model.version, threshold=scorer.threshold,
            feature_version=str(scorer.model.manifest.get("feature_version", "")),
            sha256=scorer.model.sha256, loaded_at=stamp,
        )
