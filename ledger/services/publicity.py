"""Confirming awards whose publicity has ended: from the server's background task and from
`ledger tick` (cron). Any number of them may run at once; each award is confirmed once."""

from __future__ import annotations

import asyncio
import datetime
import uuid

import asyncpg
import structlog

from ledger.store import publicity, queries
from ledger.store.pool import is_outage

_log = structlog.get_logger("ledger.publicity")


async def confirm_due(
    pool: asyncpg.Pool, as_of: datetime.date | None = None, community_id: uuid.UUID | None = None
) -> dict[uuid.UUID, int]:
    """Confirm what is due in every community, or in the one named: by each community's own
    date, or as of a given date (for catching up, and for tests that move the calendar on)."""
    if community_id is not None:
        communities = [community_id]
    elif as_of is not None:
        communities = await queries.community_ids(pool)
    else:
        communities = await publicity.communities_with_due(pool)
    confirmed = {}
    for each in communities:
        day = as_of or await queries.local_today(pool, each)
        if day is None:  # gone since it was listed
            continue
        count = await publicity.confirm_due(pool, each, day)
        if count:
            confirmed[each] = count
            _log.info("publicity ended", community_id=str(each), confirmed=count)
    return confirmed


async def run_forever(pool: asyncpg.Pool, interval_seconds: float) -> None:
    while True:
        try:
            await confirm_due(pool)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # keep the task alive; the next round tries again
            if is_outage(error):  # its words say all: no traceback at every round of an outage
                _log.warning("confirming due awards waits for the database", error=repr(error))
            else:
                _log.exception("confirming due awards failed", error=repr(error))
        await asyncio.sleep(interval_seconds)
