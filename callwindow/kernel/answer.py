"""The answer predicates, written once over scalars or numpy arrays.

Each takes plain numbers/bools or arrays of them and uses only comparisons,
`&` and `|` (no `not`, no `~`: on a Python bool `~True == -2`), so the scalar
walk (policy) and the vector driver (callwindow.batch.engine) call the same
functions. Negated inputs are passed in positive form (`not_blocked`).
Times are in one unit per call (seconds for the scalar walk, microseconds for
the vector driver); `run_end` is where the free stretch containing `t` ends.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ..model import Action

# Action codes: indices into ACTIONS (the batch API's int8 action column).
ACTIONS: tuple[Action, ...] = (Action.CALL, Action.SMS, Action.DEFER, Action.BLOCK)
CALL, SMS, DEFER, BLOCK = range(4)


def allows(run_end: Any, t: Any, need: Any) -> Any:
    """Allowed at `t`: the free stretch lasts more than the expected call length (S9)."""
    return run_end - t > need


def within(moment: Any, t: Any, horizon: Any) -> Any:
    """`moment` falls inside the search horizon from `t` (a window that closes
    before the horizon has a known end; a next start before it is found)."""
    return moment - t < horizon


def recommends_text(sms_free: Any, not_blocked: Any, night_or_rest: Any, long_wait: Any) -> Any:
    """S4, S5: a call that is not allowed becomes a text when a text is allowed now,
    no block-effect rule closes the call, and it is courtesy night (S5), a rest day or
    holiday (S4), or the next call window is far (`long_wait`: none found, or at least
    the profile's text_instead_after away)."""
    return sms_free & not_blocked & (night_or_rest | long_wait)


def action(allowed: Any, channel_action: Any, blocks_for_good: Any, text: Any,
           where: Callable[[Any, Any, Any], Any] | None = None) -> Any:
    """The action code: the channel's own when allowed; else block when a block-effect
    rule closes it; else a text when one is recommended; else defer. `where` is
    numpy.where for arrays (None: plain values)."""
    if where is None:  # the scalar walk's path, once per decision: the same choice without three calls
        return channel_action if allowed else BLOCK if blocks_for_good else SMS if text else DEFER
    return where(allowed, channel_action, where(blocks_for_good, BLOCK, where(text, SMS, DEFER)))
