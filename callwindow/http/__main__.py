"""callwindow-serve: run the HTTP service (uvicorn).

    callwindow-serve --host 127.0.0.1 --port 8080 --workers 2 --db history.sqlite3 --keys-file keys.txt
    callwindow-serve --new-key crm-prod >> keys.txt   append a fresh key's keys-file line; the key
                                                      itself goes to stderr, shown once

Configuration also from the environment (what the options set for the workers):
CALLWINDOW_KEYS_FILE, CALLWINDOW_API_KEYS (comma-separated plain keys),
CALLWINDOW_DB, CALLWINDOW_HASH_KEY, CALLWINDOW_CORS_ORIGINS,
CALLWINDOW_MAX_BODY_BYTES, CALLWINDOW_MAX_BATCH, CALLWINDOW_HEADER_TIMEOUT,
CALLWINDOW_BODY_TIMEOUT, CALLWINDOW_BAD_KEY_BURST.
SIGTERM / Ctrl-C: stop accepting, let in-flight requests finish (up to
--graceful-timeout seconds), close the store, exit 0.
"""

from __future__ import annotations

import argparse
import importlib.util
import os
import sys
from collections.abc import Sequence

PROG = "callwindow-serve"
DEFAULT_CONCURRENCY = 512
KEEP_ALIVE_SECONDS = 5  # an idle connection between requests is closed after this
# What serving needs beyond the core library (the `http` extra).
SERVER_MODULES = ("fastapi", "uvicorn")


