"""What the schema fuzzer (ops/fuzz) found, kept found: every request it answered with a 5xx
now gets a 4xx problem and changes nothing (the document itself: test_openapi_document.py)."""

from __future__ import annotations

import uuid

import pytest

from ledger.store import queries
from tests.support import add_goods, add_household, community_today

pytestmark = pytest.mark.anyio

PROBLEM = "application/problem+json"


async def test_options_with_a_token_on_a_community_route_is_not_an_error(client, staffed) -> None:
    # It was KeyError('roles') in the guard: litestar's own OPTIONS handler names no roles.
    for role in ("counter", "admin"):
        answer = await client.options(f"{staffed.api}/households", headers=staffed.auth(role))
        assert answer.status_code == 204, answer.text
        assert "GET" in answer.headers["allow"]
    anonymous = await client.options(f"{staffed.api}/households")
    assert anonymous.status_code == 204


@pytest.mark.parametrize("month", ["0000-01", "1999-12", "2100-01", "2026-13"])
async def test_a_month_out_of_bounds_is_a_400(client, staffed, month) -> None:
    community = staffed.village.community_id
    board = await client.get(f"/api/v1/boards/{community}/red/{month}")
    assert board.status_code == 400, board.text
    assert board.json()["code"] == "validation_failed"
    statement = await client.get(f"{staffed.api}/fund/statements/{month}", headers=staffed.auth("committee"))
    assert statement.status_code == 400, statement.text


async def test_a_month_in_bounds_answers(client, staffed) -> None:
    community = staffed.village.community_id
    this_month = community_today().strftime("%Y-%m")
    assert (await client.get(f"/api/v1/boards/{community}/red/{this_month}")).status_code == 200


async def test_a_nul_character_anywhere_is_refused_at_the_edge_and_writes_nothing(
    pool, client, staffed
) -> None:
    village = staffed.village
    head = (await queries.community(pool, village.community_id))["head_seq"]
    committee = staffed.auth("committee")
    answers = [
        await client.post(
            f"{staffed.api}/households", json={"number": "N\u0000", "head_name": "王五"}, headers=committee
        ),
        await client.post(
            f"{staffed.api}/households",
            json={"number": "N-1", "head_name": "王\u0000五"},
            headers={**committee, "Accept-Language": "en"},
        ),
        await client.get(f"{staffed.api}/households?after=%00", headers=committee),
        await client.get("/api/v1/cards/abc%00def"),
    ]
    for answer in answers:
        assert answer.status_code == 400, answer.text
        assert answer.headers["content-type"].startswith(PROBLEM)
        assert answer.json()["code"] == "validation_failed"
    assert answers[1].json()["errors"][0] == {
        "field": "head_name",
        "message": answers[1].json()["errors"][0]["message"],
    }
    assert "NUL" in answers[1].json()["detail"]
    assert (await queries.community(pool, village.community_id))["head_seq"] == head


async def test_a_control_character_in_a_name_is_refused_so_every_export_still_works(
    pool, client, staffed
) -> None:
    committee = staffed.auth("committee")
    refused = await client.post(
        f"{staffed.api}/households", json={"number": "N-2", "head_name": "王\u0003五"}, headers=committee
    )
    assert refused.status_code == 400, refused.text
    assert refused.json()["code"] == "validation_failed"
    # A tab or a line break is text a person may type: accepted.
    accepted = await client.post(
        f"{staffed.api}/households", json={"number": "N-3", "head_name": "王\t五"}, headers=committee
    )
    assert accepted.status_code == 201, accepted.text
    roster = await client.get(f"{staffed.api}/households/roster.xlsx", headers=committee)
    assert roster.status_code == 200


async def test_a_link_for_an_unknown_staff_member_is_a_404(pool, client, staffed) -> None:
    village = staffed.village
    household = await add_household(pool, village, "001")
    head = (await queries.community(pool, village.community_id))["head_seq"]
    answer = await client.post(
        f"{staffed.api}/staff/{uuid.uuid4()}/households",
        json={"household_id": str(household), "kind": "related"},
        headers=staffed.auth("admin"),
    )
    assert answer.status_code == 404, answer.text
    assert answer.json()["code"] == "not_found"
    unknown_household = await client.post(
        f"{staffed.api}/staff/{village.staff['counter']}/households",
        json={"household_id": str(uuid.uuid4()), "kind": "related"},
        headers=staffed.auth("admin"),
    )
    assert unknown_household.status_code == 404, unknown_household.text
    assert (await queries.community(pool, village.community_id))["head_seq"] == head


async def test_a_goods_code_taken_is_a_409_naming_the_code(pool, client, staffed) -> None:
    # The refusal's template names a `code` of its own; it was a TypeError (500).
    await add_goods(pool, staffed.village, "SOAP", 7, 10)
    answer = await client.post(
        f"{staffed.api}/goods",
        json={"code": "SOAP", "name": "肥皂", "category": "日用品", "unit": "块", "points": 7},
        headers=staffed.auth("committee"),
    )
    assert answer.status_code == 409, answer.text
    body = answer.json()
    assert body["code"] == "already_exists"
    assert "SOAP" in body["detail"]
