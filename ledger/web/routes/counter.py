"""The counter page (a cheap tablet or PC with a USB QR scanner, or a phone that photographs
the card): see the household and what it can spend, ring up the cart with its running
total (PIN where policy asks), print the receipt, and cancel one's own redemption the same day. Redemptions go through the same group-commit
batcher as the API's, with the Idempotency-Key the form carries."""

from __future__ import annotations

import asyncio
import secrets
import uuid
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath

from ledger import limits
from ledger.api import context
from ledger.api.parameters import SeqPath
from ledger.documents import receipt as receipt_document
from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.messages import words
from ledger.services import card_photos, cards
from ledger.services import counter as counter_service
from ledger.store import queries
from ledger.store.queries import counter as counter_reads
from ledger.store.queries import policy as policy_reads
from ledger.web import language, workbench
from ledger.web.forms import whole_number
from ledger.web.notices import outcome_shown
from ledger.web.routes.login import HTML
from ledger.web.workbench import shop
from ledger.web.workbench_page import (
    Outcome,
    PageSession,
    checked,
    open_page,
    refusal_message,
    render,
    workbench_page,
)

_QUANTITY_FIELD = "quantity_"


async def _show(request: Request, session: PageSession, community_id: uuid.UUID, details: Any) -> str:
    pool = context.pool(request)
    card = str((details or {}).get("card") or "")
    household_id = await cards.household_of_card(pool, community_id, card) if card else None
    if household_id is None:
        redemptions = [
            dict(row)
            for row in await counter_reads.redemptions_today_by(pool, community_id, session.principal.user_id)
        ]
        return shop.counter_scan(session.csrf_token, str(community_id), redemptions)
    household = await queries.household(pool, community_id, household_id)
    policy = await policy_reads.policy(pool, community_id)
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
        (details or {}).get("quantities") or {},
    )


def _quantities(form: Any) -> dict[str, Any]:
    """The cart as posted: goods id → quantity (0 left out), as the form's fields name them."""
    chosen = {}
    for field, value in form.items():
        # A quantity the cashier cleared means none of that item, as 0 does.
        if field.startswith(_QUANTITY_FIELD) and str(value).strip():
            quantity = whole_number(value)
            if quantity != 0:
                chosen[field.removeprefix(_QUANTITY_FIELD)[:64]] = quantity
    return chosen


async def _act(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    pool = context.pool(request)
    action = form.get("action")
    card = str(form.get("card", "")).strip()[: limits.CARD_TEXT_MAX]
    if action == "photo":
        upload = form.get("photo")
        photo = await upload.read() if hasattr(upload, "read") else b""
        card = await asyncio.to_thread(card_photos.card_text_from_photo, photo)
        action = "lookup"
    if action == "lookup":
        if await cards.household_of_card(pool, community_id, card) is None:
            raise Refused("not_found", "no such card in this community, or it was replaced")
        return Outcome("", details={"card": card})
    if action == "cancel":
        reason: commands.CancelRedemption = checked(
            {"reason": str(form.get("reason", "")).strip()}, commands.CancelRedemption
        )
        seq = checked(whole_number(form.get("seq")), int)
        await counter_service.cancel(pool, community_id, session.principal, seq, reason)
        number = counter_service.receipt_number(seq)
        return Outcome(
            words(
                f"已撤销小票 {number}，积分和库存已退回",
                f"Receipt {number} cancelled; points and stock are back",
            )
        )
    quantities = _quantities(form)
    try:
        key = str(form.get("idempotency_key", ""))
        if not 1 <= len(key) <= limits.IDEMPOTENCY_KEY_LENGTH_MAX:
            raise Refused("validation_failed", "the form has no Idempotency-Key; look the card up again")
        if not quantities:
            raise Refused("validation_failed", "choose at least one item")
        lines = [{"goods_id": goods, "quantity": quantity} for goods, quantity in quantities.items()]
        redemption: commands.RedeemByCard = checked(
            {"card": card, "lines": lines, "pin": str(form.get("pin", "")).strip() or None},
            commands.RedeemByCard,
        )
        answer = await counter_service.redeem_by_card(
            pool, context.batcher(request), community_id, session.principal, redemption, key
        )
    except Refused as refusal:  # the cart stays on the screen, as it was, to be corrected
        message, status = refusal_message(refusal)
        return Outcome(message, status, {"card": card, "quantities": quantities})
    points, left = answer["points"], answer["spendable_after"]
    return Outcome(
        words(f"兑换成功：{points} 分，余 {left} 分", f"Sold for {points} points; {left} left"),
        201,
        shown_at=f"/staff/{community_id}/receipts/{answer['event_seq']}",
    )


@get("/staff/{community_id:uuid}/receipts/{seq:int}", include_in_schema=False)
async def receipt(community_id: FromPath[uuid.UUID], seq: SeqPath, request: Request) -> Response[Any]:
    """The receipt, as the counter prints it (58 mm) or shows it on the phone, with the way
    back to the counter for the next household."""
    session = await open_page(request, community_id, "counter")
    if isinstance(session, Response):
        return session
    try:
        view = await counter_service.receipt(context.pool(request), community_id, seq)
    except Refused as refusal:  # no such redemption: said on the counter's own frame, not as JSON
        message, status = refusal_message(refusal)
        return render(session, community_id, workbench.page_title("counter"), "", message, status)
    sold = await outcome_shown(request, session.csrf_token)
    page = receipt_document.receipt(
        view,
        language_link=language.switch_link(),
        back=f"/staff/{community_id}/counter",
        message=sold.message if sold else "",
    )
    return Response(page, media_type=HTML)


# A photo of the card from the phone's camera comes with the form.
ROUTES = [
    *workbench_page("counter", _show, _act, max_body=limits.CARD_PHOTO_BYTES_MAX + limits.FORM_BYTES_MAX),
    receipt,
]
