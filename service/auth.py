"""Who may call what: credentials (hashed bearer tokens, mTLS subjects) and roles.

The credentials file is JSON and never holds a token, only its SHA-256:

    {"clients": [
       {"name": "platform-a", "roles": ["platform"], "token_sha256": "9f86d0..."},
       {"name": "alice", "roles": ["reviewer"], "token_sha256": "..."},
       {"name": "platform-b", "roles": ["platform"], "tls_subject": "CN=platform-b"}]}

Tokens are random 256-bit strings (``grooming-risk credentials add`` makes one), so a plain
SHA-256 is enough to keep the file useless to a reader; comparison is constant-time.
"""

from __future__ import annotations

import contextvars
import enum
import hashlib
import hmac
import json
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from service.errors import ConfigurationError, PermissionDenied, Unauthenticated


class Role(enum.Enum):
    """What a client is for."""

    PLATFORM = "platform"
    """Scores conversations (ScoringService)."""
    REVIEWER = "reviewer"
    """Works cases and complaints (ReviewService, except the audit log and report); reads
    the model info."""
    AUDITOR = "auditor"
    """Reads the audit log and transparency reports; changes nothing."""
    ADMIN = "admin"
    """Reloads and inspects the model (AdminService)."""


_SCORING = "/grooming_risk.v1.ScoringService/"
_REVIEW = "/grooming_risk.v1.ReviewService/"
_ADMIN = "/grooming_risk.v1.AdminService/"

#: The permission table: RPC (full method name) -> roles allowed to call it.
PERMISSIONS: Mapping[str, frozenset[Role]] = {
    _SCORING + "ScoreConversation": frozenset({Role.PLATFORM}),
    _SCORING + "ScoreConversations": frozenset({Role.PLATFORM}),
    _SCORING + "ScoreConversationBatches": frozenset({Role.PLATFORM}),
    **{
        _REVIEW + name: frozenset({Role.REVIEWER})
        for name in ("ListCases", "GetCase", "ClaimCase", "ReleaseCase", "DecideCase",
                     "ReportCase", "FileComplaint", "ResolveComplaint", "ListComplaints")
    },
    _REVIEW + "ListAuditEvents": frozenset({Role.AUDITOR}),
    _REVIEW + "GetTransparencyReport": frozenset({Role.AUDITOR}),
    # Who am I: every role may ask (the reviewer console signs people in with it).
    _REVIEW + "GetCaller": frozenset(Role),
    _ADMIN + "ReloadModel": frozenset({Role.ADMIN}),
    # Reviewers see the version and threshold in every case; the model facts help them.
    _ADMIN + "GetModelInfo": frozenset({Role.ADMIN, Role.AUDITOR, Role.REVIEWER}),
}

#: Methods anyone may call without credentials (load balancers, tooling).
PUBLIC_PREFIXES = ("/grpc.health.v1.Health/", "/grpc.reflection.")


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated client."""

    name: str
    roles: frozenset[Role]


#: The authenticated client of the current RPC (None when authentication is off). Set by
#: the auth interceptor; servicers read it to act under the caller's own name.
current_principal: contextvars.ContextVar[Principal | None] = contextvars.ContextVar(
    "current_principal", default=None
)


def hash_token(token: str) -> str:
    """The stored form of a bearer token."""
    return hashlib.sha256(token.encode()).hexdigest()


#: What every token this service issues starts with: secret scanners can recognise a
#: leaked one, and a token never starts with "-", which a command line would take for an
#: option (``--token -x...``: one token in 64 did, and the CLI refused it as a usage error).
TOKEN_PREFIX = "grt_"  # noqa: S105 - a public prefix, not a secret


def new_token() -> str:
    """A fresh random bearer token: :data:`TOKEN_PREFIX` and 256 random bits, URL-safe."""
    return TOKEN_PREFIX + secrets.token_urlsafe(32)


class Credentials:
    """The clients a server knows, loaded from the credentials file."""

    def __init__(self, clients: list[tuple[Principal, str | None, str | None]]) -> None:
        self._tokens: dict[str, Principal] = {}
        self._subjects: dict[str, Principal] = {}
        self._count = len(clients)
        for principal, token_hash, subject in clients:
            if token_hash:
                self._tokens[token_hash] = principal
            if subject:
                self._subjects[subject] = principal

    def __len__(self) -> int:
        """How many clients the file names."""
        return self._count

    @classmethod
    def load(cls, path: Path) -> Credentials:
        """Read and check a credentials file; raise :class:`ConfigurationError` if it is bad."""
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise ConfigurationError(f"credentials file {path} is missing or not JSON") from None
        clients = raw.get("clients") if isinstance(raw, dict) else None
        if not isinstance(clients, list):
            raise ConfigurationError("credentials file needs a 'clients' list")
        parsed = []
        names = set()
        for i, c in enumerate(clients):
            where = f"credentials clients[{i}]"
            if not isinstance(c, dict) or not isinstance(c.get("name"), str) or not c["name"]:
                raise ConfigurationError(f"{where}: needs a name")
            if "token" in c:
                raise ConfigurationError(f"{where}: store token_sha256, never the token")
            if c["name"] in names:
                raise ConfigurationError(f"{where}: duplicate name")
            names.add(c["name"])
            try:
                roles = frozenset(Role(r) for r in c.get("roles", []))
            except ValueError:
                raise ConfigurationError(f"{where}: unknown role") from None
            if not roles:
                raise ConfigurationError(f"{where}: needs at least one role")
            token_hash = c.get("token_sha256")
            subject = c.get("tls_subject")
            if token_hash is not None and (
                not isinstance(token_hash, str) or len(token_hash) != 64
                or any(ch not in "0123456789abcdef" for ch in token_hash)
            ):
                raise ConfigurationError(f"{where}: token_sha256 must be 64 hex characters")
            if not token_hash and not subject:
                raise ConfigurationError(f"{where}: needs token_sha256 or tls_subject")
            parsed.append((Principal(c["name"], roles), token_hash, subject))
        return cls(parsed)

    def by_token(self, token: str) -> Principal:
        """The client a bearer token belongs to, or :class:`Unauthenticated`."""
        digest = hash_token(token)
        found = None
        for known, principal in self._tokens.items():  # constant-time per entry
            if hmac.compare_digest(known, digest):
                found = principal
        if found is None:
            raise Unauthenticated("invalid credentials")
        return found

    def by_subject(self, subject: str) -> Principal | None:
        """The client a verified mTLS certificate subject belongs to, if any."""
        return self._subjects.get(subject)


def authorize(principal: Principal, method: str) -> None:
    """Raise :class:`PermissionDenied` unless one of the principal's roles may call ``method``."""
    allowed = PERMISSIONS.get(method)
    if allowed is None or not (principal.roles & allowed):
        raise PermissionDenied("this client's role may not call this method")


