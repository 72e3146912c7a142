"""`grooming-risk serve` refusing to start: one line naming what to fix, and an exit code.

Every test runs the real CLI as a subprocess, as an operator would, with the
``GROOMING_RISK_*`` environment cleared so only the flags count.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import grpc
import pytest
from grpc_health.v1 import health_pb2, health_pb2_grpc

from service.server import is_loopback
from tests.security.certs import Authority
from training.loadgen import free_port

ROOT = Path(__file__).resolve().parents[2]


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GROOMING_RISK_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")]))
    return env


def _serve_argv(*args: str) -> list[str]:
    return [sys.executable, "-m", "service", "serve", *args]


def _refused(*args: str) -> tuple[int, list[str]]:
    """Run a ``serve`` that must exit on its own; its exit code and every stderr line."""
    result = subprocess.run(_serve_argv(*args), cwd=ROOT, env=_env(), capture_output=True,
                            text=True, timeout=120, check=False)
    assert "Traceback" not in result.stderr, result.stderr
    assert not result.stdout
    return result.returncode, result.stderr.splitlines()


@pytest.fixture
def running_servers() -> Iterator[list[subprocess.Popen[str]]]:
    procs: list[subprocess.Popen[str]] = []
    yield procs
    for proc in procs:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
        proc.communicate(timeout=10)


def _start_serving(procs: list[subprocess.Popen[str]], data_dir: Path) -> subprocess.Popen[str]:
    """Start ``serve`` on ``data_dir`` and wait until health says SERVING."""
    port = free_port()
    proc = subprocess.Popen(
        _serve_argv("--port", str(port), "--metrics-port", "0", "--data-dir", str(data_dir)),
        cwd=ROOT, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    procs.append(proc)
    with grpc.insecure_channel(f"127.0.0.1:{port}") as channel:
        # Block on the channel becoming ready instead of polling with sleeps.
        grpc.channel_ready_future(channel).result(timeout=60)
        stub = health_pb2_grpc.HealthStub(channel)
        watch = stub.Watch(health_pb2.HealthCheckRequest(service=""), timeout=60)
        for response in watch:
            if response.status == health_pb2.HealthCheckResponse.SERVING:
                watch.cancel()
                break
    return proc


def test_second_server_on_the_same_data_dir_refuses_to_start(
    tmp_path: Path, running_servers: list[subprocess.Popen[str]]
) -> None:
    data_dir = tmp_path / "var"
    first = _start_serving(running_servers, data_dir)

    code, lines = _refused("--port", str(free_port()), "--metrics-port", "0",
                           "--data-dir", str(data_dir))

    assert code == 1
    assert len(lines) == 1, lines
    assert str(data_dir) in lines[0] and "in use" in lines[0]
    assert f"pid {first.pid}" in lines[0]
    assert first.poll() is None, "the refused start disturbed the running server"

    # The lock dies with its holder: once the first server exits, a new one starts.
    first.send_signal(signal.SIGTERM)
    assert first.wait(timeout=30) == 0
    _start_serving(running_servers, data_dir)


# --- configuration mistakes: exit 2, checked before anything is written --------------


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "127.8.9.10", "::1", "[::1]"])
def test_loopback_hosts(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize("host", ["localhost.example.com", "127.0.0.1.nip.io", "127.evil.org",
                                  "0.0.0.0", "::", "10.1.2.3", "myhost", ""])
def test_non_loopback_hosts(host: str) -> None:
    assert not is_loopback(host)


@pytest.mark.parametrize("host", ["0.0.0.0", "localhost.example.com"])
def test_plaintext_off_loopback_is_one_line_before_any_file(tmp_path: Path, host: str) -> None:
    data_dir = tmp_path / "var"
    code, lines = _refused("--host", host, "--port", str(free_port()), "--metrics-port", "0",
                           "--data-dir", str(data_dir))
    assert code == 2
    assert lines == [f"grooming-risk serve: refusing plaintext gRPC on {host}: configure "
                     "tls_cert/tls_key (and tls_client_ca for mTLS), bind to loopback, "
                     "or pass --insecure"]
    assert not data_dir.exists(), "the data dir was created before the transport check"


def _tls_args(cert: Path, key: Path, data_dir: Path) -> tuple[str, ...]:
    return ("--port", str(free_port()), "--metrics-port", "0", "--data-dir", str(data_dir),
            "--tls-cert", str(cert), "--tls-key", str(key))


def test_missing_cert_file_is_one_line(tmp_path: Path) -> None:
    server = Authority(tmp_path).issue("localhost", server=True)
    missing = tmp_path / "nowhere.crt"
    code, lines = _refused(*_tls_args(missing, server.key, tmp_path / "var"))
    assert code == 2
    assert lines == [f"grooming-risk serve: tls_cert {missing}: No such file or directory"]
    assert not (tmp_path / "var").exists()


def test_cert_key_mismatch_is_one_line(tmp_path: Path) -> None:
    authority = Authority(tmp_path)
    one, other = authority.issue("one", server=True), authority.issue("other", server=True)
    code, lines = _refused(*_tls_args(one.cert, other.key, tmp_path / "var"))
    assert code == 2
    assert lines == [f"grooming-risk serve: tls_key {other.key} does not match tls_cert "
                     f"{one.cert}"]
    assert not (tmp_path / "var").exists()


# --- a port another process holds: exit 1, the line names the port ---------------------


@pytest.fixture
def taken_port() -> Iterator[int]:
    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        yield int(holder.getsockname()[1])


def test_grpc_port_in_use_is_one_line_naming_the_port(tmp_path: Path, taken_port: int) -> None:
    code, lines = _refused("--port", str(taken_port), "--metrics-port", "0",
                           "--data-dir", str(tmp_path / "var"))
    assert code == 1
    assert lines == [f"grooming-risk serve: port {taken_port} on 127.0.0.1 is already in use"]


def test_metrics_port_in_use_is_one_line_naming_the_port(tmp_path: Path,
                                                         taken_port: int) -> None:
    code, lines = _refused("--port", str(free_port()), "--metrics-port", str(taken_port),
                           "--data-dir", str(tmp_path / "var"))
    assert code == 1
    assert lines == [
        f"grooming-risk serve: metrics_port {taken_port} on 127.0.0.1 is already in use"]


# --- a data dir the server cannot write: exit 2, the line names the dir -------------------


@pytest.fixture
def read_only() -> Iterator[Callable[[Path], None]]:
    """Make a directory read-only, even for root (``chattr +i``); undone at teardown."""
    made: list[tuple[Path, list[str]]] = []

    def make(directory: Path) -> None:
        if os.geteuid() == 0:
            undo = ["chattr", "-i", str(directory)]
            if subprocess.run(["chattr", "+i", str(directory)], capture_output=True,
                              check=False).returncode != 0:
                pytest.skip("root, and chattr +i is not available: cannot make a dir read-only")
        else:
            directory.chmod(0o555)
            undo = ["chmod", "755", str(directory)]
        made.append((directory, undo))

    yield make
    for _directory, undo in made:
        subprocess.run(undo, check=False)


@pytest.mark.parametrize("used_before", [False, True])
def test_a_read_only_data_dir_is_one_line_naming_it(
        tmp_path: Path, read_only: Callable[[Path], None], used_before: bool,
        running_servers: list[subprocess.Popen[str]]) -> None:
    data_dir = tmp_path / "var"
    if used_before:  # the lock file and the database exist, so opening them still works
        first = _start_serving(running_servers, data_dir)
        first.send_signal(signal.SIGTERM)
        assert first.wait(timeout=30) == 0
    else:
        data_dir.mkdir()
    read_only(data_dir)
    code, lines = _refused("--port", str(free_port()), "--metrics-port", "0",
                           "--data-dir", str(data_dir))
    assert code == 2
    assert len(lines) == 1, lines
    assert lines[0].startswith("grooming-risk serve: ") and str(data_dir) in lines[0]


def test_credentials_add_with_a_name_that_exists_is_one_line(tmp_path: Path) -> None:
    creds = tmp_path / "creds.json"

    def add() -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "service", "credentials", "add", "--file",
                               str(creds), "--name", "alice", "--role", "reviewer"], cwd=ROOT,
                              env=_env(), capture_output=True, text=True, timeout=60,
                              check=False)

    assert add().returncode == 0
    before = creds.read_text(encoding="utf-8")
    again = add()
    assert again.returncode == 2 and not again.stdout
    assert again.stderr.splitlines() == [
        f"credentials add: {creds}: client 'alice' already exists (rotate its token with "
        "'credentials rotate', or revoke it first)"]
    assert creds.read_text(encoding="utf-8") == before
