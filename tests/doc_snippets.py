"""Run the fenced blocks of README.md and docs/*.md and compare them with what they show.

Shared by tests/test_doc_snippets.py. Imported by pytest, and also run as a script
(`python tests/doc_snippets.py FD`): the *driver*, one Python process per document that runs
the document's `can-i-call` commands and Python blocks in-process (a new interpreter per
command would cost ~0.3 s each).

What is done with a block, by the language of its fence:

- `console`: every `$ COMMAND` (a line ending in `\\` continues it) is run in the document's
  session, in order, and its stdout + stderr compared with the lines below it; a last line
  `[exit N]` is its exit status. A blank line before the next `$ ` only separates the steps.
  `can-i-call ARGS` without shell syntax runs `callwindow.cli.main(ARGS)` (the command's own
  function) in the driver; anything else runs in `bash -o pipefail`.
- `sh`, `bash`: the whole block is run by `bash -e -o pipefail` in the session (a temporary HOME,
  XDG_CONFIG_HOME and XDG_DATA_HOME); it must exit 0.
- `python`: executed in a fresh namespace in the session's folder. A top-level expression
  followed by a comment (on its line, and/or comment-only lines right after it, joined with
  spaces) claims its value: the comment must start with the value's `repr`, `str` or display
  form (tuples and lists element by element, datetimes with `str`), then a space, `:`, `,`, `(`
  or `;`. A block that starts with `>>> ` is run as a doctest instead.
- `js`: run by node against the session's server (docs/http.md; `mayICall` is called once).
- `text`: prose (diagrams, synopses, measured output): not run; it may not hold `$ ` or `>>> `
  lines.
- any other language (json, toml...): must carry one of the markers below.
- no language: refused (give the fence one).

Markers (`<!-- snippet: NAME ARGUMENT -->` on the line right before the fence):

- `not-run (reason)`: not run, on purpose; the reason is required.
- `file PATH`: the block is the repository file PATH (e.g. `docs/examples/our-hours.toml`), byte for byte;
  `file-start PATH`: the block is the beginning of that file, byte for byte.
- `output`: the block is the stdout of the Python block before it.
- `server`: the console block's command starts a long-running server. It is started in the
  background on a free port (`--port 8080` replaced), its first lines compared, and the rest of
  the document talks to it: `http://127.0.0.1:8080` in later blocks means that server.
- `server-log`: every JSON line of the block is a line of that server's access log, compared
  without `ts`, `request_id` and `ms`.

Sessions: one temporary folder per document. README.md's commands run from a copy of the
repository's `docs/examples/` (paths as from the repository root); the other documents' run in
a folder holding those example files themselves. `$ cat FILE` of a file whose name is one of
docs/examples/ puts the shipped file there first (the reader wrote it): the block must show it
byte for byte. `TZ=UTC` (the examples without `--my-zone` show "your time (UTC)"). After
`callwindow-serve --new-key`, `KEY` holds the key it printed (docs/http.md: "In the examples,
`KEY` holds the key"), and Python blocks get it as `CALLWINDOW_KEY`; the server is started with
`CALLWINDOW_CORS_ORIGINS=https://crm.example.com` (docs/http.md, "From a browser"), and the js
block's `https://callwindow.internal.example.com` is that server.

Normalised on both sides (and nothing else):

- spaces at the end of a line;
- timings: `in 0.07 s (122 rows/s)`;
- API keys (`cw_` + 43 URL-safe characters) and SHA-256 / HMAC digests (64 hex digits);
- the session's home folder is shown as `/home/sam`; a server's `process [PID]` and its port (8080).

Outputs of `curl` that are not equal after this are compared structurally: the status line, the
headers shown (others, like `date`, may be added), and the JSON body as data. In a JSON array,
`... N in all ...` stands for elided elements: the array has N elements, the shown ones at its ends.
"""

from __future__ import annotations

import ast
import contextlib
import io
import json
import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import tokenize
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "docs" / "examples"
BIN = Path(sys.executable).parent
SHOWN_HOME = "/home/sam"
DOC_PORT = "8080"
DOC_BASE = f"http://127.0.0.1:{DOC_PORT}"

