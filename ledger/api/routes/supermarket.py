"""The shelf and the happiness fund, under /api/v1/communities/{community_id}: the counter
receives, writes off and counts stock; the committee runs the catalog and the fund."""

from __future__ import annotations

import io
import uuid
from typing import Annotated, Any

import msgspec
import openpyxl
from litestar import Controller, Request, Response, get, patch, post
from litestar.exceptions import NotFoundException
from litestar.params import FromPath, FromQuery, Parameter

from ledger import limits
from ledger.api import context, examples
from ledger.api.guards import STAFF, staff_of_community
from ledger.api.parameters import MonthPath
from ledger.api.problems import import_answer
from ledger.api.responses import answers, success_content
from ledger.api.schemas import Created, Goods, goods_answer
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
from ledger.domain import commands
from ledger.services import catalog, images, reconciliation, stock, supermarket
from ledger.services.spreadsheets import XLSX_MEDIA_TYPE
from ledger.store import queries
from ledger.store import supermarket as shelf

COMMITTEE = frozenset({"committee"})
SHELF_STAFF = frozenset({"counter", "committee"})


def _actor(request: Request) -> uuid.UUID:
    return context.principal(request).user_id


def _statement_sheet(statement: dict[str, Any]) -> Response[Any]:
    """The statement as an .xlsx sheet, in place of its JSON (?format=xlsx; the operation's
    success_content declares it beside the JSON)."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = statement["month"]
    yuan = lambda fen: round(fen / 100, 2)  # noqa: E731 shown in yuan, kept in fen
    sheet.append(["幸福基金月度公示", statement["month"]])
    sheet.append(["期初余额（元）", yuan(statement["opening_balance_fen"])])
    sheet.append(["本月收入（元）", yuan(statement["in_fen"])])
    sheet.append(["本月支出（元）", yuan(statement["out_fen"])])
    sheet.append(["期末余额（元）", yuan(statement["closing_balance_fen"])])
    sheet.append([])
    sheet.append(["日期", "事项", "来源或用途", "单位或个人", "金额（元）", "记录号"])
    for entry in statement["entries"]:
        sheet.append(
            [
                entry["occurred_on"],
                "收入" if entry["amount_fen"] > 0 else "支出",
                entry["source_or_purpose"],
                entry["party"],
                yuan(entry["amount_fen"]),
                entry["seq"],
            ]
        )
    out = io.BytesIO()
    workbook.save(out)
    return Response(
        out.getvalue(),
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="fund-{statement["month"]}.xlsx"'},
    )


class SupermarketController(Controller):
    path = "/api/v1/communities/{community_id:uuid}"
    guards = [staff_of_community]
    tags = ["supermarket"]

    @get("/goods", responses=answers(404), opt={"roles": STAFF}, summary="The goods catalog with stock")
    async def list_goods(self, community_id: FromPath[uuid.UUID], request: Request) -> list[Goods]:
        return [goods_answer(row) for row in await queries.goods(context.pool(request), community_id)]

    @post(
        "/goods",
        responses=answers(404, 409, with_body=True, conflict="the goods code is taken (already_exists)"),
        opt={"roles": COMMITTEE},
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
        responses=answers(
            404,
            409,
            with_body=True,
            invalid="the file is not a readable sheet, or rows have problems: nothing was imported (validation_failed, with the row-by-row report)",
            conflict="refused by a rule of the ledger",
        ),
        status_code=200,
        opt={"roles": COMMITTEE},
        request_max_body_size=limits.ROSTER_FILE_BYTES_MAX,
        summary="Import the catalog (.xls, .xlsx, .ods or CSV: 编码, 名称, 积分 …): all rows or none, with a report",
    )
    async def import_catalog(
        self, community_id: FromPath[uuid.UUID], request: Request, dry_run: FromQuery[bool] = False
    ) -> Response[GoodsCatalogReport]:
        report = await catalog.import_catalog(
            context.pool(request), community_id, _actor(request), await request.body(), dry_run
        )
        return import_answer(msgspec.convert(report, GoodsCatalogReport))

    @get(
        "/goods/catalog.xlsx",
        operation_class=success_content(XLSX_MEDIA_TYPE, instead_of_json=True),
        responses=answers(404),
        opt={"roles": STAFF},
        summary="Export the catalog as .xlsx",
    )
    async def export_catalog(self, community_id: FromPath[uuid.UUID], request: Request) -> Response[bytes]:
        return Response(
            await catalog.export_catalog(context.pool(request), community_id),
            media_type=XLSX_MEDIA_TYPE,
            headers={"Content-Disposition": 'attachment; filename="catalog.xlsx"'},
        )

    @get(
        "/goods/{goods_id:uuid}",
        responses=answers(404, not_found="no such goods item in this community (not_found)"),
        opt={"roles": STAFF},
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
        opt={"roles": COMMITTEE},
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
        opt={"roles": COMMITTEE},
        request_max_body_size=limits.IMAGE_BYTES_MAX,
        summary="Set the item's photo (the body is a JPEG, PNG or WebP image; re-encoded, EXIF dropped)",
    )
    async def set_photo(
        self, community_id: FromPath[uuid.UUID], goods_id: FromPath[uuid.UUID], request: Request
    ) -> None:
        image = images.clean_image(await request.body())
        async with context.pool(request).acquire() as connection:
            await shelf.set_photo(
                connection,
                community_id,
                _actor(request),
                goods_id,
                uuid.uuid4(),
                image,
            )

    @get(
        "/goods/{goods_id:uuid}/photo",
        operation_class=success_content("image/jpeg", "image/png", instead_of_json=True),
        responses=answers(404, not_found="no such item, or it has no photo (not_found)"),
        opt={"roles": STAFF},
        summary="The item's photo",
    )
    async def get_photo(
        self, community_id: FromPath[uuid.UUID], goods_id: FromPath[uuid.UUID], request: Request
    ) -> Response[bytes]:
        row = await shelf.photo(context.pool(request), community_id, goods_id)
        if row is None:
            raise NotFoundException("this item has no photo")
        return Response(
            row["content"], media_type=row["media_type"], headers={"Cache-Control": "private, max-age=3600"}
        )

    @get(
        "/goods/low-stock",
        responses=answers(404),
        opt={"roles": STAFF},
        summary="Items below their low-stock mark",
    )
    async def low_stock(self, community_id: FromPath[uuid.UUID], request: Request) -> list[Goods]:
        return [goods_answer(row) for row in await shelf.low_stock(context.pool(request), community_id)]

    @post(
        "/stock-write-offs",
        responses=answers(
            404, 409, with_body=True, conflict="insufficient_stock, goods_retired or idempotency_conflict"
        ),
        opt={"roles": SHELF_STAFF},
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
        opt={"roles": SHELF_STAFF},
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
        opt={"roles": frozenset({"committee", "supervisor", "admin", "oversight"})},
        summary="Points issued, redeemed and outstanding; stock and its value; fund spending against stock",
    )
    async def reconciliation(self, community_id: FromPath[uuid.UUID], request: Request) -> Reconciliation:
        return msgspec.convert(
            await reconciliation.report(context.pool(request), community_id), Reconciliation
        )

    @get("/fund", responses=answers(404), opt={"roles": STAFF}, summary="The happiness fund's balance")
    async def fund_balance(self, community_id: FromPath[uuid.UUID], request: Request) -> FundBalance:
        return FundBalance(await queries.fund_balance(context.pool(request), community_id))

    @post(
        "/fund/contributions",
        responses=answers(404, 409, with_body=True, conflict="household_closed or idempotency_conflict"),
        opt={"roles": COMMITTEE},
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
        responses=answers(404, 409, with_body=True, conflict="insufficient_funds or idempotency_conflict"),
        opt={"roles": COMMITTEE},
        summary="Money paid from the fund, with purpose and payee",
    )
    async def spend(
        self,
        community_id: FromPath[uuid.UUID],
        data: Annotated[commands.Expenditure, examples.EXPENDITURE],
        request: Request,
    ) -> ExpenditureRecorded:
        answer = await supermarket.spend(context.pool(request), community_id, _actor(request), data)
        return msgspec.convert(answer, ExpenditureRecorded)

    @get(
        "/fund/statements/{month:str}",
        operation_class=success_content(XLSX_MEDIA_TYPE),
        responses=answers(404),
        opt={"roles": STAFF},
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
            return _statement_sheet(statement)
        return Response(msgspec.convert(statement, FundStatement))
