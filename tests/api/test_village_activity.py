"""A village's groups month by month over HTTP (the township's charts drilled down): the
groups' participation and points as JSON and as one .xlsx sheet with the same numbers; a
problem for an unknown village, for a role that may not read it, and for months that make
no sense."""

from __future__ import annotations

import io
import uuid

import openpyxl
import pytest

from ledger.store import accounts, hierarchy
from tests.grouped_village import grouped_village
from tests.support import session_token

pytestmark = pytest.mark.anyio


async def _official(pool, owner, township_id=None, county_id=None) -> dict[str, str]:
    user_id = await accounts.create_user(pool, uuid.uuid4(), f"o{uuid.uuid4().hex[:10]}", "official", "x")
    await accounts.grant_oversight(owner, user_id, township_id, county_id)
    return {"Authorization": f"Bearer {await session_token(pool, user_id)}"}


async def _staff(pool, village, role) -> dict[str, str]:
    return {"Authorization": f"Bearer {await session_token(pool, village.staff[role])}"}


@pytest.fixture
async def grouped(pool, owner):
    county = await hierarchy.county_id(owner, f"县{uuid.uuid4().hex[:6]}", create=True)
    township = await hierarchy.township_id(owner, county, f"青山镇{uuid.uuid4().hex[:4]}", create=True)
    return county, township, await grouped_village(pool, township)


async def test_the_township_official_reads_each_groups_months(client, pool, owner, grouped):
    _, township, village = grouped
    month = f"{village.this_month:%Y-%m}"
    answer = await client.get(
        f"/api/v1/communities/{village.village.community_id}/activity",
        params={"from": month, "to": month},
        headers=await _official(pool, owner, township_id=township),
    )
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["from"], body["to"], body["months"]) == (month, month, [month])
    groups = [
        (
            g["group_id"],
            g["name"],
            g["households_active"],
            g["months"][0]["households_taking_part"],
            g["months"][0]["points_awarded"],
            g["months"][0]["points_deducted"],
            g["months"][0]["points_redeemed"],
        )
        for g in body["groups"]
    ]
    assert groups == [
        (str(village.groups["1组"]), "1组", 2, 2, 20, 4, 0),
        (str(village.groups["2组"]), "2组", 1, 1, 10, 0, 6),
        (str(village.groups["3组"]), "3组", 0, 0, 0, 0, 0),
        (None, "未分组", 1, 1, 10, 0, 0),
    ]


async def test_the_committee_downloads_the_same_numbers_as_a_sheet(client, pool, grouped):
    _, _, village = grouped
    month = f"{village.this_month:%Y-%m}"
    sheet = await client.get(
        f"/api/v1/communities/{village.village.community_id}/activity",
        params={"from": month, "to": month, "format": "xlsx"},
        headers=await _staff(pool, village.village, "committee"),
    )
    assert sheet.status_code == 200, sheet.text
    assert sheet.headers["content-type"].startswith("application/vnd.openxmlformats")
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    header = rows.index(next(row for row in rows if row and row[0] == "村民小组"))
    assert [tuple(row) for row in rows[header + 1 :]] == [
        ("1组", month, 2, 2, 100, 20, 4, 0),
        ("2组", month, 1, 1, 100, 10, 0, 6),
        ("3组", month, 0, 0, 0, 0, 0, 0),
        ("未分组", month, 1, 1, 100, 10, 0, 0),
    ]


async def test_an_unknown_village_another_role_another_area_and_wrong_months_are_problems(
    client, pool, owner, grouped
):
    county, township, village = grouped
    path = f"/api/v1/communities/{village.village.community_id}/activity"
    elsewhere = await hierarchy.township_id(owner, county, f"别镇{uuid.uuid4().hex[:4]}", create=True)
    mine = await _official(pool, owner, township_id=township)
    cases = [
        (f"/api/v1/communities/{uuid.uuid4()}/activity", {}, mine, 404, "not_found"),
        (path, {}, await _official(pool, owner, township_id=elsewhere), 403, "forbidden"),
        (path, {}, await _staff(pool, village.village, "scorer"), 403, "forbidden"),
        (path, {}, await _staff(pool, village.village, "supervisor"), 403, "forbidden"),
        (path, {"from": "2026-05", "to": "2026-04"}, mine, 400, "validation_failed"),
        (path, {"from": "2020-01", "to": "2026-04"}, mine, 400, "validation_failed"),
        (path, {"to": "2026-13"}, mine, 400, "validation_failed"),
        (path, {"format": "pdf"}, mine, 400, "validation_failed"),
        (path, {}, {}, 401, "unauthorized"),
    ]
    for url, params, headers, status, code in cases:
        answer = await client.get(url, params=params, headers=headers)
        assert (answer.status_code, answer.json()["code"]) == (status, code), (url, params)
        assert answer.headers["content-type"].startswith("application/problem+json")
