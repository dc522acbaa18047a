"""Bad input gets a 4xx problem with a stable code, never a 5xx, and writes nothing."""

from __future__ import annotations

import datetime
import json
import uuid

import pytest

from ledger import limits
from ledger.store import queries
from tests.support import add_goods, add_household, add_rule, community_today, give_points

pytestmark = pytest.mark.anyio


def _cases(household: str, goods: str) -> list[tuple[str, bytes | str | dict, int, str]]:
    line = {"goods_id": goods, "quantity": 1}
    return [
        (
            "quantity as text",
            {"household_id": household, "lines": [{**line, "quantity": "2"}]},
            400,
            "validation_failed",
        ),
        (
            "quantity as float",
            {"household_id": household, "lines": [{**line, "quantity": 1.5}]},
            400,
            "validation_failed",
        ),
        (
            "zero quantity",
            {"household_id": household, "lines": [{**line, "quantity": 0}]},
            400,
            "validation_failed",
        ),
        (
            "negative quantity",
            {"household_id": household, "lines": [{**line, "quantity": -3}]},
            400,
            "validation_failed",
        ),
        (
            "huge quantity",
            {"household_id": household, "lines": [{**line, "quantity": 10**30}]},
            400,
            "validation_failed",
        ),
        (
            "quantity over the bound",
            {"household_id": household, "lines": [{**line, "quantity": 1000}]},
            400,
            "validation_failed",
        ),
        ("household id as number", {"household_id": 12345, "lines": [line]}, 400, "validation_failed"),
        (
            "household id not a uuid",
            {"household_id": "' OR 1=1 --", "lines": [line]},
            400,
            "validation_failed",
        ),
        (
            "goods id injection",
            {"household_id": household, "lines": [{**line, "goods_id": "1; DROP TABLE events"}]},
            400,
            "validation_failed",
        ),
        ("unknown household", {"household_id": str(uuid.uuid4()), "lines": [line]}, 404, "not_found"),
        (
            "unknown goods",
            {"household_id": household, "lines": [{**line, "goods_id": str(uuid.uuid4())}]},
            404,
            "not_found",
        ),
        ("no lines", {"household_id": household, "lines": []}, 400, "validation_failed"),
        ("lines missing", {"household_id": household}, 400, "validation_failed"),
        (
            "unknown field",
            {"household_id": household, "lines": [line], "discount": 100},
            400,
            "validation_failed",
        ),
        ("body is a list", [line], 400, "validation_failed"),
        (
            "cart over the line bound",
            {"household_id": household, "lines": [line] * (limits.CART_LINES_MAX + 1)},
            400,
            "validation_failed",
        ),
        ("10,000 lines", {"household_id": household, "lines": [line] * 10_000}, 413, "body_too_large"),
        (
            "oversized body",
            {"household_id": household, "lines": [line], "pad": "x" * 100_000},
            413,
            "body_too_large",
        ),
        (
            "broken JSON",
            b'{"household_id": "' + household.encode() + b'", "lines": [',
            400,
            "validation_failed",
        ),
        ("broken UTF-8", b'{"household_id": "\xff\xfe", "lines": []}', 400, "validation_failed"),
        ("not JSON at all", b"household=1&goods=2", 400, "validation_failed"),
    ]


async def test_bad_redemptions_are_4xx_problems_and_change_nothing(pool, client, staffed, server):
    village = staffed.village
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 1000)
    goods = await add_goods(pool, village, "G01", 5, 10)
    head = (await queries.community(pool, village.community_id))["head_seq"]

    for name, body, status, code in _cases(str(household), str(goods)):
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        answer = await client.post(
            f"{staffed.api}/redemptions",
            content=content,
            headers={
                **staffed.auth("counter"),
                "Idempotency-Key": uuid.uuid4().hex,
                "Content-Type": "application/json",
            },
        )
        assert answer.status_code == status, (name, answer.status_code, answer.text)
        assert answer.headers["content-type"].startswith("application/problem+json"), name
        problem = answer.json()
        assert problem["code"] == code, (name, problem)
        assert problem["status"] == status
        assert problem["detail"], name

    assert (await queries.community(pool, village.community_id))["head_seq"] == head
    assert (await queries.household(pool, village.community_id, household))["spendable"] == 1000
    assert (await queries.goods_item(pool, village.community_id, goods))["stock"] == 10
    logged = [json.loads(line) for line in server.log_path.read_text().splitlines() if line.startswith("{")]
    assert not [line for line in logged if line.get("status", 0) >= 500]


