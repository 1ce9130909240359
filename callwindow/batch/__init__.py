"""Whole contact lists: resolve once, decide on arrays (numpy), plan windows.

Needs the `batch` extra (numpy, pandas, pyarrow): pip install 'callwindow[batch]'.
numpy is imported here; pandas and pyarrow only when a frame or table function
runs. See docs/batch.md.
"""

from __future__ import annotations

try:
    import numpy  # noqa: F401
except ImportError as error:  # pragma: no cover
    raise ImportError("callwindow.batch needs numpy: pip install 'callwindow[batch]'") from error

from .decisions import ACTIONS, Decisions, decode_mask, to_datetime
from .engine import decide_batch, decide_numbers
from .frames import decide_frame, decide_table, write_csv
from .ingest import CODES, Ingested, ingest
from .plan import Windows, calling_order, windows

__all__ = [
    "ACTIONS",
    "CODES",
    "Decisions",
    "Ingested",
    "Windows",
    "calling_order",
    "decide_batch",
    "decide_frame",
    "decide_numbers",
    "decide_table",
    "decode_mask",
    "ingest",
    "to_datetime",
    "windows",
    "write_csv",
]
