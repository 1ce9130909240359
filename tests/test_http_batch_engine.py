"""POST /v1/check/batch?detail=codes, decided on the batch engine's arrays: every item equals the
single check of the same body (POST /v1/check) field by field - with recorded history, contact
ids, per-row options and hints, and bad items in their place."""

from __future__ import annotations

import typing
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("numpy")

from budget import budget
from fastapi.testclient import TestClient
from hypothesis import given
from hypothesis import strategies as st

import callwindow.batch
from callwindow.http import batching
from callwindow.http.app import Settings, create_app
from callwindow.http.batching import COMPACT_FIELDS, compact
from callwindow.http.schemas import CheckBody
from callwindow.http.security import KeyRing

KEY = "test-key-0123456789"
AUTH = {"Authorization": f"Bearer {KEY}"}
NUMBERS = ["+1 212 555 0123", "+13055550123", "+1 404 555 0199", "+33 1 23 45 67 89", "+4930123456",
           "+61298765432", "+81312345678", "+442079460958", "+16135550123", "+15145550123",
           "2125550123", "12", "call me", "+999 123", "+1 800 555 0100"]
ZONES = [None, "America/New_York", "America/Chicago", "Europe/Paris", "Mars/Olympus"]
REGIONS = [None, "US", "FR", "CA", "XX"]
SUBDIVISIONS = [None, "US-FL", "FL", "US-NY", "CA-QC", "US-ZZ"]
INSTANTS = ["2026-03-10T15:30:00Z", "2026-03-10T12:00:00.000001Z", "2026-11-24T21:30:00+01:00",
            "2026-12-25T14:00:00Z", "2026-07-04T16:00:00Z", "not a time", "2026-03-10T12:00:00", "0001-01-01T00:00:00Z"]
PEOPLE = [None, "person-1", "person-2", "  "]


@pytest.fixture(scope="module")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    folder: Path = tmp_path_factory.mktemp("batch-engine")
    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": KEY}), db=str(folder / "history.sqlite3"))
    with TestClient(create_app(settings), raise_server_exceptions=False) as served:
        # Records of every kind the kernel's history view reads: a cap reached, an opt-out,
        # a consent, a callback, S6 asks, and a person's attempts on another of their numbers.
        records = [("/v1/attempts", {"number": "+13055550123", "at": f"2026-03-10T{hour}:00:00Z",
                                     "outcome": "no_answer"}) for hour in (12, 13, 14)]
        records += [
            ("/v1/attempts", {"number": "+1 404 555 0199", "at": "2026-03-10T13:00:00Z", "outcome": "no_answer",
                              "contact_id": "person-1"}),
            ("/v1/attempts", {"number": "+1 404 555 0199", "at": "2026-03-10T14:00:00Z", "outcome": "dropped",
                              "contact_id": "person-1"}),
            ("/v1/opt-outs", {"number": "+1 212 555 0123", "channels": ["sms"], "at": "2026-01-01T00:00:00Z"}),
            ("/v1/consents", {"number": "+4930123456", "at": "2026-01-01T00:00:00Z"}),
            ("/v1/callbacks", {"number": "+33 1 23 45 67 89", "start": "2026-11-24T20:00:00Z",
                               "end": "2026-11-24T22:00:00Z"}),
            ("/v1/asks", {"number": "+61298765432", "at": "2026-12-25T13:00:00Z", "reply": "no",
                          "replied_at": "2026-12-25T13:05:00Z"}),
            ("/v1/asks", {"number": "+81312345678", "at": "2026-07-04T15:00:00Z", "reply": "yes",
                          "replied_at": "2026-07-04T15:01:00Z"}),
        ]
        for path, body in records:
            assert served.post(path, json=body, headers=AUTH).status_code == 201, (path, body)
        yield served


def _optional(values: list[Any]) -> st.SearchStrategy[Any]:
    return st.sampled_from(values)


ITEM = st.fixed_dictionaries(
    {"number": st.sampled_from(NUMBERS), "at": st.sampled_from(INSTANTS)},
    optional={
        "channel": st.sampled_from(["call", "sms"]), "purpose": st.sampled_from(["sales", "service", "collection"]),
        "contact": st.sampled_from(["consumer", "business"]), "zone": _optional(ZONES),
        "region": _optional(REGIONS), "subdivision": _optional(SUBDIVISIONS),
        "postal_code": _optional([None, "33101", "10001", "00000"]),
        "default_region": _optional([None, "US", "FR", "QQ"]), "consent": st.booleans(),
        "emergencies": st.sampled_from([[], ["US-FL"], ["US-LA", "US-MS"], ["ZZ-99"]]),
        "subject": _optional([None, "debt-1", "  "]), "contact_id": _optional(PEOPLE),
        "profile": st.sampled_from(["courtesy", "legal"]),
    },
)
# Items the schema refuses (422 in their place): not an object, an unknown field, a bad enum.
BAD_ITEMS = st.sampled_from([17, "text", None, {"number": "+12125550123", "colour": "red"},
                             {"number": "+12125550123", "channel": "fax"}, {}])
