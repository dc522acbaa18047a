"""Publicity (公示): pending until it ends, objections decided by the supervision committee,
and confirmation exactly once however many confirmers race."""

from __future__ import annotations

import asyncio
import datetime
import os
import subprocess
import sys
import time
import zoneinfo

import pytest

from ledger.services import cards
from ledger.store import integrity, queries
from tests.api.steps import award_in_publicity
from tests.support import add_household

pytestmark = pytest.mark.anyio


async def _publicized_award(pool, client, staffed, points: int = 30):
    household = await add_household(pool, staffed.village, "001", "李秀英")
    committee = staffed.auth("committee")
    await client.patch(f"{staffed.api}/policy", json={"publicity_days": 3}, headers=committee)
    rule = (
        await client.post(
            f"{staffed.api}/rules",
            json={"code": "R15", "name": "子女考上大学", "points": points, "needs_publicity": True},
            headers=committee,
        )
    ).json()["id"]
    award = (
        await client.post(
            f"{staffed.api}/awards",
            json={"household_id": str(household), "rule_id": rule},
            headers=committee,
        )
    ).json()
    return household, award


def _day(offset: int) -> str:
    """A date counted from today in the community's time zone (publicity runs on it)."""
    today = datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).date()
    return (today + datetime.timedelta(days=offset)).isoformat()


def _tick(database_url: str, as_of: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "ledger.cli", "tick", "--as-of", as_of],
        env={**os.environ, "LEDGER_DATABASE_URL": database_url},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


async def test_an_award_in_publicity_is_pending_on_the_board_and_on_the_card(pool, client, staffed):
    household, award = await _publicized_award(pool, client, staffed)
    assert (award["kind"], award["ends_on"]) == ("publicity.started", _day(3))
    figures = await queries.household(pool, staffed.village.community_id, household)
    assert (figures["spendable"], figures["pending"], figures["honour"]) == (0, 30, 0)
    board = (await client.get(f"/api/v1/boards/{staffed.village.community_id}/publicity")).json()
    assert [(item["household"], item["points"], item["ends_on"]) for item in board["items"]] == [
        ("001 李*英", 30, _day(3))
    ]
    assert "李秀英" not in str(board)
    assert board["head_seq"] == (await queries.community(pool, staffed.village.community_id))["head_seq"]
    card = await cards.issue_card(pool, staffed.village.community_id, None, household)
    view = (await client.get(f"/api/v1/cards/{card.token}")).json()
    assert view["pending_in_publicity"][0]["points"] == 30
    assert view["balance"]["pending"] == 30
    page = await client.get(f"/c/{card.token}")
    assert f"子女考上大学 +30 · 公示至 {_day(3)}" in page.text


async def test_a_dismissed_objection_lets_the_award_through_when_publicity_ends(
    pool, client, staffed, server
):
    household, award = await _publicized_award(pool, client, staffed)
    card = await cards.issue_card(pool, staffed.village.community_id, None, household)
    objected = await client.post(
        f"/api/v1/cards/{card.token}/objections", json={"award_seq": award["event_seq"], "reason": "情况不实"}
    )
    objection = objected.json()["objection_id"]
    blocked = _tick(server.database_url, _day(30))
    assert blocked.wait(60) == 0
    assert (await queries.household(pool, staffed.village.community_id, household))["spendable"] == 0
    dismissed = await client.post(
        f"{staffed.api}/objections/{objection}/decision",
        json={"uphold": False, "reason": "经核实属实"},
        headers=staffed.auth("supervisor"),
    )
    assert dismissed.json()["award_rejected"] is False
    assert _tick(server.database_url, _day(3)).wait(60) == 0  # not yet: it ends at the end of its last day
    assert (await queries.household(pool, staffed.village.community_id, household))["spendable"] == 0
    assert _tick(server.database_url, _day(4)).wait(60) == 0
    figures = await queries.household(pool, staffed.village.community_id, household)
    assert (figures["spendable"], figures["pending"], figures["honour"]) == (30, 0, 30)
    assert await integrity.check_rebuild(pool, staffed.village.community_id) == []


