"""Over real HTTP: a problem's detail is words with its numbers, in Chinese unless the
request asks for English; its code stays the same in both; a resident's card history is
sentences, never event codes."""

from __future__ import annotations

import json
import re
import uuid

import pytest

from ledger.domain.errors import REFUSAL_CODES
from ledger.services import cards
from tests.api.steps import award_in_publicity
from tests.api.test_bad_input import _cases as bad_redemptions
from tests.support import add_goods, add_household, add_rule, give_points

pytestmark = pytest.mark.anyio

ENGLISH = {"Accept-Language": "en"}
VALIDATOR_PHRASES = ("Expected `", "at `$.", "regex", "`")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


async def test_a_redemption_short_of_points_says_both_numbers_in_the_requests_language(pool, client, staffed):
    village = staffed.village
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 18)
    goods = await add_goods(pool, village, "G01", 7, 10)
    body = {"household_id": str(household), "lines": [{"goods_id": str(goods), "quantity": 3}]}

    answers = [
        await client.post(
            f"{staffed.api}/redemptions",
            json=body,
            headers={**staffed.auth("counter"), "Idempotency-Key": uuid.uuid4().hex, **language},
        )
        for language in ({}, {"Accept-Language": "zh-CN,zh;q=0.9"}, ENGLISH)
    ]

    assert [answer.status_code for answer in answers] == [409, 409, 409]
    assert [answer.json()["code"] for answer in answers] == ["insufficient_points"] * 3
    chinese, chinese_asked, english = (answer.json() for answer in answers)
    assert chinese["detail"] == "需要 21 分，可用 18 分"
    assert chinese_asked["detail"] == "需要 21 分，可用 18 分"
    assert english["detail"] == "needs 21 points, 18 spendable"
    assert (chinese["points"], chinese["spendable"]) == (21, 18)
    assert [answer.headers["content-language"] for answer in answers] == ["zh-CN", "zh-CN", "en"]
    assert chinese["title"] == "未能办理"
    assert english["title"] == "Conflict"


