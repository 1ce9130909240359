"""Ingest once: every distinct (number, hints) resolved once into compact ids.

Rows -> subscriber ids (int32, -1 for a bad row) -> profile ids. A *profile* is
what the compiled policy context depends on: (zones, places, region,
subdivision); every subscriber of a profile shares the same timelines, so the
decision step works on profiles, never on numbers.
"""

from __future__ import annotations

import gc
import math
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, cast

import numpy as np

from .. import clock
from .. import numbers as _numbers
from ..calendars import HOLIDAYS_VERSION
from ..errors import InvalidInput, InvalidRegion, InvalidZone
from ..kernel import facts
from ..kernel.facts import BIT, CODES
from ..model import ReasonCode, Subscriber
from ..numbers import PHONENUMBERS_VERSION
from ..request import checked_default_zone, with_default_zone
from . import _fastresolve

__all__ = ["BIT", "CODES", "Ingested", "ingest"]  # BIT, CODES: the kernel's reason masks, re-exported

_MISSING = "phone number is missing"


@dataclass
class Ingested:
    """A resolved contact list.

    Per row: `subscriber` (int32 index into the subscriber table, -1 for a bad
    row) and `errors` (row -> message). Per subscriber (distinct resolved
    number + hints): `subscribers` (the Subscriber values, exactly what
    numbers.resolve returns), `profile` (int32), `static_mask` (reason-code
    bits every decision for it carries: hint conflicts, several zones, unknown
    calendar). Per profile: `profiles` (a representative Subscriber) and
    `placeable` (False: no region or no zone, always block)."""

    subscriber: np.ndarray
    errors: dict[int, str]
    subscribers: list[Subscriber]
    profile: np.ndarray
    static_mask: np.ndarray
    profiles: list[Subscriber]
    placeable: np.ndarray
    versions: Mapping[str, str]
    stats: dict[str, float] = field(default_factory=dict)

    def __len__(self) -> int:
        return int(self.subscriber.shape[0])

    @property
    def n_rows(self) -> int:
        return len(self)

    @property
    def bad_rows(self) -> np.ndarray:
        """Row indices that could not be resolved (see `errors`)."""
        return np.flatnonzero(self.subscriber < 0)

    def take(self, rows: np.ndarray | Sequence[int]) -> Ingested:
        """The list made of these rows (in this order, repeats allowed), sharing
        the subscriber and profile tables: no number is resolved again."""
        picked = np.asarray(rows, dtype=np.int64)
        errors = {}
        if self.errors:
            for position in np.flatnonzero(self.subscriber[picked] < 0).tolist():
                errors[position] = self.errors[int(picked[position])]
        taken = Ingested(
            subscriber=self.subscriber[picked], errors=errors, subscribers=self.subscribers, profile=self.profile,
            static_mask=self.static_mask, profiles=self.profiles, placeable=self.placeable, versions=self.versions,
            stats={"rows": float(picked.shape[0])},
        )
        if "_coded" in self.__dict__:
            taken.__dict__["_coded"] = self.__dict__["_coded"]
        return taken

    def subscriber_of(self, row: int) -> Subscriber | None:
        index = int(self.subscriber[row])
        return self.subscribers[index] if index >= 0 else None

    def column(self, name: str) -> np.ndarray:
        """A per-row object column of a subscriber field: number (E.164), region,
        subdivision, number_type, zones (space separated), places (space
        separated). None for bad rows and empty fields."""
        codes, categories = self.coded(name)
        values = np.array([*categories, None], dtype=object)
        if not codes.shape[0]:
            return np.full(len(self), None, dtype=object)
        row_codes = codes[np.maximum(self.subscriber, 0)]
        return values[np.where(self.subscriber >= 0, row_codes, len(categories))]

    def coded(self, name: str) -> tuple[np.ndarray, list[str]]:
        """(per-subscriber int32 codes, -1 for None/empty; distinct values) of a field."""
        cache: dict[str, tuple[np.ndarray, list[str]]] = self.__dict__.setdefault("_coded", {})
        found = cache.get(name)
        if found is None:
            if name in ("region", "subdivision", "zones", "places"):
                # fields of the profile: encode the profiles, then hand the codes to the subscribers
                codes, categories = _encode([_field(profile, name) for profile in self.profiles])
                found = (codes[self.profile] if self.profile.shape[0] else codes, categories)
            elif name == "number" and len({s.number for s in self.subscribers}) == len(self.subscribers):
                found = (np.arange(len(self.subscribers), dtype=np.int32), [s.number for s in self.subscribers])
            else:
                found = _encode([_field(subscriber, name) for subscriber in self.subscribers])
            cache[name] = found
        return found

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state.pop("_coded", None)
        return state


