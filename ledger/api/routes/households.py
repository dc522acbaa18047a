"""Households, their members and their cards, under /api/v1/communities/{community_id}."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, patch, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, Parameter

from ledger import limits
from ledger.api import context, examples
from ledger.api.guards import ACCESS, staff_of_community
from ledger.api.rate_limit import client_address
from ledger.api.responses import answers, success_content
from ledger.api.schemas import Card, Created, Household, HouseholdPage, household_answer
from ledger.api.schemas.people import Changed, Revoked, RosterReport
from ledger.api.sheet_imports import import_answers, import_sheet, sheet_download
from ledger.documents.card_sheet import CardSheet
from ledger.documents.workbook import XLSX_MEDIA_TYPE
from ledger.domain import commands, roles
from ledger.services import cards, roster
from ledger.services import households as household_services
from ledger.store import queries


def _actor(request: Request) -> uuid.UUID:
    return context.principal(request).user_id


class HouseholdController(Controller):
    path = "/api/v1/communities/{community_id:uuid}"
    opt = {ACCESS: staff_of_community}
    tags = ["households"]

    @get(
        "/households",
        responses=answers(404),
        opt={"roles": roles.READ_COMMUNITY},
        summary="List households (by number)",
    )
    async def list_households(
        self,
        community_id: FromPath[uuid.UUID],
        request: Request,
        after: Annotated[str, Parameter(max_length=40)] = "",
        limit: Annotated[int, Parameter(ge=1, le=limits.HOUSEHOLDS_PER_PAGE_MAX)] = 100,
        group_id: Annotated[
            uuid.UUID | None, Parameter(description="only the households of this group")
        ] = None,
        grid_id: Annotated[
            uuid.UUID | None, Parameter(description="only the households of this grid")
        ] = None,
    ) -> HouseholdPage:
        rows = await queries.households(
            context.pool(request), community_id, limit, after, group_id=group_id, grid_id=grid_id
        )
        return HouseholdPage(
            households=[household_answer(row) for row in rows],
            next_after=rows[-1]["number"] if len(rows) == limit else None,
        )

    @post(
        "/households",
        responses=answers(
            404, 409, with_body=True, conflict="the household number is taken (already_exists)"
        ),
        opt={"roles": roles.REGISTER_HOUSEHOLDS},
        summary="Register a household",
    )
    async def register_household(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.RegisterHousehold, examples.REGISTER_HOUSEHOLD],
        request: Request,
    ) -> Created:
        return Created(
            await household_services.register_household(
                context.pool(request), community_id, _actor(request), data
            )
        )

    @get(
        "/households/{household_id:uuid}",
        responses=answers(404, not_found="no such household in this community (not_found)"),
        opt={"roles": roles.READ_COMMUNITY},
        summary="A household, its balance and members",
    )
    async def get_household(
        self, community_id: FromPath[uuid.UUID], household_id: FromPath[uuid.UUID], request: Request
    ) -> Household:
        row = await queries.household(context.pool(request), community_id, household_id)
        if row is None:
            raise NotFoundException("no such household in this community")
        members = await household_services.members(context.pool(request), community_id, household_id)
        return household_answer(row, members)

    @patch(
        "/households/{household_id:uuid}",
        responses=answers(
            404,
            409,
            with_body=True,
            conflict="the number is taken (already_exists) or the household is closed (household_closed)",
        ),
        opt={"roles": roles.REGISTER_HOUSEHOLDS},
        summary="Change a household: number, head, or status (moved out, closed — the history stays)",
    )
    async def change_household(
        self,
        community_id: FromPath[uuid.UUID],
        household_id: FromPath[uuid.UUID],
        data: Annotated[commands.ChangeHousehold, examples.CHANGE_HOUSEHOLD],
        request: Request,
    ) -> Changed:
        return Changed(
            await household_services.change_household(
                context.pool(request), community_id, _actor(request), household_id, data
            )
        )

    @post(
        "/households/{household_id:uuid}/members",
        responses=answers(404, 409, with_body=True, conflict="the household is closed (household_closed)"),
        opt={"roles": roles.REGISTER_HOUSEHOLDS},
        summary="Add a member",
    )
    async def add_member(
        self,
        community_id: FromPath[uuid.UUID],
        household_id: FromPath[uuid.UUID],
        data: Annotated[commands.AddMember, examples.ADD_MEMBER],
        request: Request,
    ) -> Created:
        return Created(
            await household_services.add_member(
                context.pool(request), community_id, _actor(request), household_id, data
            )
        )

    @patch(
        "/households/{household_id:uuid}/members/{member_id:uuid}",
        responses=answers(404, 409, with_body=True, conflict="the household is closed (household_closed)"),
        opt={"roles": roles.REGISTER_HOUSEHOLDS},
        summary="Change a member (or mark them as having left)",
    )
    async def change_member(
        self,
        community_id: FromPath[uuid.UUID],
        household_id: FromPath[uuid.UUID],
        member_id: FromPath[uuid.UUID],
        data: Annotated[commands.ChangeMember, examples.CHANGE_MEMBER],
        request: Request,
    ) -> Changed:
        return Changed(
            await household_services.change_member(
                context.pool(request), community_id, _actor(request), household_id, member_id, data
            )
        )

    @post(
        "/households/{household_id:uuid}/cards",
        responses=answers(404, 409, conflict="the household is closed (household_closed)"),
        opt={"roles": roles.REGISTER_HOUSEHOLDS},
        summary="Issue a new resident card; the old one stops working (token shown once)",
    )
    async def issue_card(
        self, community_id: FromPath[uuid.UUID], household_id: FromPath[uuid.UUID], request: Request
    ) -> Card:
        issued = await cards.issue_card(context.pool(request), community_id, _actor(request), household_id)
        return Card(
            token=issued.token,
            short_code=issued.short_code,
            card_url=context.public_address(request) + cards.card_path(issued.token),
        )

    @post(
        "/households/{household_id:uuid}/cards/revoke",
        responses=answers(404),
        status_code=200,
        opt={"roles": roles.REGISTER_HOUSEHOLDS},
        summary="Revoke the household's card (lost or stolen)",
    )
    async def revoke_cards(
        self, community_id: FromPath[uuid.UUID], household_id: FromPath[uuid.UUID], request: Request
    ) -> Revoked:
        return Revoked(
            await cards.revoke_cards(context.pool(request), community_id, _actor(request), household_id)
        )

    @post(
        "/households/roster",
        responses=import_answers(),
        status_code=200,
        opt={"roles": roles.REGISTER_HOUSEHOLDS},
        request_max_body_size=limits.ROSTER_FILE_BYTES_MAX,
        summary="Import the roster (.xls, .xlsx, .ods or CSV, Chinese headers): all rows or none, with a row-by-row report",
        description="Send the file itself as the body. Households are matched by 户号 and members by 姓名, "
        "so importing the same file again changes nothing. ?dry_run=true only checks.",
    )
    async def import_roster(
        self, community_id: FromPath[uuid.UUID], request: Request, dry_run: FromQuery[bool] = False
    ) -> Response[RosterReport]:
        return await import_sheet(request, community_id, roster.import_roster, dry_run, RosterReport)

    @get(
        "/households/roster.xlsx",
        operation_class=success_content(XLSX_MEDIA_TYPE, instead_of_json=True),
        responses=answers(404),
        opt={"roles": roles.REGISTER_HOUSEHOLDS},
        summary="Export the roster as .xlsx (the same columns the import reads)",
    )
    async def export_roster(self, community_id: FromPath[uuid.UUID], request: Request) -> Response[bytes]:
        return sheet_download(await roster.export_roster(context.pool(request), community_id), "roster.xlsx")

    @post(
        "/card-lookup",
        responses=answers(404, 429, with_body=True, not_found="no such card in this community (not_found)"),
        status_code=200,
        opt={"roles": roles.LOOK_UP_CARDS},
        summary="Find a household by its card, as scanned or as its short code typed by hand",
    )
    async def card_lookup(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.CardLookup, examples.CARD_LOOKUP],
        request: Request,
    ) -> Household:
        context.card_limiter(request).check(client_address(request), "card look-ups")
        household_id = await cards.household_of_card(context.pool(request), community_id, data.card)
        row = (
            None
            if household_id is None
            else await queries.household(context.pool(request), community_id, household_id)
        )
        if row is None:
            raise NotFoundException("no such card in this community")
        return household_answer(row)

    @post(
        "/card-sheets",
        operation_class=success_content("text/html", "application/pdf", instead_of_json=True),
        responses=answers(404, with_body=True),
        status_code=200,
        opt={"roles": roles.REGISTER_HOUSEHOLDS},
        summary="Issue new cards for these households and print them: A4, eight a page (HTML or PDF)",
    )
    async def card_sheet(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.CardSheet, examples.CARD_SHEET],
        request: Request,
        format: Annotated[str, Parameter(pattern="^(html|pdf)$")] = "html",
        allow_loopback: FromQuery[bool] = False,
    ) -> Response[Any]:
        printed = await household_services.issue_cards_to_print(
            context.pool(request),
            community_id,
            _actor(request),
            data.household_ids,
            context.public_address(request),
            allow_loopback,
        )
        sheet = CardSheet(printed)
        if format == "pdf":
            return Response(sheet.pdf(), media_type="application/pdf")
        return Response(sheet.html(), media_type="text/html; charset=utf-8")
