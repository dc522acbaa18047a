"""Backup and restore as an operator runs them: `ledger backup FILE` from a live database,
`ledger restore FILE` into an empty one — which then verifies every chain and projection,
keeps the same chain heads, and serves as the app role with the log still append-only.
A restore into a database that already holds a ledger, or from a damaged file, is refused."""

from __future__ import annotations

import asyncio
import re
import urllib.parse
import uuid
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from ledger.store.pool import connect_owner, create_pool
from tests.support import add_household, give_points, new_village
from tests.test_cli import ledger


def _sibling(database_url: str, name: str) -> str:
    """The URL of another database on the same server."""
    parts = urllib.parse.urlsplit(database_url)
    return urllib.parse.urlunsplit(parts._replace(path=f"/{name}"))


@pytest.fixture
def empty_databases(database_url: str) -> Iterator[list[str]]:
    """Three empty databases on the test server, dropped afterwards."""
    names = [f"ledger_backup_{uuid.uuid4().hex[:10]}" for _ in range(3)]

    async def run(statement: str) -> None:
        connection = await connect_owner(database_url)
        try:
            for name in names:
                await connection.execute(statement.format(name=name))
        finally:
            await connection.close()

    asyncio.run(run("CREATE DATABASE {name}"))
    yield [_sibling(database_url, name) for name in names]
    asyncio.run(run("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))


async def _heads(url: str) -> list[tuple]:
    connection = await connect_owner(url)
    try:
        return [
            tuple(r) for r in await connection.fetch("SELECT * FROM community_heads ORDER BY community_id")
        ]
    finally:
        await connection.close()


def test_a_backup_restores_into_an_empty_database_with_the_same_record(empty_databases, tmp_path: Path):
    source, target, third = empty_databases
    assert ledger(source, tmp_path, "demo").returncode == 0
    backup_file = tmp_path / "village.dump"
    backed_up = ledger(source, tmp_path, "backup", str(backup_file))
    assert backed_up.returncode == 0, backed_up.stderr
    assert "communities; their heads as it began" in backed_up.stdout
    tables = asyncio.run(_table_count(source))
    assert re.fullmatch(rf"backup: {tables} tables in [\d.]+ s(, [\d,.]+ tables/s)?\n", backed_up.stderr)
    restored = ledger(target, tmp_path, "restore", str(backup_file))
    assert restored.returncode == 0, restored.stdout + restored.stderr
    assert "BROKEN" not in restored.stdout and "matches the log" in restored.stdout
    # Away from a terminal each step says one line: the tables loaded, then the events walked
    # and replayed, every community's.
    events = sum(head[1] for head in asyncio.run(_heads(source)))
    assert [line.split(" in ")[0] for line in restored.stderr.splitlines()] == [
        f"restore: {tables} tables",
        f"verify: {events:,} events",
        f"rebuild --check: {events:,} events",
    ]
    assert asyncio.run(_heads(target)) == asyncio.run(_heads(source))

    async def serve_from_the_restore() -> None:
        pool = await create_pool(target, minimum=1, maximum=2)
        try:
            village = await new_village(pool)  # the app role may append as before …
            household = await add_household(pool, village, "001")
            await give_points(pool, village, household, 10)
            with pytest.raises(asyncpg.InsufficientPrivilegeError):  # … and still never rewrite
                await pool.execute(
                    "UPDATE events SET body = '{}' WHERE community_id = $1", village.community_id
                )
        finally:
            await pool.close()

    asyncio.run(serve_from_the_restore())

    again = ledger(target, tmp_path, "restore", str(backup_file))
    assert again.returncode == 1 and "already holds a ledger" in again.stderr
    nothing = ledger(third, tmp_path, "backup", str(tmp_path / "nothing.dump"))
    assert nothing.returncode == 1 and "holds no ledger" in nothing.stderr
    damaged = tmp_path / "damaged.dump"
    damaged.write_bytes(backup_file.read_bytes()[: backup_file.stat().st_size // 2])
    broken = ledger(third, tmp_path, "restore", str(damaged))
    assert broken.returncode == 1
    assert asyncio.run(_table_count(third)) == 0  # one transaction: nothing half-restored


async def _table_count(url: str) -> int:
    connection = await connect_owner(url)
    try:
        return await connection.fetchval("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await connection.close()
