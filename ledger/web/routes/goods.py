"""The goods and stock page: counter staff receive stock (bought with fund money, donated or
transferred), write off and count it; the committee also lists, re-prices and retires
goods, and imports or exports the catalog."""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request

from ledger import limits
from ledger.api import context
from ledger.domain import commands, roles
from ledger.domain.errors import Refused
from ledger.messages import words
from ledger.services import goods_catalog, supermarket
from ledger.services import stock as stock_service
from ledger.store import queries
from ledger.web.forms import whole_number
from ledger.web.workbench import shop
from ledger.web.workbench_page import (
    Outcome,
    PageSession,
    checked,
    row_import,
    workbench_page,
    workbook_download,
)


def _text(form: Any, field: str) -> str | None:
    return str(form.get(field, "")).strip() or None


async def _show(request: Request, session: PageSession, community_id: uuid.UUID, report: Any) -> str:
    goods = [dict(row) for row in await queries.goods(context.pool(request), community_id)]
    keeper = bool(session.roles & roles.KEEP_GOODS_CATALOG)
    return shop.goods_and_stock(session.csrf_token, str(community_id), goods, keeper, report)


async def _stock(
    request: Request, session: PageSession, community_id: uuid.UUID, form: Any
) -> Outcome | None:
    """Receiving, writing off and counting: the counter's and the committee's alike."""
    pool, actor, action = context.pool(request), session.principal.user_id, form.get("action")
    if action == "receive":
        receipt: commands.ReceiveStock = checked(
            {
                "goods_id": form.get("goods_id"),
                "quantity": whole_number(form.get("quantity")),
                "source": form.get("source"),
                "donor": _text(form, "donor"),
                "fund_expenditure_seq": whole_number(form.get("fund_expenditure_seq")) or None,
                "note": _text(form, "note"),
            },
            commands.ReceiveStock,
        )
        answer = await stock_service.receive_stock(pool, community_id, actor, receipt, None)
        stock = answer["stock_after"]
        return Outcome(
            words(
                f"已入库 {receipt.quantity}，库存 {stock}", f"Received {receipt.quantity}; {stock} in stock"
            ),
            201,
        )
    if action == "write_off":
        loss: commands.WriteOffStock = checked(
            {
                "goods_id": form.get("goods_id"),
                "quantity": whole_number(form.get("quantity")),
                "reason": _text(form, "reason") or "",
            },
            commands.WriteOffStock,
        )
        answer = await supermarket.write_off(pool, community_id, actor, loss)
        stock = answer["stock_after"]
        return Outcome(
            words(f"已报损 {loss.quantity}，库存 {stock}", f"Wrote off {loss.quantity}; {stock} in stock"),
            201,
        )
    if action == "count":
        take: commands.CountStock = checked(
            {
                "goods_id": form.get("goods_id"),
                "counted": whole_number(form.get("counted")),
                "note": _text(form, "note"),
            },
            commands.CountStock,
        )
        answer = await supermarket.count(pool, community_id, actor, take)
        difference = f"{answer['difference']:+d}"
        return Outcome(
            words(f"已记录盘点，差额 {difference}", f"Counted; the difference is {difference}"), 201
        )
    return None


async def _catalog(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    """Listing, re-pricing, retiring and importing goods: the committee's."""
    if not session.roles & roles.KEEP_GOODS_CATALOG:
        raise Refused("forbidden", "the committee keeps the goods catalog")
    pool, actor, action = context.pool(request), session.principal.user_id, form.get("action")
    if action == "import":
        return await row_import(
            request,
            session,
            community_id,
            form,
            goods_catalog.import_catalog,
            lambda report: words(f"已导入 {report['rows']} 行", f"Imported {report['rows']} rows"),
        )
    if action == "list":
        listing: commands.ListGoods = checked(
            {
                "code": _text(form, "code") or "",
                "name": _text(form, "name") or "",
                "category": _text(form, "category") or "",
                "unit": _text(form, "unit") or "",
                "points": whole_number(form.get("points")),
            },
            commands.ListGoods,
        )
        await stock_service.list_goods(pool, community_id, actor, listing)
        return Outcome(
            words(f"已上架 {listing.code} {listing.name}", f"Listed {listing.code} {listing.name}"), 201
        )
    goods_id = checked(form.get("goods_id"), uuid.UUID)
    change: commands.ChangeGoods = checked(
        {"status": "retired"} if action == "retire" else {"points": whole_number(form.get("points"))},
        commands.ChangeGoods,
    )
    if not await supermarket.change_goods(pool, community_id, actor, goods_id, change):
        return Outcome(words("没有变化", "Nothing changed"))
    if action == "retire":
        return Outcome(words("已下架", "Retired"))
    return Outcome(words("已改价，已售出的按原价", "Re-priced; past redemptions keep their price"))


async def _act(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    return await _stock(request, session, community_id, form) or await _catalog(
        request, session, community_id, form
    )


ROUTES = [
    *workbench_page("goods", _show, _act, max_body=limits.ROSTER_FILE_BYTES_MAX + limits.FORM_BYTES_MAX),
    workbook_download("goods", "catalog.xlsx", goods_catalog.export_catalog),
]
