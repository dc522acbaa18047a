"""The counter page as counter staff use it: scan (or type) the card, see the household,
ring up the cart — once, however often the button is pressed —, print the receipt, and
cancel one's own sale the same day. Refusals keep the cart on the screen."""

from __future__ import annotations

import re

import pytest

from ledger.services import cards
from ledger.store import queries
from tests.api.web import hidden_csrf, log_in, session_cookie
from tests.support import PASSWORD, add_goods, add_household, give_points

pytestmark = pytest.mark.anyio


def _hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, name
    return match.group(1)


async def _at_the_counter(pool, client, staffed, points: int):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "1-001", "赵春梅")
    await give_points(pool, staffed.village, household, points)
    soap = await add_goods(pool, staffed.village, "RY001", 5, 10)
    card = await cards.issue_card(pool, community, None, household)
    cookie = session_cookie(await log_in(client, staffed.village.usernames["counter"], PASSWORD))
    scan = await client.get(f"/staff/{community}/counter", headers=cookie)
    cart = await client.post(
        f"/staff/{community}/counter",
        data={
            "csrf_token": hidden_csrf(scan.text),
            "action": "lookup",
            "card": f"https://x.example/c/{card.token}",
        },
        headers=cookie,
    )
    return household, soap, cookie, cart


async def test_a_sale_rung_up_twice_sells_once_and_prints_its_receipt(pool, client, staffed):
    community = staffed.village.community_id
    household, soap, cookie, cart = await _at_the_counter(pool, client, staffed, 30)
    assert cart.status_code == 200
    assert "1-001 赵春梅" in cart.text and '<b style="font-size:1.4rem">30</b>' in cart.text
    sale = {
        "csrf_token": hidden_csrf(cart.text),
        "action": "sell",
        "card": _hidden(cart.text, "card"),
        "idempotency_key": _hidden(cart.text, "idempotency_key"),
        f"quantity_{soap}": "2",
    }
    first = await client.post(f"/staff/{community}/counter", data=sale, headers=cookie)
    again = await client.post(f"/staff/{community}/counter", data=sale, headers=cookie)
    assert first.status_code == 201 and "兑换成功 10 分，余 20 分" in first.text
    assert again.status_code == 201 and "余 20 分" in again.text  # the same answer, not a second sale
    assert (await queries.household(pool, community, household))["spendable"] == 20
    assert (await queries.goods_item(pool, community, soap))["stock"] == 8
    seq = re.search(rf"/staff/{community}/receipts/(\d+)", first.text).group(1)
    receipt = await client.get(f"/staff/{community}/receipts/{seq}", headers=cookie)
    assert receipt.status_code == 200 and "商品RY001 ×2" in receipt.text

    cancelled = await client.post(
        f"/staff/{community}/counter",
        data={"csrf_token": sale["csrf_token"], "action": "cancel", "seq": seq, "reason": "刷错了卡"},
        headers=cookie,
    )
    assert cancelled.status_code == 200 and "已撤销" in cancelled.text
    assert (await queries.household(pool, community, household))["spendable"] == 30
    assert (await queries.goods_item(pool, community, soap))["stock"] == 10


async def test_a_refused_sale_keeps_the_cart_on_the_screen(pool, client, staffed):
    community = staffed.village.community_id
    household, soap, cookie, cart = await _at_the_counter(pool, client, staffed, 8)
    head = (await queries.community(pool, community))["head_seq"]
    sale = {
        "csrf_token": hidden_csrf(cart.text),
        "action": "sell",
        "card": _hidden(cart.text, "card"),
        "idempotency_key": _hidden(cart.text, "idempotency_key"),
        f"quantity_{soap}": "2",
    }
    refused = await client.post(f"/staff/{community}/counter", data=sale, headers=cookie)
    assert refused.status_code == 409 and "insufficient_points" in refused.text
    assert _hidden(refused.text, "card") == sale["card"]  # still this household's cart
    nothing = await client.post(
        f"/staff/{community}/counter", data={**sale, f"quantity_{soap}": "0"}, headers=cookie
    )
    assert nothing.status_code == 400
    await client.patch(
        f"{staffed.api}/policy", json={"counter_pin_required": True}, headers=staffed.auth("committee")
    )
    no_pin = await client.post(
        f"/staff/{community}/counter", data={**sale, f"quantity_{soap}": "1"}, headers=cookie
    )
    assert no_pin.status_code == 403 and "pin_required" in no_pin.text
    assert (await queries.community(pool, community))["head_seq"] == head + 1  # only the policy change
    unknown = await client.post(
        f"/staff/{community}/counter",
        data={"csrf_token": sale["csrf_token"], "action": "lookup", "card": "NOPE-NOPE"},
        headers=cookie,
    )
    assert unknown.status_code == 404


async def test_a_receipt_number_past_what_the_database_holds_is_a_client_error(client, staffed):
    community = staffed.village.community_id
    cookie = session_cookie(await log_in(client, staffed.village.usernames["counter"], PASSWORD))
    huge = "9" * 30
    page = await client.get(f"/staff/{community}/receipts/{huge}", headers=cookie)
    api = await client.get(f"{staffed.api}/redemptions/{huge}/receipt", headers=staffed.auth("counter"))
    cancel = await client.post(
        f"{staffed.api}/redemptions/{huge}/cancel", json={"reason": "错了"}, headers=staffed.auth("counter")
    )
    assert (page.status_code, api.status_code, cancel.status_code) == (400, 400, 400)
