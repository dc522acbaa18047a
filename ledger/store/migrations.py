"""Migrations from schema/: forward-only numbered files, then the repeatable function files.

Each numbered file is applied once, in its own transaction, and recorded with its SHA-256;
an applied file that has since been edited is refused, because the database no longer
matches what its history says. Numbered files hold tables, constraints, triggers and data
changes; the current definition of every SQL function lives in one file of
schema/functions/ (by subject), applied again whenever its SHA-256 differs from the one
recorded in schema_functions — like Flyway's repeatable migrations — so a change to a
function is a one-file diff instead of a whole copy in a new numbered file.
An advisory lock keeps two deploys from migrating at once.

A file's statements are sent one at a time inside the file's transaction: Citus refuses
some DDL when several commands arrive in one query string ("cannot insert multiple
commands into a prepared statement"), and one at a time also names the statement that
failed. On a Citus coordinator the distribution step (ledger/store/distribution.py) runs
after the files.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from ledger.store import distribution

MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
FUNCTION_FILE_NAME = re.compile(r"^[a-z][a-z0-9_]*\.sql$")
FUNCTIONS_FOLDER = "functions"
# Any constant of our own: the lock only has to be the same in every migrating process.
MIGRATION_LOCK_KEY = 0x1ED6E5


class MigrationError(Exception):
    """The schema folder and the database disagree, or a file failed; that file changed nothing."""


# What may open a dollar quote: $$ or $tag$ where the tag is an identifier; $1 is a parameter.
_DOLLAR_TAG = re.compile(r"\$(?:[A-Za-z_\u0080-\U0010ffff][A-Za-z0-9_\u0080-\U0010ffff]*)?\$")
_IDENTIFIER_CHARACTER = re.compile(r"[A-Za-z0-9_$\u0080-\U0010ffff]")


def split_statements(sql: str) -> list[str]:
    """The statements of a file, in order, each without its closing semicolon: a semicolon
    ends a statement only outside quoted strings ('…', E'…'), quoted identifiers ("…"),
    dollar-quoted bodies ($$…$$, $tag$…$tag$) and comments (-- …, nested /* … */), as psql
    reads it. Comments stay with the statement they precede; a part holding only comments
    and blanks is no statement. (SQL-standard bodies, BEGIN ATOMIC … END, are not read as
    one statement: no file uses them, and a test says so.)"""
    statements: list[str] = []
    start = 0
    position = 0
    meaningful = False  # whether the current part holds anything but comments and blanks
    length = len(sql)
    while position < length:
        character = sql[position]
        if sql.startswith("--", position):
            end = sql.find("\n", position)
            position = length if end < 0 else end + 1
        elif sql.startswith("/*", position):
            position = _block_comment_end(sql, position)
        elif character == ";":
            if meaningful:
                statements.append(sql[start:position].strip())
            start, position, meaningful = position + 1, position + 1, False
        elif character.isspace():
            position += 1
        else:
            position = _token_end(sql, position)
            meaningful = True
    if meaningful:
        statements.append(sql[start:].strip())
    return statements


def _token_end(sql: str, position: int) -> int:
    """Where the quoted string, identifier or dollar-quoted body at `position` ends (or just
    after its first character when it is none of those)."""
    character = sql[position]
    preceded_by_word = position > 0 and _IDENTIFIER_CHARACTER.match(sql[position - 1]) is not None
    if character == "'":
        backslash_escapes = (
            position > 0
            and sql[position - 1] in "eE"
            and (position < 2 or _IDENTIFIER_CHARACTER.match(sql[position - 2]) is None)
        )
        return _quoted_end(sql, position, "'", backslash_escapes)
    if character == '"':
        return _quoted_end(sql, position, '"', backslash_escapes=False)
    if character == "$" and not preceded_by_word:
        tag = _DOLLAR_TAG.match(sql, position)
        if tag is not None:
            end = sql.find(tag.group(), tag.end())
            if end < 0:
                raise MigrationError(f"unterminated dollar quote {tag.group()} at character {position}")
            return end + len(tag.group())
    return position + 1


def _quoted_end(sql: str, position: int, quote: str, backslash_escapes: bool) -> int:
    """Just after the closing quote; a doubled quote (and in E'…' a backslash) escapes."""
    index = position + 1
    while index < len(sql):
        if backslash_escapes and sql[index] == "\\":
            index += 2
        elif sql[index] == quote:
            if sql.startswith(quote, index + 1):
                index += 2
            else:
                return index + 1
        else:
            index += 1
    raise MigrationError(f"unterminated {quote} quote at character {position}")


def _block_comment_end(sql: str, position: int) -> int:
    """Just after the comment opened at `position`; PostgreSQL's block comments nest."""
    depth = 0
    index = position
    while index < len(sql):
        if sql.startswith("/*", index):
            depth += 1
            index += 2
        elif sql.startswith("*/", index):
            depth -= 1
            index += 2
            if depth == 0:
                return index
        else:
            index += 1
    raise MigrationError(f"unterminated /* comment at character {position}")


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class FunctionFile:
    """One file of schema/functions/: the current definitions of one subject's functions."""

    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()

    @property
    def applied_name(self) -> str:
        """Its name among those migrate returns, beside the numbered files' names."""
        return f"{FUNCTIONS_FOLDER}/{self.name}"


def schema_folder() -> Path:
    """schema/ beside the package in a checkout; the copy inside the package when installed."""
    for candidate in (
        Path(__file__).resolve().parents[2] / "schema",
        Path(__file__).resolve().parents[1] / "schema",
    ):
        if candidate.is_dir():
            return candidate
    raise MigrationError("schema/ folder not found")


