"""Carry-over from paper (期初结转): sheets of households' balances and the fund's opening
balance, proposed and decided, each step an event. The writes here run inside the
service's transaction, under the community's head lock (ledger/services/carry_over.py)."""

from __future__ import annotations

import uuid
from typing import Any

import asyncpg

from ledger.domain import events as kinds
from ledger.domain.carry_over import CarryInLine
from ledger.domain.errors import Refused
from ledger.store.record import append, violated_unique_key
from ledger.store.types import Connectable, Connection


async def households_by_number(
    db: Connectable, community_id: uuid.UUID, numbers: list[str]
) -> dict[str, asyncpg.Record]:
    rows = await db.fetch(
        """SELECT household_id, number, head_name, status FROM households
           WHERE community_id = $1 AND number = any($2::text[])""",
        community_id,
        numbers,
    )
    return {row["number"]: row for row in rows}


async def live_carry_ins(
    db: Connectable, community_id: uuid.UUID, household_ids: list[uuid.UUID]
) -> dict[uuid.UUID, asyncpg.Record]:
    """The households' carry-ins that have not ended without effect: proposed, in
    publicity, or confirmed (and the seq of the sheet that proposed each)."""
    rows = await db.fetch(
        """SELECT c.household_id, c.status, o.proposed_seq FROM carry_ins c
           JOIN carry_overs o USING (community_id, carry_over_id)
           WHERE c.community_id = $1 AND c.household_id = any($2::uuid[]) AND c.ended_seq IS NULL""",
        community_id,
        household_ids,
    )
    return {row["household_id"]: row for row in rows}


async def propose_households(
    connection: Connection,
    community_id: uuid.UUID,
    proposer_id: uuid.UUID,
    carry_over_id: uuid.UUID,
    file_name: str | None,
    lines: list[tuple[CarryInLine, uuid.UUID]],
) -> int:
    """The sheet as one event (every line in its body, so what the checker approves is on
    the chain) and its lines; the seq of the event."""
    event = await append(
        connection,
        community_id,
        kinds.CARRY_OVER_PROPOSED,
        proposer_id,
        {
            "carry_over_id": str(carry_over_id),
            "subject": "households",
            "file_name": file_name,
            "households": len(lines),
            "spendable": sum(line.spendable for line, _ in lines),
            "honour": sum(line.honour for line, _ in lines),
            "lines": [
                {
                    "household_id": str(household_id),
                    "number": line.number,
                    "row": line.row,
                    "spendable": line.spendable,
                    "honour": line.honour,
                    "source": line.source.as_body(),
                }
                for line, household_id in lines
            ],
        },
    )
    await connection.execute(
        """INSERT INTO carry_overs (community_id, carry_over_id, subject, proposer_id, proposed_seq, file_name)
           VALUES ($1, $2, 'households', $3, $4, $5)""",
        community_id,
        carry_over_id,
        proposer_id,
        event["seq"],
        file_name,
    )
    try:
        await connection.execute(
            """INSERT INTO carry_ins (community_id, carry_over_id, household_id, sheet_row, spendable, honour,
                                      source_page, source_line, source_text)
               SELECT $1, $2, * FROM unnest($3::uuid[], $4::integer[], $5::bigint[], $6::bigint[],
                                            $7::text[], $8::text[], $9::text[])""",
            community_id,
            carry_over_id,
            [household_id for _, household_id in lines],
            [line.row for line, _ in lines],
            [line.spendable for line, _ in lines],
            [line.honour for line, _ in lines],
            [line.source.page for line, _ in lines],
            [line.source.line for line, _ in lines],
            [line.source.text for line, _ in lines],
        )
    except asyncpg.PostgresError as error:
        # The service checked every household under the head lock; the key is the last word.
        if violated_unique_key(error) == "carry_ins_once_per_household":
            raise Refused(
                "already_exists", "a household of this sheet already has a carry-over; nothing was proposed"
            ) from error
        raise
    return int(event["seq"])


async def live_fund_opening(db: Connectable, community_id: uuid.UUID) -> asyncpg.Record | None:
    """The fund's opening balance proposed or carried in (not rejected), if any."""
    return await db.fetchrow(
        """SELECT f.carry_over_id, f.amount_fen, f.reference, f.carried_seq, o.proposed_seq FROM fund_openings f
           JOIN carry_overs o USING (community_id, carry_over_id)
           WHERE f.community_id = $1 AND f.ended_seq IS NULL""",
        community_id,
    )


