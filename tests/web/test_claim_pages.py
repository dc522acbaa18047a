"""Residents' claims in pages: the card page's form (a rule, a note, the day, a photo in one
post), what the card then says, a refusal shown on the card with its status and nothing
written; the grid's scorer decides on the workbench's claims page and the resident reads the
outcome on the card. Also over JSON: a claim, its photo, the open claims, a decision."""

from __future__ import annotations

import uuid

import pytest

from ledger.domain import commands
from ledger.services import cards, groups, rule_catalog
from ledger.store import queries
from tests.api.web import hidden_csrf, log_in, session_cookie, submit
from tests.support import PASSWORD, add_household, add_rule, keep_the_day_from_turning, photo

pytestmark = pytest.mark.anyio


async def _village_with_a_claimable_rule(pool, staffed):
    """Household 001 in grid 东片, looked after by the village's scorer, with a card; R02
    (5 points, in publicity) open to claims."""
    village = staffed.village
    await keep_the_day_from_turning(pool, village)
    group = await groups.create_group(
        pool, village.community_id, None, commands.CreateGroup(kind="group", name="一组")
    )
    east = await groups.create_group(
        pool, village.community_id, None, commands.CreateGroup(kind="grid", name="东片", parent_id=group)
    )
    household = await add_household(pool, village, "001", "李秀英")
    move = commands.MoveHousehold(household_id=household, group_id=group, grid_id=east)
    await groups.move_household(pool, village.community_id, None, move)
    await groups.assign_grid(pool, village.community_id, None, east, village.staff["scorer"])
    rule = await add_rule(pool, village, "R02", 5)
    change = commands.ChangeRule(claimable=True, needs_publicity=True)
    await rule_catalog.change_rule(pool, village.community_id, None, rule, change)
    card = await cards.issue_card(pool, village.community_id, None, household)
    return card.token, rule


async def _head(pool, staffed) -> int:
    return (await queries.community(pool, staffed.village.community_id))["head_seq"]


async def test_a_resident_claims_on_the_card_page_and_the_grids_scorer_approves_on_the_workbench(
    pool, client, staffed
):
    token, rule = await _village_with_a_claimable_rule(pool, staffed)
    card = await client.get(f"/c/{token}")
    assert "我要申报" in card.text and "今天还可申报 3 次" in card.text and "规则R02 +5" in card.text
    sent = await client.post(
        f"/c/{token}/claims",
        data={"rule_id": str(rule), "note": "打扫了村口的巷子", "occurred_on": ""},
        files={"photo": ("lane.jpg", photo(), "image/jpeg")},
    )
    assert sent.status_code == 303 and sent.headers["location"].startswith(f"/c/{token}?notice=")
    card = await client.get(sent.headers["location"])
    assert "申报已提交" in card.text and "待审核" in card.text and "今天还可申报 2 次" in card.text

    cookie = session_cookie(await log_in(client, staffed.village.usernames["scorer"], PASSWORD))
    page = await client.get(f"/staff/{staffed.village.community_id}/claims", headers=cookie)
    assert page.status_code == 200 and "村民申报审核" in page.text
    assert "001 李秀英" in page.text and "东片" in page.text and "看照片" in page.text
    proposal = page.text.split('name="proposal_id" value="')[1].split('"')[0]
    shown = await client.get(
        f"/staff/{staffed.village.community_id}/claims/{proposal}/evidence", headers=cookie
    )
    assert shown.status_code == 200 and shown.headers["content-type"].startswith("image/")
    approved = await submit(
        client,
        f"/staff/{staffed.village.community_id}/claims",
        data={
            "csrf_token": hidden_csrf(page.text),
            "proposal_id": proposal,
            "decision": "approve",
            "reason": "",
        },
        headers=cookie,
    )
    assert "已通过，加 5 分" in approved.text and "没有待审核的村民申报" in approved.text
    card = await client.get(f"/c/{token}")
    assert "已通过，公示中" in card.text


