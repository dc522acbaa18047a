"""Counties (县) and townships (乡镇/街道): reference data the operator maintains (the
serving role may only read it), found or created by name."""

from __future__ import annotations

import uuid

from ledger.store.types import Connection


async def county_id(connection: Connection, name: str, *, create: bool) -> uuid.UUID | None:
    found = await connection.fetchval("SELECT county_id FROM counties WHERE name = $1", name)
    if found is None and create:
        found = uuid.uuid4()
        await connection.execute("INSERT INTO counties (county_id, name) VALUES ($1, $2)", found, name)
    return found


async def township_id(
    connection: Connection, county: uuid.UUID, name: str, *, create: bool
) -> uuid.UUID | None:
    found = await connection.fetchval(
        "SELECT township_id FROM townships WHERE county_id = $1 AND name = $2", county, name
    )
    if found is None and create:
        found = uuid.uuid4()
        await connection.execute(
            "INSERT INTO townships (township_id, county_id, name) VALUES ($1, $2, $3)", found, county, name
        )
    return found


async def community_in_township(connection: Connection, township: uuid.UUID, name: str) -> uuid.UUID | None:
    return await connection.fetchval(
        "SELECT community_id FROM communities WHERE township_id = $1 AND name = $2", township, name
    )


async def time_zone_known(connection: Connection, name: str) -> bool:
    """Whether PostgreSQL knows the zone, so every date it computes for the community works."""
    return bool(await connection.fetchval("SELECT true FROM pg_timezone_names WHERE name = $1", name))
