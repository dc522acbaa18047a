"""One canonical log line per request, a request id, the request's language, and the
security headers.

A raw ASGI wrapper rather than litestar middleware: it sees every response (problems,
404s from the router, 413s) and costs a few microseconds.
"""

from __future__ import annotations

import itertools
import re
import time
import uuid
from typing import Any

import structlog
from litestar.types import ASGIApp, Message, Receive, Scope, Send

from ledger import messages

_log = structlog.get_logger("ledger.request")
_REQUEST_ID = re.compile(rb"^[A-Za-z0-9._-]{8,64}$")
# A card token in a URL is the card itself: it never reaches the logs.
_CARD_PATH = re.compile(r"^(/c/|/api/v1/cards/)[^/]+")

SECURITY_HEADERS = [
    (
        b"content-security-policy",
        b"default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        b"frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
    ),
    (b"x-content-type-options", b"nosniff"),
    # same-origin: no other site ever sees a URL of ours (a card's is the card itself), and
    # our own forms carry their Origin, which the public objection form checks.
    (b"referrer-policy", b"same-origin"),
    (b"x-frame-options", b"DENY"),
]


# Request ids only need to be unique, not secret: a random prefix per process and a count
# (uuid4 per request reads the kernel's random source each time, which showed in profiles).
_process_prefix = uuid.uuid4().hex[:12]
_request_numbers = itertools.count(1)


def _request_id(scope: Scope) -> str:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id" and _REQUEST_ID.match(value):
            return value.decode()
    return f"{_process_prefix}-{next(_request_numbers)}"


def _language(scope: Scope) -> messages.Language:
    cookie = accept = None
    for name, value in scope.get("headers", ()):
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, found = part.strip().partition("=")
                if key == messages.LANGUAGE_COOKIE:
                    cookie = found
        elif name == b"accept-language":
            accept = value.decode("latin-1")
    return messages.chosen(cookie, accept)


def observed(app: ASGIApp) -> ASGIApp:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = _request_id(scope)
        structlog.contextvars.clear_contextvars()
        structlog.contextvars.bind_contextvars(request_id=request_id)
        messages.use(_language(scope))  # problems and pages speak the request's language
        status: dict[str, Any] = {"code": 500}

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
                headers = list(message.get("headers", ()))
                headers.append((b"x-request-id", request_id.encode()))
                headers.extend(SECURITY_HEADERS)
                message = {**message, "headers": headers}
            await send(message)

        try:
            await app(scope, receive, send_with_headers)
        finally:
            _log.info(
                "request",
                method=scope.get("method"),
                path=_CARD_PATH.sub(r"\1{token}", scope["path"]),
                status=status["code"],
                duration_ms=round((time.perf_counter() - started) * 1000, 2),
            )

    return wrapped
