"""A village with a few weeks behind it, for the pages to show something on every screen:
households with names, the demo's rules and goods, awards and deductions, an award in
publicity with an objection, a batch waiting for review, sales at the counter, a gift to
the fund, a carry-over waiting for approval and a declared staff household. Made through
the JSON API as each role would (so the log names who did what), over the test's server.

And a staff member's web session put straight into the browser's cookie jar: only the
log-in tests go through the log-in form (argon2 and the per-address log-in limit would
otherwise cost seconds per page)."""

from __future__ import annotations

import csv
import datetime
import io
import uuid
from dataclasses import dataclass, field
from importlib import resources
from typing import Any

import httpx

from ledger import limits
from ledger.services import cards, security
from ledger.store import accounts
from tests.server import Server, Staffed
from tests.support import add_household, community_today

HOUSEHOLDS = (
    ("001", "赵春梅"),
    ("002", "钱卫东"),
    ("003", "孙丽华"),
    ("004", "李秀英"),
    ("005", "周建国"),
    ("006", "吴桂兰"),
    ("007", "郑志强"),
    ("008", "王海燕"),
    ("009", "冯玉珍"),
    ("010", "陈德明"),
    ("011", "褚红梅"),
    ("012", "卫长青"),
)
RULES = ("R01", "R02", "R03", "R04", "R09", "R14", "R22", "R23")
GOODS = ("G01", "G02", "G04", "G06", "G08", "G10", "G11", "G19")


def _demo_rows(name: str) -> dict[str, dict[str, str]]:
    text = resources.files("ledger.demo").joinpath(name).read_text(encoding="utf-8")
    return {row["code"]: row for row in csv.DictReader(io.StringIO(text))}


@dataclass
class Village:
    staffed: Staffed
    households: dict[str, uuid.UUID] = field(default_factory=dict)  # number → id
    rules: dict[str, str] = field(default_factory=dict)  # code → id
    goods: dict[str, str] = field(default_factory=dict)  # code → id
    card_tokens: dict[str, str] = field(default_factory=dict)  # number → token
    award_in_publicity: int = 0  # its seq
    sales: list[int] = field(default_factory=list)  # seqs

    @property
    def community_id(self) -> uuid.UUID:
        return self.staffed.village.community_id

    def user(self, role: str) -> uuid.UUID:
        return self.staffed.village.staff[role]


async def _ok(answer: httpx.Response) -> dict[str, Any]:
    assert answer.status_code < 300, (answer.request.url, answer.status_code, answer.text[:500])
    return answer.json() if answer.content else {}