async def test_short_stock_says_how_many_are_left(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    await give_points(pool, staffed.village, household, 100)
    goods = await add_goods(pool, staffed.village, "G01", 1, 2)
    answer = await client.post(
        f"{staffed.api}/redemptions",
        json={"household_id": str(household), "lines": [{"goods_id": str(goods), "quantity": 5}]},
        headers={**staffed.auth("counter"), "Idempotency-Key": uuid.uuid4().hex},
    )
    assert answer.status_code == 409
    assert answer.json()["code"] == "insufficient_stock"
    assert answer.json()["detail"] == "要 5 件，库存只有 2 件"


async def test_a_bad_body_names_the_field_in_words_and_never_the_validators_text(pool, client, staffed):
    body = {"username": "new_counter", "password": "a-long-password-1", "roles": []}
    answers = [
        await client.post(f"{staffed.api}/staff", json=body, headers={**staffed.auth("admin"), **language})
        for language in ({}, ENGLISH)
    ]
    assert [answer.status_code for answer in answers] == [400, 400]
    assert [answer.json()["code"] for answer in answers] == ["validation_failed"] * 2
    chinese, english = (answer.json() for answer in answers)
    assert chinese["detail"] == "「角色」至少要选 1 项"
    assert english["detail"] == "roles: choose at least 1"
    assert chinese["errors"] == [{"field": "roles", "message": "「角色」至少要选 1 项"}]
    assert english["errors"] == [{"field": "roles", "message": "roles: choose at least 1"}]
    for answer in answers:
        assert not any(phrase in answer.text for phrase in VALIDATOR_PHRASES), answer.text
    staff = await client.get(f"{staffed.api}/staff", headers=staffed.auth("admin"))
    assert "new_counter" not in staff.text


@pytest.mark.parametrize(
    ("path", "zh", "en"),
    [
        ("/events?limit=100000", "「条数」不能大于", "limit: must be at most"),
        ("/events?after=abc", "「起始位置」应为整数", "after: must be a whole number"),
    ],
)
async def test_a_bad_query_parameter_is_worded_too(client, staffed, path, zh, en):
    chinese = await client.get(staffed.api + path, headers=staffed.auth("supervisor"))
    english = await client.get(staffed.api + path, headers={**staffed.auth("supervisor"), **ENGLISH})
    assert (chinese.status_code, english.status_code) == (400, 400)
    assert chinese.json()["detail"].startswith(zh)
    assert english.json()["detail"].startswith(en)
    assert chinese.json()["code"] == english.json()["code"] == "validation_failed"


async def test_broken_json_and_a_wrong_type_are_worded(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    goods = await add_goods(pool, staffed.village, "G01", 1, 2)
    headers = {**staffed.auth("counter"), "Content-Type": "application/json"}
    broken = await client.post(
        f"{staffed.api}/redemptions",
        content=b'{"household_id": "' + str(household).encode() + b'", "lines": [',
        headers={**headers, "Idempotency-Key": uuid.uuid4().hex},
    )
    text_quantity = await client.post(
        f"{staffed.api}/redemptions",
        json={"household_id": str(household), "lines": [{"goods_id": str(goods), "quantity": "2"}]},
        headers={**headers, "Idempotency-Key": uuid.uuid4().hex, **ENGLISH},
    )
    assert broken.json()["detail"] == "提交的内容不完整（被截断了）"
    assert text_quantity.json()["detail"] == "quantity (item 1): must be a whole number"
    assert text_quantity.json()["errors"][0]["field"] == "lines[0].quantity"


async def test_the_http_edges_own_problems_are_words(client, staffed):
    unknown = await client.get("/api/v1/no-such-thing")
    wrong_method = await client.delete(f"{staffed.api}/events", headers=staffed.auth("supervisor"))
    no_token = await client.get(f"{staffed.api}/events", headers=ENGLISH)
    no_such_community = await client.get(f"/api/v1/boards/{uuid.uuid4()}/publicity")
    assert (unknown.json()["code"], unknown.json()["detail"]) == ("not_found", "没有找到")
    assert wrong_method.json()["code"] == "method_not_allowed"
    assert wrong_method.json()["detail"] == "不支持这种请求方式"
    assert no_token.json()["code"] == "unauthorized"
    assert no_token.json()["detail"] == "a valid bearer token is needed (POST /api/v1/auth/token)"
    assert no_token.headers["content-language"] == "en"
    assert no_such_community.json()["detail"] == "没有这个村（社区）"


async def test_a_card_history_is_sentences_with_numbers_in_either_language(pool, client, staffed):
    village = staffed.village
    household = await add_household(pool, village, "001")
    await give_points(pool, village, household, 30)
    soap, oil = await add_goods(pool, village, "G01", 7, 10), await add_goods(pool, village, "G02", 7, 10)
    redeemed = await client.post(
        f"{staffed.api}/redemptions",
        json={
            "household_id": str(household),
            "lines": [{"goods_id": str(soap), "quantity": 2}, {"goods_id": str(oil), "quantity": 1}],
        },
        headers={**staffed.auth("counter"), "Idempotency-Key": uuid.uuid4().hex},
    )
    assert redeemed.status_code == 201
    award_seq = await award_in_publicity(client, staffed, household, points=15, name="拾金不昧")
    objected = await client.post(
        f"/api/v1/boards/{village.community_id}/objections",
        json={"award_seq": award_seq, "reason": "并非本户"},
        headers={"X-Forwarded-For": "10.78.0.1"},
    )
    upheld = await client.post(
        f"{staffed.api}/objections/{objected.json()['objection_id']}/decision",
        json={"uphold": True, "reason": "经核实不属实"},
        headers=staffed.auth("supervisor"),
    )
    assert upheld.json()["award_rejected"] is True
    card = await cards.issue_card(pool, village.community_id, None, household)

    chinese = (await client.get(f"/api/v1/cards/{card.token}")).json()["history"]
    english = (await client.get(f"/api/v1/cards/{card.token}", headers=ENGLISH)).json()["history"]

    by_kind = {entry["kind"]: entry for entry in chinese}
    assert by_kind["redemption.made"]["title"] == "兑换 3 件，−21 分"
    assert by_kind["redemption.made"]["label"] == "兑换"
    assert by_kind["objection.upheld"]["title"] == "异议成立，+15 分不生效"
    assert by_kind["publicity.started"]["title"].startswith("「拾金不昧」+15 分，公示中")
    in_english = {entry["kind"]: entry for entry in english}
    assert in_english["redemption.made"]["title"] == "redeemed 3 items, −21 points"
    assert in_english["objection.upheld"]["title"] == "objection upheld, +15 points will not count"
    assert in_english["objection.upheld"]["label"] == "objection upheld"
    for entry in chinese + english:
        assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", entry["title"] + entry["label"]), entry


async def test_a_decided_proposal_says_how_it_was_decided_in_words(pool, client, staffed):
    household = await add_household(pool, staffed.village, "001")
    rule = await add_rule(pool, staffed.village, "R01", 10)
    proposed = await client.post(
        f"{staffed.api}/proposals",
        json={"rule_id": str(rule), "household_ids": [str(household)]},
        headers=staffed.auth("scorer"),
    )
    decision = f"{staffed.api}/proposals/{proposed.json()['proposal_ids'][0]}/decision"
    rejected = await client.post(decision, json={"approve": False}, headers=staffed.auth("committee"))
    chinese = await client.post(decision, json={"approve": True}, headers=staffed.auth("committee"))
    english = await client.post(
        decision, json={"approve": True}, headers={**staffed.auth("committee"), **ENGLISH}
    )
    assert rejected.status_code == 200, rejected.text
    assert (chinese.status_code, english.status_code) == (409, 409)
    assert chinese.json()["code"] == english.json()["code"] == "already_decided"
    assert chinese.json()["status"] == 409  # the refusal's own "status" never overwrites the problem's
    assert chinese.json()["detail"].endswith("已经驳回了")
    assert english.json()["detail"].endswith("was already rejected")


async def test_no_bad_request_gets_a_validator_phrase_or_a_code_in_either_language(pool, client, staffed):
    """Every bad redemption of the bad-input suite, asked in Chinese and in English."""
    household = await add_household(pool, staffed.village, "001")
    await give_points(pool, staffed.village, household, 10)
    goods = await add_goods(pool, staffed.village, "G01", 5, 10)
    codes = REFUSAL_CODES | {"method_not_allowed", "unsupported_media_type", "bad_request", "internal_error"}
    for name, body, _, _ in bad_redemptions(str(household), str(goods)):
        content = body if isinstance(body, bytes) else json.dumps(body).encode()
        for language, script in (({}, CHINESE), (ENGLISH, re.compile(r"[A-Za-z]"))):
            answer = await client.post(
                f"{staffed.api}/redemptions",
                content=content,
                headers={
                    **staffed.auth("counter"),
                    **language,
                    "Idempotency-Key": uuid.uuid4().hex,
                    "Content-Type": "application/json",
                },
            )
            detail = answer.json()["detail"]
            assert script.search(detail), (name, detail)
            assert not any(phrase in detail for phrase in VALIDATOR_PHRASES), (name, detail)
            assert not [code for code in codes if code in detail], (name, detail)