async def propose_fund(
    connection: Connection,
    community_id: uuid.UUID,
    proposer_id: uuid.UUID,
    carry_over_id: uuid.UUID,
    amount_fen: int,
    reference: str,
) -> int:
    event = await append(
        connection,
        community_id,
        kinds.CARRY_OVER_PROPOSED,
        proposer_id,
        {
            "carry_over_id": str(carry_over_id),
            "subject": "fund",
            "amount_fen": amount_fen,
            "reference": reference,
        },
    )
    await connection.execute(
        """INSERT INTO carry_overs (community_id, carry_over_id, subject, proposer_id, proposed_seq)
           VALUES ($1, $2, 'fund', $3, $4)""",
        community_id,
        carry_over_id,
        proposer_id,
        event["seq"],
    )
    try:
        await connection.execute(
            """INSERT INTO fund_openings (community_id, carry_over_id, amount_fen, reference)
               VALUES ($1, $2, $3, $4)""",
            community_id,
            carry_over_id,
            amount_fen,
            reference,
        )
    except asyncpg.PostgresError as error:
        if violated_unique_key(error) == "fund_openings_once_per_community":
            raise Refused(
                "already_exists", "the fund's opening balance is already carried over or proposed"
            ) from error
        raise
    return int(event["seq"])


async def proposal(
    db: Connectable, community_id: uuid.UUID, carry_over_id: uuid.UUID
) -> asyncpg.Record | None:
    return await db.fetchrow(
        """SELECT carry_over_id, subject, status, proposer_id, proposed_seq FROM carry_overs
           WHERE community_id = $1 AND carry_over_id = $2""",
        community_id,
        carry_over_id,
    )


async def proposal_lines(
    db: Connectable, community_id: uuid.UUID, carry_over_id: uuid.UUID, limit: int | None = None
) -> list[asyncpg.Record]:
    """A sheet's lines in the sheet's order, with each household's number and status."""
    return await db.fetch(
        """SELECT c.household_id, h.number, h.head_name, h.status AS household_status, c.sheet_row, c.spendable,
                  c.honour, c.source_page, c.source_line, c.source_text, c.status, c.posted_seq, c.carried_seq,
                  c.ended_seq
           FROM carry_ins c JOIN households h USING (community_id, household_id)
           WHERE c.community_id = $1 AND c.carry_over_id = $2 ORDER BY c.sheet_row LIMIT $3""",
        community_id,
        carry_over_id,
        limit,
    )


async def decide(
    connection: Connection,
    community_id: uuid.UUID,
    decider_id: uuid.UUID,
    carry_over_id: uuid.UUID,
    subject: str,
    approve: bool,
    reason: str | None,
) -> dict[str, Any]:
    """Approve (every line carried in: posted on the board, or in effect at once without
    publicity; the fund's balance in effect at once) or reject (every line ends, and its
    households are free for a corrected sheet). Checked by the caller."""
    event = await append(
        connection,
        community_id,
        kinds.CARRY_OVER_APPROVED if approve else kinds.CARRY_OVER_REJECTED,
        decider_id,
        {"carry_over_id": str(carry_over_id), "subject": subject, "reason": reason},
    )
    await connection.execute(
        """UPDATE carry_overs SET status = $3, decided_by = $4, decided_seq = $5, reason = $6
           WHERE community_id = $1 AND carry_over_id = $2""",
        community_id,
        carry_over_id,
        "approved" if approve else "rejected",
        decider_id,
        event["seq"],
        reason,
    )
    answer: dict[str, Any] = {"carry_over_id": str(carry_over_id), "decision_seq": event["seq"]}
    if not approve:
        await connection.execute(
            """UPDATE carry_ins SET status = 'rejected', ended_seq = $3
               WHERE community_id = $1 AND carry_over_id = $2 AND status = 'proposed'""",
            community_id,
            carry_over_id,
            event["seq"],
        )
        await connection.execute(
            "UPDATE fund_openings SET ended_seq = $3 WHERE community_id = $1 AND carry_over_id = $2",
            community_id,
            carry_over_id,
            event["seq"],
        )
    elif subject == "households":
        answer["households"] = await connection.fetchval(
            "SELECT ledger_carry_in($1, $2, $3)", community_id, carry_over_id, decider_id
        )
        # Posted on the board, or (a community without publicity) in effect at once.
        answer["in_publicity"] = await connection.fetchval(
            "SELECT count(*) FROM carry_ins WHERE community_id = $1 AND carry_over_id = $2 AND status = 'publicity'",
            community_id,
            carry_over_id,
        )
    else:
        answer["fund_seq"] = await _carry_in_fund(connection, community_id, decider_id, carry_over_id)
    return answer


