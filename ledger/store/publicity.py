"""Publicity (公示): objections raised and decided, and what is on the board."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import asyncpg

from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.store import carry_over, fairness
from ledger.store.commands import append, lock_head
from ledger.store.types import Connectable, Connection


async def raise_objection(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    award_seq: int,
    reason: str,
    via: str,
) -> dict[str, Any]:
    async with connection.transaction():
        await lock_head(connection, community_id)
        item = await connection.fetchrow(
            "SELECT household_id, status FROM publicity WHERE community_id = $1 AND award_seq = $2",
            community_id,
            award_seq,
        )
        if item is None:
            raise Refused("not_found", "no such item on the publicity board")
        if item["status"] != "open":
            raise Refused("already_decided", "its publicity is over")
        objection_id = uuid.uuid4()
        event = await append(
            connection,
            community_id,
            kinds.OBJECTION_RAISED,
            actor_id,
            {"objection_id": str(objection_id), "award_seq": award_seq, "reason": reason, "via": via},
            household_id=item["household_id"],
        )
        await connection.execute(
            """INSERT INTO objections (community_id, objection_id, award_seq, reason, via, raised_seq)
               VALUES ($1, $2, $3, $4, $5, $6)""",
            community_id,
            objection_id,
            award_seq,
            reason,
            via,
            event["seq"],
        )
        return {"objection_id": str(objection_id), "event_seq": event["seq"]}


async def decide_objection(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID,
    objection_id: uuid.UUID,
    uphold: bool,
    reason: str,
) -> dict[str, Any]:
    """Uphold: the award is rejected and its pending points go (never spendable).
    Dismiss: the objection no longer holds the award back."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        row = await connection.fetchrow(
            """SELECT o.status, o.award_seq, p.household_id, p.points, p.status AS publicity_status
               FROM objections o JOIN publicity p USING (community_id, award_seq)
               WHERE o.community_id = $1 AND o.objection_id = $2""",
            community_id,
            objection_id,
        )
        if row is None:
            raise Refused("not_found", "no such objection in this community")
        if row["status"] != "open":
            raise Refused("already_decided", "the objection was already {status}", status=row["status"])
        await fairness.refuse_if_linked(connection, community_id, actor_id, [row["household_id"]])
        releases = max(row["points"], 0) if uphold and row["publicity_status"] == "open" else 0
        event = await connection.fetchrow(
            "SELECT seq FROM ledger_append($1, $2, NULL, $3, $4, 0, $5, 0, 0, $6, NULL, NULL)",
            community_id,
            kinds.OBJECTION_UPHELD if uphold else kinds.OBJECTION_DISMISSED,
            actor_id,
            row["household_id"],
            -releases,
            {"objection_id": str(objection_id), "award_seq": row["award_seq"], "reason": reason},
        )
        assert event is not None
        await connection.execute(
            "UPDATE objections SET status = $3, decided_seq = $4 WHERE community_id = $1 AND objection_id = $2",
            community_id,
            objection_id,
            "upheld" if uphold else "dismissed",
            event["seq"],
        )
        if uphold and row["publicity_status"] == "open":
            await connection.execute(
                "UPDATE publicity SET status = 'rejected', decided_seq = $3 WHERE community_id = $1 AND award_seq = $2",
                community_id,
                row["award_seq"],
                event["seq"],
            )
            if releases:
                await connection.execute(
                    """UPDATE household_balances SET pending = pending - $3, last_seq = $4
                       WHERE community_id = $1 AND household_id = $2""",
                    community_id,
                    row["household_id"],
                    releases,
                    event["seq"],
                )
            # A carried-in balance rejected so leaves its household free for a corrected sheet.
            await carry_over.end_with_upheld_objection(
                connection, community_id, row["award_seq"], event["seq"]
            )
        return {
            "event_seq": event["seq"],
            "award_rejected": bool(uphold and row["publicity_status"] == "open"),
        }


async def confirm_due(db: Connectable, community_id: uuid.UUID, as_of: datetime.date) -> int:
    return int(await db.fetchval("SELECT ledger_confirm_due($1, $2)", community_id, as_of))


async def communities_with_due(db: Connectable) -> list[uuid.UUID]:
    """Communities with publicity ended by their own calendar (a cheap index scan)."""
    rows = await db.fetch(
        """SELECT DISTINCT p.community_id FROM publicity p JOIN communities c USING (community_id)
           WHERE p.status = 'open' AND p.ends_on < (now() AT TIME ZONE c.time_zone)::date"""
    )
    return [row["community_id"] for row in rows]


async def board(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT p.award_seq, p.points, p.occurred_on, p.ends_on, p.note, p.member, h.number, h.head_name,
                  EXISTS (SELECT FROM staff_household_links l WHERE l.community_id = p.community_id
                          AND l.household_id = p.household_id AND l.kind = 'own') AS staff_household,
                  r.code AS rule_code, r.name AS rule_name,
                  (SELECT count(*) FROM objections o WHERE o.community_id = p.community_id
                       AND o.award_seq = p.award_seq AND o.status = 'open') AS open_objections,
                  p.subject, c.honour AS carried_honour, c.source_page, c.source_line, c.source_text
           FROM publicity p JOIN households h USING (community_id, household_id)
           LEFT JOIN rules r USING (community_id, rule_id)
           LEFT JOIN carry_ins c ON c.community_id = p.community_id AND c.posted_seq = p.award_seq
           WHERE p.community_id = $1 AND p.status = 'open' ORDER BY p.award_seq""",
        community_id,
    )


async def open_objections(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT o.objection_id, o.award_seq, o.reason, o.via, o.raised_seq, h.number, p.points, p.ends_on
           FROM objections o JOIN publicity p USING (community_id, award_seq)
           JOIN households h ON h.community_id = p.community_id AND h.household_id = p.household_id
           WHERE o.community_id = $1 AND o.status = 'open' ORDER BY o.raised_seq""",
        community_id,
    )


async def household_pending(
    db: Connectable, community_id: uuid.UUID, household_id: uuid.UUID
) -> list[asyncpg.Record]:
    return await db.fetch(
        """SELECT p.award_seq, p.points, p.ends_on, r.name AS rule_name,
                  p.subject, c.honour AS carried_honour, c.source_page, c.source_line, c.source_text
           FROM publicity p LEFT JOIN rules r USING (community_id, rule_id)
           LEFT JOIN carry_ins c ON c.community_id = p.community_id AND c.posted_seq = p.award_seq
           WHERE p.community_id = $1 AND p.household_id = $2 AND p.status = 'open' ORDER BY p.award_seq""",
        community_id,
        household_id,
    )
