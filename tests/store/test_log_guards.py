"""Invariants 4 and 5: the database refuses to rewrite the log, and any change made
behind its back (the trigger switched off by the owner: tests/tampering.py) is found at
the right seq."""

from __future__ import annotations

import datetime

import asyncpg
import pytest

from ledger.store import integrity
from ledger.store.queries import events as event_reads
from tests.support import add_goods, add_household, give_points, new_village, redeem
from tests.tampering import tamper

pytestmark = pytest.mark.anyio


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET spendable_delta = 1000 WHERE community_id = $1",
        "DELETE FROM events WHERE community_id = $1",
    ],
)
async def test_the_owner_cannot_update_or_delete_events(pool, owner, statement):
    village = await new_village(pool)
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
        await owner.execute(statement, village.community_id)


async def test_the_owner_cannot_truncate_events(owner):
    with pytest.raises(asyncpg.InsufficientPrivilegeError, match="append-only"):
        await owner.execute("TRUNCATE events CASCADE")


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE events SET spendable_delta = 1000 WHERE community_id = $1",
        "DELETE FROM events WHERE community_id = $1",
        "ALTER TABLE events DISABLE TRIGGER events_no_update_or_delete",
    ],
)
async def test_the_application_role_may_not_even_try(pool, statement):
    village = await new_village(pool)
    async with pool.acquire() as connection:
        arguments = (village.community_id,) if "$1" in statement else ()
        with pytest.raises(
            (asyncpg.InsufficientPrivilegeError, asyncpg.exceptions.InsufficientPrivilegeError)
        ):
            await connection.execute(statement, *arguments)


async def test_a_changed_column_is_found_at_its_seq(pool, owner):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    for _ in range(3):
        await give_points(pool, village, household, 10)
    target = await owner.fetchval(
        "SELECT min(seq) FROM events WHERE community_id = $1 AND kind = 'award.confirmed'",
        village.community_id,
    )
    await tamper(
        owner,
        "UPDATE events SET spendable_delta = 500 WHERE community_id = $1 AND seq = $2",
        village.community_id,
        target,
    )
    report = await integrity.verify(pool, village.community_id)
    assert report is not None
    assert report.ok is False
    assert report.first_bad_seq == target
    assert "spendable_delta" in (report.problem or "")


async def test_rewritten_bytes_and_hash_are_found_by_the_next_link(pool, owner):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    for _ in range(3):
        await give_points(pool, village, household, 10)
    target = await owner.fetchval(
        "SELECT min(seq) FROM events WHERE community_id = $1 AND kind = 'award.confirmed'",
        village.community_id,
    )
    # A careful forger recomputes this event's canonical bytes and hash; the next
    # event still points at the old hash.
    await tamper(
        owner,
        """UPDATE events e SET spendable_delta = 500,
               canonical = event_canonical((e.community_id, e.seq, e.kind, e.recorded_at, e.occurred_on, e.actor_id,
                   e.household_id, 500, e.pending_delta, e.honour_delta, e.money_delta_fen, e.body, e.idempotency_key,
                   e.request_digest, e.canonical, e.previous_hash, e.hash)::events)
           WHERE community_id = $1 AND seq = $2""",
        village.community_id,
        target,
    )
    await tamper(
        owner,
        "UPDATE events SET hash = sha256(previous_hash || canonical) WHERE community_id = $1 AND seq = $2",
        village.community_id,
        target,
    )
    report = await integrity.verify(pool, village.community_id)
    assert report is not None
    assert report.first_bad_seq == target + 1
    assert "previous_hash" in (report.problem or "")


async def test_a_deleted_event_is_found_as_a_gap(pool, owner):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    for _ in range(3):
        await give_points(pool, village, household, 10)
    head = await owner.fetchval(
        "SELECT head_seq FROM community_heads WHERE community_id = $1", village.community_id
    )
    await tamper(
        owner, "DELETE FROM events WHERE community_id = $1 AND seq = $2", village.community_id, head - 2
    )
    report = await integrity.verify(pool, village.community_id)
    assert report is not None
    assert report.first_bad_seq == head - 2


