"""Page notices (schema/0020): what a posted form did, for the page shown after the redirect."""

from __future__ import annotations

import datetime

from ledger.store.types import Connectable


async def keep(
    db: Connectable, name: str, owner_hash: bytes | None, path: str, outcome: bytes, seconds: int
) -> None:
    # Expired notices go as new ones come: the table holds minutes of form posts.
    await db.execute("DELETE FROM page_notices WHERE expires_at < now()")
    await db.execute(
        """INSERT INTO page_notices (name, owner_hash, path, outcome, expires_at)
           VALUES ($1, $2, $3, $4, now() + $5::interval)""",
        name,
        owner_hash,
        path,
        outcome,
        datetime.timedelta(seconds=seconds),
    )
