"""The serving process watches the embedded PostgreSQL and starts it again when it stops.

The embedded server has no supervisor of its own (no systemd unit, no container restart
policy): without this, one crash or `pg_ctl stop -m immediate` left the service answering
503 until a person came. With LEDGER_DATABASE_URL the database is someone else's to run;
the pool reconnects by itself when it returns (ledger/store/pool.py), so nothing is watched.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from pathlib import Path

import structlog

from ledger import embedded

# A few seconds: short enough that the counter is back before anyone gives up, long enough
# that the look (one read of postmaster.pid) costs nothing.
WATCH_SECONDS = 2.0

_log = structlog.get_logger("ledger.database_watch")


async def watch_embedded(
    home: Path,
    *,
    period_seconds: float = WATCH_SECONDS,
    sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    start_if_stopped: Callable[[Path], bool] = embedded.start_if_stopped,
) -> None:
    """Every `period_seconds`, start the embedded server under `home` if it has stopped;
    one log line for each start, and one for each start that failed (tried again next round)."""
    while True:
        await sleep(period_seconds)
        try:
            # In a thread: a start takes a second or more (crash recovery, pg_ctl -w), and
            # meanwhile the event loop goes on answering 503.
            started = await asyncio.to_thread(start_if_stopped, home)
        except asyncio.CancelledError:
            raise
        except Exception as error:  # a failed start (pg_ctl's exit, a timeout…): try again next round
            _log.error("could not start the embedded database", home=str(home), error=repr(error))
            continue
        if started:
            _log.warning("the embedded database had stopped; started it again", home=str(home))
