"""What a posted form did, kept for the page the browser is sent to next (post → redirect →
get): a reload of that page shows the same result and sends nothing again.

Kept in the server's memory for a few minutes, bound to the session that posted (a notice
for someone else's session is not shown), and bounded in number. A notice lost to a
restart only costs the message above the page: what the form did is in the record.
"""

from __future__ import annotations

import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from litestar import Request
from litestar.response import Redirect

NOTICE_SECONDS = 600
NOTICES_MAX = 2_000
NOTICE_PARAMETER = "notice"


@dataclass(frozen=True)
class Outcome:
    """What a form did: the message shown above the page, its status, and anything the
    page shows with it (an import's row-by-row report, the household a card found)."""

    message: str
    status: int = 200
    details: Any = None
    shown_at: str | None = None  # the page that shows it, when not the form's own (a sale's receipt)


class Notices:
    def __init__(self, clock: Callable[[], float] = time.monotonic) -> None:
        self._clock = clock
        self._kept: OrderedDict[str, tuple[float, str | None, Outcome]] = OrderedDict()

    def keep(self, owner: str | None, outcome: Outcome) -> str:
        """Keep the outcome for `owner` (a session's key; None for public pages) and name it."""
        self._forget_old()
        name = secrets.token_urlsafe(12)
        self._kept[name] = (self._clock() + NOTICE_SECONDS, owner, outcome)
        while len(self._kept) > NOTICES_MAX:
            self._kept.popitem(last=False)
        return name

    def find(self, owner: str | None, name: str | None) -> Outcome | None:
        if not name:
            return None
        kept = self._kept.get(name)
        if kept is None or kept[0] < self._clock() or not _same(kept[1], owner):
            return None
        return kept[2]

    def _forget_old(self) -> None:
        now = self._clock()
        while self._kept:
            oldest = next(iter(self._kept.values()))
            if oldest[0] >= now:
                break
            self._kept.popitem(last=False)


def _same(kept: str | None, asking: str | None) -> bool:
    if kept is None:
        return True
    return asking is not None and secrets.compare_digest(kept, asking)


def see_outcome(request: Request, path: str, owner: str | None, outcome: Outcome) -> Redirect:
    """Answer a posted form: keep what it did and send the browser to the page that shows it."""
    name = _notices(request).keep(owner, outcome)
    return Redirect(f"{outcome.shown_at or path}?{NOTICE_PARAMETER}={name}", status_code=303)


def outcome_shown(request: Request, owner: str | None) -> Outcome | None:
    """What the form that sent the browser here did (None: it came here by itself)."""
    return _notices(request).find(owner, request.query_params.get(NOTICE_PARAMETER))


def _notices(request: Request) -> Notices:
    return request.app.state.notices
