"""Generate data/nanp_area_codes.csv: every geographic North American (+1) area
code of the United States and Canada -> region, ISO 3166-2 subdivision(s), and
the IANA time zones used anywhere in it.

    python -m callwindow.tools.make_area_code_table --npa-report npa_report.csv [--date YYYY-MM-DD] [--output PATH]

Generation time only: this imports phonenumbers.geocoder (slow, large), which the
library never does at runtime; the library reads the generated CSV instead.

Method, per area code (NPA) 200..999:

* Sample numbers NPA-NXX-nnnn for every central-office code NXX 200..999, trying
  a few fixed line numbers per NXX until one is valid. Every NXX is sampled, not
  a handful, because phonenumbers keys its time-zone data by NPA-NXX: e.g. only
  32 of the 800 exchanges of 308 (western Nebraska) carry America/Denver.
* Keep numbers that phonenumbers says are valid, geographic, and of region US or
  CA (region_code_for_number). US territories (PR, GU, VI, AS, MP) and the other
  NANP countries have their own region codes, so they drop out here.
* Subdivision: parse geocoder.description_for_number(number, "en"), which is
  "City, ST", a state/province name ("Texas", "Washington State"), or a
  combined name ("Nova Scotia/Prince Edward Island"). All subdivisions seen
  across the samples are recorded (space-separated, with a warning) when they
  disagree: the library fails closed on ambiguity.
* Zones: the union of timezone.time_zones_for_geographical_number over the
  samples, minus any zone that IANA zone.tab does not list for the country
  (phonenumbers sometimes names a look-alike zone of another country), plus the
  documented fixes in ZONE_ADDITIONS.

Area codes in service that phonenumbers does not know yet (ten in phonenumbers 9.0.43:
357 436 457 621 624 679 729 837 861 924) come from NANPA's NPA database, the CSV
"npa_report.csv" of https://nanpa.com/reports/npa-reports (a copy of the file dated
2025-11-26 is kept at https://github.com/taus9/trim-npa-report). For each geographic
(USE G) US or Canadian code in service that phonenumbers gives no row, the report
names the state or province (LOCATION) and its time zones as letters (TIME_ZONE:
E, C, M, P, A, N, AK; "EC" = Eastern and Central). Its zones are those of the other
codes of its overlay complex (OVERLAY_COMPLEX, PARENT_NPA_ID), plus, for any of the
report's letters that no such zone matches by winter offset, every zone of the
state with that offset (fail closed). Without --npa-report the tool refuses to run
(--without-npa-report leaves these codes out on purpose).

The output is deterministic for a given phonenumbers + tzdata version and NANPA
report except for the date comment line (set it with --date).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator
from importlib import metadata, resources
from pathlib import Path
from zoneinfo import ZoneInfo

import phonenumbers
from phonenumbers import PhoneNumberType, geocoder, timezone
from phonenumbers.phonenumber import PhoneNumber

MODULE = "callwindow.tools.make_area_code_table"
DEFAULT_OUTPUT = Path(__file__).resolve().parents[2] / "data" / "nanp_area_codes.csv"
REGIONS = ("US", "CA")

# Central-office codes sampled in every NPA, and the line numbers tried (in this
# order) for each until phonenumbers accepts one.
EXCHANGES = range(200, 1000)
LINE_NUMBERS = ("2345", "6789", "0100")

# Known non-geographic NPAs, skipped without sampling: toll-free, premium,
# personal communications (5XX) and Canadian non-geographic services. This is a
# shortcut and documentation only; the real gate is the number type check.
NON_GEOGRAPHIC_NPAS = frozenset(
    {456, 500, 521, 522, 523, 524, 525, 526, 527, 528, 529, 532, 533, 544, 566, 577, 588,
     600, 622, 633, 700, 710, 800, 833, 844, 855, 866, 877, 888, 900}
)
GEOGRAPHIC_TYPES = frozenset(
    {PhoneNumberType.FIXED_LINE, PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE}
)

# ISO 3166-2 subdivision codes: postal abbreviation -> full English name.
US_STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas",
    "CA": "California", "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware",
    "DC": "District of Columbia", "FL": "Florida", "GA": "Georgia", "HI": "Hawaii",
    "ID": "Idaho", "IL": "Illinois", "IN": "Indiana", "IA": "Iowa", "KS": "Kansas",
    "KY": "Kentucky", "LA": "Louisiana", "ME": "Maine", "MD": "Maryland",
    "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota", "MS": "Mississippi",
    "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma",
    "OR": "Oregon", "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina",
    "SD": "South Dakota", "TN": "Tennessee", "TX": "Texas", "UT": "Utah",
    "VT": "Vermont", "VA": "Virginia", "WA": "Washington", "WV": "West Virginia",
    "WI": "Wisconsin", "WY": "Wyoming",
}
CA_PROVINCES: dict[str, str] = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
    "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}
SUBDIVISIONS: dict[str, dict[str, str]] = {"US": US_STATES, "CA": CA_PROVINCES}

# Spellings the geocoder uses besides the names above (as of phonenumbers 9.0).
NAME_ALIASES: dict[str, dict[str, str]] = {
    "US": {"Washington State": "WA", "Washington D.C.": "DC", "Washington, D.C.": "DC"},
    "CA": {"British Colombia": "BC", "Québec": "QC", "Newfoundland": "NL", "Labrador": "NL",
           "Yukon Territory": "YT"},
}
# Descriptions that are a bare place name (no ", ST" suffix).
PLACE_FIXUPS: dict[str, dict[str, str]] = {
    "US": {},
    "CA": {"Watson Lake": "YT"},  # Watson Lake, Yukon (867)
}

# Zones phonenumbers misses, added after the zone.tab filter. The library must
# fail closed: an area code lists every zone used anywhere inside it. Each entry
# is an overlay (same territory as its parent area code) to which phonenumbers
# gives fewer zones than to the parent, so the evidence is phonenumbers' own
# data for the parent (see the parent's row in the generated table). Additions
# never remove a zone. Stale entries (zone already present) are reported.
# Checked and needing nothing: 308 (phonenumbers has America/Denver for the
# Panhandle exchanges), 915 (America/Denver), 208/541/605/620/701/785/812/850
# (both zones already). Cumberland County TN (931) is Central, not Eastern.
ZONE_ADDITIONS: dict[int, tuple[tuple[str, str], ...]] = {
    # BC-wide overlays of 604/250. phonenumbers gives 250 America/Edmonton for the
    # East Kootenay / Peace River exchanges (Mountain time) but the overlays only
    # America/Vancouver.
    236: (("America/Edmonton", "overlay of 604/250; 250 has Mountain-time exchanges"),),
    257: (("America/Edmonton", "overlay of 604/250/236/672/778; 250 has Mountain-time exchanges"),),
    672: (("America/Edmonton", "overlay of 604/250; 250 has Mountain-time exchanges"),),
    778: (("America/Edmonton", "overlay of 604/250; 250 has Mountain-time exchanges"),),
    # Western Kentucky: 270 is mostly Central (Bowling Green, Paducah, Owensboro),
    # phonenumbers gives 270 both zones but its overlay 364 only America/New_York.
    364: (("America/Chicago", "overlay of 270 (western Kentucky, mostly Central time)"),),
    # Southern Indiana: 812 has Central-time counties around Evansville (phonenumbers
    # gives 812 both zones), its overlay 930 only America/New_York.
    930: (("America/Chicago", "overlay of 812 (SW Indiana counties on Central time)"),),
    # Florida panhandle west of the Apalachicola River is Central time: 850 has both
    # zones in phonenumbers, its overlay 448 only America/New_York.
    448: (("America/Chicago", "overlay of 850 (western panhandle on Central time)"),),
    # Orlando overlay of 407/321, all Eastern time; phonenumbers says America/Chicago
    # (an error; kept because additions never remove a zone).
    689: (("America/New_York", "overlay of 407/321 (Orlando, Eastern time); phonenumbers says Chicago"),),
    # Oregon: 541 has Malheur County (Ontario, OR) on Mountain time (phonenumbers
    # gives 541 America/Denver for those exchanges), its overlay 458 only Pacific.
    458: (("America/Denver", "overlay of 541 (Malheur County on Mountain time)"),),
    # Idaho: 208 has America/Denver for some exchanges besides America/Boise; its
    # overlay 986 lacks it (same offsets as Boise today; kept for consistency).
    986: (("America/Denver", "overlay of 208 (phonenumbers gives 208 America/Denver too)"),),
    # Saskatchewan: no DST (America/Regina, as phonenumbers gives 306/639), but
    # phonenumbers gives the overlay 474 America/Winnipeg, which has DST.
    474: (("America/Regina", "overlay of 306/639 (Saskatchewan, no DST); phonenumbers says Winnipeg"),),
    # Quebec: 418 covers the Magdalen Islands on Atlantic time (phonenumbers gives
    # 418 America/Halifax too), its overlays 581 and 367 only America/Toronto.
    581: (("America/Halifax", "overlay of 418 (Magdalen Islands on Atlantic time)"),),
    367: (("America/Halifax", "overlay of 418/581 (Magdalen Islands on Atlantic time)"),),
    # Newfoundland and Labrador: 709 has America/St_Johns and America/Halifax
    # (Labrador is on Atlantic time); its overlay 879 gets America/St_Johns and
    # America/Puerto_Rico, and the latter is dropped as not Canadian.
    879: (("America/Halifax", "overlay of 709 (Labrador on Atlantic time)"),),
    # NANPA's NPA report lists 915 (west Texas) with the time zones "CM" (Central and
    # Mountain) and 931 (middle Tennessee) with "EC" (Eastern and Central); phonenumbers gives
    # one zone each (law audit D2, https://nanpa.com/reports/npa-reports). Both zones: a call
    # must suit either (the stricter reading).
    915: (("America/Chicago", "NANPA NPA report: 915 time zones CM (Central and Mountain)"),),
    931: (("America/New_York", "NANPA NPA report: 931 time zones EC (Eastern and Central)"),),
}


def warn(message: str) -> None:
    print(f"warning: {message}", file=sys.stderr)


def zone_tab() -> dict[str, frozenset[str]]:
    """Country code -> zones listed for it in tzdata's zone.tab."""
    text = resources.files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8")
    table: dict[str, set[str]] = {}
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        table.setdefault(fields[0], set()).add(fields[2])
    return {country: frozenset(zones) for country, zones in table.items()}


