"""`ledger backup` and `ledger restore`: the whole database to a file and back into an empty
one (ledger.backup runs pg_dump and pg_restore). The caller then checks the restored
record with ledger.services.records: a restore is only good when the record is."""

from __future__ import annotations

import asyncio
from pathlib import Path

from ledger import backup
from ledger.services.database import owner_connection
from ledger.store import heads, roles
from ledger.store.heads import ChainHead


async def back_up(url: str, path: Path) -> list[ChainHead] | None:
    """Write the database to `path`; every community's chain head as the backup began (the
    file holds at least these). None, and no file: the database holds no ledger.
    Raises BackupFailed."""
    async with owner_connection(url) as connection:
        heads_before = await heads.chain_heads(connection)
    if heads_before is None:
        return None
    await asyncio.to_thread(backup.dump, url, path)
    return heads_before


async def prepare_empty_for_restore(url: str) -> bool:
    """Whether the database holds no ledger yet; if so, the serving role is made ready (it
    lives in the server, not in the dump)."""
    async with owner_connection(url) as connection:
        if await heads.holds_ledger(connection):
            return False
        await roles.make_serving_role_ready(connection)
        return True


async def restore(url: str, path: Path) -> bool:
    """Load `path` into the database, all of it or nothing; False, and nothing loaded, when
    the database already holds a ledger. Raises BackupFailed."""
    if not await prepare_empty_for_restore(url):
        return False
    await asyncio.to_thread(backup.restore, url, path)
    return True
