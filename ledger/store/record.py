"""The record's primitives every write shares: the community's head lock, appending an event,
the replay of an Idempotency-Key, and turning a command function's answer into the answer or
the Refused it stands for."""

from __future__ import annotations

import re
import uuid
from typing import Any

import asyncpg

from ledger.domain.errors import Refused
from ledger.store.types import Connectable, Connection

# What each command function's outcome means: its refusal code and English template; the
# template's {names} come from the function's answer (the numbers that matter), and
# ledger/messages/catalog/ holds its words.
OUTCOME_DETAILS = {
    "household_not_found": ("not_found", "no such household in this community"),
    "rule_not_found": ("not_found", "no such rule in this community"),
    "goods_not_found": ("not_found", "no such goods item in this community"),
    "event_not_found": ("not_found", "no such event in this community"),
    "household_closed": ("household_closed", "the household has moved out or closed"),
    "goods_retired": ("goods_retired", "the goods item is retired"),
    "rule_retired": ("rule_retired", "the rule is retired"),
    "yearly_cap_reached": (
        "yearly_cap_reached",
        "this award of {points} points would take the household past its yearly cap of "
        "{yearly_points_cap} ({earned} earned in {year})",
    ),
    "insufficient_points": ("insufficient_points", "needs {points} points, {spendable} spendable"),
    "insufficient_stock": ("insufficient_stock", "{quantity} wanted, only {stock} in stock"),
    "idempotency_conflict": (
        "idempotency_conflict",
        "this Idempotency-Key was already used for a different request",
    ),
    "already_reversed": ("already_reversed", "this event has already been reversed"),
    "not_reversible": ("not_reversible", "only awards, deductions and redemptions can be reversed"),
    "redemption_window_closed": ("redemption_window_closed", "the supermarket is not redeeming today"),
    # the counter's sale by card (ledger_redeem_by_card_after)
    "card_not_found": ("not_found", "no such card in this community"),
    "pin_not_set": (
        "pin_required",
        "this community asks for a PIN, and the household has none yet: the committee sets one",
    ),
    "pin_required": ("pin_required", "this community asks for the household's PIN"),
    "pin_locked": ("pin_locked", "the PIN is locked after too many wrong tries; the committee unlocks it"),
    "pin_now_locked": ("pin_locked", "too many wrong PINs: locked until the committee unlocks it"),
    "pin_wrong": ("pin_wrong", "wrong PIN"),
    "year_not_over": ("validation_failed", "that year has not ended yet in this community"),
    "conflict_of_interest": (
        "conflict_of_interest",
        "this household is linked to you (your own or declared related): someone else must do it",
    ),
    # a date as staff give it (ledger/domain/dates.py; ledger_occurred_on_refusal)
    "occurred_on_in_future": ("validation_failed", "{day} has not come yet (today is {today})"),
    "occurred_on_too_far_back": (
        "validation_failed",
        "{day} is too far back: entries may be dated from {earliest} on",
    ),
    # proposals and their decisions (ledger_propose, ledger_decide)
    "batch_household_not_found": (
        "not_found",
        "household {household_id} (item {row} of the batch) is not in this community; nothing was proposed",
    ),
    "batch_household_closed": (
        "household_closed",
        "household {household_id} (item {row}) has moved out or closed; nothing was proposed",
    ),
    "outside_assigned_grid": (
        "outside_assigned_grid",
        "household {number} is outside your grids ({grids})",
    ),
    # residents' own claims (ledger_claim, and ledger_decide for their decisions)
    "rule_not_claimable": (
        "rule_not_claimable",
        "residents may not claim “{rule_name}” themselves: staff propose it",
    ),
    "claims_per_day_reached": (
        "claim_limit_reached",
        "a card may make {limit} claims a day; {claims} made today",
    ),
    "claims_per_rule_reached": (
        "claim_limit_reached",
        "a card may claim “{rule_name}” {limit} times a day, already done today",
    ),
    "claim_outside_assigned_grid": (
        "outside_assigned_grid",
        "household {number}'s claim is outside your grids ({grids}): its grid's scorer or the committee decides it",
    ),
    "proposal_not_found": ("not_found", "no such proposal in this community"),
    "batch_not_found": ("not_found", "no open proposals in that batch"),
    "batch_changed": (
        "validation_failed",
        "the batch changed since the page was shown; reload it and decide again",
    ),
    "already_decided": ("already_decided", "proposal {proposal_id} was already {status}"),
    "own_proposal": ("own_proposal", "nobody approves or rejects their own proposal"),
    "evidence_required": (
        "evidence_required",
        "proposal {proposal_id} needs a photo as evidence before approval",
    ),
    "needs_supervisor_decision": (
        "needs_supervisor",
        "an award to a staff member's household needs the supervision committee's decision",
    ),
    "committee_decides": (
        "forbidden",
        "the committee decides awards for households that are not staff households",
    ),
}


