"""Rows -> decisions: each readable row's question built from the run's options and the row's own
columns, decided in chunks by the batch engine (arrays) or row by row with Policy.answer, with
the recorded history of the chunk's numbers read in one call."""

from __future__ import annotations

import argparse
import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from ... import clock
from ...agenda import temperature_rank
from ...errors import CallwindowError, InvalidInput, InvalidNumber, InvalidRegion, InvalidZone
from ...history import History
from ...model import Reason, ReasonCode
from ...numbers import LIST_HINTS, readable_hints
from ...policy import Policy
from ...request import Question, row_default_region
from ..common import question_from_args
from ..history import HistoryReader
from .outcome import Outcome, RowAnswer


class Decider:
    """Decides rows with one policy and the run's options: each row's question is built from
    the options and the row's own columns, and answered with the row's recorded history."""

    def __init__(self, policy: Policy, at: datetime, args: argparse.Namespace,
                 history: HistoryReader | None) -> None:
        self.policy = policy
        self.at = at
        self.args = args
        self.history = history

    def question(self, line: int, number: str, hints: dict[str, str], names: dict[str, str]) -> Question | Outcome:
        """The row's question, or the Outcome that rejects the row."""
        text = number.strip()
        if not text:
            return Outcome(line, None, "empty number", number)
        row: dict[str, str | None] = {kind: value for kind, value in hints.items() if kind not in PLAN_ONLY}
        row["default_region"] = row_default_region(text, hints.get("region"), self.args.default_region)
        try:
            try:
                return question_from_args(self.args, text, self.at, **row)
            except (InvalidRegion, InvalidZone):
                unread = self.without_unreadable_hints(text, row)  # issue 15: a note on the row, not a rejection
                if unread is None:
                    raise
                return unread
        except InvalidNumber as error:
            return Outcome(line, None, f"number: {error}", number)
        except InvalidZone as error:
            return Outcome(line, None, f"{_where('zone', names)}: {error}", number)
        except InvalidRegion as error:
            kinds = [kind for kind in ("region", "subdivision", "postal_code") if hints.get(kind)]
            where = ", ".join(_where(kind, names) for kind in kinds) or "hint"
            return Outcome(line, None, f"{where}: {error}", number)
        except CallwindowError as error:
            return Outcome(line, None, str(error), number)
        except Exception as error:
            return Outcome(line, None, f"internal error ({type(error).__name__}: {error}); please report", number)

    def without_unreadable_hints(self, text: str, row: dict[str, str | None]) -> Question | None:
        """The row's question without the hints that cannot be read, each named in a hint_unused
        note (numbers.readable_hints: the batch API's rule too), or None when every hint can be
        read (the error is then a contradiction between hints, or the number's: the row is rejected)."""
        given = {kind: row.get(kind) or getattr(self.args, kind, None) for kind in LIST_HINTS}
        # row["default_region"] is the row's own rule (row_default_region): never the option over it
        kept, notes = readable_hints(text, default_region=row.get("default_region"), **given)
        if not notes:
            return None
        # row values win over the options: an unread hint is blanked in both
        args = argparse.Namespace(**{**vars(self.args), **{kind: None for kind in LIST_HINTS if kept[kind] is None}})
        question = question_from_args(args, text, self.at, **{**row, **kept})
        subscriber = question.subscriber
        return dataclasses.replace(question, subscriber=dataclasses.replace(
            subscriber, notes=(*subscriber.notes, *notes)))

    def decide_chunk(self, inputs: list[RowInput | Outcome], names: dict[str, str], vector: bool,
                     log: bool = True) -> list[Outcome]:
        """The outcome of every row of a chunk (an Outcome given in `inputs` is kept as it is).
        `vector`: decide with the batch engine (numpy) on arrays, else row by row; the answers
        are the same (tests/test_one_decision.py). The decisions go to the store's decision log
        when it is on (`log`: False for rows re-decided to word their errors)."""
        inputs = [_with_temperature(item, names) for item in inputs]
        if vector:
            outcomes = self._decide_arrays(inputs, names)
        else:
            asked = [item if isinstance(item, Outcome) else self.question(item.line, item.number, item.hints, names)
                     for item in inputs]
            histories = self.histories(item for item in asked if isinstance(item, Question))
            outcomes = [item if isinstance(item, Outcome)
                        else self.decide(item, histories.get(item.subscriber.number), line)
                        for item, line in zip(asked, (_line(item) for item in inputs), strict=True)]
        if log:
            self._log(inputs, outcomes)
        for item, outcome in zip(inputs, outcomes, strict=True):  # S15: the plan reads the lead's temperature
            if isinstance(item, RowInput) and outcome.decision is not None:
                outcome.temperature = temperature_rank(item.hints.get("temperature"))
        return outcomes

    def _log(self, inputs: list[RowInput | Outcome], outcomes: list[Outcome]) -> None:
        """The chunk's decisions into the store's decision log, when the store keeps one."""
        store = self.history.store if self.history is not None else None
        if store is None or store.audit_retention() is None:
            return
        args, entries = self.args, []
        for item, outcome in zip(inputs, outcomes, strict=True):
            answer = outcome.decision
            if answer is None or not isinstance(item, RowInput):
                continue
            entries.append(({
                "number": answer.number, "at": _iso(answer.at), "channel": answer.channel,
                "purpose": item.hints.get("purpose") or args.purpose,
                "contact": item.hints.get("contact") or args.contact,
                "call_type": item.hints.get("call_type") or args.call_type,
                "action": answer.action, "reason_codes": list(answer.reason_codes),
                "next_allowed_at": _iso(answer.next_allowed_at), "line": item.line,
                "versions": self.policy.versions,
            }, "list"))
        store.log_decisions(entries)

    def histories(self, questions: Iterable[Question]) -> dict[str, History]:
        """The recorded history of every question's number, in one read of the store."""
        if self.history is None:
            return {}
        contacts: dict[str, str | None] = {}
        for question in questions:  # a number's first contact id reads the person's other numbers
            contacts[question.subscriber.number] = contacts.get(question.subscriber.number) or question.contact_id
        return self.history.histories_of_contacts(contacts)

    def decide(self, question: Question, history: History | None, line: int) -> Outcome:
        try:
            decision = self.policy.answer(question, history)
        except CallwindowError as error:
            return Outcome(line, None, str(error), question.number)
        except Exception as error:
            return Outcome(line, None, f"internal error ({type(error).__name__}: {error}); please report",
                           question.number)
        return Outcome(line, RowAnswer.of(decision), None, question.number,
                       unused_hints=unused_hints(question.subscriber.notes))

    def _decide_arrays(self, inputs: list[RowInput | Outcome], names: dict[str, str]) -> list[Outcome]:
        from ...batch import decide_batch, ingest

        rows = [item for item in inputs if isinstance(item, RowInput)]
        if not rows:
            return [item for item in inputs if isinstance(item, Outcome)]
        args = self.args

        def column(kind: str) -> list[str | None]:
            return [item.hints.get(kind) or None for item in rows]

        default_regions = [row_default_region(item.number, item.hints.get("region"), args.default_region)
                           for item in rows]
        ingested = ingest([item.number.strip() for item in rows], default_region=default_regions,
                          zone=column("zone"), region=column("region"), subdivision=column("subdivision"),
                          postal_code=column("postal_code"), default_zone=args.default_zone)
        decisions = decide_batch(
            ingested, self.at, channel=args.channel,
            purpose=[item.hints.get("purpose") or args.purpose for item in rows],
            contact=[item.hints.get("contact") or args.contact for item in rows],
            call_type=[item.hints.get("call_type") or args.call_type for item in rows],
            policy=self.policy, consent=args.consent, emergencies=args.emergency, history=self.history,
            subject=args.subject, contact_id=column("contact_id"),
        )
        decided = decisions.rows()
        # Bad rows: the row-by-row path words each error with the column at fault (all in one call).
        bad = [index for index, row in enumerate(decided) if row["action"] is None]
        reworded = dict(zip(bad, self.decide_chunk([rows[index] for index in bad], names, vector=False, log=False),
                            strict=True))
        local_times: dict[str, datetime] = {}
        instant = self.at.timestamp()
        channel, at = str(args.channel), self.at
        answered: list[Outcome] = []
        for index, (item, row) in enumerate(zip(rows, decided, strict=True)):
            if index in reworded:
                answered.append(reworded[index])
                continue
            zones = tuple(row["zones"])
            local = None
            if zones:
                local = local_times.get(zones[0])
                if local is None:
                    local = local_times[zones[0]] = clock.local_time(instant, zones[0])
            # Positional, in RowAnswer's field order: this runs once per row of the list.
            outcome = Outcome(item.line, RowAnswer(
                row["number"], row["action"], row["allowed"], channel, at, row["next_allowed_at"],
                row["window_closes_at"], zones, local, tuple(row["reasons"]),
            ), None, item.number)
            if ReasonCode.HINT_UNUSED in row["reasons"]:
                subscriber = decisions.ingested.subscriber_of(index)
                outcome.unused_hints = unused_hints(subscriber.notes if subscriber is not None else ())
            answered.append(outcome)
        in_order = iter(answered)
        return [item if isinstance(item, Outcome) else next(in_order) for item in inputs]


