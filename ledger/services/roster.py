"""Importing the household roster from .xls, .xlsx, .ods or CSV, and exporting it as .xlsx.

An import is all or nothing: every row is checked first and a row-by-row report comes
back (problems, and notes on rows read other than written: a household number the
spreadsheet turned into a number); only a file with no problem is applied, in one
transaction. Households are matched by number and members by name within their
household, so importing the same file again changes nothing.
"""

from __future__ import annotations

import dataclasses
import io
import uuid
from dataclasses import dataclass, field
from typing import Any

import asyncpg
import openpyxl

from ledger.domain import roster
from ledger.domain.spreadsheet import RowNote, RowProblem
from ledger.services.spreadsheets import read_rows
from ledger.store import households as store
from ledger.store import queries, record


@dataclass
class ImportReport:
    rows: int = 0
    households_registered: int = 0
    households_changed: int = 0
    members_added: int = 0
    members_changed: int = 0
    applied: bool = False
    problems: list[RowProblem] = field(default_factory=list)
    notes: list[RowNote] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "applied": self.applied,
            "households_registered": self.households_registered,
            "households_changed": self.households_changed,
            "members_added": self.members_added,
            "members_changed": self.members_changed,
            "problems": [dataclasses.asdict(problem) for problem in self.problems],
            "notes": [dataclasses.asdict(note) for note in self.notes],
        }


async def import_roster(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID | None, content: bytes, dry_run: bool
) -> ImportReport:
    rows = await read_rows(content)
    entries, problems, notes = roster.parse(rows, await queries.household_numbers(pool, community_id))
    report = ImportReport(rows=len(entries), problems=problems, notes=notes)
    if problems or dry_run:
        return report
    async with pool.acquire() as connection, connection.transaction():
        # One transaction: the store's own transactions become savepoints inside it.
        await record.lock_head(connection, community_id)
        household_ids: dict[str, uuid.UUID] = {}
        for entry in entries:
            if entry.number in household_ids:
                continue
            existing = await queries.household_by_number(connection, community_id, entry.number)
            if existing is None:
                existing = uuid.uuid4()
                await store.register_household(
                    connection, community_id, actor_id, existing, entry.number, entry.head_name
                )
                report.households_registered += 1
            elif await store.change_household(
                connection, community_id, actor_id, existing, {"head_name": entry.head_name}, "花名册导入"
            ):
                report.households_changed += 1
            household_ids[entry.number] = existing
        for entry in entries:
            household_id = household_ids[entry.number]
            current = {m["name"]: m for m in await store.members(connection, community_id, household_id)}
            member = current.get(entry.name)
            if member is None:
                await store.add_member(
                    connection,
                    community_id,
                    actor_id,
                    household_id,
                    uuid.uuid4(),
                    entry.name,
                    entry.relation,
                    entry.phone,
                    entry.id_card_last4,
                )
                report.members_added += 1
            elif await store.change_member(
                connection,
                community_id,
                actor_id,
                household_id,
                member["member_id"],
                {"relation": entry.relation, "phone": entry.phone, "id_card_last4": entry.id_card_last4},
            ):
                report.members_changed += 1
    report.applied = True
    return report


async def export_roster(pool: asyncpg.Pool, community_id: uuid.UUID) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "花名册"
    sheet.append(list(roster.EXPORT_HEADERS))
    after = ""
    while page := await queries.households(pool, community_id, 500, after):
        for household in page:
            members = await store.members(pool, community_id, household["household_id"])
            if not members:
                sheet.append([household["number"], household["head_name"], "", "", "", ""])
            for member in members:
                sheet.append(
                    [
                        household["number"],
                        household["head_name"],
                        member["name"],
                        roster.RELATION_LABELS[member["relation"]],
                        member["phone"] or "",
                        member["id_card_last4"] or "",
                    ]
                )
        after = page[-1]["number"]
    for column, width in zip("ABCDEF", (10, 12, 12, 12, 16, 14), strict=True):
        sheet.column_dimensions[column].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
