"""Page notices (schema/0020): what a posted form did, for the page shown after the redirect."""

from __future__ import annotations

from ledger.store.types import Connectable


async def notice(db: Connectable, name: str, owner_hash: bytes | None, path: str) -> bytes | None:
    """The notice, if it is this owner's (or public), for this page, and not expired."""
    return await db.fetchval(
        """SELECT outcome FROM page_notices
           WHERE name = $1 AND path = $3 AND expires_at >= now()
             AND (owner_hash IS NULL OR owner_hash = $2)""",
        name,
        owner_hash,
        path,
    )
