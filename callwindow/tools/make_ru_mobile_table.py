"""Generate data/ru_mobile_zones.csv: Russian mobile number ranges -> the time zones of the
region they are assigned to (Rossvyaz's numbering registry; number portability stays within the
region), so that a +7 9xx mobile gets its region's zone instead of Russia's eleven.

    pip download ru-phone-parser==1.0.2 --no-deps -d /tmp/ru && unzip -o /tmp/ru/*.whl -d /tmp/ru
    python -m callwindow.tools.make_ru_mobile_table /tmp/ru/phoneparser/data/data.json [--date YYYY-MM-DD]

Input (generation time only, never imported by the library): the copy of the registry in the
MIT-licensed `ru-phone-parser` wheel (`phoneparser/data/data.json`: prefix, region, city,
operator). A region's zones are those phonenumbers gives the same file's landline prefixes of
that region (only zones tzdata's zone.tab lists for RU); a mobile prefix whose region names no
landline prefix (federal districts, several regions, spelling variants) is left out, and such
numbers keep every Russian zone (the stricter reading). Longest prefix wins at run time.

    python -m callwindow.tools.make_ru_mobile_table --coverage [--samples N] [--seed S] [DATA_JSON]

measures the shipped table instead (issue 15's goal: >= 95 % of valid Russian mobiles in one
federal subject): N random numbers of every DEF code 900-999 that phonenumbers calls valid
mobiles, looked up as numbers.registry_zones does; it prints the share placed, in one region
and in one zone, and the DEF codes with the least coverage (with DATA_JSON, also the DEF codes
the registry copy has no range for at all).
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import re
from collections import defaultdict
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[2] / "data" / "ru_mobile_zones.csv"
# Region names of mobile ranges that no landline prefix spells the same way, whose zone is
# plain: Moscow with its oblast, and the Central Federal District (every region of it keeps
# Moscow time). Groupings that span zones (other federal districts) are left out on purpose.
NAMED_ZONES = {"Москва и Московская область": ("Europe/Moscow",)}
CENTRAL_DISTRICT = "Центральный ФО"
# Spellings of one region that differ by more than case, spacing, hyphens, a parenthesised
# gloss or "АО" for "автономный округ" (name_key folds those): the mobile rows' spelling -> the
# landline rows' (checked against the registry copy of ru-phone-parser 1.0.2).
SPELLINGS = {
    "республика удмуртия": "удмуртская республика",
    "республика татарстан": "республика татария",
    "кабардино балкарская республика": "кабардино балкария",
    "карачаево черкесская республика": "карачаево черкессия",
    "великий новгородская область": "новгородская область",
    "санкт петербург и ленинградская область": "санкт петербург",
}
SOURCE = "ru-phone-parser 1.0.2 (MIT, (c) 2026 wartexny), phoneparser/data/data.json: a copy of Rossvyaz's registry"


def name_key(region: str) -> str:
    """How a region's name is compared: case folded, a parenthesised gloss dropped ("Республика
    Татарстан (Татарстан)"), hyphens and spaces as one space, "АО" as "автономный округ", and
    the SPELLINGS of the same region unified. The original spellings stay in the table."""
    text = re.sub(r"\([^)]*\)?", " ", region.casefold())
    text = " ".join(re.sub(r"[-\s]+", " ", text).split())
    text = re.sub(r"\bао$", "автономный округ", text)
    return SPELLINGS.get(text, text)


def rows(path: Path) -> list[tuple[str, str, str]]:
    import phonenumbers
    from phonenumbers import timezone as phone_zones

    from callwindow.numbers import narrow_to_region

    entries = json.loads(path.read_text(encoding="utf-8"))[1:]  # the first entry is the header
    region_zones: dict[str, set[str]] = defaultdict(set)
    for entry in entries:
        digits = entry["Код"].replace(" ", "")[2:]
        region = entry["Регион"].strip()
        if not digits.isdigit() or digits.startswith("9") or not region:
            continue
        try:
            sample = phonenumbers.parse("+7" + (digits + "0" * 10)[:10])
        except phonenumbers.NumberParseException:
            continue
        found = narrow_to_region(tuple(phone_zones.time_zones_for_number(sample)), "RU")
        if found and len(found) < 4:  # a landline prefix placed in a few zones, not "all of Russia"
            region_zones[name_key(region)].update(found)
    prefixes: dict[str, set[str]] = defaultdict(set)
    regions: dict[str, set[str]] = defaultdict(set)
    unknown: set[str] = set()
    # A prefix's row without a region (another operator's row of the same range) says nothing
    # about where it is: it is skipped when another row of the prefix names a region, and the
    # prefix is left out when none does.
    named = {entry["Код"].replace(" ", "")[2:] for entry in entries if entry["Регион"].strip()}
    for entry in entries:
        digits = entry["Код"].replace(" ", "")[2:]
        region = entry["Регион"].strip()
        if not digits.isdigit() or not digits.startswith("9") or len(digits) < 3:
            continue
        if not region and digits in named:
            continue
        zones = region_zones.get(name_key(region)) or NAMED_ZONES.get(region)
        if zones is None and region.startswith(CENTRAL_DISTRICT) and "," not in region:
            zones = ("Europe/Moscow",)
        if zones:
            prefixes[digits].update(zones)
            regions[digits].add(region)
        else:
            unknown.add(digits)
    # a prefix also listed for a region without zones is left out (it may be anywhere)
    return sorted((prefix, " ".join(sorted(zones)), "; ".join(sorted(regions[prefix])))
                  for prefix, zones in prefixes.items() if prefix not in unknown)


def shipped_table(path: Path = OUTPUT) -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """prefix -> (zones, region names) of the generated table."""
    with path.open(encoding="utf-8", newline="") as handle:
        return {row["prefix"]: (tuple(row["zones"].split()), tuple(row["region"].split("; ")))
                for row in csv.DictReader(line for line in handle if not line.startswith("#"))}


def coverage(samples: int, seed: int, data: Path | None) -> dict[str, float]:
    """Print and return the shares of valid Russian mobiles the shipped table places (see the module doc)."""
    import random

    import phonenumbers

    table = shipped_table()
    rng = random.Random(seed)
    mobile = phonenumbers.PhoneNumberType.MOBILE
    totals = {"valid": 0, "placed": 0, "one_region": 0, "one_zone": 0}
    per_code: dict[int, list[int]] = {}
    for code in range(900, 1000):
        counts = per_code[code] = [0, 0]  # valid, in one zone
        for _ in range(samples):
            digits = f"{code}{rng.randrange(10_000_000):07d}"
            number = phonenumbers.PhoneNumber(country_code=7, national_number=int(digits))
            if phonenumbers.number_type(number) != mobile or phonenumbers.region_code_for_number(number) != "RU":
                continue
            counts[0] += 1
            totals["valid"] += 1
            found = next((table[digits[:size]] for size in range(7, 2, -1) if digits[:size] in table), None)
            if found is None:
                continue
            totals["placed"] += 1
            zones, regions = found
            # one region, its spellings folded (name_key)
            totals["one_region"] += len({name_key(region) for region in regions}) == 1
            if len(zones) == 1:
                totals["one_zone"] += 1
                counts[1] += 1
    valid = max(totals["valid"], 1)
    shares = {name: totals[name] / valid for name in ("placed", "one_region", "one_zone")}
    print(f"{totals['valid']} valid Russian mobiles sampled ({samples} per DEF code 900-999, seed {seed}): "
          f"placed {shares['placed']:.1%}, in one region {shares['one_region']:.1%}, "
          f"in one zone {shares['one_zone']:.1%} (goal: 95 % in one region)")
    weakest = sorted((counts[1] / counts[0], code) for code, counts in per_code.items() if counts[0])
    print("least covered DEF codes (share in one zone): "
          + ", ".join(f"{code} {share:.0%}" for share, code in weakest[:15]))
    if data is not None:
        entries = json.loads(data.read_text(encoding="utf-8"))[1:]
        listed = {entry["Код"].replace(" ", "")[2:5] for entry in entries}
        absent = [str(code) for code, counts in per_code.items() if counts[0] and str(code) not in listed]
        print("valid DEF codes with no range in the registry copy: " + (" ".join(absent) or "none"))
        # Ranges the copy lists with a region (4+ digits: a DEF code's own row names no region):
        # the share of *allocated* numbers placed, apart from phonenumbers' unallocated space.
        named = {entry["Код"].replace(" ", "")[2:] for entry in entries
                 if entry["Регион"].strip() and len(entry["Код"].replace(" ", "")[2:]) >= 4}
        unnamed = {entry["Код"].replace(" ", "")[2:] for entry in entries
                   if not entry["Регион"].strip() and len(entry["Код"].replace(" ", "")[2:]) >= 4}
        rng = random.Random(seed)
        in_named = in_named_one_zone = in_unnamed = 0
        for code in range(900, 1000):
            for _ in range(samples):
                digits = f"{code}{rng.randrange(10_000_000):07d}"
                number = phonenumbers.PhoneNumber(country_code=7, national_number=int(digits))
                if phonenumbers.number_type(number) != mobile:
                    continue
                longest = next((digits[:size] for size in range(7, 3, -1)
                                if digits[:size] in named or digits[:size] in unnamed), None)
                if longest is None:
                    continue
                if longest in unnamed:
                    in_unnamed += 1
                    continue
                in_named += 1
                found = next((table[digits[:size]] for size in range(7, 2, -1) if digits[:size] in table), None)
                in_named_one_zone += found is not None and len(found[0]) == 1
        shares["allocated_one_zone"] = in_named_one_zone / max(in_named, 1)
        print(f"of the sampled numbers in a range the copy names a region for ({in_named}): "
              f"{shares['allocated_one_zone']:.1%} in one zone; {in_unnamed} more fall in ranges the copy "
              "lists without a region")
    return shares


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, nargs="?", help="phoneparser/data/data.json from the ru-phone-parser wheel")
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--coverage", action="store_true", help="measure the shipped table instead (module doc)")
    parser.add_argument("--samples", type=int, default=2_000, help="numbers tried per DEF code (--coverage)")
    parser.add_argument("--seed", type=int, default=15, help="random seed (--coverage)")
    args = parser.parse_args()
    if args.coverage:
        coverage(args.samples, args.seed, args.data)
        return
    if args.data is None:
        parser.error("the registry copy (phoneparser/data/data.json) is needed to generate the table")
    table = rows(args.data)
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# GENERATED by python -m callwindow.tools.make_ru_mobile_table - do not edit by hand\n")
        handle.write(f"# Source: {SOURCE}; zones from phonenumbers' data for the same regions' landline prefixes\n")
        handle.write(f"# Date: {args.date}\n")
        handle.write("# Columns: prefix = digits after +7 (longest match wins); zones = IANA zones; region = the "
                     "registry's region name(s)\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("prefix", "zones", "region"))
        writer.writerows(table)
    print(f"wrote {len(table)} prefixes to {args.output}")


if __name__ == "__main__":
    main()