def _field(subscriber: Subscriber, name: str) -> str | None:
    value = getattr(subscriber, name)
    if name in ("zones", "places"):
        value = " ".join(value)
    return value or None


def _encode(values: list[str | None]) -> tuple[np.ndarray, list[str]]:
    index: dict[str, int] = {}
    codes = np.empty(len(values), dtype=np.int32)
    for position, value in enumerate(values):
        if value is None:
            codes[position] = -1
            continue
        code = index.get(value)
        if code is None:
            code = index[value] = len(index)
        codes[position] = code
    return codes, list(index)


def _is_missing(value: object) -> bool:
    if type(value) is str:
        return False
    if value is None:
        return True
    if isinstance(value, float) and math.isnan(value):
        return True
    return type(value).__name__ in ("NAType", "NaTType")


def _per_row(value: object, size: int, name: str) -> list[Any] | None:
    """None (no value), or a per-row list for a sequence of `size` values.
    A scalar is returned as None here and handled by the caller."""
    if value is None or isinstance(value, str):
        return None
    values = _to_list(value)
    if len(values) != size:
        raise InvalidInput(f"{name}: expected one value per row ({size}), got {len(values)}")
    return [None if _is_missing(item) or (isinstance(item, str) and not item.strip()) else item for item in values]


def _to_list(values: object) -> list[Any]:
    """A plain list from a list, tuple, numpy array, pandas Series/Index or Arrow array."""
    if isinstance(values, list):
        return values
    to_pylist = getattr(values, "to_pylist", None)  # pyarrow: Array.to_pylist() is a list
    if to_pylist is not None:
        return cast("list[Any]", to_pylist())
    tolist = getattr(values, "tolist", None)  # numpy, pandas: tolist() of an array or a Series is a list
    if tolist is not None:
        return cast("list[Any]", tolist())
    # a tuple or another iterable (list() raises TypeError for anything else)
    return list(cast("Iterable[Any]", values))


def _factorize(values: object) -> tuple[np.ndarray, list[Any]]:
    """(codes per row, distinct values): codes -1 for missing values."""
    module = type(values).__module__.split(".")[0]
    if module == "pyarrow":
        import pyarrow as pa
        import pyarrow.compute as pc

        arrow: Any = values  # pyarrow is untyped
        array = arrow.combine_chunks() if isinstance(arrow, pa.ChunkedArray) else arrow
        if pa.types.is_string(array.type) or pa.types.is_large_string(array.type):
            encoded = pc.dictionary_encode(array)
            codes = encoded.indices.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)
            return codes, encoded.dictionary.to_pylist()
        values = array.to_pylist()
        module = "builtins"
    if module == "pandas" or (isinstance(values, np.ndarray) and values.dtype == object and len(values) > 50_000):
        import pandas as pd

        # any pandas object or an object ndarray: the stubs' overloads want one typed array kind
        codes, uniques = pd.factorize(values, use_na_sentinel=True)  # type: ignore[call-overload]
        return np.asarray(codes, dtype=np.int64), list(uniques)
    items = _to_list(values)
    # the distinct values in order of first appearance, then every row's code in one C loop (map)
    index: dict[Any, int] = {item: code for code, item in enumerate(dict.fromkeys(items))}
    uniques = list(index)
    codes = np.fromiter(map(index.__getitem__, items), dtype=np.int64, count=len(items))
    missing = [] if set(map(type, uniques)) <= {str} else [
        position for position, item in enumerate(uniques) if _is_missing(item)]  # (a text is never missing)
    if missing:  # None, NaN, pd.NA, NaT: code -1, not a distinct value
        keep = np.ones(len(uniques), dtype=bool)
        keep[missing] = False
        renumber = np.where(keep, np.cumsum(keep) - 1, -1)
        codes = renumber[codes] if codes.shape[0] else codes
        uniques = [item for item, kept in zip(uniques, keep.tolist(), strict=True) if kept]
    return codes, uniques


