"""The `ledger` command as an operator uses it: demo, verify, rebuild."""

from __future__ import annotations

import ast
import asyncio
import json
import os
import re
import subprocess
import sys
import uuid
from pathlib import Path

import asyncpg
import httpx
import pytest

import ledger.cli as command_line


def test_the_command_line_goes_through_the_services_and_runs_no_sql():
    """Its modules import neither asyncpg nor a store module but the pool's (for the
    connections a service may need handed in)."""
    for module in Path(command_line.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module is not None:
                imported = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
            elif isinstance(node, ast.Import):
                imported = [alias.name for alias in node.names]
            else:
                continue
            for name in imported:
                assert not name.startswith("asyncpg"), (module.name, name)
                if name == "ledger.store" or name.startswith("ledger.store."):
                    assert name.startswith("ledger.store.pool"), (module.name, name)


def ledger(database_url: str, home: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ledger.cli", *arguments],
        env={**os.environ, "LEDGER_DATABASE_URL": database_url, "LEDGER_HOME": str(home)},
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def demo(database_url: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict]:
    home = tmp_path_factory.mktemp("home")
    first = ledger(database_url, home, "demo", "--json")
    assert first.returncode == 0, first.stderr
    return home, json.loads(first.stdout)


def test_the_demo_has_a_community_staff_households_goods_and_rules(demo):
    _, seeded = demo
    assert set(seeded["staff"]) == {"counter", "scorer", "committee", "supervisor", "admin"}
    assert len(seeded["households"]) == 50
    assert all("/c/" in household["card_url"] for household in seeded["households"])
    assert len(seeded["goods"]) == 20
    assert len(seeded["rules"]) == 25
    assert sum(goods["stock"] for goods in seeded["goods"]) > 0


def test_a_second_demo_run_changes_nothing(database_url, demo):
    home, seeded = demo
    verify_before = ledger(database_url, home, "verify", "--community", seeded["community_id"]).stdout
    second = ledger(database_url, home, "demo", "--json")
    assert second.returncode == 0, second.stderr
    assert json.loads(second.stdout) == seeded
    assert ledger(database_url, home, "verify", "--community", seeded["community_id"]).stdout == verify_before


def test_the_demo_board_posts_a_resolution_and_its_result_with_the_receipt(server, demo):
    """Above the demo's threshold of 500 yuan its fund paid once, under a meeting's resolution:
    the board shows the resolution (决议公开) and what was paid, with its receipt (实施结果公开)."""
    _, seeded = demo
    board = httpx.get(f"{server.base_url}/board/{seeded['community_id']}", timeout=60).text
    assert "幸福基金 · 决议公开" in board and "应到 30 人，实到 24 人，同意 21 人" in board
    assert "幸福基金 · 实施结果公开" in board and "支付给 镇电器维修部 7,600.00 元" in board
    receipt = re.search(
        r'<img src="(/api/v1/boards/[^"]+/fund/receipts/\d+)" alt="票据照片：修缮村道路灯"', board
    )
    assert receipt is not None
    photo = httpx.get(server.base_url + receipt.group(1), timeout=60)
    assert (photo.status_code, photo.headers["content-type"]) == (
        200,
        "image/jpeg",
    )  # re-encoded as uploads are
    posted = httpx.get(f"{server.base_url}/api/v1/boards/{seeded['community_id']}/fund", timeout=60).json()
    assert posted["threshold_fen"] == 50_000


async def _spendable(database_url: str, community_id: str) -> list[int]:
    connection = await asyncpg.connect(database_url)
    try:
        rows = await connection.fetch(
            "SELECT spendable FROM household_balances WHERE community_id = $1", uuid.UUID(community_id)
        )
        return [row["spendable"] for row in rows]
    finally:
        await connection.close()


async def _doctor_balance(database_url: str, household_id: str) -> None:
    connection = await asyncpg.connect(database_url)
    try:
        await connection.execute(
            "UPDATE household_balances SET spendable = spendable + 1000 WHERE household_id = $1",
            uuid.UUID(household_id),
        )
    finally:
        await connection.close()


async def _groups_and_open_claims(database_url: str, community_id: str) -> tuple[dict[str, int], list[str]]:
    connection = await asyncpg.connect(database_url)
    try:
        placed = await connection.fetch(
            """SELECT g.name, count(*) AS households FROM household_places p
               JOIN community_groups g ON g.community_id = p.community_id AND g.group_id = p.group_id
               WHERE p.community_id = $1 GROUP BY g.name""",
            uuid.UUID(community_id),
        )
        claims = await connection.fetch(
            """SELECT h.number FROM proposals p JOIN households h USING (community_id, household_id)
               WHERE p.community_id = $1 AND p.claimed AND p.status = 'proposed' ORDER BY h.number""",
            uuid.UUID(community_id),
        )
        return {row["name"]: row["households"] for row in placed}, [row["number"] for row in claims]
    finally:
        await connection.close()


def test_the_demo_has_three_villager_groups_and_two_claims_waiting_for_the_first_grids_scorer(
    database_url, demo
):
    _, seeded = demo
    placed, claims = asyncio.run(_groups_and_open_claims(database_url, seeded["community_id"]))
    assert placed == {"第一村民小组": 17, "第二村民小组": 17, "第三村民小组": 16}
    assert claims == ["002", "005"]


def test_the_demo_balances_are_a_spread(database_url, demo):
    _, seeded = demo
    spendable = asyncio.run(_spendable(database_url, seeded["community_id"]))
    assert min(spendable) < 20
    assert max(spendable) > 100
    assert len(set(spendable)) > 15


def test_away_from_a_terminal_verify_and_rebuild_say_one_line_of_progress_on_standard_error(
    database_url, demo
):
    home, seeded = demo
    community = ("--community", seeded["community_id"])
    verified = ledger(database_url, home, "verify", *community)
    walked = re.search(r": ok, (\d+) events, head (\d+) ", verified.stdout)
    assert walked is not None and walked[1] == walked[2]
    events = int(walked[1])
    # Standard output keeps its lines (scripts read them); the progress is one line apart.
    assert re.fullmatch(rf"verify: {events:,} events in [\d.]+ s(, [\d,]+ events/s)?\n", verified.stderr)
    checked = ledger(database_url, home, "rebuild", "--check", *community)
    assert checked.stdout == f"{seeded['community_id']}: matches the log\n"
    assert re.fullmatch(
        rf"rebuild --check: {events:,} events in [\d.]+ s(, [\d,]+ events/s)?\n", checked.stderr
    )


def test_rebuild_check_finds_a_doctored_balance_and_rebuild_repairs_it(database_url, demo):
    home, seeded = demo
    community = ("--community", seeded["community_id"])
    assert ledger(database_url, home, "rebuild", "--check", *community).returncode == 0
    household = seeded["households"][3]["id"]
    asyncio.run(_doctor_balance(database_url, household))
    check = ledger(database_url, home, "rebuild", "--check", *community)
    assert check.returncode == 1
    assert f"household {household}" in check.stdout
    assert ledger(database_url, home, "rebuild", *community).returncode == 0
    assert ledger(database_url, home, "rebuild", "--check", *community).returncode == 0


async def _overseer_can(database_url: str, username: str, community_ids: list[str]) -> dict[str, set[str]]:
    """The roles the user's session carries in each community."""
    from ledger.services.auth import SessionCache
    from ledger.store.pool import create_pool
    from tests.support import session_token

    pool = await create_pool(database_url, minimum=1, maximum=2)
    try:
        user_id = await pool.fetchval("SELECT user_id FROM users WHERE username = $1", username)
        principal = await SessionCache().principal(pool, await session_token(pool, user_id))
        assert principal is not None
        return {c: set(principal.roles_in(uuid.UUID(c))) for c in community_ids}
    finally:
        await pool.close()


def test_the_operator_sets_up_communities_an_admin_and_oversight(database_url, tmp_path):
    county = f"县{uuid.uuid4().hex[:6]}"

    def community(township: str, name: str) -> str:
        made = ledger(
            database_url,
            tmp_path,
            "community",
            "create",
            "--county",
            county,
            "--township",
            township,
            "--name",
            name,
        )
        assert made.returncode == 0, made.stderr
        return made.stdout.split()[-1]

    east, west, other = community("东镇", "东村"), community("东镇", "西村"), community("南镇", "南村")
    again = ledger(
        database_url,
        tmp_path,
        "community",
        "create",
        "--county",
        county,
        "--township",
        "东镇",
        "--name",
        "东村",
    )
    assert again.stdout.startswith("exists") and again.stdout.split()[-1] == east

    def user(*arguments: str, password: str = "a-strong-password-1") -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-m", "ledger.cli", "user", "create", *arguments],
            env={
                **os.environ,
                "LEDGER_DATABASE_URL": database_url,
                "LEDGER_HOME": str(tmp_path),
                "LEDGER_NEW_PASSWORD": password,
            },
            capture_output=True,
            text=True,
            check=False,
        )

    admin = f"a{uuid.uuid4().hex[:8]}"
    township = f"t{uuid.uuid4().hex[:8]}"
    county_user = f"c{uuid.uuid4().hex[:8]}"
    assert user(admin, "--community", east, "--role", "admin").returncode == 0
    assert user(township, "--county", county, "--oversee-township", "东镇").returncode == 0
    assert user(county_user, "--oversee-county", county).returncode == 0
    weak = user(f"w{uuid.uuid4().hex[:8]}", password="short")
    assert weak.returncode != 0 and "validation_failed" in weak.stderr

    assert asyncio.run(_overseer_can(database_url, admin, [east, west])) == {east: {"admin"}, west: set()}
    assert asyncio.run(_overseer_can(database_url, township, [east, west, other])) == {
        east: {"oversight"},
        west: {"oversight"},
        other: set(),
    }
    assert asyncio.run(_overseer_can(database_url, county_user, [east, west, other])) == {
        east: {"oversight"},
        west: {"oversight"},
        other: {"oversight"},
    }
