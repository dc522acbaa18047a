"""The words: every refusal message, every refusal code, every event kind, every field a
form or a request names — in Chinese and in English. Keys are the code's stable ids (a
refusal's English template, a code, an event kind, a field name); values keep the same
{names} as the template, filled with the refusal's numbers."""

from __future__ import annotations

from typing import Any

from ledger.domain.errors import Refused
from ledger.messages import words

# A refusal's English template → its Chinese template (same {names}).
REFUSALS: dict[str, str] = {
    # spreadsheets
    # carry-over from paper
    # supervision pages
    # counter and pages
}

# Each refusal code's message when the template is not in REFUSALS: (zh, en).
CODES: dict[str, tuple[str, str]] = {}

# Each event kind's label: (zh, en).
EVENT_KINDS: dict[str, tuple[str, str]] = {}

# Each field a request or a form names: (zh, en).
FIELDS: dict[str, tuple[str, str]] = {}


def refusal(refused: Refused) -> str:
    """The refusal in the request's language, with its numbers."""
    zh = REFUSALS.get(refused.message)
    if zh is None:
        zh, en = CODES.get(refused.code, ("未能办理", "not done"))
        return words(zh, en)
    return words(_filled(zh, refused.context), refused.detail)


def event_label(kind: str) -> str:
    zh, en = EVENT_KINDS.get(kind, ("其他记录", "other entry"))
    return words(zh, en)


def field(name: str) -> str:
    zh, en = FIELDS.get(name, (name, name))
    return words(zh, en)


def _filled(template: str, context: dict[str, Any]) -> str:
    try:
        return template.format(**context)
    except (KeyError, IndexError, ValueError):
        return template
