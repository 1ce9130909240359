"""A read of several queries as one SQL statement: their results side by side in one UNION ALL.

A history read is several queries - one per record table (`_records.READS`), the imported
do-not-call lists, and for a few numbers the blocks of those lists that may hold them - which
must see one snapshot. Sent one by one they cost a transaction (BEGIN ... COMMIT) and one
execute each: in the HTTP service's profile 9 executes, ~54 us of a ~130 us check on SQLite,
and a round trip each (~1.8 ms a read over loopback) on PostgreSQL. As one statement they are
one execute, and a single statement is its own snapshot in both databases: no transaction.

The queries have different columns, so each *shape* (a table's columns) has its own range of
the wide row and is NULL in the other branches; the first column, the branch's tag, says which
query a row answers. PostgreSQL resolves a UNION's column types pairwise from the left (two
untyped NULLs make `text`, which then fails to meet a `bigint`), so there the NULLs are typed
from the catalog: `(NULL::table).column` is a NULL of that column's type.

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
    """Where each shape's columns sit in the wide row: column 0 is the tag, then every shape's
    columns in turn. `shapes`: name -> its columns as (table, column), the table giving the
    column's type (a shape may mix tables: a join's columns)."""

    def __init__(self, shapes: Mapping[str, Sequence[tuple[str, str]]]) -> None:
        self.start: dict[str, int] = {}
        self.stop: dict[str, int] = {}
        at = 1
        for name, columns in shapes.items():
            self.start[name], at = at, at + len(columns)
            self.stop[name] = at
        self._nulls = {
            typed: {name: ", ".join(f"(NULL::{table}).{column}" if typed else "NULL" for table, column in columns)
                    for name, columns in shapes.items()}
            for typed in (False, True)
        }

    def branch(self, tag: int, shape: str, select: str, source: str, typed: bool) -> str:
        """`SELECT tag, ..., select, ... FROM source`: `select` (the shape's columns, in its
        order) in the shape's range, NULL in every other."""
        nulls = self._nulls[typed]
        columns = [select if name == shape else nulls[name] for name in nulls]
        return f"SELECT {tag}, {', '.join(columns)} FROM {source}"