def ingest(
    numbers: Iterable[Any],
    *,
    default_region: str | Sequence[str | None] | None = None,
    zone: str | Sequence[str | None] | None = None,
    region: str | Sequence[str | None] | None = None,
    subdivision: str | Sequence[str | None] | None = None,
    postal_code: str | Sequence[str | None] | None = None,
    default_zone: str | None = None,
    fast: bool = True,
    unread_hints: str = "note",
) -> Ingested:
    """Resolve a list of numbers (any iterable, numpy array, pandas Series or
    Arrow array) once per distinct (number, hints).

    Each hint (`default_region`, `zone`, `region`, `subdivision`,
    `postal_code`) is None, one value for every row, or a sequence with one
    value per row (None/NaN/"" = no hint). A row whose number or hints are bad
    gets subscriber -1 and its error message in `errors` (the message
    numbers.resolve gives); the other rows are resolved. `default_zone`: the zone
    numbers with no location of their own are read in (request.with_default_zone,
    as the single check reads it; one value for every row).

    `fast`: use the E.164 fast path (see _fastresolve) where it applies; the
    result is the same Subscriber as numbers.resolve.

    `unread_hints`: "note" (a list's rule, issue 15): a hint that cannot be read (a postcode of
    a country without a postcode table, an unknown zone...) is left out of that row, which is
    resolved without it and carries a hint_unused note (numbers.readable_hints); "reject": the
    row is bad, as a single check's error (the HTTP service's batch items)."""
    if unread_hints not in ("note", "reject"):
        raise InvalidInput(f"unread_hints must be 'note' or 'reject', not {unread_hints!r}")
    started = time.perf_counter()
    array_module = type(numbers).__module__.split(".")[0]
    if not isinstance(numbers, (list, tuple, np.ndarray)) and array_module not in ("pandas", "pyarrow"):
        numbers = list(numbers)
    size = len(numbers)  # type: ignore[arg-type]  # a list, tuple, ndarray, pandas or Arrow object: all sized
    hint_values = {
        "default_region": default_region, "zone": zone, "region": region,
        "subdivision": subdivision, "postal_code": postal_code,
    }
    scalars: dict[str, Any] = {}
    per_row: dict[str, list[Any]] = {}
    for name, value in hint_values.items():
        rows = _per_row(value, size, name)
        if rows is None:
            scalars[name] = value if (isinstance(value, str) and value.strip()) else None
        else:
            per_row[name] = rows
    if scalars.get("default_region") is not None:
        _numbers.normalise_region(scalars["default_region"])  # a bad scalar is a usage error: raise now
    resolver = _fastresolve.shared() if fast else None
    fallback = checked_default_zone(default_zone)  # checked once: a bad zone is a usage error, as for a check

    if per_row:
        # Distinct (number, hints...) tuples.
        number_list = _to_list(numbers)
        names = list(per_row)
        keys: dict[tuple[Any, ...], int] = {}
        codes_list: list[int] = []
        distinct: list[tuple[Any, ...]] = []
        for row in range(size):
            number = number_list[row]
            if _is_missing(number):
                codes_list.append(-1)
                continue
            key = (number, *(per_row[name][row] for name in names))
            found = keys.get(key)
            if found is None:
                found = keys[key] = len(distinct)
                distinct.append(key)
            codes_list.append(found)
        codes = np.asarray(codes_list, dtype=np.int64)
    else:
        names = []
        codes, distinct = _factorize(numbers)
    factorized = time.perf_counter()

    subscribers: list[Subscriber] = []
    distinct_ids = np.empty(len(distinct), dtype=np.int32)
    distinct_errors: dict[int, str] = {}
    fast_resolve = resolver.resolve if (resolver is not None and resolver.enabled) else None
    collecting = gc.isenabled()
    gc.disable()  # a million new small objects would trigger full collections over and over
    try:
        if not names and not any(value is not None for value in scalars.values()) and fast_resolve is not None:
            fast_hits = _resolve_plain(distinct, fast_resolve, subscribers, distinct_ids, distinct_errors, fallback)
        else:
            national = (resolver.resolve_national if resolver is not None and resolver.enabled
                        and resolver.national_enabled else None)
            fast_hits = _resolve_hinted(distinct, names, scalars, per_row, fast_resolve, national, subscribers,
                                        distinct_ids, distinct_errors, fallback, unread_hints == "note")
    finally:
        if collecting:
            gc.enable()
    resolved = time.perf_counter()

    row_ids = np.where(codes >= 0, distinct_ids[np.maximum(codes, 0)] if len(distinct) else -1, -1).astype(np.int32)
    errors: dict[int, str] = {}
    if distinct_errors or (codes < 0).any():
        bad_distinct = np.zeros(len(distinct) + 1, dtype=bool)
        for position in distinct_errors:
            bad_distinct[position] = True
        for bad_row in np.flatnonzero((codes < 0) | bad_distinct[codes]):
            code = int(codes[bad_row])
            errors[int(bad_row)] = _MISSING if code < 0 else distinct_errors[code]

    profiles, profile, static_mask, placeable = _profiles(subscribers)
    finished = time.perf_counter()
    return Ingested(
        subscriber=row_ids,
        errors=errors,
        subscribers=subscribers,
        profile=profile,
        static_mask=static_mask,
        profiles=profiles,
        placeable=placeable,
        versions=ingest_versions(),
        stats={
            "rows": float(size),
            "distinct": float(len(distinct)),
            "subscribers": float(len(subscribers)),
            "fast_path": float(fast_hits),
            "bad_rows": float(len(errors)),
            "seconds_factorize": factorized - started,
            "seconds_resolve": resolved - factorized,
            "seconds": finished - started,
        },
    )


