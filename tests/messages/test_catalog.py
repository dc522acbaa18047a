"""The catalog has words for everything the code can say: every refusal template the code
raises (with the same {names}), every refusal code, every event kind, every field a
request or a form names — in Chinese and in English."""

from __future__ import annotations

import ast
import re
import string
from pathlib import Path

import msgspec
import pytest

from ledger.api import problems
from ledger.api.routes import fairness
from ledger.api.schemas import Credentials
from ledger.domain import commands
from ledger.domain import events as kinds
from ledger.domain.errors import REFUSAL_CODES, Refused
from ledger.messages import catalog
from ledger.services import staff
from ledger.store import record
from tests.messages.support import both

LEDGER = Path(__file__).resolve().parents[2] / "ledger"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
# Messages handed on by name, not written at the call: where they come from is checked
# on its own (the OUTCOME_DETAILS and insert_or_refuse's callers).
PASSED_ON = {("store/record.py", "detail"), ("store/record.py", "template_when_duplicate")}
HTTP_EXCEPTIONS = {"NotFoundException", "NotAuthorizedException", "PermissionDeniedException"}


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _module_strings(tree: ast.Module) -> dict[str, str]:
    """Module-level NAME = "text" (a message kept as a constant)."""
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Constant):
            for target in node.targets:
                if isinstance(target, ast.Name) and isinstance(node.value.value, str):
                    found[target.id] = node.value.value
    return found


def _templates_in_code() -> tuple[list[tuple[str, str, set[str] | None]], list[str]]:
    """Every message the code raises: (where, template, keyword names given or None when
    they cannot be known), and every message that is not a template at all."""
    templates: list[tuple[str, str, set[str] | None]] = []
    not_templates: list[str] = []
    for path in sorted(LEDGER.rglob("*.py")):
        relative = str(path.relative_to(LEDGER))
        tree = ast.parse(path.read_text(), filename=relative)
        constants = _module_strings(tree)
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            called = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            positional = [arg for arg in node.args if not isinstance(arg, ast.Starred)]
            if called == "Refused" and len(positional) >= 2:
                message = positional[1]
            elif called == "insert_or_refuse" and len(positional) >= 4:
                message = positional[3]
            elif called in HTTP_EXCEPTIONS and positional:
                message = positional[0]
            else:
                continue
            where = f"{relative}:{node.lineno}"
            keywords: set[str] | None = {k.arg for k in node.keywords if k.arg is not None}
            if any(k.arg is None for k in node.keywords) or called in HTTP_EXCEPTIONS:
                keywords = None
            if isinstance(message, ast.Constant) and isinstance(message.value, str):
                templates.append((where, message.value, keywords))
            elif isinstance(message, ast.Name) and message.id in constants:
                templates.append((where, constants[message.id], keywords))
            elif called in HTTP_EXCEPTIONS:
                continue  # litestar's exceptions carry no numbers: a detail not in the catalog reads as its code
            elif not (isinstance(message, ast.Name) and (relative, message.id) in PASSED_ON):
                not_templates.append(f"{where}: {ast.unparse(message)}")
    for code, template in record.OUTCOME_DETAILS.values():
        templates.append((f"_OUTCOME_DETAILS {code}", template, None))
    return templates, not_templates


def test_every_refusal_is_a_template_not_text_made_on_the_spot():
    _, not_templates = _templates_in_code()
    assert not_templates == []


def test_every_template_the_code_raises_has_chinese_words_with_the_same_names():
    templates, _ = _templates_in_code()
    assert len(templates) > 100  # the walk found the code's refusals
    missing = sorted(
        {f"{where}: {template!r}" for where, template, _ in templates if template not in catalog.REFUSALS}
    )
    assert missing == []
    different = [
        f"{where}: {template!r}"
        for where, template, _ in templates
        if _names(catalog.REFUSALS[template]) != _names(template)
    ]
    assert different == []


