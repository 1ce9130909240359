"""Generate data/state_area_codes.csv: the states a Brazilian DDD or an Australian area code may
be in, so that state law files (BR-SP, BR-AL, AU-WA) bind by the number alone.

    python -m callwindow.tools.make_state_area_table --anatel /tmp/pgcn.csv [--date YYYY-MM-DD]

Brazil (region BR, prefix = the 2-digit DDD, Código Nacional). Fixed and mobile numbers alike keep
their DDD (portability stays within it). The states of a DDD are the union of two sources:

* phonenumbers' own geocoding data (phonenumbers.geodata, Portuguese descriptions: "Luziânia - GO",
  "Minas Gerais", "Distrito Federal"), every prefix under the DDD, the version recorded in the
  table's header; minus GEODATA_ERRORS, descriptions reviewed as errors (each with its reason);
* Anatel's list of municipalities per Código Nacional (Resolução Anatel nº 263/2001, Plano Geral
  de Códigos Nacionais, as compiled in 2017): the file data/dump_etc/
  anatel-res263de2001-pgcn-compilado2017.csv of github.com/datasets-br/city-codes (ODC-PDDL),
  commit e4b7c8b8; ANATEL_SHA256 is its digest (the tool says when a copy differs):

      git clone https://github.com/datasets-br/city-codes /tmp/city-codes
      git -C /tmp/city-codes show e4b7c8b8:data/dump_etc/anatel-res263de2001-pgcn-compilado2017.csv > /tmp/pgcn.csv

A DDD spanning two states gets both (61: the Distrito Federal and twelve municipalities of Goiás;
42: Paraná and Porto União, SC): the laws of each apply (fail closed). A state one source names
and the other does not is kept unless GEODATA_ERRORS explains it: phonenumbers names Timon (MA)
under 86 and Afuá and Chaves (PA) under 96, which Anatel's 2017 list puts in 99 and 91; these
conurbation and river-border places are kept (86: PI and MA; 96: AP and PA) as the stricter
reading. The two sources must list the same 67 DDDs (else the tool stops).

Australia (region AU, prefix = the area code's digit after +61: 2, 3, 7, 8). Geographic numbers
only; mobiles (4xx) and non-geographic numbers tell no state. The table gives the states each
area code of the numbering plan serves (ACMA, Telecommunications Numbering Plan: 02 central east,
03 south east, 07 north east, 08 central and west) plus the states of the charging zones across
a border that use a neighbour's code: Albury-Wodonga (Wodonga, VIC, on 02 60), the Murray towns
of NSW on 03 (Moama, Wentworth: 03 50 and 58), Tweed Heads (NSW) on 07 55, Broken Hill (NSW) on
08 80. No finer prefix is used: phonenumbers' Australian zone data cannot place a prefix in a
state (it gives most 08 numbers Adelaide and Perth together, and 08 51 Port Hedland
Australia/Sydney), and its exchange names would need a gazetteer; a hint (postcode,
subdivision) narrows. So an 08 number is in SA, WA, NT or NSW: the laws of all four apply.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import unicodedata
from collections import defaultdict
from pathlib import Path

OUTPUT = Path(__file__).resolve().parents[2] / "data" / "state_area_codes.csv"
ANATEL_SOURCE = (
    "Anatel, Resolução nº 263/2001 (Plano Geral de Códigos Nacionais), municipalities per Código Nacional "
    "as compiled in 2017: github.com/datasets-br/city-codes data/dump_etc/anatel-res263de2001-pgcn-compilado2017.csv "
    "at commit e4b7c8b8 (ODC-PDDL)")
ANATEL_SHA256 = "af7ffb6273852dda0c9c2eb8dc7c0bfe2f6394988e69980bd8dc04331d7a0ea0"

# The 27 federative units by name (as phonenumbers writes a DDD-wide description), keyed plain.
UF_NAMES = {
    "acre": "AC", "alagoas": "AL", "amapa": "AP", "amazonas": "AM", "bahia": "BA", "ceara": "CE",
    "distrito federal": "DF", "espirito santo": "ES", "goias": "GO", "maranhao": "MA", "mato grosso": "MT",
    "mato grosso do sul": "MS", "minas gerais": "MG", "para": "PA", "paraiba": "PB", "parana": "PR",
    "pernambuco": "PE", "piaui": "PI", "rio de janeiro": "RJ", "rio grande do norte": "RN",
    "rio grande do sul": "RS", "rondonia": "RO", "roraima": "RR", "santa catarina": "SC", "sao paulo": "SP",
    "sergipe": "SE", "tocantins": "TO",
}

# phonenumbers geodata prefixes whose state is wrong (phonenumbers 9.0.43), reviewed against
# Anatel's list: a city of another DDD (a state capital), or a town whose name exists in the DDD's
# own state with the other state's letters.
GEODATA_ERRORS: dict[str, str] = {
    "55113240": "Salvador (BA) is DDD 71",
    "55113264": "Salvador (BA) is DDD 71",
    "55143649": "Barra Bonita - SC is DDD 49; Barra Bonita (SP) is DDD 14",
    "55223533": "Vila Velha (ES) is DDD 27",
    "55413073": "Belo Horizonte (MG) is DDD 31",
    "55423334": "Maceió (AL) is DDD 82",
    "55613241": "Olinda (PE) is DDD 81",
    "55613271": "Belo Horizonte (MG) is DDD 31",
    "55623476": "Colinas do Tocantins (TO) is DDD 63",
    "55773629": "Recife (PE) is DDD 81",
    "55823891": "Viçosa - MG is DDD 31; Viçosa (AL) is DDD 82",
    "55853813": "São Paulo (SP) is DDD 11",
    "55855672": "São Paulo (SP) is DDD 11",
    "55873272": "Parnamirim - RN is DDD 84; Parnamirim (PE) is DDD 87",
}

# Area code digit -> every state it may be in (module doc).
AU_AREA_STATES: dict[str, tuple[str, ...]] = {
    "2": ("AU-ACT", "AU-NSW", "AU-VIC"),
    "3": ("AU-NSW", "AU-TAS", "AU-VIC"),
    "7": ("AU-NSW", "AU-QLD"),
    "8": ("AU-NSW", "AU-NT", "AU-SA", "AU-WA"),
}


def plain(text: str) -> str:
    """Accents dropped, lower case ("Goiás" -> "goias")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c)).casefold().strip()


