"""Reading do-not-call list files: the national registries' formats and the generic ones.

    parsed = read_list(Path("tps.txt"), "gb-tps")      # ParsedList: E.164 digits, bad lines, skips
    store.import_suppression_list(found, parsed.numbers)

Each named format knows its country (every number is normalised to E.164 with it), the
jurisdiction the list binds, the channels it covers and how old a download its law allows,
with the page that describes the format. Where a registry's file layout is not public (it is
behind the subscriber's account), the format accepts the documented generic shape and says so
in its `layout` text. Not legal advice: the ages and channels are read from the registries'
public pages (cited), check them for your use.

Parsing is a loop of string operations per line (phonenumbers only for the generic formats'
national numbers), so that a 10,000,000-line download is read in seconds; the numbers are
kept as integers (the E.164 digits) in an `array('q')`: 8 bytes a number.

A line that is not a number is counted and the first few are kept with their line numbers
(`bad`, `bad_examples`); lines that are not entries (a header, an entry for another channel)
are counted in `skipped` by what they were. No line is dropped without being counted.

Wash results (`au-dncr`, `fr-bloctel`, `es-robinson`: you submit numbers, the register answers
which are registered) also keep the numbers found clear (`clear`): a wash row marked "not
registered", and the submitted numbers the result does not list (`read_submitted`). A number
of the result's country in neither was never washed (the check refuses it: not_washed).
"""

from __future__ import annotations

import csv
import io
import re
import sys
from array import array
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

import phonenumbers

from ..errors import InvalidInput
from ..model import Channel

_np: Any
try:  # the vectorised path for NANP downloads (the batch and test extras install numpy)
    import numpy as _np
except ImportError:  # pragma: no cover
    _np = None

BAD_EXAMPLES = 5  # how many bad lines are kept (with their line numbers) for the report
_SEPARATORS = str.maketrans("", "", " -.()/\t\"'\r\n")
_NANP_SEPARATORS = str.maketrans("", "", " -.()/\t\"'\r\n,+")
_E164 = re.compile(r"\+[1-9][0-9]{6,14}")
_DELIMITERS = ",;\t|"

# Wash results (Australia) and channel columns (Spain): the words a row's cell may hold.
REGISTERED = frozenset({"registered", "yes", "y", "true", "1", "on register", "listed", "do not call", "dnc"})
NOT_REGISTERED = frozenset({"not registered", "no", "n", "false", "0", "not listed", "clear", "not on register",
                            "unregistered"})
TELEPHONE = frozenset({"telefono", "teléfono", "telephone", "phone", "llamada", "llamadas", "call", "calls",
                       "voz", "voice", "tel", "telefonía", "telefonia"})
NUMBER_HEADERS = ("phone", "phone number", "phone_number", "number", "telephone", "telephone number", "telefono",
                  "teléfono", "numero", "número", "msisdn", "tel", "mobile", "movil", "móvil")
STATUS_HEADERS = ("status", "result", "registered", "register status", "dncr status", "wash result", "outcome")
CHANNEL_HEADERS = ("canal", "channel", "medio", "tipo", "tipo de canal", "type")


@dataclass
class ParsedList:
    """A list file read: its numbers (E.164 digits as integers, as read: duplicates kept),
    the lines read, the bad ones (count and the first few with line numbers) and the lines
    skipped for a stated reason (reason -> count)."""

    numbers: array[int] = field(default_factory=lambda: array("q"))
    lines: int = 0
    bad: int = 0
    bad_examples: list[tuple[int, str]] = field(default_factory=list)
    skipped: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)  # entries kept with a note (an unknown status)
    clear: array[int] = field(default_factory=lambda: array("q"))  # a wash result's "not registered" rows

    def reject(self, line: int, text: str) -> None:
        self.bad += 1
        if len(self.bad_examples) < BAD_EXAMPLES:
            self.bad_examples.append((line, text[:40]))

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1

    def keep(self, why: str) -> None:
        self.kept[why] = self.kept.get(why, 0) + 1


# ---------------------------------------------------------------- one entry -> E.164 digits


def nanp(text: str) -> int | None:
    """A North American number (the FTC's and the CRTC's downloads: "AAA,NNNNNNN" or ten
    digits, a leading 1 or +1 allowed) as E.164 digits; None unless the area code and the
    exchange start with 2-9 (NANP numbering)."""
    digits = text.translate(_NANP_SEPARATORS)  # (the hot loop of a 10,000,000-line download)
    if len(digits) == 11 and digits[0] == "1":
        digits = digits[1:]
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit() or digits[0] < "2" or digits[3] < "2":
        return None
    return 10_000_000_000 + int(digits)


