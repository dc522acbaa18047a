"""Small modules with one job each, and functions a reader can hold in mind: no function
over 70 lines and no module over 400 lines in ledger/ and ops/ (issue 11). A function's
length counts from its `def` (decorators included) to its last line; a module's, every line."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
FOLDERS = ("ledger", "ops")
FUNCTION_LINES_MAX = 70
MODULE_LINES_MAX = 400


def python_files() -> list[Path]:
    return sorted(path for folder in FOLDERS for path in (ROOT / folder).rglob("*.py"))


def long_functions(source: str) -> list[tuple[str, int, int]]:
    """(name, first line, length) of each function longer than the limit, nested ones too."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            first = min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])
            length = (node.end_lineno or node.lineno) - first + 1
            if length > FUNCTION_LINES_MAX:
                found.append((node.name, first, length))
    return found


def test_the_checker_sees_a_long_function_and_passes_a_short_one() -> None:
    long_body = "\n".join(f"    x{i} = {i}" for i in range(FUNCTION_LINES_MAX))
    assert long_functions(f"def long():\n{long_body}\n") == [("long", 1, FUNCTION_LINES_MAX + 1)]
    assert long_functions("@decorated\ndef short():\n    return 1\n") == []


def test_no_function_is_over_70_lines() -> None:
    too_long = [
        f"{path.relative_to(ROOT)}:{line} {name} is {length} lines"
        for path in python_files()
        for name, line, length in long_functions(path.read_text(encoding="utf-8"))
    ]
    assert not too_long, "\n".join(too_long)


def test_no_module_is_over_400_lines() -> None:
    too_long = [
        f"{path.relative_to(ROOT)} is {count} lines"
        for path in python_files()
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MODULE_LINES_MAX
    ]
    assert not too_long, "\n".join(too_long)