def samples(npa: int) -> Iterator[tuple[str, PhoneNumber, bool]]:
    """Valid US/CA numbers of one NPA, one per NXX: (region, number, geographic)."""
    for nxx in EXCHANGES:
        for line in LINE_NUMBERS:
            number = PhoneNumber(country_code=1, national_number=int(f"{npa}{nxx}{line}"))
            # is_valid_number_for_region is much cheaper than is_valid_number on
            # the many invalid numbers, which would be tried against 25 regions.
            if not any(phonenumbers.is_valid_number_for_region(number, r) for r in REGIONS):
                continue
            region = phonenumbers.region_code_for_number(number)
            if region in REGIONS:
                geographic = (
                    phonenumbers.number_type(number) in GEOGRAPHIC_TYPES
                    and phonenumbers.is_number_geographical(number)
                )
                yield region, number, geographic
            break


def subdivisions_of(description: str, region: str) -> tuple[str, ...] | None:
    """ISO 3166-2 codes named by a geocoder description, or None if unknown."""
    abbrevs = SUBDIVISIONS[region]
    match = re.fullmatch(r".+, ([A-Z]{2})", description)
    if match:
        return (f"{region}-{match.group(1)}",) if match.group(1) in abbrevs else None
    by_name = {name: abbrev for abbrev, name in abbrevs.items()} | NAME_ALIASES[region]
    if description in by_name:
        return (f"{region}-{by_name[description]}",)
    parts = description.split("/")
    if len(parts) > 1 and all(part in by_name for part in parts):
        return tuple(f"{region}-{by_name[part]}" for part in parts)
    if description in PLACE_FIXUPS[region]:
        return (f"{region}-{PLACE_FIXUPS[region][description]}",)
    return None


