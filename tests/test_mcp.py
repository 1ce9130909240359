"""The MCP server (callwindow/mcp/), end to end with the SDK's own client against a real
`callwindow-mcp` subprocess: over stdio, and over streamable HTTP behind the HTTP service's keys.

The decisions are the core's: `can_i_call_now` must equal `can-i-call NUMBER --json` for the same
request on the same store, `next_window` must equal `callwindow.windows.allowed_windows`, and two
claims racing for a Florida number's last slot must get one grant between them."""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("mcp")
httpx = pytest.importorskip("httpx")

from mcp import ClientSession, StdioServerParameters, stdio_client  # noqa: E402
from mcp.client.streamable_http import streamable_http_client  # noqa: E402

from callwindow import Policy  # noqa: E402
from callwindow.http.security import new_key_line  # noqa: E402
from callwindow.request import Question  # noqa: E402
from callwindow.store import open_store  # noqa: E402
from callwindow.windows import allowed_windows  # noqa: E402

TOOLS = {"can_i_call_now", "next_window", "record_attempt", "opt_out", "claim", "complete_claim", "release_claim",
         "draft_message"}
FLORIDA = "+1 305 555 0123"  # Miami: Florida's cap, three sales calls per person in 24 hours
OPTED_OUT = "+1 404 555 0199"  # Atlanta
AT = "2026-03-10T15:30:00Z"  # a Tuesday, 11:30 in Miami and Atlanta: inside every calling window
CALLS = ("2026-03-10T12:00:00Z", "2026-03-10T13:00:00Z", "2026-03-10T14:00:00Z")


def server_command() -> str:
    """The installed `callwindow-mcp` script of this environment."""
    found = Path(sys.executable).with_name("callwindow-mcp")
    if found.exists():
        return str(found)
    script = shutil.which("callwindow-mcp")
    assert script, "callwindow-mcp is not installed: pip install -e '.[test]'"
    return script


def environment(tmp_path: Path) -> dict[str, str]:
    """The server's environment: no user settings, no user store, no hash key."""
    env = {name: value for name, value in os.environ.items()
           if name not in ("CALLWINDOW_DB", "CALLWINDOW_HASH_KEY", "CALLWINDOW_API_KEYS", "CALLWINDOW_KEYS_FILE")}
    env.update({"XDG_CONFIG_HOME": str(tmp_path / "config"), "XDG_DATA_HOME": str(tmp_path / "data")})
    return env


@asynccontextmanager
async def stdio_session(tmp_path: Path, db: Path) -> AsyncIterator[ClientSession]:
    """A session with `callwindow-mcp --db DB` started by the SDK's stdio client; initialize()
    returns once the server answers (its readiness)."""
    params = StdioServerParameters(command=server_command(), args=["--db", str(db), "--create-db"],
                                   env=environment(tmp_path))
    with open(tmp_path / "server-stderr.log", "w", encoding="utf-8") as errlog:
        async with stdio_client(params, errlog=errlog) as (read, write), ClientSession(read, write) as session:
            await session.initialize()
            yield session


def run(test: Callable[[], Awaitable[None]]) -> None:
    asyncio.run(asyncio.wait_for(test(), timeout=180))


async def call(session: ClientSession, tool: str, **arguments: Any) -> dict[str, Any]:
    """A tool's structured result; it must not be an error, and its text must be the same object."""
    answer = await session.call_tool(tool, arguments)
    assert not answer.is_error, answer.content
    assert answer.structured_content is not None
    assert json.loads(answer.content[0].text) == answer.structured_content  # type: ignore[union-attr]
    return answer.structured_content


async def error_of(session: ClientSession, tool: str, **arguments: Any) -> str:
    """A tool error's text, checked to be one line."""
    answer = await session.call_tool(tool, arguments)
    assert answer.is_error
    (block,) = answer.content
    text: str = block.text  # type: ignore[union-attr]
    assert "\n" not in text and "Traceback" not in text
    return text


