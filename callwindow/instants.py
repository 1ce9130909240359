"""Reading instants given by people and programs (pendulum's ISO 8601 parser)."""

from __future__ import annotations

from datetime import UTC, datetime

from .errors import InvalidInput

# The instants callwindow decides at: rule data, calendars and the 31-day look-ahead are
# meaningful (and the time-zone arithmetic is exact) well inside this range; outside it a
# question is refused, never answered from an overflowing clock.
FIRST = datetime(1970, 1, 1, tzinfo=UTC)
END = datetime(2100, 1, 1, tzinfo=UTC)  # exclusive


def parse_instant(value: str | datetime | None) -> datetime:
    """An aware UTC datetime from an aware datetime, an ISO 8601 string with an
    offset or Z, or None (now). Naive times are refused: whose 09:00 would it be?
    So are instants outside [FIRST, END) and offsets of a day or more."""
    if value is None:
        return datetime.now(UTC)
    text = value if type(value) is str else None
    if text is not None:
        known = _read.get(text)
        if known is not None:
            return known
    try:
        quick = _quick(text) if text is not None else None
        found = quick if quick is not None else _parse(value)
    except (ValueError, OverflowError) as error:
        if isinstance(error, InvalidInput):
            raise
        problem = "its offset is a day or more" if "offset" in str(error) else str(error)
        raise InvalidInput(f"instant {value!r} cannot be read: {problem}") from None
    if not FIRST <= found < END:
        raise InvalidInput(f"instant {found.isoformat().replace('+00:00', 'Z')} is outside the supported range "
                           f"{FIRST:%Y-%m-%d} to {END.year - 1}-12-31 (UTC)")
    if text is not None and quick is not None:
        if len(_read) >= READ_CACHE_SIZE:
            _read.clear()
        _read[text] = found
    return found


# Instants given as text and read lately: a batch asks many questions at one instant, a caller
# polls at the same few. Only texts datetime.fromisoformat reads with an offset (no clock is
# involved: the same text is always the same instant; a datetime is immutable, so one is shared).
# Bounded: cleared when full (a get, a set or a clear is atomic among threads).
READ_CACHE_SIZE = 4096
_read: dict[str, datetime] = {}


def _quick(text: str) -> datetime | None:
    """The common extended form (2026-03-08T14:30:00Z), read by datetime alone; None otherwise."""
    text = text.strip()
    try:
        quick = datetime.fromisoformat(text)
    except ValueError:
        return None
    return quick.astimezone(UTC) if quick.tzinfo is not None and "T" in text.upper() else None


def _parse(value: str | datetime) -> datetime:
    if isinstance(value, datetime):
        if value.tzinfo is None or value.utcoffset() is None:
            raise InvalidInput(f"instant {value.isoformat()} has no time zone offset: add one (e.g. Z or +01:00)")
        return value.astimezone(UTC)
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput("instant is empty: expected ISO 8601 like 2026-03-08T14:30:00Z")
    text = value.strip()
    quick = _quick(text)  # the common extended form, fast; pendulum reads the rest of ISO 8601
    if quick is not None:
        return quick
    import pendulum  # only for the forms datetime cannot read: a single check never pays its import

    try:
        parsed = pendulum.parse(text, strict=True, exact=True)
    except (ValueError, TypeError, pendulum.parsing.exceptions.ParserError):
        raise InvalidInput(f"malformed instant {value!r}: expected ISO 8601 like 2026-03-08T14:30:00Z") from None
    if not isinstance(parsed, datetime):
        raise InvalidInput(f"{value!r} is not a date and time: expected ISO 8601 like 2026-03-08T14:30:00Z")
    if not _has_offset(text):
        raise InvalidInput(f"instant {value!r} has no offset: add Z or +HH:MM (whose local time would it be?)")
    return datetime.fromtimestamp(parsed.timestamp(), UTC)


def _has_offset(text: str) -> bool:
    time_part = text.upper().split("T", 1)[-1] if "T" in text.upper() else text.split(" ", 1)[-1]
    return time_part.endswith("Z") or "+" in time_part or "-" in time_part