async def test_an_upheld_objection_rejects_the_award_for_good(pool, client, staffed, server):
    household, award = await _publicized_award(pool, client, staffed)
    objected = await client.post(
        f"/api/v1/boards/{staffed.village.community_id}/objections",
        json={"award_seq": award["event_seq"], "reason": "并非本户子女"},
        headers={"X-Forwarded-For": "10.77.0.1"},
    )
    objection = objected.json()["objection_id"]
    own_supervisor_only = await client.post(
        f"{staffed.api}/objections/{objection}/decision",
        json={"uphold": True, "reason": "核实"},
        headers=staffed.auth("committee"),
    )
    upheld = await client.post(
        f"{staffed.api}/objections/{objection}/decision",
        json={"uphold": True, "reason": "经核实不属实"},
        headers=staffed.auth("supervisor"),
    )
    assert own_supervisor_only.status_code == 403
    assert upheld.json()["award_rejected"] is True
    assert _tick(server.database_url, _day(60)).wait(60) == 0
    figures = await queries.household(pool, staffed.village.community_id, household)
    assert (figures["spendable"], figures["pending"], figures["honour"]) == (0, 0, 0)
    late = await client.post(
        f"/api/v1/boards/{staffed.village.community_id}/objections",
        json={"award_seq": award["event_seq"], "reason": "再提"},
        headers={"X-Forwarded-For": "10.77.0.2"},
    )
    assert late.json()["code"] == "already_decided"
    assert await integrity.check_rebuild(pool, staffed.village.community_id) == []


async def test_two_ticks_and_the_server_task_confirm_each_award_exactly_once(
    pool, owner, client, staffed, server
):
    committee = staffed.auth("committee")
    await client.patch(f"{staffed.api}/policy", json={"publicity_days": 5}, headers=committee)
    rule = (
        await client.post(
            f"{staffed.api}/rules",
            json={"code": "R12", "name": "红白喜事简办", "points": 20, "needs_publicity": True},
            headers=committee,
        )
    ).json()["id"]
    households = [await add_household(pool, staffed.village, f"{n:03d}") for n in range(30)]
    for household in households:
        await client.post(
            f"{staffed.api}/awards", json={"household_id": str(household), "rule_id": rule}, headers=committee
        )
    # The calendar moves on: every item's publicity ended yesterday, by the community's own date.
    await owner.execute(
        "UPDATE publicity SET ends_on = ends_on - 10 WHERE community_id = $1", staffed.village.community_id
    )
    racers = [_tick(server.database_url, "2099-01-01") for _ in range(2)]  # the server's task races them too
    assert [racer.wait(120) for racer in racers] == [0, 0]
    # The server task may still be finishing its round: wait for it (a deadline, not a
    # measure of speed: a slow machine only waits longer).
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        rows = await queries.all_household_figures(pool, staffed.village.community_id)
        if all(row["pending"] == 0 for row in rows):
            break
        await asyncio.sleep(0.25)
    confirmed = await owner.fetch(
        """SELECT (body ->> 'publicity_seq')::bigint AS publicity_seq, count(*) AS times FROM events
           WHERE community_id = $1 AND kind = 'award.confirmed' GROUP BY 1""",
        staffed.village.community_id,
    )
    assert len(confirmed) == 30
    assert {row["times"] for row in confirmed} == {1}
    assert {
        row["spendable"] for row in await queries.all_household_figures(pool, staffed.village.community_id)
    } == {20}
    assert await integrity.check_rebuild(pool, staffed.village.community_id) == []


async def test_an_honour_goes_through_publicity_once_a_year_and_raises_the_stars(
    pool, client, staffed, server
):
    household = await add_household(pool, staffed.village, "001", "李秀英")
    committee = staffed.auth("committee")
    granted = await client.post(
        f"{staffed.api}/honours",
        json={"household_id": str(household), "title": "文明家庭", "year": 2026},
        headers=committee,
    )
    again = await client.post(
        f"{staffed.api}/honours",
        json={"household_id": str(household), "title": "文明家庭", "year": 2026},
        headers=committee,
    )
    assert granted.status_code == 201
    assert granted.json()["award"]["kind"] == "publicity.started"
    assert again.json()["code"] == "already_exists"
    board = (await client.get(f"/api/v1/boards/{staffed.village.community_id}/publicity")).json()
    assert [item["rule"] for item in board["items"]] == ["HONOUR-FAMILY 文明家庭"]
    assert _tick(server.database_url, _day(8)).wait(60) == 0
    figures = await queries.household(pool, staffed.village.community_id, household)
    assert (figures["spendable"], figures["pending"], figures["honour"]) == (50, 0, 50)
    card = await cards.issue_card(pool, staffed.village.community_id, None, household)
    assert (await client.get(f"/api/v1/cards/{card.token}")).json()["star_rating"] == 1


async def test_the_board_lists_publicity_by_household_number_as_the_village_counts(pool, client, staffed):
    # Awarded in this order; posted in the order a family looks for its own line.
    households = {
        number: await add_household(pool, staffed.village, number) for number in ("10-001", "2-015", "2-003")
    }
    for points, number in enumerate(("10-001", "2-015", "2-003"), 40):
        await award_in_publicity(client, staffed, households[number], points=points)
    board = (await client.get(f"/api/v1/boards/{staffed.village.community_id}/publicity")).json()
    assert [item["household"].split()[0] for item in board["items"]] == ["2-003", "2-015", "10-001"]
