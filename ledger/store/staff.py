"""Staff roles granted and revoked: each an event, under the head lock."""

from __future__ import annotations

import uuid

from ledger.domain import events as kinds
from ledger.store.record import append, lock_head
from ledger.store.types import Connection


async def grant_role(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    user_id: uuid.UUID,
    username: str,
    role: str,
) -> bool:
    """Grant a role; False when the user already holds it (nothing appended)."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        inserted = await connection.fetchval(
            """INSERT INTO staff_roles (community_id, user_id, role) VALUES ($1, $2, $3)
               ON CONFLICT DO NOTHING RETURNING true""",
            community_id,
            user_id,
            role,
        )
        if not inserted:
            return False
        await append(
            connection,
            community_id,
            kinds.STAFF_GRANTED,
            actor_id,
            {"user_id": str(user_id), "username": username, "role": role},
        )
        return True


async def revoke_role(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    user_id: uuid.UUID,
    username: str,
    role: str,
) -> bool:
    """Revoke a role; False when the user did not hold it (nothing appended)."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        deleted = await connection.fetchval(
            "DELETE FROM staff_roles WHERE community_id = $1 AND user_id = $2 AND role = $3 RETURNING true",
            community_id,
            user_id,
            role,
        )
        if not deleted:
            return False
        await append(
            connection,
            community_id,
            kinds.STAFF_REVOKED,
            actor_id,
            {"user_id": str(user_id), "username": username, "role": role},
        )
        return True
