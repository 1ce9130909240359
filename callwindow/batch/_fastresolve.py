"""A faster, equivalent `numbers.resolve` for numbers written in E.164.

`numbers.resolve` spends most of its ~30 us per new number in two places:
`phonenumbers.parse` (~14 us: unicode normalisation, the extension and
viability regexes, raw-input handling) and the number-type classification
(~6 us, of which the region of a shared calling code such as +1 is computed
twice, once by `number_type` and once by `region_code_for_number`). For a
string that is "+" followed by ASCII digits - optionally with spaces, dashes,
dots and parentheses, which parse simply drops from such a string: no
extension can be written without a label or "#", nothing is trimmed or
converted - this module takes the steps parse takes for that form, calling
phonenumbers' own helpers in the same order:

- the calling code: the first 1-3 digits found in COUNTRY_CODE_TO_REGION_CODE
  (`_extract_country_code`),
- `_maybe_strip_national_prefix_carrier_code` + `_test_number_length` on the
  calling code's main metadata (parse does this for E.164 input too),
- leading zeros kept, so the national significant number is the digit string,

then classifies the number once with precompiled per-metadata patterns in the
exact order of `phonenumbers.phonenumberutil._number_type_helper` (and of
`_region_code_for_number_from_list` for shared calling codes), and follows
`numbers._resolve` (NANP area-code table, `narrow_to_region` memoised by its
arguments, the states of US, Canadian, Brazilian and Australian numbers
`numbers.state_places`, `apply_hints`, `with_places_note`).

A number written in its national form beside its region (a CRM's country column:
"01 42 68 53 00" + FR) takes the same steps from the region's calling code, with
the national prefix stripped on the *region's* metadata as parse does
(`resolve_national`); digits that begin with an international prefix or with the
calling code, which parse may read otherwise, are left to numbers.resolve. It is
self-checked apart, on first use (`check_national`).

Anything else (no "+", letters, extensions, "00" prefixes, a postal-code hint,
an unknown calling code, a too short or too long number) returns None and the
caller uses `numbers.resolve`, which also words the errors (an invalid number
found here raises the same InvalidNumber message, built by numbers'
`invalid_message`). Equivalence is (1) checked at first use against
`numbers.resolve` on the example number of every region and type, a variant
and a spaced spelling of each (the fast path switches itself off with a
warning on any difference, e.g. after a phonenumbers upgrade), and (2)
tested on large samples in tests/test_batch.py.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable
from typing import Any, TypeAlias

import phonenumbers
from phonenumbers import phonenumberutil as _pu
from phonenumbers import timezone as _phone_timezones
from phonenumbers.phonemetadata import PhoneMetadata, PhoneNumberDesc
from phonenumbers.re_util import re_compile  # what phonenumberutil compiles its patterns with
from phonenumbers.tzdata import TIMEZONE_DATA, TIMEZONE_LONGEST_PREFIX  # the objects phonenumbers.timezone reads

from .. import numbers as _numbers
from ..errors import InvalidInput, InvalidNumber
from ..model import Subscriber

_E164 = re.compile(r"\+[1-9][0-9]{5,16}")
_PNT = phonenumbers.PhoneNumberType
_UNKNOWN = _PNT.UNKNOWN
_SPECIAL_TYPES = (
    (_PNT.PREMIUM_RATE, "premium_rate"),
    (_PNT.TOLL_FREE, "toll_free"),
    (_PNT.SHARED_COST, "shared_cost"),
    (_PNT.VOIP, "voip"),
    (_PNT.PERSONAL_NUMBER, "personal_number"),
    (_PNT.PAGER, "pager"),
    (_PNT.UAN, "uan"),
    (_PNT.VOICEMAIL, "voicemail"),
)
_BAD_LENGTH = (
    _pu.ValidationResult.TOO_SHORT,
    _pu.ValidationResult.IS_POSSIBLE_LOCAL_ONLY,
    _pu.ValidationResult.INVALID_LENGTH,
)
_NANP_REGIONS = frozenset({"US", "CA"})
_SEPARATORS = str.maketrans("", "", " -.()")
_TYPE_NAMES = {code: _numbers.type_name(code) for code in range(32)}

# (possible lengths or None for any, compiled pattern); None: never matches
_Desc: TypeAlias = tuple[frozenset[int] | None, re.Pattern[str]] | None
# a _Classifier's patterns for one length of number: general, (type, pattern) of
# the special types, fixed line, mobile; None where a pattern cannot match
_Plan: TypeAlias = tuple[
    re.Pattern[str] | None, tuple[tuple[int, re.Pattern[str]], ...], re.Pattern[str] | None, re.Pattern[str] | None
]


def _compile_desc(desc: PhoneNumberDesc | None) -> _Desc:
    """phonenumbers' _is_number_matching_desc, precompiled."""
    if desc is None:
        return None
    pattern = desc.national_number_pattern
    if pattern is None or len(pattern) == 0:
        return None
    lengths = frozenset(desc.possible_length)
    return (lengths or None, re_compile(pattern))