def test_every_template_is_given_the_numbers_it_names():
    templates, _ = _templates_in_code()
    short = [
        f"{where}: {template!r} lacks {sorted(_names(template) - given)}"
        for where, template, given in templates
        if given is not None and not _names(template) <= given
    ]
    assert short == []


def test_the_chinese_templates_are_chinese():
    not_chinese = [t for t, zh in catalog.REFUSALS.items() if t != "{problem}" and not CHINESE.search(zh)]
    assert not_chinese == []


@pytest.mark.parametrize(
    "code",
    sorted(REFUSAL_CODES | set(problems.CODE_OF_STATUS.values()))
    + ["bad_request", "internal_error", "database_unavailable"],
)
def test_every_code_has_words_in_both_languages(code):
    zh, en = catalog.CODES[code]
    assert CHINESE.search(zh), code
    assert en
    assert code not in zh
    assert code not in en


def _event_kinds() -> list[str]:
    return sorted(
        value
        for name, value in vars(kinds).items()
        if name.isupper() and isinstance(value, str) and re.fullmatch(r"[a-z_]+\.[a-z_]+", value)
    )


def test_the_event_kinds_are_found():
    assert {"award.approved", "objection.upheld", "redemption.made"} <= set(_event_kinds())


@pytest.mark.parametrize("kind", _event_kinds())
def test_every_event_kind_has_a_label_in_both_languages(kind):
    zh, en = both(lambda: catalog.event_label(kind))
    assert CHINESE.search(zh)
    assert en
    assert kind not in zh
    assert kind not in en
    assert (zh, en) != both(lambda: catalog.event_label("no.such_kind"))


def _request_bodies() -> list[type[msgspec.Struct]]:
    """Every Struct a request body or a form is checked against."""
    found = []
    for module in (commands, staff, fairness):
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, msgspec.Struct)
                and value.__module__ == module.__name__
            ):
                found.append(value)
    return [*found, Credentials]


def _form_fields() -> set[str]:
    """Every field a page's form posts: form.get("x"), form.getall("x")."""
    names = set()
    for path in (LEDGER / "web").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if (
                isinstance(node, ast.Call)
                and getattr(node.func, "attr", None) in ("get", "getall")
                and getattr(node.func.value, "id", None) == "form"
                and node.args
                and isinstance(node.args[0], ast.Constant)
            ):
                names.add(node.args[0].value)
    return names


def test_every_field_a_request_or_a_form_names_has_words():
    bodies = _request_bodies()
    assert commands.Redeem in bodies
    assert staff.NewStaff in bodies
    fields = {name for body in bodies for name in body.__struct_fields__} | _form_fields()
    assert {"roles", "quantity", "csrf_token"} <= fields
    missing = sorted(name for name in fields if name not in catalog.FIELDS)
    assert missing == []
    for name in fields:
        zh, en = catalog.FIELDS[name]
        assert CHINESE.search(zh), name
        assert en, name


def test_a_refusal_reads_in_the_requests_language_with_its_numbers():
    refusal = Refused(
        "insufficient_points", "needs {points} points, {spendable} spendable", points=21, spendable=18
    )
    assert both(lambda: catalog.refusal(refusal)) == (
        "需要 21 分，可用 18 分",
        "needs 21 points, 18 spendable",
    )


def test_a_status_or_a_role_in_a_refusal_is_in_words_in_chinese():
    decided = Refused("already_decided", "the proposal was already {status}", status="rejected")
    role = Refused(
        "not_found", "{username} does not hold the role {role} here", username="wang", role="counter"
    )
    assert both(lambda: catalog.refusal(decided)) == (
        "这条申报已经驳回了",
        "the proposal was already rejected",
    )
    assert both(lambda: catalog.refusal(role))[0] == "wang 在本村没有「超市管理员」角色"


def test_a_template_the_catalog_lacks_falls_back_to_its_codes_words():
    refusal = Refused("not_found", "a message nobody catalogued")
    assert both(lambda: catalog.refusal(refusal)) == catalog.CODES["not_found"]
