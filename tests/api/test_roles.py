"""Every community route × every role: who gets in (DESIGN §4, least privilege).

Bodies are deliberately empty: a role that is let in gets past the guard to a 4xx about
the body or a 2xx, a role that is kept out gets 403 (401 without a token)."""

from __future__ import annotations

import pytest

from tests.api.conftest import Staffed
from tests.support import new_village, session_token

pytestmark = pytest.mark.anyio

ALL_STAFF = {"counter", "scorer", "committee", "supervisor", "admin"}
ZERO = "00000000-0000-0000-0000-000000000000"

# route → roles that may use it
MATRIX: list[tuple[str, str, set[str]]] = [
    ("GET", "/households", ALL_STAFF),
    ("POST", "/households", {"committee", "admin"}),
    ("GET", f"/households/{ZERO}", ALL_STAFF),
    ("POST", f"/households/{ZERO}/cards", {"committee", "admin"}),
    ("GET", "/rules", ALL_STAFF),
    ("POST", "/rules", {"committee"}),
    ("GET", "/goods", ALL_STAFF),
    ("POST", "/goods", {"committee"}),
    ("GET", f"/goods/{ZERO}", ALL_STAFF),
    ("POST", "/stock-receipts", {"counter", "committee"}),
    ("POST", "/awards", {"committee"}),
    ("POST", "/redemptions", {"counter"}),
    ("POST", "/reversals", {"supervisor"}),
    ("GET", "/events", {"supervisor", "committee", "admin"}),
    ("GET", "/verify", {"supervisor", "committee", "admin"}),
]


@pytest.fixture
async def outsider_token(pool, client) -> str:
    """An admin of another community: an admin, but not here."""
    other = await new_village(pool)
    return await session_token(pool, other.staff["admin"])


async def test_every_route_answers_each_role_as_the_matrix_says(client, staffed: Staffed, outsider_token):
    wrong = []
    for method, path, allowed in MATRIX:
        body = {} if method == "POST" else None
        for who in sorted(ALL_STAFF) + ["anonymous", "other community's admin"]:
            headers = (
                {}
                if who == "anonymous"
                else {"Authorization": f"Bearer {outsider_token}"}
                if who == "other community's admin"
                else staffed.auth(who)
            )
            answer = await client.request(method, staffed.api + path, json=body, headers=headers)
            if who in allowed:
                ok = answer.status_code not in (401, 403)
            else:
                ok = answer.status_code == (401 if who == "anonymous" else 403)
                ok = ok and answer.json()["code"] == ("unauthorized" if who == "anonymous" else "forbidden")
            if not ok:
                wrong.append(f"{method} {path} as {who}: {answer.status_code}")
    assert wrong == []


async def test_every_community_route_is_in_the_matrix(client):
    spec = (await client.get("/schema/openapi.json")).json()
    prefix = "/api/v1/communities/{community_id}"
    documented = {
        (method.upper(), path.removeprefix(prefix))
        for path, operations in spec["paths"].items()
        if path.startswith(prefix)
        for method in operations
    }
    in_matrix = {
        (method, path.replace(ZERO, "{household_id}" if "households" in path else "{goods_id}"))
        for method, path, _ in MATRIX
    }
    assert documented == in_matrix