class _Classifier:
    """`_number_type_helper` for one metadata, with compiled patterns, and for
    each length of number the patterns whose possible lengths allow it (a
    pattern whose lengths exclude the number cannot match: phonenumbers'
    _is_number_matching_desc checks the length first)."""

    __slots__ = ("general", "specials", "fixed", "mobile", "same", "leading", "plans")

    def __init__(self, metadata: PhoneMetadata) -> None:
        self.general = _compile_desc(metadata.general_desc)
        self.specials = tuple(
            (code, compiled)
            for code, name in _SPECIAL_TYPES
            if (compiled := _compile_desc(getattr(metadata, name))) is not None
        )
        self.fixed = _compile_desc(metadata.fixed_line)
        self.mobile = _compile_desc(metadata.mobile)
        self.same = bool(metadata.same_mobile_and_fixed_line_pattern)
        self.leading = re_compile(metadata.leading_digits) if metadata.leading_digits is not None else None
        self.plans: dict[int, _Plan] = {}

    def _plan(self, size: int) -> _Plan:
        def usable(desc: _Desc) -> re.Pattern[str] | None:
            if desc is None or (desc[0] is not None and size not in desc[0]):
                return None
            return desc[1]

        return (
            usable(self.general),
            tuple((code, desc[1]) for code, desc in self.specials if usable(desc) is not None),
            usable(self.fixed),
            usable(self.mobile),
        )

    def number_type(self, nsn: str) -> int:
        plan = self.plans.get(len(nsn))
        if plan is None:
            plan = self.plans[len(nsn)] = self._plan(len(nsn))
        general, specials, fixed, mobile = plan
        if general is None or general.fullmatch(nsn) is None:
            return _UNKNOWN
        for code, pattern in specials:
            if pattern.fullmatch(nsn) is not None:
                return code
        if fixed is not None and fixed.fullmatch(nsn) is not None:
            if self.same or (mobile is not None and mobile.fullmatch(nsn) is not None):
                return _PNT.FIXED_LINE_OR_MOBILE
            return _PNT.FIXED_LINE
        if not self.same and mobile is not None and mobile.fullmatch(nsn) is not None:
            return _PNT.MOBILE
        return _UNKNOWN


class _CallingCode:
    """What parse and classification need about one country calling code."""

    __slots__ = ("code", "text", "metadata", "prefix", "regions", "country_zones", "candidates")

    def __init__(self, code: int) -> None:
        self.code = code
        self.text = str(code)
        number_region = _pu.region_code_for_country_code(code)
        self.metadata = PhoneMetadata.metadata_for_region_or_calling_code(code, number_region)
        prefix = self.metadata.national_prefix_for_parsing if self.metadata is not None else None
        # _maybe_strip_national_prefix_carrier_code changes nothing unless this matches
        self.prefix = re_compile(prefix) if prefix else None
        self.regions = _pu.COUNTRY_CODE_TO_REGION_CODE[code]
        self.country_zones: Any = None  # phonenumbers' own list object
        # (region, classifier) in _region_code_for_number_from_list's order; filled on first use
        self.candidates: list[tuple[str, _Classifier]] | None = None


