"""The upgrade drill: a database as the last release left it — its own code migrates it and
seeds its demo, and a village's sales and awards go through that release's API — is
upgraded to this tree's migrations, and nothing is lost: the same chain heads, every chain
verifies, every projection rebuilds to the same rows, the balances and stock are as they
were, and the village goes on recording.

The last release's code comes from the repository's history (`git archive` of the commit
schema/releases.json records), so a clone of main carries everything the drill needs."""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import subprocess
import sys
import tarfile
import time
import urllib.parse
import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import httpx
import pytest

from ledger.store import integrity, queries
from ledger.store.migrations import load_function_files, load_migrations, migrate, schema_folder
from ledger.store.pool import connect_owner, create_pool

pytestmark = pytest.mark.anyio

REPOSITORY = Path(__file__).resolve().parents[2]
SERVER_START_SECONDS = 60


def _releases() -> list[dict]:
    return json.loads((schema_folder() / "releases.json").read_text(encoding="utf-8"))["releases"]


def _baseline() -> dict:
    """The last release whose code the repository holds and whose package or schema differ
    from this tree's (the release this tree will be recorded as is no upgrade from itself)."""
    recorded = [release for release in _releases() if "commit" in release]
    older = [release for release in recorded if _differs_from_this_tree(release["commit"])]
    assert older, "schema/releases.json records no earlier release with its commit"
    return older[-1]


def _differs_from_this_tree(commit: str) -> bool:
    compared = subprocess.run(
        # The record of releases itself is no part of what a release ships.
        [
            "git",
            "-C",
            str(REPOSITORY),
            "diff",
            "--quiet",
            commit,
            "--",
            "ledger",
            "schema",
            ":!schema/releases.json",
        ],
        capture_output=True,
        check=False,
    )
    return compared.returncode != 0


async def _function_files_recorded(owner) -> dict[str, str]:
    """Each function file the release applied, with its checksum (none before 0.4.0)."""
    if not await owner.fetchval("SELECT to_regclass('public.schema_functions') IS NOT NULL"):
        return {}
    return {
        row["name"]: row["checksum"]
        for row in await owner.fetch("SELECT name, checksum FROM schema_functions")
    }


def test_every_release_names_a_migration_of_this_tree_in_order():
    names = [migration.name for migration in load_migrations()]
    shipped = [names.index(release["last_migration"]) for release in _releases()]
    assert shipped == sorted(shipped)


@pytest.fixture
def release_code(tmp_path: Path) -> Path:
    """The baseline release's package and migrations, as that release shipped them."""
    commit = _baseline()["commit"]
    archive = subprocess.run(
        ["git", "-C", str(REPOSITORY), "archive", "--format=tar", commit, "ledger", "schema"],
        capture_output=True,
        check=False,
    )
    assert archive.returncode == 0, (
        f"the drill takes release {commit[:12]}'s code from the repository's history: "
        + archive.stderr.decode(errors="replace")
    )
    folder = tmp_path / "release"
    with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
        tar.extractall(folder, filter="data")
    return folder


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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _ledger(code: Path, url: str, home: Path, *arguments: str, port: int = 0) -> subprocess.Popen:
    """The `ledger` command of the code in `code` (its package comes first on the path)."""
    environment = {
        **os.environ,
        "PYTHONPATH": str(code),
        "LEDGER_DATABASE_URL": url,
        "LEDGER_HOME": str(home),
        "LEDGER_HOST": "127.0.0.1",
        "LEDGER_PORT": str(port),
        "LEDGER_TICK_SECONDS": "3600",
    }
    return subprocess.Popen(
        [sys.executable, "-m", "ledger.cli", *arguments],
        cwd=code,
        env=environment,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )


