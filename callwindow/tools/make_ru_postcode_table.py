"""Generate data/ru_postcodes.csv: Russian postal indexes -> federal subject -> every time zone
used in it, so that a Russian postcode narrows a contact's zones as other countries' do.

Input (generation time only, never imported by the library): Russian Post's own database of
post offices, "PIndx" (эталонный справочник почтовых индексов объектов почтовой связи,
pochta.ru/support/database/ops, formerly vinfo.russianpost.ru/database/ops.html; a DBF with
INDEX, OPSNAME, OPSTYPE, OPSSUBM, REGION, AUTONOM, AREA, CITY, CITY_1, ACTDATE, INDEXOLD). Russian
Post's site cannot be reached from here; the copy used is the public repository sanmai/pindx,
which converts every row of that DBF, unchanged but for letter case, into one JSON file per
office (docs/json/AAA/AAABBB.json, the DBF's columns as keys) and keeps it up to date from the
post's download (PINDX_SOURCE; PINDX_SHA256 is the digest of the directory, see tree_digest):

    git clone https://github.com/sanmai/pindx /tmp/pindx
    git -C /tmp/pindx checkout e097f844ee04f6168e562a10fe2b41f435bbbeac
    python -m callwindow.tools.make_ru_postcode_table /tmp/pindx/docs/json

A newer copy works the same way (the tool says when the digest is not the recorded one: then
update PINDX_SOURCE, PINDX_SHA256 and PINDX_DATE).

An office's federal subject is its REGION, or its AUTONOM where REGION is empty (the autonomous
okrugs and the Jewish oblast are written there). Each subject's zones are make_ru_mobile_table's
SUBJECT_ZONES (Federal Law 107-FZ art. 5, IANA zone.tab); its place is its ISO 3166-2 code
(PINDX_SUBJECTS), or "RU" for the Republic of Crimea and Sevastopol, which ISO 3166-2 lists
under UA (Moscow time, as in the mobile table). The rows, fail closed:

- a 3-digit prefix all of whose offices are in one subject: one row for the prefix;
- a prefix whose offices are in several subjects (Moscow and its oblast share 101-144; 901-919
  and 990-998 are nationwide service ranges): one 6-digit row for every office, and a prefix row,
  place "RU", with every zone of every subject seen in it, for an index the database lacks;
- a prefix with an office abroad (ABROAD: Baikonur, leased from Kazakhstan; the offices in
  Germany and the exchange offices of 500, London to Singapore, filed under Moscow) is left
  out whole: its indexes stay unknown (an error for one check, hint_unused in a list);
- a subject name the tool does not know stops it (a renamed subject must not drop rows).

    python -m callwindow.tools.make_ru_postcode_table --check-iso [iso_3166-2.json]

checks PINDX_SUBJECTS' codes against the Debian iso-codes package's ISO 3166-2 list
(/usr/share/iso-codes/json/iso_3166-2.json): every RU code used once, none missing.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
from collections.abc import Iterator
from pathlib import Path

from callwindow.tools.make_ru_mobile_table import SUBJECT_ZONES

OUTPUT = Path(__file__).resolve().parents[2] / "data" / "ru_postcodes.csv"
PINDX_SOURCE = (
    "Russian Post (Почта России) PIndx, the reference database of post office indexes "
    "(pochta.ru/support/database/ops); the row-for-row JSON conversion in github.com/sanmai/pindx, "
    "docs/json at commit e097f844ee04f6168e562a10fe2b41f435bbbeac (git tree 75566f8210aaf7f953c3aafd06a906e56fb9f0c0, "
    "built from the post's download of 2026-06-22)")
PINDX_SHA256 = "df0662d749d4c734860e75326ae6158c7eb28e5c21e743314e9d3b52a745dd66"
PINDX_DATE = "2026-06-22"
PINDX_KEYS = ("Index", "OPSName", "OPSType", "OPSSubm", "Region", "Autonom", "Area", "City", "City1", "ActDate",
              "IndexOld")
# Fewer offices than this is not the whole database (a partial checkout, a page of errors).
MIN_OFFICES = 40_000
ISO_CODES = Path("/usr/share/iso-codes/json/iso_3166-2.json")
ABROAD = frozenset({"Байконур", "Германия"})
# PIndx's subject name (as sanmai/pindx cases it) -> (the subject as SUBJECT_ZONES names it, its
# ISO 3166-2 code; "RU" where ISO 3166-2 has none under RU).
PINDX_SUBJECTS: dict[str, tuple[str, str]] = {
    "Адыгея Республика": ("Республика Адыгея", "RU-AD"),
    "Алтай Республика": ("Республика Алтай", "RU-AL"),
    "Алтайский край": ("Алтайский край", "RU-ALT"),
    "Амурская область": ("Амурская область", "RU-AMU"),
    "Архангельская область": ("Архангельская область", "RU-ARK"),
    "Астраханская область": ("Астраханская область", "RU-AST"),
    "Башкортостан Республика": ("Республика Башкортостан", "RU-BA"),
    "Белгородская область": ("Белгородская область", "RU-BEL"),
    "Брянская область": ("Брянская область", "RU-BRY"),
    "Бурятия Республика": ("Республика Бурятия", "RU-BU"),
    "Владимирская область": ("Владимирская область", "RU-VLA"),
    "Волгоградская область": ("Волгоградская область", "RU-VGG"),
    "Вологодская область": ("Вологодская область", "RU-VLG"),
    "Воронежская область": ("Воронежская область", "RU-VOR"),
    "Дагестан Республика": ("Республика Дагестан", "RU-DA"),
    "Еврейская автономная область": ("Еврейская автономная область", "RU-YEV"),
    "Забайкальский край": ("Забайкальский край", "RU-ZAB"),
    "Ивановская область": ("Ивановская область", "RU-IVA"),
    "Ингушетия Республика": ("Республика Ингушетия", "RU-IN"),
    "Иркутская область": ("Иркутская область", "RU-IRK"),
    "Кабардино-Балкарская Республика": ("Кабардино-Балкарская Республика", "RU-KB"),
    "Калининградская область": ("Калининградская область", "RU-KGD"),
    "Калмыкия Республика": ("Республика Калмыкия", "RU-KL"),
    "Калужская область": ("Калужская область", "RU-KLU"),
    "Камчатский край": ("Камчатский край", "RU-KAM"),
    "Карачаево-Черкесская Республика": ("Карачаево-Черкесская Республика", "RU-KC"),
    "Карелия Республика": ("Республика Карелия", "RU-KR"),
    "Кемеровская область": ("Кемеровская область - Кузбасс", "RU-KEM"),
    "Кировская область": ("Кировская область", "RU-KIR"),
    "Коми Республика": ("Республика Коми", "RU-KO"),
    "Костромская область": ("Костромская область", "RU-KOS"),
    "Краснодарский край": ("Краснодарский край", "RU-KDA"),
    "Красноярский край": ("Красноярский край", "RU-KYA"),
    "Крым Республика": ("Республика Крым", "RU"),
    "Курганская область": ("Курганская область", "RU-KGN"),
    "Курская область": ("Курская область", "RU-KRS"),
    "Ленинградская область": ("Ленинградская область", "RU-LEN"),
    "Липецкая область": ("Липецкая область", "RU-LIP"),
    "Магаданская область": ("Магаданская область", "RU-MAG"),
    "Марий Эл Республика": ("Республика Марий Эл", "RU-ME"),
    "Мордовия Республика": ("Республика Мордовия", "RU-MO"),
    "Москва": ("Город Москва", "RU-MOW"),
    "Московская область": ("Московская область", "RU-MOS"),
    "Мурманская область": ("Мурманская область", "RU-MUR"),
    "Ненецкий автономный округ": ("Ненецкий автономный округ", "RU-NEN"),
    "Нижегородская область": ("Нижегородская область", "RU-NIZ"),
    "Новгородская область": ("Новгородская область", "RU-NGR"),
    "Новосибирская область": ("Новосибирская область", "RU-NVS"),
    "Омская область": ("Омская область", "RU-OMS"),
    "Оренбургская область": ("Оренбургская область", "RU-ORE"),
    "Орловская область": ("Орловская область", "RU-ORL"),
    "Пензенская область": ("Пензенская область", "RU-PNZ"),
    "Пермский край": ("Пермский край", "RU-PER"),
    "Приморский край": ("Приморский край", "RU-PRI"),
    "Псковская область": ("Псковская область", "RU-PSK"),
    "Ростовская область": ("Ростовская область", "RU-ROS"),
    "Рязанская область": ("Рязанская область", "RU-RYA"),
    "Самарская область": ("Самарская область", "RU-SAM"),
    "Санкт-Петербург": ("Город Санкт-Петербург", "RU-SPE"),
    "Саратовская область": ("Саратовская область", "RU-SAR"),
    "Саха (Якутия) Республика": ("Республика Саха (Якутия)", "RU-SA"),
    "Сахалинская область": ("Сахалинская область", "RU-SAK"),
    "Свердловская область": ("Свердловская область", "RU-SVE"),
    "Севастополь": ("Город Севастополь", "RU"),
    "Северная Осетия - Алания Республика": ("Республика Северная Осетия - Алания", "RU-SE"),
    "Смоленская область": ("Смоленская область", "RU-SMO"),
    "Ставропольский край": ("Ставропольский край", "RU-STA"),
    "Тамбовская область": ("Тамбовская область", "RU-TAM"),
    "Татарстан Республика": ("Республика Татарстан", "RU-TA"),
    "Тверская область": ("Тверская область", "RU-TVE"),
    "Томская область": ("Томская область", "RU-TOM"),
    "Тульская область": ("Тульская область", "RU-TUL"),
    "Тыва Республика": ("Республика Тыва", "RU-TY"),
    "Тюменская область": ("Тюменская область", "RU-TYU"),
    "Удмуртская Республика": ("Удмуртская Республика", "RU-UD"),
    "Ульяновская область": ("Ульяновская область", "RU-ULY"),
    "Хабаровский край": ("Хабаровский край", "RU-KHA"),
    "Хакасия Республика": ("Республика Хакасия", "RU-KK"),
    "Ханты-Мансийский-Югра автономный округ": ("Ханты-Мансийский автономный округ - Югра", "RU-KHM"),
    "Челябинская область": ("Челябинская область", "RU-CHE"),
    "Чеченская Республика": ("Чеченская Республика", "RU-CE"),
    "Чувашия Республика": ("Чувашская Республика - Чувашия", "RU-CU"),
    "Чукотский автономный округ": ("Чукотский автономный округ", "RU-CHU"),
    "Ямало-Ненецкий автономный округ": ("Ямало-Ненецкий автономный округ", "RU-YAN"),
    "Ярославская область": ("Ярославская область", "RU-YAR"),
}

# (postcode, place, zones, subjects): a 3-digit prefix or a 6-digit index
Row = tuple[str, str, tuple[str, ...], tuple[str, ...]]


def office_files(root: Path) -> list[Path]:
    """The office files AAA/AAABBB.json under `root` (docs/json of the copy), in path order."""
    return sorted(root.glob("[0-9][0-9][0-9]/[0-9][0-9][0-9][0-9][0-9][0-9].json"))


def tree_digest(root: Path) -> str:
    """SHA-256 of the copy: of the lines "<file's SHA-256>  AAA/AAABBB.json" in path order, as
    `cd docs/json && sha256sum [0-9][0-9][0-9]/*.json | sha256sum` prints it (one digest for
    61,000 files, checkable without this tool)."""
    digest = hashlib.sha256()
    for path in office_files(root):
        line = f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(root).as_posix()}\n"
        digest.update(line.encode())
    return digest.hexdigest()


def offices(root: Path) -> Iterator[tuple[str, str]]:
    """(index, PIndx subject name) of every office, each file checked: its keys are the DBF's
    columns and its index is its file name (a converted copy must not drift silently)."""
    for path in office_files(root):
        record = json.loads(path.read_text(encoding="utf-8"))
        if tuple(record) != PINDX_KEYS:
            raise SystemExit(f"{path}: not a PIndx office record (keys {tuple(record)!r})")
        if f"{record['Index']:06d}" != path.stem:
            raise SystemExit(f"{path}: holds index {record['Index']!r}")
        subject = record["Region"] or record["Autonom"]
        if not subject:
            raise SystemExit(f"{path}: an office with neither REGION nor AUTONOM")
        yield path.stem, subject


def subjects_by_prefix(root: Path) -> dict[str, dict[str, str]]:
    """prefix -> {index: PIndx subject} of the copy, with its checks (module doc)."""
    table: dict[str, dict[str, str]] = {}
    for index, subject in offices(root):
        if subject not in PINDX_SUBJECTS and subject not in ABROAD:
            raise SystemExit(f"office {index}: unknown subject {subject!r}: add it to PINDX_SUBJECTS (or ABROAD)")
        table.setdefault(index[:3], {})[index] = subject
    count = sum(len(entries) for entries in table.values())
    if count < MIN_OFFICES:
        raise SystemExit(f"{root}: {count} offices, expected the whole database (>= {MIN_OFFICES})")
    return table


def _row(postcode: str, subjects: set[str]) -> Row:
    """The row of a prefix or an index whose offices are in `subjects`: one subject's ISO code,
    else "RU"; every zone of every subject."""
    names = sorted(PINDX_SUBJECTS[subject][0] for subject in subjects)
    zones = tuple(sorted({zone for name in names for zone in SUBJECT_ZONES[name]}))
    place = PINDX_SUBJECTS[next(iter(subjects))][1] if len(subjects) == 1 else "RU"
    return postcode, place, zones, tuple(names)


def table_rows(root: Path) -> list[Row]:
    """The table (module doc): a row per one-subject prefix; a prefix row and a row per office
    for a prefix of several subjects; nothing for a prefix with an office abroad."""
    rows: list[Row] = []
    left_out = []
    for prefix, entries in sorted(subjects_by_prefix(root).items()):
        subjects = set(entries.values())
        if subjects & ABROAD:
            left_out.append(prefix)
            continue
        rows.append(_row(prefix, subjects))
        if len(subjects) > 1:
            rows.extend(_row(index, {subject}) for index, subject in sorted(entries.items()))
    print(f"prefixes left out (an office abroad): {' '.join(left_out) or 'none'}")
    return rows


def check_iso(path: Path) -> None:
    """PINDX_SUBJECTS' codes against ISO 3166-2 (the iso-codes package's list): each RU
    subdivision used exactly once, none unknown."""
    listed = {entry["code"] for entry in json.loads(path.read_text(encoding="utf-8"))["3166-2"]
              if entry["code"].startswith("RU-")}
    used = [code for _name, code in PINDX_SUBJECTS.values() if code != "RU"]
    unknown = sorted(set(used) - listed)
    missing = sorted(listed - set(used))
    twice = sorted({code for code in used if used.count(code) > 1})
    if unknown or missing or twice:
        raise SystemExit(f"ISO 3166-2 mismatch: unknown {unknown}, missing {missing}, used twice {twice}")
    print(f"{len(used)} ISO 3166-2 RU codes, each used once")


def write_table(rows: list[Row], output: Path, digest: str, date: str) -> None:
    with output.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# GENERATED by python -m callwindow.tools.make_ru_postcode_table - do not edit by hand\n")
        handle.write(f"# Source: {PINDX_SOURCE}, SHA-256 {digest} (the tool's tree_digest); each federal "
                     "subject's zones from make_ru_mobile_table's SUBJECT_ZONES (Federal Law 107-FZ art. 5, "
                     "IANA zone.tab), its ISO 3166-2 code from the tool's PINDX_SUBJECTS\n")
        handle.write(f"# Command: python -m callwindow.tools.make_ru_postcode_table PATH/docs/json --date {date} "
                     "(the tool's doc says where the input comes from)\n")
        handle.write(f"# Date: {date} (the database copy's)\n")
        handle.write("# Columns: postcode = a 3-digit prefix, or a 6-digit index where the prefix spans several "
                     "subjects (read before its prefix); place = ISO 3166-2 subdivision, or RU (several "
                     "subjects, or Crimea and Sevastopol); zones = every IANA zone of the subject(s); subjects = "
                     "federal subject(s)\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("postcode", "place", "zones", "subjects"))
        writer.writerows((postcode, place, " ".join(zones), "; ".join(names))
                         for postcode, place, zones, names in rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", type=Path, nargs="?", help="docs/json of the PIndx copy (module doc)")
    parser.add_argument("--date", default=PINDX_DATE, help="the database copy's date")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check-iso", action="store_true", help="check the ISO 3166-2 codes instead (module doc)")
    args = parser.parse_args()
    if args.check_iso:
        check_iso(args.data or ISO_CODES)
        return
    if args.data is None:
        parser.error("the PIndx copy (its docs/json) is needed to generate the table")
    digest = tree_digest(args.data)
    if digest != PINDX_SHA256:
        print(f"note: {args.data} is not the recorded copy ({PINDX_SHA256[:12]}...): update PINDX_SOURCE, "
              "PINDX_SHA256 and PINDX_DATE with the new copy's origin")
    rows = table_rows(args.data)
    write_table(rows, args.output, digest, args.date)
    print(f"wrote {len(rows)} rows to {args.output}")


if __name__ == "__main__":
    main()
