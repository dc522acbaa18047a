"""Year-end settlement: one call of ledger_settle (schema)."""

from __future__ import annotations

import uuid
from typing import Any

from ledger.store.record import call_command
from ledger.store.types import Connectable


async def settle(db: Connectable, community_id: uuid.UUID, year: int) -> dict[str, Any]:
    """Year-end settlement; a second call for the same year answers the first one."""
    return await call_command(db, "SELECT ledger_settle($1, $2)", community_id, year)
