"""A community begins: its row, its chain head, its fund, and its first event."""

from __future__ import annotations

import uuid

from ledger.domain import events as kinds
from ledger.store.record import append
from ledger.store.types import Connection


async def create_community(
    connection: Connection,
    community_id: uuid.UUID,
    name: str,
    township_id: uuid.UUID | None,
    actor_id: uuid.UUID | None,
    time_zone: str = "Asia/Shanghai",
    deduction_may_overdraw: bool = False,
) -> None:
    async with connection.transaction():
        await connection.execute(
            """INSERT INTO communities (community_id, township_id, name, time_zone, deduction_may_overdraw)
               VALUES ($1, $2, $3, $4, $5)""",
            community_id,
            township_id,
            name,
            time_zone,
            deduction_may_overdraw,
        )
        await connection.execute("INSERT INTO community_heads (community_id) VALUES ($1)", community_id)
        await connection.execute("INSERT INTO community_funds (community_id) VALUES ($1)", community_id)
        await append(
            connection,
            community_id,
            kinds.COMMUNITY_CREATED,
            actor_id,
            {
                "name": name,
                "township_id": None if township_id is None else str(township_id),
                "time_zone": time_zone,
                "policy": {"deduction_may_overdraw": deduction_may_overdraw},
            },
        )
