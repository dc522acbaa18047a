"""One way to import a sheet (.xls, .xlsx, .ods or CSV), for the goods catalog, the rule
catalog and the roster alike: read the rows, parse them, and answer with the row report —
after a check-only pass, or, when no row has a problem, after applying every entry in ONE
transaction under the community's head lock (the store's own transactions become
savepoints inside it), so a sheet is imported whole or not at all. Each import gives only
its parser and its step that applies one entry; entries match what exists (by code, by
household number and name), so the same file twice changes nothing the second time.
"""

from __future__ import annotations

import uuid
from abc import ABC, abstractmethod
from collections.abc import Awaitable, Callable, Sequence
from typing import ClassVar, Generic

import asyncpg

from ledger.domain.sheet_import import EntryT, ParsedSheet, RowReport
from ledger.services.spreadsheets import read_rows
from ledger.store.record import lock_head
from ledger.store.types import Connection

# What every import use case looks like from an edge: (pool, community, actor, file, check only).
ImportUseCase = Callable[[asyncpg.Pool, uuid.UUID, uuid.UUID | None, bytes, bool], Awaitable[RowReport]]


class SheetImport(ABC, Generic[EntryT]):
    """One kind of import: its parser, and how one entry is applied."""

    # Everything `apply` may report, in the order the report lists them.
    outcomes: ClassVar[tuple[str, ...]]

    def __init__(self, community_id: uuid.UUID, actor_id: uuid.UUID | None) -> None:
        self.community_id = community_id
        self.actor_id = actor_id

    @abstractmethod
    async def parse(self, pool: asyncpg.Pool, rows: list[list[object]]) -> ParsedSheet[EntryT]:
        """The rows checked (reading what the parser needs to know, e.g. how the community
        numbers its households)."""

    async def prepare(self, connection: Connection) -> None:
        """Read what already exists, under the head lock, before the first entry."""

    @abstractmethod
    async def apply(self, connection: Connection, entry: EntryT) -> Sequence[str]:
        """Apply one entry; what happened, one of `outcomes` per change (none when unchanged)."""


async def run_import(
    pool: asyncpg.Pool, sheet_import: SheetImport[EntryT], content: bytes, check_only: bool
) -> RowReport:
    sheet = await sheet_import.parse(pool, await read_rows(content))
    report = RowReport.checked(sheet, sheet_import.outcomes)
    if sheet.problems or check_only:
        return report
    happened: list[str] = []
    async with pool.acquire() as connection, connection.transaction():
        await lock_head(connection, sheet_import.community_id)
        await sheet_import.prepare(connection)
        for entry in sheet.entries:
            happened.extend(await sheet_import.apply(connection, entry))
    return report.applied_with(happened)
