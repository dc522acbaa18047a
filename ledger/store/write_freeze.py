"""Holding every write to the record still on a Citus cluster while a backup reads it.

On one PostgreSQL, pg_dump reads the whole database in one snapshot, so a backup taken under
load is still one moment of the record. On Citus it is not: pg_dump's COPY of each
distributed table is run by the coordinator on the workers, table after table, each in a
snapshot of its own, so a redemption committed between the copy of `events` and that of
`household_balances` would be in one and not the other, and the restore would not match its
log. Citus has no cluster-wide snapshot; the way to one moment is to let no write commit
while the copies run. LOCK TABLE on a Citus table is taken on every node (Citus 11.1 on),
so EXCLUSIVE mode there — which lets reads through and waits for the writes in flight —
also stops the commands delegated to the workers, which write through the workers' tables.
"""

from __future__ import annotations

from ledger.store import distribution
from ledger.store.types import Connection

# Every table a command writes that the cluster spreads: the record, its projections and
# the reference tables beside them. The coordinator's own (sessions, page notices) are read
# in pg_dump's one snapshot of the coordinator, like any table on plain PostgreSQL.
FROZEN_TABLES = (*distribution.REFERENCE_TABLES, *distribution.DISTRIBUTED_TABLES)


async def freeze_writes(connection: Connection) -> None:
    """Inside the caller's transaction: wait for the writes in flight, then let no write to
    the record commit anywhere in the cluster until the transaction ends. Reads go on."""
    assert connection.is_in_transaction(), "a lock outside a transaction would end at once"
    tables = ", ".join(f'"{table}"' for table in FROZEN_TABLES)
    await connection.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
