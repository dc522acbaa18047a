"""The one reader for every sheet: each format known by what the file holds, the same
roster read cell for cell from .xls, .ods and .xlsx, merged cells of an .ods found in its
XML (repeated rows and cells counted), and text files in the encodings Excel saves."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ledger.domain.errors import Refused
from ledger.domain.spreadsheet import clean
from ledger.services.spreadsheet_reader import _ods_merged
from ledger.services.spreadsheets import NOT_A_SPREADSHEET, file_format, read_rows

pytestmark = pytest.mark.anyio

FIXTURES = Path(__file__).parent.parent / "fixtures"


@pytest.mark.parametrize(
    ("name", "found"),
    [("roster.xls", "xls"), ("roster.xlsx", "xlsx"), ("roster.ods", "ods"), ("rules.xls", "xls")],
)
def test_a_file_is_known_by_what_it_holds(name, found):
    assert file_format((FIXTURES / name).read_bytes()) == found


async def test_the_three_formats_read_cell_for_cell_alike():
    read = {}
    for name in ("roster.xls", "roster.ods", "roster.xlsx"):
        rows = await read_rows((FIXTURES / name).read_bytes())
        read[name] = [[clean(cell) for cell in row] for row in rows]
    assert read["roster.xls"] == read["roster.ods"] == read["roster.xlsx"]
    rows = read["roster.xls"]
    assert rows[2] == [
        "户号",
        "户主",
        "姓名",
        "与户主关系",
        "联系电话",
        "身份证后四位",
    ]  # merged down from row 2
    assert [row[0] for row in rows[3:6]] == ["1", "1", "1"]  # one cell merged over three members
    assert rows[3][4] == "13800138000"  # a phone typed as a number, not 1.38e10


def _ods(content_xml: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        archive.writestr("content.xml", content_xml)
    return out.getvalue()


def test_an_ods_merged_cell_is_placed_past_repeated_rows_and_cells_in_its_own_sheet():
    cell = "table:table-cell"
    content = _ods(f"""<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"><office:body><office:spreadsheet>
<table:table table:name="说明"><table:table-row><{cell} table:number-columns-spanned="9"/></table:table-row></table:table>
<table:table table:name="花名册">
<table:table-row table:number-rows-repeated="2"><{cell} table:number-columns-repeated="4"/></table:table-row>
<table:table-row><{cell} table:number-columns-repeated="2"/><{cell} table:number-columns-spanned="2"
 table:number-rows-spanned="3"/><table:covered-table-cell/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>""")
    assert _ods_merged(content, 0) == [((0, 0), (0, 8))]
    assert _ods_merged(content, 1) == [((2, 2), (4, 3))]


@pytest.mark.parametrize(
    "content",
    [
        "户号,户主\r\n001,王建国\r\n".encode("gb18030"),
        "\ufeff户号,户主\r\n001,王建国\r\n".encode(),
        "户号\t户主\r\n001\t王建国\r\n".encode("utf-16"),  # Excel's "Unicode text"
    ],
    ids=["GB18030", "UTF-8 with a BOM", "UTF-16, tab-separated"],
)
async def test_text_sheets_read_in_the_encodings_excel_saves(content):
    assert await read_rows(content) == [["户号", "户主"], ["001", "王建国"]]


async def test_a_pdf_is_no_spreadsheet():
    with pytest.raises(Refused) as refused:
        await read_rows(b"%PDF-1.7\n\x00\x01binary")
    assert refused.value.message == NOT_A_SPREADSHEET