def cli_decision(db: Path, tmp_path: Path, number: str, at: str, *options: str) -> dict[str, Any]:
    """`can-i-call NUMBER --at AT --json --db DB --no-config` (the command line's decision)."""
    done = subprocess.run([sys.executable, "-m", "callwindow", number, "--at", at, "--json", "--db", str(db),
                           "--no-config", *options], capture_output=True, text=True, env=environment(tmp_path),
                          timeout=120)
    assert done.returncode in (0, 1), done.stderr
    decided: dict[str, Any] = json.loads(done.stdout)
    return decided


def test_tools_are_listed_and_bad_input_is_one_line(tmp_path: Path) -> None:
    async def scenario() -> None:
        async with stdio_session(tmp_path, tmp_path / "history.sqlite3") as session:
            listed = await session.list_tools()
            assert {tool.name for tool in listed.tools} == TOOLS
            check = next(tool for tool in listed.tools if tool.name == "can_i_call_now")
            assert check.input_schema["required"] == ["number"]
            assert {"action", "next_allowed_at", "reasons", "zones"} <= set(check.output_schema["properties"])
            assert check.annotations is not None and check.annotations.read_only_hint
            assert check.input_schema["properties"]["call_type"]["default"] == "prerecorded"  # its callers: AI voices

            assert await error_of(session, "can_i_call_now", number="call me") == \
                "'call me' is not a phone number: it has no digits"
            wrong = await error_of(session, "can_i_call_now", number="+12125550123", channel="fax")
            assert wrong.startswith("channel: ") and "'call' or 'sms'" in wrong
            assert await error_of(session, "can_i_call_now", number="+12125550123", at="tomorrow") == \
                "malformed instant 'tomorrow': expected ISO 8601 like 2026-03-08T14:30:00Z"
            assert await error_of(session, "next_window", number="+12125550123", start="2026-03-01T00:00:00Z",
                                  end="2026-05-01T00:00:00Z") == "the period is longer than 31 days"
            assert "outcome" in await error_of(session, "record_attempt", number=FLORIDA, outcome="great")
            assert "claim" in await error_of(session, "release_claim", claim_id=999)
            typo = await error_of(session, "can_i_call_now", number="+12125550123", chanel="sms")
            assert typo.startswith("can_i_call_now takes no argument chanel (did you mean channel?): it takes ")
            assert await error_of(session, "claim", number=FLORIDA, hold_seconds=0) == \
                "hold_seconds: Input should be greater than or equal to 1"
            assert (await error_of(session, "complete_claim", claim_id=0, outcome="no_answer")).startswith("claim_id: ")
            # the server is still answering after every refusal
            assert (await call(session, "can_i_call_now", number="+12125550123", at=AT,
                               call_type="live"))["action"] == "call"

    run(scenario)


