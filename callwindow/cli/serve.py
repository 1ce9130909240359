"""`can-i-call serve ...`: the HTTP service's command (callwindow.http.__main__, also installed as
callwindow-serve), with a usage error worded as every can-i-call command words one: one line,
exit 2, never argparse's usage block."""

from __future__ import annotations

from collections.abc import Sequence

from .common import UsageError, fail, one_line_copy


def serve_main(argv: Sequence[str]) -> int:
    from ..http import __main__ as service

    # The service's parser is the service's own (callwindow-serve uses it as it is); a copy of its
    # arguments reads the command line first, so that a mistake is one line here.
    try:
        one_line_copy(service.build_parser(), prog="can-i-call serve").parse_args(list(argv))
    except UsageError as error:
        return fail(str(error))
    return service.main(list(argv))