RUN_LANGUAGES = {"console", "sh", "bash", "python", "js"}
PROSE_LANGUAGES = {"text"}
MARKERS = {"not-run", "file", "file-start", "output", "server", "server-log"}

# Blocks in sections this test may not mark (their owners keep them as they are): exempt here.
UNMARKED_EXEMPTIONS = {
    ("README.md", "Quickstart"): "creates a virtual environment and installs from the package index; CI runs it",
    ("README.md", "Development"): "the development commands: the whole suite, benchmarks, regeneration",
}


def doc_files() -> list[Path]:
    return [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]


# ---------------------------------------------------------------------------- reading blocks


@dataclass(frozen=True)
class Block:
    doc: str  # path relative to the repository root
    line: int  # line number of the opening fence
    language: str
    body: str
    marker: str | None  # a name of MARKERS, or None
    argument: str  # the marker's argument (a path, or the reason in parentheses)
    section: str  # the nearest heading above

    @property
    def where(self) -> str:
        return f"{self.doc}:{self.line}"

    @property
    def reason(self) -> str:
        if self.marker == "not-run":
            match = re.fullmatch(r"\((.+)\)", self.argument)
            return match.group(1).strip() if match else ""
        return UNMARKED_EXEMPTIONS.get((self.doc, self.section), "")

    @property
    def exempt(self) -> bool:
        return self.marker == "not-run" or (self.doc, self.section) in UNMARKED_EXEMPTIONS

    @property
    def runnable(self) -> bool:
        """Run by the document's session (blocks with a file or server-log marker are checked apart)."""
        if self.exempt:
            return False
        return self.language in RUN_LANGUAGES or self.marker in ("output", "server-log")


_FENCE = re.compile(r"^(`{3,}|~{3,})\s*([\w+-]*)\s*$")
_MARKER = re.compile(r"^<!--\s*snippet:\s*([a-z-]+)\s*(.*?)\s*-->\s*$")


def doc_name(path: Path) -> str:
    """The document's path from the repository root (its file name when it is elsewhere)."""
    path = path.resolve()
    return path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else path.name


def read_blocks(path: Path) -> list[Block]:
    lines = path.read_text(encoding="utf-8").split("\n")
    doc = doc_name(path)
    blocks: list[Block] = []
    section = ""
    index = 0
    while index < len(lines):
        line = lines[index]
        heading = re.match(r"^#{1,6} (.+)$", line)
        if heading:
            section = heading.group(1).strip()
        fence = _FENCE.match(line)
        if not fence:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and not lines[end].startswith(fence.group(1)):
            end += 1
        if end == len(lines):
            raise AssertionError(f"{doc}:{index + 1}: the fence is never closed")
        marker = _MARKER.match(lines[index - 1]) if index else None
        body = "".join(text + "\n" for text in lines[index + 1 : end])
        blocks.append(Block(doc, index + 1, fence.group(2).lower(), body, marker.group(1) if marker else None,
                            marker.group(2) if marker else "", section))
        index = end + 1
    return blocks


def all_blocks() -> list[Block]:
    return [block for path in doc_files() for block in read_blocks(path)]


def problems_of(block: Block) -> list[str]:
    """Why a block is neither run, nor checked, nor exempted with a reason (empty when it is fine)."""
    where = block.where
    if block.marker is not None and block.marker not in MARKERS:
        return [f"{where}: unknown marker {block.marker!r} (one of {', '.join(sorted(MARKERS))})"]
    if block.exempt:
        return [] if block.reason else [f"{where}: `not-run` needs a reason: <!-- snippet: not-run (why) -->"]
    if not block.language:
        return [f"{where}: a fence without a language: tag it (console, sh, python, text, json...)"]
    if block.marker in ("file", "file-start", "output", "server-log", "server"):
        if block.marker.startswith("file") and not (ROOT / block.argument).is_file():
            return [f"{where}: `{block.marker} {block.argument}`: no such file in the repository"]
        if block.marker == "server" and block.language != "console":
            return [f"{where}: `server` marks a console block"]
        return []
    if block.language in RUN_LANGUAGES:
        if block.language == "console" and not block.body.startswith("$ "):
            return [f"{where}: a console block starts with `$ COMMAND`"]
        return []
    if block.language in PROSE_LANGUAGES:
        looks = [text for text in block.body.splitlines() if text.startswith(("$ ", ">>> "))]
        return [f"{where}: a text block with commands ({looks[0]!r}): make it console or python"] if looks else []
    return [f"{where}: a {block.language} block must be checked (<!-- snippet: file PATH -->) or exempted "
            "(<!-- snippet: not-run (reason) -->)"]


