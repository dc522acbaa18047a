"""Households, members and cards as the committee and the counter use them."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import uuid

import pypdfium2
import pytest

from ledger.services import cards
from tests.support import add_household

pytestmark = pytest.mark.anyio


async def test_a_household_is_registered_changed_and_given_members(client, staffed):
    created = await client.post(
        f"{staffed.api}/households",
        json={"number": "021", "head_name": "李建国"},
        headers=staffed.auth("committee"),
    )
    household = created.json()["id"]
    url = f"{staffed.api}/households/{household}"
    changed = await client.patch(url, json={"head_name": "李秀英"}, headers=staffed.auth("committee"))
    unchanged = await client.patch(url, json={"head_name": "李秀英"}, headers=staffed.auth("committee"))
    member = await client.post(
        f"{url}/members",
        json={"name": "李小明", "relation": "child", "phone": "13800138000", "id_card_last4": "123X"},
        headers=staffed.auth("admin"),
    )
    assert changed.json() == {"changed": True}
    assert unchanged.json() == {"changed": False}
    assert member.status_code == 201
    seen = (await client.get(url, headers=staffed.auth("scorer"))).json()
    assert seen["head_name"] == "李秀英"
    assert [(m["name"], m["relation"], m["id_card_last4"]) for m in seen["members"]] == [
        ("李小明", "child", "123X")
    ]


@pytest.mark.parametrize("id_card", ["110101199003071234", "1234567", "12345", "abcd"])
async def test_a_full_id_card_number_is_never_accepted(pool, client, staffed, id_card):
    household = await add_household(pool, staffed.village, "001")
    answer = await client.post(
        f"{staffed.api}/households/{household}/members",
        json={"name": "王五", "relation": "spouse", "id_card_last4": id_card},
        headers=staffed.auth("committee"),
    )
    assert answer.status_code == 400
    assert answer.json()["code"] == "validation_failed"


async def test_phones_and_id_digits_stay_out_of_the_log(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    await client.post(
        f"{staffed.api}/households/{household}/members",
        # "738X": an X never occurs in the log's hex hashes and ids, so a hit would be real
        json={"name": "王五", "relation": "spouse", "phone": "13912345678", "id_card_last4": "738X"},
        headers=staffed.auth("committee"),
    )
    log = (await client.get(f"{staffed.api}/events?limit=1000", headers=staffed.auth("supervisor"))).text
    assert "王五" in log
    assert "13912345678" not in log
    assert "738X" not in log


async def test_closing_a_household_keeps_its_history_and_stops_its_card(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    card = await cards.issue_card(pool, staffed.village.community_id, None, household)
    assert (await client.get(f"/api/v1/cards/{card.token}")).status_code == 200
    url = f"{staffed.api}/households/{household}"
    no_reason = await client.patch(url, json={"status": "closed"}, headers=staffed.auth("committee"))
    closed = await client.patch(
        url, json={"status": "closed", "reason": "全家迁出本村"}, headers=staffed.auth("committee")
    )
    assert no_reason.status_code == 400
    assert closed.json() == {"changed": True}
    assert (await client.get(f"/api/v1/cards/{card.token}")).status_code == 404
    kinds = [
        e["kind"]
        for e in (
            await client.get(f"{staffed.api}/events?limit=1000", headers=staffed.auth("supervisor"))
        ).json()["events"]
        if e["household_id"] == str(household)
    ]
    assert kinds == ["household.registered", "card.issued", "household.changed", "card.revoked"]
    reissue = await client.post(f"{url}/cards", headers=staffed.auth("committee"))
    assert reissue.status_code == 409
    assert reissue.json()["code"] == "household_closed"


async def test_a_new_card_retires_the_old_and_a_revoked_card_answers_like_an_unknown_one(
    pool, client, staffed
):
    household = await add_household(pool, staffed.village, "001")
    url = f"{staffed.api}/households/{household}/cards"
    first = (await client.post(url, headers=staffed.auth("committee"))).json()
    second = (await client.post(url, headers=staffed.auth("committee"))).json()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", second["short_code"])
    assert (await client.get(f"/api/v1/cards/{first['token']}")).status_code == 404
    assert (await client.get(f"/api/v1/cards/{second['token']}")).status_code == 200
    revoked = await client.post(f"{url}/revoke", headers=staffed.auth("admin"))
    assert revoked.json() == {"revoked": 1}
    gone = await client.get(f"/api/v1/cards/{second['token']}")
    unknown = await client.get(f"/api/v1/cards/{uuid.uuid4().hex}")
    assert gone.status_code == unknown.status_code == 404
    assert gone.json() == unknown.json()


@pytest.mark.parametrize("typed", ["url", "token", "code", "code lower, no dash"])
async def test_the_counter_finds_a_household_by_scan_or_short_code(pool, client, staffed, typed):
    household = await add_household(pool, staffed.village, "001")
    card = (
        await client.post(f"{staffed.api}/households/{household}/cards", headers=staffed.auth("committee"))
    ).json()
    text = {
        "url": card["card_url"],
        "token": card["token"],
        "code": card["short_code"],
        "code lower, no dash": card["short_code"].replace("-", "").lower(),
    }[typed]
    found = await client.post(
        f"{staffed.api}/card-lookup", json={"card": text}, headers=staffed.auth("counter")
    )
    assert found.status_code == 200
    assert found.json()["id"] == str(household)


async def test_a_card_of_another_community_is_not_found_at_this_counter(pool, client, staffed):
    from tests.support import new_village

    elsewhere = await new_village(pool)
    household = await add_household(pool, elsewhere, "001")
    card = await cards.issue_card(pool, elsewhere.community_id, None, household)
    for text in (card.token, card.short_code):
        answer = await client.post(
            f"{staffed.api}/card-lookup", json={"card": text}, headers=staffed.auth("counter")
        )
        assert answer.status_code == 404


async def test_a_card_sheet_decodes_with_a_real_qr_reader_to_each_households_card(
    pool, client, staffed, tmp_path
):
    assert shutil.which("zbarimg"), "ops/test installs zbar-tools"
    households = {
        await add_household(pool, staffed.village, f"{n:03d}", name): name
        for n, name in enumerate(
            ["张三丰", "李四", "王小五", "赵六", "孙七", "周八", "吴九", "郑十", "欧阳锋"], 1
        )
    }
    sheet = await client.post(
        f"{staffed.api}/card-sheets?format=pdf&allow_loopback=true",
        json={"household_ids": [str(h) for h in households]},
        headers=staffed.auth("committee"),
    )
    assert sheet.headers["content-type"] == "application/pdf"
    document = pypdfium2.PdfDocument(io.BytesIO(sheet.content))
    assert len(document) == 2  # nine cards: eight on the first page, one on the second
    urls = []
    for number, page in enumerate(document):
        image = tmp_path / f"page{number}.png"
        page.render(scale=3).to_pil().save(image)
        decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True)
        urls.extend(decoded.stdout.split())
    assert len(urls) == 9
    seen = set()
    for url in urls:
        token = url.rsplit("/c/", 1)[1]
        view = (await client.get(f"/api/v1/cards/{token}")).json()
        seen.add(view["household"]["number"])
    assert seen == {f"{n:03d}" for n in range(1, 10)}


async def test_a_card_sheet_as_html_has_eight_cards_a_page_and_masked_names(pool, client, staffed):
    households = [await add_household(pool, staffed.village, f"{n:03d}", "张小明") for n in range(1, 11)]
    sheet = await client.post(
        f"{staffed.api}/card-sheets?format=html&allow_loopback=true",
        json={"household_ids": [str(h) for h in households]},
        headers=staffed.auth("committee"),
    )
    assert sheet.text.count('class="page"') == 2
    assert sheet.text.count('class="card"') == 10
    assert "张*明" in sheet.text
    assert "张小明" not in sheet.text
    assert "@page" in sheet.text
