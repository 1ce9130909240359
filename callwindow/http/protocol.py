"""The HTTP protocol of the workers: uvicorn's (httptools when installed, else h11) with two
additions uvicorn does not make.

- TCP_NODELAY on every accepted connection. asyncio sets it only on sockets whose `proto` is
  IPPROTO_TCP, and uvicorn's shared multi-worker socket has proto 0: with `--workers N`, every
  small response then waits for the client's delayed ACK (about 40 ms, Nagle's algorithm).
- A header-read timeout: a connection that has not sent a whole request head within
  HEADER_TIMEOUT seconds (from its first byte, or from the connection) is closed. uvicorn's
  keep-alive timeout covers only idle connections between requests, so a client trickling a
  header byte by byte would otherwise hold its connection (and a concurrency slot) for ever.
- One write per response (`OneWrite`): uvicorn writes a response's head and its body apart,
  two send(2) calls and two TCP segments for every answer.
- With `--workers N` on Linux, a listening socket per worker (`worker_sockets`), so that the
  kernel spreads the connections among the workers (SO_REUSEPORT) instead of the first awake
  accepting them all.

The timeout comes from the environment (CALLWINDOW_HEADER_TIMEOUT), because uvicorn's workers
are separate processes that import this class by name.
"""

from __future__ import annotations

import asyncio
import os
import socket
import sys
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
        # (after uvicorn's connection_made: its flow control pauses and resumes the real transport)
        self.transport = OneWrite(transport, self.loop)
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


class OneWrite(asyncio.Transport):
    """A connection's transport whose writes of one turn of the event loop leave together.
    uvicorn writes a response's head, then its body: with TCP_NODELAY each write is a send(2)
    of its own and a TCP segment of its own. This transport holds the bytes written until the
    loop's next turn and hands them over in one `writelines` (one writev with uvloop, no copy
    of the body). Measured with one worker under wrk (16 connections, the server's CPU per
    request from /proc, medians of 3 runs, load ~1.5): GET /v1/check 97-105 -> 88-90 us, the
    hello-world 18.5 -> 14.7 us. The bytes keep their order; close() sends what is held first;
    abort() drops it, as the real transport drops its buffer. The loop's thread only (as every
    ASGI send)."""

    def __init__(self, transport: asyncio.Transport, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._transport, self._loop = transport, loop
        self._held: list[bytes | bytearray | memoryview] = []

    def write(self, data: bytes | bytearray | memoryview) -> None:
        if not self._held:
            self._loop.call_soon(self._send)
        self._held.append(data)

    def writelines(self, list_of_data: Any) -> None:
        for data in list_of_data:
            self.write(data)

    def _send(self) -> None:
        held, self._held = self._held, []
        if held and not self._transport.is_closing():  # (a connection gone meanwhile: nothing to send to)
            self._transport.writelines(held)

    def close(self) -> None:
        self._send()
        self._transport.close()

    def abort(self) -> None:
        self._held = []
        self._transport.abort()

    def write_eof(self) -> None:
        self._send()
        self._transport.write_eof()

    def can_write_eof(self) -> bool:
        return self._transport.can_write_eof()

    def is_closing(self) -> bool:
        return self._transport.is_closing()

    def get_extra_info(self, name: str, default: Any = None) -> Any:
        return self._transport.get_extra_info(name, default)

    def set_protocol(self, protocol: asyncio.BaseProtocol) -> None:
        self._transport.set_protocol(protocol)

    def get_protocol(self) -> asyncio.BaseProtocol:
        return self._transport.get_protocol()

    def is_reading(self) -> bool:
        return self._transport.is_reading()

    def pause_reading(self) -> None:
        self._transport.pause_reading()

    def resume_reading(self) -> None:
        self._transport.resume_reading()

    def get_write_buffer_size(self) -> int:
        return self._transport.get_write_buffer_size() + sum(len(data) for data in self._held)

    def get_write_buffer_limits(self) -> tuple[int, int]:
        return self._transport.get_write_buffer_limits()

    def set_write_buffer_limits(self, high: int | None = None, low: int | None = None) -> None:
        self._transport.set_write_buffer_limits(high, low)


# Linux spreads the connections of a port among the listening sockets that share it (other
# systems' SO_REUSEPORT gives them all to one socket).
REUSE_PORT = sys.platform.startswith("linux") and hasattr(socket, "SO_REUSEPORT")


def worker_sockets(sockets: list[socket.socket]) -> list[socket.socket]:
    """The sockets uvicorn's supervisor hands its workers, one listening socket per worker.
    uvicorn binds one socket and every worker accepts on it: the first awake accepts every
    connection of a burst (wrk's 16 at once), and a row of the benchmark ran on one worker -
    half the machine - in one run out of two. Each TCP socket here is replaced by a
    `WorkerSocket` bound to the same address with SO_REUSEPORT, which each worker, as it
    starts, rebinds as its own socket (below); the kernel then gives each new connection to one
    of the workers' sockets by a hash of its addresses. The supervisor's socket is bound, never
    listening: it holds the port (a port in use fails here, at start) and takes no connection.
    Where REUSE_PORT is off, the sockets are given back unchanged."""
    if not REUSE_PORT:
        return sockets
    shared: list[socket.socket] = []
    for sock in sockets:
        if sock.family not in (socket.AF_INET, socket.AF_INET6):
            shared.append(sock)
            continue
        family, address = sock.family, sock.getsockname()
        sock.close()  # (uvicorn's, bound without SO_REUSEPORT: the port's sockets must all have it)
        shared.append(WorkerSocket.bound(family, address))
    return shared


class WorkerSocket(socket.socket):
    """A bound SO_REUSEPORT socket that a worker process receives as a socket of its own: the
    supervisor pickles its workers' sockets to start them (multiprocessing's spawn), and this
    one is unpickled as a new socket bound to the same address, where multiprocessing's own
    reducer would give every worker a duplicate of the one socket."""

    @classmethod
    def bound(cls, family: int, address: Any) -> WorkerSocket:
        sock = cls(family, socket.SOCK_STREAM)
        _share_port(sock, address)
        return sock

    def __reduce_ex__(self, protocol: Any) -> Any:
        return _own_socket, (self.family, self.getsockname())


def _own_socket(family: int, address: Any) -> socket.socket:
    """A worker's own socket, bound to the supervisor's address (uvicorn listens on it)."""
    sock = socket.socket(family, socket.SOCK_STREAM)
    _share_port(sock, address)
    return sock


def _share_port(sock: socket.socket, address: Any) -> None:
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEPORT, 1)
    sock.bind(address)
