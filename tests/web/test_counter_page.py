"""The counter page as counter staff use it: scan, type or photograph the card, see the
household, ring up the cart with its total — once, however often the button is pressed —,
print the receipt, and cancel one's own sale the same day. Refusals keep the cart on the
screen and say the numbers."""

from __future__ import annotations

import io
import re

import pytest
import segno
from PIL import Image

from ledger.services import cards
from ledger.store import queries
from tests.api.web import hidden_csrf, log_in, session_cookie, submit
from tests.support import PASSWORD, add_goods, add_household, give_points

pytestmark = pytest.mark.anyio


def _error(page: str) -> str:
    match = re.search(r'<p class="error">(.*?)</p>', page, re.S)
    assert match, page[:2000]
    return match.group(1)


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
    cart = await submit(
        client,
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
    assert "合计 <b data-cart-total>0</b>" in cart.text  # the running total (counter.js keeps it)
    assert "<b data-points-left" in cart.text and ">30</b>" in cart.text
    sale = {
        "csrf_token": hidden_csrf(cart.text),
        "action": "sell",
        "card": _hidden(cart.text, "card"),
        "idempotency_key": _hidden(cart.text, "idempotency_key"),
        f"quantity_{soap}": "2",
    }
    first = await submit(client, f"/staff/{community}/counter", data=sale, headers=cookie)
    again = await submit(client, f"/staff/{community}/counter", data=sale, headers=cookie)
    # A sale sends the counter to its receipt; pressed twice, it is the same receipt.
    assert first.url.path == again.url.path
    seq = re.fullmatch(rf"/staff/{community}/receipts/(\d+)", first.url.path).group(1)
    assert first.status_code == 200 and "兑换成功：10 分，余 20 分" in first.text
    assert (await queries.household(pool, community, household))["spendable"] == 20
    assert (await queries.goods_item(pool, community, soap))["stock"] == 8
    receipt = first
    assert "商品RY001 ×2" in receipt.text
    assert 'name="viewport"' in receipt.text  # readable on the phone
    assert "data-print" in receipt.text  # the print button
    assert f'href="/staff/{community}/counter"' in receipt.text  # and the way back
    # Reloading the receipt sends nothing again.
    reloaded = await client.get(str(first.url), headers=cookie)
    assert reloaded.status_code == 200
    assert (await queries.household(pool, community, household))["spendable"] == 20

    cancelled = await submit(
        client,
        f"/staff/{community}/counter",
        data={"csrf_token": sale["csrf_token"], "action": "cancel", "seq": seq, "reason": "刷错了卡"},
        headers=cookie,
    )
    assert cancelled.status_code == 200 and "已撤销" in cancelled.text
    assert f"小票 {seq}" in cancelled.text  # today's sales list it, cancelled
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
    refused = await submit(client, f"/staff/{community}/counter", data=sale, headers=cookie)
    assert refused.status_code == 409
    said = _error(refused.text)
    assert "10" in said and "8" in said  # the cart's points and what the household has
    assert "insufficient_points" not in refused.text
    assert _hidden(refused.text, "card") == sale["card"]  # still this household's cart
    assert f'name="quantity_{soap}"' in refused.text and 'value="2" data-points="5"' in refused.text
    assert "合计 <b data-cart-total>10</b>" in refused.text  # and its total, kept
    assert ">-2</b>" in refused.text  # 8 − 10: two short
    nothing = await submit(
        client, f"/staff/{community}/counter", data={**sale, f"quantity_{soap}": "0"}, headers=cookie
    )
    assert nothing.status_code == 400
    await client.patch(
        f"{staffed.api}/policy", json={"counter_pin_required": True}, headers=staffed.auth("committee")
    )
    no_pin = await submit(
        client, f"/staff/{community}/counter", data={**sale, f"quantity_{soap}": "1"}, headers=cookie
    )
    assert no_pin.status_code == 403 and "pin_required" not in no_pin.text
    assert (await queries.community(pool, community))["head_seq"] == head + 1  # only the policy change
    unknown = await submit(
        client,
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


async def test_without_a_scanner_a_photo_of_the_card_finds_the_household(pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "1-002", "钱卫东")
    card = await cards.issue_card(pool, community, None, household)
    cookie = session_cookie(await log_in(client, staffed.village.usernames["counter"], PASSWORD))
    scan = await client.get(f"/staff/{community}/counter", headers=cookie)
    assert 'capture="environment"' in scan.text
    picture = io.BytesIO()
    # The card's QR code as a phone would photograph it: turned a little, on a grey table.
    code = segno.make_qr(f"http://192.168.1.20:8000/c/{card.token}", error="m")
    code.save(picture, kind="png", scale=9, border=4)
    photo = Image.new("RGB", (1400, 1100), (150, 150, 140))
    photo.paste(
        Image.open(io.BytesIO(picture.getvalue())).convert("RGB").rotate(12, expand=True, fillcolor="white"),
        (300, 200),
    )
    taken = io.BytesIO()
    photo.save(taken, format="JPEG", quality=85)
    cart = await submit(
        client,
        f"/staff/{community}/counter",
        data={"csrf_token": hidden_csrf(scan.text), "action": "photo"},
        files={"photo": ("card.jpg", taken.getvalue(), "image/jpeg")},
        headers=cookie,
    )
    assert cart.status_code == 200
    assert "1-002 钱卫东" in cart.text
    blank = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 200, 200)).save(blank, format="PNG")
    nothing = await submit(
        client,
        f"/staff/{community}/counter",
        data={"csrf_token": hidden_csrf(scan.text), "action": "photo"},
        files={"photo": ("table.png", blank.getvalue(), "image/png")},
        headers=cookie,
    )
    assert nothing.status_code == 404
    assert "二维码" in _error(nothing.text)
