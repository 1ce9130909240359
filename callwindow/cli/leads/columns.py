"""Which input column holds what: the phone number, found by its header name (or given), and the
hint, purpose and contact columns."""

from __future__ import annotations

import argparse
import re
import unicodedata
from dataclasses import dataclass

from . import ListError
from .outcome import DECISION_COLUMNS

# Column names recognised without an option: compared after normalise_name (lower case, accents
# dropped, spaces/dashes/dots as "_"), so `Téléphone`, `TELEFON` and `Phone Number` all match.
# Other languages: the words CRM and spreadsheet exports use for the phone and the hints.
PHONE_NAMES = frozenset({
    "phone", "phone_number", "phonenumber", "phone_no", "mobile", "mobile_number", "mobile_phone", "cell",
    "cell_phone", "cellphone", "tel", "telephone", "telephone_number", "number", "msisdn", "e164",
    # fr, de, nl, es, it, pt, pl, sv/da/no, fi, tr, cs, ro, hu
    "numero_de_telephone", "portable", "mobile_portable", "telefon", "telefonnummer", "rufnummer", "handy",
    "mobilnummer", "mobiltelefon", "telefoon", "telefoonnummer", "mobiel", "telefono", "numero_de_telefono",
    "movil", "celular", "telefono_movil", "cellulare", "numero_di_telefono", "telefone", "telemovel",
    "numero_de_telefone", "telefon_komorkowy", "komorka", "numer_telefonu", "puhelin", "puhelinnumero",
    "matkapuhelin", "telefon_numarasi", "cep_telefonu", "telefonni_cislo", "mobil", "telefonszam",
    # ru/uk/bg, el, he, ar, fa, hi
    "телефон", "номер_телефона", "мобильный", "мобильный_телефон", "сотовый", "тел", "номер_телефону",
    "τηλεφωνο", "κινητο", "טלפון", "נייד", "هاتف", "رقم_الهاتف", "جوال", "موبايل", "تلفن", "شماره_تلفن",
    "फ़ोन", "फोन", "मोबाइल",
    # zh, ja, ko, th, vi
    "电话", "电话号码", "手机", "手机号", "手机号码", "联系电话", "電話", "電話號碼", "手機", "電話番号",
    "携帯", "携帯電話", "携帯番号", "전화", "전화번호", "휴대폰", "휴대전화", "โทรศัพท์", "dien_thoai",
    "so_dien_thoai",
})
HINT_NAMES: dict[str, frozenset[str]] = {
    "zone": frozenset({"zone", "time_zone", "timezone", "tz", "iana_zone", "fuseau_horaire", "zeitzone",
                       "zona_horaria", "fuso_orario", "fuso_horario", "часовой_пояс", "时区", "時區", "タイムゾーン"}),
    "region": frozenset({"region", "country", "country_code", "iso_country", "pays", "land", "pais", "paese",
                         "kraj", "maa", "ulke", "страна", "χωρα", "国家", "國家", "国", "국가", "دولة", "البلد"}),
    # Only English names for these two: a foreign list's state or postal column holds names and
    # national codes (Bayern, 75001) that would reject every row (postcodes are read for the US, CA,
    # AU, BR and MX only: docs/numbers.md).
    "subdivision": frozenset({"subdivision", "state", "province", "state_code", "province_code"}),
    "postal_code": frozenset({"postal_code", "postcode", "post_code", "zip", "zip_code", "zipcode"}),
    "purpose": frozenset({"purpose"}),
    "contact": frozenset({"contact_kind", "contact_type"}),
    # how the call is made: live, prerecorded (an artificial or AI voice), automated (an autodialer)
    "call_type": frozenset({"call_type", "dial_type", "call_mode"}),
    # the person or account several numbers belong to (caps kept per person count them all)
    "contact_id": frozenset({"contact_id", "person_id", "customer_id", "account_id", "crm_id"}),
    # S15: the lead's readiness to buy (cold, warm, hot): the calling plan puts hot leads first
    "temperature": frozenset({"temperature", "lead_temperature", "lead_temp", "heat"}),
}


