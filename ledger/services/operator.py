"""What the operator does from the command line: set up communities and the first
accounts (an admin per community, oversight for townships and counties)."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg

from ledger.domain.errors import Refused
from ledger.services import security
from ledger.store import accounts, communities, hierarchy, staff
from ledger.store.types import Connection


async def create_community(
    owner: Connection,
    pool: asyncpg.Pool,
    county: str,
    township: str,
    name: str,
    time_zone: str,
    deduction_may_overdraw: bool,
) -> tuple[uuid.UUID, bool]:
    """The community's id, and whether it was made now (False: it already existed)."""
    county_id = await hierarchy.county_id(owner, county, create=True)
    assert county_id is not None
    township_id = await hierarchy.township_id(owner, county_id, township, create=True)
    assert township_id is not None
    existing = await hierarchy.community_in_township(owner, township_id, name)
    if existing is not None:
        return existing, False
    if not await hierarchy.time_zone_known(owner, time_zone):
        raise Refused("validation_failed", "unknown time zone {time_zone}", time_zone=time_zone)
    community_id = uuid.uuid4()
    async with pool.acquire() as connection:
        await communities.create_community(
            connection, community_id, name, township_id, None, time_zone, deduction_may_overdraw
        )
    return community_id, True


async def create_user(
    owner: Connection,
    pool: asyncpg.Pool,
    username: str,
    password: str,
    display_name: str,
    community_roles: list[tuple[uuid.UUID, str]],
    oversee_township: tuple[str, str] | None,
    oversee_county: str | None,
) -> uuid.UUID:
    """Create the user (or find them by username) and grant what is asked; idempotent."""
    user = await accounts.user_by_username(pool, username)
    if user is None:
        password_hash = await asyncio.to_thread(security.hash_password, password)
        user_id = await accounts.create_user(pool, uuid.uuid4(), username, display_name, password_hash)
    else:
        user_id = user["user_id"]
    async with pool.acquire() as connection:
        for community_id, role in community_roles:
            await staff.grant_role(connection, community_id, None, user_id, username, role)
    if oversee_township is not None:
        county_name, township_name = oversee_township
        county_id = await hierarchy.county_id(owner, county_name, create=False)
        township_id = (
            None
            if county_id is None
            else await hierarchy.township_id(owner, county_id, township_name, create=False)
        )
        if township_id is None:
            raise Refused(
                "not_found",
                "no township {township} in county {county}",
                township=township_name,
                county=county_name,
            )
        await accounts.grant_oversight(owner, user_id, township_id, None)
    if oversee_county is not None:
        county_id = await hierarchy.county_id(owner, oversee_county, create=False)
        if county_id is None:
            raise Refused("not_found", "no county {county}", county=oversee_county)
        await accounts.grant_oversight(owner, user_id, None, county_id)
    return user_id
