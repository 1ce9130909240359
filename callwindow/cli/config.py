"""`can-i-call config`: where the settings file is, what it sets, and `--init` to write a
commented template (the file itself: callwindow.settings)."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from ..settings import TEMPLATE, ConfigError, Settings, load, locate, my_zone
from .common import OneLineParser, UsageError, add_config_options, fail, write


def config_main(argv: Sequence[str]) -> int:
    """`can-i-call config`: where the settings file is and what it sets."""
    parser = OneLineParser(
        prog="can-i-call config",
        description="Show the settings file and the defaults it sets (command-line options override them).",
        epilog="examples:\n  can-i-call config              where is my settings file, what does it set?\n"
               "  can-i-call config --init       write a commented template there\n"
               "  can-i-call config --path       print only its path",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_config_options(parser)
    parser.add_argument("--init", action="store_true", help="write a commented template (never overwrites)")
    parser.add_argument("--path", action="store_true", help="print only the settings file's path")
    try:
        args = parser.parse_args(list(argv))
    except UsageError as error:
        return fail(str(error))
    path, _required = locate(args.config, disabled=args.no_config)
    if args.path:
        write(str(path) if path else "(no settings file: --no-config)")
        return 0
    if args.init:
        if path is None:
            return fail("--init needs a settings file (not --no-config)")
        if path.exists():
            return fail(f"{path} already exists: edit it, or remove it first")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(TEMPLATE, encoding="utf-8")
        except OSError as error:
            return fail(f"cannot write {path}: {error.strerror or error}")
        write(f"wrote {path}\nedit it to set your defaults; `can-i-call config` shows what is in force")
        return 0
    try:
        settings = load(args.config, disabled=args.no_config)
    except ConfigError as error:
        return fail(str(error))
    if path is None:
        lines = ["settings file: none (--no-config)"]
    elif settings.path is None:
        lines = [f"settings file: {path} (absent: built-in defaults; `can-i-call config --init` writes a template)"]
    else:
        lines = [f"settings file: {path}"]
    defaults = {"purpose": "sales", "contact": "consumer", "profile": "courtesy", "color": "auto",
                "duration": "3 with courtesy, 0 with legal", "my_zone": f"this machine's ({my_zone(None).name})",
                "rules": "none", "default_region": "none", "call_type": "live"}
    for key in Settings.keys():
        value = getattr(settings, key)
        if key == "db":
            lines.append(f"  db = {db_line(value)}")
        elif value is None:
            # a key with no built-in default to describe (a new one) has none
            lines.append(f"  {key} = {defaults.get(key, 'none')}  (built-in)")
        else:
            if isinstance(value, tuple):
                shown = ", ".join(value)
            else:
                shown = f"{value:g}" if isinstance(value, float) else value
            lines.append(f"  {key} = {shown}  (settings file)")
    write("\n".join(lines))
    return 0


def db_line(configured: str | None) -> str:
    """The history store the checks read, as `config` shows it: the settings file's db, else
    $CALLWINDOW_DB, else the built-in file in the data folder - the real path, and whether a
    store is there yet (a check without one reads no history, and says so)."""
    from ..store import ENV_DB, default_db_path, is_missing

    if configured is not None:
        missing = "; no store there: checks stop until `--create-db` starts one" if is_missing(configured) else ""
        return f"{configured}  (settings file{missing})"
    target = default_db_path()
    if os.environ.get(ENV_DB, "").strip():
        missing = "; no store there: checks stop until `--create-db` starts one" if is_missing(target) else ""
        return f"{target}  (${ENV_DB}{missing})"
    missing = "; no store there yet: the first record makes it" if is_missing(target) else ""
    return f"{target}  (built-in{missing})"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(config_main(sys.argv[1:]))