@pytest.mark.parametrize(
    ("method", "path", "body", "status", "code"),
    [
        ("GET", "/households/not-a-uuid", None, 404, "not_found"),
        ("GET", "/households/00000000-0000-0000-0000-000000000000", None, 404, "not_found"),
        ("GET", "/goods/00000000-0000-0000-0000-000000000000", None, 404, "not_found"),
        ("GET", "/events?after=-1", None, 400, "validation_failed"),
        ("GET", "/events?limit=100000", None, 400, "validation_failed"),
        ("GET", "/events?after=abc", None, 400, "validation_failed"),
        ("GET", "/households?limit=0", None, 400, "validation_failed"),
        (
            "POST",
            "/awards",
            {"household_id": "00000000-0000-0000-0000-000000000000", "rule_id": "x"},
            400,
            "validation_failed",
        ),
        (
            "POST",
            "/awards",
            {
                "household_id": "00000000-0000-0000-0000-000000000000",
                "rule_id": "00000000-0000-0000-0000-000000000000",
            },
            404,
            "not_found",
        ),
        (
            "POST",
            "/awards",
            {
                "household_id": "00000000-0000-0000-0000-000000000000",
                "rule_id": "00000000-0000-0000-0000-000000000000",
                "occurred_on": "2026-13-45",
            },
            400,
            "validation_failed",
        ),
        (
            "POST",
            "/stock-receipts",
            {"goods_id": "00000000-0000-0000-0000-000000000000", "quantity": 0},
            400,
            "validation_failed",
        ),
        (
            "POST",
            "/stock-receipts",
            {"goods_id": "00000000-0000-0000-0000-000000000000", "quantity": 5},
            404,
            "not_found",
        ),
        ("POST", "/reversals", {"event_seq": 0, "reason": "无"}, 400, "validation_failed"),
        ("POST", "/reversals", {"event_seq": 999999, "reason": "查无此事"}, 404, "not_found"),
        ("POST", "/goods", {"code": "G 1; --", "name": "x", "points": 5}, 400, "validation_failed"),
        ("POST", "/goods", {"code": "G1", "name": "x", "points": 0}, 400, "validation_failed"),
        ("POST", "/rules", {"code": "R1", "name": "x", "points": 10**9}, 400, "validation_failed"),
        ("POST", "/households", {"number": "", "head_name": "王五"}, 400, "validation_failed"),
    ],
)
async def test_other_bad_requests_are_4xx_problems(pool, client, staffed, method, path, body, status, code):
    role = {
        "/awards": "committee",
        "/stock-receipts": "counter",
        "/reversals": "supervisor",
        "/goods": "committee",
        "/rules": "committee",
        "/households": "admin",
    }.get(path, "supervisor")
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    answer = await client.request(method, staffed.api + path, json=body, headers=staffed.auth(role))
    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head


async def test_a_duplicate_household_number_is_a_conflict_not_an_error(client, staffed):
    body = {"number": "007", "head_name": "王五"}
    first = await client.post(f"{staffed.api}/households", json=body, headers=staffed.auth("admin"))
    again = await client.post(f"{staffed.api}/households", json=body, headers=staffed.auth("admin"))
    assert first.status_code == 201
    assert again.status_code == 409
    assert again.json()["code"] == "already_exists"


async def test_dates_in_the_future_or_more_than_a_year_back_are_refused(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    rule = await add_rule(pool, staffed.village, "R01", 10)
    committee = staffed.auth("committee")
    today = community_today()
    head = (await queries.community(pool, staffed.village.community_id))["head_seq"]
    for day in (
        today + datetime.timedelta(days=1),
        today - datetime.timedelta(days=367),
        datetime.date(9999, 12, 31),
    ):
        award = await client.post(
            f"{staffed.api}/awards",
            json={"household_id": str(household), "rule_id": str(rule), "occurred_on": day.isoformat()},
            headers=committee,
        )
        proposal = await client.post(
            f"{staffed.api}/proposals",
            json={"rule_id": str(rule), "household_ids": [str(household)], "occurred_on": day.isoformat()},
            headers=staffed.auth("scorer"),
        )
        spending = await client.post(
            f"{staffed.api}/fund/expenditures",
            json={"amount_fen": 100, "purpose": "采购", "payee": "供销社", "occurred_on": day.isoformat()},
            headers=committee,
        )
        assert [a.json()["code"] for a in (award, proposal, spending)] == ["validation_failed"] * 3, day
    assert (await queries.community(pool, staffed.village.community_id))["head_seq"] == head
