"""The shelf: goods changed or retired, stock written off and counted. Each an event, under
the community's head lock (schema/functions/record.sql says why)."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.domain.images import CleanImage
from ledger.store import images
from ledger.store.record import answer_or_refusal, append, insert_or_refuse, lock_head
from ledger.store.types import Connection


async def _goods(connection: Connection, community_id: uuid.UUID, goods_id: uuid.UUID) -> asyncpg.Record:
    row = await connection.fetchrow(
        """SELECT g.points, g.status, g.low_stock_threshold, g.name, s.stock
           FROM goods g JOIN goods_stock s USING (community_id, goods_id)
           WHERE g.community_id = $1 AND g.goods_id = $2""",
        community_id,
        goods_id,
    )
    if row is None:
        raise Refused("not_found", "no such goods item in this community")
    return row


async def change_goods(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    goods_id: uuid.UUID,
    changes: dict[str, Any],
) -> bool:
    """Re-price, rename, set the low-stock threshold or retire; False when nothing differs.
    A redemption made before keeps the price it was made at (its lines carry it)."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        current = await _goods(connection, community_id, goods_id)
        different = {k: v for k, v in changes.items() if v is not None and current[k] != v}
        if not different:
            return False
        await append(
            connection,
            community_id,
            kinds.GOODS_CHANGED,
            actor_id,
            {"goods_id": str(goods_id), "changes": different, "before": {k: current[k] for k in different}},
        )
        await connection.execute(
            """UPDATE goods SET points = coalesce($3, points), name = coalesce($4, name),
                   low_stock_threshold = coalesce($5, low_stock_threshold), status = coalesce($6, status)
               WHERE community_id = $1 AND goods_id = $2""",
            community_id,
            goods_id,
            different.get("points"),
            different.get("name"),
            different.get("low_stock_threshold"),
            different.get("status"),
        )
        return True


async def write_off(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    goods_id: uuid.UUID,
    quantity: int,
    reason: str,
) -> dict[str, Any]:
    async with connection.transaction():
        await lock_head(connection, community_id)
        current = await _goods(connection, community_id, goods_id)
        if current["stock"] < quantity:
            raise Refused(
                "insufficient_stock",
                "cannot write off more than is on the shelf",
                stock=current["stock"],
                quantity=quantity,
            )
        stock_after = current["stock"] - quantity
        event = await append(
            connection,
            community_id,
            kinds.STOCK_WRITTEN_OFF,
            actor_id,
            {"goods_id": str(goods_id), "quantity": quantity, "reason": reason, "stock_after": stock_after},
        )
        await connection.execute(
            "UPDATE goods_stock SET stock = $3 WHERE community_id = $1 AND goods_id = $2",
            community_id,
            goods_id,
            stock_after,
        )
        return {"event_seq": event["seq"], "stock_after": stock_after}


async def count(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    goods_id: uuid.UUID,
    counted: int,
    note: str | None,
) -> dict[str, Any]:
    """A stock-take: the shelf holds `counted`; the difference is recorded as an event."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        current = await _goods(connection, community_id, goods_id)
        difference = counted - current["stock"]
        event = await append(
            connection,
            community_id,
            kinds.STOCK_COUNTED,
            actor_id,
            {"goods_id": str(goods_id), "counted": counted, "difference": difference, "note": note},
        )
        await connection.execute(
            "UPDATE goods_stock SET stock = $3 WHERE community_id = $1 AND goods_id = $2",
            community_id,
            goods_id,
            counted,
        )
        return {"event_seq": event["seq"], "stock_after": counted, "difference": difference}


async def set_photo(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    goods_id: uuid.UUID,
    image_id: uuid.UUID,
    image: CleanImage,
) -> None:
    async with connection.transaction():
        await lock_head(connection, community_id)
        await _goods(connection, community_id, goods_id)
        await images.insert(connection, community_id, image_id, image)
        # The photo's hash goes on the chain, so a swapped picture would show.
        await append(
            connection,
            community_id,
            kinds.GOODS_CHANGED,
            actor_id,
            {
                "goods_id": str(goods_id),
                "changes": {"photo": {"image_id": str(image_id), "sha256": image.sha256.hex()}},
            },
        )
        await connection.execute(
            "UPDATE goods SET photo_image_id = $3 WHERE community_id = $1 AND goods_id = $2",
            community_id,
            goods_id,
            image_id,
        )


async def list_goods(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    goods_id: uuid.UUID,
    code: str,
    name: str,
    name_en: str,
    category: str,
    unit: str,
    points: int,
) -> int:
    async with connection.transaction():
        event = await append(
            connection,
            community_id,
            kinds.GOODS_LISTED,
            actor_id,
            {
                "goods_id": str(goods_id),
                "code": code,
                "name": name,
                "name_en": name_en,
                "category": category,
                "unit": unit,
                "points": points,
            },
        )
        await insert_or_refuse(
            connection,
            """INSERT INTO goods (community_id, goods_id, code, name, name_en, category, unit, points)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
            (community_id, goods_id, code, name, name_en, category, unit, points),
            "goods code {code} is already listed",
            code=code,
        )
        await connection.execute(
            "INSERT INTO goods_stock (community_id, goods_id) VALUES ($1, $2)", community_id, goods_id
        )
        return int(event["seq"])


async def receive_stock(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    goods_id: uuid.UUID,
    quantity: int,
    note: str | None,
    idempotency_key: str | None,
    request_digest: bytes | None,
    source: str = "purchase",
    donor: str | None = None,
    fund_expenditure_seq: int | None = None,
) -> dict[str, Any]:
    async with connection.transaction():
        await lock_head(connection, community_id)
        if fund_expenditure_seq is not None:
            kind = await connection.fetchval(
                "SELECT kind FROM events WHERE community_id = $1 AND seq = $2",
                community_id,
                fund_expenditure_seq,
            )
            if kind != kinds.FUND_SPENT:
                raise Refused("not_found", "event {seq} is not a fund expenditure", seq=fund_expenditure_seq)
        stock = await connection.fetchval(
            "SELECT stock FROM goods_stock WHERE community_id = $1 AND goods_id = $2",
            community_id,
            goods_id,
        )
        if stock is None:
            raise Refused("not_found", "no such goods item in this community")
        replay = await connection.fetchval(
            "SELECT ledger_replay($1, $2, $3)", community_id, idempotency_key, request_digest
        )
        if replay is not None:
            return answer_or_refusal(replay)
        event = await connection.fetchrow(
            "SELECT e.*, ledger_answer(e, 'created') AS answer FROM ledger_append($1, $2, NULL, $3, NULL, 0, 0, 0, 0, $4, $5, $6) e",
            community_id,
            kinds.STOCK_RECEIVED,
            actor_id,
            {
                "goods_id": str(goods_id),
                "quantity": quantity,
                "note": note,
                "stock_after": stock + quantity,
                "source": source,
                "donor": donor,
                "fund_expenditure_seq": fund_expenditure_seq,
            },
            idempotency_key,
            request_digest,
        )
        assert event is not None, "ledger_append returns the appended event"
        await connection.execute(
            "UPDATE goods_stock SET stock = stock + $3 WHERE community_id = $1 AND goods_id = $2",
            community_id,
            goods_id,
            quantity,
        )
        return answer_or_refusal(event["answer"])
