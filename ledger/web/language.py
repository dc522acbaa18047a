"""The pages' language switch: every page shows one language and a link to the other one,
which comes back to the same page (GET /language/{zh|en}?back=<this page>).

The page's own address is kept per request in a context variable by `remembered`, an
ASGI wrapper around the application, so the page functions need not be handed the
request just to link back to themselves (the request's language is kept the same way,
see ledger.messages)."""

from __future__ import annotations

import contextvars
import html
import urllib.parse

from litestar.types import ASGIApp, Receive, Scope, Send

from ledger import limits, messages
from ledger.web.notices import NOTICE_PARAMETER

# The request's scope, kept; its address is worked out only when a page asks (most requests,
# the JSON API's, never do).
_scope: contextvars.ContextVar[Scope | None] = contextvars.ContextVar("ledger_page_scope", default=None)

_NAMES: dict[messages.Language, str] = {"zh": "中文", "en": "English"}
_HTML_LANG: dict[messages.Language, str] = {"zh": "zh-CN", "en": "en"}


def remembered(app: ASGIApp) -> ASGIApp:
    async def wrapped(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            _scope.set(scope)
        await app(scope, receive, send)

    return wrapped


def _page_address(scope: Scope) -> str:
    """The address to come back to. A page a POST shows (a log-in refused) is opened
    again by its path alone; its query string belonged to the form."""
    path = urllib.parse.quote(scope.get("path", "/"), safe="/:@-._~!$&'()*+,;=")
    query = scope.get("query_string", b"").decode("latin-1")
    # A form's notice was worded in the language it was posted in: the page in the other
    # language is shown without it.
    kept = [(k, v) for k, v in urllib.parse.parse_qsl(query, keep_blank_values=True) if k != NOTICE_PARAMETER]
    if scope.get("method") == "GET" and kept:
        return f"{path}?{urllib.parse.urlencode(kept)}"
    return path


def here() -> str:
    scope = _scope.get()
    return "/" if scope is None else _page_address(scope)


def html_lang() -> str:
    """The page's `lang` attribute: screen readers and fonts follow it."""
    return _HTML_LANG[messages.current()]


def other() -> messages.Language:
    return "en" if messages.current() == "zh" else "zh"


def switch_link(css_class: str = "language") -> str:
    """The link to this same page in the other language, named in that language."""
    target = other()
    href = f"/language/{target}?" + urllib.parse.urlencode({"back": here()})
    return (
        f'<a class="{html.escape(css_class)}" href="{html.escape(href)}" lang="{_HTML_LANG[target]}" '
        f'hreflang="{_HTML_LANG[target]}">{_NAMES[target]}</a>'
    )


def safe_back(back: str | None) -> str:
    """Where the switch may send the browser: a path on this site only. "//host" and "/\\host"
    are other sites to a browser, a scheme ("https:") is another site, and a control
    character could split the Location header; all of them go to "/"."""
    if not back or len(back) > limits.RETURN_ADDRESS_LENGTH_MAX:
        return "/"
    if not back.startswith("/") or back[1:2] in ("/", "\\"):
        return "/"
    if any(ord(character) < 0x20 or ord(character) == 0x7F for character in back):
        return "/"
    if urllib.parse.urlsplit(back).netloc:
        return "/"
    # A Location header is ASCII: anything else in the address goes percent-encoded.
    return urllib.parse.quote(back, safe="/?=&;:@!$'()*+,-._~%#")
