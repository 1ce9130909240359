"""Writing a list: one writer per output format (CSV, JSON lines, the table for people), each
turning an input row and its outcome into output text."""

from __future__ import annotations

import abc
import csv
import json
import re
from collections import Counter
from datetime import datetime, timedelta

from ..render import BLOCK_SHORT, block_word
from .columns import normalise_name
from .outcome import DECISION_COLUMNS, Outcome, iso
from .reader import Row, field_text

FORMATS = ("csv", "jsonl", "table")
# OWASP's CSV injection rule: a cell starting with one of these may be run as a formula by a
# spreadsheet, so it is written with a leading ' (shown, never evaluated). With their full-width
# forms (＝＋－＠), which spreadsheets in East Asian locales read as the ASCII ones...
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
# ...except a plain signed number or phone number (`+1 212 555 0123`, `-5`): no formula in it.
PLAIN_NUMBER = re.compile(r"[+-][\d\s().\-/]*\d[\d\s().\-/]*")


def neutralise(value: str) -> str:
    """A cell a spreadsheet will not take for a formula (see FORMULA_STARTS)."""
    if value and value[0] in FORMULA_STARTS and PLAIN_NUMBER.fullmatch(value) is None:
        return "'" + value
    return value


class Writer(abc.ABC):
    """The output of one run: the input columns (those an earlier run's decision columns do not
    replace) followed by the decision columns."""

    def __init__(self, header: list[str]) -> None:
        self.header = header
        replaced = set(DECISION_COLUMNS)
        self.keep = [index for index, name in enumerate(header) if name not in replaced]
        self.columns = [header[index] for index in self.keep] + list(DECISION_COLUMNS)

    def header_text(self) -> str:
        """What comes before the first row ("" when the format has no header)."""
        return ""

    @abc.abstractmethod
    def render(self, row: Row, outcome: Outcome) -> str:
        """The output text of one row, its line end included."""

    def notes(self) -> list[str]:
        """What the summary should say about the output (values it could not hold)."""
        return []


class Collector:
    """A file for csv.writer whose write() appends to a list."""

    def __init__(self, records: list[str]) -> None:
        self.write = records.append


class CsvWriter(Writer):
    """One CSV record per row, with the input's separator. The input's cells are neutralised
    (see neutralise) unless `raw_cells`; the decision columns are the list's own and written as
    they are."""

    def __init__(self, header: list[str], delimiter: str, raw_cells: bool = False) -> None:
        super().__init__(header)
        self.raw_cells = raw_cells
        # csv.writer writes each record with one call of .write: straight into a list, taken
        # back at once (cheaper than a StringIO emptied per row).
        self.records: list[str] = []
        self.writer = csv.writer(Collector(self.records), delimiter=delimiter, lineterminator="\n")
        # csv quotes a field holding the line terminator ("\n") but not a bare "\r", which every
        # reader takes for a line break: a record with one is written with every field quoted.
        self.quoting_writer = csv.writer(Collector(self.records), delimiter=delimiter, lineterminator="\n",
                                         quoting=csv.QUOTE_ALL)
        self.header_keys = set(header)
        self.dropped_keys: Counter[str] = Counter()

    def header_text(self) -> str:
        kept = [self.header[index] for index in self.keep]
        return self.render_fields(self.safe(kept) + list(DECISION_COLUMNS))

    def safe(self, fields: list[str]) -> list[str]:
        if self.raw_cells:
            return fields
        return [neutralise(value) if value and value[0] in FORMULA_STARTS else value for value in fields]

    def render_fields(self, fields: list[str]) -> str:
        self.writer.writerow(fields)
        text = self.records.pop()
        if "\r" in text:
            self.quoting_writer.writerow(fields)
            text = self.records.pop()
        return text

    def render(self, row: Row, outcome: Outcome) -> str:
        values = row.values
        if isinstance(values, dict):
            # A JSON object with keys the first one lacked: the CSV has no column for them.
            self.dropped_keys.update(key for key in values
                                     if key not in self.header_keys and key not in DECISION_COLUMNS)
            fields = [field_text(values.get(self.header[index])) for index in self.keep]
        elif values is None:
            fields = [""] * len(self.keep)
            if row.raw is not None and self.keep:
                fields[0] = row.raw
        else:
            padded = list(values) + [""] * (len(self.header) - len(values))
            fields = [padded[index] for index in self.keep]
        return self.render_fields(self.safe(fields) + outcome.csv_values(row.encoding))

    def notes(self) -> list[str]:
        if not self.dropped_keys:
            return []
        return ["keys missing from the first JSON object are not in the CSV output: "
                + ", ".join(sorted(self.dropped_keys)) + " (use --format jsonl to keep them)"]


