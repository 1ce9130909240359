"""The old import path of `can-i-call list`, now the package callwindow/cli/leads/.

`callwindow.leads` *is* `callwindow.cli.leads.command` (the same module object), so the
subcommand table's entry and code that sets the command's chunk sizes keep working.
"""

from __future__ import annotations

import sys

from .cli.leads import command

sys.modules[__name__] = command
