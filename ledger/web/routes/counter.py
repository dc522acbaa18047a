"""The counter page (a cheap tablet or PC with a USB QR scanner): scan the card, see the
household and what it can spend, ring up the cart (PIN where policy asks), print the
receipt, and cancel one's own sale the same day. Sales go through the same group-commit
batcher as the API's, with the Idempotency-Key the form carries."""

from __future__ import annotations

import secrets
import uuid
from typing import Any

from litestar import Request, Response, get

from ledger import limits
from ledger.api import context
from ledger.api.parameters import SeqPath
from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.services import cards
from ledger.services import counter as counter_service
from ledger.store import counter as counter_store
from ledger.store import queries
from ledger.web import pages
from ledger.web.forms import whole_number
from ledger.web.routes.login import HTML
from ledger.web.workbench import shop
from ledger.web.workbench_page import (
    Outcome,
    PageSession,
    checked,
    open_page,
    refusal_message,
    workbench_page,
)

_QUANTITY_FIELD = "quantity_"


async def _show(request: Request, session: PageSession, community_id: uuid.UUID, details: Any) -> str:
    pool = context.pool(request)
    card = str((details or {}).get("card") or "")
    household_id = await cards.household_of_card(pool, community_id, card) if card else None
    if household_id is None:
        sales = [
            dict(row)
            for row in await counter_store.sales_today_by(pool, community_id, session.principal.user_id)
        ]
        return shop.counter_scan(session.csrf_token, str(community_id), sales)
    household = await queries.household(pool, community_id, household_id)
    policy = await counter_store.policy(pool, community_id)
    assert household is not None and policy is not None
    shelf = [
        dict(g) for g in await queries.goods(pool, community_id) if g["status"] == "active" and g["stock"] > 0
    ]
    return shop.counter_cart(
        session.csrf_token,
        card,
        dict(household),
        shelf,
        policy["counter_pin_required"],
        secrets.token_urlsafe(18),
    )


def _cart_lines(form: Any) -> list[dict[str, Any]]:
    lines = []
    for field, value in form.items():
        if not field.startswith(_QUANTITY_FIELD):
            continue
        quantity = whole_number(value)
        if quantity == 0:
            continue
        lines.append({"goods_id": field.removeprefix(_QUANTITY_FIELD), "quantity": quantity})
    if not lines:
        raise Refused("validation_failed", "请至少选一件商品 (choose at least one item)")
    return lines


async def _act(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    pool = context.pool(request)
    action = form.get("action")
    card = str(form.get("card", "")).strip()[: limits.CARD_TEXT_MAX]
    if action == "lookup":
        if await cards.household_of_card(pool, community_id, card) is None:
            raise Refused("not_found", "没有这张卡 (no such card in this community, or it was replaced)")
        return Outcome("", details={"card": card})
    if action == "cancel":
        reason: commands.CancelSale = checked(
            {"reason": str(form.get("reason", "")).strip()}, commands.CancelSale
        )
        seq = checked(whole_number(form.get("seq")), int)
        await counter_service.cancel(pool, community_id, session.principal, seq, reason)
        return Outcome(
            f"已撤销小票 {counter_service.receipt_number(seq)} (cancelled; points and stock are back)"
        )
    key = str(form.get("idempotency_key", ""))
    if not 1 <= len(key) <= limits.IDEMPOTENCY_KEY_LENGTH_MAX:
        raise Refused("validation_failed", "the form has no Idempotency-Key; look the card up again")
    try:
        sale: commands.CounterSale = checked(
            {"card": card, "lines": _cart_lines(form), "pin": str(form.get("pin", "")).strip() or None},
            commands.CounterSale,
        )
        answer = await counter_service.sell(
            pool, context.batcher(request), community_id, session.principal, sale, key
        )
    except Refused as refusal:  # the cart stays on the screen to be corrected
        message, status = refusal_message(refusal)
        return Outcome(message, status, {"card": card})
    return Outcome(
        f"兑换成功 {answer['points']} 分，余 {answer['spendable_after']} 分，小票 {answer['receipt_number']} "
        f"(sold for {answer['points']} points; {answer['spendable_after']} left)",
        201,
    )


@get("/staff/{community_id:uuid}/receipts/{seq:int}", include_in_schema=False)
async def receipt(community_id: uuid.UUID, seq: SeqPath, request: Request) -> Response[Any]:
    session = await open_page(request, community_id, "counter")
    if isinstance(session, Response):
        return session
    view = await counter_service.receipt(context.pool(request), community_id, seq)
    return Response(pages.receipt(view), media_type=HTML)


ROUTES = [*workbench_page("counter", _show, _act), receipt]
