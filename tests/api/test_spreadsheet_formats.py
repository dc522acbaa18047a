"""Spreadsheets as villages have them: the same roster saved by LibreOffice as .xls, .ods and
.xlsx (tests/fixtures, made by make_spreadsheets.py) imports to the same households; a
household number a spreadsheet turned into a number (1 for "001") is matched as the
community numbers its households, and the row report says so; rule and goods sheets read
the same way; a file that is no spreadsheet, or one no reader could hold, is refused in
words naming the formats, and the server keeps serving."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from ledger.store import queries
from tests.api.web import hidden_csrf, log_in, session_cookie, submit
from tests.support import PASSWORD, add_household

pytestmark = pytest.mark.anyio

FIXTURES = Path(__file__).parent.parent / "fixtures"
ROSTER_FILES = ("roster.xls", "roster.ods", "roster.xlsx")
ROSTER = {
    ("001", "王建国"): {
        "王建国": ("head", "13800138000", "1234"),
        "李秀英": ("spouse", None, None),
        "王小明": ("child", None, "567X"),
    },
    ("002", "张桂兰"): {"张桂兰": ("head", "139-0000-1111", None)},
    ("003", "赵六"): {"赵六": ("head", None, None), "赵小六": ("child", None, None)},
}
# 户号 was the number 1 on rows 4–6 (one cell merged down) and the number 3 on rows 9–10
NUMBERED_ROWS = [(4, "1", "001"), (5, "1", "001"), (6, "1", "001"), (9, "3", "003"), (10, "3", "003")]


def _fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def _workbook(rows: list[list[object]]) -> bytes:
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


async def _import(client, staffed, content: bytes, query: str = "", language: str = "zh-CN"):
    return await client.post(
        f"{staffed.api}/households/roster{query}",
        content=content,
        headers={**staffed.auth("committee"), "Accept-Language": language},
    )


async def _roster(pool, client, staffed) -> dict[tuple[str, str], dict[str, tuple]]:
    """Every household with its members, as the API answers them."""
    found = {}
    for household in await queries.households(pool, staffed.village.community_id, 100, ""):
        detail = (
            await client.get(
                f"{staffed.api}/households/{household['household_id']}", headers=staffed.auth("committee")
            )
        ).json()
        found[(household["number"], household["head_name"])] = {
            m["name"]: (m["relation"], m["phone"], m["id_card_last4"]) for m in detail["members"]
        }
    return found


async def _head(pool, staffed) -> int:
    return (await queries.community(pool, staffed.village.community_id))["head_seq"]


@pytest.mark.parametrize("name", ROSTER_FILES)
async def test_a_roster_saved_by_libreoffice_imports_with_each_number_read_as_the_village_writes_it(
    pool, client, staffed, name
):
    answer = await _import(client, staffed, _fixture(name))
    assert answer.status_code == 200, answer.text
    report = answer.json()
    assert (report["households_registered"], report["members_added"]) == (3, 6)
    assert await _roster(pool, client, staffed) == ROSTER
    notes = [(n["row"], n["column"], n["value"], n["note"]) for n in report["notes"]]
    assert notes == [
        (row, "户号", value, f"户号 {value} 按 {number} 读取（表格去掉了前面的 0）")
        for row, value, number in NUMBERED_ROWS
    ]

    head = await _head(pool, staffed)
    again = (await _import(client, staffed, _fixture(name))).json()
    assert again["applied"] is True
    assert (again["households_registered"], again["households_changed"]) == (0, 0)
    assert (again["members_added"], again["members_changed"]) == (0, 0)
    assert await _head(pool, staffed) == head


async def test_the_same_roster_as_xls_ods_and_xlsx_is_the_same_households(pool, client, staffed):
    first = (await _import(client, staffed, _fixture("roster.xls"))).json()
    assert first["households_registered"] == 3
    head = await _head(pool, staffed)
    for name in ("roster.ods", "roster.xlsx", "roster.xls"):
        again = (await _import(client, staffed, _fixture(name))).json()
        counts = [again[key] for key in ("households_registered", "households_changed", "members_added")]
        assert counts + [again["members_changed"]] == [0, 0, 0, 0], name
        assert [n["row"] for n in again["notes"]] == [row for row, _, _ in NUMBERED_ROWS]
    assert await _head(pool, staffed) == head
    assert await _roster(pool, client, staffed) == ROSTER


async def test_a_number_that_lost_its_zeros_is_the_household_the_community_already_has(pool, client, staffed):
    existing = await add_household(pool, staffed.village, "001", "王建国")
    await add_household(pool, staffed.village, "120", "孙丽")  # 3 digits without a zero: same width
    sheet = _workbook(
        [
            ["户号", "户主", "姓名", "与户主关系"],
            [1.0, "王建国", "李秀英", "配偶"],
            [45, "钱卫东", "钱卫东", "户主"],
        ]
    )
    answer = (await _import(client, staffed, sheet, language="en")).json()
    assert (answer["households_registered"], answer["members_added"]) == (1, 2)
    assert await queries.household_by_number(pool, staffed.village.community_id, "001") == existing
    assert await queries.household_by_number(pool, staffed.village.community_id, "045") is not None
    assert [(n["row"], n["value"], n["note"]) for n in answer["notes"]] == [
        (2, "1", "household number 1 read as 001 (the spreadsheet had dropped its leading zeros)"),
        (3, "45", "household number 45 read as 045 (the spreadsheet had dropped its leading zeros)"),
    ]


async def test_a_community_that_numbers_without_zeros_keeps_its_numbers(pool, client, staffed):
    existing = await add_household(pool, staffed.village, "7", "周强")
    sheet = _workbook(
        [["户号", "户主", "姓名", "与户主关系"], [7, "周强", "周强", "户主"], [12, "吴敏", "吴敏", "户主"]]
    )
    answer = (await _import(client, staffed, sheet)).json()
    assert answer["notes"] == []
    assert answer["households_registered"] == 1
    assert await queries.household_by_number(pool, staffed.village.community_id, "7") == existing
    numbers = [h["number"] for h in await queries.households(pool, staffed.village.community_id, 100, "")]
    assert numbers == ["12", "7"]


async def test_a_new_community_reads_the_width_from_the_sheets_other_rows(pool, client, staffed):
    # Excel opened the CSV, made "006" the number 6, and saved it again; "005" it left alone
    content = "户号,户主,姓名,与户主关系\r\n005,欧阳锋,欧阳锋,户主\r\n6,黄药师,黄药师,户主\r\n".encode(
        "gb18030"
    )
    answer = (await _import(client, staffed, content)).json()
    assert [(n["row"], n["value"]) for n in answer["notes"]] == [(3, "6")]
    numbers = [h["number"] for h in await queries.households(pool, staffed.village.community_id, 100, "")]
    assert numbers == ["005", "006"]


async def test_rule_and_goods_sheets_read_from_xls_and_ods(pool, client, staffed):
    committee = staffed.auth("committee")
    rules = await client.post(
        f"{staffed.api}/rules/catalog", content=_fixture("rules.xls"), headers=committee
    )
    assert rules.status_code == 200, rules.text
    demo_rules = (FIXTURES.parent.parent / "ledger" / "demo" / "rules.csv").read_text("utf-8").splitlines()
    assert rules.json()["defined"] == len(demo_rules) - 1
    goods = await client.post(
        f"{staffed.api}/goods/catalog", content=_fixture("goods.ods"), headers=committee
    )
    assert goods.status_code == 200, goods.text
    listed = {
        g["code"]: (g["points"], g["stock"]) for g in await queries.goods(pool, staffed.village.community_id)
    }
    assert len(listed) == 20
    assert listed["G11"] == (85, 20)  # 5升玉米油: read as the whole numbers the sheet shows


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return out.getvalue()


NOT_SPREADSHEETS = {
    "a photo": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "a Word document": _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}),
    "a web page saved as .xls": "<html><body><table><tr><td>户号</td></tr></table></body></html>".encode(),
}


@pytest.mark.parametrize("content", NOT_SPREADSHEETS.values(), ids=NOT_SPREADSHEETS.keys())
async def test_a_file_that_is_no_spreadsheet_is_refused_naming_the_formats(pool, client, staffed, content):
    chinese = await _import(client, staffed, content)
    assert chinese.status_code == 400
    assert chinese.json()["code"] == "validation_failed"
    assert chinese.json()["detail"] == "这个文件不是表格：请存为 .xls、.xlsx、.ods 或 CSV 文件后再上传"
    english = await _import(client, staffed, content, language="en")
    assert english.json()["detail"] == (
        "this file is not a spreadsheet: save it as .xls, .xlsx, .ods or CSV and upload it again"
    )
    assert await queries.households(pool, staffed.village.community_id, 100, "") == []


async def test_a_cell_typed_far_away_is_refused_and_the_server_keeps_serving(pool, client, staffed):
    # One cell at the last row and column: the reader would need billions of cells and its
    # process dies; it is not the server's.
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "户号"
    workbook.active["XFD1048576"] = "x"
    out = io.BytesIO()
    workbook.save(out)
    refused = await _import(client, staffed, out.getvalue())
    assert refused.status_code == 400
    assert refused.json()["code"] == "validation_failed"
    assert refused.json()["detail"].startswith("这个 .xlsx 文件读不出来")
    assert (await client.get("/healthz")).status_code == 200

    # Far, but within what a reader can lay out: the refusal says where the sheet ends.
    workbook.active["XFD1048576"] = None
    workbook.active["T200000"] = "x"
    out = io.BytesIO()
    workbook.save(out)
    too_large = await _import(client, staffed, out.getvalue(), language="en")
    assert too_large.status_code == 400
    assert "down to row 200000 and across to column 20, more than 2000000 cells" in too_large.json()["detail"]

    good = await _import(client, staffed, _fixture("roster.xlsx"))
    assert good.status_code == 200
    assert good.json()["households_registered"] == 3


async def test_the_upload_forms_take_xls_and_ods_and_the_page_shows_how_rows_were_read(pool, client, staffed):
    community = staffed.village.community_id
    cookie = session_cookie(await log_in(client, staffed.village.usernames["committee"], PASSWORD))
    for page in ("households", "rules", "goods"):
        shown = await client.get(f"/staff/{community}/{page}", headers=cookie)
        assert shown.status_code == 200
        accepted = shown.text.split('name="file" type="file" required accept="', 1)[1].split('"', 1)[0]
        assert {".xls", ".xlsx", ".ods", ".csv"} <= set(accepted.split(",")), page
        assert ".xls / .xlsx / .ods / CSV" in shown.text, page
    page = await client.get(f"/staff/{community}/households", headers=cookie)
    imported = await submit(
        client,
        f"/staff/{community}/households",
        data={"csrf_token": hidden_csrf(page.text), "action": "import"},
        files={
            "file": ("花名册.ods", _fixture("roster.ods"), "application/vnd.oasis.opendocument.spreadsheet")
        },
        headers=cookie,
    )
    assert imported.status_code == 200
    assert "新登记 3 户" in imported.text
    assert "户号 1 按 001 读取" in imported.text and "户号 3 按 003 读取" in imported.text
    assert len(await queries.households(pool, community, 100, "")) == 3


# Each import's report on the wire, in its order: its own counts, and notes only where rows
# can be read other than written (the roster's household numbers).
REPORTS = {
    "households/roster": (
        "户号,户主,姓名,与户主关系\n001,王建国,王建国,户主\n",
        "户号,户主,姓名,与户主关系\n001,王建国,王建国,邻居\n",
        [
            "households_registered",
            "households_changed",
            "members_added",
            "members_changed",
            "groups_created",
            "grids_created",
            "households_moved",
            "problems",
            "notes",
        ],
    ),
    "rules/catalog": (
        "编码,名称,积分\nR1,扫雪,5\n",
        "编码,名称,积分\nR1,扫雪,零\n",
        ["defined", "changed", "problems"],
    ),
    "goods/catalog": (
        "编码,名称,积分\nG1,肥皂,5\n",
        "编码,名称,积分\nG1,肥皂,零\n",
        ["listed", "changed", "problems"],
    ),
}


@pytest.mark.parametrize(
    ("path", "good", "bad", "fields"), [(k, *v) for k, v in REPORTS.items()], ids=REPORTS
)
async def test_each_import_answers_its_report_checked_or_refused(
    pool, client, staffed, path, good, bad, fields
):
    committee = {**staffed.auth("committee"), "Content-Type": "text/csv"}
    head = await _head(pool, staffed)
    checked = await client.post(
        f"{staffed.api}/{path}?dry_run=true", content=good.encode(), headers=committee
    )
    assert checked.status_code == 200
    assert list(checked.json()) == ["rows", "applied", *fields]
    assert (checked.json()["rows"], checked.json()["applied"]) == (1, False)
    refused = await client.post(f"{staffed.api}/{path}", content=bad.encode(), headers=committee)
    assert (refused.status_code, refused.json()["code"]) == (400, "validation_failed")
    assert {"rows", "applied", *fields} <= set(refused.json())
    assert refused.json()["applied"] is False
    assert [set(problem) for problem in refused.json()["problems"]] == [{"row", "column", "value", "problem"}]
    assert await _head(pool, staffed) == head
