"""The happiness fund (幸福基金): money in and out in whole fen, never below zero, each
movement an event; a resident household's gift may earn points by the community's policy."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import asyncpg

from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.domain.images import CleanImage
from ledger.domain.resolutions import check_expenditure
from ledger.store import fund_resolutions
from ledger.store.queries.communities import local_today
from ledger.store.record import lock_head
from ledger.store.types import Connectable, Connection


async def contribute(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    source: str,
    donor: str | None,
    household_id: uuid.UUID | None,
    amount_fen: int,
    method: str,
    note: str | None,
    occurred_on: datetime.date | None,
) -> dict[str, Any]:
    async with connection.transaction():
        await lock_head(connection, community_id)
        points_per_100_yuan = await connection.fetchval(
            "SELECT fund_points_per_100_yuan FROM communities WHERE community_id = $1", community_id
        )
        points = 0
        if household_id is not None:
            status = await connection.fetchval(
                "SELECT status FROM households WHERE community_id = $1 AND household_id = $2",
                community_id,
                household_id,
            )
            if status is None:
                raise Refused("not_found", "no such household in this community")
            # Whole points only: 10 points per 100 yuan gives 1 point per full 10 yuan.
            points = amount_fen * points_per_100_yuan // 10_000
        event = await connection.fetchrow(
            "SELECT seq FROM ledger_append($1, $2, $3, $4, $5, $6, 0, $6, $7, $8, NULL, NULL)",
            community_id,
            kinds.FUND_CONTRIBUTED,
            occurred_on,
            actor_id,
            household_id,
            points,
            amount_fen,
            {
                "source": source,
                "donor": donor,
                "method": method,
                "amount_fen": amount_fen,
                "points": points,
                "note": note,
            },
        )
        assert event is not None
        balance = await connection.fetchval(
            "UPDATE community_funds SET balance_fen = balance_fen + $2 WHERE community_id = $1 RETURNING balance_fen",
            community_id,
            amount_fen,
        )
        if points:
            await connection.execute(
                """UPDATE household_balances SET spendable = spendable + $3, honour = honour + $3, last_seq = $4
                   WHERE community_id = $1 AND household_id = $2""",
                community_id,
                household_id,
                points,
                event["seq"],
            )
        return {"event_seq": event["seq"], "balance_fen": balance, "points": points}


async def spend(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    amount_fen: int,
    purpose: str,
    payee: str,
    note: str | None,
    occurred_on: datetime.date | None,
    resolution_id: uuid.UUID | None = None,
    receipt: CleanImage | None = None,
) -> dict[str, Any]:
    """Money out, never below zero; above the community's threshold only under a recorded,
    unused resolution that covers it (checked here, under the head lock), which it uses up;
    with `receipt`, the receipt photo in the same transaction."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        today = await local_today(connection, community_id)
        assert today is not None, "the head lock found the community"
        named = resolution_id is not None
        check_expenditure(
            await fund_resolutions.threshold_fen(connection, community_id),
            amount_fen,
            today if occurred_on is None else occurred_on,
            named,
            None
            if resolution_id is None
            else await fund_resolutions.recorded(connection, community_id, resolution_id),
        )
        if receipt is not None and resolution_id is None:
            raise Refused(
                "validation_failed", "a receipt photo is posted with an expenditure under a resolution"
            )
        balance = await connection.fetchval(
            "SELECT balance_fen FROM community_funds WHERE community_id = $1", community_id
        )
        if balance < amount_fen:
            raise Refused(
                "insufficient_funds",
                "the fund does not hold that much",
                balance_fen=balance,
                amount_fen=amount_fen,
            )
        event = await connection.fetchrow(
            "SELECT seq FROM ledger_append($1, $2, $3, $4, NULL, 0, 0, 0, $5, $6, NULL, NULL)",
            community_id,
            kinds.FUND_SPENT,
            occurred_on,
            actor_id,
            -amount_fen,
            {"purpose": purpose, "payee": payee, "amount_fen": amount_fen, "note": note}
            | ({} if resolution_id is None else {"resolution_id": str(resolution_id)}),
        )
        assert event is not None
        await connection.execute(
            "UPDATE community_funds SET balance_fen = balance_fen - $2 WHERE community_id = $1",
            community_id,
            amount_fen,
        )
        if resolution_id is not None:
            await fund_resolutions.use(connection, community_id, resolution_id, event["seq"])
            if receipt is not None:
                await fund_resolutions.add_receipt(
                    connection, community_id, actor_id, event["seq"], uuid.uuid4(), receipt
                )
        return {"event_seq": event["seq"], "balance_fen": balance - amount_fen}


async def movements(
    db: Connectable, community_id: uuid.UUID, first_day: datetime.date, last_day: datetime.date
) -> list[asyncpg.Record]:
    """The fund's events whose date falls in [first_day, last_day], in order, with the
    giving household's number and head (a household's gift names no donor of its own)."""
    return await db.fetch(
        """SELECT e.seq, e.kind, e.occurred_on, e.money_delta_fen, e.body,
                  h.number AS household_number, h.head_name AS household_head_name
           FROM events e LEFT JOIN households h
                ON h.community_id = e.community_id AND h.household_id = e.household_id
           WHERE e.community_id = $1 AND e.kind = any($2::text[]) AND e.occurred_on BETWEEN $3 AND $4
           ORDER BY e.seq""",
        community_id,
        [kinds.FUND_CONTRIBUTED, kinds.FUND_SPENT, kinds.FUND_CARRIED_IN],
        first_day,
        last_day,
    )


async def balance_before(db: Connectable, community_id: uuid.UUID, day: datetime.date) -> int:
    return int(
        await db.fetchval(
            """SELECT coalesce(sum(money_delta_fen), 0) FROM events
               WHERE community_id = $1 AND money_delta_fen <> 0 AND occurred_on < $2""",
            community_id,
            day,
        )
    )
