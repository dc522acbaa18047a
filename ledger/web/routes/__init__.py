"""Every page route: residents' pages, the staff log-in and the workbench pages by subject."""

from __future__ import annotations

from pathlib import Path

from litestar import Router
from litestar.handlers import HTTPRouteHandler
from litestar.static_files import create_static_files_router

from ledger.web.routes import (
    carry_over,
    claims,
    committee,
    counter,
    event_log,
    fund,
    goods,
    groups,
    households,
    integrity,
    language,
    links,
    login,
    oversight,
    password,
    policy,
    posters,
    proposals,
    residents,
    staff,
    supervision,
)

ROUTES: list[HTTPRouteHandler] = [
    residents.card_page,
    residents.card_claim,
    residents.board_page,
    residents.board_objection,
    *posters.ROUTES,
    login.login_form,
    login.login,
    login.staff_home,
    login.overview,
    login.logout,
    password.password_page,
    password.change_password,
    language.switch_language,
    *counter.ROUTES,
    *fund.ROUTES,
    *goods.ROUTES,
    *links.ROUTES,
    *policy.ROUTES,
    *staff.ROUTES,
    *households.ROUTES,
    *groups.ROUTES,
    *proposals.ROUTES,
    *claims.ROUTES,
    *supervision.ROUTES,
    *event_log.ROUTES,
    *integrity.ROUTES,
    *committee.ROUTES,
    *carry_over.ROUTES,
    *oversight.ROUTES,
]

# The pages' own scripts (no request ever leaves the server): /static/counter.js …
STATIC: Router = create_static_files_router(
    path="/static", directories=[Path(__file__).parent.parent / "static"], include_in_schema=False
)
