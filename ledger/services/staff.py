"""Staff accounts as a community's admin runs them: create, grant, revoke, reset."""

from __future__ import annotations

import asyncio
import uuid
from typing import Annotated

import asyncpg
import msgspec
import structlog

from ledger import limits
from ledger.domain.errors import Refused
from ledger.domain.roles import CommunityRole, Role
from ledger.services import security
from ledger.store import accounts
from ledger.store import staff as store
from ledger.store.queries import staff as staff_reads

Username = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9_.-]{3,40}$")]
Password = Annotated[str, msgspec.Meta(min_length=1, max_length=limits.PASSWORD_LENGTH_MAX)]

_audit = structlog.get_logger("ledger.audit")


class NewStaff(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    username: Username
    password: Password
    roles: Annotated[list[CommunityRole], msgspec.Meta(min_length=1, max_length=5)]
    display_name: Annotated[str, msgspec.Meta(max_length=limits.NAME_LENGTH_MAX)] = ""


class RoleGrant(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    role: CommunityRole


class PasswordReset(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    new_password: Password


class PasswordChange(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    current_password: Password
    new_password: Password


async def _hash(password: str) -> str:
    return await asyncio.to_thread(security.hash_password, password)


async def create_staff(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID, command: NewStaff
) -> uuid.UUID:
    """The account and its roles in one transaction: a taken username (even one taken by a
    request running at the same moment) is refused and leaves nothing behind."""
    password_hash = await _hash(command.password)
    roles = sorted(set(command.roles))
    async with pool.acquire() as connection, connection.transaction():
        user_id = await accounts.add_user(
            connection, uuid.uuid4(), command.username, command.display_name, password_hash
        )
        if user_id is None:
            raise Refused("already_exists", "the username {username} is taken", username=command.username)
        for role in roles:
            await store.grant_role(connection, community_id, actor_id, user_id, command.username, role)
    _audit.info("staff created", username=command.username, roles=roles)
    return user_id


async def _member(pool: asyncpg.Pool, community_id: uuid.UUID, user_id: uuid.UUID) -> asyncpg.Record:
    """The user, if they serve in this community (an admin manages only their own staff)."""
    staff = {row["user_id"]: row for row in await staff_reads.staff_of_community(pool, community_id)}
    if user_id not in staff:
        raise Refused("not_found", "no such staff member in this community")
    return staff[user_id]


async def grant(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID, user_id: uuid.UUID, role: str
) -> None:
    user = await accounts.user_by_id(pool, user_id)
    if user is None:
        raise Refused("not_found", "no such user")
    async with pool.acquire() as connection:
        await store.grant_role(connection, community_id, actor_id, user_id, user["username"], role)


async def revoke(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_id: uuid.UUID, user_id: uuid.UUID, role: str
) -> None:
    if user_id == actor_id and role == Role.ADMIN:  # else a community could lose its last admin
        raise Refused("forbidden", "an admin does not revoke their own admin role; another admin does")
    member = await _member(pool, community_id, user_id)
    async with pool.acquire() as connection:
        if not await store.revoke_role(connection, community_id, actor_id, user_id, member["username"], role):
            raise Refused(
                "not_found",
                "{username} does not hold the role {role} here",
                username=member["username"],
                role=role,
            )


async def reset_password(
    pool: asyncpg.Pool, community_id: uuid.UUID, actor_username: str, user_id: uuid.UUID, new_password: str
) -> None:
    member = await _member(pool, community_id, user_id)
    await accounts.set_password_hash(pool, user_id, await _hash(new_password))
    _audit.info("password reset", username=member["username"], by=actor_username)
