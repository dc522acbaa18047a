"""The communities the load falls on: made and staffed as an operator makes them, then given
their rules, goods, stock and households over the API as the committee would."""

from __future__ import annotations

import dataclasses
import secrets
from typing import Any

import httpx

from ledger.services import operator
from ledger.store.pool import connect_owner, create_pool

COUNTY = "混沌县"
TOWNSHIP = "混沌镇"
STARTING_POINTS = 100_000  # each household's opening award: redemptions are never short of points
STOCK = 100_000  # the one goods item's stock: never short either
STAFF_ROLES = ("committee", "counter")

Logins = dict[str, dict[str, str]]  # role → {"username", "password"}


@dataclasses.dataclass
class Community:
    community_id: str
    committee: dict[str, str]  # Authorization headers
    counter: dict[str, str]
    household_ids: list[str]
    rule_id: str
    goods_id: str

    @property
    def api(self) -> str:
        return f"/api/v1/communities/{self.community_id}"


async def seed(
    url: str, client: httpx.AsyncClient, communities: int, households: int, run_name: str
) -> list[Community]:
    """Communities and their staff as an operator makes them (`ledger community create`,
    `ledger user create`), then their rules, goods, stock and households over the API."""
    made = await create_communities(url, communities, run_name)
    return [await furnish(client, community_id, logins, households) for community_id, logins in made]


async def create_communities(url: str, communities: int, run_name: str) -> list[tuple[str, Logins]]:
    """(community id, its staff's logins) for each community, made through the operator's
    service as `ledger community create` and `ledger user create` make them."""
    owner = await connect_owner(url)
    pool = await create_pool(url, minimum=1, maximum=2)
    made: list[tuple[str, Logins]] = []
    try:
        for number in range(1, communities + 1):
            community_id, _ = await operator.create_community(
                owner, pool, COUNTY, TOWNSHIP, f"混沌村{run_name}-{number}", "Asia/Shanghai", False
            )
            logins: Logins = {}
            for role in STAFF_ROLES:
                username = f"chaos_{run_name}_{number}_{role}"
                password = secrets.token_urlsafe(12)
                await operator.create_user(
                    owner, pool, username, password, username, [(community_id, role)], None, None
                )
                logins[role] = {"username": username, "password": password}
            made.append((str(community_id), logins))
    finally:
        await pool.close()
        await owner.close()
    return made


async def furnish(client: httpx.AsyncClient, community_id: str, logins: Logins, households: int) -> Community:
    """A rule to award, an opening rule, one goods item in stock, and `households` households
    each with the opening award; all over the API as the committee."""
    headers = await log_in_staff(client, logins)
    api = f"/api/v1/communities/{community_id}"
    committee = headers["committee"]

    async def create(path: str, body: dict[str, object]) -> dict[str, Any]:
        return await created(await client.post(f"{api}/{path}", json=body, headers=committee))

    rule_id = (await create("rules", {"code": "CHAOS", "name": "混沌测试", "points": 5}))["id"]
    opening_rule = (await create("rules", {"code": "OPEN", "name": "期初积分", "points": STARTING_POINTS}))[
        "id"
    ]
    goods_id = (await create("goods", {"code": "SOAP", "name": "肥皂", "points": 1}))["id"]
    await create("stock-receipts", {"goods_id": goods_id, "quantity": STOCK})
    household_ids = []
    for number in range(1, households + 1):
        household = await create("households", {"number": f"{number:03d}", "head_name": f"户主{number}"})
        await create("awards", {"household_id": household["id"], "rule_id": opening_rule})
        household_ids.append(str(household["id"]))
    return Community(community_id, committee, headers["counter"], household_ids, str(rule_id), str(goods_id))


async def log_in_staff(client: httpx.AsyncClient, logins: Logins) -> dict[str, dict[str, str]]:
    """role → the Authorization header of its session."""
    headers: dict[str, dict[str, str]] = {}
    for role, login in logins.items():
        answer = await client.post("/api/v1/auth/token", json=login)
        if answer.status_code != 200:
            raise RuntimeError(f"log-in refused: {answer.status_code} {answer.text}")
        headers[role] = {"Authorization": f"Bearer {answer.json()['access_token']}"}
    return headers


async def created(response: httpx.Response) -> dict[str, Any]:
    """The body of a 201 answer; any other answer stops the seeding."""
    if response.status_code != 201:
        raise RuntimeError(f"seeding refused: {response.request.url} {response.status_code} {response.text}")
    body: dict[str, Any] = response.json()
    return body
