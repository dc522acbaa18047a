"""The order in which a backup's rows can be loaded into a schema that already has its
foreign keys: every table after the tables it refers to. Restoring onto Citus loads the
data into the distributed schema `ledger migrate` made (ledger/services/backups.py says
why), and there the keys hold from the first row on."""

from __future__ import annotations

from ledger.store.types import Connectable

# Ours, not an extension's, and not a Citus shard (the coordinator holds the reference
# tables' shards beside their shell tables).
_TABLES = """
    SELECT c.relname FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                      AND d.objid = c.oid AND d.deptype = 'e')
      AND NOT pg_catalog.relation_is_a_known_shard(c.oid)"""

# The same on a plain PostgreSQL, which knows no shards.
_PLAIN_TABLES = _TABLES.replace("AND NOT pg_catalog.relation_is_a_known_shard(c.oid)", "")

_REFERENCES = """
    SELECT conrelid::regclass::text AS referring, confrelid::regclass::text AS referred
    FROM pg_constraint
    WHERE contype = 'f' AND connamespace = 'public'::regnamespace AND conrelid <> confrelid
      AND NOT pg_catalog.relation_is_a_known_shard(conrelid)"""


async def tables_in_load_order(db: Connectable) -> list[str]:
    """Every table of ours, each after those its foreign keys name (ties by name, so the
    order is the same on every run). Call only on Citus: relation_is_a_known_shard is Citus's."""
    tables = [row["relname"] for row in await db.fetch(_TABLES)]
    refers_to: dict[str, set[str]] = {table: set() for table in tables}
    for row in await db.fetch(_REFERENCES):
        refers_to[row["referring"]].add(row["referred"])
    ordered: list[str] = []
    while refers_to:
        ready = sorted(table for table, referred in refers_to.items() if referred <= set(ordered))
        # A cycle of foreign keys would leave no table ready: the schema has none, and a
        # migration adding one must also decide how such rows are loaded.
        assert ready, f"foreign keys form a cycle among {sorted(refers_to)}"
        ordered += ready
        for table in ready:
            del refers_to[table]
    return ordered


async def table_count(db: Connectable, *, citus: bool) -> int:
    """How many tables of ours the database holds: those a backup holds the rows of."""
    return len(await db.fetch(_TABLES if citus else _PLAIN_TABLES))