def shown_file_problem(block: Block) -> str | None:
    """For a block marked `file`/`file-start`: how it differs from the repository file, or None."""
    shipped = (ROOT / block.argument).read_bytes()
    shown = block.body.encode("utf-8")
    if shipped == shown or (block.marker == "file-start" and shipped.startswith(shown)):
        return None
    what = f"the beginning of {block.argument}" if block.marker == "file-start" else block.argument
    return f"{block.where}: the block is not {what} byte for byte: copy one to the other"


# ---------------------------------------------------------------------------- console steps


@dataclass(frozen=True)
class Step:
    command: str  # continuation lines joined, as bash reads them
    expected: str
    status: int | None


def console_steps(body: str) -> list[Step]:
    steps: list[Step] = []
    lines = body.splitlines(keepends=True)
    index = 0
    while index < len(lines):
        line = lines[index]
        assert line.startswith("$ "), f"expected a `$ ` command line, got {line!r}"
        command = line[2:].rstrip("\n")
        index += 1
        while command.endswith("\\") and index < len(lines):
            command = command[:-1] + " " + lines[index].strip()
            index += 1
        output: list[str] = []
        while index < len(lines) and not lines[index].startswith("$ "):
            output.append(lines[index])
            index += 1
        while index < len(lines) and output and output[-1] == "\n":
            output.pop()  # a blank line before the next `$ ` separates the steps
        expected = "".join(output)
        status = None
        match = re.search(r"^\[exit (\d+)\]\n\Z", expected, flags=re.M)
        if match:
            status = int(match.group(1))
            expected = expected[: match.start()]
        steps.append(Step(command, expected, status))
    return steps


# ---------------------------------------------------------------------------- normalisation

_TIMING = re.compile(r"in \d+\.\d\d s \([\d,]+ rows/s\)")
_API_KEY = re.compile(r"\bcw_[A-Za-z0-9_-]{43}")
_DIGEST = re.compile(r"\b[0-9a-f]{64}\b")
# The rule data's digest (versions "rules"): it changes with every data edit, the documents show one.
_RULES_DIGEST = re.compile(r"(\brules=|\"rules\":\s*\")[0-9a-f]{12}\b")
_PID = re.compile(r"process \[\d+\]")
_PID_FIELD = re.compile(r'"pid": \d+')  # a server's log events name their process
_CURL = re.compile(r"(^|\| )curl ")


def normalise(text: str) -> str:
    text = re.sub(r"[ \t]+$", "", text, flags=re.M)  # spaces at line ends (pandas pads its columns)
    text = _TIMING.sub("in T s (R rows/s)", text)
    text = _API_KEY.sub("cw_KEY", text)
    text = _DIGEST.sub("DIGEST", text)
    text = _RULES_DIGEST.sub(r"\1RULES", text)
    return _PID_FIELD.sub('"pid": PID', _PID.sub("process [PID]", text))


# ---------------------------------------------------------------------------- structural comparison

_ELISION = re.compile(r"\.\.\. (\d+) in all \.\.\.")
_ELIDED = "\u2026elided:"


def _json_with_elisions(text: str) -> Any:
    return json.loads(_ELISION.sub(lambda m: json.dumps(f"{_ELIDED}{m.group(1)}"), text))


