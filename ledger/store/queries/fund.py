"""The happiness fund."""

from __future__ import annotations

import uuid

from ledger.store.types import Connectable


async def fund_balance(db: Connectable, community_id: uuid.UUID) -> int:
    balance = await db.fetchval(
        "SELECT balance_fen FROM community_funds WHERE community_id = $1", community_id
    )
    return 0 if balance is None else int(balance)
