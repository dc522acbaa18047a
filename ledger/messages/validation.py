"""Validation failures in words: what a validator said (msgspec's ValidationError or
DecodeError, litestar's ValidationException items) becomes the field in words and the
problem in words, in both languages — "Expected `array` of length >= 1 - at `$.roles`"
is "「角色」至少要选 1 项" / "roles: choose at least 1".

The validators' phrasings are matched one by one; anything else gets a plain sentence
naming the field, so a validator's own text (its types, its regex, its JSON path) never
reaches a person.
"""

from __future__ import annotations

import re
from collections.abc import Callable

import msgspec

from ledger.messages.catalog import FIELDS, Phrase

# msgspec appends where it failed: "… - at `$.lines[0].quantity`".
_AT = re.compile(r"^(?P<message>.*?) - at `\$(?P<path>[^`]*)`$", re.DOTALL)
_PATH_PART = re.compile(r"\[(\d+)\]|([^.\[\]]+)")
_UNKNOWN_NAME_MAX = 40

# (zh, en) of what a value should be, for "Expected `int`, got `str`".
_TYPES: dict[str, tuple[str, str]] = {
    "int": ("应为整数", "must be a whole number"),
    "float": ("应为数字", "must be a number"),
    "str": ("应为文字", "must be text"),
    "bool": ("应为“是”或“否”（true 或 false）", "must be true or false"),
    "array": ("应为一组值（列表）", "must be a list"),
    "object": ("应为一组字段（对象）", "must be an object"),
    "uuid": ("不是有效的编号", "is not a valid id"),
    "date": ("不是有效的日期（如 2026-03-01）", "is not a valid date (like 2026-03-01)"),
    "datetime": (
        "不是有效的时间（如 2026-03-01T08:00:00+08:00）",
        "is not a valid date and time (like 2026-03-01T08:00:00+08:00)",
    ),
    "time": ("不是有效的时刻（如 08:30）", "is not a valid time (like 08:30)"),
    "null": ("应为空", "must be empty"),
}

# What a field's format is, for "Expected `str` matching regex …": the field's own words.
_FORMATS: dict[str, tuple[str, str]] = {
    "pin": ("应为 4 位数字", "4 digits"),
    "username": ("应为 3–40 个小写字母、数字或 _ . -", "3–40 lower-case letters, digits or _ . -"),
    "code": ("只能用字母、数字和 _ . -", "letters, digits and _ . - only"),
    "phone": ("应为 5–20 位数字（可含 + - 和空格）", "5–20 digits (+, - and spaces allowed)"),
    "id_card_last4": (
        "应为身份证后 4 位（最后一位可为 X）",
        "the ID card's last 4 characters (the last may be X)",
    ),
    "month": ("应为 年-月，如 2026-03", "year-month, like 2026-03"),
    "colour": ("应为 red（红榜）或 black（黑榜）", "red or black"),
    "format": ("不是可选的格式", "not one of the formats offered"),
}

_WRONG_KIND = ("类型不对", "is of the wrong kind")

_BOUNDS: dict[str, tuple[str, str]] = {
    ">=": ("不能小于 {n}", "must be at least {n}"),
    "<=": ("不能大于 {n}", "must be at most {n}"),
    ">": ("应大于 {n}", "must be more than {n}"),
    "<": ("应小于 {n}", "must be less than {n}"),
}

_Worded = tuple[str, str, str]  # (path of the field, zh problem, en problem)
_Rule = Callable[[re.Match[str], str], _Worded]


def _type(match: re.Match[str], path: str) -> _Worded:
    wanted = [part for part in match["wanted"].split(" | ") if part != "null"]  # an optional field
    zh, en = _TYPES.get(wanted[0], _WRONG_KIND) if len(wanted) == 1 else _WRONG_KIND
    return path, zh, en


def _multiple(match: re.Match[str], path: str) -> _Worded:
    return path, f"应为 {match['n']} 的倍数", f"must be a multiple of {match['n']}"


def _bound(match: re.Match[str], path: str) -> _Worded:
    zh, en = _BOUNDS[match["op"]]
    return path, zh.format(n=match["n"]), en.format(n=match["n"])


def _text_length(match: re.Match[str], path: str) -> _Worded:
    n = int(match["n"])
    if match["op"] == "<=":
        return path, f"最多 {n} 个字", f"at most {n} characters"
    if n == 1:
        return path, "不能为空", "must not be empty"
    return path, f"至少 {n} 个字", f"needs at least {n} characters"


def _list_length(match: re.Match[str], path: str) -> _Worded:
    n = match["n"]
    if match["op"] == "<=":
        return path, f"最多 {n} 项", f"at most {n} items"
    return path, f"至少要选 {n} 项", f"choose at least {n}"


def _format(match: re.Match[str], path: str) -> _Worded:
    hint = _FORMATS.get(_last_name(path))
    if hint is None:
        return path, "格式不对", "is not in the right format"
    return path, f"格式不对，{hint[0]}", f"is not in the right format ({hint[1]})"


def _missing(match: re.Match[str], path: str) -> _Worded:
    return _joined(path, match["name"]), "必须填写", "is required"


def _unknown(match: re.Match[str], path: str) -> _Worded:
    # The name is what the sender sent: shown short, printable, and only as a name.
    name = "".join(c for c in match["name"] if c.isprintable())[:_UNKNOWN_NAME_MAX]
    return path, f"多了不认识的字段「{name}」", f"has an unknown field “{name}”"


