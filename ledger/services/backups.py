"""`ledger backup` and `ledger restore`: the whole database to a file and back into an empty
one (ledger.backup runs pg_dump and pg_restore). The caller then checks the restored
record with ledger.services.records: a restore is only good when the record is.

On a Citus coordinator the file is the same kind (pg_dump through the coordinator, whose
COPY of a distributed table reads every shard), with two differences:
- the backup holds every write still while it reads (ledger/store/write_freeze.py), since
  the workers' copies are not one snapshot;
- the restore does not replay the file's schema. The file knows nothing of where Citus
  placed each table (that lives in Citus's own catalog, which pg_dump leaves out), so its
  tables would come back as plain tables of the coordinator. Instead `ledger migrate` makes
  the distributed schema on the target, exactly as for a new cluster, and the file's rows
  are loaded into it through the coordinator, which sends each to its shard. Simpler and
  more honest than rebuilding Citus's catalog by hand or copying shards node by node: the
  target is placed by the one piece of code that places every cluster. It asks that the
  file was made at this release's migrations (its rows must fit the schema migrate makes,
  and a later migration's data changes would not have run on them).
"""

from __future__ import annotations

import asyncio
import enum
from pathlib import Path

from ledger import backup
from ledger.progress import Shown
from ledger.services.database import owner_connection
from ledger.store import distribution, heads, load_order, migrations, roles, write_freeze
from ledger.store.heads import ChainHead

# The migration runner's own tables: `ledger migrate` fills them on the target itself.
_RUNNER_TABLES = ("schema_migrations", "schema_functions")


class Restored(enum.Enum):
    RESTORED = "restored"
    NOT_EMPTY = "not_empty"  # the target already holds a ledger
    OTHER_MIGRATIONS = "other_migrations"  # Citus only: the file's schema is not this release's


async def back_up(url: str, path: Path, shown: Shown | None = None) -> list[ChainHead] | None:
    """Write the database to `path`; every community's chain head as the backup began (the
    file holds at least these; on Citus exactly these). None, and no file: the database
    holds no ledger. `shown` is told of the tables dumped, of how many. Raises BackupFailed."""
    async with owner_connection(url) as connection:
        citus = await distribution.is_citus(connection)
        if shown is not None:
            shown.total(await load_order.table_count(connection, citus=citus))
        if not citus:
            heads_before = await heads.chain_heads(connection)
            if heads_before is not None:
                await asyncio.to_thread(backup.dump, url, path, shown)
            return heads_before
        if not await heads.holds_ledger(connection):
            return None
        async with connection.transaction():
            await write_freeze.freeze_writes(connection)
            heads_before = await heads.chain_heads(connection)
            await asyncio.to_thread(backup.dump, url, path, shown)
        return heads_before


async def prepare_empty_for_restore(url: str) -> bool:
    """Whether the database holds no ledger yet; if so, the serving role is made ready (it
    lives in the server, not in the dump). On Citus a schema `ledger migrate` made with no
    record in it yet counts as empty: that is where the restore loads the file."""
    async with owner_connection(url) as connection:
        if await heads.holds_ledger(connection) and not (
            await distribution.is_citus(connection) and await heads.holds_no_record(connection)
        ):
            return False
        await roles.make_serving_role_ready(connection)
        return True


async def restore(url: str, path: Path, shown: Shown | None = None) -> Restored:
    """Load `path` into the database, all of it or nothing; NOT_EMPTY, and nothing loaded,
    when the database already holds a ledger. `shown` is told of the tables loaded, of how
    many. Raises BackupFailed."""
    if not await prepare_empty_for_restore(url):
        return Restored.NOT_EMPTY
    async with owner_connection(url) as connection:
        citus = await distribution.is_citus(connection)
    if not citus:
        if shown is not None:
            shown.total(await asyncio.to_thread(backup.tables_in, path))
        await asyncio.to_thread(backup.restore, url, path, shown)
        return Restored.RESTORED
    expected = [(m.version, m.name, m.checksum) for m in migrations.load_migrations()]
    if await asyncio.to_thread(backup.migrations_in, path) != expected:
        return Restored.OTHER_MIGRATIONS
    async with owner_connection(url) as connection:
        await migrations.migrate(connection)
        tables = await load_order.tables_in_load_order(connection)
    # The reference tables first (they refer to no distributed one; Citus forbids it): in
    # one transaction Citus refuses to write a reference table on every node after it has
    # copied in parallel into a distributed table that refers to it, and the other way
    # round it sends the later copies over the connections that wrote.
    loaded = sorted(
        (table for table in tables if table not in _RUNNER_TABLES),
        key=lambda table: distribution.placement_of(table) != "reference",
    )
    await asyncio.to_thread(backup.load_data, url, path, loaded, shown)
    return Restored.RESTORED
