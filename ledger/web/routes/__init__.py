"""Every page route: residents' pages, the staff log-in and the workbench pages by subject."""

from __future__ import annotations

from litestar.handlers import HTTPRouteHandler

from ledger.web.routes import (
    committee,
    counter,
    fund,
    goods,
    households,
    links,
    login,
    policy,
    proposals,
    residents,
    staff,
    supervision,
)

ROUTES: list[HTTPRouteHandler] = [
    residents.card_page,
    residents.board_page,
    residents.board_objection,
    login.login_form,
    login.login,
    login.staff_home,
    login.overview,
    login.logout,
    *counter.ROUTES,
    *fund.ROUTES,
    *goods.ROUTES,
    *links.ROUTES,
    *policy.ROUTES,
    *staff.ROUTES,
    *households.ROUTES,
    *proposals.ROUTES,
    *supervision.ROUTES,
    *committee.ROUTES,
]