BATCH = st.lists(st.one_of(ITEM, ITEM, ITEM, BAD_ITEMS), min_size=1, max_size=25)


def _single(client: TestClient, item: Any) -> tuple[int, dict[str, Any]]:
    response = client.post("/v1/check", json=item, headers=AUTH)
    return response.status_code, response.json()


@given(items=BATCH)
@budget(30)
def test_every_item_equals_the_single_check(client: TestClient, items: list[Any]) -> None:
    threshold, batching.ENGINE_ROWS_PER_DAY = batching.ENGINE_ROWS_PER_DAY, 0  # every group on the engine
    try:
        response = client.post("/v1/check/batch?detail=codes", json=items, headers=AUTH)
    finally:
        batching.ENGINE_ROWS_PER_DAY = threshold
    assert response.status_code == 200, response.text
    results = response.json()["results"]
    assert [result["index"] for result in results] == list(range(len(items)))
    for item, result in zip(items, results, strict=True):
        status, single = _single(client, item)
        if status == 200:
            assert result["ok"] and result["error"] is None, (item, result)
            assert result["decision"] == compact(single), item
            assert list(result["decision"]) == list(COMPACT_FIELDS)
        else:
            assert not result["ok"] and result["decision"] is None, (item, result)
            assert result["error"]["status"] == status and result["error"]["title"] == single["title"], item
            if status == 400:  # the engine's words for a refused field (422s are pydantic's, worded per path)
                assert result["error"]["detail"] == single["detail"], item


def _decision_counts(client: TestClient) -> Counter[str]:
    """The decision counters of GET /v1/metrics (by action, by reason code)."""
    text = client.get("/v1/metrics", headers=AUTH).text
    return Counter({line.rsplit(" ", 1)[0]: int(line.rsplit(" ", 1)[1]) for line in text.splitlines()
                    if line.startswith(("callwindow_decisions_total{", "callwindow_decision_reasons_total{"))})


@given(items=BATCH)
@budget(20)
def test_the_metrics_count_each_compact_decision(client: TestClient, items: list[Any]) -> None:
    """Each decided item counts its action and each of its reason codes once, as a single check's
    decision counts; refused items count nothing (the engine's decisions are counted by distinct
    action and codes)."""
    threshold, batching.ENGINE_ROWS_PER_DAY = batching.ENGINE_ROWS_PER_DAY, 0  # every group on the engine
    try:
        before = _decision_counts(client)
        results = client.post("/v1/check/batch?detail=codes", json=items, headers=AUTH).json()["results"]
        after = _decision_counts(client)
    finally:
        batching.ENGINE_ROWS_PER_DAY = threshold
    expected: Counter[str] = Counter()
    for result in results:
        if result["ok"]:
            expected[f'callwindow_decisions_total{{action="{result["decision"]["action"]}"}}'] += 1
            for code in result["decision"]["reason_codes"]:
                expected[f'callwindow_decision_reasons_total{{code="{code}"}}'] += 1
    after.subtract(before)
    assert +after == expected


_TEXTS = st.sampled_from(["", "+12125550123", "US", "call", "sms", "fax", "sales", "service", "legal", "courtesy",
                          "consumer", "business", "live", "automated", "2026-03-10T15:30:00Z"]) | st.builds(
    "x".__mul__, st.sampled_from([1, 8, 9, 16, 17, 64, 65, 200, 201]))
_VALUES = (_TEXTS | st.none() | st.booleans() | st.sampled_from([0, 1, 2.5])
           | st.lists(_TEXTS, max_size=3) | st.builds(lambda n: ["US-LA"] * n, st.sampled_from([50, 51]))
           | st.sampled_from([[1], {"a": "b"}]))


