"""The drill-down page into a village's groups (/staff/activity/community/{id}) for the
village's committee: a chart box and a table per figure, the download with the same numbers;
another role, an unknown village and a month that is not one are refused on the page."""

from __future__ import annotations

import io
import uuid

import openpyxl
import pytest

from tests.api.web import log_in, session_cookie
from tests.grouped_village import grouped_village
from tests.support import PASSWORD

pytestmark = pytest.mark.anyio


async def test_the_committee_reads_its_groups_and_downloads_the_sheet(pool, client):
    grouped = await grouped_village(pool)
    cookie = session_cookie(await log_in(client, grouped.village.usernames["committee"], PASSWORD))
    month = f"{grouped.this_month:%Y-%m}"
    path = f"/staff/activity/community/{grouped.village.community_id}"
    page = await client.get(path, params={"from": month, "to": month}, headers=cookie)
    assert page.status_code == 200, page.text
    for chart in ("group-participation", "points-awarded", "points-deducted", "points-redeemed"):
        assert f'data-chart="{chart}"' in page.text
    assert "<tr><td>2组</td><td>100.0%</td></tr>" in page.text  # participation's table
    assert "<tr><td>2组</td><td>6</td></tr>" in page.text  # points redeemed
    sheet = await client.get(f"{path}/activity.xlsx", params={"from": month, "to": month}, headers=cookie)
    assert sheet.status_code == 200
    assert f'filename="groups-{month}-{month}.xlsx"' in sheet.headers["content-disposition"]
    rows = list(openpyxl.load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert ("2组", month, 1, 1, 100, 10, 0, 6) in [tuple(row) for row in rows]


async def test_another_role_an_unknown_village_and_a_wrong_month_are_refused_on_the_page(pool, client):
    grouped = await grouped_village(pool)
    path = f"/staff/activity/community/{grouped.village.community_id}"
    scorer = session_cookie(await log_in(client, grouped.village.usernames["scorer"], PASSWORD))
    committee = session_cookie(await log_in(client, grouped.village.usernames["committee"], PASSWORD))
    refused = await client.get(path, headers=scorer)
    assert refused.status_code == 403
    assert "只有本村村委会和所属乡镇、县的查看人员可以看" in refused.text
    assert (await client.get(f"{path}/activity.xlsx", headers=scorer)).status_code == 403
    unknown = await client.get(f"/staff/activity/community/{uuid.uuid4()}", headers=committee)
    assert (unknown.status_code, "data-chart" in unknown.text) == (404, False)
    assert (await client.get(path, params={"from": "2026-13"}, headers=committee)).status_code == 400