def missing_server_modules() -> list[str]:
    """The modules of the `http` extra that are not installed."""
    return [name for name in SERVER_MODULES if importlib.util.find_spec(name) is None]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Run callwindow's HTTP API (docs/http.md).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="examples:\n"
               "  callwindow-serve --new-key crm-plugin >> keys.txt      add a key (the key is shown once, on stderr)\n"
               "  callwindow-serve --keys-file keys.txt --port 8080       serve on 127.0.0.1:8080\n"
               "  can-i-call serve --keys-file keys.txt --workers 2 --db postgresql://user@db/callwindow",
    )
    parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8080, help="port (default 8080)")
    parser.add_argument("--workers", type=int, default=1, help="worker processes (default 1)")
    parser.add_argument("--db", metavar="PATH_OR_URL", help="history store: SQLite file or postgresql:// URL "
                                                            "(default $CALLWINDOW_DB, else the user's data folder)")
    parser.add_argument("--keys-file", metavar="FILE", help="API keys, one name:sha256hex per line "
                                                            "(default $CALLWINDOW_KEYS_FILE)")
    parser.add_argument("--create-db", action="store_true",
                        help="a --db / $CALLWINDOW_DB SQLite file that does not exist yet is a new store "
                             "(without this the server refuses to start: a wrong path must not mean 'no history')")
    parser.add_argument("--cors-origin", action="append", default=None, metavar="ORIGIN",
                        help="allow browser calls from ORIGIN (repeatable; default $CALLWINDOW_CORS_ORIGINS)")
    parser.add_argument("--graceful-timeout", type=float, default=30.0, metavar="SECONDS",
                        help="on SIGTERM, how long in-flight requests may take to finish (default 30)")
    parser.add_argument("--limit-concurrency", type=int, default=DEFAULT_CONCURRENCY, metavar="N",
                        help=f"connections and requests at once per worker; past it, 503 (default "
                             f"{DEFAULT_CONCURRENCY})")
    parser.add_argument("--header-timeout", type=float, default=None, metavar="SECONDS",
                        help="close a connection whose request head has not arrived in SECONDS "
                             "(default $CALLWINDOW_HEADER_TIMEOUT, else 10)")
    parser.add_argument("--body-timeout", type=float, default=None, metavar="SECONDS",
                        help="answer 408 to a request whose body has not arrived in SECONDS "
                             "(default $CALLWINDOW_BODY_TIMEOUT, else 30)")
    parser.add_argument("--log-level", default="info", choices=["critical", "error", "warning", "info", "debug"])
    parser.add_argument("--new-key", metavar="NAME",
                        help="make a new random key: its keys-file line on stdout (append it to the keys file), "
                             "the key itself on stderr, then exit")
    parser.add_argument("--write-openapi", metavar="PATH",
                        help="write the OpenAPI document (docs/openapi.json), then exit")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(list(sys.argv[1:] if argv is None else argv))
    from .security import KeyConfigError, KeyRing, new_key_line

    missing = missing_server_modules()
    if missing and not args.new_key:
        print(f"{PROG}: error: the HTTP service needs {' and '.join(missing)}: "
              f"pip install 'callwindow[http]' (from a checkout: pip install '.[http]')", file=sys.stderr)
        return 2
    if args.write_openapi:
        from .app import write_openapi

        write_openapi(args.write_openapi)
        print(f"wrote {args.write_openapi}")
        return 0
    if args.new_key:
        try:
            key, line = new_key_line(args.new_key)
        except KeyConfigError as error:
            print(f"{PROG}: error: {error}", file=sys.stderr)
            return 2
        # stdout is only the line for the keys file, so `>> keys.txt` works; the key goes to
        # the person (stderr): the server keeps only its hash, so this is the one time it is shown.
        print(f"key for {args.new_key} (give it to the client; it is shown only now): {key}", file=sys.stderr)
        print(line)
        return 0
    if args.keys_file:
        os.environ["CALLWINDOW_KEYS_FILE"] = os.path.abspath(args.keys_file)
    if args.db:
        os.environ["CALLWINDOW_DB"] = args.db
    if args.cors_origin:
        os.environ["CALLWINDOW_CORS_ORIGINS"] = ",".join(args.cors_origin)
    if args.workers < 1 or not 0 < args.port < 65536 or args.limit_concurrency < 1:
        print(f"{PROG}: error: --workers and --limit-concurrency must be >= 1 and --port 1-65535", file=sys.stderr)
        return 2
    timeouts = {"CALLWINDOW_HEADER_TIMEOUT": args.header_timeout, "CALLWINDOW_BODY_TIMEOUT": args.body_timeout}
    for name, option in timeouts.items():
        if option is not None:
            if not 0 < option <= 3600:
                print(f"{PROG}: error: --header-timeout and --body-timeout take 0-3600 seconds", file=sys.stderr)
                return 2
            os.environ[name] = str(option)
    try:
        keys = KeyRing.load()
    except KeyConfigError as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2
    if not len(keys):
        print(f"{PROG}: error: no API keys: give --keys-file FILE or set CALLWINDOW_API_KEYS "
              f"(`{PROG} --new-key NAME` makes one)", file=sys.stderr)
        return 2
    # Fail fast on a missing or unusable store or rule data, before binding the port.
    try:
        from ..errors import CallwindowError
        from ..store import ENV_DB, default_db_path, require_store
        from .config import Settings
        from .service import Service

        settings = Settings.from_env()
        named_by = "--db" if args.db else (f"${ENV_DB}" if settings.db else "the default location")
        require_store(settings.db or default_db_path(), named_by, create=args.create_db)
        service = Service(settings)
        service.store()
        service.policy("courtesy")
        service.close()
    except (CallwindowError, ValueError) as error:
        print(f"{PROG}: error: {error}", file=sys.stderr)
        return 2

    import signal

    import uvicorn

    from .protocol import Protocol

    def _stopped(signum: int, frame: object) -> None:
        # uvicorn stops gracefully on SIGTERM, then re-raises it once done: that is a clean stop.
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, _stopped)
    limits_folder = None
    if args.workers > 1 and keys.limits:  # the workers count each key's rate and quota together
        import tempfile

        from .config import ENV_LIMITS_FILE
        from .limits import SharedSlots

        limits_folder = tempfile.TemporaryDirectory(prefix="callwindow-limits-")
        os.environ[ENV_LIMITS_FILE] = os.path.join(limits_folder.name, "limits")
        SharedSlots.create(os.environ[ENV_LIMITS_FILE], list(dict(keys.limits)))
    if args.workers > 1:  # SIGHUP: every worker reloads the rule data in place (reload.py), no restart
        import importlib

        from .reload import forwarding_supervisor

        # (the module, not `uvicorn.main`: the package's attribute of that name is the CLI command)
        setattr(importlib.import_module("uvicorn.main"), "Multiprocess", forwarding_supervisor())  # noqa: B010
    try:
        uvicorn.run(
            "callwindow.http.app:create_app_from_env", factory=True, host=args.host, port=args.port,
            workers=args.workers, access_log=False, log_level=args.log_level, proxy_headers=False,
            timeout_graceful_shutdown=args.graceful_timeout, server_header=False,
            http=Protocol, limit_concurrency=args.limit_concurrency, timeout_keep_alive=KEEP_ALIVE_SECONDS,
        )
    finally:
        if limits_folder is not None:
            limits_folder.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