def _fitting(name: str) -> st.SearchStrategy[Any]:
    """Values of a CheckBody field's kind: its choices, texts around its length limit, ..."""
    annotation = CheckBody.model_fields[name].annotation
    if typing.get_origin(annotation) is typing.Literal:
        return st.sampled_from(typing.get_args(annotation))
    if annotation is bool:
        return st.booleans()
    return _TEXTS | st.none() | st.lists(_TEXTS, max_size=2)


# A body of fitting values, often with one field (or an unknown one) set to anything.
_FITTING = st.fixed_dictionaries({"number": _TEXTS}, optional={
    name: _fitting(name) for name in CheckBody.model_fields if name != "number"})
_BODY = st.one_of(_FITTING, st.builds(lambda body, name, value: {**body, name: value}, _FITTING,
                                      st.sampled_from([*CheckBody.model_fields, "colour"]), _VALUES))


@given(items=st.lists(_BODY | st.sampled_from([None, 17, "text", []]), min_size=1, max_size=4))
@budget(400)
def test_the_fields_of_a_check_body_validate_as_the_body(items: list[Any]) -> None:
    """schemas.fields_of(CheckBody) refuses what CheckBody refuses and reads what it reads: each
    accepted body's given fields are its model's fields set, and with the defaults its values."""
    from pydantic import ValidationError

    from callwindow.http.routes.check import validated, validated_fields

    models = validated(items)
    dicts = validated_fields(items)
    for model, fields in zip(models, dicts, strict=True):
        assert isinstance(model, ValidationError) == isinstance(fields, ValidationError), (model, fields)
        if isinstance(model, ValidationError):
            assert isinstance(fields, ValidationError) and fields.errors() == model.errors()
        else:
            assert isinstance(fields, dict) and set(fields) == model.model_fields_set
            assert {**batching._DEFAULTS, **fields} == model.__dict__
    bad = [item for item, model in zip(items, models, strict=True) if isinstance(model, ValidationError)]
    if not bad:  # the list validated at once by the fields' TypedDict (the common case)
        assert validated_fields(items) == [{name: model.__dict__[name] for name in model.model_fields_set}
                                           for model in models]


def test_fields_of_refuses_a_model_with_validators() -> None:
    from pydantic import BaseModel, field_validator

    from callwindow.http.schemas import fields_of

    class Checked(BaseModel):
        number: str

        @field_validator("number")
        @classmethod
        def plus(cls, value: str) -> str:
            return value

    with pytest.raises(TypeError, match="validators"):
        fields_of(Checked)


def test_the_decision_log_holds_each_compact_decision(tmp_path: Path) -> None:
    """With the decision log on, each decided item of a compact batch is logged once, its detail
    the decision as answered (but the number); refused items are not logged."""
    from callwindow.store import open_store

    db = str(tmp_path / "history.sqlite3")
    with open_store(db) as store:
        store.enable_audit(30)
    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": KEY}), db=db)
    items = [{"number": number, "at": "2026-03-10T15:30:00Z"} for number in NUMBERS]
    with TestClient(create_app(settings)) as served:
        results = served.post("/v1/check/batch?detail=codes", json=items, headers=AUTH).json()["results"]
    decided = [result["decision"] for result in results if result["ok"]]
    assert decided and len(decided) < len(results)  # (some numbers are refused)
    with open_store(db) as store:
        entries = store.audit_entries()
    assert [entry["detail"] for entry in entries] == [
        {name: value for name, value in decision.items() if name != "number"} for decision in decided]
    assert [entry["reasons"] for entry in entries] == [decision["reason_codes"] for decision in decided]


def test_the_engine_decides_the_batch(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int] = []
    engine = callwindow.batch.decide_batch

    def counted(listed: Any, *args: Any, **options: Any) -> Any:
        calls.append(len(listed))
        return engine(listed, *args, **options)

    monkeypatch.setattr(callwindow.batch, "decide_batch", counted)
    items = [{"number": number, "at": "2026-03-10T15:30:00Z"} for number in NUMBERS * 4]
    items += [{"number": "+12125550123", "at": "2026-03-10T15:30:00Z", "profile": "legal"}]
    results = client.post("/v1/check/batch?detail=codes", json=items, headers=AUTH).json()["results"]
    # one engine call per (profile, consent, emergencies, subject) with enough rows per UTC day;
    # the one legal item is walked (below ENGINE_ROWS_PER_DAY the engine's fixed cost is the larger)
    assert calls == [len(NUMBERS) * 4]
    assert results[-1]["ok"] and results[-1]["decision"]["action"] == "call"
    capped = next(r for item, r in zip(items, results, strict=True) if item["number"] == "+13055550123")
    assert capped["decision"]["action"] == "defer" and "frequency_cap" in capped["decision"]["reason_codes"]
    assert [r["ok"] for r in results].count(False) == 4 * 4  # "2125550123" (no +CC), "12", "call me", "+999 123"