def _said(zh: str, en: str) -> _Rule:
    return lambda match, path: (path, zh, en)


_RULES: list[tuple[re.Pattern[str], _Rule]] = [
    (re.compile(r"^Expected `(?P<wanted>[^`]+)`, got `[^`]+`$"), _type),
    (re.compile(r"^Expected `(?:str|bytes)` of length (?P<op><=|>=) (?P<n>\d+)$"), _text_length),
    (re.compile(r"^Expected `(?:array|object)` of length (?P<op><=|>=) (?P<n>\d+)$"), _list_length),
    (re.compile(r"^Expected `(?:int|float)` (?P<op><=|>=|<|>) (?P<n>-?[0-9.e+]+)$"), _bound),
    (re.compile(r"^Expected `int` that's a multiple of (?P<n>\d+)$"), _multiple),
    (re.compile(r"^Expected `str` matching regex "), _format),
    (re.compile(r"^Expected `\w+` with a timezone component$"), _said("要带时区", "needs a time zone")),
    (
        re.compile(r"^Expected `\w+` with no timezone component$"),
        _said("不要带时区", "must have no time zone"),
    ),
    (re.compile(r"^Expected `array` of "), _said("项数不对", "has the wrong number of items")),
    (re.compile(r"^Invalid enum value "), _said("不是可选的值", "is not one of the choices")),
    (re.compile(r"^Object missing required field `(?P<name>[^`]+)`$"), _missing),
    (re.compile(r"^Object contains unknown field `(?P<name>[^`]*)`$"), _unknown),
    (re.compile(r"^Invalid UUID"), _said(*_TYPES["uuid"])),
    # msgspec 0.18 said ISO8601, 0.19 on say RFC3339
    (re.compile(r"^Invalid (?:RFC3339|ISO8601) (?:encoded )?date$"), _said(*_TYPES["date"])),
    (re.compile(r"^Invalid (?:RFC3339|ISO8601) (?:encoded )?datetime$"), _said(*_TYPES["datetime"])),
    (re.compile(r"^Invalid (?:RFC3339|ISO8601) (?:encoded )?time$"), _said(*_TYPES["time"])),
    (
        re.compile(r"^Invalid ISO8601 (?:encoded )?duration$"),
        _said("不是有效的时长", "is not a valid duration"),
    ),
    (
        re.compile(r"^(?:Integer value|Number|Duration|Timestamp)(?: is)? out of range"),
        _said("数字太大", "is too large"),
    ),
    (re.compile(r"^Missing required (?:\w+ )?parameter '(?P<name>[^']+)'"), _missing),
    (re.compile(r"^JSON is malformed"), _said("不是有效的 JSON", "is not valid JSON")),
    (
        re.compile(r"^Contains a NUL character$"),
        _said("不能含有空字符（NUL）", "must not contain a NUL character"),
    ),
    (
        re.compile(r"^Contains a control character$"),
        _said("不能含有控制字符", "must not contain control characters"),
    ),
    (re.compile(r"^Input data was truncated"), _said("不完整（被截断了）", "is cut short")),
    (re.compile(r"^Invalid "), _said("填写有误", "is not valid")),
]


def worded(message: str, path: str = "") -> Phrase:
    """A validator's message (with msgspec's " - at `$.x`" or litestar's key as `path`) in
    words: 「field」problem / field: problem."""
    found = _AT.match(message)
    if found is not None:
        message, path = found["message"], found["path"]
    for pattern, rule in _RULES:
        match = pattern.search(message)
        if match is not None:
            where, zh, en = rule(match, _normalised(path))
            break
    else:
        where, zh, en = _normalised(path), "填写有误", "is not valid"
    named = _field_words(where)
    if named is None:  # the body as a whole
        return Phrase(f"提交的内容{zh}", f"the request {en}")
    return Phrase(f"{named[0]}{zh}", f"{named[1]}: {en}")


def worded_error(error: msgspec.ValidationError | msgspec.DecodeError) -> Phrase:
    return worded(str(error))


def field_path(message: str, key: str = "") -> str:
    """Where a validator's message points, as `lines[0].quantity` ("" for the whole body)."""
    found = _AT.match(message)
    return _normalised(found["path"] if found is not None else key)


def _normalised(path: str) -> str:
    """`$.lines[0].quantity`, `.lines[0].quantity`, `data.lines.0.quantity` → `lines[0].quantity`."""
    parts = []
    for index, name in _PATH_PART.findall(path.removeprefix("$")):
        if index or name.isdigit():
            parts.append(f"[{index or name}]")
        elif not (name == "data" and not parts):  # litestar names the body "data"
            parts.append(("." if parts else "") + name)
    return "".join(parts)


def _joined(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


def _last_name(path: str) -> str:
    names = [name for index, name in _PATH_PART.findall(path) if name and not index]
    return names[-1] if names else ""


def _field_words(path: str) -> tuple[str, str] | None:
    """「数量」（第 1 项） / quantity (item 1): the last named field, and which item of a list."""
    name = _last_name(path)
    if not name:
        return None
    zh, en = FIELDS.get(name, (name, name))
    positions = [int(index) for index, _ in _PATH_PART.findall(path) if index]
    if positions:
        return f"「{zh}」（第 {positions[-1] + 1} 项）", f"{en} (item {positions[-1] + 1})"
    return f"「{zh}」", en
