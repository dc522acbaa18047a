"""The rule catalog parser without HTTP or a database: a black-list item written as a
positive number takes points away, a red-list item must give them, yes/no columns in
Chinese or English, codes kept for honours refused, and every problem by row and column."""

from __future__ import annotations

import csv
import io
from importlib import resources

from ledger import messages
from ledger.domain import rule_catalog
from ledger.domain.rule_catalog import RuleEntry


def _parsed(*rows):
    return rule_catalog.parse([["编码", "名称", "积分", "红黑榜", "需公示"], *rows])


def test_the_demo_catalog_reads_whole_with_black_list_points_negative():
    text = resources.files("ledger.demo").joinpath("rules.csv").read_text("utf-8")
    rows: list[list[object]] = [list(row) for row in csv.reader(io.StringIO(text))]
    sheet = rule_catalog.parse(rows)
    assert sheet.problems == []
    assert len(sheet.entries) == len(rows) - 1 == 25
    by_code = {entry.code: entry for entry in sheet.entries}
    assert (by_code["R20"].points, by_code["R20"].needs_publicity) == (-20, True)


def test_lists_and_flags_read_in_chinese():
    sheet = _parsed(
        ["R1", "扫雪", "5", "红榜", "否"], ["R2", "赌博", "+20", "黑榜", "是"], ["R3", "吵架", "-3", "", ""]
    )
    assert sheet.problems == []
    assert sheet.entries == [
        RuleEntry(2, "R1", "扫雪", "", "", 5, False, False),
        RuleEntry(3, "R2", "赌博", "", "", -20, True, False),
        RuleEntry(4, "R3", "吵架", "", "", -3, False, False),
    ]


def test_each_bad_row_is_reported_by_row_and_column():
    sheet = _parsed(
        ["R1", "扫雪", "5", "红榜", "否"],
        ["R3", "乱扔", "-3", "红榜", "否"],
        ["R4", "空", "0", "黑榜", "也许"],
        ["R5", "无榜", "5", "绿榜", "否"],
        ["R1", "", "5", "红榜", "否"],
    )
    assert [(problem.row, problem.column) for problem in sheet.problems] == [
        (3, "积分"),
        (4, "积分"),
        (4, "需公示"),
        (5, "红黑榜"),
        (6, "编码"),
        (6, "名称"),
    ]
    assert [entry.row for entry in sheet.entries] == [2]


def test_a_code_kept_for_honours_is_refused_in_the_sheets_own_column_name():
    messages.use("en")
    try:
        sheet = rule_catalog.parse(
            [["code", "name_zh", "points", "list"], ["honour-x", "大奖", "9999", "red"]]
        )
    finally:
        messages.use("zh")
    assert [(p.row, p.column, p.problem) for p in sheet.problems] == [
        (2, "编码", "codes starting HONOUR- are kept for honours")
    ]


def test_a_sheet_without_the_required_columns_has_one_problem():
    sheet = rule_catalog.parse([["编码", "积分"], ["R1", "5"]])
    assert sheet.entries == []
    assert [(problem.row, problem.column) for problem in sheet.problems] == [(1, "")]
