"""``grooming-risk console``: build the console, run it until SIGTERM or SIGINT."""

from __future__ import annotations

import ipaddress
import logging
import signal
import threading
from types import FrameType

import grpc

from service.client import open_channel
from service.config import Settings
from service.console.app import ConsoleApp
from service.console.http import ConsoleHTTPServer, make_handler, tls_context
from service.errors import ConfigurationError, ResourceInUse
from service.observability import configure_logging, log_event

log = logging.getLogger("grooming_risk.console")


def grpc_target(settings: Settings) -> str:
    """The gRPC server the console calls: ``console_target``, else this server's address."""
    if settings.console_target:
        return settings.console_target
    host = settings.host
    try:
        if ipaddress.ip_address(host.strip("[]")).is_unspecified:  # bound to every address
            host = "127.0.0.1"
    except ValueError:  # a name
        pass
    return f"{host}:{settings.port}"


class Console:
    """A running console: the HTTP server, its gRPC channel, and the sessions."""

    def __init__(self, settings: Settings) -> None:
        from service.server import is_loopback

        self.settings = settings
        secure = settings.console_tls_cert is not None
        if not secure and not is_loopback(settings.console_host):
            if not settings.insecure:
                raise ConfigurationError(
                    f"refusing plain HTTP on {settings.console_host}: configure "
                    "console_tls_cert/console_tls_key, bind to loopback, or pass --insecure")
            log_event(log, "insecure_transport", logging.WARNING, host=settings.console_host,
                      hint="plain HTTP console on a non-loopback address")
        for name in ("console_target_ca", "console_target_cert", "console_target_key",
                     "console_tls_cert", "console_tls_key"):
            path = getattr(settings, name)
            if path is not None and not path.is_file():
                raise ConfigurationError(f"{name} {path}: no such file")
        self.channel: grpc.Channel = open_channel(
            grpc_target(settings), ca=settings.console_target_ca,
            cert=settings.console_target_cert, key=settings.console_target_key)
        self.app = ConsoleApp(settings, self.channel)
        try:
            self.httpd = ConsoleHTTPServer((settings.console_host, settings.console_port),
                                           make_handler(self.app, secure))
        except OSError as err:
            self.channel.close()
            raise ResourceInUse(f"console_port {settings.console_port} on "
                                f"{settings.console_host} cannot be bound") from err
        if secure:
            assert settings.console_tls_cert is not None and settings.console_tls_key is not None
            try:
                context = tls_context(settings.console_tls_cert, settings.console_tls_key)
            except (OSError, ValueError) as err:
                self.httpd.server_close()
                self.channel.close()
                raise ConfigurationError(f"console_tls_cert/console_tls_key: {err}") from err
            self.httpd.socket = context.wrap_socket(self.httpd.socket, server_side=True)
        self._thread: threading.Thread | None = None

    @property
    def port(self) -> int:
        """The bound port (the real one when ``console_port`` is 0)."""
        return int(self.httpd.server_address[1])

    @property
    def url(self) -> str:
        """Where a browser reaches the console."""
        scheme = "https" if self.settings.console_tls_cert else "http"
        return f"{scheme}://{self.settings.console_host}:{self.port}"

    def start(self) -> None:
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self.httpd.serve_forever, name="console",
                                        daemon=True)
        self._thread.start()
        log_event(log, "console_listening", port=self.port,
                  tls=self.settings.console_tls_cert is not None,
                  target=grpc_target(self.settings))

    def stop(self) -> None:
        """Stop serving; every session ends with the process."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self.channel.close()
        log_event(log, "console_stopped", sessions=len(self.app.sessions))


def run_console(settings: Settings) -> int:
    """Run the console until SIGTERM or SIGINT."""
    configure_logging(settings.log_level)
    console = Console(settings)
    console.start()
    done = threading.Event()

    def on_term(signum: int, _frame: FrameType | None) -> None:
        log_event(log, "signal", signal=signal.Signals(signum).name)
        done.set()

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)
    done.wait()
    console.stop()
    return 0
