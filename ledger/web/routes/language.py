"""The language switch every page links to: remember the choice in a cookie and go back to
the page it was pressed on."""

from __future__ import annotations

from litestar import Request, get
from litestar.datastructures import Cookie
from litestar.params import FromPath
from litestar.response import Redirect

from ledger import limits, messages
from ledger.domain.errors import Refused
from ledger.web.language import safe_back


@get("/language/{language:str}", include_in_schema=False)
async def switch_language(language: FromPath[str], request: Request) -> Redirect:
    if language not in messages.LANGUAGES:
        raise Refused("not_found", "the pages speak zh and en only")
    # Lax, not Strict: a link from a chat message to a card page should open in the
    # language chosen. HttpOnly: no script of ours reads it. Secure where it can be:
    # over plain HTTP on the village network a Secure cookie would never come back.
    cookie = Cookie(
        key=messages.LANGUAGE_COOKIE,
        value=language,
        max_age=limits.LANGUAGE_COOKIE_SECONDS,
        path="/",
        httponly=True,
        secure=request.url.scheme == "https",
        samesite="lax",
    )
    back = safe_back(request.query_params.get("back"))
    return Redirect(back, status_code=303, cookies=[cookie])
