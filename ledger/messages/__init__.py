"""Words for people, in the language of the request: zh-CN first, English on request.

Why a module of messages and not gettext: the project speaks two languages and every
message has named numbers; a Python catalog is type-checked, needs no compile step (.mo),
and a test reads it to prove that every refusal the code can raise and every event kind
has both languages. The code keeps stable English message ids (the refusal's template)
and its numbers; `ledger.messages.catalog` holds the words.

The language is chosen once per request (the `ledger_language` cookie set by the pages'
switch, else Accept-Language, else Chinese) by the HTTP edge and read here through a
context variable, so the domain and the store never need to know it.
"""

from __future__ import annotations

import contextvars
from typing import Literal

Language = Literal["zh", "en"]
LANGUAGES: tuple[Language, ...] = ("zh", "en")
LANGUAGE_COOKIE = "ledger_language"

_current: contextvars.ContextVar[Language] = contextvars.ContextVar("ledger_language", default="zh")


def current() -> Language:
    return _current.get()


def use(language: Language) -> None:
    """Set the language for the rest of this request (or task)."""
    _current.set(language)


def words(zh: str, en: str) -> str:
    """The text in the request's language: pages carry both and show one."""
    return en if _current.get() == "en" else zh


def chosen(cookie: str | None, accept_language: str | None) -> Language:
    """The cookie the language switch sets wins; else the first of Accept-Language's
    languages we speak, by the weight the browser gives it; else Chinese."""
    if cookie in LANGUAGES:
        return cookie
    if not accept_language:
        return "zh"
    best: tuple[float, Language] | None = None
    for part in accept_language.split(",")[:20]:
        tag, _, parameters = part.strip().partition(";")
        primary = tag.strip().lower().split("-")[0]
        if primary not in LANGUAGES:
            continue
        weight = 1.0
        parameters = parameters.strip()
        if parameters.startswith("q="):
            try:
                weight = float(parameters[2:])
            except ValueError:
                continue
        if best is None or weight > best[0]:  # equal weights keep the browser's order
            best = (weight, primary)
    return best[1] if best is not None and best[0] > 0 else "zh"