# Numbers resolved without hints by earlier small calls (an HTTP service's batches, which ask
# about the same leads again and again): without hints a Subscriber is a function of the text
# alone, as numbers.resolve's own memo assumes. Bulk lists (more than MEMO_CALL_LIMIT distinct
# numbers) neither read nor fill it: they would only churn it.
_memo: dict[str, Subscriber] = {}
MEMO_CALL_LIMIT = 10_000
_MEMO_SIZE = 200_000


def _resolve_plain(distinct: list[Any], fast_resolve: Any, subscribers: list[Subscriber], ids: np.ndarray,
                   errors: dict[int, str], default_zone: str | None = None) -> int:
    """Numbers without hints. Without hints a Subscriber is a function of the
    E.164 number alone, so two spellings of one number share one id."""
    index: dict[str, int] = {}
    resolve = _numbers.resolve
    hits = 0
    memo = _memo if len(distinct) <= MEMO_CALL_LIMIT else None
    if memo is not None and len(memo) > _MEMO_SIZE:
        memo.clear()
    for position, number in enumerate(distinct):
        try:
            found = memo.get(number) if memo is not None and type(number) is str else None
            if found is not None:
                hits += 1  # (a fast-path or resolve answer of an earlier call)
            else:
                found = fast_resolve(number) if type(number) is str else None
                if found is None:
                    found = resolve(number)
                else:
                    hits += 1
                if memo is not None and type(number) is str:
                    memo[number] = found
            if default_zone is not None:
                found = with_default_zone(found, number, {}, default_zone)
        except InvalidInput as error:
            errors[position] = str(error)
            ids[position] = -1
            continue
        except Exception as error:
            errors[position] = f"{type(error).__name__}: {error}"
            ids[position] = -1
            continue
        known = index.get(found.number)
        if known is None:
            known = index[found.number] = len(subscribers)
            subscribers.append(found)
        ids[position] = known
    return hits


