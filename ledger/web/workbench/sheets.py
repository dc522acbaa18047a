"""Sheet imports on a page: the upload form and the row-by-row report."""

from __future__ import annotations

from typing import Any

from ledger.web.workbench import _csrf, _e


def sheet_import(csrf_token: str, heading: str, report: dict[str, Any] | None) -> str:
    """The upload form of a sheet import (checking only, unless unticked), and the last
    upload's problems."""
    return f"""<h2>{_e(heading)}</h2>
<form method="post" enctype="multipart/form-data" class="box">
{_csrf(csrf_token)}
<input type="hidden" name="action" value="import">
<input name="file" type="file" required accept="{SHEET_TYPES}">
<label><input type="checkbox" name="dry_run" value="1" checked>只检查不导入 Check only</label>
<button type="submit">上传 Upload</button>
</form>
{import_report(report)}"""


SHEET_TYPES = ".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def import_report(report: dict[str, Any] | None) -> str:
    """A sheet import's problems, row by row, as the spreadsheet numbers them."""
    if not report or not report["problems"]:
        return ""
    rows = "".join(
        f"<tr><td>{_e(p['row'])}</td><td>{_e(p['column'])}</td><td>{_e(p['value'])}</td><td>{_e(p['problem'])}</td></tr>"
        for p in report["problems"]
    )
    return (
        '<div class="box"><table><tr><th>行 row</th><th>列 column</th><th>内容 value</th><th>问题 problem</th></tr>'
        f"{rows}</table></div>"
    )
