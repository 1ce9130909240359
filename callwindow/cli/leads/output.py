"""Where a run's rows go, so that an interrupted run never looks finished and never destroys an
earlier output: `-o FILE` is written to `FILE.part` beside it and renamed to FILE only when the
run is complete. After each chunk the rows written so far are recorded in `FILE.part.json`
(rows, bytes, and what the run was: input, instant, format), so `--resume` truncates the part
file to the last complete chunk and goes on from the next row. A run killed with SIGKILL leaves
FILE as it was and a `.part` file that says what it is.

Stdout cannot be renamed: it is written as the rows come (and is what a pipe wants).
"""

from __future__ import annotations

import io
import json
import os
import sys
from dataclasses import asdict, dataclass
from typing import IO

from . import ListError

PART_SUFFIX = ".part"
STATE_SUFFIX = ".part.json"
STATE_VERSION = 1


@dataclass(frozen=True)
class RunState:
    """What a run to a file had done at its last checkpoint."""

    input: str  # absolute path
    input_size: int
    input_mtime_ns: int
    at: str  # the run's instant, ISO 8601 UTC: a resumed run decides at the same one
    format: str
    rows: int  # rows of the input written to the part file
    bytes: int  # the part file's length after them
    version: int = STATE_VERSION


def input_identity(path: str) -> tuple[str, int, int]:
    info = os.stat(path)
    return os.path.abspath(path), info.st_size, info.st_mtime_ns


def load_state(target: str) -> RunState:
    """The state an interrupted run to `target` left, or a ListError saying why there is none."""
    path = target + STATE_SUFFIX
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
        state = RunState(**data)
    except FileNotFoundError:
        raise ListError(f"nothing to resume: no {path} (the run to {target} finished, or never started)") from None
    except (OSError, ValueError, TypeError) as error:
        raise ListError(f"cannot resume from {path}: {error}") from None
    if state.version != STATE_VERSION or not os.path.exists(target + PART_SUFFIX):
        raise ListError(f"cannot resume: {target + PART_SUFFIX} is missing or from another version")
    return state


class Output:
    """The text stream the rows are written to: stdout, or FILE.part until commit()."""

    def __init__(self, target: str | None, encoding: str, resume: RunState | None = None) -> None:
        self.target = target if target not in (None, "-") else None
        self.stream: IO[str]
        self.binary: IO[bytes] | None = None
        self.state: RunState | None = resume
        if self.target is None:
            self.stream = sys.stdout
            return
        self.part = self.target + PART_SUFFIX
        try:
            if resume is not None:
                self.binary = open(self.part, "r+b")
                self.binary.truncate(resume.bytes)  # what came after the last checkpoint is written again
                self.binary.seek(resume.bytes)
            else:
                if os.path.exists(self.part + ".json"):  # an earlier interrupted run's: not this one's
                    os.remove(self.part + ".json")
                self.binary = open(self.part, "wb")
        except OSError as error:
            raise ListError(f"cannot write {self.part}: {error.strerror or error}") from None
        # utf-8-sig writes its BOM only at the start of the file, not when appending.
        self.stream = io.TextIOWrapper(self.binary, encoding=encoding, newline="", write_through=False)

    @property
    def to_file(self) -> bool:
        return self.target is not None

    def checkpoint(self, state: RunState) -> None:
        """Every row up to state.rows is in the part file: record it (atomically) for --resume."""
        if self.binary is None:
            self.stream.flush()
            return
        self.stream.flush()
        state = RunState(**{**asdict(state), "bytes": self.binary.tell()})
        path = self.part + ".json"
        temporary = path + ".tmp"
        with open(temporary, "w", encoding="utf-8") as handle:
            json.dump(asdict(state), handle)
        os.replace(temporary, path)
        self.state = state

    def commit(self) -> None:
        """The run is complete: the part file becomes the target (one rename), the state goes."""
        self.stream.flush()
        if self.binary is None:
            return
        os.fsync(self.binary.fileno())
        self.stream.close()
        os.replace(self.part, self.target or "")
        for leftover in (self.part + ".json", self.part + ".json.tmp"):
            if os.path.exists(leftover):
                os.remove(leftover)

    def abandon(self, keep: bool) -> None:
        """The run stopped early: close the part file, kept for --resume (`keep`) or removed."""
        if self.binary is None:
            try:
                self.stream.flush()
            except (BrokenPipeError, ValueError):
                pass
            return
        try:
            self.stream.close()
        except OSError:
            pass
        if not keep:
            for leftover in (self.part, self.part + ".json"):
                if os.path.exists(leftover):
                    os.remove(leftover)
