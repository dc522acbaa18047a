"""The happiness fund under 四议两公开: the committee records a meeting's resolution before
the expenditure it approves (supermarket.spend names it), adds the receipt photo of what was
paid, and the public board posts both — the resolution (决议公开) and the result with its
receipt (实施结果公开). One recorded in error is withdrawn before anything is paid under it."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import asyncpg

from ledger import limits
from ledger.domain import commands
from ledger.domain.dates import check_occurred_on
from ledger.domain.errors import Refused
from ledger.domain.images import CleanImage
from ledger.domain.resolutions import check_count
from ledger.store import counter as counter_store
from ledger.store import fund_resolutions, queries
from ledger.store.queries import fund as fund_reads


async def record_resolution(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID, command: commands.FundResolution
) -> dict[str, Any]:
    """A meeting's resolution, refused whole if the meeting could not sit or did not pass it."""
    check_count(command.meeting, command.entitled, command.attended, command.voted_for)
    async with pool.acquire() as connection, connection.transaction():
        today = await queries.local_today(connection, community_id)
        if today is None:
            raise Refused("not_found", "no such community")
        check_occurred_on(command.meeting_on, today)
        return await fund_resolutions.record(connection, community_id, actor_id, uuid.uuid4(), command)


async def withdraw_resolution(
    pool: asyncpg.Pool,
    community_id: uuid.UUID,
    actor_id: uuid.UUID,
    resolution_id: uuid.UUID,
    command: commands.WithdrawResolution,
) -> dict[str, Any]:
    """A resolution recorded in error, withdrawn while no expenditure has used it; refused
    (resolution_used, resolution_withdrawn, resolution_not_found) with nothing written."""
    async with pool.acquire() as connection:
        if await queries.community(connection, community_id) is None:
            raise Refused("not_found", "no such community")
        return await fund_resolutions.withdraw(
            connection, community_id, actor_id, resolution_id, command.reason
        )


async def add_receipt(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID, expenditure_seq: int, image: CleanImage
) -> dict[str, Any]:
    """The receipt photo (already re-encoded, EXIF dropped) of an expenditure under a resolution."""
    async with pool.acquire() as connection:
        if await queries.community(connection, community_id) is None:
            raise Refused("not_found", "no such community")
        return await fund_resolutions.add_receipt(
            connection, community_id, actor_id, expenditure_seq, uuid.uuid4(), image
        )


def _resolution(row: Any) -> dict[str, Any]:
    paid = None
    if row["expenditure_seq"] is not None:
        paid = {
            "expenditure_seq": row["expenditure_seq"],
            "occurred_on": row["paid_on"].isoformat(),
            "payee": row["payee"],
            "amount_fen": row["paid_fen"],
            "has_receipt": row["receipt_seq"] is not None,
        }
    return {
        "resolution_id": str(row["resolution_id"]),
        "resolved_seq": row["resolved_seq"],
        "meeting": row["meeting"],
        "meeting_on": row["meeting_on"].isoformat(),
        "purpose": row["purpose"],
        "amount_fen": row["amount_fen"],
        "entitled": row["entitled"],
        "attended": row["attended"],
        "voted_for": row["voted_for"],
        "expenditure": paid,
    }


async def fund_publicity(pool: asyncpg.Pool, community_id: uuid.UUID) -> dict[str, Any]:
    """What the board posts of the fund: resolutions still to be paid, and those decided or
    paid within the community's listing days, each with its result once paid."""
    settings = await counter_store.policy(pool, community_id)
    today = await queries.local_today(pool, community_id)
    if settings is None or today is None:
        raise Refused("not_found", "no such community")
    since = today - datetime.timedelta(days=settings["board_listing_days"])
    rows = await fund_reads.resolutions(pool, community_id, since, limits.FUND_BOARD_ITEMS_MAX)
    return {
        "threshold_fen": settings["fund_resolution_threshold_fen"],
        "resolutions": [_resolution(row) for row in rows],
    }


async def unused(pool: asyncpg.Pool, community_id: uuid.UUID) -> list[dict[str, Any]]:
    """The resolutions an expenditure may still name (the fund page's choice)."""
    return [
        {
            "resolution_id": str(row["resolution_id"]),
            "meeting": row["meeting"],
            "meeting_on": row["meeting_on"].isoformat(),
            "purpose": row["purpose"],
            "amount_fen": row["amount_fen"],
        }
        for row in await fund_reads.unused_resolutions(pool, community_id, limits.FUND_BOARD_ITEMS_MAX)
    ]
