"""The words: every refusal message, every refusal code, every event kind, every field a
form or a request names — in Chinese and in English. Keys are the code's stable ids (a
refusal's English template, a code, an event kind, a field name); values keep the same
{names} as the template, filled with the refusal's numbers."""

from __future__ import annotations

from ledger.domain.errors import Refused
from ledger.messages import words
from ledger.messages.catalog.codes import CODES
from ledger.messages.catalog.event_kinds import EVENT_KINDS, event_label
from ledger.messages.catalog.fields import FIELDS
from ledger.messages.catalog.history import carried_in_figures, carry_in_source, history_sentence
from ledger.messages.catalog.refusals import REFUSALS
from ledger.messages.catalog.value_words import HONOUR_TITLES, ROLE_WORDS, VALUE_WORDS, Phrase, filled

__all__ = [
    "CODES",
    "EVENT_KINDS",
    "FIELDS",
    "HONOUR_TITLES",
    "REFUSALS",
    "Phrase",
    "carried_in_figures",
    "carry_in_source",
    "code_words",
    "event_label",
    "field",
    "history_sentence",
    "refusal",
    "role_names",
    "role_words",
]


def role_words(role: str) -> str:
    """A role as people call it, in the request's language."""
    zh, en = ROLE_WORDS.get(role, (role, role))
    return words(zh, en)


def role_names(roles: list[str]) -> Phrase:
    """Roles in words, both languages, for a refusal that names them."""
    return Phrase("、".join(VALUE_WORDS["role"].get(r, r) for r in roles), ", ".join(roles))


def refusal(refused: Refused) -> str:
    """The refusal in the request's language, with its numbers."""
    zh = REFUSALS.get(refused.message)
    if zh is None:
        return code_words(refused.code)
    return words(filled(zh, refused.context), refused.detail)


def code_words(code: str) -> str:
    zh, en = CODES.get(code, ("未能办理", "not done"))
    return words(zh, en)


def field(name: str) -> str:
    zh, en = FIELDS.get(name, (name, name))
    return words(zh, en)
