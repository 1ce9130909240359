"""The service behind the routes: the two policies (courtesy and legal), the history store
(opened lazily, once per worker), and the operations the routes call. It speaks the core's
values (`request.Question`, `Decision`), never HTTP."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from ..errors import InvalidInput, RuleDataError
from ..policy import Policy, ProfilePolicies
from ..request import Question
from ..store import HistoryStore, default_db_path
from ..store.lazy import LazyStore
from ..windows import Windows, allowed_windows
from .config import Settings
from .metrics import Metrics

# One item of a batch: a question, the instant it is asked at and the profile that answers.
# The instant beside the question: a batch asks one question (a number with its options) at
# many instants, and builds that question once (Policy.answer(..., at=)).
Asked = tuple[Question, datetime, str]
# Seconds a check's read trusts that the store's file was there (LazyStore.get): a stat per
# request cost ~2 us of a ~50 us check.
READ_RECHECK = 0.05


class Service:
    """What the endpoints share: the two policies, the store (opened lazily), the keys."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.metrics = Metrics()  # GET /v1/metrics
        self._policies = ProfilePolicies()
        # The store named once, when the service is built: the environment ($CALLWINDOW_DB,
        # $XDG_DATA_HOME, ~) is read here, not on every request (it cost ~18 us per check), and
        # the store, `target` and `reads_block` can never disagree about which store it is.
        self.target: str = settings.db or default_db_path()
        # A PostgreSQL read waits on the network: it goes to a thread, not the event loop (a
        # SQLite read is a local lookup of microseconds).
        self.reads_block: bool = self.target.startswith(("postgresql:", "postgres:"))
        self._store = LazyStore(self.target, hash_key=settings.hash_key)

    def policy(self, profile: str) -> Policy:
        return self._policies.get(profile)

    def use_policies(self, policies: ProfilePolicies) -> None:
        """Answer with these policies from now on (a rule-data reload: http/reload.py). One
        assignment: a request already asking keeps the policy it has."""
        self._policies = policies

    def store(self) -> HistoryStore:
        """The open store (see store.lazy: a file gone since opening is an error, not a new store)."""
        return self._store.get()

    def reader(self) -> HistoryStore:
        """store(), to read from only: its file looked for at most every READ_RECHECK seconds
        (store.lazy). Anything that writes - records, the decision log - asks store()."""
        return self._store.get(recheck_after=READ_RECHECK)

    def close(self) -> None:
        self._store.close()

    # ------------------------------------------------------------ operations

    def check(self, question: Question, profile: str, at: datetime | None = None) -> dict[str, Any]:
        """The decision object for one question, asked at `at` (None: the question's instant),
        with the number's history from the store (and into the store's decision log, when it
        keeps one)."""
        store = self.reader()
        number = question.subscriber.number
        history = store.histories_of_contacts({number: question.contact_id})[number]
        decision = self.policy(profile).answer(question, history, at=at).to_dict()
        self.metrics.decisions((decision,))
        if store.audit_retention() is not None:
            self.store().log_decisions([(decision, "http")])
        return decision

    def check_many(self, asked: list[Asked | Exception]) -> list[dict[str, Any] | Exception]:
        """Each (question, instant, profile)'s decision, or the error that rejects it, in place;
        the history of every number read from the store at once."""
        numbers: dict[str, str | None] = {}
        for item in asked:
            if not isinstance(item, Exception):  # a number's first contact id reads the person's other numbers
                numbers[item[0].subscriber.number] = numbers.get(item[0].subscriber.number) or item[0].contact_id
        histories = self.reader().histories_of_contacts(numbers) if numbers else {}
        answers: list[dict[str, Any] | Exception] = []
        for item in asked:
            if isinstance(item, Exception):  # a body that did not validate, or its question
                answers.append(item)
                continue
            question, at, profile = item
            try:
                decision = self.policy(profile).answer(question, histories[question.subscriber.number], at=at)
            except (InvalidInput, RuleDataError) as error:
                answers.append(error)
            else:
                answers.append(decision.to_dict())
        self.metrics.decisions(answer for answer in answers if isinstance(answer, dict))
        store = self.store() if numbers else None
        if store is not None and store.audit_retention() is not None:
            store.log_decisions([(answer, "http") for answer in answers if isinstance(answer, dict)])
        return answers

    def windows(self, question: Question, profile: str, start: datetime, end: datetime) -> Windows:
        """The allowed windows of the question over [start, end), its history honoured."""
        number = question.subscriber.number
        history = self.reader().histories_of_contacts({number: question.contact_id})[number]
        return allowed_windows(self.policy(profile), question, history, start, end)
