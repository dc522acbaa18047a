"""The authorization matrix: every route × every kind of caller, and the answer each must
get (DESIGN §4, least privilege). One table; the test walks all of it.

A caller who is let in gets past the guard — to a 2xx, or a 4xx about the (deliberately
empty) body or the unknown id; one who is kept out gets 401 without a login and 403 with
one. Township and county officials read their communities and change nothing.
"""

from __future__ import annotations

import uuid

import pytest

from ledger.services import cards
from ledger.store import accounts, hierarchy
from tests.support import add_household, new_village, session_token

pytestmark = pytest.mark.anyio

ZERO = "00000000-0000-0000-0000-000000000000"
CALLERS = (
    "anonymous",
    "resident card",
    "counter",
    "scorer",
    "committee",
    "supervisor",
    "admin",
    "township",
    "county",
    "other community's admin",
)
STAFF = {"counter", "scorer", "committee", "supervisor", "admin"}
READERS = STAFF | {"township", "county"}
RECORD = {"supervisor", "committee", "admin", "township", "county"}
EVERYONE = set(CALLERS)
LOGGED_IN = EVERYONE - {"anonymous", "resident card"}
C = "/api/v1/communities/{community}"

# (method, path, who gets in)
MATRIX: list[tuple[str, str, set[str]]] = [
    ("GET", "/healthz", EVERYONE),
    ("GET", "/readyz", EVERYONE),
    ("GET", "/schema/openapi.json", EVERYONE),
    ("POST", "/api/v1/auth/token", EVERYONE),
    ("POST", "/api/v1/auth/password", LOGGED_IN),
    ("GET", "/api/v1/me", LOGGED_IN),
    ("GET", "/api/v1/cards/{card}", EVERYONE),
    ("GET", "/c/{card}", EVERYONE),
    ("POST", "/api/v1/cards/{card}/objections", EVERYONE),
    ("POST", "/api/v1/cards/{card}/claims", EVERYONE),
    ("POST", "/api/v1/cards/{card}/claims/" + ZERO + "/evidence", EVERYONE),
    ("GET", "/api/v1/boards/{community}/publicity", EVERYONE),
    ("GET", "/api/v1/boards/{community}/red/2026-11", EVERYONE),
    ("POST", "/api/v1/boards/{community}/objections", EVERYONE),
    ("GET", "/api/v1/boards/{community}/fund", EVERYONE),
    ("GET", "/api/v1/boards/{community}/fund/receipts/1", EVERYONE),
    ("GET", C + "/publicity", READERS),
    ("GET", C + "/objections", RECORD),
    ("GET", C + "/objections/by-award", RECORD),
    ("GET", C + "/supervision/flags", {"supervisor", "township", "county"}),
    # The township's and county's charts: only who holds that area's oversight.
    ("GET", "/api/v1/townships/{township}/activity", {"township", "county"}),
    ("GET", "/api/v1/counties/{county}/activity", {"county"}),
    # A village's groups (the drill-down): its committee and its township's and county's oversight.
    ("GET", C + "/activity", {"committee", "township", "county"}),
    ("POST", C + "/objections/" + ZERO + "/decision", {"supervisor"}),
    ("GET", C + "/households", READERS),
    ("POST", C + "/households", {"committee", "admin"}),
    ("GET", C + "/households/{household}", READERS),
    ("POST", C + "/households/roster", {"committee", "admin"}),
    ("GET", C + "/households/roster.xlsx", {"committee", "admin"}),
    ("PATCH", C + "/households/{household}", {"committee", "admin"}),
    ("POST", C + "/households/{household}/members", {"committee", "admin"}),
    ("PATCH", C + "/households/{household}/members/" + ZERO, {"committee", "admin"}),
    ("POST", C + "/households/" + ZERO + "/cards", {"committee", "admin"}),
    ("POST", C + "/households/" + ZERO + "/cards/revoke", {"committee", "admin"}),
    ("GET", C + "/groups", READERS),
    ("POST", C + "/groups", {"committee"}),
    ("PATCH", C + "/groups/" + ZERO, {"committee"}),
    ("POST", C + "/groups/moves", {"committee"}),
    ("POST", C + "/groups/" + ZERO + "/scorers", {"committee"}),
    ("DELETE", C + "/groups/" + ZERO + "/scorers/" + ZERO, {"committee"}),
    ("POST", C + "/card-lookup", {"counter", "committee", "admin"}),
    ("POST", C + "/card-sheets", {"committee", "admin"}),
    ("GET", C + "/rules", READERS),
    ("POST", C + "/rules", {"committee"}),
    ("PATCH", C + "/rules/" + ZERO, {"committee"}),
    ("POST", C + "/rules/catalog", {"committee"}),
    ("GET", C + "/rules/catalog.xlsx", READERS),
    ("GET", C + "/goods", READERS),
    ("POST", C + "/goods", {"committee"}),
    ("GET", C + "/goods/" + ZERO, READERS),
    ("PATCH", C + "/goods/" + ZERO, {"committee"}),
    ("GET", C + "/goods/low-stock", READERS),
    ("POST", C + "/goods/" + ZERO + "/photo", {"committee"}),
    ("GET", C + "/goods/" + ZERO + "/photo", READERS),
    ("POST", C + "/goods/catalog", {"committee"}),
    ("GET", C + "/goods/catalog.xlsx", READERS),
    ("POST", C + "/stock-write-offs", {"counter", "committee"}),
    ("POST", C + "/stock-counts", {"counter", "committee"}),
    ("GET", C + "/fund", READERS),
    ("GET", C + "/reconciliation", {"committee", "supervisor", "admin", "township", "county"}),
    ("POST", C + "/fund/contributions", {"committee"}),
    ("POST", C + "/fund/expenditures", {"committee"}),
    ("POST", C + "/fund/expenditures/1/receipt", {"committee"}),
    ("GET", C + "/fund/resolutions", READERS),
    ("POST", C + "/fund/resolutions", {"committee"}),
    ("POST", C + "/fund/resolutions/" + ZERO + "/withdrawal", {"committee"}),
    ("GET", C + "/fund/statements/2026-11", READERS),
    ("POST", C + "/stock-receipts", {"counter", "committee"}),
    ("POST", C + "/awards", {"committee"}),
    ("POST", C + "/settlements", {"committee"}),
    ("POST", C + "/honours", {"committee", "supervisor"}),
    ("POST", C + "/proposals", {"scorer", "committee"}),
    ("GET", C + "/proposals", READERS),
    ("POST", C + "/proposals/" + ZERO + "/decision", {"committee", "supervisor"}),
    ("POST", C + "/proposals/" + ZERO + "/evidence", {"scorer", "committee"}),
    ("GET", C + "/proposals/" + ZERO + "/evidence", READERS),
    ("POST", C + "/proposals/batches/" + ZERO + "/decision", {"committee", "supervisor"}),
    # residents' claims: the grid's scorer or the committee decides (supervisors: staff households)
    ("GET", C + "/claims", {"scorer", "committee", "supervisor"}),
    ("POST", C + "/claims/" + ZERO + "/decision", {"scorer", "committee", "supervisor"}),
    ("POST", C + "/carry-over/sheets", {"committee"}),
    ("POST", C + "/carry-over/fund", {"committee"}),
    ("GET", C + "/carry-over", RECORD),
    ("GET", C + "/carry-over/" + ZERO + "/lines", RECORD),
    ("POST", C + "/carry-over/" + ZERO + "/decision", {"committee", "supervisor"}),
    ("POST", C + "/my-households", STAFF),
    ("POST", C + "/staff/" + ZERO + "/households", {"admin"}),
    ("POST", C + "/redemptions", {"counter"}),
    ("POST", C + "/redemptions/by-card", {"counter"}),
    ("POST", C + "/redemptions/1/cancel", {"counter"}),
    ("GET", C + "/redemptions/1/receipt", {"counter", "committee", "supervisor", "admin"}),
    ("GET", C + "/policy", READERS),
    ("PATCH", C + "/policy", {"committee"}),
    ("POST", C + "/households/{household}/pin", {"counter", "committee"}),
    ("POST", C + "/households/{household}/pin/unlock", {"committee"}),
    ("POST", C + "/reversals", {"supervisor"}),
    ("GET", C + "/events", RECORD),
    ("GET", C + "/verify", RECORD),
    ("GET", C + "/staff", {"admin"}),
    ("POST", C + "/staff", {"admin"}),
    ("POST", C + "/staff/" + ZERO + "/roles", {"admin"}),
    ("DELETE", C + "/staff/" + ZERO + "/roles/counter", {"admin"}),
    ("POST", C + "/staff/" + ZERO + "/password", {"admin"}),
    ("POST", "/api/v1/auth/logout", LOGGED_IN),  # last: it ends the caller's session
]


