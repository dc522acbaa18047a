"""The happiness fund under 四议两公开 over HTTP: above the policy's threshold an expenditure is
paid only under a recorded, unused resolution that covers it; every refusal has its code and
writes nothing; below the threshold nothing changes; the board posts the resolution and the
result with its receipt photo."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from ledger.store import integrity, queries
from tests.support import community_today, last_month, photo

pytestmark = pytest.mark.anyio

THRESHOLD_FEN = 500_000  # 5,000 yuan


def _resolution(**changes):
    return {
        "meeting": "villager_representatives",
        "meeting_on": last_month(10).isoformat(),
        "purpose": "修缮村道路灯",
        "amount_fen": 800_000,
        "entitled": 30,
        "attended": 24,
        "voted_for": 21,
    } | changes


def _spending(amount_fen, **changes):
    return {"amount_fen": amount_fen, "purpose": "修缮村道路灯", "payee": "镇电器维修部"} | changes


async def _fund_with_threshold(client, staffed, threshold_fen=THRESHOLD_FEN, gift_fen=2_000_000):
    committee = staffed.auth("committee")
    set_policy = await client.patch(
        f"{staffed.api}/policy", json={"fund_resolution_threshold_fen": threshold_fen}, headers=committee
    )
    assert set_policy.status_code == 200, set_policy.text
    gift = await client.post(
        f"{staffed.api}/fund/contributions",
        json={
            "source": "enterprise",
            "donor": "示范农业合作社",
            "amount_fen": gift_fen,
            "method": "transfer",
            "occurred_on": last_month(2).isoformat(),
        },
        headers=committee,
    )
    assert gift.status_code == 201, gift.text


async def _resolve(client, staffed, **changes):
    answer = await client.post(
        f"{staffed.api}/fund/resolutions", json=_resolution(**changes), headers=staffed.auth("committee")
    )
    assert answer.status_code == 201, answer.text
    return answer.json()


async def _state(pool, staffed):
    """What a refusal must leave as it was: the chain's head, the fund and every resolution."""
    community_id = staffed.village.community_id
    head = await queries.community(pool, community_id)
    resolutions = await pool.fetch(
        "SELECT * FROM fund_resolutions WHERE community_id = $1 ORDER BY resolved_seq", community_id
    )
    return head["head_seq"], await queries.fund_balance(pool, community_id), [dict(r) for r in resolutions]


async def _refused(client, pool, staffed, path, body, status, code):
    before = await _state(pool, staffed)
    answer = await client.post(f"{staffed.api}{path}", json=body, headers=staffed.auth("committee"))
    assert answer.status_code == status, answer.text
    assert answer.json()["code"] == code
    assert await _state(pool, staffed) == before


async def test_the_policy_starts_with_the_rule_off_and_a_change_is_an_entry(client, staffed):
    policy = await client.get(f"{staffed.api}/policy", headers=staffed.auth("committee"))
    assert policy.json()["fund_resolution_threshold_fen"] == 0
    await client.patch(
        f"{staffed.api}/policy",
        json={"fund_resolution_threshold_fen": 500_000},
        headers=staffed.auth("committee"),
    )
    events = (await client.get(f"{staffed.api}/events?limit=100", headers=staffed.auth("supervisor"))).json()
    change = [e for e in events["events"] if e["kind"] == "community.policy_changed"][-1]
    assert change["body"]["changes"] == {"fund_resolution_threshold_fen": 500_000}
    assert change["body"]["before"] == {"fund_resolution_threshold_fen": 0}


async def test_above_the_threshold_without_a_resolution_is_refused_and_writes_nothing(pool, client, staffed):
    await _fund_with_threshold(client, staffed)
    await _refused(
        client, pool, staffed, "/fund/expenditures", _spending(500_001), 409, "resolution_required"
    )


async def test_below_or_at_the_threshold_nothing_changes(pool, client, staffed):
    await _fund_with_threshold(client, staffed)
    spent = await client.post(
        f"{staffed.api}/fund/expenditures", json=_spending(500_000), headers=staffed.auth("committee")
    )
    assert spent.status_code == 201, spent.text
    assert spent.json()["balance_fen"] == 1_500_000


async def test_with_the_rule_off_any_amount_is_paid_as_before(pool, client, staffed):
    await _fund_with_threshold(client, staffed, threshold_fen=0)
    spent = await client.post(
        f"{staffed.api}/fund/expenditures", json=_spending(1_900_000), headers=staffed.auth("committee")
    )
    assert spent.status_code == 201, spent.text


