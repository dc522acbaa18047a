"""The monthly red and black lists: public, masked, the black list only when published,
and neither once its listing time has passed."""

from __future__ import annotations

import datetime
import io
import zoneinfo

import openpyxl
import pytest

from tests.support import add_household, add_rule

pytestmark = pytest.mark.anyio


def _this_month() -> str:
    return datetime.datetime.now(zoneinfo.ZoneInfo("Asia/Shanghai")).strftime("%Y-%m")


async def test_the_red_list_ranks_this_months_earners_with_masked_names(pool, client, staffed):
    committee = staffed.auth("committee")
    good = await add_rule(pool, staffed.village, "R04", 10)
    bad = await add_rule(pool, staffed.village, "R20", -20)
    names = ["张三丰", "李四光", "王五"]
    households = [
        await add_household(pool, staffed.village, f"{n:03d}", name) for n, name in enumerate(names, 1)
    ]
    for household, times in zip(households, (1, 3, 2), strict=True):
        for _ in range(times):
            await client.post(
                f"{staffed.api}/awards",
                json={"household_id": str(household), "rule_id": str(good)},
                headers=committee,
            )
    reversed_award = (
        await client.post(
            f"{staffed.api}/awards",
            json={"household_id": str(households[0]), "rule_id": str(good)},
            headers=committee,
        )
    ).json()
    await client.post(
        f"{staffed.api}/reversals",
        json={"event_seq": reversed_award["event_seq"], "reason": "误记"},
        headers=staffed.auth("supervisor"),
    )
    await client.post(
        f"{staffed.api}/awards",
        json={"household_id": str(households[2]), "rule_id": str(bad)},
        headers=committee,
    )
    red = (await client.get(f"/api/v1/boards/{staffed.village.community_id}/red/{_this_month()}")).json()
    assert [(e["rank"], e["household"], e["points"]) for e in red["entries"]] == [
        (1, "002 李*光", 30),
        (2, "003 王*", 20),
        (3, "001 张*丰", 10),
    ]
    assert "李四光" not in str(red)
    black = await client.get(f"/api/v1/boards/{staffed.village.community_id}/black/{_this_month()}")
    assert black.status_code == 404  # off unless the community publishes it
    await client.patch(f"{staffed.api}/policy", json={"black_board_public": True}, headers=committee)
    black = (await client.get(f"/api/v1/boards/{staffed.village.community_id}/black/{_this_month()}")).json()
    assert [(e["household"], e["points"]) for e in black["entries"]] == [("003 王*", -20)]
    workbook = await client.get(
        f"/api/v1/boards/{staffed.village.community_id}/red/{_this_month()}?format=xlsx"
    )
    rows = list(openpyxl.load_workbook(io.BytesIO(workbook.content)).active.iter_rows(values_only=True))
    assert rows[1] == (1, "002 李*光", 30, 3)


async def test_an_old_list_is_taken_down(client, staffed):
    await client.patch(
        f"{staffed.api}/policy", json={"board_listing_days": 1}, headers=staffed.auth("committee")
    )
    old = await client.get(f"/api/v1/boards/{staffed.village.community_id}/red/2025-01")
    future = await client.get(f"/api/v1/boards/{staffed.village.community_id}/red/2099-01")
    bad_month = await client.get(f"/api/v1/boards/{staffed.village.community_id}/red/2025-13")
    old_in_english = await client.get(
        f"/api/v1/boards/{staffed.village.community_id}/red/2025-01", headers={"Accept-Language": "en"}
    )
    assert (old.status_code, future.status_code, bad_month.status_code) == (404, 400, 400)
    assert "2025-01 的榜单已于" in old.json()["detail"]
    assert "撤下" in old.json()["detail"]
    assert "taken down" in old_in_english.json()["detail"]