@pytest.fixture
async def callers(pool, owner) -> tuple[dict[str, dict[str, str]], dict[str, str]]:
    """Headers for each kind of caller, and the values for the path's placeholders."""
    county_id = await hierarchy.county_id(owner, f"县{uuid.uuid4().hex[:6]}", create=True)
    assert county_id is not None
    township_id = await hierarchy.township_id(owner, county_id, "镇", create=True)
    village = await new_village(pool, township_id=township_id)
    household = await add_household(pool, village, "001")
    card = await cards.issue_card(pool, village.community_id, None, household)
    other = await new_village(pool)
    headers = {"anonymous": {}, "resident card": {}}
    for role, user_id in village.staff.items():
        headers[role] = {"Authorization": f"Bearer {await session_token(pool, user_id)}"}
    headers["other community's admin"] = {
        "Authorization": f"Bearer {await session_token(pool, other.staff['admin'])}"
    }
    for level, grant in (("township", (township_id, None)), ("county", (None, county_id))):
        user_id = await accounts.create_user(pool, uuid.uuid4(), f"o{uuid.uuid4().hex[:10]}", level, "x")
        await accounts.grant_oversight(owner, user_id, *grant)
        headers[level] = {"Authorization": f"Bearer {await session_token(pool, user_id)}"}
    values = {
        "community": str(village.community_id),
        "household": str(household),
        "card": card.token,
        "township": str(township_id),
        "county": str(county_id),
    }
    return headers, values


