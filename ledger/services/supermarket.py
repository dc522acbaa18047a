"""The love supermarket's shelf and the happiness fund, as the counter and the committee
run them."""

from __future__ import annotations

import calendar
import datetime
import uuid
from collections import defaultdict
from typing import Any

import asyncpg

from ledger.domain import commands
from ledger.domain import events as kinds
from ledger.domain.dates import check_occurred_on
from ledger.domain.errors import Refused
from ledger.domain.images import CleanImage
from ledger.domain.privacy import masked_name
from ledger.store import fund, queries, supermarket
from ledger.store.types import Connection


async def change_goods(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID,
    goods_id: uuid.UUID,
    command: commands.ChangeGoods,
) -> bool:
    changes = {field: getattr(command, field) for field in command.__struct_fields__}
    async with pool.acquire() as connection:
        return await supermarket.change_goods(connection, community_id, actor_id, goods_id, changes)


async def set_photo(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID, goods_id: uuid.UUID, image: CleanImage
) -> None:
    """Set the item's photo (already re-encoded and stripped of EXIF); its hash goes on the chain."""
    async with pool.acquire() as connection:
        await supermarket.set_photo(connection, community_id, actor_id, goods_id, uuid.uuid4(), image)


async def write_off(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID, command: commands.WriteOffStock
) -> dict[str, Any]:
    async with pool.acquire() as connection:
        return await supermarket.write_off(
            connection, community_id, actor_id, command.goods_id, command.quantity, command.reason
        )


async def count(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID, command: commands.CountStock
) -> dict[str, Any]:
    async with pool.acquire() as connection:
        return await supermarket.count(
            connection, community_id, actor_id, command.goods_id, command.counted, command.note
        )


async def contribute(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID, command: commands.Contribution
) -> dict[str, Any]:
    if (command.source == "household") != (command.household_id is not None):
        raise Refused("validation_failed", "a household's gift names the household, and only then")
    if command.source == "anonymous" and command.donor:
        raise Refused("validation_failed", "an anonymous gift names no donor")
    async with pool.acquire() as connection, connection.transaction():
        await _check_date(connection, community_id, command.occurred_on)
        return await fund.contribute(
            connection,
            community_id,
            actor_id,
            command.source,
            command.donor,
            command.household_id,
            command.amount_fen,
            command.method,
            command.note,
            command.occurred_on,
        )


async def _check_date(connection: Connection, community_id: uuid.UUID, day: datetime.date | None) -> None:
    """The day a movement happened, against the community's today, read in the transaction
    that records it (the fund's store function nests its own, under the head lock, inside)."""
    today = await queries.local_today(connection, community_id)
    if today is None:
        raise Refused("not_found", "no such community")
    check_occurred_on(day, today)


async def spend(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID,
    command: commands.Expenditure,
    receipt: CleanImage | None = None,
) -> dict[str, Any]:
    """Money out of the fund; above the threshold under its resolution (store/fund.py checks
    it under the head lock), with the receipt photo when the form sends one."""
    async with pool.acquire() as connection, connection.transaction():
        await _check_date(connection, community_id, command.occurred_on)
        return await fund.spend(
            connection,
            community_id,
            actor_id,
            command.amount_fen,
            command.purpose,
            command.payee,
            command.note,
            command.occurred_on,
            command.resolution_id,
            receipt,
        )


def _party(row: Any) -> str:
    body = row["body"]
    if body.get("donor") or body.get("payee"):
        return str(body.get("donor") or body.get("payee"))
    if body.get("source") == "anonymous":
        return "匿名"
    if row["household_number"] is not None:
        return f"{row['household_number']} {masked_name(row['household_head_name'])}"
    return str(body.get("reference", ""))  # a carried-over opening balance names its account book


async def monthly_statement(
    pool: asyncpg.Pool, community_id: uuid.UUID, year: int, month: int
) -> dict[str, Any]:
    """The fund's public statement for a month: in by source, out by purpose, balances."""
    first = datetime.date(year, month, 1)
    last = datetime.date(year, month, calendar.monthrange(year, month)[1])
    opening = await fund.balance_before(pool, community_id, first)
    incoming: dict[str, int] = defaultdict(int)
    outgoing: dict[str, int] = defaultdict(int)
    entries = []
    for row in await fund.movements(pool, community_id, first, last):
        body = row["body"]
        if row["kind"] == kinds.FUND_CONTRIBUTED:
            incoming[body["source"]] += body["amount_fen"]
        elif row["kind"] == kinds.FUND_CARRIED_IN:  # the opening balance from the old account book
            incoming["carried_over"] += body["amount_fen"]
        else:
            outgoing[body["purpose"]] += body["amount_fen"]
        entries.append(
            {
                "seq": row["seq"],
                "occurred_on": row["occurred_on"].isoformat(),
                "kind": row["kind"],
                "amount_fen": row["money_delta_fen"],
                # Donors and payees are public on the statement; anonymous gifts stay so; a
                # household is named as on the public board (its number, the head's name masked).
                "party": _party(row),
                "source_or_purpose": body.get("source") or body.get("purpose") or "carried_over",
            }
        )
    total_in, total_out = sum(incoming.values()), sum(outgoing.values())
    return {
        "month": f"{year:04d}-{month:02d}",
        "opening_balance_fen": opening,
        "in_fen": total_in,
        "out_fen": total_out,
        "closing_balance_fen": opening + total_in - total_out,
        "in_by_source": dict(sorted(incoming.items())),
        "out_by_purpose": dict(sorted(outgoing.items())),
        "entries": entries,
    }
