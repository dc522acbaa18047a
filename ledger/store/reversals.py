"""A reversal (or the counter's same-day cancellation): one call of ledger_reverse (schema),
which undoes the event's figures and stock with a new event, under the head lock."""

from __future__ import annotations

import uuid
from typing import Any

from ledger.domain import events as kinds
from ledger.store.record import call_command
from ledger.store.types import Connectable


async def reverse(
    db: Connectable,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    reversed_seq: int,
    reason: str,
    idempotency_key: str | None,
    request_digest: bytes | None,
    kind: str = kinds.REVERSAL_RECORDED,
) -> dict[str, Any]:
    return await call_command(
        db,
        "SELECT ledger_reverse($1, $2, $3, $4, $5, $6, $7)",
        community_id,
        actor_id,
        reversed_seq,
        reason,
        idempotency_key,
        request_digest,
        kind,
    )
