"""card_tokens (schema/0022_card_tokens.sql): a scanned card's community, found by its
token's hash alone. It holds exactly the live cards, kept so by issue, rotation, revocation
and a household's closing, and filled from the cards of a database migrated before it.
On a Citus coordinator only: the look-up reads the coordinator's own copy of card_tokens,
then the card's one shard, never every shard."""

from __future__ import annotations

import asyncio
import uuid

import asyncpg
import pytest

from ledger.domain import commands
from ledger.services import cards, security
from ledger.services import households as household_service
from ledger.store import distribution
from ledger.store.migrations import load_migrations, migrate
from ledger.store.pool import connect_owner, create_pool
from ledger.store.queries import cards as card_reads
from tests.store.test_migrations import blank_database  # noqa: F401 the fixture, shared
from tests.support import add_household, new_village

pytestmark = pytest.mark.anyio

MIGRATION_ADDING_CARD_TOKENS = 22


async def _tokens(db: asyncpg.Connection, community_id: uuid.UUID) -> set[bytes]:
    rows = await db.fetch("SELECT token_hash FROM card_tokens WHERE community_id = $1", community_id)
    return {row["token_hash"] for row in rows}


async def _live_cards(db: asyncpg.Connection, community_id: uuid.UUID) -> set[bytes]:
    rows = await db.fetch(
        "SELECT token_hash FROM cards WHERE community_id = $1 AND revoked_at IS NULL", community_id
    )
    return {row["token_hash"] for row in rows}


async def test_card_tokens_hold_the_live_cards_through_issue_rotation_revocation_and_closing(pool, owner):
    village = await new_village(pool)
    kept, lost, closing = [await add_household(pool, village, number) for number in ("001", "002", "003")]
    first = await cards.issue_card(pool, village.community_id, None, kept)
    second = await cards.issue_card(pool, village.community_id, None, kept)  # the first stops working
    await cards.issue_card(pool, village.community_id, None, lost)
    await cards.issue_card(pool, village.community_id, None, closing)
    assert len(await _tokens(owner, village.community_id)) == 3
    assert await _tokens(owner, village.community_id) == await _live_cards(owner, village.community_id)
    assert await cards.revoke_cards(pool, village.community_id, None, lost) == 1
    await household_service.change_household(
        pool, village.community_id, None, closing, commands.ChangeHousehold(status="closed", reason="搬走")
    )
    assert await _tokens(owner, village.community_id) == {security.token_hash(second.token)}
    assert await _live_cards(owner, village.community_id) == {security.token_hash(second.token)}
    assert await cards.card_holder(pool, first.token) is None
    assert await cards.card_holder(pool, second.token) == (village.community_id, kept)


async def test_a_card_is_found_in_its_own_community_only(pool):
    home, elsewhere = await new_village(pool), await new_village(pool)
    household = await add_household(pool, home, "001")
    issued = await cards.issue_card(pool, home.community_id, None, household)
    assert await cards.household_of_card(pool, home.community_id, issued.token) == household
    assert await cards.household_of_card(pool, elsewhere.community_id, issued.token) is None


async def test_migrating_fills_card_tokens_from_the_live_cards(blank_database):  # noqa: F811 the fixture
    """A database migrated before card_tokens existed: its live cards are found afterwards,
    its revoked ones are not."""
    owner = await connect_owner(blank_database)
    pool = await create_pool(blank_database)
    try:
        before = [m for m in load_migrations() if m.version < MIGRATION_ADDING_CARD_TOKENS]
        await migrate(owner, before)
        village = await new_village(pool)
        live, revoked = [await add_household(pool, village, number) for number in ("001", "002")]
        live_hash, revoked_hash = security.token_hash("live-card-token"), security.token_hash("revoked-token")
        for household, token_hash, was_revoked in ((live, live_hash, False), (revoked, revoked_hash, True)):
            await owner.execute(
                """INSERT INTO cards (community_id, card_id, household_id, token_hash, revoked_at)
                   VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END)""",
                village.community_id,
                uuid.uuid4(),
                household,
                token_hash,
                was_revoked,
            )
        await migrate(owner)
        assert await _tokens(owner, village.community_id) == {live_hash}
        found = await card_reads.card_by_token_hash(pool, live_hash)
        assert found is not None
        assert found["household_id"] == live
        assert await card_reads.card_by_token_hash(pool, revoked_hash) is None
    finally:
        await pool.close()
        await owner.close()


# ---- On a Citus coordinator only ----------------------------------------------------------


@pytest.fixture
async def citus(owner) -> asyncpg.Connection:
    if not await distribution.is_citus(owner):
        pytest.skip("the test database is not a Citus coordinator: there is no fan-out to check")
    return owner


async def _commands_of(citus: asyncpg.Connection, token_hash: bytes) -> tuple[list[str], list[str]]:
    """The look-up by token's hash as Citus runs it: (statements run on the coordinator's own
    copies, statements sent to a worker)."""
    messages: list[str] = []

    def listen(_connection: object, message: asyncpg.PostgresLogMessage) -> None:
        messages.append(message.message)

    await citus.execute("SET citus.log_remote_commands TO on")
    await citus.execute("SET citus.log_local_commands TO on")
    await citus.execute("SET client_min_messages TO log")
    citus.add_log_listener(listen)
    try:
        await card_reads.card_by_token_hash(citus, token_hash)
        await asyncio.sleep(0.1)  # the notices are handed to the listener by the event loop
    finally:
        citus.remove_log_listener(listen)
        await citus.execute("RESET client_min_messages")
        await citus.execute("RESET citus.log_local_commands")
        await citus.execute("RESET citus.log_remote_commands")
    local = [m for m in messages if m.startswith("executing the command locally")]
    remote = [m for m in messages if m.startswith("issuing ") and "card" in m]
    return local, remote


async def test_a_scan_reads_card_tokens_here_and_the_card_s_one_shard(citus, pool):
    for _ in range(2):  # two communities, most likely on two workers: each finds its own
        village = await new_village(pool)
        household = await add_household(pool, village, "001")
        token_hash = security.token_hash(
            (await cards.issue_card(pool, village.community_id, None, household)).token
        )
        shard = await citus.fetchval(
            "SELECT get_shard_id_for_distribution_column('cards', $1::uuid)", village.community_id
        )
        local, remote = await _commands_of(citus, token_hash)
        assert len(local) == 1
        assert "card_tokens" in local[0]
        assert len(remote) == 1
        assert f"cards_{shard} " in remote[0]
        for statement, arguments in (
            ("SELECT community_id FROM card_tokens WHERE token_hash = $1", (token_hash,)),
            (
                """SELECT c.household_id FROM cards c JOIN communities m USING (community_id)
                   WHERE c.community_id = $1 AND c.token_hash = $2 AND c.revoked_at IS NULL""",
                (village.community_id, token_hash),
            ),
        ):
            plan = await citus.fetchval(f"EXPLAIN (FORMAT JSON) {statement}", *arguments)
            assert plan[0]["Plan"]["Distributed Query"]["Job"]["Task Count"] == 1


async def test_a_guessed_token_asks_no_worker(citus):
    local, remote = await _commands_of(citus, security.token_hash(security.new_token()))
    assert len(local) == 1
    assert remote == []
