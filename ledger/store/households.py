"""Households, their members and their cards: each change an event, under the head lock."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.store.record import append, insert_or_refuse, lock_head
from ledger.store.types import Connectable, Connection


async def existing_household(
    connection: Connection, community_id: uuid.UUID, household_id: uuid.UUID
) -> asyncpg.Record:
    """The household's row, or the refusal that it is not one of this community's."""
    row = await connection.fetchrow(
        "SELECT number, head_name, status FROM households WHERE community_id = $1 AND household_id = $2",
        community_id,
        household_id,
    )
    if row is None:
        raise Refused("not_found", "no such household in this community")
    return row


async def change_household(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    household_id: uuid.UUID,
    changes: dict[str, Any],
    reason: str | None,
) -> bool:
    """Change number, head_name or status; False when nothing differs (nothing appended).
    A household that moves out or closes keeps its history; its cards stop working."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        current = await existing_household(connection, community_id, household_id)
        different = {k: v for k, v in changes.items() if v is not None and current[k] != v}
        if not different:
            return False
        await append(
            connection,
            community_id,
            kinds.HOUSEHOLD_CHANGED,
            actor_id,
            {"changes": different, "reason": reason},
            household_id=household_id,
        )
        await insert_or_refuse(
            connection,
            """UPDATE households SET number = coalesce($3, number), head_name = coalesce($4, head_name),
                   status = coalesce($5, status)
               WHERE community_id = $1 AND household_id = $2""",
            (
                community_id,
                household_id,
                different.get("number"),
                different.get("head_name"),
                different.get("status"),
            ),
            "household number {number} is already registered",
            number=different.get("number"),
        )
        if different.get("status") in ("moved_out", "closed"):
            await _revoke_cards(
                connection, community_id, actor_id, household_id, "household " + different["status"]
            )
        return True


async def add_member(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    household_id: uuid.UUID,
    member_id: uuid.UUID,
    name: str,
    relation: str,
    phone: str | None,
    id_card_last4: str | None,
) -> None:
    async with connection.transaction():
        await lock_head(connection, community_id)
        await existing_household(connection, community_id, household_id)
        # Name and relation are part of the record; phone and ID digits are not (they
        # could never be erased from the log).
        await append(
            connection,
            community_id,
            kinds.MEMBER_ADDED,
            actor_id,
            {"member_id": str(member_id), "name": name, "relation": relation},
            household_id=household_id,
        )
        await connection.execute(
            """INSERT INTO household_members
                   (community_id, household_id, member_id, name, relation, phone, id_card_last4)
               VALUES ($1, $2, $3, $4, $5, $6, $7)""",
            community_id,
            household_id,
            member_id,
            name,
            relation,
            phone,
            id_card_last4,
        )


async def change_member(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    household_id: uuid.UUID,
    member_id: uuid.UUID,
    changes: dict[str, Any],
) -> bool:
    async with connection.transaction():
        await lock_head(connection, community_id)
        current = await connection.fetchrow(
            """SELECT name, relation, phone, id_card_last4, status FROM household_members
               WHERE community_id = $1 AND household_id = $2 AND member_id = $3""",
            community_id,
            household_id,
            member_id,
        )
        if current is None:
            raise Refused("not_found", "no such member in this household")
        different = {k: v for k, v in changes.items() if v is not None and current[k] != v}
        if not different:
            return False
        recorded = {k: v for k, v in different.items() if k in ("name", "relation", "status")}
        await append(
            connection,
            community_id,
            kinds.MEMBER_CHANGED,
            actor_id,
            {
                "member_id": str(member_id),
                "changes": recorded,
                "contact_changed": any(k in different for k in ("phone", "id_card_last4")),
            },
            household_id=household_id,
        )
        await connection.execute(
            """UPDATE household_members SET name = coalesce($4, name), relation = coalesce($5, relation),
                   phone = coalesce($6, phone), id_card_last4 = coalesce($7, id_card_last4),
                   status = coalesce($8, status)
               WHERE community_id = $1 AND household_id = $2 AND member_id = $3""",
            community_id,
            household_id,
            member_id,
            different.get("name"),
            different.get("relation"),
            different.get("phone"),
            different.get("id_card_last4"),
            different.get("status"),
        )
        return True