def test_a_decision_equals_the_command_lines(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"

    async def scenario() -> None:
        async with stdio_session(tmp_path, db) as session:
            for moment in CALLS:  # three sales calls to a Florida number in the last 24 hours
                recorded = await call(session, "record_attempt", number=FLORIDA, outcome="no_answer", at=moment)
                assert recorded["kind"] == "attempt" and recorded["number"] == "+13055550123"
            await call(session, "opt_out", number=OPTED_OUT, at="2026-03-01T10:00:00Z", provenance="asked on a call")

            # the tools' call type defaults to prerecorded (their callers are AI voices): the same
            # decision as the command line's --call-type prerecorded, a sales call without consent refused
            unsaid = await call(session, "can_i_call_now", number=FLORIDA, at=AT)
            assert unsaid == cli_decision(db, tmp_path, FLORIDA, AT, "--call-type", "prerecorded")
            assert unsaid["call_type"] == "prerecorded" and unsaid["action"] == "block"
            assert "US.tcpa-227b.artificial-voice-consent" in [reason["rule"] for reason in unsaid["reasons"]]

            capped = await call(session, "can_i_call_now", number=FLORIDA, at=AT, call_type="live")
            assert capped == cli_decision(db, tmp_path, FLORIDA, AT)
            assert capped["action"] == "defer" and capped["next_allowed_at"] == "2026-03-11T12:00:00Z"
            assert [reason["code"] for reason in capped["reasons"]] == ["frequency_cap"]
            assert capped["reasons"][0]["rule"] == "US-FL.501-616.three-per-24h"

            blocked = await call(session, "can_i_call_now", number=OPTED_OUT, at=AT, call_type="live")
            assert blocked == cli_decision(db, tmp_path, OPTED_OUT, AT)
            assert blocked["action"] == "block" and [reason["code"] for reason in blocked["reasons"]] == ["opted_out"]

            legal_text = await call(session, "can_i_call_now", number=FLORIDA, at=AT, channel="sms", profile="legal",
                                    purpose="service", call_type="live")
            assert legal_text == cli_decision(db, tmp_path, FLORIDA, AT, "--channel", "sms", "--profile", "legal",
                                              "--purpose", "service")

            # the windows are the library's one implementation over the same history
            windows = await call(session, "next_window", number=FLORIDA, start="2026-03-10T00:00:00Z",
                                 end="2026-03-13T00:00:00Z", call_type="live")
            with open_store(str(db)) as store:
                history = store.history("+13055550123")
            expected = allowed_windows(Policy.default(), Question.of(FLORIDA, "2026-03-10T00:00:00Z"), history,
                                       "2026-03-10T00:00:00Z", "2026-03-13T00:00:00Z")
            assert [(w["start"], w["end"]) for w in windows["windows"]] == [
                (w.start.isoformat().replace("+00:00", "Z"), w.end.isoformat().replace("+00:00", "Z"))
                for w in expected.windows]
            assert windows["windows"] and not windows["blocked"] and windows["complete"]
            assert (await call(session, "next_window", number=OPTED_OUT, start=AT, call_type="live"))["blocked"]

    with open_store(str(db)) as store:
        store.enable_audit(30)  # the store keeps a decision log: the server's checks go into it
    run(scenario)
    with open_store(str(db)) as store:
        logged = [(entry["action"], entry["surface"]) for entry in store.audit_entries()
                  if entry["surface"] == "mcp"]
    assert logged == [("block", "mcp"), ("defer", "mcp"), ("block", "mcp"), ("sms", "mcp")]  # the checks, in order


def test_two_claims_for_the_last_slot_get_one_grant(tmp_path: Path) -> None:
    db = tmp_path / "history.sqlite3"

    async def scenario() -> None:
        async with stdio_session(tmp_path, db) as session:
            for moment in CALLS[:2]:  # two of Florida's three calls are taken: one slot left
                await call(session, "record_attempt", number=FLORIDA, outcome="no_answer", at=moment)
            live = {"call_type": "live"}  # (a person speaks; the tools' default is an AI voice's call)
            first, second = await asyncio.gather(call(session, "claim", number=FLORIDA, at=AT, **live),
                                                 call(session, "claim", number=FLORIDA, at=AT, **live))
            granted = [claim for claim in (first, second) if claim["granted"]]
            refused = [claim for claim in (first, second) if not claim["granted"]]
            assert len(granted) == 1 and len(refused) == 1
            assert granted[0]["decision"]["action"] == "call" and granted[0]["expires_at"]
            assert refused[0]["claim_id"] is None
            assert [reason["code"] for reason in refused[0]["decision"]["reasons"]] == ["frequency_cap"]
            # the held slot counts in a check, as it does for the command line
            assert (await call(session, "can_i_call_now", number=FLORIDA, at=AT, **live))["action"] == "defer"

            done = await call(session, "complete_claim", claim_id=granted[0]["claim_id"], outcome="conversation")
            assert done["claim_id"] == granted[0]["claim_id"] and done["attempt_id"] >= 1
            with open_store(str(db)) as store:
                assert store.attempts_count("+13055550123") == 3
            # a retried claim with the same idempotency key is the first claim, nothing new held
            other = "+1 305 555 0188"
            once = await call(session, "claim", number=other, at=AT, idempotency_key="agent-7:lead-42", **live)
            again = await call(session, "claim", number=other, at=AT, idempotency_key="agent-7:lead-42", **live)
            assert once["granted"] and again["repeated"] and again["claim_id"] == once["claim_id"]
            released = await call(session, "release_claim", claim_id=once["claim_id"])
            assert released == {"claim_id": once["claim_id"], "released": True}

    run(scenario)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(process: subprocess.Popen[bytes], port: int, log: Path) -> None:
    """Until the server accepts connections (or has exited: then its log is the failure)."""
    deadline = time.monotonic() + 120  # a loaded machine may take long to import the stack
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"callwindow-mcp exited early: {log.read_text()}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.05)  # refused at once: try again shortly
    raise AssertionError("callwindow-mcp did not accept connections in 120 s")


def test_streamable_http_needs_a_key_of_the_http_service(tmp_path: Path) -> None:
    key, line = new_key_line("voice-agent")  # the keys file of callwindow-serve
    limited, limited_line = new_key_line("trial")
    keys = tmp_path / "keys.txt"
    keys.write_text(f"{line}\n{limited_line} rate=0.001 burst=1\n", encoding="utf-8")
    port = free_port()
    log = tmp_path / "server.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [server_command(), "--transport", "http", "--port", str(port), "--keys-file", str(keys),
             "--db", str(tmp_path / "history.sqlite3"), "--create-db"],
            env=environment(tmp_path), stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for_port(process, port, log)
        url = f"http://127.0.0.1:{port}/mcp"
        hello = {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
            "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test", "version": "0"}}}
        accept = {"Accept": "application/json, text/event-stream"}
        missing = httpx.post(url, json=hello, headers=accept, timeout=30)
        assert missing.status_code == 401 and missing.headers["www-authenticate"] == "Bearer"
        unknown = httpx.post(url, json=hello, headers={**accept, "Authorization": "Bearer not-a-key-123456"},
                             timeout=30)
        assert unknown.status_code == 403 and key not in unknown.text
        # the keys file's limits hold here too: a key with a burst of one gets one request, then 429
        trial = {**accept, "Authorization": f"Bearer {limited}"}
        assert httpx.post(url, json=hello, headers=trial, timeout=30).status_code == 200
        spent = httpx.post(url, json=hello, headers=trial, timeout=30)
        assert spent.status_code == 429 and int(spent.headers["retry-after"]) >= 1

        async def scenario() -> None:
            import httpx2

            async with httpx2.AsyncClient(headers={"Authorization": f"Bearer {key}"}, timeout=60) as client, \
                    streamable_http_client(url, http_client=client) as (read, write), \
                    ClientSession(read, write) as session:
                await session.initialize()
                assert {tool.name for tool in (await session.list_tools()).tools} == TOOLS
                decision = await call(session, "can_i_call_now", number=FLORIDA, at=AT, call_type="live")
                assert decision == cli_decision(tmp_path / "history.sqlite3", tmp_path, FLORIDA, AT)
                assert decision["action"] == "call"

        run(scenario)
    finally:
        process.terminate()
        process.wait(timeout=60)


