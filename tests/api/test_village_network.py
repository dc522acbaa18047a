"""A village office serves phones on its own Wi-Fi over plain http://<office-ip>:8000: staff
log in from a phone's browser (a real cookie jar, which never sends a Secure cookie over
plain HTTP), work, and log out; cards print the address phones can open."""

from __future__ import annotations

import io
import subprocess

import httpx
import pypdfium2
import pytest

from tests.api.web import hidden_csrf
from tests.support import PASSWORD, add_household, add_rule

pytestmark = pytest.mark.anyio


async def test_a_scorer_logs_in_proposes_and_logs_out_over_plain_http_at_a_lan_name(server, pool, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "001", "赵春梅")
    rule = await add_rule(pool, staffed.village, "R02", 5)
    # The phone's browser: its own cookie jar, the office machine's name in the Host header.
    async with httpx.AsyncClient(
        base_url=server.base_url,
        headers={"Host": "village.lan:8000", "X-Forwarded-For": "10.77.0.9"},
        follow_redirects=True,
    ) as phone:
        form = await phone.get("/login")
        assert "没有加密" in form.text
        home = await phone.post(
            "/login",
            data={
                "username": staffed.village.usernames["scorer"],
                "password": PASSWORD,
                "csrf_token": hidden_csrf(form.text),
            },
        )
        assert home.status_code == 200, home.text[:500]
        assert str(home.url).endswith("/staff")  # no loop back to the log-in page
        page = await phone.get(f"/staff/{community}/propose")
        assert page.status_code == 200
        proposed = await phone.post(
            f"/staff/{community}/propose",
            data={
                "csrf_token": hidden_csrf(page.text),
                "rule_id": str(rule),
                "household_id": [str(household)],
                "note": "打扫村道",
            },
        )
        assert proposed.history[0].status_code == 303
        assert proposed.status_code == 200
        assert "已提交 1 户" in proposed.text or "1 household" in proposed.text
        waiting = (await phone.get(f"{staffed.api}/proposals", headers=staffed.auth("committee"))).json()
        assert [p["number"] for p in waiting] == ["001"]
        out = await phone.post("/logout", data={"csrf_token": hidden_csrf(proposed.text)})
        assert str(out.url).endswith("/login")
        assert (await phone.get("/staff", follow_redirects=False)).status_code == 303  # logged out


async def test_cards_refuse_to_print_an_address_only_this_machine_opens(client, pool, staffed, tmp_path):
    household = await add_household(pool, staffed.village, "002")
    refused = await client.post(
        f"{staffed.api}/card-sheets?format=html",
        json={"household_ids": [str(household)]},
        headers=staffed.auth("committee"),
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "validation_failed"
    assert "127.0.0.1" in refused.json()["detail"]
    # Opened at the office machine's LAN address, the cards carry that address.
    printed = await client.post(
        f"{staffed.api}/card-sheets?format=pdf",
        json={"household_ids": [str(household)]},
        headers={**staffed.auth("committee"), "Host": "192.168.1.20:8000"},
    )
    assert printed.status_code == 200
    image = tmp_path / "card.png"
    pypdfium2.PdfDocument(io.BytesIO(printed.content))[0].render(scale=3).to_pil().save(image)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True)
    assert decoded.stdout.startswith("http://192.168.1.20:8000/c/")
