"""Switching over from paper (期初结转): each household's balance as it stands in its
passbook or the old sheet — 户号, 可用积分, 荣誉积分 and where the figures come from (the
passbook's page and line, or a reference in words) — checked row by row. Pure: rows of
cell values in, lines and a row-by-row list of problems out; reading files, and what only
the record knows (is the household registered, already carried in), are the services'.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Annotated

import msgspec

from ledger import limits
from ledger.domain.spreadsheet import (
    RowNote,
    RowProblem,
    as_numbered,
    clean,
    find_header,
    household_numbering,
    numbered_note,
)
from ledger.messages import words

# Each field, the headers that name it (Chinese first, as villages write them).
HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("户号", "门牌号", "户编号", "number"),
    "head_name": ("户主", "户主姓名", "head_name"),
    "spendable": ("可用积分", "可用", "结余积分", "剩余积分", "现有积分", "spendable"),
    "honour": ("荣誉积分", "荣誉", "累计积分", "honour"),
    "page": ("页码", "账本页码", "page"),
    "line": ("行号", "line"),
    "reference": ("来源", "出处", "依据", "reference"),
}
REQUIRED = ("number", "spendable", "honour")
SOURCE_FIELDS = ("page", "line", "reference")

# Whole points as people type them: "1,200" is 1200; "12.5" or "一百" is not a figure.
_WHOLE_POINTS = re.compile(r"-?[0-9]{1,9}")


@dataclass(frozen=True, slots=True)
class Source:
    """Where a figure comes from: the passbook's page and line, or words ("旧台账2023")."""

    page: str | None = None
    line: str | None = None
    text: str | None = None

    def as_body(self) -> dict[str, str]:
        """As events carry it (and ledger_carry_in_source builds it): only what was given."""
        given = {"page": self.page, "line": self.line, "text": self.text}
        return {key: value for key, value in given.items() if value is not None}


@dataclass(frozen=True, slots=True)
class CarryInLine:
    row: int  # as the spreadsheet numbers it (1-based)
    number: str
    head_name: str | None
    spendable: int
    honour: int
    source: Source


def _whole_points(text: str) -> int | None:
    compact = text.replace(",", "")
    return int(compact) if _WHOLE_POINTS.fullmatch(compact) else None


def parse(
    rows: list[list[object]], household_numbers: Iterable[str] = ()
) -> tuple[list[CarryInLine], list[RowProblem], list[RowNote]]:
    """Every row checked; lines only mean something when there are no problems. A household
    number the spreadsheet turned into a number (1 for "001") is read at the community's
    width, and a note says so for that row."""
    text = [[clean(cell) for cell in row] for row in rows]
    found = _data_rows(text)
    if isinstance(found, RowProblem):
        return [], [found], []
    columns, data_rows = found
    number_column = columns["number"]
    width = household_numbering(
        household_numbers, (row[number_column] for _, row in data_rows if number_column < len(row))
    )
    lines: list[CarryInLine] = []
    problems: list[RowProblem] = []
    notes: list[RowNote] = []
    seen: dict[str, int] = {}
    for index, cells in data_rows:
        check = _RowCheck(index + 1, columns, cells)
        number = check.number(width, seen, notes)
        spendable = check.points("spendable", may_be_negative=False)
        honour = check.points("honour", may_be_negative=True)
        check.source_and_lengths()
        problems.extend(check.problems)
        if not check.problems and number and spendable is not None and honour is not None:
            source = Source(
                check.cell("page") or None, check.cell("line") or None, check.cell("reference") or None
            )
            lines.append(
                CarryInLine(check.row, number, check.cell("head_name") or None, spendable, honour, source)
            )
    return lines, problems, notes