def _read_file(path: Path, *, missing_ok: bool) -> dict[str, list[dict[str, object]]]:
    """The raw credentials file, checked as the server would check it."""
    if missing_ok and not path.exists():
        return {"clients": []}
    Credentials.load(path)  # a file the server would refuse is refused here too
    data: dict[str, list[dict[str, object]]] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _write_file(path: Path, data: dict[str, list[dict[str, object]]]) -> None:
    """Replace the file in one step, so a server re-reading it never sees half of it."""
    tmp = path.with_name(f".{path.name}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(json.dumps(data, indent=2) + "\n")
    os.replace(tmp, path)


def _entry(data: dict[str, list[dict[str, object]]], name: str) -> dict[str, object]:
    for client in data["clients"]:
        if client.get("name") == name:
            return client
    raise ConfigurationError(f"no client named {name!r}")


def add_client(path: Path, name: str, roles: list[str], tls_subject: str | None = None) -> str:
    """Add a client to a credentials file (created if missing); returns its new token.

    The token is shown once and never stored.
    """
    data = _read_file(path, missing_ok=True)
    if any(c.get("name") == name for c in data["clients"]):
        raise ConfigurationError(f"client {name!r} already exists (rotate its token with "
                                 "'credentials rotate', or revoke it first)")
    token = new_token()
    entry: dict[str, object] = {"name": name, "roles": sorted(Role(r).value for r in roles),
                                "token_sha256": hash_token(token)}
    if tls_subject:
        entry["tls_subject"] = tls_subject
    data["clients"].append(entry)
    _write_file(path, data)
    Credentials.load(path)  # refuse to leave a file the server would reject
    return token


def list_clients(path: Path) -> list[dict[str, object]]:
    """Each client's name, roles, certificate subject and whether it has a token; never a
    hash (it would let a reader test guessed tokens offline)."""
    return [{"name": c["name"], "roles": c.get("roles", []),
             "tls_subject": c.get("tls_subject", ""), "token": bool(c.get("token_sha256"))}
            for c in _read_file(path, missing_ok=False)["clients"]]


def revoke_client(path: Path, name: str) -> None:
    """Remove a client: its token and certificate subject stop working once the server
    re-reads the file."""
    data = _read_file(path, missing_ok=False)
    data["clients"].remove(_entry(data, name))
    _write_file(path, data)


def rotate_token(path: Path, name: str) -> str:
    """Give a client a new token (returned once); the old one stops working once the
    server re-reads the file."""
    data = _read_file(path, missing_ok=False)
    token = new_token()
    _entry(data, name)["token_sha256"] = hash_token(token)
    _write_file(path, data)
    return token


class CredentialsFile:
    """The credentials file a server runs with, re-read when it changes.

    ``changed()`` compares the file's inode, size and modification time (the CLI replaces
    the file, so every edit gives a new inode), and ``reload()`` swaps the clients in one
    assignment: a call sees the old set or the new one, never a mix.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.credentials = Credentials.load(path)
        self._stamp = self._current_stamp()

    def _current_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def changed(self) -> bool:
        """Whether the file differs from the one last loaded."""
        return self._current_stamp() != self._stamp

    def reload(self) -> Credentials:
        """Load the file again; on a bad file raise :class:`ConfigurationError` and keep the
        clients already loaded."""
        stamp = self._current_stamp()
        try:
            self.credentials = Credentials.load(self.path)
        finally:
            self._stamp = stamp  # a bad file is reported once, not on every check
        return self.credentials
