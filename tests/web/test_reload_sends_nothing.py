"""Every form answers post → redirect → get: reloading the page a form led to sends
nothing again (counted in the record: the community's head does not move)."""

from __future__ import annotations

import pytest

from ledger.services import cards
from ledger.store import queries
from tests.api.steps import award_in_publicity
from tests.api.web import hidden_csrf, log_in, session_cookie, submit
from tests.support import PASSWORD, add_goods, add_household, add_rule, give_points

pytestmark = pytest.mark.anyio


async def _head(pool, community) -> int:
    return (await queries.community(pool, community))["head_seq"]


async def _reload_changes_nothing(client, pool, community, answer, headers=None) -> None:
    before = await _head(pool, community)
    again = await client.get(str(answer.url), headers=headers or {})
    assert again.status_code == answer.status_code
    assert await _head(pool, community) == before


async def test_a_workbench_form_a_sale_and_a_cancellation_each_reload_without_effect(pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "001")
    rule = await add_rule(pool, staffed.village, "R02", 5)
    scorer = session_cookie(await log_in(client, staffed.village.usernames["scorer"], PASSWORD))
    page = await client.get(f"/staff/{community}/propose", headers=scorer)
    before = await _head(pool, community)
    proposed = await submit(
        client,
        f"/staff/{community}/propose",
        data={"csrf_token": hidden_csrf(page.text), "rule_id": str(rule), "household_id": [str(household)]},
        headers=scorer,
    )
    assert await _head(pool, community) == before + 1
    await _reload_changes_nothing(client, pool, community, proposed, scorer)

    await give_points(pool, staffed.village, household, 30)
    soap = await add_goods(pool, staffed.village, "RY001", 5, 10)
    card = await cards.issue_card(pool, community, None, household)
    counter = session_cookie(await log_in(client, staffed.village.usernames["counter"], PASSWORD))
    scan = await client.get(f"/staff/{community}/counter", headers=counter)
    csrf = hidden_csrf(scan.text)
    cart = await submit(
        client,
        f"/staff/{community}/counter",
        data={"csrf_token": csrf, "action": "lookup", "card": card.short_code},
        headers=counter,
    )
    await _reload_changes_nothing(client, pool, community, cart, counter)
    key = cart.text.split('name="idempotency_key" value="', 1)[1].split('"', 1)[0]
    sold = await submit(
        client,
        f"/staff/{community}/counter",
        data={
            "csrf_token": csrf,
            "action": "sell",
            "card": card.short_code,
            "idempotency_key": key,
            f"quantity_{soap}": "1",
        },
        headers=counter,
    )
    assert (await queries.household(pool, community, household))["spendable"] == 25
    await _reload_changes_nothing(client, pool, community, sold, counter)
    seq = sold.url.path.rsplit("/", 1)[1]
    cancelled = await submit(
        client,
        f"/staff/{community}/counter",
        data={"csrf_token": csrf, "action": "cancel", "seq": seq, "reason": "刷错了卡"},
        headers=counter,
    )
    await _reload_changes_nothing(client, pool, community, cancelled, counter)
    assert (await queries.household(pool, community, household))["spendable"] == 30


async def test_an_objection_from_the_board_and_printed_cards_reload_without_effect(pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "002")
    award_seq = await award_in_publicity(client, staffed, household)
    before = await _head(pool, community)
    objected = await submit(
        client, f"/board/{community}/objections", data={"award_seq": str(award_seq), "reason": "不属实"}
    )
    assert objected.status_code == 200
    assert await _head(pool, community) == before + 1
    await _reload_changes_nothing(client, pool, community, objected)

    committee = session_cookie(await log_in(client, staffed.village.usernames["committee"], PASSWORD))
    page = await client.get(f"/staff/{community}/households", headers=committee)
    form = {"csrf_token": hidden_csrf(page.text), "household_id": [str(household)], "allow_loopback": "yes"}
    unconfirmed = await submit(client, f"/staff/{community}/households/cards", data=form, headers=committee)
    assert unconfirmed.status_code == 400  # printing replaces cards: the committee must say it knows
    before = await _head(pool, community)
    printed = await submit(
        client,
        f"/staff/{community}/households/cards",
        data={**form, "replace_confirmed": "yes"},
        headers=committee,
    )
    assert printed.headers["content-type"] == "application/pdf"
    assert await _head(pool, community) == before + 1  # one new card
    again = await client.get(str(printed.url), headers=committee)
    assert again.content == printed.content  # the same sheet, no new card
    assert await _head(pool, community) == before + 1


async def test_a_notice_shows_only_on_its_own_page_and_to_its_own_session(pool, client, staffed):
    community = staffed.village.community_id
    household = await add_household(pool, staffed.village, "003")
    card = await cards.issue_card(pool, community, None, household)
    counter = session_cookie(await log_in(client, staffed.village.usernames["counter"], PASSWORD))
    scan = await client.get(f"/staff/{community}/counter", headers=counter)
    posted = await client.post(
        f"/staff/{community}/counter",
        data={"csrf_token": hidden_csrf(scan.text), "action": "lookup", "card": card.short_code},
        headers=counter,
    )
    notice = posted.headers["location"].split("notice=", 1)[1]
    cart = await client.get(posted.headers["location"], headers=counter)
    assert "data-cart" in cart.text
    # Another page of the same session, with this page's notice: shown as if it had none.
    goods = await client.get(f"/staff/{community}/goods?notice={notice}", headers=counter)
    assert goods.status_code == 200
    # Another session, with this session's notice: the plain scan screen, no household.
    other = session_cookie(await log_in(client, staffed.village.usernames["counter"], PASSWORD))
    theirs = await client.get(posted.headers["location"], headers=other)
    assert theirs.status_code == 200
    assert "data-cart" not in theirs.text


def _page_forms() -> list[str]:
    from ledger.web.routes import ROUTES

    return sorted(path for handler in ROUTES if "POST" in handler.http_methods for path in handler.paths)


@pytest.mark.parametrize("path", _page_forms())
async def test_every_page_form_answers_with_a_redirect_even_when_refused(client, staffed, path):
    """A form posted with nothing in it (no CSRF token either) is refused — and still answered
    with a redirect to the page that says so, as every form is: its result page can be
    reloaded without posting again."""
    from ledger.web.workbench import PAGES

    community = staffed.village.community_id
    page = path.removeprefix("/staff/{community_id:uuid}/").split("/")[0]
    roles = PAGES[page][1] if page in PAGES else frozenset({"admin"})
    role = sorted(roles)[0]
    cookie = session_cookie(await log_in(client, staffed.village.usernames[role], PASSWORD))
    answer = await client.post(path.replace("{community_id:uuid}", str(community)), data={}, headers=cookie)
    assert answer.status_code == 303, (path, answer.status_code, answer.text[:200])
