"""Resolve a phone number (plus the caller's hints) to a Subscriber: region,
subdivision, number type and candidate time zones. No policy here.

Speed: phonenumbers' pattern cache is enabled (its 1,188 regexes otherwise
thrash Python's 512-entry regex cache: ~40x slower on mixed lists), results are
memoised per input, and phonenumbers.geocoder is never imported (250 ms,
100 MiB): US/Canada area codes come from a generated table in data/, and so do
the states of Brazilian DDDs and Australian area codes (data/state_area_codes.csv).
"""

from __future__ import annotations

import bisect
import csv
import re
import unicodedata
from dataclasses import replace
from functools import lru_cache
from importlib import resources

import phonenumbers
from phonenumbers import timezone as phone_timezones

from . import calendars, clock
from .errors import InvalidNumber, InvalidRegion, InvalidZone
from .model import Reason, ReasonCode, RuleKind, Subscriber
from .resources import data_path

phonenumbers.enable_pattern_cache()

PHONENUMBERS_VERSION: str = phonenumbers.__version__
_UNKNOWN_ZONE = "Etc/Unknown"
_MAX_INPUT = 64
_NANP_REGIONS = frozenset({"US", "CA"})


# ---------------------------------------------------------------- zone tables


@lru_cache(maxsize=1)
def region_zones() -> dict[str, tuple[str, ...]]:
    """IANA zone.tab: the zones of each ISO country code."""
    table: dict[str, list[str]] = {}
    text = resources.files("tzdata.zoneinfo").joinpath("zone.tab").read_text(encoding="utf-8")
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        fields = line.split("\t")
        table.setdefault(fields[0], []).append(fields[2])
    return {region: tuple(sorted(zones)) for region, zones in table.items()}


@lru_cache(maxsize=1)
def nanp_area_codes() -> dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]]:
    """area code -> (region, subdivisions, zones), from data/nanp_area_codes.csv."""
    table: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {}
    path = data_path("nanp_area_codes.csv")
    if not path.exists():
        return table
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            table[row["area_code"]] = (
                row["region"],
                tuple(row["subdivision"].split()),
                tuple(row["zones"].split()),
            )
    return table


@lru_cache(maxsize=1)
def subdivision_zones() -> dict[str, tuple[str, ...]]:
    """ISO 3166-2 subdivision -> its zones: US and Canada from the area-code table,
    others from data/subdivision_zones.csv (hand-kept, with sources)."""
    table: dict[str, set[str]] = {}
    for _region, subdivisions, zones in nanp_area_codes().values():
        for code in subdivisions:  # a shared row (e.g. "Nova Scotia/PEI") counts for each: fail closed
            table.setdefault(code, set()).update(zones)
    path = data_path("subdivision_zones.csv")
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(line for line in handle if not line.startswith("#")):
                table[row["subdivision"]] = set(row["zones"].split())
    return {code: tuple(sorted(zones)) for code, zones in table.items()}


def narrow_to_region(zones: tuple[str, ...], region: str | None) -> tuple[str, ...]:
    """Keep the zones the region itself uses (a Jamaican mobile: 42 zones -> 1).

    phonenumbers sometimes names a metazone stand-in for one of the region's
    zones (Kaliningrad numbers get Europe/Bucharest; an unallocated Russian
    mobile's 16 zones hold Bucharest for Kaliningrad): a foreign name whose
    winter offset none of the region's kept zones has is replaced by the
    region's zones with that offset - also beside the region's own names, or
    that Russian mobile would lose Kaliningrad. A foreign name with an offset
    already kept is another country's zone (a Kazakh mobile's list holds
    Russia's), and all of the region's zones are used when nothing matches."""
    zones = tuple(zone for zone in zones if zone != _UNKNOWN_ZONE)
    own = region_zones().get(region or "", ())
    if not own or not zones:
        return zones
    kept = {zone for zone in zones if zone in own}
    offsets = {_winter_offset(zone) for zone in kept}
    for foreign in (zone for zone in zones if zone not in own):
        winter = _winter_offset(foreign)
        if winter not in offsets:  # a stand-in: the region's zones of that offset (none: nothing)
            kept.update(zone for zone in own if _winter_offset(zone) == winter)
    # Still nothing: the whole region, fail closed.
    return tuple(sorted(kept or own))


_JANUARY = 1_767_225_600 + 14 * 86_400  # 2026-01-15 00:00 UTC
_JULY = _JANUARY + 181 * 86_400  # 2026-07-15 00:00 UTC


@lru_cache(maxsize=1)
def us_postal_codes() -> dict[str, tuple[str, str]]:
    """ZIP code -> (place, zone), from data/us_postal_codes.csv (generated)."""
    table: dict[str, tuple[str, str]] = {}
    path = data_path("us_postal_codes.csv")
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            table[row["postal_code"]] = (row["place"], row["zone"])
    return table


