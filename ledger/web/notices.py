"""What a posted form did, kept for the page the browser is sent to next (post → redirect →
get): a reload of that page shows the same result and sends nothing again.

Kept in the database for a few minutes (schema/0020: any server process may answer the
redirect), bound to the session that posted (none for public pages) and to the page that
shows it. A notice that has expired only costs the message above the page: what the form
did is in the record."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import msgspec
from litestar import Request
from litestar.response import Redirect

from ledger.api import context
from ledger.services import notices
from ledger.store.queries import notices as notice_reads

NOTICE_SECONDS = 600
NOTICE_PARAMETER = "notice"
_NAME_LENGTH_MAX = 64


@dataclass(frozen=True)
class Outcome:
    """What a form did: the message shown above the page, its status, and anything the
    page shows with it (an import's row-by-row report, the household a card found, the
    printed cards). `shown_at`: the page that shows it, when not the form's own (a redemption's
    receipt), with its query string if it has one."""

    message: str
    status: int = 200
    details: Any = None
    shown_at: str | None = None


_encoder = msgspec.msgpack.Encoder()
_decoder = msgspec.msgpack.Decoder()


async def see_outcome(
    request: Request, path: str, owner: str | None, outcome: Outcome, kept_as: str | None = None
) -> Redirect:
    """Answer a posted form: keep what it did and send the browser to the page that shows it.
    `kept_as`: the name the page is kept under, where its path must not be stored (a card's
    page: its path holds the card's token, of which only the hash may be kept)."""
    target = outcome.shown_at or path
    page, _, query = target.partition("?")
    payload = _encoder.encode([outcome.message, outcome.status, outcome.details])
    name = await notices.keep(context.pool(request), owner, kept_as or page, payload, NOTICE_SECONDS)
    return Redirect(f"{page}?{query + '&' if query else ''}{NOTICE_PARAMETER}={name}", status_code=303)


async def outcome_shown(request: Request, owner: str | None, kept_as: str | None = None) -> Outcome | None:
    """What the form that sent the browser here did (None: it came here by itself, or the
    notice was another session's or another page's, or has expired). `kept_as`: as for
    see_outcome."""
    name = request.query_params.get(NOTICE_PARAMETER)
    if not name or len(name) > _NAME_LENGTH_MAX:
        return None
    payload = await notice_reads.notice(
        context.pool(request), name, notices.owner_hash(owner), kept_as or request.url.path
    )
    if payload is None:
        return None
    message, status, details = _decoder.decode(payload)
    return Outcome(message, status, details)
