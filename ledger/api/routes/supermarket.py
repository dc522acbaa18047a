"""The shelf and the happiness fund, under /api/v1/communities/{community_id}: the counter
receives, writes off and counts stock; the committee runs the catalog and the fund."""

from __future__ import annotations

import uuid
from typing import Annotated

import msgspec
from litestar import Controller, Request, Response, get, patch, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, Parameter

from ledger import limits
from ledger.api import context, examples
from ledger.api.guards import ACCESS, staff_of_community
from ledger.api.parameters import MonthPath, SeqPath
from ledger.api.responses import answers, success_content
from ledger.api.schemas import Created, Goods, goods_answer
from ledger.api.schemas.fund import FundPublicity, ReceiptAdded, ResolutionRecorded, ResolutionWithdrawn
from ledger.api.schemas.people import Changed
from ledger.api.schemas.supermarket import (
    ContributionRecorded,
    ExpenditureRecorded,
    FundBalance,
    FundStatement,
    GoodsCatalogReport,
    Reconciliation,
    StockCounted,
    StockWrittenOff,
)
from ledger.api.sheet_imports import import_answers, import_sheet, sheet_download
from ledger.documents import public_sheets
from ledger.documents.workbook import XLSX_MEDIA_TYPE
from ledger.domain import commands, roles
from ledger.services import fund_resolutions, goods_catalog, images, reconciliation, stock, supermarket
from ledger.store import queries
from ledger.store.queries import shelf as shelf_reads


def _actor(request: Request) -> uuid.UUID:
    return context.principal(request).user_id


