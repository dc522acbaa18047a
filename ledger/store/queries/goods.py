"""Goods of the love supermarket and their stock."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.store.types import Connectable


async def goods_item(db: Connectable, community_id: uuid.UUID, goods_id: uuid.UUID) -> asyncpg.Record | None:
    return await db.fetchrow(
        """SELECT goods_id, code, name, name_en, category, unit, points, stock, status, low_stock_threshold
           FROM goods JOIN goods_stock USING (community_id, goods_id)
           WHERE community_id = $1 AND goods_id = $2""",
        community_id,
        goods_id,
    )


async def goods(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT goods_id, code, name, name_en, category, unit, points, stock, status, low_stock_threshold
           FROM goods JOIN goods_stock USING (community_id, goods_id)
           WHERE community_id = $1 ORDER BY code""",
        community_id,
    )


async def all_stock(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch("SELECT goods_id, stock FROM goods_stock WHERE community_id = $1", community_id)
