"""Where the shipped data files are: `callwindow/data` (a link to the repository's
`data/` in a checkout, a real folder inside an installed wheel)."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


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
        if (path.suffix in (".toml", ".csv") or path.name == "index.tsv") and path.is_file():
            digest.update(path.relative_to(DATA_DIR).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:12]