# The private parts of phonenumbers the fast path reads (it repeats their logic, checked against
# numbers.resolve on first use): a release without one of them turns the fast path off.
_PRIVATE_NAMES = (
    (_pu, "_GEO_MOBILE_COUNTRIES"), (_pu, "_maybe_strip_national_prefix_carrier_code"),
    (_pu, "_test_number_length"), (_pu, "_set_italian_leading_zeros_for_phone_number"),
    (_phone_timezones, "_country_level_time_zones_for_number"), (_phone_timezones, "_UNKNOWN_TIME_ZONE_LIST"),
)


class FastResolver:
    """resolve() for exact E.164 strings; None means "use numbers.resolve"."""

    def __init__(self) -> None:
        self._classifiers: dict[int, _Classifier] = {}
        self._narrowed: dict[tuple[int, str | None], tuple[str, ...]] = {}
        self._codes = {str(code): _CallingCode(code) for code in _pu.COUNTRY_CODE_TO_REGION_CODE}
        self._nanp = _numbers.nanp_area_codes()
        missing = [name for module, name in _PRIVATE_NAMES if not hasattr(module, name)]
        self._geo_mobile: Any = getattr(_pu, "_GEO_MOBILE_COUNTRIES", frozenset())
        self._tz_data = TIMEZONE_DATA
        self._tz_prefix = TIMEZONE_LONGEST_PREFIX
        self._tz_unknown_list = getattr(_phone_timezones, "_UNKNOWN_TIME_ZONE_LIST", ())
        self._regions: dict[str, tuple[PhoneMetadata | None, _CallingCode | None, re.Pattern[str] | None]] = {}
        self.enabled = not missing  # a phonenumbers release without them: numbers.resolve for every number
        self.national_enabled = not missing  # the national-number path (resolve_national), self-checked apart
        if missing:
            warnings.warn(f"callwindow.batch: phonenumbers {phonenumbers.__version__} lacks {', '.join(missing)}; "
                          "using numbers.resolve for every number (slower, the same answers)",
                          RuntimeWarning, stacklevel=2)
        self.national_checked = False  # on first use: a list without national numbers does not pay for it
        self.checked = False

    # ---------------------------------------------------------- pieces

    def _classifier(self, metadata: PhoneMetadata) -> _Classifier:
        found = self._classifiers.get(id(metadata))
        if found is None:
            found = self._classifiers[id(metadata)] = _Classifier(metadata)
        return found

    def _region_and_type(self, calling: _CallingCode, nsn: str) -> tuple[str | None, int]:
        """(region_code_for_number, number_type) with one classification."""
        regions = calling.regions
        if len(regions) == 1:
            metadata = calling.metadata
            if metadata is None:
                return regions[0], _UNKNOWN
            return regions[0], self._classifier(metadata).number_type(nsn)
        # _region_code_for_number_from_list: leading digits where a region has
        # them, else the first region the number is valid in
        candidates = calling.candidates
        if candidates is None:
            candidates = calling.candidates = [
                (code, self._classifier(found))
                for code in regions
                if (found := PhoneMetadata.metadata_for_region(code.upper(), None)) is not None
            ]
        for code, classifier in candidates:
            if classifier.leading is not None:
                if classifier.leading.match(nsn):
                    return code, classifier.number_type(nsn)
            else:
                type_code = classifier.number_type(nsn)
                if type_code != _UNKNOWN:
                    return code, type_code  # number_type classifies with this same metadata
        # as number_type does for a number of no region (phonenumbers' stub says str; its own code passes None)
        metadata = PhoneMetadata.metadata_for_region_or_calling_code(calling.code, None)  # type: ignore[arg-type]
        if metadata is None:
            return None, _UNKNOWN
        return None, self._classifier(metadata).number_type(nsn)  # pragma: no cover - None region: UNKNOWN

    def _zones(self, calling: _CallingCode, e164: str, type_code: int, region: str | None) -> tuple[str, ...]:
        """numbers.narrow_to_region(numbers._phone_zones(...), region): phonenumbers'
        zones of a geographical number (longest matching prefix of the E.164
        digits), else the calling code's, narrowed to the region's own zones.
        phonenumbers' zone lists are module data, so their identity keys the memo."""
        if type_code == _PNT.FIXED_LINE or type_code == _PNT.FIXED_LINE_OR_MOBILE or (
            type_code == _PNT.MOBILE and calling.code in self._geo_mobile
        ):
            data = self._tz_data
            raw = self._tz_unknown_list
            for size in range(self._tz_prefix, 0, -1):
                found = data.get(e164[1:1 + size])
                if found is not None:
                    raw = found
                    break
        else:
            raw = calling.country_zones
            if raw is None:
                parsed = phonenumbers.PhoneNumber(country_code=calling.code, national_number=0)
                raw = calling.country_zones = _phone_timezones._country_level_time_zones_for_number(parsed)
        key = (id(raw), region)
        narrowed = self._narrowed.get(key)
        if narrowed is None:
            narrowed = self._narrowed[key] = _numbers.narrow_to_region(tuple(raw), region)
        return narrowed

    # ---------------------------------------------------------- resolve

    def _national(self, text: str) -> tuple[_CallingCode, str] | None:
        """The calling code and national significant number phonenumbers.parse
        finds in an exact "+digits" string, else None."""
        if not _E164.fullmatch(text):
            return None
        digits = text[1:]
        codes = self._codes
        calling = codes.get(digits[:1]) or codes.get(digits[:2]) or codes.get(digits[:3])
        if calling is None:
            return None
        national = digits[len(calling.text):]
        metadata = calling.metadata
        if len(national) < 2 or metadata is None:
            return None
        if calling.prefix is not None and calling.prefix.match(national):
            _, potential, _ = _pu._maybe_strip_national_prefix_carrier_code(national, metadata)
            if potential != national and _pu._test_number_length(potential, metadata) not in _BAD_LENGTH:
                national = potential
        if len(national) < 2 or len(national) > 17:
            return None
        # With leading zeros kept as parse keeps them (italian_leading_zero and
        # number_of_leading_zeros), the national significant number is `national`.
        return calling, national

    def parse(self, text: str) -> phonenumbers.PhoneNumber | None:
        """phonenumbers.parse(text, None) for an exact "+digits" string, else None."""
        found = self._national(text)
        if found is None:
            return None
        return self._number(*found)

    def _number(self, calling: _CallingCode, national: str) -> phonenumbers.PhoneNumber:
        """The PhoneNumber phonenumbers.parse makes of a calling code and national number found by _national."""
        parsed = phonenumbers.PhoneNumber(country_code=calling.code)
        _pu._set_italian_leading_zeros_for_phone_number(national, parsed)
        parsed.national_number = int(national)
        return parsed

    def resolve(
        self, text: str, zone: str | None = None, region_hint: str | None = None, subdivision_hint: str | None = None,
    ) -> Subscriber | None:
        """numbers.resolve(text, zone=..., region=..., subdivision=...), or None
        (use numbers.resolve). Raises InvalidNumber like numbers.resolve for a
        number of no known type."""
        if not self.enabled:
            return None
        found = self._national(text)
        if found is None:
            # "+33 1 42-68.53 (00)": phonenumbers keeps only the digits of a "+"
            # number made of digits and these separators (no extension can be
            # written without a label or "#"; nothing is trimmed or converted).
            stripped = text.strip() if type(text) is str else ""
            if not stripped.startswith("+") or len(stripped) > 64:
                return None
            found = self._national(stripped.translate(_SEPARATORS))
            if found is None:
                return None
        return self._subscriber(text, *found, zone, region_hint, subdivision_hint)

    def resolve_national(
        self, text: str, default_region: str, zone: str | None = None, region_hint: str | None = None,
        subdivision_hint: str | None = None,
    ) -> Subscriber | None:
        """numbers.resolve(text, default_region=..., ...) for a number written without "+" in
        the national form of `default_region` (an upper-case region code), or None."""
        if not self.enabled or not self.national_enabled:
            return None
        if not self.national_checked and not self.check_national():
            return None
        found = self._from_region(text, default_region)
        if found is None:
            return None
        return self._subscriber(text, *found, zone, region_hint, subdivision_hint)

    def _from_region(self, text: str, region: str) -> tuple[_CallingCode, str] | None:
        """The calling code and national significant number phonenumbers.parse(text, region)
        finds in digits and separators (" -.()"), taking the steps parse takes for that form:
        the region's calling code, then _maybe_strip_national_prefix_carrier_code +
        _test_number_length on the *region's* metadata. None for anything parse could read
        otherwise: an international (IDD) prefix, digits that begin with the calling code
        (parse may take them for one), letters, "+", extensions, other characters."""
        if type(text) is not str or len(text) > 64:
            return None
        digits = text.strip().translate(_SEPARATORS)
        if not (digits.isascii() and digits.isdigit()) or len(digits) < 2:
            return None
        found = self._regions.get(region)
        if found is None:
            metadata = PhoneMetadata.metadata_for_region(region, None)
            calling = self._codes.get(str(metadata.country_code)) if metadata is not None else None
            idd = re_compile(metadata.international_prefix) if metadata and metadata.international_prefix else None
            found = self._regions[region] = (metadata, calling, idd)
        metadata, calling, idd = found
        if metadata is None or calling is None or calling.metadata is None:
            return None
        if digits.startswith(calling.text) or (idd is not None and idd.match(digits)):
            return None
        national = digits
        prefix = metadata.national_prefix_for_parsing
        if prefix and re_compile(prefix).match(national):
            _, potential, _ = _pu._maybe_strip_national_prefix_carrier_code(national, metadata)
            if _pu._test_number_length(potential, metadata) not in _BAD_LENGTH:
                national = potential
        if len(national) < 2 or len(national) > 17:
            return None
        return calling, national

    def _subscriber(
        self, text: str, calling: _CallingCode, nsn: str, zone: str | None, region_hint: str | None,
        subdivision_hint: str | None,
    ) -> Subscriber:
        """numbers._resolve's steps from a calling code and national significant number on."""
        region, type_code = self._region_and_type(calling, nsn)
        e164 = "+" + calling.text + nsn
        if type_code == _UNKNOWN:
            # numbers._resolve: a well-formed +1 number of an area code in service that phonenumbers
            # does not know yet is placed by the NANPA table alone
            nanp = _numbers.unlisted_nanp(nsn) if calling.code == 1 else None
            if nanp is None:
                raise InvalidNumber(_numbers.invalid_message(text, self._number(calling, nsn)))
            region = nanp[0]
            number_type = _numbers.UNLISTED_NANP_TYPE
        else:
            if region == "001" or region == "ZZ":
                region = None
            number_type = _TYPE_NAMES.get(type_code) or _numbers.type_name(type_code)
            # only a 10-digit national number has an area code (numbers.nanp_place)
            nanp = self._nanp.get(nsn[:3]) if calling.code == 1 and len(nsn) == 10 else None
        if nanp is not None and region in _NANP_REGIONS:
            zones = nanp[2]
        elif calling.code == 1 and len(nsn) != 10 and region in _NANP_REGIONS:
            zones = _numbers.nanp_countrywide_zones(region)  # no area code (Canada's 310-xxxx)
        else:
            zones = _numbers.registry_zones(e164, region, self._zones(calling, e164, type_code, region))
        # numbers._resolve: the area code's, DDD's or Australian area code's state(s), else all of them
        candidates = _numbers.state_places(e164, region, number_type)
        subdivision = candidates[0] if len(candidates) == 1 else None
        places = tuple(place for place in (region, *candidates) if place)
        notes = (_numbers.unlisted_nanp_note(nsn[:3]),) if type_code == _UNKNOWN else ()
        subscriber = Subscriber(e164, region, subdivision, number_type, zones, places, notes)
        if zone or region_hint or subdivision_hint:
            subscriber = _numbers.apply_hints(subscriber, zone=zone, region=region_hint, subdivision=subdivision_hint)
        return _numbers.with_places_note(subscriber)

    # ---------------------------------------------------------- self check

    def self_check(self, resolve: Callable[..., Subscriber] = _numbers.resolve) -> bool:
        """Compare with numbers.resolve on the example number of every region and
        type (and a few variants); switch the fast path off on any difference."""
        if self.checked:
            return self.enabled
        self.checked = True
        samples: list[str] = []
        for region in sorted(phonenumbers.SUPPORTED_REGIONS):
            for type_code in range(11):
                example = phonenumbers.example_number_for_type(region, type_code)
                if example is not None:
                    text = phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164)
                    samples.extend((text, text[:-1] + str((int(text[-1]) + 3) % 10),
                                    f" {text[:3]} ({text[3:6]}) {text[6:-2]}-{text[-2:]} "))
        for number in phonenumbers.COUNTRY_CODES_FOR_NON_GEO_REGIONS:
            example = phonenumbers.example_number_for_non_geo_entity(number)
            if example is not None:
                samples.append(phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164))
        for text in dict.fromkeys(samples):
            expected: object
            got: object
            try:
                expected = resolve(text)
            except InvalidInput as error:
                expected = str(error)
            try:
                got = self.resolve(text)
            except InvalidInput as error:
                got = str(error)
            except Exception as error:  # (phonenumbers' internals changed under the fast path)
                got = f"{type(error).__name__}: {error}"
            if got is not None and got != expected:
                self.enabled = False
                warnings.warn(
                    f"callwindow.batch: the E.164 fast path differs from numbers.resolve on {text} "
                    f"({got} != {expected}); using numbers.resolve for every number",
                    RuntimeWarning, stacklevel=2,
                )
                break
        return self.enabled

    def check_national(self, resolve: Callable[..., Subscriber] = _numbers.resolve) -> bool:
        """Compare resolve_national with numbers.resolve(text, default_region=region) on the
        example number of every region and type, written in its national form and as bare
        digits; switch the national path off on any difference."""
        self.national_checked = True
        national: list[tuple[str, str]] = []
        for region in sorted(phonenumbers.SUPPORTED_REGIONS):
            for type_code in range(11):
                example = phonenumbers.example_number_for_type(region, type_code)
                if example is not None:
                    national.append((phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL),
                                     region))
                    national.append((phonenumbers.national_significant_number(example), region))
        expected: object
        got: object
        for text, region in dict.fromkeys(national):
            try:
                expected = resolve(text, default_region=region)
            except InvalidInput as error:
                expected = str(error)
            try:
                got = self.resolve_national(text, region)
            except InvalidInput as error:
                got = str(error)
            except Exception as error:  # (phonenumbers' internals changed under the fast path)
                got = f"{type(error).__name__}: {error}"
            if got is not None and got != expected:
                self.national_enabled = False
                warnings.warn(
                    f"callwindow.batch: the national-number fast path differs from numbers.resolve on {text!r} "
                    f"in {region} ({got} != {expected}); using numbers.resolve for national numbers",
                    RuntimeWarning, stacklevel=2,
                )
                break
        return self.national_enabled


_shared: FastResolver | None = None


def shared() -> FastResolver:
    """The process-wide fast resolver, self-checked on first use."""
    global _shared
    if _shared is None:
        resolver = FastResolver()
        resolver.self_check()
        _shared = resolver
    return _shared