async def _carry_in_fund(
    connection: Connection, community_id: uuid.UUID, actor_id: uuid.UUID, carry_over_id: uuid.UUID
) -> int:
    opening = await connection.fetchrow(
        "SELECT amount_fen, reference FROM fund_openings WHERE community_id = $1 AND carry_over_id = $2",
        community_id,
        carry_over_id,
    )
    assert opening is not None, "a fund carry-over always has its opening balance"
    event = await connection.fetchrow(
        "SELECT seq FROM ledger_append($1, $2, NULL, $3, NULL, 0, 0, 0, $4, $5, NULL, NULL)",
        community_id,
        kinds.FUND_CARRIED_IN,
        actor_id,
        opening["amount_fen"],
        {
            "carry_over_id": str(carry_over_id),
            "amount_fen": opening["amount_fen"],
            "reference": opening["reference"],
        },
    )
    assert event is not None
    await connection.execute(
        "UPDATE community_funds SET balance_fen = balance_fen + $2 WHERE community_id = $1",
        community_id,
        opening["amount_fen"],
    )
    await connection.execute(
        "UPDATE fund_openings SET carried_seq = $3 WHERE community_id = $1 AND carry_over_id = $2",
        community_id,
        carry_over_id,
        event["seq"],
    )
    return int(event["seq"])


async def end_with_upheld_objection(
    connection: Connection, community_id: uuid.UUID, posted_seq: int, ended_seq: int
) -> bool:
    """An upheld objection rejected a carried-in balance on the board: its line ends (the
    household is free for a corrected sheet). False when the item was an award."""
    ended = await connection.fetchval(
        """UPDATE carry_ins SET status = 'rejected', ended_seq = $3
           WHERE community_id = $1 AND posted_seq = $2 AND status = 'publicity' RETURNING true""",
        community_id,
        posted_seq,
        ended_seq,
    )
    return bool(ended)


async def carry_overs(db: Connectable, community_id: uuid.UUID, limit: int) -> list[asyncpg.Record]:
    """Every carry-over, newest first, with its totals by the state of its lines."""
    return await db.fetch(
        """SELECT o.carry_over_id, o.subject, o.status, o.file_name, o.proposed_seq, o.decided_seq, o.reason,
                  o.proposer_id, proposer.username AS proposer, decider.username AS decider,
                  e.recorded_at AS proposed_at,
                  count(c.household_id) AS households,
                  coalesce(sum(c.spendable), 0)::bigint AS spendable,
                  coalesce(sum(c.honour), 0)::bigint AS honour,
                  count(c.household_id) FILTER (WHERE c.status = 'publicity') AS in_publicity,
                  count(c.household_id) FILTER (WHERE c.status = 'confirmed') AS confirmed,
                  count(c.household_id) FILTER (WHERE c.status = 'rejected') AS rejected,
                  f.amount_fen AS fund_fen, f.reference AS fund_reference
           FROM carry_overs o
           JOIN events e ON e.community_id = o.community_id AND e.seq = o.proposed_seq
           LEFT JOIN users proposer ON proposer.user_id = o.proposer_id
           LEFT JOIN users decider ON decider.user_id = o.decided_by
           LEFT JOIN carry_ins c ON c.community_id = o.community_id AND c.carry_over_id = o.carry_over_id
           LEFT JOIN fund_openings f ON f.community_id = o.community_id AND f.carry_over_id = o.carry_over_id
           WHERE o.community_id = $1
           GROUP BY o.community_id, o.carry_over_id, proposer.username, decider.username, e.recorded_at,
                    f.amount_fen, f.reference
           ORDER BY o.proposed_seq DESC LIMIT $2""",
        community_id,
        limit,
    )


async def live_lines(db: Connectable, community_id: uuid.UUID) -> list[asyncpg.Record]:
    """Every household's carry-in that has not ended, for the rebuild check."""
    return await db.fetch(
        "SELECT household_id, status FROM carry_ins WHERE community_id = $1 AND ended_seq IS NULL",
        community_id,
    )