@dataclass(frozen=True)
class NationalPlan:
    """How one country writes its numbers nationally: the country code, the trunk prefix
    (None: none, as in Spain), the lengths and first digits of the national significant number."""

    country_code: str
    trunk: str | None
    lengths: frozenset[int]
    first_digits: str

    def parse(self, text: str) -> int | None:
        digits = text.translate(_SEPARATORS)
        code = self.country_code
        if digits.startswith("+"):
            if not digits.startswith("+" + code):
                return None  # another country's number on this country's list
            digits = digits[1 + len(code):]
        elif digits.startswith("00" + code):
            digits = digits[2 + len(code):]
        elif self.trunk is not None and digits.startswith(self.trunk):
            digits = digits[len(self.trunk):]
        elif digits.startswith(code) and len(digits) - len(code) in self.lengths:
            digits = digits[len(code):]  # written with the country code but no + (33612345678)
        if not digits.isascii() or not digits.isdigit() or len(digits) not in self.lengths \
                or digits[0] not in self.first_digits:
            return None
        return int(code + digits)


# National significant numbers: the ITU-T national numbering plans as phonenumbers' metadata
# holds them (GB 9-10 digits, FR 9, AU 9, ES 9; first digits of geographic, mobile and
# non-geographic numbers).
GB = NationalPlan("44", "0", frozenset({9, 10}), "123578")
FR = NationalPlan("33", "0", frozenset({9}), "123456789")
AU = NationalPlan("61", "0", frozenset({9}), "23478")
ES = NationalPlan("34", None, frozenset({9}), "6789")


def generic(region: str | None) -> Callable[[str], int | None]:
    """An entry in E.164, or - with `region` - written nationally (phonenumbers parses it)."""
    def parse(text: str) -> int | None:
        plain = text.translate(_SEPARATORS)
        if _E164.fullmatch(plain):
            return int(plain[1:])
        if region is None:
            return None
        try:
            parsed = phonenumbers.parse(text, region)
        except phonenumbers.NumberParseException:
            return None
        if not phonenumbers.is_possible_number(parsed):
            return None
        return int(phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)[1:])

    return parse


# ---------------------------------------------------------------- the formats


@dataclass(frozen=True)
class ListFormat:
    """A list file's format: `shape` "lines" (one entry per line, the first field of a
    delimited line) or "csv" (a header, then rows); `country` of its numbers (None: E.164, or
    --region); `max_age_days`: how old a download its law allows (None: not known, the
    importer must be told); `layout`: what the file looks like and where that is documented."""

    name: str
    shape: str
    country: str | None
    channels: frozenset[Channel]
    max_age_days: int | None
    layout: str
    source: str
    column_kind: str = ""  # csv: "status" (a wash result) or "channel" (a per-channel register)
    registry: bool = False  # a national register (an established business relationship may lift it)
    wash: bool = False  # a wash result: the numbers submitted and not listed are clear; others were never washed


_BOTH = frozenset(Channel)
_CALLS = frozenset({Channel.CALL})