@lru_cache(maxsize=1)
def ru_postcodes() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Russian index (6 digits) or its 3-digit prefix -> (place, zones), from data/ru_postcodes.csv
    (generated from Russian Post's database by tools/make_ru_postcode_table)."""
    with data_path("ru_postcodes.csv").open(encoding="utf-8", newline="") as handle:
        return {row["postcode"]: (row["place"], tuple(row["zones"].split()))
                for row in csv.DictReader(line for line in handle if not line.startswith("#"))}


# (first, last, place, zones): one postcode range of data/postal_code_ranges.csv
_PostalRange = tuple[str, str, str, tuple[str, ...]]


@lru_cache(maxsize=1)
def postal_code_ranges() -> dict[str, tuple[_PostalRange, ...]]:
    """Country -> its postcode ranges, longest keys first, from data/postal_code_ranges.csv
    (hand-kept, with its sources): Australia, Brazil, Canada, Mexico."""
    table: dict[str, list[_PostalRange]] = {}
    with data_path("postal_code_ranges.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            table.setdefault(row["region"], []).append(
                (row["first"], row["last"], row["place"], tuple(row["zones"].split())))
    return {region: tuple(sorted(ranges, key=lambda entry: -len(entry[0]))) for region, ranges in table.items()}


# How each country writes its postcodes, the part its ranges compare, and an example for errors.
_POSTAL_FORMS: dict[str, tuple[re.Pattern[str], int, str]] = {
    "AU": (re.compile(r"[0-9]{4}"), 4, "a 4-digit postcode like 6000"),
    "BR": (re.compile(r"[0-9]{5}-?[0-9]{3}"), 5, "a CEP like 01310-100"),
    "MX": (re.compile(r"[0-9]{5}"), 2, "a 5-digit código postal like 06700"),
    "RU": (re.compile(r"[0-9]{6}"), 6, "a 6-digit index like 101000"),
    # Canada Post never uses D, F, I, O, Q, U as letters, nor W or Z first.
    "CA": (re.compile(r"[ABCEGHJ-NPRSTVXY][0-9][ABCEGHJ-NPRSTV-Z](?: ?[0-9][ABCEGHJ-NPRSTV-Z][0-9])?"), 3,
           "a postal code like M5V 2T6 (or its first three characters)"),
}
_CANADIAN_POSTCODE = _POSTAL_FORMS["CA"][0]
_US_POSTAL_REGIONS = ("US", "PR", "GU", "VI", "AS", "MP", "FM", "MH", "PW")
POSTAL_REGIONS: tuple[str, ...] = ("AU", "BR", "CA", "MX", "RU", "US")


def postal_code_region(postal_code: str, hinted: str | None, number_region: str | None) -> str | None:
    """The country a postcode is read in: the hinted region; else Canada for a Canadian-looking
    code (A9A 9A9 is no other country's: on a US number it is an address in Canada, a conflict
    that widens); else the number's region (None: a US ZIP, as before)."""
    if hinted is not None:
        return hinted
    if _CANADIAN_POSTCODE.fullmatch(str(postal_code).strip().upper()):
        return "CA"
    return number_region


def postal_code_place(postal_code: str, region: str | None) -> tuple[str, tuple[str, ...]]:
    """(place, zones) of a postcode read in `region` (US ZIP when None): place is an ISO 3166-2
    subdivision ("US-NY", "AU-WA") or a territory's region ("PR", "NF"; "RU" for a Russian index
    of several federal subjects, or of Crimea); zones are every zone of the postcode's range.
    InvalidRegion for a malformed or unknown code or an unsupported country."""
    text = str(postal_code).strip().upper()
    if region is None or region in _US_POSTAL_REGIONS:
        return _us_postal_place(text, postal_code)
    form = _POSTAL_FORMS.get(region)
    if form is None:
        raise InvalidRegion(f"postal codes are known for {', '.join(POSTAL_REGIONS)} (and US territories), "
                            f"not {region}")
    pattern, size, example = form
    if pattern.fullmatch(text) is None:
        raise InvalidRegion(f"malformed postal code {postal_code!r} for {region}: expected {example}")
    if region == "RU":
        return _ru_postal_place(text)
    for first, last, place, zones in postal_code_ranges().get(region, ()):
        key = text[:len(first)]
        if first <= key <= last:
            return place, zones
    raise InvalidRegion(f"unknown {region} postal code {text[:size]}: no state or province has it")


def _ru_postal_place(index: str) -> tuple[str, tuple[str, ...]]:
    """(place, zones) of a 6-digit Russian index: its own row where its prefix spans several
    federal subjects, else its prefix's (whose zones, for such a prefix, are all of its subjects':
    an index the database lacks could be in any)."""
    table = ru_postcodes()
    found = table.get(index) or table.get(index[:3])
    if found is None:  # a prefix abroad (Baikonur, 500's exchange offices) or none at all
        raise InvalidRegion(f"unknown RU postal code {index}: Russian Post's index database has no office "
                            "in a federal subject with it")
    return found


def _us_postal_place(text: str, postal_code: str) -> tuple[str, tuple[str, ...]]:
    """(place, (zone,)) of a US ZIP code ("12345" or "12345-6789")."""
    digits = text[:5]
    if not (len(text) in (5, 10) and digits.isdigit() and (len(text) == 5 or text[5] == "-" and text[6:].isdigit())):
        raise InvalidRegion(f"malformed postal code {postal_code!r}: expected a US ZIP code like 10001 or 10001-1234")
    found = us_postal_codes().get(digits)
    if found is None:
        raise InvalidRegion(f"unknown US postal code {digits}")
    return found[0], (found[1],)


def _winter_offset(zone: str) -> int:
    return clock.offset_at(_JANUARY, zone)


@lru_cache(maxsize=1024)
def _clock_of(zone: str) -> tuple[int, int]:
    """A zone's winter and summer offsets (2026): what tells two clocks apart, whatever their names."""
    return _winter_offset(zone), clock.offset_at(_JULY, zone)


# ---------------------------------------------------------------- parsing


def _parse(number: str, default_region: str | None) -> phonenumbers.PhoneNumber:
    if not isinstance(number, str):
        raise InvalidNumber(f"phone number must be text, got {type(number).__name__}")
    text = number.strip()
    if not text:
        raise InvalidNumber("phone number is empty")
    if len(text) > _MAX_INPUT:
        raise InvalidNumber(f"phone number is too long ({len(text)} characters)")
    if not any(character.isdigit() for character in text):
        raise InvalidNumber(f"{number!r} is not a phone number: it has no digits")
    if text.startswith("00") and default_region is None:
        text = "+" + text[2:]  # the international prefix used in most of the world
    try:
        parsed = phonenumbers.parse(text, default_region)
    except phonenumbers.NumberParseException as error:
        raise InvalidNumber(_parse_error_message(number, error, default_region)) from None
    return parsed


def _parse_error_message(number: str, error: phonenumbers.NumberParseException, default_region: str | None) -> str:
    kind = error.error_type
    if kind == phonenumbers.NumberParseException.INVALID_COUNTRY_CODE:
        if default_region is None:
            return f"{number!r} has no country code: write it as +<country code>... or give a default region"
        return f"{number!r}: unknown country code"
    if kind in (phonenumbers.NumberParseException.TOO_SHORT_NSN, phonenumbers.NumberParseException.TOO_SHORT_AFTER_IDD):
        return f"{number!r} is too short to be a phone number"
    if kind == phonenumbers.NumberParseException.TOO_LONG:
        return f"{number!r} is too long to be a phone number"
    return f"{number!r} is not a phone number"


def invalid_message(number: str, parsed: phonenumbers.PhoneNumber) -> str:
    """The InvalidNumber message for a parsed number that is not a valid one."""
    reason = phonenumbers.is_possible_number_with_reason(parsed)
    # parse always sets country_code (0 when none is found); 0 and None both give "ZZ" here
    region = phonenumbers.region_code_for_country_code(parsed.country_code or 0)
    where = f" for {region}" if region and region != "ZZ" else f" (country code +{parsed.country_code})"
    words = {
        phonenumbers.ValidationResult.TOO_SHORT: "too short",
        phonenumbers.ValidationResult.TOO_LONG: "too long",
        phonenumbers.ValidationResult.INVALID_COUNTRY_CODE: "an unknown country code",
        phonenumbers.ValidationResult.INVALID_LENGTH: "an impossible length",
    }
    if reason in words:
        return f"{number!r} is not a valid number{where}: {words[reason]}"
    return f"{number!r} is not an assigned number{where}"


def _phone_zones(parsed: phonenumbers.PhoneNumber, type_code: int) -> tuple[str, ...]:
    """phonenumbers.timezone.time_zones_for_number without re-classifying the type."""
    # parse always sets country_code; 0, like None, is in no list of geographical mobile countries
    if phonenumbers.is_number_type_geographical(type_code, parsed.country_code or 0):
        return tuple(phone_timezones.time_zones_for_geographical_number(parsed))
    return tuple(phone_timezones._country_level_time_zones_for_number(parsed))


def name_key(text: str) -> str:
    """How a place's name is looked up: accents dropped, case folded, punctuation as spaces
    ("Baden-Württemberg" -> "baden wurttemberg", "U.S.A." -> "u s a")."""
    plain = "".join(c for c in unicodedata.normalize("NFKD", str(text)) if not unicodedata.combining(c))
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain.casefold()).split())


