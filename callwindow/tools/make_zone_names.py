"""Generate data/zone_names.csv: every time zone the library can give a number, with the name
people use for it ("Eastern Time" for America/Toronto, "Central European Time" for
Europe/Berlin) and its city ("Toronto"), in English, from the Unicode CLDR.

    pip install -e '.[tools]'    # Babel, the CLDR package for Python (never a run-time dependency)
    python -m callwindow.tools.make_zone_names [--date YYYY-MM-DD]

Zones: every zone of phonenumbers' time-zone data, every zone of tzdata's zone.tab (what
numbers.region_zones narrows by), every IANA zone named in a shipped data table
(data/**/*.csv, *.toml), and every other Area/Location name of tzdata (what a --zone hint may
name, links such as America/Montreal and US/Eastern included). Names (the first that CLDR has):

1. the zone's metazone, long generic name: "Eastern Time", "Australian Eastern Time";
2. the metazone's long standard name when the zone keeps one offset all year (CLDR gives some
   metazones without summer time no generic name: "Hawaii Time", "Greenwich Mean Time");
3. the generic location form: "{country} Time" for a country's only zone ("Jordan Time"),
   else "{exemplar city} Time" ("Troll Station Time");
4. for Etc/ zones (a rule's literal "standard time all year"), CLDR's GMT form: "GMT-06:00"
   for Etc/GMT+6 (POSIX signs are inverted).

The city is CLDR's exemplar city ("Ho Chi Minh City" for Asia/Saigon, "Knox, Indiana"). The
command line reads the table (cli.render.zone_name); it imports neither this module nor Babel.
CLDR is under the Unicode License v3: its text is copied from Babel's locale data to
data/licenses/.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import re
import shutil
from importlib import metadata, resources
from pathlib import Path
from typing import Any

from callwindow.clock import get_zone

DATA = Path(__file__).resolve().parents[2] / "data"
OUTPUT = DATA / "zone_names.csv"
LICENSE = DATA / "licenses" / "CLDR-Unicode-3.0.txt"
LOCALE = "en"
_ZONE_WORD = re.compile(r"\b[A-Z][A-Za-z]+(?:/[A-Za-z0-9_+-]+)+")


def zones() -> list[str]:
    """The zones a number can be given: phonenumbers' data, zone.tab, our data tables, hints."""
    from phonenumbers.tzdata import TIMEZONE_DATA

    from callwindow.numbers import region_zones

    # tzdata's own list (the zones clock.get_zone reads), not the host's /usr/share/zoneinfo
    known = set(resources.files("tzdata").joinpath("zones").read_text(encoding="utf-8").split())
    found = {zone for names in TIMEZONE_DATA.values() for zone in names}
    found.update(zone for names in region_zones().values() for zone in names)
    for path in sorted(DATA.rglob("*")):
        if path.suffix in (".csv", ".toml") and path.is_file() and path != OUTPUT:
            found.update(_ZONE_WORD.findall(path.read_text(encoding="utf-8")))
    found.update(zone for zone in known if "/" in zone)  # not "EST5EDT", "Cuba", "Factory", "localtime"
    return sorted(found & known)  # Etc/Unknown (phonenumbers' "no zone") and non-zone words go


def _steady(zone: str, year: int) -> bool:
    """The zone keeps one UTC offset over two years from `year` (no summer time)."""
    tz = get_zone(zone)
    offsets = {datetime.datetime(y, month, 15, 12, tzinfo=tz).utcoffset()
               for y in (year, year + 1) for month in range(1, 13)}
    return len(offsets) == 1


# Babel is in the tools extra, not the test extra: CI's mypy runs without it (hence the ignores,
# "unused" where it is installed).
def name_of(zone: str, year: int, locale: Any) -> tuple[str, str, str]:
    """(name, city, form) of one zone: form = generic | standard | location | gmt (the rule used)."""
    from babel.core import get_global  # type: ignore[import-not-found,unused-ignore]
    from babel.dates import get_timezone_gmt, get_timezone_location  # type: ignore[import-not-found,unused-ignore]

    canonical = get_global("zone_aliases").get(zone, zone)
    if canonical.startswith("Etc/"):  # Etc/GMT+6 is UTC-6 (POSIX signs): CLDR's GMT form, "GMT-06:00"
        moment = datetime.datetime(year, 1, 15, 12, tzinfo=get_zone(zone))
        # CLDR's gmtZeroFormat ("GMT"), which Babel does not apply: not "GMT+00:00"
        name = get_timezone_gmt(moment, locale=locale) if moment.utcoffset() else "GMT"
        return name, name, "gmt"
    city = get_timezone_location(zone, locale=locale, return_city=True)
    metazone = get_global("meta_zones").get(canonical)
    long_names = dict(locale.meta_zones.get(metazone, {}).get("long", {})) if metazone else {}
    if long_names.get("generic"):
        return long_names["generic"], city, "generic"
    if long_names.get("standard") and _steady(zone, year):
        return long_names["standard"], city, "standard"
    territory = get_global("zone_territories").get(canonical, "ZZ")
    if len(get_global("territory_zones").get(territory, ())) == 1:
        place = locale.territories.get(territory, territory)
    else:
        place = city
    return str(locale.zone_formats["region"] % place), city, "location"


def rows(year: int) -> list[tuple[str, str, str, str]]:
    from babel import Locale  # type: ignore[import-not-found,unused-ignore]

    locale = Locale.parse(LOCALE)
    return [(zone, *name_of(zone, year, locale)) for zone in zones()]


def main() -> None:
    import babel  # type: ignore[import-not-found,unused-ignore]
    from babel.core import get_cldr_version  # type: ignore[import-not-found,unused-ignore]

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    table = rows(datetime.date.fromisoformat(args.date).year)
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# GENERATED by python -m callwindow.tools.make_zone_names - do not edit by hand\n")
        handle.write(f"# Source: Unicode CLDR {get_cldr_version()} as shipped by Babel {babel.__version__} "
                     f"(locale {LOCALE}; Unicode License v3, data/licenses/{LICENSE.name}); zones of "
                     f"phonenumbers {metadata.version('phonenumbers')}, tzdata {metadata.version('tzdata')} "
                     "(zone.tab, every Area/Location name) and data/ tables\n")
        handle.write(f"# Date: {args.date}\n")
        handle.write("# Columns: zone = IANA name; name = what people call it (CLDR); city = CLDR exemplar city; "
                     "form = generic | standard | location | gmt (which CLDR name: see the script)\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("zone", "name", "city", "form"))
        writer.writerows(table)
    shutil.copyfile(Path(babel.__file__).parent / "locale-data" / "LICENSE.unicode", LICENSE)
    print(f"wrote {len(table)} zones to {args.output}, the CLDR license to {LICENSE}")


if __name__ == "__main__":
    main()
