"""Credentials are managed while the server runs: list, revoke and rotate with the CLI,
and a running ``serve`` re-reads the file on SIGHUP and when the file changes."""

from __future__ import annotations

import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest

from service.api.grooming_risk.v1 import review_pb2, review_pb2_grpc

ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _cli(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "service", *map(str, args)], cwd=ROOT,
                          env=_env(), capture_output=True, text=True, timeout=60, check=False)


def _token(result: subprocess.CompletedProcess[str]) -> str:
    assert result.returncode == 0, result.stderr
    return str(json.loads(result.stdout)["token"])


class Served:
    """A ``serve`` process and its JSON log events, read as they come."""

    def __init__(self, creds: Path, data_dir: Path) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "service", "serve", "--port", str(self.port),
             "--metrics-port", "0", "--data-dir", str(data_dir), "--credentials-file",
             str(creds)], cwd=ROOT, env=_env(), stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE, text=True)
        self.events: queue.Queue[dict[str, object]] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        self.wait_for("serving")
        self.channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            try:
                self.events.put(json.loads(line))
            except ValueError:
                self.events.put({"event": "unparsed", "line": line})

    def wait_for(self, event: str) -> dict[str, object]:
        """The next log event named ``event`` (blocks on the log, never on a timer)."""
        while True:
            logged = self.events.get(timeout=60)
            if logged["event"] == event:
                return logged

    def list_cases(self, token: str) -> grpc.StatusCode:
        try:
            review_pb2_grpc.ReviewServiceStub(self.channel).ListCases(
                review_pb2.ListCasesRequest(), metadata=(("authorization", f"Bearer {token}"),),
                timeout=10)
        except grpc.RpcError as err:
            return err.code()  # type: ignore[no-any-return]
        return grpc.StatusCode.OK

    def stop(self) -> None:
        self.channel.close()
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)


@pytest.fixture
def creds(tmp_path: Path) -> Path:
    return tmp_path / "creds.json"


@pytest.fixture
def served(creds: Path, tmp_path: Path) -> Iterator[tuple[Served, dict[str, str]]]:
    tokens = {name: _token(_cli("credentials", "add", "--file", creds, "--name", name,
                                "--role", "reviewer"))
              for name in ("alice", "bob")}
    server = Served(creds, tmp_path / "var")
    try:
        yield server, tokens
    finally:
        server.stop()


def test_a_revoked_token_is_refused_after_sighup(served: tuple[Served, dict[str, str]],
                                                 creds: Path) -> None:
    server, tokens = served
    assert server.list_cases(tokens["alice"]) is grpc.StatusCode.OK
    revoked = _cli("credentials", "revoke", "alice", "--file", creds)
    assert revoked.returncode == 0, revoked.stderr
    server.proc.send_signal(signal.SIGHUP)
    reloaded = server.wait_for("credentials_reloaded")
    assert reloaded["clients"] == 1
    assert server.list_cases(tokens["alice"]) is grpc.StatusCode.UNAUTHENTICATED
    assert server.list_cases(tokens["bob"]) is grpc.StatusCode.OK


def test_a_rotated_token_works_and_the_old_one_does_not_once_the_file_changed(
        served: tuple[Served, dict[str, str]], creds: Path) -> None:
    server, tokens = served
    new = _token(_cli("credentials", "rotate", "bob", "--file", creds))
    assert new != tokens["bob"]
    # No signal: the server notices the file changed.
    assert server.wait_for("credentials_reloaded")["trigger"] == "file_changed"
    assert server.list_cases(new) is grpc.StatusCode.OK
    assert server.list_cases(tokens["bob"]) is grpc.StatusCode.UNAUTHENTICATED
    assert server.list_cases(tokens["alice"]) is grpc.StatusCode.OK


def test_a_broken_file_is_refused_and_the_loaded_clients_keep_working(
        served: tuple[Served, dict[str, str]], creds: Path) -> None:
    server, tokens = served
    creds.write_text('{"clients": [', encoding="utf-8")
    server.proc.send_signal(signal.SIGHUP)
    refused = server.wait_for("credentials_reload_refused")
    assert "not JSON" in str(refused["problem"])
    assert server.list_cases(tokens["alice"]) is grpc.StatusCode.OK


def test_list_shows_names_and_roles_never_hashes(creds: Path) -> None:
    _token(_cli("credentials", "add", "--file", creds, "--name", "alice", "--role", "reviewer"))
    _token(_cli("credentials", "add", "--file", creds, "--name", "platform-a", "--role",
                "platform", "--tls-subject", "CN=platform-a"))
    listed = _cli("credentials", "list", "--file", creds)
    assert listed.returncode == 0, listed.stderr
    rows = [json.loads(line) for line in listed.stdout.splitlines()]
    assert rows == [
        {"name": "alice", "roles": ["reviewer"], "tls_subject": "", "token": True},
        {"name": "platform-a", "roles": ["platform"], "tls_subject": "CN=platform-a",
         "token": True}]
    hashes = [c["token_sha256"] for c in json.loads(creds.read_text())["clients"]]
    assert not any(h in listed.stdout for h in hashes)
    table = _cli("credentials", "list", "--file", creds, "--format", "table").stdout
    assert table.splitlines()[0].split() == ["name", "roles", "tls_subject", "token"]
    assert not any(h in table for h in hashes)


def test_unknown_names_and_files_are_one_line_exit_2(creds: Path, tmp_path: Path) -> None:
    _token(_cli("credentials", "add", "--file", creds, "--name", "alice", "--role", "reviewer"))
    for command in (("revoke", "nobody"), ("rotate", "nobody")):
        result = _cli("credentials", *command, "--file", creds)
        assert result.returncode == 2 and "Traceback" not in result.stderr
        assert result.stderr.splitlines() == [
            f"credentials {command[0]}: {creds}: no client named 'nobody'"]
    missing = tmp_path / "missing.json"
    result = _cli("credentials", "list", "--file", missing)
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"credentials list: credentials file {missing} is missing or not JSON"]
