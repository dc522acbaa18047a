"""The shelf as it is read: goods below their low-stock mark, and an item's photo."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.store.types import Connectable


async def low_stock(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT g.goods_id, g.code, g.name, g.name_en, g.category, g.unit, g.points, s.stock, g.status,
                  g.low_stock_threshold
           FROM goods g JOIN goods_stock s USING (community_id, goods_id)
           WHERE g.community_id = $1 AND g.status = 'active' AND s.stock < g.low_stock_threshold
           ORDER BY s.stock, g.code""",
        community_id,
    )


async def goods_photo(db: Connectable, community_id: uuid.UUID, goods_id: uuid.UUID) -> asyncpg.Record | None:
    return await db.fetchrow(
        """SELECT i.media_type, i.content, i.sha256 FROM goods g
           JOIN images i ON i.community_id = g.community_id AND i.image_id = g.photo_image_id
           WHERE g.community_id = $1 AND g.goods_id = $2""",
        community_id,
        goods_id,
    )
