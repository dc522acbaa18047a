"""Commands against the record. Each either appends its event and updates the projections
in one transaction, or raises Refused having written nothing."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import asyncpg

from ledger.domain import events as kinds
from ledger.domain.errors import Refused
from ledger.store.types import Connectable, Connection

# What each command function's outcome means: its refusal code and English template; the
# template's {names} come from the function's answer (the numbers that matter), and
# ledger/messages/catalog.py holds its words.
_OUTCOME_DETAILS = {
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
    "year_not_over": ("validation_failed", "that year has not ended yet in this community"),
    "conflict_of_interest": (
        "conflict_of_interest",
        "this household is linked to you (your own or declared related): someone else must do it",
    ),
}


def answer_or_refusal(result: dict[str, Any]) -> dict[str, Any]:
    """A command function's answer, or the Refused it stands for."""
    outcome = result.pop("outcome")
    if outcome in ("created", "replayed"):
        result["replayed"] = outcome == "replayed"
        return result
    code, detail = _OUTCOME_DETAILS[outcome]
    raise Refused(code, detail, **result)


async def _call(db: Connectable, query: str, *arguments: Any) -> dict[str, Any]:
    try:
        result = await db.fetchval(query, *arguments)
    except asyncpg.UniqueViolationError as error:
        # Two different requests racing with one key for different households: the key's
        # uniqueness in the log decides, and the loser is told so.
        if error.constraint_name == "events_idempotency_key_unique":
            raise Refused(*_OUTCOME_DETAILS["idempotency_conflict"]) from error
        raise
    return answer_or_refusal(result)


async def award(
    db: Connectable,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    household_id: uuid.UUID,
    rule_id: uuid.UUID,
    member: str | None,
    note: str | None,
    occurred_on: datetime.date | None,
    idempotency_key: str | None,
    request_digest: bytes | None,
) -> dict[str, Any]:
    return await _call(
        db,
        "SELECT ledger_award($1, $2, $3, $4, $5, $6, $7, $8, $9)",
        community_id,
        actor_id,
        household_id,
        rule_id,
        member,
        note,
        occurred_on,
        idempotency_key,
        request_digest,
    )


async def reverse(
    db: Connectable,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    reversed_seq: int,
    reason: str,
    idempotency_key: str | None,
    request_digest: bytes | None,
    kind: str = kinds.REVERSAL_RECORDED,
) -> dict[str, Any]:
    return await _call(
        db,
        "SELECT ledger_reverse($1, $2, $3, $4, $5, $6, $7)",
        community_id,
        actor_id,
        reversed_seq,
        reason,
        idempotency_key,
        request_digest,
        kind,
    )


async def settle(db: Connectable, community_id: uuid.UUID, year: int) -> dict[str, Any]:
    """Year-end settlement; a second call for the same year answers the first one."""
    return await _call(db, "SELECT ledger_settle($1, $2)", community_id, year)


async def lock_head(connection: Connection, community_id: uuid.UUID) -> None:
    """The community's head first: every write to a community's rows happens under it
    (0003 explains why)."""
    await connection.execute("SELECT ledger_lock_head($1)", community_id)


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


async def create_community(
    connection: Connection,
    community_id: uuid.UUID,
    name: str,
    township_id: uuid.UUID | None,
    actor_id: uuid.UUID | None,
    time_zone: str = "Asia/Shanghai",
    deduction_may_overdraw: bool = False,
) -> None:
    async with connection.transaction():
        await connection.execute(
            """INSERT INTO communities (community_id, township_id, name, time_zone, deduction_may_overdraw)
               VALUES ($1, $2, $3, $4, $5)""",
            community_id,
            township_id,
            name,
            time_zone,
            deduction_may_overdraw,
        )
        await connection.execute("INSERT INTO community_heads (community_id) VALUES ($1)", community_id)
        await connection.execute("INSERT INTO community_funds (community_id) VALUES ($1)", community_id)
        await append(
            connection,
            community_id,
            kinds.COMMUNITY_CREATED,
            actor_id,
            {
                "name": name,
                "township_id": None if township_id is None else str(township_id),
                "time_zone": time_zone,
                "policy": {"deduction_may_overdraw": deduction_may_overdraw},
            },
        )


async def register_household(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    household_id: uuid.UUID,
    number: str,
    head_name: str,
) -> int:
    async with connection.transaction():
        event = await append(
            connection,
            community_id,
            kinds.HOUSEHOLD_REGISTERED,
            actor_id,
            {"number": number, "head_name": head_name},
            household_id=household_id,
        )
        await insert_or_refuse(
            connection,
            "INSERT INTO households (community_id, household_id, number, head_name) VALUES ($1, $2, $3, $4)",
            (community_id, household_id, number, head_name),
            "household number {number} is already registered",
            number=number,
        )
        await connection.execute(
            "INSERT INTO household_balances (community_id, household_id, last_seq) VALUES ($1, $2, $3)",
            community_id,
            household_id,
            event["seq"],
        )
        return int(event["seq"])


async def insert_or_refuse(
    connection: Connection, query: str, arguments: tuple, template_when_duplicate: str, **context: Any
) -> None:
    """Run the statement; a duplicate key is refused as already_exists with the template
    and its numbers."""
    try:
        await connection.execute(query, *arguments)
    except asyncpg.UniqueViolationError as error:
        raise Refused("already_exists", template_when_duplicate, **context) from error


