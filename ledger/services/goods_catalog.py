"""Importing the goods catalog (.xls, .xlsx, .ods or CSV; all rows or none, through
`ledger.services.sheet_import`) and exporting it as a table. Items are matched by code; a
changed price or name is a goods.changed event (earlier redemptions keep their price); an item
new to the catalog is listed and its opening stock received."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg

from ledger.domain import goods_catalog
from ledger.domain.sheet_import import ParsedSheet, RowReport
from ledger.domain.spreadsheet import Table
from ledger.services.sheet_import import SheetImport, run_import
from ledger.store import queries, supermarket
from ledger.store.types import Connection


class _GoodsCatalogImport(SheetImport[goods_catalog.GoodsEntry]):
    outcomes = ("listed", "changed")

    async def parse(
        self, pool: asyncpg.Pool, rows: list[list[object]]
    ) -> ParsedSheet[goods_catalog.GoodsEntry]:
        return goods_catalog.parse(rows)

    async def prepare(self, connection: Connection) -> None:
        self._existing = {row["code"]: row for row in await queries.goods(connection, self.community_id)}

    async def apply(self, connection: Connection, entry: goods_catalog.GoodsEntry) -> Sequence[str]:
        current = self._existing.get(entry.code)
        if current is None:
            await self._list(connection, entry)
            return ("listed",)
        changed = await supermarket.change_goods(
            connection,
            self.community_id,
            self.actor_id,
            current["goods_id"],
            {"points": entry.points, "name": entry.name},
        )
        return ("changed",) if changed else ()

    async def _list(self, connection: Connection, entry: goods_catalog.GoodsEntry) -> None:
        goods_id = uuid.uuid4()
        await supermarket.list_goods(
            connection,
            self.community_id,
            self.actor_id,
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
                self.community_id,
                self.actor_id,
                goods_id,
                entry.stock,
                "期初库存 (catalog import)",
                None,
                None,
                "transfer",
            )


async def import_catalog(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID | None, content: bytes, dry_run: bool
) -> RowReport:
    return await run_import(pool, _GoodsCatalogImport(community_id, actor_id), content, dry_run)


async def export_catalog(pool: asyncpg.Pool, community_id: uuid.UUID) -> Table:
    """The active goods in the columns the import reads, categories in Chinese."""
    rows = await queries.goods(pool, community_id)
    labels = {english: chinese for chinese, english in goods_catalog.CATEGORIES.items()}
    return Table(
        "商品目录",
        goods_catalog.EXPORT_HEADERS,
        [_exported(row, labels) for row in rows if row["status"] == "active"],
    )


def _exported(row: Any, labels: dict[str, str]) -> list[Any]:
    category = labels.get(row["category"], row["category"])
    return [row["code"], row["name"], row["name_en"], category, row["points"], row["unit"], row["stock"]]