UNIQUE_VIOLATION = "23505"
# How PostgreSQL words a duplicate key, naming the constraint; on Citus the constraint named
# is the shard's, the table's own name with "_<shard id>" after it.
_DUPLICATE_KEY = re.compile(r'duplicate key value violates unique constraint "(?P<name>[^"]+)"')
_SHARD_SUFFIX = re.compile(r"_[0-9]+$")


def violated_unique_key(error: asyncpg.PostgresError) -> str | None:
    """The name of the unique constraint a statement found already taken, or None when
    `error` is not a duplicate key (or "" when the server named no constraint).

    On one PostgreSQL the error says all of it (SQLSTATE 23505 and the constraint's name).
    On Citus a worker's error comes through the coordinator without the constraint's name,
    and, from a statement Citus ran as a COPY into the shards (INSERT … SELECT), even
    without its SQLSTATE (XX000): then only the message tells a duplicate key."""
    duplicate = _DUPLICATE_KEY.match(error.message or "")
    if error.sqlstate != UNIQUE_VIOLATION and duplicate is None:
        return None
    if error.constraint_name:
        return error.constraint_name
    return "" if duplicate is None else _SHARD_SUFFIX.sub("", duplicate["name"])


def answer_or_refusal(result: dict[str, Any]) -> dict[str, Any]:
    """A command function's answer, or the Refused it stands for."""
    outcome = result.pop("outcome")
    if outcome in ("created", "replayed"):
        result["replayed"] = outcome == "replayed"
        return result
    code, detail = OUTCOME_DETAILS[outcome]
    raise Refused(code, detail, **result)


async def call_command(db: Connectable, query: str, *arguments: Any) -> dict[str, Any]:
    """Run one of the schema's command functions (ledger_award, ledger_reverse …) and answer
    as answer_or_refusal does."""
    try:
        result = await db.fetchval(query, *arguments)
    except asyncpg.PostgresError as error:
        # Two different requests racing with one key for different households: the key's
        # uniqueness in the log decides, and the loser is told so.
        if violated_unique_key(error) == "events_idempotency_key_unique":
            raise Refused(*OUTCOME_DETAILS["idempotency_conflict"]) from error
        raise
    return answer_or_refusal(result)


async def replay(
    db: Connectable, community_id: uuid.UUID, idempotency_key: str | None, request_digest: bytes | None
) -> dict[str, Any] | None:
    """The first answer to a command sent again with its Idempotency-Key (None when the key is
    new or absent); a key used before for a different request is refused. Looked up first, so
    a retry answers what the first call answered even if a rule has changed since."""
    answer = await db.fetchval(
        "SELECT ledger_replay($1, $2, $3)", community_id, idempotency_key, request_digest
    )
    return None if answer is None else answer_or_refusal(answer)


async def lock_head(connection: Connection, community_id: uuid.UUID) -> None:
    """The community's head first: every write to a community's rows happens under it
    (schema/functions/record.sql explains why)."""
    await connection.execute("SELECT ledger_lock_head($1)", community_id)


async def lock_community(connection: Connection, community_id: uuid.UUID) -> None:
    """The head lock of a community named by a request: an unknown one is refused as
    not_found (ledger_lock_head raises for it, as for a bug)."""
    if not await connection.fetchval(
        "SELECT true FROM community_heads WHERE community_id = $1", community_id
    ):
        raise Refused("not_found", "no such community")
    await lock_head(connection, community_id)


_APPEND = """SELECT seq, recorded_at FROM ledger_append($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)"""


async def append(
    connection: Connection,
    community_id: uuid.UUID,
    kind: str,
    actor_id: uuid.UUID | None,
    body: dict[str, Any],
    household_id: uuid.UUID | None = None,
    idempotency_key: str | None = None,
    request_digest: bytes | None = None,
) -> asyncpg.Record:
    event = await connection.fetchrow(
        _APPEND,
        community_id,
        kind,
        None,
        actor_id,
        household_id,
        0,
        0,
        0,
        0,
        body,
        idempotency_key,
        request_digest,
    )
    assert event is not None, "ledger_append returns the appended event"
    return event


async def insert_or_refuse(
    connection: Connection, query: str, arguments: tuple, template_when_duplicate: str, **context: Any
) -> None:
    """Run the statement; a duplicate key is refused as already_exists with the template
    and its numbers."""
    try:
        await connection.execute(query, *arguments)
    except asyncpg.PostgresError as error:
        if violated_unique_key(error) is None:
            raise
        raise Refused("already_exists", template_when_duplicate, **context) from error
