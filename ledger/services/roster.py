"""Importing the household roster from .xls, .xlsx, .ods or CSV, and exporting it as a table.

An import is all or nothing (`ledger.services.sheet_import`): every row is checked first
and a row-by-row report comes back (problems, and notes on rows read other than written: a
household number the spreadsheet turned into a number); only a file with no problem is
applied, in one transaction. Households are matched by number and members by name within
their household, so importing the same file again changes nothing.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

import asyncpg

from ledger.domain import roster
from ledger.domain.sheet_import import ParsedSheet, RowReport
from ledger.domain.spreadsheet import Cell, Table
from ledger.services.sheet_import import SheetImport, run_import
from ledger.store import groups as group_store
from ledger.store import households as store
from ledger.store import queries
from ledger.store.queries import groups as group_reads
from ledger.store.types import Connection

# The exported sheet's columns, A to H, wide enough for what they hold.
COLUMN_WIDTHS = (10, 12, 12, 12, 16, 14, 14, 16)


class _RosterImport(SheetImport[roster.RosterEntry]):
    """A row registers its household the first time the sheet names it (or changes its
    head's name) and places it in the group and grid the row names (creating them when the
    community has none of that name), then adds or changes its member."""

    outcomes = (
        "households_registered",
        "households_changed",
        "members_added",
        "members_changed",
        "groups_created",
        "grids_created",
        "households_moved",
    )

    async def parse(self, pool: asyncpg.Pool, rows: list[list[object]]) -> ParsedSheet[roster.RosterEntry]:
        living = await group_reads.living_by_name(pool, self.community_id)
        names = {row["group_id"]: name for (kind, name), row in living.items() if kind == "group"}
        known = roster.KnownPlaces(
            {
                name: None if row["parent_id"] is None else names.get(row["parent_id"], "")
                for (kind, name), row in living.items()
                if kind == "grid"
            },
            frozenset(await queries.closed_household_numbers(pool, self.community_id)),
        )
        return roster.parse(rows, await queries.household_numbers(pool, self.community_id), known)

    async def prepare(self, connection: Connection) -> None:
        self._household_ids: dict[str, uuid.UUID] = {}
        living = await group_reads.living_by_name(connection, self.community_id)
        self._places = {key: row["group_id"] for key, row in living.items()}

    async def apply(self, connection: Connection, entry: roster.RosterEntry) -> Sequence[str]:
        happened: list[str] = []
        household_id = self._household_ids.get(entry.number)
        if household_id is None:
            household_id = await self._household(connection, entry, happened)
            self._household_ids[entry.number] = household_id
            await self._place(connection, household_id, entry, happened)
        current = {m["name"]: m for m in await store.members(connection, self.community_id, household_id)}
        member = current.get(entry.name)
        if member is None:
            await store.add_member(
                connection,
                self.community_id,
                self.actor_id,
                household_id,
                uuid.uuid4(),
                entry.name,
                entry.relation,
                entry.phone,
                entry.id_card_last4,
            )
            happened.append("members_added")
        elif await store.change_member(
            connection,
            self.community_id,
            self.actor_id,
            household_id,
            member["member_id"],
            {"relation": entry.relation, "phone": entry.phone, "id_card_last4": entry.id_card_last4},
        ):
            happened.append("members_changed")
        return happened

    async def _household(
        self, connection: Connection, entry: roster.RosterEntry, happened: list[str]
    ) -> uuid.UUID:
        existing = await queries.household_by_number(connection, self.community_id, entry.number)
        if existing is None:
            registered = uuid.uuid4()
            await store.register_household(
                connection, self.community_id, self.actor_id, registered, entry.number, entry.head_name
            )
            happened.append("households_registered")
            return registered
        if await store.change_household(
            connection,
            self.community_id,
            self.actor_id,
            existing,
            {"head_name": entry.head_name},
            "花名册导入",
        ):
            happened.append("households_changed")
        return existing

    async def _place(
        self, connection: Connection, household_id: uuid.UUID, entry: roster.RosterEntry, happened: list[str]
    ) -> None:
        """The household into the row's group and grid (left where it is when the row
        names none)."""
        if entry.group is None:
            return
        group_id = await self._group_named(connection, "group", entry.group, None, happened)
        grid_id = (
            None
            if entry.grid is None
            else await self._group_named(connection, "grid", entry.grid, group_id, happened)
        )
        if await group_store.move_household(
            connection, self.community_id, self.actor_id, household_id, group_id, grid_id
        ):
            happened.append("households_moved")

    async def _group_named(
        self, connection: Connection, kind: str, name: str, parent_id: uuid.UUID | None, happened: list[str]
    ) -> uuid.UUID:
        known = self._places.get((kind, name))
        if known is not None:
            return known
        created = uuid.uuid4()
        await group_store.create_group(
            connection, self.community_id, self.actor_id, created, kind, name, parent_id
        )
        self._places[(kind, name)] = created
        happened.append("groups_created" if kind == "group" else "grids_created")
        return created


async def import_roster(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID | None, content: bytes, dry_run: bool
) -> RowReport:
    return await run_import(pool, _RosterImport(community_id, actor_id), content, dry_run)


async def export_roster(pool: asyncpg.Pool, community_id: uuid.UUID) -> Table:
    """Every household, one row per member (a household without members on a row of its
    own), in the columns the import reads."""
    rows: list[list[Cell]] = []
    after = ""
    while page := await queries.households(pool, community_id, 500, after):
        for household in page:
            members = await store.members(pool, community_id, household["household_id"])
            place = [household["group_name"] or "", household["grid_name"] or ""]
            if not members:
                rows.append([household["number"], household["head_name"], "", "", "", "", *place])
            rows.extend(
                [
                    household["number"],
                    household["head_name"],
                    member["name"],
                    roster.RELATION_LABELS[member["relation"]],
                    member["phone"] or "",
                    member["id_card_last4"] or "",
                    *place,
                ]
                for member in members
            )
        after = page[-1]["number"]
    return Table("花名册", roster.EXPORT_HEADERS, rows, column_widths=COLUMN_WIDTHS)
