"""Values that are codes of a small set (a status, a role) in words, and the phrase that carries
words in both languages as a refusal's number."""

from __future__ import annotations

from typing import Any

from ledger.messages import words

# Each role as people call it: (Chinese, English).
ROLE_WORDS: dict[str, tuple[str, str]] = {
    "counter": ("超市管理员", "counter staff"),
    "scorer": ("网格员", "scorer"),
    "committee": ("村两委", "committee"),
    "supervisor": ("监督委员会", "supervision committee"),
    "admin": ("管理员", "administrator"),
    "oversight": ("乡镇/县查看", "township or county, reading"),
}

# Context values that are codes of a small set (a status, a role), in words for the Chinese
# template; the English template shows them as they are.
VALUE_WORDS: dict[str, dict[str, str]] = {
    "status": {
        "proposed": "提交",
        "approved": "通过",
        "rejected": "驳回",
        "open": "受理",
        "upheld": "裁定成立",
        "dismissed": "裁定不成立",
        "confirmed": "生效",
    },
    "role": {role: chinese for role, (chinese, _) in ROLE_WORDS.items()},
}

HONOUR_TITLES: dict[str, str] = {"文明家庭": "Civilized family", "道德模范": "Moral model"}


class Phrase(str):
    """Words already in both languages, carried as a refusal's number (a validation failure
    is worded where it is caught): the English text, with `zh` beside it."""

    zh: str

    def __new__(cls, zh: str, en: str) -> Phrase:
        phrase = super().__new__(cls, en)
        phrase.zh = zh
        return phrase

    def shown(self) -> str:
        return words(self.zh, str(self))


def filled(template: str, context: dict[str, Any]) -> str:
    chinese = {
        name: value.zh if isinstance(value, Phrase) else value_words(name, value)
        for name, value in context.items()
    }
    try:
        return template.format(**chinese)
    except (KeyError, IndexError, ValueError):
        return template


def value_words(name: str, value: Any) -> Any:
    return VALUE_WORDS.get(name, {}).get(value, value) if isinstance(value, str) else value
