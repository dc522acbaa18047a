"""Publicity (公示): the board staff and residents see, objections and their decisions.

The public board needs no login and shows masked names only, with the head of the
community's chain so a printed board can be checked against the record later."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.params import FromPath, Parameter

from ledger.api import context, examples
from ledger.api.guards import ACCESS, staff_of_community
from ledger.api.parameters import MonthPath
from ledger.api.rate_limit import client_address
from ledger.api.responses import answers, success_content
from ledger.api.schemas.publicity import (
    MonthlyBoard,
    ObjectedAward,
    ObjectionDecided,
    ObjectionRecorded,
    OpenObjection,
    PublicityBoard,
    SupervisionFlags,
)
from ledger.api.sheet_imports import sheet_download
from ledger.documents import public_sheets
from ledger.documents.workbook import XLSX_MEDIA_TYPE
from ledger.domain import commands, roles
from ledger.services import boards, objections, supervision
from ledger.store.queries import publicity as publicity_reads


class PublicityController(Controller):
    path = "/api/v1/communities/{community_id:uuid}"
    opt = {ACCESS: staff_of_community}
    tags = ["publicity"]

    @get(
        "/publicity",
        responses=answers(404),
        opt={"roles": roles.READ_COMMUNITY},
        summary="Awards in publicity, with their end dates",
    )
    async def board(self, community_id: FromPath[uuid.UUID], request: Request) -> PublicityBoard:
        return msgspec.convert(
            await boards.publicity_board(context.pool(request), community_id), PublicityBoard
        )

    @get(
        "/objections",
        responses=answers(404),
        opt={"roles": roles.READ_RECORD},
        summary="Objections waiting for the supervision committee",
    )
    async def objections(self, community_id: FromPath[uuid.UUID], request: Request) -> list[OpenObjection]:
        return [
            OpenObjection(
                objection_id=row["objection_id"],
                award_seq=row["award_seq"],
                reason=row["reason"],
                via=row["via"],
                household_number=row["number"],
                points=row["points"],
                ends_on=row["ends_on"],
            )
            for row in await publicity_reads.open_objections(context.pool(request), community_id)
        ]

    @get(
        "/objections/by-award",
        responses=answers(404),
        opt={"roles": roles.READ_RECORD},
        summary="Open objections grouped by award: the award, its household and points, how many "
        "objections hold it and (the first of) their reasons",
    )
    async def objections_by_award(
        self, community_id: FromPath[uuid.UUID], request: Request
    ) -> list[ObjectedAward]:
        awards = await objections.open_by_award(context.pool(request), community_id)
        return msgspec.convert(awards, list[ObjectedAward])

    @get(
        "/supervision/flags",
        responses=answers(404),
        opt={"roles": roles.READ_FLAGS},
        summary="Patterns worth a look: concentrated awards, awards just under the publicity threshold, "
        "awards to staff households, repeated cancellations and reversals",
    )
    async def flags(
        self,
        community_id: FromPath[uuid.UUID],
        request: Request,
        days: Annotated[int, Parameter(ge=1, le=366)] = 90,
    ) -> SupervisionFlags:
        return msgspec.convert(
            await supervision.flags(context.pool(request), community_id, days), SupervisionFlags
        )

    @post(
        "/objections/{objection_id:uuid}/decision",
        responses=answers(
            404,
            409,
            with_body=True,
            forbidden="not the supervision committee, or the household is linked to you (conflict_of_interest)",
            conflict="the objection is decided already (already_decided)",
        ),
        status_code=200,
        opt={"roles": roles.DECIDE_OBJECTIONS},
        summary="Uphold (the award is rejected) or dismiss an objection",
    )
    async def decide(
        self,
        community_id: FromPath[uuid.UUID],
        objection_id: FromPath[uuid.UUID],
        data: Annotated[commands.ObjectionDecision, examples.OBJECTION_DECISION],
        request: Request,
    ) -> ObjectionDecided:
        answer = await objections.decide(
            context.pool(request),
            community_id,
            context.principal(request).user_id,
            objection_id,
            data.uphold,
            data.reason,
        )
        return msgspec.convert(answer, ObjectionDecided)


@get(
    "/api/v1/boards/{community_id:uuid}/publicity",
    responses=answers(404, signed_in=False, not_found="no such community (not_found)"),
    tags=["residents"],
    summary="The public board: awards in publicity (names masked) and the chain's head",
)
async def public_board(community_id: FromPath[uuid.UUID], request: Request) -> PublicityBoard:
    # The shape is what the board shows: nothing the service adds beside it goes out.
    return msgspec.convert(await boards.publicity_board(context.pool(request), community_id), PublicityBoard)


@post(
    "/api/v1/boards/{community_id:uuid}/objections",
    responses=answers(
        404,
        409,
        429,
        signed_in=False,
        with_body=True,
        not_found="no such community or award in publicity (not_found)",
        conflict="the award is not in publicity any more (already_decided), or this address has an "
        "objection to it open already (already_exists)",
        too_many="too many requests from this address, or its objections of the community's day "
        "are used up (rate_limited; Retry-After: when the day turns)",
    ),
    tags=["residents"],
    summary="Object to an award on the public board, with a reason (no login)",
)
async def object_from_board(
    community_id: FromPath[uuid.UUID],
    data: Annotated[commands.Objection, examples.OBJECTION],
    request: Request,
) -> ObjectionRecorded:
    context.card_limiter(request).check(client_address(request), "objections")
    answer = await objections.object_from_board(
        context.pool(request), community_id, data.award_seq, data.reason, client_address(request)
    )
    return msgspec.convert(answer, ObjectionRecorded)


@post(
    "/api/v1/cards/{token:str}/objections",
    responses=answers(
        404,
        409,
        429,
        signed_in=False,
        with_body=True,
        not_found="no such card, or no such award in publicity (not_found)",
        conflict="the award is not in publicity any more (already_decided), or this card has an "
        "objection to it open already (already_exists)",
        too_many="too many requests from this address, or the card's objections of the community's day "
        "are used up (rate_limited; Retry-After: when the day turns)",
    ),
    tags=["residents"],
    summary="Object, as the holder of a household's card, to an award in that community's publicity",
)
async def object_with_card(
    token: FromPath[str], data: Annotated[commands.Objection, examples.OBJECTION], request: Request
) -> ObjectionRecorded:
    context.card_limiter(request).check(client_address(request), "card look-ups")
    answer = await objections.object_with_card(context.pool(request), token, data.award_seq, data.reason)
    return msgspec.convert(answer, ObjectionRecorded)


@get(
    "/api/v1/boards/{community_id:uuid}/{colour:str}/{month:str}",
    operation_class=success_content(XLSX_MEDIA_TYPE),
    responses=answers(404, 429, signed_in=False, not_found="no such community (not_found)"),
    tags=["residents"],
    summary="The monthly red list (top households by points earned) or black list, names masked (JSON or .xlsx)",
)
async def monthly_board(
    community_id: FromPath[uuid.UUID],
    colour: Annotated[str, Parameter(pattern="^(red|black)$")],
    month: MonthPath,
    request: Request,
    format: Annotated[str, Parameter(pattern="^(json|xlsx)$")] = "json",
) -> Response[MonthlyBoard]:
    context.card_limiter(request).check(client_address(request), "board look-ups")
    year, number = (int(part) for part in month.split("-"))
    listing = await boards.board(context.pool(request), community_id, colour, year, number)
    if format == "xlsx":
        # the list as an .xlsx sheet in place of its JSON (success_content declares it)
        return sheet_download(public_sheets.monthly_board(listing, colour), f"{colour}-{month}.xlsx")
    return Response(msgspec.convert(listing, MonthlyBoard))
