"""What residents reach without logging in, as JSON: their card's balance and history."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from litestar import Request, get
from litestar.exceptions import NotFoundException
from litestar.params import Parameter

from ledger.api import context
from ledger.api.rate_limit import client_address
from ledger.api.responses import answers
from ledger.api.schemas.people import CardView
from ledger.services import cards

CardToken = Annotated[str, Parameter(min_length=1, max_length=100)]


async def card_view(request: Request, token: str) -> dict[str, Any] | None:
    # Every look-up counts against the address, so guessing tokens is slow as well as futile.
    context.card_limiter(request).check(client_address(request), "card look-ups")
    return await cards.card_view(context.pool(request), token)


async def _card_or_404(request: Request, token: str) -> dict[str, Any]:
    view = await card_view(request, token)
    if view is None:
        raise NotFoundException("no such card")
    return view


@get(
    "/api/v1/cards/{token:str}",
    responses=answers(404, 429, signed_in=False, not_found="no such card, or it was revoked (not_found)"),
    tags=["residents"],
    summary="A resident's own balance and history",
)
async def card_json(token: CardToken, request: Request) -> CardView:
    return msgspec.convert(await _card_or_404(request, token), CardView)