@lru_cache(maxsize=1)
def ru_mobile_ranges() -> tuple[list[int], list[int], list[tuple[str, ...]]]:
    """Russian mobile ranges (numbers as the 10 digits after +7), sorted: their first and last
    numbers and the zones of the federal subject each is assigned to, from data/ru_mobile_zones.csv
    (generated from the numbering registry, DEF-9xx.csv)."""
    firsts: list[int] = []
    lasts: list[int] = []
    zones: list[tuple[str, ...]] = []
    seen: dict[str, tuple[str, ...]] = {}  # one tuple per distinct zone set
    with data_path("ru_mobile_zones.csv").open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(line for line in handle if not line.startswith("#"))
        next(rows)  # first,last,zones,region
        for first, last, names, _region in rows:
            firsts.append(int(first))
            lasts.append(int(last))
            zones.append(seen.setdefault(names, tuple(names.split())))
    return firsts, lasts, zones


@lru_cache(maxsize=1)
def state_area_codes() -> dict[str, dict[str, tuple[str, ...]]]:
    """Region -> {prefix -> every state it may be in}: Brazilian DDDs and Australian area codes,
    from data/state_area_codes.csv (generated by tools/make_state_area_table)."""
    table: dict[str, dict[str, tuple[str, ...]]] = {}
    with data_path("state_area_codes.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            table.setdefault(row["region"], {})[row["prefix"]] = tuple(row["subdivisions"].split())
    return table


@lru_cache(maxsize=8)
def country_states(region: str) -> tuple[str, ...]:
    """Every state, province or territory a number of a country may be in when its number does not
    tell (sorted): Brazil's and Australia's from data/state_area_codes.csv; the US's and Canada's
    from the area-code table (data/nanp_area_codes.csv: the 50 states and DC, the 13 provinces and
    territories). The area-code table, not the holidays package's list, because it holds exactly
    the places a +1 number of the country is placed in: the territories in the package's US list
    (PR, GU, VI...) have region codes of their own on +1, and their numbers are not US numbers
    here. () for other countries."""
    if region in _NANP_REGIONS:
        rows = nanp_area_codes().values()
        return tuple(sorted({code for row_region, codes, _zones in rows if row_region == region for code in codes}))
    return tuple(sorted({code for codes in state_area_codes().get(region, {}).values() for code in codes}))


# The number types whose prefix tells the state, and the prefix's length (after the country code):
# a Brazilian mobile keeps its DDD, an Australian mobile (4xx) tells no state.
_STATE_PREFIXES: dict[str, tuple[frozenset[str], int]] = {
    "BR": (frozenset({"fixed_line", "mobile", "fixed_line_or_mobile"}), 2),
    "AU": (frozenset({"fixed_line", "fixed_line_or_mobile"}), 1),
}


def state_places(e164: str, region: str | None, number_type: str) -> tuple[str, ...]:
    """The states a Brazilian or Australian number may be in: its DDD's or area code's (one for
    most DDDs: the number's subdivision), else every state of the country (a mobile in Australia,
    a toll-free number: the state laws of all apply, fail closed). A US or Canadian number: its
    area code's subdivision(s) (numbers.nanp_place), else - an area code the table does not have
    (toll-free 8XX, personal 5XX, 600, 900...), or no area code (Canada's 7-digit 310-xxxx) -
    every state or province of its country, by the same rule. () for other countries."""
    if region in _NANP_REGIONS:
        placed = nanp_place(e164[2:])  # (+1: 2 characters)
        return (placed[1] if placed is not None else ()) or country_states(region or "")
    found = _STATE_PREFIXES.get(region or "")
    if found is None:
        return ()
    types, size = found
    region_table = state_area_codes().get(region or "", {})
    states = region_table.get(e164[3:3 + size]) if number_type in types else None  # +55 / +61: 3 characters
    return states or country_states(region or "")


def registry_zones(e164: str, region: str | None, zones: tuple[str, ...]) -> tuple[str, ...]:
    """`zones`, narrowed for a Russian mobile to its range's federal subject (the numbering
    registry assigns ranges per subject and portability stays within it): the range of
    data/ru_mobile_zones.csv that holds the number; unchanged for other numbers, numbers of no
    placed range (not allocated, or allocated to the whole federation), or a table zone that is
    not a Russian zone of zone.tab (fail closed: never a zone the number could not be in). The
    table names each subject's own zones (Europe/Saratov, Asia/Barnaul), where phonenumbers gives
    one zone per offset."""
    if region != "RU" or not e164.startswith("+79") or len(e164) != 12:
        return zones
    firsts, lasts, table = ru_mobile_ranges()
    number = int(e164[2:])
    at = bisect.bisect_right(firsts, number) - 1
    if at < 0 or number > lasts[at]:
        return zones
    found = table[at]
    return found if set(found) <= set(region_zones().get("RU", ())) else zones


@lru_cache(maxsize=1)
def region_names() -> dict[tuple[str, str], str]:
    """(kind, name_key) -> ISO code, from data/region_names.csv (generated)."""
    table: dict[tuple[str, str], str] = {}
    with data_path("region_names.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            table[(row["kind"], row["name"])] = row["code"]
    return table


def normalise_region(region: str | None) -> str | None:
    """An ISO 3166-1 alpha-2 code in upper case, or None; a country's name as CRM exports write
    it ("Germany", "USA", "UK") is read as its code; InvalidRegion if unknown."""
    if region is None or not str(region).strip():
        return None
    code = str(region).strip().upper()
    if code not in phonenumbers.SUPPORTED_REGIONS:
        named = region_names().get(("country", name_key(region)))
        if named is None:
            raise InvalidRegion(f"unknown region {region!r}: expected an ISO 3166-1 code like US or FR")
        return named
    return code


def normalise_subdivision(subdivision: str | None, region: str | None) -> str | None:
    """"US-FL", or "FL" with region US -> "US-FL"; InvalidRegion when malformed, or when its
    country has a whole list of subdivisions (known_subdivisions, not PARTIAL_SUBDIVISION_LISTS)
    without it: "US-ZZ", "US-FLA"."""
    if subdivision is None or not str(subdivision).strip():
        return None
    code = str(subdivision).strip().upper()
    named = region_names().get(("subdivision", name_key(subdivision)))
    if named is not None and (len(code) > 3 or "-" not in code and not code.isalnum()) and (
            region is None or named.startswith(f"{region}-")):
        return named  # a name ("Florida", "Bayern"), of the region when one is given
    if "-" not in code:
        if region is None:
            raise InvalidRegion(f"subdivision {subdivision!r} needs a region: write it like US-FL")
        code = f"{region}-{code}"
    country, _, local = code.partition("-")
    normalise_region(country)
    if not (local.isascii() and local.isalnum()) or len(local) > 3:  # (str.isalnum takes "١٢" too)
        raise InvalidRegion(f"malformed subdivision {subdivision!r}: expected an ISO 3166-2 code like US-FL")
    known = known_subdivisions(country) if country not in PARTIAL_SUBDIVISION_LISTS else frozenset()
    if known and code not in known:
        listed = sorted(known)
        raise InvalidRegion(f"unknown subdivision {code!r}: not a subdivision of {country} that callwindow knows "
                            f"({len(listed)}: {listed[0]} ... {listed[-1]})")
    return code


# Countries whose subdivisions the shipped lists name only in part, so a real ISO 3166-2 code
# may be missing from known_subdivisions: France (the holidays package lists Alsace-Moselle and
# the overseas departments, not FR-IDF or FR-75), Spain (its communities, not its provinces:
# ES-M), Italy (its provinces, not its regions: IT-25), the United Kingdom (its four nations, not
# its council areas: GB-LND). There a well-formed code is accepted, as for a country with no list;
# it binds no law (none of them has a subdivision's rule file) and at most a regional calendar
# the package knows by the listed codes. Elsewhere the list is the whole first level of ISO 3166-2.
PARTIAL_SUBDIVISION_LISTS = frozenset({"ES", "FR", "GB", "IT"})


@lru_cache(maxsize=256)
def known_subdivisions(country: str) -> frozenset[str]:
    """Every ISO 3166-2 code of `country` that the data shipped here names; empty when none does
    (then any well-formed code is accepted). The union of the holidays package's subdivisions
    (the fullest list: every US state, DC and territory, every Canadian province and territory,
    and those of many other countries), the region-name table's, the zone tables' (area codes,
    data/subdivision_zones.csv), the state table's and the postcode tables' (the only lists of
    Mexico's and Russia's: the package has none). A code none of them names could bind no law,
    calendar or zone anyway, but is most often a typo of one that would (US-FLA): refusing it is
    the stricter answer. (The US ZIP table is left out: each of its places is in the package's
    US list, and it is the largest table to read; a test checks both.)"""
    codes = {f"{country}-{code}" for code in calendars.holiday_subdivisions(country)}
    codes.update(code for (kind, _name), code in region_names().items() if kind == "subdivision")
    codes.update(subdivision_zones())
    codes.update(code for states in state_area_codes().get(country, {}).values() for code in states)
    codes.update(entry[2] for entry in postal_code_ranges().get(country, ()))
    if country == "RU":  # (6,852 rows: read only for a Russian code)
        codes.update(place for place, _zones in ru_postcodes().values())
    # (the package also has names that are no codes: FR's "Zone A", AU's "NSW Western")
    return frozenset(code for code in codes if code.startswith(f"{country}-") and _ISO_LOCAL.fullmatch(code[3:]))


_ISO_LOCAL = re.compile(r"[0-9A-Z]{1,3}")


# ---------------------------------------------------------------- resolution

_cache: dict[tuple[object, ...], Subscriber] = {}
_CACHE_LIMIT = 200_000


def resolve(
    number: str,
    *,
    default_region: str | None = None,
    zone: str | None = None,
    region: str | None = None,
    subdivision: str | None = None,
    postal_code: str | None = None,
) -> Subscriber:
    """Resolve a number and the caller's hints to a Subscriber (memoised).

    Hints describe where the contact is: an IANA zone, a country, a
    subdivision (ISO 3166-2) or a postcode (US ZIP; Australian, Brazilian,
    Canadian, Mexican or Russian postcodes with their region: each gives the state,
    province or federal subject and its zones; see docs/numbers.md). Raises InvalidNumber,
    InvalidZone or InvalidRegion for bad input."""
    key = (number, default_region, zone, region, subdivision, postal_code)
    found = _cache.get(key)
    if found is None:
        if len(_cache) >= _CACHE_LIMIT:
            _cache.clear()
        found = _resolve(number, default_region, zone, region, subdivision, postal_code)
        _cache[key] = found
    return found


def _resolve(
    number: str, default_region: str | None, zone: str | None, region_hint: str | None,
    subdivision_hint: str | None, postal_code: str | None,
) -> Subscriber:
    default_region = normalise_region(default_region)
    parsed = _parse(number, default_region)
    # One type classification serves validity and zones (phonenumbers'
    # is_valid_number and time_zones_for_number would each redo it).
    type_code = phonenumbers.number_type(parsed)
    # the national significant number, leading zeros kept ("0(263) 468-5934" is no 263 number)
    national = phonenumbers.national_significant_number(parsed) if parsed.country_code == 1 else ""
    nanp = nanp_place(national) if type_code != phonenumbers.PhoneNumberType.UNKNOWN else unlisted_nanp(national)
    if type_code == phonenumbers.PhoneNumberType.UNKNOWN and nanp is None:
        raise InvalidNumber(invalid_message(number, parsed))
    e164 = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
    if type_code == phonenumbers.PhoneNumberType.UNKNOWN:
        region: str | None = nanp[0] if nanp is not None else None  # placed by the NANPA table alone
        number_type = UNLISTED_NANP_TYPE
    else:
        region = phonenumbers.region_code_for_number(parsed)
        number_type = type_name(type_code)
    if region in (None, "001", "ZZ"):
        region = None
    zones: tuple[str, ...]
    if nanp is not None and region in _NANP_REGIONS:
        zones = nanp[2]
    elif region in _NANP_REGIONS and len(national) != 10:
        zones = nanp_countrywide_zones(region)
    else:
        zones = registry_zones(e164, region, narrow_to_region(_phone_zones(parsed, type_code), region))
    # A US or Canadian area code, a Brazilian DDD, an Australian area code: its state(s), so that
    # state laws bind by the number; several (a shared area code) or, when the number tells none,
    # every state of the country: all their laws apply (fail closed).
    candidates = state_places(e164, region, number_type)
    subdivision = candidates[0] if len(candidates) == 1 else None
    places = tuple(place for place in (region, *candidates) if place)
    address_zones: tuple[str, ...] = ()
    if postal_code is not None and str(postal_code).strip():
        # A postcode is an address: it names the state, province or territory, and its zones.
        postal_region = postal_code_region(postal_code, normalise_region(region_hint), region)
        place, address_zones = postal_code_place(postal_code, postal_region)
        if "-" in place:
            if subdivision_hint and normalise_subdivision(subdivision_hint, place.split("-")[0]) != place:
                raise InvalidRegion(f"postal code {postal_code} is in {place}, not {subdivision_hint}")
            subdivision_hint = place
        else:
            region_hint = place
    notes = (unlisted_nanp_note(national[:3]),) if type_code == phonenumbers.PhoneNumberType.UNKNOWN else ()
    return with_places_note(apply_hints(
        Subscriber(e164, region, subdivision, number_type, zones, places, notes),
        zone=zone,
        region=region_hint,
        subdivision=subdivision_hint,
        address_zones=address_zones,
    ))


# The number type of a +1 number placed by the NANPA area-code table alone (phonenumbers does not
# know its area code yet): NANP numbers do not tell a mobile from a landline.
UNLISTED_NANP_TYPE = "fixed_line_or_mobile"
# NXX-NXX-XXXX with N = 2-9, and an exchange that is not an N11 service code (211 ... 911).
_NANP_NUMBER = re.compile(r"[2-9][0-9]{2}(?![2-9]11)[2-9][0-9]{6}")


@lru_cache(maxsize=1024)
def unlisted_nanp_note(area_code: str) -> Reason:
    """What a decision says about a number placed by the area-code table alone: phonenumbers
    would have rejected it (honesty about whose data placed the contact)."""
    return Reason(ReasonCode.NUMBERING_TABLE, "callwindow.numbering-table", RuleKind.CONTACT,
                  f"phonenumbers {PHONENUMBERS_VERSION} does not know area code {area_code} yet: the number was "
                  "placed by callwindow's NANPA area-code table (data/nanp_area_codes.csv)")


def nanp_place(national: str) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """The area-code table's (region, subdivisions, zones) of a +1 national number: only a
    10-digit one has an area code (Canada's 310-xxxx numbers are 7 digits: not Los Angeles)."""
    return nanp_area_codes().get(national[:3]) if len(national) == 10 else None


def nanp_countrywide_zones(region: str | None) -> tuple[str, ...]:
    """The zones of a US or Canadian number without an area code (Canada's 310-xxxx universal
    access numbers): every zone of the country. phonenumbers' country-level list, narrowed, misses
    offsets in use in the hours between the provinces' DST changes: fail closed."""
    return region_zones().get(region or "", ())


def unlisted_nanp(national: str) -> tuple[str, tuple[str, ...], tuple[str, ...]] | None:
    """nanp_place of a +1 national number phonenumbers calls invalid, when it is a well-formed
    NANP number (NXX-NXX-XXXX) whose area code the table lists as in service (NANPA's report
    has codes phonenumbers does not know yet, data/nanp_area_codes.csv); else None."""
    if _NANP_NUMBER.fullmatch(national) is None:
        return None
    return nanp_place(national)


def apply_hints(
    subscriber: Subscriber, *, zone: str | None, region: str | None, subdivision: str | None,
    address_zones: tuple[str, ...] = (),
) -> Subscriber:
    """Narrow the candidate zones with the caller's hints, and add the hinted
    places' laws. A hint that contradicts the number widens instead (the
    contact may be in either place: fail closed) and leaves a note.
    `address_zones` are the zones of an address inside `subdivision` (from a
    postal code): more precise than the subdivision's zones."""
    if not (zone or region or subdivision):
        return subscriber
    zones = set(subscriber.zones)
    notes = list(subscriber.notes)
    places = list(subscriber.places)
    own_subdivision = subscriber.subdivision
    region_code = normalise_region(region)
    subdivision_code = normalise_subdivision(subdivision, region_code or subscriber.region)
    if subdivision_code:
        country = subdivision_code.split("-")[0]
        if region_code and country != region_code:
            raise InvalidRegion(f"subdivision {subdivision_code} is not in region {region_code}")
        region_code = country

    # The zones of the hinted address: its postcode's, else its subdivision's (none: unknown).
    hinted = set(address_zones or (subdivision_zones().get(subdivision_code, ()) if subdivision_code else ()))
    if region_code and region_code != subscriber.region:
        notes.append(_conflict(
            f"the number is from {subscriber.region} but the hint says {region_code}: the rules of both apply"
        ))
        # The other country's zones: the hinted address's when known (a New York number with a
        # Vancouver postcode: Pacific, not all 23 Canadian zones), else all of the country's.
        zones |= hinted or set(region_zones().get(region_code, ()))
        places.append(region_code)
        if not subdivision_code:
            # In that country but in no known state: every state of it whose laws are kept by
            # state (US, CA, BR, AU), as for a number that tells none.
            places.extend(country_states(region_code))

    if subdivision_code and subdivision_code != own_subdivision:
        places.append(subdivision_code)
        # A number that tells its area (a fixed line; a Brazilian mobile's DDD, a Mexican area
        # code, a Russian mobile the registry placed): an address elsewhere widens (the contact
        # may have moved, or the address may be old). Only a number that tells the country alone
        # (an Australian mobile: its zones are every offset of the country) is placed by it.
        unplaced = own_subdivision is None and region_code == subscriber.region  # (no subdivision of its own)
        placed = unplaced and _tells_its_area(subscriber)
        # (Zones of one clock but other names do not agree: a Moscow landline with a Volgograd
        # index is a contradiction whatever the clocks; so, by the data alone, is Sonora's 662 on
        # America/Mazatlan with a Sonora postcode on Hermosillo: both zones, and a note.)
        if unplaced and (not placed or not hinted or hinted & zones):
            # The number only tells the country (an Australian mobile): the address places it.
            # A number that tells its area keeps the overlap.
            if hinted:
                zones = hinted & zones if placed else hinted
            if (subscriber.region in _STATE_PREFIXES or _tells_no_state(subscriber)) and (
                    subdivision_code in subscriber.places[1:]):
                # The address names one of the states the number may be in (an 08 landline in SA;
                # an Australian mobile or a US toll-free number, which may be in any): the contact
                # is there, not in the others. (A NANP area code of two states keeps both, as before.)
                places = [place for place in places if place == subdivision_code or place not in subscriber.places[1:]]
            own_subdivision = subdivision_code
        else:
            disjoint = bool(hinted) and not hinted & zones
            zones |= hinted
            if own_subdivision or disjoint:
                notes.append(_conflict(
                    f"the number places the contact in {own_subdivision or ', '.join(subscriber.zones)} "
                    f"but the address is in {subdivision_code}: "
                    "the rules of both apply"))
    elif subdivision_code or (address_zones and region_code == subscriber.region):
        # The number's own subdivision, or an address in its country but in no one subdivision (a
        # Russian index whose prefix spans several federal subjects, Crimea): its zones narrow
        # to the overlap, else all count.
        if hinted & zones:
            zones &= hinted
        elif address_zones:  # the address's zones are not the area code's: all count
            notes.append(_conflict(
                f"the address is in {', '.join(sorted(hinted))}, the number in {', '.join(sorted(zones))}: "
                "all are considered"))
            zones |= hinted

    if zone:
        clock.get_zone(zone)  # InvalidZone for a bad name
        # The hint may name one of the zones by another name (a link: America/Montreal).
        same = zone if zone in zones else next((own for own in sorted(zones) if clock.same_zone(zone, own)), None)
        if same is not None:
            zones = {same}
        else:
            if zones:
                notes.append(_conflict(
                    f"zone hint {zone} is not among the number's zones {', '.join(sorted(zones))}: all are considered"))
            zones.add(zone)
    if own_subdivision is None and _tells_no_state(subscriber):
        # A US or Canadian number of no state whose zones a hint narrowed (zone America/Phoenix):
        # the states that cannot be in those zones are not where the contact is. Only those:
        # a state the zones cannot rule out stays.
        places = [place for place in places if place not in subscriber.places[1:] or _may_be_in(place, zones)]
        left = [place for place in places if place in subscriber.places[1:]]
        if len(left) == 1:  # (America/Phoenix: Arizona alone) the contact is there, as with its address
            own_subdivision = left[0]
    return replace(
        subscriber,
        subdivision=own_subdivision,
        zones=tuple(sorted(zones)),
        places=tuple(dict.fromkeys(places)),
        notes=tuple(notes),
    )


def _tells_no_state(subscriber: Subscriber) -> bool:
    """A US or Canadian number that tells no state or province (toll-free, 5XX, 600...): its
    places hold every one of its country (state_places)."""
    if subscriber.region not in _NANP_REGIONS or subscriber.subdivision is not None:
        return False
    states = country_states(subscriber.region or "")
    return bool(states) and set(states) <= set(subscriber.places)


def _may_be_in(subdivision: str, zones: set[str]) -> bool:
    """Whether a contact on one of `zones` may be in `subdivision`: one of its zones keeps the
    same clock as one of them, winter and summer (by clock, not name: a zone of another name but
    the same offsets cannot rule the place out). True when its zones are unknown (fail closed)."""
    own = subdivision_zones().get(subdivision, ())
    if not own:
        return True
    clocks = {_clock_of(zone) for zone in zones}
    return any(_clock_of(zone) in clocks for zone in own)


def with_places_note(subscriber: Subscriber) -> Subscriber:
    """`subscriber`, with a note when it is placed in no one subdivision but may be in several
    (a toll-free or an Australian mobile number: every state of its country; an area code of two
    states): the laws of each apply, and the decision says so. Unchanged otherwise."""
    if subscriber.subdivision is not None:
        return subscriber
    states = tuple(place for place in subscriber.places if "-" in place)
    if len(states) < 2:
        return subscriber
    every = country_states(subscriber.region or "")
    which = f"every one of {subscriber.region}" if every and set(every) <= set(states) else ", ".join(states)
    return replace(subscriber, notes=(*subscriber.notes, _places_note(len(states), which)))


@lru_cache(maxsize=256)
def _places_note(count: int, which: str) -> Reason:
    return Reason(ReasonCode.SEVERAL_SUBDIVISIONS, "callwindow.places", RuleKind.CONTACT,
                  f"the number does not tell which state, province or territory it is in: it may be in any of "
                  f"{count} ({which}), and the laws of each apply (give a subdivision or postal code to narrow)")


def _tells_its_area(subscriber: Subscriber) -> bool:
    """The number places its contact more narrowly than the country: a fixed line, a Russian
    mobile of a registry range, or any number with one zone in a country of several (phonenumbers
    gives a zone per geographic prefix: Brazilian DDDs, Mexican area codes)."""
    if subscriber.number_type == "fixed_line" or _registry_placed(subscriber):
        return True
    return len(set(subscriber.zones)) == 1 and len(region_zones().get(subscriber.region or "", ())) > 1


def _registry_placed(subscriber: Subscriber) -> bool:
    """A Russian mobile whose zones are its registry range's (registry_zones placed it in its
    federal subject), not every Russian zone."""
    if subscriber.region != "RU" or subscriber.number_type != "mobile":
        return False
    placed = registry_zones(subscriber.number, "RU", ())
    return bool(placed) and set(subscriber.zones) == set(placed)


# The hints of a list row, in the order they are read: a subdivision and a postcode are read in the region.
LIST_HINTS = ("zone", "region", "subdivision", "postal_code")


def readable_hints(
    number: str, *, default_region: str | None = None, zone: str | None = None, region: str | None = None,
    subdivision: str | None = None, postal_code: str | None = None,
) -> tuple[dict[str, str | None], tuple[Reason, ...]]:
    """For a row of a list (can-i-call list, the batch API; issue 15): the hints that can be
    read, and a hint_unused note for each that cannot (a postcode of a country without a
    postcode table, a zone or region name nobody knows...). The row is then decided without
    those, on the number and the readable hints: one address less never narrows the zones, so
    the answer is as strict or stricter. A hint that is read and *contradicts* the number is
    kept (it widens, as always). A subdivision and a postcode are read in the hinted region:
    when that cannot be read, they go with it. Raises as resolve does when the number itself
    cannot be read (a national number needs its country: `default_region`)."""
    base = resolve(number, default_region=default_region)  # InvalidNumber, InvalidRegion: the row is rejected
    given = {"zone": zone, "region": region, "subdivision": subdivision, "postal_code": postal_code}
    kept: dict[str, str | None] = dict.fromkeys(LIST_HINTS)
    notes: list[Reason] = []

    def unused(kind: str, why: str) -> None:
        label = kind.replace("_", " ")
        notes.append(Reason(ReasonCode.HINT_UNUSED, "callwindow.hints", RuleKind.CONTACT,
                            f"{label} {given[kind]!r} not used: {why}; the row was decided without it"))

    present = {kind: value for kind, value in given.items() if value is not None and str(value).strip()}
    region_code = None
    if "zone" in present:
        try:
            clock.get_zone(str(present["zone"]))
            kept["zone"] = present["zone"]
        except InvalidZone as error:
            unused("zone", str(error))
    if "region" in present:
        try:
            region_code = normalise_region(present["region"])
            kept["region"] = present["region"]
        except InvalidRegion as error:
            unused("region", str(error))
            for kind in ("subdivision", "postal_code"):
                if kind in present:
                    unused(kind, f"it is read in the region, and region {present['region']!r} is unknown")
            return kept, tuple(notes)
    if "subdivision" in present:
        try:
            normalise_subdivision(present["subdivision"], region_code or base.region)
            kept["subdivision"] = present["subdivision"]
        except InvalidRegion as error:
            unused("subdivision", str(error))
    if "postal_code" in present:
        code = str(present["postal_code"])
        try:
            postal_code_place(code, postal_code_region(code, region_code, base.region))
            kept["postal_code"] = code
        except InvalidRegion as error:
            unused("postal_code", str(error))
    return kept, tuple(notes)


def _conflict(message: str) -> Reason:
    return Reason(ReasonCode.HINT_CONFLICT, "callwindow.hints", RuleKind.CONTACT, message)


_TYPE_NAMES = {
    value: name.lower()
    for name, value in vars(phonenumbers.PhoneNumberType).items()
    if name.isupper() and isinstance(value, int)
}


def type_name(number_type: int) -> str:
    """phonenumbers' number type code -> its name in Subscriber.number_type ("mobile", "fixed_line"...)."""
    return _TYPE_NAMES.get(number_type, "unknown")


def clear_cache() -> None:
    _cache.clear()


# What other modules use: the resolver and its hints, the data tables, and the seam of the
# batch API's fast resolver (callwindow/batch/_fastresolve.py).
__all__ = [
    "PHONENUMBERS_VERSION", "POSTAL_REGIONS", "UNLISTED_NANP_TYPE", "apply_hints", "clear_cache", "invalid_message",
    "nanp_area_codes", "nanp_countrywide_zones", "nanp_place", "narrow_to_region", "normalise_region",
    "normalise_subdivision", "postal_code_place", "postal_code_ranges", "postal_code_region", "readable_hints",
    "country_states", "known_subdivisions", "region_zones", "resolve", "ru_postcodes", "state_area_codes",
    "state_places", "type_name", "unlisted_nanp", "unlisted_nanp_note", "with_places_note",
]