async def _posted(client, token: str, **request):
    """The claim form posted as a phone does, and the card page it is sent back to."""
    answer = await client.post(f"/c/{token}/claims", **request)
    assert answer.status_code == 303, answer.text[:300]
    return await client.get(answer.headers["location"])


async def test_a_refused_claim_is_said_on_the_card_with_its_status_and_writes_nothing(pool, client, staffed):
    token, rule = await _village_with_a_claimable_rule(pool, staffed)
    await _posted(client, token, data={"rule_id": str(rule), "note": "扫雪"})
    before = await _head(pool, staffed)
    again = await _posted(client, token, data={"rule_id": str(rule), "note": "扫雪"})
    assert again.status_code == 409
    assert "未能提交" in again.text and "每张积分卡每天最多申报 1 次" in again.text
    unknown_rule = await _posted(client, token, data={"rule_id": str(uuid.uuid4()), "note": "x"})
    assert unknown_rule.status_code == 404 and "本村没有这条细则" in unknown_rule.text
    not_a_rule = await _posted(client, token, data={"rule_id": "abc", "note": "x"})
    assert not_a_rule.status_code == 400 and "请选择申报事项" in not_a_rule.text
    not_a_photo = await _posted(
        client,
        token,
        data={"rule_id": str(rule), "note": "x"},
        files={"photo": ("lane.jpg", b"not a picture", "image/jpeg")},
    )
    assert not_a_photo.status_code == 400
    elsewhere = await _posted(
        client, token, data={"rule_id": str(rule), "note": "x"}, headers={"Origin": "https://evil.example"}
    )
    assert elsewhere.status_code == 403
    assert await _head(pool, staffed) == before
    # A reload of the card shows the card again, without the notice's status.
    assert (await client.get(f"/c/{token}")).status_code == 200
    assert (await _posted(client, "x" * 30, data={"rule_id": str(rule)})).status_code == 404


async def test_the_card_pages_notices_keep_the_tokens_hash_never_the_token(pool, client, staffed):
    token, rule = await _village_with_a_claimable_rule(pool, staffed)
    await _posted(client, token, data={"rule_id": str(rule), "note": "扫雪"})
    pages = [row["path"] for row in await pool.fetch("SELECT path FROM page_notices WHERE path LIKE '/c/%'")]
    assert pages and not any(token in page for page in pages)


async def test_a_claim_over_json_with_its_photo_and_its_decision(pool, client, staffed):
    token, rule = await _village_with_a_claimable_rule(pool, staffed)
    made = await client.post(f"/api/v1/cards/{token}/claims", json={"rule_id": str(rule), "note": "扫了巷子"})
    assert made.status_code == 201, made.text
    proposal = made.json()["proposal_id"]
    assert made.json()["claims_left_today"] == 2
    added = await client.post(
        f"/api/v1/cards/{token}/claims/{proposal}/evidence",
        content=photo(),
        headers={"Content-Type": "image/jpeg"},
    )
    assert added.status_code == 204, added.text
    listed = await client.get(f"{staffed.api}/claims", headers=staffed.auth("scorer"))
    assert [(c["number"], c["has_evidence"]) for c in listed.json()] == [("001", True)]
    rejected = await client.post(
        f"{staffed.api}/claims/{proposal}/decision", json={"approve": False}, headers=staffed.auth("scorer")
    )
    assert rejected.status_code == 400 and rejected.json()["code"] == "validation_failed"
    rejected = await client.post(
        f"{staffed.api}/claims/{proposal}/decision",
        json={"approve": False, "reason": "照片不是本村的巷子"},
        headers=staffed.auth("scorer"),
    )
    assert rejected.status_code == 200 and "rejected" in rejected.json()
    [claim] = (await client.get(f"/api/v1/cards/{token}")).json()["claims"]
    assert (claim["state"], claim["reason"]) == ("rejected", "照片不是本村的巷子")
    refused = await client.post(f"/api/v1/cards/{token}/claims", json={"rule_id": str(rule)})
    assert refused.status_code == 409 and refused.json()["code"] == "claim_limit_reached"
