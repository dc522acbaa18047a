"""The distribution step: on a Citus coordinator, after the migrations, place every table
and function of the schema across the cluster by community; on plain PostgreSQL it never runs.

A step in Python rather than a SQL file of schema/citus/: what it has to do depends on
what the cluster already holds (a table distributed by an earlier run is left alone, a
table added by a later migration is placed), and Citus's placing functions cannot be
undone by running them again, so each is called only for what is missing — which makes
the step idempotent: a second run finds everything placed and changes nothing.

Where each table goes, and why:
- Distributed by community_id, colocated with `events` (each community's rows on one
  worker, so a command's statements and a delegated function run on that worker alone):
  every table of a community's record and its projections (DISTRIBUTED_TABLES).
- Reference tables (a copy on every node, so a delegated function and a join read them
  there; a write is a two-phase commit on every node, so only small, rarely written
  tables): counties, townships, communities — one row per village and read by every
  command (time zone, policy), by the global look-ups (by name, by township) and by the
  overviews; a reference table also keeps its UNIQUE (township_id, name), which a
  distributed table refuses —, users (staff serve several communities), staff_roles
  (a user's roles in every community are read at every request with the session, by user
  and not by community: distributed, that read would ask every shard; a few rows a village,
  written only when a role is granted or withdrawn), oversight_grants (joined with townships and communities) and
  card_tokens (the community of each live card by its token's hash, read at every scan
  that arrives without its community, written only when a card is issued or revoked: every
  node answers the scan from its own copy; schema/0022_card_tokens.sql says why a table).
- Coordinator-local: sessions (written at every login and logout, read by every request,
  only by the serving processes on the coordinator; as a reference table each login would
  be a two-phase commit on every node) — a Citus local table, since it refers to users;
  page_notices (the same, with no foreign key: a plain table); and the runner's own
  schema_migrations and schema_functions, which only `ledger migrate` reads.

The order matters (what the exploratory attempt on Citus 13.2 found): a plain table that
refers to a table being made a reference table is silently made a Citus local table, and
turning that into a distributed one later drops the functions that use its row type.
So the foreign keys among the tables to place are dropped first, the tables placed, and
the foreign keys added back as they were.
"""

from __future__ import annotations

import asyncpg

from ledger.store.pool import APPLICATION_ROLE
from ledger.store.types import Connectable

# The table every distributed one is colocated with: the record itself.
COLOCATION_TABLE = "events"
DISTRIBUTION_COLUMN = "community_id"
DISTRIBUTED_TABLES = (
    COLOCATION_TABLE,
    "community_heads",
    "community_funds",
    "households",
    "household_balances",
    "household_members",
    "household_pins",
    "rules",
    "goods",
    "goods_stock",
    "reversals",
    "cards",
    "staff_household_links",
    "images",
    "proposals",
    "publicity",
    "objections",
    "settlements",
    "carry_overs",
    "carry_ins",
    "fund_openings",
    "community_groups",
    "household_places",
    "scorer_grids",
    "fund_resolutions",
    "community_month_activity",
    "household_month_activity",
    "household_month_points",
)
REFERENCE_TABLES = (
    "counties",
    "townships",
    "communities",
    "users",
    "staff_roles",
    "oversight_grants",
    "card_tokens",
)
# Added to Citus's metadata (a Citus local table) because it refers to a reference table.
COORDINATOR_METADATA_TABLES = ("sessions",)
COORDINATOR_PLAIN_TABLES = ("page_notices", "schema_migrations", "schema_functions")

# The commands called from the server with the community first: delegated whole to the
# community's worker (one round trip, no distributed transaction) when called outside a
# transaction. Every other function of ours is made a distributed object without a
# distribution argument, so it exists on every worker for the delegated ones to call and
# a changed definition (schema/functions/) reaches every node.
DELEGATED_FUNCTIONS = (
    "ledger_append",
    "ledger_award",
    "ledger_carry_in",
    "ledger_claim",
    "ledger_confirm_due",
    "ledger_decide",
    "ledger_earned_in_year",
    "ledger_propose",
    "ledger_redeem_batch",
    "ledger_reverse",
    "ledger_settle",
)
DELEGATION_ARGUMENT = "p_community_id"

# Refused on a distributed table (a unique key must include the distribution column): the
# card token's hash, unique across communities on one PostgreSQL, is unique within its
# community on Citus — with the hash leading, so the card is still found by an index. (A
# random 192-bit token's hash does not repeat anyway, and card_tokens' primary key keeps a
# live card's hash unique across communities on Citus too.)
CITUS_REFUSED_CONSTRAINTS = {
    "cards": ("cards_token_hash_key", "cards_token_hash_per_community", "UNIQUE (token_hash, community_id)"),
}

