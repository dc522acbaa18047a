"""Forward-only numbered migrations from schema/, each in its own transaction.

Each applied file is recorded with its SHA-256; an applied file that has since been
edited is refused, because the database no longer matches what its history says.
An advisory lock keeps two deploys from migrating at once.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import asyncpg

MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")
# Any constant of our own: the lock only has to be the same in every migrating process.
MIGRATION_LOCK_KEY = 0x1ED6E5


class MigrationError(Exception):
    """The schema folder and the database disagree; nothing was applied."""


@dataclass(frozen=True, slots=True)
class Migration:
    version: int
    name: str
    sql: str

    @property
    def checksum(self) -> str:
        return hashlib.sha256(self.sql.encode()).hexdigest()


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


async def migrate(connection: asyncpg.Connection, migrations: list[Migration] | None = None) -> list[str]:
    """Apply what is missing; return the names applied (empty when up to date)."""
    migrations = migrations if migrations is not None else load_migrations()
    await connection.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
    try:
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
        done = []
        for migration in migrations:
            if migration.version in applied:
                continue
            async with connection.transaction():
                await connection.execute(migration.sql)
                await connection.execute(
                    "INSERT INTO schema_migrations (version, name, checksum) VALUES ($1, $2, $3)",
                    migration.version,
                    migration.name,
                    migration.checksum,
                )
            done.append(migration.name)
        return done
    finally:
        await connection.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK_KEY)
