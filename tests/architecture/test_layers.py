"""The layer rules of issue 11, read from the source itself: which ledger module may import
which, and that no edge (the JSON API, the pages, the command line) opens a connection or a
transaction of its own. A scan of the syntax tree, so a rule broken anywhere in ledger/ fails
here with its file, line and rule, before any reviewer has to find it."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

import pytest

LEDGER = Path(__file__).resolve().parents[2] / "ledger"

EDGES = ("ledger.api", "ledger.web", "ledger.cli")
# What an edge may import from the store: the read layer, and the pool's outage errors and types.
STORE_FOR_EDGES = ("ledger.store.queries", "ledger.store.pool")
# Calls that open a connection or a transaction: a service's job, never an edge's.
CONNECTION_METHODS = ("acquire", "transaction")
CONNECTION_FUNCTIONS = ("connect_owner",)

# Per layer, the modules it must not import (a name and everything under it).
FORBIDDEN_IMPORTS: dict[str, tuple[str, ...]] = {
    "ledger.services": ("ledger.web", "ledger.api", "ledger.cli"),
    "ledger.api": ("ledger.web",),
    "ledger.store": ("ledger.services", "ledger.api", "ledger.web", "ledger.cli"),
    "ledger.domain": (
        "ledger.store",
        "ledger.services",
        "ledger.api",
        "ledger.web",
        "asyncpg",
        "litestar",
    ),
}


@dataclass(frozen=True)
class Violation:
    path: str
    line: int
    rule: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.rule}"


def within(module: str, package: str) -> bool:
    """Whether `module` is `package` or lies under it."""
    return module == package or module.startswith(package + ".")


def module_name(path: str) -> str:
    """ledger/api/routes/fund.py → ledger.api.routes.fund; a package's __init__ is the package."""
    parts = list(Path(path).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def is_type_checking(test: ast.expr) -> bool:
    """`if TYPE_CHECKING:` or `if typing.TYPE_CHECKING:`: imports only the type checker sees."""
    if isinstance(test, ast.Name):
        return test.id == "TYPE_CHECKING"
    return isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"


def runtime_nodes(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node of the tree except those under an `if TYPE_CHECKING:` block."""
    pending: list[ast.AST] = [tree]
    while pending:
        node = pending.pop()
        yield node
        if isinstance(node, ast.If) and is_type_checking(node.test):
            pending.extend(node.orelse)
            continue
        pending.extend(ast.iter_child_nodes(node))


def imported_modules(node: ast.AST, importer: str) -> list[str]:
    """The modules an import statement names: for `from a import b`, `a.b` (b may be a module),
    so `from ledger.store import accounts` counts as ledger.store.accounts."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if not isinstance(node, ast.ImportFrom):
        return []
    base = node.module or ""
    if node.level:
        package = importer.split(".")[: -node.level]
        base = ".".join([*package, base] if base else package)
    return [f"{base}.{alias.name}" for alias in node.names]


def statement(node: ast.AST) -> str:
    """The import as written, for the message: `from ledger.store import accounts`."""
    return ast.unparse(node) if isinstance(node, ast.Import | ast.ImportFrom) else ""


def connection_call(node: ast.AST) -> str | None:
    """The name of the call when it opens a connection or a transaction, else None."""
    if not isinstance(node, ast.Call):
        return None
    function = node.func
    if isinstance(function, ast.Attribute):
        if function.attr in CONNECTION_METHODS or function.attr in CONNECTION_FUNCTIONS:
            return function.attr
    if isinstance(function, ast.Name) and function.id in CONNECTION_FUNCTIONS:
        return function.id
    return None


def import_rule_broken(importer: str, imported: str) -> str | None:
    """The rule an import breaks, in words, or None when it is allowed."""
    if any(within(importer, edge) for edge in EDGES) and within(imported, "ledger.store"):
        if imported != "ledger.store" and not any(within(imported, allowed) for allowed in STORE_FOR_EDGES):
            return "an edge imports the store: edges read only through ledger.store.queries"
    for layer, forbidden in FORBIDDEN_IMPORTS.items():
        if within(importer, layer):
            for package in forbidden:
                if within(imported, package):
                    return f"{layer} must not depend on {package}"
    return None


def violations_in(path: str, source: str) -> list[Violation]:
    """Every broken layer rule in one module's source."""
    importer = module_name(path)
    edge = any(within(importer, package) for package in EDGES)
    found: list[Violation] = []
    for node in runtime_nodes(ast.parse(source, filename=path)):
        for imported in imported_modules(node, importer):
            rule = import_rule_broken(importer, imported)
            if rule is not None:
                found.append(Violation(path, getattr(node, "lineno", 0), f"{statement(node)}: {rule}"))
        call = connection_call(node) if edge else None
        if call is not None:
            rule = f"an edge calls {call}(): services own connections and transactions"
            found.append(Violation(path, getattr(node, "lineno", 0), rule))
    return sorted(set(found), key=lambda violation: (violation.line, violation.rule))


def violations(sources: Mapping[str, str]) -> list[Violation]:
    """Every broken rule across modules given as {path relative to the project: source}."""
    return [found for path in sorted(sources) for found in violations_in(path, sources[path])]


def ledger_sources() -> dict[str, str]:
    root = LEDGER.parent
    return {str(path.relative_to(root)): path.read_text() for path in sorted(LEDGER.rglob("*.py"))}


def test_ledger_follows_the_layer_rules() -> None:
    broken = violations(ledger_sources())
    if broken:
        pytest.fail("layer rules broken:\n" + "\n".join(map(str, broken)), pytrace=False)


# Made-up modules, one per kind of violation: the checker must name each of them.
DELIBERATE_VIOLATIONS = {
    "ledger/api/routes/writes_itself.py": "from ledger.store import accounts\n",
    "ledger/web/routes/imports_a_store_module.py": "import ledger.store.notices\n",
    "ledger/web/routes/store_submodule.py": "from ledger.store.publicity import objections\n",
    "ledger/api/routes/acquires.py": (
        "async def read(pool):\n    async with pool.acquire() as connection:\n        return connection\n"
    ),
    "ledger/web/routes/transacts.py": (
        "async def write(connection):\n    async with connection.transaction():\n        pass\n"
    ),
    "ledger/cli/owner.py": "from ledger.store.pool import connect_owner\nconnect_owner('postgresql://')\n",
    "ledger/services/renders_a_page.py": "from ledger.web.pages import page\n",
    "ledger/services/answers_http.py": "from ledger.api import problems\n",
    "ledger/services/calls_the_command_line.py": "import ledger.cli\n",
    "ledger/api/routes/shows_a_page.py": "from ledger.web import pages\n",
    "ledger/store/uses_a_case.py": "from ledger.services import households\n",
    "ledger/store/knows_the_api.py": "from ledger.api.problems import Problem\n",
    "ledger/domain/reads_sql.py": "import asyncpg\n",
    "ledger/domain/knows_http.py": "from litestar import get\n",
    "ledger/domain/stores.py": "from ledger.store import queries\n",
    "ledger/domain/serves.py": "from ledger.services.counter import sell\n",
    "ledger/domain/relative.py": "from ..web import pages\n",
}

CLEAN_MODULE = """
from typing import TYPE_CHECKING

from ledger.services import households
from ledger.store import pool, queries
from ledger.store.queries import households as household_reads

if TYPE_CHECKING:
    from ledger.store.types import Connectable


async def show(request, number):
    return await household_reads.household(context.pool(request), number)
"""


def test_the_checker_finds_each_kind_of_violation() -> None:
    found = violations(DELIBERATE_VIOLATIONS)
    assert {violation.path for violation in found} == set(DELIBERATE_VIOLATIONS)
    by_path = {violation.path: violation for violation in found}
    assert "from ledger.store import accounts" in by_path["ledger/api/routes/writes_itself.py"].rule
    assert "acquire()" in by_path["ledger/api/routes/acquires.py"].rule
    assert by_path["ledger/api/routes/acquires.py"].line == 2
    assert "transaction()" in by_path["ledger/web/routes/transacts.py"].rule
    assert "connect_owner()" in by_path["ledger/cli/owner.py"].rule
    assert "must not depend on ledger.web" in by_path["ledger/domain/relative.py"].rule


def test_a_clean_edge_passes() -> None:
    assert violations({"ledger/web/routes/clean.py": CLEAN_MODULE}) == []
    assert violations({"ledger/cli.py": CLEAN_MODULE}) == []
