"""Domain errors of grooming-risk.

These carry meaning, not transport codes: the one table that maps them to gRPC
status codes lives in ``service/interceptors/errors.py``. Every message passed
to these classes is shown to the client, so it must be content-free: field paths,
ids and limits only, never message text.
"""

from __future__ import annotations


class GroomingRiskError(Exception):
    """Base class. ``str(err)`` is safe to show a client: it never holds message text."""


class InvalidInput(GroomingRiskError):
    """The request itself is malformed: a missing id, an unknown sender, a limit exceeded.

    ``field`` is the path of the offending field, e.g. ``conversation.messages[3].sender_id``.
    """

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class NotFound(GroomingRiskError):
    """The named case, complaint or resource does not exist (or no longer exists)."""


class IllegalTransition(GroomingRiskError):
    """A case or complaint is not in a state that allows the requested action."""


class PreconditionFailed(GroomingRiskError):
    """The system is not in a state that allows the action (e.g. the legal basis has lapsed)."""


class ConcurrentModification(GroomingRiskError):
    """Another actor changed the record first (e.g. a competing claim); retry after re-reading."""


class Unauthenticated(GroomingRiskError):
    """No credentials, or credentials that match no known client."""


class PermissionDenied(GroomingRiskError):
    """The caller is known but its role does not allow this call."""


class RateLimited(GroomingRiskError):
    """The caller exceeded its request budget; retry later."""


class Overloaded(GroomingRiskError):
    """The server is shedding load or not ready; retry later, possibly elsewhere."""


class ModelIntegrityError(GroomingRiskError):
    """A model folder failed verification: checksum, manifest or input signature."""


class ConfigurationError(GroomingRiskError):
    """Settings are invalid (e.g. retention above 365 days); the service refuses to start."""


class SchemaMismatch(ConfigurationError):
    """The database's schema version is not this code's: newer (refused) or not yet upgraded."""


class ResourceInUse(GroomingRiskError):
    """A port or data directory the server needs is held by another process."""


class DeadlineExceeded(GroomingRiskError):
    """The caller's deadline passed before the work was done; the work was dropped."""
