"""The rule catalog: changes (never rewriting past awards), import (.xls, .xlsx, .ods or
CSV; all rows or none, through `ledger.services.sheet_import`) and export as a table;
rules match by code, so the same file twice changes nothing."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import asyncpg

from ledger.domain import commands, rule_catalog
from ledger.domain.honours import is_honour_rule
from ledger.domain.sheet_import import ParsedSheet, RowReport
from ledger.domain.spreadsheet import Table
from ledger.services.sheet_import import SheetImport, run_import
from ledger.store import queries
from ledger.store import rules as store
from ledger.store.types import Connection


async def change_rule(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID,
    rule_id: uuid.UUID,
    command: commands.ChangeRule,
) -> bool:
    changes = {field: getattr(command, field) for field in command.__struct_fields__}
    async with pool.acquire() as connection:
        return await store.change_rule(connection, community_id, actor_id, rule_id, changes)


class _RuleCatalogImport(SheetImport[rule_catalog.RuleEntry]):
    outcomes = ("defined", "changed")

    async def parse(
        self, pool: asyncpg.Pool, rows: list[list[object]]
    ) -> ParsedSheet[rule_catalog.RuleEntry]:
        return rule_catalog.parse(rows)

    async def prepare(self, connection: Connection) -> None:
        self._existing = {row["code"]: row for row in await queries.rules(connection, self.community_id)}

    async def apply(self, connection: Connection, entry: rule_catalog.RuleEntry) -> Sequence[str]:
        current = self._existing.get(entry.code)
        if current is None:
            await store.define_rule(
                connection,
                self.community_id,
                self.actor_id,
                uuid.uuid4(),
                entry.code,
                entry.name,
                entry.name_en,
                entry.category,
                entry.points,
                entry.needs_publicity,
                entry.needs_evidence,
                bool(entry.claimable),
            )
            return ("defined",)
        changes = {
            "name": entry.name,
            "name_en": entry.name_en,
            "category": entry.category,
            "points": entry.points,
            "needs_publicity": entry.needs_publicity,
            "needs_evidence": entry.needs_evidence,
            "claimable": entry.claimable,
        }
        changed = await store.change_rule(
            connection, self.community_id, self.actor_id, current["rule_id"], changes
        )
        return ("changed",) if changed else ()


async def import_rules(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID | None, content: bytes, dry_run: bool
) -> RowReport:
    return await run_import(pool, _RuleCatalogImport(community_id, actor_id), content, dry_run)


async def export_rules(pool: asyncpg.Pool, community_id: uuid.UUID) -> Table:
    """The active rules in the columns the import reads."""
    return Table(
        "积分细则",
        rule_catalog.EXPORT_HEADERS,
        [
            _exported(row)
            for row in await queries.rules(pool, community_id)
            # honours' bonus rules are the ledger's own: a sheet never carries them
            if row["status"] == "active" and not is_honour_rule(row["code"])
        ],
    )


def _exported(row: Any) -> list[Any]:
    return [
        row["code"],
        row["name"],
        row["name_en"],
        row["category"],
        row["points"],
        "红榜" if row["points"] > 0 else "黑榜",
        "是" if row["needs_publicity"] else "否",
        "是" if row["needs_evidence"] else "否",
        "是" if row["claimable"] else "否",
    ]
