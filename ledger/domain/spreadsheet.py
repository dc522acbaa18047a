"""Sheets as people make them. Read: cells as clean text, the header row found among the
first rows (a title row above, or a two-row header, is passed over), and household
numbers that a spreadsheet turned into numbers (1 for "001") read back as the community
writes them. Written: a `Table` of plain values, which an edge turns into a file
(`ledger.documents.workbook`)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from ledger.messages import words


def clean(value: object) -> str:
    """A cell as text: full-width digits and letters made plain (NFKC), spaces trimmed,
    whole numbers without '.0' (Excel stores 13800138000 as a number)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return unicodedata.normalize("NFKC", str(value)).strip()


def _field_of(header: str, headers: dict[str, tuple[str, ...]]) -> str | None:
    compact = re.sub(r"\s+", "", header)
    for field, names in headers.items():
        if compact in names:
            return field
    return None


def find_header(
    rows: list[list[str]],
    headers: dict[str, tuple[str, ...]],
    required: tuple[str, ...],
    search_rows: int = 10,
) -> tuple[int, dict[str, int]] | None:
    """The header row (0-based) and each field's column: the best match among the first
    rows, or None when the required fields are not all there."""
    best: tuple[int, dict[str, int]] | None = None
    for index, row in enumerate(rows[:search_rows]):
        columns: dict[str, int] = {}
        for column, cell in enumerate(row):
            field = _field_of(cell, headers)
            if field is not None and field not in columns:
                columns[field] = column
        if best is None or len(columns) > len(best[1]):
            best = (index, columns)
    if best is None or not all(field in best[1] for field in required):
        return None
    return best


@dataclass(frozen=True, slots=True)
class RowProblem:
    row: int  # as the spreadsheet numbers it (1-based)
    column: str
    value: str
    problem: str


@dataclass(frozen=True, slots=True)
class RowNote:
    """How a row was read when it is not exactly as written (not a problem: it imports)."""

    row: int  # as the spreadsheet numbers it (1-based)
    column: str
    value: str
    note: str


Cell = str | int | float | bool | None


@dataclass(frozen=True, slots=True)
class Table:
    """One worksheet to write: its title, lines above the header (a statement's totals),
    the header row, the rows, and the widths of the first columns where they matter."""

    title: str
    header: Sequence[Cell]
    rows: Sequence[Sequence[Cell]]
    above_header: Sequence[Sequence[Cell]] = ()
    column_widths: Sequence[float] = ()


_DIGITS = re.compile(r"[0-9]+")


def numbering_width(numbers: Iterable[str]) -> int | None:
    """How many digits a community's household numbers have when it pads them with zeros
    ("001", "002", … "120" → 3); None when it does not pad, or pads to different widths."""
    widths = {
        len(number)
        for number in numbers
        if len(number) > 1 and number[0] == "0" and _DIGITS.fullmatch(number)
    }
    return widths.pop() if len(widths) == 1 else None


def household_numbering(existing: Iterable[str], in_sheet: Iterable[str]) -> int | None:
    """The width to read a sheet's household numbers at: the community's own numbering
    when it has households (a community that writes 1, 2, 3 keeps them so), else what the
    sheet's other rows show ("002" typed as text beside 1 that became a number)."""
    existing = list(existing)
    return numbering_width(existing) if existing else numbering_width(in_sheet)


def as_numbered(number: str, width: int | None) -> str:
    """A household number that lost its zeros as a number (1, shown as 1 or read as 1.0)
    written back at the community's width ("001"); any other text stays as it is."""
    if width is not None and len(number) < width and _DIGITS.fullmatch(number):
        return number.zfill(width)
    return number


def numbered_note(row: int, column: str, value: str, number: str) -> RowNote:
    return RowNote(
        row,
        column,
        value,
        words(
            f"户号 {value} 按 {number} 读取（表格去掉了前面的 0）",
            f"household number {value} read as {number} (the spreadsheet had dropped its leading zeros)",
        ),
    )


class SheetRow:
    """One data row below the header: its cells by field, and the problems found in it."""

    def __init__(
        self,
        number: int,
        cells: list[str],
        columns: dict[str, int],
        headers: dict[str, tuple[str, ...]],
        problems: list[RowProblem],
    ) -> None:
        self.number = number
        self._cells = cells
        self._columns = columns
        self._headers = headers
        self._problems = problems
        self._found = 0  # this row's own problems: rows may be read before any is checked

    def cell(self, field: str) -> str:
        column = self._columns.get(field)
        return self._cells[column] if column is not None and column < len(self._cells) else ""

    def problem(self, field: str, message: str, value: str | None = None) -> None:
        """A problem in the field's column, showing `value` (as the cell reads, unless given)."""
        shown = self.cell(field) if value is None else value
        self._problems.append(RowProblem(self.number, self._headers[field][0], shown, message))
        self._found += 1

    @property
    def ok(self) -> bool:
        return self._found == 0


def data_rows(
    text: list[list[str]],
    header_index: int,
    columns: dict[str, int],
    headers: dict[str, tuple[str, ...]],
    problems: list[RowProblem],
) -> Iterator[SheetRow]:
    """The non-blank rows below the header."""
    for index, cells in enumerate(text):
        if index > header_index and any(cells):
            yield SheetRow(index + 1, cells, columns, headers, problems)


_CODE = re.compile(r"^[A-Za-z0-9_.-]{1,20}$")


def check_code(row: SheetRow, seen: dict[str, int]) -> None:
    """A catalog code: letters and digits, and each once in the sheet."""
    code = row.cell("code")
    if not _CODE.match(code):
        row.problem("code", words("编码为 1–20 位字母或数字", "a code is 1–20 letters or digits"))
    elif code in seen:
        row.problem("code", words(f"与第 {seen[code]} 行重复", f"repeats row {seen[code]}"))
    seen.setdefault(code, row.number)