async def seed(pool, client: httpx.AsyncClient, staffed: Staffed) -> Village:
    village = Village(staffed)
    api = staffed.api
    committee, counter = staffed.auth("committee"), staffed.auth("counter")
    await _ok(await client.patch(f"{api}/policy", json={"publicity_days": 7}, headers=committee))

    for number, name in HOUSEHOLDS:
        village.households[number] = await add_household(pool, staffed.village, number, name)
    for number in ("001", "003", "004"):
        issued = await cards.issue_card(pool, village.community_id, None, village.households[number])
        village.card_tokens[number] = issued.token

    rules = _demo_rows("rules.csv")
    for code in RULES:
        row = rules[code]
        defined = await _ok(
            await client.post(
                f"{api}/rules",
                json={
                    "code": code,
                    "name": row["name_zh"],
                    "category": row["category"],
                    "points": int(row["points"]),
                    "needs_publicity": row["needs_publicity"] == "true",
                    "claimable": row["claimable"] == "true",
                },
                headers=committee,
            )
        )
        village.rules[code] = defined["id"]
    goods = _demo_rows("goods.csv")
    for code in GOODS:
        row = goods[code]
        listed = await _ok(
            await client.post(
                f"{api}/goods",
                json={
                    "code": code,
                    "name": row["name_zh"],
                    "category": row["category"],
                    "unit": row["unit"],
                    "points": int(row["points"]),
                },
                headers=committee,
            )
        )
        village.goods[code] = listed["id"]
        await _ok(
            await client.post(
                f"{api}/stock-receipts",
                json={"goods_id": listed["id"], "quantity": int(row["stock"]) // 2, "note": "开业库存"},
                headers=counter,
            )
        )

    # Points earned over the last weeks, and a fine.
    today = community_today()
    awards = [
        ("001", "R02", 3), ("001", "R04", 9), ("002", "R01", 5), ("002", "R09", 12), ("003", "R03", 2),
        ("004", "R04", 6), ("004", "R02", 8), ("005", "R01", 1), ("006", "R09", 4), ("007", "R02", 10),
        ("008", "R04", 7), ("009", "R03", 11), ("010", "R01", 3), ("004", "R09", 2), ("001", "R03", 1),
        ("004", "R03", 13), ("004", "R04", 20), ("004", "R01", 15),
    ]  # fmt: skip
    for number, code, days_ago in awards:
        await _ok(
            await client.post(
                f"{api}/awards",
                json={
                    "household_id": str(village.households[number]),
                    "rule_id": village.rules[code],
                    "note": "村道清扫" if code == "R02" else None,
                    # Within this month, whatever day the run is on: the board's red list is this month's.
                    "occurred_on": max(
                        today - datetime.timedelta(days=days_ago), today.replace(day=1)
                    ).isoformat(),
                },
                headers=committee,
            )
        )
    await _ok(
        await client.post(
            f"{api}/awards",
            json={"household_id": str(village.households["007"]), "rule_id": village.rules["R23"]},
            headers=committee,
        )
    )
    # An act of bravery: 50 points, on the board for seven days, and a neighbour objects.
    bravery = await _ok(
        await client.post(
            f"{api}/awards",
            json={"household_id": str(village.households["003"]), "rule_id": village.rules["R14"]},
            headers=committee,
        )
    )
    village.award_in_publicity = bravery["event_seq"]
    await _ok(
        await client.post(
            f"/api/v1/boards/{village.community_id}/objections",
            json={"award_seq": bravery["event_seq"], "reason": "救人的是他家亲戚，不是本户"},
            headers={"X-Forwarded-For": "10.200.0.9"},
        )
    )
    # A grid worker's batch after the clean-up, waiting for the committee.
    await _ok(
        await client.post(
            f"{api}/proposals",
            json={
                "rule_id": village.rules["R02"],
                "household_ids": [str(village.households[n]) for n in ("005", "006", "008", "010")],
                "note": "12月村道大扫除",
            },
            headers=staffed.auth("scorer"),
        )
    )
    # Two sales today at the counter.
    for number, lines in (("001", (("G01", 2), ("G08", 1))), ("004", (("G06", 1),))):
        sold = await _ok(
            await client.post(
                f"{api}/redemptions",
                json={
                    "household_id": str(village.households[number]),
                    "lines": [{"goods_id": village.goods[code], "quantity": q} for code, q in lines],
                },
                headers={**counter, "Idempotency-Key": uuid.uuid4().hex},
            )
        )
        village.sales.append(sold["event_seq"])
    await _ok(
        await client.post(
            f"{api}/fund/contributions",
            json={
                "source": "enterprise",
                "amount_fen": 200_000,
                "method": "transfer",
                "donor": "青山农业合作社",
            },
            headers=committee,
        )
    )
    # Balances from the old paper passbooks, proposed by the committee for another's approval.
    sheet = "户号,户主,可用积分,荣誉积分,页码,行号\n011,褚红梅,35,40,3,1\n012,卫长青,12,12,3,2\n"
    await _ok(
        await client.post(
            f"{api}/carry-over/sheets",
            content=sheet.encode("utf-8-sig"),
            headers={**committee, "Content-Type": "text/csv"},
        )
    )
    # The counter clerk's own household (the fairness rules keep them from it).
    await _ok(
        await client.post(
            f"{api}/my-households",
            json={"household_id": str(village.households["009"]), "kind": "own"},
            headers=counter,
        )
    )
    return village


async def sign_in(browser, server: Server, pool, user_id: uuid.UUID) -> None:
    """Put a fresh web session of that staff member into the browser, as a log-in would."""
    token = security.new_token()
    csrf_hash = security.token_hash(security.csrf_token_for(token))
    expires_at = datetime.datetime.now(datetime.UTC) + datetime.timedelta(seconds=limits.ACCESS_TOKEN_SECONDS)
    await accounts.create_session(
        pool, security.token_hash(token), user_id, expires_at, csrf_token_hash=csrf_hash
    )
    browser.execute_cdp_cmd("Network.clearBrowserCookies", {})
    browser.get(server.base_url + "/healthz")  # the jar takes a cookie for the site it is on
    browser.add_cookie({"name": "ledger_session", "value": token, "path": "/", "httpOnly": True})
