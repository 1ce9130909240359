"""Generate data/ru_mobile_zones.csv: Russian mobile number ranges -> the time zones of the
federal subject they are assigned to (the numbering registry; number portability stays within
the region), so that a +7 9xx mobile gets its region's zone instead of Russia's eleven.

Input (generation time only, never imported by the library): the registry itself, `DEF-9xx.csv`,
open data of the Ministry of Digital Development (Минцифры, formerly Rossvyaz: rossvyaz.gov.ru,
opendata.digital.gov.ru), columns `АВС/ DEF;От;До;Емкость;Оператор;Регион;Территория ГАР;ИНН`.
The ministry's site cannot be reached from here; the copy used is the file kept in the public
repository sementsul/numstore (REGISTRY_SOURCE, its SHA-256 in REGISTRY_SHA256):

    git clone https://github.com/sementsul/numstore /tmp/numstore
    git -C /tmp/numstore checkout 090b609f08e4220882604d4c72c70dcde0514741
    python -m callwindow.tools.make_ru_mobile_table /tmp/numstore/data/DEF-9xx.csv --date 2026-08-19

A newer DEF-9xx.csv from the ministry works the same way (the tool says when the digest is not
the recorded one: then update REGISTRY_SOURCE and REGISTRY_SHA256).

A range's federal subject is the last part of its "Территория ГАР" (the address register's
territory, `city|district|subject`; several subjects are written "A, B"). Its zones are those of
SUBJECT_ZONES below: the subjects of each zone in Federal Law 107-FZ "Об исчислении времени"
(art. 5, as amended), each area's IANA zone by tzdata's zone.tab comments. A range of several
subjects gets every zone of each; a range of the whole federation ("Российская Федерация") or of
a subject the map lacks is left out, and its numbers keep every Russian zone (the stricter
reading), as do numbers no range holds (not allocated). Adjacent ranges of the same subjects
are written as one. Tables up to 2026-12-01 came from the ru-phone-parser wheel's older copy
(git history of this file).

    python -m callwindow.tools.make_ru_mobile_table --coverage [--samples N] [--seed S] [DEF-9xx.csv]

measures the shipped table instead (issue 15's goal: >= 95 % of valid Russian mobiles in one
federal subject): N random numbers of every DEF code 900-999 that phonenumbers calls valid
mobiles, looked up as numbers.registry_zones does; it prints the share placed, in one subject
and in one zone, and the DEF codes with the least coverage (with the registry, also the DEF codes
it has no range for, and the share of numbers in allocated ranges placed in one zone).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import datetime
import hashlib
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[2] / "data" / "ru_mobile_zones.csv"
REGISTRY_SOURCE = (
    "Минцифры (Rossvyaz) numbering registry DEF-9xx.csv, Russian state open data (opendata.digital.gov.ru); "
    "the copy in github.com/sementsul/numstore, data/DEF-9xx.csv at commit 090b609f08e4220882604d4c72c70dcde0514741 "
    "(2026-08-19)")
REGISTRY_SHA256 = "03401d8fbc8a52edcd8df7d5abc67c41a02e5fc33c1c0e13cc8a2dd055d1f215"
REGISTRY_HEADER = ("АВС/ DEF", "От", "До", "Емкость", "Оператор", "Регион", "Территория ГАР", "ИНН")
MOSCOW = ("Europe/Moscow",)
URALS = ("Asia/Yekaterinburg",)
# Federal subject (as the address register writes it) -> every IANA zone used in it. Subjects
# with several zones keep all: Sakha (Yakutsk and Khandyga +9, Ust-Nera +10, Srednekolymsk +11),
# Sakhalin (the island; the northern Kurils on Srednekolymsk's +11). Crimea and Sevastopol keep
# Moscow time (tzdata's Europe/Simferopol is listed for UA in zone.tab: the same-offset
# Europe/Moscow is used). The Donetsk, Luhansk, Zaporozhye and Kherson entries: Moscow time by
# 107-FZ as amended in 2022; the +7 ranges serve the areas under Russian administration, where
# Moscow time is kept.
SUBJECT_ZONES: dict[str, tuple[str, ...]] = {
    "Калининградская область": ("Europe/Kaliningrad",),
    **dict.fromkeys((
        "Город Москва", "Московская область", "Город Санкт-Петербург", "Ленинградская область",
        "Республика Адыгея", "Республика Дагестан", "Республика Ингушетия", "Кабардино-Балкарская Республика",
        "Республика Калмыкия", "Карачаево-Черкесская Республика", "Республика Карелия", "Республика Коми",
        "Республика Крым", "Город Севастополь", "Республика Марий Эл", "Республика Мордовия",
        "Республика Северная Осетия - Алания", "Республика Татарстан", "Чеченская Республика",
        "Чувашская Республика - Чувашия", "Краснодарский край", "Ставропольский край", "Архангельская область",
        "Ненецкий автономный округ", "Белгородская область", "Брянская область", "Владимирская область",
        "Вологодская область", "Воронежская область", "Ивановская область", "Калужская область",
        "Костромская область", "Курская область", "Липецкая область", "Мурманская область",
        "Нижегородская область", "Новгородская область", "Орловская область", "Пензенская область",
        "Псковская область", "Ростовская область", "Рязанская область", "Смоленская область",
        "Тамбовская область", "Тверская область", "Тульская область", "Ярославская область",
        "Донецкая Народная Республика", "Луганская Народная Республика", "Запорожская область",
        "Херсонская область",
    ), MOSCOW),
    "Кировская область": ("Europe/Kirov",),
    "Волгоградская область": ("Europe/Volgograd",),
    "Астраханская область": ("Europe/Astrakhan",),
    "Саратовская область": ("Europe/Saratov",),
    "Ульяновская область": ("Europe/Ulyanovsk",),
    "Самарская область": ("Europe/Samara",),
    "Удмуртская Республика": ("Europe/Samara",),
    **dict.fromkeys((
        "Республика Башкортостан", "Пермский край", "Курганская область", "Оренбургская область",
        "Свердловская область", "Тюменская область", "Челябинская область",
        "Ханты-Мансийский автономный округ - Югра", "Ямало-Ненецкий автономный округ",
    ), URALS),
    "Омская область": ("Asia/Omsk",),
    "Новосибирская область": ("Asia/Novosibirsk",),
    "Алтайский край": ("Asia/Barnaul",),
    "Республика Алтай": ("Asia/Barnaul",),
    "Томская область": ("Asia/Tomsk",),
    "Кемеровская область - Кузбасс": ("Asia/Novokuznetsk",),
    "Красноярский край": ("Asia/Krasnoyarsk",),
    "Республика Тыва": ("Asia/Krasnoyarsk",),
    "Республика Хакасия": ("Asia/Krasnoyarsk",),
    "Иркутская область": ("Asia/Irkutsk",),
    "Республика Бурятия": ("Asia/Irkutsk",),
    "Забайкальский край": ("Asia/Chita",),
    "Амурская область": ("Asia/Yakutsk",),
    "Республика Саха (Якутия)": ("Asia/Khandyga", "Asia/Srednekolymsk", "Asia/Ust-Nera", "Asia/Yakutsk"),
    "Приморский край": ("Asia/Vladivostok",),
    "Хабаровский край": ("Asia/Vladivostok",),
    "Еврейская автономная область": ("Asia/Vladivostok",),
    "Магаданская область": ("Asia/Magadan",),
    "Сахалинская область": ("Asia/Sakhalin", "Asia/Srednekolymsk"),
    "Камчатский край": ("Asia/Kamchatka",),
    "Чукотский автономный округ": ("Asia/Anadyr",),
}

# (first, last, zones, subjects): numbers as the 10 digits after +7
Range = tuple[int, int, tuple[str, ...], tuple[str, ...]]


def registry_ranges(path: Path) -> list[tuple[int, int, tuple[str, ...]]]:
    """(first, last, subjects) of every range of DEF-9xx.csv, sorted: numbers as the 10 digits
    after +7, subjects from the last part of "Территория ГАР". The header and every range are
    checked (a page of errors served in the file's place must not become an empty table)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, delimiter=";")
        header = tuple(next(reader, ()))
        if header != REGISTRY_HEADER:
            raise SystemExit(f"{path}: not the registry's DEF-9xx.csv (header {header!r})")
        ranges = []
        for line, row in enumerate(reader, start=2):
            if len(row) != len(REGISTRY_HEADER):
                raise SystemExit(f"{path} line {line}: {len(row)} fields, expected {len(REGISTRY_HEADER)}")
            code, first, last, capacity = row[0], row[1], row[2], row[3]
            if not (len(code) == 3 and code.isdigit() and len(first) == len(last) == 7 and first.isdigit()
                    and last.isdigit() and int(last) >= int(first)):
                raise SystemExit(f"{path} line {line}: unreadable range {row[:3]!r}")
            if int(capacity) != int(last) - int(first) + 1:
                raise SystemExit(f"{path} line {line}: capacity {capacity} is not the range's width")
            subjects = tuple(sorted({part.strip() for part in row[6].split("|")[-1].split(",")}))
            ranges.append((int(code + first), int(code + last), subjects))
    ranges.sort()
    for before, after in zip(ranges, ranges[1:], strict=False):
        if after[0] <= before[1]:
            raise SystemExit(f"{path}: ranges {before[:2]} and {after[:2]} overlap")
    return ranges


def table_rows(path: Path) -> list[Range]:
    """The table: every placed range, adjacent ones of the same subjects joined (module doc)."""
    rows: list[Range] = []
    left_out = 0
    for first, last, subjects in registry_ranges(path):
        if any(subject not in SUBJECT_ZONES for subject in subjects):
            left_out += 1  # the whole federation, or a subject the map lacks: every Russian zone
            continue
        zones = tuple(sorted({zone for subject in subjects for zone in SUBJECT_ZONES[subject]}))
        if rows and rows[-1][1] + 1 == first and rows[-1][3] == subjects:
            rows[-1] = (rows[-1][0], last, zones, subjects)
        else:
            rows.append((first, last, zones, subjects))
    print(f"{left_out} ranges left out (the whole federation or an unmapped subject): their numbers keep every zone")
    return rows


def shipped_table(path: Path = OUTPUT) -> list[Range]:
    """The generated table's ranges, in order."""
    with path.open(encoding="utf-8", newline="") as handle:
        return [(int(row["first"]), int(row["last"]), tuple(row["zones"].split()), tuple(row["region"].split("; ")))
                for row in csv.DictReader(line for line in handle if not line.startswith("#"))]


def lookup(table: list[Range], starts: list[int], digits: str) -> Range | None:
    """The range holding `digits` (10 digits after +7), as numbers.registry_zones finds it."""
    number = int(digits)
    at = bisect.bisect_right(starts, number) - 1
    return table[at] if at >= 0 and number <= table[at][1] else None


def coverage(samples: int, seed: int, data: Path | None) -> dict[str, float]:
    """Print and return the shares of valid Russian mobiles the shipped table places (see the module doc)."""
    import random

    import phonenumbers

    table = shipped_table()
    starts = [entry[0] for entry in table]
    registry = registry_ranges(data) if data is not None else None
    registry_starts = [entry[0] for entry in registry] if registry is not None else []
    rng = random.Random(seed)
    mobile = phonenumbers.PhoneNumberType.MOBILE
    totals = {"valid": 0, "placed": 0, "one_region": 0, "one_zone": 0, "allocated": 0, "allocated_one_zone": 0}
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
            found = lookup(table, starts, digits)
            one_zone = found is not None and len(found[2]) == 1
            if registry is not None:
                at = bisect.bisect_right(registry_starts, int(digits)) - 1
                if at >= 0 and int(digits) <= registry[at][1]:
                    totals["allocated"] += 1
                    totals["allocated_one_zone"] += one_zone
            if found is None:
                continue
            totals["placed"] += 1
            totals["one_region"] += len(found[3]) == 1
            if one_zone:
                totals["one_zone"] += 1
                counts[1] += 1
    valid = max(totals["valid"], 1)
    shares = {name: totals[name] / valid for name in ("placed", "one_region", "one_zone")}
    print(f"{totals['valid']} valid Russian mobiles sampled ({samples} per DEF code 900-999, seed {seed}): "
          f"placed {shares['placed']:.1%}, in one federal subject {shares['one_region']:.1%}, "
          f"in one zone {shares['one_zone']:.1%} (goal: 95 % in one subject)")
    weakest = sorted((counts[1] / counts[0], code) for code, counts in per_code.items() if counts[0])
    print("least covered DEF codes (share in one zone): "
          + ", ".join(f"{code} {share:.0%}" for share, code in weakest[:15]))
    if registry is not None:
        listed = {f"{entry[0]:010d}"[:3] for entry in registry}
        absent = [str(code) for code, counts in per_code.items() if counts[0] and str(code) not in listed]
        print("valid DEF codes with no range in the registry: " + (" ".join(absent) or "none"))
        shares["allocated_one_zone"] = totals["allocated_one_zone"] / max(totals["allocated"], 1)
        print(f"of the sampled numbers in allocated ranges ({totals['allocated']}): "
              f"{shares['allocated_one_zone']:.1%} in one zone")
    return shares


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, nargs="?", help="the registry's DEF-9xx.csv")
    parser.add_argument("--date", default=datetime.date.today().isoformat(), help="the registry copy's date")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--coverage", action="store_true", help="measure the shipped table instead (module doc)")
    parser.add_argument("--samples", type=int, default=2_000, help="numbers tried per DEF code (--coverage)")
    parser.add_argument("--seed", type=int, default=15, help="random seed (--coverage)")
    args = parser.parse_args()
    if args.coverage:
        coverage(args.samples, args.seed, args.data)
        return
    if args.data is None:
        parser.error("the registry (DEF-9xx.csv) is needed to generate the table")
    digest = hashlib.sha256(args.data.read_bytes()).hexdigest()
    if digest != REGISTRY_SHA256:
        print(f"note: {args.data} is not the recorded copy ({REGISTRY_SHA256[:12]}...): update REGISTRY_SOURCE "
              "and REGISTRY_SHA256 with the new copy's origin")
    table = table_rows(args.data)
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# GENERATED by python -m callwindow.tools.make_ru_mobile_table - do not edit by hand\n")
        handle.write(f"# Source: {REGISTRY_SOURCE}, SHA-256 {digest}; each federal subject's zones from the tool's "
                     "SUBJECT_ZONES (Federal Law 107-FZ art. 5, IANA zone.tab)\n")
        handle.write(f"# Command: python -m callwindow.tools.make_ru_mobile_table DEF-9xx.csv --date {args.date} "
                     "(the tool's doc says where the input comes from)\n")
        handle.write(f"# Date: {args.date} (the registry copy's)\n")
        handle.write("# Columns: first, last = the range's first and last numbers, 10 digits after +7; zones = IANA "
                     "zones; region = the registry's federal subject(s)\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("first", "last", "zones", "region"))
        writer.writerows((f"{first:010d}", f"{last:010d}", " ".join(zones), "; ".join(subjects))
                         for first, last, zones, subjects in table)
    print(f"wrote {len(table)} ranges to {args.output}")


if __name__ == "__main__":
    main()
