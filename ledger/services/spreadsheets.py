"""Spreadsheets in and out: the first sheet of an .xlsx, or a CSV as Excel saves it."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl

from ledger.domain.errors import Refused

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def read_rows(content: bytes) -> list[list[object]]:
    """The first sheet of an .xlsx (merged cells filled from their top-left cell, as a
    reader sees them), or a CSV in UTF-8 or GB18030 (what Excel in China saves)."""
    if content[:2] == b"PK":
        try:
            workbook = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        except (zipfile.BadZipFile, KeyError, ValueError, OSError) as error:
            raise Refused("validation_failed", f"not a readable .xlsx file: {error}") from None
        sheet = workbook.worksheets[0]
        rows = [list(row) for row in sheet.iter_rows(values_only=True)]
        for merged in sheet.merged_cells.ranges:
            value = sheet.cell(merged.min_row, merged.min_col).value
            for row in range(merged.min_row, merged.max_row + 1):
                for column in range(merged.min_col, merged.max_col + 1):
                    rows[row - 1][column - 1] = value
        return rows
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
        except UnicodeDecodeError:
            continue
        return [list(row) for row in csv.reader(io.StringIO(text))]
    raise Refused("validation_failed", "not an .xlsx file nor a CSV in UTF-8 or GB18030")


def workbook_bytes(title: str, header: list[str], rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = title
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
