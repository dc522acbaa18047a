"""Goods listed in the supermarket's catalog and stock received onto its shelf."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.store import supermarket


async def receive_stock(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    command: commands.ReceiveStock,
    idempotency_key: str | None,
) -> dict[str, Any]:
    """Stock bought (naming its fund expenditure, if any), donated in kind (naming the donor)
    or moved in; the store checks the goods and the expenditure under the head lock."""
    if command.source == "donation" and not command.donor:
        raise Refused("validation_failed", "a donation in kind names its donor (or 匿名 for anonymous)")
    if command.source != "purchase" and command.fund_expenditure_seq is not None:
        raise Refused("validation_failed", "only bought stock names a fund expenditure")
    digest = commands.request_digest("receive_stock", command)
    async with pool.acquire() as connection:
        return await supermarket.receive_stock(
            connection,
            community_id,
            actor_id,
            command.goods_id,
            command.quantity,
            command.note,
            idempotency_key,
            digest,
            command.source,
            command.donor,
            command.fund_expenditure_seq,
        )


async def list_goods(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID | None, command: commands.ListGoods
) -> uuid.UUID:
    """A new goods item in the catalog, with no stock yet; its code is the community's own."""
    goods_id = uuid.uuid4()
    async with pool.acquire() as connection:
        await supermarket.list_goods(
            connection,
            community_id,
            actor_id,
            goods_id,
            command.code,
            command.name,
            command.name_en,
            command.category,
            command.unit,
            command.points,
        )
    return goods_id
