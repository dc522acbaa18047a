"""What msgspec and litestar say about a bad request becomes words: the field in words and
the problem in words, in either language, and never the validator's own text."""

from __future__ import annotations

import datetime
import uuid
from typing import Annotated, Any

import msgspec
import pytest

from ledger.domain import commands
from ledger.domain.errors import Refused
from ledger.messages import catalog, validation
from ledger.services.staff import NewStaff
from ledger.web import routes  # noqa: F401  (first, as the app imports them: the pages import one another)
from ledger.web.workbench_page import checked
from tests.messages.support import both

VALIDATOR_PHRASES = ("Expected `", "at `$.", "regex", "`", "$.", "RFC3339", "msgspec")
SOME_ID = str(uuid.uuid4())


def _failure(value: Any, into: type) -> str:
    with pytest.raises(msgspec.ValidationError) as raised:
        msgspec.convert(value, into, strict=True)
    return str(raised.value)


def _decode_failure(raw: bytes, into: type) -> str:
    with pytest.raises((msgspec.ValidationError, msgspec.DecodeError)) as raised:
        msgspec.json.decode(raw, type=into, strict=True)
    return str(raised.value)


def _line(**changes: Any) -> dict[str, Any]:
    return {"household_id": SOME_ID, "lines": [{"goods_id": SOME_ID, "quantity": 1, **changes}]}


STAFF = {"username": "wang_admin", "password": "a-long-password"}

# (what was sent, into what, the Chinese words, the English words)
CASES = [
    ({**STAFF, "roles": []}, NewStaff, "「角色」至少要选 1 项", "roles: choose at least 1"),
    ({**STAFF, "roles": ["counter"] * 6}, NewStaff, "「角色」最多 5 项", "roles: at most 5 items"),
    (
        {**STAFF, "roles": ["king"]},
        NewStaff,
        "「角色」（第 1 项）不是可选的值",
        "roles (item 1): is not one of the choices",
    ),
    (
        _line(quantity="2"),
        commands.Redeem,
        "「数量」（第 1 项）应为整数",
        "quantity (item 1): must be a whole number",
    ),
    (
        _line(quantity=1.5),
        commands.Redeem,
        "「数量」（第 1 项）应为整数",
        "quantity (item 1): must be a whole number",
    ),
    (
        _line(quantity=0),
        commands.Redeem,
        "「数量」（第 1 项）不能小于 1",
        "quantity (item 1): must be at least 1",
    ),
    (
        _line(quantity=1000),
        commands.Redeem,
        "「数量」（第 1 项）不能大于 999",
        "quantity (item 1): must be at most 999",
    ),
    ({"household_id": SOME_ID}, commands.Redeem, "「商品清单」必须填写", "lines: is required"),
    (
        {"household_id": 5, "lines": []},
        commands.Redeem,
        "「户」不是有效的编号",
        "household: is not a valid id",
    ),
    (
        {"household_id": "x", "lines": []},
        commands.Redeem,
        "「户」不是有效的编号",
        "household: is not a valid id",
    ),
    (
        {**_line(), "discount": 100},
        commands.Redeem,
        "提交的内容多了不认识的字段「discount」",
        "the request has an unknown field “discount”",
    ),
    ([1, 2], commands.Redeem, "提交的内容应为一组字段（对象）", "the request must be an object"),
    (
        {"pin": "12a4"},
        commands.SetPin,
        "「兑换密码」格式不对，应为 4 位数字",
        "PIN: is not in the right format (4 digits)",
    ),
    (
        {"code": "a b", "name": "x", "points": 1},
        commands.DefineRule,
        "「编码」格式不对，只能用字母、数字和 _ . -",
        "code: is not in the right format (letters, digits and _ . - only)",
    ),
    (
        {**STAFF, "password": "", "roles": ["counter"]},
        NewStaff,
        "「密码」不能为空",
        "password: must not be empty",
    ),
    (
        {"reason": "x"},
        commands.CancelRedemption,
        "「原因」至少 2 个字",
        "reason: needs at least 2 characters",
    ),
    (
        {"household_id": SOME_ID, "rule_id": SOME_ID, "note": "长" * 501},
        commands.Award,
        "「备注」最多 500 个字",
        "note: at most 500 characters",
    ),
    (
        {"household_id": SOME_ID, "rule_id": SOME_ID, "note": 5},
        commands.Award,
        "「备注」应为文字",
        "note: must be text",
    ),
    (
        {"household_id": SOME_ID, "rule_id": SOME_ID, "occurred_on": "2026-13-45"},
        commands.Award,
        "「发生日期」不是有效的日期（如 2026-03-01）",
        "date: is not a valid date (like 2026-03-01)",
    ),
    (
        {"counter_pin_required": "yes"},
        commands.ChangePolicy,
        "「兑换时要输密码」应为“是”或“否”（true 或 false）",
        "PIN at the counter: must be true or false",
    ),
    ({"status": "gone"}, commands.ChangeGoods, "「状态」不是可选的值", "status: is not one of the choices"),
]


@pytest.mark.parametrize(("value", "into", "zh", "en"), CASES)
def test_a_validation_failure_is_the_field_and_the_problem_in_words(value, into, zh, en):
    phrase = validation.worded(_failure(value, into))
    assert both(phrase.shown) == (zh, en)


