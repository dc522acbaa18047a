"""What residents reach without logging in: their card, as JSON and as a phone page."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Request, Response, get
from litestar.exceptions import NotFoundException
from litestar.params import Parameter

from ledger.api import context
from ledger.api.rate_limit import client_address
from ledger.services import cards
from ledger.web import pages

CardToken = Annotated[str, Parameter(min_length=1, max_length=100)]


async def _card_view(request: Request, token: str) -> dict[str, Any] | None:
    # Every look-up counts against the address, so guessing tokens is slow as well as futile.
    context.card_limiter(request).check(client_address(request), "card look-ups")
    return await cards.card_view(context.pool(request), token)


async def _card_or_404(request: Request, token: str) -> dict[str, Any]:
    view = await _card_view(request, token)
    if view is None:
        raise NotFoundException("no such card")
    return view


@get("/api/v1/cards/{token:str}", tags=["residents"], summary="A resident's own balance and history")
async def card_json(token: CardToken, request: Request) -> dict[str, Any]:
    return await _card_or_404(request, token)


@get("/c/{token:str}", tags=["residents"], summary="The page a card's QR code opens", include_in_schema=False)
async def card_page(token: CardToken, request: Request) -> Response:
    view = await _card_view(request, token)
    if view is None:
        return Response(pages.card_not_found(), status_code=404, media_type="text/html; charset=utf-8")
    return Response(pages.card(view), media_type="text/html; charset=utf-8")