def json_matches(expected: Any, actual: Any) -> bool:
    if isinstance(expected, dict):
        return (isinstance(actual, dict) and expected.keys() == actual.keys()
                and all(json_matches(expected[key], actual[key]) for key in expected))
    if isinstance(expected, list):
        if not isinstance(actual, list):
            return False
        cut = [i for i, item in enumerate(expected) if isinstance(item, str) and item.startswith(_ELIDED)]
        if not cut:
            return len(expected) == len(actual) and all(map(json_matches, expected, actual))
        head, tail = expected[: cut[0]], expected[cut[0] + 1 :]
        total = int(expected[cut[0]][len(_ELIDED):])
        return (len(cut) == 1 and len(actual) == total and len(head) + len(tail) <= total
                and all(map(json_matches, head, actual[: len(head)]))
                and all(map(json_matches, tail, actual[total - len(tail):])))
    return type(expected) is type(actual) and expected == actual


def http_matches(expected: str, actual: str) -> bool:
    """A curl output: the status line, the headers shown, the JSON body as data (see the module doc)."""
    def split(text: str) -> tuple[list[str], str]:
        if not text.startswith("HTTP/"):
            return [], text
        head, _, body = text.replace("\r\n", "\n").partition("\n\n")
        return head.strip("\n").split("\n"), body

    expected_head, expected_body = split(expected)
    actual_head, actual_body = split(actual)
    if expected_head:
        if not actual_head or expected_head[0] != actual_head[0]:
            return False
        headers = {line.split(":", 1)[0].lower(): line for line in actual_head[1:]}
        if any(headers.get(line.split(":", 1)[0].lower()) != line for line in expected_head[1:]):
            return False
        if not expected_body.strip():
            return True
    expected_parts = [part for part in expected_body.split("\n") if part.strip()]
    actual_parts = [part for part in actual_body.split("\n") if part.strip()]
    try:
        return len(expected_parts) == len(actual_parts) and all(
            json_matches(_json_with_elisions(want), json.loads(got))
            for want, got in zip(expected_parts, actual_parts, strict=True))
    except ValueError:
        return False


# ---------------------------------------------------------------------------- the session of a document


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    base: str
    log: Path


