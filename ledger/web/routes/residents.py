"""What residents reach in a browser without logging in: the page a card's QR code opens,
and the community's public board (公示栏) with its objection form."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

import msgspec
from litestar import Request, Response, get, post
from litestar.params import FromPath, QueryParameter
from litestar.response import Redirect

from ledger import limits
from ledger.api import context
from ledger.api.problems import STATUS_OF_CODE
from ledger.api.rate_limit import client_address
from ledger.api.routes.residents import CardToken, card_view
from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.messages import catalog, words
from ledger.services import (
    boards,
    claims,
    fund_resolutions,
    group_boards,
    images,
    objections,
    screen,
    security,
)
from ledger.store import queries
from ledger.web import group_board, pages, screen_page
from ledger.web.forms import from_this_site, whole_number
from ledger.web.fund_board import fund_sections
from ledger.web.notices import Outcome, outcome_shown, see_outcome

HTML = "text/html; charset=utf-8"


def _card_page_key(token: str) -> str:
    """The name the card page's notices are kept under (ledger/web/notices.py): its token's
    hash, never the token, which is in the page's own path."""
    return "/c/" + security.token_hash(token).hex()


@get("/c/{token:str}", tags=["residents"], summary="The page a card's QR code opens", include_in_schema=False)
async def card_page(token: CardToken, request: Request) -> Response[str]:
    view = await card_view(request, token)
    if view is None:
        return Response(pages.card_not_found(), status_code=404, media_type=HTML)
    today = await queries.local_today(context.pool(request), uuid.UUID(view["community_id"]))
    outcome = await outcome_shown(request, None, _card_page_key(token)) or Outcome("")
    error = outcome.status >= 400
    page = pages.card(view, token, str(today), outcome.message, error=error)
    return Response(page, status_code=outcome.status if error else 200, media_type=HTML)


@post(
    "/c/{token:str}/claims",
    include_in_schema=False,
    request_max_body_size=limits.IMAGE_BYTES_MAX + limits.FORM_BYTES_MAX,
)
async def card_claim(token: CardToken, request: Request) -> Redirect:
    """The card page's claim form (村民申报): the same claim as the API's, with its photo in the
    same call; the answer sends the browser back to the card, which says what happened (a
    reload claims nothing again) — a refusal with its status, nothing written."""
    context.card_limiter(request).check(client_address(request), "card look-ups")
    form = await request.form()
    try:
        if not from_this_site(request):
            raise Refused("forbidden", "this form was posted from another site")
        command = msgspec.convert(
            {
                "rule_id": str(form.get("rule_id", "")),
                "note": str(form.get("note", "")).strip() or None,
                "occurred_on": str(form.get("occurred_on", "")).strip() or None,
            },
            commands.Claim,
            strict=False,
        )
        photo: Any = form.get("photo")
        image = images.clean_image(await photo.read()) if getattr(photo, "filename", None) else None
        await claims.claim(context.pool(request), token, command, image)
    except msgspec.ValidationError:
        outcome = Outcome(
            words(
                "请选择申报事项，说明不超过 500 字，日期写成 年-月-日",
                "Choose what you did; a note of at most 500 characters; the day as YYYY-MM-DD",
            ),
            400,
        )
    except Refused as refusal:
        message = words("未能提交：", "Not sent: ") + catalog.refusal(refusal)
        outcome = Outcome(message, STATUS_OF_CODE.get(refusal.code, 400))
    else:
        sent = words(
            "申报已提交，等待网格员或村两委审核",
            "Claim sent: the grid's scorer or the committee will decide it",
        )
        outcome = Outcome(sent, 201)
    return await see_outcome(request, f"/c/{token}", None, outcome, _card_page_key(token))


async def _board_page(request: Request, community_id: uuid.UUID) -> Response[str]:
    pool = context.pool(request)
    view = await boards.publicity_board(pool, community_id)
    today = await queries.local_today(pool, community_id)
    assert today is not None
    try:
        red_list = await boards.board(pool, community_id, "red", today.year, today.month)
    except Refused:  # no list this month
        red_list = None
    fund = fund_sections(str(community_id), await fund_resolutions.fund_publicity(pool, community_id))
    groups = group_board.groups_section(
        str(community_id), await group_boards.living_groups(pool, community_id)
    )
    outcome = await outcome_shown(request, None) or Outcome("")
    return Response(
        pages.board(
            view,
            str(community_id),
            red_list,
            outcome.message,
            error=outcome.status >= 400,
            fund=fund,
            groups=groups,
        ),
        status_code=outcome.status if outcome.status >= 400 else 200,
        media_type=HTML,
    )


async def _group_page(request: Request, community_id: uuid.UUID, group: str) -> Response[str]:
    """A villager group's board; a group the village does not have (a retired one, a link
    typed wrong, not even an id) is a 404 page that leads back to the village's board."""
    pool = context.pool(request)
    try:
        group_id: uuid.UUID | None = uuid.UUID(group)
    except ValueError:  # not even an id
        group_id = None
    view = None if group_id is None else await group_boards.group_board(pool, community_id, group_id)
    if view is None:
        return Response(group_board.not_found(str(community_id)), status_code=404, media_type=HTML)
    groups = await group_boards.living_groups(pool, community_id)
    return Response(group_board.page(view, str(community_id), groups), media_type=HTML)


@get("/board/{community_id:uuid}", include_in_schema=False)
async def board_page(
    community_id: FromPath[uuid.UUID],
    request: Request,
    screen_mode: Annotated[str | None, QueryParameter(name="screen", max_length=10)] = None,
    group: Annotated[str | None, QueryParameter(name="group", max_length=40)] = None,
) -> Response[str]:
    """The public board; with ?screen=1 the village screen (大屏) for the village's TV; with
    ?group={group_id} that villager group's own board."""
    context.card_limiter(request).check(client_address(request), "board look-ups")
    if screen_mode == "1":
        view = await screen.screen(context.pool(request), community_id)
        return Response(screen_page.screen(view, str(community_id)), media_type=HTML)
    if group is not None:
        return await _group_page(request, community_id, group)
    return await _board_page(request, community_id)


@post("/board/{community_id:uuid}/objections", include_in_schema=False)
async def board_objection(community_id: FromPath[uuid.UUID], request: Request) -> Redirect:
    """The board's objection form: the same objection as the API's, from a phone browser;
    the answer sends the browser back to the board (a reload objects nothing again)."""
    context.card_limiter(request).check(client_address(request), "objections")
    # No board, no page to send the browser back to: a 404 page, not a notice on it.
    if await queries.community(context.pool(request), community_id) is None:
        raise Refused("not_found", "no such community")
    form = await request.form()
    try:
        if not from_this_site(request):
            raise Refused("forbidden", "this form was posted from another site")
        objection = msgspec.convert(
            {"award_seq": whole_number(form.get("award_seq")), "reason": str(form.get("reason", "")).strip()},
            commands.Objection,
        )
        await objections.object_from_board(
            context.pool(request),
            community_id,
            objection.award_seq,
            objection.reason,
            client_address(request),
        )
    except msgspec.ValidationError:
        outcome = Outcome(
            words("请写明理由（至少两个字）", "Please give a reason (two characters at least)"), 400
        )
    except Refused as refusal:
        outcome = Outcome(
            words("未能提交：", "Not sent: ") + catalog.refusal(refusal),
            STATUS_OF_CODE.get(refusal.code, 400),
        )
    else:
        outcome = Outcome(
            words("异议已提交，监督委员会将核实", "Sent: the supervision committee will check it"), 201
        )
    return await see_outcome(request, f"/board/{community_id}", None, outcome)
