"""Changing the log behind its guard's back, the way an intruder with the database owner's
rights could: the tests of the record's checks (`ledger verify`, GET /verify, the integrity
pages) need a log changed so, and assert that the check names the changed seq.

One way for every such test, on plain PostgreSQL and on Citus alike, so that what they prove
is the same on both: the owner switches the append-only trigger off for one transaction,
edits, and switches it on again.
"""

from __future__ import annotations

import asyncpg

from ledger.store import distribution

GUARD_TRIGGER = "events_no_update_or_delete"


async def tamper(owner: asyncpg.Connection, statement: str, *arguments: object) -> None:
    """Run `statement` (an UPDATE or DELETE of events) with the guard off, in one transaction."""
    async with owner.transaction():
        if await distribution.is_citus(owner):
            # Citus refuses to alter a distributed table's triggers unless told that it is
            # safe; the owner may say so, and the change then reaches the trigger on every
            # shard, where the guard really runs.
            await owner.execute("SET LOCAL citus.enable_unsafe_triggers TO on")
        await owner.execute(f"ALTER TABLE events DISABLE TRIGGER {GUARD_TRIGGER}")
        await owner.execute(statement, *arguments)
        await owner.execute(f"ALTER TABLE events ENABLE TRIGGER {GUARD_TRIGGER}")
