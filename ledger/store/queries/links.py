"""Households staff members have declared their own or related (staff_household_links)."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.store.types import Connectable


async def declared_households(
    db: Connectable, community_id: uuid.UUID, user_id: uuid.UUID
) -> list[asyncpg.Record]:
    """A staff member's declared households, with their numbers, for their own page."""
    return await db.fetch(
        """SELECT h.number, h.head_name, l.kind FROM staff_household_links l
           JOIN households h USING (community_id, household_id)
           WHERE l.community_id = $1 AND l.user_id = $2 ORDER BY h.number""",
        community_id,
        user_id,
    )