def country_level_zones() -> frozenset[str]:
    """The zones phonenumbers returns when it has nothing specific for a +1 number
    (all NANP zones): a sample returning exactly these carries no information."""
    toll_free = phonenumbers.parse("+18002345678")
    return frozenset(timezone.time_zones_for_number(toll_free))


def build_rows(zones_by_country: dict[str, frozenset[str]]) -> list[tuple[str, str, str, str]]:
    fallback = country_level_zones()
    rows: list[tuple[str, str, str, str]] = []
    non_geographic: list[int] = []
    for npa in range(200, 1000):
        if npa in NON_GEOGRAPHIC_NPAS or npa % 100 == 11:  # N11 service codes
            continue
        regions: Counter[str] = Counter()
        subdivisions: Counter[str] = Counter()
        unknown_descriptions: Counter[str] = Counter()
        zones: set[str] = set()
        no_zone_data = 0
        seen_non_geographic = False
        for region, number, geographic in samples(npa):
            if not geographic:
                seen_non_geographic = True
                continue
            regions[region] += 1
            description = geocoder.description_for_number(number, "en")
            found = subdivisions_of(description, region) if description else None
            if found is None:
                unknown_descriptions[description] += 1
            else:
                subdivisions.update(found)
            number_zones = frozenset(timezone.time_zones_for_geographical_number(number))
            if number_zones == fallback or number_zones <= {"Etc/Unknown"}:
                no_zone_data += 1
            else:
                zones.update(number_zones)
        if not regions:
            if seen_non_geographic:
                non_geographic.append(npa)
            continue
        if len(regions) > 1:
            warn(f"{npa}: samples in several regions {dict(sorted(regions.items()))}; skipped")
            continue
        (region,) = regions
        for description, count in sorted(unknown_descriptions.items()):
            warn(f"{npa}: unrecognised geocoder description {description!r} ({count} samples), ignored")
        if no_zone_data:
            warn(f"{npa}: {no_zone_data} samples have no specific zone data, ignored")
        if not subdivisions:
            warn(f"{npa}: no subdivision found; skipped")
            continue
        if len(subdivisions) > 1:
            counts = ", ".join(f"{code} x{n}" for code, n in sorted(subdivisions.items()))
            warn(f"{npa}: samples disagree on the subdivision ({counts}); recording all")
        own = zones_by_country.get(region, frozenset())
        foreign = sorted(zones - own)
        if foreign:
            warn(f"{npa}: dropped zones not in zone.tab for {region}: {' '.join(foreign)}")
        zones &= own
        if not zones:
            warn(f"{npa}: no zone left after the zone.tab filter")
        for zone, why in ZONE_ADDITIONS.get(npa, ()):
            if zone not in own:
                raise SystemExit(f"ZONE_ADDITIONS[{npa}]: {zone} is not a {region} zone in zone.tab")
            if zone in zones:
                warn(f"{npa}: ZONE_ADDITIONS entry {zone} is already present (stale: {why})")
            zones.add(zone)
        if not zones:
            warn(f"{npa}: no zone at all; skipped")
            continue
        rows.append((f"{npa:03d}", region, " ".join(sorted(subdivisions)), " ".join(sorted(zones))))
    listed = {int(row[0]) for row in rows}
    for npa in sorted(set(ZONE_ADDITIONS) - listed):
        warn(f"ZONE_ADDITIONS has {npa}, which is not in the table")
    if non_geographic:
        print(
            "note: valid for US/CA but not geographic, skipped: " + " ".join(map(str, non_geographic)),
            file=sys.stderr,
        )
    return rows