async def members(db: Connectable, community_id: uuid.UUID, household_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT member_id, name, relation, phone, id_card_last4, status FROM household_members
           WHERE community_id = $1 AND household_id = $2 ORDER BY relation <> 'head', name""",
        community_id,
        household_id,
    )


async def issue_card(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    household_id: uuid.UUID,
    card_id: uuid.UUID,
    token_hash: bytes,
    short_code_hash: bytes,
) -> int:
    """A new card for the household; any card it had stops working (rotation)."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        household = await existing_household(connection, community_id, household_id)
        if household["status"] != "active":
            raise Refused("household_closed", "the household has moved out or closed")
        await _revoke_cards(connection, community_id, actor_id, household_id, "replaced by a new card")
        event = await append(
            connection,
            community_id,
            kinds.CARD_ISSUED,
            actor_id,
            {"card_id": str(card_id)},
            household_id=household_id,
        )
        await connection.execute(
            """INSERT INTO cards (community_id, card_id, household_id, token_hash, short_code_hash)
               VALUES ($1, $2, $3, $4, $5)""",
            community_id,
            card_id,
            household_id,
            token_hash,
            short_code_hash,
        )
        # Where a scan finds the card's community (schema/0022_card_tokens.sql).
        await connection.execute(
            "INSERT INTO card_tokens (token_hash, community_id) VALUES ($1, $2)", token_hash, community_id
        )
        return int(event["seq"])


async def revoke_cards(
    connection: Connection, community_id: uuid.UUID, actor_id: uuid.UUID | None, household_id: uuid.UUID
) -> int:
    """Revoke the household's cards (lost, stolen); the number revoked."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        await existing_household(connection, community_id, household_id)
        return await _revoke_cards(connection, community_id, actor_id, household_id, "revoked")


async def _revoke_cards(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    household_id: uuid.UUID,
    reason: str,
) -> int:
    revoked = await connection.fetch(
        """UPDATE cards SET revoked_at = now()
           WHERE community_id = $1 AND household_id = $2 AND revoked_at IS NULL RETURNING card_id, token_hash""",
        community_id,
        household_id,
    )
    if revoked:
        # Only live cards are found by a scan; asked only when there was one, because on
        # Citus each write of card_tokens reaches every node.
        await connection.execute(
            "DELETE FROM card_tokens WHERE token_hash = any($1::bytea[])",
            [row["token_hash"] for row in revoked],
        )
    for row in revoked:
        await append(
            connection,
            community_id,
            kinds.CARD_REVOKED,
            actor_id,
            {"card_id": str(row["card_id"]), "reason": reason},
            household_id=household_id,
        )
    return len(revoked)


async def household_by_short_code(
    db: Connectable, community_id: uuid.UUID, short_code_hash: bytes
) -> uuid.UUID | None:
    return await db.fetchval(
        """SELECT household_id FROM cards
           WHERE community_id = $1 AND short_code_hash = $2 AND revoked_at IS NULL""",
        community_id,
        short_code_hash,
    )


async def register_household(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    household_id: uuid.UUID,
    number: str,
    head_name: str,
) -> int:
    async with connection.transaction():
        event = await append(
            connection,
            community_id,
            kinds.HOUSEHOLD_REGISTERED,
            actor_id,
            {"number": number, "head_name": head_name},
            household_id=household_id,
        )
        await insert_or_refuse(
            connection,
            "INSERT INTO households (community_id, household_id, number, head_name) VALUES ($1, $2, $3, $4)",
            (community_id, household_id, number, head_name),
            "household number {number} is already registered",
            number=number,
        )
        await connection.execute(
            "INSERT INTO household_balances (community_id, household_id, last_seq) VALUES ($1, $2, $3)",
            community_id,
            household_id,
            event["seq"],
        )
        return int(event["seq"])
