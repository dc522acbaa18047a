"""The end of every community's chain: what an operator notes down as a backup begins, so
that the file can later be shown to hold at least that much of the record."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from ledger.store.types import Connectable


@dataclass(frozen=True, slots=True)
class ChainHead:
    community_id: uuid.UUID
    seq: int
    hash: bytes


async def holds_ledger(db: Connectable) -> bool:
    """Whether the migrations have made the record in this database (its event log exists)."""
    return bool(await db.fetchval("SELECT to_regclass('public.events') IS NOT NULL"))


async def chain_heads(db: Connectable) -> list[ChainHead] | None:
    """Every community's chain head, by community id (None: the database holds no ledger)."""
    if not await holds_ledger(db):
        return None
    rows = await db.fetch(
        "SELECT community_id, head_seq, head_hash FROM community_heads ORDER BY community_id"
    )
    return [ChainHead(row["community_id"], row["head_seq"], bytes(row["head_hash"])) for row in rows]


async def holds_no_record(db: Connectable) -> bool:
    """Whether the ledger's tables, made by `ledger migrate`, hold nothing yet: no county, no
    staff account, no event."""
    # One query per table, each naming a column: Citus plans an EXISTS over a distributed
    # table inside another query as a subquery of its own, and refuses one with no columns.
    for table in ("counties", "users", "events"):
        if await db.fetchval(f"SELECT EXISTS (SELECT 1 FROM {table})"):  # noqa: S608 our table names
            return False
    return True