class JsonLinesWriter(Writer):
    """One JSON object per line: the input's keys (a CSV's columns), then the decision fields."""

    def __init__(self, header: list[str]) -> None:
        super().__init__(header)
        # JSON keys for CSV columns: a repeated column name gets a suffix (name_2) so no value is lost.
        self.json_keys: list[str] = []
        taken: set[str] = set()  # a set: a header thousands of columns wide stays linear
        for name in header:
            key, number = name, 1
            while key in taken:
                number += 1
                key = f"{name}_{number}"
            taken.add(key)
            self.json_keys.append(key)

    def render(self, row: Row, outcome: Outcome) -> str:
        values = row.values
        if isinstance(values, dict):
            record = dict(values)
        elif values is None:
            record = {"raw": row.raw} if row.raw is not None else {}
        else:
            record = {key: values[index] for index, key in enumerate(self.json_keys) if index < len(values)}
        record.update(outcome.values(row.encoding))
        return json.dumps(record, ensure_ascii=False) + "\n"


TABLE = "{:>5}  {:<18}  {:<16}  {:<9}  {:<16}  {:<30}  {}"
WHO_WIDTH, NUMBER_WIDTH = 18, 16  # the table's "who" and "number" columns (longer text is cut)
VERDICTS = {"call": "CALL", "sms": "TEXT", "defer": "WAIT"}  # a block: its cause's word (render.block_word)


class TableWriter(Writer):
    """A line for people: who, the verdict, their time, the window, why."""

    def __init__(self, header: list[str], phone: int) -> None:
        super().__init__(header)
        # "who": the first column with "name" in its header, else the first that is not the phone.
        named = [index for index, name in enumerate(header) if "name" in normalise_name(name) and index != phone]
        others = [index for index in range(len(header)) if index != phone]
        self.who_index: int | None = named[0] if named else others[0] if others else None
        self.who_key = header[self.who_index] if self.who_index is not None else None

    def header_text(self) -> str:
        return TABLE.format("line", "who", "number", "action", "their time", "window", "why") + "\n"

    def render(self, row: Row, outcome: Outcome) -> str:
        values = row.values
        who = ""
        if isinstance(values, dict):
            who = field_text(values.get(self.who_key)) if self.who_key is not None else ""
        elif values is not None and self.who_index is not None and self.who_index < len(values):
            who = values[self.who_index]
        decision = outcome.decision
        if decision is None:
            return TABLE.format(outcome.line, cut(who, WHO_WIDTH), cut(outcome.number_text, NUMBER_WIDTH), "ERROR",
                                "", "", outcome.error or "").rstrip() + "\n"
        local = decision.local_time
        their = f"{local:%a %d %b %H:%M}" if local is not None else ""
        at = decision.at
        if decision.allowed and decision.window_closes_at:
            window = f"until {their_clock(decision.window_closes_at, local)} ({span(decision.window_closes_at - at)})"
        elif decision.allowed:
            window = "open"
        elif decision.next_allowed_at:
            window = (f"opens {their_clock(decision.next_allowed_at, local)} "
                      f"(in {span(decision.next_allowed_at - at)})")
        else:
            window = "none"
        verdict = VERDICTS.get(decision.action) or BLOCK_SHORT[block_word(decision.reason_codes)]
        if decision.allowed and decision.channel == "sms":
            verdict = "TEXT"
        why = " ".join(decision.reason_codes)
        return TABLE.format(outcome.line, cut(who, WHO_WIDTH), cut(decision.number, NUMBER_WIDTH), verdict, their,
                            window, why).rstrip() + "\n"


def writer_for(fmt: str, header: list[str], delimiter: str, phone: int, raw_cells: bool = False) -> Writer:
    """The writer of an output format (one of FORMATS)."""
    if fmt == "csv":
        return CsvWriter(header, delimiter, raw_cells)
    if fmt == "jsonl":
        return JsonLinesWriter(header)
    return TableWriter(header, phone)


def cut(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


def their_clock(moment: datetime, local: datetime | None) -> str:
    """Their wall clock: `11:57` the same day, else `Wed 08:00`."""
    if local is None:
        return iso(moment) or ""
    there = moment.astimezone(local.tzinfo)
    return f"{there:%H:%M}" if there.date() == local.date() else f"{there:%a %H:%M}"


def span(wait: timedelta) -> str:
    from ..render import format_duration

    return format_duration(wait)