@dataclass
class Session:
    """The temporary folder, environment, driver process and server of one document's blocks."""

    doc: str
    root: Path
    failures: list[str] = field(default_factory=list)
    ran: list[str] = field(default_factory=list)
    server: Server | None = None
    server_logs: list[tuple[str, str]] = field(default_factory=list)  # (where, block body), checked at the end
    last_stdout: tuple[str, str] | None = None  # (where, stdout) of the last Python block run
    _driver: subprocess.Popen[bytes] | None = None
    _replies: Any = None

    def __post_init__(self) -> None:
        self.home = self.root / "home"
        self.cwd = self.root / "work"
        self.home.mkdir(parents=True)
        examples = self.cwd / "docs" / "examples" if self.doc == "README.md" else self.cwd
        shutil.copytree(EXAMPLES, examples, dirs_exist_ok=True)
        env = {key: value for key, value in os.environ.items()
               if not key.startswith("CALLWINDOW_") and key not in ("NO_COLOR", "COLUMNS", "LINES", "TZ")}
        env.update(HOME=str(self.home), XDG_CONFIG_HOME=str(self.home / ".config"),
                   XDG_DATA_HOME=str(self.home / ".local" / "share"), TZ="UTC", TERM="dumb",
                   PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}")
        self.env = env

    # -- comparing

    def compare(self, where: str, command: str, expected: str, actual: str, status: int | None,
                actual_status: int) -> None:
        actual = actual.replace(str(self.home), SHOWN_HOME)
        if self.server is not None:
            actual = actual.replace(self.server.base, DOC_BASE)
        want, got = normalise(expected), normalise(actual)
        if want != got and not (_CURL.search(command) and http_matches(want, got)):
            self.failures.append(f"{where}: `$ {command}` printed\n{actual}--- instead of ---\n{expected}")
        if status is not None and status != actual_status:
            self.failures.append(f"{where}: `$ {command}` exited {actual_status}, not {status}")

    # -- running

    def driver(self, request: dict[str, Any]) -> dict[str, Any]:
        if self._driver is None:
            read, write = os.pipe()
            with open(self.root / "driver.log", "wb") as log:  # the child keeps its own copy
                self._driver = subprocess.Popen([sys.executable, __file__, str(write)], stdin=subprocess.PIPE,
                                                stdout=log, stderr=subprocess.STDOUT, pass_fds=(write,),
                                                cwd=self.cwd, env=self.env)
            os.close(write)
            self._replies = os.fdopen(read, "rb")
        assert self._driver.stdin is not None
        self._driver.stdin.write(json.dumps({**request, "env": self.env, "cwd": str(self.cwd)}).encode() + b"\n")
        self._driver.stdin.flush()
        line = self._replies.readline()
        if not line:
            raise AssertionError(f"the driver died: {(self.root / 'driver.log').read_text()}")
        reply: dict[str, Any] = json.loads(line)
        return reply

    def bash(self, script: str, *options: str) -> tuple[int, str]:
        result = subprocess.run(["bash", *options, "-c", script], capture_output=True, text=True, cwd=self.cwd,
                                env=self.env, timeout=120)
        return result.returncode, result.stdout + result.stderr

    def substitute(self, text: str) -> str:
        """The document's server address is the test's server."""
        return text.replace(DOC_BASE, self.server.base) if self.server else text

    def run_step(self, where: str, step: Step) -> None:
        command = step.command
        export = re.fullmatch(r"export (\w+)=(.*)", command)
        if export:
            _, value = self.bash(f"printf %s {export.group(2)}")
            self.env[export.group(1)] = value
            return
        cat = re.fullmatch(r"cat (\S+)", command)
        if cat and (EXAMPLES / Path(cat.group(1)).name).is_file():
            target = Path(os.path.expanduser(cat.group(1).replace("~", str(self.home), 1)))
            target = target if target.is_absolute() else self.cwd / target
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(EXAMPLES / target.name, target)
        words = _simple_words(command)
        if words and words[0] == "can-i-call":
            reply = self.driver({"kind": "cli", "argv": words[1:]})
            status, output = int(reply["status"]), str(reply["output"])
        else:
            status, output = self.bash(self.substitute(command), "-o", "pipefail")
            key = _API_KEY.search(output)
            if command.startswith("callwindow-serve --new-key") and key:
                self.env["KEY"] = key.group(0)  # "In the examples, KEY holds the key"
        self.compare(where, command, step.expected, output, step.status, status)

    def start_server(self, block: Block) -> None:
        steps = console_steps(block.body)
        assert len(steps) == 1 and self.server is None, f"{block.where}: one server command per `server` block"
        command = steps[0].command
        port = str(free_port())
        assert f"--port {DOC_PORT}" in command, f"{block.where}: the server command names --port {DOC_PORT}"
        log = self.root / "server.log"
        env = dict(self.env)
        # docs/http.md, "From a browser": the page's origin is allowed when the server starts.
        env["CALLWINDOW_CORS_ORIGINS"] = "https://crm.example.com"
        with open(log, "wb") as out:
            served = command.replace(f"--port {DOC_PORT}", f"--port {port}")
            process = subprocess.Popen(["bash", "-c", "exec " + served], cwd=self.cwd, env=env, stdout=out,
                                       stderr=subprocess.STDOUT)
        self.server = Server(process, f"http://127.0.0.1:{port}", log)
        deadline = time.monotonic() + 120
        while True:
            if process.poll() is not None:
                raise AssertionError(f"{block.where}: the server exited: {log.read_text()}")
            try:
                with urllib.request.urlopen(self.server.base + "/v1/health", timeout=1) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"{block.where}: the server did not answer in 120 s")
            time.sleep(0.1)
        for _ in range(50):  # the startup lines are written before the first request is answered; be sure
            shown = log.read_text(encoding="utf-8")
            if "Uvicorn running on" in shown:
                break
            time.sleep(0.1)
        count = len(steps[0].expected.splitlines())
        first = "".join(log.read_text(encoding="utf-8").splitlines(keepends=True)[:count])
        self.compare(block.where, command, steps[0].expected, first, None, 0)

    def stop_server(self) -> None:
        if self.server is None:
            return
        process = self.server.process
        process.send_signal(signal.SIGTERM)
        try:
            status = process.wait(timeout=60)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            status = -9
        if status != 0:
            self.failures.append(f"{self.doc}: the server exited {status} on SIGTERM, not 0")
        log = self.server.log.read_text(encoding="utf-8")
        if "Traceback" in log:
            self.failures.append(f"{self.doc}: the server logged a traceback:\n{log}")
        access = [json.loads(line) for line in log.splitlines() if line.startswith("{")]
        volatile = ("ts", "request_id", "ms")
        seen = [{k: v for k, v in line.items() if k not in volatile} for line in access]
        for where, body in self.server_logs:
            for text in body.splitlines():
                shown = {k: v for k, v in json.loads(text).items() if k not in volatile}
                if shown not in seen:
                    self.failures.append(f"{where}: no such line in the server's access log: {text}")

    def close(self) -> None:
        try:
            self.stop_server()
        finally:
            if self._driver is not None:
                assert self._driver.stdin is not None
                self._driver.stdin.close()
                try:
                    self._driver.wait(timeout=60)
                except subprocess.TimeoutExpired:
                    self._driver.kill()
                    self._driver.wait()
                self._replies.close()

    def run_block(self, block: Block, previous: Block | None) -> None:
        where = block.where
        self.ran.append(where)
        if block.marker == "server":
            self.start_server(block)
        elif block.marker == "server-log":
            self.server_logs.append((where, block.body))
        elif block.marker == "output":
            if previous is None or self.last_stdout is None or self.last_stdout[0] != previous.where:
                self.failures.append(f"{where}: an `output` block follows the Python block it shows")
            else:
                self.compare(where, f"python {previous.where}", block.body, self.last_stdout[1], None, 0)
        elif block.language == "console":
            for step in console_steps(block.body):
                self.run_step(where, step)
        elif block.language in ("sh", "bash"):
            status, output = self.bash(block.body, "-e", "-o", "pipefail")
            if status != 0:
                self.failures.append(f"{where}: the sh block exited {status}:\n{output}")
        elif block.language == "python":
            extra = {"CALLWINDOW_KEY": self.env["KEY"]} if "KEY" in self.env else {}
            reply = self.driver({"kind": "python", "name": where, "source": self.substitute(block.body),
                                 "extra_env": extra})
            self.last_stdout = (where, str(reply["stdout"]))
            self.failures.extend(f"{where}: {problem}" for problem in reply["failures"])
        elif block.language == "js":
            self.run_js(block)

    def run_js(self, block: Block) -> None:
        """The browser example, in node (whose fetch is the browser's), against the session's server."""
        if self.server is None or shutil.which("node") is None:
            self.failures.append(f"{block.where}: a js block needs the document's server and node")
            return
        source = block.body.replace("https://callwindow.internal.example.com", self.server.base)
        script = (f"const CALLWINDOW_KEY = process.env.KEY;\n{source}\n"
                  'mayICall("+1 212 555 0123").then((answer) => console.log(JSON.stringify(answer)),'
                  " (error) => { console.error(String(error)); process.exit(1); });\n")
        result = subprocess.run(["node", "-e", script], capture_output=True, text=True, env=self.env, timeout=60)
        try:
            answer = json.loads(result.stdout)
            ok = result.returncode == 0 and isinstance(answer["ok"], bool) and (
                "until" in answer if answer["ok"] else {"action", "next", "why"} <= answer.keys())
        except (ValueError, KeyError, TypeError):
            ok = False
        if not ok:
            self.failures.append(f"{block.where}: node printed {result.stdout!r} {result.stderr!r}")