async def test_every_route_answers_each_caller_as_the_matrix_says(client, callers):
    headers, values = callers
    wrong = []
    for method, template, allowed in MATRIX:
        path = template.format(**values)
        for caller in CALLERS:
            body = {} if method in ("POST", "PATCH") else None
            answer = await client.request(method, path, json=body, headers=headers[caller])
            if caller in allowed:
                ok = answer.status_code not in (401, 403)
            elif caller in ("anonymous", "resident card"):
                ok = answer.status_code == 401 and answer.json()["code"] == "unauthorized"
            else:
                ok = answer.status_code == 403 and answer.json()["code"] == "forbidden"
            if not ok:
                wrong.append(f"{method} {template} as {caller}: {answer.status_code}")
    assert wrong == []


async def test_every_route_is_in_the_matrix(client):
    spec = (await client.get("/schema/openapi.json")).json()
    documented = {
        (method.upper(), path) for path, operations in spec["paths"].items() for method in operations
    }
    placeholders = {
        "{community}": "{community_id}",
        "{household}": "{household_id}",
        "{card}": "{token}",
        "{township}": "{township_id}",
        "{county}": "{county_id}",
    }

    def as_documented(template: str) -> str:
        for mine, theirs in placeholders.items():
            template = template.replace(mine, theirs)
        parts = template.split("/")
        for index, part in enumerate(parts):
            if part == ZERO:
                parts[index] = {
                    "goods": "{goods_id}",
                    "objections": "{objection_id}",
                    "proposals": "{proposal_id}",
                    "claims": "{proposal_id}",
                    "batches": "{batch_id}",
                    "rules": "{rule_id}",
                    "households": "{household_id}",
                    "staff": "{user_id}",
                    "members": "{member_id}",
                    "carry-over": "{carry_over_id}",
                    "groups": "{group_id}",
                    "scorers": "{user_id}",
                    "resolutions": "{resolution_id}",
                }[parts[index - 1]]
            if part == "counter" and parts[index - 1] == "roles":
                parts[index] = "{role}"
            if part == "2026-11" and parts[index - 1] == "statements":
                parts[index] = "{month}"
            if part == "red" and parts[index - 2] == "boards":
                parts[index], parts[index + 1] = "{colour}", "{month}"
            if part == "1" and parts[index - 1] == "redemptions":
                parts[index] = "{seq}"
            if part == "1" and parts[index - 1] in ("expenditures", "receipts"):
                parts[index] = "{expenditure_seq}"
        return "/".join(parts).rstrip("/") or "/"

    # The card page and the OpenAPI document itself are not in the OpenAPI document.
    in_matrix = {
        (method, as_documented(template))
        for method, template, _ in MATRIX
        if template not in ("/c/{card}", "/schema/openapi.json")
    }
    documented = {(method, path.rstrip("/")) for method, path in documented}
    assert documented == in_matrix
