"""Migrations: numbered, applied once each, and an edited applied migration is refused."""

from __future__ import annotations

import dataclasses

import pytest

from ledger.store.migrations import MigrationError, load_migrations, migrate, schema_folder

pytestmark = pytest.mark.anyio


def test_migration_files_are_numbered_without_gaps():
    migrations = load_migrations()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    assert all(path.name[:4].isdigit() for path in schema_folder().glob("*.sql"))


async def test_a_second_run_applies_nothing(owner):
    assert await migrate(owner) == []


async def test_an_edited_applied_migration_is_refused(owner):
    migrations = load_migrations()
    edited = [dataclasses.replace(migrations[0], sql=migrations[0].sql + "\n-- edited\n"), *migrations[1:]]
    with pytest.raises(MigrationError, match="edited after it was applied"):
        await migrate(owner, edited)


async def test_a_badly_named_file_is_refused(tmp_path):
    (tmp_path / "1_first.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match="0001_words.sql"):
        load_migrations(tmp_path)
