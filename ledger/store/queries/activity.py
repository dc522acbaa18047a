"""The township's and county's view: who oversees what, the villages of a township or a
county, and their monthly activity (schema/0025's tables, kept with the append — never a
scan of the log), households and stock value. Reading only."""

from __future__ import annotations

import datetime
import uuid

import asyncpg

from ledger.store.types import Connectable


async def area(db: Connectable, kind: str, area_id: uuid.UUID) -> asyncpg.Record | None:
    """A township or a county by id: its name (None: no such area)."""
    if kind == "township":
        return await db.fetchrow(
            "SELECT township_id AS id, name, county_id FROM townships WHERE township_id = $1", area_id
        )
    return await db.fetchrow(
        "SELECT county_id AS id, name, county_id FROM counties WHERE county_id = $1", area_id
    )


async def oversees(
    db: Connectable, user_id: uuid.UUID, county_id: uuid.UUID, township_id: uuid.UUID | None
) -> bool:
    """Whether the user holds an oversight grant for this county, or for this township (a
    county official sees each of its townships; a township official only their own)."""
    return bool(
        await db.fetchval(
            """SELECT EXISTS (SELECT FROM oversight_grants
                              WHERE user_id = $1 AND (county_id = $2 OR township_id = $3))""",
            user_id,
            county_id,
            township_id,
        )
    )


async def areas_overseen(db: Connectable, user_id: uuid.UUID) -> list[asyncpg.Record]:
    """The townships and counties a user oversees, by name."""
    return await db.fetch(
        """SELECT 'township' AS kind, t.township_id AS id, t.name FROM oversight_grants g
           JOIN townships t USING (township_id) WHERE g.user_id = $1
           UNION ALL
           SELECT 'county', c.county_id, c.name FROM oversight_grants g
           JOIN counties c USING (county_id) WHERE g.user_id = $1
           ORDER BY 1, 3""",
        user_id,
    )


async def villages(db: Connectable, kind: str, area_id: uuid.UUID) -> list[asyncpg.Record]:
    """The communities of a township or of a county's townships, by name."""
    column = "t.township_id" if kind == "township" else "t.county_id"
    return await db.fetch(
        f"""SELECT c.community_id, c.name, t.name AS township
            FROM communities c JOIN townships t USING (township_id)
            WHERE {column} = $1 ORDER BY t.name, c.name""",  # noqa: S608 a fixed column name
        area_id,
    )


async def figures(
    db: Connectable, community_ids: list[uuid.UUID], first: datetime.date, last: datetime.date
) -> list[asyncpg.Record]:
    """In one statement, rows of three parts: each community's months from `first` to `last`
    (first days) that had any activity ('month': the six figures of community_month_activity
    in its order), its households on the roll now ('households', in the first figure) and
    its stock valued in points now ('stock', the same). Each part is grouped by community,
    so on Citus each is pushed down to the communities' workers."""
    return await db.fetch(
        """SELECT 'month' AS part, community_id, month, points_awarded, points_deducted, points_redeemed,
                  fund_in_fen, fund_out_fen, households_taking_part
           FROM community_month_activity
           WHERE community_id = any($1::uuid[]) AND month BETWEEN $2 AND $3
           UNION ALL
           SELECT 'households', community_id, NULL, count(*), 0, 0, 0, 0, 0 FROM households
           WHERE community_id = any($1::uuid[]) AND status = 'active' GROUP BY community_id
           UNION ALL
           SELECT 'stock', s.community_id, NULL, sum(s.stock * g.points)::bigint, 0, 0, 0, 0, 0
           FROM goods_stock s JOIN goods g USING (community_id, goods_id)
           WHERE s.community_id = any($1::uuid[]) GROUP BY s.community_id""",
        community_ids,
        first,
        last,
    )
