"""The rule catalog: changes never rewrite past awards; import/export like the other sheets."""

from __future__ import annotations

import io
from importlib import resources

import openpyxl
import pytest

from ledger.store import queries
from tests.support import add_household, community_today

pytestmark = pytest.mark.anyio


async def test_a_changed_rule_never_rewrites_past_awards_and_a_retired_one_awards_nothing(
    pool, client, staffed
):
    household = await add_household(pool, staffed.village, "001")
    committee = staffed.auth("committee")
    rule = (
        await client.post(
            f"{staffed.api}/rules", json={"code": "R01", "name": "扫雪", "points": 5}, headers=committee
        )
    ).json()["id"]
    first = (
        await client.post(
            f"{staffed.api}/awards", json={"household_id": str(household), "rule_id": rule}, headers=committee
        )
    ).json()
    changed = await client.patch(
        f"{staffed.api}/rules/{rule}", json={"points": 8, "needs_evidence": True}, headers=committee
    )
    second = (
        await client.post(
            f"{staffed.api}/awards", json={"household_id": str(household), "rule_id": rule}, headers=committee
        )
    ).json()
    zero = await client.patch(f"{staffed.api}/rules/{rule}", json={"points": 0}, headers=committee)
    retired = await client.patch(f"{staffed.api}/rules/{rule}", json={"status": "retired"}, headers=committee)
    refused = await client.post(
        f"{staffed.api}/awards", json={"household_id": str(household), "rule_id": rule}, headers=committee
    )
    assert changed.json() == {"changed": True}
    assert (first["points"], second["points"]) == (5, 8)
    assert zero.status_code == 400
    assert retired.json() == {"changed": True}
    assert refused.json()["code"] == "rule_retired"
    assert (await queries.household(pool, staffed.village.community_id, household))["spendable"] == 13
    kinds = [
        e["kind"]
        for e in (
            await client.get(f"{staffed.api}/events?limit=1000", headers=staffed.auth("supervisor"))
        ).json()["events"]
    ]
    assert kinds[-4:] == ["award.confirmed", "rule.changed", "award.confirmed", "rule.retired"]


async def test_the_demo_rule_catalog_imports_once_and_round_trips(pool, client, staffed):
    content = resources.files("ledger.demo").joinpath("rules.csv").read_bytes()
    headers = {**staffed.auth("committee"), "Content-Type": "text/csv"}
    first = (await client.post(f"{staffed.api}/rules/catalog", content=content, headers=headers)).json()
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    again = (await client.post(f"{staffed.api}/rules/catalog", content=content, headers=headers)).json()
    assert (first["defined"], again["defined"], again["changed"]) == (25, 0, 0)
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head
    rules = {row["code"]: row for row in await queries.rules(pool, staffed.village.community_id)}
    assert (rules["R20"]["points"], rules["R20"]["needs_publicity"]) == (-20, True)
    exported = await client.get(f"{staffed.api}/rules/catalog.xlsx", headers=staffed.auth("scorer"))
    back = (
        await client.post(
            f"{staffed.api}/rules/catalog",
            content=exported.content,
            headers={**staffed.auth("committee"), "Content-Type": "application/octet-stream"},
        )
    ).json()
    assert (back["defined"], back["changed"]) == (0, 0)
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("编码", "名称", "英文名", "类别", "积分", "红黑榜", "需公示", "需证据", "可申报")


async def test_a_rule_sheet_with_bad_rows_imports_nothing(pool, client, staffed):
    content = "编码,名称,积分,红黑榜,需公示\nR1,扫雪,5,红榜,否\nR2,赌博,20,黑榜,是\nR3,乱扔,-3,红榜,否\nR4,空,0,黑榜,也许\n".encode()
    answer = await client.post(
        f"{staffed.api}/rules/catalog",
        content=content,
        headers={**staffed.auth("committee"), "Content-Type": "text/csv"},
    )
    assert answer.status_code == 400
    assert sorted({(p["row"], p["column"]) for p in answer.json()["problems"]}) == [
        (4, "积分"),
        (5, "积分"),
        (5, "需公示"),
    ]
    assert await queries.rules(pool, staffed.village.community_id) == []


async def test_an_honours_bonus_rule_cannot_be_made_by_hand_or_changed(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    committee = staffed.auth("committee")
    granted = await client.post(
        f"{staffed.api}/honours",
        json={"household_id": str(household), "title": "道德模范", "year": community_today().year},
        headers=committee,
    )
    assert granted.status_code == 201
    honour_rule = next(
        r
        for r in (await client.get(f"{staffed.api}/rules", headers=committee)).json()
        if r["code"] == "HONOUR-MODEL"
    )
    raised = await client.patch(
        f"{staffed.api}/rules/{honour_rule['id']}",
        json={"points": 100000, "needs_publicity": False},
        headers=committee,
    )
    made = await client.post(
        f"{staffed.api}/rules", json={"code": "HONOUR-BIG", "name": "大奖", "points": 9999}, headers=committee
    )
    imported = await client.post(
        f"{staffed.api}/rules/catalog",
        content="code,name_zh,points,list\nhonour-x,大奖,9999,red\n".encode(),
        headers={**committee, "Content-Type": "text/csv"},
    )
    assert (raised.status_code, raised.json()["code"]) == (403, "forbidden")
    assert (made.status_code, imported.status_code) == (400, 400)
    assert imported.json()["problems"][0]["column"] == "编码"  # the sheet's own column name
    exported = await client.get(f"{staffed.api}/rules/catalog.xlsx", headers=committee)
    rows = list(openpyxl.load_workbook(io.BytesIO(exported.content)).active.iter_rows(values_only=True))
    assert not any(str(row[0]).startswith("HONOUR-") for row in rows)