# NANPA's time-zone letters (npa_report.csv, TIME_ZONE) -> standard (winter) UTC offset in minutes.
NANPA_ZONE_LETTERS: dict[str, int] = {"N": -210, "A": -240, "E": -300, "C": -360, "M": -420, "P": -480}
NANPA_ALASKA = -540  # "AK"
NANPA_COUNTRIES = {"US": "US", "CANADA": "CA"}
_JANUARY = dt.datetime(2026, 1, 15, tzinfo=dt.UTC)


def winter_offset(zone: str) -> int:
    """The zone's UTC offset in minutes in mid-January (standard time in North America)."""
    offset = _JANUARY.astimezone(ZoneInfo(zone)).utcoffset()
    return int(offset.total_seconds() // 60) if offset is not None else 0


def nanpa_offsets(letters: str) -> set[int] | None:
    """The standard offsets a NANPA TIME_ZONE field names ("EC" -> Eastern and Central), None if unreadable."""
    text = letters.strip().upper()
    if text == "AK":
        return {NANPA_ALASKA}
    if not text or any(letter not in NANPA_ZONE_LETTERS for letter in text):
        return None
    return {NANPA_ZONE_LETTERS[letter] for letter in text}


def read_npa_report(path: Path) -> tuple[str, list[dict[str, str]]]:
    """(file date, records) of NANPA's npa_report.csv: a "File Date,MM/DD/YYYY" line, then the header."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        first = handle.readline().strip().split(",")
        if len(first) < 2 or first[0] != "File Date":
            raise SystemExit(f"{path}: not NANPA's npa_report.csv (its first line is 'File Date,MM/DD/YYYY')")
        month, day, year = first[1].split("/")
        records = list(csv.DictReader(handle))
    for column in ("NPA_ID", "USE", "LOCATION", "COUNTRY", "IN_SERVICE", "TIME_ZONE", "OVERLAY_COMPLEX"):
        if records and column not in records[0]:
            raise SystemExit(f"{path}: no {column} column; NANPA changed the report's layout")
    return f"{year}-{int(month):02d}-{int(day):02d}", records


def nanpa_rows(
    records: list[dict[str, str]], rows: list[tuple[str, str, str, str]], zones_by_country: dict[str, frozenset[str]],
) -> list[tuple[str, str, str, str]]:
    """Rows for the geographic US/Canadian area codes in service in NANPA's report that `rows` lacks."""
    known = {row[0]: row for row in rows}
    by_subdivision: dict[str, set[str]] = {}
    for _code, _region, subdivisions, row_zones in rows:
        for subdivision in subdivisions.split():
            by_subdivision.setdefault(subdivision, set()).update(row_zones.split())
    added: list[tuple[str, str, str, str]] = []
    for record in records:
        npa = record["NPA_ID"].strip()
        region = NANPA_COUNTRIES.get(record["COUNTRY"].strip().upper())
        if npa in known or region is None or record["USE"] != "G" or record["IN_SERVICE"] != "Y":
            continue
        location = record["LOCATION"].strip()
        by_name = {name.upper(): abbrev for abbrev, name in SUBDIVISIONS[region].items()}
        abbrev = location if location in SUBDIVISIONS[region] else by_name.get(location.upper())
        if abbrev is None:
            continue  # a territory (PR, GU, VI, AS, MP): its own region code, not in this table
        subdivision = f"{region}-{abbrev}"
        siblings = {part.strip() for part in record["OVERLAY_COMPLEX"].split("/")} | {record.get("PARENT_NPA_ID", "")}
        zones: set[str] = set()
        for sibling in sorted(siblings - {npa, ""}):
            if sibling in known and subdivision in known[sibling][2].split():
                zones.update(known[sibling][3].split())
        state_zones = by_subdivision.get(subdivision, set())
        offsets = nanpa_offsets(record["TIME_ZONE"])
        if offsets is None:
            warn(f"{npa}: unreadable NANPA time zone {record['TIME_ZONE']!r}; every zone of {subdivision}")
            zones |= state_zones
        else:
            for offset in sorted(offsets - {winter_offset(zone) for zone in zones}):
                zones |= {zone for zone in state_zones if winter_offset(zone) == offset}
            missing = offsets - {winter_offset(zone) for zone in zones}
            if missing:
                warn(f"{npa}: no {subdivision} zone for NANPA's {record['TIME_ZONE']!r}; every zone of {subdivision}")
                zones |= state_zones
        zones &= zones_by_country.get(region, frozenset())
        if not zones:
            warn(f"{npa}: in service per NANPA but no zone found for {subdivision}; skipped")
            continue
        added.append((npa, region, subdivision, " ".join(sorted(zones))))
        print(f"note: {npa} from the NANPA report: {subdivision} {' '.join(sorted(zones))} "
              f"(in service {record.get('IN_SERVICE_DT', '?')}, planning letters {record.get('PLANNING_LETTERS', '')})",
              file=sys.stderr)
    return added


def render(rows: Iterable[tuple[str, str, str, str]], date: str, report_date: str | None = None) -> str:
    out = io.StringIO()
    out.write(f"# GENERATED by python -m {MODULE} — do not edit by hand\n")
    out.write(
        f"# Source: phonenumbers {phonenumbers.__version__} (geocoder and time-zone data), "
        f"tzdata {metadata.version('tzdata')} (zone.tab), plus ZONE_ADDITIONS in the script\n"
    )
    if report_date is not None:
        out.write(
            f"# Source: NANPA NPA report (npa_report.csv) of {report_date}, https://nanpa.com/reports/npa-reports: "
            "area codes in service that phonenumbers does not know, with their state and time-zone letters\n"
        )
    out.write(f"# Date: {date}\n")
    out.write(
        "# Columns: area_code = NANP area code (NPA); region = ISO 3166-1 country; "
        "subdivision = ISO 3166-2 code(s), space-separated when ambiguous; "
        "zones = every IANA zone used in the area code, space-separated, sorted\n"
    )
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(("area_code", "region", "subdivision", "zones"))
    writer.writerows(rows)
    return out.getvalue()


def summarise(rows: list[tuple[str, str, str, str]]) -> None:
    per_region = Counter(row[1] for row in rows)
    print(f"{len(rows)} area codes: " + ", ".join(f"{r} {per_region[r]}" for r in REGIONS), file=sys.stderr)
    multi = [row for row in rows if len(row[3].split()) > 1]
    print(f"{len(multi)} area codes with more than one zone:", file=sys.stderr)
    for area_code, _region, subdivision, zones in multi:
        print(f"  {area_code} {subdivision}: {zones}", file=sys.stderr)


def iso_date(text: str) -> str:
    try:
        return dt.date.fromisoformat(text).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog=f"python -m {MODULE}", description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--date",
        type=iso_date,
        default=dt.date.today().isoformat(),
        help="date written in the header comment (YYYY-MM-DD, default today)",
    )
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help=f"default {DEFAULT_OUTPUT}")
    parser.add_argument("--npa-report", type=Path, default=None,
                        help="NANPA's npa_report.csv (https://nanpa.com/reports/npa-reports): adds the area codes "
                             "in service that phonenumbers does not know")
    parser.add_argument("--without-npa-report", action="store_true",
                        help="leave out the area codes phonenumbers does not know (a smaller table)")
    args = parser.parse_args(argv)
    if args.npa_report is None and not args.without_npa_report:
        parser.error("give --npa-report npa_report.csv (NANPA's NPA database, https://nanpa.com/reports/npa-reports): "
                     "without it the area codes in service that phonenumbers does not know are lost "
                     "(--without-npa-report to do so on purpose)")
    zones_by_country = zone_tab()
    rows = build_rows(zones_by_country)
    report_date = None
    if args.npa_report is not None:
        report_date, records = read_npa_report(args.npa_report)
        rows = sorted(rows + nanpa_rows(records, rows, zones_by_country))
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(render(rows, args.date, report_date), encoding="utf-8")
    print(f"wrote {args.output}", file=sys.stderr)
    summarise(rows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