async def define_rule(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    rule_id: uuid.UUID,
    code: str,
    name: str,
    name_en: str,
    category: str,
    points: int,
    needs_publicity: bool,
    needs_evidence: bool = False,
) -> int:
    async with connection.transaction():
        event = await append(
            connection,
            community_id,
            kinds.RULE_DEFINED,
            actor_id,
            {
                "rule_id": str(rule_id),
                "code": code,
                "name": name,
                "name_en": name_en,
                "category": category,
                "points": points,
                "needs_publicity": needs_publicity,
                "needs_evidence": needs_evidence,
            },
        )
        await insert_or_refuse(
            connection,
            """INSERT INTO rules (community_id, rule_id, code, name, name_en, category, points, needs_publicity,
                                  needs_evidence)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)""",
            (community_id, rule_id, code, name, name_en, category, points, needs_publicity, needs_evidence),
            "rule code {code} is already defined",
            code=code,
        )
        return int(event["seq"])


async def list_goods(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    goods_id: uuid.UUID,
    code: str,
    name: str,
    name_en: str,
    category: str,
    unit: str,
    points: int,
) -> int:
    async with connection.transaction():
        event = await append(
            connection,
            community_id,
            kinds.GOODS_LISTED,
            actor_id,
            {
                "goods_id": str(goods_id),
                "code": code,
                "name": name,
                "name_en": name_en,
                "category": category,
                "unit": unit,
                "points": points,
            },
        )
        await insert_or_refuse(
            connection,
            """INSERT INTO goods (community_id, goods_id, code, name, name_en, category, unit, points)
               VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""",
            (community_id, goods_id, code, name, name_en, category, unit, points),
            "goods code {code} is already listed",
            code=code,
        )
        await connection.execute(
            "INSERT INTO goods_stock (community_id, goods_id) VALUES ($1, $2)", community_id, goods_id
        )
        return int(event["seq"])


async def receive_stock(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    goods_id: uuid.UUID,
    quantity: int,
    note: str | None,
    idempotency_key: str | None,
    request_digest: bytes | None,
    source: str = "purchase",
    donor: str | None = None,
    fund_expenditure_seq: int | None = None,
) -> dict[str, Any]:
    async with connection.transaction():
        await lock_head(connection, community_id)
        if fund_expenditure_seq is not None:
            kind = await connection.fetchval(
                "SELECT kind FROM events WHERE community_id = $1 AND seq = $2",
                community_id,
                fund_expenditure_seq,
            )
            if kind != kinds.FUND_SPENT:
                raise Refused("not_found", "event {seq} is not a fund expenditure", seq=fund_expenditure_seq)
        stock = await connection.fetchval(
            "SELECT stock FROM goods_stock WHERE community_id = $1 AND goods_id = $2",
            community_id,
            goods_id,
        )
        if stock is None:
            raise Refused("not_found", "no such goods item in this community")
        replay = await connection.fetchval(
            "SELECT ledger_replay($1, $2, $3)", community_id, idempotency_key, request_digest
        )
        if replay is not None:
            return answer_or_refusal(replay)
        event = await connection.fetchrow(
            "SELECT e.*, ledger_answer(e, 'created') AS answer FROM ledger_append($1, $2, NULL, $3, NULL, 0, 0, 0, 0, $4, $5, $6) e",
            community_id,
            kinds.STOCK_RECEIVED,
            actor_id,
            {
                "goods_id": str(goods_id),
                "quantity": quantity,
                "note": note,
                "stock_after": stock + quantity,
                "source": source,
                "donor": donor,
                "fund_expenditure_seq": fund_expenditure_seq,
            },
            idempotency_key,
            request_digest,
        )
        assert event is not None, "ledger_append returns the appended event"
        await connection.execute(
            "UPDATE goods_stock SET stock = stock + $3 WHERE community_id = $1 AND goods_id = $2",
            community_id,
            goods_id,
            quantity,
        )
        return answer_or_refusal(event["answer"])


async def grant_role(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    user_id: uuid.UUID,
    username: str,
    role: str,
) -> bool:
    """Grant a role; False when the user already holds it (nothing appended)."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        inserted = await connection.fetchval(
            """INSERT INTO staff_roles (community_id, user_id, role) VALUES ($1, $2, $3)
               ON CONFLICT DO NOTHING RETURNING true""",
            community_id,
            user_id,
            role,
        )
        if not inserted:
            return False
        await append(
            connection,
            community_id,
            kinds.STAFF_GRANTED,
            actor_id,
            {"user_id": str(user_id), "username": username, "role": role},
        )
        return True


async def revoke_role(
    connection: Connection,
    community_id: uuid.UUID,
    actor_id: uuid.UUID | None,
    user_id: uuid.UUID,
    username: str,
    role: str,
) -> bool:
    """Revoke a role; False when the user did not hold it (nothing appended)."""
    async with connection.transaction():
        await lock_head(connection, community_id)
        deleted = await connection.fetchval(
            "DELETE FROM staff_roles WHERE community_id = $1 AND user_id = $2 AND role = $3 RETURNING true",
            community_id,
            user_id,
            role,
        )
        if not deleted:
            return False
        await append(
            connection,
            community_id,
            kinds.STAFF_REVOKED,
            actor_id,
            {"user_id": str(user_id), "username": username, "role": role},
        )
        return True
