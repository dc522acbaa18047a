"""Groups and grids in the order a village reads them, not by code point."""

from __future__ import annotations

import pytest

from ledger.domain.village_order import chinese_number, village_order


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("一", 1),
        ("三", 3),
        ("十", 10),
        ("十二", 12),
        ("二十", 20),
        ("二十三", 23),
        ("一百零五", 105),
        ("两", 2),
    ],
)
def test_chinese_numerals_are_read_by_their_value(text, value):
    assert chinese_number(text) == value


def test_villager_groups_come_in_their_numbers_order():
    names = ["第三村民小组", "第十村民小组", "第一村民小组", "第二村民小组", "第十一村民小组"]
    assert sorted(names, key=village_order) == [
        "第一村民小组",
        "第二村民小组",
        "第三村民小组",
        "第十村民小组",
        "第十一村民小组",
    ]


def test_buildings_numbered_in_digits_come_in_their_numbers_order_and_names_by_text():
    assert sorted(["10号楼", "2号楼", "1号楼"], key=village_order) == ["1号楼", "2号楼", "10号楼"]
    assert sorted(["一组东片", "一组西片", "二组"], key=village_order) == ["一组东片", "一组西片", "二组"]
    assert sorted(["幸福小区", "和平小区"], key=village_order) == sorted(["幸福小区", "和平小区"])