@contextlib.contextmanager
def _serving(code: Path, url: str, home: Path) -> Iterator[str]:
    """`ledger serve` of the code in `code` on a free port, until the block ends; its base URL."""
    port = _free_port()
    server = _ledger(code, url, home, "serve", port=port)
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + SERVER_START_SECONDS
    try:
        while True:
            try:
                if httpx.get(base_url + "/readyz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                raise RuntimeError("the server did not start:\n" + server.stdout.read().decode())
            time.sleep(0.2)
        yield base_url
    finally:
        server.terminate()
        server.wait(30)


def _seed_with(code: Path, url: str, home: Path) -> dict:
    """The release's own demo (its own code migrates the database to its schema first)."""
    demo = _ledger(code, url, home, "demo", "--json", "--households", "12")
    output, _ = demo.communicate(timeout=300)
    assert demo.returncode == 0, output.decode(errors="replace")
    return json.loads(output.decode().strip().splitlines()[-1])


async def _token(client: httpx.AsyncClient, login: dict) -> dict[str, str]:
    answer = await client.post("/api/v1/auth/token", json=login)
    assert answer.status_code == 200, answer.text
    return {"Authorization": f"Bearer {answer.json()['access_token']}"}


async def _figures(pool, community_id: uuid.UUID) -> list[tuple]:
    # Read as both schemas have them: this tree's queries.households also reads the tables of
    # later migrations (groups and grids), which the release's schema has not yet.
    households = await pool.fetch(
        """SELECT number, spendable, pending, honour
           FROM households JOIN household_balances USING (community_id, household_id)
           WHERE community_id = $1""",
        community_id,
    )
    goods = await queries.goods(pool, community_id)
    return sorted((h["number"], h["spendable"], h["pending"], h["honour"]) for h in households) + sorted(
        (g["code"], g["stock"]) for g in goods
    )


async def _record_a_week(client: httpx.AsyncClient, seeded: dict) -> None:
    """Awards, sales and a reversal, through the API."""
    api = f"/api/v1/communities/{seeded['community_id']}"
    cheapest = min(seeded["goods"], key=lambda goods: goods["points"])
    award_rule = next(rule for rule in seeded["rules"] if rule["points"] > 0)
    counter = await _token(client, seeded["staff"]["counter"])
    committee = await _token(client, seeded["staff"]["committee"])
    supervisor = await _token(client, seeded["staff"]["supervisor"])
    for household in seeded["households"][:6]:
        awarded = await client.post(
            f"{api}/awards",
            json={"household_id": household["id"], "rule_id": award_rule["id"]},
            headers=committee,
        )
        assert awarded.status_code == 201, awarded.text
        sold = await client.post(
            f"{api}/redemptions",
            json={"household_id": household["id"], "lines": [{"goods_id": cheapest["id"], "quantity": 1}]},
            headers={**counter, "Idempotency-Key": str(uuid.uuid4())},
        )
        assert sold.status_code in (201, 409), sold.text  # a household may not afford it
    reversed_ = await client.post(
        f"{api}/reversals",
        json={"event_seq": awarded.json()["event_seq"], "reason": "重复录入"},
        headers=supervisor,
    )
    assert reversed_.status_code == 201, reversed_.text


async def _head(client: httpx.AsyncClient, seeded: dict) -> dict:
    supervisor = await _token(client, seeded["staff"]["supervisor"])
    return (
        await client.get(f"/api/v1/communities/{seeded['community_id']}/verify", headers=supervisor)
    ).json()


async def test_a_village_recorded_by_the_last_release_upgrades_with_nothing_lost(
    release_code, drill_database, tmp_path
):
    home = tmp_path / "home"
    seeded = _seed_with(release_code, drill_database, home)
    community = uuid.UUID(seeded["community_id"])
    with _serving(release_code, drill_database, home) as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
            await _record_a_week(client, seeded)
            head_before = await _head(client, seeded)
    assert head_before["ok"]
    pool = await create_pool(drill_database, minimum=1, maximum=4)
    try:
        before = await _figures(pool, community)
    finally:
        await pool.close()

    # The release's server is stopped, as an operator upgrading would; then this tree's migrations.
    owner = await connect_owner(drill_database)
    try:
        shipped = [
            row["name"] for row in await owner.fetch("SELECT name FROM schema_migrations ORDER BY version")
        ]
        assert shipped[-1] == _baseline()["last_migration"]
        functions_then = await _function_files_recorded(owner)
        upgraded = await migrate(owner)
    finally:
        await owner.close()
    # The numbered files it lacked, then each function file that differs from what the release
    # applied (a release before schema/functions/ recorded none of them: every file).
    assert upgraded == [m.name for m in load_migrations()][len(shipped) :] + [
        file.applied_name for file in load_function_files() if functions_then.get(file.name) != file.checksum
    ]

    pool = await create_pool(drill_database, minimum=1, maximum=4)
    try:
        report = await integrity.verify(pool, community)
        assert report is not None and report.ok
        assert (report.head_seq, report.head_hash) == (head_before["head_seq"], head_before["head_hash"])
        assert await integrity.check_rebuild(pool, community) == []
        assert await _figures(pool, community) == before
    finally:
        await pool.close()

    # The village goes on, on this tree's code and API.
    with _serving(REPOSITORY, drill_database, home) as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=60) as client:
            await _record_a_week(client, seeded)
            head_after = await _head(client, seeded)
    assert head_after["ok"] and head_after["head_seq"] > head_before["head_seq"]
    pool = await create_pool(drill_database, minimum=1, maximum=4)
    try:
        assert await integrity.check_rebuild(pool, community) == []
    finally:
        await pool.close()
