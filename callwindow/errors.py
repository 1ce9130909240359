"""The exception tree. Exceptions are for bad input or bad data only:
"don't call now" is a Decision, never an exception.

Every leaf also subclasses a builtin (ValueError), so callers that do not know
callwindow can still catch them the usual way.
"""

from __future__ import annotations


class CallwindowError(Exception):
    """Base of every error raised by callwindow."""


class InvalidInput(CallwindowError, ValueError):
    """An argument is malformed: an instant without offset, an unknown purpose...

    `field` names the field of the question (callwindow.Question) that is at fault, when known."""

    field: str | None = None


class InvalidNumber(InvalidInput):
    """The phone number cannot be parsed or is not a valid number."""


class InvalidZone(InvalidInput):
    """A time zone name is not a known IANA zone."""


class InvalidRegion(InvalidInput):
    """A region or subdivision code is not known."""


class RuleDataError(CallwindowError, ValueError):
    """A rule file is malformed. The message names the file, the rule and the field."""

    def __init__(self, file: str, rule: str | None, field: str | None, problem: str) -> None:
        self.file = file
        self.rule = rule
        self.field = field
        self.problem = problem
        where = file
        if rule:
            where += f", rule {rule!r}"
        if field:
            where += f", field {field!r}"
        super().__init__(f"{where}: {problem}")
