"""A `Table` (ledger.domain.spreadsheet) as an .xlsx workbook of one worksheet: what the
API and the pages send when someone downloads a sheet."""

from __future__ import annotations

import io

import openpyxl
from openpyxl.utils import get_column_letter

from ledger.domain.spreadsheet import Table

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def workbook_bytes(table: Table) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = table.title
    for line in table.above_header:
        sheet.append(list(line))
    sheet.append(list(table.header))
    for row in table.rows:
        sheet.append(list(row))
    for column, width in enumerate(table.column_widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
