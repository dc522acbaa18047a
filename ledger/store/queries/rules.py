"""The rule catalog."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.store.types import Connectable


async def rules(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT rule_id, code, name, name_en, category, points, needs_publicity, needs_evidence, claimable, status
           FROM rules WHERE community_id = $1 ORDER BY code""",
        community_id,
    )
