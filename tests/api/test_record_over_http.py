"""The record as staff and residents see it: the events feed, verification (also after
tampering), the card, health, OpenAPI, and one log line per request."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import uuid

import msgspec
import pytest

from ledger.services import cards
from tests.support import add_goods, add_household, give_points, last_month
from tests.tampering import tamper

pytestmark = pytest.mark.anyio


async def test_the_events_feed_pages_through_the_chain_in_order(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    for _ in range(5):
        await give_points(pool, staffed.village, household, 3)
    seen, after = [], 0
    while True:
        page = (
            await client.get(
                f"{staffed.api}/events?after={after}&limit=4", headers=staffed.auth("supervisor")
            )
        ).json()
        if not page["events"]:
            break
        seen.extend(page["events"])
        after = page["next_after"]
    assert [event["seq"] for event in seen] == list(range(1, len(seen) + 1))
    for previous, event in zip(seen, seen[1:], strict=False):
        assert event["previous_hash"] == previous["hash"]
    assert json.loads(seen[-1]["canonical"])["seq"] == seen[-1]["seq"]


async def test_tampering_is_found_by_get_verify_and_ledger_verify_at_the_right_seq(
    pool, owner, client, staffed, server
):
    village = staffed.village
    household = await add_household(pool, village, "001")
    for _ in range(4):
        await give_points(pool, village, household, 10)
    clean = (await client.get(f"{staffed.api}/verify", headers=staffed.auth("supervisor"))).json()
    assert clean["ok"] is True
    assert clean["first_bad_seq"] is None
    assert clean["events"] == clean["head_seq"]

    target = clean["head_seq"] - 2
    await tamper(
        owner,
        "UPDATE events SET body = body || '{\"points\": 999}' WHERE community_id = $1 AND seq = $2",
        village.community_id,
        target,
    )

    broken = (await client.get(f"{staffed.api}/verify", headers=staffed.auth("supervisor"))).json()
    assert broken["ok"] is False
    assert broken["first_bad_seq"] == target

    command = subprocess.run(
        [sys.executable, "-m", "ledger.cli", "verify", "--community", str(village.community_id)],
        env={**os.environ, "LEDGER_DATABASE_URL": server.database_url},
        capture_output=True,
        text=True,
        check=False,
    )
    assert command.returncode == 1
    assert f"BROKEN at seq {target}" in command.stdout


async def test_a_card_shows_its_own_household_only_and_a_wrong_card_is_404(pool, client, staffed):
    village = staffed.village
    household = await add_household(pool, village, "001", "李秀英")
    await add_household(pool, village, "002", "王建国")
    await give_points(pool, village, household, 12)
    token = (await cards.issue_card(pool, village.community_id, None, household)).token

    view = (await client.get(f"/api/v1/cards/{token}")).json()
    assert view["household"] == {"number": "001", "head_name": "李*英"}
    assert view["balance"] == {"spendable": 12, "pending": 0, "honour": 12}
    assert view["star_rating"] == 0
    assert view["pending_in_publicity"] == []
    assert "王建国" not in json.dumps(view, ensure_ascii=False)
    page = await client.get(f"/c/{token}")
    assert page.status_code == 200
    assert "李*英" in page.text and "12" in page.text

    for wrong in (token[:-1] + ("A" if token[-1] != "A" else "B"), "x", uuid.uuid4().hex):
        assert (await client.get(f"/api/v1/cards/{wrong}")).status_code == 404
        assert (await client.get(f"/c/{wrong}")).status_code == 404


async def test_each_request_writes_one_json_log_line_with_its_request_id(client, staffed, server):
    request_id = "test-" + uuid.uuid4().hex
    answer = await client.get(
        f"{staffed.api}/goods", headers={**staffed.auth("counter"), "X-Request-ID": request_id}
    )
    assert answer.headers["x-request-id"] == request_id
    lines = [json.loads(line) for line in server.log_lines_with(request_id)]
    assert len(lines) == 1
    assert lines[0]["status"] == 200
    assert lines[0]["actor"] == staffed.village.usernames["counter"]
    assert lines[0]["community_id"] == str(staffed.village.community_id)


async def test_card_tokens_never_reach_the_log(pool, client, staffed, server):
    household = await add_household(pool, staffed.village, "001")
    token = (await cards.issue_card(pool, staffed.village.community_id, None, household)).token
    await client.get(f"/c/{token}")
    await client.get(f"/api/v1/cards/{token}")
    assert token not in server.log_path.read_text()


async def test_health_readiness_openapi_and_security_headers(client):
    assert (await client.get("/healthz")).json() == {"status": "ok"}
    assert (await client.get("/readyz")).status_code == 200
    answer = await client.get("/schema/openapi.json")
    paths = answer.json()["paths"]
    for path in (
        "/api/v1/auth/token",
        "/api/v1/communities/{community_id}/redemptions",
        "/api/v1/communities/{community_id}/households/{household_id}",
        "/api/v1/communities/{community_id}/events",
        "/api/v1/communities/{community_id}/verify",
        "/api/v1/cards/{token}",
    ):
        assert path in paths
    assert "frame-ancestors 'none'" in answer.headers["content-security-policy"]
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "same-origin"


async def test_a_stock_receipt_and_an_award_over_http(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    goods_id = await add_goods(pool, staffed.village, "G01", 5, 0)
    receipt = await client.post(
        f"{staffed.api}/stock-receipts",
        json={"goods_id": str(goods_id), "quantity": 12, "note": "乡里调拨"},
        headers=staffed.auth("counter"),
    )
    assert receipt.status_code == 201
    assert receipt.json()["stock_after"] == 12
    rules = await client.post(
        f"{staffed.api}/rules",
        json={"code": "R99", "name": "扫雪", "points": 8},
        headers=staffed.auth("committee"),
    )
    award = await client.post(
        f"{staffed.api}/awards",
        json={
            "household_id": str(household),
            "rule_id": rules.json()["id"],
            "member": "李四",
            "occurred_on": last_month(20).isoformat(),
        },
        headers=staffed.auth("committee"),
    )
    assert award.status_code == 201
    assert award.json()["occurred_on"] == last_month(20).isoformat()
    figures = (
        await client.get(f"{staffed.api}/households/{household}", headers=staffed.auth("scorer"))
    ).json()
    assert figures["balance"] == {"spendable": 8, "pending": 0, "honour": 8}


async def test_logout_revokes_the_token(client, staffed):
    headers = staffed.auth("counter")
    assert (await client.get(f"{staffed.api}/goods", headers=headers)).status_code == 200
    assert (await client.post("/api/v1/auth/logout", headers=headers)).status_code == 204
    answer = await client.get(f"{staffed.api}/goods", headers=headers)
    assert answer.status_code == 401
    assert answer.json()["code"] == "unauthorized"


async def test_wrong_passwords_and_unknown_users_get_the_same_answer(client, staffed):
    wrong = await client.post(
        "/api/v1/auth/token",
        json={"username": staffed.village.usernames["counter"], "password": "not-the-password"},
    )
    unknown = await client.post(
        "/api/v1/auth/token", json={"username": "nobody_here", "password": "not-the-password"}
    )
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["detail"] == unknown.json()["detail"]


async def test_every_route_is_documented_and_every_body_has_an_example_that_is_accepted(client):
    """Each operation has a summary; each JSON body carries an example, and that example
    decodes into the command the route takes (so the examples cannot drift from the API)."""
    document = (await client.get("/schema/openapi.json")).json()
    importlib.import_module("ledger.app")  # every route module, so every command type is known
    commands = _structs_by_name(msgspec.Struct)
    bodies = 0
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            assert operation.get("summary"), (method, path)
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" not in content:
                continue
            schema = content["application/json"]["schema"]
            assert schema.get("examples"), (method, path)
            command = commands[schema["allOf"][0]["$ref"].rsplit("/", 1)[1]]
            for example in schema["examples"]:
                msgspec.convert(example, command)  # raises if the example is not a valid body
            bodies += 1
    assert bodies >= 37  # the walk did find the bodies


def _structs_by_name(base: type) -> dict[str, type]:
    found = {}
    for struct in base.__subclasses__():
        found[struct.__name__] = struct
        found |= _structs_by_name(struct)
    return found