def test_detail_full_is_the_default_and_detail_is_checked(client: TestClient) -> None:
    items = [{"number": "+12125550123", "at": "2026-03-10T15:30:00Z"}]
    full = client.post("/v1/check/batch", json=items, headers=AUTH).json()["results"][0]["decision"]
    assert full == _single(client, items[0])[1] and "local_times" in full
    refused = client.post("/v1/check/batch?detail=words", json=items, headers=AUTH)
    assert refused.status_code == 422 and refused.headers["content-type"] == "application/problem+json"


@st.composite
def _repeated(draw: st.DrawFn) -> list[Any]:
    """A few bodies, each asked again at other instants (the items routes.check.same_question
    builds one question for), and bad items among them."""
    bodies = draw(st.lists(st.one_of(ITEM, ITEM, BAD_ITEMS), min_size=1, max_size=4))
    picks = draw(st.lists(st.tuples(st.integers(min_value=0, max_value=len(bodies) - 1),
                                    st.sampled_from(INSTANTS)), min_size=1, max_size=16))
    return [{**bodies[index], "at": at} if isinstance(bodies[index], dict) and bodies[index] else bodies[index]
            for index, at in picks]


@given(items=_repeated())
@budget(25)
def test_full_items_that_differ_in_their_instant_equal_the_single_check(client: TestClient, items: list[Any]) -> None:
    response = client.post("/v1/check/batch", json=items, headers=AUTH)
    assert response.status_code == 200, response.text
    for item, result in zip(items, response.json()["results"], strict=True):
        status, single = _single(client, item)
        if status == 200:
            assert result["ok"] and result["decision"] == single, item
        else:
            assert not result["ok"] and result["error"]["status"] == status, (item, result)
            assert result["error"]["title"] == single["title"], item
            if status == 400:
                assert result["error"]["detail"] == single["detail"], item


