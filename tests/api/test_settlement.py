"""Year-end settlement: by policy points carry over or expire, once per year, and the
honour score is never touched."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from ledger.store import integrity, queries
from tests.support import add_goods, add_household, add_rule, end_of_last_year, redeem

pytestmark = pytest.mark.anyio

LAST_YEAR = end_of_last_year().year


async def _household_with_a_history(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    committee = staffed.auth("committee")
    last_year = await add_rule(pool, staffed.village, "R01", 100)
    this_year = await add_rule(pool, staffed.village, "R02", 30)
    await client.post(
        f"{staffed.api}/awards",
        json={
            "household_id": str(household),
            "rule_id": str(last_year),
            "occurred_on": end_of_last_year().isoformat(),
        },
        headers=committee,
    )
    await client.post(
        f"{staffed.api}/awards",
        json={"household_id": str(household), "rule_id": str(this_year)},
        headers=committee,
    )
    soap = await add_goods(pool, staffed.village, "G01", 5, 10)
    await redeem(pool, staffed.village.community_id, household, [(soap, 4)])
    return household


async def test_expiry_takes_last_years_points_once_and_leaves_honour_alone(pool, client, staffed):
    household = await _household_with_a_history(pool, client, staffed)
    committee = staffed.auth("committee")
    await client.patch(f"{staffed.api}/policy", json={"year_end": "expire"}, headers=committee)
    first = (
        await client.post(f"{staffed.api}/settlements", json={"year": LAST_YEAR}, headers=committee)
    ).json()
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    again = (
        await client.post(f"{staffed.api}/settlements", json={"year": LAST_YEAR}, headers=committee)
    ).json()
    assert (first["points_expired"], first["households"], first["replayed"]) == (100, 1, False)
    assert again["replayed"] is True
    assert again["event_seq"] == first["event_seq"]
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head
    figures = await queries.household(pool, staffed.village.community_id, household)
    # 100 from last year expired; this year's 30 earned less 20 spent remain; honour keeps all 130.
    assert (figures["spendable"], figures["honour"]) == (10, 130)
    not_over = await client.post(f"{staffed.api}/settlements", json={"year": 2099}, headers=committee)
    assert not_over.status_code == 400
    report = (await client.get(f"{staffed.api}/reconciliation", headers=committee)).json()
    assert report["mismatches"] == []
    assert (report["points"]["expired"], report["points"]["outstanding"]) == (100, 10)
    assert await integrity.check_rebuild(pool, staffed.village.community_id) == []


async def test_carry_over_keeps_every_point_and_records_the_settlement(pool, client, staffed, server):
    household = await _household_with_a_history(pool, client, staffed)
    command = subprocess.run(
        [
            sys.executable,
            "-m",
            "ledger.cli",
            "settle",
            "--year",
            str(LAST_YEAR),
            "--community",
            str(staffed.village.community_id),
        ],
        env={**os.environ, "LEDGER_DATABASE_URL": server.database_url},
        capture_output=True,
        text=True,
        check=False,
    )
    assert command.returncode == 0, command.stderr
    assert "settled (carry_over): 0 points expired" in command.stdout
    again = subprocess.run(
        [
            sys.executable,
            "-m",
            "ledger.cli",
            "settle",
            "--year",
            str(LAST_YEAR),
            "--community",
            str(staffed.village.community_id),
        ],
        env={**os.environ, "LEDGER_DATABASE_URL": server.database_url},
        capture_output=True,
        text=True,
        check=False,
    )
    assert "already settled" in again.stdout
    assert (await queries.household(pool, staffed.village.community_id, household))["spendable"] == 110