async def test_a_resolution_pays_one_expenditure_of_at_most_its_amount(pool, client, staffed):
    await _fund_with_threshold(client, staffed)
    resolution = await _resolve(client, staffed)
    named = {"resolution_id": resolution["resolution_id"]}
    unknown = {"resolution_id": "00000000-0000-4000-8000-000000000000"}
    await _refused(
        client,
        pool,
        staffed,
        "/fund/expenditures",
        _spending(700_000, **unknown),
        404,
        "resolution_not_found",
    )
    await _refused(
        client, pool, staffed, "/fund/expenditures", _spending(800_001, **named), 409, "over_resolved_amount"
    )
    spent = await client.post(
        f"{staffed.api}/fund/expenditures",
        json=_spending(760_000, **named),
        headers=staffed.auth("committee"),
    )
    assert spent.status_code == 201, spent.text
    await _refused(
        client, pool, staffed, "/fund/expenditures", _spending(10_000, **named), 409, "resolution_used"
    )
    events = (await client.get(f"{staffed.api}/events?limit=100", headers=staffed.auth("supervisor"))).json()
    paid = next(e for e in events["events"] if e["seq"] == spent.json()["event_seq"])
    assert paid["body"]["resolution_id"] == resolution["resolution_id"]


async def test_the_fund_never_goes_below_zero_even_under_a_resolution(pool, client, staffed):
    await _fund_with_threshold(client, staffed, gift_fen=600_000)
    resolution = await _resolve(client, staffed)
    await _refused(
        client,
        pool,
        staffed,
        "/fund/expenditures",
        _spending(700_000, resolution_id=resolution["resolution_id"]),
        409,
        "insufficient_funds",
    )


async def test_a_meeting_short_of_its_quorum_or_majority_resolves_nothing(pool, client, staffed):
    # 村民代表会议: two thirds or more attend (20 of 30 is enough, 19 is not), and more than
    # half of those attending vote for (11 of 20 is enough, 10 is not).
    await _refused(
        client,
        pool,
        staffed,
        "/fund/resolutions",
        _resolution(attended=19, voted_for=15),
        409,
        "quorum_not_met",
    )
    await _refused(
        client,
        pool,
        staffed,
        "/fund/resolutions",
        _resolution(attended=20, voted_for=10),
        409,
        "majority_not_reached",
    )
    # 村民会议: more than half of the adult villagers attend (201 of 400 is enough, 200 is not).
    villagers = {"meeting": "villagers", "entitled": 400}
    await _refused(
        client,
        pool,
        staffed,
        "/fund/resolutions",
        _resolution(**villagers, attended=200, voted_for=150),
        409,
        "quorum_not_met",
    )
    await _refused(
        client,
        pool,
        staffed,
        "/fund/resolutions",
        _resolution(attended=25, voted_for=26),
        400,
        "validation_failed",
    )
    await _resolve(client, staffed, attended=20, voted_for=11)
    await _resolve(client, staffed, **villagers, attended=201, voted_for=101)


async def test_the_board_posts_the_resolution_and_the_result_with_its_receipt(pool, client, staffed):
    await _fund_with_threshold(client, staffed)
    committee = staffed.auth("committee")
    resolution = await _resolve(client, staffed)
    waiting = (await client.get(f"/api/v1/boards/{staffed.village.community_id}/fund")).json()
    assert [r["resolution_id"] for r in waiting["resolutions"]] == [resolution["resolution_id"]]
    assert waiting["resolutions"][0]["expenditure"] is None
    assert waiting["threshold_fen"] == THRESHOLD_FEN
    spent = (
        await client.post(
            f"{staffed.api}/fund/expenditures",
            json=_spending(
                760_000, resolution_id=resolution["resolution_id"], occurred_on=community_today().isoformat()
            ),
            headers=committee,
        )
    ).json()
    receipt = await client.post(
        f"{staffed.api}/fund/expenditures/{spent['event_seq']}/receipt",
        content=photo(),
        headers={**committee, "Content-Type": "image/jpeg"},
    )
    assert receipt.status_code == 201, receipt.text
    posted = (await client.get(f"/api/v1/boards/{staffed.village.community_id}/fund")).json()["resolutions"][
        0
    ]
    assert posted["expenditure"] == {
        "expenditure_seq": spent["event_seq"],
        "occurred_on": community_today().isoformat(),
        "payee": "镇电器维修部",
        "amount_fen": 760_000,
        "has_receipt": True,
    }
    image = await client.get(
        f"/api/v1/boards/{staffed.village.community_id}/fund/receipts/{spent['event_seq']}"
    )
    assert image.headers["content-type"] == "image/jpeg"
    assert Image.open(io.BytesIO(image.content)).size == (800, 600)
    page = (await client.get(f"/board/{staffed.village.community_id}")).text
    assert "决议公开" in page and "实施结果公开" in page
    assert "修缮村道路灯" in page and "镇电器维修部" in page and "7,600.00" in page
    assert f"/api/v1/boards/{staffed.village.community_id}/fund/receipts/{spent['event_seq']}" in page


async def test_a_receipt_belongs_to_an_expenditure_under_a_resolution(pool, client, staffed):
    await _fund_with_threshold(client, staffed)
    plain = (
        await client.post(
            f"{staffed.api}/fund/expenditures", json=_spending(1_000), headers=staffed.auth("committee")
        )
    ).json()
    before = await _state(pool, staffed)
    answer = await client.post(
        f"{staffed.api}/fund/expenditures/{plain['event_seq']}/receipt",
        content=photo(),
        headers={**staffed.auth("committee"), "Content-Type": "image/jpeg"},
    )
    assert answer.status_code == 404
    assert answer.json()["code"] == "not_found"
    assert await _state(pool, staffed) == before


