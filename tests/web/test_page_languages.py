"""Pages speak one language at a time — Chinese unless the language switch (a cookie) or the
browser (Accept-Language) asks for English — and every page links to itself in the other
language. No page shows a person an event-kind code, a validator's phrase or a refusal's
code: every staff page of every role and the residents' pages are walked in both languages,
with a village busy enough that each page has something to show."""

from __future__ import annotations

import re
import secrets
import urllib.parse
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from ledger.domain import carry_over, events, goods_catalog, roster, rule_catalog
from ledger.domain.errors import REFUSAL_CODES
from ledger.messages import LANGUAGE_COOKIE, catalog
from ledger.services import cards
from ledger.web import workbench
from tests.api.steps import award_in_publicity
from tests.api.web import hidden_csrf, log_in, session_cookie, set_cookie
from tests.support import PASSWORD, add_goods, add_household

pytestmark = pytest.mark.anyio

EVENT_KINDS = sorted(
    value
    for name, value in vars(events).items()
    if name.isupper() and isinstance(value, str) and "." in value
)
VALIDATOR_PHRASES = ("Expected `", "at `$.", "- at `", "regex")
CODES = sorted(REFUSAL_CODES | set(catalog.CODES))
CHINESE = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
# The column headings the spreadsheets are read by: an English page names them as the
# sheet must hold them, with the English beside, so there they are the sheet's words.
SHEET_HEADINGS = sorted(
    {
        name
        for sheet in (carry_over, roster, rule_catalog, goods_catalog)
        for names in sheet.HEADERS.values()
        for name in names
    },
    key=len,
    reverse=True,
)
# What people read besides the text itself: a field's hint, a tooltip, a screen reader's label.
READ_ATTRIBUTES = ("placeholder", "title", "aria-label", "alt")