def _simple_words(command: str) -> list[str] | None:
    """The words of a command without shell syntax (pipes, redirections, `$`, `~`...), else None."""
    if any(char in command for char in "|&;<>()$`~*?"):
        return None
    try:
        return shlex.split(command)
    except ValueError:
        return None


@contextlib.contextmanager
def session(doc: str, root: Path) -> Iterator[Session]:
    running = Session(doc, root)
    try:
        yield running
    finally:
        running.close()


def run_document(path: Path, root: Path) -> Session:
    """Run every runnable block of one document, in order, in a session under `root` (a new folder);
    the session tells what failed and which blocks ran."""
    blocks = read_blocks(path)
    with session(doc_name(path), root) as running:
        previous: Block | None = None
        for block in blocks:
            if block.runnable:
                running.run_block(block, previous)
            previous = block
    return running


# ---------------------------------------------------------------------------- the driver (a child process)


def _display(value: object) -> str:
    if isinstance(value, tuple):
        inner = ", ".join(map(_display, value))
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, list):
        return "[" + ", ".join(map(_display, value)) + "]"
    if isinstance(value, datetime):
        return str(value)
    return repr(value)


def claim_holds(claim: str, value: object) -> bool:
    for shown in (repr(value), str(value), _display(value)):
        if claim == shown or (claim.startswith(shown) and claim[len(shown)] in " :,(;"):
            return True
    return False