@pytest.mark.parametrize(
    ("raw", "zh", "en"),
    [
        (
            b'{"household_id": "' + SOME_ID.encode() + b'", "lines": [',
            "提交的内容不完整（被截断了）",
            "the request is cut short",
        ),
        (b"household=1&goods=2", "提交的内容不是有效的 JSON", "the request is not valid JSON"),
        (b'{"household_id": 1e999999}', "「户」数字太大", "household: is too large"),
        (
            b'{"household_id": "\xff\xfe", "lines": []}',
            "「户」不是有效的编号",
            "household: is not a valid id",
        ),
        (
            b'{"household_id": "'
            + SOME_ID.encode()
            + b'", "lines": [{"goods_id": "'
            + SOME_ID.encode()
            + b'", "quantity": 100000000000000000000000000000}]}',
            "「数量」（第 1 项）不能大于 999",
            "quantity (item 1): must be at most 999",
        ),
    ],
)
def test_a_body_that_is_not_json_says_so_in_words(raw, zh, en):
    assert both(validation.worded(_decode_failure(raw, commands.Redeem)).shown) == (zh, en)


class Stamp(msgspec.Struct):
    at: Annotated[datetime.datetime, msgspec.Meta(tz=True)]


def test_a_date_and_time_needs_its_time_zone():
    phrase = validation.worded(_decode_failure(b'{"at": "2026-03-01T08:00:00"}', Stamp))
    assert both(phrase.shown) == ("「at」要带时区", "at: needs a time zone")


@pytest.mark.parametrize(
    ("message", "key", "zh", "en"),
    [
        # as litestar hands them over: the message without "- at", the key apart
        ("Expected `int`, got `str`", "after", "「起始位置」应为整数", "after: must be a whole number"),
        ("Expected `int` <= 1000", "limit", "「条数」不能大于 1000", "limit: must be at most 1000"),
        (
            "Expected `int`, got `str`",
            "data.lines[0].quantity",
            "「数量」（第 1 项）应为整数",
            "quantity (item 1): must be a whole number",
        ),
        (
            "Expected `str` matching regex '^\\d{4}-(0[1-9]|1[0-2])$'",
            "month",
            "「月份」格式不对，应为 年-月，如 2026-03",
            "month: is not in the right format (year-month, like 2026-03)",
        ),
        (
            "Missing required header parameter 'Idempotency-Key' for path /api/v1/x",
            "",
            "「请求编号（Idempotency-Key）」必须填写",
            "Idempotency-Key: is required",
        ),
        ("Integer value out of range", "after", "「起始位置」数字太大", "after: is too large"),
        ("Invalid UUID bytes", "goods_id", "「商品」不是有效的编号", "goods item: is not a valid id"),
        (
            "Invalid RFC3339 encoded datetime",
            "at",
            "「at」不是有效的时间（如 2026-03-01T08:00:00+08:00）",
            "at: is not a valid date and time (like 2026-03-01T08:00:00+08:00)",
        ),
        ("Invalid ISO8601 duration", "wait", "「wait」不是有效的时长", "wait: is not a valid duration"),
    ],
)
def test_litestars_failures_are_worded_too(message, key, zh, en):
    assert both(validation.worded(message, key).shown) == (zh, en)


@pytest.mark.parametrize(
    "message",
    [
        "Something no validator said before - at `$.lines[0].quantity`",
        "Expected `array` of length 2 to 3 - at `$.pair`",
        "Expected `Decimal`, got `str` - at `$.price`",
        "Expected `int | str`, got `float` - at `$.either`",
        "multipart boundary missing in Content-Type",
        "",
    ],
)
def test_what_no_rule_knows_is_still_words_and_never_the_validators_text(message):
    zh, en = both(validation.worded(message).shown)
    assert zh
    assert en
    for text in (zh, en):
        assert not any(phrase in text for phrase in VALIDATOR_PHRASES), text
    assert "multipart" not in zh


@pytest.mark.parametrize(("value", "into", "zh", "en"), CASES)
def test_no_worded_failure_carries_a_validator_phrase(value, into, zh, en):
    for text in both(validation.worded(_failure(value, into)).shown):
        assert not any(phrase in text for phrase in VALIDATOR_PHRASES), text


def test_the_path_a_program_reads_is_kept():
    message = _failure(_line(quantity=0), commands.Redeem)
    assert validation.field_path(message) == "lines[0].quantity"
    assert validation.field_path("Expected `int`", "data.lines.0.quantity") == "lines[0].quantity"
    assert validation.field_path("Object contains unknown field `x`") == ""


def test_a_pages_form_is_refused_in_words():
    """The workbench's checked() refuses a bad form with the worded failure, both languages."""
    with pytest.raises(Refused) as raised:
        checked({**STAFF, "roles": []}, NewStaff)
    assert raised.value.code == "validation_failed"
    assert both(lambda: catalog.refusal(raised.value)) == (
        "「角色」至少要选 1 项",
        "roles: choose at least 1",
    )
    assert raised.value.detail == "roles: choose at least 1"
