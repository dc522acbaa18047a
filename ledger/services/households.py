"""Households and members as the committee keeps them, and new cards issued for printing
(the edges lay them out with ledger.documents.card_sheet)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import asyncpg

from ledger.domain import commands
from ledger.domain.addresses import is_loopback
from ledger.domain.errors import Refused
from ledger.domain.privacy import masked_name
from ledger.services import cards
from ledger.store import households as store
from ledger.store import queries


@dataclass(frozen=True, slots=True)
class PrintedCard:
    """What one card shows: its address (the QR code), its short code, whose it is."""

    url: str
    short_code: str
    household_number: str
    masked_name: str


@dataclass(frozen=True, slots=True)
class CardsToPrint:
    community_name: str
    cards: list[PrintedCard]


async def change_household(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    household_id: uuid.UUID,
    command: commands.ChangeHousehold,
) -> bool:
    if command.status in ("moved_out", "closed") and not command.reason:
        raise Refused("validation_failed", "moving out or closing a household needs a reason")
    changes: dict[str, Any] = {
        "number": None if command.number is None else command.number.strip(),
        "head_name": None if command.head_name is None else command.head_name.strip(),
        "status": command.status,
    }
    async with pool.acquire() as connection:
        return await store.change_household(
            connection, community_id, actor_id, household_id, changes, command.reason
        )


async def add_member(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    household_id: uuid.UUID,
    command: commands.AddMember,
) -> uuid.UUID:
    member_id = uuid.uuid4()
    async with pool.acquire() as connection:
        await store.add_member(
            connection,
            community_id,
            actor_id,
            household_id,
            member_id,
            command.name.strip(),
            command.relation,
            command.phone,
            command.id_card_last4,
        )
    return member_id


async def change_member(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    household_id: uuid.UUID,
    member_id: uuid.UUID,
    command: commands.ChangeMember,
) -> bool:
    changes = {field: getattr(command, field) for field in command.__struct_fields__}
    async with pool.acquire() as connection:
        return await store.change_member(connection, community_id, actor_id, household_id, member_id, changes)


async def members(
    pool: asyncpg.Pool, community_id: uuid.UUID, household_id: uuid.UUID
) -> list[asyncpg.Record]:
    return await store.members(pool, community_id, household_id)


async def issue_cards_to_print(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    household_ids: list[uuid.UUID],
    base_url: str,
    allow_loopback: bool = False,
) -> CardsToPrint:
    """Issue a new card for each household (their old cards stop working) and return what
    each card shows; the tokens exist only in what this returns. An address only this
    machine opens (127.0.0.1) would print a dead QR code on every door: refused unless
    asked for (testing on one machine)."""
    if is_loopback(base_url) and not allow_loopback:
        raise Refused(
            "validation_failed",
            "the cards would print {address}, which only this machine can open",
            address=base_url,
        )
    community = await queries.community(pool, community_id)
    if community is None:
        raise Refused("not_found", "no such community")
    printed = []
    for household_id in dict.fromkeys(household_ids):  # each once, in the order asked
        household = await queries.household(pool, community_id, household_id)
        if household is None:
            raise Refused("not_found", "no such household in this community", household_id=str(household_id))
        issued = await cards.issue_card(pool, community_id, actor_id, household_id)
        printed.append(
            PrintedCard(
                url=base_url.rstrip("/") + cards.card_path(issued.token),
                short_code=issued.short_code,
                household_number=household["number"],
                masked_name=masked_name(household["head_name"]),
            )
        )
    return CardsToPrint(community_name=community["name"], cards=printed)


async def register_household(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    command: commands.RegisterHousehold,
) -> uuid.UUID:
    household_id = uuid.uuid4()
    async with pool.acquire() as connection:
        await store.register_household(
            connection,
            community_id,
            actor_id,
            household_id,
            command.number.strip(),
            command.head_name.strip(),
        )
    return household_id
