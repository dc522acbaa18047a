"""The integrity page (walk the chain, answer in one sentence, compare an old print-out)
and the printable record certificate, for the supervision committee, the committee and
the admin. (The certificate's print button is ledger/web/static/print.js.)"""

from __future__ import annotations

import uuid
from typing import Any

from litestar import Request, Response, get
from litestar.params import FromPath

from ledger.api import context
from ledger.domain.errors import Refused
from ledger.services import event_log
from ledger.web import workbench
from ledger.web.forms import whole_number
from ledger.web.routes.login import HTML
from ledger.web.workbench.integrity import certificate, integrity_page
from ledger.web.workbench_page import checked, open_page, refusal_message, render

PAGE = "integrity"


@get("/staff/{community_id:uuid}/integrity", include_in_schema=False, name="integrity page")
async def integrity(community_id: FromPath[uuid.UUID], request: Request) -> Response[Any]:
    session = await open_page(request, community_id, PAGE)
    if isinstance(session, Response):
        return session
    pool = context.pool(request)
    check = await event_log.check(pool, community_id)
    seq_text = str(request.query_params.get("seq") or "").strip()
    hash_text = str(request.query_params.get("hash") or "").strip()
    title = workbench.page_title(PAGE)
    if not (seq_text or hash_text):
        return render(session, community_id, title, integrity_page(str(community_id), check))
    try:
        print_out: event_log.PrintOut = checked(
            {"seq": whole_number(seq_text), "hash": hash_text}, event_log.PrintOut
        )
        comparison = await event_log.compare(pool, community_id, check, print_out)
    except Refused as refusal:
        message, status = refusal_message(refusal)
        body = integrity_page(str(community_id), check, typed_hash=hash_text[:200])
        return render(session, community_id, title, body, message, status)
    body = integrity_page(str(community_id), check, comparison, print_out.seq, hash_text)
    return render(session, community_id, title, body)


@get("/staff/{community_id:uuid}/integrity/certificate", include_in_schema=False, name="record certificate")
async def record_certificate(community_id: FromPath[uuid.UUID], request: Request) -> Response[Any]:
    session = await open_page(request, community_id, PAGE)
    if isinstance(session, Response):
        return session
    check = await event_log.check(context.pool(request), community_id)
    # The address phones can open (LEDGER_PUBLIC_URL), else the one this request came to.
    public_url = getattr(request.app.state, "public_url", None) or str(request.base_url).rstrip("/")
    board_url = f"{public_url}/board/{community_id}"
    return Response(certificate(check, board_url, str(community_id)), media_type=HTML)


ROUTES = [integrity, record_certificate]
