"""An award or deduction by a rule: one call of ledger_award (schema), which checks the
household, the rule and the yearly cap and appends the event, under the head lock."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from ledger.store.record import call_command
from ledger.store.types import Connectable


async def award(
    db: Connectable,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    household_id: uuid.UUID,
    rule_id: uuid.UUID,
    member: str | None,
    note: str | None,
    occurred_on: datetime.date | None,
    idempotency_key: str | None,
    request_digest: bytes | None,
) -> dict[str, Any]:
    return await call_command(
        db,
        "SELECT ledger_award($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        community_id,
        actor_id,
        household_id,
        rule_id,
        member,
        note,
        occurred_on,
        idempotency_key,
        request_digest,
    )
