"""SIGTERM and SIGINT during a run: finish the chunk being decided, write it, then stop with a
summary that says so (the rows already read are all written; nothing is cut mid-row).

The first signal only asks to stop; the run looks at it after each chunk. While the run waits
for input (a pipe that is slow to deliver) there is nothing to finish, so it stops at once. A
second signal stops at once wherever the run is (KeyboardInterrupt), as a user pressing Ctrl-C
twice expects; `--resume` then starts again from the last complete chunk.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType
from typing import TypeVar

Item = TypeVar("Item")
SIGNALS = (signal.SIGINT, signal.SIGTERM)


class Interrupted(Exception):
    """A stop asked while the run was waiting for input: nothing half done."""


class StopRequest:
    """Whether a signal asked the run to stop, and which."""

    def __init__(self) -> None:
        self.signal: int | None = None
        self.waiting = False  # the run is waiting for the next row

    @property
    def requested(self) -> bool:
        return self.signal is not None

    def name(self) -> str:
        return signal.Signals(self.signal).name if self.signal is not None else ""

    def exit_status(self) -> int:
        return 128 + (self.signal or signal.SIGINT)  # the shell's convention: 130, 143

    def handle(self, signum: int, frame: FrameType | None) -> None:
        if self.signal is not None:
            raise KeyboardInterrupt
        self.signal = signum
        if self.waiting:
            raise Interrupted

    @contextmanager
    def installed(self) -> Iterator[StopRequest]:
        """Catch the signals for the duration of the run (only the main thread can)."""
        if threading.current_thread() is not threading.main_thread():
            yield self
            return
        previous = {number: signal.getsignal(number) for number in SIGNALS}
        for number in SIGNALS:
            signal.signal(number, self.handle)
        try:
            yield self
        finally:
            for number, handler in previous.items():
                signal.signal(number, handler)

    def watched(self, items: Iterator[Item]) -> Iterator[Item]:
        """`items`, marking the time spent waiting for each as a moment a signal may stop at once."""
        while True:
            self.waiting = True
            if self.signal is not None:
                raise Interrupted
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                self.waiting = False
            yield item
