"""Which roles may do what is stated once, in ledger/domain/roles.py: a scan of the code
finds any other set of role names (a literal set, or a role name compared with `in`/`==`)."""

from __future__ import annotations

import ast
from pathlib import Path
from typing import get_args

from ledger.domain import roles
from ledger.domain.roles import Role

ROOT = Path(__file__).resolve().parents[2]
ROLE_NAMES = frozenset(role.value for role in Role)
# Examples of wire answers (a staff member's roles as the API shows them) are data, not rights.
EXAMPLES = ("ledger/api/examples.py", "ledger/api/schemas/")


def role_sets(source: str) -> list[int]:
    """Lines that name roles as a set of their own: a set display or frozenset/set call with a
    role name in it, a tuple or list of two or more role names, or a role name tested with
    `in`, `not in` or `==`."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Set | ast.Tuple | ast.List):
            names = [
                item.value
                for item in node.elts
                if isinstance(item, ast.Constant) and item.value in ROLE_NAMES
            ]
            if names and (isinstance(node, ast.Set) or len(names) >= 2):
                found.append(node.lineno)
        elif isinstance(node, ast.Compare) and isinstance(
            node.ops[0], ast.In | ast.NotIn | ast.Eq | ast.NotEq
        ):
            sides = [node.left, *node.comparators]
            if any(isinstance(side, ast.Constant) and side.value in ROLE_NAMES for side in sides):
                found.append(node.lineno)
    return sorted(set(found))


def test_the_scan_finds_a_role_set_and_passes_the_table() -> None:
    assert role_sets('ALLOWED = frozenset({"committee"})\n') == [1]
    assert role_sets('if "supervisor" not in roles:\n    pass\n') == [1]
    assert role_sets('CHOICES = ["counter", "scorer"]\n') == [1]
    assert role_sets('tags = ["counter"]\nALLOWED = roles.REDEEM\n') == []


def test_no_role_set_outside_the_table() -> None:
    elsewhere = [
        f"{path.relative_to(ROOT)}:{line}"
        for path in sorted((ROOT / "ledger").rglob("*.py"))
        if path != ROOT / "ledger/domain/roles.py" and not str(path.relative_to(ROOT)).startswith(EXAMPLES)
        for line in role_sets(path.read_text(encoding="utf-8"))
    ]
    assert not elsewhere, "role sets outside ledger/domain/roles.py:\n" + "\n".join(elsewhere)


def test_oversight_reads_and_never_writes() -> None:
    writes = {
        name: value
        for name, value in vars(roles).items()
        if isinstance(value, frozenset) and not name.startswith("READ_")
    }
    assert writes and all(Role.OVERSIGHT not in allowed for allowed in writes.values())


def test_every_ability_names_at_least_one_role_of_the_community_or_oversight() -> None:
    abilities = [value for value in vars(roles).values() if isinstance(value, frozenset)]
    assert abilities and all(allowed and allowed <= ROLE_NAMES for allowed in abilities)


def test_the_community_role_type_names_the_community_roles() -> None:
    assert get_args(roles.CommunityRole) == tuple(str(role) for role in roles.COMMUNITY_ROLES)
