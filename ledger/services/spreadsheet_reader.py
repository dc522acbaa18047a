"""Reads the first worksheet of an .xls, .xlsx or .ods file, in a process of its own:
`python -m ledger.services.spreadsheet_reader FORMAT`, the file on stdin, one JSON answer
on stdout — `{"rows": [[cell, …], …]}` or `{"refused": REASON, …numbers}`.
`ledger.services.spreadsheets.read_rows` runs it.

Why a process of its own: the reader (python-calamine, in Rust) lays out the whole
rectangle from A1 to the last used cell in memory before anyone can look at its size, so a
5 KB file with one cell typed at XFD1048576 (Ctrl+↓, then a key) asks for billions of cells,
and Rust aborts the process when an allocation fails. That process must never be the
server: here it runs under an address-space limit and the caller's time limit, and an
abort is an answer ("too large or damaged"), not an outage.
"""

from __future__ import annotations

import datetime
import io
import resource
import sys
import zipfile
from typing import Any
from xml.parsers import expat

import msgspec
import python_calamine

from ledger import limits

Cell = str | int | float | bool
Position = tuple[int, int]


def main() -> None:
    memory = limits.SHEET_READER_MEMORY_BYTES_MAX
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ValueError, OSError):
        # macOS does not take an address-space limit; an abort still ends only this process
        pass
    answer = read(sys.stdin.buffer.read(), sys.argv[1])
    sys.stdout.buffer.write(msgspec.json.encode(answer))


def read(content: bytes, file_format: str) -> dict[str, Any]:
    try:
        workbook = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(content))
        index = _first_worksheet(workbook)
        if index is None:
            return {"refused": "no_sheet"}
        sheet = workbook.get_sheet_by_index(index)
        end = sheet.end
        if end is None:
            return {"rows": []}
        rows_used, columns_used = end[0] + 1, end[1] + 1
        if rows_used * columns_used > limits.SHEET_CELLS_MAX:
            return {"refused": "too_large", "rows_used": rows_used, "columns_used": columns_used}
        rows = [[_plain(cell) for cell in row] for row in sheet.to_python(skip_empty_area=False)]
        # calamine reports merged cells for Excel files only; an .ods says them in its XML.
        merged = _ods_merged(content, index) if file_format == "ods" else sheet.merged_cell_ranges
    except (python_calamine.CalamineError, zipfile.BadZipFile, KeyError, expat.ExpatError):
        return {"refused": "unreadable"}
    _fill_merged(rows, merged or [])
    return {"rows": rows}


def _first_worksheet(workbook: python_calamine.CalamineWorkbook) -> int | None:
    """The first visible worksheet (a chart sheet or a hidden helper sheet in front of
    the table is passed over), else the first worksheet."""
    worksheets = [
        (index, sheet)
        for index, sheet in enumerate(workbook.sheets_metadata)
        if sheet.typ == python_calamine.SheetTypeEnum.WorkSheet
    ]
    visible = [
        index for index, sheet in worksheets if sheet.visible == python_calamine.SheetVisibleEnum.Visible
    ]
    if visible:
        return visible[0]
    return worksheets[0][0] if worksheets else None


def _plain(cell: object) -> Cell:
    """Numbers stay numbers (the roster needs to know a household number was one); dates
    and times become the text a person would type."""
    if isinstance(cell, str | int | float | bool):
        return cell
    if isinstance(cell, datetime.datetime) and cell.time() == datetime.time():
        return cell.date().isoformat()
    if isinstance(cell, datetime.date | datetime.time):
        return cell.isoformat()
    return str(cell)


def _fill_merged(rows: list[list[Cell]], merged: list[tuple[Position, Position]]) -> None:
    """Every cell of a merged range reads as its top-left cell, as a person sees it."""
    for (top, left), (bottom, right) in merged:
        if top >= len(rows) or left >= len(rows[top]):
            continue
        value = rows[top][left]
        for row in rows[top : bottom + 1]:
            for column in range(left, min(right + 1, len(row))):
                row[column] = value


def _ods_merged(content: bytes, sheet_index: int) -> list[tuple[Position, Position]]:
    """The merged ranges of one table of an .ods (cells with number-columns-spanned or
    number-rows-spanned), counting repeated rows and cells as LibreOffice writes them."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        document = archive.read("content.xml")
    walk = _OdsMerges(sheet_index)
    if b"-spanned=" in document:  # else no cell is merged: no need to walk the XML
        # expat's callbacks rather than an element tree: a 5,000-row sheet is 4 MB of XML
        parser = expat.ParserCreate(namespace_separator=" ")
        parser.StartElementHandler = walk.start
        parser.EndElementHandler = walk.end
        parser.Parse(document, True)
    return walk.merged


_TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0 "
_CELLS = (_TABLE + "table-cell", _TABLE + "covered-table-cell")


class _OdsMerges:
    def __init__(self, sheet_index: int) -> None:
        self.merged: list[tuple[Position, Position]] = []
        self._wanted = sheet_index
        self._tables = 0  # tables begun so far; the one being read is number _tables - 1
        self._depth = 0  # a table inside a cell is not a sheet
        self._row = self._next_row = self._column = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        if name == _TABLE + "table":
            self._depth += 1
            self._tables += self._depth == 1
            return
        if self._depth != 1 or self._tables - 1 != self._wanted:
            return
        if name == _TABLE + "table-row":
            self._row = self._next_row
            self._next_row += _count(attributes, "number-rows-repeated")
            self._column = 0
        elif name in _CELLS:
            columns = _count(attributes, "number-columns-spanned")
            rows = _count(attributes, "number-rows-spanned")
            if columns > 1 or rows > 1:
                self.merged.append(
                    ((self._row, self._column), (self._row + rows - 1, self._column + columns - 1))
                )
            self._column += _count(attributes, "number-columns-repeated")

    def end(self, name: str) -> None:
        if name == _TABLE + "table":
            self._depth -= 1


def _count(attributes: dict[str, str], name: str) -> int:
    try:
        return max(1, int(attributes.get(_TABLE + name, "1")))
    except ValueError:
        return 1


if __name__ == "__main__":
    main()
