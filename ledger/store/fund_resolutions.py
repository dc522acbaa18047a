"""The fund's resolutions (决议, 四议两公开): recorded as their own event before the
expenditure they approve, used once by it (store/fund.py's spend), and the receipt photo of
that expenditure chained and kept for the board's result (实施结果公开)."""

from __future__ import annotations

import uuid
from typing import Any

from ledger.domain import commands
from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.domain.images import CleanImage
from ledger.domain.resolutions import RecordedResolution, check_withdrawal
from ledger.store import images
from ledger.store.queries import fund as fund_reads
from ledger.store.record import append, lock_head
from ledger.store.types import Connection

_APPEND_DATED = "SELECT seq FROM ledger_append($1, $2, $3, $4, NULL, 0, 0, 0, 0, $5, NULL, NULL)"


async def record(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    resolution_id: uuid.UUID,
    resolution: commands.FundResolution,
) -> dict[str, Any]:
    """The resolution as an event dated the day of its meeting, and its row (unused)."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        body = {
            "resolution_id": str(resolution_id),
            "meeting": resolution.meeting,
            "meeting_on": resolution.meeting_on.isoformat(),
            "purpose": resolution.purpose,
            "amount_fen": resolution.amount_fen,
            "entitled": resolution.entitled,
            "attended": resolution.attended,
            "voted_for": resolution.voted_for,
            "note": resolution.note,
        }
        seq = await connection.fetchval(
            _APPEND_DATED, community_id, kinds.FUND_RESOLVED, resolution.meeting_on, actor_id, body
        )
        await connection.execute(
            """INSERT INTO fund_resolutions (community_id, resolution_id, resolved_seq, meeting, meeting_on,
                   purpose, amount_fen, entitled, attended, voted_for)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)""",
            community_id,
            resolution_id,
            seq,
            resolution.meeting,
            resolution.meeting_on,
            resolution.purpose,
            resolution.amount_fen,
            resolution.entitled,
            resolution.attended,
            resolution.voted_for,
        )
        return {"resolution_id": resolution_id, "event_seq": seq}


async def threshold_fen(connection: Connection, community_id: uuid.UUID) -> int:
    return int(
        await connection.fetchval(
            "SELECT fund_resolution_threshold_fen FROM communities WHERE community_id = $1", community_id
        )
    )


async def recorded(
    connection: Connection, community_id: uuid.UUID, resolution_id: uuid.UUID
) -> RecordedResolution | None:
    row = await connection.fetchrow(
        """SELECT amount_fen, meeting_on, expenditure_seq FROM fund_resolutions
           WHERE community_id = $1 AND resolution_id = $2""",
        community_id,
        resolution_id,
    )
    if row is None:
        return None
    withdrawn = await fund_reads.withdrawals(connection, community_id, resolution_id)
    return RecordedResolution(
        row["amount_fen"], row["meeting_on"], row["expenditure_seq"], withdrawn.get(resolution_id)
    )


async def withdraw(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    resolution_id: uuid.UUID,
    reason: str,
) -> dict[str, Any]:
    """A resolution withdrawn, refused when it is unknown, used or withdrawn already (asked
    under the head lock, so no expenditure uses it meanwhile). Its row stays: the withdrawal
    is its own event, which every read of the resolutions consults (fund_reads.withdrawals)."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        check_withdrawal(await recorded(connection, community_id, resolution_id))
        event = await append(
            connection,
            community_id,
            kinds.FUND_RESOLUTION_WITHDRAWN,
            actor_id,
            {"resolution_id": str(resolution_id), "reason": reason},
        )
        return {"resolution_id": resolution_id, "event_seq": event["seq"]}


async def use(connection: Connection, community_id: uuid.UUID, resolution_id: uuid.UUID, seq: int) -> None:
    """The resolution is spent: the expenditure of `seq` used it (checked unused under the
    head lock; the row's unique key repeats it)."""
    await connection.execute(
        """UPDATE fund_resolutions SET expenditure_seq = $3
           WHERE community_id = $1 AND resolution_id = $2 AND expenditure_seq IS NULL""",
        community_id,
        resolution_id,
        seq,
    )


async def add_receipt(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    expenditure_seq: int,
    image_id: uuid.UUID,
    image: CleanImage,
) -> dict[str, Any]:
    """The receipt photo of an expenditure paid under a resolution. A later photo takes the
    board's place of an earlier one; both hashes stay on the chain, so none is swapped unseen."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        resolution_id = await connection.fetchval(
            "SELECT resolution_id FROM fund_resolutions WHERE community_id = $1 AND expenditure_seq = $2",
            community_id,
            expenditure_seq,
        )
        if resolution_id is None:
            raise Refused(
                "not_found", "entry #{seq} is no expenditure under a resolution", seq=expenditure_seq
            )
        await images.insert(connection, community_id, image_id, image)
        event = await append(
            connection,
            community_id,
            kinds.FUND_RECEIPT_ADDED,
            actor_id,
            {
                "resolution_id": str(resolution_id),
                "expenditure_seq": expenditure_seq,
                "image_id": str(image_id),
                "sha256": image.sha256.hex(),
            },
        )
        await connection.execute(
            """UPDATE fund_resolutions SET receipt_seq = $3, receipt_image_id = $4
               WHERE community_id = $1 AND resolution_id = $2""",
            community_id,
            resolution_id,
            event["seq"],
            image_id,
        )
        return {"event_seq": event["seq"], "resolution_id": resolution_id}
