"""Sheets over the API, one way for every subject: an import is the file itself as the
body, run by its service's use case (?dry_run=true only checks) and answered with its row
report — 200, or a 400 problem carrying the row-by-row problems; an export is the
service's table sent as an .xlsx download."""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

import msgspec
from litestar import Request, Response
from litestar.openapi import ResponseSpec

from ledger.api import context
from ledger.api.problems import problem
from ledger.api.responses import answers
from ledger.documents.workbook import XLSX_MEDIA_TYPE, workbook_bytes
from ledger.domain.spreadsheet import Table
from ledger.messages import words
from ledger.services.sheet_import import ImportUseCase

ReportT = TypeVar("ReportT", bound=msgspec.Struct)


def import_answer(report: ReportT) -> Response[ReportT]:
    """A sheet import's report (a Struct with `problems`): 200 when applied or checked, else a
    400 problem carrying the row-by-row problems (nothing was imported)."""
    members = msgspec.to_builtins(report)
    if members["problems"]:
        return problem(
            400,
            "validation_failed",
            words(
                f"文件有 {len(members['problems'])} 处问题，未导入任何内容",
                f"{len(members['problems'])} problems in the file; nothing was imported",
            ),
            **members,
        )
    return Response(report)


def import_answers() -> dict[int, ResponseSpec]:
    """The problems every sheet import may answer."""
    return answers(
        404,
        409,
        with_body=True,
        invalid="the file is not a readable sheet, or rows have problems: nothing was imported "
        "(validation_failed, with the row-by-row report)",
        conflict="refused by a rule of the ledger",
    )


async def import_sheet(
    request: Request[Any, Any, Any],
    community_id: uuid.UUID,
    use_case: ImportUseCase,
    dry_run: bool,
    report_type: type[ReportT],
) -> Response[ReportT]:
    actor = context.principal(request).user_id
    report = await use_case(context.pool(request), community_id, actor, await request.body(), dry_run)
    return import_answer(msgspec.convert(report.as_dict(), report_type))


def sheet_download(table: Table, file_name: str) -> Response[Any]:
    return Response(
        workbook_bytes(table),
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{file_name}"'},
    )