class SupermarketController(Controller):
    path = "/api/v1/communities/{community_id:uuid}"
    opt = {ACCESS: staff_of_community}
    tags = ["supermarket"]

    @get(
        "/goods",
        responses=answers(404),
        opt={"roles": roles.READ_COMMUNITY},
        summary="The goods catalog with stock",
    )
    async def list_goods(self, community_id: FromPath[uuid.UUID], request: Request) -> list[Goods]:
        return [goods_answer(row) for row in await queries.goods(context.pool(request), community_id)]

    @post(
        "/goods",
        responses=answers(404, 409, with_body=True, conflict="the goods code is taken (already_exists)"),
        opt={"roles": roles.KEEP_GOODS_CATALOG},
        summary="List a goods item",
    )
    async def list_goods_item(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.ListGoods, examples.LIST_GOODS],
        request: Request,
    ) -> Created:
        return Created(await stock.list_goods(context.pool(request), community_id, _actor(request), data))

    @post(
        "/goods/catalog",
        responses=import_answers(),
        status_code=200,
        opt={"roles": roles.KEEP_GOODS_CATALOG},
        request_max_body_size=limits.ROSTER_FILE_BYTES_MAX,
        summary="Import the catalog (.xls, .xlsx, .ods or CSV: 编码, 名称, 积分 …): all rows or none, with a report",
    )
    async def import_catalog(
        self, community_id: FromPath[uuid.UUID], request: Request, dry_run: FromQuery[bool] = False
    ) -> Response[GoodsCatalogReport]:
        return await import_sheet(
            request, community_id, goods_catalog.import_catalog, dry_run, GoodsCatalogReport
        )

    @get(
        "/goods/catalog.xlsx",
        operation_class=success_content(XLSX_MEDIA_TYPE, instead_of_json=True),
        responses=answers(404),
        opt={"roles": roles.READ_COMMUNITY},
        summary="Export the catalog as .xlsx",
    )
    async def export_catalog(self, community_id: FromPath[uuid.UUID], request: Request) -> Response[bytes]:
        table = await goods_catalog.export_catalog(context.pool(request), community_id)
        return sheet_download(table, "catalog.xlsx")

    @get(
        "/goods/{goods_id:uuid}",
        responses=answers(404, not_found="no such goods item in this community (not_found)"),
        opt={"roles": roles.READ_COMMUNITY},
        summary="A goods item with its stock and points price",
    )
    async def get_goods(
        self, community_id: FromPath[uuid.UUID], goods_id: FromPath[uuid.UUID], request: Request
    ) -> Goods:
        row = await queries.goods_item(context.pool(request), community_id, goods_id)
        if row is None:
            raise NotFoundException("no such goods item in this community")
        return goods_answer(row)

    @patch(
        "/goods/{goods_id:uuid}",
        responses=answers(
            404,
            409,
            with_body=True,
            conflict="the item is retired (goods_retired) or the code is taken (already_exists)",
        ),
        opt={"roles": roles.KEEP_GOODS_CATALOG},
        summary="Re-price, rename, set the low-stock mark or retire",
    )
    async def change_goods(
        self,
        community_id: FromPath[uuid.UUID],
        goods_id: FromPath[uuid.UUID],
        data: Annotated[commands.ChangeGoods, examples.CHANGE_GOODS],
        request: Request,
    ) -> Changed:
        return Changed(
            await supermarket.change_goods(
                context.pool(request), community_id, _actor(request), goods_id, data
            )
        )

    @post(
        "/goods/{goods_id:uuid}/photo",
        responses=answers(404, with_body=True, invalid="not a photo that can be read (validation_failed)"),
        status_code=204,
        opt={"roles": roles.KEEP_GOODS_CATALOG},
        request_max_body_size=limits.IMAGE_BYTES_MAX,
        summary="Set the item's photo (the body is a JPEG, PNG or WebP image; re-encoded, EXIF dropped)",
    )
    async def set_photo(
        self, community_id: FromPath[uuid.UUID], goods_id: FromPath[uuid.UUID], request: Request
    ) -> None:
        image = images.clean_image(await request.body())
        await supermarket.set_photo(context.pool(request), community_id, _actor(request), goods_id, image)

    @get(
        "/goods/{goods_id:uuid}/photo",
        operation_class=success_content("image/jpeg", "image/png", instead_of_json=True),
        responses=answers(404, not_found="no such item, or it has no photo (not_found)"),
        opt={"roles": roles.READ_COMMUNITY},
        summary="The item's photo",
    )
    async def get_photo(
        self, community_id: FromPath[uuid.UUID], goods_id: FromPath[uuid.UUID], request: Request
    ) -> Response[bytes]:
        row = await shelf_reads.goods_photo(context.pool(request), community_id, goods_id)
        if row is None:
            raise NotFoundException("this item has no photo")
        return Response(
            row["content"], media_type=row["media_type"], headers={"Cache-Control": "private, max-age=3600"}
        )

    @get(
        "/goods/low-stock",
        responses=answers(404),
        opt={"roles": roles.READ_COMMUNITY},
        summary="Items below their low-stock mark",
    )
    async def low_stock(self, community_id: FromPath[uuid.UUID], request: Request) -> list[Goods]:
        return [goods_answer(row) for row in await shelf_reads.low_stock(context.pool(request), community_id)]

    @post(
        "/stock-write-offs",
        responses=answers(
            404, 409, with_body=True, conflict="insufficient_stock, goods_retired or idempotency_conflict"
        ),
        opt={"roles": roles.KEEP_STOCK},
        summary="Write stock off (spoiled, broken, lost) with a reason",
    )
    async def write_off(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.WriteOffStock, examples.STOCK_WRITE_OFF],
        request: Request,
    ) -> StockWrittenOff:
        answer = await supermarket.write_off(context.pool(request), community_id, _actor(request), data)
        return msgspec.convert(answer, StockWrittenOff)

    @post(
        "/stock-counts",
        responses=answers(404, 409, with_body=True, conflict="goods_retired or idempotency_conflict"),
        opt={"roles": roles.KEEP_STOCK},
        summary="Record a stock-take; the difference becomes an event",
    )
    async def count(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.CountStock, examples.STOCK_COUNT],
        request: Request,
    ) -> StockCounted:
        answer = await supermarket.count(context.pool(request), community_id, _actor(request), data)
        return msgspec.convert(answer, StockCounted)

    @get(
        "/reconciliation",
        responses=answers(404),
        opt={"roles": roles.READ_RECONCILIATION},
        summary="Points issued, redeemed and outstanding; stock and its value; fund spending against stock",
    )
    async def reconciliation(self, community_id: FromPath[uuid.UUID], request: Request) -> Reconciliation:
        return msgspec.convert(
            await reconciliation.report(context.pool(request), community_id), Reconciliation
        )

    @get(
        "/fund",
        responses=answers(404),
        opt={"roles": roles.READ_COMMUNITY},
        summary="The happiness fund's balance",
    )
    async def fund_balance(self, community_id: FromPath[uuid.UUID], request: Request) -> FundBalance:
        return FundBalance(await queries.fund_balance(context.pool(request), community_id))

    @post(
        "/fund/contributions",
        responses=answers(404, 409, with_body=True, conflict="household_closed or idempotency_conflict"),
        opt={"roles": roles.KEEP_FUND},
        summary="Money given to the fund (points for households by policy)",
    )
    async def contribute(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.Contribution, examples.CONTRIBUTION],
        request: Request,
    ) -> ContributionRecorded:
        answer = await supermarket.contribute(context.pool(request), community_id, _actor(request), data)
        return msgspec.convert(answer, ContributionRecorded)

    @post(
        "/fund/expenditures",
        responses=answers(
            404,
            409,
            with_body=True,
            not_found="no such community, or the resolution named is not recorded (resolution_not_found)",
            conflict="insufficient_funds; above the policy's fund_resolution_threshold_fen without a "
            "resolution (resolution_required); the resolution covers another expenditure already "
            "(resolution_used) or less than this (over_resolved_amount)",
        ),
        opt={"roles": roles.KEEP_FUND},
        summary="Money paid from the fund, with purpose and payee (and the resolution that approved it)",
    )
    async def spend(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.Expenditure, examples.EXPENDITURE],
        request: Request,
    ) -> ExpenditureRecorded:
        answer = await supermarket.spend(context.pool(request), community_id, _actor(request), data)
        return msgspec.convert(answer, ExpenditureRecorded)

    @post(
        "/fund/resolutions",
        responses=answers(
            404,
            409,
            with_body=True,
            conflict="too few attended for the meeting to sit (quorum_not_met), or not more than half "
            "of them voted for (majority_not_reached)",
        ),
        opt={"roles": roles.KEEP_FUND},
        summary="Record a meeting's resolution approving one expenditure from the fund (四议两公开)",
    )
    async def record_resolution(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.FundResolution, examples.FUND_RESOLUTION],
        request: Request,
    ) -> ResolutionRecorded:
        answer = await fund_resolutions.record_resolution(
            context.pool(request), community_id, _actor(request), data
        )
        return msgspec.convert(answer, ResolutionRecorded)

    @post(
        "/fund/resolutions/{resolution_id:uuid}/withdrawal",
        status_code=201,
        responses=answers(
            404,
            409,
            with_body=True,
            not_found="no such community, or no such resolution (resolution_not_found)",
            conflict="an expenditure used it already (resolution_used), or it was withdrawn already "
            "(resolution_withdrawn)",
        ),
        opt={"roles": roles.KEEP_FUND},
        summary="Withdraw a resolution recorded in error, before any expenditure used it (the reason is chained)",
    )
    async def withdraw_resolution(
        self,
        community_id: FromPath[uuid.UUID],
        resolution_id: FromPath[uuid.UUID],
        data: Annotated[commands.WithdrawResolution, examples.WITHDRAW_RESOLUTION],
        request: Request,
    ) -> ResolutionWithdrawn:
        answer = await fund_resolutions.withdraw_resolution(
            context.pool(request), community_id, _actor(request), resolution_id, data
        )
        return msgspec.convert(answer, ResolutionWithdrawn)

    @get(
        "/fund/resolutions",
        responses=answers(404),
        opt={"roles": roles.READ_COMMUNITY},
        summary="The fund's resolutions as the board posts them, with what was paid under each",
    )
    async def resolutions(self, community_id: FromPath[uuid.UUID], request: Request) -> FundPublicity:
        return msgspec.convert(
            await fund_resolutions.fund_publicity(context.pool(request), community_id), FundPublicity
        )

    @post(
        "/fund/expenditures/{expenditure_seq:int}/receipt",
        responses=answers(
            404,
            with_body=True,
            not_found="no such community, or no expenditure under a resolution with that entry number (not_found)",
            invalid="not a photo that can be read (validation_failed)",
        ),
        opt={"roles": roles.KEEP_FUND},
        request_max_body_size=limits.IMAGE_BYTES_MAX,
        summary="Add the receipt photo of an expenditure under a resolution (JPEG, PNG or WebP; "
        "re-encoded, EXIF dropped; its hash is chained)",
    )
    async def add_receipt(
        self, community_id: FromPath[uuid.UUID], expenditure_seq: SeqPath, request: Request
    ) -> ReceiptAdded:
        image = images.clean_image(await request.body())
        answer = await fund_resolutions.add_receipt(
            context.pool(request), community_id, _actor(request), expenditure_seq, image
        )
        return msgspec.convert(answer, ReceiptAdded)

    @get(
        "/fund/statements/{month:str}",
        operation_class=success_content(XLSX_MEDIA_TYPE),
        responses=answers(404),
        opt={"roles": roles.READ_COMMUNITY},
        summary="The fund's monthly public statement (JSON or .xlsx)",
    )
    async def statement(
        self,
        community_id: FromPath[uuid.UUID],
        month: MonthPath,
        request: Request,
        format: Annotated[str, Parameter(pattern="^(json|xlsx)$")] = "json",
    ) -> Response[FundStatement]:
        year, number = (int(part) for part in month.split("-"))
        statement = await supermarket.monthly_statement(context.pool(request), community_id, year, number)
        if format == "xlsx":
            # the statement as an .xlsx sheet in place of its JSON (success_content declares it)
            return sheet_download(public_sheets.fund_statement(statement), f"fund-{statement['month']}.xlsx")
        return Response(msgspec.convert(statement, FundStatement))
