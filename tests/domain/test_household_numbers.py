"""A household number a spreadsheet turned into a number (1 for "001") is read back at the
width the community writes its numbers, and only then."""

from __future__ import annotations

import pytest

from ledger import messages
from ledger.domain import roster
from ledger.domain.spreadsheet import as_numbered, household_numbering, numbering_width


@pytest.mark.parametrize(
    ("numbers", "width"),
    [
        (["001", "002", "120"], 3),
        (["0001", "1000", "1001"], 4),  # a village past 999 households still pads to four
        (["1", "2", "12"], None),  # numbered without zeros
        (["01", "001"], None),  # two widths: no rule to follow
        (["1-001", "1-002"], None),  # group and number: not a plain number
        (["0"], None),
        ([], None),
    ],
)
def test_the_width_is_what_every_zero_padded_number_shares(numbers, width):
    assert numbering_width(numbers) == width


@pytest.mark.parametrize(
    ("number", "width", "read"),
    [
        ("1", 3, "001"),
        ("45", 3, "045"),
        ("120", 3, "120"),
        ("1234", 3, "1234"),
        ("1", None, "1"),
        ("1-1", 3, "1-1"),
    ],
)
def test_only_a_plain_shorter_number_is_padded(number, width, read):
    assert as_numbered(number, width) == read


def test_the_communitys_numbering_decides_before_the_sheets():
    assert household_numbering(["7", "12"], ["005", "6"]) is None
    assert household_numbering(["001"], ["05"]) == 3
    assert household_numbering([], ["005", "6"]) == 3


def _parsed(rows, existing=()):
    return roster.parse([["户号", "户主", "姓名", "与户主关系"], *rows], existing)


def test_a_number_and_its_padded_text_in_one_sheet_are_one_household():
    sheet = _parsed([["001", "王建国", "王建国", "户主"], [1.0, "王建国", "李秀英", "妻子"]])
    assert sheet.problems == []
    assert [entry.number for entry in sheet.entries] == ["001", "001"]
    assert [(note.row, note.column, note.value) for note in sheet.notes] == [(3, "户号", "1")]


def test_the_note_speaks_the_requests_language():
    messages.use("en")
    try:
        notes = _parsed([[1, "王建国", "王建国", "户主"]], ["001"]).notes
    finally:
        messages.use("zh")
    assert notes[0].note == "household number 1 read as 001 (the spreadsheet had dropped its leading zeros)"


def test_a_heads_conflict_is_found_across_a_number_and_its_padded_text():
    problems = _parsed([["003", "赵六", "赵六", "户主"], [3, "赵大", "赵大", "户主"]]).problems
    assert [(problem.row, problem.column) for problem in problems] == [(3, "户主")]