def _resolve_hinted(distinct: list[Any], names: list[str], scalars: dict[str, Any], per_row: dict[str, list[Any]],
                    fast_resolve: Any, fast_national: Any, subscribers: list[Subscriber], ids: np.ndarray,
                    errors: dict[int, str], default_zone: str | None = None, note_unread: bool = True) -> int:
    index: dict[Subscriber, int] = {}
    resolve = _numbers.resolve
    hits = 0
    for position, key in enumerate(distinct):
        if names:
            number = key[0]
            hints = dict(scalars)
            for name, value in zip(names, key[1:], strict=True):  # key: (number, *hints in names' order)
                hints[name] = value
        else:
            number = key
            hints = scalars
        found: Subscriber | None = None
        try:
            default_region = hints["default_region"]
            if default_region is not None:
                default_region = _numbers.normalise_region(default_region)  # resolve() checks it first
            if fast_resolve is not None and hints["postal_code"] is None and type(number) is str:
                found = fast_resolve(number, hints["zone"], hints["region"], hints["subdivision"])
                if found is None and default_region is not None and fast_national is not None:
                    found = fast_national(number, default_region, hints["zone"], hints["region"],
                                          hints["subdivision"])
                if found is not None:
                    hits += 1
            if found is None:
                found = resolve(
                    number, default_region=hints["default_region"], zone=hints["zone"], region=hints["region"],
                    subdivision=hints["subdivision"], postal_code=hints["postal_code"],
                )
            if default_zone is not None:
                found = with_default_zone(found, number, hints, default_zone)
        except (InvalidRegion, InvalidZone) as error:
            # issue 15: an unreadable hint is a note on the row, not a bad row
            found = _without_unreadable_hints(number, hints, default_zone) if note_unread else None
            if found is None:
                errors[position] = str(error)
                ids[position] = -1
                continue
        except InvalidInput as error:
            errors[position] = str(error)
            ids[position] = -1
            continue
        except Exception as error:
            errors[position] = f"{type(error).__name__}: {error}"
            ids[position] = -1
            continue
        known = index.get(found)
        if known is None:
            known = index[found] = len(subscribers)
            subscribers.append(found)
        ids[position] = known
    return hits


def _without_unreadable_hints(number: Any, hints: dict[str, Any], default_zone: str | None) -> Subscriber | None:
    """A row's subscriber without the hints that cannot be read, each named in a hint_unused note
    (numbers.readable_hints: can-i-call list's rule too), or None: every hint can be read (the
    error is a contradiction between hints) or the number cannot be (the row stays bad)."""
    if type(number) is not str:
        return None
    try:
        kept, notes = _numbers.readable_hints(number, default_region=hints["default_region"],
                                              **{kind: hints[kind] for kind in _numbers.LIST_HINTS})
        if not notes:
            return None
        found = _numbers.resolve(number, default_region=hints["default_region"], **kept)
        if default_zone is not None:
            found = with_default_zone(found, number, {**hints, **kept}, default_zone)
    except InvalidInput:
        return None
    return replace(found, notes=(*found.notes, *notes))


def ingest_versions() -> dict[str, str]:
    """The versions that resolution depends on."""
    from ..version import __version__

    return {
        "callwindow": __version__,
        "phonenumbers": PHONENUMBERS_VERSION,
        "tzdata": clock.TZ_VERSION,
        "holidays": HOLIDAYS_VERSION,
    }


def _profiles(subscribers: list[Subscriber]) -> tuple[list[Subscriber], np.ndarray, np.ndarray, np.ndarray]:
    """Group subscribers by what their policy context depends on."""
    keys: dict[tuple[object, ...], int] = {}
    profiles: list[Subscriber] = []
    base_masks: list[int] = []
    placeable_list: list[bool] = []
    profile_list: list[int] = []
    mask_list: list[int] = []
    for subscriber in subscribers:
        key = (subscriber.zones, subscriber.places, subscriber.region, subscriber.subdivision)
        found = keys.get(key)
        if found is None:
            found = keys[key] = len(profiles)
            profiles.append(subscriber)
            placeable = facts.is_placeable(subscriber)
            placeable_list.append(placeable)
            # the notes of policy.decide that depend on the profile only (the rule-data note
            # depends on the policy too: the engine adds it per group)
            base_masks.append(facts.mask(facts.zone_notes(subscriber)) if placeable
                              else BIT[ReasonCode.NO_TIME_ZONE])
        profile_list.append(found)
        notes = subscriber.notes  # hint conflicts (most subscribers have none)
        mask_list.append(base_masks[found] | facts.mask(notes) if notes else base_masks[found])
    return (
        profiles,
        np.asarray(profile_list, dtype=np.int32),
        np.asarray(mask_list, dtype=np.uint64),
        np.asarray(placeable_list, dtype=bool),
    )
