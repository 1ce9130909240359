"""The HTTP protocol of the workers: uvicorn's (httptools when installed, else h11) with two
additions uvicorn does not make.

- TCP_NODELAY on every accepted connection. asyncio sets it only on sockets whose `proto` is
  IPPROTO_TCP, and uvicorn's shared multi-worker socket has proto 0: with `--workers N`, every
  small response then waits for the client's delayed ACK (about 40 ms, Nagle's algorithm).
- A header-read timeout: a connection that has not sent a whole request head within
  HEADER_TIMEOUT seconds (from its first byte, or from the connection) is closed. uvicorn's
  keep-alive timeout covers only idle connections between requests, so a client trickling a
  header byte by byte would otherwise hold its connection (and a concurrency slot) for ever.

The timeout comes from the environment (CALLWINDOW_HEADER_TIMEOUT), because uvicorn's workers
are separate processes that import this class by name.
"""

from __future__ import annotations

import asyncio
import os
import socket
from typing import Any

try:  # the fast parser, from uvicorn[standard]
    from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol as _Base
except ImportError:  # pragma: no cover - depends on the installed extra
    from uvicorn.protocols.http.h11_impl import H11Protocol as _Base  # type: ignore[assignment]

ENV_HEADER_TIMEOUT = "CALLWINDOW_HEADER_TIMEOUT"
HEADER_TIMEOUT = 10.0


def header_timeout() -> float:
    """Seconds a client has to send a request head (CALLWINDOW_HEADER_TIMEOUT, default 10)."""
    try:
        value = float(os.environ.get(ENV_HEADER_TIMEOUT, HEADER_TIMEOUT))
    except ValueError:
        return HEADER_TIMEOUT
    return value if value > 0 else HEADER_TIMEOUT


class Protocol(_Base):
    """uvicorn's HTTP protocol with TCP_NODELAY and the header-read timeout."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_timeout = header_timeout()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._arm()

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self._awaiting_head():
            if self._head_timer is None:
                self._arm()
        else:
            self._disarm()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)

    def _awaiting_head(self) -> bool:
        """No request is being handled: the next bytes are (part of) a request head."""
        cycle = self.cycle
        return cycle is None or bool(cycle.response_complete)

    def _arm(self) -> None:
        self._disarm()
        self._head_timer = self.loop.call_later(self._head_timeout, self._head_too_slow)

    def _disarm(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_too_slow(self) -> None:
        self._head_timer = None
        if self._awaiting_head() and not self.transport.is_closing():
            self.transport.close()
