"""A read of several queries as one SQL statement: their results side by side in one UNION ALL.

A history read is several queries - one per record table (`_records.READS`), the imported
do-not-call lists, and for a few numbers the blocks of those lists that may hold them - which
must see one snapshot. Sent one by one they cost a transaction (BEGIN ... COMMIT) and one
execute each: in the HTTP service's profile 9 executes, ~54 us of a ~130 us check on SQLite,
and a round trip each (~1.8 ms a read over loopback) on PostgreSQL. As one statement they are
one execute, and a single statement is its own snapshot in both databases: no transaction.

The queries have different columns; the first column, the branch's tag, says which query a
row answers. PostgreSQL resolves a UNION's column types pairwise from the left (two untyped
NULLs make `text`, which then fails to meet a `bigint`), so there each *shape* (a table's
columns) has its own range of a wide row, NULL in the other branches, and the NULLs are typed
from the catalog: `(NULL::table).column` is a NULL of that column's type. SQLite types values,
not columns: there every shape starts right after the tag and a row is only as wide as the
widest shape (`narrow`). Width costs on every execute, rows or none: Python's sqlite3 builds
the cursor's description, a name per column - 70 columns cost ~5 us of a ~10 us read, 20 ~1.5.

The statement has no ORDER BY: sorting the union costs a sorter even when no row comes back
(~2 us on SQLite, most reads); the reader sorts the rows of each (number, table) instead, when
there are several.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

# A simple query of one table, as _records writes its lists query: columns, table, order.
_SIMPLE = re.compile(r"SELECT ([\w, ]+) FROM (\w+)(?: ORDER BY ([\w, ]+))?")


def simple_select(sql: str) -> tuple[tuple[str, ...], str, tuple[str, ...]]:
    """The columns, table and ORDER BY columns of `SELECT a, b FROM t [ORDER BY a]`."""
    found = _SIMPLE.fullmatch(sql)
    if found is None:
        raise ValueError(f"not a simple one-table SELECT: {sql[:80]!r}")
    return _names(found.group(1)), found.group(2), _names(found.group(3) or "")


def _names(text: str) -> tuple[str, ...]:
    return tuple(name.strip() for name in text.split(",") if name.strip())


class Layout:
    """Where each shape's columns sit in the row: column 0 is the tag, then every shape's
    columns in turn (wide), or every shape's from column 1, padded with NULLs to the widest
    (`narrow`: SQLite only - its columns have no types to resolve). `shapes`: name -> its
    columns as (table, column), the table giving the column's type (a shape may mix tables: a
    join's columns)."""

    def __init__(self, shapes: Mapping[str, Sequence[tuple[str, str]]], *, narrow: bool = False) -> None:
        self.narrow = narrow
        self.start: dict[str, int] = {}
        self.stop: dict[str, int] = {}
        at = 1
        for name, columns in shapes.items():
            self.start[name] = 1 if narrow else at
            self.stop[name] = self.start[name] + len(columns)
            at = self.stop[name]
        self._width = max((len(columns) for columns in shapes.values()), default=0)
        self._sizes = {name: len(columns) for name, columns in shapes.items()}
        self._nulls = {
            typed: {name: ", ".join(f"(NULL::{table}).{column}" if typed else "NULL" for table, column in columns)
                    for name, columns in shapes.items()}
            for typed in (False, True)
        }

    def branch(self, tag: int, shape: str, select: str, source: str, typed: bool) -> str:
        """`SELECT tag, ..., select, ... FROM source`: `select` (the shape's columns, in its
        order) in the shape's range, NULL in every other (narrow: NULLs after it to the width)."""
        if self.narrow:
            if typed:
                raise ValueError("a narrow layout has untyped columns: it is for SQLite only")
            padding = ", NULL" * (self._width - self._sizes[shape])
            return f"SELECT {tag}, {select}{padding} FROM {source}"
        nulls = self._nulls[typed]
        columns = [select if name == shape else nulls[name] for name in nulls]
        return f"SELECT {tag}, {', '.join(columns)} FROM {source}"
