"""Migrations: numbered files applied once each (an edited applied one is refused), and
the function files of schema/functions/ applied again whenever they change."""

from __future__ import annotations

import collections
import dataclasses
import re
import urllib.parse
import uuid
from collections.abc import AsyncIterator

import asyncpg
import pytest

from ledger.store import distribution
from ledger.store.migrations import (
    FunctionFile,
    Migration,
    MigrationError,
    load_function_files,
    load_migrations,
    migrate,
    schema_folder,
    split_statements,
)
from ledger.store.pool import connect_owner

pytestmark = pytest.mark.anyio

# The numbered migrations up to this one defined functions before schema/functions/ held
# them all; they stay as they were applied. None after it may.
LAST_MIGRATION_DEFINING_FUNCTIONS = 21
FUNCTION_DEFINED = re.compile(
    r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\s+(\w+)\s*\(", re.IGNORECASE
)

# Every function of ours in schema public (an extension's own functions are not ours), with
# what must not change when a file defines it again: its text, rights, owner and settings.
OUR_FUNCTIONS = """
    SELECT p.proname AS name, pg_get_function_identity_arguments(p.oid) AS arguments,
           pg_get_functiondef(p.oid) AS definition, p.proacl::text AS rights,
           pg_get_userbyid(p.proowner) AS owner, p.prosecdef AS security_definer,
           p.proconfig AS settings
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
    WHERE n.nspname = 'public'
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                      AND d.objid = p.oid AND d.deptype = 'e')
    ORDER BY 1, 2"""


def _names_defined(sql: str) -> list[str]:
    return FUNCTION_DEFINED.findall(sql)


async def _our_functions(connection: asyncpg.Connection) -> dict[tuple[str, str], tuple]:
    return {
        (row["name"], row["arguments"]): tuple(row.values())[2:]
        for row in await connection.fetch(OUR_FUNCTIONS)
    }


def _function_file_names() -> list[str]:
    return [file.applied_name for file in load_function_files()]


@pytest.fixture
async def blank_database(database_url: str) -> AsyncIterator[str]:
    """A database of its own, beside the suite's, made empty here and dropped afterwards."""
    name = f"ledger_migrations_{uuid.uuid4().hex[:8]}"
    owner = await connect_owner(database_url)
    try:
        await owner.execute(f'CREATE DATABASE "{name}"')
    finally:
        await owner.close()
    yield urllib.parse.urlsplit(database_url)._replace(path=f"/{name}").geturl()
    owner = await connect_owner(database_url)
    try:
        await owner.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
    finally:
        await owner.close()


def test_migration_files_are_numbered_without_gaps():
    migrations = load_migrations()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    assert all(path.name[:4].isdigit() for path in schema_folder().glob("*.sql"))


def test_no_numbered_migration_after_0021_defines_a_function():
    later = [m for m in load_migrations() if m.version > LAST_MIGRATION_DEFINING_FUNCTIONS]
    assert {m.name: _names_defined(m.sql) for m in later if _names_defined(m.sql)} == {}


def test_the_rule_finds_a_function_a_numbered_migration_would_define():
    assert _names_defined("create or replace function ledger_x(p uuid) returns int") == ["ledger_x"]
    assert _names_defined("CREATE FUNCTION ledger_y() RETURNS trigger") == ["ledger_y"]


def test_each_function_is_defined_in_one_file_only():
    defined_in = collections.defaultdict(list)
    for file in load_function_files():
        for name in _names_defined(file.sql):
            defined_in[name].append(file.name)
    assert defined_in, "schema/functions/ defines no function"
    assert {name: files for name, files in defined_in.items() if len(files) > 1} == {}


def test_function_files_say_create_or_replace():
    for file in load_function_files():
        plain = re.findall(r"\bCREATE\s+FUNCTION\b", file.sql, re.IGNORECASE)
        assert plain == [], f"{file.name}: a repeatable file must say CREATE OR REPLACE FUNCTION"


async def test_the_database_has_exactly_the_functions_of_the_files(owner):
    in_files = sorted(name for file in load_function_files() for name in _names_defined(file.sql))
    in_database = sorted(name for name, _ in await _our_functions(owner))
    # Equal lists also mean no name has two signatures (a file's changed signature would
    # have created a second function beside the first).
    assert in_database == in_files


async def test_a_second_run_applies_nothing(owner):
    assert await migrate(owner) == []


async def test_an_edited_applied_migration_is_refused(owner):
    migrations = load_migrations()
    edited = [dataclasses.replace(migrations[0], sql=migrations[0].sql + "\n-- edited\n"), *migrations[1:]]
    with pytest.raises(MigrationError, match="edited after it was applied"):
        await migrate(owner, edited)


async def test_a_changed_function_file_is_applied_again_and_only_it(owner):
    files = load_function_files()
    changed = dataclasses.replace(files[0], sql=files[0].sql + "\n-- changed\n")
    recorded_before = dict(await owner.fetch("SELECT name, applied_at FROM schema_functions"))
    assert await migrate(owner, function_files=[changed, *files[1:]]) == [changed.applied_name]
    recorded_after = dict(await owner.fetch("SELECT name, applied_at FROM schema_functions"))
    assert recorded_after[changed.name] > recorded_before[changed.name]
    assert {name: at for name, at in recorded_after.items() if name != changed.name} == {
        name: at for name, at in recorded_before.items() if name != changed.name
    }
    # Back as the file has it: applied again, because its checksum changed again.
    assert await migrate(owner) == [changed.applied_name]
    assert await migrate(owner) == []


async def test_a_failing_function_file_changes_nothing_and_names_itself(owner):
    broken = FunctionFile(
        "broken.sql",
        "CREATE OR REPLACE FUNCTION ledger_half_applied() RETURNS integer LANGUAGE sql AS $$ SELECT 1 $$;\n"
        "CREATE OR REPLACE FUNCTION ledger_half_applied(p integer) RETURNS integer AS $$ SELECT p $$;\n",
    )
    with pytest.raises(MigrationError, match="functions/broken.sql"):
        await migrate(owner, function_files=[*load_function_files(), broken])
    assert await owner.fetchval("SELECT count(*) FROM pg_proc WHERE proname = 'ledger_half_applied'") == 0
    assert await owner.fetchval("SELECT count(*) FROM schema_functions WHERE name = 'broken.sql'") == 0
    assert await migrate(owner) == []


async def test_a_removed_function_file_is_forgotten_not_refused(owner):
    files = load_function_files()
    extra = FunctionFile("extra.sql", "SELECT 1;\n")
    assert await migrate(owner, function_files=[*files, extra]) == [extra.applied_name]
    assert await migrate(owner) == []
    assert await owner.fetchval("SELECT count(*) FROM schema_functions WHERE name = 'extra.sql'") == 0


# What the function files changed since the move from the numbered migrations, by name:
# the rest is as the numbered migrations made it.
REPLACED_SINCE_THE_MOVE = {
    # proposals.sql: a proposal and a decision each one call that checks every rule itself
    # (on Citus one delegated call) instead of the caller's transaction around these two.
    "ledger_propose_batch",
    "ledger_decide_batch",
}
ADDED_SINCE_THE_MOVE = {
    "ledger_propose",
    "ledger_decide",
    "ledger_occurred_on_refusal",
    "ledger_proposal_refusal",
    "ledger_decision_refusal",
    # activity.sql: the monthly activity the township's charts read (schema/0025).
    "ledger_count_activity",
    # claims.sql: a resident's own claim, one call (schema/0026).
    "ledger_claim",
    "ledger_grid_names",
    # record.sql, awards.sql: a batch's events chained and checked against the yearly cap
    # set-based (issue 14).
    "ledger_event",
    "ledger_chain_all",
    "ledger_earned_in_years",
    # redemptions.sql: the group commit across communities, and the sale by card in one command
    # of it; a batch's activity counted once at its end, so its events are chained uncounted.
    "ledger_redeem_batches",
    "ledger_redeem_by_card_after",
    "ledger_count_activity_since",
    "ledger_chain_uncounted",
}
# Redefined in a function file since the move (same name and arguments, a new body).
CHANGED_SINCE_THE_MOVE = {
    # record.sql: every event also counts in its month's activity (ledger_count_activity).
    "ledger_chain",
    # awards.sql: one household's year asked of the set-based ledger_earned_in_years.
    "ledger_earned_in_year",
    # redemptions.sql: a replay answers even while the window is closed; cards in the batch.
    "ledger_redeem_batch",
    "ledger_redeem_after",
}


async def test_the_function_files_change_nothing_the_numbered_migrations_made_but_what_they_replaced(
    blank_database,
):
    """The move into schema/functions/ changed no function: applied over a database the
    numbered migrations alone made, every definition, right and owner stays as it was, but
    for the functions replaced in a function file since (named above)."""
    owner = await connect_owner(blank_database)
    try:
        assert await migrate(owner, function_files=[]) == [m.name for m in load_migrations()]
        numbered_only = await _our_functions(owner)
        assert await migrate(owner) == _function_file_names()
        now = await _our_functions(owner)
    finally:
        await owner.close()
    assert {name for name, _ in numbered_only} - {name for name, _ in now} == REPLACED_SINCE_THE_MOVE
    assert {name for name, _ in now} - {name for name, _ in numbered_only} == ADDED_SINCE_THE_MOVE
    kept = {
        key: value
        for key, value in now.items()
        if key[0] not in ADDED_SINCE_THE_MOVE and key[0] not in CHANGED_SINCE_THE_MOVE
    }
    assert kept == {
        key: value
        for key, value in numbered_only.items()
        if key[0] not in REPLACED_SINCE_THE_MOVE and key[0] not in CHANGED_SINCE_THE_MOVE
    }
    assert CHANGED_SINCE_THE_MOVE <= {name for name, _ in now}


async def test_a_fresh_database_gets_every_file_after_the_numbered_ones(blank_database):
    owner = await connect_owner(blank_database)
    try:
        applied = await migrate(owner)
    finally:
        await owner.close()
    assert applied == [m.name for m in load_migrations()] + _function_file_names()


async def test_a_badly_named_file_is_refused(tmp_path):
    (tmp_path / "1_first.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match="0001_words.sql"):
        load_migrations(tmp_path)


async def test_a_badly_named_function_file_is_refused(tmp_path):
    (tmp_path / "R__Awards.sql").write_text("SELECT 1;")
    with pytest.raises(MigrationError, match="subject.sql"):
        load_function_files(tmp_path)


def _every_file() -> list[Migration | FunctionFile]:
    return [*load_migrations(), *load_function_files()]


@pytest.mark.parametrize("file", _every_file(), ids=lambda file: file.name)
def test_a_file_split_into_statements_and_joined_again_splits_the_same(file):
    statements = split_statements(file.sql)
    assert statements
    assert split_statements(";\n".join(statements)) == statements


@pytest.mark.parametrize("file", _every_file(), ids=lambda file: file.name)
def test_each_function_a_file_defines_is_a_statement_of_its_own(file):
    opening = re.compile(
        r"^(?:--[^\n]*\n|\s)*CREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|PROCEDURE)\b", re.IGNORECASE
    )
    defining = [statement for statement in split_statements(file.sql) if opening.match(statement)]
    assert len(defining) == len(_names_defined(file.sql))


def test_no_file_uses_a_body_the_splitter_does_not_read_whole():
    # A SQL-standard body (BEGIN ATOMIC … END) holds semicolons outside any quote.
    assert [f.name for f in _every_file() if re.search(r"\bBEGIN\s+ATOMIC\b", f.sql, re.IGNORECASE)] == []


@pytest.mark.parametrize(
    ("sql", "statements"),
    [
        ("SELECT 1; SELECT 2;", ["SELECT 1", "SELECT 2"]),
        ("SELECT 'a;b', 'it''s; here'", ["SELECT 'a;b', 'it''s; here'"]),
        ("SELECT E'a\\';b'; SELECT 2", ["SELECT E'a\\';b'", "SELECT 2"]),
        # Without the E, a backslash is an ordinary character (standard_conforming_strings).
        ("SELECT 'a\\'; SELECT 2", ["SELECT 'a\\'", "SELECT 2"]),
        ('SELECT 1 AS "odd;name""s"; SELECT 2', ['SELECT 1 AS "odd;name""s"', "SELECT 2"]),
        ("DO $$ BEGIN PERFORM 1; END $$; SELECT 2", ["DO $$ BEGIN PERFORM 1; END $$", "SELECT 2"]),
        (
            "CREATE FUNCTION f() RETURNS text AS $body$ SELECT $$;$$ || ';' $body$ LANGUAGE sql; SELECT 2",
            [
                "CREATE FUNCTION f() RETURNS text AS $body$ SELECT $$;$$ || ';' $body$ LANGUAGE sql",
                "SELECT 2",
            ],
        ),
        # $1 is a parameter, not the opening of a dollar quote; a$b$ is one identifier.
        (
            "PREPARE p AS SELECT $1; SELECT a$b$ FROM t; SELECT 3",
            ["PREPARE p AS SELECT $1", "SELECT a$b$ FROM t", "SELECT 3"],
        ),
        (
            "SELECT 1 -- a comment; not a statement\n; SELECT 2",
            ["SELECT 1 -- a comment; not a statement", "SELECT 2"],
        ),
        (
            "SELECT 1 /* outer /* inner; */ still; comment */; SELECT 2",
            ["SELECT 1 /* outer /* inner; */ still; comment */", "SELECT 2"],
        ),
        # Comments before a statement stay with it; parts of only comments and blanks are none.
        ("-- why\nSELECT 1;\n;\n-- the end; nothing more\n", ["-- why\nSELECT 1"]),
        ("/* only a comment; */", []),
        ("SELECT 1", ["SELECT 1"]),
    ],
)
def test_the_splitter_reads_quotes_bodies_and_comments(sql, statements):
    assert split_statements(sql) == statements


@pytest.mark.parametrize(
    "sql", ["SELECT 'open", 'SELECT "open', "DO $x$ BEGIN END $y$", "SELECT 1 /* open /* */"]
)
def test_the_splitter_refuses_what_never_ends(sql):
    with pytest.raises(MigrationError, match="unterminated"):
        split_statements(sql)


async def test_a_failing_statement_names_its_migration_and_changes_nothing(blank_database):
    broken = Migration(
        1, "0001_broken.sql", "CREATE TABLE half_made (a int);\nSELECT no_such_column FROM half_made;\n"
    )
    owner = await connect_owner(blank_database)
    try:
        with pytest.raises(
            MigrationError, match=r"0001_broken.sql failed.*statement 2 \(SELECT no_such_column"
        ):
            await migrate(owner, [broken], [])
        assert await owner.fetchval("SELECT to_regclass('half_made')") is None
        assert await owner.fetchval("SELECT count(*) FROM schema_migrations") == 0
    finally:
        await owner.close()


async def test_on_plain_postgresql_migrate_has_no_distribution_step(blank_database):
    """A database without the citus extension (a blank one is, even on a Citus server)
    gets the files and nothing else: no step of ledger/store/distribution.py runs."""
    owner = await connect_owner(blank_database)
    try:
        assert not await distribution.is_citus(owner)
        applied = await migrate(owner)
        assert [name for name in applied if name.startswith("citus/")] == []
        assert await owner.fetchval("SELECT count(*) FROM pg_extension WHERE extname = 'citus'") == 0
        # The card token's hash stays unique across communities, as on every plain server.
        assert (
            await owner.fetchval(
                "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'cards_token_hash_key'"
            )
            == "UNIQUE (token_hash)"
        )
    finally:
        await owner.close()