# A Citus table's kind, from pg_dist_partition (partmethod, repmodel).
_PLACEMENT = {("h", "s"): "distributed", ("n", "t"): "reference", ("n", "s"): "coordinator"}

# Our tables, not the shards Citus keeps on the coordinator beside them (of the reference
# and local tables), nor an extension's own.
_OUR_TABLES = """
    SELECT c.oid, c.relname FROM pg_class c
    WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
      AND NOT pg_catalog.relation_is_a_known_shard(c.oid)
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_class'::regclass
                      AND d.objid = c.oid AND d.deptype = 'e')"""

_OUR_FUNCTIONS = """
    SELECT p.oid, p.proname, p.oid::regprocedure::text AS signature,
           o.objid IS NOT NULL AS distributed, o.distribution_argument_index IS NOT NULL AS delegated
    FROM pg_proc p
    LEFT JOIN pg_catalog.pg_dist_object o ON o.classid = 'pg_proc'::regclass AND o.objid = p.oid
    WHERE p.pronamespace = 'public'::regnamespace
      AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass
                      AND d.objid = p.oid AND d.deptype = 'e')
    ORDER BY p.proname, p.oid"""


class DistributionError(Exception):
    """The schema holds a table this module does not place: a migration added it, and
    where it goes on Citus must be decided here."""


def placement_of(table: str) -> str | None:
    """Where `table` goes on Citus: distributed, reference, coordinator (in Citus's
    metadata), plain (an ordinary table of the coordinator), or None when not decided."""
    if table in DISTRIBUTED_TABLES:
        return "distributed"
    if table in REFERENCE_TABLES:
        return "reference"
    if table in COORDINATOR_METADATA_TABLES:
        return "coordinator"
    if table in COORDINATOR_PLAIN_TABLES:
        return "plain"
    return None


async def is_citus(connection: Connectable) -> bool:
    """Whether this database is a Citus one: the extension is installed in it."""
    return bool(await connection.fetchval("SELECT EXISTS (SELECT FROM pg_extension WHERE extname = 'citus')"))


# Writes to reference tables come only from the coordinator (the server and the operator's
# tools connect there; no delegated function writes one), so the coordinator serialises
# them itself. Left on (Citus's default), every write to communities or users would also
# lock the tables they refer to on the first worker, one more round trip, and as the
# serving role, which would then need write rights on counties and townships. Off on every
# node, a worker refuses a write to a reference table outright.
WORKER_WRITES_SETTING = "citus.allow_modifications_from_workers_to_replicated_tables"


async def distribute(connection: asyncpg.Connection) -> list[str]:
    """Place what is not yet placed; the names of the parts that changed (empty: nothing to do)."""
    done = []
    if await _refuse_reference_writes_from_workers(connection):
        done.append("citus/settings")
    if await _let_serving_role_log_in(connection):
        done.append("citus/roles")
    async with connection.transaction():
        if await _place_tables(connection):
            done.append("citus/tables")
    async with connection.transaction():
        if await _distribute_functions(connection):
            done.append("citus/functions")
    return done


async def _refuse_reference_writes_from_workers(connection: asyncpg.Connection) -> bool:
    setting = f"{WORKER_WRITES_SETTING}=off"
    already = await connection.fetchval(
        """SELECT $1 = any(setconfig) FROM pg_db_role_setting
           WHERE setrole = 0 AND setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())""",
        setting,
    )
    if already:
        return False
    database = await connection.fetchval("SELECT quote_ident(current_database())")
    # ALTER DATABASE … SET reaches every node (Citus propagates it); it holds from each
    # node's next session on.
    await connection.execute(f"ALTER DATABASE {database} SET {WORKER_WRITES_SETTING} = off")
    return True


async def _let_serving_role_log_in(connection: asyncpg.Connection) -> bool:
    """The serving role logs in: Citus opens its connections to the workers as the session's
    current role, which for the serving pool is the one it SET ROLE to (ledger/store/pool.py).
    LOGIN is the only right it gains; how it proves who it is (a password in the coordinator's
    .pgpass, a certificate) is the operator's, in each node's pg_hba.conf (ops/deploy/citus/).
    Citus propagates ALTER ROLE to every worker, and to a worker added later."""
    if await connection.fetchval("SELECT rolcanlogin FROM pg_roles WHERE rolname = $1", APPLICATION_ROLE):
        return False
    await connection.execute(f"ALTER ROLE {APPLICATION_ROLE} LOGIN")
    return True