@dataclass(frozen=True, slots=True)
class RowInput:
    """What a readable row asks: its number and its hint, purpose and contact columns."""

    line: int
    number: str
    hints: dict[str, str]


# Columns a row has that only order the plan: never part of the question.
PLAN_ONLY = frozenset({"temperature"})


def _with_temperature(item: RowInput | Outcome, names: dict[str, str]) -> RowInput | Outcome:
    """The row, or - when its temperature cell is not cold, warm, hot or empty - the Outcome
    that rejects it in its place (S15)."""
    if not isinstance(item, RowInput) or "temperature" not in item.hints:
        return item
    try:
        temperature_rank(item.hints["temperature"])
    except InvalidInput:
        return Outcome(item.line, None, f"{_where('temperature', names)}: must be cold, warm or hot (or empty), "
                                        f"got {item.hints['temperature']!r}", item.number)
    return item


def unused_hints(notes: Iterable[Reason]) -> tuple[str, ...]:
    """The messages of a subscriber's hint_unused notes: which hint was not used, and why."""
    return tuple(note.message for note in notes if note.code == ReasonCode.HINT_UNUSED)


def _iso(moment: datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _line(item: RowInput | Outcome) -> int:
    return item.line


def _where(kind: str, names: dict[str, str]) -> str:
    column = names.get(kind)
    label = kind.replace("_", " ")
    return f"{label} (column {column!r})" if column else label

