"""The summary of a run (counts by action and reason, duplicates, rejected rows by line) and the
progress bar, both on stderr."""

from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field

from .decoding import Progress
from .outcome import Outcome

SHOW_REJECTED = 20  # rejected rows listed by line in the summary; all are in the output
SHOW_DUPLICATES = 5
REFRESH_SECONDS = 0.2  # the progress bar is redrawn at most this often
BAR_WIDTH = 30


@dataclass
class Summary:
    """What a run did, for the summary on stderr."""

    source: str
    encoding: str
    delimiter: str | None
    columns: str
    started: float = field(default_factory=time.monotonic)
    rows: int = 0
    actions: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    rejected: list[tuple[int, str, str]] = field(default_factory=list)
    rejected_count: int = 0
    duplicates: int = 0
    duplicate_lines: list[tuple[int, int]] = field(default_factory=list)
    seen: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    unused: list[tuple[int, str]] = field(default_factory=list)  # (line, why) of hints not used (issue 15)
    unused_count: int = 0  # rows with a hint not used
    read: int = 0  # rows the reader gave (after the header), counted as they are handed to deciding
    written: int = 0  # rows written to the output, counted at the writing
    resumed: int = 0  # rows an earlier, interrupted run had written (--resume)
    dropped: int = 0  # rows decided but not written because an interrupted --plan writes nothing
    stopped: str | None = None  # the line saying why the run stopped early
    history: str | None = None  # what the rows read of the history store when there was none (never silent)

    def balanced(self) -> bool:
        """Every row read is in the output exactly once: decided, or rejected."""
        decided = self.rows - self.rejected_count
        return self.read == self.written + self.dropped == decided + self.rejected_count

    def accounting(self) -> str:
        decided = self.rows - self.rejected_count
        text = f"  rows: {self.read} read = {decided} decided + {self.rejected_count} rejected, {self.written} written"
        if self.dropped:
            text += f" ({self.dropped} not written: an interrupted plan writes nothing)"
        if not self.balanced():
            text += " - THESE DIFFER: rows were lost; please report"
        if self.resumed:
            text += f" (after the {self.resumed} rows the interrupted run had written)"
        return text

    def add(self, outcome: Outcome) -> None:
        self.rows += 1
        decision = outcome.decision
        if decision is None:
            self.rejected_count += 1
            if len(self.rejected) < SHOW_REJECTED:
                self.rejected.append((outcome.line, outcome.number_text, outcome.error or ""))
            return
        self.actions[decision.action] += 1
        self.reasons.update(decision.reason_codes)
        if outcome.unused_hints:
            self.unused_count += 1
            if len(self.unused) < SHOW_REJECTED:
                self.unused.extend((outcome.line, why) for why in outcome.unused_hints)
        first = self.seen.setdefault(decision.number, outcome.line)
        if first != outcome.line:
            self.duplicates += 1
            if len(self.duplicate_lines) < SHOW_DUPLICATES:
                self.duplicate_lines.append((outcome.line, first))

    def render(self, channel: str, plan: bool) -> str:
        elapsed = max(time.monotonic() - self.started, 1e-9)
        how = self.encoding + (f", {delimiter_name(self.delimiter)} separated" if self.delimiter else ", JSON lines")
        lines = [f"can-i-call list: {self.rows} row{'' if self.rows == 1 else 's'} from {self.source} ({how})"
                 f" in {elapsed:.2f} s"
                 f" ({self.rows / elapsed:,.0f} rows/s)"]
        if self.columns:
            lines.append(f"  columns: {self.columns}")
        if self.history:
            lines.append(f"  history: {self.history}")
        order = ["call", "sms", "defer", "block"]
        counted = [f"{action} {self.actions[action]}" for action in order if self.actions[action]]
        if self.rejected_count:
            counted.append(f"rejected {self.rejected_count}")
        lines.append(f"  by action: {', '.join(counted) or 'none'}")
        lines.append(self.accounting())
        if channel == "call" and self.actions["sms"]:
            lines.append("    (sms: a call is not allowed now, a text is - text instead)")
        if self.reasons:
            lines.append("  by reason: " + ", ".join(f"{code} {count}" for code, count in self.reasons.most_common()))
        if self.duplicates:
            shown = ", ".join(f"line {line} = line {first}" for line, first in self.duplicate_lines)
            unshown = self.duplicates - len(self.duplicate_lines)
            more = f", and {unshown} more" if unshown > 0 else ""
            rows = "row repeats" if self.duplicates == 1 else "rows repeat"
            lines.append(f"  duplicates: {self.duplicates} {rows} an earlier number, each decided ({shown}{more})")
        if self.rejected_count:
            rows = "row" if self.rejected_count == 1 else "rows"
            lines.append(f"  rejected: {self.rejected_count} {rows}, written with the error column filled:")
            for line, number, error in self.rejected:
                shown_number = repr(number) if len(number) <= 40 else repr(number[:37] + "...")
                lines.append(f"    line {line}: {shown_number}: {error}")
            if self.rejected_count > len(self.rejected):
                lines.append(f"    ... and {self.rejected_count - len(self.rejected)} more (see the error column)")
        if self.unused_count:
            rows = "row" if self.unused_count == 1 else "rows"
            lines.append(f"  hints not used: {self.unused_count} {rows} decided without a hint they could not read "
                         "(reason hint_unused):")
            lines.extend(f"    line {line}: {why}" for line, why in self.unused)
            listed = len({line for line, _why in self.unused})
            if self.unused_count > listed:
                lines.append(f"    ... and {self.unused_count - listed} more (see the reason_codes column)")
        lines.extend(f"  note: {note}" for note in self.notes)
        if plan:
            lines.append("  order: callable now (soonest closing first), then by next window, then no window, "
                         "then rejected")
        if self.stopped:
            lines.append(f"  {self.stopped}")
        return "\n".join(lines)


def delimiter_name(delimiter: str) -> str:
    return {",": "comma", ";": "semicolon", "\t": "tab", "|": "pipe"}.get(delimiter, repr(delimiter))


class ProgressBar:
    """rows done, rate and (for a file of known size) percent, on stderr."""

    def __init__(self, progress: Progress, enabled: bool) -> None:
        self.progress = progress
        self.enabled = enabled
        self.started = time.monotonic()
        self.shown = 0.0

    def update(self, rows: int) -> None:
        if not self.enabled:
            return
        now = time.monotonic()
        if now - self.shown < REFRESH_SECONDS:
            return
        self.shown = now
        rate = rows / max(now - self.started, 1e-9)
        total = self.progress.total
        if total:
            fraction = min(1.0, self.progress.position() / total)
            filled = int(fraction * BAR_WIDTH)
            bar = "#" * filled + "." * (BAR_WIDTH - filled)
            text = f"\r  [{bar}] {fraction:4.0%}  {rows:,} rows  {rate:,.0f} rows/s"
        else:
            text = f"\r  {rows:,} rows  {rate:,.0f} rows/s"
        sys.stderr.write(text)
        sys.stderr.flush()

    def close(self) -> None:
        if self.enabled and self.shown:
            sys.stderr.write("\r\033[K")
            sys.stderr.flush()

