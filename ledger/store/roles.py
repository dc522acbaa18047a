"""The serving role, ledger_app, lives in the server rather than in any one database: a dump
carries the grants to it but not the role, so a restore into a fresh server needs it made
first, by the same statements that made it for the first migration."""

from __future__ import annotations

import re

from ledger.store.migrations import MigrationError, schema_folder
from ledger.store.pool import APPLICATION_ROLE
from ledger.store.types import Connection

# Applied migrations are never edited, so the role's creation is read from 0001 itself
# rather than copied here, where the two could drift apart.
FIRST_MIGRATION = "0001_record.sql"
_ROLE_CREATION = re.compile(
    rf"^DO \$\$\n.*?CREATE ROLE {APPLICATION_ROLE} .*?^GRANT {APPLICATION_ROLE} TO CURRENT_USER;$",
    re.MULTILINE | re.DOTALL,
)


def role_creation() -> str:
    """0001's statements that create the serving role (if missing) and make the connecting
    role a member of it."""
    sql = (schema_folder() / FIRST_MIGRATION).read_text(encoding="utf-8")
    found = _ROLE_CREATION.search(sql)
    if found is None:
        raise MigrationError(f"{FIRST_MIGRATION} no longer creates the role {APPLICATION_ROLE}")
    return found.group(0)


async def make_serving_role_ready(connection: Connection) -> None:
    await connection.execute(role_creation())
