"""callwindow-mcp: run the MCP server (`python -m callwindow.mcp` is the same).

    callwindow-mcp --db history.sqlite3                         stdio (an agent starts it as a subprocess)
    callwindow-mcp --transport http --port 8765 --keys-file keys.txt --db history.sqlite3

The HTTP transport takes the HTTP service's keys (`callwindow-serve --new-key NAME >> keys.txt`,
--keys-file or $CALLWINDOW_KEYS_FILE, $CALLWINDOW_API_KEYS) and refuses to start without one.
The store is named as for `can-i-call`: --db, else $CALLWINDOW_DB, else the user's data folder;
a named SQLite file that does not exist is an error unless --create-db. Numbers are stored
hashed with $CALLWINDOW_HASH_KEY when set. Bad options or configuration: one line on stderr,
exit status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING, NoReturn

if TYPE_CHECKING:  # imported when serving: `--help` and option errors stay fast
    from ..http.security import KeyRing
    from .server import CallwindowMCP

PROG = "callwindow-mcp"
EXIT_USAGE = 2
ENV_HASH_KEY = "CALLWINDOW_HASH_KEY"
# What serving needs beyond the core library: the `mcp` extra (the SDK and what it brings; fastapi
# for the HTTP service's key gate).
SERVER_MODULES = ("mcp", "mcp_types", "starlette", "pydantic", "pydantic_core", "uvicorn", "anyio", "fastapi")


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is one line (no usage dump)."""

    def error(self, message: str) -> NoReturn:
        print(f"{PROG}: error: {message}", file=sys.stderr, flush=True)
        raise SystemExit(EXIT_USAGE)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG, description="callwindow's MCP server: may an AI agent call this number now? (docs/mcp.md)",
        formatter_class=argparse.RawDescriptionHelpFormatter, allow_abbrev=False,
        epilog="examples:\n"
               "  callwindow-mcp --db ~/callwindow/history.sqlite3                 stdio, for a local agent\n"
               "  callwindow-mcp --transport http --port 8765 --keys-file keys.txt  streamable HTTP at /mcp\n"
               "Not legal advice.",
    )
    parser.add_argument("--transport", choices=["stdio", "http"], default="stdio",
                        help="stdio (default; the client starts the server) or http (streamable HTTP)")
    parser.add_argument("--host", default="127.0.0.1", help="HTTP bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8765, help="HTTP port (default 8765)")
    parser.add_argument("--path", default="/mcp", help="HTTP path of the MCP endpoint (default /mcp)")
    parser.add_argument("--keys-file", metavar="FILE",
                        help="API keys for HTTP, one name:sha256hex per line, as callwindow-serve takes them "
                             "(default $CALLWINDOW_KEYS_FILE; $CALLWINDOW_API_KEYS adds plain keys)")
    parser.add_argument("--db", metavar="PATH_OR_URL",
                        help="history store: a SQLite file or a postgresql:// URL (default $CALLWINDOW_DB, "
                             "else the user's data folder)")
    parser.add_argument("--create-db", action="store_true",
                        help="a --db / $CALLWINDOW_DB SQLite file that does not exist yet is a new store (without "
                             "this the server refuses to start: a wrong path must not mean 'no history')")
    parser.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    try:
        from .server import build_server

        if args.transport == "http":
            from ..http.middleware import KeyGate  # noqa: F401  # (fastapi): checked before anything is opened
    except ModuleNotFoundError as error:  # the `mcp` extra (the SDK, starlette, pydantic, fastapi) is missing
        missing = (error.name or "").split(".")[0]
        if missing not in SERVER_MODULES:
            raise
        return _fail(f"the MCP server needs the mcp extra ({missing} is not installed): "
                     "pip install 'callwindow[mcp]' (from a checkout: pip install '.[mcp]')")
    from ..errors import CallwindowError
    from ..http.security import KeyConfigError, KeyRing
    from ..store import ENV_DB, default_db_path, require_store
    from .desk import Desk

    if args.db and args.db.strip():
        target, named_by = args.db.strip(), "--db"
    else:
        target = default_db_path()
        named_by = f"${ENV_DB}" if os.environ.get(ENV_DB, "").strip() else "the default location"
    hash_key = os.environ.get(ENV_HASH_KEY, "").strip()
    desk = Desk(target, hash_key=hash_key.encode("utf-8") if hash_key else None)
    try:
        keys = KeyRing.load(args.keys_file) if args.transport == "http" else KeyRing()
        if args.transport == "http" and not len(keys):
            return _fail("no API key: give --keys-file (or $CALLWINDOW_KEYS_FILE / $CALLWINDOW_API_KEYS); "
                         "make one with callwindow-serve --new-key NAME")
        if not 0 < args.port < 65536:
            return _fail(f"--port must be between 1 and 65535, not {args.port}")
        require_store(target, named_by, create=args.create_db)
        desk.store()  # opened now: an unusable store stops the server here, not at the first call
    except (CallwindowError, KeyConfigError) as error:
        return _fail(str(error))
    server = build_server(desk, log_level=args.log_level.upper())
    try:
        if args.transport == "stdio":
            server.run("stdio")
        else:
            _serve_http(server, keys, args)
    except KeyboardInterrupt:
        pass
    finally:
        desk.close()
    return 0


def _serve_http(server: CallwindowMCP, keys: KeyRing, args: argparse.Namespace) -> None:
    """Streamable HTTP behind the HTTP service's own key gate (its keys, each key's rate limit and
    daily quota from the keys file, the brake on bad keys: one implementation), until SIGTERM /
    Ctrl-C (uvicorn)."""
    import uvicorn

    from ..http.middleware import KeyGate

    app = server.streamable_http_app(streamable_http_path=args.path, host=args.host)
    uvicorn.run(KeyGate(app, keys), host=args.host, port=args.port, log_level=args.log_level)


def _fail(message: str) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr, flush=True)
    return EXIT_USAGE


if __name__ == "__main__":
    sys.exit(main())
