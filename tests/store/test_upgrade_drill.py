"""The upgrade drill: a database as the last release left it (its migrations, then a
village's record written on them) is upgraded to this tree's migrations, and nothing
is lost: every chain verifies, every projection rebuilds to the same rows, the balances
and stock are as they were, and the village goes on recording."""

from __future__ import annotations

import json
import urllib.parse
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from ledger.store import commands, integrity, queries
from ledger.store.migrations import load_migrations, migrate, schema_folder
from ledger.store.pool import connect_owner, create_pool
from tests.support import add_goods, add_household, add_rule, give_points, new_village, redeem

pytestmark = pytest.mark.anyio


def _baseline() -> dict:
    """The last release that shipped fewer migrations than this tree has (else the last)."""
    releases = json.loads((schema_folder() / "releases.json").read_text(encoding="utf-8"))["releases"]
    newest = load_migrations()[-1].name
    older = [release for release in releases if release["last_migration"] < newest]
    return (older or releases)[-1]


def test_every_release_names_a_migration_of_this_tree_in_order():
    releases = json.loads((schema_folder() / "releases.json").read_text(encoding="utf-8"))["releases"]
    names = [migration.name for migration in load_migrations()]
    shipped = [names.index(release["last_migration"]) for release in releases]
    assert shipped == sorted(shipped)


@pytest.fixture
async def drill_database(database_url: str) -> AsyncIterator[str]:
    """A database of its own, beside the suite's, made and dropped here."""
    name = f"ledger_drill_{uuid.uuid4().hex[:8]}"
    owner = await connect_owner(database_url)
    try:
        await owner.execute(f'CREATE DATABASE "{name}"')
    finally:
        await owner.close()
    yield urllib.parse.urlsplit(database_url)._replace(path=f"/{name}").geturl()
    owner = await connect_owner(database_url)
    try:
        await owner.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        await owner.close()


async def _migrate_to(url: str, through: str | None) -> list[str]:
    migrations = load_migrations()
    if through is not None:
        migrations = migrations[: [m.name for m in migrations].index(through) + 1]
    connection = await connect_owner(url)
    try:
        return await migrate(connection, migrations)
    finally:
        await connection.close()


async def _figures(pool: asyncpg.Pool, community_id: uuid.UUID) -> list[tuple]:
    households = await queries.households(pool, community_id, 1000, "")
    goods = await queries.goods(pool, community_id)
    return sorted((h["number"], h["spendable"], h["pending"], h["honour"]) for h in households) + sorted(
        (g["code"], g["stock"]) for g in goods
    )


async def test_a_village_recorded_on_the_last_release_upgrades_with_nothing_lost(drill_database):
    baseline = _baseline()
    applied = await _migrate_to(drill_database, baseline["last_migration"])
    assert applied[-1] == baseline["last_migration"]
    pool = await create_pool(drill_database, minimum=1, maximum=4)
    try:
        village = await new_village(pool)
        community = village.community_id
        rule = await add_rule(pool, village, "R01", 10)
        soap = await add_goods(pool, village, "RY001", 5, 30)
        households = [await add_household(pool, village, f"{n:03d}", "张小明") for n in range(1, 6)]
        for household in households:
            await give_points(pool, village, household, 40)
            await commands.award(pool, community, None, household, rule, None, "扫雪", None, None, None)
        sale = await redeem(pool, community, households[0], [(soap, 3)])
        await commands.reverse(pool, community, None, sale["event_seq"], "重复兑换", None, None)
        await redeem(pool, community, households[1], [(soap, 2)])
        before = await _figures(pool, community)
        head_before = (await queries.community(pool, community))["head_seq"]
    finally:
        await pool.close()

    upgraded = await _migrate_to(drill_database, None)
    assert upgraded == [m.name for m in load_migrations()][len(applied) :]

    pool = await create_pool(drill_database, minimum=1, maximum=4)
    try:
        report = await integrity.verify(pool, community)
        assert report is not None and report.ok and report.head_seq == head_before
        assert await integrity.check_rebuild(pool, community) == []
        assert await _figures(pool, community) == before
        # The village goes on: a sale and an award on the upgraded record.
        await redeem(pool, community, households[2], [(soap, 1)])
        await commands.award(pool, community, None, households[3], rule, None, "扫雪", None, None, None)
        assert (await integrity.verify(pool, community)).ok
        assert await integrity.check_rebuild(pool, community) == []
    finally:
        await pool.close()
