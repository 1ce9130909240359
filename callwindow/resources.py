"""Where the shipped data files are: `callwindow/data` (a link to the repository's
`data/` in a checkout, a real folder inside an installed wheel)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
# Shipped files that hold words only, never what a decision reads (the CLI's zone names, from
# CLDR): left out of the digest, so regenerating them neither restamps every decision's
# `versions.rules` nor invalidates the rule cache keyed by it (rulecache).
WORDS_ONLY = frozenset({"zone_names.csv"})


def data_path(*parts: str) -> Path:
    return DATA_DIR.joinpath(*parts)


@lru_cache(maxsize=1)
def data_version() -> str:
    """A short digest of every shipped data file: the rule-data version stamped on
    each decision, so an audit can tell which data produced it."""
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.rglob("*")):
        # data/holidays/index.tsv records the digest of every holiday table (calendars reads a
        # table only when it matches): hashing the index covers them all, at the cost of one file.
        counted = path.suffix in (".toml", ".csv") or path.name == "index.tsv"
        if counted and path.name not in WORDS_ONLY and path.is_file():
            digest.update(path.relative_to(DATA_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