async def test_rebuild_reproduces_the_resolutions_and_names_an_edit(pool, owner, client, staffed):
    community_id = staffed.village.community_id
    await _fund_with_threshold(client, staffed)
    used = await _resolve(client, staffed)
    await _resolve(client, staffed, purpose="村民小组道路硬化")
    spent = (
        await client.post(
            f"{staffed.api}/fund/expenditures",
            json=_spending(760_000, resolution_id=used["resolution_id"]),
            headers=staffed.auth("committee"),
        )
    ).json()
    await client.post(
        f"{staffed.api}/fund/expenditures/{spent['event_seq']}/receipt",
        content=photo(),
        headers={**staffed.auth("committee"), "Content-Type": "image/jpeg"},
    )
    assert await integrity.check_rebuild(pool, community_id) == []
    await owner.execute(
        "UPDATE fund_resolutions SET expenditure_seq = NULL, receipt_seq = NULL, receipt_image_id = NULL"
        " WHERE community_id = $1 AND resolution_id = $2",
        community_id,
        used["resolution_id"],
    )
    found = await integrity.check_rebuild(pool, community_id)
    assert found == [
        f"fund resolution (expenditure, receipt, withdrawal) {used['resolution_id']}: "
        f"log gives ({spent['event_seq']}, {spent['event_seq'] + 1}, None), table has (None, None, None)"
    ]


async def _withdraw(client, staffed, resolution_id, reason="金额录错，已重新记入"):
    return await client.post(
        f"{staffed.api}/fund/resolutions/{resolution_id}/withdrawal",
        json={"reason": reason},
        headers=staffed.auth("committee"),
    )


async def test_a_resolution_recorded_in_error_is_withdrawn_and_approves_nothing_after(pool, client, staffed):
    await _fund_with_threshold(client, staffed)
    wrong = await _resolve(client, staffed, amount_fen=8_000_000)  # 80,000 yuan: one zero too many
    right = await _resolve(client, staffed)
    withdrawn = await _withdraw(client, staffed, wrong["resolution_id"])
    assert withdrawn.status_code == 201, withdrawn.text
    assert withdrawn.json()["resolution_id"] == wrong["resolution_id"]
    named = {"resolution_id": wrong["resolution_id"]}
    await _refused(
        client, pool, staffed, "/fund/expenditures", _spending(700_000, **named), 409, "resolution_withdrawn"
    )
    events = (await client.get(f"{staffed.api}/events?limit=100", headers=staffed.auth("supervisor"))).json()
    entry = next(e for e in events["events"] if e["seq"] == withdrawn.json()["event_seq"])
    assert entry["kind"] == "fund.resolution_withdrawn"
    assert entry["body"] == {"resolution_id": wrong["resolution_id"], "reason": "金额录错，已重新记入"}
    posted = (await client.get(f"/api/v1/boards/{staffed.village.community_id}/fund")).json()
    assert [r["resolution_id"] for r in posted["resolutions"]] == [right["resolution_id"]]
    assert await integrity.check_rebuild(pool, staffed.village.community_id) == []


async def test_a_used_withdrawn_or_unknown_resolution_is_not_withdrawn_and_nothing_is_written(
    pool, client, staffed
):
    await _fund_with_threshold(client, staffed)
    used, withdrawn = await _resolve(client, staffed), await _resolve(client, staffed)
    paid = await client.post(
        f"{staffed.api}/fund/expenditures",
        json=_spending(760_000, resolution_id=used["resolution_id"]),
        headers=staffed.auth("committee"),
    )
    assert paid.status_code == 201, paid.text
    assert (await _withdraw(client, staffed, withdrawn["resolution_id"])).status_code == 201
    reason = {"reason": "记错了"}
    for resolution_id, status, code in (
        (used["resolution_id"], 409, "resolution_used"),
        (withdrawn["resolution_id"], 409, "resolution_withdrawn"),
        ("00000000-0000-4000-8000-000000000000", 404, "resolution_not_found"),
    ):
        await _refused(
            client, pool, staffed, f"/fund/resolutions/{resolution_id}/withdrawal", reason, status, code
        )
    await _refused(
        client,
        pool,
        staffed,
        f"/fund/resolutions/{withdrawn['resolution_id']}/withdrawal",
        {"reason": ""},
        400,
        "validation_failed",
    )


async def test_rebuild_names_a_withdrawn_resolution_the_table_says_was_used(pool, owner, client, staffed):
    community_id = staffed.village.community_id
    await _fund_with_threshold(client, staffed)
    resolution = await _resolve(client, staffed)
    withdrawal = (await _withdraw(client, staffed, resolution["resolution_id"])).json()
    await owner.execute(
        "UPDATE fund_resolutions SET expenditure_seq = 1 WHERE community_id = $1 AND resolution_id = $2",
        community_id,
        resolution["resolution_id"],
    )
    assert await integrity.check_rebuild(pool, community_id) == [
        f"fund resolution (expenditure, receipt, withdrawal) {resolution['resolution_id']}: "
        f"log gives (None, None, {withdrawal['event_seq']}), table has (1, None, {withdrawal['event_seq']})"
    ]
