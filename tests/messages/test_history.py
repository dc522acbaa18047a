"""The sentence a resident reads for each entry of their card's history, with its numbers,
for the bodies the ledger writes."""

from __future__ import annotations

import re

import pytest

from ledger.domain import events as kinds
from ledger.messages import catalog
from tests.messages.support import both


def sentence(kind: str, body: dict, spendable: int = 0, pending: int = 0, honour: int = 0) -> tuple[str, str]:
    return both(lambda: catalog.history_sentence(kind, body, spendable, pending, honour))


def test_a_redemption_counts_the_items_and_the_points():
    body = {
        "lines": [
            {"name": "洗衣粉", "quantity": 2, "points": 14},
            {"name": "酱油", "quantity": 1, "points": 7},
        ]
    }
    assert sentence("redemption.made", body, spendable=-21) == (
        "兑换 3 件，−21 分",
        "redeemed 3 items, −21 points",
    )


def test_an_award_names_its_rule_and_its_points():
    body = {"rule_name": "打扫卫生", "points": 5}
    assert sentence("award.confirmed", body, spendable=5, honour=5) == (
        "「打扫卫生」+5 分",
        "“打扫卫生” +5 points",
    )
    confirmed_after_publicity = sentence(
        "award.confirmed", {**body, "publicity_seq": 9}, spendable=5, honour=5
    )
    assert confirmed_after_publicity[0] == "「打扫卫生」+5 分，公示期满已生效"


def test_an_award_in_publicity_says_so_and_until_when():
    body = {"rule_name": "拾金不昧", "points": 15, "ends_on": "2026-03-08"}
    assert sentence("publicity.started", body, pending=15) == (
        "「拾金不昧」+15 分，公示中（至 2026-03-08）",
        "“拾金不昧” +15 points, in publicity until 2026-03-08",
    )


def test_an_upheld_objection_says_the_points_will_not_count():
    assert sentence("objection.upheld", {"award_seq": 4, "reason": "不属实"}, pending=-15) == (
        "异议成立，+15 分不生效",
        "objection upheld, +15 points will not count",
    )


def test_a_deduction_shows_what_it_took():
    assert sentence(
        "deduction.recorded", {"rule_name": "乱扔垃圾", "points": -10}, spendable=-10, honour=-10
    ) == (
        "「乱扔垃圾」−10 分",
        "“乱扔垃圾” −10 points",
    )
    emptied = sentence(
        "deduction.recorded", {"rule_name": "乱扔垃圾", "points": -10}, spendable=-3, honour=-10
    )
    assert emptied[0] == "「乱扔垃圾」−10 分（可用积分 −3 分）"


def test_a_reversal_and_a_cancelled_sale_give_the_reason_and_the_points_back():
    reversal = {"reversed_seq": 12, "reversed_kind": "redemption.made", "reason": "拿错了"}
    assert sentence("reversal.recorded", reversal, spendable=21) == (
        "冲正（兑换）：拿错了，+21 分退回",
        "reversal (redemption): 拿错了, +21 points back",
    )
    taken_back = {"reversed_seq": 3, "reversed_kind": "award.confirmed", "reason": "重复加分"}
    assert (
        sentence("reversal.recorded", taken_back, spendable=-5, honour=-5)[0]
        == "冲正（加分生效）：重复加分，−5 分收回"
    )
    assert sentence("redemption.cancelled", {"reversed_seq": 12, "reason": "顾客退回"}, spendable=7)[0] == (
        "撤销兑换：顾客退回，+7 分退回"
    )


def test_year_end_honours_and_gifts():
    assert sentence("settlement.expired", {"year": 2025, "points": 30}, spendable=-30) == (
        "2025 年底结算，−30 分清零",
        "year-end 2025: −30 points expired",
    )
    assert sentence("honour.granted", {"title": "文明家庭", "year": 2026}) == (
        "获评「文明家庭」（2026 年）",
        "honoured: Civilized family (2026)",
    )
    gift = sentence("fund.contributed", {"amount_fen": 5000, "points": 10}, spendable=10, honour=10)
    assert gift == ("向幸福基金捐款 50.00 元，+10 分", "gave ¥50.00 to the fund, +10 points")


def _kinds() -> list[str]:
    return sorted(v for n, v in vars(kinds).items() if n.isupper() and isinstance(v, str) and "." in v)


@pytest.mark.parametrize("kind", _kinds())
def test_no_entry_shows_its_code(kind):
    """Whatever the kind, even with a body it does not expect, the sentence is words."""
    zh, en = sentence(kind, {}, spendable=-4)
    assert re.search(r"[\u4e00-\u9fff]", zh), kind
    assert kind not in zh
    assert kind not in en
    assert en


def test_an_unknown_kind_is_an_entry_with_its_points():
    assert sentence("something.new", {}, spendable=8) == ("其他记录，+8 分", "other entry, +8 points")