class _Reading(HTMLParser):
    """The words of a page as a person meets them: text (not styles), and the attributes
    that are read out or shown; the language link's own name is left out (it is the one
    word of the other language each page has, on purpose)."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.html_lang: str | None = None
        self.switch: list[tuple[str, str]] = []  # (href, text) of the language links
        self._skipping = 0
        self._switch_href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "html":
            self.html_lang = found.get("lang")
        if tag in ("style", "script"):
            self._skipping += 1
        if tag == "a" and (found.get("href") or "").startswith("/language/"):
            self._switch_href = found["href"]
        self.parts += [found[name] or "" for name in READ_ATTRIBUTES if found.get(name)]
        if tag == "input" and found.get("type") in ("submit", "button") and found.get("value"):
            self.parts.append(found["value"] or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skipping -= 1

    def handle_data(self, data: str) -> None:
        if self._skipping:
            return
        if self._switch_href is not None:
            self.switch.append((self._switch_href, data.strip()))
            self._switch_href = None
            return
        self.parts.append(data)


def _read(page: str) -> _Reading:
    reading = _Reading()
    reading.feed(page)
    reading.close()
    return reading


@dataclass
class _Village:
    """What the busy village holds that pages show as data (names the village typed, not
    the pages' own words)."""

    card_token: str
    receipt_seq: int
    data: list[str] = field(default_factory=list)


async def _busy_village(pool, client, staffed) -> _Village:
    """Households, a card, rules, an award in publicity with an objection, a batch waiting
    for the committee, goods, a sale, fund movements, a declared household: something on
    every page. Names are ASCII where the test chooses them, so that the Chinese left on an
    English page can only be the page's own words."""
    community = staffed.village.community_id
    committee, counter = staffed.auth("committee"), staffed.auth("counter")
    first = await add_household(pool, staffed.village, "001", "Li Xiuying")
    second = await add_household(pool, staffed.village, "002", "Wang Jianguo")
    card = await cards.issue_card(pool, community, None, first)
    rule = (
        await client.post(
            f"{staffed.api}/rules",
            json={"code": "R02", "name": "Clean-up", "points": 5, "category": "environment"},
            headers=committee,
        )
    ).json()["id"]
    for household in (first, second):
        answer = await client.post(
            f"{staffed.api}/awards", json={"household_id": str(household), "rule_id": rule}, headers=committee
        )
        assert answer.status_code == 201, answer.text
    award_seq = await award_in_publicity(client, staffed, second, name="Brave deed")
    await client.post(
        f"/api/v1/boards/{community}/objections",
        json={"award_seq": award_seq, "reason": "not in the village that day"},
        headers={"X-Forwarded-For": f"10.77.{secrets.randbelow(250)}.1"},
    )
    proposed = await client.post(
        f"{staffed.api}/proposals",
        json={"rule_id": rule, "household_ids": [str(first), str(second)], "note": "November clean-up"},
        headers=staffed.auth("scorer"),
    )
    assert proposed.status_code == 201, proposed.text
    soap = await add_goods(pool, staffed.village, "RY001", 3, 10)
    sale = await client.post(
        f"{staffed.api}/redemptions/by-card",
        json={"card": card.short_code, "lines": [{"goods_id": str(soap), "quantity": 1}]},
        headers={**counter, "Idempotency-Key": uuid.uuid4().hex},
    )
    assert sale.status_code == 201, sale.text
    for gift in (
        {"source": "household", "household_id": str(first), "amount_fen": 10_000, "method": "cash"},
        {"source": "enterprise", "donor": "Farm co-op", "amount_fen": 50_000, "method": "transfer"},
    ):
        assert (
            await client.post(f"{staffed.api}/fund/contributions", json=gift, headers=committee)
        ).is_success
    spent = await client.post(
        f"{staffed.api}/fund/expenditures",
        json={"amount_fen": 20_000, "purpose": "Rice for the shop", "payee": "Township co-op"},
        headers=committee,
    )
    assert spent.is_success, spent.text
    await client.post(
        f"{staffed.api}/my-households", json={"household_id": str(first), "kind": "own"}, headers=counter
    )
    community_name = await pool.fetchval("SELECT name FROM communities WHERE community_id = $1", community)
    # Data the fixtures name in Chinese: the community, and add_goods' item and its first stock note.
    return _Village(card.token, sale.json()["event_seq"], [community_name, "商品RY001", "期初库存"])


def _language_headers(language: str, cookie: dict[str, str] | None = None) -> dict[str, str]:
    """Chinese is what a page shows unasked; English is asked for by the switch's cookie."""
    cookies = [cookie["Cookie"]] if cookie else []
    if language == "en":
        cookies.append(f"{LANGUAGE_COOKIE}=en")
    return {"Cookie": "; ".join(cookies)} if cookies else {}


async def _submit(client, path: str, data: dict, headers: dict[str, str]):
    """Post a form and follow its redirect by hand, with the same cookies (httpx would send
    only its own cookie jar's on the way)."""
    answer = await client.post(path, data=data, headers=headers)
    assert answer.status_code == 303, answer.text[:300]
    return await client.get(answer.headers["location"], headers=headers)


def _speaks_to_people(page: str, where: str) -> None:
    """No code or validator text anywhere a person reads it."""
    reading = _read(page)
    text = "\n".join(reading.parts)
    for kind in EVENT_KINDS:
        assert kind not in text, (where, kind)
    for phrase in VALIDATOR_PHRASES:
        assert phrase not in page, (where, phrase)
    for code in CODES:
        assert f"({code})" not in page, (where, code)
        if "_" in code:
            assert code not in text, (where, code)


def _in_one_language(page: str, language: str, data: list[str], where: str) -> None:
    reading = _read(page)
    assert reading.html_lang == {"zh": "zh-CN", "en": "en"}[language], where
    assert [name for _, name in reading.switch] == [{"zh": "English", "en": "中文"}[language]], where
    text = "\n".join(reading.parts)
    for value in data:
        text = text.replace(value, "")
    for heading in SHEET_HEADINGS:  # named with its English beside it: "户号 (number)"
        text = re.sub(re.escape(heading) + r"(?= ?\(?[A-Za-z])", "", text)
    if language == "en":
        leftover = CHINESE.findall(text)
        assert not leftover, (where, "".join(leftover), text[:3000])
    else:
        english_titles = [title for (_, title), _ in workbench.PAGES.values()]
        assert not [title for title in english_titles if f">{title}<" in page], where


async def test_every_page_of_every_role_speaks_one_language_and_no_code(pool, client, staffed):
    village = await _busy_village(pool, client, staffed)
    community = staffed.village.community_id
    visited = 0
    for role, username in staffed.village.usernames.items():
        cookie = session_cookie(await log_in(client, username, PASSWORD))
        paths = ["/staff", "/staff/overview", "/staff/password"] + [
            f"/staff/{community}/{page}" for page, (_, allowed) in workbench.PAGES.items() if role in allowed
        ]
        if role in workbench.PAGES["integrity"][1]:
            paths.append(f"/staff/{community}/integrity/certificate")
        if role == "counter":
            paths.append(f"/staff/{community}/receipts/{village.receipt_seq}")
        closed = next(page for page, (_, allowed) in workbench.PAGES.items() if role not in allowed)
        for language in ("zh", "en"):
            headers = _language_headers(language, cookie)
            for path in paths:
                answer = await client.get(path, headers=headers)
                assert answer.status_code == 200, (role, path, answer.status_code)
                _speaks_to_people(answer.text, f"{role} {language} {path}")
                _in_one_language(
                    answer.text, language, village.data + [username], f"{role} {language} {path}"
                )
                visited += 1
            if role == "counter":  # the cart a scanned card opens
                scan = await client.get(f"/staff/{community}/counter", headers=headers)
                cart = await _submit(
                    client,
                    f"/staff/{community}/counter",
                    {
                        "csrf_token": hidden_csrf(scan.text),
                        "action": "lookup",
                        "card": f"/c/{village.card_token}",
                    },
                    headers,
                )
                assert 'name="idempotency_key"' in cart.text
                _speaks_to_people(cart.text, f"counter {language} cart")
                _in_one_language(cart.text, language, village.data + [username], f"counter {language} cart")
            refused = await client.get(f"/staff/{community}/{closed}", headers=headers)
            assert refused.status_code == 403
            _speaks_to_people(refused.text, f"{role} {language} {closed} (refused)")
            _in_one_language(refused.text, language, village.data + [username], f"{role} {language} {closed}")
    assert visited > 50
    for language in ("zh", "en"):
        headers = _language_headers(language)
        for path, status in (
            (f"/c/{village.card_token}", 200),
            (f"/c/{'x' * 43}", 404),
            (f"/board/{community}", 200),
            ("/login", 200),
        ):
            answer = await client.get(path, headers=headers)
            assert answer.status_code == status, path
            _speaks_to_people(answer.text, f"resident {language} {path}")
            _in_one_language(answer.text, language, village.data, f"resident {language} {path}")


async def test_refusals_on_pages_are_words_with_their_numbers_and_no_code(pool, client, staffed):
    community = staffed.village.community_id
    await add_household(pool, staffed.village, "001")
    rule = (
        await client.post(
            f"{staffed.api}/rules",
            json={"code": "R02", "name": "Clean-up", "points": 5},
            headers=staffed.auth("committee"),
        )
    ).json()["id"]
    for language, expected in (("zh", "没有户号为 9-999 的户"), ("en", "no household numbered 9-999")):
        cookie = session_cookie(await log_in(client, staffed.village.usernames["scorer"], PASSWORD))
        headers = _language_headers(language, cookie)
        page = await client.get(f"/staff/{community}/propose", headers=headers)
        unknown = await _submit(
            client,
            f"/staff/{community}/propose",
            {"csrf_token": hidden_csrf(page.text), "rule_id": rule, "numbers": "001 9-999"},
            headers,
        )
        assert unknown.status_code == 404 and expected in unknown.text
        _speaks_to_people(unknown.text, f"refused proposal {language}")
        assert "not_found" not in unknown.text
    admin = session_cookie(await log_in(client, staffed.village.usernames["admin"], PASSWORD))
    for language in ("zh", "en"):
        headers = _language_headers(language, admin)
        page = await client.get(f"/staff/{community}/staff", headers=headers)
        no_roles = await _submit(
            client,
            f"/staff/{community}/staff",
            {
                "csrf_token": hidden_csrf(page.text),
                "action": "create",
                "username": f"grid{uuid.uuid4().hex[:8]}",
                "password": "a-long-enough-password",
            },
            headers,
        )
        assert no_roles.status_code == 400
        _speaks_to_people(no_roles.text, f"refused account {language}")
        names = [await pool.fetchval("SELECT name FROM communities WHERE community_id = $1", community)]
        _in_one_language(no_roles.text, language, names, f"refused account {language}")


async def test_the_same_page_in_english_by_cookie_or_by_the_browser(pool, client, staffed):
    community = staffed.village.community_id
    chinese = await client.get("/login")
    by_cookie = await client.get("/login", headers={"Cookie": f"{LANGUAGE_COOKIE}=en"})
    by_browser = await client.get(f"/board/{community}", headers={"Accept-Language": "en-GB,en;q=0.9"})
    cookie_wins = await client.get(
        f"/board/{community}", headers={"Accept-Language": "en", "Cookie": f"{LANGUAGE_COOKIE}=zh"}
    )
    assert (
        '<html lang="zh-CN">' in chinese.text and "用户名" in chinese.text and "Username" not in chinese.text
    )
    assert (
        '<html lang="en">' in by_cookie.text
        and "Username" in by_cookie.text
        and "用户名" not in by_cookie.text
    )
    assert "Public board" in by_browser.text and "公示栏" not in by_browser.text
    assert "公示栏" in cookie_wins.text and "Public board" not in cookie_wins.text
    staff = session_cookie(await log_in(client, staffed.village.usernames["counter"], PASSWORD))
    counter = await client.get(f"/staff/{community}/counter", headers=_language_headers("en", staff))
    assert "Scan the card or type its code" in counter.text and "扫卡" not in counter.text
    assert ">Counter<" in counter.text and ">超市收银<" not in counter.text  # the nav, too


async def test_the_switch_remembers_the_language_for_a_year_and_goes_back_to_the_page(client):
    answer = await client.get("/language/en", params={"back": "/login"})
    assert (answer.status_code, answer.headers["location"]) == (303, "/login")
    value, attributes = set_cookie(answer, LANGUAGE_COOKIE)
    assert value == "en"
    for attribute in ("max-age=31536000", "path=/", "samesite=lax", "httponly"):
        assert attribute in attributes
    assert "secure" not in attributes  # plain http on the village network: it must come back
    over_https = await client.get(
        "/language/zh", params={"back": "/login"}, headers={"X-Forwarded-Proto": "https"}
    )
    value_over_https, attributes_over_https = set_cookie(over_https, LANGUAGE_COOKIE)
    assert value_over_https == "zh" and "secure" in attributes_over_https
    followed = await client.get("/login", headers={"Cookie": f"{LANGUAGE_COOKIE}={value}"})
    assert "Log in" in followed.text


async def test_the_switch_goes_back_only_to_a_page_of_this_site(client):
    for back in (
        "//evil.example",
        "https://evil.example",
        "/\\evil.example",
        "http:/evil.example",
        "javascript:alert(1)",
        "evil.example",
        "",
        "/staff\r\nSet-Cookie: x=y",
        "/" + "a" * 3000,
    ):
        answer = await client.get("/language/en", params={"back": back})
        assert (answer.status_code, answer.headers["location"]) == (303, "/"), back
    kept = await client.get("/language/en", params={"back": "/board/x?month=2026-12"})
    assert kept.headers["location"] == "/board/x?month=2026-12"
    no_back = await client.get("/language/zh")
    assert no_back.headers["location"] == "/"
    unknown = await client.get("/language/fr", params={"back": "/login"})
    assert unknown.status_code == 404 and LANGUAGE_COOKIE not in unknown.headers.get("set-cookie", "")


async def test_every_page_links_to_itself_in_the_other_language(pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "001")
    card = await cards.issue_card(pool, community, None, household)
    cookie = session_cookie(await log_in(client, staffed.village.usernames["counter"], PASSWORD))
    for path, headers in (
        ("/login", {}),
        (f"/c/{card.token}", {}),
        (f"/board/{community}", {}),
        ("/staff", cookie),
        ("/staff/overview", cookie),
        (f"/staff/{community}/events?household=001", cookie),
        # A form's notice was worded in this language: the page in the other one goes without it.
        (f"/staff/{community}/events?household=001&notice=abc", cookie),
    ):
        page = await client.get(path, headers=headers)
        ((href, name),) = _read(page.text).switch
        target = urllib.parse.urlsplit(href)
        assert (target.path, name) == ("/language/en", "English"), path
        back = path.split("&notice=")[0]
        assert urllib.parse.parse_qs(target.query)["back"] == [back]
        switched = await client.get(href, headers=headers)
        assert switched.headers["location"] == back
        client.cookies.clear()  # the switch's cookie is this test's to send, not the client's jar
        english = await client.get(path, headers=_language_headers("en", headers or None))
        ((href, name),) = _read(english.text).switch
        assert (urllib.parse.urlsplit(href).path, name) == ("/language/zh", "中文")