async def _placements(connection: asyncpg.Connection) -> dict[str, str]:
    """Each table of ours and where it is now (plain when Citus does not know it)."""
    citus = {
        row["name"]: _PLACEMENT.get((row["partmethod"], row["repmodel"]), "unknown")
        for row in await connection.fetch(
            "SELECT logicalrelid::regclass::text AS name, partmethod::text, repmodel::text FROM pg_dist_partition"
        )
    }
    return {row["relname"]: citus.get(row["relname"], "plain") for row in await connection.fetch(_OUR_TABLES)}


async def _place_tables(connection: asyncpg.Connection) -> bool:
    current = await _placements(connection)
    undecided = sorted(table for table in current if placement_of(table) is None)
    if undecided:
        raise DistributionError(
            f"tables with no place on Citus: {', '.join(undecided)} (decide in ledger/store/distribution.py)"
        )
    missing = [table for table, now in current.items() if placement_of(table) != now]
    if not missing:
        return False
    # Several tables placed in one transaction, with foreign keys between them: Citus must
    # use one connection per worker for all of it, or it refuses the later steps.
    await connection.execute("SET LOCAL citus.multi_shard_modify_mode TO 'sequential'")
    # The log's guard is a trigger; Citus places a table with triggers only when told to,
    # and then creates the trigger on every shard (the guard holds on each worker).
    await connection.execute("SET LOCAL citus.enable_unsafe_triggers TO on")
    foreign_keys = await _drop_foreign_keys(connection)
    await _replace_refused_constraints(connection, current)
    ordered = [
        t for t in (*REFERENCE_TABLES, *DISTRIBUTED_TABLES, *COORDINATOR_METADATA_TABLES) if t in missing
    ]
    for table in ordered:
        await _place(connection, table, current[table])
    for table, name, definition in foreign_keys:
        await connection.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{name}" {definition}')
    return True


async def _drop_foreign_keys(connection: asyncpg.Connection) -> list[tuple[str, str, str]]:
    """Drop every foreign key among our tables; return them (table, name, definition) to add back."""
    rows = await connection.fetch(
        f"""SELECT conrelid::regclass::text AS table_name, conname, pg_get_constraintdef(oid) AS definition
            FROM pg_constraint WHERE contype = 'f' AND conrelid IN (SELECT oid FROM ({_OUR_TABLES}) AS ours)
            ORDER BY conrelid::regclass::text, conname"""  # noqa: S608 fixed text
    )
    for row in rows:
        await connection.execute(f'ALTER TABLE "{row["table_name"]}" DROP CONSTRAINT "{row["conname"]}"')
    return [(row["table_name"], row["conname"], row["definition"]) for row in rows]


async def _replace_refused_constraints(connection: asyncpg.Connection, current: dict[str, str]) -> None:
    for table, (refused, replacement, definition) in CITUS_REFUSED_CONSTRAINTS.items():
        if current.get(table) == "plain":
            await connection.execute(f'ALTER TABLE "{table}" DROP CONSTRAINT IF EXISTS "{refused}"')
            await connection.execute(f'ALTER TABLE "{table}" ADD CONSTRAINT "{replacement}" {definition}')


async def _place(connection: asyncpg.Connection, table: str, now: str) -> None:
    # A Citus local table (made so by a foreign key to a reference table), or a table an
    # earlier version placed elsewhere, is taken out of Citus's metadata before it is placed
    # where it belongs — unless dropping its foreign keys just now took it out already
    # (Citus does that for a table it converted itself).
    if now != "plain" and await connection.fetchval(
        "SELECT EXISTS (SELECT FROM pg_dist_partition WHERE logicalrelid = $1::regclass)", table
    ):
        await connection.execute("SELECT undistribute_table($1::regclass)", table)
    match placement_of(table):
        case "reference":
            await connection.execute("SELECT create_reference_table($1::regclass)", table)
        case "distributed":
            colocate_with = "none" if table == COLOCATION_TABLE else COLOCATION_TABLE
            await connection.execute(
                "SELECT create_distributed_table($1::regclass, $2, colocate_with => $3)",
                table,
                DISTRIBUTION_COLUMN,
                colocate_with,
            )
        case "coordinator":
            await connection.execute("SELECT citus_add_local_table_to_metadata($1::regclass)", table)


async def _distribute_functions(connection: asyncpg.Connection) -> bool:
    changed = False
    for row in await connection.fetch(_OUR_FUNCTIONS):
        delegate = row["proname"] in DELEGATED_FUNCTIONS
        if row["distributed"] and row["delegated"] == delegate:
            continue
        if delegate:
            await connection.execute(
                "SELECT create_distributed_function($1::regprocedure, $2, colocate_with => $3)",
                row["signature"],
                DELEGATION_ARGUMENT,
                COLOCATION_TABLE,
            )
        else:
            await connection.execute("SELECT create_distributed_function($1::regprocedure)", row["signature"])
        changed = True
    return changed
