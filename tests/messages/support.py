"""Running a piece of code in one language, the way a request does."""

from __future__ import annotations

import contextvars
from collections.abc import Callable
from typing import TypeVar

from ledger import messages

T = TypeVar("T")


def in_language(language: messages.Language, make: Callable[[], T]) -> T:
    """`make()` with the request's language set to `language`, in a context of its own (so
    no other test sees the language)."""

    def run() -> T:
        messages.use(language)
        return make()

    return contextvars.copy_context().run(run)


def both(make: Callable[[], T]) -> tuple[T, T]:
    """(Chinese, English)."""
    return in_language("zh", make), in_language("en", make)
