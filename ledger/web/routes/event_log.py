"""The event log page for the supervision committee, the committee and the admin: every
entry of the community, filtered and paged, and a reversal from the entry itself (the
entry's number travels in the form; nobody types it)."""

from __future__ import annotations

import re
import urllib.parse
import uuid
from typing import Any

from litestar import Request

from ledger import limits
from ledger.api import context
from ledger.domain import commands, roles
from ledger.messages import words
from ledger.services import event_log, reversals
from ledger.web.forms import whole_number
from ledger.web.notices import Outcome
from ledger.web.workbench.event_log import event_log_page, kind_from_token
from ledger.web.workbench_page import PageSession, checked, workbench_page

PAGE = "events"

# The query parameters of the page's GET form and paging links → LogQuery's fields.
_PARAMETERS = {
    "kind": "kind",
    "household": "household",
    "actor": "actor",
    "dates": "dates",
    "from": "date_from",
    "to": "date_to",
    "before": "before",
    "after": "after",
}
# A date as people type it where the browser has no date picker: 2026-12-01, 2026/12/1, 2026.12.1.
_TYPED_DATE = re.compile(r"([0-9]{4})[-/.年]([0-9]{1,2})[-/.月]([0-9]{1,2})日?")


def _date(text: str) -> str:
    match = _TYPED_DATE.fullmatch(text)
    if match is None:
        return text  # for the query's check to refuse
    year, month, day = match.groups()
    return f"{year}-{int(month):02d}-{int(day):02d}"


def log_query(parameters: Any) -> event_log.LogQuery:
    """The filters from the page's query string; an empty field is no filter. Bad values
    are refused (validation_failed) before anything is read."""
    values: dict[str, Any] = {}
    for parameter, field in _PARAMETERS.items():
        text = str(parameters.get(parameter) or "").strip()
        if not text:
            continue
        if field in ("before", "after"):
            values[field] = whole_number(text)
        elif field in ("date_from", "date_to"):
            values[field] = _date(text)
        elif field == "kind":
            values[field] = kind_from_token(text)
        else:
            values[field] = text
    return event_log.check_query(checked(values, event_log.LogQuery))


async def _show(request: Request, session: PageSession, community_id: uuid.UUID, details: Any) -> str:
    query = log_query(request.query_params)
    log = await event_log.page(context.pool(request), community_id, query)
    may_reverse = bool(session.roles & roles.REVERSE)
    return event_log_page(session.csrf_token, str(community_id), query, log, may_reverse)


async def _reverse(request: Request, session: PageSession, community_id: uuid.UUID, form: Any) -> Outcome:
    # The filters the form was posted from, checked first: a bad one refuses the whole form;
    # the page comes back with them after the reversal.
    back = str(form.get("back", ""))[: limits.RETURN_ADDRESS_LENGTH_MAX]
    log_query(dict(urllib.parse.parse_qsl(back)))
    command: commands.Reverse = checked(
        {"event_seq": whole_number(form.get("event_seq")), "reason": str(form.get("reason", "")).strip()},
        commands.Reverse,
    )
    answer = await reversals.reverse(
        context.pool(request), community_id, session.principal.user_id, session.roles, command, None
    )
    seq, reversal = command.event_seq, answer["event_seq"]
    return Outcome(
        words(
            f"已冲正第 {seq} 条记录，冲正记录是第 {reversal} 条",
            f"Entry #{seq} is reversed; the reversal is entry #{reversal}",
        ),
        201,
        shown_at=f"/staff/{community_id}/{PAGE}?{back}" if back else None,
    )


ROUTES = workbench_page(PAGE, _show, _reverse)
