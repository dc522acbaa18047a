"""The township's and county's view over HTTP: each village's months, ranked by
participation, the area's totals and stock value; the same numbers as one .xlsx sheet; a
problem for an unknown area, someone else's area, and months that make no sense."""

from __future__ import annotations

import io
import uuid

import openpyxl
import pytest

from ledger.store import accounts, awards, hierarchy
from tests.support import add_goods, add_household, add_rule, community_today, new_village, session_token

pytestmark = pytest.mark.anyio


async def _official(pool, owner, township_id=None, county_id=None) -> dict[str, str]:
    user_id = await accounts.create_user(pool, uuid.uuid4(), f"o{uuid.uuid4().hex[:10]}", "official", "x")
    await accounts.grant_oversight(owner, user_id, township_id, county_id)
    return {"Authorization": f"Bearer {await session_token(pool, user_id)}"}


@pytest.fixture
async def township(pool, owner):
    """Two villages of one township: 东村, where one household of two took part this month,
    and 西村, where both did; 东村 has 4 soaps of 3 points on the shelf."""
    county = await hierarchy.county_id(owner, f"县{uuid.uuid4().hex[:6]}", create=True)
    township = await hierarchy.township_id(owner, county, "青山镇", create=True)
    east = await new_village(pool, township_id=township, name=f"东村{uuid.uuid4().hex[:4]}")
    west = await new_village(pool, township_id=township, name=f"西村{uuid.uuid4().hex[:4]}")
    for village, takers in ((east, 1), (west, 2)):
        rule = await add_rule(pool, village, "R01", 10)
        for number in range(2):
            household = await add_household(pool, village, f"00{number + 1}")
            if number < takers:
                await awards.award(
                    pool, village.community_id, None, household, rule, None, None, None, None, None
                )
    await add_goods(pool, east, "G01", 3, 4)
    return county, township, east, west


async def test_the_township_official_reads_each_village_ranked_by_participation(
    client, pool, owner, township
):
    county, township_id, east, west = township
    month = f"{community_today():%Y-%m}"
    answer = await client.get(
        f"/api/v1/townships/{township_id}/activity",
        params={"from": month, "to": month},
        headers=await _official(pool, owner, township_id=township_id),
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["area"]["name"], body["from"], body["to"], body["months"]) == (
        "青山镇",
        month,
        month,
        [month],
    )
    villages = [
        (v["community_id"], v["rank"], v["participation_rate"], v["stock_points"]) for v in body["villages"]
    ]
    assert villages == [(str(west.community_id), 1, 1.0, 0), (str(east.community_id), 2, 0.5, 12)]
    east_month = body["villages"][1]["months"][0]
    assert (east_month["points_awarded"], east_month["households_taking_part"]) == (10, 1)
    totals = body["totals"]
    assert (totals["households_active"], totals["stock_points"]) == (4, 12)
    assert (totals["months"][0]["points_awarded"], totals["months"][0]["participation_rate"]) == (30, 0.75)


async def test_the_county_official_reads_every_township_and_the_sheet_has_the_same_numbers(
    client, pool, owner, township
):
    county, _, east, west = township
    month = f"{community_today():%Y-%m}"
    headers = await _official(pool, owner, county_id=county)
    answer = await client.get(f"/api/v1/counties/{county}/activity", headers=headers)
    assert answer.status_code == 200, answer.text
    assert len(answer.json()["months"]) == 12  # by default the twelve months up to this one
    sheet = await client.get(
        f"/api/v1/counties/{county}/activity",
        params={"from": month, "to": month, "format": "xlsx"},
        headers=headers,
    )
    assert sheet.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    header = rows.index(next(row for row in rows if row and row[0] == "参与率排名"))
    assert [(row[0], row[3], row[5], row[6], row[7]) for row in rows[header + 1 :]] == [
        (1, month, 2, 100, 20),
        (2, month, 1, 50, 10),
    ]


async def test_an_unknown_area_someone_elses_area_and_wrong_months_are_problems(
    client, pool, owner, township
):
    county, township_id, _, _ = township
    other = await hierarchy.township_id(owner, county, f"别镇{uuid.uuid4().hex[:4]}", create=True)
    mine = await _official(pool, owner, township_id=township_id)
    cases = [
        (f"/api/v1/townships/{uuid.uuid4()}/activity", {}, mine, 404, "not_found"),
        (f"/api/v1/townships/{other}/activity", {}, mine, 403, "forbidden"),
        (f"/api/v1/counties/{county}/activity", {}, mine, 403, "forbidden"),
        (
            f"/api/v1/townships/{township_id}/activity",
            {"from": "2026-05", "to": "2026-04"},
            mine,
            400,
            "validation_failed",
        ),
        (
            f"/api/v1/townships/{township_id}/activity",
            {"from": "2020-01", "to": "2026-04"},
            mine,
            400,
            "validation_failed",
        ),
        (f"/api/v1/townships/{township_id}/activity", {"from": "2026-13"}, mine, 400, "validation_failed"),
        (f"/api/v1/townships/{township_id}/activity", {}, {}, 401, "unauthorized"),
    ]
    for path, params, headers, status, code in cases:
        answer = await client.get(path, params=params, headers=headers)
        assert (answer.status_code, answer.json()["code"]) == (status, code), (path, params)
        assert answer.headers["content-type"].startswith("application/problem+json")
