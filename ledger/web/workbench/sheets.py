"""Sheet imports on a page: the upload form and the row-by-row report."""

from __future__ import annotations

from typing import Any

from ledger import limits
from ledger.messages import words
from ledger.web.workbench import _csrf, _e


def sheet_import(csrf_token: str, heading: str, report: dict[str, Any] | None) -> str:
    """The upload form of a sheet import (checking only, unless unticked), and the last
    upload's problems."""
    return f"""<h2>{_e(heading)}</h2>
<form method="post" enctype="multipart/form-data" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="import">
<input name="file" type="file" required accept="{SHEET_TYPES}" aria-label="{_e(words("选择文件", "Choose the file"))}">
<label><input type="checkbox" name="dry_run" value="1" checked>{_e(words("只检查不导入", "Check only"))}</label>
<button type="submit">{_e(words("上传", "Upload"))}</button>
</form>
{import_report(report)}"""


# What a village's computer may hold: Excel 97–2003 (.xls, many township templates), Excel
# 2007+ (.xlsx), LibreOffice / WPS (.ods) and CSV; the reader takes each by its content.
SHEET_TYPES = (
    ".xls,.xlsx,.ods,.csv,text/csv,application/vnd.ms-excel,"
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,"
    "application/vnd.oasis.opendocument.spreadsheet"
)


def import_report(report: dict[str, Any] | None) -> str:
    """A sheet import's problems, row by row, as the spreadsheet numbers them, and its
    notes on rows read other than written."""
    if not report:
        return ""
    return _problems(report) + _notes(report.get("notes", []))


def _notes(notes: list[dict[str, Any]]) -> str:
    """E.g. "户号 1 按 001 读取": the row imports, and the committee sees how it was read."""
    if not notes:
        return ""
    shown = notes[: limits.SHEET_NOTES_SHOWN_MAX]
    rows = "".join(f"<tr><td>{_e(n['row'])}</td><td>{_e(n['note'])}</td></tr>" for n in shown)
    more = len(notes) - len(shown)
    rest = (
        f'<p class="muted">{_e(words(f"另有 {more} 行同样读取", f"{more} more rows read the same way"))}</p>'
        if more
        else ""
    )
    return (
        f'<div class="box"><h3>{_e(words("读取说明", "How rows were read"))}</h3>'
        f"<table><tr><th>{_e(words('行', 'Row'))}</th><th>{_e(words('说明', 'Note'))}</th></tr>"
        f"{rows}</table>{rest}</div>"
    )


def _problems(report: dict[str, Any]) -> str:
    if not report["problems"]:
        return ""
    rows = "".join(
        f"<tr><td>{_e(p['row'])}</td><td>{_e(p['column'])}</td><td>{_e(p['value'])}</td><td>{_e(p['problem'])}</td></tr>"
        for p in report["problems"]
    )
    head = "".join(
        f"<th>{_e(words(zh, en))}</th>"
        for zh, en in (("行", "row"), ("列", "column"), ("内容", "value"), ("问题", "problem"))
    )
    return f'<div class="box"><table><tr>{head}</tr>{rows}</table></div>'
