"""The date a thing happened (occurred_on), as staff may give it: never in the future,
and at most a year back — a late entry for last December is normal, a typo that lands in
another century would escape the yearly cap and the year-end settlement."""

from __future__ import annotations

import datetime

from ledger import limits
from ledger.domain.errors import Refused


def check_occurred_on(day: datetime.date | None, today: datetime.date) -> None:
    if day is None:
        return
    if day > today:
        raise Refused(
            "validation_failed",
            "{day} has not come yet (today is {today})",
            day=day.isoformat(),
            today=today.isoformat(),
        )
    earliest = today - datetime.timedelta(days=limits.BACKDATE_DAYS_MAX)
    if day < earliest:
        raise Refused(
            "validation_failed",
            "{day} is too far back: entries may be dated from {earliest} on",
            day=day.isoformat(),
            earliest=earliest.isoformat(),
        )