async def test_the_check_of_the_columns_writes_them_as_the_append_does(pool):
    # The walk asks the database which entry's columns differ from its bytes, with the
    # canonical form written out in the query; it must be the form the append writes, or
    # every entry of an untouched log would be named.
    village = await new_village(pool)
    household = await add_household(pool, village, "001", '王 "小" 明')
    await give_points(pool, village, household, 30)
    goods = await add_goods(pool, village, "SOAP", 5, 10)
    await redeem(pool, village.community_id, household, [(goods, 2)], "key-1", bytes(range(32)))
    head = await pool.fetchval(
        "SELECT head_seq FROM community_heads WHERE community_id = $1", village.community_id
    )
    assert await event_reads.first_event_unlike_its_bytes(pool, village.community_id, head) is None
    report = await integrity.verify(pool, village.community_id)
    assert report is not None and report.ok


async def test_a_changed_column_is_named_before_a_later_break(pool, owner):
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    for _ in range(4):
        await give_points(pool, village, household, 10)
    changed, broken = await owner.fetchval(
        "SELECT array[min(seq), max(seq)] FROM events WHERE community_id = $1 AND kind = 'award.confirmed'",
        village.community_id,
    )
    await tamper(
        owner,
        "UPDATE events SET honour_delta = 77 WHERE community_id = $1 AND seq = $2",
        village.community_id,
        changed,
    )
    await tamper(
        owner,
        "UPDATE events SET hash = sha256(hash) WHERE community_id = $1 AND seq = $2",
        village.community_id,
        broken,
    )
    report = await integrity.verify(pool, village.community_id)
    assert report is not None
    assert (report.first_bad_seq, report.events) == (changed, changed - 1)
    assert report.problem == "columns differ from the chained record: honour_delta"


@pytest.mark.parametrize(
    ("body", "idempotency_key", "occurred_on"),
    [
        (
            '{"line": "a\\nb\\t\\"c\\" \\\\ \\u0001 😀 村", "": [1.50, -0, 1e3, null, true, {}]}',
            'k "1"\n\\ 键',
            "2026-01-31",
        ),
        ("{}", None, "0900-02-28"),
        (
            '{"big": 123456789012345678901234567890, "nested": {"z": [], "a": {"b": [1, "2"]}}}',
            "x",
            "9999-12-30",
        ),
    ],
)
async def test_the_check_of_the_columns_agrees_with_the_append_on_any_json(
    pool, owner, body, idempotency_key, occurred_on
):
    village = await new_village(pool)
    appending = owner.transaction()  # rolled back: the test's own entry stays out of the log
    await appending.start()
    try:
        # (ledger_append, not ledger_chain over the head's row: on Citus that row is a shard's
        # row type, which ledger_chain does not take.)
        await owner.execute(
            """SELECT seq FROM ledger_append($1, 'award.confirmed', $2::date, gen_random_uuid(), gen_random_uuid(),
                   -7, 0, 3, 120, $3::text::jsonb, $4, sha256('x'))""",
            village.community_id,
            datetime.date.fromisoformat(occurred_on),
            body,
            idempotency_key,
        )
        head = await owner.fetchval(
            "SELECT head_seq FROM community_heads WHERE community_id = $1", village.community_id
        )
        assert await event_reads.first_event_unlike_its_bytes(owner, village.community_id, head) is None
        report = await integrity.verify(owner, village.community_id)
        assert report is not None and report.ok, report
    finally:
        await appending.rollback()


async def test_with_a_companion_connection_the_walk_tells_every_entry_and_finds_a_changed_column(
    pool, owner, monkeypatch
):
    monkeypatch.setattr(integrity, "PAGE", 2)  # links page by page, pages ending inside the log
    village = await new_village(pool)
    household = await add_household(pool, village, "001")
    for _ in range(3):
        await give_points(pool, village, household, 10)
    head = await owner.fetchval(
        "SELECT head_seq FROM community_heads WHERE community_id = $1", village.community_id
    )
    told: list[int] = []
    async with pool.acquire() as connection:
        report = await integrity.verify(connection, village.community_id, told.append, companion=owner)
    assert report is not None and report.ok
    assert sum(told) == head
    await tamper(
        owner,
        "UPDATE events SET pending_delta = 9 WHERE community_id = $1 AND seq = $2",
        village.community_id,
        head - 1,
    )
    async with pool.acquire() as connection:
        report = await integrity.verify(connection, village.community_id, companion=owner)
    assert report is not None
    assert (report.first_bad_seq, report.problem) == (
        head - 1,
        "columns differ from the chained record: pending_delta",
    )