def _comments(source: str) -> dict[int, str]:
    found: dict[int, str] = {}
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            found[token.start[0]] = token.string[1:].strip()
    return found


def _claim(node: ast.stmt, lines: list[str], comments: dict[int, str]) -> str | None:
    end = node.end_lineno or node.lineno
    parts = [comments[end]] if end in comments else []
    following = end
    while following < len(lines) and lines[following].strip().startswith("#"):
        parts.append(lines[following].strip()[1:].strip())
        following += 1
    return " ".join(parts) if parts else None


def run_python(source: str, name: str) -> list[str]:
    """Execute a block; the failures (a claimed value that differs, an exception)."""
    import doctest
    import traceback

    if source.lstrip().startswith(">>> "):
        globs: dict[str, Any] = {"__name__": "__main__"}
        test = doctest.DocTestParser().get_doctest(source, globs, name, name, 0)
        report = io.StringIO()
        runner = doctest.DocTestRunner(verbose=False)
        runner.run(test, out=report.write)
        return [report.getvalue()] if runner.failures else []
    tree = ast.parse(source, name)
    lines = source.splitlines()
    comments = _comments(source)
    namespace: dict[str, Any] = {"__name__": "__main__"}
    failures: list[str] = []
    for node in tree.body:
        try:
            if isinstance(node, ast.Expr):
                value = eval(compile(ast.Expression(node.value), name, "eval"), namespace)
                claim = _claim(node, lines, comments)
                if claim is not None and value is not None and not claim_holds(claim, value):
                    failures.append(f"line {node.lineno}: `{ast.unparse(node)}` is {_display(value)}, "
                                    f"the comment says {claim!r}")
            else:
                exec(compile(ast.Module([node], []), name, "exec"), namespace)
        except Exception:
            failures.append(f"line {node.lineno} raised:\n{traceback.format_exc()}")
            break
    return failures


def _serve(reply_fd: int) -> None:
    replies = os.fdopen(reply_fd, "w", encoding="utf-8")
    for line in sys.stdin:
        request = json.loads(line)
        os.environ.clear()
        os.environ.update(request["env"], **request.get("extra_env", {}))
        time.tzset()
        os.chdir(request["cwd"])
        out, err = io.BytesIO(), io.BytesIO()  # like pipes: not terminals, UTF-8
        stdout = io.TextIOWrapper(out, encoding="utf-8", write_through=True)
        stderr = io.TextIOWrapper(err, encoding="utf-8", write_through=True)
        reply: dict[str, Any]
        if request["kind"] == "cli":
            from callwindow.cli import main

            with contextlib.redirect_stdout(stdout), contextlib.redirect_stderr(stderr):
                try:
                    status = main(request["argv"])
                except SystemExit as exit_:
                    status = exit_.code if isinstance(exit_.code, int) else 2
            reply = {"status": status, "output": (out.getvalue() + err.getvalue()).decode("utf-8")}
        else:
            with contextlib.redirect_stdout(stdout):
                failures = run_python(request["source"], request["name"])
            reply = {"stdout": out.getvalue().decode("utf-8"), "failures": failures}
        replies.write(json.dumps(reply) + "\n")
        replies.flush()


if __name__ == "__main__":
    _serve(int(sys.argv[1]))