def _data_rows(text: list[list[str]]) -> tuple[dict[str, int], list[tuple[int, list[str]]]] | RowProblem:
    """The header's columns and the rows below it, or the one problem that stops the sheet."""
    header = find_header(text, HEADERS, REQUIRED)
    if header is None:
        names = "、".join(HEADERS[field][0] for field in REQUIRED)
        return RowProblem(
            1,
            "",
            "",
            words(
                f"找不到表头：需要 {names} 这几列",
                "header row not found: the sheet needs the columns 户号, 可用积分 and 荣誉积分",
            ),
        )
    header_index, columns = header
    data_rows = [(index, row) for index, row in enumerate(text) if index > header_index and any(row)]
    if not data_rows:
        return RowProblem(header_index + 2, "", "", words("表头下没有数据", "no rows below the header"))
    if len(data_rows) > limits.CARRY_OVER_ROWS_MAX:
        too_many = words(
            f"一次最多 {limits.CARRY_OVER_ROWS_MAX} 户",
            f"at most {limits.CARRY_OVER_ROWS_MAX} households a sheet",
        )
        return RowProblem(1, "", str(len(data_rows)), too_many)
    return columns, data_rows


class _RowCheck:
    """One row's cells and the problems found in them."""

    def __init__(self, row: int, columns: dict[str, int], cells: list[str]) -> None:
        self.row = row
        self.columns = columns
        self.cells = cells
        self.problems: list[RowProblem] = []

    def cell(self, field: str) -> str:
        column = self.columns.get(field)
        return self.cells[column] if column is not None and column < len(self.cells) else ""

    def problem(self, field: str, message: str) -> None:
        self.problems.append(RowProblem(self.row, HEADERS[field][0], self.cell(field), message))

    def number(self, width: int | None, seen: dict[str, int], notes: list[RowNote]) -> str:
        number = as_numbered(self.cell("number"), width)
        if not number:
            self.problem("number", words("必填", "required"))
        elif len(number) > limits.HOUSEHOLD_NUMBER_LENGTH_MAX:
            self.problem("number", words("户号太长", "the household number is too long"))
        elif number in seen:
            self.problem("number", words(f"与第 {seen[number]} 行重复", f"repeats row {seen[number]}"))
        else:
            seen[number] = self.row
            if number != self.cell("number"):
                notes.append(numbered_note(self.row, HEADERS["number"][0], self.cell("number"), number))
        return number

    def points(self, field: str, *, may_be_negative: bool) -> int | None:
        """Spendable points cannot be negative; honour points may be (a deduction kept in the
        passbook). Both are bounded by the carry-in limit."""
        points = _whole_points(self.cell(field))
        limit = limits.CARRY_IN_POINTS_MAX
        if not self.cell(field):
            self.problem(field, words("必填（没有积分填 0）", "required (0 when there are none)"))
        elif points is None:
            self.problem(field, words("须为整数", "must be a whole number"))
        elif points < 0 and not may_be_negative:
            self.problem(field, words("可用积分不能为负数", "spendable points cannot be negative"))
        elif abs(points) > limit:
            self.problem(field, words(f"最多 {limit}", f"at most {limit}"))
        return points

    def source_and_lengths(self) -> None:
        if not any(self.cell(field) for field in SOURCE_FIELDS):
            self.problem(
                "page",
                words(
                    "请注明出处：账本页码、行号或来源",
                    "say where the figures come from: the passbook's page, line or a reference",
                ),
            )
        for field, limit in (
            ("page", limits.CARRY_IN_SOURCE_LENGTH_MAX),
            ("line", limits.CARRY_IN_SOURCE_LENGTH_MAX),
            ("reference", limits.CARRY_IN_REFERENCE_LENGTH_MAX),
            ("head_name", limits.NAME_LENGTH_MAX),
        ):
            if len(self.cell(field)) > limit:
                self.problem(field, words(f"最多 {limit} 个字", f"at most {limit} characters"))


class FundOpening(msgspec.Struct, frozen=True, forbid_unknown_fields=True):
    """The happiness fund's balance as the old account book has it, in whole fen (0 is a
    balance too: the committee states the fund started empty), and where it is written."""

    amount_fen: Annotated[int, msgspec.Meta(ge=0, le=limits.FUND_AMOUNT_FEN_MAX)]
    reference: Annotated[str, msgspec.Meta(min_length=1, max_length=limits.FUND_OPENING_REFERENCE_LENGTH_MAX)]