FORMATS: dict[str, ListFormat] = {item.name: item for item in (
    ListFormat("lines", "lines", None, _BOTH, None,
               "one number per line: E.164, or national with --region", ""),
    ListFormat("csv", "csv", None, _BOTH, None,
               "a CSV file with a header: the number column (--column, default: a phone-like header, else the "
               "first)", ""),
    # 16 CFR 310.4(b)(3)(iv) (TSR) and 47 CFR 64.1200(c)(2)(i)(D) (TCPA): a download at most 31 days old.
    ListFormat("us-dnc", "lines", "US", _BOTH, 31,
               "the FTC National DNC Registry's flat-text download: \"AAA,NNNNNNN\" per line (or ten digits), "
               "one file per area code", "https://telemarketing.donotcall.gov/", registry=True),
    # CRTC Unsolicited Telecommunications Rules, Part II s. 6: 31 days.
    ListFormat("ca-dncl", "lines", "CA", _BOTH, 31,
               "the CRTC National DNCL's flat-text download: one three-digit area code and seven-digit number "
               "per line, comma-separated (\"416,1234567\")", "https://crtc.gc.ca/eng/phone/telemarketing/format.htm",
               registry=True),
    # TPS / CTPS: the licence terms require screening against a copy at most 28 days old.
    ListFormat("gb-tps", "lines", "GB", _BOTH, 28,
               "the TPS / CTPS full download: one number per line in national format with its leading 0, "
               "\"0207 3787244\" (dialling code, a space, the rest) or without the space, padded to 12 "
               "characters, CR LF; a header line is skipped",
               "http://corporate.mpsonline.org.uk/shared/technical_desc.asp?context=CTPS", registry=True),
    # Do Not Call Register Act 2006 s. 11(2)(a): a wash result protects a call for 30 days.
    ListFormat("au-dncr", "csv", "AU", _BOTH, 30,
               "a DNCR wash result as CSV: a number column and a status column; rows whose status says registered "
               "suppress, \"not registered\" rows are kept as washed and clear (the register's exact columns are "
               "behind the subscriber's account: any header naming the number and the status is read)",
               "https://www.donotcall.gov.au/industry/industry-overview/", "status", registry=True, wash=True),
    # Bloctel: a returned file is valid 30 days (pro.bloctel.gouv.fr FAQ); Bloctel covers calls, not texts.
    ListFormat("fr-bloctel", "lines", "FR", _CALLS, 30,
               "the numbers Bloctel returns as registered (to remove from the campaign): one French number per "
               "line, national (\"01 42 68 53 00\") or +33, the first field of a ';'- or ','-delimited line; the "
               "returned file's exact layout is behind the professional's account; --submitted names the file of "
               "numbers sent to be washed", "https://pro.bloctel.gouv.fr/faq", registry=True, wash=True),
    # Lista Robinson (LOPDGDD art. 23): no maximum age is published: give --max-age-days.
    ListFormat("es-robinson", "csv", "ES", _CALLS, None,
               "a Lista Robinson result as CSV: a number column and a channel column; only telephone (call) "
               "entries suppress (SMS, e-mail and post entries are counted and skipped); Adigital's exact "
               "columns are behind the subscriber's account; --submitted names the file of numbers sent to be "
               "washed", "https://www.listarobinson.es/", "channel", registry=True, wash=True),
)}


def parser_for(form: ListFormat, region: str | None) -> Callable[[str], int | None]:
    """The entry parser of a format: its country's plan, or the generic one with `region`."""
    by_country: dict[str, Callable[[str], int | None]] = {
        "US": nanp, "CA": nanp, "GB": GB.parse, "FR": FR.parse, "AU": AU.parse, "ES": ES.parse,
    }
    if form.country is not None:
        return by_country[form.country]
    return generic(region.upper() if region else None)


def read_list(source: Path | TextIO, format_name: str, *, region: str | None = None,
              column: str | None = None, status_column: str | None = None) -> ParsedList:
    """Read a list file (a path, or an open text stream) in `format_name` (FORMATS)."""
    form = FORMATS.get(format_name)
    if form is None:
        raise InvalidInput(f"unknown list format {format_name!r}: expected one of {', '.join(FORMATS)}")
    parse = parser_for(form, region)
    stream: TextIO = source.open(encoding="utf-8", errors="replace", newline="") if isinstance(source, Path) \
        else source
    with stream:
        if form.shape == "lines" and parse is nanp and _np is not None:
            return _read_nanp(stream)
        if form.shape == "lines":
            return _read_lines(stream, parse)
        return _read_csv(stream, parse, form, column, status_column)


def _read_lines(stream: Iterable[str], parse: Callable[[str], int | None], start: int = 1,
                out: ParsedList | None = None) -> ParsedList:
    """Read lines numbered from `start` into `out` (a new ParsedList by default)."""
    out = out if out is not None else ParsedList()
    append = out.numbers.append
    line = start - 1
    for line, text in enumerate(stream, start=start):
        value = parse(text)  # the whole line first: the common case costs one call
        if value is not None:
            append(value)
            continue
        entry = text.strip()
        if not entry:
            out.skip("empty lines")
            continue
        for separator in ";\t,":  # "number;name...": the first field
            if separator in entry:
                value = parse(entry.split(separator, 1)[0])
                if value is not None:
                    break
        if value is not None:
            append(value)
        elif line == 1 and not any(c.isdigit() for c in entry):
            out.skip("header")
        else:
            out.reject(line, entry)
    out.lines = line
    return out


_NANP_KEEP_NEWLINES = str.maketrans("", "", " -.()/\t\"',+\r")
_CHUNK_LINES = 1 << 18  # 262,144 lines: ~40 MB of transient arrays per chunk
_POWERS = [10**power for power in range(9, -1, -1)]