@pytest.mark.parametrize(("arguments", "says"), [
    (["--transport", "http"], "no API key"),
    (["--db", "{tmp}/typo.sqlite3"], "no history store at"),
    (["--port", "0", "--transport", "http", "--keys-file", "{tmp}/absent.txt"], "cannot read the keys file"),
    (["--transport", "carrier-pigeon"], "invalid choice"),
])
def test_bad_configuration_is_one_line_and_status_2(tmp_path: Path, arguments: list[str], says: str) -> None:
    done = subprocess.run([server_command(), *(a.replace("{tmp}", str(tmp_path)) for a in arguments)],
                          capture_output=True, text=True, env=environment(tmp_path), timeout=120,
                          stdin=subprocess.DEVNULL)
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("callwindow-mcp: error: ")
    assert says in done.stderr and done.stdout == ""


def test_without_the_sdk_the_command_names_the_extra(tmp_path: Path) -> None:
    hide_the_sdk = ("import sys; sys.modules['mcp'] = None; from callwindow.mcp.__main__ import main; "
                    f"sys.exit(main(['--db', {str(tmp_path / 'h.sqlite3')!r}, '--create-db']))")
    done = subprocess.run([sys.executable, "-c", hide_the_sdk], capture_output=True, text=True,
                          env=environment(tmp_path), timeout=120, stdin=subprocess.DEVNULL)
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr == ("callwindow-mcp: error: the MCP server needs the mcp extra (mcp is not installed): "
                           "pip install 'callwindow[mcp]' (from a checkout: pip install '.[mcp]')\n")
    assert not (tmp_path / "h.sqlite3").exists()  # stopped before opening anything