def description_state(text: str) -> str | None:
    """The UF of a geodata description: "City - UF", "Bairro - City UF", or a state's name."""
    last = text.rsplit(" - ", 1)[-1].strip()
    letters = last.rsplit(" ", 1)[-1]
    if " - " in text and len(letters) == 2 and letters.isupper() and letters in UF_NAMES.values():
        return letters
    return UF_NAMES.get(plain(text))


def geodata_states() -> dict[str, set[str]]:
    """DDD -> the states phonenumbers' geodata names under it (GEODATA_ERRORS left out). A prefix
    shorter than a DDD ("551": "São Paulo") counts for every DDD under it."""
    from phonenumbers.geodata import GEOCODE_DATA

    states: dict[str, set[str]] = defaultdict(set)
    for prefix, names in GEOCODE_DATA.items():
        if not prefix.startswith("55") or prefix in GEODATA_ERRORS:
            continue
        state = description_state(names.get("pt") or names["en"])
        if state is None:  # a city alone ("Curitiba"): its DDD's states come from Anatel's list
            print(f"geodata {prefix}: no state in {names.get('pt')!r}, not used")
            continue
        digits = prefix[2:]
        for ddd in ([digits[:2]] if len(digits) >= 2 else [f"{digits}{n}" for n in range(1, 10)]):
            states[ddd].add(state)
    return states


def anatel_states(path: Path) -> dict[str, set[str]]:
    """DDD -> the states of the municipalities Anatel's list gives it (header uf,municipio,ddd)."""
    states: dict[str, set[str]] = defaultdict(set)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if [name.lower() for name in reader.fieldnames or ()] != ["uf", "municipio", "ddd"]:
            raise SystemExit(f"{path}: not Anatel's PGCN list (header {reader.fieldnames!r})")
        for line, row in enumerate(reader, start=2):
            uf, ddd = row[reader.fieldnames[0]].strip(), row[reader.fieldnames[2]].strip()  # type: ignore[index]
            if uf not in UF_NAMES.values() or not (len(ddd) == 2 and ddd.isdigit()):
                raise SystemExit(f"{path} line {line}: unreadable row {row!r}")
            states[ddd].add(uf)
    return states


def brazil_rows(anatel: Path) -> list[tuple[str, str, tuple[str, ...]]]:
    """(region, DDD, subdivisions) for every DDD, both sources joined (module doc)."""
    from_geodata = geodata_states()
    from_anatel = anatel_states(anatel)
    if len(from_anatel) != 67:
        raise SystemExit(f"Anatel's list has {len(from_anatel)} DDDs, not 67")
    missing = sorted(set(from_anatel) - set(from_geodata))
    unknown = sorted(set(from_geodata) - set(from_anatel))
    if missing or unknown:  # every DDD of either source must be in the other
        raise SystemExit(f"the sources list different DDDs: only Anatel {missing}, only phonenumbers {unknown}")
    rows = []
    for ddd in sorted(from_anatel):
        extra = from_geodata[ddd] - from_anatel[ddd]
        if extra:
            print(f"DDD {ddd}: phonenumbers also names {' '.join(sorted(extra))} (kept: fail closed)")
        states = from_anatel[ddd] | from_geodata[ddd]
        rows.append(("BR", ddd, tuple(sorted(f"BR-{uf}" for uf in states))))
    return rows


def main() -> None:
    import phonenumbers

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--anatel", type=Path, required=True, help="Anatel's PGCN list (module doc)")
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    digest = hashlib.sha256(args.anatel.read_bytes()).hexdigest()
    if digest != ANATEL_SHA256:
        print(f"note: {args.anatel} is not the recorded copy ({ANATEL_SHA256[:12]}...): update ANATEL_SOURCE "
              "and ANATEL_SHA256")
    rows = brazil_rows(args.anatel) + [("AU", digit, states) for digit, states in sorted(AU_AREA_STATES.items())]
    with args.output.open("w", encoding="utf-8", newline="") as handle:
        handle.write("# GENERATED by python -m callwindow.tools.make_state_area_table - do not edit by hand\n")
        handle.write(f"# Source (BR): phonenumbers {phonenumbers.__version__} geodata (pt) minus the tool's "
                     f"GEODATA_ERRORS, joined with {ANATEL_SOURCE}, SHA-256 {digest}\n")
        handle.write("# Source (AU): the tool's AU_AREA_STATES (ACMA numbering plan areas 02 03 07 08 and the "
                     "cross-border charging zones on a neighbour's code)\n")
        handle.write(f"# Date: {args.date}\n")
        handle.write("# Columns: region = ISO 3166-1; prefix = BR DDD or AU area code digit after the country code; "
                     "subdivisions = every ISO 3166-2 state it may be in, space-separated, sorted\n")
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(("region", "prefix", "subdivisions"))
        for region, prefix, states in rows:
            writer.writerow((region, prefix, " ".join(states)))
    print(f"wrote {len(rows)} rows to {args.output}")


if __name__ == "__main__":
    main()