def _read_nanp(stream: TextIO, chunk_lines: int = _CHUNK_LINES) -> ParsedList:
    """_read_lines(stream, nanp), a chunk of lines at a time on arrays: a chunk whose every line is
    ten digits after the separators go (an FTC or CRTC download) is converted at once; any other
    chunk is read line by line (with its line numbers), as _read_lines does."""
    out = ParsedList()
    powers = _np.asarray(_POWERS, dtype=_np.int64)
    first = 1
    while True:
        lines = list(islice(stream, chunk_lines))
        if not lines:
            break
        packed = "".join(lines).translate(_NANP_KEEP_NEWLINES).encode("ascii", "replace")
        if not packed.endswith(b"\n"):
            packed += b"\n"
        count = len(lines)
        converted = False
        if len(packed) == count * 11:
            grid = _np.frombuffer(packed, dtype=_np.uint8).reshape(count, 11)
            digits = grid[:, :10] - _np.uint8(48)  # (a byte below "0" wraps past 9)
            if (grid[:, 10] == 10).all() and (digits <= 9).all() and (digits[:, 0] >= 2).all() \
                    and (digits[:, 3] >= 2).all():
                values = digits.astype(_np.int64) @ powers + 10_000_000_000
                out.numbers.frombytes(values.astype("<i8" if sys.byteorder == "little" else ">i8").tobytes())
                converted = True
        if not converted:
            _read_lines(lines, nanp, first, out)
        first += count
    out.lines = first - 1
    return out


def _header_index(header: list[str], wanted: str | None, names: Iterable[str]) -> int | None:
    folded = [cell.strip().lower() for cell in header]
    if wanted is not None:
        if wanted.strip().lower() not in folded:
            raise InvalidInput(f"no column {wanted!r} (columns: {', '.join(header)})")
        return folded.index(wanted.strip().lower())
    for name in names:
        if name in folded:
            return folded.index(name)
    return None


def _read_csv(stream: TextIO, parse: Callable[[str], int | None], form: ListFormat, column: str | None,
              status_column: str | None) -> ParsedList:
    out = ParsedList()
    first = stream.readline()
    delimiter = max(_DELIMITERS, key=first.count) if any(d in first for d in _DELIMITERS) else ","
    rows: Iterator[list[str]] = csv.reader(_chain(first, stream), delimiter=delimiter)
    header = next(rows, [])
    number_at = _header_index(header, column, NUMBER_HEADERS)
    if number_at is None:
        if any(parse(cell) is not None for cell in header):
            raise InvalidInput("the file has no header row (its first row is a number): a CSV list needs one; "
                               "use --format lines for one number per line")
        number_at = 0
    kind_at = None
    if form.column_kind:
        names = STATUS_HEADERS if form.column_kind == "status" else CHANNEL_HEADERS
        kind_at = _header_index(header, status_column, names)
        if kind_at is None:
            raise InvalidInput(f"{form.name}: no {form.column_kind} column found (columns: {', '.join(header)}); "
                               f"name it with --{form.column_kind}-column")
    numbers = out.numbers
    line = 1
    for line, row in enumerate(rows, start=2):
        if not row or not any(cell.strip() for cell in row):
            out.skip("empty lines")
            continue
        cell = row[number_at] if number_at < len(row) else ""
        value = parse(cell)
        if value is None:
            out.reject(line, delimiter.join(row))
            continue
        if kind_at is not None:
            word = (row[kind_at] if kind_at < len(row) else "").strip().lower()
            if form.column_kind == "status":
                if word in NOT_REGISTERED:
                    out.clear.append(value)
                    out.keep("not registered: washed and clear")
                    continue
                if word not in REGISTERED:
                    out.keep(f"status {word or '(empty)'!r} not known: kept on the list (the stricter reading)")
            elif word not in TELEPHONE:
                out.skip(f"entries for another channel ({word or 'none'})")
                continue
        numbers.append(value)
    out.lines = line
    return out


def read_submitted(source: Path | TextIO, format_name: str, *, region: str | None = None) -> ParsedList:
    """The numbers submitted to a wash (one per line, the first field of a delimited line; a
    header line skipped), read in the wash format's country: those the result does not list
    as registered were washed and found clear."""
    form = FORMATS.get(format_name)
    if form is None or not form.wash:
        raise InvalidInput(f"--submitted goes with a wash result's format ({', '.join(wash_formats())}), "
                           f"not {format_name!r}")
    stream: TextIO = source.open(encoding="utf-8", errors="replace", newline="") if isinstance(source, Path) \
        else source
    with stream:
        return _read_lines(stream, parser_for(form, region))


def wash_formats() -> tuple[str, ...]:
    return tuple(name for name, form in FORMATS.items() if form.wash)


def _chain(first: str, stream: TextIO) -> Iterator[str]:
    yield first
    yield from stream


def from_text(text: str, format_name: str, **options: str | None) -> ParsedList:
    """read_list over a string (tests, small lists)."""
    return read_list(io.StringIO(text), format_name, **options)