def normalise_name(name: str) -> str:
    """A header name as compared: lower case, accents dropped, runs of spaces/dashes/dots as "_"."""
    text = name.replace("\ufeff", "").strip().lower()
    if not text.isascii():
        text = "".join(_unaccented(character) for character in text)
    return SEPARATORS.sub("_", text)


SEPARATORS = re.compile(r"[\s\-.]+")


def _unaccented(character: str) -> str:
    """A Latin or Greek letter without its accents (é -> e, ά -> α); other scripts as they are
    (decomposing them would break Hangul syllables, й and Devanagari nuktas)."""
    code = ord(character)
    if 0x0400 <= code < 0x1E00 or code >= 0x2000:  # outside Latin, Greek and their extended blocks
        return character
    if character == "đ":  # Vietnamese d with stroke: not a decomposable accent
        return "d"
    return "".join(part for part in unicodedata.normalize("NFKD", character) if not unicodedata.combining(part))


def looks_like_phone(text: str) -> bool:
    digits = sum(character.isdigit() for character in text)
    return digits >= 6 and not any(character.isalpha() for character in text.replace("ext", ""))


@dataclass
class Columns:
    """Which input column holds what: names for JSON lines, indexes for CSV."""

    header: list[str]  # input columns (CSV header, or the first JSON object's keys)
    phone: int
    hints: dict[str, int]  # hint kind -> column index

    def describe(self) -> str:
        parts = [f"phone={self.header[self.phone]}"]
        parts += [f"{kind}={self.header[index]}" for kind, index in self.hints.items()]
        return ", ".join(parts)


def choose_columns(header: list[str], args: argparse.Namespace, *, allow_headerless: bool) -> Columns | None:
    """The phone column (given, or the one header that names a phone) and hint
    columns. None when there is no header match and the first row looks like a
    single phone number (a headerless one-column list)."""
    normalised = [normalise_name(name) for name in header]

    def find(given: str, what: str) -> int:
        wanted = normalise_name(given)
        matches = [index for index, name in enumerate(normalised) if name == wanted]
        if not matches and given.isdigit() and 1 <= int(given) <= len(header):
            return int(given) - 1
        if not matches:
            raise ListError(f"no {what} column {given!r}: the columns are {', '.join(map(repr, header))}")
        if len(matches) > 1:
            raise ListError(f"several columns are named {given!r}: give its position (1-{len(header)}) instead")
        return matches[0]

    if args.phone_column:
        phone = find(args.phone_column, "phone")
    else:
        # The decision columns of an earlier run (e164...) are replaced, never read.
        found = [index for index, name in enumerate(normalised) if name in PHONE_NAMES and name not in DECISION_COLUMNS]
        if len(found) == 1:
            phone = found[0]
        elif len(found) > 1:
            names = ", ".join(repr(header[index]) for index in found)
            raise ListError(f"several columns may hold the phone number ({names}): choose one with --phone-column NAME")
        elif allow_headerless and len(header) == 1 and looks_like_phone(header[0]):
            return None
        else:
            raise ListError(
                f"cannot tell which column holds the phone number (columns: {', '.join(map(repr, header))}): "
                "use --phone-column NAME")
    hints: dict[str, int] = {}
    for kind, hint_names in HINT_NAMES.items():
        given = getattr(args, f"{kind}_column")
        if given is not None:
            if given.strip():
                hints[kind] = find(given, kind.replace("_", " "))
            continue
        if args.no_hints:
            continue
        found = [index for index, name in enumerate(normalised) if name in hint_names and index != phone]
        if len(found) == 1:
            hints[kind] = found[0]
        elif len(found) > 1:
            names_found = ", ".join(repr(header[index]) for index in found)
            raise ListError(f"several columns may hold the {kind.replace('_', ' ')} ({names_found}): "
                            f"choose one with --{kind.replace('_', '-')}-column NAME (or '' for none)")
    return Columns(header, phone, hints)

