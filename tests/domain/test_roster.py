"""The roster parser without HTTP or a database: Chinese headers found below a title and
across a two-row header, cells read as a person sees them, each row numbered as the
spreadsheet numbers it, and every problem of every row reported in the sheet's own words."""

from __future__ import annotations

import pytest

from ledger import limits, messages
from ledger.domain import roster
from ledger.domain.roster import RosterEntry

HEADER = ["户号", "户主", "姓名", "与户主关系", "联系电话", "身份证后四位"]


def _problems(rows, existing=()):
    sheet = roster.parse([HEADER, *rows], existing)
    return [(problem.row, problem.column, problem.value) for problem in sheet.problems]


def test_a_sheet_as_a_spreadsheet_program_lays_it_out_reads_as_written():
    # what the reader hands over: the merged title and header cells filled from their top-left
    title = "示范村户籍花名册（2026年）"
    rows: list[list[object]] = [
        [title] * 6,
        ["户号", "户主", "家庭成员", "家庭成员", "家庭成员", "家庭成员"],
        ["户号", "户主", "姓名", "与户主关系", "联系电话", "身份证后四位"],
        ["００１", "王建国", "王建国", "户主", 13800138000.0, "１２３４"],
        ["００１", "王建国", "李秀英", "妻子", None, None],
        [],
        ["００１", "王建国", "王小明", "儿子", None, "567x"],
        [None] * 6,
        ["002", "张桂兰", "张桂兰", "本人", "139-0000-1111", None],
    ]
    sheet = roster.parse(rows)
    assert sheet.problems == [] and sheet.notes == []
    assert sheet.entries == [
        RosterEntry(4, "001", "王建国", "王建国", "head", "13800138000", "1234"),
        RosterEntry(5, "001", "王建国", "李秀英", "spouse", None, None),
        RosterEntry(7, "001", "王建国", "王小明", "child", None, "567X"),
        RosterEntry(9, "002", "张桂兰", "张桂兰", "head", "139-0000-1111", None),
    ]


def test_headers_may_be_the_other_names_villages_use_in_any_order():
    sheet = roster.parse(
        [["姓名", "门牌号", "户主姓名", "关系", "手机号"], ["李秀英", "7", "王建国", "配偶", "13800138000"]]
    )
    assert sheet.problems == []
    assert sheet.entries == [RosterEntry(2, "7", "王建国", "李秀英", "spouse", "13800138000", None)]


def test_each_bad_row_is_reported_by_row_column_and_value_and_nothing_is_an_entry_of_it():
    problems = _problems(
        [
            ["001", "王建国", "王建国", "户主", None, None],
            ["003", "赵六", "赵小六", "邻居", None, "110101199003071234"],
            ["003", "赵大", "赵六", "户主", None, None],
            ["004", "", "钱七", "户主", "call me", None],
            ["001", "王建国", "王建国", "户主", None, None],
        ]
    )
    assert problems == [
        (3, "与户主关系", "邻居"),
        (3, "身份证后四位", "110101199003071234"),
        (4, "户主", "赵大"),  # row 3 named 赵六 the head of 003
        (4, "姓名", "赵六"),  # the relation is head, but the name is not the head's
        (5, "户主", ""),
        (5, "联系电话", "call me"),
        (6, "姓名", "王建国"),  # repeats row 2
    ]


def test_a_head_must_be_the_household_head_named_on_the_row():
    assert _problems([["001", "王建国", "王小明", "户主", None, None]]) == [(2, "姓名", "王小明")]


def test_lengths_are_bounded_and_the_id_card_is_read_in_capitals():
    long_name = "王" * (limits.NAME_LENGTH_MAX + 1)
    assert _problems([["001", long_name, long_name, "户主", None, "12x"]]) == [
        (2, "户主", long_name),
        (2, "姓名", long_name),
        (2, "身份证后四位", "12X"),
    ]


def test_the_problems_say_why_in_the_requests_language():
    rows = [HEADER, ["001", "王建国", "王建国", "邻居"], ["001", "王建国", "王建国", "户主"]]
    assert [p.problem for p in roster.parse(rows).problems][-1] == "与第 2 行重复"
    messages.use("en")
    try:
        problems = [p.problem for p in roster.parse(rows).problems]
    finally:
        messages.use("zh")
    assert problems[0].startswith("unknown relation: 户主/配偶/子女")
    assert problems[-1] == "repeats row 2"


@pytest.mark.parametrize(
    ("rows", "found"),
    [
        ([["户号", "户主", "姓名"], ["001", "王建国", "王建国"]], (1, "")),  # no 与户主关系 column
        ([["名单"], HEADER], (3, "")),  # nothing below the header
    ],
    ids=["no header", "no rows"],
)
def test_a_sheet_that_cannot_be_read_row_by_row_has_one_problem(rows, found):
    sheet = roster.parse(rows)
    assert sheet.entries == []
    assert [(problem.row, problem.column) for problem in sheet.problems] == [found]


def test_a_sheet_longer_than_the_limit_is_refused_whole():
    rows = [HEADER, *([f"{n:05d}", "户主", "户主", "户主"] for n in range(limits.ROSTER_ROWS_MAX + 1))]
    sheet = roster.parse(rows)
    assert sheet.entries == []
    assert [(p.row, p.value) for p in sheet.problems] == [(1, str(limits.ROSTER_ROWS_MAX + 1))]


PLACED = ["户号", "户主", "姓名", "与户主关系", "村民小组", "楼栋"]


def test_the_group_and_grid_columns_are_read_and_may_be_left_empty():
    sheet = roster.parse(
        [
            PLACED,
            ["001", "王建国", "王建国", "户主", "一组", "3号楼"],
            ["002", "张桂兰", "张桂兰", "户主", "", ""],
        ]
    )
    assert sheet.problems == []
    assert [(entry.group, entry.grid) for entry in sheet.entries] == [("一组", "3号楼"), (None, None)]


def test_a_place_the_community_or_the_sheet_contradicts_is_a_problem_of_its_row():
    known = roster.KnownPlaces({"3号楼": "一组", "无组楼": None}, frozenset({"009"}))
    sheet = roster.parse(
        [
            PLACED,
            ["001", "王建国", "王建国", "户主", "二组", "3号楼"],  # the community has 3号楼 in 一组
            ["002", "张桂兰", "张桂兰", "户主", "二组", "无组楼"],  # a grid within no group: any group
            ["003", "赵六", "赵六", "户主", "", "5号楼"],  # a grid without its group
            ["004", "钱七", "钱七", "户主", "一组", "6号楼"],
            ["005", "孙八", "孙八", "户主", "二组", "6号楼"],  # row 5 put 6号楼 in 一组
            ["006", "李四", "李四", "户主", "一组", ""],
            ["006", "李四", "李小四", "子女", "二组", ""],  # rows of one household disagree
            ["009", "周九", "周九", "户主", "一组", ""],  # closed
        ],
        known=known,
    )
    assert [(problem.row, problem.column) for problem in sheet.problems] == [
        (2, "网格"),
        (4, "网格"),
        (6, "网格"),
        (8, "组"),
        (9, "组"),
    ]