def load_migrations(folder: Path | None = None) -> list[Migration]:
    folder = folder or schema_folder()
    migrations = []
    for path in sorted(folder.glob("*.sql")):
        match = MIGRATION_NAME.match(path.name)
        if match is None:
            raise MigrationError(f"migration file name must look like 0001_words.sql: {path.name}")
        migrations.append(Migration(int(match.group(1)), path.name, path.read_text(encoding="utf-8")))
    versions = [migration.version for migration in migrations]
    if versions != list(range(1, len(versions) + 1)):
        raise MigrationError(f"migration numbers must run 1, 2, 3 … without gaps: {versions}")
    return migrations


def load_function_files(folder: Path | None = None) -> list[FunctionFile]:
    folder = folder or schema_folder() / FUNCTIONS_FOLDER
    files = []
    for path in sorted(folder.glob("*.sql")):
        if FUNCTION_FILE_NAME.match(path.name) is None:
            raise MigrationError(f"function file name must look like subject.sql: {path.name}")
        files.append(FunctionFile(path.name, path.read_text(encoding="utf-8")))
    return files


async def migrate(
    connection: asyncpg.Connection,
    migrations: list[Migration] | None = None,
    function_files: list[FunctionFile] | None = None,
) -> list[str]:
    """Apply the numbered files that are missing, then the function files that changed;
    return the names applied (empty when up to date)."""
    migrations = migrations if migrations is not None else load_migrations()
    function_files = function_files if function_files is not None else load_function_files()
    await connection.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
    try:
        applied = await _apply_numbered(connection, migrations)
        # After the numbered files: a function's body names tables and types they create.
        applied += await _apply_function_files(connection, function_files)
        # Last, on Citus only: it places the tables and functions the files made.
        if await distribution.is_citus(connection):
            applied += await distribution.distribute(connection)
        return applied
    finally:
        await connection.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK_KEY)


async def _apply_numbered(connection: asyncpg.Connection, migrations: list[Migration]) -> list[str]:
    await connection.execute(
        """CREATE TABLE IF NOT EXISTS schema_migrations (
               version integer PRIMARY KEY,
               name text NOT NULL,
               checksum text NOT NULL,
               applied_at timestamptz NOT NULL DEFAULT now())"""
    )
    applied = {
        row["version"]: row
        for row in await connection.fetch("SELECT version, name, checksum FROM schema_migrations")
    }
    _check_history(applied, migrations)
    done = []
    for migration in migrations:
        if migration.version in applied:
            continue
        try:
            async with connection.transaction():
                await execute_statements(connection, migration.sql)
                await connection.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    migration.version,
                    migration.name,
                    migration.checksum,
                )
        except MigrationError as error:
            raise MigrationError(
                f"migration {migration.name} failed, nothing of it applied: {error}"
            ) from error
        done.append(migration.name)
    return done


async def execute_statements(connection: asyncpg.Connection, sql: str) -> None:
    """Run a file's statements one by one on `connection`, inside the caller's transaction;
    a failure names the statement."""
    for number, statement in enumerate(split_statements(sql), start=1):
        try:
            await connection.execute(statement)
        except asyncpg.PostgresError as error:
            lines = [line.strip() for line in statement.splitlines() if not line.lstrip().startswith("--")]
            opening = next((line for line in lines if line), "")[:80]
            raise MigrationError(f"statement {number} ({opening}): {error}") from error


def _check_history(applied: dict[int, asyncpg.Record], migrations: list[Migration]) -> None:
    """Refuse to go on when the database's history is not a prefix of schema/'s."""
    for version, row in applied.items():
        known = next((m for m in migrations if m.version == version), None)
        if known is None:
            raise MigrationError(f"database has migration {row['name']} that schema/ does not")
        if known.checksum != row["checksum"]:
            raise MigrationError(
                f"migration {row['name']} was edited after it was applied "
                f"(recorded {row['checksum'][:12]}…, file {known.checksum[:12]}…); "
                "add a new migration instead"
            )


async def _apply_function_files(connection: asyncpg.Connection, files: list[FunctionFile]) -> list[str]:
    await connection.execute(
        """CREATE TABLE IF NOT EXISTS schema_functions (
               name text PRIMARY KEY,
               checksum text NOT NULL,
               applied_at timestamptz NOT NULL DEFAULT now())"""
    )
    recorded = {
        row["name"]: row["checksum"]
        for row in await connection.fetch("SELECT name, checksum FROM schema_functions")
    }
    # A removed file is not an error: its functions stay as they are, because dropping a
    # function is a schema change and belongs in a numbered migration (DROP FUNCTION), like
    # dropping a table. Its row is forgotten, so a file of that name added back later is
    # applied afresh even if its text is the same as before.
    removed = sorted(set(recorded) - {file.name for file in files})
    if removed:
        await connection.execute("DELETE FROM schema_functions WHERE name = any($1::text[])", removed)
    done = []
    for file in files:
        if recorded.get(file.name) == file.checksum:
            continue
        await _apply_function_file(connection, file)
        done.append(file.applied_name)
    return done


async def _apply_function_file(connection: asyncpg.Connection, file: FunctionFile) -> None:
    try:
        async with connection.transaction():
            # A body is checked when it runs, not when it is defined, so a file may name a
            # function of a file applied after it: the files do not depend on their order.
            await connection.execute("SET LOCAL check_function_bodies = off")
            await execute_statements(connection, file.sql)
            await connection.execute(
                """INSERT INTO schema_functions (name, checksum) VALUES ($1, $2)
                   ON CONFLICT (name) DO UPDATE SET checksum = excluded.checksum, applied_at = now()""",
                file.name,
                file.checksum,
            )
    except (asyncpg.PostgresError, MigrationError) as error:
        raise MigrationError(
            f"function file {file.applied_name} failed, nothing of it applied: {error}"
        ) from error
