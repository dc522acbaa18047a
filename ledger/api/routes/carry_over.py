"""Carry-over from paper (期初结转), under /api/v1/communities/{community_id}/carry-over:
a committee member uploads the sheet of households' balances (checked only, or proposed)
or proposes the fund's opening balance; another committee member or the supervision
committee approves or rejects it, never its proposer. Every status each operation can
answer is in the OpenAPI document."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.openapi import ResponseSpec
from litestar.openapi.spec import Example
from litestar.params import FromPath, FromQuery, Parameter

from ledger import limits
from ledger.api import context, examples
from ledger.api.guards import ACCESS, staff_of_community
from ledger.api.problems import problem
from ledger.api.responses import answers
from ledger.api.schemas.proposals import (
    CarryOver,
    CarryOverDecided,
    CarryOverLine,
    FundOpeningProposed,
    SheetReport,
)
from ledger.domain import roles
from ledger.domain.carry_over import FundOpening
from ledger.domain.commands import Decide
from ledger.messages import words
from ledger.services import carry_over

_NOT_FOUND = "no such carry-over in this community (not_found)"
# The handler's own status is 200 (checked only); a sheet proposed answers 201.
_PROPOSED = ResponseSpec(
    data_container=SheetReport,
    description="the sheet is proposed: waiting for another's approval",
    generate_examples=False,
    examples=[Example(summary="proposed", value=SheetReport.proposed_example)],
)


class CarryOverController(Controller):
    path = "/api/v1/communities/{community_id:uuid}/carry-over"
    opt = {ACCESS: staff_of_community}
    tags = ["carry-over"]

    @post(
        "/sheets",
        status_code=200,
        opt={"roles": roles.PROPOSE_CARRY_OVER},
        request_max_body_size=limits.ROSTER_FILE_BYTES_MAX,
        responses={
            **answers(
                404,
                409,
                with_body=True,
                invalid="the file is not a readable sheet, or rows have problems: nothing was proposed "
                "(validation_failed, with the row-by-row report: rows, problems, notes)",
                conflict="a household of the sheet was carried over meanwhile (already_exists)",
            ),
            201: _PROPOSED,
        },
        summary="Upload the households' balances from paper (.xls, .xlsx, .ods or CSV): checked row by row, "
        "all or nothing, then proposed for another's approval",
        description="Send the file itself as the body; columns 户号, 可用积分, 荣誉积分 and where the figures come "
        "from (页码 / 行号, or 来源). ?check_only=true only checks (200); otherwise a sheet without problems is "
        "proposed (201). Each household is carried over once.",
    )
    async def upload_sheet(
        self,
        community_id: FromPath[uuid.UUID],
        request: Request,
        check_only: FromQuery[bool] = False,
        file_name: Annotated[str | None, Parameter(max_length=200)] = None,
    ) -> Response[SheetReport]:
        report = await carry_over.propose_sheet(
            context.pool(request),
            community_id,
            context.principal(request).user_id,
            context.principal(request).roles_in(community_id),
            await request.body(),
            file_name,
            check_only,
        )
        answer = report.as_dict()
        if report.problems:
            count = len(report.problems)
            return problem(
                400,
                "validation_failed",
                words(
                    f"表格有 {count} 处问题，未提议", f"{count} problems in the sheet; nothing was proposed"
                ),
                **{key: answer[key] for key in ("rows", "problems", "notes")},
            )
        return Response(msgspec.convert(answer, SheetReport), status_code=201 if report.proposed else 200)

    @post(
        "/fund",
        status_code=201,
        opt={"roles": roles.PROPOSE_CARRY_OVER},
        responses=answers(
            404,
            409,
            with_body=True,
            invalid="an amount or reference out of its bounds (validation_failed)",
            conflict="the fund's opening balance is already carried over or proposed (already_exists)",
        ),
        summary="Propose the happiness fund's opening balance (in fen) with its reference, once per community",
    )
    async def propose_fund(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[
            FundOpening,
            examples.body(
                "the balance in the old account book",
                {"amount_fen": 1_234_560, "reference": "2023年村账本第12页"},
            ),
        ],
        request: Request,
    ) -> FundOpeningProposed:
        principal = context.principal(request)
        answer = await carry_over.propose_fund(
            context.pool(request), community_id, principal.user_id, principal.roles_in(community_id), data
        )
        return msgspec.convert(answer, FundOpeningProposed)

    @get(
        "/",
        opt={"roles": roles.READ_RECORD},
        responses=answers(404, invalid="a parameter out of its bounds (validation_failed)"),
        summary="Carry-overs, newest first, with totals",
    )
    async def list_carry_overs(
        self,
        community_id: FromPath[uuid.UUID],
        request: Request,
        limit: Annotated[int, Parameter(ge=1, le=limits.CARRY_OVERS_LISTED_MAX)] = 50,
    ) -> list[CarryOver]:
        listed = await carry_over.carry_overs(context.pool(request), community_id, limit)
        return msgspec.convert(listed, list[CarryOver])

    @get(
        "/{carry_over_id:uuid}/lines",
        opt={"roles": roles.READ_RECORD},
        responses=answers(
            404, invalid="a parameter out of its bounds (validation_failed)", not_found=_NOT_FOUND
        ),
        summary="A sheet's lines in its order: each household's figures, source and state",
    )
    async def lines(
        self,
        community_id: FromPath[uuid.UUID],
        carry_over_id: FromPath[uuid.UUID],
        request: Request,
        limit: Annotated[int, Parameter(ge=1, le=limits.CARRY_OVER_ROWS_MAX)] = limits.CARRY_OVER_ROWS_MAX,
    ) -> list[CarryOverLine]:
        lines = await carry_over.carry_over_lines(context.pool(request), community_id, carry_over_id, limit)
        return msgspec.convert(lines, list[CarryOverLine])

    @post(
        "/{carry_over_id:uuid}/decision",
        status_code=200,
        opt={"roles": roles.DECIDE_CARRY_OVER},
        responses=answers(
            404,
            409,
            with_body=True,
            invalid="the decision is not valid (validation_failed)",
            forbidden="not a decider's role, the decider proposed it (own_proposal), a household is linked to "
            "the decider (conflict_of_interest), or a staff member's household is the supervision committee's "
            "(needs_supervisor)",
            not_found=_NOT_FOUND,
            conflict="already decided (already_decided), or a household has closed since (household_closed)",
        ),
        summary="Approve (the balances go on the public board, then into effect) or reject a carry-over",
        description="Another committee member or the supervision committee decides, never the proposer; a sheet "
        "with a staff member's household is the supervision committee's.",
    )
    async def decide(
        self,
        community_id: FromPath[uuid.UUID],
        carry_over_id: FromPath[uuid.UUID],
        data: Annotated[Decide, examples.DECIDE],
        request: Request,
    ) -> CarryOverDecided:
        principal = context.principal(request)
        answer = await carry_over.decide(
            context.pool(request),
            community_id,
            principal.user_id,
            principal.roles_in(community_id),
            carry_over_id,
            data,
        )
        return msgspec.convert(answer, CarryOverDecided)
