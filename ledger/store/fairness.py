"""Links between staff and households (own, or declared related): declared under the head lock,
and read by the use cases that apply the fairness rule (ledger.domain.fairness) inside the
transaction that commits their command."""

from __future__ import annotations

import uuid

import asyncpg

from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.domain.fairness import Links
from ledger.store import households
from ledger.store.record import append, lock_head
from ledger.store.types import Connectable, Connection


async def link(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    user_id: uuid.UUID,
    household_id: uuid.UUID,
    kind: str,
) -> bool:
    async with connection.transaction():
        await lock_head(connection, community_id)
        await households.existing_household(connection, community_id, household_id)
        # Links are declared for the community's own staff: any other id is unknown here
        # (and would break the link's reference to users).
        if not await connection.fetchval(
            "SELECT true FROM staff_roles WHERE community_id = $1 AND user_id = $2 LIMIT 1",
            community_id,
            user_id,
        ):
            raise Refused("not_found", "no such staff member in this community")
        inserted = await connection.fetchval(
            """INSERT INTO staff_household_links (community_id, user_id, household_id, kind) VALUES ($1, $2, $3, $4)
               ON CONFLICT DO NOTHING RETURNING true""",
            community_id,
            user_id,
            household_id,
            kind,
        )
        if inserted:
            await append(
                connection,
                community_id,
                kinds.STAFF_LINKED,
                actor_id,
                {"user_id": str(user_id), "kind": kind},
                household_id=household_id,
            )
        return bool(inserted)


async def staff_households(
    db: Connectable, community_id: uuid.UUID, household_ids: list[uuid.UUID]
) -> set[uuid.UUID]:
    """Which of these are some staff member's own household."""
    rows = await db.fetch(
        """SELECT DISTINCT household_id FROM staff_household_links
           WHERE community_id = $1 AND kind = 'own' AND household_id = any($2::uuid[])""",
        community_id,
        household_ids,
    )
    return {row["household_id"] for row in rows}


async def linked_households(db: Connectable, community_id: uuid.UUID, user_id: uuid.UUID) -> set[uuid.UUID]:
    """The households a staff member is linked to (own and declared related)."""
    rows = await db.fetch(
        "SELECT household_id FROM staff_household_links WHERE community_id = $1 AND user_id = $2",
        community_id,
        user_id,
    )
    return {row["household_id"] for row in rows}


async def links_of(db: Connectable, community_id: uuid.UUID, user_id: uuid.UUID) -> list[asyncpg.Record]:
    """A staff member's declared households, with their numbers, for their own page."""
    return await db.fetch(
        """SELECT h.number, h.head_name, l.kind FROM staff_household_links l
           JOIN households h USING (community_id, household_id)
           WHERE l.community_id = $1 AND l.user_id = $2 ORDER BY h.number""",
        community_id,
        user_id,
    )


async def links(
    db: Connectable, community_id: uuid.UUID, actor_id: uuid.UUID | None, household_ids: list[uuid.UUID]
) -> Links:
    """What the fairness rule needs to know of these households and the acting user (none
    are linked to the system, which acts as no one)."""
    linked = set() if actor_id is None else await linked_households(db, community_id, actor_id)
    return Links(
        linked_to_actor=frozenset(linked),
        staff_households=frozenset(await staff_households(db, community_id, household_ids)),
    )
