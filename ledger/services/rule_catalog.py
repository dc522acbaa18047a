"""The rule catalog: changes (never rewriting past awards) and import (.xls, .xlsx, .ods
or CSV) and export (.xlsx), all rows or none; rules match by code, so the same file twice changes nothing."""

from __future__ import annotations

import dataclasses
import uuid
from typing import Any

import asyncpg

from ledger.domain import commands, rule_sheet
from ledger.domain.honours import is_honour_rule
from ledger.services.spreadsheets import read_rows, workbook_bytes
from ledger.store import queries, record
from ledger.store import rules as store


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


async def import_rules(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID | None, content: bytes, dry_run: bool
) -> dict[str, Any]:
    entries, problems = rule_sheet.parse(await read_rows(content))
    report: dict[str, Any] = {
        "rows": len(entries),
        "applied": False,
        "defined": 0,
        "changed": 0,
        "problems": [dataclasses.asdict(p) for p in problems],
    }
    if problems or dry_run:
        return report
    async with pool.acquire() as connection, connection.transaction():
        await record.lock_head(connection, community_id)
        existing = {row["code"]: row for row in await queries.rules(connection, community_id)}
        for entry in entries:
            current = existing.get(entry.code)
            if current is None:
                await store.define_rule(
                    connection,
                    community_id,
                    actor_id,
                    uuid.uuid4(),
                    entry.code,
                    entry.name,
                    entry.name_en,
                    entry.category,
                    entry.points,
                    entry.needs_publicity,
                    entry.needs_evidence,
                )
                report["defined"] += 1
            elif await store.change_rule(
                connection,
                community_id,
                actor_id,
                current["rule_id"],
                {
                    "name": entry.name,
                    "name_en": entry.name_en,
                    "category": entry.category,
                    "points": entry.points,
                    "needs_publicity": entry.needs_publicity,
                    "needs_evidence": entry.needs_evidence,
                },
            ):
                report["changed"] += 1
    report["applied"] = True
    return report


async def export_rules(pool: asyncpg.Pool, community_id: uuid.UUID) -> bytes:
    return workbook_bytes(
        "积分细则",
        list(rule_sheet.EXPORT_HEADERS),
        [
            [
                row["code"],
                row["name"],
                row["name_en"],
                row["category"],
                row["points"],
                "红榜" if row["points"] > 0 else "黑榜",
                "是" if row["needs_publicity"] else "否",
                "是" if row["needs_evidence"] else "否",
            ]
            for row in await queries.rules(pool, community_id)
            # honours' bonus rules are the ledger's own: a sheet never carries them
            if row["status"] == "active" and not is_honour_rule(row["code"])
        ],
    )
