"""A community's staff accounts and their roles."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.store.types import Connectable


async def staff_of_community(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT u.user_id, u.username, u.display_name, u.disabled, array_agg(r.role ORDER BY r.role) AS roles
           FROM staff_roles r JOIN users u USING (user_id)
           WHERE r.community_id = $1 GROUP BY u.user_id ORDER BY u.username""",
        community_id,
    )
