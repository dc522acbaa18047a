"""Importing the goods catalog (.xls, .xlsx, .ods or CSV) and exporting it (.xlsx): all rows or none. Items are
matched by code; a changed price or name is a goods.changed event (earlier redemptions keep
their price); an item new to the catalog is listed and its opening stock received."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import asyncpg

from ledger.domain import catalog
from ledger.services.spreadsheets import read_rows, workbook_bytes
from ledger.store import queries, record, supermarket


async def import_catalog(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID | None, content: bytes, dry_run: bool
) -> dict[str, Any]:
    entries, problems = catalog.parse(await read_rows(content))
    report: dict[str, Any] = {
        "rows": len(entries),
        "applied": False,
        "listed": 0,
        "changed": 0,
        "problems": [dataclasses.asdict(p) for p in problems],
    }
    if problems or dry_run:
        return report
    async with pool.acquire() as connection, connection.transaction():
        await record.lock_head(connection, community_id)
        existing = {row["code"]: row for row in await queries.goods(connection, community_id)}
        for entry in entries:
            current = existing.get(entry.code)
            if current is None:
                goods_id = uuid.uuid4()
                await supermarket.list_goods(
                    connection,
                    community_id,
                    actor_id,
                    goods_id,
                    entry.code,
                    entry.name,
                    entry.name_en,
                    entry.category,
                    entry.unit,
                    entry.points,
                )
                if entry.stock:
                    await supermarket.receive_stock(
                        connection,
                        community_id,
                        actor_id,
                        goods_id,
                        entry.stock,
                        "期初库存 (catalog import)",
                        None,
                        None,
                        "transfer",
                    )
                report["listed"] += 1
            elif await supermarket.change_goods(
                connection,
                community_id,
                actor_id,
                current["goods_id"],
                {"points": entry.points, "name": entry.name},
            ):
                report["changed"] += 1
    report["applied"] = True
    return report


async def export_catalog(pool: asyncpg.Pool, community_id: uuid.UUID) -> bytes:
    rows = await queries.goods(pool, community_id)
    labels = {english: chinese for chinese, english in catalog.CATEGORIES.items()}
    return workbook_bytes(
        "商品目录",
        list(catalog.EXPORT_HEADERS),
        [
            [
                row["code"],
                row["name"],
                row["name_en"],
                labels.get(row["category"], row["category"]),
                row["points"],
                row["unit"],
                row["stock"],
            ]
            for row in rows
            if row["status"] == "active"
        ],
    )