def test_small_batches_are_decided_on_the_event_loop(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """A batch of at most INLINE_BATCH_ITEMS goes to no thread (the hand-offs cost more than the
    work); a bigger one does, and so does any batch when history reads wait on the network."""
    from callwindow.http.routes import check

    hops: list[int] = []
    hop = check.run_in_threadpool

    async def counted(function: Any, *args: Any) -> Any:
        hops.append(len(args[1]))  # (service, items, codes)
        return await hop(function, *args)

    monkeypatch.setattr(check, "run_in_threadpool", counted)
    small = [{"number": "+12125550123", "at": "2026-03-10T15:30:00Z"}] * check.INLINE_BATCH_ITEMS
    big = small + small[:1]
    for detail in ("full", "codes"):
        answers = [client.post(f"/v1/check/batch?detail={detail}", json=items, headers=AUTH) for items in (small, big)]
        assert [answer.status_code for answer in answers] == [200, 200]
        assert answers[0].json()["results"][0] == answers[1].json()["results"][0]
    assert hops == [len(big), len(big)]
    monkeypatch.setattr(client.app.state.service, "reads_block", True)  # type: ignore[attr-defined]
    assert client.post("/v1/check/batch", json=small[:2], headers=AUTH).status_code == 200
    assert hops[-1] == 2


def test_the_collector_waits_for_an_inline_batch_only(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    """An inline batch is decided with the garbage collector paused, and it is back on after the
    batch - also when the batch fails; it stays off when it was off, and a batch in a thread
    does not touch it."""
    import gc

    from callwindow.http.routes import check

    seen: list[bool] = []
    results = check.batch_results

    def watched(service: Any, items: list[Any], codes: bool) -> Any:
        seen.append(gc.isenabled())
        if items and items[0] == "fail":
            raise RuntimeError("the batch failed")
        return results(service, items, codes)

    monkeypatch.setattr(check, "batch_results", watched)
    small = [{"number": "+12125550123", "at": "2026-03-10T15:30:00Z"}] * 3
    big = small * check.INLINE_BATCH_ITEMS
    assert gc.isenabled()
    for items in (small, ["fail"], big):
        client.post("/v1/check/batch?detail=codes", json=items, headers=AUTH)
        assert gc.isenabled()
    gc.disable()
    try:
        assert client.post("/v1/check/batch?detail=codes", json=small, headers=AUTH).status_code == 200
        assert not gc.isenabled()
    finally:
        gc.enable()
    assert seen == [False, False, True, False]


# ---------------------------------------------------------------- the lean batch path (fastpath.py)

# Instants at the edges of New York's and Paris' DST changes (a gap, a fold), with the other instants.
DST_EDGES = ["2026-03-08T06:59:59Z", "2026-03-08T07:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T06:30:00Z",
             "2026-03-29T00:59:59Z", "2026-03-29T01:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"]
EDGE_ITEM = st.fixed_dictionaries({"number": st.sampled_from(NUMBERS[:6]), "at": st.sampled_from(DST_EDGES)},
                                  optional={"channel": st.sampled_from(["call", "sms"]),
                                            "purpose": st.sampled_from(["sales", "service"]),
                                            "contact_id": _optional(PEOPLE)})
# Bodies that are not a batch, and queries the `detail` parameter refuses or reads.
SIX = b"[" + b",".join([b'{"number": "+12125550123", "at": "2026-03-10T15:30:00Z"}'] * 6) + b"]"
RAW_BODIES = st.sampled_from([b"[1,", b"", b"\xff", b"{}", b'"text"', b"[]", b"[" + b"[" * 40 + b"]" * 40 + b"]", SIX])
QUERIES = st.sampled_from(["", "?detail=full", "?detail=codes", "?detail=bad", "?detail=", "?detail",
                           "?detail=codes&detail=full", "?detail=bad&detail=codes", "?other=1", "?%64etail=codes",
                           "?%64etail=bad", "?detail=%63odes"])


class _FrameworkOnly:
    """The app without its outer layers: every request goes to FastAPI's own route (and its
    body guard), the path the lean layer stands in for."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        await (self.app.framework if scope["type"] == "http" else self.app)(scope, receive, send)


@pytest.fixture(scope="module")
def framework(client: TestClient) -> TestClient:
    return TestClient(_FrameworkOnly(client.app), raise_server_exceptions=False)


def _same_answer(lean: Any, routed: Any) -> None:
    assert lean.status_code == routed.status_code, (lean.text, routed.text)
    assert lean.headers["content-type"] == routed.headers["content-type"]
    assert lean.content == routed.content  # byte for byte


@given(items=st.one_of(BATCH, _repeated(), st.lists(EDGE_ITEM, min_size=1, max_size=12)), query=QUERIES)
@budget(30)
def test_the_lean_batch_answers_as_the_framework_route(client: TestClient, framework: TestClient,
                                                       items: list[Any], query: str) -> None:
    """fastpath.FastCheck answers POST /v1/check/batch ahead of FastAPI: the same bytes as the
    route it stands in for, for good and bad items in their place, DST edges and recorded
    history, worded and compact."""
    lean = client.post(f"/v1/check/batch{query}", json=items, headers=AUTH)
    _same_answer(lean, framework.post(f"/v1/check/batch{query}", json=items))
    assert "x-request-id" in lean.headers  # (through the access log: the lean path is the one served)


@given(body=RAW_BODIES, query=QUERIES)
@budget(20)
def test_the_lean_batch_refuses_as_the_framework_route(client: TestClient, framework: TestClient,
                                                       body: bytes, query: str) -> None:
    """Bodies that are no batch (bad JSON, not an array, too deep) and queries: the same
    problem objects, from the same body guard."""
    headers = {"content-type": "application/json"}
    lean = client.post(f"/v1/check/batch{query}", content=body, headers={**AUTH, **headers})
    _same_answer(lean, framework.post(f"/v1/check/batch{query}", content=body, headers=headers))
    assert lean.status_code in (200, 400, 422), lean.text


def test_the_lean_batch_refuses_a_batch_over_the_limit_as_the_framework_route(tmp_path: Path) -> None:
    settings = Settings(keys=KeyRing.load(env={"CALLWINDOW_API_KEYS": KEY}), db=str(tmp_path / "history.sqlite3"),
                        max_batch=5, max_body_bytes=1000)
    app = create_app(settings)
    lean, routed = TestClient(app), TestClient(_FrameworkOnly(app))
    six = [{"number": "+12125550123"}] * 6
    _same_answer(lean.post("/v1/check/batch", json=six, headers=AUTH), routed.post("/v1/check/batch", json=six))
    refused = lean.post("/v1/check/batch", json=six, headers=AUTH).json()
    assert refused["detail"] == "6 checks: the limit is 5 per request"
    big = [{"number": "+12125550123", "at": "2026-03-10T15:30:00Z", "subject": "x" * 190}] * 5  # over the body limit
    answer = lean.post("/v1/check/batch", json=big, headers=AUTH)
    _same_answer(answer, routed.post("/v1/check/batch", json=big))
    assert answer.status_code == 413 and "over the limit of 1000 bytes" in answer.json()["detail"]


def test_the_lean_batch_answers_store_errors_as_problems(client: TestClient, framework: TestClient,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from callwindow.store import StoreError

    service = client.app.state.service  # type: ignore[attr-defined]

    def broken() -> Any:
        raise StoreError("disk gone")

    monkeypatch.setattr(service, "store", broken)
    items = [{"number": "+12125550123", "at": "2026-03-10T15:30:00Z"}]
    lean = client.post("/v1/check/batch", json=items, headers=AUTH)
    _same_answer(lean, framework.post("/v1/check/batch", json=items))
    assert lean.status_code == 503 and lean.json()["detail"] == "the service cannot answer now"


def test_only_post_takes_the_lean_batch_path(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from callwindow.http import fastpath

    answered: list[int] = []
    lean = fastpath.batch_answer

    async def counted(service: Any, items: list[Any], codes: bool) -> Any:
        answered.append(len(items))
        return await lean(service, items, codes)

    monkeypatch.setattr(fastpath, "batch_answer", counted)
    items = [{"number": "+12125550123", "at": "2026-03-10T15:30:00Z"}] * 3
    assert client.post("/v1/check/batch", json=items, headers=AUTH).status_code == 200
    assert answered == [3]  # answered by the lean layer, not the framework's route
    answer = client.get("/v1/check/batch", headers=AUTH)
    assert answer.status_code == 405 and answer.headers["allow"] == "POST" and answered == [3]


# ---------------------------------------------------------------- single checks asked again (routes.check.decided)


@given(item=st.one_of(ITEM, EDGE_ITEM), instants=st.lists(st.sampled_from(INSTANTS + DST_EDGES), min_size=2,
                                                       max_size=4))
@budget(30)
def test_a_single_check_asked_again_at_other_instants_answers_as_a_fresh_one(
    client: TestClient, item: dict[str, Any], instants: list[str],
) -> None:
    """GET and POST /v1/check keep the recent questions (every field but the instant): the
    same body at another instant answers, byte for byte, what it answers with nothing kept -
    the history read at that instant, a bad instant refused in its own words."""
    from urllib.parse import urlencode

    from callwindow.http.routes import check

    for at in instants:
        body = {**item, "at": at}
        query = urlencode([(name, value) for name, value in body.items() if name != "emergencies" and value is not None]
                          + [("emergencies", place) for place in body.get("emergencies", [])])
        kept = client.post("/v1/check", json=body, headers=AUTH), client.get(f"/v1/check?{query}", headers=AUTH)
        check._recent.clear()
        fresh = client.post("/v1/check", json=body, headers=AUTH)
        check._recent.clear()
        fresh_get = client.get(f"/v1/check?{query}", headers=AUTH)
        for answer, reference in zip(kept, (fresh, fresh_get), strict=True):
            assert answer.status_code == reference.status_code and answer.content == reference.content, body


def test_the_recent_questions_are_bounded(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> None:
    from callwindow.http.routes import check

    monkeypatch.setattr(check, "RECENT_QUESTIONS", 3)
    for minute in range(8):
        answer = client.post("/v1/check", json={"number": "+12125550123", "at": "2026-03-10T15:30:00Z",
                                                "subject": f"debt-{minute}"}, headers=AUTH)
        assert answer.status_code == 200
        assert 0 < len(check._recent) <= 3


def test_the_detail_parameter_is_read_as_the_framework_reads_it(client: TestClient, framework: TestClient) -> None:
    items = [{"number": "+12125550123", "at": "2026-03-10T15:30:00Z"}]
    for query, compact_answer in (("?%64etail=codes", True), ("?detail=%63odes", True), ("?detail=codes&detail=full",
                                  False), ("?x=1", False)):
        lean = client.post(f"/v1/check/batch{query}", json=items, headers=AUTH)
        _same_answer(lean, framework.post(f"/v1/check/batch{query}", json=items))
        assert ("reason_codes" in lean.json()["results"][0]["decision"]) is compact_answer, query
    refused = client.post("/v1/check/batch?%64etail=words", json=items, headers=AUTH)
    assert refused.status_code == 422 and refused.json()["detail"] == "query.detail: Input should be 'full' or 'codes'"
